"""``yomitoki export DIR``: the site's pages as plain files, for any Markdown generator.

The site outlives its generator: mkdocs-material announces its end of
maintenance, and its successor (Zensical) builds ``mkdocs.yml`` projects but
skips plugins and hooks it does not know.  An export holds everything the
plugin adds at build time, written out:

``DIR/docs/``
    the project's own pages (the list of plans and the accessibility results
    filled in), the generated pages of every plan, standard and narration,
    with the ruby written in as raw HTML (:func:`yomitoki.render.ruby.expand_markdown`),
    the glossary, and the assets (CSS and JavaScript);
``DIR/overrides/``
    the theme templates (the project's own first), with the ふりがな
    switch's head snippet in ``main.html`` and, for the partials, Zensical's
    counterparts of the ones yomitoki changes in Material's
    (``templates/zensical/``);
``DIR/mkdocs.yml``
    the project's configuration without yomitoki, with the navigation, the
    assets and the templates written in;
``DIR/preview/``
    each page as plain HTML (:mod:`yomitoki.render.preview`), to look at
    without building anything.

Links in raw HTML are written relative to the page's Markdown file
(:func:`source_relative_links`), as Zensical reads them and as every
generator reads Markdown links; MkDocs reads raw HTML links relative to the
built page, which is why the plugin's pages are written that way.

What an export cannot carry: search by reading (``search/readings.json``)
and the build cache.  ``DIR`` is written only if it is empty or an
earlier export (it holds :data:`MARK`).
"""
from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ConfigError
from ..fsutil import write_atomic
from .session import ASSETS_CSS, ASSETS_JS, RUBY_CSS, RUBY_JS, fill_page, home_page, site_nav, templates_dir

__all__ = ["export_project", "source_relative_links", "Export", "MARK"]

MARK = ".yomitoki-export"
EXPORT_CSS = ("assets/zensical.css",)      # fixes for Zensical's theme, in exports only
NARRATION_PATTERN = "/yomiage/"
_MAIN_HEAD = """
{#- yomitoki export: the ふりがな switch's state applied before the first paint (ruby.js adds the button). -#}
{% block extrahead %}
  {{ super() }}
  HEAD_HTML
{% endblock %}
"""


@dataclass
class Export:
    target: Path
    pages: int = 0                 # Markdown pages in docs/ (generated and hand-written)
    generated: int = 0             # of which yomitoki made
    preview: Path | None = None    # preview/index.html
    notes: list[str] = field(default_factory=list)   # Japanese, for staff


def export_project(config, target: Path, *, ruby: bool = True, preview: bool = True) -> Export:
    """Write the site of the loaded MkDocs ``config`` into ``target`` as plain files.

    ``ruby=False`` writes the pages without ruby (the benchmark's plain
    project); the project's own ``ruby`` setting applies otherwise.
    """
    from ..render.ruby import RubyRenderer, expand_markdown, strip_markers
    from .page_readings import PageReadings
    from .pipeline import LazyReadingEngine, build_site
    from .plugin import project_settings

    settings = project_settings(config)
    engine = LazyReadingEngine(settings)
    engine.check()
    with_ruby = ruby and settings.ruby.enabled
    renderer = RubyRenderer() if with_ruby else None
    site = build_site(settings, ruby=renderer, engine=engine)
    readings = None
    if renderer is not None:
        readings = PageReadings(engine, renderer.texts, renderer.counts, grade=settings.ruby.grade)
        readings.start()
    try:
        target = _prepare(Path(target))
        result = Export(target)
        docs = target / "docs"
        source_docs = Path(config.docs_dir)
        shutil.copytree(source_docs, docs, ignore=shutil.ignore_patterns(".*"))
        for path in sorted(docs.rglob("*.md")):
            uri = path.relative_to(docs).as_posix()
            text = path.read_text(encoding="utf-8")
            filled = source_relative_links(fill_page(text, uri, site, source_docs), uri)
            if filled != text:
                write_atomic(path, filled)
            result.pages += 1
        home = not (docs / "index.md").is_file() and not (docs / "README.md").is_file()
        if home:
            write_atomic(docs / "index.md", source_relative_links(
                fill_page(home_page(config.site_name), "index.md", site, source_docs), "index.md"))
            result.pages += 1
        for page in site.pages:
            out = docs / page.src_uri
            if out.exists():
                raise ConfigError(f"docs フォルダの {page.src_uri} と、yomitoki が作るページの場所が重なっています。"
                                  "どちらかの名前を変えてください。")
            if not page.src_uri.endswith(".md"):
                text = page.markdown                     # a file as it is (the narration text file)
            else:
                text = expand_markdown(page.markdown, readings.markup) if readings else strip_markers(page.markdown)
                text = source_relative_links(text, page.src_uri)
            out.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out, text)
            if page.src_uri.endswith(".md"):
                result.pages += 1
                result.generated += 1
        from .books import write_books

        write_books(site, settings, docs, readings.markup if readings is not None and settings.epub.ruby else None, None)
        css = ASSETS_CSS + ((RUBY_CSS,) if with_ruby else ()) + EXPORT_CSS
        js = ASSETS_JS + ((RUBY_JS,) if with_ruby else ())
        for uri in css + js:
            out = docs / uri
            if not out.exists():                # the project's own file of that name wins, as in the build
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(_package_file(uri), out)
        _write_templates(config, target / "overrides", settings.ruby.default if with_ruby else None, result,
                         accessibility=(docs / "accessibility.md").is_file(), ruby_grade=settings.ruby.grade)
        _write_config(config, target / "mkdocs.yml", site, home, css, js)
        if preview:
            from ..render.preview import write_preview

            result.preview = write_preview(docs, target / "preview", config.site_name or "")
        (target / MARK).write_text("yomitoki export\n", encoding="utf-8")
        return result
    finally:
        if readings is not None:
            readings.close()


