"""Readings (ふりがな) for Japanese plan texts.

The engine reads a whole text at once, so that a word is read in its
sentence, in three layers (the first that decides a word wins):

1. reviewed dictionaries, matched longest first where the analyzer puts a
   word boundary: the staff's ``readings.tsv`` > the shipped domain
   dictionary ``data/readings.tsv`` (administrative conventions such as 等
   とう, 型 がた, and service names) > the municipality gazetteer
   ``data/places.tsv`` > the readings a plan's glossary gives its terms;
2. numbers and counters with their sound changes (三千 さんぜん, 八百
   はっぴゃく, 十回 じゅっかい, 1日 ついたち, 二十日 はつか, 3か所 さんかしょ,
   令和元年 れいわがんねん), and the conventions of administrative writing
   for one-kanji suffixes after a noun (障害者等 とう, A型 がた, 配布数 すう,
   退院後 ご);
3. the morphological analyzer (``analyzer.py``: SudachiPy with
   SudachiDict-core) for everything else: 行って after 事業を is おこなって,
   都 in 国や都の is と.

A kanji word that none of them can read gets no reading (no ruby, never a
guess shown as fact); :meth:`ReadingEngine.analyse` lists it.

Ruby goes over kanji only: a word and its reading are aligned so that
okurigana and kana inside words stay outside the ruby
(著しく → 著(いちじる) しく, 均てん化 → 均(きん) てん 化(か)).

Look-alike characters (Kangxi radicals and the like, ``chars.py``) are read
as the kanji they stand for; the text itself is never changed.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.resources
import pathlib
import re
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from .. import kansuji
from ..errors import DictionaryError
from . import analyzer
from .align import (  # noqa: F401  (align_reading and fits are part of this module's interface)
    _ALIGN_LOOSE,
    _align_sounded,
    _aligned,
    _reading_chars_ok,
    _split_loosely,
    align_reading,
    fits,
)
from ..chars import (
    KANJI,
    fold_lookalikes,
    has_kanji,
    to_hiragana,
)

__all__ = [
    "RubySpan",
    "Word",
    "Analysis",
    "spans_reading",
    "ReadingEngine",
    "default_engine",
    "align_reading",
    "read_kanji_number",
    "load_tsv",
    "SOURCES",
]

# Dictionary layers, highest precedence first.
DICTIONARY_SOURCES = ("user", "dictionary", "places", "glossary")
# Every value RubySpan.source can take.
SOURCES = DICTIONARY_SOURCES + ("numeral", "convention", "analyzer", "none")
_PRIORITY = {name: rank for rank, name in enumerate(DICTIONARY_SOURCES)}


class RubySpan(NamedTuple):
    base: str             # text as in the source
    reading: str | None   # hiragana reading of a kanji base; None for kana, Latin, digits, punctuation, unread kanji
    source: str           # one of SOURCES: "none" when reading is None


class Word(NamedTuple):
    """One kanji word as the engine read it: ``text[start:end]``.

    ``source`` says which layer decided it (a dictionary, ``numeral``,
    ``convention`` or ``analyzer``), or why it has no reading: ``unknown``
    for a word no layer knows, ``name`` for a person's given name, whose
    reading the kanji do not tell.  Those get no ruby.
    """

    start: int
    end: int
    reading: str | None
    source: str


@dataclass
class Analysis:
    """A text read: its ruby spans and the kanji words they were made from."""

    text: str
    spans: list[RubySpan]
    raw: list[tuple[int, int, str | None, str]] = field(default_factory=list, repr=False)

    @property
    def words(self) -> list[Word]:
        """The kanji words, in order (text between them has no kanji)."""
        return [Word(*w) for w in self.raw]

    def unknown(self) -> list[str]:
        """The kanji words no layer could read (no ruby), in order, once each."""
        return list(dict.fromkeys(self.text[w[0]:w[1]] for w in self.raw if w[3] == "unknown"))

    def names(self) -> list[str]:
        """The given names left without ruby, in order, once each."""
        return list(dict.fromkeys(self.text[w[0]:w[1]] for w in self.raw if w[3] == "name"))


def spans_reading(spans: Iterable[RubySpan]) -> str:
    """Spans read as one text in hiragana: readings, and the rest as written (katakana as hiragana)."""
    return "".join(s.reading if s.reading is not None else to_hiragana(s.base) for s in spans)


_READING_OK = re.compile(r"^[ぁ-ゖゝゞー]+$")
BATCH = 200_000          # characters read together by ReadingEngine.analyse_many


# ---------------------------------------------------------------------------
# Kanji numerals

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_DIGIT_READING = {1: "いち", 2: "に", 3: "さん", 4: "よん", 5: "ご", 6: "ろく",
                  7: "なな", 8: "はち", 9: "きゅう"}
_HUNDREDS = {1: "ひゃく", 3: "さんびゃく", 6: "ろっぴゃく", 8: "はっぴゃく"}
_THOUSANDS = {1: "せん", 3: "さんぜん", 8: "はっせん"}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": ("まん", 10_000), "億": ("おく", 10**8)}
NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)


def _read_group(text: str) -> str | None:
    """Read a number below 10,000 written positionally (七百五十六)."""
    if not text:
        return None
    out: list[str] = []
    last_unit = 10_000
    coef: int | None = None
    explicit_one = False
    for ch in text:
        if ch in _DIGITS:
            if coef is not None:
                return None                      # two digits in a row: 二〇 etc.
            coef = _DIGITS[ch]
            if coef == 0:
                return None
            explicit_one = coef == 1
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if unit >= last_unit:
                return None                      # units out of order
            last_unit = unit
            n = 1 if coef is None else coef
            if unit == 10:
                if explicit_one:
                    return None                  # 一十 is not written
                out.append(("" if n == 1 else _DIGIT_READING[n]) + "じゅう")
            elif unit == 100:
                if explicit_one:
                    out.append("いっぴゃく")
                else:
                    out.append(_HUNDREDS.get(n) or _DIGIT_READING[n] + "ひゃく")
            else:
                if explicit_one:
                    out.append("いっせん")
                else:
                    out.append(_THOUSANDS.get(n) or _DIGIT_READING[n] + "せん")
            coef = None
            explicit_one = False
        else:
            return None
    if coef is not None:
        out.append(_DIGIT_READING[coef])
    return "".join(out)


def read_kanji_number(text: str) -> str | None:
    """Reading of a kanji numeral (三千七百五十六 → さんぜんななひゃくごじゅうろく).

    Returns None for forms that are not plain positional numbers (万一, 七五三,
    二〇二〇): those are words, or read digit by digit, and are left to the
    analyzer.
    """
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if text[0] in _BIG_UNITS:
        return None
    out: list[str] = []
    rest = text
    last_big = 10**12
    for big in ("億", "万"):
        if big in rest:
            head, _, rest = rest.partition(big)
            reading, value = _BIG_UNITS[big]
            if value >= last_big or big in rest:
                return None
            last_big = value
            group = _read_group(head)
            if group is None:
                return None
            if head == "千":
                group = "いっせん"               # 千万 is いっせんまん
            out.append(group + reading)
    if rest:
        group = _read_group(rest)
        if group is None:
            return None
        out.append(group)
    if len(text) == 1 and text in _DIGITS:
        return _DIGIT_READING.get(_DIGITS[text])
    return "".join(out) or None


def kanji_number_value(text: str) -> int | None:
    """Value of a positional kanji numeral (二十六 → 26), or None (see :mod:`yomitoki.kansuji`)."""
    if read_kanji_number(text) is None:
        return None
    return kansuji.value(text)


def number_reading(n: int) -> str:
    """Reading of a non-negative integer (3600 → さんぜんろっぴゃく)."""
    if n == 0:
        return "ぜろ"
    out: list[str] = []
    for value, name in ((10**8, "おく"), (10**4, "まん")):
        if n >= value:
            head, n = divmod(n, value)
            # 千万 and 千億 are いっせんまん, いっせんおく (as read_kanji_number reads them)
            out.append(("いっせん" if head == 1000 else number_reading(head)) + name)
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    tens, ones = divmod(rest, 10)
    if thousands:
        out.append(_THOUSANDS.get(thousands) or _DIGIT_READING[thousands] + "せん")
    if hundreds:
        out.append(_HUNDREDS.get(hundreds) or _DIGIT_READING[hundreds] + "ひゃく")
    if tens:
        out.append(("" if tens == 1 else _DIGIT_READING[tens]) + "じゅう")
    if ones:
        out.append(_DIGIT_READING[ones])
    return "".join(out)


_DAY_NAMES = {1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか",
              6: "むいか", 7: "なのか", 8: "ようか", 9: "ここのか", 10: "とおか",
              14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか"}
# Readings of the last digit before 日, 月 and 時 (十七日 じゅうしちにち, 九月 くがつ).
_DATE_DIGIT = {4: "し", 7: "しち", 9: "く"}


def day_reading(n: int, *, date: bool = True) -> str:
    """Reading of N日: ふつか, じゅうよっか, はつか, じゅうしちにち; 1日 is ついたち only as a date."""
    if n == 1 and not date:
        return "いちにち"
    if n in _DAY_NAMES:
        return _DAY_NAMES[n]
    tens, ones = divmod(n, 10)
    if ones in _DATE_DIGIT and n < 100:
        return (number_reading(tens * 10) if tens else "") + _DATE_DIGIT[ones] + "にち"
    return number_reading(n) + "にち"


def month_reading(n: int) -> str:
    """Reading of N月 as a month name: しがつ, しちがつ, くがつ, じゅういちがつ."""
    tens, ones = divmod(n, 10)
    if ones in _DATE_DIGIT and n < 100:
        return (number_reading(tens * 10) if tens else "") + _DATE_DIGIT[ones] + "がつ"
    return number_reading(n) + "がつ"


# ---------------------------------------------------------------------------
# Counters and their sound changes

# Counters by the first sound of their reading: before か-row counters
# 1 6 8 10 100 are read with a small っ (一回 いっかい, 六回 ろっかい, 十回
# じゅっかい, 百件 ひゃっけん); before さ-row and た-row ones 1 8 10 100
# (一歳 いっさい, 八点 はってん; 六歳 ろくさい).  Before は-row counters the
# counter changes too (一本 いっぽん, 三本 さんぼん): see _H_COUNTERS.
_K, _S, _T, _PLAIN = "k", "s", "t", ""
_COUNTERS: dict[str, tuple[str, str]] = {
    "か所": ("かしょ", _K), "ヵ所": ("かしょ", _K), "ヶ所": ("かしょ", _K), "カ所": ("かしょ", _K),
    "箇所": ("かしょ", _K), "か月": ("かげつ", _K), "ヵ月": ("かげつ", _K), "ヶ月": ("かげつ", _K),
    "カ月": ("かげつ", _K), "箇月": ("かげつ", _K), "か国": ("かこく", _K), "ヶ国": ("かこく", _K),
    "回": ("かい", _K), "階": ("かい", _K), "件": ("けん", _K), "個": ("こ", _K), "校": ("こう", _K),
    "項目": ("こうもく", _K), "項": ("こう", _K), "級": ("きゅう", _K), "期": ("き", _K), "課": ("か", _K), "圏域": ("けんいき", _K),
    "歳": ("さい", _S), "才": ("さい", _S), "世帯": ("せたい", _S), "冊": ("さつ", _S), "週": ("しゅう", _S),
    "週間": ("しゅうかん", _S), "章": ("しょう", _S), "種類": ("しゅるい", _S), "施設": ("しせつ", _S),
    "床": ("しょう", _S), "室": ("しつ", _S), "社": ("しゃ", _S), "節": ("せつ", _S),
    "点": ("てん", _T), "通": ("つう", _T), "頭": ("とう", _T),
    "名": ("めい", _PLAIN), "代": ("だい", _PLAIN), "割": ("わり", _PLAIN), "倍": ("ばい", _PLAIN), "号": ("ごう", _PLAIN),
    "条": ("じょう", _PLAIN), "事業所": ("じぎょうしょ", _PLAIN), "市町村": ("しちょうそん", _PLAIN),
    "万人": ("まんにん", _PLAIN), "番": ("ばん", _PLAIN), "位": ("い", _PLAIN), "日分": ("にちぶん", _PLAIN),
}
# は-row counters: the counter's reading after 1 6 8 10 100 (っ + ぱ-row), after
# 3, 千 and 万 (ん), after 4, and otherwise.
_H_COUNTERS: dict[str, dict[str, str]] = {
    "本": {"p": "ぽん", "n": "ぼん", "4": "ほん", "": "ほん"},
    "分": {"p": "ぷん", "n": "ぷん", "4": "ぷん", "": "ふん"},      # minutes (as a portion: ぶん)
    "泊": {"p": "ぱく", "n": "ぱく", "4": "はく", "": "はく"},
    "杯": {"p": "ぱい", "n": "ばい", "4": "はい", "": "はい"},
    "匹": {"p": "ぴき", "n": "びき", "4": "ひき", "": "ひき"},
}
# Counters after which 4 is よ (四年 よねん, 四時 よじ) and, for 時, 9 is く and 7 しち.
_YO_COUNTERS = {"年": "ねん", "年度": "ねんど", "年間": "ねんかん", "時": "じ", "時間": "じかん",
                "円": "えん", "人": "にん"}
_ERAS = ("令和", "平成", "昭和", "大正", "明治")

_COUNTER_WORDS = sorted(set(_COUNTERS) | set(_H_COUNTERS) | set(_YO_COUNTERS) | {"日間", "日", "月"},
                        key=len, reverse=True)
_NUMBER = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*|[〇一二三四五六七八九十百千万億]+"
# A number, the spaces a PDF may leave after it (1 か所), and a counter.
_COUNTER_RE = re.compile(
    r"(?<![0-9０-９〇一二三四五六七八九十百千万億])(" + _NUMBER + r"|元)([ \u3000]?)("
    + "|".join(map(re.escape, _COUNTER_WORDS)) + ")"
)
_NUMERAL_RUN = re.compile(r"[〇一二三四五六七八九十百千万億]{2,}")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789", ",，")
# Numbers with counters that, as one word of the analyzer, are another word (十分 じゅうぶん).
_NOT_COUNTED = {"十分"}


def _spoken_tail(value: int) -> str:
    """The last spoken unit of a number: "1", "6", "8", "10", "100", "3", "千", "万", "4" or ""."""
    if value == 0:
        return ""
    if value % 10:
        return str(value % 10)
    if value % 100:
        return "10"
    if value % 1000:
        return "100"
    if value % 10_000:
        return "千"
    return "万"


def _sokuon(reading: str, tail: str, kind: str) -> str:
    """``reading`` (a number read in full) with its last sound made small っ before a k/s/t counter."""
    if kind == _K and tail in ("1", "6", "8", "10", "100") or kind in (_S, _T) and tail in ("1", "8", "10", "100"):
        for full, short in (("いち", "いっ"), ("ろく", "ろっ"), ("はち", "はっ"), ("じゅう", "じゅっ"),
                            ("ひゃく", "ひゃっ"), ("びゃく", "びゃっ"), ("ぴゃく", "ぴゃっ")):
            if reading.endswith(full):
                return reading[: -len(full)] + short
    return reading


def _h_class(tail: str) -> str:
    if tail in ("1", "6", "8", "10", "100"):
        return "p"
    if tail in ("3", "千", "万"):
        return "n"
    return "4" if tail == "4" else ""


def _parse_tsv(lines: Iterable[str], name: str) -> dict[str, str]:
    terms: dict[str, str] = {}
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if lineno == 1:
            line = line.lstrip("\ufeff")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise DictionaryError(name, lineno, "「語<TAB>読み<TAB>メモ」の形式ではありません"
                                  f"（タブ区切りの項目が {len(fields)} 個あります）: {line!r}")
        term, reading = fields[0].strip(), fields[1].strip()
        if not term:
            raise DictionaryError(name, lineno, f"語が空です: {line!r}")
        if not reading:
            raise DictionaryError(name, lineno, f"「{term}」の読みが空です")
        reading = to_hiragana(reading)
        if not _reading_chars_ok(term, reading):
            raise DictionaryError(name, lineno, f"「{term}」の読み「{fields[1].strip()}」は"
                                  "ひらがな（またはカタカナ）で書いてください")
        if not fits(term, reading):
            raise DictionaryError(name, lineno, f"「{term}」の読み「{fields[1].strip()}」が、"
                                  "語の中のかなや英字と合いません（かなの部分は語と同じに書いてください）")
        if term in terms and terms[term] != reading:
            raise DictionaryError(name, lineno, f"「{term}」が二度あり、読みが違います"
                                  f"（「{terms[term]}」と「{reading}」）")
        terms[term] = reading
    return terms


def load_tsv(path: pathlib.Path) -> dict[str, str]:
    """Read a ``term<TAB>reading<TAB>note`` file; :class:`DictionaryError` names file and line."""
    path = pathlib.Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise DictionaryError(str(path), line, f"UTF-8 で保存してください（{exc.start} バイト目）") from None
    except OSError as exc:
        raise DictionaryError(str(path), None, f"読めません（{exc.strerror}）") from None
    return _parse_tsv(text.splitlines(), str(path))


def _load_shipped(name: str) -> dict[str, str]:
    resource = importlib.resources.files("yomitoki") / "data" / name
    return _parse_tsv(resource.read_text(encoding="utf-8").splitlines(), f"yomitoki/data/{name}")


@functools.lru_cache(maxsize=None)
def _shipped(name: str) -> dict[str, str]:
    return _load_shipped(name)


# ---------------------------------------------------------------------------
# The engine

class ReadingEngine:
    """Readings of whole texts: reviewed dictionaries and number rules over the analyzer.

    ``user_dictionary`` is the staff's ``readings.tsv``; ``glossary`` the
    readings a plan's glossary gives its terms; ``shipped=False`` leaves out
    the shipped dictionaries (for tests).
    """

    def __init__(self, *, user_dictionary: pathlib.Path | None = None,
                 glossary: dict[str, str] | None = None,
                 extra_terms: dict[str, str] | None = None,
                 shipped: bool = True):
        self._layers: dict[str, dict[str, str]] = {name: {} for name in DICTIONARY_SOURCES}
        if shipped:
            self._layers["places"] = _shipped("places.tsv")
            self._layers["dictionary"] = _shipped("readings.tsv")
        if user_dictionary is not None:
            self._layers["user"] = load_tsv(pathlib.Path(user_dictionary))
        for terms in (glossary, extra_terms):
            if terms:
                self.add_terms(terms, source="glossary")
        self._rebuild()

    # -- dictionaries -------------------------------------------------------

    def add_terms(self, terms: dict[str, str], source: str = "glossary") -> None:
        """Add terms with readings (e.g. a glossary's); katakana readings are accepted."""
        if source not in DICTIONARY_SOURCES:
            raise ValueError(f"unknown dictionary layer {source!r} (one of {', '.join(DICTIONARY_SOURCES)})")
        layer = dict(self._layers[source])
        for term, reading in terms.items():
            term, reading = term.strip(), to_hiragana(reading.strip())
            if not term or not reading:
                raise DictionaryError(source, None, f"語と読みの両方が必要です: {term!r} → {reading!r}")
            if not _reading_chars_ok(term, reading):
                raise DictionaryError(source, None, f"「{term}」の読み「{reading}」はひらがなで書いてください")
            if not fits(term, reading):
                raise DictionaryError(source, None, f"「{term}」の読み「{reading}」が、語の中のかなや英字と合いません")
            layer[term] = reading
        self._layers[source] = layer
        self._rebuild()

    def _rebuild(self) -> None:
        merged: dict[str, tuple[str, str, str]] = {}     # folded term -> (reading, source, term)
        for source in reversed(DICTIONARY_SOURCES):       # lowest precedence first
            for term, reading in self._layers[source].items():
                merged[fold_lookalikes(term)] = (reading, source, term)
        self._terms = merged
        lengths: dict[str, set[int]] = {}
        for term in merged:
            lengths.setdefault(term[0], set()).add(len(term))
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}
        self._inner = {term[0] for term, (_, source, _) in merged.items() if source == "user"}
        self._fingerprint = None

    def lookup(self, term: str) -> tuple[str, str] | None:
        """(reading, source) of a dictionary term, or None."""
        hit = self._terms.get(fold_lookalikes(term))
        return None if hit is None else hit[:2]

    def fingerprint(self) -> str:
        """A hash of everything that can change this engine's readings."""
        if self._fingerprint is None:
            h = hashlib.sha256(f"yomitoki readings\n{analyzer.versions()}\n".encode())
            package = pathlib.Path(__file__).parent.parent
            for module in ("enrich/readings.py", "enrich/analyzer.py", "chars.py", "kansuji.py"):
                h.update((package / module).read_bytes())
            for term in sorted(self._terms):
                reading, source, _ = self._terms[term]
                h.update(f"{term}\t{reading}\t{source}\n".encode())
            self._fingerprint = h.hexdigest()
        return self._fingerprint

    # -- public API ---------------------------------------------------------

    def spans(self, text: str) -> list[RubySpan]:
        """The ruby segmentation of a text: kanji words with readings, the rest without."""
        return self.analyse(text).spans

    def reading(self, text: str) -> str:
        """The whole text in hiragana (digits, Latin letters and punctuation unchanged)."""
        return spans_reading(self.spans(text))

    def analyse(self, text: str) -> Analysis:
        """The text's ruby spans and the kanji words they were made from (see :class:`Word`)."""
        if not text:
            return Analysis(text, [], [])
        norm = fold_lookalikes(text)
        if not has_kanji(norm):
            return Analysis(text, [RubySpan(text, None, "none")], [])
        words = _Reader(self, norm).words()
        return Analysis(text, _spans(text, norm, words), words)

    def analyse_many(self, texts: list[str]) -> list[Analysis]:
        """:meth:`analyse` of each text, read together.

        The texts are joined with line breaks and handed to the analyzer in a
        few long pieces rather than one call each (every call gives up
        Python's global lock and takes it back, and has its own overhead).
        Each text is still read on its own: no word runs over a line break.
        (Texts are read in batches of about :data:`BATCH` characters, so that
        a site of many plans never holds all their words at once.)
        """
        out: list[Analysis | None] = [None] * len(texts)
        batch: list[int] = []
        size = 0
        for i, text in enumerate(texts):
            if not (text and has_kanji(fold_lookalikes(text))):
                out[i] = self.analyse(text)
                continue
            batch.append(i)
            size += len(text) + 1
            if size >= BATCH:
                for j, analysis in zip(batch, self._analyse_joined([texts[j] for j in batch])):
                    out[j] = analysis
                batch, size = [], 0
        if batch:
            for j, analysis in zip(batch, self._analyse_joined([texts[j] for j in batch])):
                out[j] = analysis
        return out

    def _analyse_joined(self, texts: list[str]) -> list[Analysis]:
        joined = "\n".join(texts)
        norm = fold_lookalikes(joined)
        words = _Reader(self, norm).words()
        out: list[Analysis] = []
        k, nwords = 0, len(words)
        offset = 0
        for text in texts:
            end = offset + len(text)
            mine = []
            while k < nwords and words[k][0] < end:
                s, e, r, src = words[k]
                mine.append((s - offset, min(e, end) - offset, r, src))
                k += 1
            out.append(Analysis(text, _spans(text, norm[offset:end], mine), mine))
            offset = end + 1
        return out


