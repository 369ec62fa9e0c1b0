"""Tests for yomitoki.text.decode: encodings, newlines, damage, refused formats."""
from __future__ import annotations

import codecs
import io
import pathlib
import re
import zipfile

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yomitoki.text.decode import GETA, Damage, Decoded, SourceError, decode_bytes, read_source

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "source_texts").glob("*.txt"))
PATH = "source_texts/foo.txt"

JAPANESE = "第7期伊賀市障がい福祉計画\n①福祉施設入所者の地域生活への移行\n"
# Enough correctly encoded Japanese to make a file "mostly" one encoding.
FILLER = "障害福祉サービスの量の見込みについて説明します。" * 4


def decode(data: bytes, strict: bool = True) -> Decoded:
    return decode_bytes(data, PATH, strict=strict)


def error_of(data: bytes, strict: bool = True) -> SourceError:
    with pytest.raises(SourceError) as info:
        decode(data, strict)
    return info.value


# --- encodings --------------------------------------------------------------

def test_utf8_without_bom():
    result = decode(JAPANESE.encode("utf-8"))
    assert result == Decoded(JAPANESE, "utf-8", [])


def test_utf8_with_bom_is_removed():
    result = decode(codecs.BOM_UTF8 + JAPANESE.encode("utf-8"))
    assert result.encoding == "utf-8-sig"
    assert result.text == JAPANESE
    assert not result.text.startswith("\ufeff")


def test_only_leading_bom_removed():
    text = "前\ufeff後\n"
    result = decode(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert result.text == text


def test_cp932_vendor_characters():
    text = "山﨑さん\n①②③ 10～20人\n髙橋 ㈱伊賀\n"
    result = decode(text.encode("cp932"))
    assert result.encoding == "cp932"
    assert result.text == text
    assert result.damaged == []


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE),
                                        ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_with_bom(codec, bom):
    text = "髙橋﨑 ① 計画\r\n二行目\n"
    result = decode(bom + text.encode(codec))
    assert result.encoding == codec
    assert result.text == "髙橋﨑 ① 計画\n二行目\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_when_clearly_utf16(codec):
    text = "第1章　計画の概要\n一　目的\n(1) 対象者 100人\n"
    result = decode(text.encode(codec))
    assert result.encoding == codec
    assert result.text == text


def test_utf32_refused():
    error = error_of(codecs.BOM_UTF32_LE + "計画".encode("utf-32-le"))
    assert "UTF-32" in str(error) and PATH in str(error)


def test_pure_ascii_is_utf8():
    data = b"Plan 2024\n(1) targets: 6%\n"
    assert data.decode("cp932") == data.decode("utf-8")  # valid in both
    result = decode(data)
    assert result.encoding == "utf-8"
    assert result.text == data.decode("ascii")


# --- newlines ---------------------------------------------------------------

def test_crlf_normalised():
    assert decode("一\r\n二\r\n".encode("utf-8")).text == "一\n二\n"


def test_lone_cr_normalised():
    assert decode("一\r二\r\r三".encode("cp932")).text == "一\n二\n\n三"


def test_mixed_newlines_and_form_feed_kept():
    result = decode(b"a\r\nb\rc\nd\x0ce\tf")
    assert result.text == "a\nb\nc\nd\x0ce\tf"
    assert result.damaged == []


# --- strict mode errors -----------------------------------------------------

def test_strict_error_on_line_1():
    error = error_of(b"abc\x82\xffdef\nghi\n")
    message = str(error)
    assert message.startswith(f"{PATH} の 1 行目 4 文字目付近:")
    assert "0x82 0xFF" in message
    assert "UTF-8" in message and "Shift_JIS" in message
    assert "保存し直してください" in message
    assert "Traceback" not in message
    assert (error.path, error.line, error.column) == (PATH, 1, 4)


def test_strict_error_on_line_3():
    error = error_of(b"one\ntwo\nthr\xffee\n")
    assert error.line == 3
    assert f"{PATH} の 3 行目" in str(error)


def test_strict_error_line_with_crlf():
    error = error_of(b"one\r\ntwo\r\nthree\r\nfo\x82\xffur\r\n")
    assert error.line == 4
    assert error.column == 3


