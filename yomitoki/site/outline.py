"""``yomitoki outline``: what the site will make of each plan, on one screen, before it is built.

For each plan: its title and where the title came from, the encoding, the
plan's own 目次, the printed pages found, the chapters with their headings
(indented by level), tables and lists, the glossary entries, and everything
the text stages changed, joined or dropped (:class:`yomitoki.text.model.Change`),
with the notes staff should read.  Staff compare it with the printed plan; the
levers in ``mkdocs.yml`` (title, page and heading patterns, lines to drop) fix
what it got wrong.
"""
from __future__ import annotations

from collections import Counter

from ..text.model import Document, Heading, ListBlock, PageBreak, Table, Unstructured
from ..text.split import chapter_pages
from ..render.output import page_url

__all__ = ["outline_lines", "TITLE_SOURCES"]

TITLE_SOURCES = {
    "settings": "mkdocs.yml の設定から",
    "cover": "表紙（最初の行）から",
    "toc": "目次の見出しから",
    "heading": "最初の見出しから",
    "table": "表の見出しから",
    "file": "ファイル名から。本文から題名を見つけられませんでした。mkdocs.yml の plans で title を設定してください",
}

ENCODINGS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8（BOM 付き）", "cp932": "Shift_JIS（CP932）",
    "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "euc-jp": "EUC-JP", "iso-2022-jp": "ISO-2022-JP（JIS）",
}

def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def _pages(doc: Document) -> list[PageBreak]:
    blocks = list(doc.front) + [b for ch in doc.chapters for b in ch.blocks]
    return [b for b in blocks if isinstance(b, PageBreak)]


def outline_lines(doc: Document, glossary_terms: list[str] | None = None, *, full: bool = False) -> list[str]:
    """The outline of one parsed plan, as lines of Japanese text.

    ``glossary_terms`` are the terms its glossary gave (in order); ``full``
    shows every heading level, every table and every change (otherwise the
    headings down to 小見出し of the third level and the first 20 changes).
    """
    out: list[str] = []
    encoding = ENCODINGS.get(doc.encoding, doc.encoding)
    out.append(f"■ {doc.path}（{encoding}）→ サイトの {doc.slug}/")
    source = TITLE_SOURCES.get(doc.title_source, doc.title_source)
    out.append(f"  題名: {doc.title}（{source}）")
    if doc.toc:
        out.append(f"  目次: {len(doc.toc)} 項目（{doc.toc_line} 行目から。サイトでは「概要と目次」のページに載せます）")
    pages = _pages(doc)
    if pages:
        first, last = pages[0], pages[-1]
        span = f"{first.first}〜{last.last or last.first} ページ"
        out.append(f"  原本のページ: {len(pages)} か所（{span}。ページ区切りとして表示します）")
    else:
        out.append("  原本のページ: 見つかりませんでした（ページ番号の書き方が特殊なときは mkdocs.yml で指定できます）")
    counts: Counter[str] = Counter()
    for n, chapter in enumerate(doc.chapters, 1):
        where = f"{chapter.line} 行目" if chapter.line else ""
        label = chapter.title if chapter.title_from_source else f"{chapter.title}（見出しのない部分）"
        nav = f"（目次では「{_short(chapter.nav_title)}」）" if chapter.nav_title and chapter.nav_title != chapter.title else ""
        out.append(f"  章 {chapter.slug}: {_short(label, 50)}{nav}　{where}")
        parts = chapter_pages(doc, chapter)
        if len(parts) > 1:
            starts = "、".join(f"{page_url(cp.uri)}「{_short(cp.title, 20)}」" for cp in parts[1:])
            out.append(f"    長い章のため {len(parts)} ページに分けます（2 ページ目から: {starts}）")
        for block in chapter.blocks:
            if isinstance(block, Heading):
                counts["heading"] += 1
                if full or block.level <= 4:
                    indent = "    " + "  " * (block.level - 2)
                    out.append(f"{indent}{block.level - 1}段目の見出し: {_short(block.text)}　{block.line} 行目")
            elif isinstance(block, Table):
                counts["table"] += 1
                if full or counts["table"] <= 30:
                    caption = f"「{_short(block.caption)}」" if block.caption else "（題なし）"
                    out.append(f"      表{caption}: {len(block.columns)} 列 × {len(block.rows)} 行　{block.line} 行目")
            elif isinstance(block, ListBlock):
                counts["list"] += 1
                counts["item"] += len(block.items)
            elif isinstance(block, Unstructured):
                counts["unstructured"] += 1
                out.append(f"      △ 構造を読み取れなかった部分（そのまま表示）: {block.line} 行目から。{block.reason}")
    summary = [f"章 {len(doc.chapters)}", f"見出し {counts['heading']}", f"表 {counts['table']}",
               f"箇条書き {counts['list']}（{counts['item']} 項目）"]
    out.append("  合計: " + "、".join(summary))
    if glossary_terms is not None:
        if glossary_terms:
            shown = "、".join(glossary_terms[:12]) + (f" ほか {len(glossary_terms) - 12} 語" if len(glossary_terms) > 12 else "")
            out.append(f"  用語: {len(glossary_terms)} 語（{shown}）")
        else:
            out.append("  用語: 見つかりませんでした")
    changes = [c for c in doc.changes if c.kind != "joined"] + [_elided(line, text) for line, text in doc.elided]
    joined = [c for c in doc.changes if c.kind == "joined"]
    if joined:
        out.append(f"  つないだ行: {len(joined)} か所（{joined_lines(joined)}）")
    if changes:
        out.append(f"  直したこと・省いたこと: {len(changes)} 件")
        shown_changes = changes if full else changes[:20]
        for c in shown_changes:
            after = f"「{_short(c.after)}」" if c.after else "（省略）"
            out.append(f"    {c.line} 行目: 「{_short(c.before)}」→ {after}　{c.reason}")
        if len(changes) > len(shown_changes):
            out.append(f"    ほか {len(changes) - len(shown_changes)} 件（すべて見るには --all）")
    notes = [w for w in doc.warnings]
    if notes:
        out.append(f"  注意: {len(notes)} 件")
        for w in notes if full else notes[:20]:
            out.append(f"    {w.line} 行目: {w.message}")
        if not full and len(notes) > 20:
            out.append(f"    ほか {len(notes) - 20} 件（すべて見るには --all）")
    return out


def joined_lines(joined, limit: int = 5) -> str:
    """``13〜15 行目、17〜19 行目 ほか 3 段落``: the lines run together, a range per paragraph."""
    runs: list[list[int]] = []
    for c in sorted(joined, key=lambda c: c.line):
        if runs and c.line == runs[-1][1]:
            runs[-1][1] = c.line + 1
        else:
            runs.append([c.line, c.line + 1])
    shown = "、".join(f"{a}〜{b} 行目" for a, b in runs[:limit])
    return shown + (f" ほか {len(runs) - limit} 段落" if len(runs) > limit else "")


def _elided(line: int, text: str):
    from ..text.model import Change

    return Change(line, 0, text, "", "表の見出しの繰り返しとして省きました", "elided")
