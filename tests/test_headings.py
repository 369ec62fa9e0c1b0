"""Heading schemes of many municipalities: chapters, sections, numbers and labels, with their levels.

Each sample is a plan written in one scheme; the expected outline is what a
reader of the printed plan sees: the chapters as pages, and inside each
page the headings with the levels the plan gives them by the order it uses
its labels.
"""
from __future__ import annotations

from conftest import dedent
from yomitoki.text.labels import match_label
from yomitoki.text.model import Heading, ListBlock
from yomitoki.text.parse import parse

BODY = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整えます。"


def outline(doc):
    """(chapter title, [(level, heading)]) for every chapter."""
    return [(ch.title, [(b.level, b.text) for b in ch.blocks if isinstance(b, Heading)]) for ch in doc.chapters]


def test_chapters_sections_numbers_and_circled():
    text = dedent(
        f"""
        第1章 計画の概要
        第1節 計画策定の趣旨
        {BODY}
        第2節 計画の位置付け
        1 法的な位置付け
        {BODY}
        (1) 障害者基本法
        {BODY}
        ① 市町村障害者計画
        {BODY}
        ② 市町村障害福祉計画
        {BODY}
        (2) 障害者総合支援法
        {BODY}
        2 他の計画との関係
        {BODY}
        第2章 障害のある人を取り巻く状況
        第1節 人口の動向
        {BODY}
        """
    )
    doc = parse(text, "a.txt", "a")
    assert outline(doc) == [
        ("第1章 計画の概要", [
            (2, "第1節 計画策定の趣旨"), (2, "第2節 計画の位置付け"), (3, "1 法的な位置付け"), (4, "(1) 障害者基本法"),
            (5, "① 市町村障害者計画"), (5, "② 市町村障害福祉計画"), (4, "(2) 障害者総合支援法"), (3, "2 他の計画との関係"),
        ]),
        ("第2章 障害のある人を取り巻く状況", [(2, "第1節 人口の動向")]),
    ]


def test_roman_numerals_as_parts():
    text = dedent(
        f"""
        Ⅰ 総論
        1. 計画の目的
        {BODY}
        2. 計画の期間
        {BODY}
        Ⅱ 各論
        1. 相談支援の充実
        {BODY}
        Ⅲ. 計画の推進
        {BODY}
        """
    )
    doc = parse(text, "r.txt", "r")
    assert [ch.title for ch in doc.chapters] == ["Ⅰ 総論", "Ⅱ 各論", "Ⅲ. 計画の推進"]
    assert outline(doc)[0][1] == [(2, "1. 計画の目的"), (2, "2. 計画の期間")]


def test_angle_numbers_and_no_no_numbers():
    text = dedent(
        f"""
        1 地域生活の支援
        <1> 相談支援の充実
        {BODY}
        <2> 地域移行の推進
        1の1 グループホームの整備
        {BODY}
        1の2 日中活動の場の確保
        {BODY}
        <3> 権利擁護
        {BODY}
        2 就労の支援
        {BODY}
        """
    )
    doc = parse(text, "n.txt", "n")
    assert [h for _, hs in outline(doc) for h in hs] == [
        (2, "1 地域生活の支援"), (3, "<1> 相談支援の充実"), (3, "<2> 地域移行の推進"),
        (4, "1の1 グループホームの整備"), (4, "1の2 日中活動の場の確保"), (3, "<3> 権利擁護"), (2, "2 就労の支援"),
    ]


def test_labels_before_sections_and_symbols():
    text = dedent(
        f"""
        ○第1節 地域での暮らし
        ◆ 相談支援
        {BODY}
        ◆ 住まいの場
        {BODY}
        ○第2節 社会参加
        【スポーツ・文化活動】
        {BODY}
        <市政への参画の推進>
        {BODY}
        """
    )
    doc = parse(text, "s.txt", "s")
    assert [h for _, hs in outline(doc) for h in hs] == [
        (2, "○第1節 地域での暮らし"), (3, "◆ 相談支援"), (3, "◆ 住まいの場"), (2, "○第2節 社会参加"),
        (3, "【スポーツ・文化活動】"), (3, "<市政への参画の推進>"),
    ]


def test_spoken_heading_numbers():
    # a narration-style text (for speech) writes (6) as 括弧6
    text = dedent(
        f"""
        括弧5,地域移行の推進
        {BODY}
        括弧6,当事者の参画
        {BODY}
        """
    )
    doc = parse(text, "v.txt", "v")
    assert [h for _, hs in outline(doc) for h in hs] == [(2, "括弧5,地域移行の推進"), (2, "括弧6,当事者の参画")]
    label = match_label("括弧6,当事者の参画")
    assert (label.kind, label.value, label.rest) == ("paren-num", 6, "当事者の参画")


def test_words_that_begin_like_labels_stay_text():
    text = dedent(
        f"""
        1 計画の目的
        {BODY}
        Ａ型とＢ型の事業所があります。
        ◆のついた事業は重点事業です。
        一般就労への移行を進めます。
        """
    )
    doc = parse(text, "w.txt", "w")
    assert [h for _, hs in outline(doc) for h in hs] == [(2, "1 計画の目的")]
    assert not any(isinstance(b, ListBlock) for ch in doc.chapters for b in ch.blocks)