_LINK = re.compile(r'(<(?:a|img|source|link)\b[^>]*?\s(?:href|src)=")([^"#?:]+)((?:[?#][^"]*)?")')


def source_relative_links(markdown: str, src_uri: str) -> str:
    """Relative links in a page's raw HTML, from the built page (``kochi/02/``) to its Markdown file (``kochi/02.md``).

    A page's links are written relative to where MkDocs puts it
    (``kochi/02.md`` → ``kochi/02/index.html``).  Zensical, like Markdown
    links everywhere, reads them relative to the Markdown file instead
    (``kochi/``), so ``../../glossary/`` becomes ``../glossary/``.  Pages
    named ``index.md`` are where their file is: nothing changes.
    """
    from ..render.output import page_url

    url_dir = page_url(src_uri).rstrip("/")
    src_dir = posixpath.dirname(src_uri)
    if url_dir == src_dir:
        return markdown

    def move(m: re.Match) -> str:
        head, path, rest = m.groups()
        if path.startswith("/"):
            return m.group(0)
        target = posixpath.normpath(posixpath.join(url_dir, path))
        moved = posixpath.relpath(target, src_dir or ".")
        if path.endswith("/") or posixpath.basename(path) in (".", ".."):     # a folder: a page's URL
            moved = "./" if moved == "." else moved + "/"
        return head + moved + rest

    return _LINK.sub(move, markdown)


def _package_file(uri: str) -> Path:
    import importlib.resources

    return Path(str(importlib.resources.files("yomitoki") / uri))


