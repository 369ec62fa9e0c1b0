"""Recover tables from tab-separated PDF extractions.

Some plans reach us as text copied out of a PDF in which every table row
is split into its visual lines and the cells of one visual line are
separated by tabs::

    国の成果目標概要⇥第7期…計画⇥第6期…取組状況          <- header line
    ②精神障がいにも対応した地域包括ケアシス⇥伊賀圏域…精神⇥…において   <- row start
    テムの構築⇥障がい者に対応した…⇥て、精神障がいに…            <- same row

A row starts at a line whose first column begins with a row label
(``①``, ``③-1``, ``(1)``, ``1.``, ``■`` …); the following lines up to
the next row start are the rest of that row, column by column.  When the
table has no row labels at all, every line with a non-empty first column
starts a row.

Where the PDF lost its tabs (the table continues as plain lines, often
separated by blank lines) the columns cannot be told apart any more; such
a run is returned as a :class:`TextRegion` with ``unrecovered=True`` and a
Japanese reason for ``yomitoki check``.

Nothing of the source is dropped: every non-whitespace character ends up
in a column header, a cell, a text region or a region's ``elided`` list
(the header text a screen-reader export repeats at the start of cells).
Whitespace is normalised: fragments are stripped, runs of whitespace
inside a part become one space, and visual lines are joined without a
space except between two half-width Latin letters or digits.

Bullet items keep their bullet character in the part text
(``"• 移行者数:5人"``); ``Cell.bullets[i]`` marks them.

The whole pass is linear in the number of lines.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import kansuji
from .model import Cell, Table

__all__ = ["TableRegion", "TextRegion", "looks_tabbed", "split_tabbed"]


# --------------------------------------------------------------------------
# Public data


@dataclass
class TableRegion:
    table: Table
    first_line: int            # 1-based source line numbers, inclusive
    last_line: int
    elided: list[tuple[int, str]] = field(default_factory=list)
    # (line, text) of source text deliberately not shown, e.g. the header
    # repeated at a cell start or a header line repeated after a page break
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # (line, Japanese message) for staff, e.g. rows with too many columns
    continues_from: int = 0
    # when the table goes on after a stretch whose tabs were lost, the line
    # of the earlier header whose columns it borrows (its own lines hold none)


@dataclass
class TextRegion:
    lines: list[tuple[int, str]]   # (1-based line number, text), blank lines included
    unrecovered: bool = False      # table content whose columns were lost
    reason: str = ""               # Japanese, for ``yomitoki check``

    @property
    def first_line(self) -> int:
        return self.lines[0][0] if self.lines else 0

    @property
    def last_line(self) -> int:
        return self.lines[-1][0] if self.lines else 0


Region = TableRegion | TextRegion


# --------------------------------------------------------------------------
# Row labels

_DASH = "-－‐−–"
_CIRCLED = (
    "\u2460-\u2473"     # ①..⑳
    "\u3251-\u325f"     # ㉑..㉟
    "\u32b1-\u32bf"     # ㊱..㊿
)
_LABEL_RES: list[tuple[str, re.Pattern[str]]] = [
    ("circled", re.compile(rf"[{_CIRCLED}](?:\s*[{_DASH}]\s*[0-9０-９]+)?")),
    ("paren", re.compile(r"[(（]\s*(?:[0-9０-９]+|[一二三四五六七八九十]+)\s*[)）]")),
    ("close-paren", re.compile(r"[0-9０-９]{1,3}[)）](?!\s*[0-9０-９])")),
    ("dot", re.compile(r"[0-9０-９]{1,3}[.．](?!\s*[0-9０-９])")),
    ("square", re.compile(r"[■□◆◇▪▶]")),
]
_UNORDERED = {"square"}


@dataclass(frozen=True)
class _Label:
    family: str
    text: str                   # as written, spaces removed (``③-1``)
    key: tuple[int, ...]        # ordering key inside its family


def _kanji_number(s: str) -> int:
    value = kansuji.value(s)
    return 0 if value is None else value


def _numbers(s: str) -> tuple[int, ...]:
    out: list[int] = []
    for m in re.finditer(r"[0-9０-９]+|[一二三四五六七八九十〇]+", s):
        tok = m.group(0)
        if tok[0] in "0123456789０１２３４５６７８９":
            out.append(int(unicodedata.normalize("NFKC", tok)))
        else:
            out.append(_kanji_number(tok))
    return tuple(out)


def _match_label(text: str) -> _Label | None:
    """The row label at the very start of ``text`` (already stripped)."""
    if not text:
        return None
    for family, rx in _LABEL_RES:
        m = rx.match(text)
        if not m:
            continue
        written = re.sub(r"\s+", "", m.group(0))
        if family == "circled":
            key = (int(unicodedata.numeric(written[0])),) + _numbers(written[1:])
        elif family in _UNORDERED:
            key = ()
        else:
            key = _numbers(written)
        return _Label(family, written, key)
    return None


def _continues(prev: _Label | None, new: _Label | None, family: str | None) -> bool:
    """Whether ``new`` may start the row after the one marked ``prev``."""
    if new is None:
        return False
    if family is not None and new.family != family:
        return False
    if prev is None or new.family in _UNORDERED:
        return True
    return _pad(new.key) > _pad(prev.key)


def _pad(key: tuple[int, ...]) -> tuple[int, ...]:
    return key + (0,) * (3 - len(key))


# --------------------------------------------------------------------------
# Cell text

# A bullet at the start of a visual line.  ``-`` only when not a minus sign.
_LEAD_BULLET = re.compile(r"(?:[•・･○●◦‣]|-(?![0-9]))")
# A bullet inside a visual line, after whitespace.
_INLINE_BULLET = re.compile(r"(?<=\s)[•・･○●◦‣](?=\S|\s+\S)")
# A short bracketed sub-heading (``【目標値】`` and OCR variants).
_HEADING = re.compile(r"【[^】\n]{1,15}】")
_WS = re.compile(r"\s+")


def _is_latinish(ch: str) -> bool:
    """Half-width letter or digit: visual lines between two of these need a space."""
    if ch.isascii():
        return ch.isalnum()
    if unicodedata.east_asian_width(ch) in ("F", "W"):
        return False
    return ch.isalnum() and unicodedata.name(ch, "").startswith("LATIN")


def _join(prev: str, nxt: str) -> str:
    if prev and nxt and _is_latinish(prev[-1]) and _is_latinish(nxt[0]):
        return prev + " " + nxt
    return prev + nxt


def _pieces(fragment: str) -> list[tuple[str, str]]:
    """Split one visual line of a cell into (kind, text) pieces.

    kind is "text" (continues the current part), "new" (starts a plain
    part: a sub-heading or an enumerator), "bullet" (starts a bullet item)
    or "heading" (a sub-heading part on its own).
    """
    fragment = _WS.sub(" ", fragment).strip()
    if not fragment:
        return []
    # Cut points: inline bullets and bracketed headings at a word start.
    cuts: list[tuple[int, int, str]] = []   # (start, end, kind)
    for m in _INLINE_BULLET.finditer(fragment):
        cuts.append((m.start(), m.start(), "bullet"))
    for m in _HEADING.finditer(fragment):
        if m.start() == 0 or fragment[m.start() - 1] in " 。":
            cuts.append((m.start(), m.end(), "heading"))
    cuts.sort()
    pieces: list[tuple[str, str]] = []
    pos = 0
    first_kind = "text"
    if _LEAD_BULLET.match(fragment):
        first_kind = "bullet"
    elif _match_label(fragment):
        first_kind = "new"
    kind = first_kind
    for start, end, cut_kind in cuts:
        if start < pos:
            continue
        if start > pos:
            pieces.append((kind, fragment[pos:start].strip()))
        if cut_kind == "heading":
            pieces.append(("heading", fragment[start:end]))
            pos, kind = end, "new"
        else:
            pos, kind = start, "bullet"
    if pos < len(fragment):
        rest = fragment[pos:].strip()
        if rest:
            pieces.append((kind, rest))
    return [(k, t) for k, t in pieces if t]


def _width(text: str) -> int:
    """Display width: full-width characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("F", "W") else 1 for ch in text.strip())


