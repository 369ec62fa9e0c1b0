"""Decoding source texts: bytes from ``source_texts/*.txt`` to one ``str``.

Staff export plan texts from Word or PDF, sometimes as Shift_JIS, and older
Unix systems and mail write EUC-JP or ISO-2022-JP ("JIS").  This module
decides the encoding deterministically, refuses files that are not text at
all, and never lets a traceback or a silent U+FFFD reach the user.

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
5. ISO-2022-JP -> ``iso-2022-jp``: the file designates a Japanese character
   set (ESC $ B, ESC $ @, ESC $ ( Q/O/P/D or ESC ( I) and, read as
   ISO-2022-JP (see ``_attempt_iso2022``), is mostly valid (the 20:1 rule
   of rule 8) with at most one byte >= 0x80 per 20 decoded non-ASCII
   characters (genuine ISO-2022-JP is 7-bit; a UTF-8 file that merely
   contains such an escape sequence is not ISO-2022-JP).  This rule comes
   before rule 6 because ESC is a C0 control byte: in a genuine ISO-2022-JP
   file the escape sequences are read as such and are neither "control
   bytes" (rule 6) nor control-character damage.  A file that fails this
   rule goes on to rule 6, which counts its ESC bytes as for any file.
6. Data with many C0 control bytes is refused as binary.
7. Strict UTF-8 if the whole file decodes.
8. Otherwise, if the file is *mostly* UTF-8 (at least 20 correctly decoded
   non-ASCII characters per run of undecodable bytes), it is treated as damaged
   UTF-8, even when Python's ``cp932`` would happen to accept the bytes:
   that protects a UTF-8 file with one broken byte from being turned into
   Shift_JIS mojibake.  Genuine CP932 Japanese text decoded as UTF-8 gives
   about 0.25 valid non-ASCII characters per invalid sequence (measured on
   the bundled samples), far from 20.
9. Otherwise CP932 (``cp932``) or EUC-JP (``euc-jp``), whichever reading is
   mostly valid (20:1; a strictly valid reading is mostly valid).  If both
   are, the more *plausible* one (below) wins, EUC-JP only by more than
   one point; equal after that handicap: the one with fewer undecodable
   spots; still equal: CP932, the common one on Japanese Windows.  If
   neither is, the file is refused.

   * CP932 is Python's ``cp932``: NEC and IBM vendor characters such as
     ``﨑 ① ～ 髙 ㈱`` included.  The five bytes that Python maps without
     them being characters of CP932 text (0x80, 0xA0, 0xFD, 0xFE, 0xFF as
     single bytes; they become U+0080 and private-use U+F8F0..U+F8F3) count
     as undecodable: they are Windows-1252 / Latin-1 leftovers, not Japanese.
   * EUC-JP is read with Python's ``euc_jis_2004``, which decodes every byte
     sequence ``euc_jp`` decodes to the same characters (checked cell by
     cell) and also the JIS X 0213 additions (``① ㈱ 﨑 ～ •``).

Plausibility (``_plausibility``) scores how much a reading looks like a
Japanese plan text, in points per byte of each correctly decoded non-ASCII
character: 4 for a typical character (JIS rows 1-8: punctuation, symbols,
full-width letters and digits, hiragana, katakana, Greek, Cyrillic, box
drawing; row 13: ``① ㈱``; rows 16-47: the 2,965 kanji of JIS level 1; the
symbols of CP932's IBM extensions such as ``ⅰ``), 3 for half-width
katakana, 2 for other kanji (JIS level 2, JIS X 0212/0213, IBM/NEC
extensions such as ``髙``) and private-use characters (CP932 gaiji), 0 for
anything else and for undecodable bytes.  A CP932 kanji whose bytes are an
EUC-JP half-width katakana (0x8E + 0xA1..0xDF) scores 3 per byte like the
EUC-JP reading of those bytes, so that half-width katakana do not make
EUC-JP text look like CP932 kanji (治 自 者 社 ...).  The one-point
handicap of EUC-JP: a half-width katakana followed by a CP932 kanji whose
second byte is ASCII (``ﾄ絣``: 3 + 4 points) is, byte for byte, one
typical EUC-JP character and an ASCII letter (``低R``: 8 points); a
one-point difference says nothing, and CP932 is the default.  The
smallest real lead of EUC-JP, one typical character against its reading
as two half-width katakana (8 against 6), is two points.

Why this decides correctly: the byte sequences valid in both encodings
are few for real text.  CP932 writes kana, punctuation and common kanji
with lead bytes 0x81..0x9F, which EUC-JP never uses, so CP932 Japanese is
not even mostly valid EUC-JP; the CP932 strings that are valid EUC-JP
hold only half-width katakana, kanji with lead byte 0x8E (scored as EUC-JP
would), 0x8F (row 30) or 0xE0..0xFC (level 2, extensions, gaiji).  EUC-JP text
(bytes 0xA1..0xFE) read as CP932 becomes half-width katakana (single bytes
0xA1..0xDF, 3 points) and kanji of level 2, the extensions and gaiji (lead
0xE0..0xFC, 2 points), against 4 points for EUC-JP text of typical
characters.  So text of typical characters is read as itself in both
encodings, however short, unless its bytes are also valid UTF-8 (rule 7
comes first).  Measured with ``PYTHONPATH=. python
tools/measure_encodings.py --samples 100000 --cp932-examples 400000``:

* The bundled plans (6,983 and 167,724 bytes as EUC-JP) read as CP932
  have 304 and 7,278 undecodable spots (not mostly valid) and score 2.65
  points per byte, against 4.00 as EUC-JP; as CP932 they score 3.93 and
  read as EUC-JP have 1,228 and 28,169 spots for 55 and 1,665 characters.
  All three conversions (CP932, EUC-JP, ISO-2022-JP) decode to the text.
* Every sentence of the plans as a file of its own (2,450 in CP932, 2,466
  in EUC-JP): none is read as the other encoding (6 EUC-JP ones are valid
  UTF-8 and read as UTF-8).  With their katakana made half-width: 1 CP932
  sentence (``1ﾊﾛｰﾜｰｸ``) is read as EUC-JP and 7 EUC-JP ones as CP932, all
  made of half-width katakana and ASCII only.
* Random strings of 1..20 characters of the property-test alphabet (JIS X
  0208 kana, punctuation, full-width forms and level-1 kanji that both
  encodings have, digits, space, LF; 100,000 per length): the CP932 ones
  are always read as CP932, the EUC-JP ones always as EUC-JP except those
  whose bytes are valid UTF-8 (12.8 % of 1-character strings, 1.7 % at 2,
  0.2 % at 3, 25 and 3 of 100,000 at 4 and 5, none from 6 on).

Known ambiguous input: text whose only non-ASCII characters are half-width
katakana.  Its bytes are as well EUC-JP kanji (CP932 ``ﾃｷｽﾄ`` is EUC-JP
``歎縦``), or CP932 kanji (EUC-JP ``ｻｰﾋﾞｽ`` is CP932 ``悉鴫射酌漆``); the
full-width reading is preferred, so such EUC-JP text is read as CP932
(the default on a tie), and 30 of the 83 katakana words of the plans
written half-width in CP932 are read as EUC-JP.  Strings of the whole CP932
repertoire that contain none of its common characters (only half-width
katakana, level-2 or extension kanji, gaiji) could in principle read better
as EUC-JP; of 392,251 strings generated as ``test_property_cp932_roundtrip``
generates them (400,000 examples; the others read as UTF-8 by rule), none is read
as EUC-JP (``--cp932-examples 400000``).

ISO-2022-JP (``_attempt_iso2022``): the escape sequences are read by this
module, and the text between two of them is decoded by the Python codec
for the designated set (``iso2022_jp`` for ASCII, JIS X 0201 Roman, JIS C
6226 and JIS X 0208; ``iso2022_jp_ext`` for half-width katakana (ESC ( I)
and JIS X 0212; ``iso2022_jp_2004`` / ``iso2022_jp_3`` for JIS X 0213;
``iso2022_jp_2`` for GB 2312, KS X 1001 and the ISO 8859 sets after ESC N),
so a file mixing them is read, and a damaged escape sequence is one
undecodable spot after which the text is read as JIS X 0208 (``ESC $`` ...)
or ASCII (``ESC (`` ...), or in the set in effect.  The JIS X 0208 cells
that Microsoft's ISO-2022-JP (CP50220/50221) fills with CP932 characters
(row 13: ``① ㈱``; rows 89-92: ``﨑 髙``) are read as those characters.
Not supported: SO/SI half-width katakana (CP50222) - SO and SI are
control-character damage.

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
import functools
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

# Reported encoding (``Decoded.encoding``) -> name shown to staff.
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "cp932": "Shift_JIS (CP932)",
    "euc-jp": "EUC-JP",
    "iso-2022-jp": "ISO-2022-JP (JIS)",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
}

# Python codec used for EUC-JP: ``euc_jis_2004`` decodes every byte sequence
# ``euc_jp`` decodes to the same characters (checked cell by cell, JIS X 0208
# and the 0x8F plane) and also the JIS X 0213 additions (``① ㈱ 﨑 ～ •``).
_EUC_CODEC = "euc_jis_2004"

# Python codec -> reported encoding, where they differ.
_REPORTED = {_EUC_CODEC: "euc-jp", "iso2022_jp": "iso-2022-jp"}

# ISO-2022-JP designations of G0 (escape sequences, in the forms Python
# reads) and the Python codec that decodes text under each.
# ``iso2022_jp_2004`` lacks ESC $ @ and ESC ( J, ``iso2022_jp`` lacks ESC ( I
# and JIS X 0213, so no single codec reads every file; each stretch of text
# between escape sequences is decoded on its own.
_ISO2022_DESIGNATIONS: dict[bytes, str] = {
    b"\x1b(B": "iso2022_jp",        # ASCII
    b"\x1b(J": "iso2022_jp",        # JIS X 0201 Roman (0x5C is ¥, 0x7E is ‾)
    b"\x1b(I": "iso2022_jp_ext",    # JIS X 0201 half-width katakana
    **{b"\x1b$" + form + final: codec
       for form in (b"", b"(")
       for final, codec in (
           (b"@", "iso2022_jp"),        # JIS C 6226-1978
           (b"B", "iso2022_jp"),        # JIS X 0208
           (b"D", "iso2022_jp_ext"),    # JIS X 0212
           (b"O", "iso2022_jp_3"),      # JIS X 0213:2000 plane 1
           (b"Q", "iso2022_jp_2004"),   # JIS X 0213:2004 plane 1
           (b"P", "iso2022_jp_2004"),   # JIS X 0213 plane 2
           (b"A", "iso2022_jp_2"),      # GB 2312 (ISO-2022-JP-2)
           (b"C", "iso2022_jp_2"),      # KS X 1001 (ISO-2022-JP-2)
       )},
}
# ISO-2022-JP-2: G2 designations (ISO 8859-1, -7), used one character at a
# time after the single shift ESC N.
_ISO2022_G2 = (b"\x1b.A", b"\x1b.F")
_SINGLE_SHIFT = b"\x1bN"
_ASCII = b"\x1b(B"
_JIS_X_0208 = (b"\x1b$B", b"\x1b$@", b"\x1b$(B", b"\x1b$(@")
# A file is ISO-2022-JP only if it designates a Japanese character set.
_ISO2022_JAPANESE = re.compile(rb"\x1b(?:\$[@B]|\$\([@BDOPQ]|\(I)")
# One escape sequence: ESC, at most two intermediate bytes, a final byte.
_ESCAPE = re.compile(rb"\x1b[\x20-\x2f]{0,2}[\x30-\x7e]?")
_HIGH_BYTES = bytes(range(0x80, 0x100))

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
    encoding: str              # "utf-8", "utf-8-sig", "cp932", "euc-jp", "iso-2022-jp", "utf-16-le", "utf-16-be"
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

# Placeholder for an undecodable spot where the text cannot be cut into
# separately decoded pieces (stateful ISO-2022-JP); no decoder yields U+FFFF.
_MARK = "\uffff"


def _mark_error(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _recorder.spots.append((exc.start, exc.end))
    return (_MARK, exc.end)


codecs.register_error("yomitoki-mark", _mark_error)


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

    @property
    def encoding(self) -> str:
        """The name reported in ``Decoded.encoding``."""
        return _REPORTED.get(self.codec, self.codec)


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


def _jis_to_sjis(row: int, cell: int) -> bytes:
    """The Shift_JIS bytes of JIS X 0208 row and cell (both 1..94)."""
    lead = (row + 1) // 2 + (0x80 if row <= 62 else 0xC0)
    if row % 2:
        trail = cell + (0x3F if cell <= 63 else 0x40)
    else:
        trail = cell + 0x9E
    return bytes([lead, trail])


def _cp932_extension(designation: bytes, raw: bytes) -> str | None:
    """The CP932 character that Microsoft's ISO-2022-JP (CP50220/CP50221)
    writes in a JIS X 0208 cell that JIS leaves empty: row 13 (``① ㈱``) and
    rows 89-92 (``﨑 髙``).  Python's ISO-2022-JP codecs reject these cells."""
    if designation not in _JIS_X_0208 or len(raw) != 2:
        return None
    row, cell = raw[0] - 0x20, raw[1] - 0x20
    if row not in (13, 89, 90, 91, 92) or not 1 <= cell <= 94:
        return None
    try:
        return _jis_to_sjis(row, cell).decode("cp932")
    except UnicodeDecodeError:
        return None


