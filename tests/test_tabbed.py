"""Tests for yomitoki.text.tabbed: tables recovered from tab-separated PDF text."""
from __future__ import annotations

import gc
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yomitoki.text.tabbed import TableRegion, TextRegion, looks_tabbed, split_tabbed

IGA = Path(__file__).resolve().parents[1] / "source_texts" / "iga_disability_plan_targets.txt"


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _iga_lines() -> list[str]:
    return IGA.read_text(encoding="utf-8").split("\n")


def _tables(regions) -> list[TableRegion]:
    return [r for r in regions if isinstance(r, TableRegion)]


def _texts(regions) -> list[TextRegion]:
    return [r for r in regions if isinstance(r, TextRegion)]


def _visible_chars(regions) -> Counter:
    """Non-whitespace characters over everything the output keeps."""
    out: Counter = Counter()

    def add(s: str) -> None:
        out.update(ch for ch in s if not ch.isspace())

    for r in regions:
        if isinstance(r, TableRegion):
            if not r.continues_from:          # borrowed columns are not in its lines
                for col in r.table.columns:
                    add(col)
            for row in r.table.rows:
                for cell in row:
                    for part in cell.parts:
                        add(part)
            for _, text in r.elided:
                add(text)
        else:
            for _, text in r.lines:
                add(text)
    return out


def _source_chars(lines: list[str]) -> Counter:
    return Counter(ch for line in lines for ch in line if not ch.isspace())


def _spans(regions) -> list[tuple[int, int]]:
    spans = []
    for r in regions:
        if isinstance(r, TableRegion):
            spans.append((r.first_line, r.last_line))
        else:
            assert r.lines, "empty text region"
            nums = [n for n, _ in r.lines]
            assert nums == list(range(nums[0], nums[-1] + 1))
            spans.append((nums[0], nums[-1]))
    return spans


def _assert_covers(regions, n: int) -> None:
    expected = 1
    for first, last in _spans(regions):
        assert first == expected, (first, expected)
        assert last >= first
        expected = last + 1
    assert expected == n + 1


def _assert_text_lines_verbatim(regions, lines: list[str]) -> None:
    for r in _texts(regions):
        for n, text in r.lines:
            assert text == lines[n - 1]


# ---------------------------------------------------------------- synthetic

HEADER = "項目\t計画\t実績"


def test_rows_start_at_circled_labels():
    lines = _lines(
        HEADER + "\n"
        "①福祉施設から\t計画の\t実績の\n"
        "の移行\t本文\t本文\n"
        "②地域生活\tあ\tい\n"
        "③-1 就労\tう\tえ\n"
        "③-2 定着\tお\tか"
    )
    [region] = split_tabbed(lines)
    assert isinstance(region, TableRegion)
    heads = [row[0].text for row in region.table.rows]
    assert heads == ["①福祉施設からの移行", "②地域生活", "③-1 就労", "③-2 定着"]
    assert all(row[0].header for row in region.table.rows)
    assert not any(cell.header for row in region.table.rows for cell in row[1:])
    assert region.table.columns == ["項目", "計画", "実績"]
    assert region.table.line == 1
    assert (region.first_line, region.last_line) == (1, 6)


@pytest.mark.parametrize("labels", [
    ["(1)", "(2)", "(3)"],
    ["（１）", "（２）", "（３）"],
    ["1.", "2.", "3."],
    ["■", "■", "■"],
])
def test_rows_start_at_other_enumerators(labels):
    body = "\n".join(f"{m}見出し{k}\t本文{k}\t実績{k}\n続き{k}\t続き\t続き" for k, m in enumerate(labels))
    [region] = split_tabbed(_lines(HEADER + "\n" + body))
    rows = region.table.rows
    assert len(rows) == 3
    for k, (row, m) in enumerate(zip(rows, labels)):
        assert row[0].text == f"{m}見出し{k}続き{k}"


