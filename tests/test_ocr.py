"""Suspected OCR errors for `yomitoki check`."""
from pathlib import Path

from yomitoki.text.ocr import suspects

ROOT = Path(__file__).resolve().parents[1]


def test_iga_ocr_errors_are_found():
    text = (ROOT / "source_texts/iga_disability_plan_targets.txt").read_text(encoding="utf-8")
    found = {(s.word, s.likely) for s in suspects(text)}
    assert found == {("目標值", "目標値"), ("日標值", "目標値"), ("月標", "目標")}


def test_line_numbers_and_spaced_labels():
    text = "【目標値】\n本文\n【目標値】\n【月 標】\n"
    (s,) = suspects(text)
    assert (s.line, s.word, s.likely, s.count) == (4, "月標", "目標", 2)


def test_dates_and_rare_words_are_not_suspects():
    assert suspects("令和2年十一月 十一日 十一日") == []
    # a look-alike word that is not rarer than its partner is left alone
    assert suspects("目標 日標") == []


def test_kochi_text_has_no_false_alarms():
    text = (ROOT / "source_texts/kochi_disability_plan_appendix.txt").read_text(encoding="utf-8")
    assert suspects(text) == []
