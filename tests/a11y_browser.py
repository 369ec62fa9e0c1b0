"""The accessibility gate's machinery: headless Chromium, axe-core and the AX tree.

Used by tests/test_a11y.py, both on the real site and on a deliberately broken
one (which must fail).  Every check returns a list of problems (strings); an
empty list means the page passed.
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The colour-dependent rules, run again in every other colour scheme.
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# mkdocs.yml's palette schemes (tests check that this list matches it).
SCHEMES = ["default", "slate", "contrast"]

# Features built elsewhere; checked wherever they appear.
GLOSSARY_LINK = "a.yt-term"
EDITION_LINK = ".yt-edition-link a"
PAGEBREAK = '[role="doc-pagebreak"], .yt-pagebreak, .yt-pagebreak-spoken'
# A page number as announced: arabic or kanji numerals, then ページ.
# A page number as announced: "161ページ", "百六十一ページ", or a range of pages
# printed as one ("195ページから239ページ").
_NUM = "[0-9０-９〇一二三四五六七八九十百千]+"
PAGE_NAME = re.compile(rf"^{_NUM}ページ(から{_NUM}ページ)?$")


def missing_tools() -> list[str]:
    """What the browser tests need and cannot find, as install hints."""
    missing = []
    if not CHROMIUM.exists():
        missing.append("Debian's chromium (apt-get install chromium)")
    if not AXE_JS.exists():
        missing.append("axe-core (npm ci, in the project root)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python (pip install -e '.[test]')")
    return missing


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: D401 - keep test output clean
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, as URL paths ('', 'kochi/01/', '404.html')."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        pages.append(rel)
    return pages


def open_page(page, url: str, scheme: str = "default") -> None:
    """Load a page with a colour scheme chosen (as Material's toggle remembers it)."""
    page.goto(url, wait_until="load")
    if scheme != "default":
        set_scheme(page, scheme)


def set_scheme(page, scheme: str) -> None:
    page.evaluate(
        "async s => { document.body.setAttribute('data-md-color-scheme', s); await (WAIT_ANIMATIONS)(); }".replace(
            "WAIT_ANIMATIONS", WAIT_ANIMATIONS
        ),
        scheme,
    )


# Colours and focus styles fade in: measure once the transitions have ended.
WAIT_ANIMATIONS = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const done = Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  await Promise.race([done, new Promise(r => setTimeout(r, 1500))]);
}"""


# --- axe-core ------------------------------------------------------------------


def run_axe(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the loaded page (all our tags, or only ``rules``)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    if rules:
        options = {"runOnly": {"type": "rule", "values": rules}}
    else:
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    options["resultTypes"] = ["violations"]
    result = page.evaluate("opts => axe.run(document, opts)", options)
    return result["violations"]


def axe_version(page) -> str:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate("axe.version")


def describe_violations(violations: list[dict], where: str) -> list[str]:
    out = []
    for v in violations:
        for node in v["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            out.append(f"{where}: axe {v['id']} ({v['impact']}) at {json.dumps(node['target'], ensure_ascii=False)}: {summary[:300]}")
    return out


# --- Chromium's accessibility tree -----------------------------------------------


class AXTree:
    """The full AX tree of a page through the DevTools protocol."""

    def __init__(self, cdp) -> None:
        self.cdp = cdp
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        self.nodes = {n["nodeId"]: n for n in nodes}
        self.by_backend = {n["backendDOMNodeId"]: n for n in nodes if "backendDOMNodeId" in n}

    @staticmethod
    def role(node) -> str:
        return node.get("role", {}).get("value", "")

    @staticmethod
    def name(node) -> str:
        return (node.get("name", {}).get("value") or "").strip()

    @staticmethod
    def props(node) -> dict:
        return {p["name"]: p["value"].get("value") for p in node.get("properties", [])}

    def visible(self) -> list[dict]:
        return [n for n in self.nodes.values() if not n.get("ignored")]

    def with_role(self, *roles: str) -> list[dict]:
        return [n for n in self.visible() if self.role(n) in roles]

    def descendants(self, node) -> Iterator[dict]:
        for child_id in node.get("childIds", []):
            child = self.nodes.get(child_id)
            if child is None:
                continue
            if not child.get("ignored"):
                yield child
            yield from self.descendants(child)

    def for_selector(self, selector: str) -> list[tuple[dict | None, str]]:
        """AX nodes of the DOM elements matching ``selector`` (None when ignored)."""
        root = self.cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        ids = self.cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
        out = []
        for node_id in ids:
            described = self.cdp.send("DOM.describeNode", {"nodeId": node_id})["node"]
            attrs = described.get("attributes", [])
            label = dict(zip(attrs[::2], attrs[1::2])).get("id", described.get("localName", ""))
            ax = self.by_backend.get(described["backendNodeId"])
            out.append((None if ax is None or ax.get("ignored") else ax, label))
        return out


def structure_problems(page, cdp, where: str) -> list[str]:
    """The issue's AX-tree checks on the loaded page."""
    problems: list[str] = []
    tree = AXTree(cdp)

    lang = page.evaluate("document.documentElement.getAttribute('lang')")
    if lang != "ja":
        problems.append(f"{where}: <html lang> is {lang!r}, not 'ja'")

    h1 = [n for n in tree.with_role("heading") if tree.props(n).get("level") == 1]
    if len(h1) != 1:
        problems.append(f"{where}: {len(h1)} level-1 headings ({[tree.name(n) for n in h1]}), want exactly one")

    for role in ("banner", "navigation", "main", "contentinfo"):
        if not tree.with_role(role):
            problems.append(f"{where}: no {role} landmark")

    problems += skip_link_problems(page, where)

    for table in tree.with_role("table", "grid", "treegrid"):
        name = tree.name(table)
        if not name:
            problems.append(f"{where}: a table without a name (caption or label)")
        roles = {tree.role(d) for d in tree.descendants(table)}
        if not roles & {"columnheader", "rowheader"}:
            problems.append(f"{where}: table {name!r} has no header cells")

    for node in tree.with_role("link", "button", "switch", "checkbox", "radio", "menuitem", "tab"):
        if not tree.name(node):
            problems.append(f"{where}: a {tree.role(node)} without a name")

    problems += toggle_problems(page, tree, where)

    for ax, label in tree.for_selector(PAGEBREAK):
        if ax is None:
            problems.append(f"{where}: page-break marker #{label} is hidden from assistive technology")
            continue
        name = tree.name(ax)
        if not name:  # a plain paragraph: its text is what is read
            name = "".join(tree.name(d) for d in tree.descendants(ax) if tree.role(d) == "StaticText").strip()
        if not PAGE_NAME.match(name):
            problems.append(f"{where}: page-break marker #{label} is announced as {name!r}, not as 'NNNページ' (or 'NNNページからNNNページ')")
        if tree.role(ax) not in ("doc-pagebreak", "separator", "paragraph"):
            problems.append(f"{where}: page-break marker #{label} has role {tree.role(ax)!r}")
        if tree.role(ax) in ("doc-pagebreak", "separator"):
            inner = [d for d in tree.descendants(ax) if tree.role(d) not in ("StaticText", "InlineTextBox", "generic")]
            if inner:
                problems.append(f"{where}: page-break marker #{label} exposes inner content {[tree.role(d) for d in inner]}")
    return problems


