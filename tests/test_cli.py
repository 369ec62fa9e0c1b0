"""The yomitoki command and MkDocs builds as staff run them."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build, make_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
YOMITOKI = [sys.executable, "-m", "yomitoki.cli"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def run(args, cwd):
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def test_check_passes_on_the_bundled_plans():
    result = run(YOMITOKI + ["check"], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "原文の文字はすべてサイトに載っています" in result.stdout
    assert "表として復元できませんでした" in result.stdout   # Iga ③-1 … ⑥ reported


def test_narrate_and_reading_commands():
    result = run(YOMITOKI + ["narrate", "回答事業所数40", "29.9%"], ROOT)
    assert result.stdout.splitlines() == ["回答事業所数四十", "二十九点9パーセント"]
    result = run(YOMITOKI + ["reading", "療育手帳", "放課後等デイサービス"], ROOT)
    assert result.stdout.splitlines() == ["りょういくてちょう", "ほうかごとうでいさーびす"]


# The phrases issue 15 found misread, as a new user would try them.
ISSUE_PHRASES = {
    "行っています": "おこなっています", "行った": "おこなった", "この度": "このたび", "第3次": "だい3じ",
    "3年間": "3ねんかん", "既承認": "きしょうにん", "国や都の": "くにやとの", "総合計画": "そうごうけいかく",
    "各々": "おのおの", "第1節": "だい1せつ", "24ページ分": "24ぺーじぶん", "築く": "きずく",
    "役立てる": "やくだてる", "読み込み中": "よみこみちゅう", "親亡き後": "おやなきあと", "田中": "たなか",
    "概要版": "がいようばん", "高幡圏域": "こうばんけんいき", "三千": "さんぜん", "八百": "はっぴゃく",
    "一千": "いっせん", "4月1日": "4がつついたち", "二十日": "はつか", "3か所": "3かしょ",
}


def test_reading_command_reads_the_phrases_of_the_issue():
    result = run(YOMITOKI + ["reading", *ISSUE_PHRASES], ROOT)
    assert result.returncode == 0, result.stderr
    assert dict(zip(ISSUE_PHRASES, result.stdout.splitlines())) == ISSUE_PHRASES


@pytest.mark.parametrize("entry", ["plugin", "hooks"])
def test_reading_and_check_use_the_staff_s_readings_tsv(tmp_path, entry):
    text = "計画の概要\n本計画の概要を示します。障害福祉サービスの見込量を定めます。\n"
    config = make_project(tmp_path, {"plan.txt": text}, {"plan": {"slug": "p"}}, entry=entry)
    result = run(YOMITOKI + ["reading", "概要"], tmp_path)
    assert result.stdout.strip() == "がいよう"
    (tmp_path / "readings.tsv").write_text("概要\tあらまし\n", encoding="utf-8")
    result = run(YOMITOKI + ["reading", "概要", "計画の概要"], tmp_path)
    assert result.stdout.splitlines() == ["あらまし", "けいかくのあらまし"]
    site = build(config, tmp_path / "site")
    assert "<rt>あらまし</rt>" in (site / "p/01/index.html").read_text(encoding="utf-8")
    result = run(YOMITOKI + ["check"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    doubts = result.stdout.split("読みを確かめてください")[1] if "読みを確かめてください" in result.stdout else ""
    assert "概要" not in doubts


@pytest.mark.parametrize("entry", ["plugin", "hooks"])
@pytest.mark.parametrize("command", ["check", "build", "reading"])
def test_a_wrong_setting_stops_every_command_with_a_japanese_message(tmp_path, entry, command):
    make_project(tmp_path, {"plan.txt": "本文です。\n"}, entry=entry, options={"ruby": "some"})
    result = run(YOMITOKI + [command] + (["行う"] if command == "reading" else []), tmp_path)
    assert result.returncode == 2
    assert "ruby は all か none で書いてください" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_check_lists_doubtful_readings_with_their_sentence_and_names(tmp_path):
    text = ("委員名簿\n委員長 秋友英稔\n"
            "事業の実施状況\n令和5年度は、相談事業を行っている。身体に障害のある人の社会参加を進める。\n")
    make_project(tmp_path, {"plan.txt": text}, {"plan": {"slug": "p"}})
    result = run(YOMITOKI + ["check", "--all"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "人の名前 1 件" in out and "英稔" in out
    assert "読みを確かめてください" in out
    doubts = out.split("読みを確かめてください")[1]
    assert "「行って」→ おこなって（pykakasi: いって）" in doubts
    assert "例: 令和5年度は、相談事業を行っている。" in doubts
    assert "「事業」" not in doubts                     # both read it じぎょう


def test_shift_jis_plan_builds(tmp_path):
    text = "■ 計画の目的\n髙﨑市の①番目の計画です～。\n1ページ目\n■ 計画の期間\n令和6年度から3年間です。\n"
    config = make_project(tmp_path, {"sjis.txt": text.encode("cp932")}, {"sjis": {"slug": "sjis"}})
    site = build(config, tmp_path / "site")
    page = BeautifulSoup((site / "sjis/01/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "髙﨑市の①番目の計画です～。" in page.get_text()
    assert page.select_one('[role="doc-pagebreak"]')["aria-label"] == "1ページ"


def test_undecodable_file_stops_the_build_with_file_and_line(tmp_path):
    bad = "一行目\n二行目\n".encode("utf-8") + b"\x82\xff\xfe bad\n"
    make_project(tmp_path, {"broken.txt": bad, "good.txt": "本文です。\n"})
    config = tmp_path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("source_dir: source_texts", "source_dir: source_texts\n    strict: true")
    config.write_text(text, encoding="utf-8")
    result = run(MKDOCS + ["build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")], tmp_path)
    assert result.returncode != 0
    assert "source_texts/broken.txt の 3 行目" in result.stderr
    assert "Traceback" not in result.stderr
    result = run(YOMITOKI + ["check", "--config", str(config)], tmp_path)
    assert result.returncode == 2
    assert "source_texts/broken.txt の 3 行目" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("entry", ["plugin", "hooks"])
def test_damaged_bytes_stop_strict_builds_whichever_entry(tmp_path, entry):
    bad = ("一行目です。障害福祉計画の本文が続きます。\n".encode() + "二行目の".encode() + b"\xff"
           + "文字です。相談支援の体制を整えます。\n".encode())
    config = make_project(tmp_path, {"broken.txt": bad, "good.txt": "本文です。\n"}, entry=entry)
    # mkdocs build: made, with the 〓 spot shown even with -q
    result = run(MKDOCS + ["build", "-q", "-f", str(config), "-d", str(tmp_path / "site")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "source_texts/broken.txt の 2 行目" in result.stderr and "〓" in result.stderr
    # yomitoki build (mkdocs build --strict) stops on that warning
    result = run(YOMITOKI + ["build", "--site-dir", str(tmp_path / "site1")], tmp_path)
    assert result.returncode == 2 and "source_texts/broken.txt の 2 行目" in result.stderr
    # yomitoki build --strict (the setting strict: true) stops at the byte itself, naming its column
    result = run(YOMITOKI + ["build", "--strict", "--site-dir", str(tmp_path / "site2")], tmp_path)
    assert result.returncode == 2
    assert "source_texts/broken.txt の 2 行目" in result.stderr and "Traceback" not in result.stderr
    assert "エラー: サイトを作成できませんでした" in result.stderr and "Aborted" not in result.stderr


def test_pdf_renamed_txt_is_refused(tmp_path):
    make_project(tmp_path, {"plan.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"})
    result = run(YOMITOKI + ["build", "--config", str(tmp_path / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")], tmp_path)
    assert result.returncode == 2
    assert "plan.txt" in result.stderr and "PDF" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_config_is_explained(tmp_path):
    result = run(YOMITOKI + ["check", "--config", str(tmp_path / "nope.yml")], tmp_path)
    assert result.returncode == 2
    assert "設定ファイル" in result.stderr and "Traceback" not in result.stderr
