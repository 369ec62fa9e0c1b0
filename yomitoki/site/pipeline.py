"""The stages wired together: decode → parse → render.

Everything MkDocs needs from yomitoki comes from :func:`build_site`; the
hooks in ``hooks/`` only hand its pages and navigation to MkDocs.  The CLI
uses the same function, so what ``yomitoki check`` checks is what the site
shows.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .. import timing
from ..errors import SourceError
from ..enrich.glossary_options import GlossaryOptions
from ..render.escape import escape
from ..render.output import Page, Plan, relative_url, unique_name
from ..render.epub import EpubOptions
from ..render.ruby import RubyOptions

if TYPE_CHECKING:
    from .cache import DocumentCache
    from ..text.model import Document


@dataclass
class Settings:
    """yomitoki's settings in ``mkdocs.yml`` (see ``options.py``), with paths resolved."""

    source_dir: Path
    plans: dict[str, dict] = field(default_factory=dict)   # by file stem: {"title": …, "slug": …}
    strict: bool = False                                   # stop on damaged bytes instead of marking them
    glossary: GlossaryOptions = field(default_factory=GlossaryOptions)
    ruby: RubyOptions = field(default_factory=RubyOptions)
    epub: EpubOptions = field(default_factory=EpubOptions)
    user_dictionary: Path | None = None                    # readings.tsv next to mkdocs.yml, if any
    figures: bool = True                                   # numbers written for speech in figures (standard edition)

    @classmethod
    def from_config(cls, raw: dict | None, config_dir: Path, where: str = "extra.yomitoki") -> "Settings":
        """Settings written in mkdocs.yml (``where`` says where), checked:
        :class:`yomitoki.errors.ConfigError` names every wrong one."""
        from .options import validate

        return cls.from_options(validate(raw, where), config_dir)

    @classmethod
    def from_options(cls, options: dict, config_dir: Path) -> "Settings":
        """Settings from options already checked (the plugin's, by MkDocs)."""
        return cls(
            source_dir=Path(config_dir) / options["source_dir"],
            plans=dict(options["plans"] or {}),
            strict=bool(options["strict"]),
            glossary=GlossaryOptions.from_config(options["glossary"]),
            ruby=RubyOptions(options["ruby"], options["ruby_default"], options["ruby_grade"]),
            epub=EpubOptions.from_config(options["epub"]),
            user_dictionary=(Path(config_dir) / "readings.tsv") if (Path(config_dir) / "readings.tsv").is_file() else None,
            figures=bool(options.get("figures", True)),
        )

    def figures_for(self, stem: str) -> bool:
        """Whether the standard edition shows this plan's numbers in figures (its own
        setting under ``plans:``, else the site's)."""
        conf = self.plans.get(stem) or {}
        return bool(conf["figures"]) if "figures" in conf else self.figures


