"""A long chapter as several pages, cut at its own headings.

A chapter becomes one page of the site unless its text is longer than
:data:`PAGE_CHARS` characters; then it is cut at headings:

* at the highest heading level inside it (第一, 第二… before 一, 二…); a
  part still longer than the limit is cut again at the next level inside it;
* consecutive parts under the same heading share a page while they fit
  together (so that a run of short sections is not one page each), in pages
  of like sizes (a run of 6,500 characters makes two pages of about 3,000, not
  one of 5,900 and one of 600), and the text before the first cut (the
  chapter's or a heading's introduction) stays with the part after it if both
  fit;
* only at a heading: a table, a list or a paragraph is never cut, and page
  markers just before a heading go with it (the printed page starts there).
  A part with no heading to cut at stays one page, however long.

The chapter's first page keeps the chapter's title and address
(``kochi/05.md``: links to an unsplit chapter and to the start of a split one
stay as they are); the next ones are ``kochi/05/2.md``, ``kochi/05/3.md``…
(inside the chapter's own folder: never the address of another chapter,
whose slugs have no ``/``) and are titled by the heading they start with.

Both editions and the glossary cut a chapter here, so the standard pages,
their narration twins and the glossary's links always agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .model import Aside, Block, Chapter, Document, Heading, ListBlock, PageBreak, Paragraph, Table, Unstructured, chapter_uri

__all__ = ["PAGE_CHARS", "ChapterPage", "chapter_pages", "split_blocks", "block_chars", "page_name"]

# The longest text (characters of the plan, tables and lists included) one page
# holds.  6,000 characters is about 12 minutes of reading (400–600 characters a
# minute, silently) and about six printed A4 pages of the plan: a page one
# reads in a sitting, whose place in the chapter the reader still remembers.
# It also keeps the heaviest page of the standard edition (ruby on every kanji
# word, tables, charts: 25–27 bytes of HTML per character on the bundled plans,
# plus about 40 KB of theme and navigation) near 200 KB, below the 300 KB a
# phone on a slow connection opens without waiting (issue 18).
PAGE_CHARS = 6000


@dataclass
class ChapterPage:
    """One page of a chapter: where it goes, what it shows and how it is titled."""

    uri: str                    # kochi/05.md (the first), kochi/05/2.md…
    number: int                 # 1-based, within the chapter
    blocks: list[Block]
    heading: Heading | None     # the heading that titles a later page (its h1); None on the first
    count: int = 1              # how many pages the chapter has
    at: int = 0                 # where the heading stood among the blocks (after the page markers that open the page)

    @property
    def title(self) -> str:
        return self.heading.text if self.heading is not None else ""

    @property
    def shift(self) -> int:
        """Levels taken off the headings after the title heading (its own level becomes 1)."""
        return self.heading.level - 1 if self.heading is not None else 0


def block_chars(block: Block) -> int:
    """The characters of plan text a block shows."""
    if isinstance(block, (Heading, Paragraph, Aside)):
        return len(block.text)
    if isinstance(block, ListBlock):
        return sum(len(item.text) + sum(block_chars(c) for c in item.children) for item in block.items)
    if isinstance(block, Table):
        return (len(block.caption) + sum(len(c) for c in block.columns)
                + sum(len(cell.text) for row in block.rows for cell in row) + len(block.source_text)
                + sum(len(n) for n in block.notes))
    if isinstance(block, Unstructured):
        return sum(len(line) for line in block.lines)
    return 0


def _counter() -> Callable[[list[Block]], int]:
    """:func:`block_chars` of a run of blocks, each block counted once (a split weighs runs again and again)."""
    known: dict[int, int] = {}

    def chars(blocks: list[Block]) -> int:
        total = 0
        for b in blocks:
            n = known.get(id(b))
            if n is None:
                n = known[id(b)] = block_chars(b)
            total += n
        return total
    return chars


def _cuts(blocks: list[Block], titled: bool) -> tuple[int, list[int]]:
    """The level to cut at and where each part starts (page markers before a heading go with it).

    ``titled``: the run starts with its own heading (a part of a larger run),
    which is never a cut.
    """
    first = 0
    if titled:
        while first < len(blocks) and isinstance(blocks[first], PageBreak):
            first += 1
        first += 1          # the run's own heading
    levels = [b.level for b in blocks[first:] if isinstance(b, Heading)]
    if not levels:
        return 0, []
    level = min(levels)
    starts = []
    for i in range(first, len(blocks)):
        b = blocks[i]
        if isinstance(b, Heading) and b.level == level:
            start = i
            floor = starts[-1] + 1 if starts else first
            while start > floor and isinstance(blocks[start - 1], PageBreak):
                start -= 1
            starts.append(start)
    return level, starts


def split_blocks(blocks: list[Block], limit: int = PAGE_CHARS, *, titled: bool = False,
                 _chars: Callable[[list[Block]], int] | None = None) -> list[list[Block]]:
    """``blocks`` cut into runs of at most ``limit`` characters where headings allow (see the module)."""
    if _chars is None:
        _chars = _counter()
    if _chars(blocks) <= limit:
        return [blocks]
    level, starts = _cuts(blocks, titled)
    if not starts:
        return [blocks]
    lead = blocks[:starts[0]]
    sections = [blocks[a:b] for a, b in zip(starts, starts[1:] + [len(blocks)])]
    pages: list[list[Block]] = []
    current_is_lead = joinable = True     # the current run may take the next section
    if _chars(lead) > limit:
        # deeper headings before the first cut: the lead is cut at them, and its end
        # (like the end of any cut section) does not take the next section
        *before, lead = split_blocks(lead, limit, titled=titled, _chars=_chars)
        pages.extend(before)
        current_is_lead = joinable = not before
    current: list[Block] = lead
    held = _chars(lead)               # the characters of ``current``
    sizes = [_chars(section) for section in sections]
    target: float | None = None       # the size the current page aims at (see _share)

    def share(held: int, i: int) -> float:
        """An even share of the short sections from ``i`` on (and of what the page holds already):
        a run of short sections is packed into as few pages as the limit allows, of like sizes
        (not full pages and a short last one)."""
        total, j = held, i
        while j < len(sizes) and sizes[j] <= limit:
            total += sizes[j]
            j += 1
        return total / -(-total // limit)

    for i, (section, size) in enumerate(zip(sections, sizes)):
        if size <= limit:
            if current and joinable:
                if target is None:
                    target = share(held, i)
                # taken while it fits and brings the page nearer its share
                if held + size <= limit and held + size / 2 <= target:
                    current = current + section
                    held += size
                    current_is_lead = False
                    continue
            if current:
                pages.append(current)
            current, held, joinable, target = section, size, True, share(0, i)
        else:
            parts = split_blocks(section, limit, titled=True, _chars=_chars)
            if current and current_is_lead and joinable and held + _chars(parts[0]) <= limit:
                parts[0] = current + parts[0]
            elif current:
                pages.append(current)
            pages.extend(parts[:-1])
            current, held, target = parts[-1], _chars(parts[-1]), None
            joinable = False         # the end of a cut section never takes the next section's start
        current_is_lead = False
    if current:
        pages.append(current)
    return pages


def chapter_pages(doc: Document, chapter: Chapter, limit: int = PAGE_CHARS) -> list[ChapterPage]:
    """The pages a chapter is shown on (one, unless it is longer than ``limit``)."""
    first = chapter_uri(doc, chapter)
    runs = split_blocks(chapter.blocks, limit)
    pages = []
    for n, run in enumerate(runs, 1):
        if n == 1:
            pages.append(ChapterPage(first, 1, run, None, len(runs)))
            continue
        at = next(i for i, b in enumerate(run) if isinstance(b, Heading))   # every later run starts at one
        pages.append(ChapterPage(f"{first[:-3]}/{n}.md", n, run[:at] + run[at + 1:], run[at], len(runs), at))
    return pages


def page_name(chapter: Chapter, page: ChapterPage) -> str:
    """How lists name a chapter's page (the glossary's uses and sources): the chapter's
    title, and on a later page the heading it starts with, ``5 基本指針（一 基本的理念）``
    (in brackets, not 「」: a list of several plans puts the label in 「」)."""
    return chapter.title if page.heading is None else f"{chapter.title}（{page.heading.text}）"