def test_label_that_does_not_continue_the_numbering_is_not_a_row_start():
    lines = _lines(HEADER + "\n②二番目\tあ\tい\n①への言及\tう\tえ\n③三番目\tお\tか")
    [region] = split_tabbed(lines)
    heads = [row[0].text for row in region.table.rows]
    assert len(heads) == 2
    assert heads[0].startswith("②") and heads[1].startswith("③")
    # the out-of-sequence ① opens a new part inside row ②, it is not lost
    assert region.table.rows[0][0].parts == ["②二番目", "①への言及"]


def test_without_labels_every_line_with_a_first_column_starts_a_row():
    lines = _lines("区分\t令和6年度\t令和7年度\n生活介護\t100\t110\n\t(人/月)\t\n短期入所\t20\t22")
    [region] = split_tabbed(lines)
    assert [row[0].text for row in region.table.rows] == ["生活介護", "短期入所"]
    assert region.table.rows[0][1].text == "100(人/月)"


def test_japanese_lines_join_without_space():
    lines = _lines(HEADER + "\n①あ\t伊賀圏域体制で精神\tい\n\t障がい者に対応した\t")
    [region] = split_tabbed(lines)
    cell = region.table.rows[0][1]
    assert cell.parts == ["伊賀圏域体制で精神障がい者に対応した"]
    assert cell.bullets == [False]


def test_latin_and_digits_keep_a_space_across_lines():
    lines = _lines(
        HEADER + "\n"
        "①あ\tCommunity based\t就労継続支援 A\n"
        "\tcare system\t型事業所 1\n"
        "\t\t2 か所"
    )
    [region] = split_tabbed(lines)
    row = region.table.rows[0]
    assert row[1].text == "Community based care system"
    assert row[2].text == "就労継続支援 A型事業所 1 2 か所"


def test_bullets_start_separate_items_and_keep_their_character():
    lines = _lines(
        HEADER + "\n"
        "①目標 ・地域移行者数:6%以上 ・施設入所者数:5%削減\t本文\t実績\n"
        "• 保健・医療・福祉関係者による協議の場の設置\t• 年6回\t○ 年4回\n"
        "(各圏域又は各市町村)\t- 研修\t"
    )
    [region] = split_tabbed(lines)
    head, plan, result = region.table.rows[0]
    assert head.parts == [
        "①目標",
        "・地域移行者数:6%以上",
        "・施設入所者数:5%削減",
        "• 保健・医療・福祉関係者による協議の場の設置(各圏域又は各市町村)",
    ]
    assert head.bullets == [False, True, True, True]
    assert plan.parts == ["本文", "• 年6回", "- 研修"]
    assert plan.bullets == [False, True, True]
    assert result.parts == ["実績", "○ 年4回"]
    assert result.bullets == [False, True]


def test_middle_dot_between_words_is_not_a_bullet():
    lines = _lines(HEADER + "\n①保健・医療・福祉\tあ\tい")
    [region] = split_tabbed(lines)
    assert region.table.rows[0][0].parts == ["①保健・医療・福祉"]


@pytest.mark.parametrize("heading", ["【目標値】", "【目標值】", "【日標值】", "【月標】", "【月 標】"])
def test_bracket_headings_start_their_own_part(heading):
    lines = _lines(HEADER + f"\n①あ\t支援を行う。 {heading}\tい\n\t年2回\t")
    [region] = split_tabbed(lines)
    cell = region.table.rows[0][1]
    assert cell.parts == ["支援を行う。", heading, "年2回"]
    assert cell.bullets == [False, False, False]


def test_heading_glued_after_a_sentence_starts_a_part():
    [region] = split_tabbed(_lines(HEADER + "\n①あ\t支援を行う。【目標値】年2回\tい"))
    assert region.table.rows[0][1].parts == ["支援を行う。", "【目標値】", "年2回"]