def skip_link_problems(page, where: str) -> list[str]:
    """The first link of the page skips to the content inside <main>."""
    info = page.evaluate(
        """() => {
          const first = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
            .find(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length);
          if (!first) return null;
          const href = first.getAttribute('href') || '';
          const id = href.startsWith('#') || href.includes('#') ? decodeURIComponent(href.split('#')[1] || '') : '';
          const target = id ? document.getElementById(id) : null;
          return {text: first.textContent.trim(), href, tag: first.tagName,
                  inMain: !!(target && target.closest('main')),
                  samePage: first.pathname === location.pathname};
        }"""
    )
    if info is None:
        return [f"{where}: nothing can take the keyboard focus"]
    if info["tag"] != "A" or not info["inMain"] or not info["samePage"]:
        return [f"{where}: the first focusable element ({info['tag']} {info['text']!r} {info['href']!r}) is not a skip link to the content in <main>"]
    return []


TOGGLE_SELECTOR = '[aria-pressed], [role="switch"], [data-yt-toggle]'


def toggle_problems(page, tree: AXTree, where: str) -> list[str]:
    """Toggle buttons (ふりがな and any other) expose a pressed/checked state."""
    problems = []
    candidates = tree.for_selector(TOGGLE_SELECTOR)
    seen = {id(ax) for ax, _ in candidates if ax is not None}
    for node in tree.with_role("button", "switch", "checkbox", "togglebutton"):
        if "ふりがな" in tree.name(node) and id(node) not in seen:
            candidates.append((node, tree.name(node)))
    for ax, label in candidates:
        if ax is None:
            continue
        props = tree.props(ax)
        if "pressed" not in props and "checked" not in props:
            problems.append(f"{where}: toggle {label!r} ({tree.role(ax)} {tree.name(ax)!r}) does not expose its pressed state")
    return problems


