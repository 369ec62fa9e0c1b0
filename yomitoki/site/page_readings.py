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
  for the document cache: the words and every text's ruby markup.  A
  rebuild of unchanged sources then reads nothing: it puts the cached
  markup into the pages MkDocs makes.  (The finished pages are not kept:
  for the bundled plans that was 3.5 MB more for a first build to write.)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Mapping

from .. import timing
from .worker import WorkerFailed, read_texts, text_markup

if TYPE_CHECKING:
    from .worker import Worker

__all__ = ["PageReadings"]


class PageReadings:
    """Ruby markup, finished pages and the search-by-reading dictionary of a build.

    ``engine`` reads (a :class:`yomitoki.enrich.readings.ReadingEngine` or a
    :class:`yomitoki.site.pipeline.LazyReadingEngine`); ``texts`` maps each text to
    its marker's content and ``counts`` says how often each text is written
    (``RubyRenderer.texts`` and ``RubyRenderer.counts``); none of them is
    read before :meth:`start`.

    From an earlier build of the same pages (:meth:`cache_entries`):
    ``words``, and ``markup``, a function that loads the texts' markup (on
    the first page that needs it).  Then nothing is read.

    ``grade``: the site's ``ruby_grade``, for :func:`yomitoki.render.ruby.ruby_html`.
    """

    def __init__(self, engine, texts: Mapping[str, str], counts: Mapping[str, int] | None = None, *,
                 words: str | None = None,
                 markup: Callable[[], dict[str, str] | None] | None = None, grade: int | None = None,
                 worker: "Worker | None" = None):
        self._engine = engine
        self._grade = grade
        self._texts = dict(texts)
        self._counts = counts or {}
        self._markup: dict[str, str] = {}
        self._load_markup = markup
        self._words = words
        self._worker = worker
        self._ticket: int | None = None           # the worker's jobs, once sent: the markup,
        self._words_ticket: int | None = None     # and then the words
        self._read_words: Callable[[], str] | None = None    # the words, when read here
        self._done = not self._texts and words is not None
        # Whether this build read anything (worth caching for the next).
        self.fresh = not self._done

    # -- reading ------------------------------------------------------------------

    def start(self) -> None:
        """Have the worker read the texts (nothing to do when the cache had them all)."""
        if self._done or self._ticket is not None or self._worker is None:
            return
        # (a LazyReadingEngine goes as its recipe: the worker makes the engine, the build never does)
        self._ticket = self._worker.submit("readings", self._engine, self._texts, self._counts, self._grade)
        self._words_ticket = self._worker.submit("words")

    def wait(self) -> None:
        """Until every text's markup is made: the worker's, or made here (no worker, or it failed)."""
        if self._done:
            return
        with timing.stage("readings"):
            markup = None
            if self._ticket is not None and self._worker is not None:
                try:
                    markup = self._worker.result(self._ticket)
                except WorkerFailed:
                    pass                        # read here
            if markup is None:
                self._words_ticket = None
                markup, self._read_words = read_texts(self._engine, self._texts, self._counts, self._grade)
            self._markup.update(markup)
        self._done = True

    # -- the pages ----------------------------------------------------------------

    def finish(self, page_html: str, default: str = "off") -> str:
        """A page MkDocs made, with its ruby and the toggle's head (:func:`yomitoki.render.ruby.finish_page`)."""
        from ..render.ruby import finish_page

        return finish_page(page_html, self.markup, default, 3 if self._grade is None else self._grade)

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
                found = self._markup[inner] = text_markup(self._engine, inner, self._grade)
        return found

    def words(self) -> str:
        """The text of ``search/readings.json`` for these texts."""
        self.wait()
        if self._words is None:
            with timing.stage("readings"):
                if self._words_ticket is not None and self._worker is not None:
                    try:
                        self._words = self._worker.result(self._words_ticket)
                    except WorkerFailed:
                        self._words = None
                if self._words is None:
                    if self._read_words is None:        # the worker made the markup, but not the words
                        _, self._read_words = read_texts(self._engine, self._texts, self._counts, self._grade)
                    self._words = self._read_words()
        return self._words

    def cache_entries(self) -> tuple[str, dict[str, str]]:
        """What a rebuild of the same pages needs: the words, and the texts' markup."""
        self.wait()
        return self.words(), {inner: self._markup[inner] for inner in self._texts.values() if inner in self._markup}

    def close(self) -> None:
        """Nothing left running (the worker is the session's to end)."""
        self._worker = None
