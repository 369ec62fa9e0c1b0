"""Numbers in the narration style (読み上げ版の表記) and reading them back.

The narration edition writes numbers so that a Japanese speech engine reads
them correctly (see ``shared/NARRATION_STYLE.md``, the "Kochi narration
style").  This module implements the style in both directions.

Writing (:func:`format_number`, :func:`int_to_kanji`, :func:`narrate`):

* 0 to 9 stay Arabic digits (``5人``, ``区分6``, ``令和2年``); a stray kanji
  digit that really is a number becomes Arabic (``一件`` -> ``1件``).
* 10 and above become kanji numerals with 十百千万億兆京: no 一 before 十
  and 百 (``十九``, ``百四``), 一 before 千, 万, 億, 兆 (``一千五百十二``,
  ``一万``), zeros are silent (``二千六``).  Kanji numerals already in the
  text are re-written in that canonical form (``千六百`` -> ``一千六百``).
* Thousands separators (``,`` ``，``) and full-width digits are part of the
  number.  Mixed forms such as ``3万5千`` are one number.
* One decimal digit stays Arabic (``二十九点9``, ``0点8``); two or more
  decimal digits are kanji digits (``1点二八``).  Decimal points may be
  written ``.``, ``．``, ``点`` or, before パーセント/倍/割, ``・``
  (``一・六パーセント`` -> ``1点6パーセント``).
* ``%`` / ``％`` after a number -> ``パーセント``.
* Ranges ``A〜B`` (〜 ～ ~) between numbers -> ``AからB``; page ranges repeat
  the unit: ``195~239ページ`` -> ``百九十五ページから二百三十九ページ``.
* Page references ``P.161``, ``p161``, ``pp.12-13`` -> ``百六十一ページ``.
* Era letters before a year: ``R3年度`` -> ``令和3年度``, ``H30年`` ->
  ``平成三十年`` (M T S H R, also full-width); ``R3.4.1`` -> ``令和3年4月1日``.
* A minus sign before a number -> ``マイナス`` (``−5`` -> ``マイナス5``),
  only where the sign cannot be a hyphen (not after a numeral, letter,
  circled number or another dash).
* A conversion that would merge with a neighbour on the next pass (an
  Arabic digit against a letter or dash, a numeral against a numeral or a
  decimal point) is not made: the spot is left as written.  This keeps
  :func:`narrate` idempotent on arbitrary text.

Left as written: digits touching a Latin or Greek letter (``A1``,
``ΣA1B1``, ``No.36``, ``10km``), standard names (``JIS X 8341-3``,
``ISO 3166``), URLs and e-mail addresses, digit groups joined by hyphens,
slashes, colons or several dots (telephone numbers, dates such as
``2021/4/1``, times, section numbers ``1.2.3``), postal numbers (``〒``),
circled numbers and other symbols.

Which kanji are numbers (:func:`scan_numbers`) is decided conservatively:

* a run of 2+ numeral kanji that parses as a numeral (``三十五``, ``一千七``)
  is a number, except words such as ``万一``, ``十二分`` and the place name
  ``四万十``; pure digit runs without a ten/hundred sign (``四六時中``,
  ``七五三``) are numbers only when they hold ``〇`` (``二〇二〇``);
* a single kanji digit is a number only when followed by a counter (人 件
  事業所 か所 歳 年 月 日 回 級 割 倍 パーセント 校 施設 名 …, not つ —
  ``一つ`` is the official spelling), when it is an ordinal after 第 or a
  grade after 区分/要介護/要支援 (``第一項``, ``第一の7``; flagged
  ``ordinal=True``; not ``第三者``, ``第一人者``), when it stands alone
  between a verb ending and punctuation (``している一、``) or at either end
  of a numeric range (``四から六歳``) — and not inside words (``一般``, ``統一``, ``同一人``,
  ``一人暮らし``, ``一人ひとり``, ``(一社)``, ``一日中``, ``人一倍``);
* enumeration labels such as ``(一)`` and ``一 総則`` are left alone.

:func:`narrate` is idempotent: ``narrate(narrate(x)) == narrate(x)``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from .. import kansuji
from ..chars import is_kanji

__all__ = [
    "NumberSpan",
    "format_number",
    "int_to_kanji",
    "kanji_to_int",
    "narrate",
    "narration_changes",
    "read_number",
    "scan_numbers",
]

# ---------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------

_AD = "0-9０-９"                       # Arabic digits, half and full width
_KD = "〇零一二三四五六七八九"           # kanji digits
_KM = "十百千"                          # small multipliers
_KB = "万億兆"                          # big units (京 only after a numeral)
_LAT = "A-Za-zＡ-Ｚａ-ｚΑ-Ωα-ω"          # letters that make a code
_DASH = "\\-‐‑–－−"                     # hyphen-like signs between digit groups

_KANJI_DIGIT = {ch: i for i, ch in enumerate("〇一二三四五六七八九")}
_KANJI_DIGIT["零"] = 0
_DIGIT_KANJI = "〇一二三四五六七八九"

_FW_TABLE = str.maketrans("０１２３４５６７８９，．", "0123456789,.")

_ERA = {
    "M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和",
    "Ｍ": "明治", "Ｔ": "大正", "Ｓ": "昭和", "Ｈ": "平成", "Ｒ": "令和",
}

_NUMERAL_CHARS = set("0123456789０１２３４５６７８９" + _KD + _KM + _KB + "京")

# Counters after which a single kanji digit is a number (longest first is
# not needed: they are tested with str.startswith).
_COUNTERS = (
    "人", "件", "事業所", "か所", "カ所", "ヶ所", "ケ所", "ヵ所", "箇所",
    "歳", "才", "年", "月", "日", "回", "級", "割", "倍", "パーセント", "%",
    "％", "校", "施設", "名", "か月", "カ月", "ヶ月", "ケ月", "ヵ月", "箇月",
    "か年", "カ年", "ヶ年", "箇年", "時間", "週", "世帯", "床", "段階", "種類", "ページ", "ポイント", "枚",
    "冊", "台", "園", "学年", "期目",
)
# Suffixes that make "第" + digit an ordinal when the next character is kanji.
_ORDINAL_SUFFIXES = (
    "項", "条", "号", "期", "回", "章", "節", "款", "目", "編", "部", "表",
    "次", "段階", "弾", "位", "種", "類", "級", "学年", "子", "世代", "版",
    "巻", "区", "号", "群", "表",
)
_ORDINAL_PREFIXES = ("第", "区分", "要介護", "要支援")
# A single digit preceded by one of these kanji is part of a word
# (同一, 統一, 唯一, 均一, 画一, 単一, 万一, 人一倍, 一人一人 …).
_WORD_BEFORE = set("同統唯均画単万随逐択純帰専人")
# A single digit followed by one of these is part of a word.
_WORD_AFTER = {
    "一": ("人暮", "人ひとり", "人一人", "人称", "人前", "人っ子", "日中",
           "年中", "日も早", "人者", "人で"),
}
# Runs of numeral kanji that are words, not numbers.
_WORD_RUNS = ("万一", "十二分", "四万十", "千万無量")

_SENTENCE_PUNCT = set("、。，,．.　 \t\n)）」』】〕]］!！?？:：;；")


@dataclass(frozen=True)
class NumberSpan:
    """A number found in running text.

    ``start``/``end`` index the text (``text == source[start:end]``),
    ``value`` is exact.  ``ordinal`` is true for an ordinal or grade written
    with a single kanji digit after 第/区分 (``第一項``).
    """

    start: int
    end: int
    value: Decimal
    text: str
    ordinal: bool = False


# ---------------------------------------------------------------------------
# Kanji numerals
# ---------------------------------------------------------------------------

# The parser and writer are in kansuji.py (one for every stage).
kanji_to_int = kansuji.value
int_to_kanji = kansuji.write
_parse_int = kansuji.parse


# ---------------------------------------------------------------------------
# Formatting and reading single numbers
# ---------------------------------------------------------------------------

def _format_int(n: int) -> str:
    return str(n) if n < 10 else int_to_kanji(n)


def format_number(value: Decimal | int) -> str:
    """Write a number in the narration style.

    0–9 Arabic, 10 and above kanji; one decimal digit Arabic
    (``二十九点9``), two or more as kanji digits (``1点二八``); negative
    numbers get ``マイナス``.  Decimal places are kept as given
    (``Decimal("3.0")`` -> ``3点0``).
    """
    if isinstance(value, bool):
        raise TypeError("format_number expects an int or Decimal")
    if isinstance(value, int):
        return ("マイナス" if value < 0 else "") + _format_int(abs(value))
    if not isinstance(value, Decimal):
        raise TypeError("format_number expects an int or Decimal")
    if not value.is_finite():
        raise ValueError("format_number expects a finite number")
    return _format_decimal(str(value))


@functools.lru_cache(maxsize=4096)
def _format_decimal(written: str) -> str:
    # By the Decimal's text: Decimal("3.0") == Decimal("3"), but it is written 3点0.
    value = Decimal(written)
    text = format(abs(value), "f")
    int_part, _, frac = text.partition(".")
    out = _format_int(int(int_part))
    if frac:
        if len(frac) == 1:
            out += "点" + frac
        else:
            out += "点" + "".join(_DIGIT_KANJI[int(d)] for d in frac)
    negative = value < 0 or (value.is_signed() and value != 0)
    if negative and value != 0:
        out = "マイナス" + out
    return out


_ARABIC_READ_RE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")
_MINUS_PREFIXES = ("マイナス", "-", "−", "－", "‐", "△", "▲")


def _normalize_cluster(s: str) -> str | None:
    """Full-width to ASCII and validated thousands separators removed."""
    s = s.translate(_FW_TABLE)
    if "," in s:
        # every comma must be followed by exactly three digits and preceded by a digit
        if not re.fullmatch(r"[^,]*[0-9](?:,[0-9]{3}(?![0-9])[^,]*)+", s):
            return None
        head = s.split(",")[0]
        m = re.search(r"[0-9]+$", head)
        if m and len(m.group()) > 3:
            return None
        s = s.replace(",", "")
    return s


def _decimal(int_value: int, frac_digits: str) -> Decimal:
    if frac_digits:
        return Decimal(f"{int_value}.{frac_digits}")
    return Decimal(int_value)


def read_number(s: str) -> Decimal | None:
    """Read back a number written any way the Kochi edition (or a table) does.

    ``三千七百五十六``, ``一千五百十二``, ``千六百五十一``, ``二十九点9``,
    ``0点8``, ``1点二八``, ``一・六``, ``40``, ``1,234``, ``１１``, ``零``,
    ``3万5千``, ``マイナス5``/``-5``/``△5``.  Surrounding spaces are ignored;
    units are not (strip them first).  Returns an exact Decimal, None for
    anything that is not a number.
    """
    if not isinstance(s, str):
        return None
    s = s.strip().replace("\u3000", "")
    negative = False
    for prefix in _MINUS_PREFIXES:
        if s.startswith(prefix) and len(s) > len(prefix):
            negative = True
            s = s[len(prefix):].lstrip()
            break
    if not s:
        return None
    value = _read_unsigned(s)
    if value is None:
        return None
    return -value if negative else value


def _read_unsigned(s: str) -> Decimal | None:
    s = s.translate(_FW_TABLE)
    m = _ARABIC_READ_RE.fullmatch(s)
    if m:
        whole = s.split(".")[0].replace(",", "")
        return _decimal(int(whole), m.group(1) or "")
    frac = ""
    for sep in ("点", ".", "・"):
        if sep in s:
            int_text, _, frac_text = s.partition(sep)
            if not int_text or not frac_text:
                return None
            if frac_text.isascii() and frac_text.isdigit():
                frac = frac_text
            elif all(ch in _KANJI_DIGIT for ch in frac_text):
                frac = "".join(str(_KANJI_DIGIT[ch]) for ch in frac_text)
            else:
                return None
            if sep == "・" and not all(ch in _KANJI_DIGIT for ch in int_text):
                return None
            s = int_text
            break
    norm = _normalize_cluster(s)
    if norm is None or any(ch not in "0123456789" + _KD + _KM + _KB + "京" for ch in norm):
        return None
    v = _parse_int(norm)
    if v is None:
        return None
    return _decimal(v, frac)


# ---------------------------------------------------------------------------
# Scanning running text
# ---------------------------------------------------------------------------

_A = f"[{_AD}]"
_NUMCH = f"[{_AD}{_KD}{_KM}{_KB}]"

_MASTER_PATTERN = (
    "|".join([
        # URLs and e-mail addresses
        r"(?P<url>(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+"
        r"|www\.[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+)",
        r"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)",
        # era + year/month/day written with dots: R3.4.1
        rf"(?P<eradate>(?<![{_LAT}{_AD}])(?P<dera>[MTSHRＭＴＳＨＲ])(?P<dy>{_A}{{1,2}}|元)"
        rf"[.．/／](?P<dm>{_A}{{1,2}})(?:[.．/／](?P<dd>{_A}{{1,2}}))?"
        rf"(?![{_AD}{_LAT}]|[.．/／]{_A}))",
        # era letter before a year: R3年度, H30年, Ｒ元年
        rf"(?P<era>(?<![{_LAT}{_AD}])(?P<eletter>[MTSHRＭＴＳＨＲ])[.．]?"
        rf"(?P<eyear>{_A}{{1,2}}|元)(?=年))",
        # page references: P.161, p161, pp.12-13, P.195~P.239
        rf"(?P<page>(?<![{_LAT}{_AD}])(?:[Pp]{{1,2}}|[Ｐｐ]{{1,2}})[.．]?[ ]?(?P<p1>{_A}+)"
        rf"(?:[ ]?[{_DASH}〜～~][ ]?(?:(?:[Pp]{{1,2}}|[Ｐｐ]{{1,2}})[.．]?[ ]?)?(?P<p2>{_A}+))?"
        rf"(?![{_LAT}{_AD}{_KD}{_KM}{_KB}]|[.．点][{_AD}{_KD}]))",
        # postal numbers and telephone-like digit groups
        rf"(?P<postal>〒[ 　]?{_A}+(?:[{_DASH}ー]{_A}+)*)",
        rf"(?P<phone>[(（]{_A}{{2,5}}[)）]{_A}{{1,4}}[{_DASH}ー]{_A}{{3,4}}"
        rf"|{_A}+(?:[{_DASH}ー]{_A}+)+)",
        # dates, times, ratios, section numbers: 2021/4/1, 12:30, 1.2.3
        rf"(?P<grouped>{_A}+(?:[/／:：]{_A}+)+|{_A}+(?:[.．]{_A}+){{2,}})",
        # standard names: JIS X 8341-3, ISO 3166, ISO/IEC 40500:2012
        rf"(?P<standard>(?<![{_LAT}])[A-ZＡ-Ｚ]{{2,}}(?:[/／][A-ZＡ-Ｚ]{{2,}})*"
        rf"(?:[ 　][A-ZＡ-Ｚ]{{1,2}})?[ 　]{_A}(?:[{_AD}{_DASH}:：]|[.．]{_A})*)",
        # codes: a digit touching a letter (A1, ΣA1B1, No.36, A-1, 10km)
        rf"(?P<code>(?<![{_LAT}{_AD}])(?:[{_LAT}]+(?:[.．_{_DASH}][{_LAT}]+)*[.．_{_DASH}]?{_A}"
        rf"|{_A}+[{_LAT}])[{_LAT}{_AD}_]*(?:[.．{_DASH}][{_LAT}{_AD}]+)*)",
        # numbers, with an optional minus sign
        rf"(?P<number>(?P<minus>[-−－‐])?(?P<core>{_NUMCH}+"
        rf"(?:(?<=[{_AD}])[,，]{_A}{{3}}(?!{_A}){_NUMCH}*)*(?:(?<={_NUMCH})京{_NUMCH}*)?))",
        # range signs
        r"(?P<tilde>[ 　]?[〜～~][ 　]?)",
        # percent signs are handled with the number before them
    ])
)


# Every character a match of _MASTER_PATTERN can start with: URL and e-mail
# characters, letters of codes and standards (Latin, full-width, Greek), era
# and page letters, digits of all kinds, 〒, an opening bracket (telephone),
# minus and dash signs, and the space or sign of a range.
_START_PATTERN = (
    f"[A-Za-z0-9._%+\\-{_LAT}{_AD}{_KD}{_KM}{_KB}ＭＴＳＨＲＰｐ〒(（{_DASH} 　〜～~]"
)


@functools.lru_cache(maxsize=1)
def _master_re() -> re.Pattern:
    """The number scanner, compiled on first use (about 4 ms; a rebuild from the cache needs none)."""
    return re.compile(_MASTER_PATTERN)


@functools.lru_cache(maxsize=1)
def _master_search() -> Callable[[str, int], "re.Match | None"]:
    """``_master_re().search``, about four times faster on Japanese prose.

    The scanner's alternatives are tried only where one can start
    (:data:`_START_PATTERN`, a plain character class that ``re`` skips to
    quickly); lookbehinds still see the text before, as with ``search``.
    """
    match = _master_re().match
    next_start = re.compile(_START_PATTERN).search

    def search(text: str, pos: int) -> "re.Match | None":
        while True:
            candidate = next_start(text, pos)
            if candidate is None:
                return None
            pos = candidate.start()
            m = match(text, pos)
            if m is not None:
                return m
            pos += 1

    return search


_KD_RUN_RE = re.compile(f"[{_KD}]+")
_A_RUN_RE = re.compile(f"{_A}+")


@dataclass
class _Item:
    start: int
    end: int
    out: str
    numbers: list[NumberSpan]


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _before_char(text: str, items: list[_Item], pos: int) -> str:
    """The character before ``pos`` as it will read after narration."""
    if items and items[-1].end == pos and items[-1].out:
        return items[-1].out[-1]
    return text[pos - 1] if pos > 0 else ""


def _single_kanji_is_number(text: str, s: int, e: int, after_range: bool,
                            before: str) -> tuple[bool, bool]:
    """Decide whether the single numeral kanji text[s] is a number.

    ``before`` is the preceding character as narrated.  Returns
    (is_number, ordinal).
    """
    ch = text[s]
    after = text[e] if e < len(text) else ""
    for word in _WORD_AFTER.get(ch, ()):
        if text.startswith(word, e):
            return False, False
    if ch == "千" and text.startswith("歳", e):       # 千歳 (a place name)
        return False, False
    for prefix in _ORDINAL_PREFIXES:
        if s >= len(prefix) and text.startswith(prefix, s - len(prefix)):
            if text.startswith(_ORDINAL_SUFFIXES, e) or text.startswith(_COUNTERS, e):
                return True, True
            if after and (is_kanji(after) or "\u30a0" <= after <= "\u30ff"):
                return False, False           # 第三者, 第一人者, 第三セクター
            return True, True
    if before in _WORD_BEFORE:
        return False, False
    if text.startswith(_COUNTERS, e):
        return True, False
    if after_range:
        return True, False
    if ch in _KD and after in "〜～~" and e + 1 < len(text) and text[e + 1] in _NUMERAL_CHARS:
        return True, False
    if ch in _KD and text.startswith("から", e) and e + 2 < len(text) and \
            text[e + 2] in _NUMERAL_CHARS:                 # 四から六歳
        return True, False
    if ch in _KD and (_is_hiragana(before) and before != "の") and \
            (after == "" or after in _SENTENCE_PUNCT):
        return True, False
    return False, False


def _kanji_decimal_ok(text: str, pos: int) -> bool:
    """A kanji decimal run ending at pos must not run into a multiplier."""
    if pos >= len(text):
        return True
    nxt = text[pos]
    return not (nxt in _KM or nxt in _KB or nxt == "京")


_LAT_RE = re.compile(f"[{_LAT}]")
_PAGE_PREFIX_RE = re.compile(r"[PpＰｐ][.．]?[ ]?$")


def _narrated_before(text: str, items: list[_Item], pos: int) -> str:
    """The two characters before ``pos`` as they will read after narration."""
    tail = text[max(0, pos - 2):pos]
    if items:
        last = items[-1]
        if last.end == pos:
            tail = (text[max(0, last.start - 2):last.start] + last.out)[-2:]
        elif last.end == pos - 1:
            tail = (text[max(0, last.start - 2):last.start] + last.out)[-1:] + text[pos - 1]
    return tail


def _breaks_neighbours(text: str, items: list[_Item], start: int, end: int, out: str,
                       range_pending: bool = False) -> bool:
    """True if writing ``out`` for text[start:end] would merge with a neighbour.

    A narrated number must not touch another numeral or a decimal point
    before a numeral (it would be read as one number on the next pass), nor
    put an Arabic digit against a letter or a dash (it would become a code
    or a minus).  Such spots are left as written.
    """
    if out == text[start:end]:
        return False
    tail = _narrated_before(text, items, start)
    before = tail[-1:]
    before2 = tail[-2:-1]
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    if before and out[:1] in _NUMERAL_CHARS and before in _NUMERAL_CHARS:
        return True
    if after and out[-1:] in _NUMERAL_CHARS and after in _NUMERAL_CHARS:
        return True
    if out[-1:] in _NUMERAL_CHARS and after and after in "点.．,，・/／:：ー-‐‑–－−" and \
            after2 and after2 in _NUMERAL_CHARS:
        return True
    if out[:1] in _NUMERAL_CHARS and before and before in "-‐‑–－−":
        return True
    if not range_pending and out[:1] in _NUMERAL_CHARS and before and before in "〜～~" and \
            before2 and before2 in _NUMERAL_CHARS:
        return True                 # would turn "一〜P0" into a range on the next pass
    if out[:1] in _NUMERAL_CHARS and before in "点.．,，・" and before2 and before2 in _NUMERAL_CHARS:
        return True
    if out[:1].isascii() and out[:1].isdigit() and before:
        if _LAT_RE.match(before):
            return True
        if before in ".．" and before2 and _LAT_RE.match(before2):
            return True
        if _PAGE_PREFIX_RE.search(text, max(0, start - 3), start):
            return True
    if after and _LAT_RE.match(after) and (
            (out[-1:].isascii() and out[-1:].isdigit()) or text[end - 1] in "0123456789０１２３４５６７８９"):
        return True
    if before and _LAT_RE.match(before) and text[start] in "0123456789０１２３４５６７８９":
        return True
    return False


@functools.lru_cache(maxsize=20_000)
def _process(text: str) -> tuple[_Item, ...]:
    """The numbers of a text and how each is narrated (cached: tables ask for a
    text's numbers several times, and the narration edition again).  Callers
    must not change the items."""
    return tuple(_scan(text))


def _scan(text: str) -> list[_Item]:
    items: list[_Item] = []
    pos = 0
    n = len(text)
    # range state: index into items of the pending tilde and of the number before it
    last_number_item: int | None = None
    last_number_end = -1
    pending_tilde: int | None = None
    search = _master_search()
    while pos < n:
        m = search(text, pos)
        if not m:
            break
        kind = m.lastgroup
        s, e = m.start(), m.end()
        if kind in ("url", "email", "postal", "phone", "grouped", "standard", "code"):
            items.append(_Item(s, e, text[s:e], []))
            pos = e
            continue
        if kind == "eradate":
            year, month = m.group("dy"), int(m.group("dm").translate(_FW_TABLE))
            day = m.group("dd")
            day_v = int(day.translate(_FW_TABLE)) if day else None
            if not 1 <= month <= 12 or (day_v is not None and not 1 <= day_v <= 31):
                items.append(_Item(s, e, text[s:e], []))
                pos = e
                continue
            spans = []
            out = _ERA[m.group("dera")]
            if year == "元":
                out += "元"
            else:
                yv = int(year.translate(_FW_TABLE))
                spans.append(NumberSpan(m.start("dy"), m.end("dy"), Decimal(yv), year))
                out += _format_int(yv)
            out += "年" + _format_int(month) + "月"
            spans.append(NumberSpan(m.start("dm"), m.end("dm"), Decimal(month), m.group("dm")))
            if day_v is not None:
                out += _format_int(day_v) + "日"
                spans.append(NumberSpan(m.start("dd"), m.end("dd"), Decimal(day_v), day))
            if _breaks_neighbours(text, items, s, e, out):
                out = text[s:e]
            items.append(_Item(s, e, out, spans))
            pos = e
            continue
        if kind == "era":
            year = m.group("eyear")
            out = _ERA[m.group("eletter")]
            spans = []
            if year == "元":
                out += "元"
            else:
                yv = int(year.translate(_FW_TABLE))
                out += _format_int(yv)
                spans.append(NumberSpan(m.start("eyear"), m.end("eyear"), Decimal(yv), year))
            if _breaks_neighbours(text, items, s, e, out):
                out = text[s:e]
            items.append(_Item(s, e, out, spans))
            last_number_item, last_number_end = len(items) - 1, e
            pos = e
            continue
        if kind == "page":
            p1 = int(m.group("p1").translate(_FW_TABLE))
            spans = [NumberSpan(m.start("p1"), m.end("p1"), Decimal(p1), m.group("p1"))]
            out = _format_int(p1) + "ページ"
            if m.group("p2"):
                p2 = int(m.group("p2").translate(_FW_TABLE))
                spans.append(NumberSpan(m.start("p2"), m.end("p2"), Decimal(p2), m.group("p2")))
                out += "から" + _format_int(p2) + "ページ"
            if pending_tilde is not None and items[pending_tilde].end == s:
                tilde = items[pending_tilde]
                tilde.out = "から"
                prev = items[last_number_item] if last_number_item is not None else None
                if prev is not None and prev.end == tilde.start and not prev.out.endswith("ページ"):
                    prev.out += "ページ"
            elif _breaks_neighbours(text, items, s, e, out, range_pending=False):
                out = text[s:e]
            pending_tilde = None
            items.append(_Item(s, e, out, spans))
            last_number_item, last_number_end = len(items) - 1, e
            pos = e
            continue
        if kind == "tilde":
            tilde_char_pos = s + (1 if text[s] in " 　" else 0)
            gap = text[last_number_end:tilde_char_pos] if last_number_end >= 0 else None
            if gap is not None and len(gap) <= 4 and \
                    not any(c in _SENTENCE_PUNCT or c in _NUMERAL_CHARS or c in "〜～~" for c in gap) \
                    and (gap == "" or tilde_char_pos == s):
                items.append(_Item(s, e, text[s:e], []))
                pending_tilde = len(items) - 1
            else:
                items.append(_Item(s, e, text[s:e], []))
                pending_tilde = None
            pos = e
            continue
        # --- a number ------------------------------------------------------
        core_s, core_e = m.start("core"), m.end("core")
        core = m.group("core")
        minus = m.group("minus")
        after_range = pending_tilde is not None and items[pending_tilde].end == s
        # decimals
        end = core_e
        frac = ""
        frac_kind = ""
        nxt = text[end] if end < n else ""
        core_ascii = core.translate(_FW_TABLE)
        if nxt in ".．" and core_ascii[-1:].isdigit() and end + 1 < n:
            d = _A_RUN_RE.match(text, end + 1)
            if d and not (d.end() < n and text[d.end()] in ".．" and
                          d.end() + 1 < n and text[d.end() + 1] in _NUMERAL_CHARS):
                frac = d.group().translate(_FW_TABLE)
                frac_kind = "."
                end = d.end()
        elif nxt == "点" and end + 1 < n:
            d = _A_RUN_RE.match(text, end + 1)
            if d:
                frac, frac_kind, end = d.group().translate(_FW_TABLE), "点", d.end()
            else:
                d = _KD_RUN_RE.match(text, end + 1)
                if d and _kanji_decimal_ok(text, d.end()):
                    frac = "".join(str(_KANJI_DIGIT[c]) for c in d.group())
                    frac_kind, end = "点", d.end()
        elif nxt == "・" and all(c in _KD for c in core) and end + 1 < n:
            d = _KD_RUN_RE.match(text, end + 1)
            if d and text.startswith(("パーセント", "%", "％", "倍", "割", "ポイント"), d.end()):
                frac = "".join(str(_KANJI_DIGIT[c]) for c in d.group())
                frac_kind, end = "・", d.end()
        # is it a number at all?
        norm = _normalize_cluster(core)
        value = _parse_int(norm) if norm is not None else None
        ordinal = False
        is_number = value is not None
        narrate_it = is_number
        if is_number and not frac_kind:
            if len(core) == 1 and core in _KD + _KM + _KB:
                if core in _KB:
                    is_number = False
                else:
                    is_number, ordinal = _single_kanji_is_number(
                        text, core_s, core_e, after_range, _before_char(text, items, core_s))
                    narrate_it = is_number and core in _KD
            elif all(c in _KD + _KM + _KB + "京" for c in core):
                if core in _WORD_RUNS or text.startswith(_WORD_RUNS, core_s):
                    is_number = False
                elif all(c in _KD for c in core) and (
                        not any(c in "〇零" for c in core) or all(c in "〇零" for c in core)):
                    is_number = False               # 四六時中, 七五三, 〇〇
                elif text[core_s - 1:core_s] in _WORD_BEFORE - {"人"} and core_s > 0:
                    is_number = False
                narrate_it = is_number
        if is_number and frac_kind == "・" and core_s > 0 and text[core_s - 1] in _WORD_BEFORE:
            is_number = narrate_it = False
        if not is_number:
            # not a number: keep it, but do not swallow a decimal-looking tail
            items.append(_Item(s, core_e, text[s:core_e], []))
            pos = core_e
            pending_tilde = None
            continue
        if value >= 10**20:
            narrate_it = False                      # beyond 京: leave as written
        # minus sign
        negative = False
        spoken_minus = not minus and core_s - 4 >= pos and text.startswith("マイナス", core_s - 4)
        if spoken_minus:
            negative = True
            s = core_s - 4
        elif minus:
            before = _before_char(text, items, s)
            if value == 0 and not frac.strip("0"):
                items.append(_Item(s, core_s, minus, []))   # "-0": a dash, not a minus
            elif before in _NUMERAL_CHARS and before:
                items.append(_Item(s, core_s, minus, []))   # a dash between numbers
            elif before == "" or before.isspace() or before in "(（[［「『【〔:：=＝,，、。・〜～~" or \
                    is_kanji(before) or _is_hiragana(before) or "\u30a0" <= before <= "\u30ff":
                negative = True
            else:
                items.append(_Item(s, core_s, minus, []))
        num_start = s if negative else core_s
        value_dec = _decimal(value, frac)
        if negative:
            value_dec = -value_dec
        span = NumberSpan(num_start, end, value_dec, text[num_start:end], ordinal)
        if narrate_it:
            out = format_number(value_dec)
            pending = pending_tilde is not None and items[pending_tilde].end == num_start
            if _breaks_neighbours(text, items, num_start, end, out, range_pending=pending):
                out = text[num_start:end]
        else:
            out = ("マイナス" if negative else "") + text[core_s:end]
        # percent sign
        pe = end
        if pe < n and text[pe] in " 　" and pe + 1 < n and text[pe + 1] in "%％":
            pe += 1
        if pe < n and text[pe] in "%％":
            out += "パーセント"
            end_item = pe + 1
        else:
            end_item = end
        items.append(_Item(num_start, end_item, out, [span]))
        # a range ending here
        if pending_tilde is not None and items[pending_tilde].end == num_start:
            tilde = items[pending_tilde]
            tilde.out = "から"
            prev = items[last_number_item] if last_number_item is not None else None
            if prev is not None and prev.end == tilde.start and text.startswith("ページ", end_item) \
                    and not prev.out.endswith("ページ"):
                prev.out += "ページ"
        pending_tilde = None
        last_number_item, last_number_end = len(items) - 1, end_item
        pos = end_item
    return items


def scan_numbers(text: str) -> list[NumberSpan]:
    """Find every number in running text, Arabic or kanji, conservatively.

    Codes, standards, URLs, telephone/postal numbers and dates written with
    slashes are not numbers; kanji digits inside words are not numbers (see
    the module docstring).  Ordinals after 第 are included with
    ``ordinal=True``.  A minus sign that is a minus is part of the span.
    """
    spans: list[NumberSpan] = []
    for item in _process(text):
        spans.extend(item.numbers)
    return spans


def narrate(text: str) -> str:
    """Rewrite every number in ``text`` in the narration style (idempotent)."""
    out = []
    pos = 0
    for item in _process(text):
        out.append(text[pos:item.start])
        out.append(item.out)
        pos = item.end
    out.append(text[pos:])
    return "".join(out)


def narration_changes(text: str) -> list[tuple[int, int, str, str]]:
    """Every spot :func:`narrate` changes: ``(start, end, source, narrated)``.

    Applying the replacements to ``text`` gives ``narrate(text)``; useful to
    review what the narration edition changes in a source.
    """
    return [(item.start, item.end, text[item.start:item.end], item.out)
            for item in _process(text) if text[item.start:item.end] != item.out]
