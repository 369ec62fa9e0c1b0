"""MkDocs hooks: hand yomitoki's generated pages and navigation to MkDocs.

All the work happens in the ``yomitoki`` package; these hooks only connect
its pipeline to MkDocs events.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from yomitoki import search_readings, timing
from yomitoki.cache import DocumentCache
from yomitoki.a11y_report import MARKER as A11Y_MARKER, inject_results
from yomitoki.errors import SourceError
from yomitoki.pipeline import LazyReadingEngine, Settings, Site, build_site
from yomitoki.reading_worker import LateReadings
from yomitoki.ruby import CACHE_DIR, ReadingCache, RubyRenderer, engine_fingerprint, finish_page

log = logging.getLogger("mkdocs.hooks.yomitoki")
_site: Site | None = None
_settings: Settings | None = None
_cache: ReadingCache | None = None
_late: LateReadings | None = None
_documents: DocumentCache | None = None
_ruby_pages: dict[str, bytes] = {}  # source URI -> SHA-256 of each finished page with ruby in this build
_MARKUP_SUFFIX = "-ruby"       # cache entry next to the pages': text -> finished ruby markup


@contextlib.contextmanager
def _long_lived():
    """No garbage collection while yomitoki builds; what it built is then frozen.

    The pipeline allocates many objects that live until the build ends (the
    documents, the pages, pykakasi's dictionaries); without this, every
    collection MkDocs triggers later walks them all again (a cold build of
    the bundled site takes 0.8 s longer).  :func:`on_post_build` unfreezes
    them, so ``mkdocs serve`` frees one build's objects before the next.
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
    global _site, _settings, _cache, _late, _documents
    timing.reset()
    _finish_readings()
    _ruby_pages.clear()
    try:
        _settings = settings = Settings.from_config(config.extra.get("yomitoki"), config_dir)
        # Made on first use: a build served from the caches never reads a dictionary.
        engine = LazyReadingEngine(settings)
        engine.check()      # but a mistake in the staff's readings.tsv stops every build, here
        ruby = None
        reader = engine.reading
        _cache = None
        if settings.ruby.enabled:
            # Readings are cached across builds in .yomitoki-cache/ (safe to delete).
            with timing.stage("readings"):
                _cache = ReadingCache.for_project(engine, config_dir)
            # Late ruby: pages carry their texts; the readings are made in a
            # second process while MkDocs converts the pages (reading_worker.py).
            ruby = RubyRenderer(_cache.engine, _cache, late=True)
            _late = LateReadings(_cache)
            reader = _late
            for asset, where in (("assets/ruby.css", config.extra_css), ("assets/ruby.js", config.extra_javascript)):
                if asset not in where:
                    where.append(asset)
        # Parsed documents and finished pages are cached there too, by content hash;
        # the pages also by everything that can change a reading.
        with timing.stage("readings"):
            readings_key = _cache.key if _cache is not None else engine_fingerprint(engine)
        _documents = documents = DocumentCache.for_project(config_dir)
        # With late ruby the new pages are cached in on_post_build, together
        # with the finished markup of their texts: a rebuild needs no readings.
        _site = build_site(settings, ruby=ruby, reader=reader, cache=documents,
                           render_key=f"{settings.ruby!r} late-ruby readings={readings_key}",
                           prepare=_late.start if _late is not None else None,
                           store_pages=_late is None)
        if _late is not None and not _site.fresh and _site.pages_key is not None:
            with timing.stage("cache"):
                markup = documents.get(_site.pages_key + _MARKUP_SUFFIX)
            if isinstance(markup, dict):
                _late.preload(markup)
        if _late is not None:
            _late.submit(ruby.texts)
        with timing.stage("cache"):
            documents.prune()
    except (SourceError, ValueError) as exc:
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
        except ValueError as exc:
            raise PluginError(str(exc)) from None
    return markdown


def on_post_page(output, page, config):
    # Deferred ruby: the Markdown carried markers, the finished page gets <ruby>.
    if _settings is not None and _settings.ruby.enabled:
        with timing.stage("ruby-html"):
            output = finish_page(output, _late.markup if _late is not None else None, _settings.ruby.default)
            if "<ruby>" in output:
                # search by reading (see search_readings.py): the pages' hashes
                # find the dictionary in the cache
                _ruby_pages[page.file.src_uri] = hashlib.sha256(output.encode("utf-8")).digest()
    return output


def on_page_content(html, page, config, files):
    # The worker builds the search-by-reading dictionary from the contents.
    if _late is not None:
        _late.add_content(page.file.src_uri, html)
    return html


def on_env(env, config, files):
    # Every page's content is with the worker now: it makes the
    # search-by-reading dictionary while MkDocs writes the pages.
    if _late is not None:
        _late.request_words()
    return env


def _words(pages: int) -> str | None:
    """The worker's search-by-reading dictionary (the file's text), if made from the ``pages`` pages with ruby."""
    return _late.words(set(_ruby_pages)) if _late is not None and len(_ruby_pages) == pages else None


def _finish_readings() -> None:
    global _late
    if _late is not None:
        _late.close()
        _late = None


def _store_pages() -> None:
    """Cache the pages made in this build and the finished markup of their texts."""
    if _site is None or not _site.fresh or _site.pages_key is None or _documents is None or _late is None:
        return
    with timing.stage("cache"):
        _documents.put(_site.pages_key, _site.cache_entry())
        _documents.put(_site.pages_key + _MARKUP_SUFFIX, _late.markup_table())
    _site.fresh = False


def on_post_build(config):
    _store_pages()
    if _settings is not None and _settings.ruby.enabled:
        with timing.stage("search"):
            search_readings.finish_site(config.site_dir, Path(config.config_file_path).parent / CACHE_DIR,
                                        words=_words if _late is not None else None,
                                        digests=list(_ruby_pages.values()))
    if _late is not None:
        _late.kill()                        # it ends while the reading cache is written
    if _settings is not None and _settings.ruby.enabled:
        if _cache is not None:
            log.info(_cache.summary())      # after the pages: late ruby reads them last
            with timing.stage("readings"):
                _cache.save()
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
