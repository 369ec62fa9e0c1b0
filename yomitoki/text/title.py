"""A plan's title, read from its cover: the lines before the body begins.

Covers are written in many ways, and a PDF copy or a Word export keeps them
as the first lines of the text::

    表紙
    高知市障害者計画・第6期高知市障害福祉計画      ← the title
    令和3年3月
    高知市

    資料1 平成29年11月14日 …専門分科会 第5期障害福祉計画素案の概要
                                        ← a document number, a date and a
                                          meeting, then the title

The cover ends where the body begins: a 目次, a first chapter or numbered
heading, a sentence.  On the cover, the title is the first line (or the
first part of a line, after a ``表紙`` caption, a document number, a date or
a meeting's name) that names a plan (計画, プラン, 方針, ビジョン, 概要…).
A title spaced out letter by letter (``高 知 市 障 害 者 計 画``) is
closed up; a title repeated on the cover is taken once; a title broken over
two lines (ending in ``・``, or followed by a bracketed line such as
``（第5次福岡県障がい者計画）``) is joined.  The cover's lines stay in the
text as they are: only the title is read from them.
"""
from __future__ import annotations

import re

from .labels import match_label, match_page

__all__ = ["body_begins", "cover_title", "PLAN_WORDS"]

PLAN_WORDS = ("計画", "プラン", "方針", "指針", "ビジョン", "戦略", "構想", "報告書", "白書", "概要", "素案", "答申", "ガイドライン")
# The cover is at most this many lines: a plan's first page.
MAX_COVER_LINES = 12
MAX_TITLE_LENGTH = 80

_RE_TOC = re.compile(r"^(?:目\s*次|も\s*く\s*じ)")
_RE_CAPTION = re.compile(r"^(?:表\s*紙|裏\s*表\s*紙)[\s\u3000:：]*")
_RE_DOC_NUMBER = re.compile(r"^(?:参考)?資料\s*[0-9０-９一二三四五六七八九十]*(?:[-－‐の][0-9０-９]+)?$")
_RE_DATE = re.compile(r"^(?:令和|平成|昭和|[0-9０-９]{4}年)[0-9０-９元一二三四五六七八九十]*年?(?:度)?(?:[0-9０-９一二三四五六七八九十]+月)?"
                      r"(?:[0-9０-９一二三四五六七八九十]+日)?(?:[(（][^)）]{1,3}[)）])?$")
_RE_MEETING = re.compile(r"(?:会議|分科会|協議会|審議会|部会|委員会|懇談会|検討会)(?:資料)?$")
_RE_SPACES = re.compile(r"[ \u3000]+")
_BRACKETED = re.compile(r"^[(（〔［\[].*[)）〕］\]]$")


def body_begins(text: str) -> bool:
    """Whether a line is no longer the cover: a 目次, a page number, a heading that opens the body, a sentence."""
    if _RE_TOC.match(text) or match_page(text):
        return True                      # a 目次, or the cover's page ends (``(p.1)``, ``- 1 -``)
    if text.endswith(("。", "です", "ます")) or len(text) > MAX_TITLE_LENGTH:
        return True
    label = match_label(text)
    if label is not None and (label.kind in ("dai-章", "dai-節", "dai-部", "roman") or label.value == 1
                              or label.kind.startswith("symbol-") or label.kind in ("bullet", "sumi", "angle")):
        return True
    return False


def _closed_up(text: str) -> str:
    """``高 知 市 障 害 者 計 画`` → ``高知市障害者計画``; other spacing is kept."""
    parts = _RE_SPACES.split(text)
    if len(parts) >= 3 and all(len(p) == 1 for p in parts):
        return "".join(parts)
    return text


def _title_part(text: str) -> str:
    """The part of a cover line that may be a title: without a caption (表紙), a document
    number, dates and meeting names; a title repeated on one line, once."""
    text = _RE_CAPTION.sub("", text).strip()
    text = _closed_up(text)
    parts = _RE_SPACES.split(text)
    if len(parts) > 1:
        kept = [p for p in parts if not (_RE_DOC_NUMBER.match(p) or _RE_DATE.match(p) or _RE_MEETING.search(p))]
        if kept and len(set(kept)) == 1:
            return kept[0]
        if len(kept) < len(parts):
            # a header line (資料1 日付 会議名 題名): the title is its last part that names a plan
            named = [p for p in kept if _names_a_plan(p)]
            return named[-1] if named else ""
    return text


def _names_a_plan(text: str) -> bool:
    return any(w in text for w in PLAN_WORDS)


def cover_title(lines: list[str]) -> str | None:
    """The title on the cover (the first lines of ``lines``), or None when the cover names no plan."""
    cover: list[str] = []
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        if body_begins(text):
            break
        cover.append(text)
        if len(cover) >= MAX_COVER_LINES:
            break
    i = 0
    while i < len(cover):
        part = _title_part(cover[i])
        # a title broken over lines: ending in ・ or 、, or followed by a bracketed line
        while i + 1 < len(cover) and part and (part.endswith(("・", "、")) or _BRACKETED.match(cover[i + 1])):
            part += _closed_up(cover[i + 1])
            i += 1
        if part and _names_a_plan(part) and len(part) <= MAX_TITLE_LENGTH and not match_page(part):
            return part
        i += 1
    return None
