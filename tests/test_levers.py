"""The staff's levers for a plan the parser reads wrong: title, page pattern, heading levels, lines to drop."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import build, make_project
from yomitoki.errors import ConfigError
from yomitoki.site.options import validate
from yomitoki.site.pipeline import Settings, load_documents
from yomitoki.text.model import Heading, PageBreak

BODY = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整え、関係機関と連携して支援します。"
# A plan written in a style no rule reads: pages as 〔3〕, chapters as ◎, sections as ▽, a footer to drop.
ODD = "\n".join([
    "見本市のしょうがい福祉のけいかく",
    "（内部資料・取扱注意）",
    "◎ はじめに",
    "▽ 計画をつくる理由",
    BODY,
    "見本市役所 福祉課",
    "〔1〕",
    "▽ 計画の期間",
    BODY,
    "見本市役所 福祉課",
    "〔2〕",
    "◎ みんなでとりくむこと",
    "▽ 相談できる場所",
    BODY,
    "見本市役所 福祉課",
    "〔3〕",
]) + "\n"
LEVERS = {
    "title": "見本市 障害福祉計画",
    "page_pattern": r"^〔(\d+)〕$",
    "heading_levels": {1: r"^◎", 2: r"^▽"},
    "drop_lines": [r"^（内部資料.*）$"],
}


def test_levers_read_the_plan_as_the_staff_say(tmp_path):
    make_project(tmp_path, {"odd.txt": ODD}, {"odd": {"slug": "odd", **LEVERS}}, entry="plugin")
    settings = Settings.from_config({"plans": {"odd": {"slug": "odd", **LEVERS}}}, tmp_path)
    (doc,) = load_documents(settings)
    assert (doc.title, doc.title_source) == ("見本市 障害福祉計画", "settings")
    assert [c.title for c in doc.chapters] == ["表紙", "◎ はじめに", "◎ みんなでとりくむこと"]
    blocks = [b for ch in doc.chapters for b in ch.blocks]
    assert [(b.level, b.text) for b in blocks if isinstance(b, Heading)] == [
        (2, "▽ 計画をつくる理由"), (2, "▽ 計画の期間"), (2, "▽ 相談できる場所")]
    assert [b.first for b in blocks if isinstance(b, PageBreak)] == [1, 2, 3]
    assert [c.line for c in doc.changes if c.kind == "dropped"] == [2]
    assert [c.line for c in doc.changes if c.kind == "running-header"] == [6, 10, 15]     # found without a lever
    site = build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert (site / "odd" / "03" / "index.html").is_file()
    out = subprocess.run([sys.executable, "-m", "yomitoki.cli", "outline", "odd"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300).stdout
    assert "原本のページ: 3 か所" in out and "drop_lines の指定で省きました" in out


def test_without_levers_the_same_plan_reads_otherwise(tmp_path):
    make_project(tmp_path, {"odd.txt": ODD}, {"odd": {"slug": "odd"}})
    (doc,) = load_documents(Settings.from_config({"plans": {"odd": {"slug": "odd"}}}, tmp_path))
    blocks = [b for ch in doc.chapters for b in ch.blocks]
    assert not any(isinstance(b, PageBreak) for b in blocks)        # 〔1〕 is no page form of its own


@pytest.mark.parametrize("lever, words", [
    ({"page_pattern": r"^〔(\d+〕$"}, "page_pattern の「^〔(\\d+〕$」は正規表現として読めません"),
    ({"page_pattern": r"^〔\d+〕$"}, "ページ番号を囲む ( ) が必要です"),
    ({"heading_levels": {0: "^◎"}}, "heading_levels の段「0」は 1 から 5 の数"),
    ({"heading_levels": {1: "[◎"}}, "heading_levels の 1 の「[◎」は正規表現として読めません"),
    ({"drop_lines": ["^見本市役所 (福祉課"]}, "drop_lines の「^見本市役所 (福祉課」は正規表現として読めません"),
    ({"drop_lines": 3}, "drop_lines は正規表現を文字で書いてください"),
])
def test_a_wrong_lever_is_named_in_japanese(lever, words):
    with pytest.raises(ConfigError) as info:
        validate({"plans": {"odd": lever}})
    assert "plans の「odd」の" in str(info.value) and words in str(info.value)


def test_the_readme_example_of_the_levers_is_valid():
    import re

    import yaml

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "heading_levels" in b]
    plugins = yaml.safe_load(block)["plugins"]
    (options,) = [p["yomitoki"] for p in plugins if isinstance(p, dict)]
    plans = validate(options)["plans"]
    assert plans["mihon_keikaku"]["heading_levels"][3] == ["^・", "^※"]
    assert plans["mihon_keikaku"]["figures"] is False
