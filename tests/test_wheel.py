"""The wheel is self-contained: installed alone, it builds a municipality's own site.

The wheel is built offline from a copy of the package, installed into a new
virtual environment outside the repository (without this checkout on its
path), and used by a new project that has only a mkdocs.yml listing the
plugin, an empty docs/ (MkDocs requires the folder) and one plan text.
yomitoki's dependencies come from this environment's site-packages through
a ``.pth`` file (no test reaches the internet), yomitoki itself only from
the wheel.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

PLAN = ("■ 計画の目的\n障害のある人が地域で安心して暮らせるよう、相談支援の体制を整えます。\n1ページ目\n"
        "■ 計画の期間\n令和6年度から令和8年度までの3年間です。\n- 2 -\n")
MKDOCS_YML = """site_name: 見本市 障害福祉計画
theme:
  name: material
  language: ja
plugins:
  - search
  - yomitoki
"""


def _run(args, **kwargs):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "yomitoki", src / "yomitoki", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(tmp / "dist"), str(src)])
    (built,) = (tmp / "dist").glob("yomitoki-*.whl")
    return built


def test_the_wheel_carries_every_asset_template_dictionary_and_the_entry_point(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "yomitoki"
    needed = [p.relative_to(ROOT).as_posix() for folder in ("assets", "templates", "data")
              for p in (package / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(needed) >= 13
    assert sorted(set(needed) - names) == []
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[mkdocs.plugins]\nyomitoki = yomitoki.site.plugin:YomitokiPlugin" in text
    assert "[console_scripts]\nyomitoki = yomitoki.cli:main" in text


def test_a_new_project_builds_with_only_the_wheel_installed(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)])
    # The dependencies, from this environment: every installed distribution but yomitoki (this checkout).
    here = Path(sysconfig.get_paths()["purelib"])
    deps = tmp_path / "deps"
    deps.mkdir()
    for entry in here.iterdir():
        if entry.name.startswith(("yomitoki", "__editable__", "_yomitoki")) or entry.suffix == ".pth":
            continue
        (deps / entry.name).symlink_to(entry)
    site_packages = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site_packages / "zz-yomitoki-test-deps.pth").write_text(str(deps) + "\n", encoding="utf-8")
    where = _run([str(python), "-c", "import yomitoki; print(yomitoki.__file__)"], cwd=tmp_path).stdout.strip()
    assert where.startswith(str(site_packages)), where

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "source_texts").mkdir()
    (project / "source_texts" / "keikaku.txt").write_text(PLAN, encoding="utf-8")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    _run([str(python), "-m", "mkdocs", "build", "--strict"], cwd=project)
    site = project / "site"
    page = (site / "keikaku" / "01" / "index.html").read_text(encoding="utf-8")
    assert "<ruby>" in page and 'role="doc-pagebreak"' in page and "assets/ruby.js" in page
    for uri in ("assets/ruby.js", "assets/ruby.css", "assets/glossary.js", "assets/glossary.css",
                "assets/yomitoki.css", "assets/a11y.css"):
        assert (site / uri).read_bytes() == (ROOT / "yomitoki" / uri).read_bytes(), uri
    assert "ページが見つかりません" in (site / "404.html").read_text(encoding="utf-8")
    assert "keikaku/" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "yomiage" / "keikaku" / "01" / "index.html").is_file()
    assert (site / "search" / "readings.json").is_file()
