"""A built site with the glossary wired in: links resolve, exclusions hold, nothing is lost.

The wiring here is test-only (a hook file written into a temporary project)
and does what the pipeline is meant to do: extract, link while rendering the
standard pages, then render the glossary page.
"""
from __future__ import annotations

import functools
import http.server
import posixpath
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build, make_project

HOOK = '''
from pathlib import Path

from mkdocs.structure.files import File

from yomitoki.enrich.glossary import Glossary
from yomitoki.render.glossary import GlossaryLinker, render_glossary_page
from yomitoki.site.pipeline import Settings, load_documents
from yomitoki.render.markdown import TextRenderer, render_document

_pages = []


def on_config(config):
    settings = Settings.from_config(config.extra.get("yomitoki"), Path(config.config_file_path).parent)
    docs = load_documents(settings)
    glossary = Glossary.from_documents(docs)
    text = TextRenderer(linker=GlossaryLinker(glossary, "section"))
    _pages.clear()
    nav = [{"ホーム": "index.md"}]
    for doc in docs:
        pages = render_document(doc, text)
        _pages.extend(pages)
        nav.append({doc.title: [{p.nav_title: p.src_uri} for p in pages]})
    page = render_glossary_page(glossary)
    if page is not None:
        _pages.append(page)
        nav.append({page.nav_title: page.src_uri})
    config.nav = nav
    return config


def on_files(files, config):
    for page in _pages:
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files
'''

