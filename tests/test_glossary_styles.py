"""Glossaries as other municipalities write them: line texts (PDF and Word exports), Arabic figures.

Each sample imitates a plan's layout (its marks, brackets and headings) with
made-up wording; tests/test_glossary.py covers the Kochi plan's flat text.
"""
from __future__ import annotations

import re

import pytest

from conftest import dedent
from yomitoki.enrich.glossary import Entry, Glossary, _split_title, extract
from yomitoki.render.glossary import GlossaryLinker
from yomitoki.render.markdown import TextRenderer, render_document
from yomitoki.text.parse import parse


def read(text: str, slug: str = "p"):
    doc = parse(dedent(text), f"{slug}.txt", slug, title="計画")
    return doc, extract(doc)


def terms(entries: list[Entry]) -> list[tuple[str, str, list[str]]]:
    """(term, given reading, explanation) of every entry, sub-entries after their parent."""
    return [(e.term, e.given_reading, e.definition) for top in entries for e in top.walk()]


def rendered(doc) -> dict[str, str]:
    g = Glossary.from_documents([doc])
    return {p.src_uri: p.markdown for p in render_document(doc, TextRenderer(linker=GlossaryLinker(g, "all")))}


# --- what a title in brackets says ---------------------------------------------------


@pytest.mark.parametrize("title,term,reading,aliases,shown", [
    ("育成医療（いくせいいりょう）", "育成医療", "いくせいいりょう", [], "育成医療"),
    ("育成医療 (いくせいいりょう)", "育成医療", "いくせいいりょう", [], "育成医療"),
    ("育成医療【いくせいいりょう】", "育成医療", "いくせいいりょう", [], "育成医療"),
    ("育成医療（いくせい いりょう）", "育成医療", "いくせいいりょう", [], "育成医療"),
    # a reading in katakana is given in hiragana, for the ruby
    ("育成医療（イクセイイリョウ）", "育成医療", "いくせいいりょう", [], "育成医療"),
    ("手帳（テチョウ）", "手帳", "てちょう", [], "手帳"),
    # a loanword in katakana is another name, not a reading
    ("居宅介護(ホームヘルプ)", "居宅介護", "", ["ホームヘルプ"], "居宅介護(ホームヘルプ)"),
    ("移動支援（ガイドヘルプ）", "移動支援", "", ["ガイドヘルプ"], "移動支援（ガイドヘルプ）"),
    ("短期入所（ショートステイ）", "短期入所", "", ["ショートステイ"], "短期入所（ショートステイ）"),
    # an abbreviation is another name; an English name or a remark stays in the title only
    ("注意欠陥多動性障害（ＡＤＨＤ）", "注意欠陥多動性障害", "", ["ＡＤＨＤ"], "注意欠陥多動性障害（ＡＤＨＤ）"),
    ("ユニバーサルデザイン（Universal Design）", "ユニバーサルデザイン", "", [], "ユニバーサルデザイン（Universal Design）"),
    ("障害児（18歳未満）", "障害児", "", [], "障害児（18歳未満）"),
    # a kana term needs no reading: its bracket is another name
    ("ジョブコーチ（しょくばてきおうえんじょしゃ）", "ジョブコーチ", "", ["しょくばてきおうえんじょしゃ"],
     "ジョブコーチ（しょくばてきおうえんじょしゃ）"),
    # a reading and another name
    ("居宅介護（きょたくかいご）（ホームヘルプ）", "居宅介護", "きょたくかいご", ["ホームヘルプ"], "居宅介護（ホームヘルプ）"),
])
def test_a_bracket_after_a_term(title, term, reading, aliases, shown):
    t = _split_title(title)
    assert (t.term, t.reading, t.aliases, t.title) == (term, reading, aliases, shown)


# --- 1. numbered notes after a label (line texts) ------------------------------------------

# A city: ＜用語解説＞ after a section; term and explanation on one line, a long one wrapped.
# A town: 【用語解説】; the term on its line (with its reading), the explanation on the next ones.
# A village: a plain 用語解説 line; term：explanation.
NOTES_AFTER_SECTIONS = """
    第３章　施策の展開
    １　相談支援体制の充実
    　障がいのある人が身近な地域で安心して相談できるよう、基幹相談支援センター※1を中心とした相談
    支援体制の充実を図ります。また、療育手帳※2の取得に関する相談にも応じます。
    ＜用語解説＞
    ※1　基幹相談支援センター　地域における相談支援の中核的な役割を担う機関で、総合的・専門的
    な相談支援を行います。
    ※2　療育手帳　知的障がいのある人に交付される手帳です。
    ２　地域生活の支援
    　地域包括ケアシステム※1の考え方を取り入れ、合理的配慮※2の提供を進めます。
    【用語解説】
    ※１ 地域包括ケアシステム
    高齢者や障がいのある人が、住み慣れた地域で自分らしい暮らしを続けられるよう、住まい・医療・
    介護・予防・生活支援が一体的に提供される仕組みのことです。
    ※２ 合理的配慮（ごうりてきはいりょ）
    障がいのある人から社会的障壁を取り除くための対応を求められたときに、負担が重すぎない範囲で
    対応することです。
    ３　発達支援
    　ペアレントメンター※1による相談の場を設けます。
    用語解説
    ※1 ペアレントメンター：発達障がいのある子どもを育てた経験のある親で、研修を受けた人のこと
    です。
"""


def test_notes_after_a_label_in_a_line_text():
    doc, entries = read(NOTES_AFTER_SECTIONS)
    assert terms(entries) == [
        ("基幹相談支援センター", "", ["地域における相談支援の中核的な役割を担う機関で、総合的・専門的な相談支援を行います。"]),
        ("療育手帳", "", ["知的障がいのある人に交付される手帳です。"]),
        ("地域包括ケアシステム", "", ["高齢者や障がいのある人が、住み慣れた地域で自分らしい暮らしを続けられるよう、"
                                     "住まい・医療・介護・予防・生活支援が一体的に提供される仕組みのことです。"]),
        ("合理的配慮", "ごうりてきはいりょ", ["障がいのある人から社会的障壁を取り除くための対応を求められたときに、"
                                             "負担が重すぎない範囲で対応することです。"]),
        ("ペアレントメンター", "", ["発達障がいのある子どもを育てた経験のある親で、研修を受けた人のことです。"]),
    ]
    assert [e.note_id for e in entries] == ["note-1-1", "note-1-2", "note-2-1", "note-2-2", "note-3-1"]
    assert [e.title for e in entries][3] == "合理的配慮"
    assert Glossary.from_documents([doc]).given_readings() == {"合理的配慮": "ごうりてきはいりょ"}


def test_note_marks_of_a_line_text_link_to_the_block_after_them():
    doc, _ = read(NOTES_AFTER_SECTIONS)
    page = rendered(doc)["p/01.md"]
    refs = re.findall(r'class="yt-noteref" href="#([^"]+)"[^>]*>([^<]+)<', page)
    assert refs == [("note-1-1", "※1"), ("note-1-2", "※2"), ("note-2-1", "※1"), ("note-2-2", "※2"), ("note-3-1", "※1")]


def test_an_explanation_broken_over_lines_that_are_not_joined():
    # short lines (a narrow column): the parser keeps them apart, the note takes them back
    doc, entries = read("""
        本文です。療育手帳※1について。
        ことばの説明
        ※1 療育手帳 知的障がいのある人に
        交付される手帳です。
        本文の続きです。
    """)
    assert terms(entries) == [("療育手帳", "", ["知的障がいのある人に", "交付される手帳です。"])]
