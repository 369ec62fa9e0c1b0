"""Spoken data back into tables.

The Kochi accessible edition speaks its tables row by row (see
``shared/NARRATION_STYLE.md``)::

    ①年齢 回答数三千七百五十六 十九歳まで百十二、二十から二十九歳六百九十九、…
    生活介護、現在利用している一千四百六十八、今後利用したい六百十七
    安芸圏域 第6期計画目標令和5年度末時点百十九人 中央東圏域 …

:func:`tabulate` reads such runs of blocks back into :class:`Table` blocks
with Arabic figures.  It only converts what it can read completely: every
number of the replaced text ends up in the table (as a value or in a
header), the replaced wording is kept in ``Table.source_text``, printed page
numbers inside a run are kept after the table, and data it cannot read
confidently stay paragraphs with an ``unstructured`` warning.

Shapes recognised (each a pass over a chapter's blocks):

* a timeline (``令和2年5月`` + what happened; 年月 / 内容);
* a member list (``1秋友英稔`` + affiliation and role; 番号 / 氏名 / 所属・役職);
* region tables (``安芸圏域`` + ``…百十九人`` … ``県合計``; 圏域 × measure);
* rows made of a label block and a data paragraph with the same labels
  (``1ハローワーク`` + ``回答数九十四事業所、比率六十三点1パーセント``);
* survey questions: a heading, an optional answer count (``回答数…``) and
  data in one paragraph, one paragraph per row, or one list item per row,
  with one or two value series (``現在利用している``/``今後利用したい``,
  ``本人``/``保護者``) and percentages.

Totals (``回答数``, ``合計``, ``県合計``) are checked against the rows when
the rows exclude each other; never for multiple-answer questions
(``複数回答``) nor where the percentages add up to more than 100.

Other municipalities' plans, line texts with Arabic figures, write tables
as lines of figures.  These shapes are read first (their cells keep the
text as written; figures are shown with separators, units in the column
header where a table or column has one unit):

* rows after an announcement of their columns
  (``以下、サービスの種類、令和3年度、令和4年度、令和5年度の順。`` then
  ``見込量 1,258人、1,250人、1,243人``): one row a line, values separated by
  、 , or spaces; the first name heads the row labels when there is one name
  more than values (and it is not a year among years), else the row header
  column is ``区分``; ``区分、単位、…`` rows carry their unit as a word.
  An announcement followed by a deeper heading speaks for every table of
  its section.  Rows whose number of values does not fit stay text;
* flattened records (``対象区分 身体障害者手帳所持者 調査対象者 2198人
  回収数 943人 …``): "name value" pairs whose names repeat, in the same
  order, in at least two records, each record on one line or on several;
  a record cut short leaves the run as text;
* timelines under a header line (``開催日 審議内容等``): at least two lines
  that start with a date (``令和5年5月24日``, ``R5.5.24``, ``2023年5月24日``,
  ``5月24日（水）``, ranges); lines and lists between two dated lines
  belong to the row above; with three or four names each row must split
  into one word per column.

Data these passes recognise but cannot read stay text with one
``unstructured`` warning, and no later pass reads them again.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .labels import match_label
from .model import Block, Cell, Document, Heading, ListBlock, PageBreak, Paragraph, Table
from .segment import DATED_ROW
from ..enrich.numerals import NumberSpan, int_to_kanji, read_number, scan_numbers

__all__ = ["tabulate", "atoms", "arabic", "format_value", "numbers_in", "Atom"]

# Units that may follow a value, as written -> as shown in a column header.
# Longer forms come first: ``人日`` is not ``人`` followed by a word.
_UNITS = (
    ("パーセント", "%"), ("%", "%"), ("％", "%"), ("事業所", "事業所"),
    ("人日分", "人日分"), ("人日", "人日"), ("人分", "人分"), ("人", "人"),
    ("時間分", "時間分"), ("時間", "時間"),
    ("件", "件"), ("か所", "か所"), ("ヶ所", "か所"), ("カ所", "か所"), ("ケ所", "か所"), ("ヵ所", "か所"),
    ("箇所", "か所"), ("校", "校"), ("施設", "施設"),
)
_UNIT_RE = re.compile("|".join(re.escape(written) for written, _ in _UNITS))   # tried in order, like _UNITS
# Days too, in the rows of line texts (``利用日数 6,000日``) only: in sentences a
# figure before 日 is mostly a date (``十九日``), not a value.
_LINE_UNITS = _UNITS + (("日分", "日分"), ("日", "日"))
_LINE_UNIT_RE = re.compile("|".join(re.escape(written) for written, _ in _LINE_UNITS))
_UNIT_SHOWN = dict(_LINE_UNITS)                # (each written form once)
# What may follow a value (after its unit): a delimiter or the end.
_VALUE_END = set("、,，。)）(（ 　")
_OPEN, _CLOSE = "(（", ")）"
_DELIMS = "、,，。 　"
_MULTI = "複数回答"
_GRAPH = "(グラフ)"
_MONTH = re.compile(
    r"^(?:(?:令和|平成|昭和)(?:元|[0-9]+|[一二三四五六七八九十]+)年)?(?:[0-9]+|[一二三四五六七八九十]+)月$"
)
_REGION = re.compile(r"^(?:\S{1,6}圏域|高知市|県合計|合計|県計|全県)$")
_TOTAL_LABELS = ("県合計", "合計", "県計", "全県", "計", "総数")
_HEADER_MAX = 16


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def format_value(value: Decimal) -> str:
    """A value in Arabic figures with thousands separators (``1,468``, ``29.9``)."""
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    return sign + f"{int(whole):,}" + ("." + frac if frac else "")


def arabic(text: str) -> str:
    """``text`` with every number written in Arabic figures.

    ``十九歳まで`` -> ``19歳まで``, ``回答数三千七百五十六`` -> ``回答数3,756``;
    a year keeps no separator (``2006年``).
    """
    out = []
    pos = 0
    for span in numbers_in(text):
        out.append(text[pos:span.start])
        shown = format_value(span.value)
        if text.startswith("年", span.end):
            shown = shown.replace(",", "")
        out.append(shown)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


_BARE_UNIT = re.compile(r"(?<=[ぁ-ん])[十百千](?=[、,，。)） 　]|$)")


def numbers_in(text: str) -> list[NumberSpan]:
    """Every number of ``text``: :func:`scan_numbers` plus a bare ``十``/``百``/``千``.

    The edition writes 10, 100 and 1000 as a lone kanji after a verb
    (``現在利用している百、``); the general scanner leaves a lone 十/百/千
    alone, since it is usually part of a word.
    """
    return list(_numbers_in(text))


@functools.lru_cache(maxsize=20_000)
def _numbers_in(text: str) -> tuple[NumberSpan, ...]:
    # (the passes ask for the numbers of a text several times; NumberSpans are frozen)
    spans = list(scan_numbers(text))
    taken = [(s.start, s.end) for s in spans]
    for m in _BARE_UNIT.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            spans.append(NumberSpan(m.start(), m.end(), Decimal({"十": 10, "百": 100, "千": 1000}[m.group()]), m.group()))
    return tuple(sorted(spans, key=lambda s: s.start))


def _values(text: str) -> list[Decimal]:
    return [s.value for s in numbers_in(text)]


@dataclass
class Atom:
    """One spoken value: the words before it, the value and its unit."""

    label: str
    value: Decimal
    unit: str            # as shown: "人", "%", "件", "" …
    paren: bool = False  # written in brackets after another value: ``百四十(六十一点7パーセント)``
    start: int = 0
    end: int = 0
    raw: str = ""        # the words before the value as written (brackets kept)


def atoms(text: str) -> tuple[list[Atom], str]:
    """Split spoken data into values.

    A number is a value when it is followed (after an optional unit) by a
    delimiter or the end of the text; other numbers belong to labels
    (``二十から二十九歳``, ``区分6は``).  Returns the atoms and the text left
    after the last one (delimiters and closing brackets removed).
    """
    found: list[Atom] = []
    pos = 0
    for span in numbers_in(text):
        if span.start < pos or span.value < 0:
            continue
        end = span.end
        unit = ""
        m = _UNIT_RE.match(text, end)
        if m is not None:                       # the first of _UNITS written here
            unit, end = _UNIT_SHOWN[m.group()], m.end()
        if end < len(text) and text[end] not in _VALUE_END:
            continue
        before = text[pos:span.start]
        paren = found != [] and not before.strip(_DELIMS + _OPEN) and text[span.start - 1] in _OPEN
        label = "" if paren else before
        after = end
        if paren and after < len(text) and text[after] in _CLOSE:
            after += 1
        found.append(Atom(_clean_label(label), span.value, unit, paren, span.start, after, label))
        pos = after
    rest = text[pos:].strip(_DELIMS + _CLOSE)
    return found, rest


def _clean_label(label: str) -> str:
    label = label.strip(_DELIMS)
    # a closing bracket left over from the previous value's group
    while label and label[0] in _CLOSE:
        label = label[1:].lstrip(_DELIMS)
    return label.strip(_DELIMS)


def _depth(text: str) -> int:
    d = 0
    for ch in text:
        if ch in _OPEN:
            d += 1
        elif ch in _CLOSE:
            d -= 1
    return d


def _unclosed(text: str) -> int | None:
    """Index of the last bracket of ``text`` left open, if any."""
    stack = []
    for i, ch in enumerate(text):
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE and stack:
            stack.pop()
    return stack[-1] if stack else None


def _split_outside(text: str, seps: str) -> list[str]:
    """Split at separators outside brackets."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip(_DELIMS) for p in parts if p.strip(_DELIMS)]


