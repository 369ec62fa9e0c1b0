"""Recognising the labels that plans put in front of headings and items.

A label is what a plan writes before a heading or a list item: ``(1)``,
``①``, ``【ア行】``, ``第一``, ``一``, ``1``, ``○``, ``■``, ``・``.  This
module only says *what* a piece of text starts with; whether that makes a
heading, a list item or nothing is decided by the parser from the order in
which the plan uses them.

Printed page numbers are recognised here too (``百六十一ページ``,
``1ページ目``, ``- 12 -``), since they are labels of a kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


KANJI_DIGITS = "〇零一二三四五六七八九十百千万"
_KANJI_NUM = f"[{KANJI_DIGITS}]+"
_NUM = rf"(?:[0-9０-９]+|{_KANJI_NUM})"

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚"
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
KATAKANA_ENUM = "アイウエオカキクケコサシスセソタチツテトナニヌネノ"
# Symbols that open a heading or an item, each its own label kind.
SYMBOLS = "○●◎■□◆◇▲△▼▽★☆◯"
BULLETS = "・•‧∙◦‣-－―‐*＊"
# The dots of a 目次's leaders (``計画の概要‥‥‥1``: two or more in a row).
LEADERS = "…‥・.．·･"

# What may follow a number for it to be a quantity or a date rather than an
# enumerator: ``3月``, ``5人``, ``2か所``, ``1年後``.  A number followed by
# one of these never starts a heading or an item.
_COUNTERS = (
    "年月日時分秒歳才人名件回校か箇ヶケヵ所割倍点級期号条項章節部編巻円万億兆"
    "分の〜～~-－−‐から%％.．,，、。:："
)
_COUNTER_WORDS = ("パーセント", "ページ", "事業所", "施設", "カ所", "ヵ所", "か月", "ヶ月", "世帯", "以上", "以下", "未満", "以内")


@dataclass(frozen=True)
class Label:
    kind: str          # e.g. "paren-num", "circled", "roman", "num", "num-no", "angle-num", "kanji-num", "dai", "symbol-○", "bullet"
    text: str          # the label as written, e.g. "(1)", "①", "第一", "・"
    value: int | None  # its ordinal where it has one
    rest: str          # the text after the label (leading space removed)
    spaced: bool       # a space separated label and text


def to_int(digits: str) -> int | None:
    """The value of an Arabic (half- or full-width) or kanji numeral."""
    if not digits:
        return None
    if digits[0] in "0123456789０１２３４５６７８９":
        try:
            return int(digits.translate(_FULLWIDTH))
        except ValueError:
            return None
    from ..kansuji import value   # only for kanji digits (a rebuild from the cache needs none)

    return value(digits)


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

_RE_PAREN = re.compile(rf"^[(（]({_NUM})[)）]\s*")
_RE_CIRCLED = re.compile(rf"^([{CIRCLED}])(?:[-－‐]([0-9]+))?\s*")
_RE_DAI = re.compile(rf"^第({_NUM})([章節款部編])?\s*")
_RE_NUM = re.compile(rf"^({_NUM})(\s*)")
_RE_KATA = re.compile(rf"^([{KATAKANA_ENUM}])(?:[\s　]+|[.．、)）])")
_RE_SUMI = re.compile(r"^【([^【】]{1,30})】$")
_RE_ANGLE = re.compile(r"^[<＜〈《]([^<>＜＞〈〉《》]{1,40})[>＞〉》]$")
_RE_NOTE = re.compile(rf"^(?:※|注釈|注)\s*({_NUM})?\s*")
_RE_NUM_DOT = re.compile(r"^([0-9０-９]+)[.．](?![0-9０-９])\s*")
_RE_ROMAN = re.compile(rf"^([{ROMAN}])(?:[.．、]\s*|\s+)")
_RE_ANGLE_NUM = re.compile(rf"^[<＜〈《]\s*({_NUM})\s*[>＞〉》]\s*")
_RE_NUM_NO = re.compile(r"^([0-9０-９]+)の([0-9０-９]+)(?![0-9０-９])\s*")
# A text written for speech spells (6) and ⑥ out: 括弧6,当事者の参画 / 丸6 当事者の参画
_RE_SPOKEN = re.compile(rf"^(括弧|丸)({_NUM})(?:[,，、]|\s+)\s*")


# Words that begin with a kanji numeral (一般, 一定, 四国, 五十音): never labels.
_KANJI_WORD_NEXT = {
    "一": set("般定部体層方時人貫元環緒括覧斉律連助員端致度番切生日様旦応見向種因目歩丸翼際躍挙手気新晩読"),
    "二": set("次重者"),
    "三": set("者障重"),
    "四": set("国季"),
    "五": set("感輪"),
    "八": set("百"),
    "九": set("州"),
    "十": set("分全"),
    "百": set("貨"),
    "千": set("葉"),
    "万": set("一全"),
}


def _kanji_word(digits: str, rest: str) -> bool:
    if digits == "五十" and rest.startswith("音"):
        return True
    return len(digits) == 1 and rest[:1] in _KANJI_WORD_NEXT.get(digits, ())


# After a number and a space, a counter that opens a longer word is a heading's first word
# (``2 日中活動の場``, ``3 人材の確保``); these two-character words are still quantities.
_SPACED_COUNTER_WORDS = ("年間", "年度", "日間", "時間", "人分", "人日", "件数", "月末", "日現")


def _spaced_quantity(rest: str) -> bool:
    """``2 人``, ``3 年間``, ``4 %`` (a quantity a PDF spaced out), not ``2 日中活動の場``."""
    if rest[0] not in "年月日時人件歳%％":
        return False
    return len(rest) == 1 or not ("\u4e00" <= rest[1] <= "\u9fff") or rest.startswith(_SPACED_COUNTER_WORDS)


def _followed_by_counter(rest: str) -> bool:
    if not rest:
        return False
    if rest[0] in _COUNTERS:
        return True
    return rest.startswith(_COUNTER_WORDS)


def match_label(text: str) -> Label | None:
    """The label ``text`` starts with, or None."""
    if not text:
        return None
    first = text[0]
    if first not in _LABEL_FIRST:
        return None                     # most lines: no pattern below can match
    m = _RE_SUMI.match(text)
    if m:
        return Label("sumi", text, None, m.group(1), False)
    m = _RE_ROMAN.match(text)
    if m and m.end() < len(text):
        return Label("roman", m.group(0).strip(), ROMAN.index(m.group(1)) + 1, text[m.end():], True)
    m = _RE_ANGLE_NUM.match(text)
    if m and m.end() < len(text):
        return Label("angle-num", m.group(0).strip(), to_int(m.group(1)), text[m.end():], True)
    m = _RE_SPOKEN.match(text)
    if m and m.end() < len(text):
        kind = "paren-num" if m.group(1) == "括弧" else "circled"
        return Label(kind, m.group(0).strip(" ,，、\u3000"), to_int(m.group(2)), text[m.end():], True)
    m = _RE_ANGLE.match(text)
    if m:
        return Label("angle", text, None, m.group(1), False)
    m = _RE_PAREN.match(text)
    if m:
        kind = "paren-num" if m.group(1)[0] in "0123456789０１２３４５６７８９" else "paren-kanji"
        return Label(kind, m.group(0).strip(), to_int(m.group(1)), text[m.end():], m.group(0) != m.group(0).rstrip())
    m = _RE_CIRCLED.match(text)
    if m:
        value = CIRCLED.index(m.group(1)) + 1
        kind = "circled-sub" if m.group(2) else "circled"
        return Label(kind, m.group(0).strip(), value, text[m.end():], m.group(0) != m.group(0).rstrip())
    m = _RE_DAI.match(text)
    # 第2章 is whole with its 章; a bare 第2 is a label only when no counter follows (第2期, 第3回)
    if m and m.end() < len(text) and (m.group(2) or not _followed_by_counter(text[m.end():])):
        kind = "dai-" + m.group(2) if m.group(2) else "dai"
        return Label(kind, m.group(0).strip(), to_int(m.group(1)), text[m.end():], m.group(0) != m.group(0).rstrip())
    m = _RE_NOTE.match(text)
    if m and (m.group(1) or first == "※"):
        return Label("note", m.group(0).strip(), to_int(m.group(1) or ""), text[m.end():], m.group(0) != m.group(0).rstrip())
    m = _RE_NUM_DOT.match(text)
    if m and m.end() < len(text):
        return Label("num-dot", m.group(0).strip(), to_int(m.group(1)), text[m.end():], True)
    m = _RE_NUM_NO.match(text)
    if m and m.end() < len(text) and (m.group(0) != m.group(0).rstrip() or not _followed_by_counter(text[m.end():])):
        return Label("num-no", m.group(0).strip(), to_int(m.group(2)), text[m.end():], m.group(0) != m.group(0).rstrip())
    m = _RE_NUM.match(text)
    if m and m.end() < len(text):
        rest = text[m.end():]
        digits = m.group(1)
        quantity = _spaced_quantity(rest) if m.group(2) else _followed_by_counter(rest)
        if not quantity and not rest[0].isdigit():
            value = to_int(digits)
            if value is not None:
                arabic = digits[0] in "0123456789０１２３４５６７８９"
                if not arabic and not m.group(2) and _kanji_word(digits, rest):
                    return None
                # A kanji number directly followed by a kanji is usually a word
                # (一般, 一定, 十分); the parser accepts it only in sequence.
                kind = "num" if arabic else "kanji-num"
                return Label(kind, digits, value, rest, bool(m.group(2)))
    m = _RE_KATA.match(text)
    if m and m.end() < len(text):
        return Label("katakana", m.group(1), KATAKANA_ENUM.index(m.group(1)) + 1, text[m.end():].lstrip(), True)
    if first in SYMBOLS and len(text) > 1:
        return Label("symbol-" + first, first, None, text[1:].lstrip(), text[1:2].isspace())
    if first in BULLETS and len(text) > 1 and (first not in "-－―‐*＊" or text[1].isspace()):
        return Label("bullet", first, None, text[1:].lstrip(), text[1:2].isspace())
    return None


# Every character a label can start with (one per pattern of match_label).
_LABEL_FIRST = frozenset(
    "【" + "<＜〈《" + "(（" + CIRCLED + ROMAN + "括丸" + "第" + "※注" + "0123456789０１２３４５６７８９"
    + KANJI_DIGITS + KATAKANA_ENUM + SYMBOLS + BULLETS
)


# --- printed page numbers -------------------------------------------------

_PAGE = r"(?:ページ|頁)"
_DASHES = "-－―‐−ー‒–—"
_RE_PAGE_FORMS = (
    # 百六十一ページ, 1ページ目, (12ページ), (85ページから97ページまで), 85～97ページ
    re.compile(rf"^(?P<o>[(（])?\s*(?P<a>{_NUM})\s*{_PAGE}(?:目)?"
               rf"(?:\s*(?:から|[~〜～－-])\s*(?P<b>{_NUM})\s*{_PAGE}(?:目)?(?:まで)?)?\s*(?P<c>[)）])?$"),
    re.compile(rf"^(?P<o>[(（])?\s*(?P<a>{_NUM})\s*[~〜～－-]\s*(?P<b>{_NUM})\s*{_PAGE}\s*(?P<c>[)）])?$"),
    # P.12, (p.1), (P1), ｐ．７
    re.compile(rf"^(?P<o>[(（])?\s*[PpＰｐ](?:[.．]\s*|(?=[0-9０-９]))(?P<a>[0-9０-９]+)\s*(?P<c>[)）])?$"),
    # - 12 -, −−ページ1−−, ― ページ 3 ―
    re.compile(rf"^[{_DASHES}]{{1,3}}\s*(?:{_PAGE}\s*)?(?P<a>[0-9０-９]+)\s*(?:{_PAGE}\s*)?[{_DASHES}]{{1,3}}$"),
    # 1枚目, (2枚目): the sheets of a summary (概要版)
    re.compile(rf"^(?P<o>[(（])?\s*(?P<a>{_NUM})\s*枚目\s*(?P<c>[)）])?$"),
)


def match_page(text: str) -> tuple[int, int | None] | None:
    """``(first, last)`` when the whole text is a printed page number label.

    A page number written with words around it (``(本文 3 ページ)``,
    ``24 ページを参照``) is a reference, not a label: only these forms, alone,
    are labels.  A P-form needs its dot or brackets unless digits follow at
    once (``p5``), so that a lone ``p`` or ``(p)`` is text.
    """
    text = text.strip()
    if not text or len(text) > 40:
        return None
    for rx in _RE_PAGE_FORMS:
        m = rx.match(text)
        if m is None:
            continue
        groups = m.groupdict()
        if bool(groups.get("o")) != bool(groups.get("c")):
            return None                      # a bracket opened and not closed (or the reverse)
        first = to_int(m.group("a"))
        last = to_int(groups["b"]) if groups.get("b") else None
        if first is None:
            return None
        return first, last
    return None


# A segment made only of numbers and units is data that belongs to the text
# before it (``三百四十三``, ``十点9パーセント``, ``一千七``).
_RE_NUMBER_ONLY = re.compile(
    rf"^(?:{_NUM}(?:点[0-9０-９{KANJI_DIGITS}]+)?(?:パーセント|事業所|か所|ヶ所|[%％人件])?[、,，]?)+$"
)


def is_number_only(text: str) -> bool:
    return bool(_RE_NUMBER_ONLY.match(text))
