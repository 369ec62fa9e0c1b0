"""Plain HTML of the exported pages, with markdown-it-py: a preview without any site generator.

``yomitoki export`` writes each page of ``docs/`` as ``preview/<page>/index.html``
(the paths the site gives them) and points each link at the file it means
(:func:`file_links`), so that the preview opens from the disk in any browser.  ふりがな are shown; the site's own
CSS styles the tables, page breaks and glossary.

markdown-it-py reads the pages as CommonMark with raw HTML and tables; one
rule of its own (:func:`heading_attributes`) takes the ``{#id …}`` that the
pages put after a heading, as Python-Markdown's ``attr_list`` does.
"""
from __future__ import annotations

import html
import posixpath
import re
import shutil
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from .output import page_url

__all__ = ["markdown_html", "preview_page", "write_preview", "heading_attributes", "file_links"]

_ATTRS = re.compile(r"[ \t]+\{:?[ \t]*([^{}\n]*?)[ \t]*\}[ \t]*$")
_ATTR = re.compile(r'#([^\s#.="]+)|\.([^\s#.="]+)|([\w-]+)="([^"]*)"|([\w-]+)=(\S+)')
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r'^title:\s*(.*)$', re.M)


def heading_attributes(state: StateCore) -> None:
    """Core rule: ``## 見出し {#sec-1 data-toc-label="見出し"}`` → ``<h2 id="sec-1" …>見出し</h2>``."""
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        m = _ATTRS.search(inline.content)
        if m is None:
            continue
        inline.content = inline.content[:m.start()]
        for ident, cls, key, quoted, bare_key, bare in _ATTR.findall(m.group(1)):
            if ident:
                token.attrSet("id", ident)
            elif cls:
                token.attrJoin("class", cls)
            elif key and key != "data-toc-label":
                token.attrSet(key, quoted)
            elif bare_key and bare_key != "data-toc-label":
                token.attrSet(bare_key, bare)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.core.ruler.before("inline", "heading_attributes", heading_attributes)
    return md


_MD = _parser()


def front_matter(markdown: str) -> tuple[str, str]:
    """``(title, the rest)`` of a page's Markdown: its front matter's title (if any) and what follows it."""
    title = ""
    front = _FRONT_MATTER.match(markdown)
    if front:
        found = _TITLE.search(front.group(1))
        if found:
            title = _yaml_string(found.group(1))
        markdown = markdown[front.end():]
    return title, markdown


def markdown_html(markdown: str) -> tuple[str, str]:
    """``(title, body HTML)`` of a page's Markdown (its front matter's title, if any)."""
    title, rest = front_matter(markdown)
    return title, _MD.render(rest)


def _yaml_string(value: str) -> str:
    import yaml

    try:
        loaded = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    return str(loaded) if loaded is not None else ""


_LINK = re.compile(r'(<(?:a|img|source|link)\b[^>]*?\s(?:href|src)=")([^"#?:]*)((?:[?#][^"]*)?")')


def file_links(body: str, src_uri: str) -> str:
    """A page's relative links (written relative to its Markdown file, as the export writes
    them) made relative to the preview's file, a link to a folder to its ``index.html``."""
    url_dir = page_url(src_uri).rstrip("/")
    src_dir = posixpath.dirname(src_uri)

    def fix(m: re.Match) -> str:
        head, path, rest = m.groups()
        if path.startswith("/") or not path:
            return m.group(0)            # a page's own anchors, other sites, the server's root
        target = posixpath.normpath(posixpath.join(src_dir, path))
        moved = posixpath.relpath(target, url_dir or ".")
        if path.endswith("/") or posixpath.basename(path) in (".", ".."):
            moved = ("" if moved == "." else moved + "/") + "index.html"
        return head + moved + rest

    return _LINK.sub(fix, body)


PAGE = """<!doctype html>
<html lang="ja" class="yt-ruby-on">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{css}
<style>body{{max-width:50rem;margin:0 auto;padding:1rem;font-family:sans-serif;line-height:1.8}}
.yt-preview-bar{{border-bottom:1px solid #888;padding-bottom:.5rem;margin-bottom:1rem}}
table{{border-collapse:collapse}} th,td{{border:1px solid #888;padding:.25rem .5rem;vertical-align:top}}
ul,ol{{padding-left:0}} li li{{margin-left:1em}}</style>
</head>
<body>
<p class="yt-preview-bar"><a href="{home}">{site}</a>（プレビュー: yomitoki export。公開するサイトは mkdocs.yml から作ります）</p>
<main class="md-typeset">
{body}
</main>
</body>
</html>
"""

CSS = ("assets/yomitoki.css", "assets/glossary.css", "assets/ruby.css")


def preview_page(markdown: str, src_uri: str, site_name: str) -> str:
    """The standalone HTML of one page (its links and CSS relative to where it is written)."""
    root = "../" * page_url(src_uri).count("/")
    title, body = markdown_html(markdown)
    css = "\n".join(f'<link rel="stylesheet" href="{root}{uri}">' for uri in CSS)
    full_title = " - ".join(t for t in (title, site_name) if t) or src_uri
    return PAGE.format(title=html.escape(full_title), css=css, home=f"{root}index.html",
                       site=html.escape(site_name or "トップページ"), body=file_links(body, src_uri))


def write_preview(docs: Path, out: Path, site_name: str) -> Path:
    """Every Markdown page of ``docs`` as ``out/<page>/index.html``, with the assets and text files;
    returns the home page's file."""
    for path in sorted(docs.rglob("*.md")):
        uri = path.relative_to(docs).as_posix()
        dest = out / (page_url(uri) + "index.html")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(preview_page(path.read_text(encoding="utf-8"), uri, site_name), encoding="utf-8")
    if (docs / "assets").is_dir():
        shutil.copytree(docs / "assets", out / "assets", dirs_exist_ok=True)
    for path in sorted([*docs.rglob("*.txt"), *docs.rglob("*.epub")]):   # files the pages link to (text files, books)
        dest = out / path.relative_to(docs)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    return out / "index.html"
