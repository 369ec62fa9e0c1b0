"""The morphological analyzer under the reading engine: SudachiPy with SudachiDict-core.

:func:`tokens` cuts a text into words (Sudachi's long units, split mode C)
and gives each its reading in hiragana, chosen by the grammar of the whole
sentence: 行って is おこなって after 事業を, 都 is と in 国や都の.

* Sudachi's ``JoinNumericPlugin`` is left out: it joins 十分 (enough) into
  a number and reads kanji numerals without their sound changes (三千
  さんせん).  Numbers are read by the engine's own rules
  (``readings.py``); without the plugin each numeral is a word of its own
  and 十分な is read じゅうぶんな.
* ``IgnoreYomiganaPlugin`` is left out too: every character of the text is
  analysed, readings in brackets included.
* A long text is cut at sentence ends before it is analysed (Sudachi takes
  at most 49,149 bytes at a time).

The dictionary is memory-mapped and loads in a few milliseconds.  Sudachi
releases the GIL while it analyses, so a thread can read one text while
another does other work; each thread has its own tokenizer.
"""
from __future__ import annotations

import bisect
import functools
import re
import threading

from ..chars import KANJI, pattern

__all__ = ["Tokens", "UNKNOWN", "NAME", "tokens", "sub_tokens", "kanji_readings", "load", "versions", "MAX_PIECE"]

MAX_PIECE = 8000                      # characters per call (≤ 4 bytes each: under Sudachi's limit)

_CONFIG = {
    "inputTextPlugin": [
        {"class": "com.worksap.nlp.sudachi.DefaultInputTextPlugin"},
        {"class": "com.worksap.nlp.sudachi.ProlongedSoundMarkPlugin",
         "prolongedSoundMarks": ["ー", "-", "⁓", "〜", "〰"], "replacementSymbol": "ー"},
    ],
    "pathRewritePlugin": [
        {"class": "com.worksap.nlp.sudachi.JoinKatakanaOovPlugin",
         "oovPOS": ["名詞", "普通名詞", "一般", "*", "*", "*"], "minLength": 3},
    ],
}

_KANA_READING = re.compile("[ぁ-ゖゝゞー]+")
_NOT_KANA = re.compile("[^ぁ-ゖゝゞー\n]")
_TO_HIRAGANA = {o: o - 0x60 for o in range(0x30A1, 0x30F7)}

UNKNOWN = ""                          # the reading of a kanji word the dictionary does not know
NAME = "*"                            # … of a given name: its reading cannot be known from the kanji


class Tokens:
    """The words of a text, as three parallel lists (one entry per word).

    ``starts[i]``, ``ends[i]``: where word ``i`` is in the text;
    ``readings[i]``: its reading in hiragana, None for a word without kanji,
    :data:`UNKNOWN` (``""``) for a kanji word the dictionary does not know,
    :data:`NAME` for a person's given name (寛隆 may be ひろたか, かんりゅう
    or ひろのぶ: the dictionary's guess is not shown as fact);
    ``kanji``: the indexes of the words with a kanji.
    Plain lists, not an object per word: a plan has tens of thousands.
    """

    __slots__ = ("starts", "ends", "readings", "kanji")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.readings: list[str | None] = []
        self.kanji: list[int] = []        # the indexes of the words with a kanji, in order

    def __len__(self) -> int:
        return len(self.starts)


@functools.cache
def _dictionary():
    try:
        from sudachipy import Config, Dictionary

        return Dictionary(config=Config(**_CONFIG), dict="core")
    except Exception as exc:            # not installed, or a damaged dictionary
        from ..errors import SetupError

        raise SetupError(
            "ふりがなに使う形態素解析の辞書（SudachiPy と SudachiDict-core）を読み込めません。"
            f"`pip install yomitoki` をやり直してください（{type(exc).__name__}: {exc}）。"
        ) from exc


_local = threading.local()


def _tokenizer():
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        from sudachipy import SplitMode

        tok = _local.tokenizer = _dictionary().tokenizer(mode=SplitMode.C)
    return tok


@functools.cache
def _name_pos() -> tuple[frozenset[int], frozenset[int]]:
    """Sudachi's part-of-speech ids of given names (名詞,固有名詞,人名,名 and 人名,一般) and of surnames (人名,姓)."""
    d = _dictionary()
    given, surnames, i = set(), set(), 0
    while True:
        try:
            pos = d.pos_of(i)
        except (IndexError, ValueError, OverflowError):
            break
        if pos is None:
            break
        if pos[2] == "人名":
            (surnames if pos[3] == "姓" else given).add(i)
        i += 1
    return frozenset(given), frozenset(surnames)


@functools.lru_cache(maxsize=8192)
def kanji_readings(ch: str) -> frozenset[str]:
    """The readings (hiragana) the dictionary gives ``ch`` as a word of its own (労: ろう, つとむ).

    Not every reading of a kanji: a kanji the dictionary knows only inside
    words (就) has none.  Used to divide a word's reading among its kanji.
    """
    from ..chars import to_hiragana

    readings = (to_hiragana(m.reading_form()) for m in _dictionary().lookup(ch))
    return frozenset(r for r in readings if _KANA_READING.fullmatch(r))


