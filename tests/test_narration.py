"""The narration edition (読み上げ版): twins of every standard page."""
from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from yomitoki.text.model import Cell, Table
from yomitoki.render.narration import speak_table
from yomitoki.render.markdown import relative_url, twin_uri

# Digits the style keeps: a digit run touching a Latin letter (codes), or
# telephone/postal numbers (digit groups joined by hyphens).
_ALLOWED = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ][0-9]+|[0-9]+[A-Za-zＡ-Ｚａ-ｚ]|[0-9]+(?:-[0-9]+){1,}")


def _pages(site: Path, root: str = "") -> list[Path]:
    return sorted(p for p in (site / root).rglob("index.html") if p.parent != site and "search" not in p.parts)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_standard_page_has_a_twin_linked_both_ways(built_site):
    plan_pages = [p for p in _pages(built_site) if p.relative_to(built_site).parts[0] in ("kochi", "iga")]
    assert len(plan_pages) >= 11
    for page in plan_pages:
        rel = page.parent.relative_to(built_site)
        twin = built_site / "yomiage" / rel / "index.html"
        assert twin.exists(), rel
        link = _soup(page).select_one(".yt-edition-link a")
        assert link is not None and link.get_text().startswith("読み上げ版")
        assert (page.parent / link["href"] / "index.html").resolve() == twin.resolve()
        back = _soup(twin).select_one(".yt-edition-link a")
        assert back.get_text().startswith("通常版")
        assert (twin.parent / back["href"] / "index.html").resolve() == page.resolve()


def test_twins_have_no_ruby_links_or_popovers_and_no_multidigit_arabic(built_site):
    twins = _pages(built_site, "yomiage")
    assert len(twins) >= 11
    for twin in twins:
        article = _soup(twin).select_one("article")
        assert article.select("ruby, rt, .yt-term, .yt-popover, [role=tooltip]") == []
        text = _ALLOWED.sub("", article.get_text(" "))
        leftovers = re.findall(r"[0-9０-９]{2,}", text)
        assert leftovers == [], (twin, leftovers[:5])


def test_page_numbers_are_spoken_where_they_fall(built_site):
    twin = _soup(built_site / "yomiage/kochi/01/index.html")
    spoken = twin.select_one("#page-161")
    assert spoken.get_text(strip=True) == "百六十一ページ"
    assert twin.select('[role="doc-pagebreak"]') == []


def test_numbers_in_narration_style(built_site):
    text = _soup(built_site / "yomiage/kochi/03/index.html").select_one("article").get_text()
    assert "回答数三千七百五十六" in text
    assert "二十九点9パーセント" in text


def test_twins_are_kept_out_of_search(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert locations and not any(loc.startswith("yomiage/") for loc in locations)
    assert any(loc.startswith("kochi/03/") for loc in locations)


def test_speak_table_row_by_row():
    table = Table(
        caption="①日中活動(通所)のサービス",
        columns=["サービス", "現在利用している", "今後利用したい"],
        rows=[
            [Cell(["生活介護"], header=True), Cell(["1,468"]), Cell(["617"])],
            [Cell(["自立生活援助"], header=True), Cell([""]), Cell(["61"])],
        ],
    )
    assert speak_table(table) == [
        "①日中活動(通所)のサービス",
        "生活介護、現在利用している1,468、今後利用したい617",
        "自立生活援助、今後利用したい61",
    ]


def test_relative_urls_between_editions():
    assert twin_uri("kochi/03.md") == "yomiage/kochi/03.md"
    assert relative_url("kochi/03.md", "yomiage/kochi/03.md") == "../../yomiage/kochi/03/"
    assert relative_url("yomiage/kochi/index.md", "kochi/index.md") == "../../kochi/"
    assert relative_url("index.md", "kochi/index.md") == "kochi/"


def test_the_narration_edition_as_a_text_file(built_site):
    """Kochi's format for text-to-speech devices: UTF-8, a paragraph a line, pages spoken where they fall."""
    from bs4 import BeautifulSoup

    data = (built_site / "kochi" / "kochi-yomiage.txt").read_bytes()
    text = data.decode("utf-8")                        # UTF-8, no BOM
    lines = text.split("\n")
    assert not data.startswith(b"\xef\xbb\xbf") and text.endswith("\n") and "" not in lines[:-1]
    assert lines[0] == "高知県 第6期障害福祉計画・第2期障害児福祉計画 資料編"
    assert lines[1:3] == ["1 障害者総合支援法のサービス等の体系について", "百六十一ページ"]
    assert not re.search(r"<(?:p|ruby|rt|a|div|span)\b|&#\d+;|&amp;", text)     # none of the site's markup
    assert not re.search(r"[0-9０-９]{2,}", text)                                     # numbers in the narration style
    assert "百九十五ページから二百三十九ページ" in lines                                 # a page range, spoken
    # both overview pages link to it
    for overview, href in (("kochi/index.html", "kochi-yomiage.txt"), ("yomiage/kochi/index.html", "../../kochi/kochi-yomiage.txt")):
        page = BeautifulSoup((built_site / overview).read_text(encoding="utf-8"), "html.parser")
        link = page.select_one("p.yt-download a")
        assert link["href"] == href and link.has_attr("download")
