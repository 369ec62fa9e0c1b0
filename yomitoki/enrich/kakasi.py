"""pykakasi's words and readings, looked up directly: the engine's second opinion.

The reading engine (``readings.py``) reads with a morphological analyzer.
``yomitoki check`` asks pykakasi too and lists the words on which the two
disagree and no dictionary decides (``second_opinion.py``).

pykakasi's ``kakasi().convert`` finds the longest dictionary word at each
kanji and then makes six spellings of every token (hiragana, katakana and
three romanisations).  Only the words and their hiragana are needed here,
and pykakasi finds a word by testing every entry that starts with the same
kanji (up to 2,514 of them) against the text.  :class:`KanjiReader` uses the
same dictionary (pykakasi's ``Kanwa`` and ``Itaiji`` tables) and the same
rule, the longest entry wins and among equally long ones the first, but
looks the text up by length instead, and makes only the hiragana: the same
words and readings as pykakasi (tests/test_kakasi.py) in about a tenth of
the time.  These are pykakasi's internals, hence the pinned version
(``pykakasi~=2.3.0``).

Where pykakasi's tokens do not add up to its input it is not followed: it
drops characters outside the Basic Multilingual Plane (CJK extension B
kanji such as 𠮷) and skips the character after a kanji it cannot read.
Here such a kanji is a token without a reading and nothing is lost.
"""
from __future__ import annotations

import functools

__all__ = ["KanjiReader", "kanji_reader", "single_kanji_readings"]

# pykakasi's long vowel marks, which continue the token before them (計画ー).
_LONG_MARKS = "\u30fc\u2015\u2212\uff70"


class KanjiReader:
    """``tokens(text)``: the text cut into kanji words (with readings) and the rest."""

    def __init__(self) -> None:
        from pykakasi.kanji import Itaiji, Kanwa
        from pykakasi.scripts import A2, H2, K2, IConv, Sym2

        # ord(first kanji) -> {word: [(yomi, context)]}, pykakasi's Kanwa table
        self._table = Kanwa()._jisyo_table
        self._itaiji = Itaiji()._itaijidict          # variant kanji -> standard, selectors -> None
        self._iconv = IConv()
        self._other_script = (K2.isRegion, H2.isRegion, A2.isRegion, Sym2.isRegion)
        self._lengths: dict[int, tuple[int, ...]] = {}
        self._kanji: dict[str, bool] = {}

    def reads(self, ch: str) -> bool:
        """Whether pykakasi reads ``ch`` with its kanji dictionary (its own notion of a kanji)."""
        known = self._kanji.get(ch)
        if known is None:
            o = ord(ch)
            known = ((0x3400 <= o < 0xE000 or o in self._itaiji)
                     and not any(region(ch) for region in self._other_script))
            self._kanji[ch] = known
        return known

    def _word_lengths(self, key: int, table: dict) -> tuple[int, ...]:
        lengths = self._lengths.get(key)
        if lengths is None:
            lengths = tuple(sorted({len(word) for word in table}, reverse=True))
            self._lengths[key] = lengths
        return lengths

    def word_at(self, text: str, i: int, before: str = "") -> tuple[str, int] | None:
        """(hiragana, length in ``text``) of the longest dictionary word at ``text[i]``, or None.

        ``before`` is the text just before (some entries apply only after
        certain words, as in pykakasi).
        """
        rest = text[i:]
        standard = rest.translate(self._itaiji)
        if not standard:
            return None
        table = self._table.get(ord(standard[0]))
        if table is None:
            return None
        for length in self._word_lengths(ord(standard[0]), table):
            if length > len(standard):
                continue
            entries = table.get(standard[:length])
            if entries:
                for yomi, context in entries:
                    if context is None or before in context:
                        if len(standard) != len(rest):
                            length = _length_with_selectors(rest, standard, length)
                        return self._hiragana(yomi), length
        return None

    def kanji_readings(self, ch: str) -> frozenset[str]:
        """The readings (hiragana) of the kanji ``ch`` as an entry of its own (就: しゅう, なり, のり)."""
        standard = ch.translate(self._itaiji)
        if len(standard) != 1:
            return frozenset()
        entries = self._table.get(ord(standard), {}).get(standard, ())
        return frozenset(self._hiragana(yomi) for yomi, context in entries if context is None)

    @functools.lru_cache(maxsize=None)
    def _hiragana(self, yomi: str) -> str:
        return self._iconv._k2h(yomi)

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """(original, hiragana) pieces that add up to ``text``.

        Kanji words carry their reading; a kanji the dictionary does not know
        carries ``""``; any other run its kana in hiragana (ヶ gives ゖ, as in
        pykakasi).
        """
        out: list[tuple[str, str]] = []
        i, n = 0, len(text)
        plain_start = 0
        before = ""
        while i < n:
            ch = text[i]
            if not self.reads(ch):
                i += 1
                continue
            if plain_start < i:
                before = text[plain_start:i]
                out.append((before, self._hiragana(before)))
            hit = self.word_at(text, i, before)
            if hit is None:
                out.append((ch, ""))
                before = ch
                i += 1
            else:
                yomi, length = hit
                end = i + length
                while end < n and text[end] in _LONG_MARKS:
                    end += 1
                word = text[i:end]
                out.append((word, yomi + text[i + length:end]))
                before = word
                i = end
            plain_start = i
        if plain_start < n:
            out.append((text[plain_start:], self._hiragana(text[plain_start:])))
        return out


def _length_with_selectors(original: str, standard: str, length: int) -> int:
    """The length in ``original`` of a word ``length`` long in ``standard``,
    which is ``original`` without its variation selectors (pykakasi's
    ``JConv.convert`` counts them this way)."""
    selectors = len(original) - len(standard)
    for _ in range(selectors):
        if length > len(original):
            break
        if standard[length - 1] != original[length - 1]:
            length += 1
        elif length < len(original) and _is_selector(original[length]):
            length += 1
    return length


def _is_selector(ch: str) -> bool:
    return 0xE0100 <= ord(ch) <= 0xE01EF or 0xFE00 <= ord(ch) <= 0xFE02


@functools.lru_cache(maxsize=1)
def kanji_reader() -> KanjiReader:
    """One reader per process (pykakasi's dictionary takes about half a second to load)."""
    return KanjiReader()


def single_kanji_readings() -> dict[str, list[str]]:
    """Every kanji pykakasi has an entry of its own for, with the readings of that entry.

    What :mod:`yomitoki.enrich.kanji_split` needs of pykakasi: a few thousand
    kanji, written out once by ``tools/make_kakasi_kanji.py`` (loading
    pykakasi's dictionary takes half a second and 100 MB).
    """
    reader = kanji_reader()
    out: dict[str, list[str]] = {}
    for key, words in reader._table.items():
        ch = chr(key)
        if ch in words:
            readings = sorted(reader.kanji_readings(ch))
            if readings:
                out[ch] = readings
    return out

