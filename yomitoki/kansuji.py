"""Kanji numerals (漢数字): the one parser and writer every stage uses.

* :func:`value` parses a numeral of kanji (and Arabic digits between big
  units): ``三千七百五十六`` 3756, ``千六百五十一`` 1651, ``一千`` 1000,
  ``二〇二〇`` 2020 (positional digits), ``三億二千万`` 320000000.
* :func:`write` writes a number in the narration style's kanji: no 一 before
  十 and 百, 一 before 千 and the big units, zeros silent.
* :func:`is_positional` says whether a numeral is written with units
  (七百五十六) rather than digit by digit (七五六) or as a word (万一).

Reading a numeral aloud (三千 さんぜん) is another matter: ``readings.py``
reads it from its written form, because the form decides the sound
(千 せん, 一千 いっせん).
"""
from __future__ import annotations

import functools

import re

__all__ = ["DIGITS", "SMALL_UNITS", "BIG_UNITS", "NUMERAL_CHARS", "value", "write", "is_positional"]

DIGITS = "〇零一二三四五六七八九"               # kanji digits (〇 and 零 are zero)
SMALL_UNITS = "十百千"
BIG_UNITS = "万億兆"                           # (京 only after a numeral)
NUMERAL_CHARS = DIGITS + SMALL_UNITS + BIG_UNITS

_DIGIT = {ch: i for i, ch in enumerate("〇一二三四五六七八九")}
_DIGIT["零"] = 0
_DIGIT_KANJI = "〇一二三四五六七八九"
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12, "京": 10**16}
_BIG_ORDER = ["京", "兆", "億", "万"]

_SMALL_RE = re.compile(
    r"(?:(?P<th>[1-9一二三四五六七八九])?千[〇零]*)?"
    r"(?:(?P<h>[1-9一二三四五六七八九])?百[〇零]*)?"
    r"(?:(?P<t>[1-9一二三四五六七八九])?十[〇零]*)?"
    r"(?P<o>[一二三四五六七八九])?"
)
_POSITIONAL = re.compile(
    r"(?:[一二三四五六七八九]?千)?(?:[二三四五六七八九]?百)?(?:[二三四五六七八九]?十)?[一二三四五六七八九]?"
)


def _digit_value(ch: str | None) -> int:
    if ch is None:
        return 1
    if ch.isascii():
        return int(ch)
    return _DIGIT[ch]


def _small(t: str, top: bool) -> int | None:
    """One section between big units: ``三千七百五十六``, ``3456``, ``二〇``."""
    if t.isascii() and t.isdigit():
        v = int(t)
        return v if top or v < 10000 else None
    if all(ch in _DIGIT for ch in t):          # positional kanji digits
        if not top and len(t) > 4:
            return None
        return int("".join(str(_DIGIT[ch]) for ch in t))
    m = _SMALL_RE.fullmatch(t)
    if not m or not any(ch in _SMALL for ch in t):
        return None
    v = 0
    for group, unit in (("th", 1000), ("h", 100), ("t", 10)):
        if {1000: "千", 100: "百", 10: "十"}[unit] in t:
            v += _digit_value(m.group(group)) * unit
    if m.group("o"):
        v += _digit_value(m.group("o"))
    return v


@functools.lru_cache(maxsize=4096)
def parse(s: str) -> int | None:
    """A numeral of ASCII digits and/or kanji (no separators), or None."""
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    total = 0
    rest = s
    first = True
    last_order = -1
    while True:
        positions = [(rest.find(u), u) for u in _BIG_ORDER if u in rest]
        if not positions:
            break
        pos, unit = min(positions)
        order = _BIG_ORDER.index(unit)
        if order <= last_order:
            return None
        last_order = order
        head = rest[:pos]
        if head == "":
            if not first:
                return None
            coef = 1
        else:
            coef = _small(head, top=first)
            if coef is None or coef == 0:
                return None
        total += coef * _BIG[unit]
        rest = rest[pos + 1:]
        first = False
    if rest:
        v = _small(rest, top=first)
        if v is None:
            return None
        total += v
    return total


def value(s: str) -> int | None:
    """The value of a kanji numeral (``三千七百五十六``, ``千六百五十一``, ``二〇二〇``), or None.

    Accepts 一 before 千/万… or not, silent or written zeros (``二千〇六``)
    and positional digit strings.  Returns None for anything else.
    """
    if not s or any(ch not in NUMERAL_CHARS + "京" for ch in s):
        return None
    return parse(s)


def is_positional(s: str) -> bool:
    """Whether ``s`` is a numeral written with units, each group below 10,000
    once, largest first, no zero and no 一 before 十 or 百 (七百五十六,
    三億二千万, 一千).  Digit strings (七五六) and words (万一) are not."""
    if not s or s[0] in "万億" or any(ch not in "一二三四五六七八九十百千万億" for ch in s):
        return False
    rest = s
    for big in ("億", "万"):
        if big in rest:
            head, _, rest = rest.partition(big)
            if big in rest or not head or _POSITIONAL.fullmatch(head) is None:
                return False
    return not rest or _POSITIONAL.fullmatch(rest) is not None


def _write_small(v: int) -> str:
    th, h, t, o = v // 1000, v // 100 % 10, v // 10 % 10, v % 10
    out = []
    if th:
        out.append(_DIGIT_KANJI[th] + "千")
    if h:
        out.append(("" if h == 1 else _DIGIT_KANJI[h]) + "百")
    if t:
        out.append(("" if t == 1 else _DIGIT_KANJI[t]) + "十")
    if o:
        out.append(_DIGIT_KANJI[o])
    return "".join(out)


def write(n: int) -> str:
    """Write a non-negative integer as a kanji numeral in the narration style.

    No 一 before 十 and 百, 一 before 千/万/億/兆/京, zeros silent;
    ``write(0) == "〇"``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("kansuji.write expects an int")
    if n < 0:
        raise ValueError("kansuji.write expects a non-negative int")
    if n >= 10**20:
        raise ValueError("numbers of 10**20 and above are not supported")
    if n == 0:
        return "〇"
    out = []
    for unit in _BIG_ORDER:
        sec = n // _BIG[unit] % 10000
        if sec:
            out.append(_write_small(sec) + unit)
    out.append(_write_small(n % 10000))
    return "".join(out)
