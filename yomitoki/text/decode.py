"""Decoding source texts: bytes from ``source_texts/*.txt`` to one ``str``.

Staff export plan texts from Word or PDF, sometimes as Shift_JIS.  This
module decides the encoding deterministically, refuses files that are not
text at all, and never lets a traceback or a silent U+FFFD reach the user.

Choice of encoding (first rule that applies wins):

1. An empty file is text ("" in UTF-8).
2. Known non-text formats renamed ``.txt`` (PDF, ZIP-based Office files,
   old Office files, PNG, JPEG, GIF, RTF) are refused, naming the format.
3. A byte order mark decides: UTF-8 BOM -> ``utf-8-sig``, UTF-16 LE/BE BOM
   -> ``utf-16-le`` / ``utf-16-be``.  UTF-32 BOMs are refused.
4. Without a BOM, NUL bytes mean UTF-16 or binary.  UTF-16 without a BOM is
   accepted only when it clearly is UTF-16 (see ``_sniff_utf16``): one byte
   order decodes strictly, with no control characters, to text made of at
   least 95 % "Japanese plan" characters (ASCII, kana, kanji, CJK symbols,
   full-width forms ...), and at least 1 % of the code units are ASCII
   (high byte NUL).  Anything else with NUL bytes is refused as binary.
5. Data with many C0 control bytes is refused as binary.
6. Strict UTF-8 if the whole file decodes.
7. Otherwise, if the file is *mostly* UTF-8 (at least 20 correctly decoded
   non-ASCII characters per run of undecodable bytes), it is treated as damaged
   UTF-8, even when Python's ``cp932`` would happen to accept the bytes:
   that protects a UTF-8 file with one broken byte from being turned into
   Shift_JIS mojibake.  Genuine CP932 Japanese text decoded as UTF-8 gives
   about 0.25 valid non-ASCII characters per invalid sequence (measured on
   the bundled samples), far from 20.
8. Strict CP932 (Python's ``cp932``: NEC and IBM vendor characters such as
   ``﨑 ① ～ 髙 ㈱`` included).  The five bytes that Python maps without
   them being characters of CP932 text (0x80, 0xA0, 0xFD, 0xFE, 0xFF as
   single bytes; they become U+0080 and private-use U+F8F0..U+F8F3) count
   as undecodable: they are Windows-1252 / Latin-1 leftovers, not Japanese.
9. Otherwise, a mostly-CP932 file (same 20:1 rule) is damaged CP932.

``strict=True``: any undecodable byte raises ``SourceError`` naming file,
line and column.  ``strict=False``: a *mostly* valid file is decoded with
each run of consecutive undecodable bytes replaced by one ``〓`` (U+3013,
geta mark) and a ``Damage`` recorded; a file that is not mostly valid in any encoding is
still refused.  A file that is almost all ASCII has no evidence either
way, so one stray byte in it is refused even in lenient mode.

In both modes C0 control characters other than tab, line feed, carriage
return (newline handling) and form feed are replaced by ``〓`` and recorded
as ``Damage(kind="control")``: they are invisible, and most are not allowed
in HTML/XML.  DEL (U+007F) and C1 controls are kept as they are.

Newlines: CRLF and lone CR become LF.  A leading BOM is removed.  Nothing
else changes (no Unicode normalisation).  Line numbers count LF only
(after normalisation); note that ``str.splitlines`` also splits at form
feed, U+2028 etc., so callers numbering lines must split on ``"\\n"``.
"""
from __future__ import annotations

import bisect
import codecs
import pathlib
import re
import threading
from dataclasses import dataclass, field

from ..errors import SourceError  # noqa: F401  (re-exported)

__all__ = ["GETA", "Damage", "Decoded", "SourceError", "decode_bytes", "read_source"]

GETA = "\u3013"  # 〓, the customary mark for an undecodable character

# A file is "mostly" in an encoding when it has at least this many correctly
# decoded characters (non-ASCII ones, for BOM-less UTF-8/CP932) per invalid
# byte sequence.
_MOSTLY_VALID_RATIO = 20

