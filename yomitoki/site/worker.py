"""The build's second process: what MkDocs does not wait for, on the other core.

A first build reads the glossary's terms (for the glossary page, the last
page yomitoki makes), every text of the pages (the analyzer and the ruby
markup, for ``page_readings.py``) and writes each plan's EPUB book
(``books.py``).  None of them is needed before the pages they serve, and
most of them is Python: in a thread of the build they would take turns
with MkDocs for Python's interpreter lock.  A second Python process does
them meanwhile, on the machine's other core (and the build itself never
loads the analyzer):

* :meth:`Worker.start` starts ``python -m yomitoki.site.worker`` when the
  session knows it will make pages (not when they all come from the
  cache); the process loads the analyzer and the dictionaries while the
  plans are parsed;
* :meth:`Worker.submit` sends it a job (a name and its arguments, pickled
  over its standard input, from a thread of its own: the process may still
  be loading); a thread takes each result as it comes (a result left in the
  pipe would hold the worker up), and :meth:`Worker.result` waits for one;
* if the process cannot be started or a job fails there (an error is
  returned, not raised), :meth:`Worker.result` raises :class:`WorkerFailed`
  and the caller does the job itself, where any error is reported as usual.

Jobs are functions of this module's :data:`JOBS` and take plain data: texts,
pages, a :class:`yomitoki.enrich.readings.ReadingEngine` (it pickles in a
millisecond: its dictionaries, not the analyzer).
"""
from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import Any, Callable

__all__ = ["Worker", "WorkerFailed", "read_texts", "read_terms", "text_markup", "make_books"]


class WorkerFailed(Exception):
    """The worker did not do a job (it could not start, it stopped, or the job failed there)."""


# ---------------------------------------------------------------------------
# The jobs (run in the worker, or in the build itself when the worker fails)

def read_texts(engine, texts: dict[str, str], counts: dict[str, int], grade: int | None,
               hold: int = 0) -> tuple[dict[str, str], Callable[[], str]]:
    """The ruby markup of each text (by its marker's content), and a function that gives the
    text of ``search/readings.json``.

    The words of the first ``hold`` characters of text are collected when that function is
    called (the pages need the markup first); the others' as they are read, so that a site
    of many plans never holds all their words at once.
    """
    from ..render.ruby import ruby_html
    from .search import DictionaryBuilder

    builder = DictionaryBuilder()
    markup: dict[str, str] = {}
    held: list = []
    order = list(texts)
    for text, analysis in zip(order, engine.analyse_many(order)):
        markup[texts[text]] = ruby_html(analysis.spans, grade)
        if hold >= len(text):
            hold -= len(text)
            held.append((analysis, counts.get(text, 1)))
        else:
            builder.add(analysis, counts.get(text, 1))

    def words() -> str:
        for analysis, times in held:
            builder.add(analysis, times)
        held.clear()
        return builder.dump()
    return markup, words


def text_markup(engine, inner: str, grade: int | None) -> str:
    """The ruby markup of one marker's content, read on its own (a text no page recorded)."""
    from ..render.escape import unescape
    from ..render.ruby import ruby_html

    return ruby_html(engine.spans(unescape(inner)), grade)


def read_terms(engine, terms: list[str]) -> dict[str, str]:
    """The readings of the glossary's terms (``""`` for one that cannot be read: a reading is a help)."""
    found: dict[str, str] = {}
    for term in terms:
        try:
            found[term] = engine.reading(term) or ""
        except Exception:
            found[term] = ""
    return found


def make_books(books: list[dict], options, markup: Callable[[str], str] | None) -> dict[str, bytes]:
    """Each plan's EPUB book (``books`` holds :func:`yomitoki.render.epub.build_epub`'s arguments), by slug."""
    from ..render.epub import build_epub

    return {book["slug"]: build_epub(**book, markup=markup, options=options) for book in books}


class _State:
    """What the worker keeps between jobs: the engine (one per recipe) and the markup of
    the texts it read (for books with ruby)."""

    engine = None
    recipe: tuple | None = None
    grade: int | None = None
    markup: dict[str, str] = {}
    words: Callable[[], str] | None = None

    def engine_for(self, engine):
        """The engine a job's :class:`yomitoki.site.pipeline.LazyReadingEngine` makes, made once."""
        recipe = engine.recipe() if hasattr(engine, "recipe") else None
        if recipe is None or recipe[0] == "made" or recipe != self.recipe:
            self.engine, self.recipe = engine, recipe
        return self.engine

    def markup_of(self, inner: str) -> str:
        found = self.markup.get(inner)
        if found is None:
            found = self.markup[inner] = text_markup(self.engine, inner, self.grade)
        return found


_state = _State()


def _terms_job(engine, terms):
    return read_terms(_state.engine_for(engine), terms)


# The words of this many characters of text wait for the markup to be sent (about 12 MB of
# analyses per 100,000 characters).
HOLD = 1_000_000


