"""One build of the site: everything it holds from ``on_config`` to ``on_post_build``.

The plugin (``plugin.py``) and the thin ``hooks/`` entry both hand MkDocs'
events to a :class:`BuildSession`; nothing of a build lives in module
globals, so ``mkdocs serve`` starts every rebuild afresh.

What a session does with each event:

* ``on_config``: decode and parse the plans, render their pages (from the
  document cache where the sources are unchanged), start reading the
  pages' texts (``page_readings.py``), add the theme templates and the
  assets yomitoki ships, and put the plans into the navigation;
* ``on_files``: hand MkDocs the generated pages and the assets, and a home
  page listing the plans if the project has none;
* ``on_page_markdown``: the list of plans and the accessibility results on
  the hand-written pages that ask for them; a generated page's HTML, made
  from its blocks (``content.py``) and handed over in ``on_page_content``;
* ``on_post_page``: the finished page with its ruby;
* ``on_post_build``: the EPUB books, the search index without ruby markers, the
  search-by-reading dictionary, the caches for the next build.
"""
from __future__ import annotations

import contextlib
import gc
import importlib.resources
import logging
from pathlib import Path

from .. import timing
from ..errors import ConfigError
from .cache import DocumentCache
from .content import PageContent
from .page_readings import PageReadings
from .pipeline import LazyReadingEngine, Settings, Site, build_site
from .worker import Worker, WorkerFailed

__all__ = ["BuildSession", "ASSETS", "templates_dir", "site_nav", "home_page", "fill_page"]

log = logging.getLogger("mkdocs.plugins.yomitoki")

# The assets every site gets (yomitoki/assets/), in the order the pages link them.
ASSETS_CSS = ("assets/yomitoki.css", "assets/a11y.css", "assets/glossary.css", "assets/readaloud.css", "assets/print.css")
ASSETS_JS = ("assets/glossary.js", "assets/readaloud.js")
RUBY_CSS, RUBY_JS = "assets/ruby.css", "assets/ruby.js"
ASSETS = ASSETS_CSS + ASSETS_JS + (RUBY_CSS, RUBY_JS)

PLANS_PLACEHOLDER = "<!-- yomitoki:plans -->"
_WORDS_SUFFIX = "-words"       # cache entries next to the pages': the search words,
_MARKUP_SUFFIX = "-ruby"       # and each text's ruby markup

HOME = """---
title: {title_yaml}
---

# {title}

{placeholder}
"""


def site_nav(site: Site, user_nav: list, home: bool) -> list | None:
    """The site's navigation: the hand-written nav (if any) with the plans after its
    first entry (the home page), or a home page and the plans; None leaves MkDocs' own."""
    if user_nav:
        return user_nav[:1] + site.nav() + user_nav[1:]
    if home:
        return [{"ホーム": "index.md"}] + site.nav()
    return None


def home_page(site_name: str | None) -> str:
    """The home page of a project without one: its name and the list of its plans."""
    import json

    from ..render.escape import escape

    title = site_name or "計画"
    return HOME.format(title_yaml=json.dumps(title, ensure_ascii=False), title=escape(title), placeholder=PLANS_PLACEHOLDER)


def fill_page(markdown: str, src_uri: str, site: Site, docs_dir: Path) -> str:
    """Generated parts of a hand-written page: the list of plans, the latest accessibility test result."""
    from .a11y_report import PLACEHOLDER as A11Y_PLACEHOLDER, inject_results

    if PLANS_PLACEHOLDER in markdown:
        markdown = markdown.replace(PLANS_PLACEHOLDER, site.plan_list(src_uri))
    if A11Y_PLACEHOLDER in markdown:
        markdown = inject_results(markdown, Path(docs_dir) / "assets" / "a11y-results.json")
    return markdown


def templates_dir() -> Path:
    """The theme templates yomitoki adds to Material's (skip links, the 404 page, the toc)."""
    return Path(str(importlib.resources.files("yomitoki") / "templates"))


def _asset(uri: str) -> bytes:
    return (importlib.resources.files("yomitoki") / uri).read_bytes()


@contextlib.contextmanager
def _long_lived():
    """No garbage collection while yomitoki builds; what it built is then frozen.

    The pipeline allocates many objects that live until the build ends (the
    documents, the pages); without this, every collection MkDocs triggers
    later walks them all again.  :meth:`BuildSession.close` unfreezes them,
    so ``mkdocs serve`` frees one build's objects before the next.
    """
    gc.disable()
    try:
        yield
    except BaseException:
        gc.enable()
        raise
    gc.freeze()
    gc.enable()


