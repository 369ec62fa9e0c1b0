"""Screenshots of built pages in headless Chromium (Debian's /usr/bin/chromium).

    python tools/screenshot.py kochi/02/ out.png [--width 1280] [--zoom 1] [--full] [--ruby on|off|grade]
    python tools/screenshot.py kochi/03/ out.pdf --print [--ruby on|off]     # printed (A4 PDF)
    python tools/screenshot.py kochi/03/ out.png --print --width 794 --full  # the print layout as an image
"""
from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test and tool output clean
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("page", help="path below site/, e.g. kochi/02/")
    ap.add_argument("out")
    ap.add_argument("--site", default="site")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--zoom", type=float, default=1.0)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--ruby", choices=("on", "off", "grade"), help="the reader's ふりがな choice (default: the site's)")
    ap.add_argument("--print", action="store_true", help="print media (assets/print.css); an out ending in .pdf is printed to PDF")
    args = ap.parse_args()
    server, base = serve(Path(args.site))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height}, device_scale_factor=args.zoom)
            if args.ruby:
                # as the toggle stores it (yomitoki/assets/ruby.js), before the page's own script reads it
                page.add_init_script(f"try {{ localStorage.setItem('yomitoki.ruby', '{args.ruby}') }} catch (e) {{}}")
            page.goto(base + args.page)
            if args.print:
                page.emulate_media(media="print")
            if args.print and args.out.endswith(".pdf"):
                page.pdf(path=args.out, prefer_css_page_size=True, print_background=True)
            else:
                page.screenshot(path=args.out, full_page=args.full)
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
