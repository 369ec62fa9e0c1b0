"""What a PDF's layout leaves in a copied text: running headers, spilled furigana, spaces in words and numbers."""
from __future__ import annotations

from conftest import dedent
from yomitoki.text.model import Aside, Heading, PageBreak, Paragraph
from yomitoki.text.parse import parse

BODY = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整え、関係機関と連携して支援します。"


def blocks(doc):
    return list(doc.front) + [b for ch in doc.chapters for b in ch.blocks]


def texts(doc):
    return [getattr(b, "text", "") for b in blocks(doc)]


def test_running_headers_next_to_page_numbers_are_dropped_and_listed():
    pages = []
    for n in range(1, 5):
        pages.append(f"第2章 計画の基本的な考え方\n{n + 1}. 基本目標{n}\n{BODY}\n{BODY}\n- {n} -")
    text = "\n".join(pages) + "\n"
    doc = parse(text, "h.txt", "h")
    assert [c.title for c in doc.chapters] == ["第2章 計画の基本的な考え方"]
    assert "第2章 計画の基本的な考え方" not in texts(doc)         # its repeats on pages 2-4 are gone
    dropped = [c for c in doc.changes if c.kind == "running-header"]
    assert [c.line for c in dropped] == [6, 11, 16] and all(c.after == "" for c in dropped)
    assert [b.first for b in blocks(doc) if isinstance(b, PageBreak)] == [1, 2, 3, 4]


def test_a_strip_of_chapter_tabs_is_dropped_everywhere():
    strip = "第1章 第2章 第3章 第5章 関連資料 参考資料"
    text = "\n".join(f"{strip}\n{n}. 基本目標{n}\n{BODY}\n{BODY}\n({n}ページ)" for n in range(1, 4)) + "\n"
    doc = parse(text, "s.txt", "s")
    assert strip not in texts(doc) and not any(c.title.startswith("第1章 第2章") for c in doc.chapters)
    assert len([c for c in doc.changes if c.kind == "running-header"]) == 3


def test_repeated_lines_of_the_plan_itself_stay():
    # 【目標値】 comes back in every section, but not at the edges of pages: the plan's own heading
    text = "\n".join(f"({n}) 施策{n}\n【目標値】\n{BODY}" for n in range(1, 5)) + "\n"
    doc = parse(text, "r.txt", "r")
    assert texts(doc).count("【目標値】") == 4
    assert not [c for c in doc.changes if c.kind == "running-header"]


def test_spilled_furigana_leave_the_reading_flow():
    text = dedent(
        f"""
        1 計画の位置付け
        {BODY}
        　き し わ だ し
        岸和田市障害者計画は、市の障害者施策の基本となる計画です。
        """
    )
    doc = parse(text, "f.txt", "f")
    asides = [b for b in blocks(doc) if isinstance(b, Aside)]
    assert [(a.text, a.line) for a in asides] == [("き し わ だ し", 3)]
    assert "岸和田市障害者計画は、市の障害者施策の基本となる計画です。" in texts(doc)
    assert [(f.text, f.base_line) for f in doc.furigana] == [("き し わ だ し", 4)]


def test_kana_lines_that_are_not_furigana_stay_text():
    text = "も く じ\n第1章 計画の概要‥‥1\nはじめに\nわたしたちの まちの けいかく です\n第1章 計画の概要\n本文です。\n"
    doc = parse(text, "k.txt", "k")
    assert not doc.furigana and not [b for b in blocks(doc) if isinstance(b, Aside)]


def test_spaces_inside_numbers_and_spread_sentences_are_closed_up():
    text = "1 計画の期間\n平成 28 年5月 24 日に施行された法律に基づき、定員は 20 人です。\n法 律 に 基 づ く 計 画 で す 。\n委員長 田中 一郎\n"
    doc = parse(text, "p.txt", "p")
    paras = [b.text for b in blocks(doc) if isinstance(b, Paragraph)]
    assert "平成28年5月24日に施行された法律に基づき、定員は 20人です。" in " ".join(paras)
    assert "法律に基づく計画です。" in " ".join(paras)
    assert "委員長 田中 一郎" in " ".join(paras) or "委員長 田中 一郎" in [b.text for b in blocks(doc) if isinstance(b, Heading)]
    spacing = [c for c in doc.changes if c.kind == "spacing"]
    assert [c.line for c in spacing] == [2, 3]


def test_furigana_match_their_words():
    from yomitoki.enrich.furigana import match_furigana
    from yomitoki.enrich.readings import default_engine

    engine = default_engine()
    assert match_furigana("き し わ だ し", engine.spans("岸和田市障害者計画は、市の計画です。")) == {}
    assert match_furigana("だい  よ  じ", engine.spans("第4次柳井市障害者福祉計画")) == {}
    assert match_furigana("あきとも ひでとし", engine.spans("委員長 秋友英稔")) == {"英稔": "ひでとし"}
    assert match_furigana("こうち", engine.spans("高知市の計画")) == {}
    assert match_furigana("も く じ", engine.spans("第1章 計画の概要")) is None
    assert match_furigana("いちご", engine.spans("一般の計画")) is None


