"""The HTML of the generated pages, handed to MkDocs in place of Python-Markdown's.

For each page yomitoki generated, ``on_page_markdown`` (:meth:`PageContent.take`)
cuts its Markdown into blocks (``render/html.py``) and gives MkDocs an empty
page to convert; ``on_page_content`` (:meth:`PageContent.give`) hands back
the page's HTML, its table of contents and its anchors, as Python-Markdown
would have made them:

* the headings are converted by Python-Markdown, alone, with the project's
  Markdown extensions and their options (``toc: permalink`` and the like
  still apply to them), which also gives the table of contents (one
  ``Markdown`` for all pages, reset between them: making one per page took
  longer than converting the headings);
* but with MkDocs' own extensions only and no ``toc`` option that changes a
  heading (``permalink`` and the like), a heading of escaped text is written
  here as Python-Markdown writes it (:func:`yomitoki.render.html.plain_headings`: the ``toc``
  extension's ids, names and nesting, from its own functions), which took a
  tenth of the time;
* paragraphs and raw HTML blocks are written out as they are.

A page whose blocks are not all of the kinds yomitoki writes (a plugin
changed it) is left to MkDocs, converted as any other page.
"""
from __future__ import annotations

import markdown as python_markdown
from mkdocs.structure.toc import get_toc

from ..render.html import anchor_ids, join, plain_headings, split_blocks

__all__ = ["PageContent"]

# Extensions that leave a heading of escaped text as it is (MkDocs adds the first three
# to every project), and the toc options that change no heading.
_PLAIN_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list"})
_PLAIN_TOC_OPTIONS = {"title": None, "permalink": (False, None)}


def _plain_config(extensions, configs) -> bool:
    names = {e.rsplit(".", 1)[-1] if isinstance(e, str) else None for e in extensions}
    if None in names or not names <= _PLAIN_EXTENSIONS or set(configs) - {"toc"}:
        return False
    for key, value in (configs.get("toc") or {}).items():
        if key not in _PLAIN_TOC_OPTIONS or (_PLAIN_TOC_OPTIONS[key] is not None and value not in _PLAIN_TOC_OPTIONS[key]):
            return False
    return True


class PageContent:
    """The generated pages' HTML, between ``on_page_markdown`` and ``on_page_content``."""

    def __init__(self, config, src_uris) -> None:
        self._extensions = config["markdown_extensions"]
        self._configs = config["mdx_configs"] or {}
        self._src_uris = frozenset(src_uris)
        self._made: dict[str, tuple[str, list]] = {}
        self._md: python_markdown.Markdown | None = None     # one for every page (reset between them)
        self._plain = _plain_config(self._extensions, self._configs)

    def take(self, markdown: str, page) -> str:
        """The Markdown MkDocs is to convert: empty for a generated page whose HTML is made here."""
        uri = page.file.src_uri
        if uri not in self._src_uris or page.file.generated_by is None:
            return markdown
        made = self.convert(markdown)
        if made is None:
            return markdown
        self._made[uri] = made
        return ""

    def convert(self, markdown: str) -> tuple[str, list] | None:
        """``(HTML, toc tokens)`` of a generated page's Markdown (no front matter), or None."""
        blocks = split_blocks(markdown)
        if blocks is None:
            return None
        headings = blocks.headings()
        toc: list = []
        made: list[str] = []
        plain = plain_headings(headings) if headings and self._plain else None
        if plain is not None:
            made, toc = plain
        elif headings:
            md = self._md
            if md is None:
                md = self._md = python_markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
            md.reset()
            out = md.convert("\n\n".join(headings))
            made = out.split("\n")
            if len(made) != len(headings) or not all(h.startswith("<h") for h in made):
                return None
            toc = getattr(md, "toc_tokens", [])
        return join(blocks, made), toc

    def give(self, content: str, page) -> str:
        """The page's HTML (and its table of contents and anchors set on ``page``), or MkDocs' own."""
        made = self._made.pop(page.file.src_uri, None)
        if made is None:
            return content
        page_html, toc = made
        page.toc = get_toc(toc)
        page.present_anchor_ids = anchor_ids(page_html)
        return page_html