def _attempt_iso2022(data: bytes) -> _Attempt:
    """Decode ISO-2022-JP ``data``, recording invalid sequences.

    The escape sequences are read here; each stretch of text between two
    of them is decoded by the Python codec for its designation (with the
    designation in front).  An escape sequence that designates nothing known
    is one undecodable spot; the text after ``ESC $ <broken>`` is read as
    JIS X 0208 and after ``ESC ( <broken>`` as ASCII (the likely intent),
    after any other broken sequence in the character set in effect.  Reading
    the escapes here also keeps Python's codecs from passing an unknown
    escape sequence and the bytes after it through as Latin-1 without error.
    """
    items: list[str | tuple[int, int]] = []
    state = _ASCII
    g2: bytes | None = None
    pos = 0
    for match in [*_ESCAPE.finditer(data), None]:
        if match is not None and match.start() < pos:
            continue        # the byte after a single shift, read with it
        end = match.start() if match else len(data)
        if end > pos:
            _decode_iso2022_stretch(data, pos, end, state, _ISO2022_DESIGNATIONS[state], items)
        if match is None:
            break
        sequence = match.group()
        pos = match.end()
        if sequence in _ISO2022_DESIGNATIONS:
            state = sequence
        elif sequence in _ISO2022_G2:
            g2 = sequence
        elif sequence == _SINGLE_SHIFT and g2 is not None and pos < len(data):
            _decode_iso2022_stretch(data, pos, pos + 1, g2 + _SINGLE_SHIFT, "iso2022_jp_2", items)
            pos += 1
        else:
            items.append((match.start(), pos))
            if sequence.startswith(b"\x1b$"):
                state = b"\x1b$B"
            elif sequence.startswith(b"\x1b("):
                state = _ASCII
    return _from_items("iso2022_jp", items)


