"""Readings in a second process while the main one parses and MkDocs converts pages.

With late ruby (:func:`yomitoki.ruby.late_html`), no page needs a reading
until MkDocs has converted every page to HTML, so the readings of a cold
build (about 0.3 s for the bundled texts, after importing pykakasi) can be
made in a second process meanwhile:

1. :meth:`LateReadings.start` forks a worker when the first plan has been
   decoded and hands it each source text: while the main process parses,
   the worker looks up the words of the text's chunks
   (:func:`yomitoki.readings.prefetch`), a slice at a time, giving way to
   any request;
2. :meth:`LateReadings.expect` hands it the glossary's terms as soon as the
   plans are parsed; :meth:`LateReadings.reading` takes their readings when
   the glossary page is made;
3. :meth:`LateReadings.submit` sends every text the pages carry that the
   reading cache does not know yet, and returns at once;
4. :meth:`LateReadings.markup`, called by :func:`yomitoki.ruby.expand_ruby`
   from ``on_post_page``, takes the worker's answer (spans and their markup)
   once and then answers from memory and the reading cache;
5. :meth:`LateReadings.add_content` passes each page's content back to
   the worker as MkDocs converts it; the worker puts in the ruby and builds
   the search-by-reading dictionary
   (:class:`yomitoki.search_readings.DictionaryBuilder`) while MkDocs
   converts and writes the rest; :meth:`LateReadings.request_words` asks
   for it once every page is converted, :meth:`LateReadings.words` takes it.

The worker ends with the build and is killed, not left to free what it
read object by object.  Where processes cannot be forked (Windows, macOS's
default), on a single processor, with ``YOMITOKI_PARALLEL=0`` or when the
worker fails, everything is read in the main process: slower, never
different.
"""
from __future__ import annotations

import logging
import os
import queue
import time
from typing import TYPE_CHECKING, Mapping

from . import timing
from .escape import unescape
from .ruby import expand_ruby, has_markers, pack_spans, page_ruby_html, spells

if TYPE_CHECKING:
    from .readings import RubySpan

__all__ = ["LateReadings"]

log = logging.getLogger("mkdocs.hooks.yomitoki")
_TIMEOUT = 600          # seconds without an answer before the main process reads on its own


_PREFETCH_SLICE = 64    # chunks looked up between two looks at the request queue


def _serve(engine, requests, results) -> None:
    """The worker: load the dictionary, then answer requests until None.

    Requests are ``(kind, data)``: ``prefetch`` (a source text), ``reading``
    (a list of texts), ``spans`` (a list of (text, marker content) pairs),
    ``content`` (a page's source URI and its content with late markers) and
    ``words``.
    Prefetching is done a slice at a time and gives way to any other
    request; once the pages' texts arrive (``spans``) it is no use and is
    dropped.
    """
    import gc

    gc.disable()                        # short-lived, allocates much, frees nothing
    try:
        from .kakasi import kanji_reader
        from .readings import chunks_to_read, prefetch
        from .search_readings import DictionaryBuilder

        kanji_reader()
        words = DictionaryBuilder()
        with_ruby: set[str] = set()     # pages whose content has ruby
        markup_by_marker: dict[str, str] = {}

        def markup_of(inner: str) -> str:
            """A late marker's markup (texts the reading cache knew were not sent: read here)."""
            markup = markup_by_marker.get(inner)
            if markup is None:
                markup = markup_by_marker[inner] = page_ruby_html(engine.spans(unescape(inner)))
            return markup

        backlog: list[str] = []         # chunks still to prefetch, last first
        while True:
            if backlog:
                try:
                    message = requests.get_nowait()
                except queue.Empty:
                    prefetch(backlog[-1:-_PREFETCH_SLICE - 1:-1])
                    del backlog[-_PREFETCH_SLICE:]
                    continue
            else:
                message = requests.get()
            if message is None:
                break
            kind, texts = message
            if kind == "prefetch":              # a source text, before its pages ask
                backlog[:0] = reversed(chunks_to_read(texts))
                continue
            if kind == "content":               # a page's content, for search by reading
                uri, content = texts
                page = expand_ruby(content, markup_of)
                if "<ruby>" in page:
                    words.add(page)
                    with_ruby.add(uri)
                continue
            if kind == "words":                 # the readings file's text, ready to write
                results.put((kind, (words.dump(), with_ruby)))
                continue
            if kind == "spans":                 # (text, its marker's content) pairs
                backlog.clear()
                start = time.perf_counter()
                made = []
                for text, inner in texts:
                    spans = engine.spans(text)
                    markup = markup_by_marker[inner] = page_ruby_html(spans)
                    packed = pack_spans(spans)
                    if not spells(packed, text):      # checked here, off the main process's path
                        raise ValueError(f"spans do not add up to the text: {text!r}")
                    made.append((packed, markup))
                answer = (made, time.perf_counter() - start)
            else:
                answer = [engine.reading(t) for t in texts]
            results.put((kind, answer))
    except BaseException as exc:        # reported to the main process, which reads in-process
        try:
            results.put(("error", f"{type(exc).__name__}: {exc}"))
        except BaseException:
            pass
    finally:
        results.close()
        results.join_thread()