def test_short_line_ends_a_part_but_colon_continues():
    col = ["長い長い長い長い長い長い長い長い長い長い長い長"] * 4 + ["・ 対象とする", "児童発達支援事業所", "• 移行者数:", "5人"]
    body = "\n".join(("①あ" if k == 0 else "") + "\t" + text + "\tい" for k, text in enumerate(col))
    [region] = split_tabbed(_lines(HEADER + "\n" + body))
    parts = region.table.rows[0][1].parts
    assert parts[-3:] == ["・ 対象とする", "児童発達支援事業所", "• 移行者数:5人"]
    assert region.table.rows[0][1].bullets[-3:] == [True, False, True]


def test_header_echo_at_cell_start_is_elided_and_recorded():
    lines = _lines(HEADER + "\n項目 ①地域移行\t計画 本人の意思\t実績 支援者への啓発\n\t計画 は続く\t")
    [region] = split_tabbed(lines)
    row = region.table.rows[0]
    assert [c.text for c in row] == ["①地域移行", "本人の意思計画 は続く", "支援者への啓発"]
    assert region.elided == [(2, "項目"), (2, "計画"), (2, "実績")]


def test_header_text_without_following_space_or_alone_is_not_elided():
    lines = _lines(HEADER + "\n①あ\t計画値は未定\t実績")
    [region] = split_tabbed(lines)
    assert region.table.rows[0][1].text == "計画値は未定"
    assert region.table.rows[0][2].text == "実績"
    assert region.elided == []


def test_repeated_header_line_continues_the_same_table():
    lines = _lines(HEADER + "\n①あ\tい\tう\n\n" + HEADER + "\n②え\tお\tか")
    regions = split_tabbed(lines)
    [region] = regions
    assert [row[0].text for row in region.table.rows] == ["①あ", "②え"]
    assert region.elided == [(4, "項目\t計画\t実績")]
    assert (region.first_line, region.last_line) == (1, 5)


def test_ragged_rows_are_kept_and_warned():
    lines = _lines(HEADER + "\n①あ\tい\tう\tはみ出し\n②え\tお\n③か\tき\tく\t\t")
    [region] = split_tabbed(lines)
    rows = region.table.rows
    assert rows[0][2].text == "う はみ出し"     # the tab became a space
    assert rows[1][2].parts == []
    assert len(rows[2]) == 3 and rows[2][2].text == "く"
    warned = [line for line, _ in region.warnings]
    assert warned == [2, 3]      # trailing empty fields (line 4) are harmless
    assert "最後の列" in region.warnings[0][1]
    assert "空欄" in region.warnings[1][1]


def test_tabless_region_with_later_rows_is_flagged_unrecovered():
    lines = _lines(
        "前置きの文章\n"
        + HEADER + "\n"
        "①あ\tい\tう\n"
        "②え\tお\tか\n"
        "\n"
        "続きの文章\n"
        "\n"
        "③さ\n"
        "\n"
        "④た\n"
        "\n"
        "項目\t計画2\t実績2\n"
        "⑤な\tに\tぬ\n"
        "\n"
        "後書き"
    )
    regions = split_tabbed(lines)
    _assert_covers(regions, len(lines))
    kinds = [(type(r).__name__, getattr(r, "unrecovered", None)) for r in regions]
    assert kinds == [
        ("TextRegion", False),   # 前置き
        ("TableRegion", None),
        ("TextRegion", False),   # blank line
        ("TextRegion", True),    # 続きの文章 … ④た
        ("TextRegion", False),   # blank line
        ("TableRegion", None),
        ("TextRegion", False),   # blank + 後書き
    ]
    lost = regions[3]
    assert lost.lines[0] == (6, "続きの文章") and lost.lines[-1] == (10, "④た")
    assert lost.reason.startswith("② の途中から ④ までは")
    assert "タブ" in lost.reason
    assert regions[5].table.columns == ["項目", "計画2", "実績2"]


def test_text_after_a_table_without_labels_is_ordinary():
    lines = _lines(HEADER + "\n①あ\tい\tう\n\n表の後の説明文です。\n(注) 数値は見込みです。")
    regions = split_tabbed(lines)
    assert [type(r) for r in regions] == [TableRegion, TextRegion]
    assert regions[1].unrecovered is False and regions[1].reason == ""
    assert [n for n, _ in regions[1].lines] == [3, 4, 5]


