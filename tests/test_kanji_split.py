"""A word's reading divided among its kanji (ruby per kanji), and ruby that keeps the line."""
from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from yomitoki.enrich.kanji_split import split_reading
from yomitoki.enrich.readings import RubySpan, default_engine
from yomitoki.render.ruby import RubyRenderer, ruby_html


@pytest.mark.parametrize("word, reading, pieces", [
    ("就労", "しゅうろう", ["しゅう", "ろう"]),          # 就: pykakasi's reading (the analyzer has none)
    ("状況", "じょうきょう", ["じょう", "きょう"]),
    ("障害者", "しょうがいしゃ", ["しょう", "がい", "しゃ"]),
    ("学校", "がっこう", ["がっ", "こう"]),                # small っ before the last kanji
    ("三百", "さんびゃく", ["さん", "びゃく"]),            # voiced after the first
    ("六百", "ろっぴゃく", ["ろっ", "ぴゃく"]),            # both, and p for h
    ("人々", "ひとびと", ["ひと", "びと"]),                # 々 repeats the kanji before it
    ("六千五百九十一", "ろくせんごひゃくきゅうじゅういち", ["ろく", "せん", "ご", "ひゃく", "きゅう", "じゅう", "いち"]),
    ("取組", "とりくみ", ["とり", "くみ"]),
])
def test_a_reading_divides_into_known_readings_of_each_kanji(word, reading, pieces):
    assert split_reading(word, reading) == tuple(zip(word, pieces))


@pytest.mark.parametrize("word, reading", [
    ("一人", "ひとり"),            # readings of the word, not of its kanji (熟字訓)
    ("大人", "おとな"),
    ("今日", "きょう"),
    ("梼原町", "ゆすはらちょう"),   # a place name: 梼 is not read ゆすはら
    ("障", "しょう"),               # one kanji: nothing to divide
    ("障がい", "しょうがい"),       # not all kanji
    ("東日本大震災", "ひがしにほんだいしんさい"),   # 日本 にほん is not に + ほん of known readings
])
def test_no_division_unless_certain(word, reading):
    assert split_reading(word, reading) is None


def _pairs(markup: str) -> list[list[tuple[str, str]]]:
    """Each <ruby> as its (base, reading) pairs."""
    soup = BeautifulSoup(markup, "html.parser")
    out = []
    for ruby in soup.find_all("ruby"):
        bases = [str(c) for c in ruby.contents if isinstance(c, str)]
        out.append(list(zip(bases, [rt.get_text() for rt in ruby.find_all("rt")])))
    return out


def test_a_word_widened_by_its_reading_gets_ruby_per_kanji():
    out = ruby_html([RubySpan("就労", "しゅうろう", "dictionary"), RubySpan("する", None, "none")])
    assert out == ("<ruby>就<rp>(</rp><rt>しゅう</rt><rp>)</rp>"
                   "労<rp>(</rp><rt>ろう</rt><rp>)</rp></ruby>する")
    # Without ruby support: 就(しゅう)労(ろう)する.
    assert html.unescape(re.sub("<[^>]*>", "", out)) == "就(しゅう)労(ろう)する"


def test_a_word_its_reading_fits_keeps_one_ruby():
    # 調査 ちょうさ fits over the word; divided, 調(ちょう) would push 査 away.
    assert _pairs(ruby_html([RubySpan("調査", "ちょうさ", "analyzer")])) == [[("調査", "ちょうさ")]]
    # 一人 ひとり does not divide: one ruby over the word.
    assert _pairs(ruby_html([RubySpan("大人", "おとな", "analyzer")])) == [[("大人", "おとな")]]


def test_no_ruby_over_figures():
    r = RubyRenderer(default_engine())
    for text in ("1人暮らし", "2人で", "9日に", "令和3年7月14日"):
        out = r(text)
        soup = BeautifulSoup(out, "html.parser")
        for ruby in soup.find_all("ruby"):
            assert not any(ch.isdigit() for ch in ruby.find(string=True)), (text, out)
    assert "<ruby>" not in r("1人")
    assert "<ruby>" not in r("9日")


def test_divided_words_keep_the_text_whole():
    text = "一般就労への移行状況と障害者の就職件数、六千五百九十一人"
    out = RubyRenderer(default_engine())(text)
    soup = BeautifulSoup(out, "html.parser")
    for el in soup.select("rt, rp"):
        el.decompose()
    assert soup.get_text() == text
    assert "状<rp>(</rp><rt>じょう</rt>" in out


# --------------------------------------------------------------------------
# Ruby by grade: <rt class="yt-k"> over kanji taught by the site's grade

def test_readings_of_kanji_taught_by_the_grade_are_marked():
    out = ruby_html([RubySpan("学校", "がっこう", "analyzer"), RubySpan("の", None, "none"),
                     RubySpan("福祉", "ふくし", "analyzer"), RubySpan("と", None, "none"),
                     RubySpan("就労", "しゅうろう", "analyzer"), RubySpan("と", None, "none"),
                     RubySpan("状況", "じょうきょう", "analyzer")], grade=4)
    soup = BeautifulSoup(out, "html.parser")
    marked = {rt.get_text(): "yt-k" in (rt.get("class") or []) for rt in soup.find_all("rt")}
    # 学 校 1年: known.  福祉 (福 3年, 祉 not taught) keeps one reading, shown.
    # 就労 is divided for its width: 就 6年 shown, 労 4年 known.  状 5年, 況 not taught.
    assert marked == {"がっこう": True, "ふくし": False, "しゅう": False, "ろう": True,
                      "じょう": False, "きょう": False}
    # Without a grade, nothing is marked.
    assert "yt-k" not in ruby_html([RubySpan("学校", "がっこう", "analyzer")])


def test_a_word_is_known_when_all_its_kanji_are():
    # 調 3年, 査 5年: one reading, shown up to 4年, hidden from 5年.
    out = ruby_html([RubySpan("調査", "ちょうさ", "analyzer")], grade=3)
    assert _pairs(out) == [[("調査", "ちょうさ")]] and "yt-k" not in out
    out = ruby_html([RubySpan("調査", "ちょうさ", "analyzer")], grade=5)
    assert 'class="yt-k"' in out


def test_the_shipped_table_is_what_the_installed_pykakasi_gives():
    """data/kakasi_kanji.tsv is pykakasi's (run tools/make_kakasi_kanji.py after updating pykakasi)."""
    import sys

    from yomitoki.enrich import kanji_split
    from yomitoki.enrich.kakasi import single_kanji_readings

    sys.path.insert(0, str(ROOT / "tools"))
    from make_kakasi_kanji import table_text

    shipped = (ROOT / "yomitoki" / kanji_split.TABLE).read_text(encoding="utf-8")
    assert shipped == table_text()
    table = kanji_split._kakasi_table()
    assert table == {k: tuple(v) for k, v in single_kanji_readings().items()}
    assert "しゅう" in table["就"] and "えん" in table["援"] and len(table) > 5000
