"""The glossary: terms the plans explain, gathered from every plan.

Three pieces, used in this order by the pipeline (the last two are the
renderer's, in :mod:`yomitoki.render.glossary`):

* :func:`extract` reads a plan's own explanations of its words:

  - a glossary chapter (titled ``用語の説明`` ``用語集`` ``用語解説`` …, or
    grouped under two or more 行 headings: ``【ア行】`` ``あ行`` ``ア行`` ``【あ】``,
    or none), its terms unmarked or marked (``◆`` ``■`` ``●``), sub-entries
    marked ``○`` and ``・``, aliases and readings in brackets;
  - a glossary inside a chapter: after a label (``用語集`` ``資料 用語解説``
    ``＜用語解説＞``) that no numbered note follows, to the next numbered or
    bracketed heading; or, without a label, a run of terms that give their
    readings (``◆ 育成医療 (いくせいいりょう)`` / its explanation, ``■育成医療【…】``,
    ``● 移動支援（いどうしえん）：…``, ``育成医療（いくせいいりょう）`` on a line of
    its own) whose explanations read as explanations;
  - numbered notes (``※1 療育手帳 …`` or ``※1 療育手帳：…`` after a
    ``<ことばの説明>`` label, ``(※一)措置制度… 定義`` in
    ``一ページの語句の説明`` blocks, ``※1共生社会の説明`` followed by its text)
    and footnotes (``※1`` ``注1`` ``(注1)`` after ``脚注`` or ``以下脚注``)
    that name a term; a footnote that is a remark (``※1 令和5年3月末現在``)
    is no entry.

  A bracket after a term is its reading when it holds only hiragana, or
  katakana that no loanword has (``（イクセイイリョウ）`` but not
  ``（ホームヘルプ）``, which is another name).
* :class:`Glossary` holds the entries of all plans (the same term explained
  twice with the same words is one entry; with other words, a warning) and,
  through :class:`GlossaryLinker`, links their occurrences in running text
  to the glossary page and note marks (``(※1)`` ``注1``) to their note.  The
  linker records on which pages each term is used.
* :func:`render_glossary_page` writes ``glossary.md`` once every plan page
  has been rendered (it lists those usages).

Entry ids are the term itself (whitespace removed, ASCII punctuation made
``-``): HTML5 allows any non-space character in an id, and
``glossary/#居宅介護`` is readable and stays the same from build to build as
long as the plan calls the term the same.  Group headings have ASCII ids
(``gyo-a``), so they never clash with a term.
"""
from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..chars import has_kanji, to_hiragana
from ..text.labels import match_label, to_int
from ..text.model import Block, Chapter, Document, Heading, ListBlock, PageBreak, Paragraph
from ..text.split import chapter_pages, page_name

GLOSSARY_URI = "glossary.md"
GLOSSARY_TITLE = "用語の説明"

# A term (or a note's term) longer than this is a sentence, not a term.
MAX_TERM_LENGTH = 40
MIN_TERM_LENGTH = 2

# 行 groups in 五十音 order, with the ASCII id of their heading.
GROUPS = [
    ("ア行", "a", "あいうえおぁぃぅぇぉゔ"),
    ("カ行", "ka", "かきくけこがぎぐげごゕゖ"),
    ("サ行", "sa", "さしすせそざじずぜぞ"),
    ("タ行", "ta", "たちつてとだぢづでどっ"),
    ("ナ行", "na", "なにぬねの"),
    ("ハ行", "ha", "はひふへほばびぶべぼぱぴぷぺぽ"),
    ("マ行", "ma", "まみむめも"),
    ("ヤ行", "ya", "やゆよゃゅょ"),
    ("ラ行", "ra", "らりるれろ"),
    ("ワ行", "wa", "わをんゎゐゑ"),
    ("英数字", "alnum", ""),
    ("その他", "other", ""),
]
_GROUP_ORDER = {name: i for i, (name, _, _) in enumerate(GROUPS)}
_GROUP_ID = {name: gid for name, gid, _ in GROUPS}
_KANA_GROUP = {ch: name for name, _, chars in GROUPS for ch in chars}

_NUM = r"(?:[0-9０-９]+|[〇一二三四五六七八九十百]+)"
# A note mark anywhere in text: ``(※1)``, ``（※一）``, ``※1``, and the 注 of footnotes:
# ``(注1)``, ``注1`` (not the 注 of 受注 発注 外注).
_RE_NOTE_MARK = re.compile(
    rf"[(（]\s*(?P<fa>※|注)\s*(?P<a>{_NUM})\s*[)）]|(?P<fb>※|(?<![受発外])注)\s*(?P<b>{_NUM})")
# A note's head at the start of a segment (``※1：`` ``注1)`` too).
_RE_NOTE_HEAD = re.compile(
    rf"^(?:[(（]\s*(?P<fa>※|注)\s*(?P<a>{_NUM})\s*[)）]|(?P<fb>※|注)\s*(?P<b>{_NUM})(?:\s*[)）:：])?)\s*(?P<rest>.*)$", re.S)


def note_key(m: re.Match) -> tuple[str, int] | None:
    """What a note mark (a match of ``_RE_NOTE_MARK`` or ``_RE_NOTE_HEAD``) points to: its
    kind (※ or 注: ``※1`` and ``注1`` are two notes) and its number."""
    number = to_int(m.group("a") or m.group("b"))
    return None if number is None else (m.group("fa") or m.group("fb"), number)


