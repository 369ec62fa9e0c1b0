"""The readings of a build's pages, made while MkDocs converts them.

The pages carry ruby markers (:class:`yomitoki.ruby.RubyRenderer` without an
engine records every text), so no reading is needed until MkDocs has
converted the pages to HTML.  :class:`PageReadings` reads the recorded
texts in a thread meanwhile: the analyzer (Sudachi, ``analyzer.py``)
releases the GIL while it analyses, so on a machine with two cores the
readings cost the build little more than the Python around them.

It gives

* :meth:`PageReadings.markup`: the ruby markup of a marker's content, for
  :func:`yomitoki.ruby.finish_page` in ``on_post_page`` (it waits for the
  thread the first time);
* :meth:`PageReadings.words`: the text of ``search/readings.json``
  (``search_readings.py``), built from the same readings;
* :meth:`PageReadings.table`: every marker's markup, for the document cache,
  so that a rebuild of unchanged sources reads nothing (:meth:`preload`).
"""
from __future__ import annotations

import threading
from typing import Mapping

from . import timing
from .escape import unescape

__all__ = ["PageReadings"]


class PageReadings:
    """Ruby markup and the search-by-reading dictionary for the texts of a build.

    ``engine`` reads (a :class:`yomitoki.readings.ReadingEngine` or a
    :class:`yomitoki.pipeline.LazyReadingEngine`); ``texts`` maps each text to
    its marker's content and ``counts`` says how often each text is written
    (``RubyRenderer.texts`` and ``RubyRenderer.counts``).  ``cached`` is
    :meth:`table` and ``words`` :meth:`words` of an earlier build of the same
    pages: then nothing is read.
    """

    def __init__(self, engine, texts: Mapping[str, str], counts: Mapping[str, int] | None = None,
                 *, cached: dict[str, str] | None = None, words: str | None = None):
        self._engine = engine
        self._texts = dict(texts)
        self._counts = counts or {}
        self._markup: dict[str, str] = dict(cached or {})
        self._words = words
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._done = cached is not None and words is not None and all(
            inner in self._markup for inner in self._texts.values())

    def start(self) -> None:
        """Read the texts in a thread (nothing to do when the cache had them all)."""
        if self._done or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="yomitoki-readings", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._read()
        except BaseException as exc:        # raised again where the markup is asked for
            self._error = exc

    def _read(self) -> None:
        from .ruby import ruby_html
        from .search_readings import DictionaryBuilder

        builder = DictionaryBuilder()
        markup = self._markup
        texts = [text for text, inner in self._texts.items() if inner not in markup]
        for text, analysis in zip(texts, self._engine.analyse_many(texts)):
            markup[self._texts[text]] = ruby_html(analysis.spans)
            builder.add(analysis, self._counts.get(text, 1))
        self._words = builder.dump()

    def wait(self) -> None:
        """Until every text is read (read here if the thread was never started)."""
        if self._done:
            return
        with timing.stage("readings"):
            if self._thread is None:
                self._read()
            else:
                self._thread.join()
        self._done = True
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def markup(self, inner: str) -> str:
        """The ruby markup (:func:`yomitoki.ruby.ruby_html`) of a marker's content."""
        found = self._markup.get(inner)
        if found is None:
            self.wait()
            found = self._markup.get(inner)
            if found is None:               # a text no page recorded (never expected): read it now
                from .ruby import ruby_html

                found = self._markup[inner] = ruby_html(self._engine.spans(unescape(inner)))
        return found

    def words(self) -> str:
        """The text of ``search/readings.json`` for these texts."""
        self.wait()
        return self._words or ""

    def table(self) -> dict[str, str]:
        """Every marker's markup, by marker content (to cache with the pages)."""
        self.wait()
        return {inner: self._markup[inner] for inner in self._texts.values() if inner in self._markup}

    def close(self) -> None:
        """Wait for the thread to end (a build that stops early must not leave it running)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()