_KANA_READING = re.compile("[ぁ-ゖ]+")


def load() -> None:
    """Open the dictionary now (it is opened on first use otherwise)."""
    _tokenizer()


def tokens(text: str) -> Tokens:
    """The words of ``text``, in order, covering it without gaps."""
    out = Tokens()
    if text:
        tok = _tokenizer()
        runs = [(m.start(), m.end()) for m in pattern(f"[{KANJI}]+").finditer(text)]
        for offset, piece in _pieces(text):
            _read(tok.tokenize(piece), offset, runs, out)
    return out


def _read(morphemes, offset: int, runs: list[tuple[int, int]], out: Tokens) -> None:
    """Append the morphemes' words to ``out``; ``runs`` are the text's kanji runs (start, end).

    Only the words with a kanji are read: their indexes are found from the
    kanji runs, not by looking at every word.
    """
    ends = [m.end() + offset for m in morphemes]
    if not ends:
        return
    index = None                        # where Sudachi made empty words (⑳ read as "20"), the others'
    if any(a >= b for a, b in zip([offset] + ends, ends)):
        index = [i for i, (a, b) in enumerate(zip([offset] + ends, ends)) if b > a]
        ends = [ends[i] for i in index]
        if not ends:
            return
    first = len(out.starts)
    out.starts.append(offset)
    out.starts.extend(ends[:-1])
    out.ends.extend(ends)
    readings = out.readings
    readings.extend([None] * len(ends))
    last = ends[-1]
    lo = bisect.bisect_right(runs, (offset, -1)) - 1
    lo = max(lo, 0)
    kanji: list[int] = []
    seen = -1
    for run_start, run_end in runs[lo:]:
        if run_start >= last:
            break
        if run_end <= offset:
            continue
        i = bisect.bisect_right(ends, run_start)            # the word holding the run's first kanji
        j = bisect.bisect_left(ends, run_end)               # … and its last
        if i <= seen:
            i = seen + 1
        if i <= j:
            kanji.extend(range(i, j + 1))
            seen = j
    if not kanji:
        return
    given, surnames = _name_pos()
    forms: list[str] = []
    surname_at: set[int] = set()
    for i in kanji:
        m = morphemes[i if index is None else index[i]]
        if m.is_oov():
            forms.append(UNKNOWN)
            continue
        pos = m.part_of_speech_id()
        if pos in surnames:
            surname_at.add(i)
        elif pos in given:
            # A given name after a surname (秋友英稔, 山本 一郎) is a person's name;
            # elsewhere the analyzer took a word for a name (国等 くにひと): not read either.
            after_surname = i - 1 in surname_at or (i - 2 in surname_at and ends[i - 2] + 1 == ends[i - 1]
                                                     and _is_space(morphemes, i - 1, index))
            forms.append(NAME if after_surname else UNKNOWN)
            continue
        forms.append(m.reading_form())
    # One conversion for all the readings (katakana to hiragana), one check that they are kana.
    joined = "\n".join(forms).translate(_TO_HIRAGANA)
    hira = joined.split("\n")
    if _NOT_KANA.search(joined) is not None:
        hira = [h if h == NAME or _KANA_READING.fullmatch(h) else UNKNOWN for h in hira]
    for i, h in zip(kanji, hira):
        readings[first + i] = h
    out.kanji.extend(first + i for i in kanji)


def _is_space(morphemes, i: int, index: list[int] | None) -> bool:
    return morphemes[i if index is None else index[i]].surface().isspace()


def sub_tokens(text: str, start: int, end: int) -> Tokens:
    """The short units (split mode A) of the word ``text[start:end]``, each read on its own."""
    from sudachipy import SplitMode

    out = Tokens()
    runs = [(m.start(), m.end()) for m in pattern(f"[{KANJI}]+").finditer(text, start, end)]
    _read(_tokenizer().tokenize(text[start:end], SplitMode.A), start, runs, out)
    return out


_SENTENCE_END = re.compile(r"[。．！？!?\n]")


def _pieces(text: str):
    """(offset, piece) with pieces of at most MAX_PIECE characters, cut after a sentence end if possible."""
    if len(text) <= MAX_PIECE:
        yield 0, text
        return
    start = 0
    n = len(text)
    while start < n:
        end = min(start + MAX_PIECE, n)
        if end < n:
            cut = -1
            for m in _SENTENCE_END.finditer(text, start + MAX_PIECE // 2, end):
                cut = m.end()
            if cut < 0:
                for sep in ("、", " ", "\u3000"):
                    cut = text.rfind(sep, start + MAX_PIECE // 2, end)
                    if cut >= 0:
                        cut += 1
                        break
            end = cut if cut > start else end
        yield start, text[start:end]
        start = end


def versions() -> str:
    """The analyzer's and its dictionary's versions (a changed dictionary reads differently).

    Read from the installed packages' metadata, without importing SudachiPy.
    """
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("sudachipy", "sudachidict_core"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} ?")
    return ", ".join(out)