class BuildSession:
    """The state of one build.  Make it with :meth:`start` in ``on_config``."""

    def __init__(self, settings: Settings, config_dir: Path):
        self.settings = settings
        self.config_dir = Path(config_dir)
        self.engine = LazyReadingEngine(settings)
        self.documents = DocumentCache.for_project(self.config_dir)
        self.site: Site | None = None
        self.readings: PageReadings | None = None
        self.home = False               # the project has no index.md: the session writes one
        self.content: PageContent | None = None     # the generated pages' HTML (content.py)
        self.worker: Worker | None = None           # the second process of a build that makes pages (worker.py)
        self._books: int | None = None              # the worker's job for the EPUB books

    # -- on_config ---------------------------------------------------------------

    @classmethod
    def start(cls, settings: Settings, config) -> "BuildSession":
        """A session for the build of ``config``: the plans parsed and rendered, the readings begun."""
        if config.theme.name != "material":
            raise ConfigError("yomitoki は Material for MkDocs のテーマで使います。mkdocs.yml に "
                              "「theme: name: material」と書いてください"
                              f"（今は「{config.theme.name}」です）。")
        session = cls(settings, Path(config.config_file_path).parent)
        timing.reset()
        with _long_lived():
            session._build()
        session._configure(config)
        return session

    def _build(self) -> None:
        settings, engine, documents = self.settings, self.engine, self.documents
        engine.check()      # a mistake in the staff's readings.tsv stops every build, here
        ruby = None
        if settings.ruby.enabled:
            # The pages carry markers; the readings are made while MkDocs
            # converts the pages (page_readings.py) and put in on_post_page.
            from ..render.ruby import RubyRenderer

            ruby = RubyRenderer()
        # Parsed documents and finished pages are cached in .yomitoki-cache/
        # by content hash; the pages also by everything that changes a reading.
        render_key = f"{settings.ruby!r} readings={engine.fingerprint()}"
        start_readings = (lambda: self._start_readings(ruby)) if ruby is not None else None
        self.site = build_site(settings, ruby=ruby, engine=engine, cache=documents,
                               render_key=render_key, store_pages=ruby is None, starting=self._start_worker,
                               terms_reader=self._terms_reader, recorded_all=start_readings)
        if ruby is not None:
            if not self.site.fresh:
                self.readings = self._cached_readings()
                if self.readings is None:       # the pages' ruby is not in the cache: make the site again
                    self.site = build_site(settings, ruby=ruby, engine=engine, cache=documents,
                                           render_key=render_key, store_pages=False, reuse=False,
                                           starting=self._start_worker, terms_reader=self._terms_reader,
                                           recorded_all=start_readings)
            if self.readings is None:
                self._start_readings(ruby)
        with timing.stage("cache"):
            from .books import book_jobs, book_keys

            documents.keep(book_keys(self.site, settings))      # read at the end of the build
            if self.worker is not None:
                _, jobs = book_jobs(self.site, settings, documents)
                if jobs:
                    self._books = self.worker.submit("books", jobs, settings.epub, settings.epub.ruby)
            documents.prune()
        log.info(documents.summary())
        # Staff see what to review in the build log; `yomitoki check` lists it in full.
        # (INFO, not WARNING: a plan with a stray bracket must still build with --strict.)
        for note in self.site.skipped:
            log.info("注意: %s", note)
        for plan in self.site.plans:
            for w in plan.warnings:
                # Damaged bytes (shown as 〓) are an ERROR: `mkdocs build --strict` stops on them and
                # `mkdocs build -q` shows them; every other note is INFO (`yomitoki check` lists them all).
                if w.kind == "damaged":
                    log.error("直してください: %s の %d 行目: %s", w.path, w.line, w.message)
                else:
                    log.info("注意: %s の %d 行目: %s", w.path, w.line, w.message)

    def _start_worker(self) -> None:
        """The second process, for a build that makes its pages (not one served from the cache)."""
        if self.worker is None and (self.settings.ruby.enabled or self.settings.epub.enabled):
            self.worker = Worker.start()

    def _start_readings(self, ruby) -> None:
        """The readings of every text the pages record, begun in the worker as soon as all are recorded."""
        self.readings = PageReadings(self.engine, ruby.texts, ruby.counts, grade=self.settings.ruby.grade,
                                     worker=self.worker)
        self.readings.start()

    def _terms_reader(self, engine, terms: list[str]):
        """The glossary terms' readings, read by the worker while the pages are made (None: read here)."""
        if self.worker is None or not terms:
            return None
        ticket = self.worker.submit("terms", engine, terms)
        found: dict[str, str] = {}
        asked: list[bool] = []

        def reader(term: str) -> str:
            if not asked:
                asked.append(True)
                try:
                    found.update(self.worker.result(ticket))
                except WorkerFailed:
                    pass                # read here instead
            if term in found:
                return found[term]
            return engine.reading(term)
        return reader

    def _cached_readings(self) -> PageReadings | None:
        """The readings of a site served from the cache: its words, its markup when a page needs it."""
        key, documents = self.site.pages_key, self.documents
        if key is None:
            return None
        with timing.stage("cache"):
            words = documents.get(key + _WORDS_SUFFIX)
        if not isinstance(words, str):
            return None

        def markup() -> dict | None:
            with timing.stage("cache"):
                table = documents.get(key + _MARKUP_SUFFIX)
            return table if isinstance(table, dict) else None

        documents.keep([key + _MARKUP_SUFFIX])        # read only when needed, kept all the same
        return PageReadings(self.engine, {}, words=words, markup=markup, grade=self.settings.ruby.grade)

    def _configure(self, config) -> None:
        """The templates, the assets and the navigation yomitoki adds to the site's configuration."""
        theme_dirs = config.theme.dirs
        templates = str(templates_dir())
        if templates not in theme_dirs:
            # after the project's own custom_dir (it may override ours), before Material's
            theme_dirs.insert(1 if config.theme.custom_dir else 0, templates)
        wanted_css = ASSETS_CSS + ((RUBY_CSS,) if self.settings.ruby.enabled else ())
        wanted_js = ASSETS_JS + ((RUBY_JS,) if self.settings.ruby.enabled else ())
        for uri in wanted_css:
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        for uri in wanted_js:
            if uri not in [str(script) for script in config.extra_javascript]:
                config.extra_javascript.append(uri)
        docs = Path(config.docs_dir)
        self.home = not (docs / "index.md").is_file() and not (docs / "README.md").is_file()
        nav = site_nav(self.site, list(config.nav or []), self.home)
        if nav is not None:
            config.nav = nav

    # -- the other events ---------------------------------------------------------

    def files(self, files, config):
        """The generated pages, the assets the project does not have itself, a home page if it has none."""
        from mkdocs.structure.files import File, InclusionLevel

        self.content = PageContent(config, (page.src_uri for page in self.site.pages))
        for page in self.site.pages:
            # Narration twins are reached from their standard page, not the nav.
            inclusion = InclusionLevel.NOT_IN_NAV if page.edition == "narration" else InclusionLevel.UNDEFINED
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        for uri in ASSETS:
            if uri in (RUBY_CSS, RUBY_JS) and not self.settings.ruby.enabled:
                continue
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=_asset(uri)))
        if self.home:
            files.append(File.generated(config, "index.md", content=home_page(config.site_name)))
        return files

    def page_markdown(self, markdown: str, page, config) -> str:
        """Generated parts of hand-written pages (:func:`fill_page`); nothing for MkDocs to
        convert on a generated page (its HTML is made here: :class:`PageContent`)."""
        if self.content is not None:
            taken = self.content.take(markdown, page)
            if taken is not markdown:
                return taken
        return fill_page(markdown, page.file.src_uri, self.site, Path(config.docs_dir))

    def page_content(self, content: str, page) -> str:
        """A generated page's HTML, table of contents and anchors (:class:`PageContent`)."""
        return self.content.give(content, page) if self.content is not None else content

    def post_page(self, output: str) -> str:
        """The finished page: its markers turned into ruby (see :class:`PageReadings`)."""
        if self.readings is None:
            return output
        with timing.stage("ruby-html"):
            return self.readings.finish(output, self.settings.ruby.default)

    def post_build(self, config) -> None:
        """The search files, and the caches for the next build."""
        if self.readings is not None:
            from . import search

            with timing.stage("search"):
                search.clean_search_index(config.site_dir)
                search.write_readings(config.site_dir, self.readings.words())
        self._write_books(config)
        if self.readings is not None:
            self._store_pages()
        self.close()
        timing.write()

    def _write_books(self, config) -> None:
        """Each plan's EPUB book, from the pages (``books.py``)."""
        from .books import write_books

        if self.site is not None:
            made = None
            if self._books is not None:
                try:
                    made = self.worker.result(self._books)
                except WorkerFailed:
                    made = None         # made here instead
            markup = self.readings.markup if self.readings is not None and self.settings.epub.ruby else None
            write_books(self.site, self.settings, Path(config.site_dir), markup, self.documents, made)

    def _store_pages(self) -> None:
        """Cache what a rebuild of this build's pages needs: the site, the words, the markup."""
        site, readings = self.site, self.readings
        if site is None or site.pages_key is None or readings is None or not (site.fresh or readings.fresh):
            return
        with timing.stage("cache"):
            words, markup = readings.cache_entries()
            if site.fresh:
                self.documents.put(site.pages_key, site.cache_entry())
            self.documents.put(site.pages_key + _WORDS_SUFFIX, words)
            if markup:
                self.documents.put(site.pages_key + _MARKUP_SUFFIX, markup)
        site.fresh = False

    def close(self) -> None:
        """End the build's work (the worker process) and let its objects go (idempotent)."""
        if self.readings is not None:
            self.readings.close()
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.close()
        gc.unfreeze()

    def watch(self, server) -> None:
        """``mkdocs serve`` rebuilds when a source text or the reading dictionary changes."""
        server.watch(str(self.settings.source_dir))
        if self.settings.user_dictionary is not None:
            server.watch(str(self.settings.user_dictionary))