# ---------------------------------------------------------------------------
# Building tables
# ---------------------------------------------------------------------------


def _num(value: Decimal) -> Cell:
    return Cell(parts=[format_value(value)])


def _head(text: str) -> Cell:
    return Cell(parts=[text], header=True)


def _core(text: str) -> str:
    """A heading without its label, answer count and (グラフ)/(表)."""
    m = match_label(text)
    core = m.rest if m and m.value is not None or (m and m.kind.startswith("symbol-")) else text
    core = re.sub(r"[(（][^()（）]*回答数[^()（）]*[)）]", "", core)
    core = re.sub(r"[(（](?:グラフ|表)[)）]", "", core)
    core = re.sub(r"※?複数回答可?.*$", "", core)
    return core.strip(_DELIMS)


def _first_header(heading: str | None, fallback: str = "項目") -> str:
    core = _core(heading) if heading else ""
    return core if core and len(core) <= _HEADER_MAX else fallback


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, (Paragraph, Heading)):
        return [block.text]
    if isinstance(block, ListBlock):
        return [item.text for item in block.items]
    return []


def _source(blocks: list[Block]) -> str:
    return " ".join(t for b in blocks for t in _block_texts(b))


def _emit(table: Table, run: list[Block]) -> list[Block]:
    """The table, then every page break that fell inside the run."""
    table.source_text = _source(run)
    table.line = next((getattr(b, "line", 0) for b in run if getattr(b, "line", 0)), table.line)
    return [table] + [b for b in run if isinstance(b, PageBreak)]


def _unit_kind(unit: str) -> str:
    return "%" if unit == "%" else "n"


def _count_header(unit: str) -> str:
    return {"人": "人数", "件": "件数", "事業所": "事業所数", "か所": "か所数"}.get(unit, "回答数")


@dataclass
class _Col:
    name: str
    kind: str                      # "n" or "%"
    units: Counter = field(default_factory=Counter)

    @property
    def unit(self) -> str:
        if self.kind == "%":
            return "%"
        named = [(n, u) for u, n in self.units.items() if u]
        return max(named)[1] if named else ""


class _Fail(Exception):
    """The data cannot be read into a table confidently (message in Japanese)."""


def _assemble(rows: list[tuple[str, list[tuple[str, Atom]]]], first: str, caption: str, *,
              strict: bool = True, every_row_counted: bool = True) -> Table:
    """A table from rows of (label, [(column name, atom)]).

    Raises :class:`_Fail` when the rows do not make a confident table: row
    labels that repeat or leave a bracket open, a value twice in one row,
    and (``strict``) rows without the first count or with different units
    in one column.
    """
    labels = [label for label, _ in rows]
    for label in labels:
        if not label or _depth(label) != 0 or _unclosed(label) is not None:
            raise _Fail(f"行の見出し「{label}」が読み取れないため")
    if len(set(labels)) != len(labels):
        dup = next(label for label in labels if labels.count(label) > 1)
        raise _Fail(f"行の見出し「{dup}」が繰り返されるため")
    cols: list[_Col] = []
    index: dict[tuple[str, str], int] = {}
    for _, cells in rows:
        seen = set()
        for name, atom in cells:
            key = (name, _unit_kind(atom.unit))
            if key in seen:
                raise _Fail(f"「{name}」の値が一つの行に二度あります")
            seen.add(key)
            if key not in index:
                index[key] = len(cols)
                cols.append(_Col(name, key[1]))
            cols[index[key]].units[atom.unit] += 1
    if not cols:
        raise _Fail("値が見つからないため")
    if strict:
        for col in cols:
            if len([u for u in col.units if u]) > 1:
                raise _Fail(f"「{col.name}」の単位が行によって異なるため")
        first_n = next((k for k, c in enumerate(cols) if c.kind == "n"), None)
        if first_n is not None and every_row_counted:
            key = (cols[first_n].name, "n")
            for label, cells in rows:
                if not any((name, _unit_kind(a.unit)) == key for name, a in cells):
                    raise _Fail(f"「{label}」の行に数がないため")
    notes: list[str] = []
    body: list[list[Cell]] = []
    for label, cells in rows:
        out = [_head(arabic(label))] + [Cell(parts=[]) for _ in cols]
        for name, atom in cells:
            col = cols[index[(name, _unit_kind(atom.unit))]]
            cell = _num(atom.value)
            if col.kind == "n" and atom.unit and col.unit and atom.unit != col.unit:
                cell = Cell(parts=[format_value(atom.value) + atom.unit])
                notes.append(f"「{arabic(label)}」の「{col.name}」は原文の単位 ({atom.unit}) が他の行 ({col.unit}) と異なります。原文のまま示します。")
            out[1 + index[(name, _unit_kind(atom.unit))]] = cell
        body.append(out)
    return Table(
        caption=caption,
        columns=[first] + [c.name for c in cols],
        rows=body,
        units=[""] + [c.unit for c in cols],
        numeric=[False] + [True] * len(cols),
        notes=notes,
    )


