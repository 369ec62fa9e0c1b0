"""Bar charts drawn at build time as inline SVG.

Questions the source marks ``(グラフ)`` had a graph in the printed plan.
:func:`bar_chart_svg` draws one from the table read back from the text:
horizontal bars, one per row, for the first value column (two series when
the table has two count columns, e.g. 現在利用している / 今後利用したい).
No JavaScript: the SVG is plain markup with ``role="img"``, an
``aria-label`` and a ``<title>``; labels and values are SVG text in the
page's text colour (``currentColor``), so they follow light and dark
themes; the bar colours keep a contrast of at least 3:1 against both a
white and a dark background.  The chart is sized with ``viewBox`` only and
scales with its container.
"""
from __future__ import annotations

from decimal import Decimal

from .escape import escape, escape_attr
from ..text.model import Table

__all__ = ["bar_chart_svg", "SERIES_COLOURS", "contrast_ratio", "chart_series"]

# Mid-luminance colours: >= 3:1 against #ffffff and against #1e2129 (Material slate).
SERIES_COLOURS = ("#2f74c0", "#c2571a")

LABEL_CHARS = 22          # longer row labels are shortened in the chart (the table has them in full)
ROW_HEIGHT = 28
BAR_HEIGHT = 18
CHAR_WIDTH = 14           # a full-width character at font-size 13
BAR_AREA = 360
VALUE_AREA = 80
PAD = 8


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _value(text: str) -> Decimal | None:
    from ..enrich.numerals import read_number   # charts are drawn only when pages are made

    return read_number(text.replace(",", "")) if text else None


def chart_series(table: Table) -> list[int]:
    """The columns drawn: two count columns when there are exactly two, else the first numeric one."""
    numeric = table.numeric or [False] * len(table.columns)
    units = table.units or [""] * len(table.columns)
    cols = [i for i, n in enumerate(numeric) if n and i > 0]
    counts = [i for i in cols if units[i] != "%"]
    if len(counts) == 2:
        return counts
    return cols[:1]


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _fmt(v: Decimal) -> str:
    whole, _, frac = format(v, "f").partition(".")
    return f"{int(whole):,}" + ("." + frac if frac else "")


def bar_chart_svg(table: Table) -> str:
    """The table's first value column (or its two count columns) as horizontal bars."""
    series = chart_series(table)
    if not series or not table.rows:
        return ""
    units = table.units or [""] * len(table.columns)
    names = [table.columns[c] + (f"({units[c]})" if units[c] else "") for c in series]
    values = [[_value(row[c].text) if c < len(row) else None for c in series] for row in table.rows]
    top = max((v for vs in values for v in vs if v is not None), default=Decimal(0))
    labels = [row[0].text for row in table.rows]
    label_w = min(max((len(_short(lab)) for lab in labels), default=4), LABEL_CHARS) * CHAR_WIDTH + PAD
    legend_h = ROW_HEIGHT if len(series) > 1 else 0
    group_h = ROW_HEIGHT * len(series) + PAD
    width = label_w + BAR_AREA + VALUE_AREA
    height = legend_h + group_h * len(labels) + PAD

    what = "、".join(names)
    summary = f"{table.caption}の棒グラフ。{what}を{table.columns[0]}ごとに横棒で示します。数値は表のとおりです。"
    out = [
        f'<svg class="yt-chart" role="img" aria-label="{escape_attr(summary)}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'style="max-width:100%;height:auto" font-size="13" fill="currentColor">',
        f"<title>{escape(summary)}</title>",
    ]
    if legend_h:
        x = label_w
        for k, name in enumerate(names):
            out.append(f'<rect x="{x}" y="{PAD}" width="12" height="12" fill="{SERIES_COLOURS[k]}"/>')
            out.append(f'<text x="{x + 18}" y="{PAD + 11}">{escape(name)}</text>')
            x += 18 + len(name) * CHAR_WIDTH + 2 * PAD
    for r, (label, vs) in enumerate(zip(labels, values)):
        y0 = legend_h + r * group_h + PAD
        mid = y0 + (ROW_HEIGHT * len(series)) / 2 + 4
        out.append(f'<text x="{label_w - PAD}" y="{mid:g}" text-anchor="end">{escape(_short(label))}</text>')
        for k, v in enumerate(vs):
            y = y0 + k * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
            if v is None:
                shown, w = "記載なし", 0
            else:
                shown = _fmt(v) + (units[series[k]] if units[series[k]] else "")
                w = 0 if top <= 0 else float(v / top) * BAR_AREA
            full = f"{label} {names[k]} {shown}"
            out.append(
                f'<rect x="{label_w}" y="{y:g}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{SERIES_COLOURS[k]}"><title>{escape(full)}</title></rect>'
            )
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + BAR_HEIGHT - 4:g}">{escape(shown)}</text>')
    out.append("</svg>")
    return "".join(out)