def test_strict_error_line_with_cr_only():
    error = error_of(b"one\rtwo\r\xff")
    assert error.line == 3


def test_damaged_utf8_names_utf8_and_is_not_read_as_cp932():
    # A mostly-UTF-8 file with one broken byte must not silently become
    # Shift_JIS mojibake, even though cp932 might accept the bytes.
    data = (FILLER + "\n" + FILLER + "\n").encode("utf-8")
    broken = data[:3] + b"\xff" + data[3:]   # after the first character
    error = error_of(broken)
    assert error.line == 1 and error.column == 2
    assert "UTF-8 として読めない" in str(error)


def test_damaged_utf8_preferred_even_when_cp932_accepts_it():
    # "ちつ..." in UTF-8 happens to be valid CP932 too (lead+trail, then a
    # half-width katakana); one stray 0xB1 keeps it valid CP932 but breaks
    # UTF-8.  The file is mostly UTF-8, so it is damaged UTF-8, not cp932.
    text = "ちつてとなにぬねのはひふへほまみむ" * 3
    data = text[:5].encode("utf-8") + b"\xb1" + text[5:].encode("utf-8")
    data.decode("cp932")   # precondition: Python's cp932 accepts it
    error = error_of(data)
    assert (error.line, error.column) == (1, 6)
    assert "UTF-8 として読めない" in str(error) and "0xB1" in str(error)
    result = decode(data, strict=False)
    assert result.encoding == "utf-8"
    assert result.text == text[:5] + GETA + text[5:]


def test_damaged_cp932_names_cp932():
    data = (FILLER + "\n").encode("cp932") * 3
    index = len((FILLER + "\n").encode("cp932")) + 4   # line 2, after 2 chars
    broken = data[:index] + b"\x82\xff" + data[index:]
    error = error_of(broken)
    assert (error.line, error.column) == (2, 3)
    assert "Shift_JIS (CP932) として読めない" in str(error)
    assert "0x82 0xFF" in str(error)


def test_python_cp932_pseudo_characters_are_not_accepted():
    # Python maps 0xA0 and 0xFD-0xFF to private-use characters; a Latin-1
    # no-break space must not become U+F8F0 silently.
    error = error_of("計画".encode("cp932") + b"\xa0" + "です".encode("cp932"))
    assert (error.line, error.column) == (1, 3)
    assert "0xA0" in str(error)


# --- lenient mode -----------------------------------------------------------

def test_lenient_utf8_marks_spot_and_records_damage():
    lines = [FILLER, FILLER, "前半" + "\x00" + "後半", FILLER]
    data = "\r\n".join(lines).encode("utf-8").replace(b"\x00", b"\xff\xfe")
    result = decode(data, strict=False)
    assert result.encoding == "utf-8"
    assert result.text.split("\n")[2] == "前半" + GETA + "後半"
    assert result.damaged == [Damage(line=3, column=3, raw=b"\xff\xfe")]
    warning = result.damaged[0].describe(PATH)
    assert f"{PATH} の 3 行目 3 文字目" in warning and "0xFF 0xFE" in warning


def test_lenient_cp932_broken_character():
    data = (FILLER + "\n").encode("cp932") * 2 + "山".encode("cp932") + b"\x82\xff" + "川".encode("cp932")
    result = decode(data, strict=False)
    assert result.encoding == "cp932"
    assert result.text.endswith("山" + GETA + "川")
    assert result.damaged == [Damage(line=3, column=2, raw=b"\x82\xff")]


def test_lenient_keeps_genuine_geta_marks_undamaged():
    data = (FILLER + "〓").encode("utf-8") + b"\xff"
    result = decode(data, strict=False)
    assert result.text == FILLER + "〓" + GETA
    assert [d.column for d in result.damaged] == [len(FILLER) + 2]


def test_lenient_still_refuses_undecidable_file():
    # Windows-1252 text: neither mostly UTF-8 nor mostly CP932.
    data = ("Résumé: café, naïve, à côté, déjà vu, Ærø, Größe.\n" * 5).encode("cp1252")
    error = error_of(data, strict=False)
    assert "文字コードを判別できません" in str(error)
    assert "0xE9" in str(error) and error.line == 1


