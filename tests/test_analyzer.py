"""The morphological analyzer (analyzer.py) and the character tables (chars.py) under the reading engine."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from yomitoki.enrich import analyzer

from yomitoki import chars

SOURCE_TEXTS = Path(__file__).resolve().parents[1] / "source_texts"


def _words(text: str) -> list[tuple[str, str | None]]:
    t = analyzer.tokens(text)
    return [(text[s:e], r) for s, e, r in zip(t.starts, t.ends, t.readings)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="障害者の支援を行う十分な国や都。、 \n\t ①⑳ｱｲABCabc123１２３𠮷﨑々〆ヶケー〜!?「」", max_size=60))
def test_words_cover_the_text_without_gaps(text):
    t = analyzer.tokens(text)
    assert t.starts == sorted(t.starts)
    assert (t.starts[:1] or [0])[0] == 0
    assert all(a < b for a, b in zip(t.starts, t.ends))
    assert t.starts[1:] == t.ends[:-1]
    assert (t.ends[-1] if t.ends else 0) == len(text)
    for s, e, r in zip(t.starts, t.ends, t.readings):
        assert (r is None) == (not chars.has_kanji(text[s:e]))
    assert t.kanji == [i for i, r in enumerate(t.readings) if r is not None]


def test_readings_come_from_the_sentence():
    assert ("行っ", "おこなっ") in _words("事業を行っています")
    assert ("十分", "じゅうぶん") in _words("十分な支援")
    # Without Sudachi's number joining, kanji numerals are words of their own (read by the engine's rules).
    assert [w for w, _ in _words("三千")] == ["三", "千"]


def test_unknown_kanji_and_given_names_have_no_reading():
    words = dict(_words("𠀋と秋友英稔"))
    assert words["𠀋"] == analyzer.UNKNOWN
    assert words["英稔"] == analyzer.NAME and words["秋友"] == "あきとも"
    # A word taken for a given name with no surname before it is not read either.
    assert dict(_words("国等による調達"))["国等"] == analyzer.UNKNOWN


def test_a_long_text_is_cut_at_sentence_ends():
    text = "障害者の支援を行う。" * 3000                      # 30,000 characters, 90,000 bytes
    pieces = list(analyzer._pieces(text))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= analyzer.MAX_PIECE and p.endswith("。") for _, p in pieces[:-1])
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]
    t = analyzer.tokens(text)
    assert t.ends[-1] == len(text) and t.readings.count("おこなう") == 3000


def test_a_long_line_without_sentence_ends_is_still_cut():
    text = "障害福祉サービス" * 3000
    pieces = list(analyzer._pieces(text))
    assert len(pieces) > 1 and "".join(p for _, p in pieces) == text
    assert analyzer.tokens(text).ends[-1] == len(text)


def test_versions_name_the_analyzer_and_its_dictionary():
    assert "sudachipy 0.7" in analyzer.versions() and "sudachidict_core" in analyzer.versions()


# --- chars.py ------------------------------------------------------------------------

def test_lookalikes_are_folded_one_character_for_one():
    assert chars.fold_lookalikes("⽀援と⼩学校の⼈⺠") == "支援と小学校の人民"
    assert chars.fold_lookalikes("髙橋さんと宮﨑さんと𠮷田さん") == "高橋さんと宮崎さんと吉田さん"
    assert chars.fold_lookalikes("④日中") == "・日中"
    assert chars.fold_lookalikes("七ケ宿町とケアマネ") == "七ヶ宿町とケアマネ"
    assert chars.fold_lookalikes("ふつうの文") == "ふつうの文"
    table = chars.lookalikes()
    assert len([o for o in table if 0x2F00 <= o <= 0x2FD5]) == 214     # every Kangxi radical
    assert all(chars.is_kanji(v) for o, v in table.items() if not 0x2460 <= o <= 0x32BF and o < 0x3000 or o >= 0xF900)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x2E80, max_codepoint=0x2FFF) | st.sampled_from("障害ケヶ①髙﨑あア"),
               max_size=20))
def test_folding_keeps_length_and_everything_but_lookalikes(text):
    folded = chars.fold_lookalikes(text)
    assert len(folded) == len(text)
    for a, b in zip(text, folded):
        assert a == b or ord(a) in chars.lookalikes() or a in "ケヵ"


_KANA = st.characters(min_codepoint=0x3030, max_codepoint=0x3110) | st.sampled_from("ー-・漢字ab 　")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=_KANA, max_size=12))
def test_kana_conversions_follow_their_definitions(text):
    by_char = "".join("か" if ch in "ヶヵ" else chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)
    assert chars.to_hiragana(text) == by_char
    assert chars.to_hiragana(chars.to_katakana(chars.to_hiragana(text))) == chars.to_hiragana(text)


_CHARS = "障害者がいしく著取組みアイウヶヵ々〆〇一二十百0１ab 　・𠮷﨑\u3400\uf900"


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=10))
def test_kanji_class_of_whole_strings_follows_is_kanji(text):
    assert chars.has_kanji(text) == any(chars.is_kanji(ch) for ch in text)
    assert "".join(chars.kanji_runs(text)) == "".join(ch for ch in text if chars.is_kanji(ch))
