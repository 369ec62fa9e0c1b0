"""Ruby (ふりがな) markup for the standard edition, with a reading cache across builds.

:class:`RubyRenderer` turns source text into escaped inline HTML where every
kanji run carries its reading::

    <ruby>著<rp data-search-exclude="1">(</rp><rt data-search-exclude="1">いちじる</rt><rp data-search-exclude="1">)</rp></ruby>しく

* Only kanji are inside ``<ruby>``; okurigana and kana stay outside, so the
  base text remains contiguous text (the nothing-lost check drops ``rt`` and
  ``rp`` and finds the plan's words unchanged).
* ``<rp>`` parentheses show ``著(いちじる)しく`` in browsers without ruby
  support.
* ``data-search-exclude`` keeps readings out of Material's search index: its
  indexer skips such elements and then strips the attribute from the page,
  so the published HTML is plain ``<rt>`` and ``<rp>``.
* The output is one line of inline HTML built from :func:`yomitoki.escape.escape`
  output, valid inside Markdown paragraphs, headings (``{#id}`` still works)
  and raw HTML blocks.
* For MkDocs builds, ``RubyRenderer(deferred=True)`` writes markers instead
  (plain text to Python-Markdown: a ruby-heavy site builds in 1.8 s instead
  of 17 s) and :func:`expand_ruby` makes the same markup in ``on_post_page``.
* ``RubyRenderer(late=True)``, which the hooks use, writes only the text
  between two markers (:func:`late_html`) and collects the texts; their
  readings are made later, in a second process while MkDocs converts the
  pages (``reading_worker.py``), and :func:`expand_ruby` puts in the
  markup (:func:`page_ruby_html`).  The page is the same either way.

:class:`ReadingCache` stores the engine's spans per text in
``.yomitoki-cache/`` so that a rebuild never calls pykakasi for text it has
read before.  The file name carries a fingerprint of everything that can
change a reading (yomitoki's version, the reading rules, pykakasi's version,
all dictionaries including the user's and the glossary's), so a changed
dictionary simply starts a new file; the directory is safe to delete.

Page-level pieces for the reader's toggle (``docs/assets/ruby.js``) are here
too: :func:`head_html` is the snippet the hooks put into every page's
``<head>`` so that a reader's choice applies before the first paint.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import pathlib
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from . import __version__, timing
from .escape import escape, unescape
from .fsutil import write_atomic

if TYPE_CHECKING:   # imported where used: a build served from the caches never reads
    from .readings import ReadingEngine, RubySpan

__all__ = [
    "RubyOptions",
    "RubyRenderer",
    "ruby_html",
    "deferred_html",
    "expand_ruby",
    "finish_page",
    "late_html",
    "resolve_late",
    "page_ruby_html",
    "strip_markers",
    "has_markers",
    "ReadingCache",
    "engine_fingerprint",
    "head_html",
    "inject_head",
    "STORAGE_KEY",
    "HTML_CLASS",
]

CACHE_FORMAT = 2                       # bump when the cache file layout changes
CACHE_DIR = ".yomitoki-cache"
STORAGE_KEY = "yomitoki.ruby"          # localStorage key used by ruby.js
HTML_CLASS = "yt-ruby-on"              # class on <html> while readings are shown
META_NAME = "yomitoki-ruby-default"    # <meta> that tells ruby.js the site's default

_EXCLUDE = ' data-search-exclude="1"'
# The ruby of a finished page, around a base and its reading (see expand_ruby).
_PAGE_RUBY = ("<ruby>", "<rp>&#40;</rp><rt>", "</rt><rp>&#41;</rp></ruby>")
_RP_OPEN = f"<rp{_EXCLUDE}>&#40;</rp>"
_RP_CLOSE = f"<rp{_EXCLUDE}>&#41;</rp>"


# ---------------------------------------------------------------------------
# Configuration

@dataclass(frozen=True)
class RubyOptions:
    """``extra.yomitoki.ruby`` (all | none) and ``extra.yomitoki.ruby_default`` (off | on)."""

    mode: str = "all"          # "all": ruby over every kanji on standard pages; "none": no ruby
    default: str = "off"       # the toggle's state for a reader who has not chosen

    KEYS = ("ruby", "ruby_default")

    @property
    def enabled(self) -> bool:
        return self.mode == "all"

    @classmethod
    def from_config(cls, raw: dict | None) -> "RubyOptions":
        raw = raw or {}
        mode = _switch(raw.get("ruby", "all"), {"all": "all", "none": "none"}, "ruby", "all または none")
        default = _switch(raw.get("ruby_default", "off"), {"off": "off", "on": "on"},
                          "ruby_default", "off または on")
        return cls(mode=mode, default=default)


def _switch(value: object, choices: dict[str, str], key: str, hint: str) -> str:
    # YAML reads a bare `off`/`on` as a boolean; accept it the way people write it.
    if value is True:
        value = "on"
    elif value is False:
        value = "off"
    text = str(value).strip().lower()
    if text not in choices:
        raise ValueError(f"mkdocs.yml の extra.yomitoki.{key} は {hint} を指定してください（「{value}」になっています）。")
    return choices[text]


# ---------------------------------------------------------------------------
# Markup

def _markup(spans: Iterable[RubySpan], escape_base: Callable[[str], str], head: str, middle: str, tail: str) -> str:
    """Each span's escaped base; those with a reading as ``head base middle reading tail``."""
    out: list[str] = []
    for span in spans:
        base = escape_base(span.base)
        out.append(f"{head}{base}{middle}{escape(span.reading)}{tail}" if span.reading else base)
    return "".join(out)