def test_lenient_never_produces_replacement_character():
    data = (FILLER * 3).encode("utf-8")
    broken = data[:9] + b"\xe3\x81" + data[9:]   # truncated sequence after 3 characters
    result = decode(broken, strict=False)
    assert "\ufffd" not in result.text
    assert result.text == FILLER[:3] + GETA + FILLER[3:] + FILLER * 2
    assert result.damaged == [Damage(1, 4, b"\xe3\x81")]


# --- control characters -----------------------------------------------------

@pytest.mark.parametrize("strict", [True, False])
def test_control_characters_replaced_and_recorded(strict):
    result = decode("一行目\n二\x0b行\x1a目\n".encode("utf-8"), strict=strict)
    assert result.text == f"一行目\n二{GETA}行{GETA}目\n"
    assert result.damaged == [
        Damage(2, 2, b"\x0b", "control"),
        Damage(2, 4, b"\x1a", "control"),
    ]
    assert "制御文字" in result.damaged[0].describe(PATH)


def test_control_character_column_after_crlf():
    result = decode(b"ab\r\ncd\r\ne\x07")
    assert result.text == f"ab\ncd\ne{GETA}"
    assert result.damaged == [Damage(3, 2, b"\x07", "control")]


# --- refused formats ----------------------------------------------------------

def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("data, name", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    (_docx_bytes(), "Word などの文書ファイル"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "古い形式の Word"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "画像ファイル (PNG)"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "画像ファイル (JPEG)"),
    (b"GIF89a\x01\x00\x01\x00", "画像ファイル (GIF)"),
])
@pytest.mark.parametrize("strict", [True, False])
def test_other_formats_refused_naming_format(data, name, strict):
    error = error_of(data, strict=strict)
    message = str(error)
    assert name in message
    assert PATH in message
    assert "テキスト形式 (.txt" in message and "保存し直してください" in message
    assert error.line is None


def test_nul_laden_data_refused():
    data = b"abc\x00\x00\x01\x02def\x00ghi\x00\x00"
    error = error_of(data, strict=False)
    assert "NUL" in str(error)
    assert "テキスト形式 (.txt" in str(error)


def test_many_control_characters_refused():
    data = bytes(range(1, 9)) * 20 + b"text"
    error = error_of(data, strict=False)
    assert "制御文字が多く" in str(error)


# --- empty files ----------------------------------------------------------------

@pytest.mark.parametrize("data, text", [(b"", ""), (b"  \n\t\n", "  \n\t\n"),
                                        (b"\r\n\r\n", "\n\n"), (codecs.BOM_UTF8, "")])
def test_empty_and_whitespace_only(data, text):
    assert decode(data).text == text


# --- read_source ----------------------------------------------------------------

def test_read_source_uses_display_path(tmp_path):
    file = tmp_path / "bad.txt"
    file.write_bytes(b"ok\n\xff")
    with pytest.raises(SourceError) as info:
        read_source(file, display_path="source_texts/bad.txt")
    assert str(info.value).startswith("source_texts/bad.txt の 2 行目")


def test_read_source_missing_file(tmp_path):
    with pytest.raises(SourceError) as info:
        read_source(tmp_path / "none.txt", display_path="source_texts/none.txt")
    message = str(info.value)
    assert message.startswith("source_texts/none.txt: ")
    assert "見つかりません" in message


def test_read_source_directory(tmp_path):
    with pytest.raises(SourceError) as info:
        read_source(tmp_path)
    assert str(tmp_path) in str(info.value) and "フォルダ" in str(info.value)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_bundled_samples_are_utf8(sample):
    assert SAMPLES, "no bundled samples found"
    result = read_source(sample, display_path=f"source_texts/{sample.name}")
    assert result.encoding == "utf-8"
    assert result.damaged == []
    expected = sample.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    assert result.text == expected


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_bundled_samples_as_cp932(sample):
    # Real Japanese CP932 text must not be mistaken for damaged UTF-8.
    text = sample.read_text("utf-8")
    text = "".join(c for c in text if c.encode("cp932", "ignore"))
    result = decode(text.encode("cp932"))
    assert result.encoding == "cp932"
    assert result.text == text


# --- properties -------------------------------------------------------------------

