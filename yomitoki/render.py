"""From the document model to Markdown pages for MkDocs.

Headings and paragraphs are Markdown, so that MkDocs builds the page's table
of contents and search sections from them; lists, tables and page breaks
are raw HTML blocks, which give the markup screen readers need (captions,
header scopes, ``role="doc-pagebreak"``).  All source text goes through
:func:`yomitoki.escape.escape` (or an ``inline`` function built on it) and
can never become markup.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Protocol

from .escape import escape, escape_attr
from .model import (
    Block,
    Cell,
    Chapter,
    Document,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Table,
    Unstructured,
)

class TermLinker(Protocol):
    """Finds glossary terms in text and links them (see ``glossary.py``)."""

    def split(self, text: str) -> list[tuple[str, object | None]]: ...
    def link(self, term: object, inner_html: str) -> str: ...
    def section(self) -> None: ...
    def page(self, src_uri: str, title: str) -> None: ...


@dataclass
class TextRenderer:
    """Source text to inline HTML: always escaped; ruby and glossary links when enabled.

    ``body`` is for running text (paragraphs, list items, table cells);
    ``plain`` for headings, captions and table headers, which never carry
    links.
    """

    ruby: Callable[[str], str] | None = None
    linker: TermLinker | None = None

    def text(self, s: str) -> str:
        return self.ruby(s) if self.ruby else escape(s)

    def body(self, s: str) -> str:
        if self.linker is None:
            return self.text(s)
        out = []
        for piece, term in self.linker.split(s):
            out.append(self.text(piece) if term is None else self.linker.link(term, self.text(piece)))
        return "".join(out)

    def plain(self, s: str) -> str:
        return self.text(s)

    def section(self) -> None:
        if self.linker is not None:
            self.linker.section()

    def page(self, src_uri: str, title: str) -> None:
        if self.linker is not None:
            self.linker.page(src_uri, title)


@dataclass
class Page:
    """A generated page: where it goes and what it says."""

    src_uri: str          # e.g. "kochi/03.md"
    title: str
    markdown: str
    nav_title: str = ""
    edition: str = "standard"   # "standard" | "narration"
    plan: str = ""


@dataclass
class RenderContext:
    text: TextRenderer = field(default_factory=TextRenderer)
    page_ids: dict[str, int] = field(default_factory=dict)

    def unique(self, anchor: str) -> str:
        n = self.page_ids.get(anchor, 0) + 1
        self.page_ids[anchor] = n
        return anchor if n == 1 else f"{anchor}-{n}"


def front_matter(title: str, **extra: object) -> str:
    """YAML front matter; JSON strings are valid YAML and need no escaping rules of their own."""
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def render_blocks(blocks: list[Block], ctx: RenderContext) -> list[str]:
    out: list[str] = []
    heading_no = 0
    for block in blocks:
        if isinstance(block, Heading):
            heading_no += 1
            block.anchor = block.anchor or ctx.unique(f"sec-{heading_no}")
            ctx.text.section()
            out.append(f"{'#' * block.level} {ctx.text.plain(block.text)} {{#{block.anchor}}}")
        elif isinstance(block, Paragraph):
            out.append(ctx.text.body(block.text))
        elif isinstance(block, PageBreak):
            out.append(render_page_break(block, ctx))
        elif isinstance(block, ListBlock):
            out.append(render_list(block, ctx))
        elif isinstance(block, Table):
            out.append(render_table(block, ctx))
        elif isinstance(block, Unstructured):
            out.append(render_unstructured(block, ctx))
    return out


def render_page_break(block: PageBreak, ctx: RenderContext) -> str:
    block.id = ctx.unique(block.anchor)
    label = escape_attr(block.label)
    return (
        f'<div class="yt-pagebreak" role="doc-pagebreak" id="{block.id}" aria-label="{label}">'
        f'<span class="yt-pagebreak__label">{escape(block.label)}</span></div>'
    )


def render_list(block: ListBlock, ctx: RenderContext) -> str:
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        children = "".join(render_list(c, ctx) for c in item.children)
        items.append(f"<li>{ctx.text.body(item.text)}{children}</li>")
    return f'<{tag} class="yt-list">' + "".join(items) + f"</{tag}>"


def _cell_html(cell: Cell, ctx: RenderContext) -> str:
    """A cell's parts: bullet items as a list, the rest as paragraphs."""
    bullets = cell.bullets or [False] * len(cell.parts)
    out: list[str] = []
    run: list[str] = []
    for part, is_bullet in zip(cell.parts, bullets):
        if is_bullet:
            run.append(f"<li>{ctx.text.body(part)}</li>")
            continue
        if run:
            out.append('<ul class="yt-list">' + "".join(run) + "</ul>")
            run = []
        html = ctx.text.plain(part) if cell.header else ctx.text.body(part)
        out.append(f"<p>{html}</p>" if len(cell.parts) > 1 else html)
    if run:
        out.append('<ul class="yt-list">' + "".join(run) + "</ul>")
    return "".join(out)


