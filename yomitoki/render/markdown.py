"""From the document model to Markdown pages for MkDocs.

Headings and paragraphs are Markdown, so that MkDocs builds the page's table
of contents and search sections from them; lists, tables and page breaks
are raw HTML blocks, which give the markup screen readers need (captions,
header scopes, ``role="doc-pagebreak"``).  All source text goes through
:func:`yomitoki.render.escape.escape` (or an ``inline`` function built on it) and
can never become markup.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Protocol

from .escape import escape, escape_attr
from ..enrich.figures import label_in_figures
from ..text.model import (
    Aside,
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
from ..text.split import ChapterPage, chapter_pages, page_name
from .output import Page, chapter_uri, epub_uri, narration_file_uri, page_url, relative_url, unique_name  # noqa: F401  (re-exported)

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
    # How the plan's text is shown before markup: the standard edition shows
    # numbers written for speech in figures (``enrich/figures.py``), per plan.
    figures: Callable[[str], str] | None = None

    def shown(self, s: str) -> str:
        """The text as this edition shows it, without markup (titles, labels)."""
        return self.figures(s) if self.figures else s

    def _markup(self, s: str) -> str:
        return self.ruby(s) if self.ruby else escape(s)

    def text(self, s: str) -> str:
        return self._markup(self.shown(s))

    def body(self, s: str) -> str:
        if self.linker is None:
            return self.text(s)
        out = []
        # figures first, over the whole text (a number's context), then the terms of what is shown
        for piece, term in self.linker.split(self.shown(s)):
            out.append(self._markup(piece) if term is None else self.linker.link(term, self._markup(piece)))
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
class RenderContext:
    text: TextRenderer = field(default_factory=TextRenderer)
    page_ids: set[str] = field(default_factory=set)
    # An edition may render some blocks its own way (the narration edition
    # speaks tables row by row); returning None falls back to the default.
    override: Callable[[Block, "RenderContext"], str | None] | None = None
    # Levels taken off the headings of a later page of a split chapter, whose
    # h1 is a heading of the chapter (``text/split.py``); never below 2.
    shift: int = 0

    def unique(self, anchor: str) -> str:
        return unique_name(anchor, self.page_ids)


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
        special = ctx.override(block, ctx) if ctx.override else None
        if special is not None:
            out.append(special)
        elif isinstance(block, Heading):
            heading_no += 1
            block.anchor = block.anchor or ctx.unique(f"sec-{heading_no}")
            ctx.text.section()
            level = max(2, block.level - ctx.shift)
            out.append(f"{'#' * level} {ctx.text.plain(block.text)} {{#{block.anchor}}}")
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
        elif isinstance(block, Aside):
            # on the page as printed, out of the reading flow (its readings are ruby where matched)
            out.append(f'<p class="yt-aside yt-aside--{escape_attr(block.kind)}" aria-hidden="true">{escape(block.text)}</p>')
    return [part for part in out if part]


def render_page_break(block: PageBreak, ctx: RenderContext) -> str:
    block.id = ctx.unique(block.anchor)
    shown = ctx.text.shown(block.label)
    return (
        f'<div class="yt-pagebreak" role="doc-pagebreak" id="{block.id}" aria-label="{escape_attr(shown)}">'
        f'<span class="yt-pagebreak__label">{escape(shown)}</span></div>'
    )


_FIGURE_LABEL = re.compile(r"[0-9]+ ?\S")


def render_list(block: ListBlock, ctx: RenderContext) -> str:
    tag = "ol" if block.ordered else "ul"
    items = []
    # 1 … 9, 十, 十一: the narration style's labels; shown in figures, all of them are
    figure_labels = ctx.text.figures is not None and any(_FIGURE_LABEL.match(i.text) for i in block.items)
    for item in block.items:
        children = "".join(render_list(c, ctx) for c in item.children)
        text = label_in_figures(item.text) if figure_labels else item.text
        items.append(f"<li>{ctx.text.body(text)}{children}</li>")
    return f'<{tag} class="yt-list">' + "".join(items) + f"</{tag}>"


def _cell_html(cell: Cell, ctx: RenderContext, header: bool = False, figure_label: bool = False) -> str:
    """A cell's parts: bullet items as a list, the rest as paragraphs.

    Header cells never carry glossary links.  ``figure_label``: the cell's
    opening label in figures, as its column's other labels are.
    """
    inline = ctx.text.plain if header or cell.header else ctx.text.body
    bullets = cell.bullets or [False] * len(cell.parts)
    out: list[str] = []
    run: list[str] = []
    parts = list(cell.parts)
    if figure_label and parts:
        parts[0] = label_in_figures(parts[0])
    for part, is_bullet in zip(parts, bullets):
        if is_bullet:
            run.append(f"<li>{inline(part)}</li>")
            continue
        if run:
            out.append('<ul class="yt-list">' + "".join(run) + "</ul>")
            run = []
        html = inline(part)
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
    # row labels 1 … 9, 十, 十一 (the narration style's): shown in figures, all of them are
    figure_labels = ctx.text.figures is not None and table.row_header and any(
        row and row[0].parts and _FIGURE_LABEL.match(row[0].parts[0]) for row in table.rows)
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="yt-num"' if i < len(numeric) and numeric[i] else ""
            if i == 0 and table.row_header:
                cells.append(f'<th scope="row"{cls}>{_cell_html(cell, ctx, header=True, figure_label=figure_labels)}</th>')
            else:
                cells.append(f"<td{cls}>{_cell_html(cell, ctx)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f'<p class="yt-table-note" role="note">{escape(n)}</p>' for n in table.notes)
    html = (
        f'<div class="yt-table" role="region" aria-label="{escape_attr(ctx.text.shown(table.caption))}" tabindex="0">'
        f'<table class="yt-data{" yt-wide" if len(table.columns) >= 3 else ""}"><caption>{caption}</caption>'
        f"<thead><tr>{''.join(head)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>{notes}"
    )
    if table.chart:
        from .charts import bar_chart_svg   # (decimal arithmetic: only for pages with a chart)

        html += f'<div class="yt-chart">{bar_chart_svg(table)}</div>'
    if table.source_text:
        # A table built from sentences: the plan's own wording stays one click away.
        html += (
            '<details class="yt-source"><summary>この表の元の文章</summary>'
            f"<p>{ctx.text.plain(table.source_text)}</p></details>"
        )
    return f'<div class="yt-table-group">{html}</div>'


def render_unstructured(block: Unstructured, ctx: RenderContext) -> str:
    text = "".join(f"<p>{ctx.text.body(line)}</p>" for line in block.lines)
    return f'<div class="yt-notice" role="note"><p class="yt-notice__title">{escape(block.reason)}</p>{text}</div>'


# --- pages -----------------------------------------------------------------


NARRATION_ROOT = "yomiage"
# The site's own top-level folders: no plan takes one as its slug.
SITE_FOLDERS = frozenset({NARRATION_ROOT, "assets", "search", "glossary"})


def twin_uri(src_uri: str) -> str:
    """The narration twin of a standard page (``kochi/03.md`` → ``yomiage/kochi/03.md``)."""
    return f"{NARRATION_ROOT}/{src_uri}"


def edition_link(src_uri: str, narration: bool) -> str:
    """The visible link between a page and its twin in the other edition."""
    if narration:
        target, label = src_uri[len(NARRATION_ROOT) + 1:], "通常版（ふりがな・用語の説明つき）に切り替える"
    else:
        target, label = twin_uri(src_uri), "読み上げ版（数字などを読み上げやすく書き直した版）に切り替える"
    edition = "narration" if narration else "standard"       # this page's edition (assets/readaloud.js reads it)
    return f'<p class="yt-edition-link" data-edition="{edition}"><a href="{relative_url(src_uri, target)}">{label}</a></p>'


def page_links(doc: Document, chapter: Chapter | None = None) -> list[tuple[str, PageBreak]]:
    """(page uri, page break) for every printed page of the plan or a chapter: the uri of
    the page (of a split chapter, the sub-page) the marker is on."""
    out = []
    for ch in doc.chapters if chapter is None else [chapter]:
        for cp in chapter_pages(doc, ch):
            out.extend((cp.uri, b) for b in cp.blocks if isinstance(b, PageBreak))
    return out


def chapter_page_title(chapter: Chapter, cp: ChapterPage) -> str:
    """The title of a chapter's page: the chapter's on its first page; the heading
    it starts with, then the chapter's, on a later page (one plan has many a
    ``(1)障害のある方ご本人について``: the browser's title tells them apart)."""
    return chapter.title if cp.heading is None else f"{cp.heading.text}（{chapter.title}）"


