"""The glossary's links and its page: what the renderer makes of :mod:`yomitoki.enrich.glossary`.

* :class:`GlossaryLinker` links the occurrences of the glossary's terms in
  running text to the glossary page, and note marks (``(※1)`` ``(注1)``) to their note;
  it records on which pages each term is used.
* :func:`render_glossary_page` writes ``glossary.md`` once every plan page
  has been rendered (it lists those usages).
"""
from __future__ import annotations

import bisect
from typing import Callable, Iterable

from ..enrich.glossary import (
    _GROUP_ID,
    _GROUP_ORDER,
    _RE_NOTE_MARK,
    GLOSSARY_TITLE,
    GLOSSARY_URI,
    GROUPS,
    Entry,
    Glossary,
    NoteAnchor,
    NoteRef,
    _attr,
    _kana_key,
    note_key,
    term_id,
)
from ..enrich.glossary_options import MODES
from .escape import escape
from .markdown import Page, front_matter, relative_url, unique_name

__all__ = ["GlossaryLinker", "render_glossary_page"]


class GlossaryLinker:
    """A :class:`yomitoki.render.markdown.TermLinker` over a :class:`Glossary`.

    ``mode`` says which occurrences are linked: ``section`` (the first of each
    term in each section), ``page`` (the first on each page) or ``all``.
    """

    def __init__(
        self,
        glossary: Glossary,
        mode: str = "section",
        *,
        glossary_uri: str = GLOSSARY_URI,
        use_directory_urls: bool = True,
        record: bool = True,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"用語のリンクの付け方「{mode}」は使えません（{', '.join(MODES)} のいずれか）。")
        self.glossary = glossary
        self.mode = mode
        self.glossary_uri = glossary_uri
        self.use_directory_urls = use_directory_urls
        self.record = record
        self.links = 0
        self._uri = ""
        self._title = ""
        self._href = ""
        self._seen: set[str] = set()
        self._next_block = 0
        self._heads: dict[str, int] = {}     # note heads met on this page: text → times

    # -- TermLinker ----------------------------------------------------------

    def page(self, src_uri: str, title: str) -> None:
        self._uri, self._title = src_uri, title
        self._href = relative_url(src_uri, self.glossary_uri, self.use_directory_urls)
        self._seen = set()
        self._next_block = 0
        self._heads = {}

    def section(self) -> None:
        if self.mode == "section":
            self._seen = set()

    def split(self, text: str, exclude: Iterable[str] = ()) -> list[tuple[str, object | None]]:
        """``text`` cut into plain pieces and pieces to link (an Entry, NoteRef or NoteAnchor)."""
        g = self.glossary
        if not text or not (g.by_key or g._note_blocks):
            return [(text, None)]
        skip = set(exclude) | g.own_ids(self._uri, text)
        out: list[tuple[str, object | None]] = []
        plain_from = 0

        def emit(start: int, end: int, term: object) -> None:
            nonlocal plain_from
            if start > plain_from:
                out.append((text[plain_from:start], None))
            out.append((text[start:end], term))
            plain_from = end

        # note marks first: they are never part of a term
        marks: dict[int, tuple[int, object]] = {}
        head = g.note_head(self._uri, text, self._heads.get(text, 0))
        if head is not None:
            self._heads[text] = self._heads.get(text, 0) + 1
        blocks = g.note_blocks(self._uri)
        if blocks and ("※" in text or "注" in text):
            for m in _RE_NOTE_MARK.finditer(text):
                if head is not None and m.start() == 0:
                    marks[0] = (m.end(), NoteAnchor(head.note_id))
                    continue
                target = self._note_target(note_key(m), blocks)
                if target:
                    marks[m.start()] = (m.end(), NoteRef(target))
        if head is not None:
            self._next_block = max(self._next_block, head.note_block + 1)
        trie = g.trie()
        next_start = g.first_chars().search         # where a term can begin
        mark_at = sorted(marks)
        i, n = 0, len(text)
        while i < n:
            if i in marks:
                end, term = marks[i]
                emit(i, end, term)
                i = end
                continue
            node = trie.get(text[i])
            if node is None:
                # skip to the next character that starts a term, or the next note mark
                found = next_start(text, i + 1)
                later = bisect.bisect_right(mark_at, i)
                i = found.start() if found is not None else n
                if later < len(mark_at) and mark_at[later] < i:
                    i = mark_at[later]
                continue
            best: tuple[int, Entry] | None = None
            j = i + 1
            while node is not None:
                if None in node:
                    best = (j, node[None])
                if j >= n or j in marks:
                    break
                node = node.get(text[j])
                j += 1
            if best is not None:
                end, entry = best
                if entry.id not in skip and entry.id not in self._seen:
                    if self.mode != "all":
                        self._seen.add(entry.id)
                    if self.record:
                        g.record(entry, self._uri, self._title)
                    emit(i, end, entry)
                # the matched term is consumed either way: a shorter term
                # inside it (障害児 in 障害児通所支援) is never linked
                i = end
                continue
            i += 1
        if plain_from < n:
            out.append((text[plain_from:], None))
        return out

    def _note_target(self, key: tuple[str, int] | None, blocks: list[dict[tuple[str, int], str]]) -> str:
        """The note a mark points to: the next block of notes that has its number (of its kind, ※ or 注)."""
        if key is None:
            return ""
        order = list(range(self._next_block, len(blocks))) + list(range(min(self._next_block, len(blocks)) - 1, -1, -1))
        for b in order:
            if key in blocks[b]:
                return blocks[b][key]
        return ""

    def link(self, term: object, inner_html: str) -> str:
        if isinstance(term, Entry):
            self.links += 1
            href = _attr(f"{self._href}#{term.id}")
            return f'<a class="yt-term" href="{href}" data-term-id="{_attr(term.id)}">{inner_html}</a>'
        if isinstance(term, NoteRef):
            return f'<a class="yt-noteref" href="#{_attr(term.target)}" role="doc-noteref">{inner_html}</a>'
        if isinstance(term, NoteAnchor):
            return f'<span class="yt-note-mark" id="{_attr(term.id)}">{inner_html}</span>'
        return inner_html