def _check_total(table: Table, col: int, total: Decimal, total_label: str, doc: Document, rows: list[list[Cell]] | None = None) -> None:
    """A visible note (and a warning) when the rows do not add up to the total."""
    values = []
    for row in (rows if rows is not None else table.rows):
        v = read_number(row[col].text.replace(",", "")) if row[col].parts else None
        if v is None:
            if row[col].parts:
                return                      # a value with an odd unit: not summable
            continue
        values.append(v)
    s = sum(values, Decimal(0))
    if s != total:
        diff = abs(total - s)
        note = (f"{total_label} {format_value(total)} に対し、各行の合計は {format_value(s)} です"
                f" (差 {format_value(diff)})。原文の数値を確認してください。")
        table.notes.append(note)
        doc.warn(table.line, f"表「{table.caption}」: {note}")


def _percent_over_100(table: Table) -> bool:
    for i, unit in enumerate(table.units):
        if unit == "%":
            vals = [read_number(r[i].text) for r in table.rows if r[i].parts]
            if sum((v for v in vals if v is not None), Decimal(0)) > Decimal("100.5"):
                return True
    return False


# ---------------------------------------------------------------------------
# The pass
# ---------------------------------------------------------------------------


def tabulate(doc: Document) -> None:
    """Replace runs of blocks that speak a table with :class:`Table` blocks.

    Data left as text are reported with ``doc.warn(..., kind="unstructured")``;
    totals that disagree with their rows get a note and a warning.
    """
    _reported.clear()
    _claimed.clear()
    for chapter in doc.chapters:
        blocks = chapter.blocks
        blocks = _announced_pass(blocks, chapter.title, doc)
        blocks = _records_pass(blocks, chapter.title, doc)
        blocks = _dated_rows_pass(blocks, chapter.title, doc)
        blocks = _timeline_pass(blocks, chapter.title, doc)
        blocks = _members_pass(blocks, chapter.title, doc)
        blocks = _region_pass(blocks, doc)
        blocks = _labelled_rows_pass(blocks, doc)
        blocks = _question_pass(blocks, doc)
        _report_leftovers(blocks, doc)
        chapter.blocks = blocks


# --- timeline (策定経過) ------------------------------------------------------


def _timeline_pass(blocks: list[Block], title: str, doc: Document) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if isinstance(b, Paragraph) and _MONTH.match(b.text):
            j, rows = i, []
            while j < len(blocks) and isinstance(blocks[j], Paragraph) and _MONTH.match(blocks[j].text):
                k = j + 1
                parts = []
                while k < len(blocks) and (isinstance(blocks[k], PageBreak) or (
                        isinstance(blocks[k], Paragraph) and not _MONTH.match(blocks[k].text))):
                    if isinstance(blocks[k], Paragraph):
                        parts.append(blocks[k].text)
                    k += 1
                if not parts:
                    break
                rows.append((blocks[j].text, parts))
                j = k
            if len(rows) >= 3:
                run = blocks[i:j]
                table = Table(
                    caption=arabic(_core(title) or title),
                    columns=["年月", "内容"],
                    rows=[[_head(arabic(m)), Cell(parts=[arabic(" ".join(p))])] for m, p in rows],
                    units=["", ""],
                    numeric=[False, False],
                )
                out.extend(_emit(table, run))
                i = j
                continue
        out.append(b)
        i += 1
    return out


# --- member list (委員名簿) -----------------------------------------------------


def _members_pass(blocks: list[Block], title: str, doc: Document) -> list[Block]:
    if "名簿" not in title:
        return blocks
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        rows, j, expected = [], i, 1
        while j < len(blocks):
            b = blocks[j]
            m = match_label(b.text) if isinstance(b, (Heading, Paragraph)) else None
            if m is None or m.value != expected or not (1 <= len(m.rest) <= 10) or _values(m.rest):
                break
            k, parts = j + 1, []
            while k < len(blocks) and (isinstance(blocks[k], PageBreak) or (
                    isinstance(blocks[k], Paragraph) and len(blocks[k].text) <= 40 and "。" not in blocks[k].text
                    and not (match_label(blocks[k].text) and match_label(blocks[k].text).value == expected + 1))):
                if isinstance(blocks[k], Paragraph):
                    parts.append(blocks[k].text)
                k += 1
            if not parts or len(parts) > 4:
                break
            rows.append((m.text, m.rest, parts))
            expected += 1
            j = k
        if len(rows) >= 3:
            start = i
            caption = _core(title) or title
            prev = out[-1] if out else None
            if isinstance(prev, Paragraph) and prev.text.endswith("現在") and len(prev.text) <= 20:
                out.pop()
                start -= 1
                caption = f"{caption}({prev.text})"
            run = blocks[start:j]
            table = Table(
                caption=arabic(caption),
                columns=["番号", "氏名", "所属・役職"],
                rows=[[_head(arabic(n)), Cell(parts=[name]), Cell(parts=list(parts))] for n, name, parts in rows],
                units=["", "", ""],
                numeric=[True, False, False],
            )
            out.extend(_emit(table, run))
            i = j
            continue
        out.append(blocks[i])
        i += 1
    return out


# --- region tables (圏域 × measure) --------------------------------------------


def _region_pass(blocks: list[Block], doc: Document) -> list[Block]:
    out: list[Block] = []
    heading: Heading | None = None
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if isinstance(b, Heading):
            heading = b
        table, j = _region_table(blocks, i, heading, doc)
        if table is not None:
            out.extend(_emit(table, blocks[i:j]))
            _region_totals(table, doc)
            i = j
            continue
        out.append(b)
        i += 1
    return out


def _region_table(blocks: list[Block], i: int, heading: Heading | None, doc: Document):
    """Measures: (name, [(region, prefix, atom)]); stops at anything else."""
    measures: list[tuple[str, list[tuple[str, str, Atom]]]] = []
    name = ""
    j = i
    last_end = i
    while j < len(blocks):
        b = blocks[j]
        if isinstance(b, PageBreak):
            j += 1
            continue
        if not isinstance(b, Paragraph) or id(b) in _claimed:
            break
        if _REGION.match(b.text):
            k = j + 1
            while k < len(blocks) and isinstance(blocks[k], PageBreak):
                k += 1
            if k >= len(blocks) or not isinstance(blocks[k], Paragraph):
                break
            found, rest = atoms(blocks[k].text)
            if len(found) != 1 or rest or not found[0].label:
                break
            if not measures or name or any(r == b.text for r, _, _ in measures[-1][1]):
                measures.append((name, []))
                name = ""
            measures[-1][1].append((b.text, found[0].label, found[0]))
            j = k + 1
            last_end = j
            continue
        # a measure name before its regions (the numbers last: most paragraphs fail before)
        if len(b.text) <= 30 and "。" not in b.text and not name and j + 1 < len(blocks) \
                and isinstance(blocks[j + 1], Paragraph) and _REGION.match(blocks[j + 1].text) \
                and not atoms(b.text)[0]:
            name = b.text
            j += 1
            continue
        break
    n_rows = sum(len(rows) for _, rows in measures)
    if n_rows < 3:
        return None, i
    # each measure speaks its values with one wording
    prefixes = []
    for mname, rows in measures:
        if len({p for _, p, _ in rows}) != 1:
            doc.warn(blocks[i].line, "圏域別の数値の言い回しが行ごとに異なるため、表にせず文章のまま表示します。", kind="unstructured")
            return None, i
        prefixes.append(rows[0][1])
    common = prefixes[0]
    for p in prefixes[1:]:
        while not p.startswith(common):
            common = common[:-1]
    headers = []
    for (mname, _), p in zip(measures, prefixes):
        rest = p[len(common):].strip(_DELIMS)
        headers.append(mname or rest)
    if any(not h for h in headers) or len(set(headers)) != len(headers):
        return None, i
    regions: list[str] = []
    for _, rows in measures:
        for r, _, _ in rows:
            if r not in regions:
                regions.append(r)
    cols = [_Col(h, "n") for h in headers]
    body = []
    for r in regions:
        row = [_head(r)]
        for c, (_, rows) in zip(cols, measures):
            atom = next((a for rr, _, a in rows if rr == r), None)
            row.append(_num(atom.value) if atom else Cell(parts=[]))
            if atom:
                c.units[atom.unit] += 1
        body.append(row)
    caption = _core(heading.text) if heading else "圏域別の目標"
    caption = arabic(heading.text if heading else caption)
    if common:
        caption += f"({arabic(common)})"
    table = Table(
        caption=caption,
        columns=["圏域"] + headers,
        rows=body,
        units=[""] + [c.unit for c in cols],
        numeric=[False] + [True] * len(cols),
        line=blocks[i].line,
    )
    return table, last_end


