"""A generated page's HTML, from its Markdown, without parsing its HTML again.

The pages ``render/markdown.py`` writes are made of three kinds of block,
separated by blank lines:

* headings, ``## text {#sec-1}`` (Markdown, so that MkDocs builds the
  page's table of contents from them);
* paragraphs: one line of escaped text (``render/escape.py``), with inline
  HTML (glossary links);
* raw HTML blocks: one line that starts with a block-level tag (tables,
  lists, page breaks).

Python-Markdown spends most of a build's time on these pages feeding their
raw HTML through its HTML parser, twice (its own block parser and MkDocs'
anchor finder), only to write it out unchanged.  :func:`split_blocks` cuts a
page into its blocks, or says it cannot (``None``: a block of any other
kind, as on a page someone else wrote or a plugin changed); :func:`join`
writes them out as Python-Markdown does, with each heading as Python-Markdown
made it (``yomitoki/site/content.py`` converts a page's headings alone, with
the project's Markdown extensions, so that their options still apply; or,
with MkDocs' own extensions only, :func:`plain_headings` writes them).

Because the text is escaped, no extension can react to it: a paragraph's
HTML is its line between ``<p>`` and ``</p>``.  The tests compare the pages
of the bundled plans and the sample plans with Python-Markdown's output.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["Blocks", "split_blocks", "block_html", "join", "plain_headings", "anchor_ids", "BLOCK_TAGS"]

# Python-Markdown's block-level elements (markdown.util.BLOCK_LEVEL_ELEMENTS): a line that
# starts with one of them is a raw HTML block; one that starts with any other tag is a paragraph.
BLOCK_TAGS = frozenset("""
address article aside blockquote body canvas center colgroup dd details div dl dt fieldset
figcaption figure footer form group h1 h2 h3 h4 h5 h6 header hgroup hr html iframe legend li
main map math menu nav noscript object ol option output p pre progress script section style
summary table tbody td textarea tfoot th thead tr ul video
""".split())

_HEADING = re.compile(r"#{1,6} \S")
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9]*)[\s>/]")
# A line that Markdown would read as anything but a paragraph: indented code, a list, a
# quote, a table row, a fence, a rule or setext underline, a reference definition.
_NOT_PARAGRAPH = re.compile(r"[ \t]|[-*+>|`~=_]|\d+[.)](?:\s|$)|\[")
# A heading of escaped text (no tag, no reference but a numeric or named one) and its own id.
_PLAIN_HEADING = re.compile(r"(#{1,6}) ((?:[^<>&\\\n]|&(?:#[0-9]+|[a-z]+);)+?)(?: \{#([A-Za-z0-9_-]+)\})?")


_ANCHOR = re.compile(r"""<([A-Za-z][A-Za-z0-9]*)\b[^>]*?\s(id|name)="([^"]*)\"""")


@dataclass
class Blocks:
    """A page cut into its blocks: ``kinds[i]`` is ``"h"``, ``"p"`` or ``"html"``, ``texts[i]`` its line."""

    kinds: list[str]
    texts: list[str]

    def headings(self) -> list[str]:
        return [t for k, t in zip(self.kinds, self.texts) if k == "h"]


def split_blocks(markdown: str) -> Blocks | None:
    """The blocks of a generated page's Markdown (front matter already taken off), or None
    when a block is not a heading, a one-line paragraph or a one-line raw HTML block."""
    kinds: list[str] = []
    texts: list[str] = []
    for chunk in markdown.strip("\n").split("\n\n"):
        if not chunk:
            continue
        if "\n" in chunk or chunk != chunk.strip():
            return None
        if chunk[0] == "#":
            if not _HEADING.match(chunk):
                return None
            kinds.append("h")
        elif chunk[0] == "<":
            tag = _TAG.match(chunk)
            if tag is None:
                return None
            name = tag.group(1).lower()
            if name in BLOCK_TAGS:
                # Python-Markdown's raw block ends at the tag's own end: the line must too.
                if not chunk.endswith(f"</{name}>"):
                    return None
                kinds.append("html")
            else:
                kinds.append("p")
        elif _NOT_PARAGRAPH.match(chunk):
            return None
        else:
            kinds.append("p")
        texts.append(chunk)
    return Blocks(kinds, texts)


def block_html(blocks: Blocks, headings: list[str]) -> list[str]:
    """Each block's HTML, ``headings`` being the HTML of each heading in order."""
    made = iter(headings)
    return [next(made) if kind == "h" else f"<p>{text}</p>" if kind == "p" else text
            for kind, text in zip(blocks.kinds, blocks.texts)]


def join(blocks: Blocks, headings: list[str]) -> str:
    """The page's HTML as Python-Markdown writes it, ``headings`` being its HTML of each heading in order."""
    # (Python-Markdown leaves a blank line after a raw block)
    return "\n".join(part + "\n" if kind == "html" else part
                     for kind, part in zip(blocks.kinds, block_html(blocks, headings))).strip("\n")


def plain_headings(headings: list[str], slugs: bool = True) -> tuple[list[str], list] | None:
    """The HTML and the toc tokens Python-Markdown makes of these headings (``## text {#id}``)
    with MkDocs' extensions only (``toc``, ``attr_list``), or None if one is not a heading of
    escaped text.  ``slugs=False``: a heading without an id of its own gets none (as
    markdown-it writes it, for the EPUB book)."""
    from markdown.extensions.toc import nest_toc_tokens, slugify, unique

    found = []
    for line in headings:
        m = _PLAIN_HEADING.fullmatch(line)
        if m is None:
            return None
        found.append((len(m.group(1)), m.group(2).strip(), m.group(3)))
    used = {ident for _, _, ident in found if ident}
    counters: dict[str, int] = {}
    out, tokens = [], []
    for level, inner, ident in found:
        name = " ".join(inner.split())
        if not ident and slugs:
            ident = unique(slugify(html.unescape(name), "-"), used, counters)
        out.append(f'<h{level} id="{ident}">{inner}</h{level}>' if ident else f"<h{level}>{inner}</h{level}>")
        tokens.append({"level": level, "id": ident, "name": name, "html": inner, "data-toc-label": ""})
    return out, nest_toc_tokens(tokens)


def anchor_ids(page_html: str) -> set[str]:
    """The ids a page's HTML gives its elements, and the names of its ``<a name>``s (MkDocs'
    ``present_anchor_ids``, against which links to the page's anchors are checked)."""
    return {html.unescape(value) for tag, attr, value in _ANCHOR.findall(page_html)
            if attr == "id" or tag.lower() == "a"}