def render_document(
    doc: Document,
    text: TextRenderer | None = None,
    *,
    narration: bool = False,
    override: Callable[[Block, RenderContext], str | None] | None = None,
    epub: bool = False,
) -> list[Page]:
    """All pages of one plan in one edition: its overview page and the pages of
    each chapter (one, or several for a long chapter: ``text/split.py``).

    The narration edition (``narration=True``) puts the same pages under
    ``yomiage/``; its ``text`` renderer narrates, and ``override`` speaks
    tables and page numbers.  ``epub``: the overview links to the plan's
    EPUB book (``render/epub.py``).
    """
    text = text or TextRenderer()
    edition = "narration" if narration else "standard"
    pages = []
    for chapter in doc.chapters:
        parts = chapter_pages(doc, chapter)
        uris = [twin_uri(cp.uri) if narration else cp.uri for cp in parts]
        bodies = []
        for cp, uri in zip(parts, uris):
            text.page(uri, text.shown(page_name(chapter, cp)))      # (as the glossary lists it)
            if cp.heading is not None:
                text.section()
            bodies.append(render_blocks(cp.blocks, RenderContext(text=text, override=override, shift=cp.shift)))
        # (after every part: the list of printed pages links to markers on the other parts)
        for cp, uri, body in zip(parts, uris, bodies):
            h1 = chapter.title if cp.heading is None else cp.heading.text
            title = text.shown(chapter_page_title(chapter, cp)) + ("（読み上げ版）" if narration else "")
            md = _front(title, narration) + f"# {text.plain(h1)}\n\n" + edition_link(uri, narration) + "\n\n"
            jump = _page_jump_list(parts, uris, cp.number, text)
            if jump:
                md += jump + "\n\n"
            md += "\n\n".join(body) + "\n"
            if len(parts) > 1:
                md += "\n" + _parts_nav(chapter, parts, uris, cp.number, text) + "\n"
            nav_title = (chapter.nav_title or chapter.title) if cp.heading is None else cp.heading.text
            pages.append(Page(uri, title, md, nav_title=text.shown(nav_title), plan=doc.slug, edition=edition,
                              chapter=uris[0] if len(parts) > 1 else ""))
    # the overview links to page-break ids the chapters have just set
    overview_uri = f"{doc.slug}/index.md"
    if narration:
        overview_uri = twin_uri(overview_uri)
    text.page(overview_uri, text.shown(doc.title))
    return [_overview(doc, text, overview_uri, narration, override, epub)] + pages