_SIGNATURE_PREFIXES = ("%PDF-", "GIF87a", "GIF89a", "{\\rtf")
# Characters that are damage by design (C0 controls except tab, LF, CR, FF).
_CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\x0c")


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters=_CONTROLS, blacklist_categories=("Cs",))))
def test_property_utf8_roundtrip(text):
    assume(not text.startswith(_SIGNATURE_PREFIXES))
    result = decode(text.encode("utf-8"))
    expected = _normalise(text)
    if text.startswith("\ufeff"):   # indistinguishable from a BOM
        assert result.encoding == "utf-8-sig"
        expected = expected[1:]
    else:
        assert result.encoding == "utf-8"
    assert result.text == expected
    assert result.damaged == []


def _cp932_alphabet() -> list[str]:
    chars = set()
    for lead in list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD)):
        for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
            try:
                chars.add(bytes([lead, trail]).decode("cp932"))
            except UnicodeDecodeError:
                pass
    chars.update(chr(c) for c in range(0x20, 0x7F))
    chars.update(chr(c) for c in range(0xFF61, 0xFFA0))   # half-width katakana
    chars.update("\t\n\r\x0c")
    return sorted(c for c in chars if c.encode("cp932").decode("cp932") == c)


_CP932 = _cp932_alphabet()


def _mostly_utf8(data: bytes) -> bool:
    """The documented rule: >= 20 valid non-ASCII UTF-8 characters per run
    of undecodable bytes (Python's 'replace' gives one U+FFFD per invalid
    sequence; runs can only be fewer)."""
    decoded = data.decode("utf-8", "replace")
    errors = decoded.count("\ufffd")
    valid = sum(1 for c in decoded if ord(c) >= 0x80) - errors
    return valid >= 20 * errors


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_CP932)))
def test_property_cp932_roundtrip(text):
    data = text.encode("cp932")
    # Bytes that also form valid UTF-8 are UTF-8 by rule 6; bytes that look
    # like damaged UTF-8 are treated as UTF-8 by rule 7.  Everything else
    # made of CP932 characters must come back as itself.
    try:
        data.decode("utf-8")
        assume(False)
    except UnicodeDecodeError:
        pass
    assume(not _mostly_utf8(data))
    assume(not text.startswith(_SIGNATURE_PREFIXES))
    result = decode(data)
    assert result.encoding == "cp932"
    assert result.text == _normalise(text)
    assert result.damaged == []


def test_cp932_alphabet_covers_vendor_characters():
    for ch in "﨑①～髙㈱":
        assert ch in _CP932


# --- EUC-JP and ISO-2022-JP ---------------------------------------------------------

SHORT_TEXTS = [
    "第1章 計画の概要\n",
    "第1章 計画の概要\n障害のある人が地域で安心して暮らせるように支援します。\n",
    "第1章 計画の概要\r\n障害のある人が地域で安心して暮らせるように支援します。\r\n",
    "計画の概要",
    "あい",
    "自治",
]


def _iso2022_mixed(text: str, variants=("iso2022_jp", "iso2022_jp_2004", "iso2022_jp_2")) -> bytes:
    """``text`` as ISO-2022-JP, each character in the first of ``variants``
    that has it (one file, several designations)."""
    out = []
    for ch in text:
        for codec in variants:
            try:
                out.append(ch.encode(codec))
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(f"no ISO-2022-JP variant encodes {ch!r}")
    return b"".join(out)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_bundled_samples_as_euc_jp(sample):
    text = sample.read_text("utf-8")
    kept = "".join(c for c in text if c.encode("euc_jis_2004", "ignore"))
    assert set(text) - set(kept) <= {"值"}   # the only character no EUC-JP has
    for data in (kept.encode("euc_jis_2004"),
                 "".join(c for c in kept if c.encode("euc_jp", "ignore")).encode("euc_jp")):
        result = decode(data)
        assert result.encoding == "euc-jp"
        assert result.text == data.decode("euc_jis_2004")
        assert result.damaged == []
    assert decode(kept.encode("euc_jis_2004")).text == kept


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_bundled_samples_as_iso2022_jp(sample):
    text = sample.read_text("utf-8")
    data = _iso2022_mixed(text)
    assert max(data) < 0x80   # 7-bit, as ISO-2022-JP is
    result = decode(data)
    assert result == Decoded(text, "iso-2022-jp", [])


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("codec", ["iso2022_jp", "iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_ext", "iso2022_jp_2"])
def test_bundled_samples_in_each_iso2022_variant(sample, codec):
    data = sample.read_text("utf-8").encode(codec, "ignore")
    result = decode(data)
    assert result.encoding == "iso-2022-jp"
    assert result.text == data.decode(codec)
    assert result.damaged == []


