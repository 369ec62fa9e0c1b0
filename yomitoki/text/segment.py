"""Cutting a decoded text into segments: the units the parser classifies.

Two kinds of source exist:

* *line* texts, where each line is a heading, an item or (part of) a
  paragraph.  PDF and Word exports break paragraphs into visual lines; a
  line that stops short of a sentence end and runs to the usual line width
  is joined with the next one.
* *flat* texts such as the Kochi accessible edition: a whole plan on one
  line, items and sentences separated by spaces.  They are cut at spaces
  that stand outside brackets, so that ``(A型 ・ B型)`` stays whole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..kansuji import NUMERAL_CHARS
from .labels import LEADERS, is_number_only, match_label, match_page

OPEN = "(（「『【[［<＜〈《〔{｛"
CLOSE = ")）」』】]］>＞〉》〕}｝"
_PAIR = dict(zip(OPEN, CLOSE))
_BRACKET_OR_SPACE = re.compile("[" + re.escape(OPEN + CLOSE) + " \u3000]")
SENTENCE_END = "。．！？!?」』)）"
# A bracket left open longer than this is taken as unbalanced: cutting
# resumes so that one stray "(" cannot swallow the rest of a plan.
MAX_BRACKET_SPAN = 160
FLAT_LINE_LENGTH = 400


@dataclass
class Segment:
    text: str
    line: int          # 1-based source line
    column: int = 1    # 1-based column of the first character
    page: tuple[int, int | None] | None = None   # a printed page number (pages.py found it)


def is_flat_line(line: str) -> bool:
    return len(line) >= FLAT_LINE_LENGTH and line.count(" ") + line.count("\u3000") >= 8


def split_flat(line: str, lineno: int) -> tuple[list[Segment], list[int]]:
    """Cut a long single line at spaces outside brackets.

    Returns the segments and the columns of brackets found unbalanced.
    """
    segments: list[Segment] = []
    unbalanced: list[int] = []
    stack: list[tuple[str, int]] = []
    start = 0
    n = len(line)
    # Only brackets and spaces change anything: the rest is skipped in C.
    for m in _BRACKET_OR_SPACE.finditer(line):
        i = m.start()
        ch = m.group()
        if ch in _PAIR:
            stack.append((_PAIR[ch], i))
        elif stack and ch == stack[-1][0]:
            stack.pop()
        elif ch in CLOSE and any(c == ch for c, _ in stack):
            while stack and stack[-1][0] != ch:
                unbalanced.append(stack.pop()[1] + 1)
            stack.pop()
        if (ch == " " or ch == "\u3000") and stack and (
            i - stack[0][1] > MAX_BRACKET_SPAN or _page_follows(line, i + 1)
        ):
            # A bracket still open at a space far from it, or before a page
            # number, was never closed: cut here all the same.
            unbalanced.extend(pos + 1 for _, pos in stack)
            stack.clear()
        if (ch == " " or ch == "\u3000") and not stack:
            if i > start:
                segments.append(Segment(line[start:i], lineno, start + 1))
            start = i + 1
    if start < n:
        segments.append(Segment(line[start:], lineno, start + 1))
    unbalanced.extend(pos + 1 for _, pos in stack)
    return segments, unbalanced


def _page_follows(line: str, start: int) -> bool:
    end = line.find(" ", start)
    return match_page(line[start:end if end >= 0 else len(line)]) is not None


@dataclass(frozen=True)
class Join:
    """Two lines run together into one paragraph: where the first ended, and both."""

    line: int           # the first line
    column: int         # 1-based column just after its last character
    left: str
    right: str
    sep: str            # what was put between them ("" or " ")


# A table of contents entry: a title, a leader, a page number (``第3章 施策の展開・・・・3``).
_LEADER_END = re.compile(rf"[{LEADERS}]{{2,}}[ \u3000]*[0-9０-９]+[ \u3000]*(?:ページ|頁)?(?:から)?$")


def typical_width(lines: list[str]) -> int:
    """The width of a full line of prose: rows of figures and contents entries,
    often longer than the page's text column, do not count."""
    widths = sorted(len(s) for s in lines if s.strip() and not _is_row_of_figures(s.strip())
                    and not _LEADER_END.search(s.strip()))
    if not widths:
        return 0
    return widths[int(len(widths) * 0.9) - 1 if len(widths) > 1 else 0]


