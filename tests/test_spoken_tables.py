"""Spoken data of the Kochi narration style read back into tables."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from yomitoki.text.model import Heading, PageBreak, Paragraph, Table
from yomitoki.text.parse import parse
from yomitoki.text.spoken_tables import arabic, atoms, format_value, numbers_in, tabulate

ROOT = Path(__file__).resolve().parents[1]
KOCHI = ROOT / "source_texts" / "kochi_disability_plan_appendix.txt"
PAD = " 本文です。" * 60     # makes a sample a flat line, as the Kochi text is


def run(text: str):
    """Parse a flat Kochi-style sample and tabulate it."""
    doc = parse("第1章 サンプル" + PAD + " " + text, "sample.txt", "sample")
    tabulate(doc)
    return doc


def tables(doc) -> list[Table]:
    return [b for c in doc.chapters for b in c.blocks if isinstance(b, Table)]


def cells(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


# --- numbers ------------------------------------------------------------------


def test_format_value_uses_separators_and_keeps_decimals():
    assert format_value(Decimal(1468)) == "1,468"
    assert format_value(Decimal("29.9")) == "29.9"
    assert format_value(Decimal(0)) == "0"


def test_arabic_rewrites_numbers_in_labels():
    assert arabic("二十から二十九歳") == "20から29歳"
    assert arabic("回答数三千七百五十六") == "回答数3,756"
    assert arabic("区分6") == "区分6"


def test_lone_hundred_after_a_verb_is_a_value():
    values = [s.value for s in numbers_in("現在利用している百、今後利用したい百三十")]
    assert values == [Decimal(100), Decimal(130)]


def test_atoms_split_labels_values_and_units():
    found, rest = atoms("一千百四十三人、二十九点9パーセント、療育手帳二千三百三十九人")
    assert [(a.label, a.value, a.unit) for a in found] == [
        ("", Decimal(1143), "人"), ("", Decimal("29.9"), "%"), ("療育手帳", Decimal(2339), "人")]
    assert rest == ""


def test_atoms_leave_trailing_words():
    found, rest = atoms("各項目1件ずつ回答あり")
    assert found == [] and rest == "各項目1件ずつ回答あり"


# --- shapes -------------------------------------------------------------------


AGES = ("①年齢 回答数三千七百五十六 十九歳まで百十二、二十から二十九歳六百九十九、三十から三十九歳六百二十八、"
        "四十から四十九歳八百五十、五十から五十九歳六百六十七、六十から六十九歳五百四十一、七十歳以上二百五十九")


def test_age_question_becomes_label_count_table():
    doc = run(AGES)
    [t] = tables(doc)
    assert t.caption == "①年齢(回答数3,756)"
    assert t.columns[0] == "年齢"
    assert cells(t)[0] == ["19歳まで", "112"]
    assert cells(t)[-1] == ["70歳以上", "259"]
    assert t.numeric == [False, True]
    assert all(row[0].header for row in t.rows)
    assert t.notes == []                       # 3,756 is the sum
    assert "十九歳まで百十二" in t.source_text and "回答数三千七百五十六" in t.source_text


def test_total_that_disagrees_gets_a_visible_note_and_a_warning():
    doc = run(AGES.replace("三千七百五十六", "三千七百六十三"))
    [t] = tables(doc)
    assert t.notes == ["回答数 3,763 に対し、各行の合計は 3,756 です (差 7)。原文の数値を確認してください。"]
    assert any("差 7" in w.message for w in doc.warnings)


def test_multiple_answer_question_is_never_summed():
    text = ("(2)日中の過ごし方 複数回答可 ①日中活動 回答数百 "
            "会社で働いている六十、二十パーセント、家にいる七十、三十パーセント、その他五十、十パーセント")
    doc = run(text)
    [t] = tables(doc)
    assert t.notes == []
    assert not any("合計" in w.message for w in doc.warnings)


def test_two_value_columns_from_the_count_line():
    text = ("②在宅生活を支援するサービス 回答数は、現在利用している三百、今後利用したい二百 "
            "居宅介護(ホームヘルプ)、現在利用している百四十、今後利用したい百四十四 "
            "就労移行支援、現在利用している百、今後利用したい百三十 "
            "自立生活援助、今後利用したい六十一")
    [t] = tables(run(text))
    assert t.columns == ["項目", "現在利用している", "今後利用したい"] or t.columns[1:] == ["現在利用している", "今後利用したい"]
    assert cells(t) == [["居宅介護(ホームヘルプ)", "140", "144"], ["就労移行支援", "100", "130"], ["自立生活援助", "", "61"]]
    assert t.numeric == [False, True, True]


def test_counts_with_percentages_make_two_columns():
    text = "②手帳の所持状況 回答数三千五百三十二 身体障害者手帳 一千百四十三人、二十九点9パーセント、療育手帳二千三百三十九人、六十一点1パーセント"
    [t] = tables(run(text))
    assert cells(t) == [["身体障害者手帳", "1,143", "29.9"], ["療育手帳", "2,339", "61.1"]]
    assert t.units == ["", "人", "%"]
    assert t.columns[1:] == ["人数", "割合"]
    # the percentages add up to 91: the rows exclude each other, so the total is checked
    assert t.notes == ["回答数 3,532 に対し、各行の合計は 3,482 です (差 50)。原文の数値を確認してください。"]


def test_percentages_over_100_mean_multiple_answers_and_are_not_summed():
    text = "②手帳の所持状況 回答数三百八十六、身体障害者手帳三百五十九、二十九点6パーセント、療育手帳十九、八十点5パーセント"
    [t] = tables(run(text))
    assert cells(t) == [["身体障害者手帳", "359", "29.6"], ["療育手帳", "19", "80.5"]]
    assert t.notes == []


def test_parent_and_guardian_pairs_with_bracketed_percentages():
    text = ("(5)今後障害者福祉に必要だと思うこと 複数回答可 回答数本人二百二十七、保護者五百三十四 "
            "1就職先を多くすること。本人百四十(六十一点7パーセント)、保護者三百四十(六十三点7パーセント) "
            "2工賃の水準を引き上げること。本人八十六(三十七点9パーセント)、保護者二百二十四(四十一点9パーセント) "
            "3その他、本人7(3点1パーセント)、保護者18(3点4パーセント)")
    [t] = tables(run(text))
    assert t.columns[1:] == ["本人", "本人の割合", "保護者", "保護者の割合"]
    assert t.units[1:] == ["", "%", "", "%"]
    assert cells(t)[0] == ["1 就職先を多くすること", "140", "61.7", "340", "63.7"]
    assert cells(t)[2][0] == "3 その他"


def test_region_table_with_state_total():
    regions = ["安芸圏域", "中央東圏域", "中央西圏域", "高幡圏域", "幡多圏域"]
    a = ["百十九", "百九十一", "五百四十三", "百六十二", "二百五十九"]
    b = ["3", "4", "二十六", "2", "4"]
    parts = ["(1)福祉施設の入所者の在宅生活等への移行", "施設入所者数"]
    parts += [f"{r} 第6期計画目標令和5年度末時点{v}人" for r, v in zip(regions, a)]
    parts += ["県合計 第6期計画目標令和5年度末時点千二百七十四人", "入所施設から在宅生活等へ移行する人"]
    parts += [f"{r} 第6期計画目標令和5年度末時点{v}人" for r, v in zip(regions, b)]
    parts += ["県合計 第6期計画目標令和5年度末時点四十人"]
    doc = run(" ".join(parts))
    [t] = tables(doc)
    assert t.columns == ["圏域", "施設入所者数", "入所施設から在宅生活等へ移行する人"]
    assert t.units == ["", "人", "人"]
    assert cells(t)[0] == ["安芸圏域", "119", "3"]
    assert cells(t)[-1] == ["県合計", "1,274", "40"]
    assert "第6期計画目標令和5年度末時点" in t.caption
    # 3+4+26+2+4 = 39, not 40: only the second column disagrees
    assert len(t.notes) == 1 and "差 1" in t.notes[0]


def test_member_list():
    text = ("8 推進協議会委員名簿 令和3年3月1日現在 1秋友英稔 (福)高知県知的障害者育成会 理事長 "
            "2井上奈美子 高知県視力障害者の生活と権利を守る会 会員 3内ノ村晶 高知県精神障害者地域生活支援施設連絡会 役員 "
            "4寺岡典江 会社員")
    doc = parse("第1章 サンプル" + PAD + " 二百四十六ページ " + text, "s.txt", "s")
    doc.chapters[-1].title = "8 推進協議会委員名簿"
    tabulate(doc)
    [t] = tables(doc)
    assert t.columns == ["番号", "氏名", "所属・役職"]
    assert [c.parts for c in t.rows[0]] == [["1"], ["秋友英稔"], ["(福)高知県知的障害者育成会", "理事長"]]
    assert cells(t)[3][:2] == ["4", "寺岡典江"]
    assert "令和3年3月1日現在" in t.caption


def test_timeline():
    text = ("7 策定経過 令和2年5月 基本指針告示(十九日) 6月 説明会(十五日)、アンケート調査(6月~8月) "
            "8月 第1回 自立支援協議会(3日)、第1回 推進協議会(6日) 十一月 ヒアリング(9日~十二月2日)")
    [t] = tables(run(text))
    assert t.columns == ["年月", "内容"]
    assert cells(t)[0] == ["令和2年5月", "基本指針告示(19日)"]
    assert cells(t)[2] == ["8月", "第1回 自立支援協議会(3日)、第1回 推進協議会(6日)"]
    assert cells(t)[3][0] == "11月"


def test_page_break_inside_a_run_is_kept_after_the_table():
    text = ("①日中活動(通所)のサービス 回答数は、現在利用している二百、今後利用したい百 "
            "生活介護、現在利用している百二、今後利用したい六十 百七十一ページ "
            "機能訓練、現在利用している九十八、今後利用したい四十")
    doc = run(text)
    blocks = doc.chapters[-1].blocks
    [t] = tables(doc)
    pos = blocks.index(t)
    assert isinstance(blocks[pos + 1], PageBreak) and blocks[pos + 1].first == 171
    assert cells(t) == [["生活介護", "102", "60"], ["機能訓練", "98", "40"]]
    assert "百七十一ページ" not in t.source_text
    assert t.notes == []          # 102 + 98 = 200, 60 + 40 = 100


def test_chart_flag_follows_the_nearest_graph_heading():
    text = ("(1)障害のある方ご本人について(グラフ) " + AGES + " (2)必要なこと(表) ①年齢 回答数六 十九歳まで1、二十から二十九歳2、三十歳以上3")
    ts = tables(run(text))
    assert [t.chart for t in ts] == [True, False]


def test_prose_with_numbers_is_left_alone():
    text = "①概要 県内には八十九の事業所があり、令和2年度は百二十件の相談を受けました。"
    doc = run(text)
    assert tables(doc) == []
    assert any(isinstance(b, Paragraph) and "八十九" in b.text for b in doc.chapters[-1].blocks)


def test_unreadable_data_stay_text_with_a_warning():
    text = "①相談支援事業所 配布数八十九、回答数特定三十五、一般6、回収率特定三十九点3パーセント、一般三十五点3パーセント"
    doc = run(text)
    assert tables(doc) == []
    assert any(w.kind == "unstructured" and "相談支援事業所" in w.message for w in doc.warnings)
    assert any(isinstance(b, Paragraph) and "配布数八十九" in b.text for b in doc.chapters[-1].blocks)


# --- the Kochi text -----------------------------------------------------------


@pytest.fixture(scope="module")
def kochi():
    if not KOCHI.exists():
        pytest.skip("Kochi text not bundled")
    doc = parse(KOCHI.read_text(encoding="utf-8"), "k.txt", "k")
    before = [(c.slug, list(c.blocks)) for c in doc.chapters]
    tabulate(doc)
    return doc, before


def test_kochi_converts_many_tables(kochi):
    doc, _ = kochi
    ts = tables(doc)
    assert len(ts) >= 35
    assert sum(t.chart for t in ts) >= 15
    by_chapter = {c.slug: sum(isinstance(b, Table) for b in c.blocks) for c in doc.chapters}
    assert by_chapter["04"] == 2 and by_chapter["07"] == 1 and by_chapter["08"] == 1


def test_kochi_every_number_of_the_source_is_in_its_table(kochi):
    doc, _ = kochi
    for t in tables(doc):
        source = Counter(s.value for s in numbers_in(t.source_text))
        shown_text = [t.caption, *t.columns, *(c.text for row in t.rows for c in row)]
        shown = Counter(s.value for text in shown_text for s in numbers_in(text))
        in_cells = Counter(s.value for row in t.rows for c in row for s in numbers_in(c.text))
        assert set(source) <= set(shown), (t.caption, set(source) - set(shown))
        assert in_cells <= source, (t.caption, in_cells - source)       # nothing invented


def test_kochi_no_block_is_lost(kochi):
    doc, before = kochi
    for (slug, old), chapter in zip(before, doc.chapters):
        texts_before = " ".join(t for b in old for t in _texts(b))
        kept = []
        for b in chapter.blocks:
            kept.extend(_texts(b) if not isinstance(b, Table) else [b.source_text])
        assert sorted(texts_before.split(" ")) == sorted(" ".join(kept).split(" ")), slug
        assert [p.first for p in chapter.blocks if isinstance(p, PageBreak)] == \
            [p.first for p in old if isinstance(p, PageBreak)]


def _texts(b):
    if isinstance(b, (Paragraph, Heading)):
        return [b.text]
    if hasattr(b, "items"):
        return [i.text for i in b.items]
    return []


def test_kochi_reports_what_stays_text(kochi):
    doc, _ = kochi
    left = [w for w in doc.warnings if w.kind == "unstructured"]
    assert len(left) >= 10
    assert all("文章のまま表示します" in w.message for w in left)


def test_two_values_without_a_count_are_not_a_table():
    # Iga: two different measures under one heading, not two rows of a table
    text = "【目標値】 • 就労定着支援事業所数: 4か所 ・うち就労定着率8割以上の事業所:3か所"
    doc = run(text)
    assert tables(doc) == []


def test_bundled_plans_come_out_as_recorded():
    """Every block and warning tabulate gives for the bundled plans, as recorded.

    A change meant to read other plans must leave these two as they were.
    When a change to them is intended, compare the dumps of before and after
    (``python tools/dump_tables.py > before.json`` on the old code, then
    ``python tools/dump_tables.py --compare before.json``) and record anew
    with ``python tools/dump_tables.py --digest > tests/data/bundled_tables.json``.
    """
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("dump_tables", ROOT / "tools" / "dump_tables.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    recorded = json.loads((ROOT / "tests" / "data" / "bundled_tables.json").read_text(encoding="utf-8"))
    assert tool.digest(json.loads(json.dumps(tool.dump(), ensure_ascii=False))) == recorded