def ruby_html(spans: Iterable[RubySpan]) -> str:
    """Escaped inline HTML for spans: ``<ruby>`` for spans with a reading, text otherwise."""
    return _markup(spans, escape, "<ruby>", f"{_RP_OPEN}<rt{_EXCLUDE}>", f"</rt>{_RP_CLOSE}</ruby>")


# Deferred markup: three Unicode noncharacters (reserved for a program's
# internal use, never in interchanged text) stand for a ruby in Markdown and
# in MkDocs' page content; :func:`expand_ruby` turns them into ``<ruby>`` in
# the finished page.  Python-Markdown then sees plain text instead of seven
# raw HTML tags per word, which keeps a ruby build as fast as one without.
_OPEN, _SEP, _CLOSE = "\ufdd0", "\ufdd1", "\ufdd2"
_NONCHARS = re.compile("[\ufdd0-\ufdef]")
_MARKER = re.compile(f"{_OPEN}([^{_OPEN}{_SEP}{_CLOSE}<>]*){_SEP}([^{_OPEN}{_SEP}{_CLOSE}<>]*){_CLOSE}")
_RAW_TEXT = ("title", "script", "style", "textarea")


def _escape_source(text: str) -> str:
    out = escape(text)
    if _NONCHARS.search(out):
        out = _NONCHARS.sub(lambda m: f"&#{ord(m.group(0))};", out)
    return out


def deferred_html(spans: Iterable[RubySpan]) -> str:
    """Like :func:`ruby_html`, with each ruby as a marker for :func:`expand_ruby`."""
    return _markup(spans, _escape_source, _OPEN, _SEP, _CLOSE)


# Late markup: the text itself, escaped, between two more noncharacters; its
# readings are found after the page is rendered (in a second process while
# MkDocs converts the pages, see reading_worker.py) and put in by expand_ruby.
_LATE_OPEN, _LATE_CLOSE = "\ufdd3", "\ufdd4"
_LATE = re.compile(f"{_LATE_OPEN}([^{_OPEN}{_SEP}{_CLOSE}{_LATE_OPEN}{_LATE_CLOSE}<>]*){_LATE_CLOSE}")


def late_html(text: str) -> str:
    """``text`` escaped and marked for :func:`expand_ruby` to add its ruby later."""
    return f"{_LATE_OPEN}{_escape_source(text)}{_LATE_CLOSE}" if text else ""


def has_markers(text: str) -> bool:
    return _OPEN in text or _LATE_OPEN in text


def strip_markers(text: str) -> str:
    """Deferred or late ruby reduced to its base text (for titles, attributes, search)."""
    if _OPEN in text:
        text = _MARKER.sub(lambda m: m.group(1), text)
    if _LATE_OPEN in text:
        text = _LATE.sub(lambda m: m.group(1), text)
    return text


def page_ruby_html(spans: Iterable[RubySpan]) -> str:
    """The markup :func:`expand_ruby` puts in a finished page for spans.

    Like :func:`ruby_html` without ``data-search-exclude`` (the search index
    is made from the markers, see search_readings.py), and with the source's
    own noncharacters escaped.
    """
    return _markup(spans, _escape_source, *_PAGE_RUBY)


