""""Nothing lost": every piece of every source text must be in the built site.

The source is cut into pieces at whitespace (tabs, spaces, newlines); each
piece is looked for in the text of the plan's built standard pages, with
whitespace removed.  Pieces are matched longest first and every match
*consumes* the site text it used, so repeats are counted: a sentence that
appears twice in the plan must appear twice in the site.  Matching is by
content, not position, because tables legitimately reorder what a PDF
extraction interleaved.

Printed page numbers are the one deliberate change: ``百六十一ページ`` is
shown as the page-break label ``161ページ``, so such a piece is looked for
in that form.  Numbers are compared by value: the standard edition shows
numbers written for speech in figures (``enrich/figures.py``), and a piece
and the site's words are compared through :func:`yomitoki.enrich.figures.same_text`
(``六千五百九十一`` and ``6,591`` are the same text).  Text the stages drop on purpose (a PDF's running headers,
lines the staff drop: ``Change`` with nothing after) is accounted for and
listed by ``yomitoki check``.  The dot leaders of a 目次 (two or more of ``‥…・.．``) are
layout and cut pieces as spaces do.  Text the parser set aside on purpose (``Document.elided``)
is listed separately, never silently.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from ..enrich.figures import same_text
from ..text.labels import LEADERS
from ..text.model import Document, PageBreak

_INLINE = "ruby, a, span, abbr, b, strong, em, i, small, sub, sup, code, kbd, mark, q, s, u, time, data"
_CONSUMED = "\x00"
# What the site adds around the plan's text and must not count as its text.
_DROP_SELECTORS = ["rt", "rp", "script", "style", ".headerlink", ".yt-popover", ".yt-edition-link", ".yt-pagelist", ".yt-parts", ".yt-notice__title", ".yt-table-note"]


# Pieces are cut at whitespace and at the dot leaders of a 目次 (``計画の概要‥‥‥1``):
# leaders are layout, shown by the site as the list of its 目次.
_LEADERS = LEADERS
_PIECE = re.compile(rf"(?:[^\s{_LEADERS}]|[{_LEADERS}](?![{_LEADERS}])(?<![{_LEADERS}]{{2}}))+")


@dataclass
class Missing:
    path: str
    line: int
    column: int
    piece: str
    count: int          # how many of its occurrences were not found


def source_pieces(text: str, page_breaks: list[PageBreak] | None = None) -> list[tuple[str, int, int]]:
    """(piece, line, column) for every whitespace-separated piece of a text.

    The printed page numbers the parser recognised (``page_breaks``) are
    expected in the form the site shows them: their label, one piece.
    """
    by_line: dict[int, list[PageBreak]] = {}
    for b in sorted(page_breaks or [], key=lambda b: (b.line, b.column)):
        by_line.setdefault(b.line, []).append(b)
    out = []
    for lineno, line in enumerate(text.split("\n"), 1):
        spans: list[tuple[int, int, str]] = []
        offset = 0
        for b in by_line.get(lineno, []):
            at = line.find(b.source, max(offset, b.column - 1))
            if at < 0:
                continue
            spans.append((at, at + len(b.source), b.label))
            offset = at + len(b.source)
        pos = 0
        for start, end, label in spans + [(len(line), len(line), "")]:
            for m in _PIECE.finditer(line[pos:start]):
                out.append((m.group(0), lineno, pos + m.start() + 1))
            if label:
                out.append((label, lineno, start + 1))
            pos = end
    return out


def document_page_breaks(doc: Document) -> list[PageBreak]:
    blocks = list(doc.front) + [b for ch in doc.chapters for b in ch.blocks]
    return [b for b in blocks if isinstance(b, PageBreak)] + list(doc.toc_page_breaks)


def html_text(html: str) -> str:
    """The reader-visible text of a built page's content, without what the site adds."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("article") or soup.select_one("main") or soup
    for sel in _DROP_SELECTORS:
        for el in main.select(sel):
            el.decompose()
    # Inline elements (ruby, term links, spans) are part of the running text:
    # unwrapped, so that get_text separates blocks only, not words.
    for el in main.select(_INLINE):
        el.unwrap()
    main.smooth()
    return main.get_text(" ")