@dataclass
class Site:
    plans: list[Plan]
    pages: list[Page]
    skipped: list[str] = field(default_factory=list)   # Japanese notes on files that made no page
    # The document cache's key for this site (None without a cache): every
    # source file's bytes and name, the settings and the render key.  And
    # whether the site was made in this build rather than loaded (see build_site).
    pages_key: str | None = None
    fresh: bool = True
    # The parsed documents (only in a site made in this build) and their
    # cache keys (kept by a site loaded from the cache, so that they are not pruned).
    documents: list["Document"] = field(default_factory=list)
    document_keys: list[str] = field(default_factory=list)
    # The texts each plan's standard pages carry with ruby, by slug, in the
    # order they were first written (a site made in this build with a
    # recording RubyRenderer: ``yomitoki check`` reads them as the site does).
    texts: dict[str, list[str]] = field(default_factory=dict)

    def cache_entry(self) -> tuple:
        """What the document cache keeps of a made site: its pages, a summary
        of each plan with every warning (the glossary's notes among them), the
        notes on skipped files and the documents' keys.  A site served from
        the cache needs no document and no glossary pass."""
        return ("site", self.pages, self.plans, self.skipped, self.document_keys)

    @classmethod
    def from_cache_entry(cls, entry: object, pages_key: str) -> "Site | None":
        """The site :meth:`cache_entry` stored; None if it is not one."""
        if not (isinstance(entry, tuple) and len(entry) == 5 and entry[0] == "site"):
            return None
        _, pages, plans, skipped, keys = entry
        if not (isinstance(pages, list) and all(isinstance(p, Page) for p in pages)
                and isinstance(plans, list) and plans and all(isinstance(p, Plan) for p in plans)
                and isinstance(skipped, list) and all(isinstance(n, str) for n in skipped)
                and isinstance(keys, list) and all(isinstance(k, str) for k in keys)):
            return None
        return cls(plans, pages, skipped, pages_key, fresh=False, document_keys=keys)

    def plan_list(self, from_uri: str) -> str:
        """An HTML list of the plans, each linked to its overview page and its narration twin."""
        items = []
        for doc in self.plans:
            overview = f"{doc.slug}/index.md"
            chapters = sum(1 for p in self.pages if p.plan == doc.slug and p.edition == "standard") - 1
            items.append(
                f'<li><a href="{relative_url(from_uri, overview)}">{escape(doc.title)}</a>'
                f"（{chapters} ページ・"
                f'<a href="{relative_url(from_uri, "yomiage/" + overview)}">読み上げ版</a>）</li>'
            )
        return '<ul class="yt-plans">' + "".join(items) + "</ul>"

    def nav(self) -> list[dict]:
        """MkDocs nav entries: one section per plan, its overview first; a split
        chapter is a section of its own, its pages in order (``text/split.py``)."""
        nav = []
        for doc in self.plans:
            entries: list[dict] = []
            sections: dict[str, list[dict]] = {}
            for p in self.pages:
                if p.plan != doc.slug or p.edition != "standard":
                    continue
                if not getattr(p, "chapter", ""):
                    entries.append({p.nav_title: p.src_uri})
                elif p.chapter in sections:
                    sections[p.chapter].append({p.nav_title: p.src_uri})
                else:
                    sections[p.chapter] = [{p.nav_title: p.src_uri}]
                    entries.append({p.nav_title: sections[p.chapter]})
            nav.append({doc.title: entries})
        nav.extend({p.nav_title or p.title: p.src_uri} for p in self.pages if not p.plan and p.edition == "standard")
        return nav


def slugify(stem: str, taken: set[str]) -> str:
    return unique_name(re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "plan", taken)