def _decode_iso2022_stretch(data: bytes, start: int, end: int, designation: bytes, codec: str,
                            items: list[str | tuple[int, int]]) -> None:
    body = designation + data[start:end]
    shift = start - len(designation)    # body offset -> file offset
    _recorder.spots = []
    try:
        text = body.decode(codec, errors="yomitoki-mark")
        bad = list(_recorder.spots)
    finally:
        _recorder.spots = []
    pieces = text.split(_MARK)
    for piece, (bad_start, bad_end) in zip(pieces, bad):
        items.append(piece)
        ch = _cp932_extension(designation, body[bad_start:bad_end])
        items.append(ch if ch is not None else (bad_start + shift, bad_end + shift))
    items.append(pieces[-1])


def _from_items(codec: str, items: list[str | tuple[int, int]]) -> _Attempt:
    """An attempt from decoded text and (start, end) byte ranges of undecodable
    spots, in file order; spots next to each other become one."""
    pieces: list[str] = []
    spots: list[_Spot] = []
    length = 0
    for item in items:
        if isinstance(item, str):
            pieces.append(item)
            length += len(item)
        elif spots and spots[-1].end == item[0] and spots[-1].index == length - 1:
            spots[-1].end = item[1]
        else:
            spots.append(_Spot(length, item[0], item[1]))
            pieces.append(GETA)
            length += 1
    text = "".join(pieces)
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


