"""yomitoki as a MkDocs plugin, and through the thin hooks file: one build session, one site.

A municipality writes ``plugins: [search, yomitoki]`` in its own mkdocs.yml;
this repository's site lists the plugin too, and hooks/yomitoki_hooks.py
hands the same events to the same session for a project that uses hooks.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from conftest import ROOT, build, differing_files, make_project
from yomitoki.site.plugin import YomitokiPlugin
from yomitoki.site.session import ASSETS

MKDOCS = [sys.executable, "-m", "mkdocs"]
PLAN = "第1章 計画の概要\n\n1 計画の目的\n\n障害のある人が地域で安心して暮らせるよう、相談支援の体制を整えます。\n"


def bundled_settings() -> dict:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    found = [p["yomitoki"] for p in config["plugins"] if isinstance(p, dict) and "yomitoki" in p]
    assert len(found) == 1 and "hooks" not in config and "yomitoki" not in (config.get("extra") or {})
    return found[0]


def base_text(html: str) -> str:
    """A page's text without its ふりがな."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("rt, rp"):
        tag.decompose()
    return soup.get_text()


def own_project(tmp: Path, yml: str, texts: dict[str, str] | None = None) -> Path:
    """A project written as a municipality would: its mkdocs.yml, an empty docs/, its plan texts."""
    (tmp / "docs").mkdir(parents=True)
    (tmp / "source_texts").mkdir()
    for name, text in (texts or {"keikaku.txt": PLAN}).items():
        (tmp / "source_texts" / name).write_text(text, encoding="utf-8")
    (tmp / "mkdocs.yml").write_text(yml, encoding="utf-8")
    return tmp / "mkdocs.yml"


OWN = """site_name: 見本市 障害福祉計画
theme:
  name: material
  language: ja
plugins:
{plugins}
"""


def test_the_entry_point_is_the_plugin():
    (point,) = [p for p in entry_points(group="mkdocs.plugins") if p.name == "yomitoki"]
    assert point.load() is YomitokiPlugin


@pytest.mark.slow
def test_plugin_and_hooks_build_the_same_site_from_the_bundled_texts(tmp_path):
    settings = bundled_settings()
    texts = {p.name: p.read_bytes() for p in (ROOT / settings["source_dir"]).glob("*.txt")}
    options = {k: v for k, v in settings.items() if k not in ("source_dir", "plans")}
    sites = {}
    for entry in ("plugin", "hooks"):
        config = make_project(tmp_path / entry, texts, settings["plans"], entry=entry, options=options)
        for text in (tmp_path / entry / "source_texts").iterdir():
            os.utime(text, (1_700_000_000, 1_700_000_000))   # the same texts (the books carry their date)
        sites[entry] = build(config, tmp_path / entry / "site")
    plugin, hooks = sites["plugin"], sites["hooks"]
    assert differing_files(plugin, hooks) == [] and differing_files(hooks, plugin) == []
    page = (plugin / "kochi" / "index.html").read_text(encoding="utf-8")
    assert "<ruby>" in page and "assets/ruby.js" in page


def test_a_project_of_its_own_needs_only_the_plugin_and_its_texts(tmp_path):
    config = own_project(tmp_path, OWN.format(plugins="  - search\n  - yomitoki\n"))
    site = build(config, tmp_path / "site")
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    # No index.md: the session writes a home page that lists the plans.
    assert home.h1.get_text(strip=True) == "見本市 障害福祉計画"
    links = [a["href"] for a in home.select("article a")]
    assert "keikaku/" in links
    for uri in ASSETS:
        assert (site / uri).read_bytes() == (ROOT / "yomitoki" / uri).read_bytes(), uri
    page = (site / "keikaku" / "01" / "index.html").read_text(encoding="utf-8")
    assert "<ruby>" in page and "相談支援" in base_text(page)
    assert "assets/ruby.js" in page and "assets/glossary.css" in page
    # yomitoki's templates are in the theme: the 404 page is in Japanese; the
    # footer links the accessibility policy only where the project has one.
    assert "ページが見つかりません" in (site / "404.html").read_text(encoding="utf-8")
    assert "アクセシビリティ方針" not in page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = "".join(doc["text"] for doc in index["docs"])
    assert "相談支援" in texts and "\ufdd3" not in texts and "\ufdd4" not in texts


