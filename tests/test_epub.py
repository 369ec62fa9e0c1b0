"""The EPUB 3 book of each plan (render/epub.py, site/books.py), checked with Debian's epubcheck."""
from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from conftest import build, make_project
from test_escape import HOSTILE

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def epubcheck(book: Path) -> str:
    if not EPUBCHECK.exists():
        pytest.fail("epubcheck がありません。bash scripts/test.sh が Debian の epubcheck を導入します。", pytrace=False)
    result = subprocess.run(["java", "-jar", str(EPUBCHECK), str(book)], capture_output=True, text=True, timeout=300)
    return result.stdout + result.stderr


def documents(book: Path) -> dict[str, ET.Element]:
    with zipfile.ZipFile(book) as z:
        return {name: ET.fromstring(z.read(name)) for name in z.namelist() if name.endswith((".xhtml", ".opf"))}


@pytest.mark.parametrize("slug", ["kochi", "iga"])
def test_the_bundled_books_pass_epubcheck(built_site, slug):
    out = epubcheck(built_site / slug / f"{slug}.epub")
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in out, out[-3000:]


def test_the_book_has_its_chapters_navigation_page_list_glossary_and_metadata(built_site):
    book = built_site / "kochi" / "kochi.epub"
    with zipfile.ZipFile(book) as z:
        first = z.infolist()[0]
        assert (first.filename, first.compress_type, z.read("mimetype")) == ("mimetype", zipfile.ZIP_STORED, b"application/epub+zip")
    docs = documents(book)
    opf = docs["EPUB/package.opf"]
    meta = {m.get("property"): m.text for m in opf.iter("{%s}meta" % NS["opf"])}
    assert opf.find("opf:metadata/dc:language", NS).text == "ja"
    assert opf.find("opf:metadata/dc:title", NS).text == "高知県 第6期障害福祉計画・第2期障害児福祉計画 資料編"
    features = [m.text for m in opf.iter("{%s}meta" % NS["opf"]) if m.get("property") == "schema:accessibilityFeature"]
    assert {"printPageNumbers", "tableOfContents", "structuralNavigation"} <= set(features) and "rubyAnnotations" not in features
    assert meta["schema:accessMode"] and meta["schema:accessModeSufficient"] == "textual"
    assert "原本（印刷物）のページ番号" in meta["schema:accessibilitySummary"]
    nav = docs["EPUB/nav.xhtml"]
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    titles = [a.text for a in toc.iter("{%s}a" % NS["x"])]
    pages = [p for p in built_site.glob("kochi/**/index.html")]          # the overview and every page of the chapters
    assert titles[0] == "高知県 第6期障害福祉計画・第2期障害児福祉計画 資料編" and titles[-1] == "用語の説明"
    assert len(titles) == len(pages) + 1
    page_list = nav.find(".//x:nav[@epub:type='page-list']", NS)
    entries = [(a.get("href"), a.text) for a in page_list.iter("{%s}a" % NS["x"])]
    from bs4 import BeautifulSoup

    # the printed pages the overview lists (where each marker is, in reading order)
    overview = BeautifulSoup((built_site / "kochi" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for tag in overview.select("rt, rp"):
        tag.decompose()
    on_site = [a.get_text() for a in overview.select("ul.yt-pages a")]
    assert [label for _, label in entries] == on_site and on_site[0] == "161ページ"
    # every entry leads to a pagebreak of that page, where it falls
    for href, label in entries:
        name, ident = href.split("#")
        el = next(e for e in docs["EPUB/" + name].iter() if e.get("id") == ident)
        assert el.get("{%s}type" % NS["epub"]) == "pagebreak" and el.get("title") == label.replace("ページ", "").split("から")[0]
    # terms link into the glossary section, whose entries are there
    chapter = next(d for name, d in docs.items() if name.endswith(".xhtml") and name != "EPUB/glossary.xhtml"
                   and any("yt-term" in (a.get("class") or "") for a in d.iter("{%s}a" % NS["x"])))
    assert chapter.get("lang") == "ja"
    terms = [a.get("href") for a in chapter.iter("{%s}a" % NS["x"]) if "yt-term" in (a.get("class") or "")]
    ids = {e.get("id") for e in docs["EPUB/glossary.xhtml"].iter() if e.get("id")}
    assert terms and all(h.startswith("glossary.xhtml#") for h in terms)
    from urllib.parse import unquote

    assert all(unquote(h.split("#", 1)[1]) in ids for h in terms)
    # no link leaves the book for the narration edition; no ruby by default
    hrefs = [a.get("href") or "" for d in docs.values() for a in d.iter("{%s}a" % NS["x"])]
    assert not any("yomiage" in h for h in hrefs)
    assert not any(d.iter("{%s}ruby" % NS["x"]) and list(d.iter("{%s}ruby" % NS["x"])) for d in docs.values())


def test_the_overview_links_to_the_book(built_site):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built_site / "kochi" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"]: a for a in page.select("p.yt-download a")}
    assert "kochi.epub" in links and links["kochi.epub"]["type"] == "application/epub+zip"


def test_ruby_in_the_book_when_asked_and_hostile_text_stays_text(tmp_path):
    config = make_project(tmp_path, {"hostile.txt": HOSTILE}, {"hostile": {"slug": "hostile"}}, options={"epub": {"ruby": True}})
    site = build(config, tmp_path / "site")
    book = site / "hostile" / "hostile.epub"
    out = epubcheck(book)
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in out, out[-3000:]
    docs = documents(book)
    chapter = docs["EPUB/c01.xhtml"]
    assert list(chapter.iter("{%s}script" % NS["x"])) == []
    assert list(chapter.iter("{%s}ruby" % NS["x"]))                        # ふりがな, as asked
    text = "".join(chapter.itertext())
    for literal in ["<script>alert(1)</script>", "[リンク](javascript:alert(1))", "{{ config.site_name }}", "<!-- コメント -->"]:
        assert literal in text, literal
    assert "rubyAnnotations" in ET.tostring(docs["EPUB/package.opf"], encoding="unicode")


def test_no_book_when_switched_off(tmp_path):
    config = make_project(tmp_path, {"p.txt": "第1章 目的\n相談支援の体制を整えます。\n"}, {"p": {"slug": "p"}}, options={"epub": False})
    site = build(config, tmp_path / "site")
    assert not list(site.rglob("*.epub"))
    assert "epub" not in (site / "p" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["yes", {"ruby": "はい"}, {"furigana": True}])
def test_a_wrong_epub_setting_is_named_in_japanese(value):
    from yomitoki.errors import ConfigError
    from yomitoki.site.options import validate

    with pytest.raises(ConfigError, match=re.escape("epub は false（電子書籍を作らない）")):
        validate({"epub": value})