def render_table(table: Table, ctx: RenderContext) -> str:
    caption = ctx.text.plain(table.caption)
    numeric = table.numeric or [False] * len(table.columns)
    units = table.units or [""] * len(table.columns)
    head = []
    for i, col in enumerate(table.columns):
        unit = f"<span class=\"yt-unit\">({escape(units[i])})</span>" if i < len(units) and units[i] else ""
        cls = ' class="yt-num"' if i < len(numeric) and numeric[i] else ""
        head.append(f'<th scope="col"{cls}>{ctx.text.plain(col)}{unit}</th>')
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="yt-num"' if i < len(numeric) and numeric[i] else ""
            if i == 0 and table.row_header:
                cells.append(f'<th scope="row"{cls}>{_cell_html(cell, ctx)}</th>')
            else:
                cells.append(f"<td{cls}>{_cell_html(cell, ctx)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f'<p class="yt-table-note" role="note">{escape(n)}</p>' for n in table.notes)
    return (
        f'<div class="yt-table" role="region" aria-label="{escape_attr(table.caption)}" tabindex="0">'
        f"<table><caption>{caption}</caption>"
        f"<thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{notes}</div>"
    )


def render_unstructured(block: Unstructured, ctx: RenderContext) -> str:
    text = "".join(f"<p>{ctx.text.body(line)}</p>" for line in block.lines)
    return f'<div class="yt-notice" role="note"><p class="yt-notice__title">{escape(block.reason)}</p>{text}</div>'


# --- pages -----------------------------------------------------------------


def chapter_uri(doc: Document, chapter: Chapter) -> str:
    return f"{doc.slug}/{chapter.slug}.md"


def page_links(doc: Document, chapter: Chapter | None = None) -> list[tuple[str, PageBreak]]:
    """(page uri, page break) for every printed page of the plan or a chapter."""
    out = []
    for ch in doc.chapters if chapter is None else [chapter]:
        for b in ch.page_breaks:
            out.append((chapter_uri(doc, ch), b))
    return out


def render_document(doc: Document, text: TextRenderer | None = None) -> list[Page]:
    """All standard pages of one plan: its overview page and one page per chapter."""
    text = text or TextRenderer()
    pages = []
    for chapter in doc.chapters:
        uri = chapter_uri(doc, chapter)
        text.page(uri, chapter.title)
        ctx = RenderContext(text=text)
        body = render_blocks(chapter.blocks, ctx)
        jump = _page_jump_list(chapter)
        md = front_matter(chapter.title) + f"# {text.plain(chapter.title)}\n\n"
        if jump:
            md += jump + "\n\n"
        md += "\n\n".join(body) + "\n"
        pages.append(Page(uri, chapter.title, md, nav_title=chapter.nav_title or chapter.title, plan=doc.slug))
    # the overview links to page-break ids the chapters have just set
    text.page(f"{doc.slug}/index.md", doc.title)
    return [_overview(doc, text)] + pages


def _page_jump_list(chapter: Chapter) -> str:
    breaks = chapter.page_breaks
    if not breaks:
        return ""
    links = " ".join(f'<a href="#{b.id}">{escape(b.label)}</a>' for b in breaks)
    return f'<nav class="yt-pagelist" aria-label="この章の原本のページ"><span class="yt-pagelist__title">原本のページ:</span> {links}</nav>'


def _overview(doc: Document, text: TextRenderer) -> Page:
    ctx = RenderContext(text=text)
    parts = [front_matter(doc.title) + f"# {text.plain(doc.title)}"]
    if doc.toc:
        parts.append("## 目次 {#toc}")
        for label in doc.toc_labels:
            parts.append(f'<p class="yt-toc-label">{text.plain(label)}</p>')
        items = []
        for entry in doc.toc:
            page = f' <span class="yt-toc-page">{escape(str(entry.page))}ページ</span>' if entry.page is not None else ""
            if entry.chapter_slug:
                items.append(f'<li><a href="{entry.chapter_slug}/">{text.plain(entry.title)}</a>{page}</li>')
            else:
                items.append(f"<li>{text.plain(entry.title)}{page}</li>")
        parts.append('<ul class="yt-toc">' + "".join(items) + "</ul>")
    else:
        parts.append("## この計画の内容 {#contents}")
        items = [f'<li><a href="{c.slug}/">{text.plain(c.nav_title or c.title)}</a></li>' for c in doc.chapters]
        parts.append('<ul class="yt-toc">' + "".join(items) + "</ul>")
    if doc.front:
        parts.extend(render_blocks(doc.front, ctx))
    links = page_links(doc)
    if links:
        parts.append("## 原本のページから探す {#pages}")
        parts.append(
            "原本（印刷物）のページ番号から、そのページの内容が始まる場所へ移動できます。"
        )
        items = []
        for uri, b in links:
            slug = uri.rsplit("/", 1)[1][:-3]
            items.append(f'<li><a href="{slug}/#{b.id}">{escape(b.label)}</a></li>')
        parts.append('<ul class="yt-pages">' + "".join(items) + "</ul>")
    return Page(f"{doc.slug}/index.md", doc.title, "\n\n".join(parts) + "\n", nav_title="概要と目次", plan=doc.slug)