@pytest.mark.parametrize("text", SHORT_TEXTS)
@pytest.mark.parametrize("codec, encoding", [
    ("cp932", "cp932"), ("euc_jp", "euc-jp"), ("euc_jis_2004", "euc-jp"),
    ("iso2022_jp", "iso-2022-jp"), ("iso2022_jp_2004", "iso-2022-jp"), ("iso2022_jp_ext", "iso-2022-jp"),
])
def test_short_texts_in_each_encoding(text, codec, encoding):
    result = decode(text.encode(codec))
    assert result.encoding == encoding
    assert result.text == _normalise(text)
    assert result.damaged == []


@pytest.mark.parametrize("codec, encoding", [("cp932", "cp932"), ("euc_jp", "euc-jp"),
                                             ("iso2022_jp_ext", "iso-2022-jp")])
def test_half_width_katakana(codec, encoding):
    text = "ｻｰﾋﾞｽ等利用計画の作成\nｹｱﾏﾈｼﾞｬｰと相談します。\n"
    result = decode(text.encode(codec))
    assert result.encoding == encoding
    assert result.text == text


@pytest.mark.parametrize("text", ["百六十七ﾍﾟｰｼﾞ\n", "(1)ｻｰﾋﾞｽ等の体系\n", "157ﾍﾟｰｼﾞの表\n"])
@pytest.mark.parametrize("codec, encoding", [("cp932", "cp932"), ("euc_jp", "euc-jp")])
def test_short_lines_mostly_half_width(text, codec, encoding):
    # In EUC-JP, half-width katakana (0x8E ..) are CP932 kanji byte for
    # byte (鴫 射 ...); they must not outweigh the rest of the line.
    result = decode(text.encode(codec))
    assert (result.encoding, result.text) == (encoding, text)


def test_half_width_katakana_alone_is_ambiguous_and_read_as_cp932():
    # Documented default: EUC-JP half-width katakana are, byte for byte,
    # CP932 kanji (0x8E lead); with nothing else to go by, CP932 wins.
    data = "ｻｰﾋﾞｽ\n".encode("euc_jp")
    assert data.decode("cp932") == "悉鴫射酌漆\n"
    assert decode(data).encoding == "cp932"


def test_cp932_only_characters_stay_cp932():
    text = "①相談支援 ㈱伊賀\n髙橋さんと山﨑さん ｻｰﾋﾞｽ 10～20人\n"
    result = decode(text.encode("cp932"))
    assert result == Decoded(text, "cp932", [])


def test_jis_x_0213_characters_in_euc_jp():
    text = "①相談支援 ㈱伊賀\n山﨑さん 10～20人 • 計画\n"
    result = decode(text.encode("euc_jis_2004"))
    assert result == Decoded(text, "euc-jp", [])


def test_every_sentence_of_the_plans_is_read_as_its_encoding():
    sentences = [piece for sample in SAMPLES for line in sample.read_text("utf-8").split("\n")
                 for piece in re.split(r"(?<=[。 ])", line) if piece.strip()]
    assert len(sentences) > 2000
    wrong = []
    for text in sentences:
        for codec, encoding in (("cp932", "cp932"), ("euc_jis_2004", "euc-jp")):
            data = text.encode(codec, "ignore")
            if max(data) < 0x80 or _valid_utf8(data):
                continue
            if decode(data, strict=False).encoding != encoding:
                wrong.append((encoding, text))
    assert wrong == []


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


EUC_LINE = (FILLER + "\n").encode("euc_jp")


