"""Search by reading: a hiragana query finds the kanji and katakana text
(しょうがい → 障害, ほうかごとうでいさーびす → 放課後等デイサービス,
ぐるーぷほーむ → グループホーム).

Material's search cannot do this on its own: its Japanese tokenizer cuts
hiragana into TinySegmenter pieces, and a query is never cut, so a reading
typed in hiragana matches nothing.  Putting readings into the index would
also show them in the results.  yomitoki therefore keeps the index free of
readings and expands the *query* instead:

* at build time, :class:`DictionaryBuilder` collects the words of every text
  the standard pages carry, as the reading engine read them, into
  ``search/readings.json``: reading → the site's words that are read so
  (``しょうがい`` → ``障害``, ``障がい``), most frequent first, with
  compounds of adjacent words (``療育`` + ``手帳`` → ``りょういくてちょう``
  → ``療育手帳``) and katakana words read as hiragana
  (``でいさーびす`` → ``デイサービス``);
* in the browser, ``ruby.js`` loads that file when the reader first searches
  and adds the words to a hiragana query before Material's search worker
  sees it (``しょうがい`` → ``しょうがい 障害 障がい``), so results show the
  plan's own text and highlight it.

Readings stay out of the index because the pages carry markers, not ruby,
while Material indexes them (see :mod:`yomitoki.render.ruby`); :func:`clean_search_index`
removes the markers from the index and :func:`index_leaks` checks it.
"""
from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from ..chars import KANJI, pattern, to_hiragana
from ..fsutil import write_atomic

if TYPE_CHECKING:
    from ..enrich.readings import Analysis

__all__ = [
    "reading_pairs",
    "build_dictionary",
    "DictionaryBuilder",
    "write_readings",
    "index_leaks",
    "clean_search_index",
    "READINGS_FILE",
]

READINGS_FILE = "search/readings.json"
FORMAT = 1
MAX_WORDS = 3         # words in one compound entry
MAX_SURFACES = 6      # words kept per reading

_READING_OK = re.compile(r"^[ぁ-ゖゝゞー]+$")
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]*[ァ-ヺ][ァ-ヺー]*")
_KANA_END = re.compile("[ぁ-ゖゝゞ]$")
_SMALL_KANA = set("ァィゥェォッャュョヮヵヶー")
_SCRIPT_CHANGE = f"(?<=[{KANJI}])(?=[ァ-ヺ])|(?<=[ァ-ヺー])(?=[{KANJI}])"   # compiled on first use (chars.pattern)


def _units(analysis: Analysis) -> list[tuple[str, str, bool] | None]:
    """A text's words as (surface, reading, may go on) where a search can ask for them, None between.

    Kanji words with their readings (療育 りょういく, 著しく いちじるしく) and
    katakana words (デイサービス でいさーびす) can be asked for; kana-only words
    (particles), punctuation, numbers and words without a reading are
    boundaries.  A word that ends in kana (著しく, 係る, 及び) ends a compound:
    療育手帳 is one, 係るサービス is not.
    """
    text = analysis.text
    out: list[tuple[str, str, bool] | None] = []
    append = out.append
    katakana = _KATAKANA_WORD.finditer
    pos = 0
    for start, end, reading, source in analysis.raw:
        if start > pos:
            _gap(text, pos, start, out, katakana)
        if reading and source != "numeral" and _READING_OK.match(reading):
            surface = text[start:end]
            append((surface, reading, _KANA_END.search(surface) is None))
        else:
            append(None)
        pos = end
    if pos < len(text):
        _gap(text, pos, len(text), out, katakana)
    return out


def _gap(text: str, start: int, end: int, out: list, katakana) -> None:
    """The units of text between kanji words: its katakana words, and boundaries."""
    at = start
    for m in katakana(text, start, end):
        if m.start() > at:
            out.append(None)
        word = m.group(0)
        out.append((word, to_hiragana(word), True) if word[0] not in _SMALL_KANA else None)
        at = m.end()
    if at < end:
        out.append(None)


def reading_pairs(analysis: Analysis) -> Iterator[tuple[str, str]]:
    """(reading, surface) for every word a search can ask for, and compounds of
    up to :data:`MAX_WORDS` adjacent ones (療育 + 手帳 → りょういくてちょう 療育手帳)."""
    units = _units(analysis)
    n = len(units)
    for i, unit in enumerate(units):
        if unit is None:
            continue
        surface, reading, more = unit
        yield reading, surface
        for j in range(i + 1, min(i + MAX_WORDS, n)):
            nxt = units[j]
            if not more or nxt is None:
                break
            surface += nxt[0]
            reading += nxt[1]
            more = nxt[2]
            yield reading, surface


