"""A reading laid over its word: which part of the reading belongs to which kanji run.

``align_reading("取り組み", "とりくみ")`` → ``[("取", "と"), ("り", None), ("組", "く"), ("み", None)]``:
the kana of the word must appear in the reading where they stand.
:func:`fits` says whether a dictionary's reading can be laid over its term
at all; the build checks the readings a plan's glossary gives with it
before anything is read, so this module is apart from the reading engine
(``readings.py``), which uses it too.
"""
from __future__ import annotations

import functools
import re

from ..chars import KANJI, fold_lookalikes, is_hiragana as _is_hiragana, is_kana as _is_kana, is_kanji, to_hiragana

__all__ = ["align_reading", "fits"]


_RUN = re.compile(f"([{KANJI}]+)|([^{KANJI}]+)")


def _runs(word: str) -> list[tuple[bool, str]]:
    """Split a word into (is_kanji, run) pieces."""
    return [(bool(kanji), kanji or other) for kanji, other in _RUN.findall(word)]


def align_reading(word: str, reading: str) -> list[tuple[str, str | None]] | None:
    """Align ``reading`` with ``word`` so that only kanji runs carry a reading.

    ``align_reading("著しく", "いちじるしく")`` → ``[("著", "いちじる"), ("しく", None)]``.
    Non-kanji runs must appear literally in the reading (katakana compared as
    hiragana).  Returns None when the alignment fails or is ambiguous.
    """
    aligned = _aligned(word, reading)
    return None if aligned is None else list(aligned)


@functools.lru_cache(maxsize=50_000)
def _aligned(word: str, reading: str) -> tuple[tuple[str, str | None], ...] | None:
    """:func:`align_reading`, cached (a plan reads the same words again and again)."""
    runs = _runs(word)
    if not any(k for k, _ in runs):
        return ((word, None),) if to_hiragana(word) == reading or not reading else None
    if len(runs) == 1:
        return ((word, reading),) if reading else None
    keys = [(k, to_hiragana(r) if not k else r) for k, r in runs]
    solutions: list[list[str]] = []

    def walk(i: int, pos: int, acc: list[str]) -> None:
        if len(solutions) > 1:
            return
        if i == len(keys):
            if pos == len(reading):
                solutions.append(list(acc))
            return
        is_k, key = keys[i]
        if not is_k:
            if reading.startswith(key, pos):
                acc.append(key)
                walk(i + 1, pos + len(key), acc)
                acc.pop()
            return
        for end in range(pos + 1, len(reading) + 1):
            acc.append(reading[pos:end])
            walk(i + 1, end, acc)
            acc.pop()

    walk(0, 0, [])
    if len(solutions) != 1:
        return None
    return tuple((run, piece if is_k else None) for (is_k, run), piece in zip(runs, solutions[0]))


# Letter names as the analyzer reads them (A型 エーガタ), with common variants.
_LETTER_NAMES = {
    "A": "えー|えい", "B": "びー", "C": "しー", "D": "でぃー|でー", "E": "いー", "F": "えふ",
    "G": "じー", "H": "えいち|えっち|えーち", "I": "あい", "J": "じぇい|じぇー", "K": "けー|けい",
    "L": "える", "M": "えむ", "N": "えぬ", "O": "おー", "P": "ぴー", "Q": "きゅー", "R": "あーる",
    "S": "えす", "T": "てぃー|てー", "U": "ゆー", "V": "ぶい|ぶいー", "W": "だぶりゅー|だぶる",
    "X": "えっくす", "Y": "わい", "Z": "ぜっと|ぜっど",
}
_LATIN_RUN = re.compile("[A-Za-zＡ-Ｚａ-ｚ]+")


# Kana the analyzer writes as they sound in its readings (若しくは もしくわ).
_SOUNDED = {"は": "は|わ", "へ": "へ|え", "を": "を|お"}
_ALIGN_LOOSE = re.compile("[A-Za-zＡ-Ｚａ-ｚはへを]")


def _align_sounded(word: str, reading: str) -> list[tuple[str, str | None]] | None:
    """Align a word whose reading spells some of its non-kanji by sound: Latin letters by
    name (A型 えーがた), the particles は へ を as わ え お (若しくは もしくわ).
    Those parts get no ruby."""
    import unicodedata

    pattern: list[str] = []
    pieces: list[tuple[str, bool]] = []        # (run, carries a reading)
    for kanji, other in _RUN.findall(word):
        if kanji:
            pattern.append("(.+?)")
            pieces.append((kanji, True))
            continue
        for ch in unicodedata.normalize("NFKC", other) if _LATIN_RUN.search(other) else other:
            upper = ch.upper()
            if upper in _LETTER_NAMES:
                pattern.append(f"(?:{_LETTER_NAMES[upper]})")
            elif ch in _SOUNDED:
                pattern.append(f"(?:{_SOUNDED[ch]})")
            else:
                pattern.append(re.escape(to_hiragana(ch)))
        pieces.append((other, False))
    m = re.fullmatch("".join(pattern), reading)
    if m is None:
        return None
    groups = iter(m.groups())
    return [(run, next(groups) if read else None) for run, read in pieces]


def _split_loosely(orig: str, hira: str) -> list[tuple[str, str | None]]:
    """Fallback when alignment fails: strip kana shared at both ends, ruby over the rest."""
    head = 0
    while (head < len(orig) and head < len(hira) and not is_kanji(orig[head])
           and to_hiragana(orig[head]) == hira[head]):
        head += 1
    tail = 0
    while (tail < len(orig) - head and tail < len(hira) - head
           and not is_kanji(orig[-1 - tail]) and to_hiragana(orig[-1 - tail]) == hira[-1 - tail]):
        tail += 1
    out: list[tuple[str, str | None]] = []
    if head:
        out.append((orig[:head], None))
    out.append((orig[head:len(orig) - tail], hira[head:len(hira) - tail] or hira))
    if tail:
        out.append((orig[len(orig) - tail:], None))
    return out


# ---------------------------------------------------------------------------
# Dictionary files

_ALL_HIRAGANA = re.compile("[\u3041-\u309fー]*")


def _reading_chars_ok(term: str, reading: str) -> bool:
    """A reading is hiragana, plus any non-kana characters the term itself contains."""
    if _ALL_HIRAGANA.fullmatch(reading):
        return True                     # (the usual case, without looking at the term)
    extra = {ch for ch in term if not is_kanji(ch) and not _is_kana(ch)}
    return all(_is_hiragana(ch) or ch == "ー" or ch in extra for ch in reading)


def fits(term: str, reading: str) -> bool:
    """Whether a dictionary reading can be laid over its term: the term's kana
    (and Latin letters, by name) appear in the reading where they stand."""
    folded = fold_lookalikes(term)
    return _aligned(folded, reading) is not None or (
        _ALIGN_LOOSE.search(folded) is not None and _align_sounded(folded, reading) is not None)
