"""The second opinion: words whose reading staff should check.

The reading engine (``readings.py``) reads with a morphological analyzer;
pykakasi (``kakasi.py``) reads the same text with its own dictionary and no
grammar.  Where the two disagree on a word that no dictionary decided (the
staff's ``readings.tsv``, the shipped dictionary, the gazetteer, a
glossary's reading) and no number rule read, the reading shown may be
wrong: :func:`doubts` lists those words, each with the sentence it came
from, for ``yomitoki check`` (「読みを確かめてください」).

The two segment a text differently, so they are compared on the smallest
stretches of text both cut at the same places: ``事業を行っています`` is
compared as 事業 (じぎょう, じぎょう) and 行って (おこなって, いって).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..chars import fold_lookalikes, has_kanji, to_hiragana
from .readings import _CONVENTIONS, _NOUN_END, Analysis

__all__ = ["Doubt", "doubts", "sentence_around"]

_RE_DIGIT = re.compile(r"[0-9０-９]")
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]?")


@dataclass(frozen=True)
class Doubt:
    """A word the engine and pykakasi read differently."""

    word: str           # as the text writes it
    reading: str        # the engine's reading: what the ruby shows
    other: str          # pykakasi's reading ("" where it has none)
    sentence: str       # the first sentence it was found in
    count: int = 1      # how many times it was found


def doubts(analyses: Iterable[Analysis], reader=None) -> list[Doubt]:
    """The words of these texts read differently by the engine and pykakasi, once each, in order.

    ``reader`` is a :class:`yomitoki.enrich.kakasi.KanjiReader` (pykakasi's
    dictionary, loaded on first use otherwise).
    """
    if reader is None:
        from .kakasi import kanji_reader

        reader = kanji_reader()
    found: dict[tuple[str, str, str], list] = {}
    for analysis in analyses:
        for word, reading, other, start, end in _compare(analysis, reader):
            key = (word, reading, other)
            if key in found:
                found[key][1] += 1
            else:
                found[key] = [sentence_around(analysis.text, start, end), 1]
    return [Doubt(word, reading, other, sentence, count)
            for (word, reading, other), (sentence, count) in found.items()]


def _compare(analysis: Analysis, reader) -> Iterable[tuple[str, str, str, int, int]]:
    """(text, engine's reading, pykakasi's, start, end) of each stretch read differently."""
    text = analysis.text
    words = analysis.raw
    if not any(w[3] == "analyzer" for w in words):
        return
    norm = fold_lookalikes(text)
    # pykakasi's tokens, as (start, end, reading)
    theirs: list[tuple[int, int, str]] = []
    at = 0
    for orig, hira in reader.tokens(norm):
        hira = to_hiragana(hira).replace("ゖ", "か").replace("ゕ", "か")
        theirs.append((at, at + len(orig), _with_conventions(norm, at, orig, hira)))
        at += len(orig)
    their_cuts = {0} | {end for _, end, _ in theirs}
    # The engine cuts at the ends of its kanji words, and anywhere outside them.
    inside: set[int] = set()
    for start, end, _, _ in words:
        inside.update(range(start + 1, end))
    k = 0
    i, n = 0, len(words)
    while i < n:
        if words[i][3] != "analyzer":
            i += 1
            continue
        # Widen the word until both cut at its start and at its end.
        a, b = words[i][0], words[i][1]
        while a > 0 and (a not in their_cuts or a in inside):
            a -= 1
        while b < len(text) and (b not in their_cuts or b in inside):
            b += 1
        first = i
        while first > 0 and words[first - 1][1] > a:
            first -= 1
        last = i
        while last + 1 < n and words[last + 1][0] < b:
            last += 1
        group = words[first:last + 1]
        i = last + 1
        if any(w[3] != "analyzer" for w in group):
            continue                 # a dictionary or a number rule decided part of it
        while k < len(theirs) and theirs[k][1] <= a:
            k += 1
        ours = _spans_reading(analysis.spans, a, b)
        other = _their_reading(norm, theirs, k, b)
        if _RE_DIGIT.search(ours):
            continue                 # 第１章: a figure gets no ruby, and its word is the number rules' to read
        if ours != other:
            yield text[a:b], ours, other, a, b


def _spans_reading(spans, start: int, end: int) -> str:
    """What the ruby shows for ``text[start:end]`` (no ruby span is cut by start or end)."""
    out, at = [], 0
    for span in spans:
        s, e = at, at + len(span.base)
        at = e
        if e <= start:
            continue
        if s >= end:
            break
        if span.reading is not None:
            out.append(span.reading)
        else:
            out.append(to_hiragana(span.base[max(start, s) - s:min(end, e) - s]))
    return "".join(out)


def _their_reading(norm: str, theirs: list[tuple[int, int, str]], k: int, end: int) -> str:
    out = []
    while k < len(theirs) and theirs[k][0] < end:
        s, e, reading = theirs[k]
        out.append(reading if reading or has_kanji(norm[s:e]) else to_hiragana(norm[s:e]))
        k += 1
    return "".join(out)


def _with_conventions(norm: str, start: int, orig: str, hira: str) -> str:
    """pykakasi's reading of a word with the conventions of administrative writing the
    engine follows (``readings._CONVENTIONS``: 障害者等 とう, 入所者 しゃ, 配布数 すう):
    pykakasi reads 者 as もの and 等 as など everywhere, which is no reason to doubt."""
    last = orig[-1:]
    rule = _CONVENTIONS.get(last)
    if rule is None or not hira:
        return hira
    before = len(orig) - 1
    if _NOUN_END.search(norm, max(0, start + before - 4), start + before) is None:
        return hira
    for wrong in rule[0]:
        if hira.endswith(wrong):
            return hira[: len(hira) - len(wrong)] + rule[1]
    return hira


def sentence_around(text: str, start: int, end: int, width: int = 60) -> str:
    """The sentence of ``text`` that holds ``text[start:end]``, cut to about ``width`` characters."""
    for m in _SENTENCE.finditer(text):
        if m.start() <= start < m.end() or (m.start() <= start and m.end() >= end):
            s, e = m.start(), m.end()
            break
    else:
        s, e = 0, len(text)
    if e - s > width:
        half = (width - (end - start)) // 2
        s2 = max(s, start - max(half, 8))
        e2 = min(e, end + max(half, 8))
        return ("…" if s2 > s else "") + text[s2:e2].strip() + ("…" if e2 < e else "")
    return text[s:e].strip()