# --- Focus and layout ------------------------------------------------------------------

FOCUS_INFO = """async () => {
  await (WAIT_ANIMATIONS)();
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const label = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  // The palette toggle focuses a hidden radio; its visible label shows the focus.
  let shown = el;
  if (el.classList.contains('md-option') && el.nextElementSibling && el.nextElementSibling.tagName === 'LABEL'
      && !el.nextElementSibling.hidden) shown = el.nextElementSibling;
  const s = getComputedStyle(shown);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const sr = shown.getBoundingClientRect();
  return {
    tag: el.tagName, cls: el.className && el.className.baseVal === undefined ? el.className : '',
    label, href: el.getAttribute('href') || '',
    term: el.matches('GLOSSARY') , edition: el.matches('EDITION'),
    furigana: /ふりがな/.test(label) && (el.tagName === 'BUTTON' || el.tagName === 'SELECT'
              || el.getAttribute('role') === 'switch' || el.type === 'checkbox'),
    skip: el.classList.contains('md-skip'),
    indicator: outline || !!shadow,
    onScreen: sr.width > 0 && sr.height > 0 && sr.bottom > 0 && sr.right > 0
              && sr.top < innerHeight && sr.left < innerWidth && s.visibility !== 'hidden' && parseFloat(s.opacity) > 0.5,
    inMain: !!el.closest('main'),
  };
}""".replace("GLOSSARY", GLOSSARY_LINK).replace("WAIT_ANIMATIONS", WAIT_ANIMATIONS).replace("EDITION", EDITION_LINK)


def focus_info(page) -> dict | None:
    return page.evaluate(FOCUS_INFO)


OVERFLOW_INFO = """() => {
  const doc = document.scrollingElement;
  const out = {pageScroll: doc.scrollWidth - doc.clientWidth, clipped: []};
  // Text cut off by its own box (ellipsis or hidden overflow), in what is shown.
  for (const el of document.querySelectorAll('.md-header__topic, .md-content *, .md-nav__link, .md-footer *')) {
    if (!el.getClientRects().length) continue;
    const cs = getComputedStyle(el);
    if (cs.overflowX === 'visible' && cs.textOverflow !== 'ellipsis') continue;
    if (cs.overflowX === 'auto' || cs.overflowX === 'scroll') continue;  // scrollable, nothing lost
    if (el.closest('.md-sidebar') && !el.closest('[data-md-state]') && el.offsetParent === null) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) {
      out.clipped.push((el.className || el.tagName) + ': ' + el.textContent.trim().slice(0, 40));
    }
  }
  // The main text itself must fit the viewport (tables scroll in their own region).
  const wide = [...document.querySelectorAll('.md-content p, .md-content li, .md-content h1, .md-content h2, .md-content h3')]
    .filter(el => !el.closest('.yt-table') && el.getBoundingClientRect().right > innerWidth + 1);
  out.wide = wide.slice(0, 5).map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 40));
  return out;
}"""


def reflow_problems(page, where: str) -> list[str]:
    info = page.evaluate(OVERFLOW_INFO)
    problems = []
    if info["pageScroll"] > 1:
        problems.append(f"{where}: the page scrolls sideways by {info['pageScroll']}px")
    for item in info["clipped"][:5]:
        problems.append(f"{where}: text is cut off: {item}")
    for item in info["wide"]:
        problems.append(f"{where}: text runs past the right edge: {item}")
    return problems
