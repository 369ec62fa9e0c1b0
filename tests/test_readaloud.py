"""読み上げ (assets/readaloud.js) in Chromium, with a speech-synthesis stand-in injected by the test.

The stand-in records every utterance and plays each one in a few
milliseconds; it can pause, resume and cancel as the Web Speech API does.
What is spoken must be the narration edition's text, in order; the controls
must work from the keyboard; the speed is remembered; a browser without a
local Japanese voice is told so.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, dedent, make_project

pytestmark = pytest.mark.browser

PLAN = dedent(
    """
    第1章 計画の概要
    1 計画の目的
    この計画は、障害のある人が地域で安心して暮らせるようにするためのものです。対象となる人は1,234人です。
    2 計画の期間
    令和6年度から令和8年度までの3年間とします。計画は毎年度、点検します。
    3 見込量
    以下、サービスの種類、令和6年度、令和7年度の順。
    居宅介護 1,258人、1,250人
    生活介護 640人、652人
    第2章 計画の推進
    1 推進体制
    関係機関と連携し、計画を進めます。
    """
)

STAND_IN = """
(() => {
  const voices = VOICES;
  window.__spoken = []; window.__events = []; window.__rates = [];
  class Utterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; } }
  const synth = {
    current: null, paused: false, held: null,
    getVoices() { return voices; },
    addEventListener() {},
    speak(u) {
      window.__spoken.push(u.text); window.__rates.push(u.rate); this.current = u;
      setTimeout(() => { if (this.current !== u) return; u.onstart && u.onstart({}); this.finish(u); }, 2);
    },
    finish(u) {
      if (window.__manual) return;                 // the test ends it: window.__advance()
      setTimeout(() => {
        if (this.current !== u) return;
        if (this.paused) { this.held = u; return; }
        this.current = null; u.onend && u.onend({});
      }, 2);
    },
    pause() { this.paused = true; window.__events.push('pause'); },
    resume() { this.paused = false; window.__events.push('resume'); const u = this.held; this.held = null; if (u) this.finish(u); },
    cancel() { window.__events.push('cancel'); this.current = null; this.held = null; },
  };
  window.__advance = () => {
    const u = synth.current;
    if (!u || synth.paused) return false;
    synth.current = null; u.onend && u.onend({}); return true;
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
})();
"""
JAPANESE = "[{lang: 'ja-JP', name: 'テスト', localService: true, default: true}]"


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from screenshot import serve

    tmp = tmp_path_factory.mktemp("readaloud")
    site = build(make_project(tmp, {"mihon.txt": PLAN}, {"mihon": {"slug": "mihon", "title": "見本町 障害者計画"}}), tmp / "site")
    server, base = serve(site)
    yield site, base
    server.shutdown()


def open_page(chromium, base, path, voices=JAPANESE, height=900):
    context = chromium.new_context(viewport={"width": 1280, "height": height})
    page = context.new_page()
    page.add_init_script(STAND_IN.replace("VOICES", voices))
    page.goto(base + path)
    return context, page


def narration_sentences(site: Path, path: str) -> list[str]:
    """The twin's article as readaloud.js cuts it: blocks, list items and spoken rows, then sentences."""
    article = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    texts = []
    for el in article.find_all(recursive=False):
        classes = el.get("class", [])
        if el.name == "nav" or {"yt-edition-link", "yt-pagelist", "yt-download"} & set(classes):
            continue
        for tag in el.select(".headerlink"):
            tag.decompose()
        if el.name in ("ul", "ol"):
            texts += [li.get_text() for li in el.find_all("li", recursive=False)]
        elif "yt-spoken-table" in classes:
            texts += [p.get_text() for p in el.find_all("p")]
        else:
            texts.append(el.get_text())
    out = []
    for text in texts:
        out += [s.strip() for s in re.findall(r"[^。！？!?]+[。！？!?]*[」』）)]*", " ".join(text.split())) if s.strip()]
    return out


def open_bar_by_keyboard(page):
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('yt-speech-toggle')"):
            break
    else:
        raise AssertionError("Tab で「読み上げ」ボタンに移動できません")
    page.keyboard.press("Enter")
    assert page.locator("#yt-speech").is_visible()
    assert page.evaluate("() => document.activeElement.textContent") == "最初から読む"


def test_the_narration_text_is_spoken_in_order_from_the_keyboard(chromium, site):
    built, base = site
    context, page = open_page(chromium, base, "mihon/01/")
    try:
        toggle = page.locator("header .yt-speech-toggle")
        assert toggle.inner_text() == "読み上げ" and toggle.get_attribute("aria-expanded") == "false"
        open_bar_by_keyboard(page)
        page.keyboard.press("Enter")                       # 最初から読む
        page.wait_for_function("() => document.querySelector('.yt-speech__status').textContent === '読み終わりました。'")
        spoken = page.evaluate("() => window.__spoken")
        assert spoken == narration_sentences(built, "yomiage/mihon/01")
        joined = "".join(spoken)
        assert "千二百三十四人" in joined and "1,234" not in joined           # numbers as the narration edition says them
        assert "居宅介護、令和6年度一千二百五十八人、令和7年度一千二百五十人" in joined   # a table, row by row
    finally:
        context.close()


