"""Bad input builds with nothing lost, or stops with a message naming file and line."""
from __future__ import annotations

import io
import logging
import random
import zipfile

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from yomitoki.site.check import missing_pieces, site_text_for
from yomitoki.site.pipeline import Settings, build_site

from conftest import build, make_project


def build_plan(tmp_path, name, content, caplog=None, strict=True):
    stem = name.rsplit(".", 1)[0]
    config = make_project(tmp_path, {name: content}, {stem: {"slug": "plan"}})
    if caplog is not None:
        caplog.set_level(logging.INFO)
    site = build(config, tmp_path / "site", strict=strict)
    docs = build_site(Settings.from_config({"plans": {stem: {"slug": "plan"}}}, tmp_path)).documents
    return site, docs


def assert_nothing_lost(site, docs):
    for doc in docs:
        assert missing_pieces(doc, site_text_for(site, doc)) == []


def notes(caplog):
    return [r.getMessage() for r in caplog.records if "注意" in r.getMessage()]


def test_invalid_bytes_are_marked_and_warned(tmp_path, caplog):
    data = "一行目です。障害福祉計画の本文が続きます。\n".encode() + "二行目の".encode() + b"\xff" + "文字です。相談支援の体制を整えます。\n".encode()
    # mkdocs build: the site is made, 〓 marks the spot, and the note is an ERROR line (shown even by -q)
    site, docs = build_plan(tmp_path, "damaged.txt", data, caplog, strict=False)
    text = BeautifulSoup((site / "plan/01/index.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert "二行目の〓文字です。" in text
    warned = [r for r in caplog.records if r.levelno == logging.ERROR and "damaged.txt の 2 行目" in r.getMessage()]
    assert warned and "〓" in warned[0].getMessage()
    assert_nothing_lost(site, docs)
    # mkdocs build --strict stops on it
    with pytest.raises(Abort):
        build(tmp_path / "mkdocs.yml", tmp_path / "site-strict")


def test_invalid_bytes_stop_a_strict_build(tmp_path, caplog):
    data = "一行目です。\n".encode() + b"\xff\n"
    config = make_project(tmp_path, {"damaged.txt": data})
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(config), site_dir=str(tmp_path / "site"), strict=True)
    cfg["extra"]["yomitoki"] = {**cfg["extra"]["yomitoki"], "strict": True}
    with pytest.raises(Abort):
        mkdocs_build(cfg)
    assert "damaged.txt の 2 行目" in caplog.text


def test_docx_renamed_txt_is_refused(tmp_path, caplog):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    config = make_project(tmp_path, {"plan.txt": buf.getvalue()})
    with pytest.raises(Abort):
        build(config, tmp_path / "site")
    assert "source_texts/plan.txt" in caplog.text and "Word" in caplog.text


@pytest.mark.parametrize("content", ["", "  \n\n\t \n"])
def test_empty_and_blank_files_build_and_are_reported(tmp_path, caplog, content):
    config = make_project(tmp_path, {"empty.txt": content, "plan.txt": "本文です。\n"})
    caplog.set_level(logging.INFO)
    site = build(config, tmp_path / "site")
    assert (site / "plan/01/index.html").exists()
    assert any("empty.txt" in n and "ページを作りませんでした" in n for n in notes(caplog))


def test_only_empty_files_stop_with_a_message(tmp_path, caplog):
    config = make_project(tmp_path, {"empty.txt": ""})
    with pytest.raises(Abort):
        build(config, tmp_path / "site")
    assert "source_texts: テキストファイルがすべて空です" in caplog.text


def _sentences(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = ["障害福祉", "サービス", "地域", "支援", "計画", "相談", "事業所", "利用者", "令和5年度", "百二十三人", "(A型)", "「集い」"]
    return ["".join(rng.choice(words) for _ in range(rng.randint(2, 12))) + "。" for _ in range(n)]


def test_one_megabyte_single_line(tmp_path):
    parts, size = [], 0
    sentences = _sentences(2000, 1)
    i = 0
    while size < 1_000_000:
        s = sentences[i % len(sentences)]
        marker = f"({i % 9 + 1})見出し{i} " if i % 50 == 0 else ""
        parts.append(marker + s)
        size += len((marker + s).encode())
        i += 1
    site, docs = build_plan(tmp_path, "big.txt", " ".join(parts))
    assert_nothing_lost(site, docs)


def test_ten_thousand_lines(tmp_path):
    lines = []
    for i, s in enumerate(_sentences(10_000, 2)):
        lines.append(f"■ 項目{i}" if i % 200 == 0 else s)
        if i % 500 == 499:
            lines.append(f"{i // 500 + 1}ページ目")
    site, docs = build_plan(tmp_path, "long.txt", "\n".join(lines) + "\n")
    assert_nothing_lost(site, docs)


def test_unbalanced_brackets_and_backward_pages_build_with_warnings(tmp_path, caplog):
    text = " ".join(["本文です。"] * 100) + " 十その他(退職後の再雇用など 回答数9事業所 百八十九ページ 続きです。 百八十八ページ 「閉じない鉤括弧 最後です。"
    site, docs = build_plan(tmp_path, "odd.txt", text, caplog)
    messages = notes(caplog)
    assert any("括弧が閉じられていません" in n for n in messages)
    assert any("小さくなっています" in n for n in messages)
    assert_nothing_lost(site, docs)


def test_ragged_table_rows_build_with_warnings(tmp_path, caplog):
    text = "項目\t計画\t実績\n①相談\t年10回\t年8回\n②研修\t年2回\t年1回\t余分な列\n③連携\t年1回\n"
    site, docs = build_plan(tmp_path, "ragged.txt", text, caplog)
    assert any("ragged.txt" in n for n in notes(caplog))
    assert_nothing_lost(site, docs)


@pytest.mark.parametrize("line, message", [
    ("障害", "タブ区切り"),                                  # no tab
    ("障害\tshougai", "ひらがな"),                           # a reading not in kana
    ("著しく\tいちじるしかった", "かなや英字と合いません"),   # a reading that does not fit the word's kana
])
def test_a_mistake_in_readings_tsv_stops_the_build_with_its_line(tmp_path, caplog, line, message):
    config = make_project(tmp_path, {"plan.txt": "障害福祉計画の本文です。相談支援の体制を整えます。\n"})
    (config.parent / "readings.tsv").write_text(f"療育手帳\tりょういくてちょう\n{line}\n", encoding="utf-8")
    with pytest.raises(Abort):
        build(config, tmp_path / "site")
    assert "readings.tsv の 2 行目" in caplog.text and message in caplog.text
    assert "Traceback" not in caplog.text