# A 行 heading of a glossary: 【ア行】, 〔カ行〕, ア行, あ行; 【あ】 (a letter in brackets);
# the groups that are not kana: 【英数字】, 【A～Z】, 【その他】.
_RE_GROUP = re.compile(r"^[【〔［\[(（<＜]?\s*(?P<kana>[ア-ンあ-ん])\s*行\s*[】〕］\])）>＞]?$")
_RE_GROUP_LETTER = re.compile(r"^[【〔［\[]\s*(?P<kana>[あかさたなはまやらわアカサタナハマヤラワ])\s*[】〕］\]]$")
_RE_GROUP_OTHER = re.compile(r"^[【〔［\[(（<＜]?\s*(?P<name>英数字|英字|アルファベット|[AＡ]\s*[～〜~\-－]\s*[ZＺ]|その他)\s*[】〕］\])）>＞]?$")
# The marks a glossary puts before its terms.
_TERM_MARKS = "◆◇●○◎■□★☆▲△▼▽◯・"
# What announces a glossary chapter or a block of notes.
_RE_GLOSSARY_TITLE = re.compile(r"(用語|語句|ことば|言葉)(の)?(説明|解説|集)|用語集")
_LABEL_WORDS = ("用語", "語句", "ことば", "言葉")
# A label that announces a glossary inside a chapter, once its number, brackets and 資料 are taken off.
_RE_LABEL = re.compile(r"(?:主な|主要な?)?(?:(?:用語|語句|ことば|言葉)(?:の)?(?:説明|解説|定義)|用語集|用語(?:の)?一覧)")
_RE_NOTE_LABEL = re.compile(r"(用語|語句|ことば|言葉)(の)?(説明|解説)|注釈|脚注")
_RE_ALNUM_START = re.compile(r"^[A-Za-zＡ-Ｚａ-ｚ0-9０-９]")
_RE_SPACE = re.compile(r"[\s\u3000]+")
_SENTENCE_END = ("。", "．", "、", "，", "：", ":")


# --- the data ----------------------------------------------------------------