# --- the glossary page ----------------------------------------------------------


def render_glossary_page(
    glossary: Glossary,
    reader: Callable[[str], str] | None = None,
    *,
    use_directory_urls: bool = True,
    figures: Callable[[str], Callable[[str], str] | None] | None = None,
) -> Page | None:
    """``glossary.md``: every entry under its 行, with the pages that use it.

    ``figures`` gives, for a plan's slug, how its text is shown (numbers in
    figures, as on its standard pages: ``enrich/figures.py``), or None.

    Call it after every plan page has been rendered with a linker over the
    same glossary (the usages come from there).  None when there is no entry.
    """
    if not len(glossary):
        return None
    glossary.fill_readings(reader)
    # definitions link to the other entries on this page
    linker = GlossaryLinker(glossary, "section", glossary_uri=GLOSSARY_URI, use_directory_urls=use_directory_urls, record=False)
    linker.page(GLOSSARY_URI, GLOSSARY_TITLE)
    groups: dict[str, list[Entry]] = {}
    for entry in glossary.entries:
        groups.setdefault(entry.group or "その他", []).append(entry)
    parts = [front_matter(GLOSSARY_TITLE) + f"# {escape(GLOSSARY_TITLE)}"]
    parts.append(
        "計画の中で説明されている用語を、五十音の行ごとにまとめています。"
        "各ページの本文では、用語にこのページへのリンクが付いています。"
    )
    ordered = sorted(groups, key=lambda g: (_GROUP_ORDER.get(g, len(GROUPS)), g))
    used_ids: set[str] = set()
    parts.append(
        '<nav class="yt-glossary-groups" aria-label="行の一覧"><ul>'
        + "".join(f'<li><a href="#{_attr(_group_anchor(g, used_ids))}">{escape(g)}</a></li>' for g in ordered)
        + "</ul></nav>"
    )
    used_ids.clear()
    for group in ordered:
        entries = _sorted_entries(groups[group])
        parts.append(f"## {escape(group)} {{#{_group_anchor(group, used_ids)}}}")
        parts.append('<dl class="yt-glossary">' + "".join(_entry_html(e, glossary, linker, use_directory_urls, figures)
                                                          for e in entries) + "</dl>")
    return Page(GLOSSARY_URI, GLOSSARY_TITLE, "\n\n".join(parts) + "\n", nav_title=GLOSSARY_TITLE)