def _readings_job(engine, texts, counts, grade):
    engine = _state.engine_for(engine)
    _state.grade = grade
    _state.markup, _state.words = read_texts(engine, texts, counts, grade, hold=HOLD)
    return _state.markup


def _words_job():
    words, _state.words = _state.words, None
    return words()


def _books_job(books, options, ruby: bool):
    return make_books(books, options, _state.markup_of if ruby and _state.engine is not None else None)


JOBS: dict[str, Callable[..., Any]] = {"terms": _terms_job, "readings": _readings_job, "words": _words_job,
                                       "books": _books_job}


def _preload() -> None:
    """What every job needs, loaded before the first one arrives."""
    from ..enrich import kanji_split, readings
    from ..render import epub, ruby  # noqa: F401  (imported for the jobs)
    from . import search  # noqa: F401

    readings.default_engine().analyse("障害福祉計画")      # the analyzer and the shipped dictionaries
    kanji_split.split_reading("就労", "しゅうろう")        # pykakasi's kanji table


def main() -> int:
    """The worker's loop: a job from standard input, its result to standard output, until the input ends."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr          # nothing else may write into the results
    try:
        _preload()
    except Exception:                # the jobs will say what is wrong
        pass
    # A few jobs, then out: what they make lives until the process ends, and the cyclic
    # garbage collector would walk all of it again and again as it grows.
    gc.disable()
    while True:
        try:
            name, args = pickle.load(source)
        except EOFError:
            sink.flush()
            # Out at once: tearing down what the jobs built (the analyzer's dictionary, the
            # markup of every text) took 60 ms, and the build waits for this process to end.
            os._exit(0)
        try:
            result = ("ok", JOBS[name](*args))
        except BaseException:
            result = ("error", traceback.format_exc())
        pickle.dump(result, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


# ---------------------------------------------------------------------------
# The build's side

class Worker:
    """The build's handle on its worker process.

    A thread takes each result as soon as the worker sends it: a worker whose
    result waits in the pipe for the build to ask for it cannot go on to its
    next job.
    """

    def __init__(self, process: subprocess.Popen):
        self._process = process
        self._sent = 0
        self._results: list = []          # what came back, in the order the jobs were sent
        self._stopped: str | None = None  # why no more results will come
        self._came = threading.Condition()
        self._senders: list[threading.Thread] = []
        threading.Thread(target=self._receive, name="yomitoki-worker-receive", daemon=True).start()

    def _receive(self) -> None:
        while True:
            try:
                result = pickle.load(self._process.stdout)
            except Exception as exc:     # the process ended (EOFError) or wrote something else
                with self._came:
                    self._stopped = f"the worker stopped: {exc!r}"
                    self._came.notify_all()
                return
            with self._came:
                self._results.append(result)
                self._came.notify_all()

    @classmethod
    def start(cls) -> "Worker | None":
        """A new worker process, or None if none can be started."""
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])      # yomitoki importable as in this process
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (root, env.get("PYTHONPATH"))))
        try:
            process = subprocess.Popen([sys.executable, "-m", "yomitoki.site.worker"], env=env,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            return None
        return cls(process)

    def submit(self, name: str, *args) -> int:
        """Send a job; returns its number, for :meth:`result`."""
        data = pickle.dumps((name, args), protocol=pickle.HIGHEST_PROTOCOL)
        ticket = self._sent
        self._sent += 1
        previous = self._senders[-1] if self._senders else None

        def send() -> None:
            if previous is not None:
                previous.join()
            try:
                self._process.stdin.write(data)
                self._process.stdin.flush()
            except (OSError, ValueError):
                pass                      # (result() finds the process gone)

        thread = threading.Thread(target=send, name="yomitoki-worker-send", daemon=True)
        thread.start()
        self._senders.append(thread)
        return ticket

    def result(self, ticket: int):
        """The result of job ``ticket``; :class:`WorkerFailed` if the worker did not do it."""
        with self._came:
            if ticket >= self._sent:
                raise WorkerFailed("no such job was sent")
            while len(self._results) <= ticket and self._stopped is None:
                self._came.wait()
            if len(self._results) <= ticket:
                raise WorkerFailed(self._stopped)
            status, value = self._results[ticket]
            self._results[ticket] = ("taken", None)       # (let the result go)
        if status != "ok":
            raise WorkerFailed(value)
        return value

    def close(self) -> None:
        """End the worker: its input closed, it exits (a worker still busy is stopped).

        The process is reaped in a thread of its own, which Python waits for
        before it exits: the build goes on meanwhile (the system takes 10 ms or
        so to end a process of that size), and the command still ends after its
        worker, whose time and memory count as the build's.
        """
        process = self._process
        with self._came:
            busy = len(self._results) < self._sent
        if busy:
            process.kill()                # (a job nobody waits for)
        try:
            process.stdin.close()
        except OSError:
            pass
        threading.Thread(target=_reap, args=(process,), name="yomitoki-worker-reap").start()


def _reap(process: subprocess.Popen) -> None:
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


if __name__ == "__main__":
    sys.exit(main())