def site_text_for(site_dir: Path, doc: Document) -> str:
    """Text of all standard pages of one plan in a built site."""
    parts = []
    plan_dir = site_dir / doc.slug
    for html_file in sorted(plan_dir.rglob("index.html")):
        parts.append(html_text(html_file.read_text(encoding="utf-8")))
    return " ".join(parts)


def missing_pieces(doc: Document, site_text: str) -> list[Missing]:
    """Pieces of ``doc``'s source not found in ``site_text`` (repeats counted).

    Two passes: a piece equal to a whole whitespace-separated word of the
    site takes that word; what is left is matched inside the remaining
    site text run together (tables join a cell's lines, and split a spoken
    row into cells), longest piece first, each match consuming its text.
    Exact words first keeps a long piece from eating the middle of two
    shorter ones (``(1)【ア行】 【ア行】【ア行】``).
    """
    text, dropped = _without_dropped(doc)
    # Pieces are compared by same_text: a number written for speech and its
    # figure are the same text (六千五百九十一 / 6,591); the piece reported is the source's.
    wanted: dict[str, list[tuple[int, int]]] = {}
    written: dict[str, str] = {}
    for piece, line, col in source_pieces(text, document_page_breaks(doc)):
        key = same_text(piece)
        wanted.setdefault(key, []).append((line, col))
        written.setdefault(key, piece)
    # Elided and dropped text counts as accounted for (`check` reports it on its own):
    # a table's repeated column headers, running headers, lines the staff drop.
    elided: dict[str, int] = {}
    for text in [t for _, t in doc.elided] + dropped:
        for piece, _, _ in source_pieces(text):
            key = same_text(piece)
            elided[key] = elided.get(key, 0) + 1
    need = {piece: len(places) - elided.get(piece, 0) for piece, places in wanted.items()}
    words = [same_text(word) for word in site_text.split()]
    available = Counter(words)
    taken: Counter[str] = Counter()
    for piece in need:
        take = min(need[piece], available.get(piece, 0))
        if take > 0:
            taken[piece] = take
            need[piece] -= take
    rest = []
    for word in words:
        if taken[word]:
            taken[word] -= 1
        else:
            rest.append(word)
    haystack = "".join(rest)
    missing: list[Missing] = []
    for piece in sorted(wanted, key=len, reverse=True):
        if need[piece] <= 0:
            continue
        places = wanted[piece]
        take = min(haystack.count(piece), need[piece])
        if take:
            haystack = haystack.replace(piece, _CONSUMED, take)
        if take < need[piece]:
            done = len(places) - need[piece] + take
            line, col = places[done] if done < len(places) else places[-1]
            missing.append(Missing(doc.path, line, col, written[piece], need[piece] - take))
    missing.sort(key=lambda m: (m.line, m.column))
    return missing


def _without_dropped(doc: Document) -> tuple[str, list[str]]:
    """``doc.text`` with what the stages dropped on purpose (a ``Change`` with
    nothing after: a running header, a 目次's ``▲``) blanked out where it
    stands, column for column; dropped text that cannot be placed is returned
    to be accounted for by its pieces."""
    lines = doc.text.split("\n")
    loose: list[str] = []
    for c in getattr(doc, "changes", []):
        if c.after:
            continue
        k, at = c.line - 1, c.column - 1
        if 0 <= k < len(lines) and at >= 0 and lines[k][at:at + len(c.before)] == c.before:
            lines[k] = lines[k][:at] + " " * len(c.before) + lines[k][at + len(c.before):]
        else:
            loose.append(c.before)
    return "\n".join(lines), loose


def format_missing(items: list[Missing], limit: int = 50) -> list[str]:
    lines = []
    for m in items[:limit]:
        times = f" ({m.count} か所)" if m.count > 1 else ""
        lines.append(f"{m.path} の {m.line} 行目 {m.column} 文字目: 「{_short(m.piece)}」がサイトに見つかりません{times}。")
    if len(items) > limit:
        lines.append(f"ほかに {len(items) - limit} 件あります。")
    return lines


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n] + "…"
