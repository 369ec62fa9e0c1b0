"""kakasi.py: pykakasi's dictionary looked up directly gives pykakasi's words and readings."""
from __future__ import annotations

import pathlib

import pykakasi
import pytest

from yomitoki import readings
from yomitoki.kakasi import KanjiReader, KanwaIndex, index_dir, kanji_reader

SOURCE_TEXTS = pathlib.Path(__file__).resolve().parents[1] / "source_texts"


@pytest.fixture(scope="module")
def reader() -> KanjiReader:
    return kanji_reader()


def _kanji_tokens(tokens):
    return [(orig, hira) for orig, hira in tokens if readings.has_kanji(orig)]


def _source_chunks() -> list[str]:
    chunks: dict[str, None] = {}
    for path in sorted(SOURCE_TEXTS.glob("*.txt")):
        for piece, is_separator in readings._chunks(path.read_text(encoding="utf-8")):
            if not is_separator and readings.has_kanji(piece):
                chunks[piece] = None
    return list(chunks)


def test_same_words_and_readings_as_pykakasi_on_the_bundled_texts(reader):
    kks = pykakasi.kakasi()
    chunks = _source_chunks()
    assert len(chunks) > 3000
    compared = 0
    for chunk in chunks:
        ours = reader.tokens(chunk)
        assert "".join(orig for orig, _ in ours) == chunk
        theirs = [(d["orig"], d["hira"]) for d in kks.convert(chunk)]
        if "".join(orig for orig, _ in theirs) != chunk:
            continue            # pykakasi lost or doubled text here (see the next test)
        compared += 1
        assert _kanji_tokens(ours) == _kanji_tokens(theirs), chunk
    assert compared >= len(chunks) - 10


def test_nothing_is_lost_where_pykakasi_loses_text(reader):
    # pykakasi repeats 宮 for 宮﨑 and drops the non-BMP 𠮷; the reader keeps both, unread.
    assert [d["orig"] for d in pykakasi.kakasi().convert("宮﨑俊雄")] != ["宮", "﨑", "俊雄"]
    assert reader.tokens("宮﨑俊雄") == [("宮", "みや"), ("﨑", "﨑"), ("俊雄", "としお")]
    tokens = reader.tokens("𠮷野家の計画")
    assert "".join(o for o, _ in tokens) == "𠮷野家の計画"
    assert ("計画", "けいかく") in tokens


def test_unknown_kanji_does_not_swallow_the_next_character(reader):
    # pykakasi skips the character after a kanji it cannot read.
    unknown = next(ch for ch in map(chr, range(0x4E00, 0x9FFF)) if reader.word_at(ch, 0) is None)
    tokens = reader.tokens(unknown + "の計画")
    assert tokens == [(unknown, ""), ("の", "の"), ("計画", "けいかく")]


def test_longest_word_and_okurigana(reader):
    assert reader.tokens("取り組みを行う") == [("取り組み", "とりくみ"), ("を", "を"), ("行う", "おこなう")]
    assert reader.tokens("サービス等") == [("サービス", "さーびす"), ("等", "など")]  # the engine makes it とう
    assert reader.tokens("障害福祉計画") == [("障害", "しょうがい"), ("福祉", "ふくし"), ("計画", "けいかく")]


def test_long_vowel_mark_continues_the_word_as_in_pykakasi(reader):
    assert reader.tokens("計画ー") == [("計画ー", "けいかくー")]


def test_variant_kanji_and_variation_selectors(reader):
    kks = pykakasi.kakasi()
    for text in ("髙橋", "葛\U000E0100飾区", "辻\ufe00"):
        ours = reader.tokens(text)
        assert "".join(o for o, _ in ours) == text
        theirs = [(d["orig"], d["hira"]) for d in kks.convert(text)]
        if "".join(o for o, _ in theirs) == text:
            assert ours == theirs or _kanji_tokens(ours) == _kanji_tokens(theirs)