def test_the_search_index_is_cleaned_whichever_plugin_comes_first(tmp_path):
    config = own_project(tmp_path, OWN.format(plugins="  - yomitoki\n  - search\n"))
    site = build(config, tmp_path / "site")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = "".join(doc["text"] for doc in index["docs"])
    assert "相談支援" in texts and "\ufdd3" not in texts and "\ufdd4" not in texts


def test_the_project_own_templates_come_before_yomitoki_s(tmp_path):
    config = own_project(tmp_path, OWN.format(plugins="  - search\n  - yomitoki\n").replace(
        "theme:\n", "theme:\n  custom_dir: theme\n"))
    (tmp_path / "theme" / "partials").mkdir(parents=True)
    (tmp_path / "theme" / "partials" / "copyright.html").write_text("<p>見本市役所 福祉課</p>", encoding="utf-8")
    site = build(config, tmp_path / "site")
    page = (site / "keikaku" / "index.html").read_text(encoding="utf-8")
    assert "見本市役所 福祉課" in page
    assert "ページが見つかりません" in (site / "404.html").read_text(encoding="utf-8")    # still ours


def test_a_file_named_like_a_site_folder_gets_another_slug(tmp_path):
    config = own_project(tmp_path, OWN.format(plugins="  - search\n  - yomitoki\n"),
                         {"yomiage.txt": PLAN, "assets.txt": PLAN})
    site = build(config, tmp_path / "site")
    assert (site / "yomiage-2" / "01" / "index.html").is_file()
    assert (site / "assets-2" / "01" / "index.html").is_file()
    assert (site / "yomiage" / "yomiage-2" / "01" / "index.html").is_file()     # its narration edition


def test_another_theme_stops_with_a_message(tmp_path, caplog):
    config = own_project(tmp_path, OWN.format(plugins="  - search\n  - yomitoki\n").replace("name: material", "name: mkdocs"))
    with pytest.raises(Abort):
        build(config, tmp_path / "site")
    assert "Material for MkDocs のテーマで使います" in caplog.text and "「mkdocs」" in caplog.text


def test_plugin_and_extra_settings_together_stop(tmp_path, caplog):
    config = own_project(tmp_path, OWN.format(plugins="  - search\n  - yomitoki\n") + "extra:\n  yomitoki:\n    ruby: none\n")
    with pytest.raises(Abort):
        build(config, tmp_path / "site")
    assert "yomitoki のプラグインの設定と extra: yomitoki: の設定の両方があります" in caplog.text


@pytest.mark.parametrize("entry", ["plugin", "hooks"])
def test_a_wrong_value_stops_the_command_with_a_japanese_message(tmp_path, entry):
    config = make_project(tmp_path, {"plan.txt": PLAN}, entry=entry, options={"ruby": "none"})
    config.write_text(config.read_text(encoding="utf-8").replace("source_dir: source_texts", "source_dir: 123"),
                      encoding="utf-8")
    result = subprocess.run(MKDOCS + ["build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    assert "source_dir には、計画のテキストを置くフォルダの名前を書いてください（「123」になっています）" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_misspelt_option_stops_the_plugin_even_without_strict(tmp_path):
    config = own_project(tmp_path, OWN.format(plugins="  - search\n  - yomitoki:\n      rubby: none\n"))
    result = subprocess.run(MKDOCS + ["build", "-f", str(config), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    assert "「rubby」という設定はありません" in result.stderr and "Traceback" not in result.stderr