PLANS = {
    "kochi_disability_plan_appendix": {"slug": "kochi", "title": "高知県 第6期障害福祉計画・第2期障害児福祉計画 資料編"},
    "iga_disability_plan_targets": {"slug": "iga", "title": "第7期伊賀市障がい福祉計画・第3期伊賀市障がい児福祉計画 成果目標"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("glossary_project")
    texts = {name: (ROOT / "source_texts" / name).read_bytes() for name in (f"{stem}.txt" for stem in PLANS)}
    config_file = make_project(tmp, texts, PLANS)
    (tmp / "hooks" / "glossary_test_hooks.py").write_text(HOOK, encoding="utf-8")
    # This hook wires only the glossary: the assets the session would add are linked here.
    (tmp / "docs" / "assets").mkdir(parents=True, exist_ok=True)
    for asset in ("glossary.js", "glossary.css"):
        shutil.copy(ROOT / "yomitoki" / "assets" / asset, tmp / "docs" / "assets" / asset)
    config = config_file.read_text(encoding="utf-8")
    config = config.replace("hooks/yomitoki_hooks.py", "hooks/glossary_test_hooks.py")
    config += "\nextra_css:\n  - assets/glossary.css\nextra_javascript:\n  - assets/glossary.js\n"
    assert "glossary_test_hooks" in config and "glossary.js" in config
    config_file.write_text(config, encoding="utf-8")
    return build(config_file, tmp / "site")


def plan_pages(site: Path) -> list[Path]:
    return sorted(p for slug in ("kochi", "iga") for p in (site / slug).rglob("index.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment a relative href of a built page points to."""
    parts = urlsplit(href)
    base = page.parent.relative_to(site).as_posix() + "/"
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else page.parent.relative_to(site).as_posix()
    path = site / target
    if path.is_dir() or not parts.path or parts.path.endswith("/"):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def test_glossary_page_is_built(site):
    soup = soup_of(site / "glossary" / "index.html")
    article = soup.select_one("article")
    assert article.select_one("h1").get_text(strip=True) == "用語の説明"
    ids = [dt["id"] for dt in article.select("dl.yt-glossary dt")]
    assert len(ids) == len(set(ids)) == 52
    assert "居宅介護" in ids and "共生社会" in ids
    assert [h.get_text(strip=True) for h in article.select("h2")][:2] == ["ア行", "サ行"]
    # usage and source links lead to pages that exist
    links = article.select(".yt-glossary__uses a, .yt-glossary__source a")
    assert len(links) > 52
    for a in links:
        path, fragment = resolve(site, site / "glossary" / "index.html", a["href"])
        assert path.is_file(), a["href"]
        if fragment:
            assert soup_of(path).find(id=fragment) is not None, a["href"]
    # the glossary is in the navigation
    assert any(a.get_text(strip=True) == "用語の説明" for a in soup.select("nav.md-nav a"))


def test_every_term_link_resolves(site):
    glossary = soup_of(site / "glossary" / "index.html")
    ids = {dt["id"] for dt in glossary.select("dl.yt-glossary dt")}
    total = 0
    for page in plan_pages(site):
        for a in soup_of(page).select("article a.yt-term"):
            path, fragment = resolve(site, page, a["href"])
            assert path == site / "glossary" / "index.html", (page, a["href"])
            assert fragment in ids and a["data-term-id"] == fragment
            total += 1
    print(f"{total} term links on the plan pages")
    assert total > 300


def test_no_links_where_they_do_not_belong(site):
    for page in plan_pages(site) + [site / "glossary" / "index.html"]:
        article = soup_of(page).select_one("article")
        for bad in article.select("h1 a.yt-term, h2 a.yt-term, h3 a.yt-term, h4 a.yt-term, h5 a.yt-term, h6 a.yt-term, "
                                  "thead a.yt-term, caption a.yt-term, a a, .yt-toc a.yt-term, .yt-pagelist a.yt-term"):
            pytest.fail(f"{page}: link in the wrong place: {bad.parent}")


def test_note_markers_resolve_on_their_page(site):
    page = site / "kochi" / "06" / "index.html"
    soup = soup_of(page)
    refs = soup.select("article a.yt-noteref")
    assert [a.get_text() for a in refs] == ["※1", "※2", "※4"]     # ※3 and ※5 are in headings
    for a in refs:
        assert a["href"].startswith("#") and soup.find(id=a["href"][1:]) is not None


def test_first_occurrence_per_section(site):
    soup = soup_of(site / "kochi" / "05" / "index.html")
    article = soup.select_one("article")
    # walk the article: a term is linked at most once between two headings
    seen: set[str] = set()
    for el in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "a"]):
        if el.name != "a":
            seen.clear()
        elif "yt-term" in el.get("class", []):
            assert el["data-term-id"] not in seen
            seen.add(el["data-term-id"])


def test_nothing_lost_with_links(site):
    from yomitoki.site.check import missing_pieces, site_text_for
    from yomitoki.text.decode import read_source
    from yomitoki.text.parse import parse

    for stem, conf in PLANS.items():
        decoded = read_source(ROOT / "source_texts" / f"{stem}.txt")
        doc = parse(decoded.text, f"{stem}.txt", conf["slug"], title=conf["title"])
        assert missing_pieces(doc, site_text_for(site, doc)) == []


# --- the popover in a browser ------------------------------------------------------


@pytest.fixture(scope="module")
def served(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))

    class Quiet(handler.func):  # type: ignore[misc,name-defined]
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(5)


@pytest.mark.browser
def test_popover_in_a_browser(served, chromium):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{served}/kochi/03/")
        link = page.locator("article a.yt-term").first
        term_id = link.get_attribute("data-term-id")
        popover = page.locator("#yt-popover")
        # hover: shown, describes the link
        link.hover()
        popover.wait_for(state="visible", timeout=5000)
        assert link.get_attribute("aria-describedby") == "yt-popover"
        assert popover.get_attribute("role") == "tooltip"
        text = popover.inner_text()
        assert text.startswith(term_id[:4])
        # the pointer can move onto the popover: it stays
        box = popover.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
        page.wait_for_timeout(600)
        assert popover.is_visible()
        # Esc dismisses
        page.keyboard.press("Escape")
        assert popover.is_hidden()
        assert link.get_attribute("aria-describedby") is None
        # leaving both: hidden
        page.mouse.move(1, 1)
        # keyboard focus shows it too
        link.focus()
        popover.wait_for(state="visible", timeout=5000)
        page.keyboard.press("Escape")
        assert popover.is_hidden()
        assert page.evaluate("document.activeElement.dataset.termId") == term_id
        # without script the link still goes to the entry
        link.click()
        page.wait_for_url("**/glossary/#*")
        assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == term_id
    finally:
        context.close()
