"""Readings (ふりがな) for Japanese plan texts.

The engine reads a text in three layers:

1. reviewed dictionaries, matched leftmost-longest over the text: the
   user's ``readings.tsv`` > glossary terms (:meth:`ReadingEngine.add_terms`)
   > the shipped ``data/readings.tsv`` > the shipped ``data/places.tsv``;
2. rules for what a general dictionary gets wrong in administrative text:
   kanji numerals (三百 さんびゃく), digits with counters (3か所 さんかしょ,
   2日 ふつか, 1人 ひとり), 等 after a noun (とう), 型 after a noun (がた);
3. pykakasi's dictionary for everything else (looked up directly, see
   ``kakasi.py``), fed short chunks through a cache.

Ruby goes over kanji only: a word and its reading are aligned so that
okurigana and kana inside words stay outside the ruby
(著しく → 著(いちじる) しく, 均てん化 → 均(きん) てん 化(か)).
"""
from __future__ import annotations

import functools
import importlib.resources
import itertools
import pathlib
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

__all__ = [
    "RubySpan",
    "spans_reading",
    "ReadingEngine",
    "default_engine",
    "align_reading",
    "read_kanji_number",
    "load_tsv",
    "SOURCES",
    "MAX_CHUNK",
]

# Dictionary sources, highest precedence first.
DICTIONARY_SOURCES = ("user", "glossary", "dictionary", "places")
# Every value RubySpan.source can take.
SOURCES = DICTIONARY_SOURCES + ("numeral", "engine", "none")
_PRIORITY = {name: rank for rank, name in enumerate(DICTIONARY_SOURCES)}

MAX_CHUNK = 40          # longest string ever handed to pykakasi


@dataclass(frozen=True)
class RubySpan:
    base: str             # text as in the source
    reading: str | None   # hiragana reading for kanji-bearing bases; None for kana/latin/punctuation runs
    source: str           # "dictionary" | "places" | "glossary" | "user" | "numeral" | "engine" | "none"


def spans_reading(spans: Iterable[RubySpan]) -> str:
    """Spans read as one text in hiragana: readings, and the rest as written (katakana as hiragana)."""
    return "".join(s.reading if s.reading is not None else to_hiragana(s.base) for s in spans)


# ---------------------------------------------------------------------------
# Character classes

