"""Character classes and character tables, in one place (as jaconv keeps its tables).

* :data:`KANJI` is the class of characters that get ruby: ideographs and
  ``々 〆 ヶ ヵ 〇``; :func:`is_kanji`, :func:`has_kanji` test it.
* :func:`to_hiragana` and :func:`to_katakana` convert kana.
* :func:`fold_lookalikes` reads a text as the characters it stands for (for
  reading only: the text shown is never changed):
  text copied out of a PDF often carries Kangxi radicals (``⽀ ⼩ ⼈``), CJK
  radical supplements (``⺠ ⻑``) or compatibility ideographs in place of the
  ordinary kanji, and old or variant forms of name kanji (``髙 﨑``) are
  read like their common forms.  The result has the same length as the
  input, character for character, so positions carry over.
"""
from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "KANJI",
    "is_kanji",
    "has_kanji",
    "is_hiragana",
    "is_katakana",
    "is_kana",
    "to_hiragana",
    "to_katakana",
    "fold_lookalikes",
    "lookalikes",
    "pdf_glyphs",
    "pattern",
]

# Ideographs (unified, extension A, compatibility, extensions B and later) and
# the marks read as part of a kanji word: 々 (repeat), 〆, ヶ ヵ (箇), 〇.
KANJI = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff々〆ヶヵ〇"


@functools.cache
def pattern(source: str) -> re.Pattern:
    """``re.compile(source)``, compiled on first use.

    A class as large as :data:`KANJI` takes a millisecond or more to compile;
    a build served from the caches uses none of them.
    """
    return re.compile(source)


def is_kanji(ch: str) -> bool:
    """True for a character that gets ruby (see :data:`KANJI`)."""
    return pattern(f"[{KANJI}]").fullmatch(ch) is not None


def has_kanji(text: str) -> bool:
    return pattern(f"[{KANJI}]").search(text) is not None


def kanji_runs(text: str) -> list[str]:
    return pattern(f"[{KANJI}]+").findall(text)


def is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def is_katakana(ch: str) -> bool:
    """Katakana (full and half width, with ー), not the kanji-like ヶ ヵ or the dot ・."""
    return ("\u30a1" <= ch <= "\u30ff" and ch not in "ヶヵ・") or "\u31f0" <= ch <= "\u31ff" or "\uff66" <= ch <= "\uff9f"


def is_kana(ch: str) -> bool:
    return is_hiragana(ch) or is_katakana(ch)


# Katakana ァ..ヴ to hiragana ぁ..ゔ; ヵ and ヶ to か.
_TO_HIRAGANA = {o: o - 0x60 for o in range(0x30A1, 0x30F5)} | {ord("ヵ"): "か", ord("ヶ"): "か"}
_TO_KATAKANA = {o: o + 0x60 for o in range(0x3041, 0x3095)}


def to_hiragana(text: str) -> str:
    """Katakana to hiragana; everything else unchanged (ヶ/ヵ become か)."""
    return text.translate(_TO_HIRAGANA)


def to_katakana(text: str) -> str:
    """Hiragana to katakana; everything else unchanged."""
    return text.translate(_TO_KATAKANA)


# ---------------------------------------------------------------------------
# Look-alike characters

# CJK radical supplements that stand for a whole kanji in Japanese text (the
# J-simplified radical forms a PDF's font maps its glyphs to).  Kangxi
# radicals and compatibility ideographs need no list: NFKC folds them.
_RADICAL_SUPPLEMENTS = {
    "⺟": "母", "⺠": "民", "⻁": "虎", "⻄": "西", "⻆": "角", "⻑": "長",
    "⻘": "青", "⻝": "食", "⻣": "骨", "⻤": "鬼", "⻨": "麦", "⻩": "黄",
    "⻫": "斉", "⻭": "歯", "⻯": "竜", "⻲": "亀",
}

# Variant forms of kanji in names, read like the common form (髙橋 たかはし).
_NAME_VARIANTS = {
    "髙": "高", "﨑": "崎", "嵜": "崎", "𠮷": "吉", "德": "徳", "邉": "辺", "邊": "辺",
    "濵": "浜", "濱": "浜", "齋": "斎", "齊": "斉", "嶋": "島", "槗": "橋", "桒": "桑",
    "曻": "昇", "冨": "富",
}

# Circled and parenthesised numbers are list markers (①, ⑵); the analyzer would
# read ④日 as "the 4th".  For reading they are a neutral mark.
_NUMBER_MARKS = {o: "・" for o in list(range(0x2460, 0x24FF + 1)) + list(range(0x2776, 0x2793 + 1))
                 + list(range(0x3251, 0x325F + 1)) + list(range(0x32B1, 0x32BF + 1))}

# The ranges NFKC folds to one ideograph: Kangxi radicals, and the
# compatibility ideographs (and their supplement).
_FOLDED_RANGES = ((0x2F00, 0x2FD5), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


@functools.cache
def _lookalike_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _FOLDED_RANGES:
        for o in range(lo, hi + 1):
            c = chr(o)
            folded = unicodedata.normalize("NFKC", c)
            if folded != c and len(folded) == 1 and is_kanji(folded):
                table[o] = folded
    for src, dst in (_RADICAL_SUPPLEMENTS | _NAME_VARIANTS).items():
        if src != dst:
            table[ord(src)] = dst
    table.update(_NUMBER_MARKS)
    return table


def lookalikes() -> dict[int, str]:
    """The table :func:`fold_lookalikes` uses: code point → the kanji it stands for."""
    return dict(_lookalike_table())


# Every character fold_lookalikes may change (compiled on first use).
_LOOKALIKE_CHAR = ("[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf"
                   "\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f" + "".join(_NAME_VARIANTS) + "]")


@functools.cache
def _pdf_glyph_table() -> dict[int, str]:
    table = {o: unicodedata.normalize("NFKC", chr(o)) for o in range(0x2F00, 0x2FD5 + 1)}
    table.update({ord(src): dst for src, dst in _RADICAL_SUPPLEMENTS.items()})
    return {o: c for o, c in table.items() if len(c) == 1 and c != chr(o)}


_PDF_GLYPH = "[\u2e80-\u2fdf]"


def pdf_glyphs(text: str) -> list[tuple[int, str, str]]:
    """``(index, glyph, kanji)`` for each Kangxi radical or radical supplement that stands for a kanji.

    A PDF whose font maps its glyphs to these code points gives ``⽀援``
    for ``支援`` when its text is copied out; they are shown as the kanji
    they stand for (``text/repair.py``).  Unlike :func:`fold_lookalikes`,
    compatibility ideographs and name variants (``髙 﨑``) are real
    characters of the text and stay as they are.
    """
    if pattern(_PDF_GLYPH).search(text) is None:
        return []
    table = _pdf_glyph_table()
    return [(m.start(), m.group(), table[ord(m.group())]) for m in pattern(_PDF_GLYPH).finditer(text)
            if ord(m.group()) in table]


def fold_lookalikes(text: str) -> str:
    """``text`` with look-alike characters replaced by the kanji they stand for.

    One character for one (``len`` and positions are kept): ``⽀援`` → ``支援``,
    ``⼈⺠`` → ``人民``, ``髙橋`` → ``高橋``; a katakana ケ between kanji is the
    small ヶ of place names and counters (七ケ宿町, 一ケ所); circled numbers
    (list markers) become ``・``.
    """
    if pattern(_LOOKALIKE_CHAR).search(text) is not None:
        text = text.translate(_lookalike_table())
    if "ケ" in text:
        text = pattern(f"(?<=[{KANJI}])[ケヵ](?=[{KANJI}])").sub("ヶ", text)
    return text
