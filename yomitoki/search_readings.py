"""Search by reading: a hiragana query finds the kanji text (しょうがい → 障害).

Material's search cannot do this on its own: its Japanese tokenizer cuts
hiragana into TinySegmenter pieces, and a query is never cut, so a reading
typed in hiragana matches nothing.  Putting readings into the index would
also show them in the results.  yomitoki therefore keeps the index free of
readings and expands the *query* instead:

* at build time, :func:`write_readings` collects every ``<ruby>`` of the
  built standard pages into ``search/readings.json``: reading → the kanji
  words of the site that are read so (``しょうがい`` → ``障害``, ``障がい``),
  most frequent first, with compounds of adjacent ruby
  (``療育`` + ``手帳`` → ``りょういくてちょう`` → ``療育手帳``);
* in the browser, ``ruby.js`` loads that file when the reader first searches
  and adds the kanji words to a hiragana query before Material's search
  worker sees it (``しょうがい`` → ``しょうがい 障害 障がい``), so results
  show the plan's own text and highlight the kanji.

Readings stay out of the index because :mod:`yomitoki.ruby` marks ``rt`` and
``rp`` with ``data-search-exclude``; :func:`index_leaks` checks that.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .fsutil import write_atomic
from .ruby import has_markers, strip_markers

__all__ = [
    "reading_pairs",
    "build_dictionary",
    "DictionaryBuilder",
    "write_readings",
    "index_leaks",
    "clean_search_index",
    "finish_site",
    "READINGS_FILE",
]

READINGS_FILE = "search/readings.json"
FORMAT = 1
MAX_RUBY = 3          # ruby elements in one compound entry
MAX_OKURIGANA = 2     # kana after a single-kanji ruby joined into an entry (障がい, 取り組み)
MAX_SURFACES = 6      # kanji words kept per reading

_RUBY = re.compile(
    r"<ruby>([^<]*)(?:<rp\b[^>]*>[^<]*</rp>)?<rt\b[^>]*>([^<]*)</rt>(?:<rp\b[^>]*>[^<]*</rp>)?</ruby>"
)
_TOKEN = re.compile(_RUBY.pattern + r"|<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|<!--.*?-->|([^<]+)", re.S)
# Inline elements a word can continue through (glossary links wrap a term's ruby).
_INLINE = {"a", "span", "mark", "em", "strong", "b", "i", "abbr", "dfn", "wbr", "code"}
_HIRAGANA = re.compile(r"[ぁ-ゖゝゞー]+")
_READING_OK = re.compile(r"^[ぁ-ゖゝゞー]+$")
_KANJI_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff々〆ヶヵ〇]+")
_ARTICLE_OPEN = re.compile(r"<article\b[^>]*>")


def article_of(page_html: str) -> str:
    """The content of a page's ``<article>`` (to its last ``</article>``), or the whole page.

    The page's words are there; the navigation repeats every page's title.
    """
    m = _ARTICLE_OPEN.search(page_html)
    if m is not None:
        end = page_html.rfind("</article>")
        if end >= m.end():
            return page_html[m.end():end]
    return page_html


def _is_kanji_text(s: str) -> bool:
    return _KANJI_RUN.fullmatch(s) is not None


def _unescape(s: str) -> str:
    return html.unescape(s) if "&" in s else s


def _units(page_html: str) -> Iterator[tuple[str, str, str] | None]:
    """("ruby", base, reading), ("kana", text, "") or None (a word boundary), in order."""
    kanji_text, reading_ok, hiragana, inline = _KANJI_RUN.fullmatch, _READING_OK.match, _HIRAGANA.finditer, _INLINE
    for m in _TOKEN.finditer(page_html):
        base, reading, _slash, tag, text = m.groups()
        if base is not None:
            base, reading = _unescape(base), _unescape(reading)
            if kanji_text(base) and reading_ok(reading):
                yield ("ruby", base, reading)
            else:
                yield None
        elif tag is not None:
            if tag.lower() not in inline:
                yield None
        elif text is not None:
            text = _unescape(text)
            pos = 0
            for k in hiragana(text):
                if k.start() > pos:
                    yield None
                yield ("kana", k.group(0), "")
                pos = k.end()
            if pos < len(text):
                yield None
        else:
            yield None                     # comment


def reading_pairs(page_html: str) -> Iterator[tuple[str, str]]:
    """(reading, kanji word) for every ruby and compound of adjacent ruby in a page.

    Compounds join up to :data:`MAX_RUBY` adjacent ``<ruby>`` elements; after a
    single-kanji ruby, up to :data:`MAX_OKURIGANA` kana are joined too
    (``障(しょう)がい`` → ``障がい``; ``取(と)り組(く)み`` → ``取り組み``).
    """
    units = list(_units(article_of(page_html)))
    n = len(units)
    for i, unit in enumerate(units):
        if unit is None or unit[0] != "ruby":
            continue
        surface, reading, rubies, kana_runs, limit = "", "", 0, 0, MAX_RUBY
        for j in range(i, n):
            if units[j] is None:
                break
            kind, text, rt = units[j]
            if kind == "ruby":
                if rubies == limit:
                    break
                rubies += 1
                surface += text
                reading += rt
                yield reading, surface
                continue
            # Kana: okurigana after a single kanji (著しく, 障がい), once per entry.
            if kana_runs or len(units[j - 1][1]) != 1:
                break
            kana_runs += 1
            for k in range(1, min(MAX_OKURIGANA, len(text)) + 1):
                yield reading + text[:k], surface + text[:k]
            if len(text) > MAX_OKURIGANA:
                break
            surface += text
            reading += text
            limit = rubies + 1                 # 障がい者, not 改めて障害者総合支援法


class DictionaryBuilder:
    """:func:`build_dictionary` one page at a time (pages may come in any order)."""

    def __init__(self) -> None:
        self._counts: Counter = Counter()        # (reading, surface) -> occurrences

    def add(self, page_html: str) -> None:
        self._counts.update(pair for pair in reading_pairs(page_html) if len(pair[0]) >= 2)

    def dump(self) -> str:
        """The text of ``search/readings.json`` for :meth:`result`."""
        return _dump(self.result())

    def result(self) -> dict[str, list[str]]:
        by_reading: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for (reading, surface), n in self._counts.items():
            by_reading[reading].append((-n, surface))
        return {reading: [s for _, s in sorted(by_reading[reading])[:MAX_SURFACES]]
                for reading in sorted(by_reading)}


def build_dictionary(pages: Iterable[str]) -> dict[str, list[str]]:
    """reading → kanji words, most frequent first (at most :data:`MAX_SURFACES`)."""
    builder = DictionaryBuilder()
    for page_html in pages:
        builder.add(page_html)
    return builder.result()


def _site_pages(site_dir: Path) -> Iterator[str]:
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "<ruby>" in text:
            yield text


def write_readings(site_dir: Path | str, cache_dir: Path | str | None = None,
                   words: Callable[[int], dict[str, list[str]] | str | None] | None = None,
                   digests: list[bytes] | None = None) -> Path:
    """Write ``search/readings.json`` for the built site; returns its path.

    With ``cache_dir`` (``.yomitoki-cache/``), the file is kept there under
    a hash of the pages it was made from and yomitoki's code, and reused
    while those stay the same.  ``words(n)``, when it returns a dictionary,
    gives what :func:`build_dictionary` makes of the site's ``n`` pages with
    ruby (the hooks build it as the pages are made, see reading_worker.py);
    it must return None unless it was given exactly those ``n`` pages.  It
    may return the file's text instead (:meth:`DictionaryBuilder.dump`).
    ``digests`` (SHA-256 of each page with ruby, as MkDocs wrote it) spares
    reading the pages again to find the cached file.
    """
    site_dir = Path(site_dir)
    target = site_dir / READINGS_FILE
    from .cache import code_fingerprint

    # Pages are read one at a time (twice on a miss): a large site's pages
    # together would take hundreds of megabytes.
    h = hashlib.sha256(f"search-readings {FORMAT} {code_fingerprint()}\n".encode())
    if digests is None:
        digests = [hashlib.sha256(page_html.encode("utf-8")).digest() for page_html in _site_pages(site_dir)]
    pages = len(digests)
    for digest in sorted(digests):
        h.update(digest)

    def build() -> str:
        made = words(pages) if words is not None else None
        if made is None:
            made = build_dictionary(_site_pages(site_dir))
        return made if isinstance(made, str) else _dump(made)

    if cache_dir is None:
        write_atomic(target, build())
        return target
    stored = Path(cache_dir) / f"search-readings-{h.hexdigest()[:32]}.json"
    try:
        text = stored.read_text(encoding="utf-8")
    except (OSError, ValueError):
        text = None
    if text is None:
        text = build()
        try:
            write_atomic(stored, text)
            for old in stored.parent.glob("search-readings-*.json"):
                if old != stored:
                    old.unlink()
        except OSError:
            pass                      # a cache that cannot be written is only slower
    write_atomic(target, text)
    return target


def _dump(words: dict[str, list[str]]) -> str:
    return json.dumps({"format": FORMAT, "readings": words}, ensure_ascii=False, separators=(",", ":"))


def clean_search_index(site_dir: Path | str) -> bool:
    """Reduce ruby markers (:mod:`yomitoki.ruby`) in the search index to base text.

    Returns whether the index was changed.  Material writes the index with
    ASCII escapes, so a marker appears as ``\\ufdd0`` (deferred) or
    ``\\ufdd3`` (late).  Late markers carry nothing but the text and are
    simply removed from the file; deferred ones go through the JSON.
    """
    index_file = Path(site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return False
    raw = index_file.read_text(encoding="utf-8")
    deferred = has_markers(raw) or "\\ufdd0" in raw
    if not deferred:
        if "\\ufdd3" not in raw and "\\ufdd4" not in raw:
            return False
        write_atomic(index_file, raw.replace("\\ufdd3", "").replace("\\ufdd4", ""))
        return True
    data = json.loads(raw)
    for doc in data.get("docs", []):
        for field in ("title", "text"):
            value = doc.get(field)
            if isinstance(value, str) and has_markers(value):
                doc[field] = strip_markers(value)
    # Material writes the index with these separators and ASCII escapes.
    write_atomic(index_file, json.dumps(data, separators=(",", ":"), default=str))
    return True


def finish_site(site_dir: Path | str, cache_dir: Path | str | None = None,
                words: Callable[[int], dict[str, list[str]] | str | None] | None = None,
                digests: list[bytes] | None = None) -> tuple[bool, Path]:
    """Everything search needs after a build with ruby: clean index, readings file.

    ``cache_dir``, ``words`` and ``digests``: see :func:`write_readings`.
    """
    changed = clean_search_index(site_dir)
    return changed, write_readings(site_dir, cache_dir, words, digests)


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
            reading = html.unescape(m.group(2))
            if len(reading) >= 2:        # one kana follows kanji everywhere (行い, 聞き)
                readings[html.unescape(m.group(1))].add(reading)
    if not readings:
        return []
    longest = max(map(len, readings))

    def leaks(text: str) -> bool:
        for m in _KANJI_RUN.finditer(text):
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
