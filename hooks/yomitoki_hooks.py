"""MkDocs hooks: hand yomitoki's generated pages and navigation to MkDocs.

All the work happens in the ``yomitoki`` package; these hooks only connect
its pipeline to MkDocs events.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from yomitoki import search_readings
from yomitoki.a11y_report import MARKER as A11Y_MARKER, inject_results
from yomitoki.decode import SourceError
from yomitoki.pipeline import Settings, Site, build_site, reading_engine
from yomitoki.ruby import ReadingCache, RubyRenderer, expand_ruby, inject_head

log = logging.getLogger("mkdocs.hooks.yomitoki")
_site: Site | None = None
_settings: Settings | None = None
_cache: ReadingCache | None = None


def on_config(config):
    global _site, _settings, _cache
    config_dir = Path(config.config_file_path).parent
    try:
        _settings = settings = Settings.from_config(config.extra.get("yomitoki"), config_dir)
        engine = reading_engine(settings)
        ruby = None
        _cache = None
        if settings.ruby.enabled:
            # Readings are cached across builds in .yomitoki-cache/ (safe to delete).
            _cache = ReadingCache.for_project(engine, config_dir)
            ruby = RubyRenderer(_cache.engine, _cache, deferred=True)
            for asset, where in (("assets/ruby.css", config.extra_css), ("assets/ruby.js", config.extra_javascript)):
                if asset not in where:
                    where.append(asset)
        _site = build_site(settings, ruby=ruby, reader=engine.reading)
    except (SourceError, ValueError) as exc:
        raise PluginError(str(exc)) from None
    if _cache is not None:
        log.info(_cache.summary())
    # Staff see what to review in the build log; `yomitoki check` lists it in full.
    # (INFO, not WARNING: a plan with a stray bracket must still build with --strict.)
    for note in _site.skipped:
        log.info("注意: %s", note)
    for doc in _site.documents:
        for w in doc.warnings:
            log.info("注意: %s の %d 行目: %s", w.path, w.line, w.message)
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
        output = inject_head(expand_ruby(output), _settings.ruby.default)
    return output


def on_post_build(config):
    if _settings is not None and _settings.ruby.enabled:
        search_readings.finish_site(config.site_dir)
        if _cache is not None:
            _cache.save()


def on_serve(server, config, builder):
    """``mkdocs serve`` rebuilds when a source text or the reading dictionary changes."""
    if _settings is not None:
        server.watch(str(_settings.source_dir))
        if _settings.user_dictionary is not None:
            server.watch(str(_settings.user_dictionary))
    return server