class _Reader:
    """One text read: the analyzer's words, with dictionary terms and numbers laid over them."""

    def __init__(self, engine: ReadingEngine, norm: str):
        self.engine = engine
        self.norm = norm
        self.tokens = analyzer.tokens(norm)
        self.bounds = set(self.tokens.starts)
        self.bounds.add(len(norm))
        self._inner: dict[int, set[int]] = {}    # token index -> its short-unit boundaries

    def _boundary(self, pos: int) -> bool:
        return pos in self.bounds

    def _inner_boundary(self, pos: int) -> bool:
        """A boundary between words or, inside a long word, between its short units."""
        if pos in self.bounds:
            return True
        i = bisect.bisect_right(self.tokens.starts, pos) - 1
        inner = self._inner.get(i)
        if inner is None:
            inner = self._inner[i] = set(
                analyzer.sub_tokens(self.norm, self.tokens.starts[i], self.tokens.ends[i]).starts)
        return pos in inner

    def words(self) -> list[tuple[int, int, str | None, str]]:
        """The kanji words of the text, in order: dictionary terms and numbers over the analyzer's words."""
        fixed = self._dictionary_words()
        gaps, pos = [], 0
        for start, end, _, _ in fixed:
            if start > pos:
                gaps.append((pos, start))
            pos = end
        if pos < len(self.norm):
            gaps.append((pos, len(self.norm)))
        for start, end in gaps:
            if _HAS_NUMBER.search(self.norm, start, end):
                fixed.extend(self._numbers(start, end))
        fixed.sort()
        return self._merge(fixed)

    def _dictionary_words(self) -> list[tuple[int, int, str | None, str]]:
        """Dictionary terms, leftmost and longest first, that begin and end where words do."""
        norm, terms, lengths = self.norm, self.engine._terms, self.engine._lengths
        n = len(norm)
        starts = self.tokens.starts
        candidates = [p for p in starts if norm[p] in lengths]
        inner_first = self.engine._inner
        if inner_first:                  # the staff's terms may begin inside a long word
            candidates.extend(p for p in range(n) if norm[p] in inner_first and p not in self.bounds)
            candidates.sort()
        out: list[tuple[int, int, str | None, str]] = []
        pos = 0
        for p in candidates:
            if p < pos:
                continue
            for length in lengths[norm[p]]:
                end = p + length
                if end > n:
                    continue
                entry = terms.get(norm[p:end])
                if entry is None:
                    continue
                if entry[1] == "user":
                    if not (self._inner_boundary(p) and self._inner_boundary(end)):
                        continue
                elif p not in self.bounds or end not in self.bounds:
                    continue
                out.append((p, end, entry[0], entry[1]))
                pos = end
                break
        return out

    def _numbers(self, start: int, end: int) -> list[tuple[int, int, str | None, str]]:
        """Numbers with counters and kanji numerals in ``norm[start:end]`` that begin and end where words do."""
        norm, bounds = self.norm, self.bounds
        found: list[tuple[int, int, str | None, str]] = []
        taken_until = -1
        for m in _COUNTER_RE.finditer(norm, start, end):
            a, b = m.span()
            if b not in bounds or not self._number_starts(a, b, found):
                continue
            if m.group(0) in _NOT_COUNTED and self._one_word(a, b):
                continue
            counted = _counter_reading(m.group(1), m.group(2), m.group(3), norm, a, b)
            if counted is not None:
                found.extend((a + da, a + db, r, "numeral") for da, db, r in counted)
                taken_until = b
            elif found and found[-1] == (a - 1, a, "すう", "convention"):
                found.pop()
        for m in _NUMERAL_RUN.finditer(norm, start, end):
            a, b = m.span()
            if a < taken_until and any(x < b and a < y for x, y, _, _ in found):
                continue
            if b not in bounds or not self._number_starts(a, b, found):
                continue
            reading = read_kanji_number(m.group(0))
            if reading is not None:
                found.append((a, b, reading, "numeral"))
            elif found and found[-1] == (a - 1, a, "すう", "convention"):
                found.pop()
        return found

    def _number_starts(self, a: int, b: int, found: list) -> bool:
        """Whether a number can begin at ``a``: where a word does, or after a 数 the
        analyzer took for "several" (回答数百九十七 is 回答数 197, not 回答 数百 97)."""
        if a in self.bounds:
            return True
        i = bisect.bisect_right(self.tokens.starts, a) - 1
        t_start, t_end = self.tokens.starts[i], self.tokens.ends[i]
        if a - t_start == 1 and self.norm[t_start] == "数" and b > t_end:
            found.append((t_start, a, "すう", "convention"))
            return True
        return False

    def _one_word(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.tokens.starts, start) - 1
        return self.tokens.starts[i] == start and self.tokens.ends[i] == end and bool(self.tokens.readings[i])

    def _merge(self, fixed: list[tuple[int, int, str | None, str]]) -> list[tuple[int, int, str | None, str]]:
        """The analyzer's kanji words with the ``fixed`` words (sorted, disjoint) in their place.

        Where a fixed word covers part of an analyzer's word (a staff's term
        inside a long word, see :meth:`_part`), the rest of that word is read
        by its short units.
        """
        norm = self.norm
        starts, ends, readings = self.tokens.starts, self.tokens.ends, self.tokens.readings
        out: list[tuple[int, int, str | None, str]] = []
        append = out.append
        k, nfixed = 0, len(fixed)
        next_fixed = fixed[0][0] if fixed else len(norm) + 1
        covered = 0                      # the end of the fixed words emitted so far
        for i in self.tokens.kanji:
            start, end = starts[i], ends[i]
            if end <= covered:
                continue                 # inside a fixed word
            lo = start if start >= covered else covered
            while next_fixed < end:
                f = fixed[k]
                if f[0] > lo:
                    out.extend(self._part(i, lo, f[0]))
                append(f)
                if f[1] > lo:
                    lo = f[1]
                covered = lo
                k += 1
                next_fixed = fixed[k][0] if k < nfixed else len(norm) + 1
            if lo >= end:
                continue
            if lo > start:
                out.extend(self._part(i, lo, end))
                continue
            reading = readings[i]
            if reading == analyzer.NAME:
                append((start, end, None, "name"))
            elif reading:
                if end - start == 1 and norm[start] in _CONVENTIONS:
                    decided = _convention(norm, start, end, reading)
                    if decided is not None:
                        append((start, end) + decided)
                        continue
                if reading in _CONTEXT_READINGS:
                    reading = _in_context(norm, start, end, reading)
                append((start, end, reading, "analyzer"))
            else:
                append((start, end, None, "unknown"))
        out.extend(fixed[k:])
        return out

    def _part(self, i: int, start: int, end: int) -> list[tuple[int, int, str | None, str]]:
        """The kanji words of ``norm[start:end]``, a part of word ``i``: its short units within."""
        sub = analyzer.sub_tokens(self.norm, self.tokens.starts[i], self.tokens.ends[i])
        out = []
        for a, b, reading in zip(sub.starts, sub.ends, sub.readings):
            if b <= start or a >= end or reading is None:
                continue
            if a >= start and b <= end and reading == analyzer.NAME:
                out.append((a, b, None, "name"))
            elif a >= start and b <= end and reading:
                out.append((a, b, reading, "analyzer"))
            elif has_kanji(self.norm[max(a, start):min(b, end)]):
                out.append((max(a, start), min(b, end), None, "unknown"))
        return out


