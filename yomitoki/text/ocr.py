"""Suspected OCR errors: words that differ from a word the plan uses more by look-alike characters.

Text taken from PDFs by OCR confuses characters that look alike: ``目標值``
(值 is the Chinese form) for ``目標値``, ``日標`` or ``月標`` for ``目標``.
A word is suspect when swapping look-alike characters turns it into a word
the same plan uses more often.  The check reports; it never changes text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import product

from ..chars import KANJI

# Groups of characters OCR mistakes for one another.
LOOKALIKES = [
    "目日月白旦",
    "値值",
    "土士",
    "未末",
    "己已巳",
    "力カ",
    "口ロ",
    "工エ",
    "夕タ",
    "二ニ",
    "八ハ",
    "人入",
    "千于干",
    "手毛",
    "牛午",
    "問門",
    "績積",
    "援授",
    "祉社",
    "障陣",
    "児兒",
]
_PARTNERS: dict[str, str] = {}
for group in LOOKALIKES:
    for ch in group:
        _PARTNERS[ch] = group

# Words: runs of kanji (and katakana), with spaces inside 【】 labels removed.
_WORD = re.compile(f"[{KANJI}\u30a0-\u30ff]{{2,8}}")
_LABEL = re.compile(r"【([^【】]{1,20})】")
MAX_SWAPS = 2
_DATE = re.compile(r"[〇一二三四五六七八九十百千]+[年月日]")


@dataclass
class Suspect:
    line: int
    word: str
    likely: str
    count: int          # how often the plan uses the likely word


def _variants(word: str):
    spots = [i for i, ch in enumerate(word) if ch in _PARTNERS]
    if not spots or len(spots) > 4:
        return
    choices = [[word[i]] + [c for c in _PARTNERS[word[i]] if c != word[i]] for i in spots]
    for combo in product(*choices):
        changed = sum(1 for i, c in zip(spots, combo) if word[i] != c)
        if 0 < changed <= MAX_SWAPS:
            chars = list(word)
            for i, c in zip(spots, combo):
                chars[i] = c
            yield "".join(chars)


def suspects(text: str) -> list[Suspect]:
    """Words of ``text`` that look like OCR misreadings of a more frequent word."""
    cleaned = _LABEL.sub(lambda m: "【" + re.sub(r"\s+", "", m.group(1)) + "】", text)
    positions: dict[str, int] = {}
    counts: Counter[str] = Counter()
    line_starts = [0] + [m.end() for m in re.finditer("\n", cleaned)]
    for m in _WORD.finditer(cleaned):
        w = m.group(0)
        counts[w] += 1
        positions.setdefault(w, m.start())
    # Sub-words too: 日標 inside 日標值 is compared with 目標 inside 目標値.
    substrings: Counter[str] = Counter()
    for w, n in counts.items():
        for size in range(2, min(len(w), 4) + 1):
            for i in range(len(w) - size + 1):
                substrings[w[i:i + size]] += n
    found: list[Suspect] = []
    for word, n in counts.items():
        if _DATE.search(word):
            continue   # 十一月 / 十一日: both real
        best = max(
            ((max(counts.get(v, 0), substrings.get(v, 0)), v) for v in _variants(word)),
            default=(0, ""),
        )
        if best[0] > n and best[0] >= 2:
            found.append(Suspect(_line_of(line_starts, positions[word]), word, best[1], best[0]))
    found.sort(key=lambda s: (s.line, s.word))
    return found


def _line_of(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1