def source_files(settings: Settings) -> list[Path]:
    if not settings.source_dir.is_dir():
        raise SourceError(str(settings.source_dir), None, "原文のフォルダがありません。計画のテキストファイル (.txt) を置くフォルダを作り、mkdocs.yml の yomitoki の設定 source_dir で指定してください。")
    files = sorted(p for p in settings.source_dir.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    if not files:
        raise SourceError(settings.source_dir.name, None, "計画のテキストファイル (.txt) がありません。")
    return files


def read_sources(settings: Settings) -> "dict[Path, bytes | None]":
    """Every source file's bytes, in file-name order (None for a file that
    cannot be read: :func:`load_documents` says why, in Japanese)."""
    sources: dict[Path, bytes | None] = {}
    for path in source_files(settings):
        try:
            sources[path] = path.read_bytes()
        except OSError:
            sources[path] = None
    return sources


def load_documents(settings: Settings, skipped: list[str] | None = None,
                   cache: "DocumentCache | None" = None, keys: list[str | None] | None = None,
                   sources: "dict[Path, bytes | None] | None" = None) -> list["Document"]:
    """The parsed documents of all source files, in file-name order.

    With a :class:`yomitoki.site.cache.DocumentCache`, a file whose bytes, name,
    slug, title and settings (and yomitoki's code) are unchanged is loaded
    from the cache instead of being decoded and parsed again.  ``keys``, if
    given, receives each file's cache key (None for a file not cached).
    ``sources`` holds the files' bytes if they were read already (see
    :func:`read_sources`).
    """
    # Imported here: a build served from the cache never needs them.
    from ..text.decode import read_source
    from ..text.model import Document
    from ..render.markdown import SITE_FOLDERS

    docs: list[Document] = []
    taken: set[str] = set(SITE_FOLDERS)
    if sources is None:
        sources = read_sources(settings) if cache is not None else dict.fromkeys(source_files(settings))
    for path, data in sources.items():
        display = f"{settings.source_dir.name}/{path.name}"
        conf = settings.plans.get(path.stem) or {}
        key = entry = None
        if cache is not None:
            with timing.stage("cache"):
                if data is not None:
                    # The slug this file gets if it is not empty (only non-empty files take one).
                    slug = conf.get("slug") or slugify(path.stem, set(taken))
                    key = cache.key(data, display=display, slug=slug, title=conf.get("title"),
                                    levers=repr({k: conf[k] for k in sorted(conf) if k not in ("slug", "title", "figures")}),
                                    strict=settings.strict)
                    entry = cache.get(key)
        if keys is not None:
            keys.append(key)
        if isinstance(entry, tuple) and len(entry) == 2:
            kind, value = entry
            if kind == "doc" and isinstance(value, Document) and value.slug == slug:
                taken.add(slug)
                docs.append(value)
                continue
            if kind == "skipped" and isinstance(value, str):
                if skipped is not None:
                    skipped.append(value)
                continue
        with timing.stage("decode"):
            decoded = read_source(path, display_path=display, strict=settings.strict)
        if not decoded.text.strip():
            # Nothing to show and nothing to lose: said, not silently passed over.
            what = "空" if not decoded.text else "空白だけ"
            note = f"{display} は{what}のファイルのため、ページを作りませんでした。"
            if skipped is not None:
                skipped.append(note)
            if key is not None:
                with timing.stage("cache"):
                    cache.put(key, ("skipped", note))
            continue
        slug = conf.get("slug") or slugify(path.stem, taken)
        taken.add(slug)
        # Imported here: a build whose documents all come from the cache never needs them.
        from ..text.parse import parse
        from ..text.repair import repair_glyphs, repair_symbols
        from ..text.spoken_tables import tabulate

        with timing.stage("parse"):
            text, repaired = repair_symbols(decoded.text)   # ① Ⅰ that a Shift_JIS conversion lost
            text, glyphs = repair_glyphs(text)               # ⽀援 (a PDF font's radicals) as 支援
            doc = parse(text, display, slug, encoding=decoded.encoding, title=conf.get("title"), **plan_levers(conf))
            doc.changes[:0] = sorted(repaired + glyphs, key=lambda c: (c.line, c.column))
            tabulate(doc)   # tables the plan only speaks as sentences
        for damage in decoded.damaged:
            doc.warn(damage.line, f"{damage.column} 文字目: " + damage.describe(display).split(": ", 1)[1], kind="damaged")
        if key is not None:
            with timing.stage("cache"):
                cache.put(key, ("doc", doc))
        docs.append(doc)
    return docs


def plan_levers(conf: dict) -> dict:
    """The staff's levers for one plan (``plans: <name>: page_pattern / heading_levels / drop_lines``),
    compiled for :func:`yomitoki.text.parse.parse` (options.py checked them)."""
    levers: dict = {}
    if conf.get("page_pattern"):
        levers["page_pattern"] = re.compile(conf["page_pattern"])
    if conf.get("heading_levels"):
        levers["heading_levels"] = {int(level): [re.compile(p) for p in patterns]
                                    for level, patterns in conf["heading_levels"].items()}
    if conf.get("drop_lines"):
        levers["drop_lines"] = tuple(re.compile(p) for p in conf["drop_lines"])
    return levers


def reading_engine(settings: Settings, glossary: dict[str, str] | None = None):
    """The reading engine the site uses: the shipped dictionaries, the staff's
    readings.tsv and the readings the plans' glossaries give (term → reading).

    The one place an engine is made: the build session, ``yomitoki check``,
    ``yomitoki reading`` and the benchmark all read through it.
    """
    from ..enrich.readings import ReadingEngine, default_engine

    if settings.user_dictionary is None and not glossary:
        return default_engine()
    return ReadingEngine(user_dictionary=settings.user_dictionary, glossary=glossary)


class LazyReadingEngine:
    """:func:`reading_engine`, made on first use (a build served from the cache never reads).

    :meth:`fingerprint` (part of the document cache's key for the pages)
    hashes the files the engine would be made from, without making it.
    Glossary readings given with :meth:`add_terms` before the engine is made
    go into it.
    """

    def __init__(self, settings: Settings):
        self._settings = settings
        self._engine = None
        self._glossary: dict[str, str] = {}
        self._checked = False           # check() found the staff's readings.tsv sound
        self._lock = threading.Lock()

    # Sent to the build's worker process (worker.py): the recipe, and the engine only if made.
    def __getstate__(self) -> dict:
        return {"settings": self._settings, "engine": self._engine, "glossary": self._glossary,
                "checked": self._checked}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["settings"])
        self._engine, self._glossary, self._checked = state["engine"], state["glossary"], state["checked"]

    def recipe(self) -> tuple:
        """What the engine is (to be) made from; equal recipes make engines that read alike."""
        if self._engine is not None:
            return ("made", id(self._engine))
        user = self._settings.user_dictionary
        return (str(user) if user else None, tuple(sorted(self._glossary.items())))

    @property
    def engine(self):
        with self._lock:                # (made once, whichever thread asks first)
            if self._engine is None:
                with timing.stage("readings"):
                    self._engine = reading_engine(self._settings, self._glossary)
            return self._engine

    def check(self) -> None:
        """Read the staff's readings.tsv, if any, without making the engine:
        ValueError names the file and line of a mistake.  (The shipped
        dictionaries are checked by the tests.)"""
        if self._settings.user_dictionary is not None and not self._checked:
            from ..enrich.readings import load_tsv

            load_tsv(self._settings.user_dictionary)
        self._checked = True

    def add_terms(self, terms: dict[str, str], source: str = "glossary") -> None:
        """Readings a plan gives (its glossary, its spilled furigana), for the engine to use.

        The process's shared engine (:func:`yomitoki.enrich.readings.default_engine`,
        used while no plan gives readings) is never changed: the engine is made
        again, with them, on first use.
        """
        if source == "glossary":
            with self._lock:
                self._glossary.update(terms)
                if self._engine is None:
                    return
                from ..enrich.readings import default_engine

                if self._engine is default_engine():
                    self._engine = None
                    return
        self.engine.add_terms(terms, source=source)

    def analyse(self, text: str):
        return self.engine.analyse(text)

    def analyse_many(self, texts: list[str]):
        return self.engine.analyse_many(texts)

    def spans(self, text: str):
        return self.engine.spans(text)

    def reading(self, text: str) -> str:
        return self.engine.reading(text)

    def fingerprint(self) -> str:
        """What changes this engine's readings beyond yomitoki's own files (which
        :func:`yomitoki.site.cache.code_fingerprint` covers): the analyzer and its
        dictionary, the staff's readings.tsv and the glossaries' readings."""
        import hashlib

        from ..enrich.analyzer import versions

        h = hashlib.sha256(f"readings\n{versions()}\n".encode())
        user = self._settings.user_dictionary
        if user is not None:
            h.update(b"user\0" + hashlib.sha256(Path(user).read_bytes()).digest())
        for term in sorted(self._glossary):
            h.update(f"{term}\t{self._glossary[term]}\n".encode())
        return h.hexdigest()


