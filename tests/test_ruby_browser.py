"""The ふりがな toggle and search by reading in Chromium (Debian's /usr/bin/chromium).

The site is the sample project of test_ruby.py, built with ruby wired in.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build
from test_ruby import make_ruby_project

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def site_url(tmp_path_factory, chromium):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from screenshot import serve

    tmp = tmp_path_factory.mktemp("ruby_browser")
    site = build(make_ruby_project(tmp), tmp / "site")
    server, base = serve(site)
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def browser(site_url, chromium):
    return chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


RT_DISPLAY = "() => getComputedStyle(document.querySelector('article rt')).display"


def _tab_to_toggle(page) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('yt-ruby-toggle')"):
            return
    raise AssertionError("Tab でふりがなボタンに移動できません")


def test_toggle_off_by_default_and_keyboard_operable(page, site_url):
    page.goto(site_url + "s/01/")
    button = page.locator("header button.yt-ruby-toggle")
    assert button.count() == 1
    assert button.inner_text().strip() == "ふりがな"
    assert button.get_attribute("aria-pressed") == "false"
    assert page.evaluate(RT_DISPLAY) == "none"

    _tab_to_toggle(page)
    # Focus is visible: an outline is drawn around the focused button.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(RT_DISPLAY) != "none"
    assert page.evaluate("() => document.documentElement.classList.contains('yt-ruby-on')")
    page.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.evaluate(RT_DISPLAY) == "none"


def test_choice_survives_reload_and_navigation(page, site_url):
    page.goto(site_url + "s/01/")
    page.locator("button.yt-ruby-toggle").click()
    assert page.evaluate("() => localStorage.getItem('yomitoki.ruby')") == "on"
    page.reload()
    # Applied in <head>, before ruby.js has run.
    assert page.locator("button.yt-ruby-toggle").get_attribute("aria-pressed") == "true"
    assert page.evaluate(RT_DISPLAY) != "none"
    page.goto(site_url + "s/02/")
    assert page.locator("button.yt-ruby-toggle").get_attribute("aria-pressed") == "true"
    assert page.evaluate(RT_DISPLAY) != "none"
    page.locator("button.yt-ruby-toggle").click()
    page.goto(site_url)                       # the home page has the toggle too
    assert page.locator("button.yt-ruby-toggle").get_attribute("aria-pressed") == "false"


def test_accessibility_tree_has_no_readings_when_off(page, site_url):
    page.goto(site_url + "s/02/")
    tree_off = page.locator("article").aria_snapshot()
    assert "療育手帳" in tree_off
    assert "りょういくてちょう" not in tree_off and "(" + "りょう" not in tree_off
    page.locator("button.yt-ruby-toggle").click()
    tree_on = page.locator("article").aria_snapshot()
    assert "りょういくてちょう" in tree_on


def test_toggle_target_size_and_contrast(page, site_url):
    page.goto(site_url + "s/01/")
    button = page.locator("button.yt-ruby-toggle")
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    for _ in range(2):                          # off, then pressed
        ratio = page.evaluate("""() => {
            const b = document.querySelector('.yt-ruby-toggle');
            const rgb = s => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
            const lum = ([r, g, b]) => {
              const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
            };
            let bg = rgb(getComputedStyle(b).backgroundColor);
            let el = b;
            while (bg.length === 4 && bg[3] === 0 && el.parentElement) {
              el = el.parentElement;
              bg = rgb(getComputedStyle(el).backgroundColor);
            }
            const [l1, l2] = [lum(rgb(getComputedStyle(b).color)), lum(bg)].sort((x, y) => y - x);
            return (l1 + 0.05) / (l2 + 0.05);
        }""")
        assert ratio >= 4.5
        button.click()


def test_without_javascript_no_toggle_and_no_readings(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(site_url + "s/01/")
        assert pg.locator("button.yt-ruby-toggle").count() == 0
        displays = [rt.evaluate("el => getComputedStyle(el).display") for rt in pg.locator("article rt").all()[:5]]
        assert displays and set(displays) == {"none"}
    finally:
        context.close()


def _search(page, query: str) -> str:
    field = page.locator(".md-search__input")
    field.click()
    field.fill("")
    field.press_sequentially(query)
    field.press("End")                          # Material searches on keyup, as after an IME commit
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.wait_for_timeout(300)                  # let a re-sent query's results land
    return page.locator(".md-search-result").inner_text()


@pytest.mark.parametrize("query, kanji", [
    ("しょうがい", "障害"),
    ("りょういくてちょう", "療育手帳"),
    ("ほうかごとうでいさーびす", "放課後等デイサービス"),     # kanji and katakana in one word
    ("ぐるーぷほーむ", "グループホーム"),                     # katakana alone
    ("こうばん", "高幡圏域"),                                 # a region the gazetteer does not have
])
def test_search_by_reading_shows_kanji_not_readings(page, site_url, query, kanji):
    page.goto(site_url + "s/01/")
    page.locator("button.yt-ruby-toggle").click()       # readings on the page must not matter
    text = _search(page, query)
    assert kanji in text
    assert query not in text
    # Results are highlighted on the kanji.
    marks = page.locator(".md-search-result mark").all_inner_texts()
    assert marks and all(m in kanji for m in marks)
    # The query's reading is not listed as a "missing" term either.
    for terms in page.locator(".md-search-result__terms").all():
        assert not terms.is_visible()