def _region_totals(table: Table, doc: Document) -> None:
    total_rows = [r for r in table.rows if r[0].text in _TOTAL_LABELS]
    if len(total_rows) != 1:
        return
    total_row = total_rows[0]
    parts = [r for r in table.rows if r is not total_row]
    for col in range(1, len(table.columns)):
        if not total_row[col].parts:
            continue
        total = read_number(total_row[col].text.replace(",", ""))
        if total is not None:
            _check_total(table, col, total, f"{total_row[0].text}の「{table.columns[col]}」", doc, rows=parts)


# --- rows of (label block, data paragraph) ----------------------------------


def _groups(found: list[Atom]) -> list[str]:
    """Column names from atom labels, with an open bracket group as prefix.

    ``正職員(回答事業所数…、比率…)`` -> ``正職員 回答事業所数``, ``正職員 比率``.
    """
    names, group = [], ""
    for a in found:
        label = a.label
        cut = _unclosed(label)
        if cut is not None:
            group = label[:cut].strip(_DELIMS) or (names[-1] if names else "")
            label = label[cut + 1:]
        elif a.raw.lstrip(_DELIMS)[:1] in tuple(_CLOSE):
            group = ""                     # the previous group was closed
        names.append(f"{group} {label}".strip() if group else label)
    return names


def _labelled_rows_pass(blocks: list[Block], doc: Document) -> list[Block]:
    out: list[Block] = []
    last: tuple[int, str] | None = None     # (position in out, caption) of the last table made here
    i = 0
    while i < len(blocks):
        rows, j = [], i
        signature: set[str] = set()
        while j + 1 < len(blocks):
            lab, data = blocks[j], blocks[j + 1]
            if not isinstance(lab, (Heading, Paragraph)) or not isinstance(data, Paragraph):
                break
            if id(lab) in _claimed or id(data) in _claimed:
                break
            if atoms(lab.text)[0] or len(lab.text) > 60 or lab.text.endswith("。"):
                break
            found, rest = atoms(data.text)
            if not found or rest or any(not a.label for a in found):
                break
            names = _groups(found)
            if signature and not signature & set(names):
                break
            signature |= set(names)
            rows.append((lab, list(zip(names, found))))
            j += 2
            while j < len(blocks) and isinstance(blocks[j], PageBreak) and j + 1 < len(blocks) and \
                    isinstance(blocks[j + 1], (Heading, Paragraph)):
                j += 1
        if len(rows) >= 3 and any(len(c) >= 2 for _, c in rows):
            prev = next((b for b in reversed(out) if not isinstance(b, PageBreak)), None)
            if isinstance(prev, (Heading, Paragraph)) and len(prev.text) <= 120 \
                    and (isinstance(prev, Heading) or match_label(prev.text) is not None):
                caption = arabic(prev.text)
            elif last is not None and len(out) - last[0] <= 3:
                caption = f"{last[1]}(続き)"
            else:
                caption = "表"
            try:
                table = _assemble([(_row_label(lab.text, n + 1), cells) for n, (lab, cells) in enumerate(rows)],
                                  "項目", caption, strict=False)
            except _Fail as e:
                title = caption if caption != "表" else rows[0][0].text
                doc.warn(blocks[i].line, f"「{title}」の数値データは{e}、表にせず文章のまま表示します。", kind="unstructured")
                for blk in blocks[i:j]:
                    _mark_reported(blk)
                out.extend(blocks[i:j])
                i = j
                continue
            last = (len(out), caption.removesuffix("(続き)"))
            out.extend(_emit(table, blocks[i:j]))
            i = j
            continue
        out.append(blocks[i])
        i += 1
    return out


def _row_label(text: str, expected: int) -> str:
    """``1ハローワーク`` -> ``1 ハローワーク``; a leading enumerator is kept, spaced."""
    m = match_label(text)
    if m is not None and m.value == expected and m.kind in ("num", "kanji-num", "circled", "paren-num", "paren-kanji", "num-dot"):
        return f"{arabic(m.text)} {m.rest}"
    # ``十七施設入所支援``: the label module reads 十七施設 as a quantity; the sequence says otherwise
    for written in (str(expected), int_to_kanji(expected) if expected >= 10 else ""):
        if written and text.startswith(written) and len(text) > len(written) and \
                _values(text)[:1] == [Decimal(expected)] and numbers_in(text)[0].end == len(written):
            return f"{expected} {text[len(written):]}"
    return text


# --- survey questions ---------------------------------------------------------


@dataclass
class _Frame:
    level: int
    text: str
    multi: bool
    graph: bool


def _question_pass(blocks: list[Block], doc: Document) -> list[Block]:
    out: list[Block] = []
    stack: list[_Frame] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if not isinstance(b, Heading):
            out.append(b)
            i += 1
            continue
        while stack and stack[-1].level >= b.level:
            stack.pop()
        j = i + 1
        while j < len(blocks) and not isinstance(blocks[j], Heading):
            j += 1
        body = blocks[i + 1:j]
        frame = _Frame(b.level, b.text, _MULTI in b.text or any(
            isinstance(x, Paragraph) and _MULTI in x.text for x in body), _GRAPH in b.text)
        stack.append(frame)
        out.append(b)
        # a body may hold further questions written as paragraphs (``③…(回答数は…)``)
        sub_start = 0
        question = b.text
        for k in range(len(body) + 1):
            at_question = k < len(body) and k > sub_start and isinstance(body[k], Paragraph) and _is_question(body[k].text)
            if k == len(body) or at_question:
                out.extend(_question(question, body[sub_start:k], stack, doc))
                if at_question:
                    question = body[k].text
                    sub_start = k
        i = j
    return out


def _is_question(text: str) -> bool:
    m = match_label(text)
    return m is not None and m.kind in ("circled", "circled-sub", "paren-num", "paren-kanji") and len(text) <= 120


