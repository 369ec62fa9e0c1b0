"""Tables of contents (目次) in the styles of many municipalities: read as the 目次, never as headings or pages."""
from __future__ import annotations

import pytest

from conftest import dedent
from yomitoki.text.model import Heading, PageBreak
from yomitoki.text.parse import parse

BODY = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整えます。" * 2


def toc(doc):
    return [(e.title, e.page) for e in doc.toc]


@pytest.mark.parametrize("head", ["目次", "目 次", "目　次", "もくじ", "も く じ", "目次（もくじ）"])
@pytest.mark.parametrize("line", [
    "{t}‥‥‥‥‥‥{p}", "{t}・・・・・・{p}", "{t}……………{p}ページ", "{t}　{p}頁から", "{t} ........ {p}", "{t}　{p}ページ",
    "▲{t}‥‥‥{p}", "▼ {t} ・・・ {p}",
])
def test_toc_styles(head, line):
    entries = [("第1章 計画の概要", 1), ("第2章 施策の展開", 5), ("第3章 計画の推進", 12)]
    lines = [head] + [line.format(t=t, p=p) for t, p in entries]
    body = "\n".join(f"{t}\n{BODY}" for t, _ in entries)
    doc = parse("\n".join(lines) + "\n" + body + "\n", "t.txt", "t")
    assert toc(doc) == entries
    assert [c.title for c in doc.chapters] == [t for t, _ in entries]
    assert not doc.warnings


def test_the_toc_ends_where_the_body_repeats_its_first_entry():
    # Kochi's style: each entry followed by its page number as a segment of its own;
    # the body then opens with the first chapter's heading and its page number.
    text = dedent(
        f"""
        目次
        第1章 計画の概要
        1ページ
        第2章 施策の展開
        3ページ
        第1章 計画の概要
        1ページ
        {BODY}
        2ページ
        第2章 施策の展開
        3ページ
        {BODY}
        """
    )
    doc = parse(text, "k.txt", "k")
    assert toc(doc) == [("第1章 計画の概要", 1), ("第2章 施策の展開", 3)]
    assert [c.title for c in doc.chapters] == ["第1章 計画の概要", "第2章 施策の展開"]
    pages = [b.first for ch in doc.chapters for b in ch.blocks if isinstance(b, PageBreak)]
    assert pages == [1, 2, 3]


def test_a_contents_only_file():
    text = dedent(
        """
        目次
        第1章 計画の概要‥‥‥1
        第2章 施策の展開‥‥‥5
        第3章 計画の推進‥‥‥12
        資料編‥‥‥20
        """
    )
    doc = parse(text, "c.txt", "c")
    assert toc(doc) == [("第1章 計画の概要", 1), ("第2章 施策の展開", 5), ("第3章 計画の推進", 12), ("資料編", 20)]
    # No body to point to: no chapter pages, and no warning per entry.
    assert all(not ch.blocks for ch in doc.chapters)
    assert len(doc.warnings) == 1 and "目次だけ" in doc.warnings[0].message


def test_toc_entries_never_become_headings_or_page_breaks():
    text = dedent(
        f"""
        目次
        1 計画の目的‥‥‥1
        2 計画の期間‥‥‥2
        1 計画の目的
        {BODY}
        2 計画の期間
        {BODY}
        """
    )
    doc = parse(text, "n.txt", "n")
    headings = [b.text for ch in doc.chapters for b in ch.blocks if isinstance(b, Heading)]
    assert "1 計画の目的‥‥‥1" not in headings and not any("‥" in h for h in headings)
    assert not any(isinstance(b, PageBreak) for ch in doc.chapters for b in ch.blocks)


def test_a_contents_only_file_builds_with_nothing_lost(tmp_path):
    from conftest import build, make_project
    from yomitoki.site.check import missing_pieces, site_text_for

    text = "目次\n第1章 計画の概要‥‥‥1\n第2章 施策の展開・・・・・5\n資料編 20ページ\n"
    config = make_project(tmp_path, {"toc.txt": text}, {"toc": {"slug": "toc", "title": "見本市 障害者計画 目次"}})
    site = build(config, tmp_path / "site")
    doc = parse(text, "source_texts/toc.txt", "toc", title="見本市 障害者計画 目次")
    assert missing_pieces(doc, site_text_for(site, doc)) == []
    page = (site / "toc" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="yt-toc"') == 1                # the 目次 is the plan's page


def test_entries_padded_to_the_column_stay_one_a_line_and_unnumbered_ones_are_chapters():
    # a PDF pads every entry to the text column with its leader: no entry runs on into the next
    lines = ["第1章 計画の策定にあたって・・・・・・・・・・1", "第2章 施策の展開・・・・・・・・・・・・・・・3",
             "用語解説・・・・・・・・・・・・・・・・・・・・・7"]
    body = "第1章 計画の策定にあたって\n" + BODY + "\n第2章 施策の展開\n" + BODY + "\n用語解説\n" + BODY
    doc = parse("目次\n" + "\n".join(lines) + "\n" + body + "\n", "t.txt", "t")
    assert toc(doc) == [("第1章 計画の策定にあたって", 1), ("第2章 施策の展開", 3), ("用語解説", 7)]
    assert [c.title for c in doc.chapters] == ["第1章 計画の策定にあたって", "第2章 施策の展開", "用語解説"]
    assert not doc.warnings


def test_an_unnumbered_entry_missing_from_the_body_is_a_warning():
    doc = parse("目次\n第1章 概要‥‥1\n資料編‥‥9\n第1章 概要\n" + BODY + "\n", "t.txt", "t")
    assert [c.title for c in doc.chapters] == ["第1章 概要"]
    assert [w.message for w in doc.warnings] == ["目次の「資料編」に当たる章が本文に見つかりませんでした。"]


def test_entry_marks_are_listed_and_pages_shown_as_written():
    doc = parse("目次\n▲第1章 概要　1頁から\n▼第2章 施策　5ページ\n第1章 概要\n" + BODY + "\n第2章 施策\n" + BODY + "\n", "t.txt", "t")
    assert [(e.title, e.page, e.page_label) for e in doc.toc] == [("第1章 概要", 1, "1頁から"), ("第2章 施策", 5, "5ページ")]
    assert [(c.line, c.column, c.before, c.after, c.kind) for c in doc.changes] == [(2, 1, "▲", "", "toc-mark"), (3, 1, "▼", "", "toc-mark")]


@pytest.mark.parametrize("top, sub", [("第{n}部 {t}", "　第{n}節 {t}"), ("第{n}章 {t}", "　{n} {t}"), ("Ⅰ {t}", "　({n}) {t}")])
def test_entries_under_a_chapter_are_headings_of_its_page(top, sub):
    roman = "ⅠⅡ"
    lines = ["目次"]
    body = []
    for n, t in ((1, "総論"), (2, "各論")):
        head = top.format(n=n, t=t).replace("Ⅰ", roman[n - 1])
        lines.append(f"{head}‥‥‥{n * 4}")
        body += [head]
        for k, s in ((1, "計画の趣旨"), (2, "計画の期間")):
            lines.append(f"{sub.format(n=k, t=s)}‥‥‥{n * 4 + k}")
            body += [sub.format(n=k, t=s).strip(), BODY]
    doc = parse("\n".join(lines + body) + "\n", "t.txt", "t")
    assert len(doc.toc) == 6
    assert [c.title for c in doc.chapters] == [b for b in body if b.startswith(("第1部", "第2部", "第1章", "第2章", "Ⅰ", "Ⅱ"))]
    assert not doc.warnings
