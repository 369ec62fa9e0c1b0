"""Parser rules on small inputs, in the styles of plans other than the samples."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yomitoki.text.model import Heading, ListBlock, PageBreak, Paragraph, Table, Unstructured
from yomitoki.text.parse import parse

from conftest import dedent


def blocks(doc):
    return [b for ch in doc.chapters for b in ch.blocks]


def headings(doc):
    return [(b.level, b.text) for b in blocks(doc) if isinstance(b, Heading)]


def test_flat_text_split_at_spaces_outside_brackets():
    text = "目次 1総論 一ページ 2各論 二ページ 一ページ 1 総論 本計画は、市の計画です。 就労継続支援(A型 ・ B型)を行います。 二ページ 2 各論 各論の本文です。"
    doc = parse(text * 1 + " " + "あ" * 400, "t.txt", "t")
    paras = [b.text for b in blocks(doc) if isinstance(b, Paragraph)]
    assert "就労継続支援(A型 ・ B型)を行います。" in paras


def test_toc_becomes_chapters_matched_by_number_and_page():
    text = (
        "目次 資料編 1体系について 百六十一ページ 2用語の説明 百六十二ページ "
        "百六十一ページ 1 サービスの体系について (1)サービス等の体系 本文です。 "
        "百六十二ページ 2用語の説明 【ア行】 あったかふれあいセンター 説明です。" + " " + "本文。" * 150
    )
    doc = parse(text, "k.txt", "k")
    assert [e.title for e in doc.toc] == ["1体系について", "2用語の説明"]
    assert [e.page for e in doc.toc] == [161, 162]
    assert doc.toc_labels == ["資料編"]
    assert [c.title for c in doc.chapters] == ["1 サービスの体系について", "2用語の説明"]
    assert [c.nav_title for c in doc.chapters] == ["1体系について", "2用語の説明"]
    first = doc.chapters[0].blocks
    assert isinstance(first[0], PageBreak) and first[0].first == 161
    assert isinstance(doc.chapters[1].blocks[0], PageBreak) and doc.chapters[1].blocks[0].first == 162


def test_arabic_page_labels_in_line_text():
    text = dedent(
        """
        ■ 計画の目的
        この計画は、市の障害福祉の方向を示すものです。
        1ページ目
        ■ 計画の期間
        令和6年度から令和8年度までの3年間です。
        - 2 -
        """
    )
    doc = parse(text, "a.txt", "a")
    pages = [b.first for b in blocks(doc) if isinstance(b, PageBreak)]
    assert pages == [1, 2]
    assert headings(doc) == [(2, "■ 計画の目的"), (2, "■ 計画の期間")]


def test_heading_levels_follow_the_plans_own_order():
    # This plan nests ■ > (1) > ①; another nests differently (next test).
    text = dedent(
        """
        ■ 基本理念
        本文。
        (1) 地域で暮らす
        本文。
        ① 住まい
        本文。
        ② 日中活動
        本文。
        (2) 働く
        本文。
        ■ 目標
        本文。
        """
    )
    assert headings(parse(text, "a.txt", "a")) == [
        (2, "■ 基本理念"), (3, "(1) 地域で暮らす"), (4, "① 住まい"), (4, "② 日中活動"), (3, "(2) 働く"), (2, "■ 目標"),
    ]


def test_heading_levels_other_order():
    text = dedent(
        """
        第1章 計画の概要
        第一節 計画の趣旨
        本文です。
        1 背景
        本文です。
        2 目的
        本文です。
        第二節 計画の期間
        本文です。
        第2章 現状
        本文です。
        """
    )
    doc = parse(text, "b.txt", "b")
    assert [c.title for c in doc.chapters] == ["第1章 計画の概要", "第2章 現状"]
    assert headings(doc) == [(2, "第一節 計画の趣旨"), (3, "1 背景"), (3, "2 目的"), (2, "第二節 計画の期間")]


def test_kanji_numbered_headings_only_in_sequence():
    text = dedent(
        """
        一基本的理念
        一般就労への移行を進める。
        二提供体制
        一定の水準を確保する。
        """
    )
    doc = parse(text, "c.txt", "c")
    assert headings(doc) == [(2, "一基本的理念"), (2, "二提供体制")]
    assert [b.text for b in blocks(doc) if isinstance(b, Paragraph)] == ["一般就労への移行を進める。", "一定の水準を確保する。"]


def test_lists_from_bullets_and_numbered_runs():
    text = dedent(
        """
        (1)対象者
        ・指定障害福祉サービス事業所
        ・グループホーム
        (2)今後必要なこと
        1いろいろな活動の場があること 一千四百六
        2工賃の水準を引き上げること 一千百十三
        十一 その他 四十三
        """
    )
    doc = parse(text, "d.txt", "d")
    lists = [b for b in blocks(doc) if isinstance(b, ListBlock)]
    assert [[i.text for i in lb.items] for lb in lists] == [
        ["・指定障害福祉サービス事業所", "・グループホーム"],
        ["1いろいろな活動の場があること 一千四百六", "2工賃の水準を引き上げること 一千百十三"],
    ]


def test_flat_numbered_items_keep_their_values():
    body = "(4)必要だと思うこと 1 活動の場があること 一千四百六 四十四点8パーセント " + " ".join(
        f"{n} 項目{n} 百 十点{n}パーセント" for n in range(2, 10)
    ) + " 十 意思疎通の支援 三百四十三 十点9パーセント 十一 その他 四十三 1点4パーセント"
    doc = parse(body + " " + "本文。 " * 150, "e.txt", "e")
    items = [i.text for b in blocks(doc) if isinstance(b, ListBlock) for i in b.items]
    assert items[0] == "1 活動の場があること 一千四百六 四十四点8パーセント"
    assert items[1] == "2 項目2 百 十点2パーセント"
    assert items[-2:] == ["十 意思疎通の支援 三百四十三 十点9パーセント", "十一 その他 四十三 1点4パーセント"]
    assert len(items) == 11


def test_comma_for_touten_and_notes():
    text = dedent(
        """
        <ことばの説明>
        ※1 療育手帳 知的障害のある人に交付される手帳です。
        ※2 難病 治療方法が確立していない疾病です。
        障害者,障害児,難病患者等を対象とします。
        """
    )
    doc = parse(text, "f.txt", "f")
    assert headings(doc) == [(2, "<ことばの説明>")]
    notes = [i.text for b in blocks(doc) if isinstance(b, ListBlock) for i in b.items]
    assert notes == ["※1 療育手帳 知的障害のある人に交付される手帳です。", "※2 難病 治療方法が確立していない疾病です。"]
    assert any(isinstance(b, Paragraph) and b.text == "障害者,障害児,難病患者等を対象とします。" for b in blocks(doc))


def test_broken_pdf_lines_are_joined():
    text = dedent(
        """
        地域で安心して暮らし続けることができるよう、相談支援の体制を整え、関係機関と
        連携して支援を進めます。
        短い行。
        """
    )
    doc = parse(text, "g.txt", "g")
    paras = [b.text for b in blocks(doc) if isinstance(b, Paragraph)]
    assert paras == ["地域で安心して暮らし続けることができるよう、相談支援の体制を整え、関係機関と連携して支援を進めます。", "短い行。"]


def test_unbalanced_bracket_is_warned_and_does_not_swallow_text():
    text = "十その他(退職後の再雇用など 回答数9事業所 百八十九ページ (4)離職状況 本文です。 " + "本文。 " * 150
    doc = parse(text, "h.txt", "h")
    assert any("括弧" in w.message for w in doc.warnings)
    assert any(isinstance(b, PageBreak) and b.first == 189 for b in blocks(doc))


def test_pages_going_backwards_are_warned():
    doc = parse("十ページ\n本文。\n九ページ\n本文。\n", "i.txt", "i")
    assert any("小さくなっています" in w.message and w.line == 3 for w in doc.warnings)


def test_iga_tables_and_unrecovered_region():
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "source_texts" / "iga_disability_plan_targets.txt"
    doc = parse(path.read_text(encoding="utf-8"), "iga.txt", "iga")
    tables = [b for b in blocks(doc) if isinstance(b, Table)]
    assert len(tables) == 2
    assert tables[0].columns == ["国の成果目標概要", "第7期伊賀市障がい福祉計画", "第6期伊賀市障がい福祉計画取組状況"]
    assert any(isinstance(b, Unstructured) for b in blocks(doc))
    assert any(w.kind == "unstructured" for w in doc.warnings)
    # the rows whose tabs were lost still show their labels as headings
    assert any(t.startswith("③-2") for _, t in headings(doc))


def _split_flat_char_by_char(line: str):
    """split_flat's rule, one character at a time (the oracle for the fast scan)."""
    from yomitoki.text.segment import _PAIR, CLOSE, MAX_BRACKET_SPAN, _page_follows

    cuts, unbalanced, stack, start = [], [], [], 0
    for i, ch in enumerate(line):
        if ch in _PAIR:
            stack.append((_PAIR[ch], i))
        elif stack and ch == stack[-1][0]:
            stack.pop()
        elif ch in CLOSE and any(c == ch for c, _ in stack):
            while stack and stack[-1][0] != ch:
                unbalanced.append(stack.pop()[1] + 1)
            stack.pop()
        if ch in " \u3000" and stack and (i - stack[0][1] > MAX_BRACKET_SPAN or _page_follows(line, i + 1)):
            unbalanced.extend(pos + 1 for _, pos in stack)
            stack.clear()
        if ch in " \u3000" and not stack:
            if i > start:
                cuts.append((line[start:i], start + 1))
            start = i + 1
    if start < len(line):
        cuts.append((line[start:], start + 1))
    return cuts, unbalanced + [pos + 1 for _, pos in stack]


