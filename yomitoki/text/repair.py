"""Putting back ① ② ③ and Ⅰ Ⅱ Ⅲ that a Shift_JIS conversion turned into ASCII.

A pipeline stage between decoding and parsing: decoded text in, repaired
text and a list of :class:`Change` out.  It only replaces characters, one
for one, so every line keeps its length and the line and column numbers of
later messages stay valid.

The damage
----------
``①``–``⑳`` and ``Ⅰ``–``Ⅹ`` are "machine-dependent characters" of CP932
(NEC special characters, row 13, lead byte 0x87).  Converters that only know
JIS X 0208 drop the lead byte, and the trail byte survives as an ASCII
character.  The table (checked with Python's ``cp932`` codec,
``"①".encode("cp932") == b"\\x87@"``; ``tests/test_repair.py`` checks it
again)::

    bytes      char  arrives as      bytes      char  arrives as
    87 40      ①     @               87 54      Ⅰ     T
    87 41      ②     A               87 55      Ⅱ     U
    87 42      ③     B               87 56      Ⅲ     V
    87 43      ④     C               87 57      Ⅳ     W
    87 44      ⑤     D               87 58      Ⅴ     X
    87 45      ⑥     E               87 59      Ⅵ     Y
    87 46      ⑦     F               87 5A      Ⅶ     Z
    87 47      ⑧     G               87 5B      Ⅷ     [
    87 48      ⑨     H               87 5C      Ⅸ     \\  (``¥`` where the
    87 49      ⑩     I                                   converter maps 0x5C
    87 4A      ⑪     J                                   to the yen sign)
    87 4B      ⑫     K               87 5D      Ⅹ     ]
    87 4C      ⑬     L
    87 4D      ⑭     M
    87 4E      ⑮     N
    87 4F      ⑯     O
    87 50      ⑰     P
    87 51      ⑱     Q
    87 52      ⑲     R
    87 53      ⑳     S

Real examples: ``T 序論``, ``U 計画の基本的な考え方``,
``@ 柳井市障害者福祉計画は…``, ``A 計画の期間``.

Not repaired, on purpose:

* The rest of row 13 with an ASCII trail byte are units and an era name:
  ``㍉ ㌔ ㌢ ㍍ ㌘ ㌧ ㌃ ㌶ ㍑ ㍗ ㌍ ㌦ ㌣ ㌫ ㍊ ㌻`` (``_``, the backquote,
  ``a``–``n``),
  ``㎜ ㎝ ㎞ ㎎ ㎏ ㏄ ㎡`` (``o``–``u``) and ``㍻`` (``~``).  They have no
  order to check, and the letters they leave are ordinary after numbers:
  ``25,000t`` is tonnes, ``10s`` seconds, ``~`` a range, ``2a`` a sub-item.
  A wrong unit in a plan's figures is worse than a visibly odd letter.
* ``№ ℡ ㈱ ㈲ ㈹ ≒ ≡ ∫ ∮ ∑ √ ⊥ ∠ ∟ ⊿ ∵ ∩ ∪ 〝 〟 ㏍ ㊤``–``㊨ ㍾ ㍽ ㍼``
  have trail bytes 0x80–0x9C, which are not ASCII: what survives of them is
  not an ASCII letter, so there is nothing here to recognise.
* The IBM extension block (lead byte 0xFA) also has ASCII trail bytes:
  ``ⅰ``–``ⅹ`` are 0xFA40–0xFA49 (``@``–``I``) and IBM ``Ⅰ``–``Ⅹ`` are
  0xFA4A–0xFA53 (``J``–``S``).  Windows writes ``Ⅰ`` as 0x8754 and plans use
  ``①`` far more than ``ⅰ``, so ``@ A B`` is read as ``① ② ③``; a plan that
  used small Roman numerals would get circled numbers instead.  ``J K L``
  as IBM ``Ⅰ Ⅱ Ⅲ`` is not recognised.

The rules (the evidence required)
---------------------------------
Every one of these letters is also an ordinary character (``A型``,
``Tシャツ``, ``info@example.jp``, ``[1]``, ``C:\\資料``), and a wrong
repair is worse than none, so a letter is repaired only by its place and
its order:

1. **Label candidates.**  A line whose first character after indentation
   (half-width, full-width spaces, tabs) is one of the letters above,
   followed by spaces or directly by a Japanese character (kana, kanji,
   full-width symbol; not a full-width letter or digit and not punctuation
   such as ``．、）：`` that makes ``A．`` an alphabetic label), and whose
   rest does not begin with a word that goes with a letter (``型 級 字 線
   軸 細胞 世代 杯 シャツ ターン アラート リーグ メール マーク サイズ さん``
   always; ``社 氏 市 町 村 区 県 地区 案 表 号 病院 施設 …`` before a
   non-kanji and ``グループ ケース タイプ ランク エリア …`` before a
   non-katakana, with or without a space, so ``A市では`` and ``A グループの``
   are words while ``A市民`` and ``Aグループホーム`` can be labels).
2. **Runs.**  Candidates of one family (``@``–``S`` circled, ``T``–``]``
   Roman) form a run when they start at the first number (``@`` or ``T``)
   and go on one by one in line order (``@ A B``; ``T U V``).  Other
   lines may stand between them (a chapter's text, item labels inside a
   chapter).  A run ends at a candidate that breaks the order (a skip, a
   repeat, a step back), and a run of items also at a repaired chapter
   heading (``@`` under Ⅰ and ``A`` under Ⅱ are no run); a new ``@`` or
   ``T`` starts a new run (the contents list and the body, or the items of
   each chapter).  Only runs of at least two labels are repaired: a lone
   ``T`` line or a lone ``@`` line is no evidence.  A ``T`` right after an
   ``S`` label that is not part of a circled run continues an alphabetic
   list (``… R S T U``) and starts no Roman run.
3. **In running text.**  A letter right after Japanese text (not after
   katakana, ASCII or its full-width forms, a space or an opening bracket:
   ``ケースA``, ``Q＆A``, ``（A）``) and before a particle, punctuation, a
   space or the end of the line (``の@に示す``, ``基本目標Tの``), alone or
   in a group joined by ``、・，～〜`` (``@～C``, ``@、A、B``; all or
   nothing), is repaired when
   a. every letter of the group was repaired as a label (rule 2) of the
      same family in this plan, or
   b. the group itself is an unmistakable sequence: it starts at the first
      number and counts up one by one, joined by ``、・，``, with at least
      two members for ``@`` (which ordinary Japanese text never has there)
      and three for ``T``;
   and none of its letters is used as an ordinary letter anywhere in the
   plan.  An ordinary use is a letter standing alone (not inside an ASCII
   word such as ``ICT`` or ``info@example.jp``) that is neither a repaired
   label nor in a group of this shape, like ``A`` in ``就労継続支援A型``,
   ``A・B型``, ``ランクA``, ``A. 計画`` or an unrepaired ``A 計画`` line,
   and also a group that reads like the alphabet (two or more letters
   counting up from ``A``: ``A、B、Cの3段階``, ``A～C``).  One ordinary use
   makes every use of that letter in running text ambiguous, so none is
   repaired.

Text without these patterns comes back unchanged with no changes.

The risk that remains: in a plan whose ``@ A B`` labels were repaired and
that never uses ``A`` as a letter elsewhere, ``評価はAの区分`` (a grade A)
becomes ``評価は②の区分``.  Rule 3 cannot tell a grade from a reference by
the characters around it; the change list names every such repair.

Not handled (left as they are): numbered sub-headings ``T－1`` (Ⅰ－1),
labels in the middle of a line (flat texts that hold a whole plan on one
line, see ``segment``), a lead byte that became ``?`` or ``・`` instead of
disappearing, and the units above.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Change

__all__ = ["Change", "KIND", "DAMAGED_CIRCLED", "DAMAGED_ROMAN", "repair_symbols", "repair_glyphs"]

KIND = "sjis-symbol"

CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ROMAN_NUMBERS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"

# The ASCII character each damaged number arrives as (trail byte of 0x87xx).
DAMAGED_CIRCLED: dict[str, str] = {chr(0x40 + i): c for i, c in enumerate(CIRCLED_NUMBERS)}
DAMAGED_ROMAN: dict[str, str] = {chr(0x54 + i): c for i, c in enumerate(ROMAN_NUMBERS)}
DAMAGED_ROMAN["¥"] = "Ⅸ"    # 0x5C read as the yen sign (JIS X 0201)


@dataclass(frozen=True, eq=False)
class _Family:
    name: str                  # "circled" or "roman"
    damaged: dict[str, str]    # ASCII character -> the number it stands for
    min_inline_sequence: int   # members an inline sequence needs without label evidence (rule 3b)


CIRCLED = _Family("circled", DAMAGED_CIRCLED, 2)
ROMAN = _Family("roman", DAMAGED_ROMAN, 3)
_FAMILIES = (CIRCLED, ROMAN)
_FAMILY_OF = {ch: fam for fam in _FAMILIES for ch in fam.damaged}
_VALUE = {ch: (CIRCLED_NUMBERS.index(c) if c in CIRCLED_NUMBERS else ROMAN_NUMBERS.index(c)) + 1
          for fam in _FAMILIES for ch, c in fam.damaged.items()}
_DAMAGED = frozenset(_FAMILY_OF)
_DAMAGED_RE = re.compile("[" + re.escape("".join(sorted(_DAMAGED))) + "]")

_REASON = "「{before}」を「{after}」に直しました（Shift_JIS の変換で失われた機種依存文字と判断：{why}）"

_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_SPACES = " \t\u3000"

# --- rule 1: label candidates ----------------------------------------------

_LABEL = re.compile(r"^([ \t\u3000]*)([@A-Z\[\\\]¥])([ \t\u3000]*)")

# Punctuation a label's text cannot begin with: "A．", "A、", "A）", "Q＆A" are letters;
# "T－1" (Ⅰ－1) is a numbered sub-heading, not repaired (see the module notes).
_NOT_LABEL_TEXT_START = frozenset("、。，．・：；？！）」』】〕］｝〉》ー～〜＝＆－‐―−")

_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々"
_KATAKANA = "\u30a1-\u30fa\u30fc"
# Words made with a letter, whatever stands between letter and word.
_LETTER_WORD = re.compile(
    "(?:型|級|判|字|線|軸|細胞|世代|杯|シャツ|ターン|アラート|リーグ|メール|マーク|サイズ|さん|ちゃん|くん)"
)
# Words made with a letter when nothing more of the word follows: "A市では",
# "A 棟の改修", "Aグループの" (but "A市民…", "Aグループホーム…" may be labels:
# ② 市民…, ② グループホーム…).  PDF exports put spaces around ASCII
# ("支援 A 型"), so a space after the letter does not make it a label.
_LETTER_COUNTER = re.compile(
    f"(?:社|氏|君|様|市|町|村|区|県|点|棟|館|班|組|類|案|票|表|欄|号|群|列|席|地区|地点|病院|施設|事業所|法人|学校|評価|判定)(?![{_KANJI}])"
    f"|(?:グループ|ケース|タイプ|パターン|ランク|ポイント|ゾーン|ゲージ|コース|チーム|ブロック|エリア|プラン|ライン)(?![{_KATAKANA}])"
)


def _is_japanese(ch: str) -> bool:
    """Kana, kanji, CJK and full-width symbols; not the ideographic space."""
    o = ord(ch)
    return (0x3001 <= o <= 0xFFEF or o >= 0x20000) and not (
        0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A)


@dataclass
class _Candidate:
    line: int          # 0-based
    column: int        # 0-based
    char: str
    family: _Family
    value: int


def _label_candidate(index: int, line: str) -> _Candidate | None:
    m = _LABEL.match(line)
    if not m:
        return None
    rest = line[m.end():]
    if not rest or not _is_japanese(rest[0]) or rest[0] in _NOT_LABEL_TEXT_START:
        return None
    if _LETTER_WORD.match(rest) or _LETTER_COUNTER.match(rest):
        return None
    ch = m.group(2)
    return _Candidate(index, m.start(2), ch, _FAMILY_OF[ch], _VALUE[ch])


# --- rule 2: runs -----------------------------------------------------------

def _runs(candidates: list[_Candidate], family: _Family, blocked_starts: set[int],
          barriers: frozenset[int] = frozenset()) -> list[list[_Candidate]]:
    """Runs of at least two labels of ``family`` that count up from the first number.

    ``blocked_starts``: lines whose first number starts no run; ``barriers``:
    lines (chapter headings) that end any run.  A run of one (a lone ``@``
    under a chapter, ``① 相談支援`` its only item) counts too once the plan
    has a run of two or more of that family elsewhere: the plan's converter
    is known to have lost that family.
    """
    runs: list[list[_Candidate]] = []
    singles: list[list[_Candidate]] = []
    run: list[_Candidate] = []

    def close() -> None:
        if len(run) >= 2:
            runs.append(list(run))
        elif len(run) == 1:
            singles.append(list(run))
        run.clear()

    for cand in candidates:
        if cand.line in barriers:
            close()
            continue
        if cand.family is not family:
            continue
        if cand.value == 1:
            close()
            if cand.line not in blocked_starts:
                run.append(cand)
        elif run and cand.value == run[-1].value + 1:
            run.append(cand)
        else:
            close()
    close()
    if runs:
        runs = sorted(runs + singles, key=lambda r: r[0].line)
    return runs


def _alphabet_continuations(candidates: list[_Candidate], circled_lines: set[int]) -> set[int]:
    """Lines of ``T`` labels that follow an ``S`` label outside a circled run (``… R S T``)."""
    blocked = set()
    for before, cand in zip(candidates, candidates[1:]):
        if cand.char == "T" and before.char == "S" and before.line not in circled_lines:
            blocked.add(cand.line)
    return blocked


def _describe_run(run: list[_Candidate]) -> str:
    if len(run) == 1:
        return f"この計画のほかの所で行頭の「{run[0].char}」から始まる番号の並びを直しているため"
    if len(run) == 2:
        letters = f"「{run[0].char}」「{run[1].char}」"
    else:
        letters = f"「{run[0].char}」から「{run[-1].char}」まで"
    return f"行頭の{letters}が番号の順に並んでいるため"


# --- rule 3: running text ---------------------------------------------------

_CONNECTORS = frozenset("、・，～〜")
_SEQUENCE_CONNECTORS = frozenset("、・，")
_OPENING = frozenset("（(「『【〔［｛〈《＜")
# What may follow a number in running text: particles, punctuation, space, end.
_AFTER_NUMBER = frozenset("のにでをはがともへやかまな、。，．）」』】〕］｝〉》：「『" + _SPACES)


def _is_katakana(ch: str) -> bool:
    o = ord(ch)
    return 0x30A0 <= o <= 0x30FF or 0xFF66 <= o <= 0xFF9F or 0x31F0 <= o <= 0x31FF


def _standalone(line: str, i: int) -> bool:
    """The character at ``i`` is not part of an ASCII word (``ICT``, ``A4``, ``info@x``)."""
    before = line[i - 1] if i > 0 else ""
    after = line[i + 1] if i + 1 < len(line) else ""
    return before not in _ASCII_ALNUM and after not in _ASCII_ALNUM


@dataclass
class _Group:
    line: int                  # 0-based
    columns: list[int]         # 0-based, one per letter
    chars: list[str]
    connectors: list[str]
    family: _Family


def _inline_group(line: str, index: int, i: int) -> _Group | None:
    """The group of numbers in running text starting at ``i``, if it has that shape."""
    prev = line[i - 1] if i > 0 else ""
    if (not prev or not _is_japanese(prev) or _is_katakana(prev) or prev in _OPENING
            or "\uff01" <= prev <= "\uff5e" or prev == "〜"):
        return None     # "ケースA", "（A）", "Q＆A", "１～A" (full-width ASCII forms are ASCII text)
    if prev in _CONNECTORS and i >= 2 and line[i - 2] in _DAMAGED:
        return None     # the tail of a group that failed ("　@～A"): all or nothing
    family = _FAMILY_OF[line[i]]
    columns, connectors = [i], []
    j = i + 1
    while (j + 1 < len(line) and line[j] in _CONNECTORS and line[j + 1] in _DAMAGED
           and _FAMILY_OF[line[j + 1]] is family):
        connectors.append(line[j])
        columns.append(j + 1)
        j += 2
    if j < len(line) and line[j] not in _AFTER_NUMBER:
        return None
    return _Group(index, columns, [line[c] for c in columns], connectors, family)


def _is_sequence(group: _Group) -> bool:
    values = [_VALUE[c] for c in group.chars]
    return (len(values) >= group.family.min_inline_sequence
            and values == list(range(1, len(values) + 1))
            and all(c in _SEQUENCE_CONNECTORS for c in group.connectors))


def _alphabet_like(group: _Group) -> bool:
    """``A、B、C`` or ``A～C``: letters counting up from A, as grades and cases are named."""
    values = [_VALUE[c] for c in group.chars]
    return len(values) >= 2 and group.chars[0] == "A" and all(b > a for a, b in zip(values, values[1:]))


def _group_text(group: _Group, line: str) -> str:
    return line[group.columns[0]:group.columns[-1] + 1]


# --- the stage ----------------------------------------------------------------

def repair_symbols(text: str) -> tuple[str, list[Change]]:
    """``text`` with damaged ``①``–``⑳`` / ``Ⅰ``–``Ⅹ`` put back, and the changes made.

    Lines are separated by ``"\\n"`` only; each repair replaces one
    character by one, so lines keep their lengths.  Changes are sorted by
    line and column.
    """
    if not _DAMAGED_RE.search(text):
        return text, []
    lines = text.split("\n")

    # Rules 1 and 2: labels at the start of lines.
    candidates = [c for i, line in enumerate(lines) if (c := _label_candidate(i, line)) is not None]
    circled_runs = _runs(candidates, CIRCLED, set())
    circled_lines = {c.line for run in circled_runs for c in run}
    roman_runs = _runs(candidates, ROMAN, _alphabet_continuations(candidates, circled_lines))
    # Items ① ② do not run on across a chapter heading Ⅰ Ⅱ: "@" in one
    # chapter and an alphabetic list "A B" in the next are no run.
    chapters = frozenset(c.line for run in roman_runs for c in run)
    circled_runs = _runs(candidates, CIRCLED, set(), chapters)

    fixes: dict[tuple[int, int], tuple[str, str]] = {}   # (line, column) -> (after, why)
    evidenced: dict[str, set[str]] = {"circled": set(), "roman": set()}
    for run in circled_runs + roman_runs:
        why = _describe_run(run)
        for cand in run:
            fixes[(cand.line, cand.column)] = (cand.family.damaged[cand.char], why)
            evidenced[cand.family.name].add(cand.char)
    label_spots = {(c.line, c.column) for c in candidates}

    # Rule 3: numbers in running text, and letters used as letters.
    groups: list[_Group] = []
    ordinary: set[str] = set()
    for index, line in enumerate(lines):
        resume = 0          # letters before this column belong to a group already found
        for m in _DAMAGED_RE.finditer(line):
            i, ch = m.start(), m.group()
            if i < resume:
                continue
            if (index, i) in label_spots:
                if (index, i) not in fixes and _standalone(line, i):
                    ordinary.add(ch)
                continue
            group = _inline_group(line, index, i)
            if group is not None and _alphabet_like(group):
                ordinary.update(group.chars)
                resume = group.columns[-1] + 1
            elif group is not None:
                groups.append(group)
                resume = group.columns[-1] + 1
            elif _standalone(line, i):
                ordinary.add(ch)

    for group in groups:
        if any(c in ordinary for c in group.chars):
            continue
        line = lines[group.line]
        if all(c in evidenced[group.family.name] for c in group.chars):
            if len(group.chars) == 1:
                why = f"この計画では行頭の「{group.chars[0]}」を「{group.family.damaged[group.chars[0]]}」に直しているため"
            else:
                why = f"「{_group_text(group, line)}」のどの文字もこの計画では行頭の番号として直しているため"
        elif _is_sequence(group):
            why = f"「{_group_text(group, line)}」と番号の順に並んでいるため"
        else:
            continue
        for col, c in zip(group.columns, group.chars):
            fixes[(group.line, col)] = (group.family.damaged[c], why)

    if not fixes:
        return text, []
    changes = []
    chars_by_line: dict[int, list[str]] = {}
    for (index, col), (after, why) in sorted(fixes.items()):
        chars = chars_by_line.setdefault(index, list(lines[index]))
        before = chars[col]
        chars[col] = after
        changes.append(Change(index + 1, col + 1, before, after, _REASON.format(before=before, after=after, why=why), KIND))
    for index, chars in chars_by_line.items():
        lines[index] = "".join(chars)
    return "\n".join(lines), changes


# --- look-alike glyphs of PDF fonts ------------------------------------------

def repair_glyphs(text: str) -> tuple[str, list[Change]]:
    """``text`` with the Kangxi radicals and radical supplements a PDF copy gives for kanji
    (``⽀援`` → ``支援``, ``⼈⺠`` → ``人民``) put back as the kanji, one for one, and the changes.

    See :func:`yomitoki.chars.pdf_glyphs`.  The nothing-lost check then
    reads the plan as it is shown; ``yomitoki check`` lists each change.
    """
    from ..chars import pdf_glyphs

    found = pdf_glyphs(text)
    if not found:
        return text, []
    chars = list(text)
    changes: list[Change] = []
    line, line_start = 1, 0
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    k = 0
    for index, glyph, kanji in found:
        while k < len(newlines) and newlines[k] < index:
            line_start = newlines[k] + 1
            line += 1
            k += 1
        chars[index] = kanji
        changes.append(Change(line, index - line_start + 1, glyph, kanji,
                              f"「{glyph}」（部首などの字形）を「{kanji}」に直しました（PDF から写した文字と判断）", "lookalike"))
    return "".join(chars), changes
