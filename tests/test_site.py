"""End to end: the bundled plans built into a site with nothing lost."""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from yomitoki.site.check import missing_pieces, site_text_for
from yomitoki.site.pipeline import Settings, build_site

from conftest import ROOT, build, differing_files

KOCHI_CHAPTERS = ["01", "02", "03", "04", "05", "06", "07", "08"]


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def chapter_soups(site: Path, rel: str) -> list[BeautifulSoup]:
    """The pages of a chapter (``kochi/03``), in order: a long one is split (text/split.py)."""
    later = sorted((site / rel).glob("*/index.html"), key=lambda p: int(p.parent.name))
    return [soup(site, f"{rel}/index.html")] + [soup(site, p.relative_to(site).as_posix()) for p in later]


def documents():
    return build_site(Settings.from_config({"plans": {}}, ROOT)).documents


def test_every_source_piece_is_in_the_site(built_site):
    settings = Settings.from_config(
        {"plans": {"kochi_disability_plan_appendix": {"slug": "kochi"}, "iga_disability_plan_targets": {"slug": "iga"}}},
        ROOT,
    )
    docs = build_site(settings).documents
    assert {d.slug for d in docs} == {"kochi", "iga"}
    for doc in docs:
        missing = missing_pieces(doc, site_text_for(built_site, doc))
        assert missing == [], [(m.line, m.column, m.piece) for m in missing[:10]]


def test_check_detects_a_dropped_piece(built_site, tmp_path):
    docs = build_site(Settings.from_config({"plans": {"kochi_disability_plan_appendix": {"slug": "kochi"}}}, ROOT)).documents
    kochi = next(d for d in docs if d.slug == "kochi")
    # (the site's words as they are: with whitespace removed, figures of neighbouring
    # words would run together, 1,007 and 2 into 1,0072)
    text = site_text_for(built_site, kochi)
    sentence = "障害者総合支援法のサービスは、自立支援給付と地域生活支援事業に大別されます。"
    assert sentence in text
    missing = missing_pieces(kochi, text.replace(sentence, "", 1))
    assert [m.piece for m in missing] == [sentence]
    # repeats are counted: the sentence is there once, the source has it once
    assert missing[0].count == 1


def test_check_counts_a_number_and_its_figure_as_the_same_text_and_catches_a_wrong_one(built_site):
    docs = build_site(Settings.from_config({"plans": {"kochi_disability_plan_appendix": {"slug": "kochi"}}}, ROOT)).documents
    kochi = next(d for d in docs if d.slug == "kochi")
    text = site_text_for(built_site, kochi)
    shown = "合計配布数6,591、回収数3,828、回収率58.1%"        # the source: 合計配布数六千五百九十一、…五十八点1パーセント
    assert shown in text and "六千五百九十一" not in text
    assert missing_pieces(kochi, text) == []
    source = "合計配布数六千五百九十一、回収数三千八百二十八、回収率五十八点1パーセント"
    for wrong in ("合計配布数6,592、回収数3,828、回収率58.1%", "合計配布数6,591、回収数3,828、回収率58.2%",
                  "合計配布数6,591、回収数3,828、回収率58.1", ""):
        missing = missing_pieces(kochi, text.replace(shown, wrong, 1))
        assert [m.piece for m in missing] == [source], wrong


def test_chapters_are_pages_with_one_h1_and_titles(built_site):
    for slug in KOCHI_CHAPTERS:
        page = soup(built_site, f"kochi/{slug}/index.html")
        assert len(page.select("article h1")) == 1
        assert page.html["lang"] == "ja"
    ch2 = soup(built_site, "kochi/02/index.html")
    assert ch2.select_one("article h1").get_text(strip=True) == "2用語の説明"
    assert ch2.title.get_text().startswith("2用語の説明")
    assert [h.get_text(strip=True) for h in ch2.select("article h2")][:2] == ["【ア行】", "【サ行】"]


def test_page_breaks_are_marked_and_reachable(built_site):
    ch1 = soup(built_site, "kochi/01/index.html")
    brk = ch1.select_one('[role="doc-pagebreak"]')
    assert brk["aria-label"] == "161ページ" and brk["id"] == "page-161"
    overview = soup(built_site, "kochi/index.html")
    links = [a["href"] for a in overview.select("ul.yt-pages a")]
    assert "01/#page-161" in links and "05/#page-195" in links
    # every link of the page list resolves to an element with that id
    ids: dict[str, set[str]] = {}
    for href in links:
        page, anchor = href.split("#")
        if page not in ids:
            html = (built_site / f"kochi/{page}index.html").read_text(encoding="utf-8")
            ids[page] = set(re.findall(r'id="([^"]+)"', html))
        assert anchor in ids[page], href
    ranged = soup(built_site, "kochi/05/index.html").select_one("#page-195")
    assert ranged["aria-label"] == "195ページから239ページ"