def resolve_late(text: str, late: Callable[[str], str]) -> str:
    """Late markers in ``text`` replaced by their markup.

    ``late`` takes a late marker's content (the escaped text) and returns
    :func:`page_ruby_html` of its spans (see ``LateReadings.markup``).
    """
    if _LATE_OPEN not in text:
        return text
    return _LATE.sub(lambda m: late(m[1]), text)


def expand_ruby(page_html: str, late: Callable[[str], str] | None = None) -> str:
    """A finished page with deferred and late ruby turned into ``<ruby>`` markup.

    ``late`` resolves late markers (see :func:`resolve_late`; required when
    the page has any).  Markers inside a tag (an attribute value), a comment
    or ``<title>``, ``<script>``, ``<style>`` or ``<textarea>`` become their
    base text only.

    The page is read as tokens: comments (``<!--.*?-->``), tags
    (``<[^>]*>``) and text (a ``<`` with no ``>`` after it is text).  A
    marker never contains ``<`` or ``>``, so it lies inside one token, and a
    token without a marker is the same either way.  Comments and raw text
    are found first (:func:`_strip_regions`); between them, each marker is in
    a tag if the nearest bracket before it is ``<`` (and a ``>`` follows).
    ``late`` must return whole tags only, as :func:`page_ruby_html` does.
    """
    if not has_markers(page_html):
        return page_html
    return _join(_expanded(page_html, late))


def finish_page(page_html: str, late: Callable[[str], str] | None = None, default: str = "off") -> str:
    """``inject_head(expand_ruby(page_html, late), default)``, joined once."""
    if not has_markers(page_html):
        return inject_head(page_html, default)
    pieces = _expanded(page_html, late)
    if any(_LATE_OPEN in piece or _LATE_CLOSE in piece for piece in pieces):
        return inject_head(_join(pieces), default)
    for k, piece in enumerate(pieces):
        i = piece.find("</head>")   # never cut in two: pieces are cut between tokens
        if i >= 0:
            pieces[k:k + 1] = [piece[:i], head_html(default), piece[i:]]
            break
    return "".join(pieces)


def _expanded(page_html: str, late: Callable[[str], str] | None) -> list[str]:
    """The pieces of :func:`expand_ruby`'s result, before the last clean-up."""
    if late is None and _LATE_OPEN in page_html:
        raise ValueError("late ruby markers need a resolver")

    def expand_text(text: str) -> str:
        # A marker in a tag (a "<" before it with no ">" in between, and a
        # ">" after it) keeps its base text only.
        def in_tag(start: int) -> bool:
            return text.rfind("<", 0, start) > text.rfind(">", 0, start) and text.find(">", start) >= 0

        if late is not None and _LATE_OPEN in text:
            text = _LATE.sub(lambda m: m[1] if in_tag(m.start()) else late(m[1]), text)
        if _OPEN in text:
            text = _MARKER.sub(lambda m: m[1] if in_tag(m.start()) else _ruby_from_marker(m), text)
        return text
    out: list[str] = []
    pos = 0
    for start, end in _strip_regions(page_html):
        if start > pos:
            out.append(expand_text(page_html[pos:start]))
        out.append(strip_markers(page_html[start:end]))
        pos = end
    if pos < len(page_html):
        out.append(expand_text(page_html[pos:]))
    return out


def _join(pieces: list[str]) -> str:
    result = "".join(pieces)
    if _LATE_OPEN in result or _LATE_CLOSE in result:
        # A marker Markdown cut in two (never seen): its text stays, without ruby.
        result = result.replace(_LATE_OPEN, "").replace(_LATE_CLOSE, "")
    return result


def _ruby_from_marker(m: re.Match) -> str:
    head, middle, tail = _PAGE_RUBY
    return f"{head}{m[1]}{middle}{m[2]}{tail}"


# Where a token can start that changes how the markers after it are read:
# a comment, or a tag that opens or closes a raw-text element.
_SPECIAL = re.compile(r"<(?:!--|(/?)(" + "|".join(_RAW_TEXT) + r")(?![a-zA-Z0-9]))", re.I)