def _jis_rows(rows, euc_codec: str) -> frozenset[str]:
    """The characters of the given JIS rows, as EUC-JP and as CP932 decode
    them (their mappings differ, e.g. ``〜``/``～``)."""
    chars: set[str] = set()
    for row in rows:
        for cell in range(1, 95):
            for raw, codec in ((bytes([0xA0 + row, 0xA0 + cell]), euc_codec),
                               (_jis_to_sjis(row, cell), "cp932")):
                try:
                    chars.update(raw.decode(codec))
                except UnicodeDecodeError:
                    pass
    return frozenset(chars)


def _other_japanese(o: int) -> bool:
    """Kanji beyond level 1 (JIS level 2, JIS X 0212/0213, IBM and NEC
    extensions such as 髙) and private-use characters (CP932 user-defined
    gaiji): real, but rare in plan texts."""
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or 0xE000 <= o <= 0xF8FF)


def _cp932_extension_symbols() -> frozenset[str]:
    """The non-kanji of CP932's IBM extensions (``ⅰ ⅱ ￤ ＇ ＂``)."""
    chars: set[str] = set()
    for lead in (0xED, 0xEE, 0xFA, 0xFB, 0xFC):
        for trail in [*range(0x40, 0x7F), *range(0x80, 0xFD)]:
            try:
                ch = bytes([lead, trail]).decode("cp932")
            except UnicodeDecodeError:
                continue
            if not _other_japanese(ord(ch)):
                chars.add(ch)
    return frozenset(chars)


