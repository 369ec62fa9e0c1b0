"""The document model: plain data passed between the pipeline stages.

No Markdown or HTML lives here: every string is the plan's own text, and
the renderer alone decides how it is shown.  Each block remembers the
source line it came from so that messages can name it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass
class Warning_:
    """A note for staff on a line of a source file (``yomitoki check`` and the build log list them)."""

    path: str
    line: int
    message: str               # Japanese, for staff
    kind: str = "warning"      # "warning" | "unstructured" | "error" | "damaged" (bytes shown as 〓: a build WARNING)


@dataclass(frozen=True)
class Change:
    """Something the text stages changed, joined or dropped, for staff to see (``yomitoki check``, ``outline``).

    ``before`` is the source text as written and ``after`` what the site shows
    instead (empty when it was dropped); ``reason`` says why, in Japanese.
    """

    line: int                  # 1-based line ("\n"-separated, as in decode)
    column: int                # 1-based column (characters) in that line; 0 when not known
    before: str
    after: str
    reason: str
    kind: str = "changed"      # e.g. "sjis-symbol", "running-header", "joined", "furigana", "lookalike", "elided"


@dataclass
class SpilledFurigana:
    """A line of kana that a PDF printed above the words of the next line (``layout.py``)."""

    line: int              # its own line
    text: str              # as written (spaces kept)
    base_line: int         # the line of the words below it
    base_text: str
    matched: dict[str, str] = field(default_factory=dict)   # word → reading, where enrich/furigana.py matched it


@dataclass
class PageBreak:
    """A printed page number of the original document (``百六十一ページ``)."""

    first: int                 # printed page where the following text starts
    last: int | None = None    # for ranges (``百九十五ページから二百三十九ページ``)
    source: str = ""           # the page number exactly as the source wrote it
    line: int = 0
    id: str = ""               # the element id the renderer gave it (unique on its page)
    column: int = 0            # 1-based column of the page number in its source line

    @property
    def label(self) -> str:
        if self.last is not None and self.last != self.first:
            return f"{self.first}ページから{self.last}ページ"
        return f"{self.first}ページ"

    @property
    def anchor(self) -> str:
        return f"page-{self.first}"


@dataclass
class Heading:
    text: str
    level: int                 # 2..6 inside a chapter page (1 is the page title)
    label: str = ""            # the label kind that made it a heading, e.g. "paren-arabic"
    line: int = 0
    anchor: str = ""


@dataclass
class Paragraph:
    text: str
    line: int = 0


@dataclass
class ListItem:
    text: str
    label: str = ""            # the bullet or number as written (kept visible)
    children: list["ListBlock"] = field(default_factory=list)
    line: int = 0


@dataclass
class ListBlock:
    items: list[ListItem]
    ordered: bool = False
    line: int = 0


@dataclass
class Cell:
    """A table cell: a list of paragraphs/bullet items, in reading order."""

    parts: list[str]
    bullets: list[bool] = field(default_factory=list)  # parallel to parts: True for a bullet item
    header: bool = False

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Table:
    caption: str
    columns: list[str]             # column header texts
    rows: list[list[Cell]]         # first cell of each row is its row header
    line: int = 0
    row_header: bool = True
    units: list[str] = field(default_factory=list)       # unit per column ("人", "%", "")
    numeric: list[bool] = field(default_factory=list)    # right-aligned numeric columns
    notes: list[str] = field(default_factory=list)       # visible notes (e.g. totals that disagree)
    source_text: str = ""          # the source wording, kept for the narration edition / checks
    chart: bool = False            # also draw a bar chart (the source marks the question (グラフ))


@dataclass
class Unstructured:
    """A region the parser could not structure confidently; shown as written."""

    lines: list[str]
    reason: str
    line: int = 0


@dataclass
class Aside:
    """Text that is on the printed page but not part of the reading flow: a line of
    furigana that a PDF copy spilled onto a line of its own (``layout.py``).
    Shown, and hidden from screen readers (the words it belongs to carry its
    readings as ruby where ``enrich/furigana.py`` could match them)."""

    text: str
    line: int = 0
    kind: str = "furigana"


Block = Union[PageBreak, Heading, Paragraph, ListBlock, Table, Unstructured, Aside]


@dataclass
class TocEntry:
    title: str
    page: int | None = None
    page_label: str = ""       # how the page is shown: 161ページ, 195ページから239ページ
    number: str = ""
    chapter_slug: str = ""


@dataclass
class Chapter:
    title: str                 # the heading as the body writes it (page h1)
    slug: str
    blocks: list[Block] = field(default_factory=list)
    nav_title: str = ""        # the title in the plan's own 目次, when it has one
    number: str = ""
    line: int = 0
    title_from_source: bool = True   # False when the plan has no heading for it

    @property
    def page_breaks(self) -> list[PageBreak]:
        return [b for b in self.blocks if isinstance(b, PageBreak)]


@dataclass
class Document:
    path: str                  # file name as staff know it (source_texts/xxx.txt)
    slug: str
    title: str
    encoding: str
    text: str                  # the decoded text (newlines normalised to \n)
    toc: list[TocEntry] = field(default_factory=list)
    front: list[Block] = field(default_factory=list)   # anything before the first chapter
    chapters: list[Chapter] = field(default_factory=list)
    toc_labels: list[str] = field(default_factory=list)  # captions inside the 目次 (``資料編``)
    toc_page_breaks: list[PageBreak] = field(default_factory=list)  # the page numbers the 目次 gives
    toc_line: int = 0
    # Text deliberately not shown, with its line: e.g. a column header a PDF
    # extraction repeated at the start of every cell.  `yomitoki check` lists it.
    elided: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    # Where the title came from: "settings" (mkdocs.yml), "cover" (the first
    # lines), "toc" (a caption of the 目次), "heading", "table" or "file" (the
    # file name, the last resort: `yomitoki check` says so).
    title_source: str = ""
    changes: list[Change] = field(default_factory=list)
    furigana: list[SpilledFurigana] = field(default_factory=list)   # spilled furigana, out of the reading flow

    def warn(self, line: int, message: str, kind: str = "warning") -> None:
        self.warnings.append(Warning_(self.path, line, message, kind))


def chapter_uri(doc: "Document", chapter: "Chapter") -> str:
    """The source path of the page a chapter becomes (``kochi/03.md``): its plan's slug and its own."""
    return f"{doc.slug}/{chapter.slug}.md"