_SHORT_LINE = 0.8        # a visual line narrower than this share of the column ended early
_MIN_FULL_WIDTH = 20     # columns narrower than this wrap too little to judge


def _full_width(widths: list[int]) -> int:
    """The width of a column's full visual lines (robust to one-line rows)."""
    if len(widths) < 4:
        return 0
    ordered = sorted(widths)
    full = ordered[int(0.75 * (len(ordered) - 1))]
    return full if full >= _MIN_FULL_WIDTH else 0


def _build_cell(fragments: list[str], header: bool = False, full_width: int = 0) -> Cell:
    """Join a cell's visual lines into parts.

    A visual line continues the previous part unless it starts with a
    bullet, an enumerator or a 【…】 sub-heading, or the previous visual
    line ended early (narrower than the column's full lines and not ending
    with a colon): the PDF broke the line on purpose there.
    """
    parts: list[str] = []
    bullets: list[bool] = []
    closed = True            # the last part may not be continued
    for fragment in fragments:
        for kind, text in _pieces(fragment):
            if kind == "text" and parts and not closed:
                parts[-1] = _join(parts[-1], text)
                continue
            parts.append(text)
            bullets.append(kind == "bullet")
            closed = kind == "heading"
        stripped = fragment.rstrip()
        if (full_width and stripped and stripped[-1] not in ":："
                and _width(stripped) < _SHORT_LINE * full_width):
            closed = True
    return Cell(parts=parts, bullets=bullets, header=header)


