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
opinion's, :meth:`yomitoki.enrich.kakasi.KanjiReader.kanji_readings`),
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
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from ..chars import fold_lookalikes, is_kanji

__all__ = ["split_reading", "prefetch"]

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


# pykakasi's single-kanji readings, read in a child process: loading its
# dictionary takes half a second of the GIL and 100 MB, which a child spends
# on the other core while MkDocs converts the pages (prefetch(), called when
# the build starts reading).  If the child fails, they are read here.
_lock = threading.Lock()
_child: subprocess.Popen | None = None
_table: dict[str, list[str]] | None = None


def prefetch() -> None:
    """Start reading pykakasi's single-kanji readings in a child process (once)."""
    global _child
    with _lock:
        if _table is not None or _child is not None:
            return
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (root, env.get("PYTHONPATH"))))
        try:
            _child = subprocess.Popen([sys.executable, "-m", "yomitoki.enrich.kakasi"], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            _child = None


def _kakasi_table() -> dict[str, list[str]]:
    global _table, _child
    if _table is not None:
        return _table
    prefetch()
    with _lock:
        if _table is None:
            table = None
            if _child is not None:
                out, _ = _child.communicate()
                if _child.returncode == 0:
                    try:
                        table = json.loads(out.decode("utf-8"))
                    except ValueError:
                        table = None
                _child = None
            if not isinstance(table, dict):
                from .kakasi import single_kanji_readings

                table = single_kanji_readings()
            _table = table
    return _table


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