def _group_anchor(group: str, used: set[str]) -> str:
    return unique_name("gyo-" + _GROUP_ID.get(group, term_id(group)), used)


def _sorted_entries(entries: list[Entry]) -> list[Entry]:
    """By reading where every entry has one (or is kana); else as the plans list them."""
    keys = [e.reading and _kana_key(e.reading.replace(" ", "")) or _kana_key(e.term) for e in entries]
    if all(keys):
        return [e for _, _, e in sorted(zip(keys, range(len(entries)), entries))]
    return list(entries)


def _entry_html(entry: Entry, glossary: Glossary, linker: GlossaryLinker, use_directory_urls: bool,
                figures: Callable[[str], Callable[[str], str] | None] | None = None) -> str:
    here = GLOSSARY_URI
    slugs = {title: slug for slug, title in glossary.plans.items()}

    def shown(text: str, plan: str | None) -> str:
        convert = figures(plan) if figures is not None and plan else None
        return convert(text) if convert else text

    reading = ""
    if entry.reading and _kana_key(entry.title) is None:
        reading = f' <span class="yt-glossary__reading">（{escape(entry.reading)}）</span>'
    dt = f'<dt id="{_attr(entry.id)}"><span class="yt-glossary__term">{escape(entry.title)}</span>{reading}</dt>'

    def body(text: str, plan: str | None = entry.plan) -> str:
        linker.section()
        return "".join(
            escape(piece) if term is None else linker.link(term, escape(piece))
            for piece, term in linker.split(shown(text, plan), exclude={entry.id})
        )

    parts: list[str] = []
    if entry.definition:
        parts.append('<div class="yt-glossary__def">' + "".join(f"<p>{body(p)}</p>" for p in entry.definition) + "</div>")
    elif entry.children:
        names = "、".join(c.title for c in entry.children)
        parts.append(f'<div class="yt-glossary__def"><p>{escape("次の項目をまとめた呼び方です: " + names)}</p></div>')
    for plan_title, definition in entry.variants:
        parts.append(
            f'<div class="yt-glossary__variant"><p class="yt-glossary__variant-title">{escape(plan_title)}での説明:</p>'
            + "".join(f"<p>{body(p, slugs.get(plan_title))}</p>" for p in definition)
            + "</div>"
        )
    if entry.children:
        parts.append('<dl class="yt-glossary yt-glossary--sub">'
                     + "".join(_entry_html(c, glossary, linker, use_directory_urls, figures) for c in entry.children) + "</dl>")
    source_href = relative_url(here, entry.source_uri, use_directory_urls)
    if entry.note_id:
        source_href += f"#{entry.note_id}"
    source_title = shown(entry.source_title, entry.plan)
    source_label = f"{shown(entry.plan_title, entry.plan)}「{source_title}」" if entry.plan_title else source_title
    if entry.source_uri:
        parts.append(
            f'<p class="yt-glossary__source">出典: <a href="{_attr(source_href)}">{escape(source_label)}</a></p>'
        )
    uses = glossary.usages.get(entry.id, {})
    if uses:
        items = []
        for uri, title in uses.items():
            plan = uri.split("/", 1)[0] if "/" in uri else ""
            label = title
            if len(glossary.plans) > 1 and plan in glossary.plans and title != glossary.plans[plan]:
                label = f"{shown(glossary.plans[plan], plan)}「{title}」"
            items.append(f'<li><a href="{_attr(relative_url(here, uri, use_directory_urls))}">{escape(label)}</a></li>')
        parts.append(
            f'<div class="yt-glossary__uses"><p>この用語が出てくるページ（{len(uses)}）:</p><ul>' + "".join(items) + "</ul></div>"
        )
    return dt + "<dd>" + "".join(parts) + "</dd>"
