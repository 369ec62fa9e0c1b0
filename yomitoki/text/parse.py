"""From decoded text to the document model.

The parser works in passes over segments (see ``segment.py``):

1. printed page numbers become :class:`PageBreak` blocks;
2. a source 目次 (table of contents) is read into :class:`TocEntry` items;
3. the plan is cut into chapters: the entries of its 目次 where it has one
   (matched to the body by their number, near the page the 目次 gives),
   else ``第N章`` headings, else one chapter for the whole text;
4. inside a chapter, segments that start with a label become headings or
   list items.  Heading levels are inferred from the order in which the plan
   uses its labels: the first kind met is the outermost, a kind met again
   closes everything opened after it.  Nothing about a particular plan's
   sequence is hard-coded.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .labels import LEADERS, Label, match_label, match_page, to_int
from .model import (
    Aside,
    Block,
    Change,
    Chapter,
    Document,
    Heading,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Table,
    TocEntry,
    Unstructured,
)
from .layout import clean_layout
from .pages import MIN_PAGE_TEXT, PageMark, find_pages
from .title import MAX_COVER_LINES, body_begins, cover_title
from .segment import Join, Segment, typical_width, is_flat_line, merge_fragments, split_flat, split_lines
from . import tabbed

# A segment longer than this is body text even when it starts with a label.
MAX_HEADING_LENGTH = 60
# Label kinds that make list items, never headings.
ITEM_ONLY = {"bullet", "note"}
# Label kinds that make headings even without a following body.
HEADING_ONLY = {"sumi", "angle", "dai-章", "dai-節", "roman"}
# Numbered label kinds: each counts 1, 2, 3… and is taken as a label only in sequence.
COUNTED = ("num", "kanji-num", "paren-num", "paren-kanji", "circled", "dai", "katakana", "num-dot",
           "roman", "angle-num", "num-no")
# Label kinds that open chapters (pages of their own), in order of preference.
CHAPTER_KINDS = ("dai-章", "roman")


@dataclass
class _Item:
    """A unit for the chapter pass: a segment or an already built block."""

    seg: Segment | None = None
    block: Block | None = None
    label: Label | None = None


def parse(text: str, path: str, slug: str, *, encoding: str = "utf-8", title: str | None = None,
          page_pattern: re.Pattern | None = None, drop_lines: tuple[re.Pattern, ...] = (),
          heading_levels: dict[int, list[re.Pattern]] | None = None) -> Document:
    """Parse a decoded plan text into a :class:`Document`.

    ``page_pattern``, ``drop_lines`` and ``heading_levels`` are the staff's
    levers for a plan the parser reads wrong (``mkdocs.yml``): a pattern for
    its page numbers, patterns of lines to drop (running headers the layout
    pass does not recognise), and patterns of the lines that are chapters
    (level 1: a page each) and headings of each level below (2, 3…).
    """
    doc = Document(path=path, slug=slug, title=title or "", encoding=encoding, text=text,
                   title_source="settings" if title else "")
    items = _items(text, doc, page_pattern, drop_lines)
    items = _page_breaks(items, doc)
    items, body = _read_toc(items, doc)
    if _footers(items):
        items = _footers_to_page_starts(items, doc, body)
    _chapters(items, doc, heading_levels or {})
    if not doc.title:
        doc.title, doc.title_source = _guess_title(doc)
        for chapter in doc.chapters:
            if not chapter.title_from_source and chapter.title == path:
                chapter.title = doc.title
    first = doc.chapters[0] if doc.chapters else None
    if first is not None and not first.title_from_source and first.title == "はじめに" and len(doc.chapters) > 1 \
            and _is_cover(first, doc):
        first.title = first.nav_title = "表紙"      # the text before the first chapter is the plan's cover
    _check_pages(doc)
    return doc


# --- pass 0: segments and tables ------------------------------------------


def _items(text: str, doc: Document, page_pattern: re.Pattern | None = None,
           drop_lines: tuple[re.Pattern, ...] = ()) -> list[_Item]:
    lines = text.split("\n")
    numbered = [(n, t) for n, t in enumerate(lines, 1) if not is_flat_line(t)]
    pages = find_pages(numbered, pattern=page_pattern)
    layout = clean_layout(numbered, pages, drop_lines)
    doc.changes.extend(layout.changes)
    doc.furigana.extend(layout.furigana)
    kept = dict(layout.lines)
    alone = frozenset(layout.standalone)
    if tabbed.looks_tabbed(lines):
        items: list[_Item] = []
        for region in tabbed.split_tabbed(lines):
            if isinstance(region, tabbed.TableRegion):
                items.append(_Item(block=region.table))
                for line, message in getattr(region, "warnings", []):
                    doc.warn(line, message)
                for line, elided in region.elided:
                    doc.elided.append((line, elided))
            else:
                segs = _segments([(n, kept.get(n, t) if not is_flat_line(t) else t) for n, t in region.lines
                                  if n in kept or is_flat_line(t)], doc, pages, alone)
                if region.unrecovered and segs:
                    doc.warn(region.lines[0][0], region.reason, kind="unstructured")
                    items.append(_Item(block=Unstructured([], region.reason, region.lines[0][0])))
                items.extend(_Item(seg=s) for s in segs)
        return items
    return [_Item(seg=s) for s in _segments([(n, kept[n] if n in kept else t) for n, t in enumerate(lines, 1)
                                             if n in kept or is_flat_line(t)], doc, pages, alone)]


def _segments(lines: list[tuple[int, str]], doc: Document, pages: dict[int, PageMark],
              alone: frozenset[int] = frozenset()) -> list[Segment]:
    """Segments of the lines; ``pages`` are the page marks (segments of their own, with the
    text beside them on their line), ``alone`` lines that are never joined to others."""
    out: list[Segment] = []
    run: list[tuple[int, str]] = []
    width = typical_width([t for n, t in lines if n not in pages and not is_flat_line(t)])
    joins: list[Join] = []
    split = functools.partial(split_lines, width=width, joins=joins)
    for lineno, line in lines:
        mark = pages.get(lineno)
        if lineno in alone:                         # a line that is a segment of its own (spilled furigana)
            out.extend(split(run))
            run = []
            out.append(Segment(line.strip(), lineno, 1 + len(line) - len(line.lstrip())))
            continue
        if mark is not None:
            out.extend(split(run))
            run = []
            if mark.before:
                out.append(Segment(mark.before, lineno, 1 + len(line) - len(line.lstrip())))
            out.append(Segment(mark.source, lineno, mark.column, page=(mark.first, mark.last)))
            if mark.after:
                out.append(Segment(mark.after, lineno, mark.column + len(mark.source) + _gap_after(line, mark)))
            continue
        if is_flat_line(line):
            out.extend(split(run))
            run = []
            segs, unbalanced = split_flat(line, lineno)
            for col in unbalanced[:20]:
                doc.warn(lineno, f"{col} 文字目の括弧が閉じられていません。そのまま表示します。")
            out.extend(segs)
        else:
            run.append((lineno, line.replace("\t", " ")))
    out.extend(split(run))
    for j in joins:
        doc.changes.append(Change(j.line, j.column, f"{j.left[-12:]}⏎{j.right[:12]}", f"{j.left[-12:]}{j.sep}{j.right[:12]}",
                                  "改行で切れた文を次の行とつなぎました", "joined"))
    return merge_fragments(out)


def _gap_after(line: str, mark: PageMark) -> int:
    """Spaces between a page mark at the start of a line and the text after it."""
    start = mark.column - 1 + len(mark.source)
    rest = line[start:]
    return len(rest) - len(rest.lstrip())


# --- pass 1: printed page numbers -----------------------------------------


def _page_breaks(items: list[_Item], doc: Document) -> list[_Item]:
    out: list[_Item] = []
    for it in items:
        if it.seg is not None:
            pages = it.seg.page or match_page(it.seg.text)
            if pages:
                first, last = pages
                out.append(_Item(block=PageBreak(first, last, it.seg.text, it.seg.line, column=it.seg.column)))
                continue
        out.append(it)
    return out


def _cover_end(items: list[_Item]) -> int:
    """The items of the cover: the lines before the body begins (a heading, a sentence)."""
    for i, it in enumerate(items[:MAX_COVER_LINES + 1]):
        if it.block is not None or it.seg is None or body_begins(it.seg.text):
            return i
    return 0


def _footers(items: list[_Item]) -> bool:
    """Whether the page numbers are footers: a page's worth of text before the first,
    none after the last (a PDF copy: ``…本文…`` ``1`` ``…本文…`` ``2``)."""
    at = [i for i, it in enumerate(items) if isinstance(it.block, PageBreak)]
    if not at:
        return False
    before = sum(len(it.seg.text) for it in items[:at[0]] if it.seg is not None)
    after = sum(len(it.seg.text) for it in items[at[-1] + 1:] if it.seg is not None)
    return before >= MIN_PAGE_TEXT and after == 0


def _footers_to_page_starts(items: list[_Item], doc: Document, body: int) -> list[_Item]:
    """Footers close their page; the site marks where a page starts (as a printed
    book's page list does).  Footer ``N`` becomes the start of page ``N+1``; page
    ``N`` of the first footer starts where the body does (``body``: after the
    目次, or after the cover's lines); the last footer, with no text after it,
    starts nothing."""
    if not any(isinstance(it.block, PageBreak) for it in items[body:]):
        body = 0
    breaks = [it.block for it in items if isinstance(it.block, PageBreak)]
    first = breaks[0]
    doc.changes.append(Change(
        first.line, first.column, first.source, f"{first.first + 1}ページ",
        f"ページ番号はページの終わり（下の端）に書かれているため、それぞれ次のページの始まりとして表示し、"
        f"最初のページ（{first.label}）は本文の始めに置きました（{len(breaks)} か所）", "page-footer"))
    out = items[:body] + [_Item(block=PageBreak(first.first, None, "", 0))]
    for it in items[body:]:
        b = it.block
        if isinstance(b, PageBreak):
            if b is breaks[-1]:
                doc.changes.append(Change(b.line, b.column, b.source, "",
                                          "最後のページ番号は、後に続く本文がないため区切りにしません", "page-footer"))
                continue
            end = b.last if b.last is not None else b.first
            it = _Item(block=PageBreak(end + 1, None, b.source, b.line, column=b.column))
        out.append(it)
    return out


# --- pass 2: the plan's own table of contents ----------------------------

_RE_TOC_HEAD = re.compile(r"^(?:目\s*次|も\s*く\s*じ)(?:\s*[(（]もくじ[)）])?$")
# Marks some plans put before their 目次 entries (▲ ▼ ► ▶): not part of the title.
_TOC_BULLETS = "▲▼►▶▸▹"
_TOC_PAGE = r"(?P<page>[0-9０-９]+|[一二三四五六七八九十百千]+)"
_RE_TOC_LINE = re.compile(
    # 第1章 計画の概要‥‥‥1, ・・・・1, ……1ページ, 1頁から
    rf"^(?P<title>.+?)[\s{LEADERS}-]{{2,}}{_TOC_PAGE}\s*(?:ページ|頁)?(?:から)?$"
    # 第3章 計画の推進 12ページ, 計画の期間 3頁から (a page word, after a space)
    rf"|^(?P<title2>.+?)[\s\u3000]+{_TOC_PAGE.replace('page', 'page2')}\s*(?:ページ|頁)(?:から)?$"
)


def _read_toc(items: list[_Item], doc: Document) -> tuple[list[_Item], int]:
    """Take a 目次 out of the item stream into ``doc.toc``; also where the body
    starts in what is left (where the 目次 stood, or after the cover's lines)."""
    start = next((i for i, it in enumerate(items[:200]) if it.seg and _RE_TOC_HEAD.match(it.seg.text)), None)
    if start is None:
        return items, _cover_end(items)
    entries: list[TocEntry] = []
    labels: list[str] = []
    i = start + 1
    while i < len(items):
        it = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if it.seg is not None:
            if entries and _norm(it.seg.text.lstrip(_TOC_BULLETS)) == _norm(entries[0].title):
                break                 # the body opens with the first entry's heading: the 目次 has ended
            m = _RE_TOC_LINE.match(it.seg.text)
            if m or (nxt is not None and isinstance(nxt.block, PageBreak)):
                _note_toc_mark(it.seg, doc)
            if m:
                title, page = (m.group("title"), m.group("page")) if m.group("title") else (m.group("title2"), m.group("page2"))
                entries.append(_toc_entry(title.strip(), to_int(page)))
                written = it.seg.text[m.start("page" if m.group("title") else "page2"):].strip()
                if not written.isdigit() and entries[-1].page is not None:
                    entries[-1].page_label = written        # 1頁から, 十二ページ: as the plan writes it
                i += 1
                continue
            if nxt is not None and isinstance(nxt.block, PageBreak):
                entries.append(_toc_entry(it.seg.text, nxt.block.first))
                entries[-1].page_label = nxt.block.label
                doc.toc_page_breaks.append(nxt.block)
                i += 2
                continue
            if not entries and len(it.seg.text) <= 30:
                labels.append(it.seg.text)
                i += 1
                continue
        break
    if not entries:
        return items, _cover_end(items)
    doc.toc = entries
    doc.toc_labels = labels
    doc.toc_line = items[start].seg.line
    return items[:start] + items[i:], start


# Label kinds of 目次 entries that find their chapter by number.
_TOC_NUMBERED = ("num", "kanji-num", "dai", "dai-章", "num-dot", "dai-部", "dai-編", "roman")


def _note_toc_mark(seg: Segment, doc: Document) -> None:
    """An entry's ``▲`` / ``▼`` is not shown (the site lists the 目次 as links): say so."""
    mark = seg.text[:1]
    if mark and mark in _TOC_BULLETS:
        doc.changes.append(Change(seg.line, seg.column, mark, "", f"目次の項目の印「{mark}」は表示しません", "toc-mark"))


def _toc_entry(title: str, page: int | None) -> TocEntry:
    title = title.lstrip(_TOC_BULLETS + " \u3000")
    m = match_label(title)
    number = m.text if m and m.kind in _TOC_NUMBERED else ""
    return TocEntry(title=title, page=page, number=number)


# --- pass 3: chapters -----------------------------------------------------


def _forced_level(text: str, levels: dict[int, list[re.Pattern]]) -> int | None:
    """The level the staff's heading_levels give a line (1: a chapter), or None."""
    for level in sorted(levels):
        if any(rx.search(text) for rx in levels[level]):
            return level
    return None


def _chapters(items: list[_Item], doc: Document, levels: dict[int, list[re.Pattern]] | None = None) -> None:
    levels = levels or {}
    if doc.toc and not any(it.seg is not None or (it.block is not None and not isinstance(it.block, PageBreak))
                           for it in items):
        # A file that holds only a 目次 (a plan split into files): the 目次 is its page.
        doc.warn(doc.toc_line, "このファイルは目次だけで、本文がありません。目次をそのまま載せます"
                               "（本文が別のファイルにあるときは、そのファイルも source_texts に置いてください）。")
        doc.front = _blocks(items, doc)
        return
    if 1 in levels:
        starts = [(i, None) for i, it in enumerate(items) if it.seg is not None and _forced_level(it.seg.text, levels) == 1]
        if starts and starts[0][0] > 0 and any(it.seg is not None for it in items[: starts[0][0]]):
            starts.insert(0, (0, None))
    else:
        starts = _chapter_starts_from_toc(items, doc) if doc.toc else []
    if not starts:
        starts = _chapter_starts_from_headings(items)
    if not starts:
        starts = [(0, None)]
    # A printed page number right before a chapter heading opens that chapter.
    bounds = []
    for pos, _ in starts:
        b = pos
        while b > 0 and isinstance(items[b - 1].block, PageBreak):
            b -= 1
        bounds.append(b)
    doc.front = _blocks(items[: bounds[0]], doc) if bounds[0] > 0 else []
    for n, (pos, entry) in enumerate(starts):
        end = bounds[n + 1] if n + 1 < len(starts) else len(items)
        has_head = items[pos].seg is not None and (
            entry is not None or pos > 0 or any(_is_chapter_heading(items[pos], k) for k in CHAPTER_KINDS)
            or _forced_level(items[pos].seg.text, levels) == 1)
        if has_head:
            head = items[pos].seg
            title, line = head.text, head.line
            body = items[bounds[n]:pos] + items[pos + 1:end]
        else:
            title, line = (doc.title or doc.path) if len(starts) == 1 else "はじめに", _first_line(items[bounds[n]:end])
            body = items[bounds[n]:end]
        chapter = Chapter(
            title=title,
            slug=f"{n + 1:02d}",
            nav_title=entry.title if entry else (title if has_head else "本文"),
            number=entry.number if entry else "",
            line=line,
            title_from_source=has_head,
        )
        chapter.blocks = _blocks(body, doc, levels)
        doc.chapters.append(chapter)
        if entry is not None:
            entry.chapter_slug = chapter.slug


def _is_chapter_heading(item: _Item, kind: str = "dai-章") -> bool:
    if item.seg is None:
        return False
    m = match_label(item.seg.text)
    return m is not None and m.kind == kind


def _first_line(items: list[_Item]) -> int:
    for it in items:
        if it.seg is not None:
            return it.seg.line
        if it.block is not None and getattr(it.block, "line", 0):
            return it.block.line
    return 1


def _norm(s: str) -> str:
    return re.sub(r"[\s　]", "", s)


def _chapter_starts_from_toc(items: list[_Item], doc: Document) -> list[tuple[int, TocEntry]]:
    """Find each 目次 entry's chapter heading in the body.

    A numbered entry's heading starts with the entry's number; among the candidates after
    the previous chapter, the one right after the printed page the 目次 names
    wins, then the one whose title is most like the entry's.  An entry
    without a number (``はじめに``, ``用語解説``) is a line of the body that
    says exactly that.
    """
    starts: list[tuple[int, TocEntry]] = []
    pos = 0
    heads = [match_label(e.title) for e in doc.toc]
    ranked = [_TOC_RANKS.index(h.kind) for h in heads if h is not None and h.kind in _TOC_RANKS]
    top = min(ranked) if ranked else None
    for entry, head in zip(doc.toc, heads):
        kind = head.kind if head is not None else None
        if kind is not None and (top is not None and (kind not in _TOC_RANKS or _TOC_RANKS.index(kind) > top)
                                 or not entry.number):
            continue                  # 第1節, (1), ○… under 第1章: an entry under a chapter, a heading of its page
        if not entry.number:
            # はじめに, 用語解説, 資料編: a line of the body that says exactly that
            want = _norm(entry.title.lstrip(_TOC_BULLETS))
            hit = next((i for i in range(pos, len(items)) if items[i].seg is not None
                        and len(items[i].seg.text) <= MAX_HEADING_LENGTH
                        and _norm(items[i].seg.text.lstrip(_TOC_BULLETS)) == want), None)
            if hit is not None:
                starts.append((hit, entry))
                pos = hit + 1
            else:
                doc.warn(doc.toc_line, f"目次の「{entry.title}」に当たる章が本文に見つかりませんでした。")
            continue
        # (a numbered entry's number is its label's: see _toc_entry)
        value, want = head.value, _norm(head.rest)
        best: tuple[float, int] | None = None
        for i in range(pos, len(items)):
            seg = items[i].seg
            if seg is None:
                continue
            m = match_label(seg.text)
            if m is None or m.value != value or m.kind not in _TOC_NUMBERED:
                continue
            score = _similarity(_norm(m.rest), want)
            prev = items[i - 1].block if i > 0 else None
            if isinstance(prev, PageBreak) and entry.page is not None and prev.first == entry.page:
                score += 1.0
            if best is None or score > best[0]:
                best = (score, i)
            if score >= 1.5:
                break
        if best is not None and best[0] >= 0.3:
            starts.append((best[1], entry))
            pos = best[1] + 1
        else:
            doc.warn(doc.toc_line, f"目次の「{entry.title}」に当たる章が本文に見つかりませんでした。")
    return starts


# 目次 entries that are chapters when they are the highest of the 目次: its parts, then its chapters.
_TOC_RANKS = ("dai-部", "dai-編", "dai-章", "roman")


def _similarity(a: str, b: str) -> float:
    """Share of ``b``'s characters found in ``a`` in order-insensitive bigrams."""
    if not a or not b:
        return 0.0
    grams_a = {a[i:i + 2] for i in range(len(a) - 1)} or {a}
    grams_b = {b[i:i + 2] for i in range(len(b) - 1)} or {b}
    return len(grams_a & grams_b) / max(len(grams_b), 1)


def _chapter_starts_from_headings(items: list[_Item]) -> list[tuple[int, None]]:
    """``第N章`` headings (or, without them, ``Ⅰ`` ``Ⅱ``… counting from Ⅰ) for plans
    without a 目次; text before the first is its own page."""
    starts: list[tuple[int, None]] = []
    for kind in CHAPTER_KINDS:
        found = [i for i, it in enumerate(items) if _is_chapter_heading(it, kind) and len(it.seg.text) <= MAX_HEADING_LENGTH]
        values = [match_label(items[i].seg.text).value for i in found]
        if kind == "dai-章" or (len(found) >= 2 and values[0] == 1 and values == sorted(values)):
            starts = [(i, None) for i in found]
        if starts:
            break
    if starts and starts[0][0] > 0 and any(it.seg is not None for it in items[: starts[0][0]]):
        starts.insert(0, (0, None))
    return starts


# --- pass 4: blocks inside a chapter --------------------------------------


def _blocks(items: list[_Item], doc: Document, levels: dict[int, list[re.Pattern]] | None = None) -> list[Block]:
    """Headings, lists and paragraphs of one chapter (``levels``: the staff's heading_levels)."""
    levels = {k: v for k, v in (levels or {}).items() if k >= 2}
    furigana = {f.line: f.text for f in doc.furigana}
    marks = [match_label(it.seg.text) if it.seg is not None and it.seg.line not in furigana else None for it in items]
    roles = _roles(items, marks)
    blocks: list[Block] = []
    stack: list[str] = []          # heading label kinds, outermost first
    list_run: list[ListItem] = []
    list_kind = ""

    def flush_list() -> None:
        nonlocal list_run, list_kind
        if list_run:
            blocks.append(ListBlock(list_run, ordered=list_kind not in ("bullet",) and not list_kind.startswith("symbol-"), line=list_run[0].line))
        list_run = []
        list_kind = ""

    for it, mark, role in zip(items, marks, roles):
        if it.block is not None:
            if not isinstance(it.block, PageBreak):
                flush_list()
            blocks.append(it.block)
            continue
        seg = it.seg
        forced = _forced_level(seg.text, levels) if levels else None
        if forced is not None:
            flush_list()
            blocks.append(Heading(seg.text, forced, "settings", seg.line))
            continue
        if role == "heading":
            flush_list()
            kind = _seq_kind(mark.kind) if mark else "plain"
            if kind in stack:
                del stack[stack.index(kind) + 1:]
            else:
                stack.append(kind)
            level = min(len(stack) + 1, 6)
            blocks.append(Heading(seg.text, level, kind, seg.line))
        elif role == "item":
            if list_run and mark.kind != list_kind:
                flush_list()
            list_kind = mark.kind
            list_run.append(ListItem(seg.text, mark.text, line=seg.line))
        elif seg.line in furigana and seg.text == furigana[seg.line]:
            flush_list()
            blocks.append(Aside(seg.text, seg.line))
        else:
            flush_list()
            blocks.append(Paragraph(seg.text, seg.line))
    flush_list()
    return blocks


def _roles(items: list[_Item], marks: list[Label | None]) -> list[str]:
    """``heading``, ``item`` or ``text`` for every segment.

    * bullets and notes make items;
    * a run of two or more siblings of one label kind with nothing between
      them makes a list (``1…`` ``2…`` ``3…``);
    * a short marked segment followed by body text makes a heading;
    * numbered labels count only in sequence (``一`` then ``二``), so that
      words such as ``一般`` or ``一定`` never open a heading.
    """
    n = len(items)
    roles = ["text"] * n
    last_value: dict[str, int] = {}
    valid = [False] * n
    for i, m in enumerate(marks):
        if m is None:
            continue
        if m.kind == "kanji-num" and m.value >= 10 and last_value.get("num") == m.value - 1:
            # 1 … 9 then 十, 十一: narration-style texts continue in kanji
            m = marks[i] = Label("num", m.text, m.value, m.rest, m.spaced)
        if m.value is not None and m.kind in COUNTED:
            prev = last_value.get(_seq_kind(m.kind))
            ok = m.value == 1 or (prev is not None and m.value == prev + 1)
            if m.kind == "kanji-num" and not m.spaced and m.value < 10 and not ok:
                valid[i] = False
                continue
            if not ok and m.kind in ("num", "kanji-num") and not m.spaced:
                continue
            last_value[_seq_kind(m.kind)] = m.value
        valid[i] = True
    for i, m in enumerate(marks):
        if m is None or not valid[i]:
            continue
        seg = items[i].seg
        if m.kind in ITEM_ONLY:
            roles[i] = "item"
            continue
        if m.kind in HEADING_ONLY:
            roles[i] = "heading"
            continue
        nxt = _next_seg(items, marks, i)
        prv = _prev_seg(items, i)
        sibling_next = nxt is not None and valid[nxt] and _same_kind(marks[nxt], m)
        sibling_prev = prv is not None and valid[prv] and _same_kind(marks[prv], m)
        short = len(seg.text) <= MAX_HEADING_LENGTH and not seg.text.endswith(("。", "、"))
        body_next = nxt is not None and not sibling_next
        if sibling_next or sibling_prev:
            roles[i] = "item"
        elif short and body_next:
            roles[i] = "heading"
    # An unmarked short line right before the first of a marked sequence
    # (``調査の概要`` then ``(1)調査期間``) heads that sequence.
    for i, m in enumerate(marks):
        if m is not None and valid[i] or items[i].seg is None:
            continue
        text = items[i].seg.text
        nxt = _next_seg(items, marks, i)
        prv = _prev_seg(items, i)
        if (
            nxt is not None
            and (prv is None or roles[prv] != "heading")
            and roles[nxt] == "heading"
            and len(text) <= 40
            and not text.endswith(("。", "、"))
            and not _RE_DATA.search(_RE_BRACKETED.sub("", text))
            and (marks[nxt].value == 1 or marks[nxt].kind.startswith("symbol-"))
        ):
            roles[i] = "heading"
            marks[i] = Label("plain", "", None, text, False)
    return roles


_RE_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_RE_DATA = re.compile(r"[0-9０-９、,，一二三四五六七八九十百千]")


def _same_kind(a: Label | None, b: Label) -> bool:
    return a is not None and _seq_kind(a.kind) == _seq_kind(b.kind)


def _prev_seg(items: list[_Item], i: int) -> int | None:
    for j in range(i - 1, max(i - 4, -1), -1):
        if items[j].seg is not None:
            return j
        if items[j].block is not None and not isinstance(items[j].block, PageBreak):
            return None
    return None


def _seq_kind(kind: str) -> str:
    """The sequence a label kind counts in (``③-1`` continues ``③``); bracketed titles
    (``【…】``, ``<…>``) are one kind of heading whichever brackets they use."""
    if kind == "circled-sub":
        return "circled"
    if kind in ("sumi", "angle"):
        return "bracket"
    return kind


def _next_seg(items: list[_Item], marks: list[Label | None], i: int) -> int | None:
    for j in range(i + 1, min(i + 4, len(items))):
        if items[j].seg is not None:
            return j
        if items[j].block is not None and not isinstance(items[j].block, PageBreak):
            return None
    return None


# --- titles and checks ----------------------------------------------------


def _guess_title(doc: Document) -> tuple[str, str]:
    """The plan's title and where it was found (see ``Document.title_source``)."""
    if not is_flat_line(doc.text.split("\n", 1)[0]):
        found = cover_title(doc.text.split("\n", MAX_COVER_LINES * 4)[: MAX_COVER_LINES * 4])
        if found:
            return found, "cover"
    for label in getattr(doc, "toc_labels", []):
        return label, "toc"
    for chapter in doc.chapters:
        for block in chapter.blocks:
            if isinstance(block, Table):
                for col in block.columns:
                    if "計画" in col:
                        return col, "table"
        if chapter.title_from_source:
            return chapter.title, "heading"
    return doc.slug, "file"


def _is_cover(chapter: Chapter, doc: Document) -> bool:
    """Whether the text before a plan's first chapter is its cover: it names the plan,
    or it is a few short lines (a title, a date, the city), no sentences."""
    if doc.title_source == "cover":
        return True
    lines = [b.text for b in chapter.blocks if isinstance(b, Paragraph)]
    others = [b for b in chapter.blocks if not isinstance(b, (Paragraph, PageBreak))]
    return bool(lines) and not others and len(lines) <= MAX_COVER_LINES and all(
        len(t) <= 40 and not t.endswith("。") for t in lines)


def _check_pages(doc: Document) -> None:
    last = None
    for chapter in doc.chapters:
        for b in chapter.blocks:
            if isinstance(b, PageBreak):
                if last is not None and b.first < last:
                    doc.warn(b.line, f"ページ番号「{b.source}」が前のページ ({last}) より小さくなっています。原文を確認してください。")
                last = b.last or b.first
