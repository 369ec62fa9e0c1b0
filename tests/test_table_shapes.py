"""Tables that line texts write as lines of figures, in the manner of several municipalities.

Three shapes (see ``yomitoki/text/spoken_tables.py``):

* rows after an announcement of their columns (``以下、サービスの種類、令和3年度…の順。``);
* survey records a PDF copy flattened into lines (``対象区分 … 調査対象者 2198人 回収数 943人 …``);
* timelines under a header line (``開催日 審議内容等`` + ``令和5年5月24日 第1回 …``).

Each test checks the exact columns and cells, that the replaced wording is
kept in ``source_text``, and that every figure and word of the replaced
lines is in the table; the negative samples stay as they are.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from conftest import dedent
from yomitoki.text.model import Chapter, Document, Heading, PageBreak, Paragraph, Table
from yomitoki.text.parse import parse
from yomitoki.text.spoken_tables import numbers_in, tabulate

# A line of prose as wide as a printed line: the data lines below stay lines of their own.
PROSE = "障害のある人が住み慣れた地域で安心して暮らし続けられるよう、相談支援の体制を整え、関係機関と連携して必要なサービスを確保します。"


def read(body: str, chapter: str = "第3章 障害福祉サービスの見込量") -> Document:
    # the prose sets the usual line width, as a plan's many lines of prose do
    doc = parse(f"{chapter}\n" + f"{PROSE}\n" * 6 + "\n" + dedent(body), "sample.txt", "sample")
    tabulate(doc)
    return doc


def blocks(doc: Document) -> list:
    return [b for c in doc.chapters for b in c.blocks]


def tables(doc: Document) -> list[Table]:
    return [b for b in blocks(doc) if isinstance(b, Table)]


def cells(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in blocks(doc) if isinstance(b, Paragraph)]


def unstructured(doc: Document) -> list[str]:
    return [w.message for w in doc.warnings if w.kind == "unstructured"]


def assert_covers(table: Table, lines: list[str]) -> None:
    """Every line is in ``source_text``; its figures and words are in the table's header or cells.

    Figures are compared by value (``2198人`` is shown ``2,198`` under a
    header with the unit ``人``); what is left of a line after its figures,
    cut at spaces, 、 and commas, must be found in the caption, the column
    names, the units or the cells (compared in NFKC: ``％`` is shown ``%``).  The cells hold no figure the lines lack.
    """
    shown = [table.caption, *table.columns, *table.units, *(c.text for row in table.rows for c in row)]
    shown_text = "\n".join(shown)
    shown_values = Counter(s.value for text in shown for s in numbers_in(text))
    source_values: Counter = Counter()
    for line in lines:
        assert line in table.source_text, line
        spans = numbers_in(line)
        values = Counter(s.value for s in spans)
        source_values += values
        missing = values - shown_values
        assert not missing, (line, missing)
        words = line
        for s in reversed(spans):
            words = words[:s.start] + " " + words[s.end:]
        for word in re.split(r"[\s、,，]+", words):
            if word:     # (a full-width ％ is shown as %, as in every table of the site)
                assert unicodedata.normalize("NFKC", word) in unicodedata.normalize("NFKC", shown_text), (line, word)
    in_cells = Counter(s.value for row in table.rows for c in row for s in numbers_in(c.text))
    assert in_cells <= source_values + Counter(s.value for s in numbers_in(table.caption)), in_cells - source_values


# --- 1. spoken tables that announce their columns --------------------------------


def test_announced_columns_the_first_heads_the_row_labels():
    # values with 、 in one row and spaces in the next, as the task's sample
    doc = read("""
        １ 訪問系サービス
        (1) 居宅介護
        以下、サービスの種類、令和3年度、令和4年度、令和5年度の順。
        見込量 1,258人、1,250人、1,243人
        実績値 1,248人 1,233人 1,242人
        (2) 重度訪問介護
        利用者は横ばいです。
    """)
    [t] = tables(doc)
    assert t.caption == "(1) 居宅介護"
    assert t.columns == ["サービスの種類", "令和3年度", "令和4年度", "令和5年度"]
    assert cells(t) == [["見込量", "1,258", "1,250", "1,243"], ["実績値", "1,248", "1,233", "1,242"]]
    assert t.units == ["", "人", "人", "人"]
    assert t.numeric == [False, True, True, True]
    assert all(row[0].header for row in t.rows)
    assert_covers(t, ["見込量 1,258人、1,250人、1,243人", "実績値 1,248人 1,233人 1,242人"])
    assert "以下、サービスの種類、令和3年度、令和4年度、令和5年度の順。" in t.source_text
    assert "利用者は横ばいです。" in paragraphs(doc)
    assert unstructured(doc) == []


def test_announced_value_columns_only_get_a_row_header_column():
    # hours, bracketed announcement (数値は左から…), a municipality writing 時間 per value
    doc = read("""
        ２ 重度訪問介護
        (数値は左から令和6年度、令和7年度、令和8年度の順)
        利用時間 12,500時間 12,600時間 12,700時間
        利用者数 25人 26人 27人
    """)
    [t] = tables(doc)
    assert t.columns == ["区分", "令和6年度", "令和7年度", "令和8年度"]
    # the rows have different units: every cell keeps its own
    assert cells(t) == [["利用時間", "12,500時間", "12,600時間", "12,700時間"], ["利用者数", "25人", "26人", "27人"]]
    assert t.units == ["", "", "", ""]
    assert_covers(t, ["利用時間 12,500時間 12,600時間 12,700時間", "利用者数 25人 26人 27人"])
    assert "(数値は左から令和6年度、令和7年度、令和8年度の順)" in t.source_text


def test_one_announcement_for_the_services_under_it():
    doc = read("""
        ３ 日中活動系サービス
        以下、各サービスとも、区分、令和6年度、令和7年度、令和8年度の順です。
        (1) 生活介護
        利用者数 300人 310人 320人
        利用日数 6,000人日分 6,200人日分 6,400人日分
        (2) 短期入所
        利用者数 40人、42人、－
        利用日数 200人日分、210人日分、－
    """)
    first, second = tables(doc)
    assert [first.caption, second.caption] == ["(1) 生活介護", "(2) 短期入所"]
    assert first.columns == second.columns == ["区分", "令和6年度", "令和7年度", "令和8年度"]
    assert cells(first) == [["利用者数", "300人", "310人", "320人"], ["利用日数", "6,000人日分", "6,200人日分", "6,400人日分"]]
    assert cells(second)[0] == ["利用者数", "40人", "42人", "－"]          # a dash stays as printed
    assert_covers(second, ["利用者数 40人、42人、－", "利用日数 200人日分、210人日分、－"])
    # the announcement speaks for both tables: it stays, above them
    assert "以下、各サービスとも、区分、令和6年度、令和7年度、令和8年度の順です。" in paragraphs(doc)
    assert [type(b).__name__ for b in doc.chapters[-1].blocks][-5:] == ["Paragraph", "Heading", "Table", "Heading", "Table"]


def test_announced_unit_column():
    doc = read("""
        ４ 地域生活支援事業
        次の表は、事業名、単位、令和6年度、令和7年度、令和8年度の順に記載しています。
        移動支援事業 時間 1,000 1,100 1,200
        日中一時支援事業 人 60 62 64
    """)
    [t] = tables(doc)
    assert t.columns == ["事業名", "単位", "令和6年度", "令和7年度", "令和8年度"]
    assert cells(t) == [["移動支援事業", "時間", "1,000", "1,100", "1,200"], ["日中一時支援事業", "人", "60", "62", "64"]]
    assert t.numeric == [False, False, True, True, True]
    assert_covers(t, ["移動支援事業 時間 1,000 1,100 1,200", "日中一時支援事業 人 60 62 64"])


def test_announced_percentages_with_commas_and_full_width_figures():
    doc = read("""
        ５ 成果目標の達成状況
        以下、項目、令和3年度、令和4年度の順。
        達成率 98.5%, 101.2%
        相談件数 １，２０４件, １，３１１件
        地域移行者数 3人, 5人
    """)
    [t] = tables(doc)
    assert t.columns == ["項目", "令和3年度", "令和4年度"]
    assert cells(t) == [["達成率", "98.5%", "101.2%"], ["相談件数", "1,204件", "1,311件"], ["地域移行者数", "3人", "5人"]]
    assert_covers(t, ["達成率 98.5%, 101.2%", "相談件数 １，２０４件, １，３１１件", "地域移行者数 3人, 5人"])


def test_announced_rows_with_one_unit_in_a_short_text():
    # a text of table lines only: the lines run to the full width and are still rows
    doc = parse(dedent("""
        第2章 見込量
        (1) 同行援護
        以下、令和6年度、令和7年度、令和8年度の順。
        見込量 1,200時間分 1,250時間分 1,300時間分
        実績値 1,100時間分 1,180時間分 1,240時間分
    """), "s.txt", "s")
    tabulate(doc)
    [t] = tables(doc)
    assert t.units == ["", "時間分", "時間分", "時間分"]
    assert cells(t)[1] == ["実績値", "1,100", "1,180", "1,240"]


def test_rows_with_another_number_of_values_stay_text_with_a_note():
    lines = ["見込量 1,258人、1,250人", "実績値 1,248人 1,233人 1,242人"]
    doc = read("""
        (1) 居宅介護
        以下、サービスの種類、令和3年度、令和4年度、令和5年度の順。
        見込量 1,258人、1,250人
        実績値 1,248人 1,233人 1,242人
    """)
    assert tables(doc) == []
    assert all(line in paragraphs(doc) for line in lines)
    # one note for staff, naming the row (no second one from the other passes)
    assert unstructured(doc) == [
        "「居宅介護」の数値データは「見込量」の値の数 (2) が「サービスの種類、令和3年度、令和4年度、令和5年度」"
        "の順という案内と合わないため、表にせず文章のまま表示します。"]


def test_rows_with_different_counts_stay_text():
    doc = read("""
        (2) 就労移行支援
        以下、令和6年度、令和7年度、令和8年度の順。
        利用者数 20人 22人 24人
        利用日数 400人日分 440人日分
    """)
    assert tables(doc) == []
    assert "利用日数 400人日分 440人日分" in paragraphs(doc)
    assert any("「利用日数」の値の数 (2)" in m for m in unstructured(doc))


@pytest.mark.parametrize("body", [
    # an ordinary sentence that says 順
    """
    (3) 手続
    申請、審査、決定の順に行います。
    手続には概ね30日かかります。
    """,
    # an announcement followed by sentences with figures, not rows
    """
    (3) 居宅介護
    以下、令和3年度、令和4年度、令和5年度の順。
    利用者は1,258人、1,250人、1,243人と推移しました。
    """,
    # rows without an announcement: not this shape
    """
    (3) 居宅介護
    見込量 1,258人、1,250人、1,243人
    実績値 1,248人、1,233人、1,242人
    """,
])
def test_not_announced_tables(body):
    doc = read(body)
    assert tables(doc) == []
    for line in dedent(body).splitlines():
        if line.strip() and not line.startswith("("):
            assert line.strip() in paragraphs(doc)


# --- 2. flattened survey records ------------------------------------------------


RECORDS = [
    "対象区分 身体障害者手帳所持者 調査対象者 2198人 回収数 943人 回収率 42.8%",
    "対象区分 療育手帳所持者 調査対象者 812人 回収数 310人 回収率 38.2%",
    "対象区分 精神障害者保健福祉手帳所持者 調査対象者 1,012人 回収数 402人 回収率 39.7%",
]


def test_records_one_line_each():
    doc = read("２ 調査の回収状況\n" + "\n".join(RECORDS) + "\n" + PROSE + "\n")
    [t] = tables(doc)
    assert t.caption == "２ 調査の回収状況"
    assert t.columns == ["対象区分", "調査対象者", "回収数", "回収率"]
    assert cells(t) == [
        ["身体障害者手帳所持者", "2,198", "943", "42.8"],
        ["療育手帳所持者", "812", "310", "38.2"],
        ["精神障害者保健福祉手帳所持者", "1,012", "402", "39.7"],
    ]
    assert t.units == ["", "人", "人", "%"]
    assert t.numeric == [False, True, True, True]
    assert_covers(t, RECORDS)
    assert PROSE in paragraphs(doc)


def test_records_joined_into_one_paragraph_by_a_pdf_export():
    # the line joiner of another export ran the lines together: ``…42.8%対象区分 …``
    doc = Document("j.txt", "j", "j", "utf-8", "")
    joined = "".join(RECORDS)
    doc.chapters.append(Chapter("第2章 調査", "01", [Heading("1 回収状況", 2), Paragraph(joined, 3), Paragraph(PROSE, 4)]))
    tabulate(doc)
    [t] = tables(doc)
    assert cells(t)[1] == ["療育手帳所持者", "812", "310", "38.2"]
    assert t.source_text == joined
    assert_covers(t, RECORDS)


def test_records_over_several_lines():
    body = """
        (2) 回収状況
        対象区分 身体障害者手帳所持者
        調査対象者 2198人
        回収数 943人
        回収率 42.8%
        対象区分 療育手帳所持者
        調査対象者 812人
        回収数 310人
        回収率 38.2%
    """
    doc = read(body)
    [t] = tables(doc)
    assert t.columns == ["対象区分", "調査対象者", "回収数", "回収率"]
    assert cells(t) == [["身体障害者手帳所持者", "2,198", "943", "42.8"], ["療育手帳所持者", "812", "310", "38.2"]]
    assert_covers(t, [line.strip() for line in dedent(body).splitlines()[1:] if line.strip()])


def test_records_of_two_lines_with_ideographic_spaces_and_a_word_column():
    lines = [
        "区分　一般市民　調査方法　郵送配布・郵送回収",
        "配布数　2,000件　回収数　812件　回収率　40.6％",
        "区分　障がいのある方　調査方法　郵送配布・窓口回収",
        "配布数　1,500件　回収数　700件　回収率　46.7％",
    ]
    doc = read("３ アンケート調査の概要\n" + "\n".join(lines) + "\n")
    [t] = tables(doc)
    assert t.columns == ["区分", "調査方法", "配布数", "回収数", "回収率"]
    assert cells(t) == [
        ["一般市民", "郵送配布・郵送回収", "2,000", "812", "40.6"],
        ["障がいのある方", "郵送配布・窓口回収", "1,500", "700", "46.7"],
    ]
    assert t.numeric == [False, False, True, True, True]
    assert t.units == ["", "", "件", "件", "%"]
    assert_covers(t, lines)


def test_a_record_cut_short_leaves_the_run_as_text():
    body = """
        (3) 回収状況
        対象区分 身体障害者手帳所持者
        調査対象者 2198人
        回収数 943人
        対象区分 療育手帳所持者
        調査対象者 812人
        回収数 310人
        対象区分 精神障害者保健福祉手帳所持者
        調査対象者 1,012人
    """
    doc = read(body)
    assert tables(doc) == []
    assert "回収数 310人" in paragraphs(doc) and "調査対象者 1,012人" in paragraphs(doc)
    assert unstructured(doc) == [
        "「回収状況」の数値データは「対象区分 精神障害者保健福祉手帳所持者」の記録の項目が他の記録"
        " (対象区分 調査対象者 回収数) と異なるため、表にせず文章のまま表示します。"]


@pytest.mark.parametrize("lines", [
    # one record: the names are not repeated
    [RECORDS[0], "調査は郵送で行いました。"],
    # two lines with other names
    ["対象区分 身体障害者手帳所持者 調査対象者 2198人", "区分 療育手帳所持者 対象者 812人"],
    # words only: a list, not a table of figures
    ["会場 市役所本庁舎 担当 障がい福祉課", "会場 南部公民館 担当 市民生活課"],
    # a value with a space in it: the pairs do not line up
    ["対象区分 身体障害者 手帳所持者 調査対象者 2198人", "対象区分 療育手帳所持者 調査対象者 812人"],
])
def test_not_records(lines):
    doc = read("(4) 調査\n" + "\n".join(lines) + "\n")
    assert tables(doc) == []
    for line in lines:
        assert line in paragraphs(doc)


# --- 3. timelines with a header line ----------------------------------------------


def test_timeline_with_reiwa_dates():
    lines = ["令和5年5月24日 第1回 計画策定の趣旨について", "令和5年8月9日 第2回 アンケート調査結果について",
             "令和5年11月15日 第3回 計画素案について"]
    doc = read("１ 策定経過\n開催日 審議内容等\n" + "\n".join(lines) + "\n" + PROSE + "\n", chapter="第5章 資料")
    [t] = tables(doc)
    assert t.caption == "１ 策定経過"
    assert t.columns == ["開催日", "審議内容等"]
    assert cells(t) == [["令和5年5月24日", "第1回 計画策定の趣旨について"], ["令和5年8月9日", "第2回 アンケート調査結果について"],
                        ["令和5年11月15日", "第3回 計画素案について"]]
    assert t.numeric == [False, False]
    assert_covers(t, ["開催日 審議内容等", *lines])
    assert PROSE in paragraphs(doc)


def test_timeline_with_dotted_era_dates_and_ideographic_spaces():
    lines = ["R5.5.24　第1回策定委員会（計画の趣旨、スケジュール）", "R5.8.9　第2回策定委員会（アンケート結果）",
             "R6.1.15　第3回策定委員会（素案の検討）"]
    doc = read("(2) 策定の経過\n年月日　内容\n" + "\n".join(lines) + "\n", chapter="第5章 資料")
    [t] = tables(doc)
    assert t.columns == ["年月日", "内容"]
    assert [row[0] for row in cells(t)] == ["R5.5.24", "R5.8.9", "R6.1.15"]
    assert cells(t)[0][1] == "第1回策定委員会（計画の趣旨、スケジュール）"
    assert_covers(t, lines)


def test_timeline_with_western_dates_and_items_under_a_meeting():
    doc = read("""
        ２ 策定経過
        期日 審議内容等
        2023年5月24日 第1回 計画策定の趣旨について
        2023年8月9日 第2回 アンケート調査結果について
        ・障がい福祉サービスの見込量について
        ・地域生活支援事業について
        2023年11月15日 第3回 計画素案について
    """, chapter="第5章 資料")
    [t] = tables(doc)
    assert cells(t)[1][0] == "2023年8月9日"
    assert t.rows[1][1].parts == ["第2回 アンケート調査結果について", "・障がい福祉サービスの見込量について", "・地域生活支援事業について"]
    assert t.rows[1][1].bullets == [False, True, True]
    assert cells(t)[2] == ["2023年11月15日", "第3回 計画素案について"]
    assert "・地域生活支援事業について" in t.source_text


def test_timeline_with_weekdays_a_range_and_three_columns():
    lines = ["5月24日（水） 第1回協議会 計画の趣旨", "8月9日（水） 第2回協議会 調査結果",
             "10月2日（月）～10月31日（火） パブリックコメント 意見募集"]
    doc = read("３ 経過\n開催日 会議名 内容\n" + "\n".join(lines) + "\n", chapter="第5章 資料")
    [t] = tables(doc)
    assert t.columns == ["開催日", "会議名", "内容"]
    assert cells(t) == [["5月24日（水）", "第1回協議会", "計画の趣旨"], ["8月9日（水）", "第2回協議会", "調査結果"],
                        ["10月2日（月）～10月31日（火）", "パブリックコメント", "意見募集"]]
    assert_covers(t, lines)


def test_timeline_dates_alone_on_their_lines_and_a_header_repeated_after_a_page_break():
    doc = read("""
        ４ 策定経過
        開催日 内容
        令和5年5月24日
        第1回 計画策定の趣旨について
        - 56 -
        開催日 内容
        令和5年8月9日
        第2回 アンケート調査結果について
    """, chapter="第5章 資料")
    [t] = tables(doc)
    assert cells(t) == [["令和5年5月24日", "第1回 計画策定の趣旨について"], ["令和5年8月9日", "第2回 アンケート調査結果について"]]
    chapter = doc.chapters[-1].blocks
    assert isinstance(chapter[chapter.index(t) + 1], PageBreak)
    assert t.source_text.count("開催日 内容") == 2


def test_three_column_header_with_rows_that_do_not_split_stays_text():
    lines = ["令和5年5月24日 第1回 計画策定の趣旨について", "令和5年8月9日 第2回"]
    doc = read("５ 経過\n開催日 会議 内容\n" + "\n".join(lines) + "\n", chapter="第5章 資料")
    assert tables(doc) == []
    assert all(line in paragraphs(doc) for line in lines)
    assert unstructured(doc) == ["「経過」の数値データは「令和5年8月9日」の行が「開催日 会議 内容」の列に分けられないため、表にせず文章のまま表示します。"]


@pytest.mark.parametrize("body", [
    # dated lines without a header line
    "令和5年5月24日 第1回 計画策定の趣旨について\n令和5年8月9日 第2回 アンケート調査結果について\n",
    # a header and one dated line only
    "開催日 審議内容等\n令和5年5月24日 第1回 計画策定の趣旨について\n" + PROSE + "\n",
    # a date in a sentence
    "開催日 審議内容等\n令和5年5月24日に第1回の会議を開催しました。\n令和5年8月9日に第2回の会議を開催しました。\n",
])
def test_not_timelines(body):
    doc = read("６ 経過\n" + body, chapter="第5章 資料")
    assert tables(doc) == []
    for line in body.splitlines():
        assert line in paragraphs(doc)


# --- all three in one plan, built into the site ------------------------------------


def test_a_plan_with_the_three_shapes_loses_nothing_in_the_site(tmp_path):
    from yomitoki.site.check import missing_pieces, site_text_for
    from yomitoki.site.pipeline import Settings, build_site

    from conftest import build, make_project

    text = dedent("""
        第1章 見込量
        障害のある人が住み慣れた地域で安心して暮らし続けられるよう、必要なサービスの量を見込みます。
        (1) 居宅介護
        以下、サービスの種類、令和3年度、令和4年度、令和5年度の順。
        見込量 1,258人、1,250人、1,243人
        実績値 1,248人 1,233人 1,242人
        第2章 資料
        障害のある人やその家族の意見を聴くため、アンケート調査を行い、協議会で審議しました。
        1 調査の回収状況
        対象区分 身体障害者手帳所持者 調査対象者 2198人 回収数 943人 回収率 42.8%
        対象区分 療育手帳所持者 調査対象者 812人 回収数 310人 回収率 38.2%
        2 策定経過
        開催日 審議内容等
        令和5年5月24日 第1回 計画策定の趣旨について
        令和5年8月9日 第2回 アンケート調査結果について
    """)
    config = make_project(tmp_path, {"lines.txt": text}, {"lines": {"slug": "plan"}})
    site = build(config, tmp_path / "site")
    [doc] = build_site(Settings.from_config({"plans": {"lines": {"slug": "plan"}}}, tmp_path)).documents
    assert len(tables(doc)) == 3
    assert missing_pieces(doc, site_text_for(site, doc)) == []
    from bs4 import BeautifulSoup

    heads = []
    for page in sorted((site / "plan").rglob("index.html")):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in html.select("rt, rp"):
            tag.decompose()
        for table in html.select("table.yt-data"):
            heads.append([th.get_text() for th in table.select("thead th")])
            # the plan's own wording stays one click away
            assert table.find_parent(class_="yt-table-group").select_one("details.yt-source")
    assert heads == [
        ["サービスの種類", "令和3年度(人)", "令和4年度(人)", "令和5年度(人)"],
        ["対象区分", "調査対象者(人)", "回収数(人)", "回収率(%)"],
        ["開催日", "審議内容等"],
    ]


# --- sentences that give figures ----------------------------------------------------


def test_a_sentence_that_gives_figures_is_prose_and_no_data_left_as_text():
    doc = read("""
        １ 障害者手帳所持者数
        令和5年4月1日現在、身体障害者手帳所持者は 4,215人、療育手帳所持者は 1,032人となっています。
        ２ 事業所の従事者
        正職員について回答数6事業所、非正規職員について回答数3事業所
    """)
    assert tables(doc) == []
    # only the line that is data (no predicate) is reported as left as text
    assert unstructured(doc) == ["「事業所の従事者」の数値データ (1 か所) は表の形が一定でないため、表にせず文章のまま表示します。"]
