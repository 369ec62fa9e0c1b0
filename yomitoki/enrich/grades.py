"""The school grade in which each kanji is taught (学年別漢字配当表), for ruby by grade.

``data/kyoiku_kanji.tsv`` holds the 1,026 kanji of elementary school (1年
to 6年, the 2020 table; its header cites the source).  Any other kanji is
:data:`BEYOND` (taught in junior high school or not at all).
"""
from __future__ import annotations

import functools
from importlib import resources

from ..chars import fold_lookalikes, is_kanji

__all__ = ["GRADES", "BEYOND", "kanji_grades", "grade_of", "word_grade"]

GRADES = (1, 2, 3, 4, 5, 6)
BEYOND = 7            # not in the table: after elementary school


@functools.cache
def kanji_grades() -> dict[str, int]:
    """Kanji → grade (1–6), as in the table."""
    text = resources.files("yomitoki").joinpath("data/kyoiku_kanji.tsv").read_text(encoding="utf-8")
    out: dict[str, int] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kanji, grade = line.split("\t")
        out[kanji] = int(grade)
    return out


def grade_of(ch: str) -> int:
    """The grade ``ch`` is taught in, :data:`BEYOND` if none (PDF radical forms read as their kanji)."""
    table = kanji_grades()
    return table.get(ch) or table.get(fold_lookalikes(ch), BEYOND)


def word_grade(word: str) -> int:
    """The latest grade among the kanji of ``word`` (1 without any; 々 repeats a kanji, ヶ is kana)."""
    return max((grade_of(ch) for ch in word if is_kanji(ch) and ch not in "々〆ヶヵ〇"), default=1)