@dataclass(eq=False)
class Entry:
    """One explained term.  ``definition`` holds the source paragraphs, in order."""

    term: str                          # what is matched in text, e.g. 居宅介護
    title: str = ""                    # as the plan writes it, e.g. 居宅介護(ホームヘルプ)
    aliases: list[str] = field(default_factory=list)
    definition: list[str] = field(default_factory=list)
    group: str = ""                    # 行 from the source (【ア行】) or from the reading
    reading: str = ""                  # the plan's own (given_reading), else filled in by render_glossary_page(reader=…)
    given_reading: str = ""            # a reading the plan gives in brackets: 育成医療（いくせいいりょう）
    id: str = ""
    children: list["Entry"] = field(default_factory=list)
    parent: "Entry | None" = field(default=None, repr=False)
    line: int = 0
    plan: str = ""                     # the plan's slug
    plan_title: str = ""
    source_uri: str = ""               # the page the plan explains it on, e.g. kochi/02.md
    source_title: str = ""
    head_text: str = ""                # the source segment that names the term
    note_mark: str = ""                # for notes: the mark as written (※1, (※一))
    note_number: int | None = None
    note_block: int = 0                # which block of notes on its page (0, 1, …)
    note_id: str = ""                  # the note's element id on its page
    variants: list[tuple[str, list[str]]] = field(default_factory=list)  # (plan title, definition) from other plans

    def __post_init__(self) -> None:
        self.title = self.title or self.term
        self.id = self.id or term_id(self.term)

    @property
    def keys(self) -> list[str]:
        """The strings linked to this entry in text: the term, then its aliases."""
        return [self.term] + [a for a in self.aliases if a != self.term]

    def walk(self) -> Iterator["Entry"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class NoteRef:
    """A note mark in running text (``(※1)``) and the note it points to."""

    target: str                        # the note's element id on the same page


@dataclass(frozen=True)
class NoteAnchor:
    """The mark at the start of a note itself; it becomes the note's anchor."""

    id: str


def _attr(value: str) -> str:
    """An attribute value the glossary builds (ids, hrefs): only the HTML specials escaped."""
    return html.escape(value, quote=True)


def term_id(term: str) -> str:
    """A stable, readable element id for a term."""
    s = _RE_SPACE.sub("", unicodedata.normalize("NFC", term))
    s = re.sub(r"[\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]+", "-", s).strip("-")
    return s or "term"


def group_of(text: str) -> str:
    """The 行 a reading (or a kana term) files under; ``""`` when unknown."""
    if not text:
        return ""
    ch = unicodedata.normalize("NFKC", text[0])
    if _RE_ALNUM_START.match(ch):
        return "英数字"
    o = ord(ch)
    if 0x30A1 <= o <= 0x30F6:
        ch = chr(o - 0x60)
    return _KANA_GROUP.get(ch, "")


def _kana_key(text: str) -> str | None:
    """A sort key for kana text (katakana as hiragana), None if not all kana."""
    out = []
    for ch in text:
        o = ord(ch)
        if 0x30A1 <= o <= 0x30F6:
            out.append(chr(o - 0x60))
        elif 0x3041 <= o <= 0x3096 or ch in "ー・":
            out.append(ch)
        else:
            return None
    return "".join(out)


# --- extraction --------------------------------------------------------------


@dataclass
class _Seg:
    """A text of a chapter in reading order, flattened out of its block."""

    text: str
    line: int
    kind: str                          # "heading" | "paragraph" | "item" | "break" | "other"
    label: str = ""                    # a heading's label kind, as the parser found it


def _segments(blocks: list[Block]) -> list[_Seg]:
    out: list[_Seg] = []

    def items(lb: ListBlock) -> None:
        for item in lb.items:
            out.append(_Seg(item.text, item.line or lb.line, "item"))
            for child in item.children:
                items(child)

    for b in blocks:
        if isinstance(b, Heading):
            out.append(_Seg(b.text, b.line, "heading", b.label))
        elif isinstance(b, Paragraph):
            out.append(_Seg(b.text, b.line, "paragraph"))
        elif isinstance(b, ListBlock):
            items(b)
        elif isinstance(b, PageBreak):
            out.append(_Seg("", b.line, "break"))
        else:
            out.append(_Seg("", getattr(b, "line", 0), "other"))
    return out


@dataclass
class _Title:
    """What a written title says: the term, its other names and its reading."""

    term: str
    aliases: list[str]
    reading: str                       # hiragana, "" when the plan gives none
    title: str                         # as written, less a reading bracket (the page shows the reading itself)


# Brackets a plan puts a reading or another name in after its term.
_RE_TRAILING_BRACKET = re.compile(r"(?P<base>.+?)\s*(?P<open>[(（【［〔])(?P<inner>[^()（）【】［］〔〕]+)[)）】］〕]$")
_BRACKET_PAIRS = {"(": ")）", "（": ")）", "【": "】", "［": "］", "〔": "〕"}


def _split_title(title: str) -> _Title:
    """Term, aliases and reading of a written title.

    ``育成医療（いくせいいりょう）`` (or ``【いくせいいりょう】``) → 育成医療 read
    いくせいいりょう (a plan's own reading, in hiragana or in katakana, of a term
    with kanji);
    ``居宅介護(ホームヘルプ)`` → 居宅介護 with the alias ホームヘルプ;
    ``自立訓練(機能訓練・生活訓練)`` → 自立訓練 (a list of kinds, not another name);
    ``障害児（18歳未満）`` → 障害児 (a remark, kept in the title);
    ``計画相談支援・障害児相談支援`` → the whole, with each part as an alias
    (parts sharing their ending name two services explained together).
    Two brackets may follow a term: ``居宅介護（きょたくかいご）（ホームヘルプ）``.
    """
    title = _RE_SPACE.sub(" ", title).strip()
    term, aliases, reading, shown = title, [], "", title
    for _ in range(2):
        m = _RE_TRAILING_BRACKET.fullmatch(term)
        if m is None or term[-1] not in _BRACKET_PAIRS[m.group("open")]:
            break
        base = m.group("base").strip()
        inner = m.group("inner").strip()
        found = "" if reading else _reading_in(inner, base)
        if found:
            reading = found
            # the glossary page shows the reading by itself: not twice
            shown = (base + shown[len(term):]).strip() if shown.startswith(term) else shown
        elif not re.search(r"[・、,，\s]", inner) and len(inner) >= MIN_TERM_LENGTH and not inner[0].isdigit():
            aliases.append(inner)
        term = base
    parts = [p.strip() for p in term.split("・")]
    if len(parts) > 1 and all(len(p) >= 3 for p in parts):
        suffix = posixpath.commonprefix([p[::-1] for p in parts])[::-1]
        if len(suffix) >= 2:
            aliases.extend(p for p in parts if p not in aliases)
    return _Title(term, aliases, reading, shown)


_RE_READING = re.compile(r"[ぁ-ゖー][ぁ-ゖー 　]*")
_RE_KATAKANA_READING = re.compile(r"[ァ-ヶ][ァ-ヶ 　]*")
# Katakana that a kanji's reading never has: a loanword (ホームヘルプ, ショートステイ) is
# another name, not a reading.  Long vowel marks, small vowels, ヴ, and p-sounds
# other than after ッ or ン (発表 はっぴょう, 散歩 さんぽ).
_RE_LOANWORD = re.compile(r"[ーァィゥェォヮヴ]|(?<![ッン])[パピプペポ]")


def _reading_in(inner: str, base: str) -> str:
    """The reading a bracket after ``base`` gives, in hiragana; "" when it holds something else."""
    if not has_kanji(base):
        return ""
    if _RE_READING.fullmatch(inner):
        return inner.replace(" ", "").replace("\u3000", "")
    if _RE_KATAKANA_READING.fullmatch(inner):
        kana = inner.replace(" ", "").replace("\u3000", "")
        morae = len(re.sub(r"[ャュョ]", "", kana))
        kanji = sum(1 for ch in base if has_kanji(ch))
        if not _RE_LOANWORD.search(kana) and kanji <= morae <= 4 * kanji + (len(base) - kanji):
            return to_hiragana(kana)
    return ""


_RE_BRACKETED = re.compile(r"[(（【［〔](?P<inner>[^()（）【】［］〔〕]+)[)）】］〕]")


def _reading_line(text: str, term: str) -> str:
    """The reading of ``term`` that a line holding only a bracket gives (``（いくせいいりょう）``), or ""."""
    m = _RE_BRACKETED.fullmatch(text.strip())
    return _reading_in(m.group("inner").strip(), term) if m else ""


def _is_term(text: str) -> bool:
    text = text.strip()
    return (
        MIN_TERM_LENGTH <= len(text) <= MAX_TERM_LENGTH
        and not text.endswith(_SENTENCE_END)
        and "。" not in text
    )


_FULL_STOP = ("。", "．")
_OPENING = "(（「『【[［<＜〈《〔{｛"
_CLOSING = ")）」』】]］>＞〉》〕}｝"
# What an explanation never starts with: a particle after a word of the sentence
# (``本計画で使用する用語 を説明します。`` is one sentence, not a term and its explanation).
_PARTICLE_START = tuple("をがはにでへ、。")
_RE_INLINE_STOP = re.compile("[" + re.escape(_OPENING + _CLOSING) + r"：:\s\u3000]")
_RE_COLON_OR_SPACE = re.compile(r"[：:\s\u3000]")
# A bracket that closes a term line (育成医療（いくせいいりょう）, … ）：explanation).
_RE_BRACKET_ENDS_TERM = re.compile(r"[)）】］〕]\s*(?:[：:\s\u3000]|$)")


def _split_inline(text: str) -> tuple[str, str] | None:
    """(term, explanation) of a line that holds both, or None.

    The term ends at the first colon or space outside brackets
    (``療育手帳：知的障害のある…``, ``療育手帳　知的障害のある…``); a bracket after
    a space still belongs to the term (``育成医療 （いくせいいりょう） 身体に…``).
    """
    depth = 0
    for m in _RE_INLINE_STOP.finditer(text):      # only brackets, colons and spaces matter
        k, ch = m.start(), m.group()
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif ch in "：:":
            head, tail = text[:k].strip(), text[k + 1:].strip()
            break
        else:
            tail = text[k:].strip()
            if tail.startswith(tuple(_OPENING)):
                continue
            head = text[:k].strip()
            break
    else:
        return None
    if not tail or not _is_term(head) or tail.startswith(_PARTICLE_START):
        return None
    return head, tail


def _strip_item_label(text: str) -> tuple[str, str]:
    """(label kind, rest) for the ``○`` and ``・`` labels of sub-entries."""
    m = match_label(text)
    if m is not None and (m.kind == "bullet" or m.kind.startswith("symbol-")) and m.rest:
        return m.kind, m.rest.strip()
    return "", text.strip()


def is_glossary_chapter(chapter: Chapter) -> bool:
    """A chapter that is a glossary: titled so, or grouped under 行 headings."""
    if _RE_GLOSSARY_TITLE.search(_RE_SPACE.sub("", chapter.title)):
        return True
    groups = [b for b in chapter.blocks if isinstance(b, (Heading, Paragraph)) and _group_heading(b.text.strip())]
    return len(groups) >= 2


def extract(doc: Document) -> list[Entry]:
    """The top-level entries a plan explains: its glossary chapter, glossaries inside other chapters, its notes.

    Sub-entries hang off their parents (``Entry.children``).  The document's
    warnings get what could not be read (a term with no explanation).
    """
    entries: list[Entry] = []
    parts: list[tuple[str, str, list[Block], Chapter | None]] = []
    if doc.front:
        parts.append((f"{doc.slug}/index.md", doc.title, doc.front, None))
    for chapter in doc.chapters:
        # a long chapter is several pages (text/split.py): a term's source is the page it is explained on
        for page in chapter_pages(doc, chapter):
            title = page_name(chapter, page)
            blocks = page.blocks if page.heading is None else [page.heading] + page.blocks
            parts.append((page.uri, title, blocks, chapter))
    for uri, title, blocks, chapter in parts:
        segs = _segments(blocks)
        base = dict(plan=doc.slug, plan_title=doc.title, source_uri=uri, source_title=title)
        if chapter is not None and is_glossary_chapter(chapter):
            entries.extend(_read_glossary(doc, segs, base)[0])
            continue
        # glossaries inside the text, then notes in what is left
        found: list[tuple[int, Entry]] = []
        for start, end, glossary in _glossaries(doc, segs, base):
            found.extend((start, e) for e in glossary)
            segs[start:end] = [_Seg("", segs[start].line, "other")] * (end - start)
        found.extend(_notes(doc, segs, base))
        entries.extend(e for _, e in sorted(found, key=lambda f: f[0]))
    return entries


def _group_heading(text: str) -> str:
    """The group a 行 heading of a glossary opens (``【ア行】`` ``あ行`` ``【か】`` ``■さ行``
    ``英数字``), or ""."""
    text = text.lstrip(_TERM_MARKS + " \u3000")
    m = _RE_GROUP.match(text)
    if m:
        return group_of(m.group("kana")) or text
    m = _RE_GROUP_LETTER.match(text)
    if m:
        return group_of(m.group("kana"))
    m = _RE_GROUP_OTHER.match(text)
    if m:
        return "その他" if m.group("name") == "その他" else "英数字"
    return ""


def _is_glossary_label(text: str) -> bool:
    """A line that announces a glossary: ``用語集``, ``資料 用語解説``, ``＜用語解説＞``,
    ``２ 用語の説明（五十音順）`` (not ``一ページの語句の説明``: those are a page's notes)."""
    if len(text) > 60 or not any(w in text for w in _LABEL_WORDS):
        return False
    s = _RE_SPACE.sub("", text)
    if not s or len(s) > 30:
        return False
    s = re.sub(r"[(（]?五十音順[)）]?$", "", s)
    s = s.strip(_TERM_MARKS + "【】〔〕［］[]<>＜＞〈〉《》()（）")
    s = re.sub(r"^(?:参考)?資料(?:編)?[0-9０-９一二三四五六七八九十ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]*[-－‐.．:：、]?", "", s)
    m = match_label(s)
    if m is not None and m.rest:
        s = m.rest.strip(_TERM_MARKS + "【】〔〕［］[]<>＜＞〈〉《》()（）")
    return _RE_LABEL.fullmatch(s) is not None


@dataclass
class _Head:
    """A line that names a term: its mark, the term as written, an explanation after it on the line."""

    kind: str                          # the label kind of its mark: "" (none), "symbol-◆", "bullet"…
    title: str
    inline: str = ""


def _head(text: str, inline: bool) -> _Head | None:
    """The term ``text`` names when it is a glossary's term line, or None.

    ``inline``: a line may also hold the explanation (``● 移動支援（いどうしえん）：屋外での…``).
    """
    if _RE_NOTE_HEAD.match(text):
        return None                    # a numbered note: see _note_at
    kind, rest = _strip_item_label(text)
    if _is_term(rest):
        return _Head(kind, rest)
    if inline:
        split = _split_inline(rest)
        if split is not None:
            return _Head(kind, split[0], split[1])
    return None


# Heading kinds (as the parser names them) that open a part of a plan: a glossary
# inside a chapter ends there.
_SECTION_KINDS = {"num", "kanji-num", "paren-num", "paren-kanji", "dai", "dai-章", "dai-節", "roman", "angle-num",
                  "num-dot", "num-no", "bracket", "circled", "katakana"}


def _ends_glossary(seg: _Seg, top_kind: str | None) -> bool:
    """Whether ``seg`` ends a glossary inside a chapter: a numbered or bracketed heading
    (``３ 計画の策定経過``, ``【資料２】``), or an unmarked one after marked terms."""
    if seg.kind != "heading":
        return False
    return seg.label in _SECTION_KINDS or (seg.label == "plain" and bool(top_kind))


def _read_glossary(doc: Document, segs: list[_Seg], base: dict, start: int = 0,
                   region: bool = False) -> tuple[list[Entry], int]:
    """The entries of a glossary in ``segs[start:]``, and the index where it ends.

    A term is a short line without a sentence end, unmarked (``居宅介護``) or
    marked (``◆ 育成医療 (いくせいいりょう)``, ``■育成医療【いくせいいりょう】``);
    its explanation is the lines after it, or the rest of its own line after a
    ``：`` (``● 移動支援（いどうしえん）：屋外での…``).  The mark of the first term
    is the top level; other marks (``○`` ``・``) open sub-entries of the entry
    above, and sub-entries without explanations of their own under an entry
    that has one are items of its explanation.  With ``region`` the glossary
    is a part of a chapter: it ends at a table and at a heading that opens
    another part (see :func:`_ends_glossary`); without it, it is the whole
    chapter.
    """
    top: list[Entry] = []
    group = ""
    stack: list[str] = []              # label kinds of the open sub-entry levels
    path: list[Entry] = []             # the open entry at each depth
    current: Entry | None = None
    current_kind = ""                  # its mark
    top_kind: str | None = None        # the mark of the first term
    inline_style = False               # the terms carry their explanation on their line
    i = start
    while i < len(segs):
        seg = segs[i]
        text = seg.text.strip()
        if region and (seg.kind == "other" or _ends_glossary(seg, top_kind) or _RE_NOTE_HEAD.match(text)):
            break                      # numbered notes are read as notes (:func:`_notes`)
        i += 1
        if seg.kind in ("break", "other") or not text:
            continue
        group_name = _group_heading(text)
        if group_name:
            group = group_name
            stack, path, current = [], [], None
            continue
        if _is_glossary_label(text):
            continue                   # the glossary's title (again): no term
        if current is not None and not (current.definition or current.children or current.given_reading):
            reading = _reading_line(text, current.term)
            if reading:                # 育成医療 / （いくせいいりょう） on the next line
                current.reading = current.given_reading = reading
                continue
        kind, _ = _strip_item_label(text)
        head = _head(text, inline=top_kind is None or (kind == top_kind and (bool(kind) or inline_style)))
        if head is not None and top_kind and not head.kind:
            head = None                # among marked terms an unmarked line is explanation
        if head is not None and current is not None and not head.kind and not _split_title(head.title).reading and (
                _continues(current, seg) or not (current.definition or current.children or current_kind)):
            head = None                # the explanation goes on (or starts, after an unmarked term)
        if head is not None:
            if top_kind is None:
                top_kind = head.kind
            inline_style = inline_style or bool(head.inline)
            kind = head.kind
            if kind == top_kind:
                stack, depth = [], 0
            else:
                if kind in stack:
                    del stack[stack.index(kind) + 1:]
                else:
                    stack.append(kind)
                depth = min(stack.index(kind) + 1, len(path))
            t = _split_title(head.title)
            entry = Entry(t.term, t.title, t.aliases, [head.inline] if head.inline else [], group=group,
                          line=seg.line, head_text=seg.text, reading=t.reading, given_reading=t.reading, **base)
            if depth and path:
                entry.parent = path[depth - 1]
                entry.parent.children.append(entry)
            else:
                top.append(entry)
            path = path[:depth] + [entry]
            current, current_kind = entry, kind
            continue
        if current is None:
            if not region:
                doc.warn(seg.line, f"用語の説明の「{_short(seg.text)}」がどの用語の説明か分かりません。用語集には載せません。")
            continue
        current.definition.append(seg.text)
    for entry in top:
        _fold_listed_items(entry)
        for e in entry.walk():
            if not e.definition and not e.children:
                doc.warn(e.line, f"用語「{e.term}」の説明が見つかりません。")
    return top, i


def _fold_listed_items(entry: Entry) -> None:
    """Marked lines under an explanation that have none of their own are a list in it
    (``次のものをいいます。`` ``・身体障害`` ``・知的障害``), not sub-entries."""
    kids = entry.children
    if kids and entry.definition and all(not k.definition and not k.children for k in kids):
        entry.definition.extend(k.head_text for k in kids)
        entry.children = []
        return
    for k in kids:
        _fold_listed_items(k)


def _continues(current: Entry, seg: _Seg) -> bool:
    """A short unmarked line inside a definition that is not itself a term.

    It continues the definition when that definition is under way and does
    not end a sentence yet (``Plan(計画)→`` ``Do(実行)→`` …).
    """
    return bool(current.definition) and not current.definition[-1].endswith(("。", "．"))


def _needs_no_reading(term: str) -> bool:
    return _kana_key(term.replace(" ", "")) is not None or bool(_RE_ALNUM_START.match(term))


def _reading_run(segs: list[_Seg], i: int) -> int:
    """The end of a glossary without a label that starts at ``segs[i]``, or ``i``.

    Such a glossary (often the last pages of a plan) is a run of terms marked
    alike, each with its explanation, that give their readings: at least two
    of them do, and the others are kana words that need none; and most of the
    explanations end as explanations do, not as the plan's own statements.
    """
    n = len(segs)
    text = segs[i].text.lstrip(_TERM_MARKS + " \u3000")
    if len(text) > MAX_TERM_LENGTH + 2 and not _RE_COLON_OR_SPACE.search(text):
        return i                       # a sentence, no term line
    after = segs[i + 1].text.lstrip()[:1] if i + 1 < n else ""
    if not (_RE_ALNUM_START.match(text) or _kana_key(text[:1]) or _RE_BRACKET_ENDS_TERM.search(text)
            or (after and after in "(（【［〔")):
        return i                       # its first term gives no reading (nor the next line) and is no kana word
    first: str | None = None
    entries = readings = defining = 0
    j = i
    while j < n and segs[j].kind in ("heading", "paragraph", "item"):
        head = _head(segs[j].text.strip(), inline=True)
        if head is None or (first is not None and head.kind != first):
            break
        t = _split_title(head.title)
        k = j + 1
        reading = t.reading
        if not reading and not head.inline and k < n and segs[k].kind == "paragraph":
            reading = _reading_line(segs[k].text, t.term)
            k += bool(reading)
        if not (reading or _needs_no_reading(t.term)):
            break
        first = head.kind
        explanation, last = (1, head.inline) if head.inline else (0, "")
        while k < n and segs[k].kind in ("paragraph", "break"):
            if segs[k].kind == "paragraph":
                line = segs[k].text.strip()
                nxt = _head(line, inline=True)
                if nxt is not None and nxt.kind == first:
                    nxt_reading = _split_title(nxt.title).reading or (
                        k + 1 < n and segs[k + 1].kind == "paragraph" and _reading_line(segs[k + 1].text, nxt.title))
                    if nxt_reading or _needs_no_reading(nxt.title):
                        break          # the next term
                    if first or (explanation and last.endswith(_FULL_STOP)):
                        break          # a line of another kind: the run is over
                explanation += 1
                last = line
            k += 1
        if not explanation:
            break
        entries += 1
        readings += bool(reading)
        defining += _defines(last)
        j = k
    return j if entries >= 2 and readings >= 2 and defining * 2 > entries else i


# How a plan's own sentences end (``整備を進めます。`` ``連携を図ります。``); an
# explanation rather ends ``…制度です。`` ``…のこと。`` ``…をいいます。`` ``…を行います。``.
_STATEMENT_ENDS = ("ます。", "ましょう。")
_DEFINING_ENDS = ("いいます。", "言います。", "指します。", "行います。", "示します。", "表します。")


def _defines(text: str) -> bool:
    """Whether the last line of an explanation reads as one (not as the plan's own statement)."""
    text = text.strip()
    return text.endswith(_DEFINING_ENDS) or not text.endswith(_STATEMENT_ENDS)


def _glossaries(doc: Document, segs: list[_Seg], base: dict) -> list[tuple[int, int, list[Entry]]]:
    """Glossaries inside a chapter: (start, end, entries) for each.

    One follows a label (``用語集``, ``資料 用語解説``) unless numbered notes
    follow it (those are notes: :func:`_notes`); one without a label is a run
    of terms that give their readings (:func:`_reading_run`).
    """
    out: list[tuple[int, int, list[Entry]]] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        if seg.kind not in ("heading", "paragraph", "item"):
            i += 1
            continue
        text = seg.text.strip()
        if _is_glossary_label(text):
            nxt = next((k for k in range(i + 1, len(segs)) if segs[k].kind != "break"), None)
            if nxt is not None and segs[nxt].text.strip() and not _RE_NOTE_HEAD.match(segs[nxt].text.strip()):
                entries, end = _read_glossary(doc, segs, base, i + 1, region=True)
                if entries:
                    out.append((i, end, entries))
                    i = end
                    continue
        else:
            end = _reading_run(segs, i)
            if end > i:
                entries, end = _read_glossary(doc, segs[:end], base, i, region=True)
                if entries:
                    out.append((i, end, entries))
                    i = end
                    continue
        i += 1
    return out


@dataclass
class _Note:
    number: int
    mark: str                          # as written: ※1, (※一)
    term: str
    definition: list[str]
    head: str                          # the segment that starts the note
    line: int
    labelled: bool = False             # after a 語句の説明 / ことばの説明 label
    explained: bool = False            # ``※1共生社会の説明``
    index: int = 0                     # of its segment


def _notes(doc: Document, segs: list[_Seg], base: dict) -> list[tuple[int, Entry]]:
    """Numbered notes that explain a term, in blocks (a page's notes), with the index of their segment."""
    blocks: list[list[_Note]] = []
    open_block = False                 # the last block may still grow
    labelled = False                   # the open block follows a 語句の説明 label
    i = 0
    while i < len(segs):
        seg = segs[i]
        text = seg.text.strip()
        if seg.kind == "break":
            i += 1
            continue
        note, j = _note_at(segs, i) if text and seg.kind != "other" else (None, i + 1)
        if note is not None:
            note.index = i
            if not open_block:
                blocks.append([])
                open_block, labelled = True, False
            note.labelled = labelled
            blocks[-1].append(note)
        elif seg.kind != "other" and len(text) <= 30 and _RE_NOTE_LABEL.search(_RE_SPACE.sub("", text)):
            blocks.append([])
            open_block, labelled = True, True
        else:
            open_block, labelled = False, False
        i = j
    out: list[tuple[int, Entry]] = []
    kept = [b for b in blocks if b and _is_glossary_block(b)]
    for b_index, block in enumerate(kept):
        for note in block:
            t = _split_title(note.term)
            nid = f"note-{note.number}" if len(kept) == 1 else f"note-{b_index + 1}-{note.number}"
            entry = Entry(
                t.term, t.title, t.aliases, list(note.definition), line=note.line, head_text=note.head,
                reading=t.reading, given_reading=t.reading,
                note_mark=note.mark, note_number=note.number, note_block=b_index, note_id=nid, **base,
            )
            entry.group = group_of(entry.term) if _kana_key(entry.term) or _RE_ALNUM_START.match(entry.term) else ""
            out.append((note.index, entry))
    return out


def _note_at(segs: list[_Seg], i: int) -> tuple[_Note | None, int]:
    """The note whose head is ``segs[i]`` and the index after its text, or (None, i + 1)."""
    seg = segs[i]
    text = seg.text.strip()
    m = _RE_NOTE_HEAD.match(text)
    if m is None:
        return None, i + 1
    key = note_key(m)
    number = key[1] if key else None
    rest = m.group("rest").strip()
    mark = text[: m.start("rest")].strip().rstrip(":：")
    term, definition, explained = "", [], False
    j = i + 1
    if not rest and j < len(segs) and segs[j].kind == "paragraph" and not _RE_NOTE_HEAD.match(segs[j].text.strip()):
        rest = segs[j].text.strip()    # a flat text cut ``※1`` off its term: ``※1`` ``療育手帳`` ``知的…``
        j += 1
    split = _split_inline(rest)
    if split is not None:
        term, definition = split[0], [split[1]]
        # an explanation broken into lines: the lines that finish its sentence
        while not definition[-1].endswith(_FULL_STOP) and j < len(segs) and segs[j].kind == "paragraph" \
                and not _RE_NOTE_HEAD.match(segs[j].text.strip()):
            definition.append(segs[j].text)
            j += 1
    elif _is_term(rest):
        term = rest
        for suffix in ("の説明", "について", "とは"):
            if term.endswith(suffix) and len(term) > len(suffix) + 1:
                term, explained = term[: -len(suffix)], True
                break
        # its explanation: the unmarked paragraphs that follow
        while j < len(segs) and segs[j].kind == "paragraph" and not _RE_NOTE_HEAD.match(segs[j].text.strip()):
            definition.append(segs[j].text)
            j += 1
    if number is None or not term or not definition or _RE_REMARK.search(term):
        return None, i + 1
    return _Note(number, mark, term, definition, seg.text, seg.line, explained=explained), j


# What a footnote that is a remark says where a note names its term: a date, a source, a count.
_RE_REMARK = re.compile(
    r"(?:令和|平成|昭和)\s*(?:[0-9０-９]+|[元一二三四五六七八九十]+)\s*年|[0-9０-９]+\s*年\s*[0-9０-９]+\s*月"
    r"|現在$|時点|出典|資料[：:]|調べ|を除く|を含む|回答|単位[：:]")


def _is_glossary_block(block: list[_Note]) -> bool:
    """Notes that explain terms, not remarks (``※5以外 百七十七人``)."""
    if any(n.labelled or n.explained for n in block):
        return True
    numbers = [n.number for n in block]
    return len(block) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


# --- the glossary of all plans ------------------------------------------------


def _norm_text(parts: Iterable[str]) -> str:
    return _RE_SPACE.sub("", "".join(parts))


class Glossary:
    """All entries of all plans, with what the linker needs to find them."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []           # top level, in the order added
        self.by_id: dict[str, Entry] = {}
        self.by_key: dict[str, Entry] = {}       # term or alias → entry
        self.plans: dict[str, str] = {}          # slug → title, in the order added
        self.usages: dict[str, dict[str, str]] = {}   # entry id → {page uri: page title}
        self._own: dict[tuple[str, str], set[str]] = {}     # (uri, text) → ids it explains
        self._note_heads: dict[tuple[str, str], list[Entry]] = {}   # the same text may start notes of two blocks (``※1``)
        self._note_blocks: dict[str, list[dict[tuple[str, int], str]]] = {}   # uri → [{(※ or 注, number): note id}]
        self._trie: dict | None = None
        self._first: re.Pattern | None = None    # first_chars(), made with the trie

    @classmethod
    def from_documents(cls, docs: Iterable[Document]) -> "Glossary":
        g = cls()
        for doc in docs:
            g.add_document(doc)
        return g

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self) -> Iterator[Entry]:
        for entry in self.entries:
            yield from entry.walk()

    def add_document(self, doc: Document, entries: list[Entry] | None = None) -> list[Entry]:
        """Add a plan's entries (``extract(doc)`` unless given); returns those kept."""
        self.plans.setdefault(doc.slug, doc.title)
        kept = []
        for entry in extract(doc) if entries is None else entries:
            if self._add(doc, entry):
                kept.append(entry)
        self._trie = None
        return kept

    def _add(self, doc: Document, entry: Entry) -> bool:
        """Register an entry and its children; False if it merged into an earlier one."""
        self._remember_note(entry)
        same = self.by_key.get(entry.term)
        if same is not None and same.term == entry.term:
            if entry.definition and _norm_text(same.definition) != _norm_text(entry.definition):
                if not any(_norm_text(d) == _norm_text(entry.definition) for _, d in same.variants):
                    same.variants.append((entry.plan_title, list(entry.definition)))
                    where = f"{same.plan_title} の「{same.source_title}」"
                    doc.warn(entry.line, f"用語「{entry.term}」は {where} と違う説明になっています。用語の説明のページには両方を載せます。")
            self._remember_texts(entry, same.id)
            for child in entry.children:
                child.parent = same
                if self._add(doc, child):
                    same.children.append(child)
            return False
        base, n = entry.id, 1
        while entry.id in self.by_id:
            n += 1
            entry.id = f"{base}-{n}"
        self.by_id[entry.id] = entry
        self._remember_texts(entry, entry.id)
        for key in entry.keys:
            if len(key) >= MIN_TERM_LENGTH:
                existing = self.by_key.get(key)
                # a term beats an alias spelt the same
                if existing is None or (existing.term != key and entry.term == key):
                    self.by_key[key] = entry
        if entry.parent is None:
            self.entries.append(entry)
        kids, entry.children = entry.children, []
        for child in kids:
            child.parent = entry
            if self._add(doc, child):
                entry.children.append(child)
        return True

    def _remember_texts(self, entry: Entry, entry_id: str) -> None:
        # the title too: a flat text's note ``※1`` ``療育手帳`` ``知的…`` names its term apart
        for text in [entry.head_text, entry.title, *entry.definition]:
            if text:
                self._own.setdefault((entry.source_uri, text), set()).add(entry_id)

    def _remember_note(self, entry: Entry) -> None:
        if entry.note_id:
            heads = self._note_heads.setdefault((entry.source_uri, entry.head_text), [])
            if entry not in heads:
                heads.append(entry)
            blocks = self._note_blocks.setdefault(entry.source_uri, [])
            while len(blocks) <= entry.note_block:
                blocks.append({})
            kind = "注" if "注" in entry.note_mark else "※"
            blocks[entry.note_block].setdefault((kind, entry.note_number), entry.note_id)

    # -- what the linker asks ---------------------------------------------

    def own_ids(self, uri: str, text: str) -> set[str]:
        """Ids of the entries a text on a page explains (their own definition or name)."""
        return self._own.get((uri, text), set())

    def note_head(self, uri: str, text: str, nth: int = 0) -> Entry | None:
        """The note a text on a page starts; ``nth``: the text's occurrence on the page (from 0)."""
        heads = self._note_heads.get((uri, text))
        return heads[min(nth, len(heads) - 1)] if heads else None

    def note_blocks(self, uri: str) -> list[dict[tuple[str, int], str]]:
        return self._note_blocks.get(uri, [])

    def first_chars(self) -> re.Pattern:
        """A pattern matching any character a term or alias starts with (made with the trie)."""
        self.trie()
        return self._first

    def trie(self) -> dict:
        """A character trie of all terms and aliases; ``None`` key marks an end."""
        if self._trie is None:
            root: dict = {}
            for key, entry in self.by_key.items():
                node = root
                for ch in key:
                    node = node.setdefault(ch, {})
                node[None] = entry
            self._trie = root
            chars = "".join(sorted(ch for ch in root if ch is not None))
            self._first = re.compile(f"[{re.escape(chars)}]" if chars else "(?!)")
        return self._trie

    def given_readings(self) -> dict[str, str]:
        """The readings the plans give their terms (term → hiragana), for the reading engine."""
        return {entry.term: entry.given_reading for entry in self if entry.given_reading}

    def record(self, entry: Entry, uri: str, title: str) -> None:
        self.usages.setdefault(entry.id, {}).setdefault(uri, title)

    def fill_readings(self, reader: Callable[[str], str] | None) -> None:
        """Readings for entries without one, and their 行 when the source gave none."""
        for entry in self:
            if reader is not None and not entry.reading:
                try:
                    entry.reading = reader(entry.term) or ""
                except Exception:          # a reading is a help, never a reason to fail
                    entry.reading = ""
            if not entry.group and entry.parent is None:
                entry.group = group_of(entry.reading) or group_of(entry.term) or "その他"


# --- linking -------------------------------------------------------------------


def _short(s: str, n: int = 30) -> str:
    return s if len(s) <= n else s[:n] + "…"