def test_tabless_gap_followed_by_rows_of_the_same_table():
    lines = _lines(HEADER + "\n①あ\tい\tう\nばらばらの\n文章\n③さ\tし\tす")
    regions = split_tabbed(lines)
    _assert_covers(regions, len(lines))
    assert [type(r) for r in regions] == [TableRegion, TextRegion, TableRegion]
    assert regions[1].unrecovered
    assert regions[1].reason.startswith("① の途中から")
    second = regions[2]
    assert second.table.columns == ["項目", "計画", "実績"]
    assert second.table.rows[0][0].text == "③さ"
    assert second.warnings and "前の表の続き" in second.warnings[0][1]
    assert second.continues_from == 1 and regions[0].continues_from == 0


def test_header_only_is_not_a_table():
    lines = _lines("氏名\t山田\n\n本文")
    regions = split_tabbed(lines)
    assert _tables(regions) == []
    assert [n for r in regions for n, _ in r.lines] == [1, 2, 3]
    assert not looks_tabbed(lines)


def test_looks_tabbed():
    assert looks_tabbed(_lines(HEADER + "\n①あ\tい\tう"))
    assert not looks_tabbed(_lines("第1章 はじめに\t1\n第2章 計画の基本\t5\n第3章 目標\t12"))
    assert not looks_tabbed(_lines("ふつうの文章\n(1)見出し\n本文"))
    assert not looks_tabbed([])


def test_no_tabs_is_one_text_region():
    lines = _lines("一行目\n\n三行目")
    [region] = split_tabbed(lines)
    assert isinstance(region, TextRegion) and not region.unrecovered
    assert region.lines == [(1, "一行目"), (2, ""), (3, "三行目")]
    assert split_tabbed([]) == []


def test_caption_from_header_words():
    [region] = split_tabbed(_lines("区分\t計画値\n生活介護\t100"))
    assert region.table.caption == "区分と計画値"


# ---------------------------------------------------------------- the Iga file

@pytest.fixture(scope="module")
def iga():
    lines = _iga_lines()
    return lines, split_tabbed(lines)


def test_iga_looks_tabbed():
    assert looks_tabbed(_iga_lines())


def test_iga_two_tables(iga):
    _, regions = iga
    first, second = _tables(regions)
    heads = [row[0].text for row in first.table.rows]
    assert len(heads) == 3
    for head, label in zip(heads, ["①", "②", "③-1"]):
        assert head.startswith(label)
    assert first.table.columns == ["国の成果目標概要", "第7期伊賀市障がい福祉計画", "第6期伊賀市障がい福祉計画取組状況"]
    assert first.table.caption == "国の成果目標概要と第7期伊賀市障がい福祉計画・第6期伊賀市障がい福祉計画取組状況"
    assert first.table.line == 1
    assert (first.first_line, first.last_line) == (1, 18)

    assert [row[0].text[:1] for row in second.table.rows] == ["⑦"]
    assert second.table.columns == ["国の成果目標概要", "第3期伊賀市障がい児福祉計画", "第2期伊賀市障がい児福祉計画取組状況"]
    assert second.table.line == 111
    assert (second.first_line, second.last_line) == (111, 132)
    assert first.warnings == [] and second.warnings == []


def test_iga_row_two_plan_cell(iga):
    _, regions = iga
    row2 = _tables(regions)[0].table.rows[1]
    assert "精神障がい者に対応した協議の継続・連携を図り、安心して自分らしい暮らしができるよう、支援体制の強化を図る。" in row2[1].text
    assert row2[1].parts[0].startswith("伊賀圏域体制で保健・医療・福祉関係者による精神障がい者")
    assert row2[0].parts[0] == "②精神障がいにも対応した地域包括ケアシステムの構築"