def test_source_toc_becomes_navigation(built_site):
    overview = soup(built_site, "kochi/index.html")
    toc = overview.select("ul.yt-toc > li > a")
    assert [a.get_text(strip=True) for a in toc][0] == "1障害福祉サービス及び相談支援の体系について"
    assert [a["href"] for a in toc] == [f"{s}/" for s in KOCHI_CHAPTERS]
    # the later pages of a split chapter are listed under it, in order
    parts = [a["href"] for a in overview.select("ul.yt-toc > li > ul.yt-toc-parts a")]
    assert parts[:2] == ["03/2/", "03/3/"] and "05/2/" in parts
    assert all((built_site / "kochi" / href / "index.html").is_file() for href in parts)
    nav = [a.get_text(strip=True) for a in overview.select("nav.md-nav--primary a")]
    assert "5基本指針" in nav and "概要と目次" in nav


def test_markup_in_source_stays_literal(built_site):
    assert any("<国や県、市町村に望むこと>" in page.get_text() for page in chapter_soups(built_site, "kochi/03"))
    for raw in [p.read_text(encoding="utf-8") for p in (built_site / "kochi/03").rglob("index.html")]:
        assert "<国や県" not in raw


def test_iga_page_has_tables_with_headers(built_site):
    page = soup(built_site, "iga/01/index.html")
    tables = page.select("table")
    assert len(tables) == 2
    for t in tables:
        assert t.caption is not None and t.caption.get_text(strip=True)
        assert [th["scope"] for th in t.select("thead th")] == ["col", "col", "col"]
        assert all(th.get("scope") == "row" for th in t.select("tbody th"))
    assert "精神障がい者に対応した協議の継続・連携を図り、安心して自分らしい暮らしができるよう" in tables[0].get_text()
    assert page.select_one(".yt-notice") is not None


def test_search_is_japanese_and_site_basics(built_site):
    index = soup(built_site, "index.html")
    assert index.html["lang"] == "ja"
    assert index.title.get_text().startswith("障害福祉計画 読み解き版")
    config = (built_site / "search/search_index.json").read_text(encoding="utf-8")
    assert '"lang":["ja"]' in config.replace(" ", "")


def test_two_builds_are_identical(tmp_path):
    first = build(ROOT / "mkdocs.yml", tmp_path / "first")
    again = build(ROOT / "mkdocs.yml", tmp_path / "again")
    assert differing_files(first, again) == []


def test_home_page_lists_the_plans(built_site):
    home = soup(built_site, "index.html")
    links = {a.get_text(strip=True): a["href"] for a in home.select("ul.yt-plans a")}
    assert links["高知県 第6期障害福祉計画・第2期障害児福祉計画 資料編"] == "kochi/"
    assert "yomiage/kochi/" in links.values()
    for href in links.values():
        assert (built_site / href / "index.html").exists()


def test_pages_load_nothing_from_other_sites(built_site):
    for path in [built_site / "index.html", built_site / "kochi/03/index.html", built_site / "glossary/index.html"]:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        external = [el.get("href") or el.get("src") for el in page.select("link[href], script[src], img[src]")
                    if re.match(r"(https?:)?//", el.get("href") or el.get("src") or "")]
        assert external == [], (path, external)


def test_numeric_columns_are_marked_and_units_in_headers(built_site):
    tables = [t for page in chapter_soups(built_site, "kochi/03") for t in page.select("table.yt-data")]
    assert len(tables) >= 30
    first = tables[0]
    assert first.caption.get_text(strip=True).startswith("①年齢")
    assert [th.get("class") for th in first.select("thead th")] == [None, ["yt-num"]]
    assert all("yt-num" in td.get("class", []) for td in first.select("tbody td"))
    headers = [th.get_text(strip=True) for t in tables for th in t.select("thead th")]
    assert all(headers), "no empty header cells"
    assert any("(人)" in h or "(%)" in h or "(件)" in h for h in headers)
