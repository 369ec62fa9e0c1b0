"""``yomitoki export``: the site as plain files that Zensical (or any Markdown generator) builds.

The exported tree of the bundled plans is built with ``zensical build`` and
checked against the plugin's own site: the same text on every page, every
character of the sources, the ruby, the page breaks, the tables with their
headers, the glossary links (each resolving to its entry).  The plain HTML
preview (markdown-it-py) is checked too.
"""
from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from conftest import ROOT, build, make_project
from yomitoki.errors import ConfigError
from yomitoki.render.preview import file_links, markdown_html
from yomitoki.site.check import missing_pieces, site_text_for
from yomitoki.site.export import MARK, export_project, source_relative_links
from yomitoki.site.pipeline import load_documents
from yomitoki.site.plugin import project_settings

ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
YOMITOKI = [sys.executable, "-m", "yomitoki.cli"]


class _AnyTag(yaml.SafeLoader):
    pass


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def _article(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")


def _words(el) -> str:
    return " ".join(el.get_text().split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The bundled project exported (from a copy, so that the real docs/ is not read while tests write it)."""
    tmp = tmp_path_factory.mktemp("export")
    project = tmp / "project"
    for name in ("docs", "source_texts"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    config = load_config(config_file=str(project / "mkdocs.yml"))
    result = export_project(config, tmp / "out")
    return project, result


@pytest.fixture(scope="module")
def plugin_site(exported, tmp_path_factory):
    project, _ = exported
    return build(project / "mkdocs.yml", tmp_path_factory.mktemp("plugin-site"))


@pytest.fixture(scope="module")
def zensical_site(exported):
    if ZENSICAL is None:
        pytest.fail("zensical がありません。bash scripts/test.sh がテストに必要なものを導入します。", pytrace=False)
    _, result = exported
    run = subprocess.run([ZENSICAL, "build"], cwd=result.target, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "NO_COLOR": "1"})
    assert run.returncode == 0, run.stdout + run.stderr
    return result.target / "site"


def test_the_export_holds_pages_assets_templates_and_a_config_without_yomitoki(exported):
    project, result = exported
    out = result.target
    assert (out / MARK).is_file()
    assert result.generated == len(list((out / "docs").rglob("*.md"))) - 2        # + index.md, accessibility.md
    for uri in ("assets/ruby.js", "assets/ruby.css", "assets/glossary.js", "assets/yomitoki.css", "glossary.md",
                "kochi/02.md", "yomiage/kochi/02.md", "iga/01.md", "assets/a11y-results.json", "kochi/kochi-yomiage.txt"):
        assert (out / "docs" / uri).is_file(), uri
    main = (out / "overrides" / "main.html").read_text(encoding="utf-8")
    assert 'name="yomitoki-ruby-default" content="off"' in main and "{% block extrahead %}" in main
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "yomitoki" not in str(config.get("plugins")) and "hooks" not in config and "yomitoki" not in config.get("extra", {})
    assert config["theme"]["custom_dir"] == "overrides" and config["docs_dir"] == "docs"
    assert config["not_in_nav"] == "/yomiage/"
    assert config["extra_javascript"] == ["assets/glossary.js", "assets/readaloud.js", "assets/ruby.js"]
    nav_titles = [next(iter(entry)) for entry in config["nav"]]
    assert nav_titles[0] == "ホーム" and "用語の説明" in nav_titles and nav_titles[-1] == "アクセシビリティ方針"
    page = (out / "docs" / "kochi" / "02.md").read_text(encoding="utf-8")
    assert "\ufdd3" not in page and "<ruby>" in page
    # A heading carries its ruby, and its base text for the navigation.
    assert '{#sec-1 data-toc-label="【ア行】"}' in page
    index = (out / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<!-- yomitoki:plans -->" not in index and 'href="kochi/"' in index


def test_a_split_chapter_is_exported_page_by_page_with_its_nav_section(exported):
    _, result = exported
    docs = result.target / "docs"
    for uri in ("kochi/05.md", "kochi/05/2.md", "yomiage/kochi/05/2.md", "kochi/03/2.md"):
        assert (docs / uri).is_file(), uri
    config = yaml.safe_load((result.target / "mkdocs.yml").read_text(encoding="utf-8"))
    kochi = next(entry for entry in config["nav"] if "高知県" in next(iter(entry)))
    entries = next(iter(kochi.values()))
    section = next(entry for entry in entries if next(iter(entry)) == "5基本指針" and isinstance(entry["5基本指針"], list))
    assert section["5基本指針"][0] == {"5基本指針": "kochi/05.md"}
    assert [next(iter(e.values())) for e in section["5基本指針"][1:3]] == ["kochi/05/2.md", "kochi/05/3.md"]
    # links are written from the Markdown file (kochi/05/): the next page of 2.md is kochi/05/3/
    page = (docs / "kochi/05/2.md").read_text(encoding="utf-8")
    assert 'href="3/" rel="next"' in page and 'href="./" rel="prev"' in page     # (Zensical: .././ from kochi/05/2/)


@pytest.mark.slow
def test_zensical_builds_the_export_as_the_plugin_builds_the_site(exported, plugin_site, zensical_site):
    project, _ = exported
    compared = 0
    for built in sorted(plugin_site.rglob("index.html")):
        rel = built.relative_to(plugin_site)
        if rel.parts[0] in ("search",):
            continue
        theirs = zensical_site / rel
        assert theirs.is_file(), rel
        ours, other = _article(built), _article(theirs)
        assert _words(ours) == _words(other), rel
        for selector in ("ruby", "rt", "table", "th[scope]", '[role="doc-pagebreak"]', "a.yt-term", "dl.yt-glossary dt"):
            assert len(ours.select(selector)) == len(other.select(selector)), (rel, selector)
        compared += 1
    assert compared >= 25
    page = (zensical_site / "kochi" / "03" / "index.html").read_text(encoding="utf-8")
    assert "<ruby>" in page and 'role="doc-pagebreak"' in page and '<th scope="col">' in page
    assert 'name="yomitoki-ruby-default"' in page and "assets/ruby.js" in page
    assert "ページが見つかりません" in (zensical_site / "404.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_character_and_every_link_of_the_export_is_in_zensical_s_site(exported, zensical_site):
    project, _ = exported
    settings = project_settings(load_config(config_file=str(project / "mkdocs.yml")))
    for doc in load_documents(settings):
        assert missing_pieces(doc, site_text_for(zensical_site, doc)) == [], doc.path
    links = 0
    ids: dict[Path, set[str]] = {}
    for page in sorted(zensical_site.rglob("index.html")):
        rel = page.relative_to(zensical_site)
        article = _article(page)
        if article is None:
            continue
        for a in article.select("a[href]"):
            parts = urlsplit(a["href"])
            if parts.scheme or not parts.path:
                continue
            target = zensical_site / posixpath.normpath(posixpath.join(rel.parent.as_posix(), unquote(parts.path)))
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (rel, a["href"])
            if parts.fragment:
                if target not in ids:
                    ids[target] = {el["id"] for el in BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").select("[id]")}
                assert unquote(parts.fragment) in ids[target], (rel, a["href"])
            links += 1
    assert links > 500


def test_the_preview_is_plain_html_whose_links_open_from_the_disk(exported):
    _, result = exported
    preview = result.target / "preview"
    assert result.preview == preview / "index.html"
    pages = sorted(preview.rglob("index.html"))
    assert len(pages) == len(list((result.target / "docs").rglob("*.md")))
    glossary = BeautifulSoup((preview / "glossary" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert glossary.h1.get_text() == "用語の説明" and glossary.find(id="gyo-a").name == "h2"
    checked = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        text = soup.get_text()
        assert "{#" not in text and "\ufdd3" not in text, page
        for el in soup.select("a[href], link[href]"):
            parts = urlsplit(el["href"])
            if parts.scheme or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (page, el["href"])
            checked += 1
    assert checked > 500
    kochi = (preview / "kochi" / "03" / "index.html").read_text(encoding="utf-8")
    assert "<ruby>" in kochi and '<th scope="col">' in kochi and 'class="yt-ruby-on"' in kochi


def test_markdown_html_takes_headings_attributes_and_front_matter():
    title, body = markdown_html('---\ntitle: "見本の計画"\n---\n\n# 見出し {data-toc-label="見出し"}\n\n'
                                '## <ruby>支援<rt>しえん</rt></ruby>の体制 {#sec-1 .wide data-toc-label="支援の体制"}\n\n'
                                "本文&#42;です *強調*\n")
    assert title == "見本の計画"
    assert "<h1>見出し</h1>" in body
    assert '<h2 id="sec-1" class="wide"><ruby>支援<rt>しえん</rt></ruby>の体制</h2>' in body
    assert "<p>本文*です <em>強調</em></p>" in body
    assert "data-toc-label" not in body


def test_links_move_from_the_built_page_to_the_markdown_file_and_back():
    page = '<a href="../../glossary/#障害">障害</a> <a href="../03/">次</a> <a href="#page-2">2</a> <a href="https://example.jp/">外</a>'
    moved = source_relative_links(page, "kochi/02.md")
    assert moved == '<a href="../glossary/#障害">障害</a> <a href="03/">次</a> <a href="#page-2">2</a> <a href="https://example.jp/">外</a>'
    assert source_relative_links(page, "kochi/index.md") == page
    assert file_links(moved, "kochi/02.md") == ('<a href="../../glossary/index.html#障害">障害</a> <a href="../03/index.html">次</a>'
                                                ' <a href="#page-2">2</a> <a href="https://example.jp/">外</a>')


def test_a_project_s_tags_and_hooks_settings_survive_the_export(tmp_path):
    config_file = make_project(tmp_path / "p", {"plan.txt": "第1章 目的\n\n相談支援の体制を整えます。\n"}, {"plan": {"slug": "plan"}})
    text = config_file.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n- pymdownx.emoji:\n    emoji_index: !!python/name:material.extensions.emoji.twemoji\n", 1)
    text = text.replace("site_name: ", "copyright: !ENV [YT_EXPORT_COPYRIGHT, '見本市']\nsite_name: ", 1)
    config_file.write_text(text, encoding="utf-8")
    result = export_project(load_config(config_file=str(config_file)), tmp_path / "out", preview=False)
    written = (result.target / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!!python/name:material.extensions.emoji.twemoji" in written
    assert "!ENV" in written and "YT_EXPORT_COPYRIGHT" in written
    body = yaml.load(written, Loader=_AnyTag)
    assert "hooks" not in body and "extra" not in body and "yomitoki" not in str(body.get("plugins"))
    assert result.preview is None and not (result.target / "preview").exists()
    site = build(result.target / "mkdocs.yml", tmp_path / "site")          # MkDocs reads it back
    article = _article(site / "plan" / "01" / "index.html")
    for el in article.select("rt, rp"):
        el.decompose()
    assert "相談支援の体制を整えます。" in _words(article)


def test_export_refuses_a_folder_with_other_files_and_rewrites_its_own(tmp_path):
    config_file = make_project(tmp_path / "p", {"plan.txt": "本文です。\n"}, {"plan": {"slug": "plan"}})
    config = load_config(config_file=str(config_file))
    other = tmp_path / "other"
    other.mkdir()
    (other / "memo.txt").write_text("大事なメモ", encoding="utf-8")
    with pytest.raises(ConfigError, match="空ではありません"):
        export_project(config, other)
    assert (other / "memo.txt").read_text(encoding="utf-8") == "大事なメモ"
    out = tmp_path / "out"
    export_project(config, out, preview=False)
    (out / "docs" / "stale.md").write_text("古いページ", encoding="utf-8")
    export_project(config, out, preview=False)
    assert not (out / "docs" / "stale.md").exists() and (out / "docs" / "plan" / "01.md").is_file()


def test_the_export_command(tmp_path):
    make_project(tmp_path, {"plan.txt": "第1章 目的\n\n相談支援の体制を整えます。\n"}, {"plan": {"slug": "plan"}}, entry="plugin")
    result = subprocess.run(YOMITOKI + ["export", "out"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "書き出しました" in result.stdout and "zensical build" in result.stdout
    assert (tmp_path / "out" / "docs" / "plan" / "01.md").is_file()
    assert (tmp_path / "out" / "preview" / "plan" / "01" / "index.html").is_file()
    again = subprocess.run(YOMITOKI + ["export", "source_texts"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "空ではありません" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.browser
def test_the_zensical_site_passes_axe(zensical_site, chromium):
    """axe-core on the pages of every kind, as Zensical builds the export (its own theme, yomitoki's fixes)."""
    from a11y_browser import describe_violations, open_page, run_axe, serve

    problems = []
    page = chromium.new_page()
    try:
        with serve(zensical_site) as base:
            for uri in ("", "kochi/", "kochi/03/", "iga/01/", "glossary/", "yomiage/kochi/03/", "accessibility/"):
                open_page(page, base + uri)
                problems += describe_violations(run_axe(page), uri or "/")
    finally:
        page.close()
    assert problems == []


def test_the_export_s_templates_are_zensical_s_with_yomitoki_s_changes(exported):
    _, result = exported
    overrides = result.target / "overrides"
    assert sorted(p.relative_to(overrides).as_posix() for p in overrides.rglob("*.html")) == [
        "404.html", "main.html", "partials/copyright.html", "partials/toc-item.html"]
    toc = (overrides / "partials" / "toc-item.html").read_text(encoding="utf-8")
    assert "toc_item.content" in toc and '<nav class="md-nav" aria-label' not in toc
    footer = (overrides / "partials" / "copyright.html").read_text(encoding="utf-8")
    assert "accessibility/" in footer and 'lang="en"' in footer and "ACCESSIBILITY_LINK" not in footer
    assert "assets/zensical.css" in (result.target / "mkdocs.yml").read_text(encoding="utf-8")
