"""Printed page numbers in the styles of many municipalities, as page breaks; references stay text.

Each sample is written in the manner of a real plan text (exported from Word
or copied out of a PDF); the page breaks are what a reader of the printed
plan would expect.
"""
from __future__ import annotations

import pytest

from conftest import dedent
from yomitoki.text.labels import match_page
from yomitoki.text.model import PageBreak, Paragraph
from yomitoki.text.parse import parse

BODY = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整え、関係機関と連携して支援します。"


def breaks(doc) -> list[tuple[int, int | None]]:
    blocks = list(doc.front) + [b for ch in doc.chapters for b in ch.blocks]
    return [(b.first, b.last) for b in blocks if isinstance(b, PageBreak)]


def texts(doc) -> str:
    blocks = list(doc.front) + [b for ch in doc.chapters for b in ch.blocks]
    return "\n".join(getattr(b, "text", "") for b in blocks)


def plan(*pages: str, marker) -> str:
    """A plan text with one printed page per argument, each followed by its marker line."""
    out = []
    for n, body in enumerate(pages, 1):
        out.append(body)
        out.append(marker(n))
    return "\n".join(out) + "\n"


PAGE_BODIES = [
    f"1 計画の目的\n{BODY}\n{BODY}",
    f"2 計画の位置付け\n{BODY}\n{BODY}",
    f"3 計画の期間\n{BODY}\n{BODY}",
    f"4 計画の推進体制\n{BODY}\n{BODY}",
]


@pytest.mark.parametrize("text, pages", [
    ("(p.1)", (1, None)), ("（p.12）", (12, None)), ("(P.3)", (3, None)), ("p.5", (5, None)), ("ｐ．７", (7, None)),
    ("−−ページ1−−", (1, None)), ("--ページ12--", (12, None)), ("― ページ 3 ―", (3, None)),
    ("(1ページ)", (1, None)), ("（12ページ）", (12, None)), ("(3頁)", (3, None)),
    ("1ページ目", (1, None)), ("1枚目", (1, None)), ("(2枚目)", (2, None)),
    ("(85ページから97ページまで)", (85, 97)), ("85ページから97ページ", (85, 97)), ("（85～97ページ）", (85, 97)),
    ("- 12 -", (12, None)), ("百六十一ページ", (161, None)),
])
def test_page_marker_forms(text, pages):
    assert match_page(text) == pages


@pytest.mark.parametrize("text", [
    "(本文 3 ページ)", "（本文3ページ参照）", "詳しくは 24 ページを参照", "1ページ", "第12ページ以降", "p.12 の表", "(1)", "(p)",
    "1枚目の図", "12ページの表を参照", "ページ",
])
def test_references_are_not_page_markers(text):
    if text == "1ページ":
        assert match_page(text) == (1, None)      # alone on its line it is one
        return
    assert match_page(text) is None


@pytest.mark.parametrize("marker", [
    lambda n: f"(p.{n})", lambda n: f"−−ページ{n}−−", lambda n: f"({n}ページ)", lambda n: f"{n}ページ目",
    lambda n: f"{n}枚目", lambda n: f"- {n} -", lambda n: f"{n}",
], ids=["p-dot", "dashes", "paren", "me", "maime", "dash", "bare"])
def test_every_style_marks_every_page(marker):
    doc = parse(plan(*PAGE_BODIES, marker=marker), "p.txt", "p")
    assert breaks(doc) == [(1, None), (2, None), (3, None), (4, None)]
    assert "計画の期間" in texts(doc)


def test_bare_numbers_count_up_through_a_pdf_copy():
    text = plan(*PAGE_BODIES, marker=lambda n: f"{124 + n}")
    doc = parse(text, "p.txt", "p")
    assert breaks(doc) == [(125, None), (126, None), (127, None), (128, None)]


def test_bare_numbers_that_do_not_count_up_are_text():
    # 2 and 2 and 7: not a page sequence; and a list whose numbers stand on their own lines
    text = f"{BODY}\n2\n{BODY}\n2\n{BODY}\n7\n"
    doc = parse(text, "p.txt", "p")
    assert breaks(doc) == []
    listed = "1\n計画の目的\n2\n計画の期間\n3\n計画の推進\n"
    assert breaks(parse(listed, "l.txt", "l")) == []


def test_a_page_number_in_the_middle_of_a_line():
    # copied out of a PDF: the footer's page number ran into the next page's first line
    text = f"1 計画の目的\n{BODY}\n{BODY}　93ページ\n94ページ　2 計画の位置付け\n{BODY}\n"
    doc = parse(text, "m.txt", "m")
    assert breaks(doc) == [(93, None), (94, None)]
    assert "2 計画の位置付け" in texts(doc)


def test_a_reference_in_a_line_stays_text():
    text = f"1 計画の目的\n{BODY}詳しくは 24 ページを参照してください。\n資料は(本文 3 ページ)にあります。\n"
    doc = parse(text, "r.txt", "r")
    assert breaks(doc) == []
    assert "24 ページを参照" in texts(doc) and "(本文 3 ページ)" in texts(doc)


