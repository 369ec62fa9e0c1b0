"""The yomitoki command and MkDocs builds as staff run them."""
from __future__ import annotations

import os
import subprocess
import sys

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
