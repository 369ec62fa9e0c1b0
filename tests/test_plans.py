"""Plans of municipalities this project has not seen, end to end.

``tests/data/plans/`` holds sample plans written in the styles of other
municipalities (see its README): PDF copies, damaged Shift_JIS, EUC-JP and
ISO-2022-JP files, a summary of sheets, a contents-only file, a file that
starts at a chapter.  Each is stored as UTF-8 and written into the project
in the encoding it arrives in.  They are built together, as staff would
build them, with ``mkdocs build --strict``; ``yomitoki check`` must find
every character of every plan in the site, and each plan must come out as
a reader of the printed plan would expect: its title, chapters, headings,
printed pages, tables and glossary entries.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build, make_project
from yomitoki.text.model import Aside, Heading, PageBreak, Table

PLANS_DIR = ROOT / "tests" / "data" / "plans"
# file → the encoding it arrives in
ENCODINGS = {
    "kitahama_pdf.txt": "utf-8",
    "kitahama_contents.txt": "utf-8",
    "minamioka_sjis.txt": "cp932",
    "higashino_summary.txt": "utf-8",
    "yamakawa_eucjp.txt": "euc-jp",
    "nishikawa_jis.txt": "iso2022_jp_2004",
    "minato_ch6.txt": "utf-8",
    "sakura_pdf_glossary.txt": "utf-8",
    "aozora_parts.txt": "utf-8",
}
YOMITOKI = [sys.executable, "-m", "yomitoki.cli"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plans")
    texts = {name: (PLANS_DIR / name).read_text(encoding="utf-8").encode(enc) for name, enc in ENCODINGS.items()}
    config = make_project(tmp, texts)
    site = build(config, tmp / "site")          # --strict: any warning fails
    from yomitoki.site.pipeline import Settings, load_documents

    from yomitoki.enrich.glossary import Glossary

    loaded = load_documents(Settings.from_config({}, tmp))
    glossary = Glossary.from_documents(loaded)
    for doc in loaded:
        doc.terms = [e.term for e in glossary if e.plan == doc.slug]
    docs = {Path(d.path).name: d for d in loaded}
    return tmp, site, docs


def run(args, cwd):
    return subprocess.run(YOMITOKI + args, cwd=cwd, capture_output=True, text=True, timeout=600)


def blocks(doc):
    return list(doc.front) + [b for ch in doc.chapters for b in ch.blocks]


def headings(doc):
    return [b.text for b in blocks(doc) if isinstance(b, Heading)]


def pages(doc):
    return [b.label for b in blocks(doc) if isinstance(b, PageBreak)]


def tables(doc):
    return [(t.columns, t.units, len(t.rows)) for t in blocks(doc) if isinstance(t, Table)]


def terms(doc, project):
    """The glossary entries the plan gave, in order."""
    return doc.terms


def page_html(site: Path, slug: str, chapter: str) -> BeautifulSoup:
    return BeautifulSoup((site / slug / chapter / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- all of them: nothing lost, nothing that stops a build --------------------------------


def test_every_plan_is_read_in_its_encoding(project):
    _, _, docs = project
    assert {name: doc.encoding for name, doc in docs.items()} == {
        "kitahama_pdf.txt": "utf-8", "kitahama_contents.txt": "utf-8", "minamioka_sjis.txt": "cp932",
        "higashino_summary.txt": "utf-8", "yamakawa_eucjp.txt": "euc-jp", "nishikawa_jis.txt": "iso-2022-jp",
        "minato_ch6.txt": "utf-8", "sakura_pdf_glossary.txt": "utf-8", "aozora_parts.txt": "utf-8",
    }


def test_check_finds_every_character_of_every_plan_in_the_site(project):
    tmp, _, docs = project
    result = run(["check"], tmp)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("○ 原文の文字はすべてサイトに載っています。") == len(ENCODINGS), result.stdout
    assert "Traceback" not in result.stderr
    # what was repaired or dropped is listed, with file and line
    for name in ("minamioka_sjis.txt", "kitahama_pdf.txt", "nishikawa_jis.txt", "kitahama_contents.txt"):
        assert f"source_texts/{name} の " in result.stdout


def test_outline_shows_every_plan_before_it_is_built(project):
    tmp, _, _ = project
    result = run(["outline"], tmp)
    assert result.returncode == 0, result.stderr
    for name in ENCODINGS:
        assert f"■ source_texts/{name}" in result.stdout


# --- each plan ---------------------------------------------------------------------------


def test_a_pdf_copy_with_cover_contents_running_headers_footers_and_furigana(project):
    _, site, docs = project
    doc = docs["kitahama_pdf.txt"]
    assert (doc.title, doc.title_source) == ("北浜市障害者計画", "cover")            # spaced letter by letter
    assert [(e.title, e.page) for e in doc.toc] == [
        ("第1章 計画の策定にあたって", 1), ("第2章 障害のある人の現状", 2), ("第3章 施策の展開", 3), ("用語解説", 4)]
    assert [c.title for c in doc.chapters] == ["第1章 計画の策定にあたって", "第2章 障害のある人の現状", "第3章 施策の展開", "用語解説"]
    # bare footers 1 2 3 4: each page marked where it starts
    assert pages(doc) == ["1ページ", "2ページ", "3ページ", "4ページ"]
    assert [b.label for b in doc.chapters[1].blocks if isinstance(b, PageBreak)] == ["2ページ"]
    assert headings(doc)[:3] == ["1 計画策定の趣旨", "2 計画の位置付け", "3 計画の期間"]
    assert "第1章 第2章 第3章 用語解説" not in headings(doc)                            # the tab strip is gone
    assert [a.text for a in blocks(doc) if isinstance(a, Aside)] == ["だい よ じ"]        # spilled furigana
    assert tables(doc) == [(["対象区分", "調査対象者", "回収数", "回収率"], ["", "人", "人", "%"], 3)]  # flattened survey records
    assert terms(doc, project) == ["育成医療", "基幹相談支援センター", "成年後見制度"]
    texts = [getattr(b, "text", "") for b in blocks(doc)]
    assert "この計画は、障害者基本法第11条第3項に基づく「市町村障害者計画」と、障害者総合支援法第88条第1項に基づく「市町村障害福祉計画」を一体的に策定するものです。" in texts
    assert "成年後見制度の利用を促進し、障害のある人の権利を守ります。" in texts     # ⼈ (a Kangxi radical) read as 人
    kinds = {c.kind for c in doc.changes}
    assert {"running-header", "spacing", "furigana", "lookalike", "page-footer"} <= kinds
    html = page_html(site, "kitahama-pdf", "04")
    rubies = {r.find(string=True, recursive=False): r.rt.get_text() for r in html.select("article ruby")}
    assert rubies.get("育成医療") == "いくせいいりょう"                                  # the glossary's own reading


def test_a_damaged_shift_jis_plan_with_a_words_explained_block(project):
    _, site, docs = project
    doc = docs["minamioka_sjis.txt"]
    assert doc.title == "南丘町障害者福祉計画（令和6年度～令和11年度）"
    assert [c.title for c in doc.chapters] == ["表紙", "Ⅰ 序論", "Ⅱ 計画の基本的な考え方", "Ⅲ 施策の展開"]
    assert pages(doc) == ["1ページ", "2ページ", "3ページ"]
    assert headings(doc) == ["１ 計画策定の趣旨", "２ 計画の位置づけ", "１ 基本理念", "２ 基本目標",
                             "(1) 地域で安心して暮らせる体制づくり", "(2) 就労と社会参加の促進",
                             "１ 相談支援", "２ 日中活動の場", "<ことばの説明>"]
    items = [i.text for b in blocks(doc) if type(b).__name__ == "ListBlock" for i in b.items]
    assert items[:3] == ["① 障害者基本法に基づく市町村障害者計画", "② 障害者総合支援法に基づく市町村障害福祉計画",
                         "③ 児童福祉法に基づく市町村障害児福祉計画"]
    assert [(c.line, c.before, c.after) for c in doc.changes if c.kind == "sjis-symbol"] == [
        (4, "T", "Ⅰ"), (9, "@", "①"), (10, "A", "②"), (11, "B", "③"), (13, "U", "Ⅱ"), (22, "V", "Ⅲ")]
    assert terms(doc, project) == ["療育手帳", "難病", "就労継続支援"]
    links = [a.get_text() for a in page_html(site, "minamioka-sjis", "03").select("article a.yt-term")]
    assert {"療育手帳", "難病", "就労継続支援"} <= {t for t in links}


def test_a_summary_of_sheets_with_announced_columns_survey_records_and_a_timeline(project):
    _, site, docs = project
    doc = docs["higashino_summary.txt"]
    assert doc.title == "第7期東野市障害福祉計画素案の概要"                           # 資料1, the date and the meeting left out
    assert pages(doc) == ["1ページ", "2ページ"]                                       # 1枚目, 2枚目; 本文 3 ページ is a reference
    assert headings(doc) == ["◆ 計画の概要", "◆ サービスの見込量", "(1) 訪問系サービス", "(2) 日中活動系サービス",
                             "◆ アンケート調査の結果", "◆ 策定の経過"]
    years = ["サービスの種類", "令和6年度", "令和7年度", "令和8年度"]
    assert tables(doc) == [
        (years, ["", "人", "人", "人"], 3),
        (years, ["", "人", "人", "人"], 2),
        (["対象区分", "調査対象者", "回収数", "回収率"], ["", "人", "人", "%"], 3),
        (["開催日", "審議内容等"], ["", ""], 4),
    ]
    html = page_html(site, "higashino-summary", "01")
    for rt in html.select("rt, rp"):
        rt.decompose()
    heads = [[th.get_text() for th in t.select("thead th")] for t in html.select("table.yt-data")]
    assert heads[0] == ["サービスの種類", "令和6年度(人)", "令和7年度(人)", "令和8年度(人)"]
    assert heads[3] == ["開催日", "審議内容等"]
    assert len(heads) == 4 and all(t.find_parent(class_="yt-table-group").select_one("details.yt-source")
                                   for t in html.select("table.yt-data"))


def test_an_euc_jp_plan_with_a_cover_caption_page_words_spoken_headings_and_footnotes(project):
    _, site, docs = project
    doc = docs["yamakawa_eucjp.txt"]
    assert doc.title == "山川町 障害者計画・第7期障害福祉計画"                        # 表紙 taken off
    assert [c.title for c in doc.chapters] == ["表紙", "第1章 計画の策定にあたって", "第2章 施策の方向", "第3章 資料編"]
    assert pages(doc) == ["1ページ", "2ページ", "3ページ"]                             # (1ページ); 本文 12 ページ and (85ページから97ページまで) in a sentence are text
    assert headings(doc) == ["1の1 計画策定の背景", "1の2 計画の期間", "括弧1,相談支援の充実", "括弧2,当事者の参画"]
    assert terms(doc, project) == ["障害者差別解消法"]
    notes = page_html(site, "yamakawa-eucjp", "02").select("article a.yt-noteref, article a.yt-term")
    assert "障害者差別解消法" in [a.get_text() for a in notes]


def test_an_iso_2022_jp_plan_with_a_tab_strip_dashed_pages_and_bracketed_headings(project):
    _, _, docs = project
    doc = docs["nishikawa_jis.txt"]
    assert doc.title == "西川市障がい者計画"
    assert [c.title for c in doc.chapters] == ["表紙", "Ⅰ.計画の概要", "Ⅱ.基本目標", "Ⅲ.成果目標"]
    assert pages(doc) == ["1ページ", "2ページ", "3ページ", "4ページ"]                  # 3ページ between two sentences
    assert headings(doc)[:4] == ["【計画の趣旨】", "【計画の期間】", "<市政への参画の推進>", "<地域生活の支援>"]
    assert [c.line for c in doc.changes if c.kind == "running-header"] == [3, 10, 16, 23]


def test_a_contents_only_file(project):
    _, _, docs = project
    doc = docs["kitahama_contents.txt"]
    assert [(e.title, e.page_label) for e in doc.toc] == [
        ("第1章 計画の策定にあたって", "1頁から"), ("第2章 障害のある人の現状", "5頁から"),
        ("第3章 施策の展開", "11頁から"), ("資料編", "25頁から")]
    assert doc.chapters == [] and doc.title_source == "file"
    assert [c.before for c in doc.changes if c.kind == "toc-mark"] == ["▲", "▲", "▼", "▼"]


def test_a_file_that_starts_at_a_chapter(project):
    _, _, docs = project
    doc = docs["minato_ch6.txt"]
    assert (doc.title, doc.title_source) == ("第6章 計画の推進", "heading")
    assert headings(doc) == ["1 推進体制", "2 進捗管理", "(1) 成果目標の点検", "(2) 活動指標の点検"]
    assert pages(doc) == []


def test_per_page_notes_and_a_glossary_grouped_by_gyo(project):
    _, site, docs = project
    doc = docs["sakura_pdf_glossary.txt"]
    assert [c.title for c in doc.chapters] == ["表紙", "第１章　計画の策定にあたって", "第２章　用語集"]
    assert pages(doc) == ["1ページ", "2ページ", "3ページ"]
    # 基幹相談支援センター is explained by kitahama_pdf.txt too: the site's glossary holds it once, from that plan
    assert terms(doc, project) == ["措置制度から支援費制度への移行", "ノーマライゼーション", "地域生活", "相談支援専門員",
                                   "アクセシビリティ", "意思疎通支援", "共同生活援助"]
    html = page_html(site, "sakura-pdf-glossary", "02")
    refs = [(a.get_text(), a["href"]) for a in html.select("article a.yt-noteref")]
    assert refs == [("(※1)", "#note-1-1"), ("(※2)", "#note-1-2"), ("(※1)", "#note-2-1"), ("(※2)", "#note-2-2")]
    assert all(html.find(id=href[1:]) is not None for _, href in refs)       # each mark leads to its note on the page


def test_parts_with_sections_under_them_in_the_contents(project):
    # written after the others, as a first try of an unseen style: its 節 entries are headings, not missing chapters
    _, _, docs = project
    doc = docs["aozora_parts.txt"]
    assert doc.title == "青空市第4期障害者計画"
    assert [(e.title, e.page) for e in doc.toc] == [("第1部 総論", 1), ("第1節 計画の趣旨", 1), ("第2節 計画の期間", 2), ("第2部 各論", 3)]
    assert [c.title for c in doc.chapters] == ["第1部 総論", "第2部 各論"]
    assert not doc.warnings
    assert pages(doc) == ["1ページ", "2ページ", "3ページ"]                             # P.1 at the top of each page
    assert [(b.text, b.level) for b in blocks(doc) if isinstance(b, Heading)] == [
        ("○第1節 計画の趣旨", 2), ("■ 背景", 3), ("■ 目的", 3), ("○第2節 計画の期間", 2),
        ("○第1節 相談支援", 2), ("ア 相談窓口", 3), ("イ 基幹相談支援センター", 3), ("○第2節 就労支援", 2), ("ア 一般就労への移行", 3)]
