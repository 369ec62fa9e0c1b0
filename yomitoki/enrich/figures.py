"""Numbers in figures (算用数字) for the standard edition.

Some plans are written for speech: the Kochi appendix writes
``合計配布数六千五百九十一、回収数三千八百二十八、回収率五十八点1パーセント``.
The standard edition is read with the eyes, and Japanese public writing in
horizontal text uses figures (「公用文作成の考え方」, 文化審議会建議 2022:
横書きでは算用数字を使う).  :func:`to_figures` shows such numbers as the
printed plan would show them::

    六千五百九十一        -> 6,591
    五十八点1パーセント   -> 58.1%
    令和二年七月          -> 令和2年7月
    第一節                -> 第1節
    百六十一ページ        -> 161ページ
    五百万人 / 三億二千万 -> 500万人 / 3億2,000万

Which kanji are numbers is decided by the narration scanner
(:func:`yomitoki.enrich.numerals.scan_numbers`, through
:func:`yomitoki.text.spoken_tables.numbers_in`, which also takes the
edition's bare 十/百/千 after a verb), so words stay as written: 一般, 一定,
一部, 四国, 千葉県, 一人ひとり, 三障害, 十分, 二次障害, 第三者, 一つ.  On top of it:

* a number already in figures is unchanged (``40``, ``1,234``, ``3.5``,
  ``R3年度``), and so is its unit (``6パーセント`` stays);
* approximate numbers stay kanji: ``二、三日``, ``一、二か所``, ``数十人``,
  ``数百``, ``何千``;
* a number that would run into a neighbouring figure is left as written, and
  so is a label that opens a heading or an item (``十一 都道府県…``, as the
  scanner leaves ``一 総則``);
* figures have thousands separators (``6,591``), except years
  (``二千二十年`` -> ``2020年``), ordinals with 第 and numbers written digit
  by digit (``二〇二〇`` -> ``2020``); a number round at 万/億/兆 keeps that
  unit (``500万``);
* ``パーセント`` after a converted number is ``%``; the narration style's
  decimals (``点``, ``・`` before パーセント/倍/割) are a point.

:func:`same_text` is what the nothing-lost check (``site/check.py``) compares:
a number and its figure give the same key.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal

from .. import kansuji
from ..chars import is_kanji

__all__ = ["figure", "figures_changes", "to_figures", "same_text", "label_in_figures"]

_KANJI_NUMERALS = set(kansuji.NUMERAL_CHARS + "京")
# What makes a number "written for speech": a kanji numeral, or the
# narration style's decimal point.
_SPOKEN = _KANJI_NUMERALS | set("点・")
_FIGURE = set("0123456789０１２３４５６７８９")
# Approximate numbers: 数十, 何百, 十数 (a number of tens).
_APPROX_BEFORE = set("数何幾")
_ONE_DIGIT = "〇一二三四五六七八九"
_PERCENT = "パーセント"
# Words and names the scanner would take for numbers.
_WORDS = ("五十音", "一億総", "十二指腸", "八百屋", "八百長", "九十九里", "百日咳", "四十九日")
_BIG = ((10**12, "兆"), (10**8, "億"), (10**4, "万"))


def figure(value: Decimal | int, *, separators: bool = True, big_units: bool = False) -> str:
    """A number in figures: ``6,591``, ``58.1``, ``0.65``; with ``big_units``
    a number round at 万 is written with its units (``500万``, ``3億2,000万``)."""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    n = int(whole)
    if big_units and not frac and n >= 10**4 and n % 10**4 == 0:
        out = []
        for unit_value, unit in _BIG:
            part = n // unit_value % 10**4 if unit_value < 10**12 else n // unit_value
            if part:
                out.append(f"{part:,}" + unit)
        return sign + "".join(out)
    shown = f"{n:,}" if separators else str(n)
    return sign + shown + ("." + frac if frac else "")


def _approximate(text: str, start: int, end: int) -> bool:
    """``二、三日``, ``一、二か所``, ``数十人``, ``十数人``: a rough number stays kanji."""
    span = text[start:end]
    before = text[start - 1:start]
    units_only = all(ch in "十百千万億" for ch in span)
    if units_only and before in _APPROX_BEFORE and (
            start < 2 or not is_kanji(text[start - 2]) or text[start - 2] == "約"):
        return True                     # 数十人, 何百 (not 回答数十事業所: a count of ten)
    if units_only and text[end:end + 1] in _APPROX_BEFORE:
        return True                     # 十数人
    if len(span) == 1 and span in _ONE_DIGIT:
        v = _ONE_DIGIT.index(span)
        # 二、三日 / 一・二か所: two neighbouring single digits, one apart
        if before in "、・" and start >= 2 and text[start - 2:start - 1] == _ONE_DIGIT[v - 1:v] and v > 0 \
                and text[start - 3:start - 2] not in _KANJI_NUMERALS:
            return True
        nxt = text[end + 1:end + 2]
        if text[end:end + 1] in "、・" and nxt and nxt == _ONE_DIGIT[v + 1:v + 2] \
                and text[end + 2:end + 3] not in _KANJI_NUMERALS and text[end + 2:end + 3] not in "点・" \
                and text[start - 1:start] not in _KANJI_NUMERALS:
            return True
    return False


# Numbers the narration scanner leaves, that a printed plan writes in figures:
# after 平均 (the scanner keeps 均一 a word), the branch numbers of a law's
# articles (第6条の二の二 -> 第6条の2の2), a bare 十/百/千 opening a range (十から十二歳),
# 第 and a numeral opening a text (a heading: 第一障害福祉サービス等… -> 第1…; not 第三者),
# 十 opening an item (十有給休暇の… -> 10有給休暇の…), a bare 十/百 in a series of values
# (安芸4、中央東十、 -> 中央東10、), after a count's 数 (回答事業所数十、 -> 回答事業所数10、), the
# tenth item after a ninth numbered 9 (… 9成年後見… 十 聴覚 -> 10 聴覚).
_AFTER_HEIKIN = re.compile("(?<=平均)(?=[" + kansuji.NUMERAL_CHARS + "])")
_BRANCHES = re.compile("(?<=条)((?:の[一二三四五六七八九十百]+)+)")
_BRANCH = re.compile("(?<=の)[一二三四五六七八九十百]+")
# 第一障害福祉サービス等… opening a heading: the scanner keeps 第 + numeral + kanji a word (第三者).
_OPENING_ORDINAL = re.compile("第([一二三四五六七八九十]+)(?!者|人者|セクター|[" + kansuji.NUMERAL_CHARS + "])")
# 十有給休暇の取得促進: the label of the tenth item of a list numbered 1 … 9 in figures
# (the narration style writes 10 as 十); a list labelled 一 … 十 has a space (十 都道府県…).
_OPENING_TEN = re.compile("十(?![" + kansuji.NUMERAL_CHARS + "点・分数字色全人年月日歳回件か])"
                          "(?=[\u3040-\u30ff\u4e00-\u9fffA-Za-zＡ-Ｚａ-ｚ])")
# 安芸4、中央東十、高知市六十六 / ご本人九十七、主たる保護者百: a bare 十/百/千 that is the value of
# an item in a series of values (the scanner keeps a lone 十 after a kanji, as in 四万十).
_BARE_IN_SERIES = re.compile("(?<=[0-9" + kansuji.NUMERAL_CHARS + "]、)"
                             "([^、(（)）\\s0-9]{0,7}[^\\s、(（0-9" + kansuji.NUMERAL_CHARS + "数何幾約])"
                             "([十百千])(?=[、)）\\s]|$)")
# 回答事業所数十、: a bare 十/百/千 after a count's 数 (not 数十: some tens; see _approximate).
_BARE_AFTER_COUNT = re.compile("(?<=[\u4e00-\u9fff]数)[十百千](?=[、,，)）\\s]|$)")
# … 9成年後見制度を… 十 聴覚、…: the tenth item of a list numbered 1 … 9, inside a text.
_TEN_AFTER_NINE = re.compile("(?<=\\S )十(?![" + kansuji.NUMERAL_CHARS + "点・分数字色全人年月日歳回件か])"
                             "(?= ?[\u3040-\u30ff\u4e00-\u9fffA-Za-zＡ-Ｚａ-ｚ])")
_NINE_LABEL = re.compile("(?:^|\\s)9 ?[^\\s0-9.,%]")
_RANGE_UNIT = re.compile("(?<![" + kansuji.NUMERAL_CHARS + "0-9])[十百千](?=から[0-9" + kansuji.NUMERAL_CHARS + "])")


def _spans(text: str) -> list[tuple[int, int, Decimal, bool]]:
    """(start, end, value, ordinal) of every number of ``text``, in order."""
    from ..text.spoken_tables import numbers_in   # (the scanner, with the edition's bare 十/百/千)
    from .numerals import scan_numbers

    found = [(sp.start, sp.end, sp.value, sp.ordinal) for sp in numbers_in(text)]
    extra = []
    for m in _AFTER_HEIKIN.finditer(text):
        local = scan_numbers(text[m.start():m.start() + 40])
        if local and local[0].start == 0:
            sp = local[0]
            extra.append((m.start(), m.start() + sp.end, sp.value, False))
    for m in _BRANCHES.finditer(text):
        for b in _BRANCH.finditer(text, m.start(), m.end()):
            v = kansuji.value(b.group())
            if v is not None:
                extra.append((b.start(), b.end(), Decimal(v), False))
    m = _OPENING_ORDINAL.match(text)
    if m:
        extra.append((1, m.end(), Decimal(kansuji.value(m.group(1))), True))
    if _OPENING_TEN.match(text):
        extra.append((0, 1, Decimal(10), False))
    for m in _BARE_IN_SERIES.finditer(text):
        extra.append((m.start(2), m.end(2), Decimal(kansuji.value(m.group(2))), False))
    for m in _BARE_AFTER_COUNT.finditer(text):
        extra.append((m.start(), m.end(), Decimal(kansuji.value(m.group())), False))
    for m in _TEN_AFTER_NINE.finditer(text):
        if _NINE_LABEL.search(text, max(0, m.start() - 300), m.start()):
            extra.append((m.start(), m.end(), Decimal(10), False))
    for m in _RANGE_UNIT.finditer(text):
        extra.append((m.start(), m.end(), Decimal(kansuji.value(m.group())), False))
    if extra:
        for item in extra:
            if not any(s < item[1] and item[0] < e for s, e, _, _ in found):
                found.append(item)
        found.sort()
    return found


_ANY_SPOKEN = re.compile("[" + "".join(sorted(_SPOKEN)) + "]")


@functools.lru_cache(maxsize=20_000)
def _changes(text: str) -> tuple[tuple[int, int, str, str], ...]:
    out: list[tuple[int, int, str, str]] = []
    if _ANY_SPOKEN.search(text) is None:
        return ()                                   # (a change is of a number written with one of them)
    for s, e, value, ordinal in _spans(text):
        written = text[s:e]
        if not any(ch in _SPOKEN for ch in written):
            continue                                # already in figures
        if value < 0:
            continue                                # マイナス五: the sign is a word; left as written
        if _approximate(text, s, e):
            continue
        if any(text.startswith(word, s) for word in _WORDS):
            continue
        if s == 0 and text[e:e + 1] in (" ", "\u3000") and text[e + 1:e + 2] not in _KANJI_NUMERALS | _FIGURE | {""}:
            continue                                # 十一 都道府県…: a label opening a heading or item, as 一 and 二 are
        if text[s - 1:s] in _FIGURE or text[e:e + 1] in _FIGURE:
            continue                                # would run into a figure next to it
        positional = all(ch in kansuji.DIGITS for ch in written) and len(written) > 1
        year = text.startswith("年", e) and not text.startswith("年間", e)
        ordinal = ordinal or text[s - 1:s] == "第"
        shown = figure(value, separators=not (year or ordinal or positional),
                       big_units=any(ch in "万億兆" for ch in written))
        if text.startswith(_PERCENT, e):
            e += len(_PERCENT)
            shown += "%"
        out.append((s, e, text[s:e], shown))
    return tuple(out)


_LABEL = re.compile("([" + kansuji.NUMERAL_CHARS + "]+)(?=[ \u3000])")


def label_in_figures(text: str) -> str:
    """An item's opening kanji label in figures (``十二 労働時間…`` -> ``12 労働時間…``), for
    a list whose other items are labelled in figures (1 … 9, then 十, 十一 in the
    narration style); :func:`to_figures` alone keeps an opening label, as in 一 … 十."""
    m = _LABEL.match(text)
    v = kansuji.value(m.group(1)) if m else None
    return text if v is None else str(v) + text[m.end():]


def figures_changes(text: str) -> list[tuple[int, int, str, str]]:
    """Every spot :func:`to_figures` changes: ``(start, end, as written, as shown)``."""
    return list(_changes(text))


def to_figures(text: str) -> str:
    """``text`` with every number written for speech shown in figures (see the module)."""
    changes = _changes(text)
    if not changes:
        return text
    out = []
    pos = 0
    for s, e, _, shown in changes:
        out.append(text[pos:s])
        out.append(shown)
        pos = e
    out.append(text[pos:])
    return "".join(out)


# --- the same text, whether in kanji or in figures ----------------------------

_FW = str.maketrans("０１２３４５６７８９，．％", "0123456789,.%")
_RUN = re.compile("[0-9" + kansuji.NUMERAL_CHARS + "京]+")
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
_POINT = re.compile(r"(?<=[0-9" + kansuji.NUMERAL_CHARS + r"])[点・.](?=[0-9〇零一二三四五六七八九])")


def _key_run(run: str) -> str:
    v = kansuji.parse(run) if any(ch in _KANJI_NUMERALS for ch in run) else None
    return str(v) if v is not None else run


def same_text(text: str) -> str:
    """A key that is the same for a text and the text with its numbers in figures.

    Context-free, so that a piece of the source and the site's words can be
    compared one by one: every run of numerals is its value (``六千五百九十一``
    and ``6,591`` are ``6591``; ``一般`` is ``1般`` on both sides), the
    narration style's decimal points are ``.`` (decimal digits are read digit
    by digit: ``1点二八`` is ``1.28``) and ``パーセント`` is ``%``.  Text
    that differs in anything but the writing of its numbers keeps differing.
    """
    if not any(ch in _KANJI_NUMERALS or ch in _FIGURE or ch in "%％パ" for ch in text):
        return text
    text = text.translate(_FW).replace(_PERCENT, "%")
    text = _THOUSANDS.sub("", text)
    out = []
    pos = 0
    for m in _POINT.finditer(text):
        out.append(_runs(text[pos:m.start()]))
        out.append(".")
        digits = re.match("[0-9〇零一二三四五六七八九]+", text[m.end():]).group()
        out.append("".join(str(kansuji.value(ch)) if not ch.isdigit() else ch for ch in digits))
        pos = m.end() + len(digits)
    out.append(_runs(text[pos:]))
    return "".join(out)


def _runs(text: str) -> str:
    return _RUN.sub(lambda m: _key_run(m.group()), text)