def split_lines(lines: list[tuple[int, str]], width: int | None = None,
                joins: list[Join] | None = None) -> list[Segment]:
    """Segments of a line text; blank lines end paragraphs.

    A line is joined to the next when it runs (nearly) to the typical line
    width, does not end a sentence, and the next line starts no heading,
    item or page number: the mark of a paragraph broken by a PDF export.
    Two lines that both end with a figure after a space or 、 are rows of
    a table (``見込量 1,258人、1,250人`` / ``実績値 1,248人 1,233人``), and
    two lines that both start with a date and a space are rows of a
    timeline (``令和5年5月24日 第1回 …``): never one paragraph.  Nor is a
    line of words and figures between spaces (``… 回収数 943人 回収率 42.8%``)
    continued by the next, nor a contents entry (``…・・・・3``).

    ``width``: the typical width of the whole text (a page of short lines
    between two page marks has no full lines of its own); by default that
    of ``lines``.  ``joins``, when given, receives every place two lines
    were joined (for ``yomitoki check``).
    """
    if width is None:
        width = typical_width([t for _, t in lines])
    out: list[Segment] = []
    pending: Segment | None = None
    pending_last = ""   # the last visual line of the pending paragraph
    last_line = last_end = 0
    for lineno, raw in lines:
        text = raw.strip()
        if not text:
            if pending:
                out.append(pending)
                pending = None
            continue
        if pending is not None:
            joinable = (
                len(pending_last) >= max(20, int(width * 0.8))
                and not pending_last.endswith(tuple(SENTENCE_END))
                and match_label(text) is None
                and match_page(text) is None
                and not (_ends_with_figure(pending_last) and _ends_with_figure(text))
                and not (DATED_ROW.match(pending_last) and DATED_ROW.match(text))
                and not _is_row_of_figures(pending_last)
                and not _LEADER_END.search(pending_last)
            )
            if joinable:
                sep = " " if _needs_space(pending.text[-1], text[0]) else ""
                if joins is not None:
                    joins.append(Join(last_line, last_end, pending_last, text, sep))
                pending = Segment(pending.text + sep + text, pending.line, pending.column)
                pending_last, last_line, last_end = text, lineno, len(raw.rstrip()) + 1
                continue
            out.append(pending)
        pending = Segment(text, lineno, 1 + len(raw) - len(raw.lstrip()))
        pending_last, last_line, last_end = text, lineno, len(raw.rstrip()) + 1
    if pending:
        out.append(pending)
    return out


# A date as plans write it: 令和5年5月24日, 5月24日（水）, R5.5.24, 2023/5/24, 令和2年5月.
_D = r"[0-9０-９]{1,2}"
_WEEKDAY = r"(?:[ \u3000]?[(（][月火水木金土日](?:・?祝)?[)）])"
_DATE = (
    r"(?:(?:(?:令和|平成|昭和)(?:元|" + _D + r")|[0-9０-９]{4})年)?" + _D + r"月(?:" + _D + r"日" + _WEEKDAY + r"?)?"
    r"|(?:[RHSＲＨＳ]|令和|平成)" + _D + r"[.．/／]" + _D + r"(?:[.．/／]" + _D + r")?" + _WEEKDAY + r"?"
    r"|[0-9０-９]{4}[.．/／-]" + _D + r"(?:[.．/／-]" + _D + r")?" + _WEEKDAY + r"?"
)
# A date or a range of dates (``10月2日（月）～10月31日（火）``) at the start of a line, then a space or the end.
DATED_ROW = re.compile(
    r"(?P<date>(?:" + _DATE + r")(?:[ \u3000]*(?:[～~〜－-]|から)[ \u3000]*(?:" + _DATE + r"|" + _D + r"日" + _WEEKDAY + r"?))?)"
    r"(?:[ \t\u3000]+|$)"
)

