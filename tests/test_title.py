"""A plan's title found where its cover puts it, in the styles of many municipalities.

The file name is the last resort, and ``yomitoki outline`` / ``check`` say when it was used.
"""
from __future__ import annotations

import pytest

from yomitoki.text.parse import parse

BODY = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整えます。"


@pytest.mark.parametrize("text, title", [
    (f"表紙\n高知市障害者計画・第6期高知市障害福祉計画・第2期高知市障害児福祉計画\n令和3年3月\n高知市\n第1章 計画の概要\n{BODY}\n",
     "高知市障害者計画・第6期高知市障害福祉計画・第2期高知市障害児福祉計画"),
    (f"表紙 高知市 障害者計画・第6期高知市障害福祉計画\n令和3年3月\n第1章 計画の概要\n{BODY}\n",
     "高知市 障害者計画・第6期高知市障害福祉計画"),
    (f"資料1 平成29年11月14日 社会福祉審議会障害者福祉専門分科会 第5期障害福祉計画素案の概要\n1 計画の目的\n{BODY}\n",
     "第5期障害福祉計画素案の概要"),
    (f"第4次柳井市障害者福祉計画\n第4次柳井市障害者福祉計画\n第4次柳井市障害者福祉計画\n令和6年3月\n柳井市\n1 計画の目的\n{BODY}\n",
     "第4次柳井市障害者福祉計画"),
    (f"高 知 市 障 害 者 計 画\n令和6年3月\n高知市\n1 計画の目的\n{BODY}\n", "高知市障害者計画"),
    (f"第7期岸和田市障害福祉計画・\n第3期岸和田市障害児福祉計画\n令和6年3月\n岸和田市\n1 計画の目的\n{BODY}\n",
     "第7期岸和田市障害福祉計画・第3期岸和田市障害児福祉計画"),
    (f"ふくおか障がい者プラン\n（第5次福岡県障がい者計画）\n令和6年3月\n福岡県\n目次\n第1章 計画の概要‥‥1\n第1章 計画の概要\n{BODY}\n",
     "ふくおか障がい者プラン（第5次福岡県障がい者計画）"),
    # the cover's page number ends the cover, though it is bracketed as a subtitle would be
    (f"南丘町障害者福祉計画\n（令和6年度～令和11年度）\n(p.1)\nT 序論\n{BODY}\n", "南丘町障害者福祉計画（令和6年度～令和11年度）"),
])
def test_titles_from_the_cover(text, title):
    doc = parse(text, "source_texts/fukuoka-2024-hokoku.txt", "fukuoka-2024-hokoku")
    assert doc.title == title
    assert doc.title_source == "cover"


def test_a_file_that_starts_at_a_chapter():
    doc = parse(f"第6章 計画の推進\n1 推進体制\n{BODY}\n", "source_texts/T.txt", "t")
    assert (doc.title, doc.title_source) == ("第6章 計画の推進", "heading")


def test_the_file_name_is_the_last_resort():
    doc = parse(f"{BODY}\n{BODY}\n", "source_texts/fukuoka-2024-hokoku.txt", "fukuoka-2024-hokoku")
    assert (doc.title, doc.title_source) == ("fukuoka-2024-hokoku", "file")


def test_the_settings_win():
    doc = parse(f"表紙\n高知市障害者計画\n第1章 計画の概要\n{BODY}\n", "source_texts/k.txt", "k", title="高知市の計画")
    assert (doc.title, doc.title_source) == ("高知市の計画", "settings")


@pytest.mark.parametrize("first", [
    "令和6年3月", "高知市", "はじめに", "市長あいさつ", f"{BODY}", "目次", "1 計画の目的", "障害のある人もない人も共に暮らせるまちへ",
])
def test_lines_that_are_not_titles(first):
    # a date, the city's name, a greeting, a sentence, a heading, a slogan without 計画: none is the title
    doc = parse(f"{first}\n1 計画の目的\n{BODY}\n", "source_texts/x.txt", "x")
    assert doc.title_source != "cover" or "計画" in doc.title


def test_the_cover_text_stays_on_the_page():
    from yomitoki.text.model import Paragraph

    text = f"表紙\n高知市障害者計画\n令和3年3月\n高知市\n第1章 計画の概要\n{BODY}\n"
    doc = parse(text, "source_texts/k.txt", "k")
    cover = doc.chapters[0]
    assert (cover.title, cover.nav_title) == ("表紙", "表紙")
    kept = [b.text for b in cover.blocks if isinstance(b, Paragraph)]
    assert kept == ["表紙", "高知市障害者計画", "令和3年3月", "高知市"]


def test_check_says_when_the_file_name_is_the_title(tmp_path):
    import subprocess
    import sys

    from conftest import make_project

    make_project(tmp_path, {"fukuoka-2024-hokoku.txt": f"{BODY}\n"})
    result = subprocess.run([sys.executable, "-m", "yomitoki.cli", "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert "ファイル名「fukuoka-2024-hokoku」を題名にしました" in result.stdout