def test_engine_gives_no_ruby_to_unread_kanji_and_lists_them():
    engine = readings.ReadingEngine(shipped=False)
    spans = engine.spans("山﨑さん")
    assert all(s.reading != s.base for s in spans)
    assert "".join(s.base for s in spans) == "山﨑さん"
    assert "﨑" in engine.fallback_words("山﨑さん")


# --- the indexed copy of pykakasi's dictionary ------------------------------------

def _kanwa_source():
    from pykakasi.properties import Configurations

    return pathlib.Path(Configurations.dictpath(Configurations.jisyo_kanwa))


def _pykakasi_table() -> dict:
    from pykakasi.kanji import Kanwa

    return Kanwa()._jisyo_table


def test_index_answers_exactly_like_pykakasis_table(tmp_path):
    table = _pykakasi_table()
    index = KanwaIndex(_kanwa_source(), tmp_path)
    assert index.path.parent == tmp_path and index.path.exists()
    assert index._index                                # read from the file, not held in memory
    for key in table:
        assert index.get(key) == table[key]
    assert index.get(ord("a")) is None and index.get(ord("a"), "none") == "none"
    # A second reader maps the same file instead of making it again.
    made = index.path.stat().st_mtime_ns
    again = KanwaIndex(_kanwa_source(), tmp_path)
    assert again.path == index.path and index.path.stat().st_mtime_ns == made
    assert again.get(ord("障")) == table[ord("障")]


@pytest.mark.parametrize("damage", [b"", b"not an index at all", "truncate"])
def test_damaged_index_is_made_again(tmp_path, damage):
    index = KanwaIndex(_kanwa_source(), tmp_path)
    whole = index.path.read_bytes()
    index._data.close()
    index.path.write_bytes(whole[: len(whole) // 2] if damage == "truncate" else damage)
    again = KanwaIndex(_kanwa_source(), tmp_path)
    assert again.path.read_bytes() == whole
    assert again.get(ord("計")) == _pykakasi_table()[ord("計")]


def test_unwritable_index_directory_falls_back_to_pykakasis_table(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory should be", encoding="utf-8")
    index = KanwaIndex(_kanwa_source(), blocked / "sub")
    assert not index._index
    assert index.get(ord("計")) == _pykakasi_table()[ord("計")]
    reader = KanjiReader(blocked / "sub")
    assert reader.tokens("障害福祉計画") == [("障害", "しょうがい"), ("福祉", "ふくし"), ("計画", "けいかく")]


def test_index_directory_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("YOMITOKI_DICT_CACHE", str(tmp_path / "d"))
    assert index_dir() == tmp_path / "d"
    monkeypatch.delenv("YOMITOKI_DICT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert index_dir() == tmp_path / "xdg" / "yomitoki"


def test_a_selector_after_a_word_stays_with_it(reader):
    # pykakasi keeps an ideographic variation selector (U+E0100…) after the
    # last kanji apart; it belongs to that kanji, like U+FE00.
    for selector in ("\ufe00", "\U000E0100"):
        tokens = reader.tokens("辻" + selector + "の計画")
        assert tokens[0][0] == "辻" + selector and tokens[0][1]
        assert "".join(o for o, _ in tokens) == "辻" + selector + "の計画"


def test_a_damaged_table_in_the_copy_falls_back_and_is_made_again(tmp_path):
    index = KanwaIndex(_kanwa_source(), tmp_path)
    offset, length = index._index[ord("計")]
    start = index._base + offset
    whole = bytearray(index.path.read_bytes())
    index._data.close()
    whole[start:start + length] = b"\x00" * length          # the index is intact, this table is not
    index.path.write_bytes(bytes(whole))
    damaged = KanwaIndex(_kanwa_source(), tmp_path)
    assert damaged.get(ord("計")) == _pykakasi_table()[ord("計")]
    assert damaged.get(ord("障")) == _pykakasi_table()[ord("障")]
    assert not damaged.path.exists()                          # removed: the next build makes it again
    assert KanwaIndex(_kanwa_source(), tmp_path).get(ord("計")) == _pykakasi_table()[ord("計")]
