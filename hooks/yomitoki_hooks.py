"""MkDocs hooks: MkDocs' events handed to yomitoki, as its plugin receives them.

For a project that lists this file under ``hooks:`` and writes its settings
under ``extra: yomitoki:``.  A project that installs yomitoki can list it
under ``plugins:`` instead (``yomitoki/site/plugin.py``).
"""
from yomitoki.site.plugin import HookEvents

_events = HookEvents()
on_config = _events.on_config
on_files = _events.on_files
on_page_markdown = _events.on_page_markdown
on_page_content = _events.on_page_content
on_post_page = _events.on_post_page
on_post_build = _events.on_post_build
on_build_error = _events.on_build_error
on_serve = _events.on_serve