# Conventions of administrative writing for a kanji the analyzer reads as a
# word of its own, after a noun (障害者等 とう, A型 がた, 配布数 すう, 退院後 ご):
# kanji -> (the analyzer's readings they replace, the reading).  A reading
# the analyzer gives that is not listed (世界中 じゅう) is kept.
_CONVENTIONS = {
    "等": (("など", "ら", "ひとし", "とう"), "とう"),
    "型": (("かた", "けい", "がた"), "がた"),
    "者": (("もの", "しゃ"), "しゃ"),
    "数": (("かず", "すう"), "すう"),
    "後": (("のち", "あと", "ご"), "ご"),
    "中": (("なか", "ちゅう"), "ちゅう"),
    "生": (("なま", "せい"), "せい"),
    "的": (("まと", "てき"), "てき"),
}
# Readings the analyzer gives that plan texts read otherwise in some contexts (see _in_context).
_CONTEXT_READINGS = {"ほう", "いっ", "つけ"}
_HAS_NUMBER = re.compile(r"[0-9０-９〇一二三四五六七八九十百千万億元]")
_KANJI_WORD = re.compile(f"[{KANJI}]+")
_NOUN_END = re.compile(f"[{KANJI}ァ-ヺーA-Za-zＡ-Ｚａ-ｚ0-9０-９)）」』】〕］\\]〉》][ \u3000]*$")
# 方 is ほう, not かた, in comparisons: 〜の方が良い, 〜する方が多い.
_COMPARISON = re.compile(r"が(?:よ|良|い|多|少|高|低|大き|小さ|望まし|優|早|遅|便利|効果的|適)")


