"""The EPUB books of a build: one per plan, next to its overview page.

Written at the end of the build from the site's pages (``render/epub.py``);
a rebuild of the same pages takes the books from the document cache.
"""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .. import timing
from ..fsutil import write_atomic
from ..render.epub import build_epub
from ..render.output import epub_uri

if TYPE_CHECKING:
    from .cache import DocumentCache
    from .pipeline import Settings, Site

__all__ = ["book_keys", "write_books"]

_BOOK_SUFFIX = "-epub"


def book_keys(site: "Site", settings: "Settings") -> list[str]:
    """The document cache's keys of the site's books."""
    if not settings.epub.enabled or not site.pages_key:
        return []
    return [_key(site, plan.slug) for plan in site.plans]


def _key(site: "Site", slug: str) -> str:
    return f"{site.pages_key}{_BOOK_SUFFIX}-{slug}"


def write_books(site: "Site", settings: "Settings", site_dir: Path, markup: Callable[[str], str] | None,
                cache: "DocumentCache | None") -> list[Path]:
    """Write ``<slug>/<slug>.epub`` for every plan; returns the files written."""
    if not settings.epub.enabled:
        return []
    glossary = next((p for p in site.pages if p.src_uri == "glossary.md"), None)
    written = []
    with timing.stage("epub"):
        for plan in site.plans:
            key = _key(site, plan.slug) if site.pages_key and cache is not None else None
            data = cache.get(key) if key else None
            if not isinstance(data, bytes):
                pages = [p for p in site.pages
                         if p.plan == plan.slug and p.edition == "standard" and p.src_uri.endswith(".md")]
                data = build_epub(plan.title, plan.slug, pages, glossary, modified=_modified(settings, plan.path),
                                  source=plan.title, markup=markup, options=settings.epub)
                if key:
                    cache.put(key, data)
            out = Path(site_dir) / epub_uri(plan.slug)
            out.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out, data)
            written.append(out)
    return written


def _modified(settings: "Settings", display_path: str) -> str:
    """When the plan's text was last changed (the book's ``dcterms:modified``), in UTC."""
    path = settings.source_dir / Path(display_path).name
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = 0.0
    when = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).replace(microsecond=0)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
