"""Kanji words and their readings from pykakasi's dictionary, looked up directly.

pykakasi's ``kakasi().convert`` finds the longest dictionary word at each
kanji and then makes six spellings of every token (hiragana, katakana and
three romanisations).  yomitoki only needs the words and their hiragana, and
pykakasi finds a word by testing every entry that starts with the same kanji
(up to 2,514 of them) against the text.  :class:`KanjiReader` uses the same
dictionary (pykakasi's ``Kanwa`` and ``Itaiji`` tables) and the same rule,
the longest entry wins and among equally long ones the first, but looks the
text up by length instead, and makes only the hiragana.  On the bundled
texts it gives the same words and readings as pykakasi (tests/test_kakasi.py)
in about a tenth of the time.

Where pykakasi's tokens do not add up to its input it is not followed: it
drops characters outside the Basic Multilingual Plane (CJK extension B
kanji such as 𠮷) and skips the character after a kanji it cannot read.
Here such a kanji is a token without a reading and nothing is lost.

pykakasi keeps its dictionary as one pickle of 270,000 entries, and
unpickling it costs about 0.5 s (0.16 s with the garbage collector off) in
every build that reads anything.  :class:`KanwaIndex` copies it once into a
file of one pickle per first kanji with an index in front (like Python's
``.pyc`` files, in the user's cache, see :func:`index_dir`), so that a build
unpickles only the kanji its text uses.  The copy is named by pykakasi's
version and its dictionary file, and is made again when either changes;
where it cannot be written, pykakasi's pickle is read as before.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import mmap
import os
import pickle
import struct
from pathlib import Path

from .fsutil import write_atomic

__all__ = ["KanjiReader", "KanwaIndex", "index_dir", "kanji_reader"]

INDEX_ENV = "YOMITOKI_DICT_CACHE"
_MAGIC = b"yomitoki-kanwa-1\n"
_HEADER = struct.Struct("<Q")            # length of the pickled index after the magic

# pykakasi's long vowel marks, which continue the token before them (計画ー).
_LONG_MARKS = "\u30fc\u2015\u2212\uff70"


def index_dir() -> Path:
    """Where the copy of pykakasi's dictionary is kept.

    ``$YOMITOKI_DICT_CACHE`` if set, else ``$XDG_CACHE_HOME/yomitoki``, else
    ``~/.cache/yomitoki``.  Safe to delete: it is made again when needed.
    """
    if os.environ.get(INDEX_ENV):
        return Path(os.environ[INDEX_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "yomitoki"


class KanwaIndex:
    """pykakasi's ``Kanwa`` table (ord(first kanji) -> {word: [(yomi, context)]}),
    read from an indexed copy one kanji at a time.

    ``get(key)`` answers like the dict pykakasi unpickles.  ``source`` is
    pykakasi's ``kanwadict4.db``; ``directory`` holds the copy (see
    :func:`index_dir`).
    """

    def __init__(self, source: Path, directory: Path) -> None:
        self.source = Path(source)
        self.path = Path(directory) / f"kanwa-{self._fingerprint()}.idx"
        self._tables: dict[int, dict | None] = {}
        self._data: mmap.mmap | None = None
        self._index: dict[int, tuple[int, int]] = {}   # key -> (offset after the index, length)
        self._base = 0
        self._open()

    def _fingerprint(self) -> str:
        from .ruby import _package_version

        st = self.source.stat()
        h = hashlib.sha256()
        h.update(_MAGIC)
        h.update(f"{_package_version('pykakasi')}\n{self.source.resolve()}\n{st.st_size}\n{st.st_mtime_ns}\n".encode())
        return h.hexdigest()[:24]

    def _open(self) -> None:
        try:
            self._map(self.path)
            return
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            pass                                # missing or damaged: made again
        table = _unpickle(self.source)
        try:
            self._write(table)
            self._map(self.path)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            self._hold_whole(table)             # no copy here

    def _hold_whole(self, table: dict) -> None:
        """Answer from pykakasi's whole table in memory instead of the copy."""
        self._tables = dict(table)
        self._index = {}
        if self._data is not None:
            self._data.close()
            self._data = None

    def _map(self, path: Path) -> None:
        with open(path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            if data[:len(_MAGIC)] != _MAGIC:
                raise ValueError("not an index")
            start = len(_MAGIC) + _HEADER.size
            (length,) = _HEADER.unpack_from(data, len(_MAGIC))
            index = pickle.loads(data[start:start + length])
            base = start + length
            if not isinstance(index, dict) or any(base + o + n > len(data) for o, n in index.values()):
                raise ValueError("truncated index")
        except BaseException:
            data.close()
            raise
        self._data, self._index, self._base = data, index, base

    def _write(self, table: dict) -> None:
        blobs = {key: pickle.dumps(value, protocol=4) for key, value in table.items()}
        index, offset = {}, 0
        for key, blob in blobs.items():
            index[key] = (offset, len(blob))
            offset += len(blob)
        head = pickle.dumps(index, protocol=4)          # offsets count from the end of the index
        # atomic: a build at the same time reads either the old file or this one
        write_atomic(self.path, b"".join([_MAGIC, _HEADER.pack(len(head)), head, *blobs.values()]))

    def get(self, key: int, default=None):
        try:
            table = self._tables[key]
        except KeyError:
            pass
        else:
            return default if table is None else table
        where = self._index.get(key)
        if where is None:
            table = None
        else:
            start = self._base + where[0]
            try:
                table = pickle.loads(self._data[start:start + where[1]])
                if not isinstance(table, dict):
                    raise ValueError("not a table")
            except Exception:
                # A damaged copy: read pykakasi's own table this time, and
                # remove the copy so that the next build makes it again.
                self._hold_whole(_unpickle(self.source))
                with contextlib.suppress(OSError):
                    self.path.unlink()
                return self._tables.get(key, default)
        self._tables[key] = table
        return default if table is None else table


def _unpickle(path: Path):
    """Load a pickle of many small objects without running the garbage collector
    at every few thousand of them (0.5 s instead of 0.16 s for pykakasi's table)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    finally:
        if enabled:
            gc.enable()


class KanjiReader:
    """``tokens(text)``: the text cut into kanji words (with readings) and the rest."""

    def __init__(self, index_directory: Path | None = None) -> None:
        from pykakasi.kanji import Itaiji
        from pykakasi.properties import Configurations
        from pykakasi.scripts import A2, H2, K2, IConv, Sym2

        # ord(first kanji) -> {word: [(yomi, context)]}, pykakasi's Kanwa table
        self._table = KanwaIndex(Path(Configurations.dictpath(Configurations.jisyo_kanwa)),
                                 index_directory or index_dir())
        self._itaiji = Itaiji()._itaijidict          # variant kanji -> standard, selectors -> None
        self._iconv = IConv()
        self._other_script = (K2.isRegion, H2.isRegion, A2.isRegion, Sym2.isRegion)
        self._lengths: dict[int, tuple[int, ...]] = {}
        self._kanji: dict[str, bool] = {}

    def is_kanji(self, ch: str) -> bool:
        """Whether pykakasi reads ``ch`` with its kanji dictionary."""
        known = self._kanji.get(ch)
        if known is None:
            o = ord(ch)
            known = ((0x3400 <= o < 0xE000 or o in self._itaiji)
                     and not any(region(ch) for region in self._other_script))
            self._kanji[ch] = known
        return known

    def _word_lengths(self, key: int, table: dict) -> tuple[int, ...]:
        lengths = self._lengths.get(key)
        if lengths is None:
            lengths = tuple(sorted({len(word) for word in table}, reverse=True))
            self._lengths[key] = lengths
        return lengths

    def word_at(self, text: str, i: int, before: str = "") -> tuple[str, int] | None:
        """(hiragana, length in ``text``) of the longest dictionary word at ``text[i]``, or None.

        ``before`` is the text just before (some entries apply only after
        certain words, as in pykakasi).
        """
        rest = text[i:]
        standard = rest.translate(self._itaiji)
        if not standard:
            return None
        table = self._table.get(ord(standard[0]))
        if table is None:
            return None
        for length in self._word_lengths(ord(standard[0]), table):
            if length > len(standard):
                continue
            entries = table.get(standard[:length])
            if entries:
                for yomi, context in entries:
                    if context is None or before in context:
                        if len(standard) != len(rest):
                            length = _length_with_selectors(rest, standard, length)
                        return self._hiragana(yomi), length
        return None

    @functools.lru_cache(maxsize=None)
    def _hiragana(self, yomi: str) -> str:
        return self._iconv._k2h(yomi)

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """(original, hiragana) pieces that add up to ``text``.

        Kanji words carry their reading; a kanji the dictionary does not know
        carries ``""``; any other run its kana in hiragana (ヶ gives ゖ, as in
        pykakasi).
        """
        out: list[tuple[str, str]] = []
        i, n = 0, len(text)
        plain_start = 0
        before = ""
        while i < n:
            ch = text[i]
            if not self.is_kanji(ch):
                i += 1
                continue
            if plain_start < i:
                before = text[plain_start:i]
                out.append((before, self._hiragana(before)))
            hit = self.word_at(text, i, before)
            if hit is None:
                out.append((ch, ""))
                before = ch
                i += 1
            else:
                yomi, length = hit
                end = i + length
                while end < n and text[end] in _LONG_MARKS:
                    end += 1
                word = text[i:end]
                out.append((word, yomi + text[i + length:end]))
                before = word
                i = end
            plain_start = i
        if plain_start < n:
            out.append((text[plain_start:], self._hiragana(text[plain_start:])))
        return out


def _length_with_selectors(original: str, standard: str, length: int) -> int:
    """The length in ``original`` of a word ``length`` long in ``standard``,
    which is ``original`` without its variation selectors (pykakasi's
    ``JConv.convert`` counts them this way)."""
    selectors = len(original) - len(standard)
    for _ in range(selectors):
        if length > len(original):
            break
        if standard[length - 1] != original[length - 1]:
            length += 1
        elif length < len(original) and _is_selector(original[length]):
            length += 1
    return length


def _is_selector(ch: str) -> bool:
    return 0xE0100 <= ord(ch) <= 0xE01EF or 0xFE00 <= ord(ch) <= 0xFE02


@functools.lru_cache(maxsize=1)
def kanji_reader() -> KanjiReader:
    """One reader per process (pykakasi's dictionary takes about 0.4 s to load)."""
    return KanjiReader()
