"""Ruby (ふりがな) markup for the standard edition.

Every kanji word carries its reading; only kanji are inside ``<ruby>``, so
okurigana and kana stay outside and the base text remains contiguous (the
nothing-lost check drops ``rt`` and ``rp`` and finds the plan's words
unchanged)::

    <ruby>著<rp>(</rp><rt>いちじる</rt><rp>)</rp></ruby>しく

``<rp>`` parentheses show ``著(いちじる)しく`` in browsers without ruby
support.  The markup is one line of inline HTML built from
:func:`yomitoki.render.escape.escape` output, valid inside Markdown paragraphs,
headings and raw HTML blocks.

In a MkDocs build the pages carry markers instead: :class:`RubyRenderer`
without an engine writes each text escaped between two Unicode
noncharacters (never in interchanged text) and records it.  Python-Markdown
and Material's search indexer then see plain text, which keeps a build with
ruby as fast as one without (seven raw HTML tags per word make both about
ten times slower, and readings would leak into the search index).  The
readings of the recorded texts are made meanwhile (``page_readings.py``),
and :func:`finish_page` puts the markup into each finished page.

Page-level pieces for the reader's toggle (``assets/ruby.js``) are here
too: :func:`head_html` is the snippet every page gets in its ``<head>`` so
that a reader's choice applies before the first paint.
"""
from __future__ import annotations

import functools
import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from .escape import escape, unescape

if TYPE_CHECKING:   # imported where used: a build served from the caches never reads
    from ..enrich.readings import ReadingEngine, RubySpan

__all__ = [
    "RubyOptions",
    "RubyRenderer",
    "ruby_html",
    "marked_html",
    "expand_ruby",
    "expand_markdown",
    "finish_page",
    "strip_markers",
    "has_markers",
    "head_html",
    "inject_head",
    "CACHE_DIR",
    "STORAGE_KEY",
    "HTML_CLASS",
    "GRADE_CLASS",
    "KNOWN_CLASS",
    "CHOICES",
]

CACHE_DIR = ".yomitoki-cache"
STORAGE_KEY = "yomitoki.ruby"          # localStorage key used by ruby.js: "off", "on" or "grade"
HTML_CLASS = "yt-ruby-on"              # class on <html> while readings are shown
GRADE_CLASS = "yt-ruby-grade"          # and while only the readings of kanji beyond the grade are
KNOWN_CLASS = "yt-k"                   # class of an <rt> over kanji taught by the site's grade
CHOICES = ("off", "on", "grade")
META_NAME = "yomitoki-ruby-default"    # <meta> that tells ruby.js the site's default

# The ruby of one base and its reading; a word divided among its kanji repeats
# base, middle, reading and the pair's end for each kanji in one <ruby>.
_RUBY = ("<ruby>", "<rp>(</rp><rt>", "</rt><rp>)</rp></ruby>")
_PAIR_END = "</rt><rp>)</rp>"
_KNOWN_MIDDLE = f'<rp>(</rp><rt class="{KNOWN_CLASS}">'


# ---------------------------------------------------------------------------
# Configuration

@dataclass(frozen=True)
class RubyOptions:
    """``ruby`` (all | none), ``ruby_default`` (off | on | grade) and ``ruby_grade``, checked by ``site/options.py``."""

    mode: str = "all"          # "all": ruby over every kanji on standard pages; "none": no ruby
    default: str = "off"       # the reader's choice until they choose: off, on (every kanji), grade
    grade: int = 3             # "grade" leaves the kanji taught by the end of this school year without readings

    @property
    def enabled(self) -> bool:
        return self.mode == "all"


# ---------------------------------------------------------------------------
# Markup

