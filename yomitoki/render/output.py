"""What a finished site is made of: its pages and a summary of each plan.

These are the only classes a build served from the document cache loads
(``pipeline.Site``), so this module imports nothing of the parser or the
renderers, only the plain data of ``text/model.py`` (:class:`Warning_`, the
notes staff see).  ``markdown.py`` makes the pages.
"""
from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field

from ..text.model import Warning_, chapter_uri  # noqa: F401  (chapter_uri: re-exported)

__all__ = ["Page", "Plan", "Warning_", "chapter_uri", "page_url", "relative_url", "unique_name"]


@dataclass
class Page:
    """A generated page: where it goes and what it says."""

    src_uri: str          # e.g. "kochi/03.md"
    title: str
    markdown: str
    nav_title: str = ""
    edition: str = "standard"   # "standard" | "narration"
    plan: str = ""
    chapter: str = ""           # a page of a split chapter: the src_uri of the chapter's first page


@dataclass
class Plan:
    """A plan as the site lists it (navigation, list of plans, build log),
    without its parsed document."""

    path: str                  # file name as staff know it (source_texts/xxx.txt)
    slug: str
    title: str
    warnings: list[Warning_] = field(default_factory=list)   # the document's, glossary notes included


def unique_name(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first not yet in ``taken`` (which it joins)."""
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def narration_file_uri(slug: str) -> str:
    """Where a plan's narration text file goes: next to its overview page."""
    return f"{slug}/{slug}-yomiage.txt"


def epub_uri(slug: str) -> str:
    """Where a plan's EPUB book goes: next to its overview page."""
    return f"{slug}/{slug}.epub"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) MkDocs gives a source page (a file that is
    not Markdown keeps its path)."""
    if not src_uri.endswith(".md"):
        return src_uri
    if not use_directory_urls:
        return src_uri[:-3] + ".html" if src_uri.endswith(".md") else src_uri
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@functools.lru_cache(maxsize=4096)
def relative_url(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """The href from one source page to another (``kochi/03.md`` → ``../../glossary/``)."""
    src = page_url(from_uri, use_directory_urls)
    dst = page_url(to_uri, use_directory_urls)
    if src == dst:
        return ""
    src_dir = src if src.endswith("/") or not src else posixpath.dirname(src) + "/"
    rel = posixpath.relpath("/" + dst, "/" + src_dir) if dst else posixpath.relpath("/", "/" + src_dir)
    if dst.endswith("/") or not dst:
        rel = rel.rstrip("/") + "/"
    return rel