def test_pause_resume_and_stop_by_keyboard_and_the_sentence_highlighted(chromium, site):
    _, base = site
    context, page = open_page(chromium, base, "mihon/01/")
    try:
        page.evaluate("() => { window.__manual = true; }")        # each sentence lasts until the test ends it
        open_bar_by_keyboard(page)
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__spoken.length >= 1")
        page.evaluate("() => window.__advance()")
        page.wait_for_function("() => window.__spoken.length >= 2")
        pause = page.locator("#yt-speech button[aria-pressed]")
        pause.focus()
        page.keyboard.press("Space")
        assert page.evaluate("() => window.__events").count("pause") == 1
        assert pause.get_attribute("aria-pressed") == "true" and pause.inner_text() == "再開"
        count = page.evaluate("() => window.__spoken.length")
        assert page.evaluate("() => window.__advance()") is False           # a paused sentence does not end
        page.wait_for_timeout(150)
        assert page.evaluate("() => window.__spoken.length") == count        # nothing more while paused
        assert page.evaluate("() => CSS.highlights.has('yt-reading') || !!document.querySelector('.yt-reading')")
        page.keyboard.press("Space")                                         # 再開
        assert page.evaluate("() => window.__events").count("resume") == 1
        page.evaluate("() => window.__advance()")
        page.wait_for_function(f"() => window.__spoken.length > {count}")
        page.keyboard.press("Escape")                                        # stop, from inside the bar
        assert "cancel" in page.evaluate("() => window.__events")
        stopped = page.evaluate("() => window.__spoken.length")
        page.wait_for_timeout(150)
        assert page.evaluate("() => window.__spoken.length") == stopped
        assert not page.evaluate("() => CSS.highlights.has('yt-reading') || !!document.querySelector('.yt-reading')")
        assert page.get_by_role("button", name="停止", exact=True).is_disabled()
    finally:
        context.close()


def test_the_speed_is_remembered(chromium, site):
    _, base = site
    context, page = open_page(chromium, base, "mihon/01/")
    try:
        page.locator("header .yt-speech-toggle").click()
        page.select_option("#yt-speech-rate", "1.5")
        page.reload()
        page.locator("header .yt-speech-toggle").click()
        assert page.locator("#yt-speech-rate").input_value() == "1.5"
        assert page.locator("label[for=yt-speech-rate]").inner_text() == "速さ"
        page.locator("#yt-speech button", has_text="最初から読む").click()
        page.wait_for_function("() => window.__rates.length > 0")
        assert set(page.evaluate("() => window.__rates")) == {1.5}
    finally:
        context.close()


def test_from_the_part_in_view(chromium, site):
    built, base = site
    context, page = open_page(chromium, base, "mihon/01/", height=360)
    try:
        page.evaluate("() => document.querySelectorAll('article h2')[2].scrollIntoView({block: 'start'})")
        page.evaluate("() => window.scrollBy(0, -70)")
        page.locator("header .yt-speech-toggle").click()
        page.locator("#yt-speech button", has_text="表示している所から読む").click()
        page.wait_for_function("() => window.__spoken.length > 0")
        first = page.evaluate("() => window.__spoken[0]")
        assert first == "3 見込量"
    finally:
        context.close()


def test_without_a_local_japanese_voice_the_bar_says_so(chromium, site):
    _, base = site
    for voices in ("[{lang: 'en-US', name: 'English', localService: true, default: true}]",
                   "[{lang: 'ja-JP', name: 'クラウドの声', localService: false, default: true}]"):   # would send the text away
        context, page = open_page(chromium, base, "mihon/01/", voices)
        try:
            page.locator("header .yt-speech-toggle").click()
            assert "日本語の声がありません" in page.locator(".yt-speech__status").inner_text()
            assert page.locator("#yt-speech button[data-start]:not([disabled])").count() == 0
            assert page.evaluate("() => window.__spoken") == []
        finally:
            context.close()


def test_on_a_phone_the_button_is_a_speaker_at_the_corner_and_the_bar_closes(chromium, site):
    _, base = site
    context = chromium.new_context(viewport={"width": 390, "height": 700})
    try:
        page = context.new_page()
        page.add_init_script(STAND_IN.replace("VOICES", JAPANESE))
        page.goto(base + "mihon/01/")
        toggle = page.locator(".yt-speech-toggle")
        box = toggle.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44                         # a thumb's target
        assert box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 700
        assert toggle.get_attribute("aria-label") == "読み上げ"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the header keeps its width
        toggle.click()
        assert page.locator("#yt-speech").is_visible() and not toggle.is_visible()
        page.get_by_role("button", name="閉じる").click()
        assert not page.locator("#yt-speech").is_visible() and toggle.is_visible()
        assert page.evaluate("() => document.activeElement.classList.contains('yt-speech-toggle')")
    finally:
        context.close()
