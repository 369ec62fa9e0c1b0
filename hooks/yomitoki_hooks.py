"""MkDocs hooks: hand yomitoki's generated pages and navigation to MkDocs.

All the work happens in the ``yomitoki`` package; these hooks only connect
its pipeline to MkDocs events.
"""
from __future__ import annotations

import contextlib
import gc
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from yomitoki.site import search as search_readings

from yomitoki import timing
from yomitoki.site.a11y_report import MARKER as A11Y_MARKER, inject_results
from yomitoki.site.cache import DocumentCache
from yomitoki.errors import YomitokiError
from yomitoki.site.page_readings import PageReadings
from yomitoki.site.pipeline import LazyReadingEngine, Settings, Site, build_site
from yomitoki.render.ruby import RubyRenderer

log = logging.getLogger("mkdocs.hooks.yomitoki")
_site: Site | None = None
_settings: Settings | None = None
_readings: PageReadings | None = None
_documents: DocumentCache | None = None
_PAGES_SUFFIX = "-finished"    # cache entries next to the pages': the search words and the finished pages,
_MARKUP_SUFFIX = "-ruby"       # and each text's ruby markup (read only if a page is not among the finished)


@contextlib.contextmanager
def _long_lived():
    """No garbage collection while yomitoki builds; what it built is then frozen.

    The pipeline allocates many objects that live until the build ends (the
    documents, the pages); without this, every collection MkDocs triggers
    later walks them all again.  :func:`on_post_build` unfreezes them, so
    ``mkdocs serve`` frees one build's objects before the next.
    """
    gc.disable()
    try:
        yield
    except BaseException:
        gc.enable()
        raise
    gc.freeze()
    gc.enable()


def _build(config, config_dir: Path) -> None:
    global _site, _settings, _readings, _documents
    timing.reset()
    _finish_readings()
    try:
        _settings = settings = Settings.from_config(config.extra.get("yomitoki"), config_dir)
        # Made on first use: a build served from the cache never reads.
        engine = LazyReadingEngine(settings)
        engine.check()      # but a mistake in the staff's readings.tsv stops every build, here
        ruby = None
        if settings.ruby.enabled:
            # The pages carry markers; the readings are made while MkDocs
            # converts the pages (page_readings.py) and put in on_post_page.
            ruby = RubyRenderer()
            for asset, where in (("assets/ruby.css", config.extra_css), ("assets/ruby.js", config.extra_javascript)):
                if asset not in where:
                    where.append(asset)
        # Parsed documents and finished pages are cached in .yomitoki-cache/
        # by content hash; the pages also by everything that changes a reading.
        _documents = documents = DocumentCache.for_project(config_dir)
        render_key = f"{settings.ruby!r} readings={engine.fingerprint()}"
        _site = build_site(settings, ruby=ruby, engine=engine, cache=documents,
                           render_key=render_key, store_pages=ruby is None)
        if ruby is not None:
            if not _site.fresh:
                _readings = _cached_readings(engine, documents, _site.pages_key)
                if _readings is None:           # the pages' ruby is not in the cache: make the site again
                    _site = build_site(settings, ruby=ruby, engine=engine, cache=documents,
                                       render_key=render_key, store_pages=False, reuse=False)
            if _readings is None:
                _readings = PageReadings(engine, ruby.texts, ruby.counts)
            _readings.start()
        with timing.stage("cache"):
            documents.prune()
    except YomitokiError as exc:
        _finish_readings()
        raise PluginError(str(exc)) from None
    log.info(documents.summary())
    # Staff see what to review in the build log; `yomitoki check` lists it in full.
    # (INFO, not WARNING: a plan with a stray bracket must still build with --strict.)
    for note in _site.skipped:
        log.info("注意: %s", note)
    for plan in _site.plans:
        for w in plan.warnings:
            log.info("注意: %s の %d 行目: %s", w.path, w.line, w.message)


def _cached_readings(engine, documents: DocumentCache, pages_key: str | None) -> PageReadings | None:
    """The readings of a site served from the cache: its finished pages and words, its markup on demand."""
    if pages_key is None:
        return None
    with timing.stage("cache"):
        entry = documents.get(pages_key + _PAGES_SUFFIX)
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], dict)):
        return None

    def markup() -> dict | None:
        with timing.stage("cache"):
            table = documents.get(pages_key + _MARKUP_SUFFIX)
        return table if isinstance(table, dict) else None

    documents.keep([pages_key + _MARKUP_SUFFIX])        # read only when needed, kept all the same

    return PageReadings(engine, {}, pages=entry[1], words=entry[0], markup=markup)


def on_config(config):
    config_dir = Path(config.config_file_path).parent
    with _long_lived():
        _build(config, config_dir)
    # The hand-written nav (if any) first, the plans after the home page.
    user_nav = list(config.nav or [])
    if user_nav:
        config.nav = user_nav[:1] + _site.nav() + user_nav[1:]
    return config


def on_files(files, config):
    assert _site is not None
    for page in _site.pages:
        # Narration twins are reached from their standard page, not the nav.
        inclusion = InclusionLevel.NOT_IN_NAV if page.edition == "narration" else InclusionLevel.UNDEFINED
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
    return files


def on_page_markdown(markdown, page, config, files):
    """Generated parts of hand-written pages: the list of plans, the latest accessibility test result."""
    if _site is not None and "<!-- yomitoki:plans -->" in markdown:
        markdown = markdown.replace("<!-- yomitoki:plans -->", _site.plan_list(page.file.src_uri))
    if A11Y_MARKER in markdown:
        try:
            markdown = inject_results(markdown, Path(config.docs_dir) / "assets" / "a11y-results.json")
        except YomitokiError as exc:
            raise PluginError(str(exc)) from None
    return markdown


def on_post_page(output, page, config):
    # The Markdown carried markers; the finished page gets <ruby>.
    if _readings is not None:
        with timing.stage("ruby-html"):
            try:
                output = _readings.finish(output, _settings.ruby.default)
            except YomitokiError as exc:
                raise PluginError(str(exc)) from None
    return output


def _finish_readings() -> None:
    global _readings
    if _readings is not None:
        _readings.close()
        _readings = None


def _store_pages() -> None:
    """Cache what a rebuild of this build's pages needs: the site, the finished pages and words, the markup."""
    if _site is None or _site.pages_key is None or _documents is None or _readings is None:
        return
    if not (_site.fresh or _readings.changed):
        return
    with timing.stage("cache"):
        finished, markup = _readings.cache_entries()
        if _site.fresh:
            _documents.put(_site.pages_key, _site.cache_entry())
        _documents.put(_site.pages_key + _PAGES_SUFFIX, finished)
        if markup:
            _documents.put(_site.pages_key + _MARKUP_SUFFIX, markup)
    _site.fresh = False


def on_post_build(config):
    if _readings is not None:
        with timing.stage("search"):
            search_readings.clean_search_index(config.site_dir)
            search_readings.write_readings(config.site_dir, _readings.words())
        _store_pages()
    _finish_readings()
    gc.unfreeze()
    timing.write()


def on_build_error(error):
    _finish_readings()
    gc.unfreeze()


def on_serve(server, config, builder):
    """``mkdocs serve`` rebuilds when a source text or the reading dictionary changes."""
    if _settings is not None:
        server.watch(str(_settings.source_dir))
        if _settings.user_dictionary is not None:
            server.watch(str(_settings.user_dictionary))
    return server
