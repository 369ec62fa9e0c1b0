"""A long chapter as several pages (text/split.py), and the site that follows it.

Unit tests on model documents for the splitting rules; then the bundled site:
every internal link resolves, the glossary's "where used" links and the lists
of printed pages reach the right sub-page, every page has its narration twin
and no page is over 300 KB.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from hypothesis import given, settings, strategies as st

from yomitoki.render.markdown import TextRenderer, render_document
from yomitoki.render.narration import render_narration
from yomitoki.text.model import Chapter, Document, Heading, ListBlock, ListItem, PageBreak, Paragraph, Table, Cell
from yomitoki.text.split import PAGE_CHARS, block_chars, chapter_pages, split_blocks


def para(n: int, ch: str = "あ") -> Paragraph:
    return Paragraph(ch * n)


def doc_of(blocks, slug="05", title="5 基本指針") -> Document:
    doc = Document("source_texts/x.txt", "plan", "見本の計画", "utf-8", "")
    doc.chapters.append(Chapter(title, slug, blocks))
    return doc


def chars(blocks) -> int:
    return sum(block_chars(b) for b in blocks)


# --- the rules ------------------------------------------------------------------


def test_a_chapter_under_the_limit_is_one_page_at_its_own_address():
    doc = doc_of([Heading("第一", 2), para(PAGE_CHARS - 10)])
    pages = chapter_pages(doc, doc.chapters[0])
    assert [(p.uri, p.heading, p.number, p.count) for p in pages] == [("plan/05.md", None, 1, 1)]
    assert pages[0].blocks == doc.chapters[0].blocks


def test_split_at_the_highest_level_whose_parts_fit():
    limit = 100
    blocks = [para(10, "序"),
              Heading("第一", 2), Heading("一", 3), para(40), Heading("二", 3), para(40),
              Heading("第二", 2), Heading("一", 3), para(40), Heading("二", 3), para(40)]
    runs = split_blocks(blocks, limit)
    # two pages at the level-2 headings (the introduction joins the first), not four at level 3
    assert [[b.text for b in run if isinstance(b, Heading)] for run in runs] == [["第一", "一", "二"], ["第二", "一", "二"]]
    assert runs[0][0].text == "序" * 10


def test_an_over_long_section_is_cut_at_the_next_level_and_short_siblings_share_a_page():
    limit = 100
    blocks = [Heading("第一", 2), para(10),
              Heading("一", 3), para(60), Heading("二", 3), para(60), Heading("三", 3), para(20),
              Heading("第二", 2), para(30), Heading("第三", 2), para(30)]
    runs = split_blocks(blocks, limit)
    titles = [[b.text for b in run if isinstance(b, Heading)] for run in runs]
    # 第一 (its own text with 一), 二 with the short 三, then 第二 and 第三 together
    assert titles == [["第一", "一"], ["二", "三"], ["第二", "第三"]]
    assert all(chars(run) <= limit for run in runs)
    # nothing lost, nothing moved
    assert [b for run in runs for b in run] == blocks


def test_the_end_of_a_cut_section_does_not_take_the_next_section():
    limit = 100
    blocks = [Heading("第一", 2), Heading("一", 3), para(90), Heading("二", 3), para(10),
              Heading("第二", 2), para(10)]
    # (第一 is 104 characters: cut; its 二 would fit with 第二, but 第二 starts a page of its own)
    titles = [[b.text for b in run if isinstance(b, Heading)] for run in split_blocks(blocks, limit)]
    assert titles == [["第一", "一"], ["二"], ["第二"]]


def test_never_inside_a_table_or_a_list_and_page_markers_go_with_their_heading():
    limit = 50
    table = Table("表", ["区分", "人数"], [[Cell(["い" * 40]), Cell(["1"])], [Cell(["ろ" * 40]), Cell(["2"])]])
    items = ListBlock([ListItem("う" * 30), ListItem("え" * 30)])
    marker = PageBreak(12, source="12ページ")
    blocks = [Heading("一", 2), table, marker, Heading("二", 2), items, Heading("三", 2), para(60)]
    runs = split_blocks(blocks, limit)
    assert runs == [[Heading("一", 2), table], [marker, Heading("二", 2), items], [Heading("三", 2), para(60)]]
    # a block longer than the limit, or a chapter with no heading, stays one page
    assert split_blocks([para(500)], limit) == [[para(500)]]
    assert split_blocks([para(30), table, para(30)], limit) == [[para(30), table, para(30)]]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.tuples(st.just("h"), st.integers(2, 5)),
                          st.tuples(st.just("p"), st.integers(0, 90)),
                          st.tuples(st.just("b"), st.integers(1, 400))), max_size=40))
def test_pages_keep_every_block_in_order_within_the_limit_where_headings_allow(spec):
    limit = 100
    blocks = [Heading(f"見出し{i}", v) if k == "h" else para(v) if k == "p" else PageBreak(v) for i, (k, v) in enumerate(spec)]
    doc = doc_of(blocks)
    pages = chapter_pages(doc, doc.chapters[0], limit)
    rebuilt = []
    for page in pages:
        body = list(page.blocks)
        if page.heading is not None:
            # the title heading comes after the page markers that open the page
            assert all(isinstance(b, PageBreak) for b in page.blocks[:page.at])
            body.insert(page.at, page.heading)
        rebuilt.extend(body)
        if chars(body) > limit:
            # only a page with no heading to cut at (one at its start at most) is longer than the limit
            start = next((i for i, b in enumerate(body) if not isinstance(b, PageBreak)), len(body))
            assert not any(isinstance(b, Heading) for b in body[start + 1:]), [(type(b).__name__, chars([b])) for b in body]
    assert rebuilt == blocks
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert [p.uri for p in pages] == ["plan/05.md"] + [f"plan/05/{n}.md" for n in range(2, len(pages) + 1)]


def _split_doc() -> Document:
    n = PAGE_CHARS // 2 + 100
    return doc_of([PageBreak(10, source="10ページ"), para(50, "序"),
                   Heading("第一 総則", 2), para(n), PageBreak(11, source="11ページ"),
                   Heading("第二 目標", 2), Heading("一 数値", 3), para(n), Heading("二 期間", 3), para(n),
                   PageBreak(12, source="12ページ"), Heading("第三 その他", 2), para(n)])


def test_standard_pages_and_their_twins_are_split_alike_and_linked():
    doc = _split_doc()
    standard = [p for p in render_document(doc, TextRenderer()) if p.src_uri != "plan/index.md"]
    narration = [p for p in render_narration(doc) if p.src_uri != "yomiage/plan/index.md" and p.src_uri.endswith(".md")]
    assert [p.src_uri for p in standard] == ["plan/05.md", "plan/05/2.md", "plan/05/3.md", "plan/05/4.md"]
    assert [p.src_uri for p in narration] == ["yomiage/" + p.src_uri for p in standard]
    first, second, third, last = standard
    # the first page keeps the chapter's title; a later page is titled by its heading, which is its h1
    assert first.title == "5 基本指針" and "\n# 5 基本指針\n" in first.markdown
    assert second.nav_title == "第二 目標" and second.title == "第二 目標（5 基本指針）"
    assert "\n# 第二 目標\n" in second.markdown and "## 一 数値 {#" in second.markdown
    assert "\n# 二 期間\n" in third.markdown
    assert {p.chapter for p in standard} == {"plan/05.md"}
    # previous and next
    assert 'href="../3/" rel="next"' in second.markdown and 'href="../" rel="prev"' in second.markdown
    assert 'rel="next"' not in last.markdown and 'rel="prev"' not in first.markdown
    assert 'aria-current="page">第三 その他' in last.markdown
    # the list of printed pages: a marker on another page links that page; the marker
    # just before a heading opens that heading's page
    assert 'href="#page-10"' in first.markdown and 'href="2/#page-11"' in first.markdown
    assert 'href="4/#page-12"' in first.markdown
    assert 'href="#page-11"' in second.markdown and 'href="../#page-10"' in second.markdown
    assert 'href="../4/#page-12"' in second.markdown
    # each links its twin
    assert 'href="../../../yomiage/plan/05/2/"' in second.markdown
    assert 'href="../../../../plan/05/2/"' in narration[1].markdown


def test_the_overview_lists_the_later_pages_and_links_markers_where_they_are():
    doc = _split_doc()
    overview = render_document(doc, TextRenderer())[0].markdown
    assert '<li><a href="05/">5 基本指針</a><ul class="yt-toc-parts"><li><a href="05/2/">第二 目標</a></li>' in overview
    assert '<a href="05/#page-10">' in overview and '<a href="05/4/#page-12">' in overview
    twin = render_narration(doc)[0].markdown
    assert '<a href="05/4/#page-12">' in twin


def test_unsplit_chapters_keep_their_pages_and_addresses():
    doc = doc_of([Heading("一", 2), para(100)], slug="02")
    pages = render_document(doc, TextRenderer())
    assert [p.src_uri for p in pages] == ["plan/index.md", "plan/02.md"]
    assert pages[1].chapter == "" and 'class="yt-parts"' not in pages[1].markdown


# --- the bundled site ----------------------------------------------------------------


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal href of ``page`` points to (None for another site)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path)))
    if href.split("#")[0].endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_of_the_built_site_resolves(built_site):
    ids: dict[Path, set[str]] = {}
    broken = []
    checked = 0
    for page in _html_pages(built_site):
        if page.name == "404.html":
            continue            # served at any address: its links start at the site's root
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids[page] = {el["id"] for el in soup.select("[id]")}
        for el in soup.select("a[href], link[href], script[src], img[src]"):
            href = el.get("href") or el.get("src")
            target = _target(built_site, page, href)
            if target is None:
                continue
            checked += 1
            path, fragment = target
            if not path.resolve().is_relative_to(built_site.resolve()) or not path.is_file():
                broken.append((page.relative_to(built_site).as_posix(), href))
            elif fragment:
                broken.append((page, href, fragment))
    # fragments, once every page's ids are known
    missing = []
    for item in broken:
        if len(item) == 2:
            missing.append(item)
            continue
        page, href, fragment = item
        path, _ = _target(built_site, page, href)
        if path not in ids:
            ids[path] = set(re.findall(r'id="([^"]+)"', path.read_text(encoding="utf-8")))
        if unquote(fragment) not in ids[path]:
            missing.append((page.relative_to(built_site).as_posix(), href))
    assert checked > 1000
    assert missing == [], missing[:20]


def test_glossary_uses_link_the_sub_page_that_uses_the_term(built_site):
    glossary = built_site / "glossary" / "index.html"
    soup = BeautifulSoup(glossary.read_text(encoding="utf-8"), "html.parser")
    into_split = 0
    for dd in soup.select("dl.yt-glossary > dd, dl.yt-glossary--sub > dd"):
        dt = dd.find_previous_sibling("dt")
        for a in dd.select(":scope > .yt-glossary__uses a"):
            path, _ = _target(built_site, glossary, a["href"])
            page = path.read_text(encoding="utf-8")
            assert f'data-term-id="{dt["id"]}"' in page, (dt["id"], a["href"])
            if re.match(r"\.\./kochi/0[35]/\d+/", a["href"]):
                into_split += 1
                # 計画「5 基本指針（一 基本的理念）」: the page by its heading, no 「」 inside 「」
                assert "（" in a.get_text() and a.get_text().count("「") <= 1
    assert into_split > 10


def test_printed_page_lists_link_the_sub_page_the_marker_is_on(built_site):
    pages = sorted((built_site / "kochi" / "05").rglob("index.html"))
    assert len(pages) > 2
    found_elsewhere = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("nav.yt-pagelist a"):
            path, fragment = _target(built_site, page, a["href"])
            target = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            marker = target.find(id=fragment)
            assert marker is not None and marker.get("role") == "doc-pagebreak", a["href"]
            assert marker["aria-label"] == a.get_text(strip=True)
            found_elsewhere += path != page
    assert found_elsewhere > 0


def test_narration_twins_match_the_standard_pages_one_to_one(built_site):
    standard = {p.relative_to(built_site).as_posix() for plan in ("kochi", "iga") for p in (built_site / plan).rglob("index.html")}
    twins = {p.relative_to(built_site / "yomiage").as_posix() for p in (built_site / "yomiage").rglob("index.html")}
    assert standard == twins
    assert "kochi/05/2/index.html" in standard


def test_split_chapters_are_sections_of_the_nav_with_previous_and_next(built_site):
    soup = BeautifulSoup((built_site / "kochi/05/2/index.html").read_text(encoding="utf-8"), "html.parser")
    nav = [a["href"] for a in soup.select("nav.md-nav--primary a[href]")]
    # the pages of this chapter; another split chapter of the plan by its first page (pruned)
    assert "../" in nav and "../3/" in nav and "../../03/" in nav and "../../03/2/" not in nav
    prev, nxt = soup.select_one('.yt-parts a[rel="prev"]'), soup.select_one('.yt-parts a[rel="next"]')
    assert prev["href"] == "../" and nxt["href"] == "../3/"
    assert soup.select_one("article h1").get_text(strip=True) == soup.select_one('.yt-parts [aria-current="page"]').get_text(strip=True)
    assert len(soup.select("article h1")) == 1


def test_every_page_is_at_most_300_kb(built_site):
    sizes = {p.relative_to(built_site).as_posix(): p.stat().st_size for p in _html_pages(built_site)}
    assert max(sizes.values()) <= 300_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]


def test_deeper_headings_before_the_first_cut_are_cut_at_too():
    limit = 100
    blocks = [Heading("一", 3), para(80), Heading("二", 3), para(80), Heading("第一", 2), para(10)]
    titles = [[b.text for b in run if isinstance(b, Heading)] for run in split_blocks(blocks, limit)]
    assert titles == [["一"], ["二"], ["第一"]]      # (二 and 第一 would fit together: a cut lead's end stays apart)


def test_search_finds_text_on_the_page_it_is_on(built_site):
    import json

    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"kochi/05/", "kochi/05/2/", "kochi/03/9/"} <= locations
    assert not any(loc.startswith("yomiage/") for loc in locations)      # the twins stay out of search
    # a sentence of 基本指針's 第三 is found on the page that shows it, not on the chapter's first page
    hits = {doc["location"].split("#")[0] for doc in index["docs"] if "計画の作成に関する事項" in doc["title"]}
    assert hits and all(re.fullmatch(r"kochi/05/\d+/", loc) for loc in hits), hits


def test_a_run_of_short_sections_makes_pages_of_like_sizes():
    limit = 100
    blocks = []
    for name, size in zip("一二三四", (55, 30, 30, 10)):
        blocks += [Heading(name, 2), para(size - 1)]
    runs = split_blocks(blocks, limit)
    # 125 characters: two pages of 55 and 70, not 85 and 40 (full first, short last)
    assert [chars(run) for run in runs] == [55, 70]
    assert [[b.text for b in run if isinstance(b, Heading)] for run in runs] == [["一"], ["二", "三", "四"]]
