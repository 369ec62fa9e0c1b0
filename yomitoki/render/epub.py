"""An EPUB 3 edition of a plan, from the same generated Markdown as the site.

Each standard page of the plan (its overview, then its chapters in order) is
rendered with markdown-it-py (:func:`yomitoki.render.preview.markdown_html`,
the renderer of ``yomitoki export``'s preview) and written as an XHTML
content document; the site's glossary page is its own section at the end.

* ``lang="ja"``; a navigation document with the table of contents and a
  ``page-list`` of the printed plan's pages, each page break marked
  ``epub:type="pagebreak"`` where it falls (DAISY-style readers jump to a
  printed page), and ``dc:source`` naming the printed plan;
* accessibility metadata (schema.org ``accessMode``,
  ``accessibilityFeature``, ``accessibilityHazard``, ``accessibilitySummary``
  in Japanese);
* links between pages of the book (chapters, page breaks, glossary terms)
  point into the book; links to anything else (the narration edition,
  other plans) keep their text and lose the link;
* ruby is an option, off by default: without it the markers of the pages
  are taken out, with it they become ``<ruby>`` markup.

No text of the plan becomes markup: the pages' Markdown escapes it (see
``render/escape.py``), and every document is parsed and written again as
XML here, so what reaches the book is well-formed XHTML.
"""
from __future__ import annotations

import hashlib
import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from .output import Page, page_url


__all__ = ["EpubOptions", "build_epub"]

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
SVG_NS = "http://www.w3.org/2000/svg"


CSS = """\
body { font-family: sans-serif; line-height: 1.8; }
h1 { font-size: 1.5em; } h2 { font-size: 1.3em; } h3 { font-size: 1.15em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #777; padding: .2em .5em; vertical-align: top; }
td.yt-num, th.yt-num { text-align: right; }
.yt-pagebreak { margin: 1em 0; border-top: 1px dashed #777; text-align: right; font-size: .8em; }
.yt-aside--furigana { font-size: .8em; color: #555; }
ul.yt-list, ol.yt-list { list-style: none; padding-left: 0; }
rt { font-size: .5em; }
"""


@dataclass(frozen=True)
class EpubOptions:
    """``epub:`` in mkdocs.yml: ``false`` (no book), ``true`` or ``{ruby: true}`` (ふりがな in the book)."""

    enabled: bool = True
    ruby: bool = False           # ふりがな in the book (off by default)

    @classmethod
    def from_config(cls, value: object) -> "EpubOptions":
        from ..errors import ConfigError

        if value is None or value is True:
            return cls()
        if value is False:
            return cls(enabled=False)
        if isinstance(value, dict) and set(value) <= {"ruby"} and value.get("ruby", False) in (True, False):
            return cls(ruby=bool(value.get("ruby", False)))
        raise ConfigError(f"epub は false（電子書籍を作らない）、true、または「ruby: true」（ふりがなを付ける）で書いてください（「{value}」になっています）。")


@dataclass
class _Doc:
    name: str          # file name in the book (c01.xhtml)
    title: str
    body: str          # XHTML
    svg: bool = False
    breaks: list[tuple[str, str]] = field(default_factory=list)   # (id, printed page) of its page breaks


