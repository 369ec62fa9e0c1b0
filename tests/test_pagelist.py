"""The control that opens a chapter's list of printed pages (issue 18, part 5).

Its text says how many pages it holds as 全24ページ: 「24ページ分」 was read
ふん by speech engines, which never see the ruby.  The words of the UI
text get their readings like the plan's words; the control is named by its
text without the readings.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from yomitoki.enrich.readings import default_engine

from conftest import ROOT  # noqa: F401


def _summary(site: Path, rel: str):
    page = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
    return page.select_one("nav.yt-pagelist details summary"), page.select_one("nav.yt-pagelist")


def test_the_control_is_named_in_japanese_without_readings(built_site):
    summary, nav = _summary(built_site, "kochi/03/index.html")
    assert nav["aria-label"] == "この章の原本のページ"
    assert summary["aria-label"] == "原本のページへ移動（全24ページ）"
    # the name is the visible text (label in name), readings aside
    for el in summary.select("rt, rp"):
        el.decompose()
    assert summary.get_text() == summary["aria-label"]
    assert len(nav.select("details p a")) == 24
    assert "ページ分" not in nav.get_text()


def test_the_ui_words_carry_their_readings(built_site):
    summary, _ = _summary(built_site, "kochi/03/index.html")
    readings = {r.contents[0]: r.rt.get_text() for r in summary.select("ruby")}
    assert readings == {"原本": "げんぽん", "移動": "いどう", "全": "ぜん"}


def test_the_readings_of_the_words_the_control_used_and_uses():
    engine = default_engine()
    assert engine.reading("24ページ分") == "24ぺーじぶん"        # a portion: ぶん, never ふん (minutes)
    assert engine.reading("原本のページへ移動（全24ページ）") == "げんぽんのぺーじへいどう（ぜん24ぺーじ）"


def test_the_narration_edition_says_it_plainly(built_site):
    summary, nav = _summary(built_site, "yomiage/kochi/03/index.html")
    assert summary.get_text() == "原本のページへ移動（全二十四ページ）"
    assert not summary.has_attr("aria-label") and not summary.select("ruby")


@pytest.mark.browser
def test_a_screen_reader_hears_the_name_with_ruby_on_and_axe_finds_nothing(built_site, chromium):
    from a11y_browser import AXTree, run_axe, serve

    with serve(built_site) as base:
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(base + "kochi/03/", wait_until="load")
        for on in (False, True):
            page.evaluate("on => document.documentElement.classList.toggle('yt-ruby-on', on)", on)
            cdp = context.new_cdp_session(page)
            tree = AXTree(cdp)
            [(node, _)] = tree.for_selector("nav.yt-pagelist summary")
            assert node is not None and tree.name(node) == "原本のページへ移動（全24ページ）", on
            violations = run_axe(page)
            found = [v["id"] for v in violations
                     if any("yt-pagelist" in " ".join(map(str, n["target"])) for n in v["nodes"])]
            assert found == [], found
        context.close()