def _narration_file_link(doc: Document, uri: str, text: TextRenderer) -> str:
    """The plan's narration text file (``render/narration.py``), for text-to-speech devices."""
    href = relative_url(uri, narration_file_uri(doc.slug))
    return (f'<p class="yt-download"><a href="{href}" download type="text/plain">'
            f'{text.plain("読み上げ用のテキストファイル")}</a>'
            f'{text.plain("（文字コード UTF-8。段落ごとに 1 行。読み上げ機器やソフトで聞くためのものです）")}</p>')


def _epub_link(doc: Document, uri: str, text: TextRenderer) -> str:
    """The plan's EPUB 3 book (``render/epub.py``), for e-book and DAISY-style readers."""
    href = relative_url(uri, epub_uri(doc.slug))
    return (f'<p class="yt-download"><a href="{href}" download type="application/epub+zip">'
            f'{text.plain("電子書籍（EPUB）")}</a>'
            f'{text.plain("（目次・原本のページ番号・用語集つき。電子書籍や読み上げのアプリで読めます）")}</p>')


def _front(title: str, narration: bool) -> str:
    # Narration twins stay out of the search index: one hit per passage.
    return front_matter(title, search={"exclude": True}) if narration else front_matter(title)


def _page_jump_list(parts: list[ChapterPage], uris: list[str], number: int, text: TextRenderer) -> str:
    """The chapter's printed pages, each linked where its marker is (on this page or another of the chapter)."""
    here = uris[number - 1]
    links = []
    for cp, uri in zip(parts, uris):
        href = "" if cp.number == number else relative_url(here, uri)
        links.extend(f'<a href="{href}#{b.id}">{text.plain(b.label)}</a>' for b in cp.blocks if isinstance(b, PageBreak))
    if not links:
        return ""
    links_html = " ".join(links)
    if len(links) <= 6:
        inner = f'<span class="yt-pagelist__title">原本のページ:</span> {links_html}'
    else:
        # A long list stays folded, so that phones show the text first.  Its control says
        # how many pages it holds as 全24ページ: 24ページ分 is read ふん by speech engines,
        # which never see the ruby.  With ruby, the control is named by its text without the
        # readings, so that a screen reader does not announce 原本 げんぽん.
        label = f"原本のページへ移動（全{len(links)}ページ）"
        name = f' aria-label="{escape_attr(label)}"' if text.ruby else ""
        inner = f"<details><summary{name}>{text.plain(label)}</summary><p>{links_html}</p></details>"
    return f'<nav class="yt-pagelist" aria-label="この章の原本のページ">{inner}</nav>'


