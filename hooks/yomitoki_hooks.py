"""MkDocs hooks: hand yomitoki's generated pages and navigation to MkDocs.

All the work happens in the ``yomitoki`` package; these hooks only connect
its pipeline to MkDocs events.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from yomitoki.decode import SourceError
from yomitoki.pipeline import Settings, Site, build_site

log = logging.getLogger("mkdocs.hooks.yomitoki")
_site: Site | None = None


def on_config(config):
    global _site
    config_dir = Path(config.config_file_path).parent
    try:
        settings = Settings.from_config(config.extra.get("yomitoki"), config_dir)
        _site = build_site(settings)
    except (SourceError, ValueError) as exc:
        raise PluginError(str(exc)) from None
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
    config.extra["yomitoki_settings"] = str(settings.source_dir)
    return config


def on_files(files, config):
    assert _site is not None
    for page in _site.pages:
        # Narration twins are reached from their standard page, not the nav.
        inclusion = InclusionLevel.NOT_IN_NAV if page.edition == "narration" else InclusionLevel.UNDEFINED
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
    return files


def on_page_markdown(markdown, page, config, files):
    """The home page lists the plans (``<!-- yomitoki:plans -->``)."""
    if _site is not None and "<!-- yomitoki:plans -->" in markdown:
        markdown = markdown.replace("<!-- yomitoki:plans -->", _site.plan_list(page.file.src_uri))
    return markdown


def on_serve(server, config, builder):
    source_dir = config.extra.get("yomitoki_settings")
    if source_dir:
        server.watch(source_dir)
    return server
