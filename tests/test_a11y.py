"""The accessibility gate (issue 7): axe-core, the AX tree, keyboard and low vision.

Runs on every page of the built site (standard and 読み上げ版), in headless
Debian chromium, served on 127.0.0.1.  When the whole module has run on the
real site, the outcome goes to docs/assets/a11y-results.json, which the
アクセシビリティ方針 page shows (yomitoki/site/a11y_report.py; the build needs no
browser).  A deliberately broken page proves the gate can fail.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version as pkg_version
from pathlib import Path

import pytest

from yomitoki.errors import SourceError

from a11y_browser import (
    AXE_COLOUR_RULES,
    GLOSSARY_LINK,
    SCHEMES,
    describe_violations,
    focus_info,
    missing_tools,
    open_page,
    axe_version,
    reflow_problems,
    run_axe,
    serve,
    set_scheme,
    site_pages,
    structure_problems,
)
from conftest import ROOT, build, make_project
from yomitoki.site.a11y_report import JST, PLACEHOLDER, inject_results, load_results, render_results

RESULTS = Path(os.environ.get("YOMITOKI_A11Y_RESULTS", ROOT / "docs" / "assets" / "a11y-results.json"))
CHECK_TITLES = {
    "axe": "axe-core による自動検査 (WCAG 2.2 の A・AA と推奨事項)",
    "contrast": "すべての配色での文字のコントラスト (4.5 対 1 以上)",
    "structure": "ページの構造 (見出し、ランドマーク、本文へのリンク、表、リンクとボタンの名前、切り替えボタンの状態、原本のページ区切り)",
    "keyboard": "キーボードでの操作 (移動の順序、フォーカスの表示、用語の説明の表示と Esc で閉じる操作)",
    "low_vision": "文字を 2 倍にしたときと、幅 320 px の画面での表示",
}


# --- fixtures ---------------------------------------------------------------------


@dataclass
class Recorder:
    """Outcomes of the checks on the real site, written as the results file."""

    checks: dict[str, dict] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)
    tools: dict[str, str] = field(default_factory=dict)

    def record(self, check_id: str, problems: list[str], detail: str, notes: list[str] | None = None) -> None:
        self.checks[check_id] = {
            "id": check_id,
            "title": CHECK_TITLES[check_id],
            "status": "passed" if not problems else "failed",
            "passed": not problems,
            # The page is for the public: a Japanese summary; the details stay in the file.
            "detail": detail if not problems else f"{len(problems)} 件の問題が見つかりました。",
            "problems": problems[:50],
            "notes": notes or [],
        }

    def write(self) -> None:
        data = {
            "version": 1,
            "date": datetime.now(JST).isoformat(timespec="seconds"),
            "standard": "JIS X 8341-3:2016",
            "target": "AA",
            "passed": all(c["passed"] for c in self.checks.values()),
            "pages": self.pages,
            "schemes": SCHEMES,
            "tools": self.tools,
            "checks": [self.checks[k] for k in CHECK_TITLES],
        }
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        tmp = RESULTS.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(RESULTS)


@pytest.fixture(scope="module")
def recorder():
    rec = Recorder()
    yield rec
    # Only a complete run on the real site is a result worth publishing.
    if set(rec.checks) == set(CHECK_TITLES):
        rec.write()


@pytest.fixture(scope="session")
def browser(chromium):
    missing = missing_tools()
    if missing:
        pytest.fail("The accessibility tests need: " + "; ".join(missing) + ". scripts/test.sh installs them.", pytrace=False)
    return chromium


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as base:
        yield built_site, base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    pg = context.new_page()
    cdp = context.new_cdp_session(pg)
    yield pg, cdp
    context.close()


def audit(pg, cdp, base: str, pages: list[str]) -> tuple[list[str], list[str], list[str]]:
    """axe (default scheme), axe's colour rules in the other schemes, AX-tree checks."""
    axe_problems, contrast_problems, structure = [], [], []
    for path in pages:
        where = "/" + path
        open_page(pg, base + path)
        axe_problems += describe_violations(run_axe(pg), where)
        structure += structure_problems(pg, cdp, where)
        for scheme in SCHEMES[1:]:
            set_scheme(pg, scheme)
            contrast_problems += describe_violations(run_axe(pg, AXE_COLOUR_RULES), f"{where} [{scheme}]")
    return axe_problems, contrast_problems, structure