@given(st.lists(st.sampled_from(["障害", " ", "\u3000", "(", ")", "（", "）", "「", "」", "【", "】", "<", ">",
                                 "1", "ページ", "x" * 170]), max_size=40))
@settings(max_examples=500, deadline=None)
def test_split_flat_cuts_where_a_character_by_character_scan_cuts(parts):
    from yomitoki.text.segment import split_flat

    line = "".join(parts)
    segments, unbalanced = split_flat(line, 7)
    assert ([(s.text, s.column) for s in segments], unbalanced) == _split_flat_char_by_char(line)
    assert all(s.line == 7 for s in segments)


@pytest.mark.parametrize("lines, segments", [
    # rows that end with figures: two rows, even at the full line width
    (["見込量 1,258人、1,250人、1,243人", "実績値 1,248人 1,233人 1,242人"], 2),
    # a line of words and figures between spaces is not continued by the sentence after it
    (["対象区分 精神障害者保健福祉手帳所持者 調査対象者 1,012人 回収数 402人 回収率 39.7%", "調査は郵送で行いました。"], 2),
    # dated rows of a timeline
    (["令和5年5月24日 第1回 計画策定の趣旨について", "令和5年8月9日 第2回 アンケート調査結果について"], 2),
    # prose broken before its unit is still one paragraph
    (["障害福祉サービスを利用する人は年々増加しており、令和5年度の利用者数は、1,200", "人となりました。"], 1),
    (["計画の推進にあたっては、令和5年5月24日 に開催した協議会の意見を踏まえ、", "関係機関と連携します。"], 1),
])
def test_rows_of_a_table_are_not_joined_to_the_next_line(lines, segments):
    from yomitoki.text.segment import split_lines

    assert len(split_lines(list(enumerate(lines, 1)))) == segments