def build_epub(title: str, slug: str, pages: list[Page], glossary: Page | None, *, modified: str,
               source: str, markup: Callable[[str], str] | None = None,
               options: EpubOptions = EpubOptions()) -> bytes:
    """The book of one plan: ``pages`` are its standard pages (overview first), in order;
    ``glossary`` the site's glossary page; ``modified`` an ISO 8601 UTC time
    (``2024-03-01T09:00:00Z``); ``source`` the printed plan's title;
    ``markup`` turns a ruby marker's text into ruby markup (needed when
    ``options.ruby``)."""
    from .ruby import expand_markdown, strip_markers

    names = {page_url(p.src_uri): f"c{i:02d}.xhtml" for i, p in enumerate(pages)}
    if glossary is not None:
        names[page_url(glossary.src_uri)] = "glossary.xhtml"
    docs: list[_Doc] = []
    for page in pages + ([glossary] if glossary is not None else []):
        md = expand_markdown(page.markdown, markup) if options.ruby and markup else strip_markers(page.markdown)
        page_title, body_html = _page_html(md)
        writer = _XhtmlWriter(page_url(page.src_uri), names)
        writer.feed(body_html)
        writer.close()
        docs.append(_Doc(names[page_url(page.src_uri)], page_title or page.title, "".join(writer.out),
                         writer.svg, writer.breaks))
    breaks = [(d.name, ident, label) for d in docs if d.name != "glossary.xhtml" for ident, label in d.breaks]
    uid = "urn:uuid:" + _uuid(slug + "\n" + title)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", date_time=(2000, 1, 1, 0, 0, 0)), "application/epub+zip",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr(_info("META-INF/container.xml"), CONTAINER)
        z.writestr(_info("EPUB/book.css"), CSS)
        z.writestr(_info("EPUB/nav.xhtml"), _nav(title, docs, breaks))
        for d in docs:
            z.writestr(_info(f"EPUB/{d.name}"), _xhtml(d))
        z.writestr(_info("EPUB/package.opf"), _opf(title, uid, docs, modified, source, options, bool(breaks)))
    return out.getvalue()


def _page_html(markdown: str) -> tuple[str, str]:
    """``(title, body HTML)`` of a page: from its blocks (``render/html.py``), as markdown-it
    would write them, or by markdown-it for a page of other blocks."""
    from .html import block_html, plain_headings, split_blocks
    from .preview import front_matter, markdown_html

    title, rest = front_matter(markdown)
    blocks = split_blocks(rest)
    headings = plain_headings(blocks.headings(), slugs=False) if blocks is not None else None
    if headings is None:
        return markdown_html(markdown)
    return title, "".join(part + "\n" for part in block_html(blocks, headings[0]))


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))   # the same book for the same pages
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _uuid(text: str) -> str:
    h = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-a{h[17:20]}-{h[20:32]}"


# SVG attributes whose case the HTML parser folds (XML is case-sensitive).
_SVG_ATTRS = {a.lower(): a for a in ("viewBox", "preserveAspectRatio", "textLength", "lengthAdjust",
                                      "gradientUnits", "gradientTransform", "patternUnits", "clipPathUnits")}
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_DROP_CLASSES = frozenset(("yt-edition-link", "yt-download", "headerlink"))


class _XhtmlWriter(HTMLParser):
    """A page's HTML written again as XHTML for the book (one pass, no tree):
    void elements closed, every attribute quoted, entities as characters;
    the site's screen-only parts dropped; links into the book rewritten and
    others unwrapped; page breaks marked ``epub:type="pagebreak"``; inline
    SVG in its namespace."""

    def __init__(self, url: str, names: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.base = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        self.names = names
        self.out: list[str] = []
        self.skip = 0                  # depth inside a dropped element
        self.unwrapped: list[bool] = []   # per open <a>: written or not
        self.svg = False
        self.breaks: list[tuple[str, str]] = []
        self.in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        d = {k: (v if v is not None else k) for k, v in attrs}
        if self.skip:
            if tag not in _VOID and not closed:
                self.skip += 1
            return
        if _DROP_CLASSES & set(d.get("class", "").split()):
            if tag not in _VOID and not closed:
                self.skip = 1
            return
        if tag == "a":
            href = d.get("href")
            if href is not None:
                target = self._target(href)
                if target is None:
                    self.unwrapped.append(True)
                    return
                d["href"] = target
                d.pop("download", None)
                d.pop("type", None)
            self.unwrapped.append(False)
        if d.get("role") == "doc-pagebreak":
            label = d.get("aria-label", "")
            d["epub:type"] = "pagebreak"
            d["title"] = re.sub(r"ページ.*$", "", label) or label
            if d.get("id"):
                self.breaks.append((d["id"], label))
        if tag == "svg":
            d["xmlns"] = SVG_NS
            self.svg = True
            self.in_svg += 1
        if self.in_svg:
            d = {_SVG_ATTRS.get(k, k): v for k, v in d.items()}
        text = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in d.items())
        if tag in _VOID or closed:
            self.out.append(f"<{tag}{text}/>")
            if tag == "svg":
                self.in_svg -= 1
        else:
            self.out.append(f"<{tag}{text}>")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag not in _VOID:
                self.skip -= 1
            return
        if tag in _VOID:
            return
        if tag == "a" and self.unwrapped:
            if self.unwrapped.pop():
                return
        if tag == "svg":
            self.in_svg -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(html.escape(data, quote=False))

    def _target(self, href: str) -> str | None:
        """The link in the book, or None to keep only its text."""
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            return href
        fragment = "#" + quote(unquote(parts.fragment), safe="") if parts.fragment else ""
        if not parts.path:
            return fragment or None
        target = posixpath.normpath(posixpath.join("/" + self.base, unquote(parts.path))).lstrip("/")
        if target == ".":
            target = ""
        if parts.path.endswith("/") and target and not target.endswith("/"):
            target += "/"
        name = self.names.get(target)
        return None if name is None else name + fragment