# --- the results page (no browser) --------------------------------------------------------


def test_accessibility_page_shows_latest_results(built_site):
    """The built アクセシビリティ方針 page shows the results file as it was at build time."""
    html = (built_site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "JIS X 8341-3:2016" in html and "適合レベル AA" in html
    assert PLACEHOLDER not in html, "the results placeholder was not replaced: the build session must call yomitoki.site.a11y_report.inject_results"
    data = load_results(RESULTS)
    if data is None:
        assert "まだ実施していません" in html
    else:
        from yomitoki.site.a11y_report import japanese_date

        assert japanese_date(data["date"]) in html
        assert f"{len(data['pages'])}ページ" in html


def test_render_results_reports_real_outcome(tmp_path):
    results = tmp_path / "r.json"
    assert "まだ実施していません" in inject_results(f"前\n\n{PLACEHOLDER}\n\n後", results)
    data = {
        "version": 1, "date": "2026-03-31T23:30:00+00:00", "passed": False, "pages": ["", "kochi/01/"],
        "schemes": SCHEMES, "tools": {"axe-core": "4.10.0"},
        "checks": [
            {"id": "axe", "title": "axe <検査>", "status": "passed", "detail": "違反 0 件"},
            {"id": "keyboard", "title": "キーボード", "status": "failed", "detail": "1 件の問題"},
        ],
    }
    results.write_text(json.dumps(data), encoding="utf-8")
    html = render_results(load_results(results))
    assert "2026年4月1日" in html  # shown in Japan time
    assert "問題が見つかった検査項目があります" in html
    assert "2ページ" in html and "問題あり" in html and "問題なし" in html
    assert "<検査>" not in html  # escaped
    assert "<caption>" in html and 'scope="col"' in html
    results.write_text("{broken", encoding="utf-8")
    with pytest.raises(SourceError, match="読めません"):
        load_results(results)
    results.write_text(json.dumps({"version": 99}), encoding="utf-8")
    with pytest.raises(SourceError, match="形式"):
        load_results(results)


def test_schemes_match_mkdocs_palette():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    palette = config["theme"]["palette"]
    assert [p.get("scheme", "default") for p in palette] == SCHEMES
    assert all(p.get("toggle", {}).get("name") for p in palette), "every palette needs a Japanese toggle name"


# --- the gate on the real site ----------------------------------------------------------


@pytest.mark.browser
def test_every_page_axe_contrast_and_structure(site, page, recorder, browser):
    site_dir, base = site
    pg, cdp = page
    pages = site_pages(site_dir)
    assert len(pages) >= 10 and "" in pages
    start = time.monotonic()
    axe_problems, contrast_problems, structure = audit(pg, cdp, base, pages)
    elapsed = time.monotonic() - start
    recorder.pages = pages
    recorder.tools = {
        "axe-core": axe_version(pg),
        "Chromium": browser.version,
        "Playwright": pkg_version("playwright"),
    }
    n = len(pages)
    recorder.record("axe", axe_problems, f"{n}ページで違反 0 件")
    recorder.record("contrast", contrast_problems, f"{n}ページ × {len(SCHEMES)}種類の配色で違反 0 件")
    recorder.record("structure", structure, f"{n}ページで問題 0 件")
    print(f"\naxe + AX tree on {n} pages x {len(SCHEMES)} schemes: {elapsed:.1f}s")
    problems = axe_problems + contrast_problems + structure
    assert not problems, "\n".join(problems)


def _pages_with(site_dir: Path, needle: str) -> list[str]:
    return [p for p in site_pages(site_dir) if needle in (site_dir / (p or "") / ("" if p.endswith(".html") else "index.html")).read_text(encoding="utf-8")]


def tab_through(pg, limit: int = 800) -> list[dict]:
    """Press Tab from the top of the page until the focus leaves the page; what got focus."""
    seq = []
    pg.evaluate("() => { window.__ytSeq = []; document.addEventListener('focusin', e => window.__ytSeq.push(e.target)); }")
    for _ in range(limit):
        pg.keyboard.press("Tab")
        info = focus_info(pg)
        if info is None:
            break
        if seq and info == seq[-1]:
            continue
        seq.append(info)
        if len(seq) > 3 and info.get("skip"):
            break  # wrapped around
    in_order = pg.evaluate(
        """() => window.__ytSeq.every((el, i, a) => i === 0 || !a[i - 1].isConnected || !el.isConnected
             || (a[i - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) || a[i - 1] === el
             || a[i - 1].contains(el) || el.contains(a[i - 1]))"""
    )
    seq.append({"__in_dom_order": in_order})
    return seq


def keyboard_problems(pg, url: str) -> tuple[list[str], list[str]]:
    """Tab order, visible focus and the glossary popover on one page; (problems, notes)."""
    problems, notes = [], []
    open_page(pg, url)
    seq = tab_through(pg)
    in_order = seq.pop()["__in_dom_order"]
    where = url.split("/", 3)[-1] or "/"
    if not seq or not seq[0]["skip"]:
        problems.append(f"/{where}: the first Tab does not reach the skip link (got {seq[:1]})")
    if not in_order:
        problems.append(f"/{where}: the Tab order does not follow the reading order")
    for info in seq:
        if not info["indicator"] or not info["onScreen"]:
            problems.append(f"/{where}: focus not visible on {info['tag']} {info['label']!r} (indicator={info['indicator']}, on screen={info['onScreen']})")
    index = {k: next((i for i, s in enumerate(seq) if s[k]), None) for k in ("furigana", "edition", "term")}
    for key, what in (("furigana", "ふりがなの切り替え"), ("edition", "読み上げ版へのリンク"), ("term", "用語のリンク")):
        if index[key] is None:
            notes.append(f"{what}はこのページにありません")
    order = [index[k] for k in ("furigana", "edition", "term") if index[k] is not None]
    if order != sorted(order):
        problems.append(f"/{where}: Tab order of ふりがな / 読み上げ版 / glossary links is {index}")
    if index["term"] is not None:
        problems += popover_problems(pg, where)
    return problems, notes


POPOVER = '[role="tooltip"], [popover], .yt-popover, .yt-term-popover'


def popover_problems(pg, where: str) -> list[str]:
    """The first glossary link's definition opens on focus and closes on Esc."""
    problems = []
    link = pg.locator(GLOSSARY_LINK).first
    pg.keyboard.press("Escape")
    link.focus()
    visible = lambda: pg.evaluate(  # noqa: E731
        """sel => [...document.querySelectorAll(sel)].some(el => {
             const r = el.getBoundingClientRect(), s = getComputedStyle(el);
             return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && el.textContent.trim(); })""",
        POPOVER,
    )
    deadline = time.monotonic() + 2
    while not visible() and time.monotonic() < deadline:
        pg.wait_for_timeout(50)
    if not visible():
        return [f"/{where}: focusing a glossary link shows no definition popover ({POPOVER})"]
    described = pg.evaluate(
        "sel => { const a = document.querySelector(sel); const ids = (a.getAttribute('aria-describedby') || a.getAttribute('aria-controls') || '').split(/\\s+/).filter(Boolean); return ids.some(id => document.getElementById(id)); }",
        GLOSSARY_LINK,
    )
    if not described:
        problems.append(f"/{where}: the glossary link is not tied to its popover (aria-describedby / aria-controls)")
    pg.keyboard.press("Escape")
    pg.wait_for_timeout(100)
    if visible():
        problems.append(f"/{where}: Esc does not close the definition popover")
    if not pg.evaluate("sel => document.activeElement === document.querySelector(sel)", GLOSSARY_LINK):
        problems.append(f"/{where}: Esc moved the focus away from the glossary link")
    return problems


@pytest.mark.browser
def test_keyboard(site, page, recorder):
    site_dir, base = site
    pg, _ = page
    # A standard page with glossary links if there is one, and a 読み上げ版 page.
    standard = [p for p in _pages_with(site_dir, 'class="yt-term"') if p.count("/") == 2 and not p.startswith("yomiage/")]
    standard = standard or [p for p in site_pages(site_dir) if p.startswith("kochi/0")]
    narration = [p for p in site_pages(site_dir) if p.startswith("yomiage/") and p.count("/") >= 3]
    targets = standard[:1] + narration[:1] + [""]
    start = time.monotonic()
    problems, notes = [], []
    for path in targets:
        p, n = keyboard_problems(pg, base + path)
        problems += p
        notes += [f"/{path}: {x}" for x in n]
    # The skip link takes the focus into the content.
    open_page(pg, base + targets[0])
    pg.keyboard.press("Tab")
    pg.keyboard.press("Enter")
    pg.keyboard.press("Tab")
    after = focus_info(pg)
    if not after or not after["inMain"]:
        problems.append(f"/{targets[0]}: after the skip link, Tab goes to {after} instead of the content")
    print(f"\nkeyboard on {targets}: {time.monotonic() - start:.1f}s; not present: {notes}")
    recorder.record("keyboard", problems, f"{len(targets)}ページで問題 0 件", notes)
    assert not problems, "\n".join(problems)


def text_200_percent(browser):
    """A tab whose browser text size is 200% (Chromium's default font size 16 -> 32 px,
    as the browser's own text-size setting does; em media queries follow it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    pg = context.new_page()
    context.new_cdp_session(pg).send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    return context, pg


@pytest.mark.browser
def test_low_vision_200_percent_text_and_320px(site, browser, recorder):
    site_dir, base = site
    problems = []
    start = time.monotonic()
    pages = site_pages(site_dir)
    narrow = browser.new_context(viewport={"width": 320, "height": 640}, locale="ja-JP")
    narrow_page = narrow.new_page()
    large, large_page = text_200_percent(browser)
    try:
        for path in pages:
            open_page(narrow_page, base + path)
            problems += reflow_problems(narrow_page, f"/{path} [320px]")
            open_page(large_page, base + path)
            size = large_page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
            if size < 24:
                problems.append(f"/{path} [200%]: body text is {size}px, the text size setting had no effect")
            problems += reflow_problems(large_page, f"/{path} [200%]")
    finally:
        narrow.close()
        large.close()
    print(f"\nreflow on {len(pages)} pages: {time.monotonic() - start:.1f}s")
    recorder.record("low_vision", problems, f"{len(pages)}ページで問題 0 件")
    assert not problems, "\n".join(problems)


# --- the gate can fail ------------------------------------------------------------------

BROKEN_PAGE = """\
# 壊れたページ

# 二つ目の大見出し

<p style="color:#777; background:#888">どの配色でも読みにくい文字</p>

<img src="nothing.png">

<table><tr><td>数</td><td>12</td></tr></table>

<button type="button"></button>

<div role="doc-pagebreak" aria-label="- 12 -"></div>

<a href="#x" id="hidden-focus" style="outline: none !important; box-shadow: none !important">焦点が見えないリンク</a>

<div style="width: 1200px">横に長すぎる文字横に長すぎる文字横に長すぎる文字</div>
"""


@pytest.mark.browser
def test_gate_fails_on_broken_page(tmp_path, page):
    sample = "第1章 計画の概要\n障害のある人が地域で暮らせるよう、相談支援の体制を整えます。\n"
    config = make_project(tmp_path / "project", {"sample.txt": sample}, {"sample": {"slug": "plan"}})
    (tmp_path / "project" / "docs" / "broken.md").write_text(BROKEN_PAGE, encoding="utf-8")
    site_dir = build(config, tmp_path / "site")
    pg, cdp = page
    with serve(site_dir) as base:
        axe_problems, contrast_problems, structure = audit(pg, cdp, base, ["broken/"])
        text = "\n".join(axe_problems + contrast_problems + structure)
        for rule in ("axe image-alt", "axe color-contrast", "axe button-name"):
            assert rule in text, rule
        assert "[slate]" in text or "[contrast]" in text, "colour rules ran in the other schemes"
        assert "2 level-1 headings" in text
        assert "has no header cells" in text
        assert "announced as '- 12 -'" in text
        assert "a button without a name" in text
        keyboard, _ = keyboard_problems(pg, base + "broken/")
        assert any("焦点が見えないリンク" in p and "focus not visible" in p for p in keyboard), keyboard
        pg.set_viewport_size({"width": 320, "height": 640})
        open_page(pg, base + "broken/")
        reflow = reflow_problems(pg, "/broken/ [320px]")
        context, large = text_200_percent(pg.context.browser)
        open_page(large, base + "broken/")
        reflow += reflow_problems(large, "/broken/ [200%]")
        context.close()
        assert any("scrolls sideways" in p or "past the right edge" in p for p in reflow), reflow
        # The same gate passes the project's own home page built the same way.
        pg.set_viewport_size({"width": 1280, "height": 900})
        ok = audit(pg, cdp, base, [""])
        assert ok == ([], [], []), ok
