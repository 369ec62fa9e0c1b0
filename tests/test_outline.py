"""``yomitoki outline``: the recovered outline of each plan, before anything is built."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, dedent, make_project
from yomitoki.site.outline import outline_lines
from yomitoki.text.model import Change
from yomitoki.text.parse import parse

YOMITOKI = [sys.executable, "-m", "yomitoki.cli"]

PLAN = dedent(
    """
    目次
    第1章 計画の概要‥‥‥‥1
    第2章 施策の展開‥‥‥‥3
    1ページ目
    第1章 計画の概要
    1 計画の目的
    この計画は、障害のある人が地域で安心して暮らせるようにするためのものです。
    2 計画の期間
    令和6年度から令和8年度までの3年間です。
    第2章 施策の展開
    - 3 -
    (1) 相談支援
    相談支援の体制を整えます。
    """
)


def run(args, cwd):
    return subprocess.run(YOMITOKI + args, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_outline_shows_title_toc_pages_chapters_headings_and_changes():
    doc = parse(PLAN, "source_texts/mihon.txt", "mihon", title="見本市 障害者計画")
    doc.changes.append(Change(5, 1, "@", "①", "機種依存文字を直しました", "sjis-symbol"))
    text = "\n".join(outline_lines(doc, ["相談支援"]))
    assert "■ source_texts/mihon.txt（UTF-8）→ サイトの mihon/" in text
    assert "題名: 見本市 障害者計画（mkdocs.yml の設定から）" in text
    assert "目次: 2 項目（1 行目から" in text
    assert "原本のページ: 2 か所（1〜3 ページ" in text
    assert "章 01: 第1章 計画の概要" in text and "章 02: 第2章 施策の展開" in text
    assert "1段目の見出し: 1 計画の目的　6 行目" in text
    assert "用語: 1 語（相談支援）" in text
    assert "5 行目: 「@」→ 「①」　機種依存文字を直しました" in text


def test_outline_says_when_the_title_is_the_file_name():
    doc = parse("本文だけの計画です。\n", "source_texts/fukuoka-2024-hokoku.txt", "fukuoka-2024-hokoku")
    text = "\n".join(outline_lines(doc))
    assert doc.title_source == "file"
    assert "ファイル名から" in text and "title を設定してください" in text
    assert "原本のページ: 見つかりませんでした" in text


def test_outline_command(tmp_path):
    make_project(tmp_path, {"mihon.txt": PLAN, "other.txt": "第1章 目的\n相談支援の体制を整えます。\n"},
                 {"mihon": {"slug": "mihon", "title": "見本市 障害者計画"}}, entry="plugin")
    result = run(["outline"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "■ source_texts/mihon.txt" in result.stdout and "■ source_texts/other.txt" in result.stdout
    one = run(["outline", "mihon"], tmp_path)
    assert "■ source_texts/mihon.txt" in one.stdout and "other.txt" not in one.stdout
    missing = run(["outline", "nothing"], tmp_path)
    assert missing.returncode == 2 and "計画「nothing」が見つかりません" in missing.stderr


def test_outline_of_the_bundled_plans(tmp_path):
    result = run(["outline", "--all"], ROOT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "題名: 高知県 第6期障害福祉計画・第2期障害児福祉計画 資料編（mkdocs.yml の設定から）" in out
    assert "原本のページ: 37 か所（161〜246 ページ" in out
    assert "表「①年齢(回答数3,756)」: 2 列 × 7 行" in out
    assert "用語:" in out and "あったかふれあいセンター" in out