def _convention(norm: str, start: int, end: int, reading: str) -> tuple[str, str] | None:
    """(reading, "convention") where a convention decides a one-kanji word, else None."""
    rule = _CONVENTIONS.get(norm[start:end])
    if rule is None or reading not in rule[0]:
        return None
    if _NOUN_END.search(norm, max(0, start - 4), start) is None:
        return None
    return rule[1], "convention"


def _in_context(norm: str, start: int, end: int, reading: str) -> str:
    """Readings of plan texts the analyzer does not know.

    * 方 after a verb, な or の is a person, かた (困難な方, 支援を受ける方,
      ご家族の方), except in a comparison (〜の方が良い).
    * 行っ is おこなっ (事業を行っています, 調査を行った) unless it follows
      に, へ, て or で, or goes on with てみ, てき, てら (病院に行って,
      連れて行った, 行ってみたい): plans write of doing far more than of going.
    * 付け after a date is づけ (4月1日付けで).
    """
    surface = norm[start:end]
    before = norm[start - 1:start]
    if reading == "ほう" and surface == "方":
        if before in ("な", "の", "る", "た", "い") and _COMPARISON.match(norm, end) is None:
            return "かた"
        return reading
    if reading == "いっ" and surface == "行っ":
        if before in ("に", "へ", "て", "で") or norm.startswith(("てみ", "てき", "てら", "てこ"), end):
            return reading
        return "おこなっ"
    if reading == "つけ" and surface in ("付け", "付") and before == "日":
        return "づけ"
    return reading


