"""The アクセシビリティ方針 page's test results, read at build time.

``tests/test_a11y.py`` runs the accessibility tests in headless Chromium and
writes their outcome to ``docs/assets/a11y-results.json``.  The build only
reads that file (it needs no browser): :func:`inject_results` replaces the
placeholder ``<!-- yomitoki:a11y-results -->`` in ``docs/accessibility.md`` with
the date and result of the latest run.

The build session fills it in (``session.fill_page``), and so does
``yomitoki export``.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..render.escape import escape

PLACEHOLDER = "<!-- yomitoki:a11y-results -->"
RESULTS_VERSION = 1
JST = timezone(timedelta(hours=9), "JST")


def load_results(path: Path) -> dict[str, Any] | None:
    """The results file, or None when the tests have not been run yet.

    Raises :class:`yomitoki.errors.SourceError` (in Japanese, for the build
    log) when the file exists but is not a results file this version understands.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SourceError(str(path), exc.lineno, f"アクセシビリティ検査の結果ファイルを読めません: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("version") != RESULTS_VERSION:
        raise SourceError(str(path), None, f"アクセシビリティ検査の結果ファイルの形式が違います (version {RESULTS_VERSION} が必要です)。")
    for key in ("date", "passed", "checks", "pages"):
        if key not in data:
            raise SourceError(str(path), None, f"アクセシビリティ検査の結果ファイルに「{key}」がありません。")
    return data


def japanese_date(iso: str) -> str:
    """'2026-11-24T09:30:00+09:00' -> '2026年11月24日' (in Japan time)."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        raise SourceError("a11y-results.json", None, f"アクセシビリティ検査の日付「{iso}」を読めません。") from None
    if when.tzinfo is not None:
        when = when.astimezone(JST)
    return f"{when.year}年{when.month}月{when.day}日"


def render_results(data: dict[str, Any] | None) -> str:
    """HTML for the page: date, overall result and one row per check."""
    if data is None:
        return (
            '<p class="yt-a11y-result">'
            "アクセシビリティの自動検査は、まだ実施していません。実施後、このページに結果を掲載します。"
            "</p>"
        )
    date = japanese_date(str(data["date"]))
    passed = bool(data["passed"])
    pages = data["pages"]
    schemes = data.get("schemes") or []
    overall = "すべての検査項目で問題は見つかりませんでした。" if passed else "問題が見つかった検査項目があります。修正を進めています。"
    out = [
        '<div class="yt-a11y-result">',
        "<dl>",
        f"<dt>検査日</dt><dd>{escape(date)}</dd>",
        f"<dt>対象ページ</dt><dd>{len(pages)}ページ (このサイトのすべてのページ)</dd>",
    ]
    if schemes:
        out.append(f"<dt>配色</dt><dd>{len(schemes)}種類 (このサイトで選べるすべての配色)</dd>")
    tools = data.get("tools") or {}
    if tools:
        tool_text = "、".join(f"{escape(str(k))} {escape(str(v))}" for k, v in tools.items())
        out.append(f'<dt>検査に使ったもの</dt><dd lang="en">{tool_text}</dd>')
    out.append(f"<dt>結果</dt><dd><strong>{escape(overall)}</strong></dd>")
    out.append("</dl>")
    out.append('<table class="yt-a11y-checks">')
    out.append("<caption>検査項目ごとの結果</caption>")
    out.append('<thead><tr><th scope="col">検査項目</th><th scope="col">結果</th><th scope="col">内容</th></tr></thead><tbody>')
    for check in data["checks"]:
        status = check.get("status")
        if status not in ("passed", "failed", "not_applicable"):
            status = "passed" if check.get("passed") else "failed"
        label = {"passed": "問題なし", "failed": "問題あり", "not_applicable": "該当なし"}[status]
        out.append(
            f'<tr><th scope="row">{escape(str(check.get("title", check.get("id", ""))))}</th>'
            f"<td>{label}</td><td>{escape(str(check.get('detail', '')))}</td></tr>"
        )
    out.append("</tbody></table>")
    out.append("</div>")
    return "\n".join(out)


def inject_results(markdown: str, results_path: Path) -> str:
    """The page's Markdown with the placeholder replaced by the latest results."""
    return markdown.replace(PLACEHOLDER, render_results(load_results(results_path)))
