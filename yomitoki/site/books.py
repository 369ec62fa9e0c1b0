"""The EPUB books of a build: one per plan, next to its overview page.

Made from the site's pages (``render/epub.py``) by the build's worker
process while MkDocs works (``worker.py``), or here at the end of the
build; a rebuild of the same pages takes the books from the document cache.
"""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .. import timing
from ..fsutil import write_atomic
from ..render.output import epub_uri
from .worker import make_books

if TYPE_CHECKING:
    from .cache import DocumentCache
    from .pipeline import Settings, Site

__all__ = ["book_keys", "book_jobs", "write_books"]

_BOOK_SUFFIX = "-epub"


def book_keys(site: "Site", settings: "Settings") -> list[str]:
    """The document cache's keys of the site's books."""
    if not settings.epub.enabled or not site.pages_key:
        return []
    return [_key(site, plan.slug) for plan in site.plans]


def _key(site: "Site", slug: str) -> str:
    return f"{site.pages_key}{_BOOK_SUFFIX}-{slug}"


def book_jobs(site: "Site", settings: "Settings", cache: "DocumentCache | None") -> tuple[dict[str, bytes], list[dict]]:
    """The books the document cache has (by plan slug), and :func:`build_epub`'s arguments for the others."""
    if not settings.epub.enabled:
        return {}, []
    glossary = next((p for p in site.pages if p.src_uri == "glossary.md"), None)
    found: dict[str, bytes] = {}
    jobs: list[dict] = []
    for plan in site.plans:
        key = _key(site, plan.slug) if site.pages_key and cache is not None else None
        data = cache.get(key) if key else None
        if isinstance(data, bytes):
            found[plan.slug] = data
            continue
        pages = [p for p in site.pages if p.plan == plan.slug and p.edition == "standard" and p.src_uri.endswith(".md")]
        jobs.append({"title": plan.title, "slug": plan.slug, "pages": pages, "glossary": glossary,
                     "modified": _modified(settings, plan.path), "source": plan.title})
    return found, jobs


def write_books(site: "Site", settings: "Settings", site_dir: Path, markup: Callable[[str], str] | None,
                cache: "DocumentCache | None", made: dict[str, bytes] | None = None) -> list[Path]:
    """Write ``<slug>/<slug>.epub`` for every plan; returns the files written.

    The books come from the cache, from ``made`` (the worker's, by slug) or are made here.
    """
    if not settings.epub.enabled:
        return []
    written = []
    with timing.stage("epub"):
        found, jobs = book_jobs(site, settings, cache)
        missing = [job for job in jobs if made is None or not isinstance(made.get(job["slug"]), bytes)]
        new = {**(made or {}), **make_books(missing, settings.epub, markup)}
        for plan in site.plans:
            data = found.get(plan.slug)
            if data is None:
                data = new[plan.slug]
                if site.pages_key and cache is not None:
                    cache.put(_key(site, plan.slug), data)
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