def _counter_reading(number: str, space: str, counter: str, text: str, start: int, end: int
                     ) -> list[tuple[int, int, str | None]] | None:
    """(start, end, reading) pieces, relative to the match, for a number and its counter; None to leave it.

    Digits keep no reading (they are read as written) unless they fuse with
    the counter into one word (1人 ひとり, 4月1日 ついたち, 二十日 はつか).
    ``space`` is what stands between them (a PDF's ``1 か所``): then each
    is read on its own.
    """
    pieces = _counted(number, counter, text, start, end)
    if pieces is None or not space:
        return pieces
    n, gap = len(number), len(space)
    out = []
    for a, b, reading in pieces:
        if a < n:
            return None                  # a number and counter read as one word: not across a space
        out.append((a + gap, b + gap, reading))
    return out


def _counted(number: str, counter: str, text: str, start: int, end: int
             ) -> list[tuple[int, int, str | None]] | None:
    is_digits = number[0].isdigit()
    if number == "元":
        before = text[max(0, start - 2):start]
        if before not in _ERAS or counter not in ("年", "年度"):
            return None
        return [(0, len(number) + len(counter), "がん" + _YO_COUNTERS[counter])]
    if is_digits:
        value = int(number.translate(_FULLWIDTH_DIGITS))
    else:
        value = kanji_number_value(number)
        if value is None:
            return None
    n, size = len(number), len(number) + len(counter)
    spoken = None if is_digits else (read_kanji_number(number) or number_reading(value))
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if counter in ("日", "日間"):
        # 1日 is ついたち only as a date (4月1日); otherwise いちにち.
        as_date = value != 1 or (before == "月" and counter == "日")
        tail = [(n + 1, size, "かん")] if counter == "日間" else []
        if is_digits and not (value in _DAY_NAMES and as_date):
            return [(n, n + 1, "にち")] + tail
        return [(0, n + 1, day_reading(value, date=as_date) if value else "ぜろにち")] + tail
    if counter == "人":
        if value in (1, 2) and n == 1:
            return [(0, size, "ひとり" if value == 1 else "ふたり")]
        if is_digits:
            return [(n, size, "にん")]
        return [(0, size, _yo(spoken, value) + "にん")]
    if counter == "月":
        if is_digits:
            return [(n, size, "がつ")]
        return [(0, size, month_reading(value))]
    if counter in _YO_COUNTERS:
        word = _YO_COUNTERS[counter]
        if is_digits:
            return [(n, size, word)]
        head = _yo(spoken, value)
        if counter in ("時", "時間") and value % 10 in (7, 9) and value < 100:
            head = (number_reading(value - value % 10) if value >= 10 else "") + _DATE_DIGIT[value % 10]
        return [(0, size, head + word)]
    tail = _spoken_tail(value)
    if counter in _H_COUNTERS:
        if counter == "分" and text[max(0, start - 1):start] == "割":
            word = "ぶ"                                           # 2割5分: a tenth of a 割
        elif counter == "分" and after == "の" and _HAS_NUMBER.match(text, end + 1):
            word = "ぶん"                                         # 3分の1: a fraction
        else:
            word = _H_COUNTERS[counter][_h_class(tail)]
        if is_digits:
            return [(n, size, word)]
        if word in ("ぶ", "ぶん"):
            return [(0, size, spoken + word)]
        if _h_class(tail) == "p":
            spoken = _sokuon(spoken, tail, _K)
        return [(0, size, spoken + word)]
    if counter in ("歳", "才") and value == 20:
        return [(0, size, "はたち")]                       # 20歳, 二十歳
    word, kind = _COUNTERS[counter]
    if is_digits:
        return [(n, size, word)]
    return [(0, size, _sokuon(spoken, tail, kind) + word)]