def _strip_regions(page: str) -> list[tuple[int, int]]:
    """The parts of ``page`` whose markers are stripped whatever the tags:
    comments and the text of raw-text elements (from the end of the opening
    tag to the start of the closing one), as sorted, disjoint ``(start, end)``.

    Each starts and ends between two tokens, so the text around them is
    read as it is in the whole page.
    """
    regions: list[tuple[int, int]] = []
    done = 0              # the tokens before this are read
    raw: str | None = None
    raw_start = 0
    for m in _SPECIAL.finditer(page):
        c = m.start()
        if c < done:
            continue                          # in a comment or tag read already
        gt = page.find(">", c)
        if gt < 0:
            break                             # no ">" after it: the rest is text
        if page.rfind("<", done, c) > page.rfind(">", done, c):
            continue                          # in a tag that began before it
        name = m[2]
        if name is None:                      # "<!--": a comment, or a tag if no "-->" follows
            close = page.find("-->", c + 4)
            done = close + 3 if close >= 0 else gt + 1
            if raw is None:                   # (in raw text, the raw region holds it)
                regions.append((c, done))
            continue
        done = gt + 1
        name = name.lower()
        if m[1]:                              # a closing tag ends its own element only
            if raw == name:
                regions.append((raw_start, c))
                raw = None
        elif page[gt - 1] != "/":             # an opening tag (not "<script/>")
            if raw is None:
                raw_start = done
            raw = name
    if raw is not None:
        regions.append((raw_start, len(page)))
    return regions


class RubyRenderer:
    """Source text → escaped inline HTML with ruby over kanji; the ``TextRenderer.ruby`` slot.

    ``deferred=False`` (default) writes ``<ruby>`` markup directly: valid
    anywhere, self-contained.  ``deferred=True`` writes markers that
    :func:`expand_ruby` turns into the same markup in the finished page
    (MkDocs ``on_post_page``); use it for MkDocs builds, where seven raw HTML
    tags per word make Python-Markdown and the search indexer ten times
    slower.  Search-index titles and texts then need
    :func:`yomitoki.search_readings.clean_search_index`.
    """

    def __init__(self, engine: ReadingEngine, cache: "ReadingCache | None" = None, *,
                 deferred: bool = False, late: bool = False):
        if cache is not None and cache.engine is not engine:
            raise ValueError("ReadingCache は同じ ReadingEngine から作ってください")
        self.engine = engine
        self.cache = cache
        self.deferred = deferred or late
        # late: write the text only (late_html); its readings are looked up
        # when expand_ruby runs.  The texts are collected in self.texts.
        self.late = late
        self.texts: dict[str, str] = {}     # late: text -> its marker's content

    def spans(self, text: str) -> list[RubySpan]:
        if self.cache is not None:
            return self.cache.spans(text)
        return self.engine.spans(text)

    def __call__(self, text: str) -> str:
        if not text:
            return ""
        if self.late:
            # Recorded as expand_ruby will read it back (escape folds tabs and
            # newlines to spaces), so that the text is looked up as it was sent.
            inner = _escape_source(text)
            self.texts[unescape(inner)] = inner
            return f"{_LATE_OPEN}{inner}{_LATE_CLOSE}"
        spans = self.spans(text)
        return deferred_html(spans) if self.deferred else ruby_html(spans)


# ---------------------------------------------------------------------------
# Reading cache

def engine_fingerprint(engine: ReadingEngine) -> str:
    """A hash of everything that can change the engine's readings."""
    h = hashlib.sha256()
    h.update(f"yomitoki-reading-cache {CACHE_FORMAT} {__version__}\n".encode())
    h.update(f"pykakasi {_package_version('pykakasi')}\n".encode())
    # The rules live in readings.py and the dictionary lookup in kakasi.py:
    # a changed rule must not reuse old readings.
    here = pathlib.Path(__file__).parent
    h.update((here / "readings.py").read_bytes())
    h.update((here / "kakasi.py").read_bytes())
    fingerprint = getattr(engine, "fingerprint", None)
    if callable(fingerprint):
        h.update(str(fingerprint()).encode())
    else:
        # All dictionary layers merged (user > glossary > shipped > places).
        terms = getattr(engine, "_terms")
        for term in sorted(terms):
            reading, source = terms[term]
            h.update(f"{term}\t{reading}\t{source}\n".encode())
    return h.hexdigest()


def _package_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:            # not installed as a distribution: still a stable key
        return "unknown"


# A text's spans as one string in the reading cache: fields joined by US,
# spans by RS, a missing reading written as GS.  (One string per text is
# about three times quicker to write and read as JSON than nested lists.)
_FIELD, _SPAN, _NO_READING = "\x1f", "\x1e", "\x1d"