def ruby_html(spans: Iterable[RubySpan], grade: int | None = None) -> str:
    """Escaped inline HTML for spans: ``<ruby>`` for spans with a reading, text otherwise.

    A base with a figure in it (1人 ひとり, 9日 ここのか) gets no ruby: figures
    need none, and the reading of the kanji alone is not known.  A word whose
    reading is wider than itself has its reading divided among its kanji
    where the division is certain (:func:`yomitoki.enrich.kanji_split.split_reading`)
    and makes the word no wider: one ``<ruby>`` with a reading per kanji,
    ``就(しゅう)労(ろう)`` without ruby support.

    With a ``grade`` (1–6), the ``<rt>`` of a base whose kanji are all taught
    by the end of that school year (:mod:`yomitoki.enrich.grades`) has the
    class :data:`KNOWN_CLASS`, hidden when the reader chooses ruby by grade:
    a word divided per kanji is shown kanji by kanji (就(しゅう)労(ろう): 就
    6年, 労 4年), a whole word if any of its kanji is beyond the grade
    (福祉: 祉).  Words are not divided for the grade alone: kochi/05/ was
    then 1.62 MB instead of 1.34 MB.
    """
    out: list[str] = []
    append = out.append
    plain = _escape_source
    for base, reading, _ in spans:
        if reading and _FIGURE.search(base) is None:
            append(_ruby(base, reading, grade))
        else:
            append(plain(base))
    return "".join(out)


_FIGURE = re.compile("[0-9０-９]")
# The width of a kana of a reading, in kanji of the base: readings are set at
# .55em with the font's proportional kana (assets/ruby.css), about .44em in
# Noto Sans CJK JP (じょうきょう: 42.3px over 状況, 32px).
_KANA = 0.45
# A word is divided when its whole reading would widen it by more than this
# share (a word widened less looks as set; divided, its kanji stand apart).
_DIVIDE_ABOVE = 1.1
# How much wider (in kanji) a word may get when its reading is divided: a
# kanji whose share is wider than itself widens the word, one whose share is
# narrower leaves a gap (調(ちょう)査(さ)); whole, the reading spreads evenly.
_DIVIDED_SLACK = 0.25


@functools.lru_cache(maxsize=50_000)
def _ruby(base: str, reading: str, grade: int | None = None) -> str:
    """The ``<ruby>`` of one base and its reading (per kanji where it is wider and divides)."""
    from ..enrich.grades import word_grade

    head, middle, _ = _RUBY
    pairs: Iterable[tuple[str, str]] = ((base, reading),)
    if len(base) > 1 and len(reading) * _KANA > len(base) * _DIVIDE_ABOVE:
        from ..enrich.kanji_split import split_reading

        divided = split_reading(base, reading)
        if divided and (sum(max(1.0, len(r) * _KANA) for _, r in divided)
                        <= len(reading) * _KANA + _DIVIDED_SLACK):
            pairs = divided
    out = [head]
    for b, r in pairs:
        known = grade is not None and word_grade(b) <= grade
        # A base with a reading is kanji and a reading is kana: escaped only if odd.
        if _SAFE.fullmatch(b) is None:
            b = _escape_source(b)
        if _SAFE.fullmatch(r) is None:
            r = escape(r)
        out += (b, _KNOWN_MIDDLE if known else middle, r, _PAIR_END)
    out.append("</ruby>")
    return "".join(out)


# Text escape() and the marker escaping leave as it is.
_SAFE = re.compile("[^\\x00-\\x7f\ufdd0-\ufdef]*")


# Markers: a text, escaped, between two noncharacters.  The source's own
# noncharacters are escaped as character references, so no text can forge one.
_OPEN, _CLOSE = "\ufdd3", "\ufdd4"
_NONCHARS = re.compile("[\ufdd0-\ufdef]")
_MARKER = re.compile(f"{_OPEN}([^{_OPEN}{_CLOSE}<>]*){_CLOSE}")
_RAW_TEXT = ("title", "script", "style", "textarea")


def _escape_source(text: str) -> str:
    out = escape(text)
    if _NONCHARS.search(out):
        out = _NONCHARS.sub(lambda m: f"&#{ord(m.group(0))};", out)
    return out


