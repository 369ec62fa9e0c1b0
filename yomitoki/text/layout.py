"""What a PDF's page layout left in a text copied out of it, taken out of the reading flow.

Runs on a line text before it is cut into segments (``segment.py``), with
the printed page numbers already found (``pages.py``):

* **running headers and footers**: a short line repeated on page after page
  next to the page numbers (``第2章 計画の基本的な考え方`` at the top of every
  page of that chapter), or a strip of chapter names repeated as a PDF's
  navigation tabs (``第1章 第2章 第3章 第5章 関連資料 参考資料``).  A chapter's
  running header keeps its first occurrence (the chapter's own heading); a
  strip of tabs is dropped everywhere.  The staff's own ``drop_lines``
  patterns drop more.
* **spilled furigana**: the small kana a PDF prints above its kanji, copied
  onto a line of their own (``き し わ だ し`` above ``岸和田市``).  The line
  leaves the reading flow; ``enrich/furigana.py`` matches it to the words
  below it for their ruby, and whatever it cannot match is still shown on
  the page, hidden from screen readers.
* **spaces a PDF put inside words and numbers**: ``平成 28 年5月 24 日`` →
  ``平成28年5月24日``; a sentence whose characters are spread apart by
  justified spacing (``法 律 に 基 づ く``) is closed up.  A single space between
  two words of a sentence (a name, ``委員長 田中``) stays.

Nothing leaves silently: every line dropped and every space taken out is a
:class:`yomitoki.text.model.Change` that ``yomitoki check`` and ``outline``
list.  Lines keep their numbers (a dropped line is simply not passed on).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .labels import ROMAN, match_label
from .model import Change, SpilledFurigana
from .pages import PageMark

__all__ = ["Layout", "SpilledFurigana", "clean_layout"]

# A running header is short, and comes back on at least this many pages.
MAX_HEADER_LENGTH = 60
MIN_REPEATS = 3
# "Next to a page number": within this many non-blank lines of a page mark.
NEAR_PAGE = 2

_KANA_LINE = re.compile(r"^[ぁ-ゖァ-ヺー]+(?:[ \u3000]+[ぁ-ゖァ-ヺー]+)*$")
_KANJI = re.compile(r"[\u4e00-\u9fff々〆ヶ]")
_CJK = "\u4e00-\u9fff々〆ヶぁ-ゖァ-ヺー"
_SPREAD = re.compile(rf"(?<=[{_CJK}])[ \u3000](?=[{_CJK}。、])")
# Spaces a PDF puts around the figures of a date or a quantity (only where there is one).
_S = "[ \u3000]"
_D = "[0-9０-９]"
_NUMBER_SPACES = (
    (re.compile(rf"(令和|平成|昭和){_S}*({_D}{{1,2}}|元){_S}*(年)"), r"\1\2\3"),
    (re.compile(rf"({_D}{{1,4}}){_S}*(年){_S}*({_D}{{1,2}}){_S}*(月)"), r"\1\2\3\4"),
    (re.compile(rf"({_D}{{1,2}}){_S}*(月){_S}*({_D}{{1,2}}){_S}*(日)"), r"\1\2\3\4"),
    (re.compile(rf"({_D}[0-9０-９,，.]*){_S}+(年間|年度|か月|か所|箇所|時間|人|件|%|％|円|歳|回|条|項|号)(?![\u4e00-\u9fff])"), r"\1\2"),
    # 障害者基本法第 11 条第 3 項, 第 7 期
    (re.compile(rf"(第){_S}*({_D}{{1,3}}){_S}*(条|項|号|章|節|次|期|回|款)"), r"\1\2\3"),
)


@dataclass
class Layout:
    lines: list[tuple[int, str]]                      # what goes on to be cut into segments
    changes: list[Change] = field(default_factory=list)
    furigana: list[SpilledFurigana] = field(default_factory=list)
    standalone: set[int] = field(default_factory=set)  # lines that are a segment of their own (the furigana)


def _norm(text: str) -> str:
    return re.sub(r"[ \u3000]+", " ", text.strip())


# One tab of a strip: 第1章, 第2部, 1章, or a bare roman numeral.
_RE_TAB = re.compile(rf"第?[0-9０-９一二三四五六七八九十]+[章部編]|[{ROMAN}]")


def _is_tab_strip(text: str) -> bool:
    """``第1章 第2章 第3章 第5章 関連資料 参考資料``, ``Ⅰ Ⅱ Ⅲ 資料``: chapter tabs, not a heading."""
    parts = text.split()
    chapters = [p for p in parts if _RE_TAB.fullmatch(p)]
    return len(parts) >= 3 and len(chapters) >= 2 and all(len(p) <= 8 for p in parts)


def _near_pages(index: int, nonblank: list[int], page_positions: set[int]) -> bool:
    return any(0 < abs(index - p) <= NEAR_PAGE for p in page_positions)


def clean_layout(lines: list[tuple[int, str]], pages: dict[int, PageMark],
                 drop: list[re.Pattern] | tuple = ()) -> Layout:
    """The lines of a line text without the layout a PDF left in it (see the module docstring)."""
    nonblank = [(n, t) for n, t in lines if t.strip()]
    position = {n: i for i, (n, _) in enumerate(nonblank)}
    page_positions = {position[n] for n in pages if n in position}
    dropped: dict[int, Change] = {}

    # Running headers and footers.
    counts = Counter(_norm(t) for n, t in nonblank
                     if n not in pages and len(t.strip()) <= MAX_HEADER_LENGTH and not t.strip().endswith("。"))
    for text, count in counts.items():
        if count < MIN_REPEATS:
            continue
        where = [n for n, t in nonblank if _norm(t) == text]
        strip = _is_tab_strip(text)
        near = [n for n in where if _near_pages(position[n], [], page_positions)]
        if not strip and len(near) < max(MIN_REPEATS, (len(where) * 2 + 2) // 3):
            continue                      # repeated, but not at the pages' edges: the plan's own words
        keep_first = not strip and match_label(text) is not None
        for k, n in enumerate(where):
            if keep_first and k == 0:
                continue
            if not strip and n not in near:
                continue
            what = "ページの端に毎ページ繰り返される見出し（柱）" if not strip else "各ページに繰り返される章の見出しの帯"
            dropped[n] = Change(n, 1, text, "", f"{what}として省きました（{count} 回）", "running-header")
    for n, t in nonblank:
        if n in dropped or n in pages:
            continue
        for rx in drop:
            if rx.fullmatch(t.strip()):
                dropped[n] = Change(n, 1, t.strip(), "", "mkdocs.yml の drop_lines の指定で省きました", "dropped")
                break

    # Spilled furigana: a kana-only line set above a line with kanji.
    layout = Layout([])
    furigana_lines: set[int] = set()
    for i, (n, t) in enumerate(nonblank):
        if n in dropped or n in pages or i + 1 >= len(nonblank):
            continue
        text = t.strip()
        below_n, below = nonblank[i + 1]
        if _is_spilled_furigana(text, below, t):
            furigana_lines.add(n)
            layout.standalone.add(n)
            layout.furigana.append(SpilledFurigana(n, text, below_n, below.strip()))
            layout.changes.append(Change(n, 1, text, text, "PDF のふりがなが行に分かれたものとして、読み上げの流れから外して"
                                                           "表示しました（次の行の言葉のふりがな）", "furigana"))

    # Spaces inside numbers and spread-out sentences.
    for n, t in lines:
        if n in dropped:
            continue
        if n in furigana_lines:
            layout.lines.append((n, t))
            continue
        fixed, changes = _close_up(n, t)
        layout.changes.extend(changes)
        layout.lines.append((n, fixed))
    layout.changes.extend(dropped.values())
    layout.changes.sort(key=lambda c: (c.line, c.column))
    return layout


# Kana words that stand on a line of their own as headings, spaced out or not.
_PARTICLES = ("の", "は", "を", "が", "に", "へ", "で", "です", "ます")
_KANA_HEADINGS = {"もくじ", "はじめに", "おわりに", "まえがき", "あとがき", "ごあいさつ", "あいさつ", "さくいん", "めざすすがた"}


def _is_spilled_furigana(text: str, below: str, raw: str) -> bool:
    """Kana groups set apart by spaces, over a line with at least as many kanji as they could read."""
    if not _KANA_LINE.match(text) or (" " not in text and "\u3000" not in text):
        return False
    if re.sub(r"[ \u3000]", "", text) in _KANA_HEADINGS or _KANA_LINE.match(below.strip()):
        return False
    if any(len(g) >= 3 and g.endswith(_PARTICLES) for g in text.split()):
        return False                      # words of a sentence in kana (わたしたちの まちの), not readings
    kanji = len(_KANJI.findall(below))
    kana = len(re.sub(r"[ \u3000]", "", text))
    if kanji == 0 or kana > 4 * kanji:
        return False
    # furigana are spaced out: more space than kana, or groups of one to four kana
    groups = text.split()
    spaces = len(raw) - len(raw.replace(" ", "").replace("\u3000", ""))
    return spaces >= len(groups) - 1 and all(len(g) <= 6 for g in groups)


def _close_up(n: int, line: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    out = line
    for rx, joined in _NUMBER_SPACES:
        out = rx.sub(joined, out)
    stripped = out.strip()
    spread = _SPREAD.findall(stripped)
    # a sentence spread out by justified spacing: most of its characters stand apart
    if spread and len(spread) >= 2 and len(spread) * 3 >= len(re.sub(r"[ \u3000]", "", stripped)) and match_label(stripped) is None:
        out = _SPREAD.sub("", out)
    if out != line:
        changes.append(Change(n, 1, line.strip(), out.strip(),
                              "PDF から写したときに言葉や数字の間に入った空白を詰めました", "spacing"))
    return out, changes