def pack_spans(spans: Iterable) -> str | list[list]:
    """Spans (RubySpans or ``[base, reading, source]``) as the reading cache keeps them.

    A string, or nested lists where a text itself holds the separators.
    """
    from .readings import RubySpan

    rows = [(s.base, s.reading, s.source) if isinstance(s, RubySpan) else (s[0], s[1], s[2]) for s in spans]
    packed = _SPAN.join(f"{b}{_FIELD}{_NO_READING if r is None else r}{_FIELD}{src}" for b, r, src in rows)
    # Unambiguous unless a field holds a separator: then the counts differ.
    if (packed.count(_FIELD) == 2 * len(rows) and packed.count(_SPAN) == max(len(rows) - 1, 0)
            and packed.count(_NO_READING) == sum(r is None for _, r, _ in rows)):
        return packed
    return [[b, r, src] for b, r, src in rows]


_READING_AND_SOURCE = re.compile(f"{_FIELD}[^{_SPAN}]*")
_ROW = f"[^{_NO_READING}-{_FIELD}]*{_FIELD}(?:{_NO_READING}|[^{_NO_READING}-{_FIELD}]*){_FIELD}[^{_NO_READING}-{_FIELD}]*"
_PACKED = re.compile(f"(?:{_ROW}(?:{_SPAN}{_ROW})*)?")


def spells(stored: object, text: str) -> bool:
    """Whether stored spans (:func:`pack_spans`) are well formed and their bases spell ``text``."""
    if isinstance(stored, str):
        # Without building spans: every span has exactly three fields, and
        # the bases (what precedes each span's first US) add up to the text.
        return (_PACKED.fullmatch(stored) is not None
                and _READING_AND_SOURCE.sub("", stored).replace(_SPAN, "") == text)
    spans = unpack_spans(stored)
    return spans is not None and "".join(s.base for s in spans) == text


def unpack_spans(stored: object) -> list[RubySpan] | None:
    """:func:`pack_spans` undone; None for anything else."""
    from .readings import RubySpan

    try:
        if isinstance(stored, str):
            if not stored:
                return []
            spans = []
            for row in stored.split(_SPAN):
                base, reading, source = row.split(_FIELD)
                spans.append(RubySpan(base, None if reading == _NO_READING else reading, source))
            return spans
        return [RubySpan(base, reading, source) for base, reading, source in stored]
    except (TypeError, ValueError):
        return None