# Characters typical of a Japanese plan text: JIS rows 1-8 (punctuation,
# symbols, full-width letters and digits, hiragana, katakana, Greek,
# Cyrillic, box drawing), row 13 (① ㈱ ㍉, NEC's row in CP932), rows 16-47
# (the 2,965 kanji of JIS level 1, the common ones) and the symbols among
# CP932's IBM extensions (ⅰ ⅱ ＇).
# (Made when a file is first scored: a build of UTF-8 files never needs it.)
@functools.lru_cache(maxsize=1)
def _typical() -> frozenset[str]:
    return (_jis_rows([*range(1, 9), 13], _EUC_CODEC)         # JIS X 0213 symbols too (•)
            | _jis_rows(range(16, 48), "euc_jp")              # JIS X 0208 kanji only
            | _cp932_extension_symbols())

# CP932 characters whose bytes are an EUC-JP half-width katakana (single
# shift 0x8E + 0xA1..0xDF).  As CP932 they are level-1 kanji (治 自 者 社 ...);
# they count only what the EUC-JP reading of the same bytes would, so that
# half-width katakana in EUC-JP text are not outvoted.
_CP932_AS_EUC_KANA = frozenset(bytes([0x8E, t]).decode("cp932") for t in range(0xA1, 0xE0))

# Plausibility points per byte (see the module docstring).
_TYPICAL_POINTS = 4
_HALF_WIDTH_POINTS = 3
_OTHER_POINTS = 2
# EUC-JP must outscore CP932 by more than this to be chosen.
_EUC_HANDICAP = 1


@functools.lru_cache(maxsize=None)
def _points(ch: str, euc: bool) -> int:
    """Plausibility points of one decoded non-ASCII character: points per
    byte times its length in bytes in the encoding it was decoded from."""
    o = ord(ch)
    if 0xFF61 <= o <= 0xFF9F:                    # half-width katakana
        return _HALF_WIDTH_POINTS * (2 if euc else 1)
    if not euc and ch in _CP932_AS_EUC_KANA:
        return _HALF_WIDTH_POINTS * 2
    if ch in _typical():
        per_byte = _TYPICAL_POINTS
    elif _other_japanese(o):
        per_byte = _OTHER_POINTS
    else:
        return 0
    width = 2
    if euc:
        try:
            width = len(ch.encode(_EUC_CODEC))   # 3 for the 0x8F plane
        except UnicodeEncodeError:
            pass
    return per_byte * width