def _question(question: str, body: list[Block], stack: list[_Frame], doc: Document) -> list[Block]:
    """One question: keep its preamble, replace its data run with a table."""
    # flatten into texts with their block index
    texts: list[tuple[int, str, list[Atom], str]] = []
    for n, blk in enumerate(body):
        if isinstance(blk, ListBlock) and any(item.children for item in blk.items) or id(blk) in _claimed:
            return body
        for t in _block_texts(blk):
            found, rest = atoms(t)
            texts.append((n, t, found, rest))
    if not any(len(f) >= 1 for _, _, f, _ in texts):
        return body
    multi = any(f.multi for f in stack) or _MULTI in question
    graph = any(f.graph for f in stack)
    # answer count in the question itself: ``(回答数は三千五百六十)``
    count: list[Atom] = []
    m = re.search(r"[(（]\s*(回答数[^()（）]*)[)）]", question)
    if m:
        count = [a for a in atoms(m.group(1))[0]]
    # preamble: texts before the data; the count line may be among them
    start_block = None
    data: list[tuple[int, str, list[Atom]]] = []
    pending = ""
    count_line = ""
    t = 0
    while t < len(texts):
        n, text, found, rest = texts[t]
        if not data and found and "回答数" in found[0].label and not count:
            following = any(ff for _, _, ff, _ in texts[t + 1:])
            count_line = text
            start_block = n if start_block is None else start_block
            if following or len(found) == 1:
                count = found
            else:
                count, extra = found[:1], found[1:]
                data.append((n, text, extra))
            t += 1
            continue
        if found and not rest:
            if pending:
                if found[0].label:
                    break
                found = [Atom(pending, found[0].value, found[0].unit, False, found[0].start, found[0].end)] + found[1:]
                pending = ""
            start_block = n if start_block is None else start_block
            data.append((n, text, found))
            t += 1
            continue
        if not found and not rest.endswith("。") and len(text) <= 30 and (data or count_line) and t + 1 < len(texts) \
                and texts[t + 1][2] and not texts[t + 1][2][0].label and not texts[t + 1][3]:
            pending = text
            start_block = n if start_block is None else start_block
            t += 1
            continue
        if data:
            break
        if len(found) >= 2 and not text.endswith("。") and not _is_question(text):
            # data with words after the last value: not a table
            _warn_left(doc, body, question, "値のあとに続く文があり、行と列を確定できないため")
            return body
        t += 1
    if not data or sum(len(f) for _, _, f in data) < 2:
        return body
    end_block = data[-1][0]
    try:
        table = _question_table(question, count, data)
    except _Fail as e:
        _warn_left(doc, body, question, str(e))
        return body
    run = body[start_block:end_block + 1]
    # every text of the run must be part of the table (count line, label, data)
    run_texts = [tx for blk in run for tx in _block_texts(blk)]
    used = {tx for _, tx, _ in data} | ({count_line} if count_line else set())
    leftovers = [tx for tx in run_texts if tx not in used and not _is_label_of(tx, data)]
    if leftovers:
        _warn_left(doc, body, question, "表の途中に値のない文があるため")
        return body
    if any(isinstance(blk, Table) for blk in run):
        _warn_left(doc, body, question, "途中に別の表があるため")
        return body
    table.chart = graph
    table.line = next((getattr(b, "line", 0) for b in run if getattr(b, "line", 0)), 0)
    exclusive = not multi and not _percent_over_100(table)
    if count and exclusive:
        series = [c for c in range(1, len(table.columns)) if table.units[c] != "%"]
        totals = [a for a in count if a.unit != "%"]
        if len(series) == len(totals):
            for col, a in zip(series, totals):
                label = "回答数" if len(totals) == 1 else f"回答数 ({table.columns[col]})"
                _check_total(table, col, a.value, label, doc)
    return body[:start_block] + _emit(table, run) + body[end_block + 1:]


def _is_label_of(text: str, data) -> bool:
    return bool(text) and any(text == f[0].label or f[0].label.startswith(text) for _, _, f in data)


def _question_table(question: str, count: list[Atom], data) -> Table:
    hints = []
    for a in count:
        label = a.label.split("回答数", 1)[-1]
        label = label.lstrip("は、,， ").strip(_DELIMS)
        if label:
            hints.append(label)
    rows: list[tuple[str, list[tuple[str, Atom]]]] = []
    for _, text, found in data:
        for a in found:
            if hints and a.label:
                parts = _split_outside(a.label, "、。")
                col = _match_hint(parts[-1], hints) if parts else None
                if col is None:
                    raise _Fail(f"「{a.label}」の列が読み取れないため")
                row_part = "、".join(parts[:-1])
                if row_part:
                    rows.append((_row(row_part), []))
                elif not rows:
                    raise _Fail("最初の行の見出しがないため")
                rows[-1][1].append((col, a))
                last_col = col
            elif a.label:
                rows.append((_row(a.label), [("", a)]))
            else:
                if not rows:
                    raise _Fail("最初の値に見出しがないため")
                if hints:
                    rows[-1][1].append((last_col, a))
                else:
                    rows[-1][1].append(("", a))
    if len(rows) < 2:
        raise _Fail("行が一つしかないため")
    if len(rows) < 3 and not count:
        # Two values without a stated answer count are as likely two different
        # measures (事業所数 and 定着率) as two rows of one table.
        raise _Fail("行が二つだけで回答数の記載もないため")
    # name the columns
    named = []
    for label, cells in rows:
        renamed = []
        for name, a in cells:
            if not hints:
                name = "割合" if a.unit == "%" else "__count__"
            elif a.unit == "%":
                name = f"{name}の割合"
            renamed.append((name, a))
        named.append((label, renamed))
    caption = arabic(re.sub(r"[(（](?:グラフ|表)[)）]", "", question))
    if count and not re.search(r"回答数", question):
        caption += "(" + arabic(_count_text(count)) + ")"
    table = _assemble(named, _first_header(question), caption, every_row_counted=not hints)
    table.columns = [(_count_header(table.units[i]) if c == "__count__" else c) for i, c in enumerate(table.columns)]
    return table


def _count_text(count: list[Atom]) -> str:
    parts = []
    for a in count:
        unit = "パーセント" if a.unit == "%" else a.unit
        label = a.label[a.label.find("回答数"):] if "回答数" in a.label else a.label
        parts.append(f"{label}{format_value(a.value)}{unit}")
    return "、".join(parts)


def _match_hint(part: str, hints: list[str]) -> str | None:
    for h in hints:
        if part == h or part.endswith(h) or h.endswith(part):
            return h
    return None


def _row(label: str) -> str:
    label = label.strip(_DELIMS)
    m = match_label(label)
    if m is not None and m.kind in ("num", "kanji-num") and m.rest:
        label = f"{arabic(m.text)} {m.rest}"
    if label.endswith("は") and len(label) > 2:
        label = label[:-1]
    return label


def _warn_left(doc: Document, body: list[Block], question: str, reason: str) -> None:
    line = next((getattr(b, "line", 0) for b in body if getattr(b, "line", 0)), 0)
    doc.warn(line, f"「{_core(question) or question}」の数値データは{reason}、表にせず文章のまま表示します。", kind="unstructured")
    for b in body:
        _mark_reported(b)


def _mark_reported(block: Block) -> None:
    """Remember that a block's data were already reported as left as text."""
    _reported.add(id(block))


# ids of blocks already reported during the current :func:`tabulate` call
_reported: set[int] = set()
# ids of blocks a line-text shape recognised but left as text (reported once, read by no other pass)
_claimed: set[int] = set()


# ---------------------------------------------------------------------------
# Line texts (Arabic figures, one row a line)
# ---------------------------------------------------------------------------

_SPACES = " \t\u3000"
_SPACE_RUN = re.compile(r"[ \t\u3000]+")
# What stands between the values of a row: 、 , or spaces.
_VALUE_SEP = re.compile(r"[ \t\u3000]*[、,，][ \t\u3000]*|[ \t\u3000]+")
# What ends a row label before its first value.
_LABEL_END = _SPACES + "、,，:："
# A cell with no figure, as tables print it.
_DASH = re.compile(r"[-－―—‐−]")


