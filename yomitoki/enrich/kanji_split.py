"""A word's reading divided among its kanji, where the division is certain.

Ruby over a whole word (``<ruby>就労<rt>しゅうろう</rt></ruby>``) centres
the reading over the word; when the reading is wider, the browser spreads
the word's kanji apart and the reader cannot tell which kana belong to which
kanji.  Ruby per kanji (就(しゅう)労(ろう)) keeps each reading over its kanji.

:func:`split_reading` divides a reading only where each kanji's share is
certain: the reading must be written, in exactly one way, as a sequence of
readings that dictionaries give each kanji as an entry of its own (the
morphological analyzer's, :func:`yomitoki.enrich.analyzer.kanji_readings`,
which lacks many on readings such as 就, 援, 祉; and pykakasi's, the second
opinion's, :meth:`yomitoki.enrich.kakasi.KanjiReader.kanji_readings`, written
out in ``data/kakasi_kanji.tsv`` by ``tools/make_kakasi_kanji.py``),
allowing the regular sound changes inside a compound:

* a voiced first kana after the first kanji (人々 ひとびと, 三百 さんびゃく,
  and p for h: 六百 ろっぴゃく);
* a small っ for a final く, つ, ち or き before the last kanji (学校 がっこう,
  六百 ろっぴゃく).

``々`` repeats the kanji before it.  A kanji the dictionary knows no reading
of, a reading left over, or two ways to divide: no division (``None``), and
the word keeps one ruby.
"""
from __future__ import annotations

import functools
import importlib.resources

from ..chars import fold_lookalikes, is_kanji

__all__ = ["split_reading", "TABLE"]

_VOICED = dict(zip("かきくけこさしすせそたちつてとはひふへほ",
                   "がぎぐげござじずぜぞだぢづでどばびぶべぼ"))
_HALF_VOICED = dict(zip("はひふへほ", "ぱぴぷぺぽ"))
_GEMINATE = "くつちき"
MAX_LENGTH = 12           # longer words are left whole (a division would be a long search)


def _forms(readings: frozenset[str], first: bool, last: bool) -> frozenset[str]:
    out = set(readings)
    if not first:
        for r in readings:
            for table in (_VOICED, _HALF_VOICED):
                if r[0] in table:
                    out.add(table[r[0]] + r[1:])
    if not last:
        for r in list(out):
            if len(r) > 1 and r[-1] in _GEMINATE:
                out.add(r[:-1] + "っ")
    return frozenset(out)


@functools.lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset[str]:
    """Every reading of ``ch`` as a word of its own, in either dictionary."""
    from .analyzer import kanji_readings

    return kanji_readings(ch) | frozenset(_kakasi_table().get(ch, ()))


TABLE = "data/kakasi_kanji.tsv"       # pykakasi's single-kanji readings (tools/make_kakasi_kanji.py)


@functools.lru_cache(maxsize=1)
def _kakasi_table() -> dict[str, tuple[str, ...]]:
    """pykakasi's readings of single kanji, from the table written from its dictionary
    (loading the dictionary itself takes half a second; the table, a few milliseconds)."""
    text = (importlib.resources.files("yomitoki") / TABLE).read_text(encoding="utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kanji, _, readings = line.partition("\t")
            table[kanji] = tuple(readings.split())
    return table


@functools.lru_cache(maxsize=50_000)
def split_reading(word: str, reading: str) -> tuple[tuple[str, str], ...] | None:
    """``((kanji, its reading), …)`` for a word of two or more kanji, or None when not certain.

    ``split_reading("就労", "しゅうろう")`` → ``(("就", "しゅう"), ("労", "ろう"))``
    if the dictionary knows both kanji; the pieces add up to ``word`` and
    ``reading``.
    """
    n = len(word)
    if n < 2 or n > MAX_LENGTH or not reading or not all(is_kanji(ch) for ch in word):
        return None
    folded = fold_lookalikes(word)
    options: list[frozenset[str]] = []
    for i, ch in enumerate(folded):
        base = _readings(folded[i - 1] if ch == "々" and i > 0 else ch)
        if not base:
            return None
        options.append(_forms(base, i == 0, i == n - 1))

    found: list[tuple[str, ...]] = []

    def walk(i: int, pos: int, acc: list[str]) -> None:
        if len(found) > 1:
            return
        if i == n:
            if pos == len(reading):
                found.append(tuple(acc))
            return
        for r in options[i]:
            if reading.startswith(r, pos) and len(reading) - pos - len(r) >= n - i - 1:
                acc.append(r)
                walk(i + 1, pos + len(r), acc)
                acc.pop()

    walk(0, 0, [])
    if len(found) != 1:
        return None
    return tuple(zip(word, found[0]))
