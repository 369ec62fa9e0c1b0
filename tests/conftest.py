"""Shared fixtures: building sites from the bundled texts or from samples."""
from __future__ import annotations

import functools
import os
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build(config_file: Path, site_dir: Path, *, strict: bool = True) -> Path:
    """``mkdocs build --strict`` through the API; raises on any warning (``strict=False``: ``mkdocs build``)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
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


def make_project(tmp: Path, texts: dict[str, bytes | str], plans: dict | None = None, *,
                 entry: str = "hooks", options: dict | None = None) -> Path:
    """A minimal project around the given source texts: the bundled mkdocs.yml, docs/ and hooks/.

    ``entry`` is how the project takes yomitoki in: ``"hooks"`` (the thin
    ``hooks/yomitoki_hooks.py``, settings under ``extra: yomitoki:``) or
    ``"plugin"`` (``plugins: - yomitoki:``).  ``options`` are settings
    besides ``source_dir`` and ``plans``.
    """
    import yaml

    shutil.copytree(ROOT / "docs", tmp / "docs", dirs_exist_ok=True)
    shutil.copytree(ROOT / "hooks", tmp / "hooks", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    src = tmp / "source_texts"
    src.mkdir(exist_ok=True)
    for name, content in texts.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (src / name).write_bytes(data)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p for p in config.get("plugins", []) if p != "yomitoki" and not (isinstance(p, dict) and "yomitoki" in p)]
    config.pop("hooks", None)
    config.pop("extra", None)
    settings = {"source_dir": "source_texts", **({"plans": plans} if plans else {}), **(options or {})}
    dump = functools.partial(yaml.safe_dump, allow_unicode=True, sort_keys=False)
    if entry == "hooks":
        config["plugins"] = plugins
        config["hooks"] = ["hooks/yomitoki_hooks.py"]
        text = dump(config) + dump({"extra": {"yomitoki": settings}})
    elif entry == "plugin":
        config["plugins"] = plugins + [{"yomitoki": settings}]
        text = dump(config)
    else:
        raise ValueError(entry)
    (tmp / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp / "mkdocs.yml"


def dedent(s: str) -> str:
    return textwrap.dedent(s).lstrip("\n")