class ReadingCache:
    """The engine's spans per text, kept in ``<directory>/readings-<fingerprint>.json``.

    ``directory=None`` keeps the cache in memory only.  Call :meth:`save`
    after a build; a cache file that cannot be read is ignored and rebuilt.
    """

    def __init__(self, engine: ReadingEngine, directory: pathlib.Path | str | None):
        self.engine = engine
        self.directory = pathlib.Path(directory) if directory is not None else None
        self.key = engine_fingerprint(engine)
        self._entries: dict[str, str | list[list]] = {}   # text -> pack_spans()
        self._used: set[str] = set()
        self._fresh: set[str] = set()     # texts counted as a hit or a miss in this build
        self._dirty = False
        self.hits = 0
        self.misses = 0
        self.engine_seconds = 0.0      # time spent in the engine (cache misses)
        self.load_seconds = 0.0
        # The file is read on first use: a build whose pages come from the
        # document cache (see cache.py) never needs it.
        self._loaded = self.path is None

    @classmethod
    def for_project(cls, engine: ReadingEngine, config_dir: pathlib.Path | str) -> "ReadingCache":
        """The cache in ``.yomitoki-cache/`` next to ``mkdocs.yml``."""
        return cls(engine, pathlib.Path(config_dir) / CACHE_DIR)

    @property
    def path(self) -> pathlib.Path | None:
        if self.directory is None:
            return None
        return self.directory / f"readings-{self.key[:20]}.json"

    def _load(self) -> None:
        self._loaded = True
        with timing.stage("readings"):
            self._load_entries()

    def _load_entries(self) -> None:
        start = time.perf_counter()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == CACHE_FORMAT and data.get("key") == self.key:
                entries = data.get("entries")
                if isinstance(entries, dict):
                    self._entries = entries
        except (OSError, ValueError, AttributeError):
            self._entries = {}          # missing or damaged: start afresh
        self.load_seconds = time.perf_counter() - start

    def peek(self, text: str) -> list[RubySpan] | None:
        """The stored spans of a text, or None; never calls the engine."""
        if not self._loaded:
            self._load()
        self._used.add(text)
        stored = self._entries.get(text)
        if stored is not None:
            spans = unpack_spans(stored)
            if spans is not None and "".join(s.base for s in spans) == text:
                return spans
        return None

    def knows(self, text: str) -> bool:
        return self.peek(text) is not None

    def store(self, text: str, spans: list, *, checked: bool = False) -> None:
        """Spans the engine made elsewhere (in a worker process) for ``text``.

        ``spans`` are RubySpans, ``[base, reading, source]`` lists or
        :func:`pack_spans` of them.  They must spell ``text``: this is checked
        here unless ``checked`` says the sender checked it (:func:`spells`).
        """
        entry = spans if isinstance(spans, str) else pack_spans(spans)
        if not checked and not spells(entry, text):
            raise ValueError(f"spans do not add up to the text: {text!r}")
        if not self._loaded:
            self._load()
        self._used.add(text)
        self._entries[text] = entry
        self._fresh.add(text)
        self._dirty = True
        self.misses += 1

    def spans(self, text: str) -> list[RubySpan]:
        spans = self.peek(text)
        if spans is not None:
            if text not in self._fresh:
                self.hits += 1
                self._fresh.add(text)       # count each text once
            return spans
        self.misses += 1
        self._fresh.add(text)
        start = time.perf_counter()
        with timing.stage("readings"):
            spans = self.engine.spans(text)
        self.engine_seconds += time.perf_counter() - start
        self._entries[text] = pack_spans(spans)
        self._dirty = True
        return spans

    def reading(self, text: str) -> str:
        """Like :meth:`ReadingEngine.reading`, through the cache."""
        from .readings import spans_reading

        return spans_reading(self.spans(text))

    def __len__(self) -> int:
        if not self._loaded:
            self._load()
        return len(self._entries)

    def save(self, *, prune: bool = True) -> pathlib.Path | None:
        """Write the cache atomically; ``prune`` drops texts this build did not read.

        Files of other fingerprints (old dictionaries) in the directory are
        removed.  Returns the path written, or None when nothing changed.
        """
        if self.path is None or not self._loaded:
            return None                 # memory only, or never used in this build
        entries = self._entries
        if prune and self._used:
            pruned = {t: entries[t] for t in entries if t in self._used}
            if len(pruned) != len(entries):
                self._dirty = True
            entries = pruned
        if not self._dirty and self.path.exists():
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        data = {"format": CACHE_FORMAT, "key": self.key, "entries": entries}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        for old in self.directory.glob("readings-*.json"):
            if old != self.path:
                try:
                    old.unlink()
                except OSError:
                    pass
        self._entries = entries
        self._dirty = False
        return self.path

    def summary(self) -> str:
        """One log line: hits, misses and time."""
        return (f"ふりがな: {self.hits + self.misses} 件の文のうち {self.hits} 件はキャッシュから、"
                f"{self.misses} 件を新しく読みました（読み {self.engine_seconds:.2f} 秒、"
                f"キャッシュ読み込み {self.load_seconds:.2f} 秒）")


# ---------------------------------------------------------------------------
# Page head: the reader's choice before the first paint

@functools.lru_cache(maxsize=None)
def head_html(default: str = "off") -> str:
    """``<meta>`` with the site's default and an inline script that sets ``html.yt-ruby-on``.

    The script is the only part that must run before the page is painted;
    ``ruby.js`` (loaded at the end of the page) adds the toggle button.
    """
    if default not in ("on", "off"):
        raise ValueError(f"ruby_default は on か off です: {default!r}")
    script = (
        "(function(){var d=document.documentElement,v=null;"
        f"try{{v=localStorage.getItem({json.dumps(STORAGE_KEY)})}}catch(e){{}}"
        f"if(v!==\"on\"&&v!==\"off\")v={json.dumps(default)};"
        f"if(v===\"on\")d.classList.add({json.dumps(HTML_CLASS)})}})();"
    )
    return f'<meta name="{META_NAME}" content="{html.escape(default)}"><script>{script}</script>'


def inject_head(output: str, default: str = "off") -> str:
    """A built page with :func:`head_html` inserted at the end of its ``<head>``.

    Anything in ``<head>`` runs before the body is parsed, hence before the
    first paint.  Pages without ``</head>`` are returned unchanged.
    """
    i = output.find("</head>")
    if i < 0:
        return output
    return output[:i] + head_html(default) + output[i:]