def _prepare(target: Path) -> Path:
    """``target``, emptied of an earlier export; a folder with anything else in it is left alone."""
    if target.exists():
        if not target.is_dir():
            raise ConfigError(f"書き出し先 {target} はファイルです。フォルダを指定してください。")
        entries = list(target.iterdir())
        if entries and not (target / MARK).is_file():
            raise ConfigError(f"書き出し先のフォルダ {target} は空ではありません。空のフォルダか、"
                              "以前に yomitoki export で書き出したフォルダを指定してください。")
        for name in ("docs", "overrides", "preview"):
            shutil.rmtree(target / name, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    return target.resolve()


# yomitoki's templates for Material for MkDocs that an export keeps as they are;
# the partials are Material's own with changes, so the export takes their
# Zensical counterparts from templates/zensical/ (Zensical's own search
# dialog already has its name).
_GENERAL_TEMPLATES = ("main.html", "404.html")
_ZENSICAL_PARTIALS = "zensical"
_ACCESSIBILITY_LINK = (
    '<ul class="yt-footer-links">\n'
    "    <li><a href=\"{{ 'accessibility/' | url }}\">アクセシビリティ方針</a></li>\n"
    "  </ul>"
)


def _write_templates(config, out: Path, ruby_default: str | None, result: Export, accessibility: bool,
                     ruby_grade: int = 3) -> None:
    """The project's templates (its ``custom_dir``), then yomitoki's where the project has none."""
    from ..render.ruby import head_html

    own = config.theme.custom_dir
    if own:
        shutil.copytree(own, out, dirs_exist_ok=True)
    ours = templates_dir()
    sources = [(ours / name, name) for name in _GENERAL_TEMPLATES]
    zensical = ours / _ZENSICAL_PARTIALS
    sources += [(path, path.relative_to(zensical).as_posix()) for path in sorted(zensical.rglob("*.html"))]
    for path, name in sources:
        dest = out / name
        if dest.exists():
            if name == "main.html" and ruby_default is not None:
                result.notes.append("プロジェクトの main.html を使うため、ふりがなの切り替えは表示されません"
                                    "（main.html の extrahead に yomitoki.render.ruby.head_html の内容を入れると表示されます）。")
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        if name == "main.html" and ruby_default is not None:
            text += _MAIN_HEAD.replace("HEAD_HTML", head_html(ruby_default, ruby_grade))
        text = text.replace("ACCESSIBILITY_LINK", _ACCESSIBILITY_LINK if accessibility else "")
        dest.write_text(text, encoding="utf-8")


# --- mkdocs.yml --------------------------------------------------------------------


class _Tagged:
    """A value under a YAML tag (``!ENV``, ``!!python/name:…``), written back as it was."""

    def __init__(self, tag: str, node: yaml.Node, value):
        self.tag, self.node, self.value = tag, node, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, node, value)


def _represent_tagged(dumper, data: _Tagged):
    if isinstance(data.node, yaml.ScalarNode):
        return dumper.represent_scalar(data.tag, data.value)
    if isinstance(data.node, yaml.SequenceNode):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_mapping(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def _write_config(config, out: Path, site, home: bool, css: tuple, js: tuple) -> None:
    """The project's mkdocs.yml without yomitoki, with what the plugin adds at build time written in."""
    config_file = Path(config.config_file_path)
    config_dir = config_file.parent
    with open(config_file, encoding="utf-8") as f:
        raw = yaml.load(f, Loader=_Loader) or {}
    hooks = [h for h in raw.pop("hooks", None) or [] if Path(str(h)).name != "yomitoki_hooks.py"]
    if hooks:                                   # the project's other hooks, where they are
        raw["hooks"] = [str((config_dir / str(h)).resolve()) for h in hooks]
    plugins = raw.get("plugins")
    if isinstance(plugins, list):
        raw["plugins"] = [p for p in plugins if p != "yomitoki" and not (isinstance(p, dict) and "yomitoki" in p)]
    elif isinstance(plugins, dict):
        plugins.pop("yomitoki", None)
    extra = raw.get("extra")
    if isinstance(extra, dict):
        extra.pop("yomitoki", None)
        if not extra:
            raw.pop("extra")
    raw["docs_dir"] = "docs"
    raw.pop("site_dir", None)
    theme = raw.get("theme") or {}
    if isinstance(theme, str):
        theme = {"name": theme}
    theme["custom_dir"] = "overrides"
    raw["theme"] = theme
    nav = site_nav(site, list(raw.get("nav") or []), home)
    if nav is not None:
        raw["nav"] = nav
    not_in_nav = str(raw.get("not_in_nav") or "")
    if NARRATION_PATTERN not in not_in_nav.split("\n"):
        raw["not_in_nav"] = (not_in_nav.rstrip("\n") + "\n" if not_in_nav else "") + NARRATION_PATTERN
    for key, uris in (("extra_css", css), ("extra_javascript", js)):
        listed = list(raw.get(key) or [])
        raw[key] = listed + [u for u in uris if u not in [str(x) for x in listed]]
    text = ("# yomitoki export が書き出した設定です（元: " + str(config_file) + "）。\n"
            + yaml.dump(raw, Dumper=_Dumper, allow_unicode=True, sort_keys=False))
    write_atomic(out, text)