# --------------------------------------------------------------------------
# Line classification

_SENTENCE_END = "。"


def _fields(line: str) -> list[str]:
    return line.split("\t")


def _header_like(fields: list[str]) -> bool:
    """Short, label-like cells: what a column header line looks like."""
    stripped = [f.strip() for f in fields]
    if len(stripped) < 2 or sum(1 for f in stripped if f) < 2:
        return False
    for i, f in enumerate(stripped):
        if not f:
            if i == 0:
                continue          # an empty corner cell
            return False
        if len(f) > 60 or _SENTENCE_END in f:
            return False
        if _LEAD_BULLET.match(f) or _match_label(f) or _HEADING.match(f):
            return False
    return True


def _strip_echo(text: str, header: str) -> tuple[str, str]:
    """(echo, rest): ``header`` repeated at the start of ``text``, if exactly so."""
    stripped = text.strip()
    if len(header) < 2 or not stripped.startswith(header):
        return "", text
    rest = stripped[len(header):]
    if not rest.strip() or not rest[0].isspace():
        return "", text
    return header, rest.strip()


def _label_of_first(field0: str, header0: str) -> _Label | None:
    """The row label of a line's first field, looking past a header echo."""
    text = field0.strip()
    label = _match_label(text)
    if label is None and header0:
        echo, rest = _strip_echo(text, header0)
        if echo:
            label = _match_label(rest)
    return label


def _label_after_token(field0: str) -> _Label | None:
    """Label at the start, or after the first space (a header echo of any header)."""
    text = field0.strip()
    label = _match_label(text)
    if label is None:
        _, sep, rest = text.partition(" ")
        if sep:
            label = _match_label(rest.strip())
    return label


# --------------------------------------------------------------------------
# Table building


@dataclass
class _Row:
    label: _Label | None
    cols: list[list[str]]