class LateReadings:
    """Spans for late ruby markers, from the reading cache and a worker process.

    ``cache`` is the :class:`yomitoki.ruby.ReadingCache` of the build (its
    ``engine`` makes the readings, here or in the worker).
    """

    def __init__(self, cache, *, parallel: bool | None = None):
        self.cache = cache
        self.engine = cache.engine
        if parallel is None:
            # YOMITOKI_PARALLEL=0 reads everything in this process (same results).
            parallel = (os.environ.get("YOMITOKI_PARALLEL", "1") != "0"
                        and hasattr(os, "fork")
                        and (os.cpu_count() or 1) > 1)
        self.parallel = parallel
        self._process = None
        self._requests = None
        self._results = None
        self._submitted: list[tuple[str, str]] | None = None   # (text, marker content) sent
        self._markup: dict[str, str] = {}       # marker content (escaped text) -> markup
        self._expected: list[str] | None = None  # texts sent by expect(), answer not yet taken
        self._read: dict[str, str] = {}         # their readings
        self._words_asked = False               # a "words" request not yet answered

    # -- worker ---------------------------------------------------------------

    def start(self, text: str | None = None) -> None:
        """Fork the worker (once); it starts reading ``text`` ahead at once.

        ``text`` is a source text about to be parsed: the worker looks up the
        words of its chunks (:func:`yomitoki.readings.prefetch`) while the
        main process parses, so that most are known when the pages ask.
        """
        if not self.parallel:
            return
        if self._process is None:
            self._fork()
        if text and self._process is not None:
            self._requests.put(("prefetch", text))

    def _fork(self) -> None:
        try:
            # The staff's readings.tsv is read here, so that a mistake in it
            # stops the build with its message.  An engine that can check it
            # alone (pipeline.LazyReadingEngine) is made in the worker.
            engine = self.engine
            check = getattr(engine, "check", None)
            if check is not None:
                check()
            else:
                engine = getattr(engine, "engine", engine)
            import multiprocessing      # (only when there is something to read)

            ctx = multiprocessing.get_context("fork")
            self._requests, self._results = ctx.Queue(), ctx.Queue()
            self._process = ctx.Process(target=_serve, args=(engine, self._requests, self._results),
                                        name="yomitoki-readings", daemon=True)
            self._process.start()
        except OSError as exc:
            log.info("ふりがなを別のプロセスで作れませんでした（%s）。このプロセスで作ります。", exc)
            self._stop()
            self.parallel = False

    def _ask(self, kind: str, texts: list) -> bool:
        """Send a request; False when there is no worker."""
        if self._process is None:
            return False
        self._requests.put((kind, texts))
        return True

    def _answer(self, kind: str):
        """The worker's next answer, or None when it failed (then it is stopped)."""
        deadline = time.monotonic() + _TIMEOUT
        while True:
            try:
                got_kind, answer = self._results.get(timeout=0.2)
                break
            except queue.Empty:
                if not self._process.is_alive():
                    got_kind, answer = "error", f"終了コード {self._process.exitcode}"
                    break
                if time.monotonic() > deadline:
                    got_kind, answer = "error", f"{_TIMEOUT} 秒たっても答えがありません"
                    break
            except Exception as exc:        # EOFError, a broken pipe
                got_kind, answer = "error", f"{type(exc).__name__}: {exc}"
                break
        if got_kind != kind:
            log.info("ふりがなの別プロセスが止まりました（%s）。このプロセスで作ります。", answer)
            self._stop()
            return None
        return answer

    def _stop(self) -> None:
        # Nothing the worker holds is needed any more: end it at once rather
        # than let it free its dictionary.
        process, self._process = self._process, None
        if process is not None:
            if process.exitcode is None:
                process.kill()
            process.join()
        for q in (self._requests, self._results):
            if q is not None:
                q.cancel_join_thread()      # never wait to flush into a pipe nobody reads
                q.close()
        self._requests = self._results = None

    def kill(self) -> None:
        """End the worker without waiting for it (:meth:`close` waits).

        The system frees its memory meanwhile; call it as soon as nothing
        more is asked of the worker."""
        if self._process is not None and self._process.exitcode is None:
            self._process.kill()

    def close(self) -> None:
        """Stop the worker (idempotent); call when the build ends."""
        self._submitted = None
        self._expected = None
        self._stop()

    # -- readings ---------------------------------------------------------------

    def reading(self, text: str) -> str:
        """The whole text in hiragana (for the glossary page), through the cache."""
        return self.readings([text])[0]

    __call__ = reading

    def expect(self, texts: list[str]) -> None:
        """Texts :meth:`reading` will be asked for: the worker reads them now.

        (The glossary's terms, known once the plans are parsed; the glossary
        page asks for their readings after every plan page is rendered.)
        """
        self._take_expected()
        missing = [t for t in dict.fromkeys(texts) if self.cache.peek(t) is None]
        if missing and self._ask("reading", missing):
            self._expected = missing

    def _take_expected(self) -> None:
        """Collect the worker's answer to :meth:`expect`, if one is due."""
        texts, self._expected = self._expected, None
        if texts:
            with timing.stage("readings"):
                answer = self._answer("reading")
            if answer is not None:
                self._read.update(zip(texts, answer))

    def readings(self, texts: list[str]) -> list[str]:
        from .readings import spans_reading

        self._take_expected()
        out: list[str | None] = [None] * len(texts)
        missing = []
        for i, text in enumerate(texts):
            spans = self.cache.peek(text)
            if spans is not None:
                out[i] = spans_reading(spans)
            elif text in self._read:
                out[i] = self._read[text]
            else:
                missing.append(i)
        if missing:
            answer = None
            if self._ask("reading", [texts[i] for i in missing]):
                with timing.stage("readings"):
                    answer = self._answer("reading")
            for n, i in enumerate(missing):
                out[i] = answer[n] if answer is not None else self.cache.reading(texts[i])
        return out

    def submit(self, texts: Mapping[str, str]) -> int:
        """Send the texts the cache does not know to the worker; returns how many.

        ``texts`` maps each text to its marker's content (``RubyRenderer.texts``).
        """
        self._take_expected()
        missing = [(text, inner) for text, inner in texts.items() if not self.cache.knows(text)]
        if missing and self._ask("spans", missing):
            self._submitted = missing
        elif self._process is not None:
            self._stop()                    # nothing to read: the dictionary is not needed
        return len(missing)

    def _collect(self) -> None:
        texts, self._submitted = self._submitted, None
        with timing.stage("readings"):
            answer = self._answer("spans")
        if answer is not None:
            made, seconds = answer
            for (text, inner), (spans, markup) in zip(texts, made):
                self.cache.store(text, spans, checked=True)     # (by the worker)
                self._markup[inner] = markup
            self.cache.engine_seconds += seconds    # spent in the worker, for the build log

    # -- search by reading ---------------------------------------------------------

    def add_content(self, uri: str, content: str) -> None:
        """A page's content as MkDocs converted it, late markers and all, for the
        search-by-reading dictionary: the worker puts in the ruby and builds
        the dictionary while MkDocs converts and writes the other pages."""
        if self._process is not None and has_markers(content):
            self._requests.put(("content", (uri, content)))

    def request_words(self) -> None:
        """Ask for the dictionary now (every page's content has been given), so
        that the worker makes it while MkDocs writes the pages; :meth:`words`
        takes it."""
        if self._process is not None and not self._words_asked:
            self._requests.put(("words", None))
            self._words_asked = True

    def words(self, pages_with_ruby: set[str]) -> str | None:
        """The search-by-reading dictionary of the contents given to
        :meth:`add_content`, as the text of ``search/readings.json``
        (:meth:`yomitoki.search_readings.DictionaryBuilder.dump`), if exactly the
        pages ``pages_with_ruby`` (by source URI) had ruby; otherwise None."""
        if self._process is None:
            return None
        self._take_expected()
        self.request_words()
        self._words_asked = False
        answer = self._answer("words")
        if answer is None:
            return None
        words, with_ruby = answer
        return words if with_ruby == pages_with_ruby else None

    def spans(self, text: str) -> list[RubySpan]:
        """The spans of a text (the cache computes what nobody sent)."""
        if self._submitted is not None:
            self._collect()
        return self.cache.spans(text)

    def markup(self, inner: str) -> str:
        """:func:`yomitoki.ruby.page_ruby_html` for a late marker's content (escaped text)."""
        markup = self._markup.get(inner)
        if markup is None and self._submitted is not None:
            self._collect()
            markup = self._markup.get(inner)
        if markup is None:
            markup = page_ruby_html(self.spans(unescape(inner)))
            self._markup[inner] = markup
        return markup

    def markup_table(self) -> dict[str, str]:
        """Every marker's markup made or used in this build, by marker content (to cache with the pages)."""
        return dict(self._markup)

    def preload(self, table: dict[str, str]) -> None:
        """Markup cached with the pages (:meth:`markup_table` of an earlier build)."""
        self._markup.update(table)