@dataclass
class _Val:
    """One value of a line text as written: ``1,258人``, ``42.8%``, ``－``."""

    written: str
    value: Decimal | None        # None for a dash (no figure)
    unit: str                    # as shown ("人", "%", "時間", "")


def _value_at(text: str, pos: int, spans: list[NumberSpan]) -> tuple[_Val, int] | None:
    """The value written at ``pos`` (a figure and its unit, or a dash), and where it ends."""
    m = _DASH.match(text, pos)
    if m is not None:
        return _Val(m.group(), None, ""), m.end()
    span = next((s for s in spans if s.start == pos), None)
    if span is None or span.value < 0:
        return None
    end, unit = span.end, ""
    u = _LINE_UNIT_RE.match(text, end)
    if u is not None:
        unit, end = _UNIT_SHOWN[u.group()], u.end()
    return _Val(text[pos:end], span.value, unit), end


def _values_from(text: str, pos: int, spans: list[NumberSpan]) -> list[_Val] | None:
    """The values from ``pos`` to the end of ``text``, separated by 、 , or spaces; else None."""
    found: list[_Val] = []
    while True:
        got = _value_at(text, pos, spans)
        if got is None:
            return None
        val, pos = got
        found.append(val)
        if pos == len(text):
            return found
        m = _VALUE_SEP.match(text, pos)
        if m is None or m.end() == len(text):
            return None
        pos = m.end()


def _read_value(token: str) -> _Val | None:
    """A whole token read as one value, else None."""
    vals = _values_from(token, 0, numbers_in(token)) if token else None
    return vals[0] if vals is not None and len(vals) == 1 else None


def _value_row(text: str) -> tuple[str, list[_Val]] | None:
    """``見込量 1,258人、1,250人、1,243人`` -> (``見込量``, three values).

    The label is the text before the first value from which the rest of the
    line reads as values only; it must have words (not only a figure) and
    end no sentence.
    """
    if "。" in text:
        return None
    spans = numbers_in(text)
    starts = sorted({s.start for s in spans} | {m.start() for m in _DASH.finditer(text)
                                                  if m.start() and text[m.start() - 1] in _SPACES})
    for p in starts:
        if p == 0 or text[p - 1].isdigit():
            continue
        values = _values_from(text, p, spans)
        if values is None:
            continue
        label = text[:p].strip(_LABEL_END)
        if not label or len(label) > 30 or _read_value(label) is not None or _DASH.fullmatch(label):
            return None
        return label, values
    return None


def _value_cells(columns: list[list[_Val]], *, per_column: bool) -> tuple[list[list[Cell]], list[str]]:
    """Cells and units of value columns.

    Where the values share one unit (all of them, or ``per_column`` those
    of each column) the unit is shown in the column header and the cells
    hold bare figures; otherwise every cell keeps its unit as written.
    Dashes stay as written.
    """
    def units_of(vals: list[_Val]) -> set[str]:
        return {v.unit for v in vals if v.value is not None}

    shared = [units_of(col) for col in columns] if per_column else [units_of([v for col in columns for v in col])] * len(columns)
    if not per_column and len(shared[0]) > 1 or per_column and any(len(u) > 1 for u in shared):
        shared = [set() for _ in columns]             # units differ: each cell keeps its own
    out, units = [], []
    for col, unit_set in zip(columns, shared):
        unit = next(iter(unit_set)) if len(unit_set) == 1 else None
        cells = []
        for v in col:
            if v.value is None:
                cells.append(Cell(parts=[v.written]))
            elif unit is not None:
                cells.append(_num(v.value))
            else:
                cells.append(Cell(parts=[format_value(v.value) + v.unit]))
        out.append(cells)
        units.append(unit or "")
    return out, units


def _nearest_heading(out: list[Block]) -> Heading | None:
    return next((b for b in reversed(out) if isinstance(b, Heading)), None)


def _caption_for(heading: Heading | None, title: str) -> str:
    return heading.text if heading is not None else title


def _skip_breaks(blocks: list[Block], j: int) -> int:
    while j < len(blocks) and isinstance(blocks[j], PageBreak):
        j += 1
    return j


def _leave(doc: Document, run: list[Block], caption: str, reason: str) -> None:
    """Report a run of a line-text shape left as text; the later passes leave it alone."""
    _warn_left(doc, run, caption, reason)
    for b in run:
        _claimed.add(id(b))


# --- spoken tables that announce their columns ---------------------------------

# ``以下、サービスの種類、令和3年度、令和4年度、令和5年度の順。``
# ``(数値は左から令和6年度、令和7年度、令和8年度の順)``
_ANNOUNCE = re.compile(
    r"^[(（]?"
    r"(?:(?:(?:以下|次|下記|表|各行|数値|値)[^、,，。()（）]{0,8}?(?:[、,，:：]|は[、,，]?)|[左上]から[、,，]?"
    r"|[^、,，。()（）]{1,12}とも[、,，]?)[ \u3000]*)*"
    r"(?P<names>[^。()（）]+?)の順(?:番)?(?:[にで][^。()（）]{0,16}|です|)[。．.]?[)）]?$"
)
_NAME_SEP = re.compile(r"[ \u3000]*[、,，／/][ \u3000]*")
_NUMBERLESS = re.compile(r"[0-9０-９〇一二三四五六七八九十百千元]+")
_ROW_HEADER_DEFAULT = "区分"


def _announced(text: str) -> list[str] | None:
    """The column names an announcement gives, in order, or None."""
    m = _ANNOUNCE.match(text.strip())
    if m is None:
        return None
    names = [n for n in _NAME_SEP.split(m.group("names").strip("、,， \u3000")) if n]
    if not 2 <= len(names) <= 12 or len(set(names)) != len(names) or any(len(n) > 20 for n in names):
        return None
    return names


def _value_columns_named(names: list[str], n_values: int) -> tuple[str, list[str]] | None:
    """(row header column, value columns) when ``n_values`` values fit the announced names.

    With one name more than values, the first name heads the row labels
    (``サービスの種類``) unless it is one of a kind with the others (a
    year among years): then the names are all value columns, as they are
    when there are as many names as values.
    """
    same_kind = _NUMBERLESS.sub("#", names[0]) == _NUMBERLESS.sub("#", names[1])
    if n_values == len(names) - 1 and not same_kind:
        return names[0], names[1:]
    if n_values == len(names):
        return _ROW_HEADER_DEFAULT, names
    return None


def _value_rows_at(blocks: list[Block], j: int) -> tuple[list[tuple[Paragraph, str, list[_Val]]], int]:
    """The value rows (one paragraph each) from ``j`` on, and the end of the run (page breaks inside kept)."""
    rows = []
    end = j
    k = j
    while True:
        k = _skip_breaks(blocks, k)
        if k >= len(blocks) or not isinstance(blocks[k], Paragraph):
            break
        row = _value_row(blocks[k].text)
        if row is None:
            break
        rows.append((blocks[k], row[0], row[1]))
        k += 1
        end = k
    return rows, end