def test_furigana_give_ruby_on_the_site(tmp_path):
    from bs4 import BeautifulSoup

    from conftest import build, make_project
    from yomitoki.site.check import missing_pieces, site_text_for
    from yomitoki.site.pipeline import LazyReadingEngine, Settings, build_site

    text = f"1 委員\n{BODY}\n　　　あきとも ひでとし\n委員長 秋友英稔\n"
    config = make_project(tmp_path, {"f.txt": text}, {"f": {"slug": "f", "title": "見本"}})
    site = build(config, tmp_path / "site")
    page = BeautifulSoup((site / "f" / "01" / "index.html").read_text(encoding="utf-8"), "html.parser")
    rubies = {r.find(string=True, recursive=False): r.rt.get_text() for r in page.select("article ruby")}
    assert rubies.get("英稔") == "ひでとし"
    aside = page.select_one("p.yt-aside--furigana")
    assert aside["aria-hidden"] == "true" and aside.get_text() == "あきとも ひでとし"
    settings = Settings.from_config({"plans": {"f": {"slug": "f", "title": "見本"}}}, tmp_path)
    (doc,) = build_site(settings, engine=LazyReadingEngine(settings)).documents
    assert missing_pieces(doc, site_text_for(site, doc)) == []
    assert any(c.kind == "furigana" and "英稔" in c.reason for c in doc.changes), doc.changes


def test_dropped_running_headers_are_accounted_for_by_the_check(tmp_path):
    from conftest import build, make_project
    from yomitoki.site.check import missing_pieces, site_text_for
    from yomitoki.site.pipeline import Settings, load_documents

    text = "\n".join(f"第2章 計画の基本的な考え方\n{n + 1}. 基本目標{n}\n{BODY}\n{BODY}\n- {n} -" for n in range(1, 5)) + "\n"
    config = make_project(tmp_path, {"h.txt": text}, {"h": {"slug": "h"}})
    site = build(config, tmp_path / "site")
    (doc,) = load_documents(Settings.from_config({"plans": {"h": {"slug": "h"}}}, tmp_path))
    assert missing_pieces(doc, site_text_for(site, doc)) == []
    # and a line that is really gone is still caught
    doc.text += "\n消えた一文です。"
    assert [m.piece for m in missing_pieces(doc, site_text_for(site, doc))] == ["消えた一文です。"]


def test_spaces_in_article_numbers_and_periods_are_closed_up():
    text = "1 計画の位置付け\n障害者基本法第 11 条第 3 項に基づき、令和 6 年度から 3 年間 の計画とします。\n"
    doc = parse(text, "p.txt", "p")
    assert "障害者基本法第11条第3項に基づき、令和6年度から 3年間 の計画とします。" in texts(doc)
    # a number and a word that only begins with a counter: not a quantity
    doc = parse("2 人材の確保\n" + BODY + "\n", "p.txt", "p")
    assert not [c for c in doc.changes if c.kind == "spacing"]


def test_a_page_of_short_lines_is_measured_against_the_whole_text():
    # between two page marks only short lines: they are headings and sentences, not one broken paragraph
    long = BODY + BODY[:20]
    text = dedent(
        f"""
        1 基本目標
        {long}
        {long}
        (p.2)
        2 基本目標の考え方
        (1) 地域で安心して暮らせる体制づくり
        相談支援の体制を整えます。
        (2) 就労と社会参加の促進
        働く場を広げます。
        (p.3)
        """
    )
    doc = parse(text, "w.txt", "w")
    heads = [b.text for b in blocks(doc) if isinstance(b, Heading)]
    assert heads == ["1 基本目標", "2 基本目標の考え方", "(1) 地域で安心して暮らせる体制づくり", "(2) 就労と社会参加の促進"]


def test_contents_entries_and_rows_of_figures_do_not_set_the_width():
    rows = "\n".join(f"対象区分 区分{n} 調査対象者 1500人 回収数 702人 回収率 46.8% 有効回答数 690人" for n in range(1, 6))
    text = f"1 調査\n計画の策定にあたり、障害のある人の生活の状況やサービスの利用意向を把握\nするため、アンケート調査を実施しました。\n{rows}\n"
    doc = parse(text, "w.txt", "w")
    assert "計画の策定にあたり、障害のある人の生活の状況やサービスの利用意向を把握するため、アンケート調査を実施しました。" in texts(doc)


def test_a_strip_of_roman_numeral_tabs_is_dropped_and_the_chapters_count():
    strip = "Ⅰ\tⅡ\tⅢ\t資料"
    text = "\n".join(f"−−ページ{n}−−\n{strip}\n{'ⅠⅡⅢ'[n - 1]}.基本目標{n}\n{BODY}\n{BODY}" for n in range(1, 4)) + "\n"
    doc = parse(text, "s.txt", "s")
    assert [c.title for c in doc.chapters] == ["Ⅰ.基本目標1", "Ⅱ.基本目標2", "Ⅲ.基本目標3"]
    assert len([c for c in doc.changes if c.kind == "running-header"]) == 3


def test_lines_run_together_are_listed():
    long = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整え、関係機関と連携して"
    text = f"1 計画の目的\n{long}\n支援します。{long}\n支援します。\n2 計画の期間\n{BODY}\n"
    doc = parse(text, "j.txt", "j")
    joined = [c for c in doc.changes if c.kind == "joined"]
    assert [(c.line, c.column, c.before, c.after) for c in joined] == [
        (2, len(long) + 1, "整え、関係機関と連携して⏎支援します。障害のある人", "整え、関係機関と連携して支援します。障害のある人"),
        (3, len("支援します。" + long) + 1, "整え、関係機関と連携して⏎支援します。", "整え、関係機関と連携して支援します。"),
    ]
    from yomitoki.site.outline import joined_lines, outline_lines

    assert joined_lines(joined) == "2〜4 行目"
    assert "  つないだ行: 2 か所（2〜4 行目）" in outline_lines(doc)


def test_a_kanji_numeral_and_a_figure_on_two_lines_do_not_become_one_number():
    long = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整え、関係機関と連携して第一"
    doc = parse(f"1 計画の目的\n{long}\n0人の相談員を置きます。\n{BODY}\n", "n.txt", "n")
    assert f"{long} 0人の相談員を置きます。" in texts(doc)
