"""Spilled furigana matched to their words: the plan's own readings, as ruby.

``text/layout.py`` takes a line of kana that a PDF printed above its kanji
(``き し わ だ し`` over ``岸和田市障害者計画は…``) out of the reading flow.  Here
the kana are matched to the kanji words of the line below, as the reading
engine reads them:

* the kana, spaces removed, must spell the readings of a run of that line's
  kanji words (kana between them carry no furigana and are skipped; figures
  may take any short reading, ``第4次`` だい・よ・じ);
* one word may read differently from the engine, or have no reading the
  engine knows (a place or a person's name): its reading is then the kana
  left over, and it becomes the plan's own reading of that word, like a
  reading its glossary gives;
* anything else (no run spelled, or two ways to spell it) is no match, and
  the line only stays on the page as it is, hidden from screen readers.

Never a guess: a word gets the plan's reading only when every other kana of
the line is accounted for by the words around it.
"""
from __future__ import annotations

import re

from ..chars import to_hiragana
from ..text.model import Change, Document

__all__ = ["match_furigana", "attach_furigana"]

_DIGITS = re.compile(r"^[0-9０-９]+$")
# A figure under furigana reads with at most this many kana (四 よん, 十 じゅう…).
_MAX_DIGIT_KANA = 4


def _units(spans) -> list[tuple[str, str | None, str]]:
    """(base, reading, kind) of the words that may carry furigana: kanji words and figures."""
    units = []
    for span in spans:
        if span.reading is not None:
            units.append((span.base, to_hiragana(span.reading), "kanji"))
        elif _DIGITS.match(span.base):
            units.append((span.base, None, "digit"))
        elif any("\u4e00" <= c <= "\u9fff" for c in span.base):
            units.append((span.base, None, "kanji"))      # a kanji word the engine has no reading for
    return units


# What a word costs when its kana are not the engine's reading: a word the
# engine cannot read (a name) is cheaper to explain than one it reads otherwise.
_COST_UNKNOWN, _COST_OTHERWISE = 1, 2
_MAX_KANA_PER_KANJI = 3
_MAX_SOLUTIONS = 200
# The readings of the ends of place names: a word the engine reads as a place
# keeps its ending when the kana read it otherwise (すくも alone is not 宿毛市).
_SUFFIXES = {"市": ("し",), "区": ("く",), "町": ("ちょう", "まち"), "村": ("そん", "むら"), "県": ("けん",),
             "都": ("と",), "道": ("どう",), "府": ("ふ",), "郡": ("ぐん",)}


def _suffix_fits(base: str, word: str) -> bool:
    endings = _SUFFIXES.get(base[-1])
    return endings is None or word.endswith(endings)


def match_furigana(kana: str, spans) -> dict[str, str] | None:
    """The words of ``spans`` (a line as the engine read it) that ``kana`` is the furigana of.

    Returns ``{word: reading}`` for the one word whose reading the kana give
    and the engine does not (empty when the kana confirm the engine's
    readings), or None when no run of words spells the kana, or the
    cheapest ways to spell them disagree.  Spelling a word the engine cannot
    read costs 1, spelling a word otherwise than the engine reads it 2, at
    most one such word; figures spell any one to four kana at no cost.
    """
    target = to_hiragana(re.sub(r"[ \u3000]", "", kana))
    if not target:
        return None
    units = _units(spans)
    solutions: list[tuple[int, tuple[tuple[str, str], ...]]] = []

    def walk(k: int, pos: int, given: tuple[tuple[str, str], ...], cost: int, kanji: bool) -> None:
        if len(solutions) >= _MAX_SOLUTIONS:
            return
        if pos == len(target):
            if kanji:                       # figures alone are no evidence
                solutions.append((cost, given))
            return
        if k >= len(units):
            return
        base, reading, kind = units[k]
        if kind == "digit":
            for n in range(1, _MAX_DIGIT_KANA + 1):
                if pos + n <= len(target):
                    walk(k + 1, pos + n, given, cost, kanji)
            return
        rest = target[pos:]
        if reading is not None and rest.startswith(reading):
            walk(k + 1, pos + len(reading), given, cost, True)
        elif reading is not None and len(rest) >= 2 and reading.startswith(rest) and _SUFFIXES.get(base[-1]):
            # furigana over the name only, not its 市 / 町 (こうち over 高知市)
            solutions.append((cost, given))
        if not given:                       # one word may read otherwise: the kana spell it
            extra = _COST_UNKNOWN if reading is None else _COST_OTHERWISE
            for n in range(len(base), _MAX_KANA_PER_KANJI * len(base) + 1):
                if pos + n > len(target):
                    break
                word = target[pos:pos + n]
                if word == reading or (reading is not None and not _suffix_fits(base, word)):
                    continue
                walk(k + 1, pos + n, ((base, word),), cost + extra, True)

    for start in range(len(units)):
        walk(start, 0, (), 0, False)
    if not solutions:
        return None
    best = min(cost for cost, _ in solutions)
    answers = {given for cost, given in solutions if cost == best}
    if len(answers) != 1:
        return None
    return dict(answers.pop())


def attach_furigana(doc: Document, engine) -> dict[str, str]:
    """Match each spilled furigana line of ``doc``; returns the plan's readings it gives (word → reading).

    Each match is noted on the line (``SpilledFurigana.matched``) and listed
    as a change for staff (``yomitoki check``).
    """
    found: dict[str, str] = {}
    for line in doc.furigana:
        given = match_furigana(line.text, engine.spans(line.base_text))
        if given is None:
            doc.changes.append(Change(line.line, 1, line.text, line.text,
                                      f"PDF のふりがな「{line.text}」を下の行の言葉に合わせられませんでした。"
                                      "ふりがなとしては付けず、そのまま表示しています", "furigana"))
            continue
        line.matched = dict(given)
        for word, reading in given.items():
            found.setdefault(word, reading)
            doc.changes.append(Change(line.base_line, 1, word, f"{word}（{reading}）",
                                      f"PDF のふりがな「{line.text}」から、「{word}」の読みを「{reading}」としました", "furigana"))
    return found