def test_iga_header_echo_elided(iga):
    _, regions = iga
    first = _tables(regions)[0]
    row1 = first.table.rows[0]
    assert row1[0].parts[0] == "①福祉施設入所者の地域生活への移行"
    assert row1[1].parts[0].startswith("本人の意思を決定するための情報や")
    assert row1[2].parts[0].startswith("支援者への地域移行啓発")
    assert first.elided == [(2, c) for c in first.table.columns]


def test_iga_target_headings_and_bullets(iga):
    _, regions = iga
    plan = _tables(regions)[0].table.rows[2][1]     # ③-1, 第7期
    i = plan.parts.index("【目標值】")
    assert plan.bullets[i] is False
    assert plan.parts[i + 1] == "• 一般就労移行者数:9人" and plan.bullets[i + 1]


def test_iga_unrecovered_region(iga):
    lines, regions = iga
    lost = [r for r in _texts(regions) if r.unrecovered]
    assert len(lost) == 1
    region = lost[0]
    assert region.lines[0][1].startswith("・就労継続支援 A 型")
    assert region.lines[-1][0] < 111
    assert region.lines[-1][1].startswith("伊賀圏域障がい福祉連絡協議会等における各")
    assert "③-1" in region.reason and "⑥" in region.reason
    assert region.reason == ("③-1 の途中から ⑥ までは PDF から取り出したときに列の区切り (タブ) が失われたため、"
                             "表として復元できませんでした。")
    ordinary = [r for r in _texts(regions) if not r.unrecovered]
    assert all(not text.strip() for r in ordinary for _, text in r.lines)


def test_iga_covers_every_line_once(iga):
    lines, regions = iga
    _assert_covers(regions, len(lines))
    _assert_text_lines_verbatim(regions, lines)


def test_iga_keeps_every_character(iga):
    lines, regions = iga
    assert _visible_chars(regions) == _source_chars(lines)


# ---------------------------------------------------------------- properties

_ALPHABET = list("あい精神障がい者AB12 .:") + ["\t", "\t", "①", "②", "③-1", "(1)", "1.", "■", "•", "・", "-",
                                               "○", "【目標値】", "【", "】", "。", "項目", "計画"]
_line = st.lists(st.sampled_from(_ALPHABET), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, max_size=25))
def test_any_input_is_covered_and_keeps_every_character(lines):
    regions = split_tabbed(lines)
    _assert_covers(regions, len(lines))
    _assert_text_lines_verbatim(regions, lines)
    assert _visible_chars(regions) == _source_chars(lines)
    for r in _tables(regions):
        for row in r.table.rows:
            assert len(row) == len(r.table.columns)
            for cell in row:
                assert len(cell.parts) == len(cell.bullets)
                assert all(part and part == part.strip() for part in cell.parts)


@settings(max_examples=100, deadline=None)
@given(st.lists(_line, max_size=25))
def test_looks_tabbed_agrees_with_split(lines):
    if looks_tabbed(lines):
        assert _tables(split_tabbed(lines))


def test_linear_on_ten_thousand_lines():
    iga = _iga_lines()
    small = iga * 10
    big = iga * 100                                  # 13,200 lines
    small_regions = split_tabbed(small)
    big_regions = split_tabbed(big)
    _assert_covers(big_regions, len(big))
    assert len(_tables(big_regions)) == 10 * len(_tables(small_regions))

    def best_of_three(lines) -> float:
        # Fastest of three runs without garbage collection: a complexity check
        # (ten times the input should cost about ten times the time, not a
        # hundred), not a speed target, so scheduling noise must not decide it.
        times = []
        gc.disable()
        try:
            for _ in range(3):
                start = time.perf_counter()
                split_tabbed(lines)
                times.append(time.perf_counter() - start)
        finally:
            gc.enable()
        return min(times)

    small_time, big_time = best_of_three(small), best_of_three(big)
    assert big_time < 30 * max(small_time, 1e-3)
    assert big_time < 10.0