def _plausibility(attempt: _Attempt) -> int:
    """How much the decoded text looks like Japanese plan text: the points
    of its correctly decoded non-ASCII characters (undecodable spots: 0)."""
    euc = attempt.codec == _EUC_CODEC
    spots = {spot.index for spot in attempt.spots}
    return sum(_points(ch, euc) for i, ch in enumerate(attempt.text)
               if ch >= "\x80" and i not in spots)


def _maybe_mostly_valid(data: bytes, codec: str) -> bool:
    """``_attempt(data, 0, codec, count_all=False).mostly_valid``, quickly
    (for a stateless codec without pseudo-characters, such as EUC-JP): with
    ``errors="replace"`` each invalid sequence becomes one U+FFFD, which no
    EUC-JP character decodes to, and a run of them is one spot."""
    text = data.decode(codec, errors="replace")
    replaced = text.count("\ufffd")
    evidence = len(text) - len(text.encode("ascii", "ignore")) - replaced
    return len(re.findall("\ufffd+", text)) * _MOSTLY_VALID_RATIO <= evidence


def _cp932_or_euc(cp932: _Attempt, euc: _Attempt | None) -> _Attempt | None:
    """The reading of a non-UTF-8 file: whichever of CP932 and EUC-JP is
    mostly valid; if both are, the more plausible (EUC-JP by more than
    ``_EUC_HANDICAP`` points), then the one with fewer spots, then CP932.
    ``euc`` is None when it is not mostly valid."""
    candidates = [a for a in (cp932, euc) if a is not None and a.mostly_valid]
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    return max(candidates, key=lambda a: (_plausibility(a) - (_EUC_HANDICAP if a is euc else 0),
                                          -len(a.spots)))


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
        name = _ENCODING_NAMES[attempt.encoding]
        message = (f"{name} として読めないバイト列 ({shown}) があります。"
                   f"ファイルの大部分は {name} ですが、この部分が壊れているか、別の文字コードの文字が混ざっています。"
                   "テキストエディタでこの位置を確認して正しい文字に直し、UTF-8 で保存し直してください。")
    else:
        message = (f"文字コードを判別できません。UTF-8、Shift_JIS (CP932)、EUC-JP のどれとしても読めないバイト列 ({shown}) があります。"
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

    if _ISO2022_JAPANESE.search(data):
        iso = _attempt_iso2022(data)
        high = len(data) - len(data.translate(None, _HIGH_BYTES))
        if iso.mostly_valid and high * _MOSTLY_VALID_RATIO <= iso.evidence:
            if iso.spots and strict:
                raise _undecodable_error(path, data, iso, intended=True)
            return _finish(path, data, iso, iso.encoding)

    controls = sum(data.count(b) for b in _CONTROL_BYTES)
    if _too_many_controls(controls, len(data)):
        raise _binary_error(path, "表示できない制御文字が多く含まれています")

    utf8 = _attempt(data, 0, "utf-8", count_all=False)
    if not utf8.spots:
        return _finish(path, data, utf8, "utf-8")
    cp932 = _attempt(data, 0, "cp932", count_all=False)
    euc = None
    if _maybe_mostly_valid(data, _EUC_CODEC):
        euc = _attempt(data, 0, _EUC_CODEC, count_all=False)

    chosen = utf8 if utf8.mostly_valid else _cp932_or_euc(cp932, euc)
    if chosen is None:
        euc = euc or _attempt(data, 0, _EUC_CODEC, count_all=False)
        furthest = max((utf8, cp932, euc), key=lambda a: a.spots[0].start)
        raise _undecodable_error(path, data, furthest, intended=False)
    if chosen.spots and strict:
        raise _undecodable_error(path, data, chosen, intended=True)
    return _finish(path, data, chosen, chosen.encoding)


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