@pytest.mark.parametrize("bad", [b"\xa4\xff", b"\xff", b"\x80"])
def test_damaged_euc_jp_lenient(bad):
    data = EUC_LINE + EUC_LINE[:4] + bad + EUC_LINE[4:] + EUC_LINE
    result = decode(data, strict=False)
    assert result.encoding == "euc-jp"
    assert result.text.split("\n")[1] == FILLER[:2] + GETA + FILLER[2:]
    assert result.damaged == [Damage(line=2, column=3, raw=bad)]
    assert "2 行目 3 文字目" in result.damaged[0].describe(PATH)


def test_damaged_euc_jp_strict_names_line_and_column():
    data = EUC_LINE + EUC_LINE[:4] + b"\xa4\xff" + EUC_LINE[4:] + EUC_LINE
    error = error_of(data)
    assert (error.path, error.line, error.column) == (PATH, 2, 3)
    assert str(error).startswith(f"{PATH} の 2 行目 3 文字目付近:")
    assert "EUC-JP として読めないバイト列 (0xA4 0xFF)" in str(error)


def test_damaged_euc_jp_not_read_as_cp932():
    # A stray 0x80 is valid for Python's cp932 (as a pseudo-character) and
    # the rest of EUC-JP text often is too; the file is still damaged EUC-JP.
    data = "計画".encode("euc_jp") + b"\x80" + "".join(FILLER).encode("euc_jp")
    result = decode(data, strict=False)
    assert result.encoding == "euc-jp"
    assert result.text == "計画" + GETA + FILLER


ISO_LINE = (FILLER + "\n").encode("iso2022_jp")


def test_iso2022_jp_damaged_escape_sequence_lenient():
    line2 = "第1章 計画の概要\n".encode("iso2022_jp")
    assert line2.count(b"\x1b$B") == 3
    broken = line2.replace(b"\x1b$B", b"\x1b$Z", 1)   # "第" loses its designation
    result = decode(ISO_LINE + broken + ISO_LINE, strict=False)
    assert result.encoding == "iso-2022-jp"
    # The text after the broken sequence is still read as JIS X 0208.
    assert result.text.split("\n")[1] == GETA + "第1章 計画の概要"
    assert result.damaged == [Damage(line=2, column=1, raw=b"\x1b$Z")]


def test_iso2022_jp_damaged_escape_sequence_strict():
    broken = "第1章 計画の概要\n".encode("iso2022_jp").replace(b"\x1b(B", b"\x1b(Z", 1)
    error = error_of(ISO_LINE + ISO_LINE + broken)
    assert (error.line, error.column) == (3, 2)
    assert "ISO-2022-JP (JIS) として読めないバイト列 (0x1B 0x28 0x5A)" in str(error)


def test_iso2022_jp_unknown_escape_does_not_pass_bytes_through():
    # Python's codecs would pass "ESC x" and the bytes after it up to a
    # capital letter through as Latin-1 without any error.
    data = ISO_LINE + b"\x1bx\xe9t\xe9Z" + ISO_LINE
    error = error_of(data)
    assert (error.line, error.column) == (2, 1)
    result = decode(data, strict=False)
    assert result.text.split("\n")[1].startswith(f"{GETA}t{GETA}Z" + FILLER[:3])
    assert [d.raw for d in result.damaged] == [b"\x1bx\xe9", b"\xe9"]


def test_iso2022_jp_odd_byte_does_not_swallow_the_escape():
    # A truncated two-byte character right before ESC ( B: the escape still
    # switches back to ASCII.
    data = ISO_LINE + "計画".encode("iso2022_jp")[:-5] + b"$" + b"\x1b(Babc\n" + ISO_LINE
    result = decode(data, strict=False)
    assert result.text.split("\n")[1] == "計" + GETA + "abc"
    assert result.damaged == [Damage(line=2, column=2, raw=b"$")]


def test_iso2022_jp_escapes_are_not_control_characters():
    # Many short runs: more ESC bytes than rule 6 allows for other files.
    text = "".join(f"{i}年{i}月" for i in range(1, 40)) + "\n"
    data = text.encode("iso2022_jp")
    assert data.count(b"\x1b") * 50 > len(data)
    assert decode(data) == Decoded(text, "iso-2022-jp", [])