def is_kanji(ch: str) -> bool:
    """True for characters that get ruby: ideographs, 々 〆 ヶ ヵ."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF          # CJK unified ideographs
        or 0x3400 <= o <= 0x4DBF       # extension A
        or 0xF900 <= o <= 0xFAFF       # compatibility ideographs (﨑)
        or 0x20000 <= o <= 0x3FFFF     # extensions B and later
        or ch in "々〆ヶヵ〇"
    )


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _is_katakana(ch: str) -> bool:
    return ("\u30a1" <= ch <= "\u30ff" and ch not in "ヶヵ・") or "\u31f0" <= ch <= "\u31ff" or "\uff66" <= ch <= "\uff9f"


def _is_kana(ch: str) -> bool:
    return _is_hiragana(ch) or _is_katakana(ch)


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9" or "０" <= ch <= "９"


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha() or "Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ"


# The characters is_kanji accepts, as one class (for whole strings at once).
_KANJI = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff々〆ヶヵ〇"
_KANJI_CHAR = re.compile(f"[{_KANJI}]")
_RUN = re.compile(f"([{_KANJI}]+)|([^{_KANJI}]+)")


def has_kanji(text: str) -> bool:
    return _KANJI_CHAR.search(text) is not None


# Katakana ァ..ヴ to hiragana ぁ..ゔ; ヵ and ヶ to か.
_TO_HIRAGANA = {o: o - 0x60 for o in range(0x30A1, 0x30F5)} | {ord("ヵ"): "か", ord("ヶ"): "か"}


def to_hiragana(text: str) -> str:
    """Katakana to hiragana; everything else unchanged (ヶ/ヵ become か)."""
    return text.translate(_TO_HIRAGANA)


_READING_OK = re.compile(r"^[ぁ-ゖゝゞー]+$")


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
    general dictionary.
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
    """Value of a positional kanji numeral (二十六 → 26), or None."""
    if read_kanji_number(text) is None:
        return None
    total = group = 0
    coef: int | None = None
    for ch in text:
        if ch in _DIGITS:
            coef = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            group += (1 if coef is None else coef) * _SMALL_UNITS[ch]
            coef = None
        else:
            total += (group + (coef or 0)) * _BIG_UNITS[ch][1]
            group, coef = 0, None
    return total + group + (coef or 0)


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
# Alignment of a word with its reading

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
        # A kanji run reads as at least one kana; stop where the next literal cannot fit.
        for end in range(pos + 1, len(reading) + 1):
            acc.append(reading[pos:end])
            walk(i + 1, end, acc)
            acc.pop()

    walk(0, 0, [])
    if len(solutions) != 1:
        return None
    return tuple((run, piece if is_k else None) for (is_k, run), piece in zip(runs, solutions[0]))


# ---------------------------------------------------------------------------
# Dictionary files

def _parse_tsv(lines: Iterable[str], name: str, *, strict_reading: bool = True) -> dict[str, str]:
    terms: dict[str, str] = {}
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if lineno == 1:
            line = line.lstrip("\ufeff")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise ValueError(
                f"{name} の {lineno} 行目: 「語<TAB>読み<TAB>メモ」の形式ではありません"
                f"（タブ区切りの項目が {len(fields)} 個あります）: {line!r}"
            )
        term, reading = fields[0].strip(), fields[1].strip()
        if not term:
            raise ValueError(f"{name} の {lineno} 行目: 語が空です: {line!r}")
        if not reading:
            raise ValueError(f"{name} の {lineno} 行目: 「{term}」の読みが空です")
        reading = to_hiragana(reading)
        if strict_reading and not _reading_chars_ok(term, reading):
            raise ValueError(
                f"{name} の {lineno} 行目: 「{term}」の読み「{fields[1].strip()}」は"
                "ひらがな（またはカタカナ）で書いてください"
            )
        if term in terms and terms[term] != reading:
            raise ValueError(
                f"{name} の {lineno} 行目: 「{term}」が二度あり、読みが違います"
                f"（「{terms[term]}」と「{reading}」）"
            )
        terms[term] = reading
    return terms


_ALL_HIRAGANA = re.compile("[\u3041-\u309fー]*")


def _reading_chars_ok(term: str, reading: str) -> bool:
    """A reading is hiragana, plus any non-kana characters the term itself contains."""
    if _ALL_HIRAGANA.fullmatch(reading):
        return True                     # (the usual case, without looking at the term)
    extra = {ch for ch in term if not is_kanji(ch) and not _is_kana(ch)}
    return all(_is_hiragana(ch) or ch == "ー" or ch in extra for ch in reading)


def load_tsv(path: pathlib.Path) -> dict[str, str]:
    """Read a ``term<TAB>reading<TAB>note`` file; raise ValueError naming file and line."""
    path = pathlib.Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} は UTF-8 で保存してください（{exc.start} バイト目）") from exc
    return _parse_tsv(text.splitlines(), str(path))


def _load_shipped(name: str) -> dict[str, str]:
    resource = importlib.resources.files("yomitoki") / "data" / name
    return _parse_tsv(resource.read_text(encoding="utf-8").splitlines(), f"yomitoki/data/{name}")


# ---------------------------------------------------------------------------
# pykakasi, in short cached chunks

@functools.lru_cache(maxsize=100_000)
def _convert_chunk(chunk: str) -> tuple[tuple[str, str], ...]:
    """pykakasi's words and readings for one short chunk (see ``kakasi.py``),
    or the whole chunk in hiragana if its words do not add up to it (never expected)."""
    from .kakasi import kanji_reader

    tokens = tuple(kanji_reader().tokens(chunk))
    if "".join(orig for orig, _ in tokens) != chunk:
        return ((chunk, to_hiragana(chunk)),)
    return tokens


def chunks_to_read(text: str) -> list[str]:
    """The distinct chunks of ``text`` that the dictionary is asked about, in order."""
    return list(dict.fromkeys(piece for piece, is_separator in _chunks(text)
                              if not is_separator and has_kanji(piece)))


def prefetch(chunks: Iterable[str]) -> None:
    """Look up the words of these chunks ahead of time (:func:`chunks_to_read`).

    The reading worker does this with a source text while the main process
    parses it: most chunks of the texts it is later asked to read are the
    same, and are then found in :func:`_convert_chunk`'s cache.
    """
    for chunk in chunks:
        _convert_chunk(chunk)


# Characters at which text is cut before it goes to pykakasi; they are kept as
# their own reading-less spans.
_SEPARATORS = set(" \t\r\n\u3000。、，,．.・:：;；!！?？「」『』()（）［］[]【】〈〉《》〔〕｛｝{}<>＜＞\"'“”‘’/／~〜～…‥|｜=＝+＋*＊※●○◎■□◆◇▲△▼▽★☆→←↑↓-－―‐─")
_CLOSERS = set(")）」』】〕］]〉》")

# Numbers + counter, read before pykakasi: it reads 所 in 3か所 as ところ,
# 六日 in 二十六日 as むいか and 十四日 as じゅうよんにち.
_COUNTER_RE = re.compile(
    r"(?<![0-9０-９〇一二三四五六七八九十百千万億])"
    r"([0-9０-９]+|[〇一二三四五六七八九十百千万億]+)"
    r"(日間|日|人|か所|ヵ所|ヶ所|カ所|箇所|か月|ヵ月|ヶ月|カ月|箇月|月|"
    r"事業所|施設|年度|年|歳|才|件|回|級|校|割|倍|名|期|号|条|時間|週間)"
)
# Counters read the same after any Arabic number (19歳 さい, not pykakasi's とし).
# After kanji numerals sound changes apply (十回 じゅっかい): left to pykakasi.
_PLAIN_COUNTERS = {
    "事業所": "じぎょうしょ", "施設": "しせつ", "年度": "ねんど", "年": "ねん", "歳": "さい", "才": "さい",
    "件": "けん", "回": "かい", "級": "きゅう", "校": "こう", "割": "わり", "倍": "ばい", "名": "めい",
    "期": "き", "号": "ごう", "条": "じょう", "時間": "じかん", "週間": "しゅうかん",
}
_DAY_NAMES = {1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか",
              6: "むいか", 7: "なのか", 8: "ようか", 9: "ここのか", 10: "とおか",
              14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか"}
# Readings of the last digit before 日 and 月 (十七日 じゅうしちにち, 九月 くがつ).
_DATE_DIGIT = {4: "し", 7: "しち", 9: "く"}


def _chunks(text: str) -> Iterator[tuple[str, bool]]:
    """Split text into (piece, is_separator) with pieces of at most MAX_CHUNK chars."""
    buf: list[str] = []
    for ch in text:
        if ch in _SEPARATORS:
            if buf:
                yield from _cut("".join(buf))
                buf = []
            yield ch, True
        else:
            buf.append(ch)
    if buf:
        yield from _cut("".join(buf))


def _cut(piece: str) -> Iterator[tuple[str, bool]]:
    while len(piece) > MAX_CHUNK:
        cut = _safe_cut(piece)
        yield piece[:cut], False
        piece = piece[cut:]
    if piece:
        yield piece, False


def _safe_cut(piece: str) -> int:
    """A cut position ≤ MAX_CHUNK, preferring a kana→kanji or kana→katakana change."""
    best = None
    for i in range(MAX_CHUNK, MAX_CHUNK // 2, -1):
        a, b = piece[i - 1], piece[i]
        if _is_hiragana(a) and not _is_hiragana(b):
            return i
        if best is None and is_kanji(a) != is_kanji(b):
            best = i
    return best or MAX_CHUNK


# ---------------------------------------------------------------------------
# The engine

class ReadingEngine:
    """Ruby segmentation and readings with reviewed dictionaries over pykakasi."""

    def __init__(self, *, user_dictionary: pathlib.Path | None = None,
                 extra_terms: dict[str, str] | None = None,
                 shipped: bool = True):
        self._layers: dict[str, dict[str, str]] = {name: {} for name in DICTIONARY_SOURCES}
        if shipped:
            self._layers["places"] = _shipped("places.tsv")
            self._layers["dictionary"] = _shipped("readings.tsv")
        if user_dictionary is not None:
            self._layers["user"] = load_tsv(pathlib.Path(user_dictionary))
        if extra_terms:
            self.add_terms(extra_terms, source="glossary")
        self._rebuild()

    # -- dictionaries -------------------------------------------------------

    def add_terms(self, terms: dict[str, str], source: str = "glossary") -> None:
        """Add terms with readings (e.g. a glossary's); katakana readings are accepted."""
        if source not in DICTIONARY_SOURCES:
            raise ValueError(f"読みの出どころ「{source}」は使えません（{', '.join(DICTIONARY_SOURCES)} のいずれか）")
        layer = dict(self._layers[source])
        for term, reading in terms.items():
            term, reading = term.strip(), to_hiragana(reading.strip())
            if not term or not reading:
                raise ValueError(f"語と読みの両方が必要です: {term!r} → {reading!r}")
            if not _reading_chars_ok(term, reading):
                raise ValueError(f"「{term}」の読み「{reading}」はひらがなで書いてください")
            layer[term] = reading
        self._layers[source] = layer
        self._rebuild()

    def _rebuild(self) -> None:
        merged: dict[str, tuple[str, str]] = {}
        for source in reversed(DICTIONARY_SOURCES):      # lowest precedence first
            for term, reading in self._layers[source].items():
                merged[term] = (reading, source)
        self._terms = merged
        lengths: dict[str, set[int]] = {}
        for term in merged:
            lengths.setdefault(term[0], set()).add(len(term))
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}

    def lookup(self, term: str) -> tuple[str, str] | None:
        """(reading, source) of a dictionary term, or None."""
        return self._terms.get(term)

    # -- public API ---------------------------------------------------------

    def spans(self, text: str) -> list[RubySpan]:
        """The ruby segmentation of a text: kanji runs with readings, the rest without."""
        spans, _ = self._analyse(text)
        return spans

    def reading(self, text: str) -> str:
        """The whole text in hiragana (digits, Latin letters and punctuation unchanged)."""
        return spans_reading(self.spans(text))

    def fallback_words(self, text: str) -> list[str]:
        """Kanji words that only pykakasi read (no dictionary, no rule), for staff review."""
        _, words = self._analyse(text)
        return list(dict.fromkeys(words))

    # -- internals ----------------------------------------------------------

    def _match(self, text: str, i: int) -> tuple[str, str, str] | None:
        for n in self._lengths.get(text[i], ()):
            term = text[i:i + n]
            hit = self._terms.get(term)
            if hit is None:
                continue
            reading, source = hit
            if source == "places" and n <= 2:
                # 北区, 津市: only as a word of its own, never inside 中区分 etc.
                if (i > 0 and is_kanji(text[i - 1])) or (i + n < len(text) and is_kanji(text[i + n])):
                    continue
            return term, reading, source
        return None

    def _analyse(self, text: str) -> tuple[list[RubySpan], list[str]]:
        out: list[RubySpan] = []
        engine_words: list[str] = []
        gap_start = 0
        i = 0
        n = len(text)
        while i < n:
            hit = self._match(text, i) if text[i] in self._lengths else None
            if hit is None:
                i += 1
                continue
            term, reading, source = hit
            if gap_start < i:
                self._read_gap(text, gap_start, i, out, engine_words)
            self._emit_word(term, reading, source, text, i, out, engine_words)
            i += len(term)
            gap_start = i
        if gap_start < n:
            self._read_gap(text, gap_start, n, out, engine_words)
        return _merge_plain(out), engine_words

    def _emit_word(self, term: str, reading: str, source: str, text: str, start: int,
                   out: list[RubySpan], engine_words: list[str]) -> None:
        aligned = _aligned(term, reading)
        if aligned is None:
            if any(_is_kana(ch) for ch in term):
                # Cannot place the kana: let the engine read the word instead.
                self._read_gap(text, start, start + len(term), out, engine_words)
                return
            aligned = [(term, reading)]
        for base, piece in aligned:
            out.append(RubySpan(base, piece, source if piece is not None else "none"))

    def _read_gap(self, text: str, start: int, end: int,
                  out: list[RubySpan], engine_words: list[str]) -> None:
        """Read text[start:end] (no dictionary match inside) with rules and pykakasi."""
        pos = start
        segment = text[start:end]
        for m in _COUNTER_RE.finditer(segment):
            a, b = start + m.start(), start + m.end()
            counted = _counter_spans(m.group(1), m.group(2), text, a)
            if counted is None:
                continue
            if a > pos:
                self._read_plain(text, pos, a, out, engine_words)
            out.extend(counted)
            pos = b
        if pos < end:
            self._read_plain(text, pos, end, out, engine_words)

    def _read_plain(self, text: str, start: int, end: int,
                    out: list[RubySpan], engine_words: list[str]) -> None:
        offset = start
        for piece, is_sep in _chunks(text[start:end]):
            if is_sep:
                out.append(RubySpan(piece, None, "none"))
            else:
                self._read_chunk(piece, text, offset, out, engine_words)
            offset += len(piece)

    def _read_chunk(self, chunk: str, text: str, offset: int,
                    out: list[RubySpan], engine_words: list[str]) -> None:
        tokens = _convert_chunk(chunk)
        pos = offset
        for orig, hira in tokens:
            if has_kanji(orig) and hira and hira != orig:
                self._emit_engine_token(orig, hira, text, pos, out, engine_words)
            else:
                # Kana, digits, symbols; or a kanji pykakasi does not know (﨑, 𠮷):
                # no ruby, and the word is listed for staff to add to readings.tsv.
                out.append(RubySpan(orig, None, "none"))
                if has_kanji(orig):
                    engine_words.extend("".join(g) for k, g in itertools.groupby(orig, is_kanji) if k)
            pos += len(orig)

    def _emit_engine_token(self, orig: str, hira: str, text: str, pos: int,
                           out: list[RubySpan], engine_words: list[str]) -> None:
        hira = hira.replace("ゖ", "か").replace("ゕ", "か")
        before = text[pos - 1] if pos > 0 else ""
        after = text[pos + len(orig)] if pos + len(orig) < len(text) else ""
        # Kanji numerals: pykakasi reads 七百 しちひゃく, 四十 しじゅう, 五十六 いそろく.
        if all(ch in NUMERAL_CHARS for ch in orig):
            if len(orig) > 1 or before in NUMERAL_CHARS or after in NUMERAL_CHARS:
                number = read_kanji_number(orig)
                if number is not None:
                    out.append(RubySpan(orig, number, "numeral"))
                    return
        aligned = _aligned(orig, hira)
        if aligned is None:
            aligned = _split_loosely(orig, hira)
        reviewed = False
        start = pos
        for base, piece in aligned:
            if piece is None:
                out.append(RubySpan(base, None, "none"))
            else:
                fixed = _fix_reading(base, piece, text, start)
                if fixed is None:
                    reviewed = True
                    out.append(RubySpan(base, piece, "engine"))
                else:
                    out.append(RubySpan(base, fixed, "engine"))
            start += len(base)
        if reviewed:
            engine_words.append(orig)


