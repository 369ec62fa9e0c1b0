"""The ふりがな choice (none / beyond a grade / all) and search by reading in Chromium (Debian's /usr/bin/chromium).

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
SELECT = "header select.yt-ruby-select"
# The readings shown in the article, as the accessibility tree has them.
TREE = "article"


def _control(page):
    return page.get_by_role("combobox", name="ふりがな")


def _tab_to_control(page) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('yt-ruby-select')"):
            return
    raise AssertionError("Tab でふりがなの選択に移動できません")


def _choose(page, value: str) -> None:
    page.locator(SELECT).select_option(value)


def test_choice_off_by_default_and_keyboard_operable(page, site_url):
    page.goto(site_url + "s/01/")
    control = _control(page)                      # a select named ふりがな (its <label>)
    assert control.count() == 1
    assert page.locator(SELECT).input_value() == "off"
    options = page.locator(SELECT + " option").all_inner_texts()
    assert options == ["ふりがな なし", "ふりがな 小4以上", "ふりがな すべて"]
    assert page.evaluate(RT_DISPLAY) == "none"

    _tab_to_control(page)
    # Focus is visible: an outline is drawn around the focused select.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("ArrowDown")              # a closed select changes with the arrow keys
    assert page.locator(SELECT).input_value() == "grade"
    assert page.evaluate("() => [...document.documentElement.classList].filter(c => c.startsWith('yt-ruby')).sort()") \
        == ["yt-ruby-grade", "yt-ruby-on"]
    page.keyboard.press("ArrowDown")
    assert page.locator(SELECT).input_value() == "on"
    assert page.evaluate(RT_DISPLAY) != "none"
    assert not page.evaluate("() => document.documentElement.classList.contains('yt-ruby-grade')")
    page.keyboard.press("Home")
    assert page.locator(SELECT).input_value() == "off"
    assert page.evaluate(RT_DISPLAY) == "none"


def test_choice_survives_reload_and_navigation(page, site_url):
    page.goto(site_url + "s/01/")
    _choose(page, "on")
    assert page.evaluate("() => localStorage.getItem('yomitoki.ruby')") == "on"
    page.reload()
    # Applied in <head>, before ruby.js has run.
    assert page.locator(SELECT).input_value() == "on"
    assert page.evaluate(RT_DISPLAY) != "none"
    page.goto(site_url + "s/02/")
    assert page.locator(SELECT).input_value() == "on"
    _choose(page, "grade")
    page.goto(site_url + "s/01/")
    assert page.locator(SELECT).input_value() == "grade"
    assert page.evaluate("() => document.documentElement.classList.contains('yt-ruby-grade')")
    _choose(page, "off")
    page.goto(site_url)                       # the home page has the control too
    assert page.locator(SELECT).input_value() == "off"


def test_choice_applied_before_first_paint(browser, site_url):
    # The classes are on <html> when the body starts to be parsed: no flash of readings.
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.add_init_script("""try { localStorage.setItem('yomitoki.ruby', 'grade') } catch (e) {}
            document.addEventListener('readystatechange', () => {}, {once: true});
            new MutationObserver((_, obs) => { if (document.body) {
                window.__firstBody = document.documentElement.className; obs.disconnect(); } })
              .observe(document, {childList: true, subtree: true});""")
        pg.goto(site_url + "s/01/")
        assert set(pg.evaluate("() => window.__firstBody").split()) >= {"yt-ruby-on", "yt-ruby-grade"}
    finally:
        context.close()


def test_accessibility_tree_has_no_hidden_readings(page, site_url):
    page.goto(site_url + "s/02/")
    tree_off = page.locator(TREE).aria_snapshot()
    assert "療育手帳" in tree_off and "本文" in tree_off
    assert "りょういくてちょう" not in tree_off and "(" + "りょう" not in tree_off
    _choose(page, "grade")
    tree_grade = page.locator(TREE).aria_snapshot()
    assert "りょういくてちょう" in tree_grade          # 療 is not taught in elementary school
    assert "ほんぶん" not in tree_grade                # 本文: 1年 kanji, reading not rendered
    hidden = page.evaluate("""() => [...document.querySelectorAll('article rt.yt-k')]
        .map(rt => getComputedStyle(rt).display)""")
    assert hidden and set(hidden) == {"none"}
    _choose(page, "on")
    tree_on = page.locator(TREE).aria_snapshot()
    assert "りょういくてちょう" in tree_on and "ほんぶん" in tree_on


def test_control_target_size_and_contrast(page, site_url):
    page.goto(site_url + "s/01/")
    control = page.locator(SELECT)
    box = control.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    for value in ("off", "grade", "on"):
        _choose(page, value)
        ratio = page.evaluate("""() => {
            const b = document.querySelector('.yt-ruby-select');
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


def test_phone_header_keeps_search_in_view(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        pg = context.new_page()
        pg.goto(site_url + "s/01/")
        for sel in (SELECT, 'label.md-header__button[for="__search"]'):
            box = pg.locator(sel).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, sel
    finally:
        context.close()


def test_without_javascript_no_control_and_no_readings(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(site_url + "s/01/")
        assert pg.locator(SELECT).count() == 0
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
    _choose(page, "on")                                  # readings on the page must not matter
    text = _search(page, query)
    assert kanji in text
    assert query not in text
    # Results are highlighted on the kanji.
    marks = page.locator(".md-search-result mark").all_inner_texts()
    assert marks and all(m in kanji for m in marks)
    # The query's reading is not listed as a "missing" term either.
    for terms in page.locator(".md-search-result__terms").all():
        assert not terms.is_visible()


def test_site_default_grade_applies_until_the_reader_chooses(browser, tmp_path):
    from screenshot import serve

    site = build(make_ruby_project(tmp_path, "    ruby_default: grade\n    ruby_grade: 2\n"), tmp_path / "site")
    server, base = serve(site)
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto(base + "s/02/")
        assert pg.locator(SELECT).input_value() == "grade"
        assert "ふりがな 小3以上" in pg.locator(SELECT + " option").all_inner_texts()
        tree = pg.locator(TREE).aria_snapshot()
        assert "りょういくてちょう" in tree and "ほんぶん" not in tree
        _choose(pg, "off")
        pg.reload()
        assert pg.locator(SELECT).input_value() == "off"       # the reader's choice wins
    finally:
        context.close()
        server.shutdown()
