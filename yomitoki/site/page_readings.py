"""The readings of a build's pages, made while MkDocs converts them.

The pages carry ruby markers (:class:`yomitoki.render.ruby.RubyRenderer` without an
engine records every text), so no reading is needed until MkDocs has
converted the pages to HTML.  :class:`PageReadings` has the build's worker
process read the recorded texts meanwhile (``worker.py``: on the machine's
other core, not taking turns with MkDocs for Python's interpreter lock as a
thread would); without a worker, or if it fails, they are read here when
first needed (:func:`yomitoki.site.worker.read_texts` either way).

It gives

* :meth:`PageReadings.finish`: a finished page with its ruby, for
  ``on_post_page`` (it waits for the readings the first time);
* :meth:`PageReadings.words`: the text of ``search/readings.json``
  (``search.py``), made from the same readings;
* :meth:`PageReadings.cache_entries`: what a rebuild of the same pages needs,
  for the document cache: each finished page by the hash of the page MkDocs
  made, the words, and every text's ruby markup.  A rebuild of unchanged
  sources then reads nothing and expands no marker: it finds each finished
  page by its hash (MkDocs makes the same page from the same sources), and
  the markup only if a page changed (another theme setting, say).
"""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Callable, Mapping

from .. import timing
from ..render.escape import unescape
from .worker import WorkerFailed, read_texts

if TYPE_CHECKING:
    from .worker import Worker

__all__ = ["PageReadings", "MAX_FINISHED"]

# Characters of finished pages kept for the next build.  Every page carries
# the whole navigation, so pages grow with the site: a site of 25 pages
# keeps them all (1.1 million characters), one of 1,250 pages (the bundled
# plans fifty times) would keep 625 million, in memory and in the cache.
# Beyond this, pages are finished from the markup table as usual.
MAX_FINISHED = 8_000_000


def page_key(page_html: str) -> bytes:
    """The key of a page MkDocs made (before its ruby), in the finished-page cache."""
    return hashlib.blake2b(page_html.encode("utf-8"), digest_size=20).digest()


class PageReadings:
    """Ruby markup, finished pages and the search-by-reading dictionary of a build.

    ``engine`` reads (a :class:`yomitoki.enrich.readings.ReadingEngine` or a
    :class:`yomitoki.site.pipeline.LazyReadingEngine`); ``texts`` maps each text to
    its marker's content and ``counts`` says how often each text is written
    (``RubyRenderer.texts`` and ``RubyRenderer.counts``); none of them is
    read before :meth:`start`.

    From an earlier build of the same pages (:meth:`cache_entries`):
    ``pages`` (page hash → finished page) and ``words``, and ``markup``, a
    function that loads the texts' markup when a page is not among
    ``pages``.  Then nothing is read.

    ``grade``: the site's ``ruby_grade``, for :func:`yomitoki.render.ruby.ruby_html`.
    """

    def __init__(self, engine, texts: Mapping[str, str], counts: Mapping[str, int] | None = None, *,
                 pages: dict[bytes, str] | None = None, words: str | None = None,
                 markup: Callable[[], dict[str, str] | None] | None = None, grade: int | None = None,
                 worker: "Worker | None" = None):
        self._engine = engine
        self._grade = grade
        self._texts = dict(texts)
        self._counts = counts or {}
        self._markup: dict[str, str] = {}
        self._load_markup = markup
        self._words = words
        self._cached_pages = pages or {}
        self._pages: dict[bytes, str] = {}          # this build's finished pages (MAX_FINISHED characters)
        self._kept = 0
        self._worker = worker
        self._ticket: int | None = None           # the worker's job, once sent
        self._done = not self._texts and words is not None
        # Whether this build made anything worth caching: readings, or a page the cache did not have.
        self.changed = not self._done

    # -- reading ------------------------------------------------------------------

    def start(self) -> None:
        """Have the worker read the texts (nothing to do when the cache had them all)."""
        if self._done or self._ticket is not None or self._worker is None:
            return
        # (a LazyReadingEngine goes as its recipe: the worker makes the engine, the build never does)
        self._ticket = self._worker.submit("readings", self._engine, self._texts, self._counts, self._grade)

    def wait(self) -> None:
        """Until every text is read: the worker's result, or read here (no worker, or it failed)."""
        if self._done:
            return
        with timing.stage("readings"):
            found = None
            if self._ticket is not None and self._worker is not None:
                try:
                    found = self._worker.result(self._ticket)
                except WorkerFailed:
                    found = None
            if found is None:
                found = read_texts(self._engine, self._texts, self._counts, self._grade)
            markup, self._words = found
            self._markup.update(markup)
        self._done = True

    # -- the pages ----------------------------------------------------------------

    def finish(self, page_html: str, default: str = "off") -> str:
        """A page MkDocs made, with its ruby and the toggle's head (:func:`yomitoki.render.ruby.finish_page`)."""
        from ..render.ruby import finish_page, has_markers

        grade = 3 if self._grade is None else self._grade
        if not has_markers(page_html):
            return finish_page(page_html, self.markup, default, grade)      # the head only: nothing to keep
        key = page_key(page_html)
        done = self._cached_pages.get(key)
        keep = self._kept + len(page_html) <= MAX_FINISHED
        if done is None:
            done = finish_page(page_html, self.markup, default, grade)
            self.changed |= keep                # (a page beyond the limit is never kept: no change)
        if keep:
            self._pages[key] = done
            self._kept += len(page_html)
        return done

    def markup(self, inner: str) -> str:
        """The ruby markup (:func:`yomitoki.render.ruby.ruby_html`) of a marker's content."""
        found = self._markup.get(inner)
        if found is None:
            if self._load_markup is not None:
                loaded, self._load_markup = self._load_markup(), None
                self._markup.update(loaded or {})
                found = self._markup.get(inner)
            if found is None:
                self.wait()
                found = self._markup.get(inner)
            if found is None:                  # a text no page recorded: read it now
                from ..render.ruby import ruby_html

                found = self._markup[inner] = ruby_html(self._engine.spans(unescape(inner)), self._grade)
        return found

    def words(self) -> str:
        """The text of ``search/readings.json`` for these texts."""
        self.wait()
        return self._words or ""

    def cache_entries(self) -> tuple[tuple[str, dict[bytes, str]], dict[str, str]]:
        """What a rebuild of the same pages needs: ``(words, finished pages)``, and the texts' markup."""
        self.wait()
        return (self.words(), self._pages), {inner: self._markup[inner]
                                             for inner in self._texts.values() if inner in self._markup}

    def close(self) -> None:
        """Nothing left running (the worker is the session's to end)."""
        self._worker = None
