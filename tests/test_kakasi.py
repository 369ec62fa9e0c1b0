"""kakasi.py: pykakasi's dictionary looked up directly gives pykakasi's words and readings.

pykakasi is the reading engine's second opinion (second_opinion.py), and its
internals are used: these tests pin what the pinned version does.
"""
from __future__ import annotations

import pathlib
import re

import pykakasi
import pytest

from yomitoki.chars import has_kanji
from yomitoki.enrich.kakasi import KanjiReader, kanji_reader

SOURCE_TEXTS = pathlib.Path(__file__).resolve().parents[1] / "source_texts"


@pytest.fixture(scope="module")
def reader() -> KanjiReader:
    return kanji_reader()


def _kanji_tokens(tokens):
    return [(orig, hira) for orig, hira in tokens if has_kanji(orig)]


# The bundled texts cut into short chunks at spaces and punctuation.
_SEPARATORS = re.compile(r"[\s。、，,．.・:：;；!！?？「」『』()（）［］\[\]【】〈〉《》〔〕｛｝{}<>＜＞\"'“”‘’/／~〜～…‥|｜=＝+＋*＊※●○◎■□◆◇▲△▼▽★☆→←↑↓\-－―‐─]+")


def _source_chunks() -> list[str]:
    chunks: dict[str, None] = {}
    for path in sorted(SOURCE_TEXTS.glob("*.txt")):
        for piece in _SEPARATORS.split(path.read_text(encoding="utf-8")):
            for i in range(0, len(piece), 40):
                if has_kanji(piece[i:i + 40]):
                    chunks[piece[i:i + 40]] = None
    return list(chunks)


def test_same_words_and_readings_as_pykakasi_on_the_bundled_texts(reader):
    kks = pykakasi.kakasi()
    chunks = _source_chunks()
    assert len(chunks) > 3000
    compared = 0
    for chunk in chunks:
        ours = reader.tokens(chunk)
        assert "".join(orig for orig, _ in ours) == chunk
        theirs = [(d["orig"], d["hira"]) for d in kks.convert(chunk)]
        if "".join(orig for orig, _ in theirs) != chunk:
            continue            # pykakasi lost or doubled text here (see the next test)
        compared += 1
        assert _kanji_tokens(ours) == _kanji_tokens(theirs), chunk
    assert compared >= len(chunks) - 10


def test_nothing_is_lost_where_pykakasi_loses_text(reader):
    # pykakasi repeats 宮 for 宮﨑 and drops the non-BMP 𠮷; the reader keeps both, unread.
    assert [d["orig"] for d in pykakasi.kakasi().convert("宮﨑俊雄")] != ["宮", "﨑", "俊雄"]
    assert reader.tokens("宮﨑俊雄") == [("宮", "みや"), ("﨑", "﨑"), ("俊雄", "としお")]
    tokens = reader.tokens("𠮷野家の計画")
    assert "".join(o for o, _ in tokens) == "𠮷野家の計画"
    assert ("計画", "けいかく") in tokens


def test_unknown_kanji_does_not_swallow_the_next_character(reader):
    # pykakasi skips the character after a kanji it cannot read.
    unknown = next(ch for ch in map(chr, range(0x4E00, 0x9FFF)) if reader.word_at(ch, 0) is None)
    tokens = reader.tokens(unknown + "の計画")
    assert tokens == [(unknown, ""), ("の", "の"), ("計画", "けいかく")]


def test_longest_word_and_okurigana(reader):
    assert reader.tokens("取り組みを行う") == [("取り組み", "とりくみ"), ("を", "を"), ("行う", "おこなう")]
    assert reader.tokens("サービス等") == [("サービス", "さーびす"), ("等", "など")]  # the engine makes it とう
    assert reader.tokens("障害福祉計画") == [("障害", "しょうがい"), ("福祉", "ふくし"), ("計画", "けいかく")]


def test_long_vowel_mark_continues_the_word_as_in_pykakasi(reader):
    assert reader.tokens("計画ー") == [("計画ー", "けいかくー")]


def test_variant_kanji_and_variation_selectors(reader):
    kks = pykakasi.kakasi()
    for text in ("髙橋", "葛\U000E0100飾区", "辻\ufe00"):
        ours = reader.tokens(text)
        assert "".join(o for o, _ in ours) == text
        theirs = [(d["orig"], d["hira"]) for d in kks.convert(text)]
        if "".join(o for o, _ in theirs) == text:
            assert ours == theirs or _kanji_tokens(ours) == _kanji_tokens(theirs)


def test_a_selector_after_a_word_stays_with_it(reader):
    # pykakasi keeps an ideographic variation selector (U+E0100…) after the
    # last kanji apart; it belongs to that kanji, like U+FE00.
    for selector in ("\ufe00", "\U000E0100"):
        tokens = reader.tokens("辻" + selector + "の計画")
        assert tokens[0][0] == "辻" + selector and tokens[0][1]
        assert "".join(o for o, _ in tokens) == "辻" + selector + "の計画"