# A figure (with a short unit: 人, 時間, 人日分, %) or a dash, after a space or 、, ending a line.
_FIGURE_END = re.compile(r"[ \t\u3000、,，](?:[0-9０-９][0-9０-９,，.．]*[^\s0-9０-９。、,，]{0,3}|[-－―—‐−])$")


def _ends_with_figure(line: str) -> bool:
    return _FIGURE_END.search(line) is not None


_FIGURE_TOKEN = re.compile(r"[0-9０-９][0-9０-９,，.．]*[^\s0-9０-９。、,，]{0,3}|[-－―—‐−]")


def _is_row_of_figures(line: str) -> bool:
    """Words and at least two figures between spaces, a figure last: a row of a table."""
    tokens = line.split()
    figures = [t for t in tokens if _FIGURE_TOKEN.fullmatch(t)]
    return len(tokens) >= 3 and len(figures) >= 2 and len(figures) < len(tokens) \
        and _FIGURE_TOKEN.fullmatch(tokens[-1]) is not None


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


_DIGITS = "0123456789０１２３４５６７８９"


def _needs_space(left: str, right: str) -> bool:
    """Joining two visual lines: Japanese runs on without a space; Latin words keep one;
    a kanji numeral and a figure stay apart (``第一`` then ``0`` is not 第十)."""
    if (left in NUMERAL_CHARS and right in _DIGITS) or (left in _DIGITS and right in NUMERAL_CHARS):
        return True
    return not (_is_wide(left) or _is_wide(right))


def merge_fragments(segments: list[Segment]) -> list[Segment]:
    """Re-attach what a cut at spaces tore apart.

    * a bare label (``1``, ``(2)``, ``・``) belongs to the text after it;
    * a bare number or percentage (``三百四十三``, ``十点9パーセント``)
      belongs to the text before it.
    """
    out: list[Segment] = []
    carry: Segment | None = None
    for i, seg in enumerate(segments):
        if seg.page is not None:         # a printed page number: never joined to its neighbours
            if carry is not None:
                out.append(carry)
                carry = None
            out.append(seg)
            continue
        if carry is not None:
            seg = Segment(carry.text + " " + seg.text, carry.line, carry.column)
            carry = None
        nxt = segments[i + 1].text if i + 1 < len(segments) else ""
        if (
            out
            and is_number_only(seg.text)
            and match_page(seg.text) is None
            and _takes_data(out[-1].text)
            and not (_is_bare_label(seg.text) and _opens_item(nxt))
        ):
            prev = out[-1]
            out[-1] = Segment(prev.text + " " + seg.text, prev.line, prev.column)
            continue
        if _is_bare_label(seg.text) and nxt:
            carry = seg
            continue
        out.append(seg)
    if carry is not None:
        out.append(carry)
    return out


def _opens_item(nxt: str) -> bool:
    """Whether text after a bare number is an item that number opens.

    ``1`` ``活動の場があること`` → yes; ``二十二`` ``5わからない`` → no (it
    has its own label); ``7`` ``0点8パーセント`` → no (more data).
    """
    return bool(nxt) and match_label(nxt) is None and not is_number_only(nxt) and match_page(nxt) is None


def _is_bare_label(text: str) -> bool:
    if text in ("・", "•", "○", "●", "■", "□", "◆", "◇", "◎"):
        return True
    if match_page(text):
        return False
    m = match_label(text + " x")
    return m is not None and m.rest == "x" and m.kind in ("paren-num", "paren-kanji", "circled", "circled-sub", "num", "kanji-num", "dai", "dai-章", "dai-節")


def _takes_data(prev: str) -> bool:
    """Whether a bare number after ``prev`` is that text's value (not a new item).

    It is not when ``prev`` is a page number, ends a sentence, or already
    ends with its own value: then the number opens the next item
    (``…五百八 十六点2パーセント`` then ``十 聴覚…``).
    """
    if match_page(prev) or prev.endswith("。"):
        return False
    last = prev.rsplit(" ", 1)
    return not (len(last) == 2 and is_number_only(last[1]) and "パーセント" in last[1] or prev.endswith(("パーセント", "%", "％")))
