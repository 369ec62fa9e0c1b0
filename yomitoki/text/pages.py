"""Printed page numbers: which lines of a plan text mark the pages of the printed original.

A line is a page mark when

* the whole line is one of the page-number forms of :func:`yomitoki.text.labels.match_page`
  (``161ページ``, ``(p.1)``, ``−−ページ1−−``, ``(1ページ)``, ``1枚目``, ``- 12 -``,
  ``(85ページから97ページまで)``), or the staff's own pattern for the plan;
* the line is a bare number (``125``) and such lines count up through the text
  (``125``, ``126``, ``127``…) with a page's worth of text between them:
  a PDF's page footers.  Numbers that do not count up, or that stand close
  together (a list whose numbers sit on lines of their own, a column of a
  table, the page numbers of a 目次), stay text;
* a page-number form stands at the start or the end of a line, or after a
  sentence in its middle, set apart by spaces, and continues the count of
  the marks around it: a footer that a PDF copy ran into the next page's
  first line (``…整えます。　93ページ``, ``94ページ　2 計画の位置付け``,
  ``…支援します。 3ページ 地域で…``).  Anywhere else a page number is a
  reference and stays text (``詳しくは 24 ページを参照``, ``(本文 3 ページ)``).

Texts written as one long line (see ``segment.py``) are cut at spaces
before their page numbers are read; only the whole-segment forms apply there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import match_page

__all__ = ["PageMark", "find_pages", "MIN_PAGE_TEXT"]

# Bare numbers count as page numbers only with at least this much text
# between two of them (a page holds hundreds of characters; a list label, a
# table column or a 目次 entry a few dozen at most) …
MIN_PAGE_TEXT = 60
# … and in a run of at least this many.
MIN_BARE_RUN = 3

_RE_BARE = re.compile(r"^[0-9０-９]{1,4}$")
_RE_SPLIT = re.compile(r"[ \u3000]{1,}")


@dataclass
class PageMark:
    """A printed page number found on a line, and the text beside it on that line."""

    line: int
    first: int
    last: int | None
    source: str            # the mark as written
    column: int            # 1-based column of the mark
    before: str = ""       # text before it on the same line (a footer run into a line)
    after: str = ""        # text after it
    pos: int = 0           # characters of text before its line (the distance to other marks)


def _custom(text: str, pattern: re.Pattern | None) -> tuple[int, int | None] | None:
    if pattern is None:
        return None
    m = pattern.fullmatch(text)
    if m is None:
        return None
    from .labels import to_int

    groups = [g for g in m.groups() if g]
    if not groups:
        return None
    first = to_int(groups[0])
    last = to_int(groups[1]) if len(groups) > 1 else None
    return (first, last) if first is not None else None


def _whole(text: str, pattern: re.Pattern | None) -> tuple[int, int | None] | None:
    return _custom(text, pattern) or match_page(text)


def find_pages(lines: list[tuple[int, str]], *, pattern: re.Pattern | None = None) -> dict[int, PageMark]:
    """The page marks of a line text, by line number (see the module docstring).

    ``pattern`` is the staff's regular expression for the plan's page marks
    (``plans: … page_pattern``): a whole line that matches it is a mark, its
    first group the page number (a second group, the last page of a range).
    """
    marks: dict[int, PageMark] = {}
    weak: list[PageMark] = []            # page forms at the edge of a line: kept if they continue the count
    bare: list[tuple[int, PageMark]] = []   # (characters of text before it, mark)
    chars = 0
    for lineno, raw in lines:
        text = raw.strip()
        if not text:
            continue
        column = 1 + len(raw) - len(raw.lstrip())
        whole = _whole(text, pattern)
        if whole is not None:
            marks[lineno] = PageMark(lineno, whole[0], whole[1], text, column, pos=chars)
            continue
        if _RE_BARE.match(text):
            from .labels import to_int

            bare.append((chars, PageMark(lineno, to_int(text), None, text, column, pos=chars)))
            chars += len(text)
            continue
        edge = _edge_mark(lineno, raw, pattern)
        if edge is not None:
            edge.pos = chars
            weak.append(edge)
        chars += len(text)
    for m in _counting_run(bare):
        marks[m.line] = m
    # Edge marks that continue the count of the marks found, then those that count
    # up with each other (``93ページ`` ending one line, ``94ページ`` opening the next).
    changed = True
    while changed:
        changed = False
        for m in weak:
            if m.line not in marks and _continues(m, marks):
                marks[m.line] = m
                changed = True
    for a, b in zip(weak, weak[1:]):
        # a footer ending one line, the next page's number opening the next (never a 目次's lines:
        # they have no text after their page number)
        if (a.line not in marks and b.line not in marks and b.line == a.line + 1 and a.before and b.after
                and b.first - (a.last or a.first) == 1):
            marks[a.line] = a
            marks[b.line] = b
    return dict(sorted(marks.items()))


def _edge_mark(lineno: int, raw: str, pattern: re.Pattern | None) -> PageMark | None:
    """A page form set apart by spaces at the start or the end of a line, or after a
    sentence in its middle (``…支援します。 3ページ 地域で…``)."""
    stripped = raw.strip()
    parts = _RE_SPLIT.split(stripped)
    if len(parts) < 2:
        return None
    lead = len(raw) - len(raw.lstrip())
    head, tail = parts[0], parts[-1]
    found = _whole(tail, pattern)
    if found is not None:
        cut = stripped.rfind(tail)
        return PageMark(lineno, found[0], found[1], tail, lead + cut + 1, before=stripped[:cut].rstrip())
    found = _whole(head, pattern)
    if found is not None:
        return PageMark(lineno, found[0], found[1], head, lead + 1, after=stripped[len(head):].lstrip())
    # between two sentences: one page's last sentence, its footer, the next page's first
    cut = 0
    for k, part in enumerate(parts[:-1]):
        cut = stripped.index(part, cut)
        if k > 0 and parts[k - 1].endswith(_SENTENCE_END):
            found = _whole(part, pattern)
            if found is not None:
                return PageMark(lineno, found[0], found[1], part, lead + cut + 1,
                                before=stripped[:cut].rstrip(), after=stripped[cut + len(part):].lstrip())
        cut += len(part)
    return None


_SENTENCE_END = ("。", "。」", "。）", "。)")


def _counting_run(bare: list[tuple[int, PageMark]]) -> list[PageMark]:
    """The longest run of bare numbers that counts up by one (or two, past a blank page)
    with at least :data:`MIN_PAGE_TEXT` characters of text between neighbours."""
    best: list[PageMark] = []
    # runs[i]: the best run ending at bare[i]
    runs: list[list[PageMark]] = []
    for i, (pos, mark) in enumerate(bare):
        run = [mark]
        for j in range(i - 1, max(i - 50, 0) - 1, -1):
            prev_pos, prev = bare[j]
            step = mark.first - prev.first
            if step in (1, 2) and pos - prev_pos >= MIN_PAGE_TEXT and len(runs[j]) + 1 > len(run):
                run = runs[j] + [mark]
        runs.append(run)
        if len(run) > len(best):
            best = run
    return best if len(best) >= MIN_BARE_RUN else []


def _continues(mark: PageMark, marks: dict[int, PageMark]) -> bool:
    """Whether a page form at a line's edge fits the count of the marks around it."""
    before = [m for line, m in marks.items() if line < mark.line]
    after = [m for line, m in marks.items() if line > mark.line]
    prev = max(before, key=lambda m: m.line) if before else None
    nxt = min(after, key=lambda m: m.line) if after else None
    if prev is not None and mark.first - (prev.last or prev.first) in (1, 2) and mark.pos - prev.pos >= MIN_PAGE_TEXT:
        return True
    if nxt is not None and nxt.first - (mark.last or mark.first) in (1, 2) and nxt.pos - mark.pos >= MIN_PAGE_TEXT:
        return True
    return False
