"""The narration edition (読み上げ版): every standard page again, for listening.

Text is written in the Kochi numeral style (``numerals.narrate``); tables
are spoken row by row, as the Kochi edition speaks them: the caption, then
for every row its heading followed by each column heading and its value,
joined with 、; printed page numbers are spoken where they fall.  No ruby,
no glossary links, no popovers: plain text that reads well from top to
bottom.
"""
from __future__ import annotations

from .escape import escape
from ..text.model import Aside, Block, Document, Heading, ListBlock, PageBreak, Paragraph, Table, Unstructured
from ..enrich.numerals import narrate
from .markdown import Page, RenderContext, TextRenderer, render_document
from .output import narration_file_uri


class NarrationText(TextRenderer):
    """Inline text for the narration edition: narrated and escaped, nothing else."""

    def text(self, s: str) -> str:
        return escape(narrate(s))

    body = text
    plain = text


def speak_table(table: Table) -> list[str]:
    """The sentences a table is spoken as (before narration)."""
    lines = [table.caption] if table.caption else []
    columns = table.columns
    for row in table.rows:
        cells = [" ".join(c.parts).strip() for c in row]
        if table.row_header and cells:
            head, values, cols = cells[0], cells[1:], columns[1:]
        else:
            head, values, cols = "", cells, columns
        spoken = [head] if head else []
        for col, value in zip(cols, values):
            unit = ""
            i = columns.index(col) if col in columns else -1
            if 0 <= i < len(table.units) and table.units[i] and not value.endswith(table.units[i]):
                unit = table.units[i]
            if value:
                spoken.append(f"{col}{value}{unit}" if _tight(col, value) else f"{col} {value}{unit}")
        lines.append("、".join(spoken))
    lines.extend(table.notes)
    return lines


def _tight(col: str, value: str) -> bool:
    """``現在利用している一千四百六十八``: a number follows its heading without a space."""
    return value[:1].isdigit() or value[:1] in "一二三四五六七八九十百千"


def _speak(block: Block, ctx: RenderContext) -> str | None:
    if isinstance(block, Table):
        paras = "".join(f"<p>{ctx.text.body(line)}</p>" for line in speak_table(block))
        return f'<div class="yt-spoken-table">{paras}</div>'
    if isinstance(block, PageBreak):
        block.id = ctx.unique(block.anchor)
        return f'<p class="yt-pagebreak-spoken" id="{block.id}">{ctx.text.plain(block.label)}</p>'
    if isinstance(block, Aside):
        return ""            # spilled furigana: their words are read as words; nothing to hear twice
    return None


def render_narration(doc: Document, epub: bool = False) -> list[Page]:
    """The narration twins of all of a plan's standard pages, under ``yomiage/``,
    and the narration edition as one text file (:func:`narration_file`)."""
    return render_document(doc, NarrationText(), narration=True, override=_speak, epub=epub) + [narration_file(doc)]


def narration_file(doc: Document) -> Page:
    """The narration edition as a text file, the format Kochi publishes for
    text-to-speech devices: UTF-8, one paragraph a line, printed page numbers
    spoken where they fall, tables row by row.  Plain text: nothing in it is
    markup, and no line is the plan's text changed but for its numerals."""
    return Page(narration_file_uri(doc.slug), doc.title + "（読み上げ用テキスト）", narration_text(doc),
                plan=doc.slug, edition="narration")


def narration_text(doc: Document) -> str:
    lines = [doc.title]
    for block in doc.front:
        lines.extend(_lines(block))
    for chapter in doc.chapters:
        lines.append(chapter.title)
        for block in chapter.blocks:
            lines.extend(_lines(block))
    out: list[str] = []
    for line in lines:
        line = " ".join(narrate(line).split())     # one paragraph a line: no line breaks or tabs inside it
        if line and not (out and line == out[-1] == doc.title):
            out.append(line)
    return "\n".join(out) + "\n"


def _lines(block: Block) -> list[str]:
    if isinstance(block, (Heading, Paragraph)):
        return [block.text]
    if isinstance(block, PageBreak):
        return [block.label]
    if isinstance(block, Table):
        return speak_table(block)
    if isinstance(block, ListBlock):
        out = []
        for item in block.items:
            out.append(item.text)
            for child in item.children:
                out.extend(_lines(child))
        return out
    if isinstance(block, Unstructured):
        return list(block.lines)
    return []              # Aside: spilled furigana, read as their words
