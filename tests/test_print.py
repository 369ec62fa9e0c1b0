"""The printed page (assets/print.css): a chapter printed to an A4 PDF in Chromium.

A4; no navigation; ruby printed only when the reader has it on; table rows
never split and their header repeated; the printed plan's page numbers as
notes in the left margin.  The layout is checked on the page in print
media (computed styles and boxes); the PDF itself for its sheet size and
count.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHAPTER = "kochi/03/"          # survey data: headings, lists, tables, charts, page breaks


@pytest.fixture(scope="module")
def site_url(built_site, chromium):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from screenshot import serve

    server, base = serve(built_site)
    yield base
    server.shutdown()


@pytest.fixture
def printed(chromium, site_url):
    """A page of the chapter in print media, with the reader's ふりがな choice."""
    contexts = []

    def open_(ruby: str):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(f"try {{ localStorage.setItem('yomitoki.ruby', '{ruby}') }} catch (e) {{}}")
        page.goto(site_url + CHAPTER)
        page.emulate_media(media="print")
        return page

    yield open_
    for context in contexts:
        context.close()


def test_a_chapter_prints_to_a4_without_navigation(printed, tmp_path):
    page = printed("off")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
                                    '.yt-pagelist', '.yt-edition-link']
        .map(s => [s, [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none')])""")
    assert all(ok for _, ok in hidden), hidden
    pdf = tmp_path / "chapter.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    sizes = {tuple(round(float(v)) for v in m.groups()) for m in re.finditer(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)}
    assert sizes == {(595, 842)}                  # A4 in points
    assert len(re.findall(rb"/Type /Page\b", data)) > 10


def test_ruby_is_printed_only_when_it_is_on(printed):
    rt = "() => [...document.querySelectorAll('article rt')].slice(0, 50).map(e => getComputedStyle(e).display)"
    off = printed("off").evaluate(rt)
    on = printed("on").evaluate(rt)
    assert off and set(off) == {"none"}
    assert on and "none" not in set(on)


def test_table_rows_do_not_split_and_headers_repeat(printed):
    page = printed("off")
    styles = page.evaluate("""() => {
        const t = document.querySelector('article table.yt-data');
        return {row: getComputedStyle(t.querySelector('tbody tr')).breakInside,
                head: getComputedStyle(t.querySelector('thead')).display};
    }""")
    assert styles == {"row": "avoid", "head": "table-header-group"}


def test_printed_page_numbers_stand_in_the_left_margin(printed):
    page = printed("off")
    boxes = page.evaluate("""() => {
        const text = document.querySelector('article h1').getBoundingClientRect();
        return [...document.querySelectorAll('.yt-pagebreak__label')].map(l => {
            const b = l.getBoundingClientRect();
            return {label: l.textContent, right: b.right, left: b.left, text: text.left,
                    shown: getComputedStyle(l).display !== 'none' && b.width > 0};
        });
    }""")
    assert boxes and boxes[0]["label"] == "167ページ"
    for b in boxes:
        assert b["shown"] and b["left"] >= 0 and b["right"] <= b["text"], b