def _parts_nav(chapter: Chapter, parts: list[ChapterPage], uris: list[str], number: int, text: TextRenderer) -> str:
    """The pages of a split chapter, after the text: the previous and the next, and all of them."""
    here = uris[number - 1]

    def title(cp: ChapterPage) -> str:
        return text.plain(chapter.title if cp.heading is None else cp.heading.text)

    steps = []
    if number > 1:
        steps.append(f'<a href="{relative_url(here, uris[number - 2])}" rel="prev">{text.plain("前のページ:")} {title(parts[number - 2])}</a>')
    if number < len(parts):
        steps.append(f'<a href="{relative_url(here, uris[number])}" rel="next">{text.plain("次のページ:")} {title(parts[number])}</a>')
    items = []
    for cp, uri in zip(parts, uris):
        if cp.number == number:
            items.append(f'<li><span aria-current="page">{title(cp)}</span></li>')
        else:
            items.append(f'<li><a href="{relative_url(here, uri)}">{title(cp)}</a></li>')
    said = text.plain(f"この章は{len(parts)}ページに分かれています（このページは{number}ページ目）。")
    return (f'<nav class="yt-parts" aria-label="この章のページ">'
            f'<p class="yt-parts__steps">{" ".join(steps)}</p>'
            f'<p class="yt-parts__title">{said}</p>'
            f'<ol class="yt-parts__list">{"".join(items)}</ol></nav>')


def _sub_pages(doc: Document, slug: str, uri: str, narration: bool, text: TextRenderer) -> str:
    """The later pages of a split chapter, as a list under its entry in the overview's contents."""
    chapter = next((c for c in doc.chapters if c.slug == slug), None)
    parts = chapter_pages(doc, chapter) if chapter is not None else []
    if len(parts) < 2:
        return ""
    items = "".join(
        f'<li><a href="{relative_url(uri, twin_uri(cp.uri) if narration else cp.uri)}">{text.plain(cp.heading.text)}</a></li>'
        for cp in parts[1:])
    return f'<ul class="yt-toc-parts">{items}</ul>'


def _overview(doc: Document, text: TextRenderer, uri: str, narration: bool, override, epub: bool = False) -> Page:
    ctx = RenderContext(text=text, override=override)
    title = text.shown(doc.title) + ("（読み上げ版）" if narration else "")
    parts = [_front(title, narration) + f"# {text.plain(doc.title)}", edition_link(uri, narration),
             _narration_file_link(doc, uri, text)]
    if epub:
        parts.append(_epub_link(doc, uri, text))
    if doc.toc:
        parts.append("## 目次 {#toc}")
        for label in doc.toc_labels:
            parts.append(f'<p class="yt-toc-label">{text.plain(label)}</p>')
        items = []
        for entry in doc.toc:
            label = entry.page_label or (f"{entry.page}ページ" if entry.page is not None else "")
            page = f' <span class="yt-toc-page">{text.plain(label)}</span>' if label else ""
            if entry.chapter_slug:
                sub = _sub_pages(doc, entry.chapter_slug, uri, narration, text)
                items.append(f'<li><a href="{entry.chapter_slug}/">{text.plain(entry.title)}</a>{page}{sub}</li>')
            else:
                items.append(f"<li>{text.plain(entry.title)}{page}</li>")
        parts.append('<ul class="yt-toc">' + "".join(items) + "</ul>")
    else:
        parts.append("## この計画の内容 {#contents}")
        items = [f'<li><a href="{c.slug}/">{text.plain(c.nav_title or c.title)}</a>'
                 f'{_sub_pages(doc, c.slug, uri, narration, text)}</li>' for c in doc.chapters]
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
        for page_src, b in links:
            href = relative_url(uri, twin_uri(page_src) if narration else page_src)
            items.append(f'<li><a href="{href}#{b.id}">{text.plain(b.label)}</a></li>')
        parts.append('<ul class="yt-pages">' + "".join(items) + "</ul>")
    return Page(uri, title, "\n\n".join(parts) + "\n", nav_title="概要と目次", plan=doc.slug, edition="narration" if narration else "standard")
