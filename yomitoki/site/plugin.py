"""yomitoki as a MkDocs plugin, and the same events for a project's ``hooks/``.

A municipality installs yomitoki and lists it in its own ``mkdocs.yml``::

    theme:
      name: material
    plugins:
      - search
      - yomitoki:
          source_dir: source_texts      # the options of site/options.py

The plugin's options are checked by MkDocs against
:class:`yomitoki.site.options.YomitokiConfig`.  A project built from this
repository may instead list ``hooks/yomitoki_hooks.py`` under ``hooks:``
with its settings under ``extra: yomitoki:``; that file only hands MkDocs'
events to :class:`HookEvents`.  Either way each build is one
:class:`yomitoki.site.session.BuildSession`, and only yomitoki's own errors
(:class:`yomitoki.errors.YomitokiError`) become one-line messages.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from ..errors import ConfigError, YomitokiError
from .options import OPTIONS, YomitokiConfig, unknown_option

if TYPE_CHECKING:
    from .pipeline import Settings

__all__ = ["YomitokiPlugin", "HookEvents", "project_settings", "override"]


class _Events:
    """MkDocs' events, handed to the build's session."""

    def __init__(self) -> None:
        self.session = None

    def _settings(self, config):
        raise NotImplementedError

    def on_config(self, config):
        from .session import BuildSession

        self._close()
        try:
            self.session = BuildSession.start(self._settings(config), config)
        except YomitokiError as exc:
            self._close()
            raise PluginError(str(exc)) from None
        return config

    def on_files(self, files, config):
        return self.session.files(files, config)

    @event_priority(-100)       # after other plugins: the Markdown they leave is the one converted
    def on_page_markdown(self, markdown, page, config, files):
        try:
            return self.session.page_markdown(markdown, page, config)
        except YomitokiError as exc:
            raise PluginError(str(exc)) from None

    @event_priority(100)        # before other plugins look at the page's HTML
    def on_page_content(self, html, page, config, files):
        return self.session.page_content(html, page)

    def on_post_page(self, output, page, config):
        try:
            return self.session.post_page(output)
        except YomitokiError as exc:
            raise PluginError(str(exc)) from None

    @event_priority(-100)       # after the search plugin has written the index this cleans
    def on_post_build(self, config):
        if self.session is not None:
            self.session.post_build(config)

    def on_build_error(self, error):
        self._close()

    def on_serve(self, server, config, builder):
        if self.session is not None:
            self.session.watch(server)
        return server

    def _close(self) -> None:
        if self.session is not None:
            self.session.close()


class YomitokiPlugin(_Events, BasePlugin[YomitokiConfig]):
    """``plugins: [search, yomitoki]``: the plan texts of ``source_dir`` as pages of the site."""

    def __init__(self) -> None:
        _Events.__init__(self)

    def load_config(self, options, config_file_path=None):
        """MkDocs' check of the options, with a misspelt option an error rather than a warning.

        (MkDocs would only warn, and a build without ``--strict`` would go on
        without the setting the staff meant to make.)
        """
        errors, warnings = super().load_config(options, config_file_path)
        known = [(key, msg) for key, msg in warnings if not (isinstance(key, str) and key not in OPTIONS)]
        for key in sorted(set(options or {}) - set(OPTIONS), key=str):
            errors.append((key, unknown_option(key)))
        return errors, known

    def _settings(self, config):
        return project_settings(config)


class HookEvents(_Events):
    """The events for ``hooks/yomitoki_hooks.py``: settings under ``extra: yomitoki:``."""

    def _settings(self, config):
        if "yomitoki" in config.plugins:
            raise ConfigError("mkdocs.yml に、yomitoki がプラグイン（plugins:）とフック（hooks:）の両方で"
                              "書かれています。どちらか一方にしてください。")
        return project_settings(config)


def _extra_settings(config):
    extra = config.extra
    return extra.get("yomitoki") if isinstance(extra, Mapping) else None


def project_settings(config) -> "Settings":
    """yomitoki's settings in a loaded mkdocs.yml: the plugin's options, or ``extra: yomitoki:``.

    The one reading of the settings: the build (plugin or hooks), the
    command line and the benchmark all take them from here.
    """
    from .pipeline import Settings

    config_dir = Path(config.config_file_path).parent
    plugin = config.plugins.get("yomitoki")
    if isinstance(plugin, YomitokiPlugin):
        if _extra_settings(config) is not None:
            raise ConfigError("mkdocs.yml に、yomitoki のプラグインの設定と extra: yomitoki: の設定の両方があります。"
                              "プラグインの設定（plugins: - yomitoki: の下）にまとめてください。")
        return Settings.from_options(dict(plugin.config), config_dir)
    return Settings.from_config(_extra_settings(config), config_dir, where="extra.yomitoki")


def override(config, **options) -> None:
    """Set some of yomitoki's options in a loaded mkdocs.yml (``yomitoki build --strict``)."""
    plugin = config.plugins.get("yomitoki")
    if isinstance(plugin, YomitokiPlugin):
        plugin.config.update(options)
    else:
        config.extra["yomitoki"] = {**(_extra_settings(config) or {}), **options}