# C0 controls that are damage (tab, LF, FF kept; CR is a newline).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D))

# Single bytes Python's cp932 decodes although they are no CP932 characters.
_CP932_NON_CHARS = re.compile("[\u0080\uf8f0-\uf8f3]")

_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "cp932": "Shift_JIS (CP932)",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
}

_RESAVE = "テキスト形式 (.txt、文字コードは UTF-8) で保存し直してください。"

# (signature, description of the format, what to do)
_SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "PDF ファイル",
     "PDF の文章をテキストとして書き出すか、元の Word などの文書を" + _RESAVE),
    (b"PK\x03\x04", "Word などの文書ファイル (.docx / .xlsx など)",
     "Word などで開き、「名前を付けて保存」で" + _RESAVE),
    (b"PK\x05\x06", "Word などの文書ファイル (.docx / .xlsx など)",
     "Word などで開き、「名前を付けて保存」で" + _RESAVE),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "古い形式の Word / Excel などの文書ファイル (.doc / .xls など)",
     "Word などで開き、「名前を付けて保存」で" + _RESAVE),
    (b"\x89PNG\r\n\x1a\n", "画像ファイル (PNG)",
     "画像からは文章を読み取れません。元の文書を" + _RESAVE),
    (b"\xff\xd8\xff", "画像ファイル (JPEG)",
     "画像からは文章を読み取れません。元の文書を" + _RESAVE),
    (b"GIF87a", "画像ファイル (GIF)",
     "画像からは文章を読み取れません。元の文書を" + _RESAVE),
    (b"GIF89a", "画像ファイル (GIF)",
     "画像からは文章を読み取れません。元の文書を" + _RESAVE),
    (b"{\\rtf", "リッチテキスト (RTF) ファイル",
     "Word などで開き、「名前を付けて保存」で" + _RESAVE),
]


@dataclass
class Damage:
    """One spot replaced by ``〓`` in the decoded text."""

    line: int          # 1-based line number in the decoded text
    column: int        # 1-based column (characters) in that line
    raw: bytes         # the offending bytes
    kind: str = "undecodable"   # "undecodable" or "control"

    def describe(self, path: str) -> str:
        """A Japanese warning for the build log, naming file, line and column."""
        where = f"{path} の {self.line} 行目 {self.column} 文字目"
        if self.kind == "control":
            return (f"{where}: 表示できない制御文字 ({_hex(self.raw)}) を「〓」に置き換えました。"
                    "元の文書でこの位置を確認し、不要な文字を取り除いてください。")
        return (f"{where}: 文字として読めないバイト列 ({_hex(self.raw)}) を「〓」に置き換えました。"
                "元の文書で正しい文字を確認し、ファイルを直して UTF-8 で保存し直してください。")


@dataclass
class Decoded:
    text: str                  # newlines normalised to "\n"; BOM removed
    encoding: str              # "utf-8", "utf-8-sig", "cp932", "utf-16-le", "utf-16-be"
    damaged: list[Damage] = field(default_factory=list)


# --------------------------------------------------------------------------
# Decoding with recorded error spots

_recorder = threading.local()