class DictionaryBuilder:
    """reading → words, one text at a time (see :func:`reading_pairs`)."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], int] = {}        # (reading, surface) -> occurrences

    def add(self, analysis: Analysis, times: int = 1) -> None:
        """The words of one text (:meth:`yomitoki.enrich.readings.ReadingEngine.analyse`), written ``times`` times."""
        counts = self._counts
        get = counts.get
        for pair in reading_pairs(analysis):
            if len(pair[0]) >= 2:
                counts[pair] = get(pair, 0) + times

    def dump(self) -> str:
        """The text of ``search/readings.json``."""
        return _dump(self.result())

    def result(self) -> dict[str, list[str]]:
        """reading → what a search is to look for, most frequent first.

        A word of kanji and katakana is given as its parts (放課後等
        デイサービス): Material's search finds such a word by its parts only.
        """
        by_reading: dict[str, list[tuple[int, str]]] = defaultdict(list)
        script_change = pattern(_SCRIPT_CHANGE)
        for (reading, surface), n in self._counts.items():
            by_reading[reading].append((-n, script_change.sub(" ", surface)))
        return {reading: [s for _, s in sorted(by_reading[reading])[:MAX_SURFACES]]
                for reading in sorted(by_reading)}


def build_dictionary(analyses: Iterable[Analysis]) -> dict[str, list[str]]:
    """reading → words, most frequent first (at most :data:`MAX_SURFACES`)."""
    builder = DictionaryBuilder()
    for analysis in analyses:
        builder.add(analysis)
    return builder.result()


def write_readings(site_dir: Path | str, text: str) -> Path:
    """Write ``search/readings.json`` (:meth:`DictionaryBuilder.dump`) into the built site."""
    target = Path(site_dir) / READINGS_FILE
    write_atomic(target, text)
    return target


def _dump(words: dict[str, list[str]]) -> str:
    return json.dumps({"format": FORMAT, "readings": words}, ensure_ascii=False, separators=(",", ":"))


def clean_search_index(site_dir: Path | str) -> bool:
    """Remove ruby markers (:mod:`yomitoki.render.ruby`) from the search index, leaving the base text.

    Returns whether the index was changed.  Material writes the index with
    ASCII escapes, so a marker appears there as ``\\ufdd3`` … ``\\ufdd4``.
    """
    index_file = Path(site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return False
    raw = index_file.read_text(encoding="utf-8")
    clean = raw
    for mark in _MARKS:
        clean = clean.replace(mark, "")
    if clean == raw:
        return False
    write_atomic(index_file, clean)
    return True


# The two marker characters, escaped as Material writes them, and as they are.
_MARKS = ("\\ufdd3", "\\ufdd4", "\ufdd3", "\ufdd4")
# A base and its reading; a <ruby> holds one, or one per kanji of a divided word.
_PAIR = r"{0}[^<]*{1}(?:<rp\b[^>]*>[^<]*</rp>)?<rt\b[^>]*>{0}[^<]*{1}</rt>(?:<rp\b[^>]*>[^<]*</rp>)?"
_RUBY = re.compile(r"<ruby\b[^>]*>((?:" + _PAIR.format("", "") + r")+)</ruby>")
_RUBY_PAIR = re.compile(_PAIR.format("(", ")"))


def _site_pages(site_dir: Path) -> Iterator[str]:
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "<ruby" in text:
            yield text


def index_leaks(site_dir: Path | str, limit: int = 10) -> list[str]:
    """Search-index entries whose title or text contains a reading next to its kanji.

    A page's ``<ruby>`` ``障害`` / ``しょうがい`` leaks when the index holds
    ``障害しょうがい``.  Returns the offending locations (empty when clean).
    """
    site_dir = Path(site_dir)
    index_file = site_dir / "search" / "search_index.json"
    if not index_file.exists():
        return []
    readings: dict[str, set[str]] = defaultdict(set)
    for page_html in _site_pages(site_dir):
        for m in _RUBY.finditer(page_html):
            pairs = [(html.unescape(b), html.unescape(r)) for b, r in _RUBY_PAIR.findall(m.group(1))]
            if len(pairs) > 1:            # a divided word: the word, and each kanji
                pairs.append(("".join(b for b, _ in pairs), "".join(r for _, r in pairs)))
            for base, reading in pairs:
                if len(reading) >= 2:        # one kana follows kanji everywhere (行い, 聞き)
                    readings[base].add(reading)
    if not readings:
        return []
    longest = max(map(len, readings))

    def leaks(text: str) -> bool:
        for m in pattern(f"[{KANJI}]+").finditer(text):
            end = m.end()
            for start in range(max(m.start(), end - longest), end):
                for reading in readings.get(text[start:end], ()):
                    if text.startswith(reading, end):
                        return True
        return False

    docs = json.loads(index_file.read_text(encoding="utf-8")).get("docs", [])
    out: list[str] = []
    for doc in docs:
        if leaks(doc.get("title", "")) or leaks(doc.get("text", "")):
            out.append(doc.get("location", ""))
            if len(out) >= limit:
                break
    return out