def test_page_numbers_in_a_table_of_contents_are_references():
    text = dedent(
        f"""
        目次
        第1章 計画の概要‥‥‥‥‥1
        第2章 施策の展開・・・・・3
        第3章 計画の推進 5ページ
        第1章 計画の概要
        {BODY}{BODY}
        1
        {BODY}{BODY}
        2
        第2章 施策の展開
        {BODY}{BODY}
        3
        {BODY}{BODY}
        4
        第3章 計画の推進
        {BODY}{BODY}
        5
        """
    )
    doc = parse(text, "t.txt", "t")
    assert [e.page for e in doc.toc] == [1, 3, 5]
    assert [c.title for c in doc.chapters] == ["第1章 計画の概要", "第2章 施策の展開", "第3章 計画の推進"]
    assert breaks(doc) == [(1, None), (2, None), (3, None), (4, None), (5, None)]


def test_page_ranges_of_a_summary():
    text = f"(85ページから97ページまで)\n1 計画の目的\n{BODY}\n(98ページから99ページまで)\n2 計画の期間\n{BODY}\n"
    doc = parse(text, "s.txt", "s")
    assert breaks(doc) == [(85, 97), (98, 99)]
    assert not any(isinstance(b, Paragraph) and "ページから" in b.text for ch in doc.chapters for b in ch.blocks)


def test_a_table_of_contents_with_page_words_is_not_split_into_page_breaks():
    text = dedent(
        f"""
        目次
        1 計画の目的 1ページ
        2 計画の期間 2ページ
        3 計画の推進 3ページ
        1 計画の目的
        {BODY}{BODY}
        1ページ
        2 計画の期間
        {BODY}{BODY}
        2ページ
        3 計画の推進
        {BODY}{BODY}
        3ページ
        """
    )
    doc = parse(text, "t.txt", "t")
    assert [e.page for e in doc.toc] == [1, 2, 3]
    assert breaks(doc) == [(1, None), (2, None), (3, None)]


def all_blocks(doc):
    return list(doc.front) + [b for ch in doc.chapters for b in ch.blocks]


def test_a_page_number_between_two_sentences_of_a_line():
    body = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整え、関係機関と連携して支援します。"
    text = f"−−ページ1−−\n{body}\n−−ページ2−−\n{body} 3ページ 地域で暮らし続けられるよう、見守りの体制を整えます。\n{body}\n−−ページ4−−\n{body}\n"
    doc = parse(text, "m.txt", "m")
    assert [(b.first, b.source, b.line) for b in all_blocks(doc) if isinstance(b, PageBreak)] == [
        (1, "−−ページ1−−", 1), (2, "−−ページ2−−", 3), (3, "3ページ", 4), (4, "−−ページ4−−", 6)]
    assert "地域で暮らし続けられるよう、見守りの体制を整えます。" in [getattr(b, "text", "") for b in all_blocks(doc)]
    # out of the count, or not after a sentence, it is text
    for line in (f"{body} 9ページ 地域で暮らし続けられます。", "詳しくは 本文 3ページ のとおりです。"):
        doc = parse(text.replace(f"{body} 3ページ 地域で暮らし続けられるよう、見守りの体制を整えます。", line), "m.txt", "m")
        assert [first for first, _ in breaks(doc)] == [1, 2, 4]


def order(doc):
    """Page labels and heading texts in reading order."""
    out = []
    for b in all_blocks(doc):
        if isinstance(b, PageBreak):
            out.append(b.label)
        elif type(b).__name__ == "Heading":
            out.append(b.text)
    return out


@pytest.mark.parametrize("marker", [lambda n: f"{n}", lambda n: f"- {n} -", lambda n: f"(p.{n})"], ids=["bare", "dash", "p-dot"])
def test_footers_mark_where_each_page_starts(marker):
    # every page number stands at the foot of its page: the site marks page starts, as a printed book's page list does
    doc = parse(plan(*PAGE_BODIES, marker=marker), "p.txt", "p")
    assert order(doc) == ["1ページ", "1 計画の目的", "2ページ", "2 計画の位置付け", "3ページ", "3 計画の期間",
                          "4ページ", "4 計画の推進体制"]
    footer = [c for c in doc.changes if c.kind == "page-footer"]
    assert [(c.line, c.before, c.after) for c in footer] == [(4, marker(1), "2ページ"), (16, marker(4), "")]


def test_headers_stay_where_they_are():
    text = "".join(f"{marker}\n{body}\n" for marker, body in zip(["(p.1)", "(p.2)", "(p.3)"], PAGE_BODIES))
    doc = parse(text, "p.txt", "p")
    assert order(doc) == ["1ページ", "1 計画の目的", "2ページ", "2 計画の位置付け", "3ページ", "3 計画の期間"]
    assert not [c for c in doc.changes if c.kind == "page-footer"]


def test_the_first_footer_page_starts_after_the_cover_and_the_contents():
    text = "北浜市障害者計画\n令和6年3月\n目次\n1 計画の目的‥‥1\n2 計画の位置付け‥‥2\n" + plan(*PAGE_BODIES[:3], marker=str)
    doc = parse(text, "p.txt", "p")
    # the 目次's entries are the chapters: page 1 opens the first, not the cover
    assert [b.text for b in doc.front] == ["北浜市障害者計画", "令和6年3月"]
    assert [(c.title, [b.label for b in c.blocks if isinstance(b, PageBreak)]) for c in doc.chapters] == [
        ("1 計画の目的", ["1ページ"]), ("2 計画の位置付け", ["2ページ", "3ページ"])]
    assert isinstance(doc.chapters[0].blocks[0], PageBreak)