def _xml_text(s: str) -> str:
    return html.escape(s, quote=True)


def _xhtml(d: _Doc) -> str:
    body = d.body
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" lang="ja" xml:lang="ja">\n'
        f'<head>\n<meta charset="UTF-8"/>\n<title>{_xml_text(d.title)}</title>\n'
        '<link rel="stylesheet" type="text/css" href="book.css"/>\n</head>\n'
        f'<body>\n<section>\n{body}\n</section>\n</body>\n</html>\n'
    )


def _nav(title: str, docs: list[_Doc], breaks: list[tuple[str, str, str]]) -> str:
    toc = "".join(f'<li><a href="{d.name}">{_xml_text(d.title)}</a></li>' for d in docs)
    pages = "".join(f'<li><a href="{name}#{quote(ident, safe="")}">{_xml_text(label)}</a></li>'
                    for name, ident, label in breaks if ident)
    page_list = (f'<nav epub:type="page-list" id="page-list" hidden="hidden">\n<h2>原本のページ</h2>\n<ol>{pages}</ol>\n</nav>\n'
                 if pages else "")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" lang="ja" xml:lang="ja">\n'
        f'<head>\n<meta charset="UTF-8"/>\n<title>{_xml_text(title)}</title>\n</head>\n<body>\n'
        f'<nav epub:type="toc" id="toc">\n<h1>目次</h1>\n<ol>{toc}</ol>\n</nav>\n{page_list}'
        '</body>\n</html>\n'
    )


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def _opf(title: str, uid: str, docs: list[_Doc], modified: str, source: str, options: EpubOptions,
         page_list: bool) -> str:
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"]
    if page_list:
        features.append("printPageNumbers")
    if options.ruby:
        features.append("rubyAnnotations")
    summary = ("障害福祉計画の本文を、見出し・表・用語集とともに文字で収めた電子書籍です。"
               "見出しと目次で章を移動でき、表には見出しのセルがあり、グラフには文字の説明があります。"
               + ("原本（印刷物）のページ番号の位置にページ区切りがあり、ページ番号で移動できます。" if page_list else "")
               + ("漢字にふりがなを付けています。" if options.ruby else "ふりがなは付けていません。"))
    meta = "\n".join(f'    <meta property="schema:accessibilityFeature">{f}</meta>' for f in features)
    items = "\n".join(
        f'    <item id="{d.name[:-6]}" href="{d.name}" media-type="application/xhtml+xml"'
        + (' properties="svg"' if d.svg else "") + "/>" for d in docs)
    spine = "\n".join(f'    <itemref idref="{d.name[:-6]}"/>' for d in docs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="ja"
         prefix="schema: http://schema.org/">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">{uid}</dc:identifier>
    <dc:title>{_xml_text(title)}</dc:title>
    <dc:language>ja</dc:language>
    <dc:source>{_xml_text(source)}</dc:source>
    <meta property="dcterms:modified">{modified}</meta>
    <meta property="schema:accessMode">textual</meta>
    <meta property="schema:accessMode">visual</meta>
    <meta property="schema:accessModeSufficient">textual</meta>
{meta}
    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">{_xml_text(summary)}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="book.css" media-type="text/css"/>
{items}
  </manifest>
  <spine>
{spine}
  </spine>
</package>
"""
