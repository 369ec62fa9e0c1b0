"""Inline SVG bar charts for the questions the source marks (グラフ)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from yomitoki.render.charts import SERIES_COLOURS, bar_chart_svg, chart_series, contrast_ratio
from yomitoki.text.model import Cell, Table

SVG = "{http://www.w3.org/2000/svg}"


def table(columns, units, rows, caption="①年齢(回答数3,756)"):
    return Table(
        caption=caption,
        columns=columns,
        rows=[[Cell(parts=[r[0]], header=True)] + [Cell(parts=[v] if v else []) for v in r[1:]] for r in rows],
        units=units,
        numeric=[False] + [True] * (len(columns) - 1),
        chart=True,
    )


def parse_svg(svg: str) -> ET.Element:
    # the escape module writes ASCII punctuation as character references: valid XML too
    return ET.fromstring(svg)


def test_one_bar_per_row_for_the_first_value_column():
    t = table(["年齢", "人数", "割合"], ["", "人", "%"], [["19歳まで", "112", "3.0"], ["20から29歳", "1,468", "39.1"]])
    root = parse_svg(bar_chart_svg(t))
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 2
    widths = [float(b.get("width")) for b in bars]
    assert widths[1] > widths[0] > 0
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert "19歳まで" in texts and "1,468人" in texts


def test_accessible_name_title_and_viewbox():
    t = table(["年齢", "回答数"], ["", ""], [["19歳まで", "112"], ["70歳以上", "259"]])
    svg = bar_chart_svg(t)
    root = parse_svg(svg)
    assert root.get("role") == "img"
    assert "年齢" in root.get("aria-label") and "棒グラフ" in root.get("aria-label")
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("width") is None           # scales with its container
    assert "<script" not in svg


def test_two_count_columns_make_two_series_with_a_legend():
    t = table(["サービス", "現在利用している", "今後利用したい"], ["", "", ""],
              [["生活介護", "1,468", "617"], ["自立生活援助", "", "61"]])
    assert chart_series(t) == [1, 2]
    root = parse_svg(bar_chart_svg(t))
    fills = [r.get("fill") for r in root.findall(f"{SVG}rect")]
    assert set(fills) == set(SERIES_COLOURS)
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert "現在利用している" in texts and "今後利用したい" in texts
    assert "記載なし" in texts                   # a missing value is said, not drawn as 0


def test_text_is_escaped():
    t = table(["項目", "回答数"], ["", ""], [["<script>&", "1"], ["a\"b", "2"]], caption="x<y")
    svg = bar_chart_svg(t)
    assert "<script>" not in svg and "x<y" not in svg
    parse_svg(svg)                               # still well-formed


def test_colours_contrast_at_least_3_to_1_on_light_and_dark():
    for colour in SERIES_COLOURS:
        assert contrast_ratio(colour, "#ffffff") >= 3
        assert contrast_ratio(colour, "#1e2129") >= 3
        assert contrast_ratio(colour, "#000000") >= 3


def test_long_labels_are_shortened_but_kept_in_the_bar_title():
    long = "障害のある人等が自立した日常生活や社会生活を営むことができるよう支援すること"
    t = table(["項目", "回答数"], ["", ""], [[long, "611"], ["その他", "43"]])
    root = parse_svg(bar_chart_svg(t))
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert long not in texts and any(x.endswith("…") for x in texts)
    assert any(long in (r.find(f"{SVG}title").text or "") for r in root.findall(f"{SVG}rect"))


def test_table_without_values_draws_nothing():
    t = Table(caption="名簿", columns=["番号", "氏名"], rows=[[Cell(["1"], header=True), Cell(["秋友英稔"])]],
              numeric=[False, False], units=["", ""])
    assert bar_chart_svg(t) == ""