class _Builder:
    def __init__(self, lines: list[str], columns: list[str], header_line: int,
                 first_line: int, has_header: bool, label_mode: bool | None = None,
                 family: str | None = None, last_label: _Label | None = None,
                 continues_from: int = 0) -> None:
        self.lines = lines
        self.columns = columns
        self.header_line = header_line
        self.first_line = first_line
        self.last_line = first_line
        self.has_header = has_header
        self.label_mode = label_mode
        self.family = family
        self.last_label = last_label
        self.continues_from = continues_from
        self.rows: list[_Row] = []
        self.elided: list[tuple[int, str]] = []
        self.warnings: list[tuple[int, str]] = []

    @property
    def ncols(self) -> int:
        return len(self.columns)

    def add(self, lineno: int, fields: list[str], label_ahead: bool) -> None:
        self.last_line = lineno
        fields = self._fit(lineno, fields)
        if self.label_mode is None:
            self.label_mode = label_ahead
        label = _label_of_first(fields[0], self.columns[0] if self.has_header else "")
        if self.label_mode:
            starts = _continues(self.last_label, label, self.family)
        else:
            starts = bool(fields[0].strip())
        if not self.rows and not starts:
            starts = True
            if self.label_mode:
                self.warnings.append((lineno, "表の最初の行に、行の見出しとなる番号 (①など) がありません。前の行の続きかもしれません。"))
        if starts:
            if self.label_mode and label is not None and _continues(self.last_label, label, self.family):
                self.family = label.family
                self.last_label = label
            else:
                label = None
            self.rows.append(_Row(label, [[] for _ in range(self.ncols)]))
        row = self.rows[-1]
        for c, text in enumerate(fields):
            if not text.strip():
                continue
            if not row.cols[c] and self.has_header:
                echo, rest = _strip_echo(text, self.columns[c])
                if echo:
                    self.elided.append((lineno, echo))
                    text = rest
            row.cols[c].append(text)

    def _fit(self, lineno: int, fields: list[str]) -> list[str]:
        n, k = self.ncols, len(fields)
        if k == n:
            return fields
        if k > n:
            extra = [f for f in fields[n:] if f.strip()]
            fields = fields[:n]
            if extra:
                fields[-1] = " ".join([fields[-1], *extra])
                self.warnings.append((lineno, (
                    f"この行はタブで {k} 列に分かれていますが、表の見出しは {n} 列です。"
                    f"はみ出した部分は最後の列「{self.columns[-1] or n}」に入れました。")))
            return fields
        self.warnings.append((lineno, (
            f"この行はタブで {k} 列にしか分かれていませんが、表の見出しは {n} 列です。"
            "足りない列は空欄にしました。列がずれていないか確認してください。")))
        return fields + [""] * (n - k)

    def repeat_header(self, lineno: int) -> None:
        self.last_line = lineno
        self.elided.append((lineno, "\t".join(self.columns)))

    def finish(self) -> TableRegion | TextRegion:
        if not self.rows:
            # A header-like line with nothing under it is not a table.
            return TextRegion([(i, self.lines[i - 1]) for i in range(self.first_line, self.last_line + 1)])
        full = [_full_width([_width(f) for r in self.rows for f in r.cols[c]]) for c in range(self.ncols)]
        rows = [[_build_cell(frags, header=(c == 0), full_width=full[c]) for c, frags in enumerate(r.cols)]
                for r in self.rows]
        table = Table(
            caption=_caption(self.columns) if self.has_header else "",
            columns=list(self.columns),
            rows=rows,
            line=self.header_line,
            row_header=True,
            source_text="\n".join(self.lines[self.first_line - 1:self.last_line]),
        )
        return TableRegion(table, self.first_line, self.last_line, self.elided, self.warnings,
                           self.continues_from)


def _caption(columns: list[str]) -> str:
    names = [c for c in columns if c]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return names[0] + "と" + "・".join(names[1:])


# --------------------------------------------------------------------------
# Driver


def looks_tabbed(lines: list[str]) -> bool:
    """Whether the text carries tab-separated tables (not just stray tabs).

    A table of contents whose page numbers are tab-separated does not count.
    """
    tabbed = [ln for ln in lines if "\t" in ln]
    if len(tabbed) < 2:
        return False
    if all(re.fullmatch(r"[\s.・…‥]*[0-9０-９]+", ln.rsplit("\t", 1)[-1].strip()) for ln in tabbed):
        return False
    return any(isinstance(r, TableRegion) and len(r.table.columns) >= 2
               for r in split_tabbed(lines))


def split_tabbed(lines: list[str]) -> list[Region]:
    """Cut ``lines`` into table regions and text regions.

    ``lines`` carry no newline characters.  The regions cover every line
    exactly once, in order.
    """
    n = len(lines)
    has_tab = ["\t" in ln for ln in lines]
    # label_ahead[i]: some tabbed line at or after i, in the same block,
    # starts its first column with a row label (possibly after an echo).
    label_ahead = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        if has_tab[i]:
            label_ahead[i] = label_ahead[i + 1] or _label_after_token(lines[i].split("\t", 1)[0]) is not None

    out: list[Region] = []
    builder: _Builder | None = None

    def emit(region: Region) -> None:
        if (isinstance(region, TextRegion) and out and isinstance(out[-1], TextRegion)
                and not region.unrecovered and not out[-1].unrecovered):
            out[-1].lines.extend(region.lines)
        else:
            out.append(region)

    def kind_at(i: int, b: _Builder | None) -> str:
        """'repeat' (same header again), 'header' (a new table) or 'data'."""
        fields = _fields(lines[i])
        if b is not None and b.has_header and [f.strip() for f in fields] == b.columns:
            return "repeat"
        if not _header_like(fields):
            return "data"
        if b is None:
            return "header"
        nxt = i + 1 if i + 1 < n and has_tab[i + 1] else None
        if nxt is None:
            return "data"
        nxt_label = _label_of_first(lines[nxt].split("\t", 1)[0], fields[0].strip())
        if nxt_label is None:
            return "data"
        stripped = {f.strip() for f in fields if f.strip()}
        if (stripped & set(b.columns) or len(fields) != b.ncols
                or not _continues(b.last_label, nxt_label, b.family)):
            return "header"
        return "data"

    def start(i: int, kind: str) -> _Builder:
        fields = _fields(lines[i])
        if kind == "header":
            return _Builder(lines, [f.strip() for f in fields], i + 1, i + 1, has_header=True)
        b = _Builder(lines, [""] * len(fields), i + 1, i + 1, has_header=False)
        b.warnings.append((i + 1, "表の見出し行が見つからないため、列の見出しは空欄にしました。"))
        return b

    i = 0
    while i < n:
        j = i
        if not has_tab[i]:
            while j < n and not has_tab[j]:
                j += 1
            if builder is None:
                emit(TextRegion([(k + 1, lines[k]) for k in range(i, j)]))
            else:
                builder = _gap(lines, i, j, builder, kind_at, emit)
            i = j
            continue
        while j < n and has_tab[j]:
            j += 1
        for k in range(i, j):
            kind = kind_at(k, builder)
            if builder is not None and kind == "repeat":
                builder.repeat_header(k + 1)
                continue
            if builder is None or kind == "header":
                if builder is not None:
                    emit(builder.finish())
                builder = start(k, kind)
                if kind == "header":
                    continue
            builder.add(k + 1, _fields(lines[k]), label_ahead[k])
        i = j
    if builder is not None:
        emit(builder.finish())
    return out