def _announced_pass(blocks: list[Block], title: str, doc: Document) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        names = _announced(b.text) if isinstance(b, Paragraph) else None
        if names is None:
            out.append(b)
            i += 1
            continue
        section = _nearest_heading(out)
        level = section.level if section is not None else 0
        # The announcement governs the rows right after it, and those after
        # each deeper heading that follows (one table per heading).
        j = i + 1
        made: list[Block] = []
        heading = section
        first = True
        while True:
            rows, end = _value_rows_at(blocks, j)
            if rows:
                run = blocks[i if first else j:end]
                caption = _caption_for(heading, title)
                table = _announced_table(names, rows, caption, doc, run)
                if table is None:
                    break
                made.extend(_emit(table, run))
                j = end
            elif first:
                made.append(b)          # the announcement stays, above the tables it describes
            first = False
            k = _skip_breaks(blocks, j)
            if k < len(blocks) and isinstance(blocks[k], Heading) and blocks[k].level > level \
                    and _value_rows_at(blocks, k + 1)[0]:
                made.extend(blocks[j:k + 1])
                heading = blocks[k]
                j = k + 1
                continue
            break
        if not any(isinstance(x, Table) for x in made):
            out.append(b)
            i += 1
            continue
        out.extend(made)
        i = j
    return out


def _unit_column(names: list[str], rows) -> Table | None:
    """``区分、単位、令和6年度…の順`` with rows ``利用者数 人 120 130 140``: the unit is a column of its own."""
    if len(names) < 4 or names[1] != "単位" or any(len(vals) != len(names) - 2 for _, _, vals in rows):
        return None
    split = [label.rsplit(None, 1) for _, label, _ in rows]
    if any(len(parts) != 2 or _read_value(parts[1]) is not None for parts in split):
        return None
    if any(v.unit for _, _, vals in rows for v in vals) or len({parts[0] for parts in split}) != len(split):
        return None
    columns, _ = _value_cells([[vals[c] for _, _, vals in rows] for c in range(len(names) - 2)], per_column=False)
    return Table(
        caption="",
        columns=list(names),
        rows=[[_head(label), Cell(parts=[unit])] + [col[r] for col in columns] for r, (label, unit) in enumerate(split)],
        units=[""] * len(names),
        numeric=[False, False] + [True] * (len(names) - 2),
    )


def _announced_table(names: list[str], rows, caption: str, doc: Document, run: list[Block]) -> Table | None:
    counts = {len(vals) for _, _, vals in rows}
    unit_col = _unit_column(names, rows)
    if unit_col is not None:
        unit_col.caption = caption
        return unit_col
    fitted = _value_columns_named(names, len(rows[0][2])) if len(counts) == 1 else None
    if fitted is None:
        # the row to name: the first with another count than the first row, or the first row
        ref = len(rows[0][2])
        fits = _value_columns_named(names, ref) is not None
        odd, n = next(((label, len(vals)) for _, label, vals in rows if not fits or len(vals) != ref))
        _leave(doc, run, caption, f"「{odd}」の値の数 ({n}) が「{'、'.join(names)}」の順という案内と合わないため")
        return None
    labels = [label for _, label, _ in rows]
    if len(set(labels)) != len(labels):
        dup = next(label for label in labels if labels.count(label) > 1)
        _leave(doc, run, caption, f"行の見出し「{dup}」が繰り返されるため")
        return None
    first, value_names = fitted
    columns, units = _value_cells([[vals[c] for _, _, vals in rows] for c in range(len(value_names))], per_column=False)
    return Table(
        caption=caption,
        columns=[first] + value_names,
        rows=[[_head(label)] + [col[r] for col in columns] for r, label in enumerate(labels)],
        units=[""] + units,
        numeric=[False] + [True] * len(value_names),
    )


# --- flattened records (対象区分 … 調査対象者 … 回収数 … 回収率 …) -----------------

_NAME_MAX = 20


def _pairs(text: str) -> list[tuple[str, str]] | None:
    """``name value name value …`` (whitespace between) as pairs, else None."""
    tokens = _SPACE_RUN.split(text.strip())
    if len(tokens) < 2 or len(tokens) % 2:
        return None
    pairs = list(zip(tokens[0::2], tokens[1::2]))
    for name, _ in pairs:
        if len(name) > _NAME_MAX or "。" in name or _read_value(name) is not None or _DASH.fullmatch(name):
            return None
    return pairs


def _cut_before(text: str, word: str) -> list[str]:
    """``text`` cut before every ``word`` that a space or tab follows (a regular
    expression per paragraph would be compiled anew for each: measured 0.1 s)."""
    cuts = [0]
    at = text.find(word, 1)
    while at > 0:
        end = at + len(word)
        if end < len(text) and text[end] in " \t\u3000":
            cuts.append(at)
        at = text.find(word, at + 1)
    return [text[a:b] for a, b in zip(cuts, cuts[1:] + [len(text)])]


def _record_lines(block: Block) -> list[list[tuple[str, str]]] | None:
    """The lines of a paragraph as pairs.

    A PDF export may join the lines of such a table into one paragraph
    (``…回収率 42.8%対象区分 療育手帳所持者 …``): the paragraph is cut
    again before each repetition of its first name.
    """
    if not isinstance(block, Paragraph) or "。" in block.text:
        return None
    text = block.text.strip()
    first = _SPACE_RUN.split(text, maxsplit=1)[0]
    pieces = _cut_before(text, first) if first else [text]
    lines = []
    for piece in pieces:
        if not piece.strip():
            continue
        pairs = _pairs(piece)
        if pairs is None:
            return None
        lines.append(pairs)
    return lines or None


def _records_pass(blocks: list[Block], title: str, doc: Document) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        found = _records_at(blocks, i)
        if found is None:
            out.append(blocks[i])
            i += 1
            continue
        names, records, end, broken = found
        run = blocks[i:end]
        caption = _caption_for(_nearest_heading(out), title)
        if broken is not None:
            _leave(doc, run, caption, f"「{names[0]} {broken}」の記録の項目が他の記録 ({' '.join(names)}) と異なるため")
            out.extend(run)
            i = end
            continue
        table = _records_table(names, records, caption, doc, run)
        if table is None:
            out.extend(run)
        else:
            out.extend(_emit(table, run))
        i = end
    return out


def _records_at(blocks: list[Block], i: int):
    """(names, records, end of run, broken) when records of the same names start at ``i``.

    ``broken`` is the first value of a record that starts like the others
    but has other names (cut short, or a name more): then the whole run,
    that record included, stays text.

    The lines of the run are read as one stream of (name, value) pairs; a
    record is the stretch from the first name to its next repetition, and
    must start a line.  At least two records with the very same names.
    """
    # (index of the block after the line, whether the line ends its block, pairs)
    lines: list[tuple[int, bool, list[tuple[str, str]]]] = []
    k = i
    while True:
        k = _skip_breaks(blocks, k) if lines else k
        got = _record_lines(blocks[k]) if k < len(blocks) else None
        if got is None:
            break
        for n, pairs in enumerate(got):
            lines.append((k + 1, n == len(got) - 1, pairs))
        k += 1
    if len(lines) < 2:
        return None
    first = lines[0][2][0][0]
    # the record's names: up to the next line that starts with the first name
    names: list[str] = []
    for _, _, pairs in lines:
        if names and pairs[0][0] == first:
            break
        names.extend(name for name, _ in pairs)
    if len(names) < 2 or len(set(names)) != len(names):
        return None
    records: list[tuple[list[str], int]] = []      # (values, position of the line after it)
    pos = 0
    broken = None
    while pos < len(lines):
        current: list[tuple[str, str]] = []
        q = pos
        while q < len(lines) and len(current) < len(names):
            current.extend(lines[q][2])
            q += 1
        if [n for n, _ in current] != names:
            if current[0][0] == first:
                # a record that starts like the others and ends otherwise: its lines
                # are those with names of the records, up to the next first name
                last = pos
                while last + 1 < len(lines) and lines[last + 1][2][0][0] != first \
                        and all(n in names for n, _ in lines[last + 1][2]):
                    last += 1
                broken = (current[0][1], lines[last][0])
            break
        records.append(([v for _, v in current], q))
        pos = q
    # the run ends with a whole block: no paragraph is split between the table and the text
    while records and not lines[records[-1][1] - 1][1]:
        records.pop()
        broken = None
    if len(records) < 2:
        return None
    end = lines[records[-1][1] - 1][0]
    if broken is not None:
        return names, [values for values, _ in records], max(end, broken[1]), broken[0]
    return names, [values for values, _ in records], end, None