def _fix_reading(base: str, reading: str, text: str, pos: int) -> str | None:
    """A corrected reading for a kanji run pykakasi misreads in context, or None.

    ``pos`` is where ``base`` starts in ``text``.
    """
    before = text[pos - 1] if pos > 0 else ""
    fix = _SUFFIX_FIXES.get(base[-1])
    if fix is not None:
        wrong, right = fix
        if len(base) > 1:
            prev = base[-2]
        else:
            prev = before
            if base == "型":                # A 型 (the Iga text puts spaces around A)
                prev = text[:pos].rstrip(" \u3000")[-1:]
        for bad in wrong:
            if reading.endswith(bad) and _after_noun(prev):
                return reading[: len(reading) - len(bad)] + right
    if base == "後" and reading == "のち" and before in ("た", "だ"):
        return "あと"                       # 移行した後
    if base == "人" and reading == "にん" and _is_hiragana(before):
        return "ひと"                       # 障害のある人, 支援する人
    if base == "方" and reading == "ほう" and (
            before in _KATA_STEMS or text[max(0, pos - 2):pos] in ("ある", "いる")):
        return "かた"                       # 困難な方, 障害のある方, 在り方
    return None


# Kana before 方 that make it かた (a person or a way of doing): な方, 在り方, 考え方.
_KATA_STEMS = set("なりえしきちみびぎ")