def _gap(lines: list[str], i: int, j: int, builder: _Builder,
         kind_at: Callable[[int, _Builder | None], str],
         emit: Callable[[Region], None]) -> _Builder | None:
    """Handle the tab-less lines ``lines[i:j]`` that follow an open table.

    Returns the builder to go on with (the same one, a continuation, or None).
    """
    n = len(lines)
    if not builder.rows:                           # a lone header-like line: no table
        emit(builder.finish())
        emit(TextRegion([(k + 1, lines[k]) for k in range(i, j)]))
        return None
    cont = j < n and kind_at(j, builder) != "header"
    lo, hi = i, j
    while lo < hi and not lines[lo].strip():
        lo += 1
    while hi > lo and not lines[hi - 1].strip():
        hi -= 1
    if lo == hi:                                   # only blank lines
        if cont:
            return builder                         # e.g. a page break inside the table
        emit(builder.finish())
        emit(TextRegion([(k + 1, lines[k]) for k in range(i, j)]))
        return None

    # Row labels of the same table among the tab-less lines.
    later: list[_Label] = []
    last = builder.last_label
    for k in range(lo, hi):
        m = _match_label(lines[k].strip())
        if builder.label_mode and _continues(last, m, builder.family):
            later.append(m)
            last = m
    unrecovered = cont or bool(later)
    emit(builder.finish())
    if not unrecovered:
        emit(TextRegion([(k + 1, lines[k]) for k in range(i, j)]))
        return None

    if lo > i:
        emit(TextRegion([(k + 1, lines[k]) for k in range(i, lo)]))
    begins_with_row = bool(later) and _match_label(lines[lo].strip()) == later[0]
    emit(TextRegion([(k + 1, lines[k]) for k in range(lo, hi)], unrecovered=True,
                    reason=_reason(builder.last_label, later, begins_with_row)))
    if hi < j:
        emit(TextRegion([(k + 1, lines[k]) for k in range(hi, j)]))
    if not cont:
        return None
    nxt = _Builder(lines, builder.columns, builder.header_line, j + 1, builder.has_header,
                   label_mode=builder.label_mode, family=builder.family,
                   last_label=later[-1] if later else builder.last_label,
                   continues_from=builder.continues_from or builder.header_line)
    nxt.warnings.append((j + 1, "この表は、列の区切りが失われた部分をはさんだ前の表の続きとみなし、同じ列の見出しを使いました。"))
    return nxt


def _reason(prev: _Label | None, later: list[_Label], begins_with_row: bool) -> str:
    """Name the rows concerned, e.g. ``③-1 の途中から ⑥ までは``."""
    tail = "PDF から取り出したときに列の区切り (タブ) が失われたため、表として復元できませんでした。"
    if begins_with_row:
        first = later[0].text
    elif prev is not None:
        first = f"{prev.text} の途中"
    else:
        first = ""
    last = later[-1].text if later else ""
    if first and last and (last != first or not begins_with_row):
        return f"{first}から {last} までは {tail}" if not begins_with_row else f"{first} から {last} までは {tail}"
    if first and begins_with_row:
        return f"{first} は {tail}"
    if first:
        return f"{first}からの部分は {tail}"
    return f"この部分は表の一部ですが、{tail}"