def _yo(spoken: str, value: int) -> str:
    """A number read before 年, 人, 時, 円: 4 is よ (四年 よねん, 二十四人 にじゅうよにん)."""
    if value % 10 == 4 and spoken.endswith("よん"):
        return spoken[:-1]
    return spoken


def _spans(text: str, norm: str, words: list[tuple[int, int, str | None, str]]) -> list[RubySpan]:
    """Ruby spans over ``text`` from its kanji words read on its folded form ``norm``."""
    out: list[RubySpan] = []
    append = out.append
    plain = 0                                    # start of the text not yet in a span
    whole = _KANJI_WORD.fullmatch
    for start, end, reading, source in words:
        if not reading:
            continue                             # no reading: stays plain text
        if whole(norm, start, end):
            if start > plain:
                append(RubySpan(text[plain:start], None, "none"))
            append(RubySpan(text[start:end], reading, source))
            plain = end
            continue
        folded = norm[start:end]
        aligned = _aligned(folded, reading)
        if aligned is None and _ALIGN_LOOSE.search(folded):
            aligned = _align_sounded(folded, reading)
        if aligned is None:
            aligned = _split_loosely(folded, reading)
        at = start
        for piece, piece_reading in aligned:
            if piece_reading:
                if at > plain:
                    append(RubySpan(text[plain:at], None, "none"))
                append(RubySpan(text[at:at + len(piece)], piece_reading, source))
                plain = at + len(piece)
            at += len(piece)
    if plain < len(text):
        append(RubySpan(text[plain:], None, "none"))
    return out


@functools.lru_cache(maxsize=1)
def default_engine() -> ReadingEngine:
    """The engine with the shipped dictionaries only; built once per process."""
    return ReadingEngine()