# suffix kanji -> (readings pykakasi gives, reading after a noun)
_SUFFIX_FIXES = {
    "等": (("など", "ひとし"), "とう"),         # 障害者等, サービス等, 生活等 (administrative とう)
    "型": (("かた",), "がた"),         # 医療型, A型
    "者": (("もの",), "しゃ"),         # 肢体不自由者
    "数": (("かず",), "すう"),         # 配布数, 回答数
    "後": (("のち", "あと"), "ご"),    # 退院後, 移行後
    "中": (("なか",), "ちゅう"),       # 休暇中, 入院中
    "生": (("なま",), "せい"),         # 在校生
}


def _after_noun(before: str) -> bool:
    return bool(before) and (is_kanji(before) or _is_katakana(before) or _is_latin(before)
                             or _is_digit(before) or before in _CLOSERS)


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


def _counter_spans(number: str, counter: str, text: str, start: int) -> list[RubySpan] | None:
    """Spans for a number and its counter (3か所, 十九日, 1人), or None to leave it to pykakasi."""
    is_digits = _is_digit(number[0])
    if counter in _PLAIN_COUNTERS:
        if not is_digits:
            return None
        return [RubySpan(number, None, "none"), RubySpan(counter, _PLAIN_COUNTERS[counter], "numeral")]
    if is_digits:
        value = int(number.translate(_FULLWIDTH_DIGITS))
    else:
        value = kanji_number_value(number)
        if value is None:
            return None
    before = text[start - 1] if start > 0 else ""
    tail: list[RubySpan] = []
    if counter == "日間":
        counter, tail = "日", [RubySpan("間", "かん", "numeral")]
    if counter == "日":
        # 1日 is ついたち only as a date (4月1日); otherwise いちにち.
        as_date = value != 1 or (before == "月" and not tail)
        if is_digits and not (value in _DAY_NAMES and as_date):
            return [RubySpan(number, None, "none"), RubySpan("日", "にち", "numeral")] + tail
        word = day_reading(value, date=as_date) if value else "ぜろにち"
        return [RubySpan(number + "日", word, "numeral")] + tail
    if counter == "人":
        if value in (1, 2) and len(number) == 1:
            return [RubySpan(number + "人", "ひとり" if value == 1 else "ふたり", "numeral")]
        if is_digits:
            return [RubySpan(number, None, "none"), RubySpan("人", "にん", "numeral")]
        word = read_kanji_number(number) or number_reading(value)
        if value % 10 == 4:
            word = word[:-1]                # 四人 よにん, 二十四人 にじゅうよにん
        return [RubySpan(number + "人", word + "にん", "numeral")]
    if counter == "月":
        if is_digits:
            return [RubySpan(number, None, "none"), RubySpan("月", "がつ", "numeral")]
        return [RubySpan(number + "月", month_reading(value), "numeral")]
    # か所, ヶ所, 箇所, か月, ヶ月 ...
    if is_digits:
        spans = [RubySpan(number, None, "none")]
    else:
        spans = [RubySpan(number, read_kanji_number(number), "numeral")]
    mark, noun = counter[0], counter[1]
    if mark in "かカ":
        spans.append(RubySpan(mark, None, "none"))
    else:                                   # ヶ ヵ 箇
        spans.append(RubySpan(mark, "か", "numeral"))
    spans.append(RubySpan(noun, "しょ" if noun == "所" else "げつ", "numeral"))
    return spans


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _merge_plain(spans: list[RubySpan]) -> list[RubySpan]:
    out: list[RubySpan] = []
    for s in spans:
        if not s.base:
            continue
        if s.reading is None and out and out[-1].reading is None:
            out[-1] = RubySpan(out[-1].base + s.base, None, "none")
        else:
            out.append(s)
    return out


@functools.lru_cache(maxsize=None)
def _shipped(name: str) -> dict[str, str]:
    return _load_shipped(name)


@functools.lru_cache(maxsize=1)
def default_engine() -> ReadingEngine:
    """The engine with the shipped dictionaries only; built once per process."""
    return ReadingEngine()