def glossary_readings(settings: Settings) -> dict[str, str]:
    """The readings the plans' glossaries give their terms (term → reading), for the engine."""
    from ..enrich.glossary import Glossary

    if not settings.glossary.enabled:
        return {}
    docs = load_documents(settings)
    return _usable_readings(Glossary.from_documents(docs), docs)


def _usable_readings(glossary, docs: list) -> dict[str, str]:
    """The glossaries' readings that fit their terms; a reading that does not is noted on its
    plan (a typo in a plan must not stop the build: that term is read as any other word)."""
    from ..enrich.align import fits

    usable: dict[str, str] = {}
    by_slug = {doc.slug: doc for doc in docs}
    for entry in glossary:
        if not entry.given_reading:
            continue
        if fits(entry.term, entry.given_reading):
            usable[entry.term] = entry.given_reading
        elif entry.plan in by_slug:
            by_slug[entry.plan].warn(entry.line, f"用語「{entry.term}」の読み「{entry.given_reading}」は"
                                                 "語のかなと合わないため、ふりがなには使いませんでした。")
    return usable


def build_site(settings: Settings, ruby=None, engine=None, cache: "DocumentCache | None" = None,
               render_key: str | None = None, store_pages: bool = True, reuse: bool = True,
               starting: Callable[[], None] | None = None,
               terms_reader: "Callable[[Any, list[str]], Callable[[str], str] | None] | None" = None,
               recorded_all: Callable[[], None] | None = None) -> Site:
    """All pages of the site.

    ``ruby`` renders ruby markup for the standard edition (see ``ruby.py``);
    ``engine`` is the reading engine (:func:`reading_engine` or
    :class:`LazyReadingEngine`): it gives the readings shown on the glossary
    page and is told the readings the plans' glossaries give.  ``cache``
    keeps parsed documents across builds (see ``cache.py``).  With a cache
    and a ``render_key`` (a string that changes whenever ``ruby`` or
    ``engine`` would read differently, e.g. the engine's fingerprint), the
    finished site is cached too, under a key of every source file's bytes
    and name, the settings and ``render_key`` (:attr:`Site.pages_key`), with
    a summary of each plan: a rebuild of unchanged sources loads no
    document.  With ``store_pages=False`` a new site is not cached here; its
    ``pages_key`` says where the caller may put it (:meth:`Site.cache_entry`;
    the hooks cache the pages with their finished ruby markup).  With
    ``reuse=False`` the site is made again even if the cache has it (the
    documents still come from the cache).  ``starting`` is called when the
    site is not served from the cache, before anything is made;
    ``terms_reader(engine, terms)``, if given, is asked for the readings of
    the glossary's terms before the pages are made and returns a function
    that gives them (the build's worker reads them meanwhile), or None;
    ``recorded_all`` is called once ``ruby`` has recorded every text it will
    (the standard pages and the glossary page are made; the narration pages,
    made next, carry no ruby).
    """
    pages_key = sources = None
    if cache is not None:
        with timing.stage("cache"):
            sources = read_sources(settings)
            if render_key is not None and None not in sources.values():
                pages_key = site_key(settings, sources, cache, render_key)
                site = Site.from_cache_entry(cache.get(pages_key), pages_key) if reuse else None
                if site is not None:
                    cache.keep(site.document_keys)
                    return site
    if starting is not None:
        starting()
    skipped: list[str] = []
    keys: list[str | None] = []
    docs = load_documents(settings, skipped, cache, keys, sources=sources)
    if not docs:
        raise SourceError(settings.source_dir.name, None, "テキストファイルがすべて空です。計画の本文を保存したファイルを置いてください。")
    # Imported here: a site served from the cache needs none of them.
    from ..enrich.glossary import Glossary
    from ..render.glossary import GlossaryLinker, render_glossary_page
    from ..render.narration import render_narration
    from ..render.markdown import TextRenderer, render_document
    from ..enrich.figures import to_figures

    # The glossary also adds its notes to the documents' warnings (cached with the pages).
    with timing.stage("glossary"):
        glossary = Glossary.from_documents(docs) if settings.glossary.enabled else None
        linker = GlossaryLinker(glossary, settings.glossary.link) if glossary and len(glossary) else None
    if glossary is not None and engine is not None:
        given = _usable_readings(glossary, docs)
        if given:
            engine.add_terms(given, source="glossary")
    if engine is not None and any(doc.furigana for doc in docs):
        # the plans' own furigana, spilled by a PDF copy: matched to their words, their readings
        from ..enrich.furigana import attach_furigana

        with timing.stage("readings"):
            spelled: dict[str, str] = {}
            for doc in docs:
                if doc.furigana:
                    spelled.update(attach_furigana(doc, engine))
            if spelled:
                engine.add_terms(spelled, source="glossary")

    terms = None
    if linker is not None and engine is not None and terms_reader is not None:
        terms = terms_reader(engine, [entry.term for entry in glossary if not entry.reading])

    text = TextRenderer(ruby=ruby, linker=linker)
    standard: list[list[Page]] = []
    with timing.stage("render"):
        recorded = getattr(ruby, "texts", None)
        texts: dict[str, list[str]] = {}
        for doc in docs:
            before = len(recorded) if recorded is not None else 0
            text.figures = to_figures if settings.figures_for(Path(doc.path).stem) else None
            standard.append(render_document(doc, text, epub=settings.epub.enabled))
            if recorded is not None:
                texts[doc.slug] = list(recorded)[before:]
    glossary_page = None
    if linker is not None:
        # after the plan pages: the glossary lists the pages that use each term
        with timing.stage("glossary"):
            if engine is None:
                engine = reading_engine(settings, glossary.given_readings())
            reader = terms or engine.reading
            stems = {doc.slug: Path(doc.path).stem for doc in docs}
            glossary_page = render_glossary_page(glossary, reader=_timed(reader) if timing.enabled() else reader,
                                                 figures=lambda slug: to_figures if settings.figures_for(stems.get(slug, "")) else None)
    if recorded_all is not None:
        recorded_all()          # every text with ruby is recorded: the narration edition has none
    pages: list[Page] = []
    with timing.stage("render"):
        for doc, made in zip(docs, standard):
            pages.extend(made)
            pages.extend(render_narration(doc, epub=settings.epub.enabled))   # never linked: the narration edition is plain text
    if glossary_page is not None:
        pages.append(glossary_page)
    plans = [Plan(doc.path, doc.slug, to_figures(doc.title) if settings.figures_for(Path(doc.path).stem) else doc.title,
                  doc.warnings) for doc in docs]
    site = Site(plans, pages, skipped, pages_key, documents=docs, document_keys=[k for k in keys if k is not None],
                texts=texts)
    if pages_key is not None and store_pages:
        with timing.stage("cache"):
            cache.put(pages_key, site.cache_entry())
    return site


def site_key(settings: Settings, sources: "dict[Path, bytes | None]", cache: "DocumentCache",
             render_key: str) -> str:
    """The document cache's key for the site made from ``sources`` (see :func:`build_site`).

    It covers everything a document's key covers (each file's bytes, the
    name staff see, its slug and title settings, ``strict``), in file order,
    and everything the pages depend on besides (``render_key``, the glossary
    settings).
    """
    import hashlib

    files = tuple((f"{settings.source_dir.name}/{path.name}", repr(settings.plans.get(path.stem) or {}),
                   hashlib.sha256(data).hexdigest()) for path, data in sources.items())
    return cache.key(b"", site=files, strict=settings.strict, render=render_key,
                     glossary=repr(settings.glossary), figures=settings.figures, epub=repr(settings.epub))


def _timed(reader):
    def read(text: str) -> str:
        with timing.stage("readings"):
            return reader(text)
    return read