def marked_html(text: str) -> str:
    """``text`` escaped and marked for :func:`expand_ruby` to add its ruby."""
    return f"{_OPEN}{_escape_source(text)}{_CLOSE}" if text else ""


def has_markers(text: str) -> bool:
    return _OPEN in text


def strip_markers(text: str) -> str:
    """Marked text reduced to its base text (for titles, attributes, search)."""
    if _OPEN in text:
        text = _MARKER.sub(lambda m: m.group(1), text)
    return text


def expand_ruby(page_html: str, markup: Callable[[str], str]) -> str:
    """A finished page with its markers turned into ``<ruby>`` markup.

    ``markup`` takes a marker's content (the escaped text) and returns
    :func:`ruby_html` of its spans (whole tags only).  Markers inside a tag
    (an attribute value), a comment or ``<title>``, ``<script>``,
    ``<style>`` or ``<textarea>`` become their base text only.

    The page is read as tokens: comments (``<!--.*?-->``), tags
    (``<[^>]*>``) and text (a ``<`` with no ``>`` after it is text).  A
    marker never contains ``<`` or ``>``, so it lies inside one token, and a
    token without a marker is the same either way.  Comments and raw text
    are found first (:func:`_strip_regions`); between them, each marker is in
    a tag if the nearest bracket before it is ``<`` (and a ``>`` follows).
    """
    if not has_markers(page_html):
        return page_html
    return _join(_expanded(page_html, markup))


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,6}[ \t]+)(.*?)(?:[ \t]+\{([^{}\n]*)\})?[ \t]*$")


def expand_markdown(markdown: str, markup: Callable[[str], str]) -> str:
    """A generated page's Markdown with its ruby written in, as raw HTML (``yomitoki export``).

    For generators other than this build, which read the Markdown once.
    The front matter (the page title) keeps the base text; a heading gets
    its ruby and, in its attribute list, a ``data-toc-label`` with the base
    text, so that the navigation and the table of contents do not show the
    readings as words (Python-Markdown's toc takes the label).
    """
    if not has_markers(markdown):
        return markdown
    front = _FRONT_MATTER.match(markdown)
    head, body = (strip_markers(front.group(0)), markdown[front.end():]) if front else ("", markdown)
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if not (line.startswith("#") and _OPEN in line):
            continue
        m = _HEADING.match(line)
        if m is None:
            continue
        label = html.unescape(strip_markers(m[2]))
        attrs = [m[3].strip()] if m[3] and m[3].strip() else []
        if not any(c in label for c in '{}"\n'):      # (a label attr_list could not hold keeps the readings)
            attrs.append(f'data-toc-label="{label}"')
        lines[i] = m[1] + expand_ruby(m[2], markup) + (f" {{{' '.join(attrs)}}}" if attrs else "")
    return head + expand_ruby("\n".join(lines), markup)


def finish_page(page_html: str, markup: Callable[[str], str], default: str = "off", grade: int = 3) -> str:
    """``inject_head(expand_ruby(page_html, markup), default, grade)``, joined once."""
    if not has_markers(page_html):
        return inject_head(page_html, default, grade)
    pieces = _expanded(page_html, markup)
    if any(_OPEN in piece or _CLOSE in piece for piece in pieces):
        return inject_head(_join(pieces), default, grade)
    for k, piece in enumerate(pieces):
        i = piece.find("</head>")   # never cut in two: pieces are cut between tokens
        if i >= 0:
            pieces[k:k + 1] = [piece[:i], head_html(default, grade), piece[i:]]
            break
    return "".join(pieces)


def _expanded(page_html: str, markup: Callable[[str], str]) -> list[str]:
    """The pieces of :func:`expand_ruby`'s result, before the last clean-up."""
    out: list[str] = []
    pos = 0
    for start, end in _strip_regions(page_html):
        if start > pos:
            _expand_text(page_html[pos:start], markup, out)
        out.append(strip_markers(page_html[start:end]))
        pos = end
    if pos < len(page_html):
        _expand_text(page_html[pos:], markup, out)
    return out