def test_escape_in_a_utf8_file_is_still_a_control_character():
    data = "計画".encode("utf-8") + b"\x1b$B" + FILLER.encode("utf-8")
    result = decode(data)
    assert result.encoding == "utf-8"
    assert result.text == f"計画{GETA}$B{FILLER}"
    assert result.damaged == [Damage(1, 3, b"\x1b", "control")]


def test_iso2022_jp_control_character_is_damage():
    result = decode(ISO_LINE + "計\x07画\n".encode("iso2022_jp"))
    assert result.text.endswith(f"計{GETA}画\n")
    assert result.damaged == [Damage(2, 2, b"\x07", "control")]


def test_iso2022_jp_with_stray_high_byte():
    data = ISO_LINE + "計画".encode("iso2022_jp")[:-3] + b"\xa4\xa2" + b"\x1b(B\n"
    result = decode(data, strict=False)
    assert result.text.endswith(f"計画{GETA}\n")
    assert result.damaged == [Damage(2, 3, b"\xa4\xa2")]
    assert error_of(data).line == 2


def test_iso2022_jp_microsoft_cells():
    # CP50220 writes ① ㈱ (row 13) and 髙 﨑 (rows 89-92) under ESC $ B.
    cells = b"\x2d\x21\x2d\x6a\x7c\x62\x79\x75"
    data = b"\x1b$B" + cells + b"\x1b(B\n"
    assert decode(data) == Decoded("①㈱髙﨑\n", "iso-2022-jp", [])


def test_iso2022_jp_half_width_katakana_and_g2():
    data = "ｻｰﾋﾞｽ計画\n".encode("iso2022_jp_ext") + b"\x1b.ACaf\x1bNi\n"
    assert b"\x1b(I" in data
    assert decode(data) == Decoded("ｻｰﾋﾞｽ計画\nCafé\n", "iso-2022-jp", [])


def test_undecidable_message_names_euc_jp():
    error = error_of(("Résumé: café, naïve, à côté.\n" * 5).encode("cp1252"))
    assert "UTF-8、Shift_JIS (CP932)、EUC-JP のどれとしても読めない" in str(error)


def _plan_alphabet() -> list[str]:
    """Kana, punctuation, full-width forms and level-1 kanji that both
    EUC-JP and CP932 have (JIS X 0208 rows 1-5, 16-47), digits, space, LF."""
    chars = set("0123456789 \n")
    for row in [*range(1, 6), *range(16, 48)]:
        for cell in range(1, 95):
            try:
                ch = bytes([0xA0 + row, 0xA0 + cell]).decode("euc_jp")
            except UnicodeDecodeError:
                continue
            try:
                if ch.encode("cp932").decode("cp932") == ch:
                    chars.add(ch)
            except UnicodeEncodeError:
                pass
    return sorted(chars)


_PLAN = _plan_alphabet()


def test_plan_alphabet():
    assert len(_PLAN) > 3300
    assert {"あ", "ア", "計", "、", "「", "１", "Ａ", "※"} <= set(_PLAN)
    assert "ｱ" not in _PLAN and "①" not in _PLAN   # not in both encodings' common set


# Measured with tools/measure_encodings.py: from one character on, such
# strings are read as themselves, except EUC-JP bytes that are also valid
# UTF-8 (12.8 % of one-character strings, 0.2 % at three, none of 100,000
# from six on), which rule 7 reads as UTF-8.
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_PLAN), min_size=1))
def test_property_plan_text_in_euc_jp_and_cp932_is_read_as_itself(text):
    assume(any(ord(c) >= 0x80 for c in text))
    expected = _normalise(text)
    result = decode(text.encode("cp932"))
    assert (result.encoding, result.text) == ("cp932", expected)
    data = text.encode("euc_jp")
    if _valid_utf8(data):
        assert decode(data).encoding == "utf-8"
        return
    assume(not _mostly_utf8(data))
    result = decode(data)
    assert (result.encoding, result.text) == ("euc-jp", expected)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(_PLAN + list("ｱｲｳｴｵｶﾞｰ①㈱")), min_size=1))
def test_property_plan_text_in_iso2022_jp(text):
    assume(any(ord(c) >= 0x80 for c in text))
    data = _iso2022_mixed(text, ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2004"))
    result = decode(data)
    assert (result.encoding, result.text) == ("iso-2022-jp", _normalise(text))
