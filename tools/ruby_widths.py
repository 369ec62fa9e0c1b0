"""How much the readings widen their words, measured in headless Chromium (Debian's /usr/bin/chromium).

    python tools/ruby_widths.py [--site site] [--width 1280] [--limit 1.3] [--css CSS] [pages...]

For every ``<ruby>`` in the main content of every page (default: every
page that carries ruby, narration pages excluded), the width of its box
with ふりがな on (readings shown) is compared with its width with ふりがな
off (readings ``display: none``, the base text alone), in the same page and
layout.  A word is *widened* when the first is more than ``--limit`` times
the second (Chromium spreads a base apart when its reading is wider).  One
row per page: ruby elements, widened ones, their share, the widest ratio and
the words most often widened.  Exit status 1 if a page exceeds ``--target``
(percent).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot import CHROMIUM, FLAGS, serve  # noqa: E402

# Widths of every ruby in the content, readings shown and hidden, in document order.
# The reader's choice is set through the class ruby.js and the head script use.
MEASURE_JS = """() => {
  const root = document.documentElement;
  const rubies = Array.from(document.querySelectorAll('.md-content ruby'));
  // (a ruby broken across two lines has a box on each: their widths add up)
  const widths = () => rubies.map(r => Array.from(r.getClientRects()).reduce((w, b) => w + b.width, 0));
  const had = Array.from(root.classList).filter(c => c.startsWith('yt-ruby'));
  had.forEach(c => root.classList.remove(c));
  root.classList.add('yt-ruby-on');
  const on = widths();
  root.classList.remove('yt-ruby-on');
  const off = widths();
  root.classList.remove('yt-ruby-on');
  had.forEach(c => root.classList.add(c));
  // the base text: the ruby's own text, without its readings
  const base = r => Array.from(r.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('');
  return rubies.map((r, i) => [base(r), on[i], off[i]]);
}"""


def ruby_pages(site: Path) -> list[str]:
    """Paths (below the site) of the pages with ruby, narration pages excluded."""
    out = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if rel.split("/")[0] == "yomiage":
            continue
        if "<ruby>" in path.read_text(encoding="utf-8"):
            out.append("" if rel == "." else rel + "/")
    return out


def measure_page(page, url: str, css: str = "") -> list[tuple[str, float, float]]:
    """(base text, width with reading, width without) of every ruby on the page at ``url``.

    ``css``: a style sheet added to the page first (to compare ways of setting ruby).
    """
    page.goto(url)
    if css:
        page.add_style_tag(content=css)
    page.evaluate("() => document.fonts.ready")
    return [(base, on, off) for base, on, off in page.evaluate(MEASURE_JS)]


def widened(rows, limit: float = 1.3) -> list[tuple[str, float, float]]:
    return [r for r in rows if r[2] > 0 and r[1] > r[2] * limit + 0.01]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="*", help="paths below the site, e.g. kochi/03/ (default: every page with ruby)")
    ap.add_argument("--site", default="site")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--limit", type=float, default=1.3, help="a word is widened above this ratio (1.3: 30%%)")
    ap.add_argument("--target", type=float, default=3.0, help="the highest share of widened words per page, in %%")
    ap.add_argument("--css", default="", help="CSS added to every page before measuring (to try other settings)")
    ap.add_argument("--words", type=int, default=5, help="how many widened words to show per page")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    site = Path(args.site)
    pages = args.pages or ruby_pages(site)
    server, base = serve(site)
    failed = False
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": args.width, "height": 900})
            print(f"viewport {args.width}px; widened: more than {round((args.limit - 1) * 100)}% wider with the reading")
            print(f"{'page':<12} {'ruby':>6} {'widened':>8} {'share':>7} {'max':>6}  most often widened")
            total = total_wide = 0
            for rel in pages:
                rows = measure_page(page, base + rel, args.css)
                wide = widened(rows, args.limit)
                share = 100 * len(wide) / len(rows) if rows else 0.0
                worst = max((on / off for _, on, off in rows if off > 0), default=0.0)
                common = ", ".join(f"{w}×{n}" for w, n in Counter(w for w, _, _ in wide).most_common(args.words))
                print(f"{rel or '/':<12} {len(rows):>6} {len(wide):>8} {share:>6.2f}% {worst:>6.2f}  {common}")
                total += len(rows)
                total_wide += len(wide)
                failed |= share > args.target
            print(f"{'all':<12} {total:>6} {total_wide:>8} {100 * total_wide / max(total, 1):>6.2f}%")
            browser.close()
    finally:
        server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