def _expand_text(text: str, markup: Callable[[str], str], out: list[str]) -> None:
    """``text`` (no comment or raw text in it) with its markers expanded, appended to ``out``.

    A marker is in a tag (an attribute value) when the last ``<`` before it
    comes after the last ``>`` and a ``>`` follows it: it keeps its base
    text only.  The text is walked once, literal part by marker.
    """
    if _OPEN not in text:
        out.append(text)
        return
    parts = _MARKER.split(text)
    last_gt = text.rfind(">")
    in_tag = False
    at = 0
    append = out.append
    for i, part in enumerate(parts):
        if i % 2 == 0:                       # literal text
            append(part)
            lt, gt = part.rfind("<"), part.rfind(">")
            if lt != gt:
                in_tag = lt > gt
            at += len(part)
        else:                                # a marker's content
            append(part if in_tag and at < last_gt else markup(part))
            at += len(part) + 2


def _join(pieces: list[str]) -> str:
    result = "".join(pieces)
    if _OPEN in result or _CLOSE in result:
        # A marker Markdown cut in two (never seen): its text stays, without ruby.
        result = result.replace(_OPEN, "").replace(_CLOSE, "")
    return result


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

    With an ``engine``, the markup is written at once (:func:`ruby_html`):
    valid anywhere, self-contained.  Without one, each text is written as a
    marker (:func:`marked_html`) and recorded in :attr:`texts` (text → the
    marker's content) and :attr:`counts` (how often it was written), for
    the readings to be made later and put in by :func:`finish_page`.
    """

    def __init__(self, engine: "ReadingEngine | None" = None, grade: int | None = None):
        self.engine = engine
        self.grade = grade
        self.texts: dict[str, str] = {}
        self.counts: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        if not text:
            return ""
        if self.engine is not None:
            return ruby_html(self.engine.spans(text), self.grade)
        # Recorded as expand_ruby will read it back (escape folds tabs and
        # newlines to spaces), so that the text is looked up as it was sent.
        inner = _escape_source(text)
        key = unescape(inner)
        self.texts[key] = inner
        self.counts[key] += 1
        return f"{_OPEN}{inner}{_CLOSE}"


# ---------------------------------------------------------------------------
# Page head: the reader's choice before the first paint

@functools.lru_cache(maxsize=None)
def head_html(default: str = "off", grade: int = 3) -> str:
    """``<meta>`` with the site's default and an inline script that sets the classes of ``<html>``.

    ``yt-ruby-on`` while readings are shown (the reader's choice ``on`` or
    ``grade``), and ``yt-ruby-grade`` too for ``grade``.  The script is the
    only part that must run before the page is painted; ``ruby.js`` (loaded
    at the end of the page) adds the control, which names ``grade`` (the
    site's ``ruby_grade``, in the meta's ``data-grade``).
    """
    if default not in CHOICES:
        raise ValueError(f"ruby_default は off か on か grade です: {default!r}")
    script = (
        "(function(){var d=document.documentElement,v=null;"
        f"try{{v=localStorage.getItem({json.dumps(STORAGE_KEY)})}}catch(e){{}}"
        f"if(v!==\"on\"&&v!==\"off\"&&v!==\"grade\")v={json.dumps(default)};"
        f"if(v!==\"off\")d.classList.add({json.dumps(HTML_CLASS)});"
        f"if(v===\"grade\")d.classList.add({json.dumps(GRADE_CLASS)})}})();"
    )
    return (f'<meta name="{META_NAME}" content="{html.escape(default)}" data-grade="{int(grade)}">'
            f'<script>{script}</script>')


def inject_head(output: str, default: str = "off", grade: int = 3) -> str:
    """A built page with :func:`head_html` inserted at the end of its ``<head>``.

    Anything in ``<head>`` runs before the body is parsed, hence before the
    first paint.  Pages without ``</head>`` are returned unchanged.
    """
    i = output.find("</head>")
    if i < 0:
        return output
    return output[:i] + head_html(default, grade) + output[i:]