def _records_table(names: list[str], records: list[list[str]], caption: str, doc: Document, run: list[Block]) -> Table | None:
    labels = [r[0] for r in records]
    if len(set(labels)) != len(labels):
        dup = next(label for label in labels if labels.count(label) > 1)
        _leave(doc, run, caption, f"行の見出し「{dup}」が繰り返されるため")
        return None
    columns: list[list[Cell]] = []
    units: list[str] = []
    numeric: list[bool] = []
    for c in range(1, len(names)):
        written = [r[c] for r in records]
        vals = [_read_value(w) for w in written]
        if all(v is not None for v in vals) and any(v.value is not None for v in vals):
            [cells], [unit] = _value_cells([vals], per_column=True)
            columns.append(cells)
            units.append(unit)
            numeric.append(True)
        else:
            columns.append([Cell(parts=[w]) for w in written])
            units.append("")
            numeric.append(False)
    if not any(numeric):
        return None                     # words only: a list of terms, not a table of figures
    return Table(
        caption=caption,
        columns=list(names),
        rows=[[_head(label)] + [col[r] for col in columns] for r, label in enumerate(labels)],
        units=[""] + units,
        numeric=[False] + numeric,
    )


# --- timelines with a header line (開催日 審議内容等) -----------------------------

def _dated(text: str) -> tuple[str, str] | None:
    """``令和5年5月24日 第1回 …`` -> (date, what follows); a date alone has nothing after it."""
    text = text.strip()
    m = DATED_ROW.match(text)
    return (m.group("date"), text[m.end():].strip()) if m else None


def _timeline_header(text: str) -> list[str] | None:
    names = _SPACE_RUN.split(text.strip())
    if not 2 <= len(names) <= 4 or len(set(names)) != len(names):
        return None
    if any(len(n) > 12 or "。" in n or numbers_in(n) or _DASH.fullmatch(n) for n in names):
        return None
    return names


def _dated_rows_pass(blocks: list[Block], title: str, doc: Document) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        names = _timeline_header(b.text) if isinstance(b, Paragraph) else None
        found = _dated_rows_at(blocks, i + 1, b.text.strip()) if names else None
        if found is None:
            out.append(b)
            i += 1
            continue
        rows, end = found
        run = blocks[i:end]
        caption = _caption_for(_nearest_heading(out), title)
        table = _dated_table(names, rows, caption, doc, run)
        out.extend(_emit(table, run) if table is not None else run)
        i = end
    return out


def _dated_rows_at(blocks: list[Block], j: int, header: str):
    """Rows of (date, [content parts], [bullet flags]) from ``j`` on, and the end of the run.

    A paragraph or list between two dated lines continues the row above; a
    date alone on its line takes the next line as its content.
    """
    rows: list[tuple[str, list[str], list[bool]]] = []
    end = j
    k = j
    while True:
        k = _skip_breaks(blocks, k)
        if k >= len(blocks) or not isinstance(blocks[k], Paragraph):
            break
        dated = _dated(blocks[k].text)
        if dated is None:
            break
        date, rest = dated
        parts, bullets = ([rest], [False]) if rest else ([], [])
        k += 1
        # what follows up to the next dated line belongs to this row
        q, extra, flags = k, [], []
        while True:
            q = _skip_breaks(blocks, q)
            if q >= len(blocks):
                break
            nb = blocks[q]
            if isinstance(nb, Paragraph) and nb.text.strip() == header:
                pass                    # the header repeated at the top of a page: part of the run
            elif isinstance(nb, Paragraph) and _timeline_header(nb.text) and _dated_at(blocks, q + 1):
                break                   # the header of another timeline
            elif isinstance(nb, Paragraph) and _dated(nb.text) is None and len(nb.text) <= 80 \
                    and match_label(nb.text) is None:
                extra.append(nb.text)
                flags.append(False)
            elif isinstance(nb, ListBlock) and not any(item.children for item in nb.items):
                extra.extend(item.text for item in nb.items)
                flags.extend(True for _ in nb.items)
            else:
                break
            q += 1
        if _dated_at(blocks, q) or (not parts and len(extra) == 1):
            parts, bullets = parts + extra, bullets + flags
            k = q
        if not parts:
            break
        rows.append((date, parts, bullets))
        end = k
    if len(rows) < 2:
        return None
    return rows, end


def _dated_at(blocks: list[Block], j: int) -> bool:
    """Whether the next block from ``j`` on (past page breaks) is a dated line."""
    j = _skip_breaks(blocks, j)
    return j < len(blocks) and isinstance(blocks[j], Paragraph) and _dated(blocks[j].text) is not None


def _dated_table(names: list[str], rows, caption: str, doc: Document, run: list[Block]) -> Table | None:
    if len(names) == 2:
        body = [[_head(date), Cell(parts=parts, bullets=bullets)] for date, parts, bullets in rows]
    else:
        # more columns: each row must split into one word per column
        body = []
        for date, parts, _ in rows:
            words = _SPACE_RUN.split(" ".join(parts)) if len(parts) == 1 else []
            if len(words) != len(names) - 1:
                _leave(doc, run, caption, f"「{date}」の行が「{' '.join(names)}」の列に分けられないため")
                return None
            body.append([_head(date)] + [Cell(parts=[w]) for w in words])
    return Table(
        caption=caption,
        columns=list(names),
        rows=body,
        units=[""] * len(names),
        numeric=[False] * len(names),
    )


# --- what stays text ----------------------------------------------------------


def _report_leftovers(blocks: list[Block], doc: Document) -> None:
    """One ``unstructured`` warning per section whose spoken data stay text."""
    heading = ""
    pending: list[Block] = []

    def flush() -> None:
        if pending:
            n = len(pending)
            doc.warn(pending[0].line, f"「{_core(heading) or heading or '本文'}」の数値データ ({n} か所) は表の形が一定でないため、"
                     "表にせず文章のまま表示します。", kind="unstructured")
        pending.clear()

    for b in blocks:
        if isinstance(b, Heading):
            flush()
            heading = b.text
            continue
        if id(b) in _reported:
            continue
        if isinstance(b, (Paragraph, ListBlock)):
            if any(len(atoms(t)[0]) >= 2 and not _RE_PROSE_END.search(t) for t in _block_texts(b)):
                pending.append(b)
    flush()


# A sentence of the plan that gives figures (``…は 4,215人となっています。``): prose, not data left as text.
_RE_PROSE_END = re.compile(r"(?:ます|ました|です|でした|ている|ていた|ません|した|する|ある|いる|なる|なった|ない)。[」』）)]*$")
