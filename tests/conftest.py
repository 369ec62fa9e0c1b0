"""Shared fixtures: building sites from the bundled texts or from samples."""
from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build(config_file: Path, site_dir: Path) -> Path:
    """``mkdocs build --strict`` through the API; raises on any warning."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
    mkdocs_build(cfg)
    return site_dir


def differing_files(first: Path, second: Path) -> list[str]:
    """Files of one built site that the other lacks or has with other bytes (the sitemap carries a date)."""
    import filecmp

    differing = []
    for path in sorted(first.rglob("*")):
        if path.is_dir() or path.name in ("sitemap.xml", "sitemap.xml.gz"):
            continue
        other = second / path.relative_to(first)
        if not other.exists() or not filecmp.cmp(path, other, shallow=False):
            differing.append(str(path.relative_to(first)))
    return differing


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole session (Playwright's sync API allows one)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} がありません。bash scripts/test.sh がブラウザのテストに必要な chromium を導入します。", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The project's own site, built once per test session."""
    return build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site"))


def make_project(tmp: Path, texts: dict[str, bytes | str], plans: dict | None = None) -> Path:
    """A minimal project (mkdocs.yml, docs/, hooks/) around the given source texts."""
    shutil.copytree(ROOT / "docs", tmp / "docs", dirs_exist_ok=True)
    shutil.copytree(ROOT / "hooks", tmp / "hooks", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", tmp / "overrides", dirs_exist_ok=True)
    src = tmp / "source_texts"
    src.mkdir(exist_ok=True)
    for name, content in texts.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (src / name).write_bytes(data)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    head = config.split("extra:\n  yomitoki:")[0]
    plans_yaml = ""
    for stem, conf in (plans or {}).items():
        plans_yaml += f"      {stem}:\n" + "".join(f"        {k}: {v}\n" for k, v in conf.items())
    config = head + "extra:\n  yomitoki:\n    source_dir: source_texts\n" + (f"    plans:\n{plans_yaml}" if plans_yaml else "")
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp / "mkdocs.yml"


def dedent(s: str) -> str:
    return textwrap.dedent(s).lstrip("\n")