def _record_error(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _recorder.spots.append((exc.start, exc.end))
    return (GETA, exc.end)


codecs.register_error("yomitoki-record", _record_error)


@dataclass
class _Spot:
    index: int      # character index in the (not yet newline-normalised) text
    start: int      # byte offsets in the whole file
    end: int


@dataclass
class _Attempt:
    codec: str
    text: str                       # decoded, GETA at each spot, raw newlines
    spots: list[_Spot]
    evidence: int                   # correctly decoded characters that count

    @property
    def mostly_valid(self) -> bool:
        return len(self.spots) * _MOSTLY_VALID_RATIO <= self.evidence


def _cp932_width(ch: str) -> int:
    o = ord(ch)
    if o < 0x80 or 0xFF61 <= o <= 0xFF9F or _CP932_NON_CHARS.match(ch):
        return 1
    return 2


def _attempt(data: bytes, offset: int, codec: str, *, count_all: bool) -> _Attempt:
    """Decode ``data[offset:]`` with ``codec``, recording invalid sequences.

    Each run of consecutive undecodable bytes becomes one spot and one GETA.
    ``count_all``: every decoded character is evidence (BOM or sniffed
    UTF-16); otherwise only non-ASCII ones (ASCII is valid in both UTF-8
    and CP932, so it says nothing about which one is right).
    """
    body = data[offset:]
    _recorder.spots = []
    try:
        body.decode(codec, errors="yomitoki-record")
        bad = list(_recorder.spots)
    finally:
        _recorder.spots = []

    if codec == "cp932":
        # Bytes Python decodes although they are no CP932 characters.
        extra: list[tuple[int, int]] = []
        pos = 0
        for start, end in bad + [(len(body), len(body))]:
            segment = body[pos:start].decode(codec)   # valid by construction
            if _CP932_NON_CHARS.search(segment):
                byte_pos = pos
                for ch in segment:
                    width = _cp932_width(ch)
                    if _CP932_NON_CHARS.match(ch):
                        extra.append((byte_pos, byte_pos + 1))
                    byte_pos += width
            pos = end
        if extra:
            bad = sorted(bad + extra)

    merged: list[list[int]] = []
    for start, end in bad:
        if merged and merged[-1][1] == start:
            merged[-1][1] = end
        else:
            merged.append([start, end])

    pieces: list[str] = []
    spots: list[_Spot] = []
    length = 0
    pos = 0
    for start, end in merged + [[len(body), len(body)]]:
        segment = body[pos:start].decode(codec)   # valid by construction
        pieces.append(segment)
        length += len(segment)
        if start < len(body):
            spots.append(_Spot(length, offset + start, offset + end))
            pieces.append(GETA)
            length += 1
        pos = end

    text = "".join(pieces)
    if count_all:
        evidence = len(text) - len(spots)
    else:
        # non-ASCII characters (the ASCII ones survive an encode that drops the rest)
        evidence = len(text) - len(text.encode("ascii", "ignore")) - len(spots)
    return _Attempt(codec, text, spots, evidence)


# --------------------------------------------------------------------------
# Sniffing

def _sniff_format(data: bytes) -> tuple[str, str] | None:
    for signature, name, advice in _SIGNATURES:
        if data.startswith(signature):
            return name, advice
    return None


def _plausible_char(o: int) -> bool:
    """A character one expects in a Japanese plan text (for UTF-16 sniffing)."""
    return (
        o in (0x09, 0x0A, 0x0C, 0x0D)
        or 0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0x24F          # Latin-1 supplement, Latin extended
        or 0x370 <= o <= 0x4FF         # Greek, Cyrillic (in JIS X 0208)
        or 0x2000 <= o <= 0x27BF       # punctuation, symbols, ①, box drawing
        or 0x3000 <= o <= 0x30FF       # CJK symbols, ideographic space, kana
        or 0x3200 <= o <= 0x33FF       # ㈱, ㍉ ...
        or 0x4E00 <= o <= 0x9FFF       # CJK unified ideographs
        or 0xF900 <= o <= 0xFAFF       # CJK compatibility (﨑)
        or 0xFF00 <= o <= 0xFFEF       # full-width and half-width forms
        or 0x20000 <= o <= 0x3FFFF     # CJK extension B and later (𠮷)
    )


def _sniff_utf16(data: bytes) -> str | None:
    """The UTF-16 byte order of BOM-less ``data`` if it clearly is UTF-16."""
    if len(data) < 2 or len(data) % 2:
        return None
    best: tuple[int, str] | None = None
    units = len(data) // 2
    for codec, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        ascii_units = high.count(0)
        if ascii_units * 100 < units:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CONTROL_RE.search(text):
            continue
        plausible = sum(1 for c in text if _plausible_char(ord(c)))
        if plausible * 100 < len(text) * 95:
            continue
        if best is None or plausible > best[0]:
            best = (plausible, codec)
    return best[1] if best else None


def _too_many_controls(count: int, total: int) -> bool:
    # Real text exported from Word may carry a stray control character or
    # two; binary data has one in roughly every ten bytes.
    return count > 3 and count * 50 > total


# --------------------------------------------------------------------------
# Building the result

def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _hex(raw: bytes) -> str:
    return " ".join(f"0x{b:02X}" for b in raw)


def _location(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]`` after newline normalisation."""
    prefix = _normalise_newlines(text[:index])
    line = prefix.count("\n") + 1
    column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return line, column


def _display_bytes(data: bytes, spot: _Spot, codec: str | None) -> bytes:
    """The bytes to show in a message: the invalid sequence, plus the next
    byte when the sequence is a lone CP932 lead byte followed by a non-ASCII
    byte (a broken two-byte character reads better as ``0x82 0xFF`` than
    ``0x82``).  ``codec`` is the encoding the file is judged to be in, or
    None when undecided."""
    raw = data[spot.start:spot.end]
    if (codec in (None, "cp932") and len(raw) == 1 and _is_cp932_lead(raw[0])
            and spot.end < len(data) and data[spot.end] >= 0x80):
        raw = data[spot.start:spot.end + 1]
    return raw


def _is_cp932_lead(b: int) -> bool:
    return 0x81 <= b <= 0x9F or 0xE0 <= b <= 0xFC


def _binary_error(path: str, detail: str) -> SourceError:
    return SourceError(
        path, None,
        f"文章のテキストファイルではないようです ({detail})。"
        "元の文書を Word などで開き、「名前を付けて保存」で" + _RESAVE,
    )


def _undecodable_error(path: str, data: bytes, attempt: _Attempt, intended: bool) -> SourceError:
    spot = attempt.spots[0]
    # Line counting: the prefix before the bad byte decodes cleanly under
    # ``attempt.codec`` (the encoding the file is judged to be in, or else
    # the one that got furthest).  For UTF-8 and CP932 the line number would
    # be the same under either, since 0x0A/0x0D never occur inside a
    # multibyte character; the column (in characters) depends on it.
    line, column = _location(attempt.text, spot.index)
    shown = _hex(_display_bytes(data, spot, attempt.codec if intended else None))
    if intended:
        name = _ENCODING_NAMES[attempt.codec]
        message = (f"{name} として読めないバイト列 ({shown}) があります。"
                   f"ファイルの大部分は {name} ですが、この部分が壊れているか、別の文字コードの文字が混ざっています。"
                   "テキストエディタでこの位置を確認して正しい文字に直し、UTF-8 で保存し直してください。")
    else:
        message = (f"文字コードを判別できません。UTF-8 としても Shift_JIS (CP932) としても読めないバイト列 ({shown}) があります。"
                   "テキストエディタで UTF-8 を選んで保存し直してください。")
    return SourceError(path, line, message, column)


def _finish(path: str, data: bytes, attempt: _Attempt, encoding: str) -> Decoded:
    """Replace control characters, normalise newlines, place the damage."""
    raw_text = attempt.text
    nul = raw_text.find("\x00")
    if nul >= 0:
        raise _binary_error(path, "NUL 文字 (0x00) が含まれています")
    controls = [m.start() for m in _CONTROL_RE.finditer(raw_text)]
    if _too_many_controls(len(controls), len(raw_text)):
        raise _binary_error(path, "表示できない制御文字が多く含まれています")

    marks: list[tuple[int, bytes, str]] = [
        (s.index, data[s.start:s.end], "undecodable") for s in attempt.spots
    ]
    if controls:
        marks += [(i, raw_text[i].encode(attempt.codec), "control") for i in controls]
        raw_text = _CONTROL_RE.sub(GETA, raw_text)
        marks.sort(key=lambda m: m[0])

    text = _normalise_newlines(raw_text)
    damaged: list[Damage] = []
    if marks:
        # Index shift: each CRLF before a mark shortens the text by one.
        crlf = [m.start() for m in re.finditer("\r\n", raw_text)]
        newlines = [m.start() for m in re.finditer("\n", text)]
        for index, raw, kind in marks:
            final = index - bisect.bisect_left(crlf, index)
            line = bisect.bisect_left(newlines, final)   # newlines before it
            line_start = newlines[line - 1] + 1 if line else 0
            damaged.append(Damage(line + 1, final - line_start + 1, raw, kind))
    return Decoded(text, encoding, damaged)


# --------------------------------------------------------------------------
# Public API

def decode_bytes(data: bytes, path: str, *, strict: bool = True) -> Decoded:
    """Decode one source file's bytes; ``path`` names it in messages.

    Raises ``SourceError`` (Japanese message) for non-text files and, in
    strict mode, for any undecodable byte.  See the module docstring.
    """
    if not data:
        return Decoded("", "utf-8", [])

    fmt = _sniff_format(data)
    if fmt is not None:
        name, advice = fmt
        if name[0].isascii():
            name = " " + name + " "
        raise SourceError(path, None, f"拡張子は .txt ですが、中身は{name}のようです。{advice}")

    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SourceError(path, None, "UTF-32 で保存されたファイルは読めません。"
                          "テキストエディタで UTF-8 を選んで保存し直してください。")

    for bom, codec, encoding in (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ):
        if data.startswith(bom):
            attempt = _attempt(data, len(bom), codec, count_all=True)
            if attempt.spots and (strict or not attempt.mostly_valid):
                raise _undecodable_error(path, data, attempt, intended=True)
            return _finish(path, data, attempt, encoding)

    if b"\x00" in data:
        codec = _sniff_utf16(data)
        if codec is None:
            raise _binary_error(path, "NUL 文字 (0x00) が含まれています")
        return _finish(path, data, _attempt(data, 0, codec, count_all=True), codec)

    controls = sum(data.count(b) for b in _CONTROL_BYTES)
    if _too_many_controls(controls, len(data)):
        raise _binary_error(path, "表示できない制御文字が多く含まれています")

    utf8 = _attempt(data, 0, "utf-8", count_all=False)
    if not utf8.spots:
        return _finish(path, data, utf8, "utf-8")
    cp932 = _attempt(data, 0, "cp932", count_all=False)

    chosen: _Attempt | None
    if utf8.mostly_valid:
        chosen = utf8
    elif not cp932.spots:
        return _finish(path, data, cp932, "cp932")
    elif cp932.mostly_valid:
        chosen = cp932
    else:
        chosen = None

    if chosen is None:
        furthest = max((utf8, cp932), key=lambda a: a.spots[0].start)
        raise _undecodable_error(path, data, furthest, intended=False)
    if strict:
        raise _undecodable_error(path, data, chosen, intended=True)
    return _finish(path, data, chosen, chosen.codec)


def read_source(path: pathlib.Path, *, display_path: str | None = None, strict: bool = True) -> Decoded:
    """Read and decode one source file; messages name ``display_path``
    (default ``str(path)``), e.g. ``source_texts/foo.txt``."""
    shown = display_path if display_path is not None else str(path)
    try:
        data = pathlib.Path(path).read_bytes()
    except IsADirectoryError:
        raise SourceError(shown, None, "ファイルではなくフォルダです。テキストファイル (.txt) を置いてください。") from None
    except FileNotFoundError:
        raise SourceError(shown, None, "ファイルが見つかりません。ファイル名と置き場所を確認してください。") from None
    except PermissionError:
        raise SourceError(shown, None, "ファイルを読む権限がありません。"
                          "ほかのソフトでファイルを開いていないか、ファイルの権限を確認してください。") from None
    except OSError as exc:
        raise SourceError(shown, None, f"ファイルを読み込めません ({exc.strerror or exc})。"
                          "ファイルが壊れていないか、置き場所が正しいか確認してください。") from None
    return decode_bytes(data, shown, strict=strict)
