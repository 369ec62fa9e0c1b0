"""The stages wired together: decode → parse → render.

Everything MkDocs needs from yomitoki comes from :func:`build_site`; the
hooks in ``hooks/`` only hand its pages and navigation to MkDocs.  The CLI
uses the same function, so what ``yomitoki check`` checks is what the site
shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .decode import SourceError, read_source
from .glossary import Glossary, GlossaryLinker, GlossaryOptions, render_glossary_page
from .model import Document
from .narration import render_narration
from .parse import parse
from .escape import escape
from .render import Page, TextRenderer, relative_url, render_document
from .ruby import RubyOptions
from .spoken_tables import tabulate


@dataclass
class Settings:
    """What ``mkdocs.yml`` says under ``extra: yomitoki:``."""

    source_dir: Path
    plans: dict[str, dict] = field(default_factory=dict)   # by file stem: {"title": …, "slug": …}
    strict: bool = False                                   # stop on damaged bytes instead of marking them
    glossary: GlossaryOptions = field(default_factory=GlossaryOptions)
    ruby: RubyOptions = field(default_factory=RubyOptions)
    user_dictionary: Path | None = None                    # readings.tsv next to mkdocs.yml, if any

    @classmethod
    def from_config(cls, raw: dict | None, config_dir: Path) -> "Settings":
        raw = dict(raw or {})
        unknown = set(raw) - {"source_dir", "plans", "strict", "glossary", *RubyOptions.KEYS}
        if unknown:
            raise ValueError(f"mkdocs.yml の extra.yomitoki に不明な設定があります: {', '.join(sorted(unknown))}")
        source_dir = config_dir / raw.get("source_dir", "source_texts")
        plans = raw.get("plans") or {}
        if not isinstance(plans, dict):
            raise ValueError("mkdocs.yml の extra.yomitoki.plans は「ファイル名: 設定」の形で書いてください。")
        return cls(
            source_dir=source_dir,
            plans=plans,
            strict=bool(raw.get("strict", False)),
            glossary=GlossaryOptions.from_config(raw.get("glossary")),
            ruby=RubyOptions.from_config(raw),
            user_dictionary=(config_dir / "readings.tsv") if (config_dir / "readings.tsv").is_file() else None,
        )


@dataclass
class Site:
    documents: list[Document]
    pages: list[Page]
    skipped: list[str] = field(default_factory=list)   # Japanese notes on files that made no page

    def plan_list(self, from_uri: str) -> str:
        """An HTML list of the plans, each linked to its overview page and its narration twin."""
        items = []
        for doc in self.documents:
            overview = f"{doc.slug}/index.md"
            chapters = sum(1 for p in self.pages if p.plan == doc.slug and p.edition == "standard") - 1
            items.append(
                f'<li><a href="{relative_url(from_uri, overview)}">{escape(doc.title)}</a>'
                f"（{chapters} ページ・"
                f'<a href="{relative_url(from_uri, "yomiage/" + overview)}">読み上げ版</a>）</li>'
            )
        return '<ul class="yt-plans">' + "".join(items) + "</ul>"

    def nav(self) -> list[dict]:
        """MkDocs nav entries: one section per plan, its overview first."""
        nav = []
        for doc in self.documents:
            entries = [{p.nav_title: p.src_uri} for p in self.pages if p.plan == doc.slug and p.edition == "standard"]
            nav.append({doc.title: entries})
        nav.extend({p.nav_title or p.title: p.src_uri} for p in self.pages if not p.plan and p.edition == "standard")
        return nav


def slugify(stem: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "plan"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def source_files(settings: Settings) -> list[Path]:
    if not settings.source_dir.is_dir():
        raise SourceError(str(settings.source_dir), None, "原文のフォルダがありません。計画のテキストファイル (.txt) を置くフォルダを作り、mkdocs.yml の extra.yomitoki.source_dir で指定してください。")
    files = sorted(p for p in settings.source_dir.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    if not files:
        raise SourceError(settings.source_dir.name, None, "計画のテキストファイル (.txt) がありません。")
    return files


def load_documents(settings: Settings, skipped: list[str] | None = None) -> list[Document]:
    docs: list[Document] = []
    taken: set[str] = set()
    for path in source_files(settings):
        display = f"{settings.source_dir.name}/{path.name}"
        decoded = read_source(path, display_path=display, strict=settings.strict)
        if not decoded.text.strip():
            # Nothing to show and nothing to lose: said, not silently passed over.
            what = "空" if not decoded.text else "空白だけ"
            if skipped is not None:
                skipped.append(f"{display} は{what}のファイルのため、ページを作りませんでした。")
            continue
        conf = settings.plans.get(path.stem) or {}
        slug = conf.get("slug") or slugify(path.stem, taken)
        taken.add(slug)
        doc = parse(decoded.text, display, slug, encoding=decoded.encoding, title=conf.get("title"))
        tabulate(doc)   # tables the plan only speaks as sentences
        for damage in decoded.damaged:
            doc.warn(damage.line, f"{damage.column} 文字目: " + damage.describe(display).split(": ", 1)[1])
        docs.append(doc)
    return docs


def reading_engine(settings: Settings):
    """The shipped reading engine, or one with the staff's readings.tsv on top."""
    from .readings import ReadingEngine, default_engine

    if settings.user_dictionary is None:
        return default_engine()
    return ReadingEngine(user_dictionary=settings.user_dictionary)


def build_site(settings: Settings, ruby=None, reader=None) -> Site:
    """All pages of the site.

    ``ruby`` renders ruby markup for the standard edition (see ``ruby.py``);
    ``reader`` gives the readings shown on the glossary page.
    """
    skipped: list[str] = []
    docs = load_documents(settings, skipped)
    if not docs:
        raise SourceError(settings.source_dir.name, None, "テキストファイルがすべて空です。計画の本文を保存したファイルを置いてください。")
    glossary = Glossary.from_documents(docs) if settings.glossary.enabled else None
    linker = GlossaryLinker(glossary, settings.glossary.link) if glossary and len(glossary) else None
    text = TextRenderer(ruby=ruby, linker=linker)
    pages: list[Page] = []
    for doc in docs:
        pages.extend(render_document(doc, text))
        pages.extend(render_narration(doc))   # never linked: the narration edition is plain text
    if linker is not None:
        # after the plan pages: the glossary lists the pages that use each term
        page = render_glossary_page(glossary, reader=reader or reading_engine(settings).reading)
        if page is not None:
            pages.append(page)
    return Site(docs, pages, skipped)

