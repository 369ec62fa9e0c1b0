"""Unit and property tests for yomitoki.enrich.numerals (the narration numeral style)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT

from yomitoki.enrich.numerals import (
    NumberSpan,
    format_number,
    int_to_kanji,
    kanji_to_int,
    narrate,
    narration_changes,
    read_number,
    scan_numbers,
)

# ---------------------------------------------------------------------------
# The specification's table (shared/NARRATION_STYLE.md), row by row
# ---------------------------------------------------------------------------

SPEC_TABLE = [
    # 0 to 9 stay Arabic digits
    ("区分6", "区分6"), ("5人", "5人"), ("令和2年", "令和2年"),
    # 10 and above become kanji numerals
    ("112", "百十二"),
    # no 一 before 十 and 百
    ("19", "十九"), ("104", "百四"),
    # 一 before 千 (and 万, 億, 兆)
    ("1512", "一千五百十二"), ("1074", "一千七十四"), ("10000", "一万"),
    # zeros are silent
    ("2006年", "二千六年"), ("101", "百一"),
    # thousands separators belong to the number
    ("1,234", "一千二百三十四"), ("1，234", "一千二百三十四"),
    # full-width digits are digits
    ("１１人", "十一人"),
    # one decimal digit stays Arabic
    ("29.9%", "二十九点9パーセント"), ("0.8人", "0点8人"),
    # two or more decimal digits: each digit as a kanji digit
    ("1.28倍", "1点二八倍"),
    # percent
    ("5%", "5パーセント"), ("5％", "5パーセント"),
    # ranges
    ("7~8月", "7から8月"), ("20~29歳", "二十から二十九歳"),
    ("7〜8月", "7から8月"), ("7～8月", "7から8月"),
    # page numbers
    ("161ページ", "百六十一ページ"), ("P.161", "百六十一ページ"), ("p161", "百六十一ページ"),
    # page ranges
    ("195~239ページ", "百九十五ページから二百三十九ページ"),
    # era abbreviations before a year
    ("R3年度", "令和3年度"), ("H30年", "平成三十年"),
    # minus sign before a number
    ("−5", "マイナス5"), ("-5", "マイナス5"),
]


@pytest.mark.parametrize("source,expected", SPEC_TABLE)
def test_spec_table(source, expected):
    assert narrate(source) == expected


LEFT_AS_WRITTEN = [
    "A1", "B3", "ΣA1B1", "No.36", "JIS X 8341-3", "ISO 3166", "ISO/IEC 40500:2012",
    "https://www.pref.kochi.lg.jp/soshiki/060301/2021/plan-12.html",
    "info2021@example.lg.jp", "088-823-9633", "0595-22-9657", "(0595)22-9657",
    "〒780-8570", "〒 780-8570", "①", "⑳", "×", "Σ", "α", "(1-α×β)", "⑤-1指定一般",
    "2021/4/1", "12:30", "3.2.1", "10km", "3D", "Ａ１", "ＲＣ３",
    # kanji digits inside words are not numbers
    "一般", "一体的", "統一", "一部", "同一", "一定", "唯一", "一方", "万一", "十分",
    "不十分", "一人暮らし", "一人ひとり", "同一人物", "人一倍", "第三者", "第一人者",
    "(一社)", "(一)", "一 総則", "一つ", "三つまで", "四万十市", "四六時中", "七五三",
    "〇〇市", "日中一時支援", "三原村", "平野三代子", "千歳市", "一日中",
    # already in the style
    "二十九点9パーセント", "百六十一ページ", "令和3年度", "マイナス5", "一千五百十二",
    "比率五十点)",
]


@pytest.mark.parametrize("text", LEFT_AS_WRITTEN)
def test_left_as_written(text):
    assert narrate(text) == text


MORE_NARRATION = [
    ("回答事業所数40", "回答事業所数四十"),
    ("一件", "1件"),
    ("二十点三パーセント", "二十点3パーセント"),
    ("千三百三十九人", "一千三百三十九人"),
    ("一千五百十二", "一千五百十二"),
    ("現在利用している一、今後利用したい2", "現在利用している1、今後利用したい2"),
    ("現在利用している零、", "現在利用している0、"),
    ("令和五年度", "令和5年度"),
    ("平成三十一年四月一日", "平成三十一年4月1日"),
    ("第一項に規定する", "第1項に規定する"),
    ("一・六パーセント", "1点6パーセント"),
    ("一・二七倍", "1点二七倍"),
    ("0点65から0点74", "0点六五から0点七四"),
    ("(6月~8月)", "(6月から8月)"),
    ("(3日~十七日)", "(3日から十七日)"),
    ("四から六歳", "4から6歳"),
    ("一〜三人", "1から3人"),
    ("R元年", "令和元年"),
    ("Ｒ３年度", "令和3年度"),
    ("S.63年", "昭和六十三年"),
    ("R3.4.1", "令和3年4月1日"),
    ("H30.13.1", "H30.13.1"),
    ("P.195~239", "百九十五ページから二百三十九ページ"),
    ("pp.12-13", "十二ページから十三ページ"),
    ("前年比−12", "前年比マイナス十二"),
    ("(−0.5)", "(マイナス0点5)"),
    ("3万5千人", "三万五千人"),
    ("12億3,456万円", "十二億三千四百五十六万円"),
    ("2020年", "二千二十年"),
    ("二〇二〇年", "二千二十年"),
    ("50 %", "五十パーセント"),
    ("２９．９％", "二十九点9パーセント"),
    ("平成24年法律第65号", "平成二十四年法律第六十五号"),
    ("1.05", "1点〇五"),
]


@pytest.mark.parametrize("source,expected", MORE_NARRATION)
def test_more_narration(source, expected):
    assert narrate(source) == expected


# ---------------------------------------------------------------------------
# kanji_to_int / int_to_kanji / format_number / read_number
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("三千七百五十六", 3756), ("一千五百十二", 1512), ("千六百五十一", 1651),
    ("百一", 101), ("二千六", 2006), ("一万", 10000), ("万", 10000),
    ("十二億三千万", 1_230_000_000), ("十", 10), ("一十", 10), ("一百", 100),
    ("二千〇六", 2006), ("二〇二〇", 2020), ("〇", 0), ("零", 0), ("九", 9),
    ("一京", 10**16), ("四万十", 40010),
])
def test_kanji_to_int(text, value):
    assert kanji_to_int(text) == value


@pytest.mark.parametrize("text", ["", "一般", "十十", "千千", "万億", "百千", "1", "二十5", "〇百"])
def test_kanji_to_int_rejects(text):
    assert kanji_to_int(text) is None


@pytest.mark.parametrize("n,text", [
    (0, "〇"), (5, "五"), (10, "十"), (19, "十九"), (104, "百四"), (112, "百十二"),
    (1000, "一千"), (1074, "一千七十四"), (1512, "一千五百十二"), (2006, "二千六"),
    (10000, "一万"), (100000, "十万"), (10**7, "一千万"), (10**8, "一億"),
    (10**12, "一兆"), (10**16, "一京"), (1_230_000_000, "十二億三千万"),
])
def test_int_to_kanji(n, text):
    assert int_to_kanji(n) == text


def test_int_to_kanji_rejects_bad_input():
    with pytest.raises(ValueError):
        int_to_kanji(-1)
    with pytest.raises(TypeError):
        int_to_kanji(True)
    with pytest.raises(ValueError):
        int_to_kanji(10**20)


@pytest.mark.parametrize("value,text", [
    (0, "0"), (9, "9"), (10, "十"), (-5, "マイナス5"), (-12, "マイナス十二"),
    (Decimal("29.9"), "二十九点9"), (Decimal("0.8"), "0点8"), (Decimal("1.28"), "1点二八"),
    (Decimal("3.0"), "3点0"), (Decimal("0.05"), "0点〇五"), (Decimal("-0.5"), "マイナス0点5"),
    (Decimal("1E+3"), "一千"), (Decimal("1512"), "一千五百十二"),
])
def test_format_number(value, text):
    assert format_number(value) == text


def test_format_number_rejects_bad_input():
    with pytest.raises(TypeError):
        format_number(1.5)
    with pytest.raises(ValueError):
        format_number(Decimal("NaN"))


@pytest.mark.parametrize("text,value", [
    ("三千七百五十六", "3756"), ("一千五百十二", "1512"), ("千六百五十一", "1651"),
    ("二十九点9", "29.9"), ("0点8", "0.8"), ("1点二八", "1.28"), ("一", "1"), ("40", "40"),
    ("1,234", "1234"), ("1，234", "1234"), ("１１", "11"), ("零", "0"), ("一・六", "1.6"),
    ("3万5千", "35000"), ("1億2,345万6,789", "123456789"), ("マイナス5", "-5"),
    ("−5", "-5"), ("△3", "-3"), ("▲3", "-3"), (" 40 ", "40"), ("29.9", "29.9"),
    ("0点〇五", "0.05"), ("二十点三", "20.3"), ("三点3", "3.3"),
])
def test_read_number(text, value):
    got = read_number(text)
    assert got == Decimal(value)
    assert isinstance(got, Decimal)


@pytest.mark.parametrize("text", [
    "", "一般", "abc", "1,23", "12,34", "1234,567", "一件", "A1", "1.2.3", "点5", "5点",
    "マイナス", "-", "1-2", "〒780", "①",
])
def test_read_number_rejects(text):
    assert read_number(text) is None


def test_read_number_is_exact_and_int_valued():
    assert read_number("3756").as_tuple().exponent == 0
    assert read_number("29.9") == Decimal("29.9")


# ---------------------------------------------------------------------------
# scan_numbers
# ---------------------------------------------------------------------------

def _values(text):
    return [(s.text, s.value) for s in scan_numbers(text)]


def test_scan_numbers_basic():
    text = "回答数三千七百五十六、区分6は六百九十二人、二十九点9パーセント、一件、40"
    assert _values(text) == [
        ("三千七百五十六", Decimal(3756)), ("6", Decimal(6)), ("六百九十二", Decimal(692)),
        ("二十九点9", Decimal("29.9")), ("一", Decimal(1)), ("40", Decimal(40)),
    ]


def test_scan_numbers_spans_index_the_text():
    text = "令和2年12月、P.161、−5人、A1とB3、088-823-9633"
    for span in scan_numbers(text):
        assert isinstance(span, NumberSpan)
        assert text[span.start:span.end] == span.text
    assert [s.value for s in scan_numbers(text)] == [2, 12, 161, -5]


def test_scan_numbers_skips_words_and_marks_ordinals():
    spans = scan_numbers("一般の方は第一項に規定する統一的な同一人物")
    assert [(s.text, s.value, s.ordinal) for s in spans] == [("一", Decimal(1), True)]
    assert scan_numbers("第三者評価、一人暮らし、十分な、四万十市、万一") == []


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

@given(st.integers(min_value=0, max_value=10**16))
def test_format_number_round_trips(n):
    assert read_number(format_number(n)) == n


@given(st.integers(min_value=10, max_value=10**16))
def test_int_to_kanji_round_trips(n):
    text = int_to_kanji(n)
    assert kanji_to_int(text) == n
    assert read_number(text) == n
    assert not text.startswith("一十") and not text.startswith("一百")


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=1, max_value=3),
       st.data())
def test_decimals_round_trip(whole, places, data):
    frac = data.draw(st.integers(min_value=0, max_value=10**places - 1))
    sign = "-" if whole < 0 else ""
    value = Decimal(f"{sign}{abs(whole)}.{frac:0{places}d}")
    text = format_number(value)
    assert read_number(text) == value
    assert narrate(text) == text


@given(st.integers(min_value=-10**16, max_value=10**16))
def test_read_number_of_str(n):
    assert read_number(str(n)) == n
    assert read_number(f"{n:,}") == n


ALPHABET = list("0123456789０１２３４５６７８９一二三四五六七八九〇零十百千万億兆点"
                "人件年月日歳ページ第区分般統同AaBbPpRHx.,，、。・-−~〜%％ 　()①〒")


@settings(max_examples=600)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_narrate_is_idempotent(text):
    once = narrate(text)
    assert narrate(once) == once


@settings(max_examples=300)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_narration_changes_rebuild_narrate(text):
    out, pos = [], 0
    for s, e, src, narrated in narration_changes(text):
        assert text[s:e] == src and s >= pos
        out += [text[pos:s], narrated]
        pos = e
    out.append(text[pos:])
    assert "".join(out) == narrate(text)


UNITS = ["人", "件", "事業所", "か所", "歳", "年", "月", "日", "回", "倍", "パーセント", "校", "施設", "名"]


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(UNITS),
       st.sampled_from(["", "、", "。", "回答数", "合計 "]))
def test_number_with_unit_reads_back(n, unit, prefix):
    text = f"{prefix}{n}{unit}"
    narrated = narrate(text)
    spans = scan_numbers(narrated)
    assert [s.value for s in spans] == [n]
    assert narrated.endswith(unit)


@given(st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False,
                   allow_infinity=False), st.sampled_from(UNITS))
def test_decimal_with_unit_reads_back(value, unit):
    assume(value == value.quantize(Decimal("0.01")))
    text = f"{value}{unit}"
    spans = scan_numbers(narrate(text))
    assert [s.value for s in spans] == [value]


# --- the fast scanner ------------------------------------------------------------

_SCAN_ALPHABET = (
    "0１9０一二十百千万億兆〇零京点.．,，・/／:：-‐‑–－−~〜～ 　()（）〒@%+_"
    "ApPxXＡＰｐRＲHTSMＭ令和年度月日ページ人円件歳Σαω/wwwhttps:くのは、。障害"
)


def _matches(search, text):
    out, pos = [], 0
    while (m := search(text, pos)) is not None:
        out.append((m.start(), m.end(), m.lastgroup))
        pos = m.end()
    return out


@given(st.text(alphabet=_SCAN_ALPHABET, max_size=40))
@settings(max_examples=3000, deadline=None)
def test_fast_scanner_finds_what_the_plain_search_finds(text):
    from yomitoki.enrich.numerals import _master_re, _master_search

    assert _matches(_master_search(), text) == _matches(_master_re().search, text)


def test_fast_scanner_on_the_bundled_texts():
    from yomitoki.enrich.numerals import _master_re, _master_search

    for path in sorted((ROOT / "source_texts").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert _matches(_master_search(), text) == _matches(_master_re().search, text)


# --- kansuji.py: the one kanji-number parser -------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("三千七百五十六", 3756), ("千六百五十一", 1651), ("一千", 1000), ("二〇二〇", 2020),
    ("三億二千万", 320_000_000), ("二千〇六", 2006), ("十", 10), ("一二三", 123),
])
def test_kansuji_value(text, value):
    from yomitoki import kansuji

    assert kansuji.value(text) == value


def test_kansuji_is_the_parser_of_every_stage():
    from yomitoki import kansuji
    from yomitoki.text import labels as labels
    from yomitoki.enrich import numerals
    from yomitoki.enrich import readings
    from yomitoki.text import tabbed

    for text in ("二十三", "百四", "一千七十四", "十"):
        assert (labels.to_int(text) == numerals.kanji_to_int(text) == tabbed._kanji_number(text)
                == readings.kanji_number_value(text) == kansuji.value(text))
    assert kansuji.is_positional("七百五十六") and kansuji.is_positional("一千")
    assert not kansuji.is_positional("七五六") and not kansuji.is_positional("万一")
    assert kansuji.write(1074) == "一千七十四" and kansuji.value(kansuji.write(10_000)) == 10_000
