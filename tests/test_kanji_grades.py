"""The grade table (学年別漢字配当表, 2020): yomitoki/data/kyoiku_kanji.tsv."""
from __future__ import annotations

from collections import Counter

import pytest

from yomitoki.enrich.grades import BEYOND, grade_of, kanji_grades, word_grade


def test_counts_per_grade_are_the_tables():
    grades = kanji_grades()
    assert len(grades) == 1026
    assert Counter(grades.values()) == {1: 80, 2: 160, 3: 200, 4: 202, 5: 193, 6: 191}


@pytest.mark.parametrize("kanji, grade", [
    ("一", 1), ("学", 1), ("六", 1),
    ("会", 2), ("数", 2),
    ("漢", 3), ("福", 3), ("箱", 3),
    ("害", 4), ("茨", 4), ("城", 4), ("岡", 4),     # 茨, 岡 added in 2020; 城 moved from 6年
    ("囲", 5), ("状", 5), ("職", 5),               # 囲 moved from 4年 in 2020
    ("障", 6), ("就", 6), ("域", 6),
])
def test_known_kanji(kanji, grade):
    assert grade_of(kanji) == grade


def test_kanji_beyond_the_table():
    for kanji in "祉援療携虐":
        assert grade_of(kanji) == BEYOND
    assert word_grade("障害福祉") == BEYOND
    assert word_grade("学校") == 1
    assert word_grade("人々") == 1
    assert word_grade("⽀援") == BEYOND             # a PDF radical form is read as its kanji
    assert grade_of("⽇") == 1
