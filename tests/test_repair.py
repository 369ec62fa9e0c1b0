"""Putting back ①②③ and ⅠⅡⅢ lost in a Shift_JIS conversion (yomitoki.text.repair)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yomitoki.text.labels import match_label
from yomitoki.text.repair import DAMAGED_CIRCLED, DAMAGED_ROMAN, KIND, Change, repair_symbols


def change(line, column, before, after, why):
    reason = f"「{before}」を「{after}」に直しました（Shift_JIS の変換で失われた機種依存文字と判断：{why}）"
    return Change(line, column, before, after, reason, "sjis-symbol")


def run_of(first, last):
    return f"行頭の「{first}」「{last}」が番号の順に並んでいるため"


def run_from(first, last):
    return f"行頭の「{first}」から「{last}」までが番号の順に並んでいるため"


def assert_unchanged(text):
    assert repair_symbols(text) == (text, [])


# --- the mapping ---------------------------------------------------------------

def test_mapping_is_the_cp932_trail_byte():
    for damaged, intact in {**DAMAGED_CIRCLED, **DAMAGED_ROMAN}.items():
        if damaged == "¥":
            assert intact == "Ⅸ"
            continue
        assert intact.encode("cp932") == b"\x87" + damaged.encode("ascii")
    assert "".join(DAMAGED_CIRCLED) == "@ABCDEFGHIJKLMNOPQRS"
    assert "".join(DAMAGED_CIRCLED.values()) == "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
    assert "".join(DAMAGED_ROMAN) == "TUVWXYZ[\\]¥"
    assert "".join(DAMAGED_ROMAN.values()) == "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅨ"


def test_change_is_plain_data():
    c = Change(1, 2, "T", "Ⅰ", "理由", KIND)
    assert (c.line, c.column, c.before, c.after, c.reason, c.kind) == (1, 2, "T", "Ⅰ", "理由", "sjis-symbol")
    assert KIND == "sjis-symbol"
    assert c == Change(1, 2, "T", "Ⅰ", "理由", "sjis-symbol")


# --- a plan in the style of Yanai: chapters Ⅰ Ⅱ Ⅲ with ① ② items ------------------

YANAI = """\
目次
T 序論
U 計画の基本的な考え方
V 施策の展開

T 序論
@ 柳井市障害者福祉計画は、障害者基本法第11条第3項に基づく計画です。
A 計画の期間
　本計画の期間は、令和6年度から令和11年度までの6年間とします。
U 計画の基本的な考え方
@ 基本理念
A 基本目標
B 施策の体系
　基本目標Tの実現に向けて、@に示す基本理念のもとで取り組みます。
V 施策の展開
"""

YANAI_REPAIRED = """\
目次
Ⅰ 序論
Ⅱ 計画の基本的な考え方
Ⅲ 施策の展開

Ⅰ 序論
① 柳井市障害者福祉計画は、障害者基本法第11条第3項に基づく計画です。
② 計画の期間
　本計画の期間は、令和6年度から令和11年度までの6年間とします。
Ⅱ 計画の基本的な考え方
① 基本理念
② 基本目標
③ 施策の体系
　基本目標Ⅰの実現に向けて、①に示す基本理念のもとで取り組みます。
Ⅲ 施策の展開
"""


def test_yanai_chapters_items_and_references():
    text, changes = repair_symbols(YANAI)
    assert text == YANAI_REPAIRED
    roman = run_from("T", "V")
    assert changes == [
        change(2, 1, "T", "Ⅰ", roman),
        change(3, 1, "U", "Ⅱ", roman),
        change(4, 1, "V", "Ⅲ", roman),
        change(6, 1, "T", "Ⅰ", roman),
        change(7, 1, "@", "①", run_of("@", "A")),
        change(8, 1, "A", "②", run_of("@", "A")),
        change(10, 1, "U", "Ⅱ", roman),
        change(11, 1, "@", "①", run_from("@", "B")),
        change(12, 1, "A", "②", run_from("@", "B")),
        change(13, 1, "B", "③", run_from("@", "B")),
        change(14, 6, "T", "Ⅰ", "この計画では行頭の「T」を「Ⅰ」に直しているため"),
        change(14, 15, "@", "①", "この計画では行頭の「@」を「①」に直しているため"),
        change(15, 1, "V", "Ⅲ", roman),
    ]


def test_reason_reads_as_the_brief_asks():
    _, changes = repair_symbols("T 序論\nU 計画の基本的な考え方\n")
    assert changes[0].reason == (
        "「T」を「Ⅰ」に直しました（Shift_JIS の変換で失われた機種依存文字と判断："
        "行頭の「T」「U」が番号の順に並んでいるため）"
    )
    assert changes[0].kind == "sjis-symbol"


def test_repaired_lines_are_labels_for_the_parser():
    text, _ = repair_symbols(YANAI)
    lines = text.split("\n")
    first = match_label(lines[6])
    assert (first.kind, first.value, first.rest) == (
        "circled", 1, "柳井市障害者福祉計画は、障害者基本法第11条第3項に基づく計画です。")
    second = match_label(lines[7])
    assert (second.kind, second.value, second.rest, second.spaced) == ("circled", 2, "計画の期間", True)
    third = match_label(lines[12])
    assert (third.kind, third.value, third.rest) == ("circled", 3, "施策の体系")
    # the damaged lines were no labels at all
    assert match_label(YANAI.split("\n")[6]) is None
    assert match_label(YANAI.split("\n")[7]) is None


def test_repaired_unspaced_item_is_a_label():
    text, _ = repair_symbols("@計画の趣旨\nA計画の期間")
    m = match_label(text.split("\n")[1])
    assert (m.kind, m.value, m.rest, m.spaced) == ("circled", 2, "計画の期間", False)


def test_repaired_roman_heading_is_a_label():
    text, _ = repair_symbols("T 序論\nU 計画の基本的な考え方")
    m = match_label(text.split("\n")[0])
    assert m is not None and (m.value, m.rest) == (1, "序論")


# --- ordinary ASCII stays -------------------------------------------------------

MIXED = """\
T 計画の概要
@ 就労支援
　就労継続支援A型・B型の事業所は市内に5か所あります。
　就労継続支援 A 型事業所から一般就労への移行者数
A型事業所の利用者数は増えています。
A 相談支援
　Leave no one behind. A society for all.
　お問い合わせ：fukushi@city.example.lg.jp（@マークは全角で表示しています）
　詳しくは https://www.city.example.lg.jp/A/B/plan.html をご覧ください。
　参考文献[1]、[2]を参照。資料は \\\\server\\share\\計画.docx と C:\\資料\\計画 に保存。
　Tシャツを配布しました。R5年度の目標値はA4判の資料に、その他(O.T、S.T、P.T)の配置。
B 地域生活支援拠点
T シャツの配布
U 計画の推進
"""

MIXED_REPAIRED = """\
Ⅰ 計画の概要
① 就労支援
　就労継続支援A型・B型の事業所は市内に5か所あります。
　就労継続支援 A 型事業所から一般就労への移行者数
A型事業所の利用者数は増えています。
② 相談支援
　Leave no one behind. A society for all.
　お問い合わせ：fukushi@city.example.lg.jp（@マークは全角で表示しています）
　詳しくは https://www.city.example.lg.jp/A/B/plan.html をご覧ください。
　参考文献[1]、[2]を参照。資料は \\\\server\\share\\計画.docx と C:\\資料\\計画 に保存。
　Tシャツを配布しました。R5年度の目標値はA4判の資料に、その他(O.T、S.T、P.T)の配置。
③ 地域生活支援拠点
T シャツの配布
Ⅱ 計画の推進
"""


def test_ordinary_ascii_in_a_damaged_plan_stays():
    text, changes = repair_symbols(MIXED)
    assert text == MIXED_REPAIRED
    assert changes == [
        change(1, 1, "T", "Ⅰ", run_of("T", "U")),
        change(2, 1, "@", "①", run_from("@", "B")),
        change(6, 1, "A", "②", run_from("@", "B")),
        change(12, 1, "B", "③", run_from("@", "B")),
        change(14, 1, "U", "Ⅱ", run_of("T", "U")),
    ]


@pytest.mark.parametrize("line", MIXED.split("\n")[2:5] + MIXED.split("\n")[6:12])
def test_ordinary_lines_alone_stay(line):
    assert_unchanged(line)
    text, changes = repair_symbols("@ 計画の趣旨\nA 計画の期間\nT 序論\nU 本論\n" + line)
    assert text.split("\n")[-1] == line
    assert all(c.line < 5 for c in changes)


@pytest.mark.parametrize(
    "text",
    [
        "T 序論\n　本計画は…",                       # a lone T is no evidence
        "T　序論\n\n本文\n\n資料編",
        "@ 柳井市障害者福祉計画は…\n本文",            # nor a lone @
        "T シャツ\nU ターン",                         # words made with letters
        "Tシャツの配布\nUターン就職の支援",
        "T字路の改良\nU字溝の更新\nV字回復",
        "T細胞\nU 字溝",
        "@ マーク\nA型事業所\nB型事業所",
        "@ 計画\nA 型事業所\nB 型事業所",
        "@ 計画\nAさんの事例\nBさんの事例",
        "@ 計画\nA市では\nB市では",
        "@ 計画\nAグループの活動\nBグループの活動",
        "@ 計画\nJアラート",
        "A. 計画の趣旨\nB. 計画の期間\nC. 計画の位置付け",      # an alphabetic list that is meant
        "A．計画の趣旨\nB．計画の期間\nC．計画の位置付け",
        "A 計画の趣旨\nB 計画の期間\nC 計画の位置付け",        # starts at A: no @ before it
        "A)計画\nB)期間",
        "T－1 計画策定の趣旨\nT－2 計画の位置付け\nU－1 基本理念",   # sub-headings: not repaired
        "T. Introduction\nU. Background",
        "[1] 柳井市（2024）\n[2] 厚生労働省（2023）",
        "@\nA\nB",                                     # nothing after the letter
        "T 1\nU 2",                                    # ASCII after the letter
        "@ Ａ\nA １",                                   # full-width letters and digits are no text
    ],
)
def test_not_evidence(text):
    assert_unchanged(text)


def test_alphabetic_list_up_to_u_is_not_roman():
    letters = "ABCDEFGHIJKLMNOPQRSTUV"
    text = "\n".join(f"{c} 項目{i}" for i, c in enumerate(letters, 1))
    assert_unchanged(text)


def test_items_do_not_run_on_across_a_chapter():
    # a lone "@" under Ⅰ and an alphabetic list under Ⅱ
    text = "T 序論\n@ 計画の趣旨\nU 本論\nA 対象者の区分\nB 対象者の把握"
    out, changes = repair_symbols(text)
    assert out == "Ⅰ 序論\n@ 計画の趣旨\nⅡ 本論\nA 対象者の区分\nB 対象者の把握"
    assert [(c.line, c.before) for c in changes] == [(1, "T"), (3, "U")]
    # without the chapters the same lines would be a run
    out, _ = repair_symbols("@ 計画の趣旨\nA 対象者の区分\nB 対象者の把握")
    assert out == "① 計画の趣旨\n② 対象者の区分\n③ 対象者の把握"


def test_s_inside_a_circled_run_does_not_block_roman():
    circled = "\n".join(f"{c} 項目" for c in "@ABCDEFGHIJKLMNOPQRS")
    text, changes = repair_symbols(circled + "\nT 序論\nU 本論")
    assert text.split("\n")[-3:] == ["⑳ 項目", "Ⅰ 序論", "Ⅱ 本論"]
    assert len(changes) == 22
    assert changes[-1] == change(22, 1, "U", "Ⅱ", run_of("T", "U"))


def test_alphabetic_list_with_damaged_items_elsewhere():
    text = "@ 計画の趣旨\nA 計画の期間\nA. 基本理念\nB. 基本目標\n　Aのとおりです。"
    out, changes = repair_symbols(text)
    # "A." is a letter used as a letter: "Aの" in running text is left alone
    assert out == "① 計画の趣旨\n② 計画の期間\nA. 基本理念\nB. 基本目標\n　Aのとおりです。"
    assert changes == [change(1, 1, "@", "①", run_of("@", "A")), change(2, 1, "A", "②", run_of("@", "A"))]


# --- sequences that skip -----------------------------------------------------------

def test_skip_ends_the_run():
    text = "@ 計画の趣旨\nA 計画の期間\nC 計画の位置付け\nD 計画の対象"
    out, changes = repair_symbols(text)
    assert out == "① 計画の趣旨\n② 計画の期間\nC 計画の位置付け\nD 計画の対象"
    assert changes == [change(1, 1, "@", "①", run_of("@", "A")), change(2, 1, "A", "②", run_of("@", "A"))]


def test_nothing_after_a_break_continues_the_run():
    # "D" breaks the order; a later "B" does not pick the run up again
    out, changes = repair_symbols("@ 一\nA 二\nD 五\nB 三\nT 序論\nU 本論\nU 本論の続き\nV 結論")
    assert out == "① 一\n② 二\nD 五\nB 三\nⅠ 序論\nⅡ 本論\nU 本論の続き\nV 結論"
    assert [(c.line, c.before) for c in changes] == [(1, "@"), (2, "A"), (5, "T"), (6, "U")]


def test_skip_after_the_first_is_no_run():
    assert_unchanged("@ 計画の趣旨\nB 計画の期間\nC 計画の位置付け")
    assert_unchanged("T 序論\nV 施策の展開\nW 資料編")


def test_roman_skip_keeps_the_prefix():
    out, changes = repair_symbols("T 序論\nU 総論\nW 資料編")
    assert out == "Ⅰ 序論\nⅡ 総論\nW 資料編"
    assert changes == [change(1, 1, "T", "Ⅰ", run_of("T", "U")), change(2, 1, "U", "Ⅱ", run_of("T", "U"))]


def test_repeat_ends_the_run_and_a_new_start_begins_another():
    text = "@ 一\nA 二\nA 二の続き\n@ 別の一\nA 別の二"
    out, changes = repair_symbols(text)
    assert out == "① 一\n② 二\nA 二の続き\n① 別の一\n② 別の二"
    assert [(c.line, c.after) for c in changes] == [(1, "①"), (2, "②"), (4, "①"), (5, "②")]


# --- items nested under chapters (Iga style: full-width spaces, indentation) --------

IGA = """\
T　計画の策定にあたって
　@　計画策定の背景と趣旨
　　国は、障害者総合支援法の改正により…
　A　計画の位置付け
　B　計画の期間
U　障害福祉サービスの見込量
　@　訪問系サービス
　A　日中活動系サービス
V　計画の推進体制
"""


def test_items_nested_under_chapters():
    out, changes = repair_symbols(IGA)
    assert out == IGA.replace("T　", "Ⅰ　").replace("U　", "Ⅱ　").replace("V　", "Ⅲ　") \
        .replace("@　", "①　").replace("A　", "②　").replace("B　", "③　")
    assert changes == [
        change(1, 1, "T", "Ⅰ", run_from("T", "V")),
        change(2, 2, "@", "①", run_from("@", "B")),
        change(4, 2, "A", "②", run_from("@", "B")),
        change(5, 2, "B", "③", run_from("@", "B")),
        change(6, 1, "U", "Ⅱ", run_from("T", "V")),
        change(7, 2, "@", "①", run_of("@", "A")),
        change(8, 2, "A", "②", run_of("@", "A")),
        change(9, 1, "V", "Ⅲ", run_from("T", "V")),
    ]


# --- spaces after the letter -----------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("T 序論\nU 本論", "Ⅰ 序論\nⅡ 本論"),                  # half-width
        ("T　序論\nU　本論", "Ⅰ　序論\nⅡ　本論"),              # full-width
        ("T序論\nU本論", "Ⅰ序論\nⅡ本論"),                      # none
        ("T\t序論\nU  本論", "Ⅰ\t序論\nⅡ  本論"),              # tab, two spaces
        ("T 序論\nU　本論", "Ⅰ 序論\nⅡ　本論"),                # mixed
        ("　@ 趣旨\n  A　期間", "　① 趣旨\n  ②　期間"),         # indented
    ],
)
def test_spaces_after_the_letter(text, expected):
    out, changes = repair_symbols(text)
    assert out == expected
    assert [(c.line, c.column, c.before) for c in changes] == [
        (n + 1, len(line) - len(line.lstrip(" \t\u3000")) + 1, line.lstrip(" \t\u3000")[0])
        for n, line in enumerate(text.split("\n"))
    ]


def test_words_with_a_letter_block_with_or_without_a_space():
    # "A市では", "A 棟の改修" (PDF exports space ASCII out) are words; "A市民参加" is a label
    assert_unchanged("@ 計画\nA市では")
    assert_unchanged("@ 計画\nA 市では")
    assert_unchanged("@ 計画\nA 棟の改修")
    assert_unchanged("@ 計画\nA グループの活動")
    assert_unchanged("@ 評価の方法\nA 評価：目標を達成\nB 評価：概ね達成")
    out, changes = repair_symbols("@ 計画\nA市民参加の推進\nBグループホームの整備\nC 地区計画")
    assert out == "① 計画\n②市民参加の推進\n③グループホームの整備\n④ 地区計画"
    assert [c.line for c in changes] == [1, 2, 3, 4]


# --- running text ---------------------------------------------------------------------

def test_running_text_with_label_evidence():
    text = "@ 計画の趣旨\nA 計画の期間\n　表の@～Aのとおり。期間はAに示す。"
    out, changes = repair_symbols(text)
    assert out == "① 計画の趣旨\n② 計画の期間\n　表の①～②のとおり。期間は②に示す。"
    evidence = "「@～A」のどの文字もこの計画では行頭の番号として直しているため"
    assert changes == [
        change(1, 1, "@", "①", run_of("@", "A")),
        change(2, 1, "A", "②", run_of("@", "A")),
        change(3, 4, "@", "①", evidence),
        change(3, 6, "A", "②", evidence),
        change(3, 15, "A", "②", "この計画では行頭の「A」を「②」に直しているため"),
    ]


def test_alphabet_like_groups_stay_even_with_label_evidence():
    text = "@ 趣旨\nA 期間\nB 位置付け\nC 対象\n　評価はA、B、Cの3段階、またはA～Cの区分とします。"
    out, changes = repair_symbols(text)
    assert out == "① 趣旨\n② 期間\n③ 位置付け\n④ 対象\n　評価はA、B、Cの3段階、またはA～Cの区分とします。"
    assert [c.line for c in changes] == [1, 2, 3, 4]


def test_running_text_group_is_all_or_nothing():
    # "@" after a space is not running text, so "A" after "@～" is not repaired alone
    text = "@ 計画の趣旨\nA 計画の期間\n　@～Aのとおり。"
    out, changes = repair_symbols(text)
    assert out == "① 計画の趣旨\n② 計画の期間\n　@～Aのとおり。"
    assert [c.line for c in changes] == [1, 2]


@pytest.mark.parametrize(
    "ordinary",
    ["　ランクAは対象外。", "　（A）を除く。", "　A・B型", "A 型事業所", "A. 基本理念",
     "　評価はA、B、Cの3段階", "　A～Cの区分", "Q＆A"],
)
def test_running_text_blocked_by_ordinary_use_elsewhere(ordinary):
    text = "@ 計画の趣旨\nA 計画の期間\n　期間はAに示す。\n" + ordinary
    out, changes = repair_symbols(text)
    assert out == "① 計画の趣旨\n② 計画の期間\n　期間はAに示す。\n" + ordinary
    assert [c.line for c in changes] == [1, 2]


def test_running_text_ordinary_use_blocks_the_letter():
    # "A型" shows the plan uses A as a letter: "Aに示す" stays, "@に示す" is repaired
    text = "@ 計画の趣旨\nA 計画の期間\n　就労継続支援A型の利用。期間はAに示す。趣旨は@に示す。"
    out, changes = repair_symbols(text)
    assert out == "① 計画の趣旨\n② 計画の期間\n　就労継続支援A型の利用。期間はAに示す。趣旨は①に示す。"
    assert changes[-1] == change(3, 25, "@", "①", "この計画では行頭の「@」を「①」に直しているため")
    assert len(changes) == 3


def test_running_text_a_b_gata_stays():
    text = "@ 計画の趣旨\nA 計画の期間\nB 計画の位置付け\n　就労継続支援A・B型、A～B型の事業所"
    out, changes = repair_symbols(text)
    assert out.split("\n")[3] == "　就労継続支援A・B型、A～B型の事業所"
    assert [c.line for c in changes] == [1, 2, 3]


def test_running_text_sequence_without_labels():
    out, changes = repair_symbols("　次の@、A、Bの3点を重点とします。")
    assert out == "　次の①、②、③の3点を重点とします。"
    why = "「@、A、B」と番号の順に並んでいるため"
    assert changes == [change(1, 4, "@", "①", why), change(1, 6, "A", "②", why), change(1, 8, "B", "③", why)]


@pytest.mark.parametrize(
    "text",
    [
        "　次の@に示す。",               # one number, no labels: no evidence
        "　次のA、Bの2点。",             # does not start at the first number
        "　次の@、Bの2点。",             # skips
        "　次の@～Cの範囲。",            # a range is no enumeration
        "　基本目標T、Uの2点。",          # Roman needs three
        "　評価はAの区分。",
        "　Tシャツ、Uターン",
        "　メール：info@example.jp",
    ],
)
def test_running_text_without_evidence_stays(text):
    assert_unchanged(text)


def test_running_text_roman_sequence_of_three():
    out, changes = repair_symbols("　基本目標T、U、Vを柱とします。")
    assert out == "　基本目標Ⅰ、Ⅱ、Ⅲを柱とします。"
    assert [c.column for c in changes] == [6, 8, 10]


def test_running_text_sequence_blocked_by_ordinary_use():
    assert_unchanged("　次の@、A、Bの3点。\n　就労継続支援B型")
    # headings "A" "B" that start no run are letters as far as anyone can tell
    assert_unchanged("A 計画の趣旨\nB 計画の期間\n　次の@、A、Bの3点。")


# --- Ⅷ Ⅸ Ⅹ: [ \\ ] and ¥ ---------------------------------------------------------------

def test_roman_eight_to_ten():
    text = "\n".join(f"{c} 第{i}部" for i, c in enumerate("TUVWXYZ[\\]", 1))
    out, changes = repair_symbols(text)
    assert out == "\n".join(f"{c} 第{i}部" for i, c in enumerate("ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ", 1))
    assert [c.before for c in changes] == list("TUVWXYZ[\\]")
    assert changes[-1].reason.startswith("「]」を「Ⅹ」に直しました")


def test_yen_sign_as_nine():
    text = "\n".join(f"{c} 第{i}部" for i, c in enumerate("TUVWXYZ[¥]", 1)) + "\n　料金は¥1,000です。"
    out, changes = repair_symbols(text)
    assert out.split("\n")[8] == "Ⅸ 第9部"
    assert out.split("\n")[10] == "　料金は¥1,000です。"
    assert len(changes) == 10


# --- properties ---------------------------------------------------------------------------

_JAPANESE = "計画の期間序論基本目標施策型級字市民はにをでが、。・～（）「」ア"
_DAMAGED = "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]¥"
_OTHER_ASCII = "abcxyz0123.:/-_ "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_JAPANESE + "abcxyz0123.:/-_ \u3000\t\n", max_size=200))
def test_text_without_damaged_letters_is_unchanged(text):
    assert repair_symbols(text) == (text, [])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_JAPANESE + _DAMAGED.replace("@", "").replace("T", "") + " \u3000\n", max_size=300))
def test_text_without_a_first_number_is_unchanged(text):
    # Without "@" (①) or "T" (Ⅰ) nothing can start a run or a sequence.
    assert repair_symbols(text) == (text, [])


_LINES = st.lists(
    st.one_of(
        st.builds(lambda c, s, t: c + s + t, st.sampled_from(_DAMAGED), st.sampled_from(["", " ", "\u3000"]),
                  st.sampled_from(["序論", "計画の期間", "型事業所", "シャツ", "市では", "1", ". 計画"])),
        st.text(alphabet=_JAPANESE + _DAMAGED + _OTHER_ASCII + "\u3000", max_size=30),
    ),
    max_size=25,
)


@settings(max_examples=500, deadline=None)
@given(_LINES)
def test_lines_keep_their_number_and_lengths(lines):
    text = "\n".join(lines)
    out, changes = repair_symbols(text)
    lines = text.split("\n")     # [] joins to "", which is one empty line
    out_lines = out.split("\n")
    assert len(out_lines) == len(lines)
    assert [len(x) for x in out_lines] == [len(x) for x in lines]
    # every difference is a listed change, and every change is a difference
    diffs = [(n + 1, i + 1, a, b) for n, (x, y) in enumerate(zip(lines, out_lines))
             for i, (a, b) in enumerate(zip(x, y)) if a != b]
    assert diffs == [(c.line, c.column, c.before, c.after) for c in changes]
    for c in changes:
        assert {**DAMAGED_CIRCLED, **DAMAGED_ROMAN}[c.before] == c.after
        assert c.kind == "sjis-symbol"
        assert c.reason.startswith(f"「{c.before}」を「{c.after}」に直しました（Shift_JIS の変換で失われた機種依存文字と判断：")


_ORDINARY_LINES = [
    "　就労継続支援A型・B型の事業所",
    "A型事業所の利用者数",
    "B 型事業所",
    "T シャツの配布",
    "Uターン就職",
    "　Leave no one behind.",
    "　fukushi@city.example.lg.jp",
    "　https://www.city.example.lg.jp/A/B/",
    "　参考文献[1]、[2]",
    "　C:\\資料\\計画",
    "A. 計画の趣旨",
    "B. 計画の期間",
    "　型番 ABC-123、A4判",
    "　その他(O.T、S.T、P.T)",
    "　ランクA、タイプB",
    "A 棟の改修",
    "A市では",
    "Jアラート",
    "X線検査",
    "T細胞",
    "Z世代",
    "Q＆A",
    "　評価はA、B、Cの3段階",
    "　A～Cの区分",
    "　ビタミンAの摂取",
    "　（A）を除く",
    "B グループの活動",
]
_PLAN = [
    "T 序論", "@ 趣旨", "A 期間", "B 位置付け", "　基本目標Tの実現に向けて@に示す。",
    "U 本論", "@ 基本理念", "A 基本目標", "　次の@、A、Bの3点", "V 結論",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_PLAN)), st.sampled_from(_ORDINARY_LINES)), max_size=6))
def test_ordinary_lines_never_change_among_damaged_labels(insertions):
    # ordinary lines put anywhere into a damaged plan, even between its labels
    lines = [(line, False) for line in _PLAN]
    for position, line in sorted(insertions, reverse=True):
        lines.insert(position, (line, True))
    text = "\n".join(line for line, _ in lines)
    out, changes = repair_symbols(text)
    for (before, ordinary), after in zip(lines, out.split("\n")):
        if ordinary:
            assert after == before
    assert all(not lines[c.line - 1][1] for c in changes)
    if not insertions:
        assert len(changes) == 13


@pytest.mark.parametrize("name", ["iga_disability_plan_targets.txt", "kochi_disability_plan_appendix.txt"])
def test_bundled_texts_are_unchanged(name):
    # Real plans full of "A 型", "A1(最重度)", "O.T、S.T、P.T", "R4年度", "ICT": nothing to repair.
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "source_texts" / name).read_text(encoding="utf-8")
    assert any(c in text for c in "ABRST")
    assert repair_symbols(text) == (text, [])


def test_the_repair_is_wired_into_the_build_and_listed(tmp_path):
    import subprocess
    import sys

    from bs4 import BeautifulSoup

    from conftest import build, make_project
    from yomitoki.site.outline import outline_lines
    from yomitoki.site.pipeline import Settings, load_documents

    body = "障害のある人が地域で安心して暮らせるよう、相談支援の体制を整えます。"
    text = f"T 序論\n@ 計画の目的\n{body}\nA 計画の期間\n{body}\nU 各論\n@ 相談支援\n{body}\n就労継続支援A型・B型の事業所を増やします。\n"
    config = make_project(tmp_path, {"yanai.txt": text.encode("cp932")}, {"yanai": {"slug": "yanai", "title": "見本の計画"}})
    site = build(config, tmp_path / "site")
    first = BeautifulSoup((site / "yanai" / "01" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for el in first.select("rt, rp"):
        el.decompose()
    assert " ".join(first.h1.get_text().split()) == "Ⅰ 序論"
    assert "① 計画の目的" in first.get_text() and "② 計画の期間" in first.get_text()
    (doc,) = load_documents(Settings.from_config({"plans": {"yanai": {"slug": "yanai"}}}, tmp_path))
    assert [(c.line, c.before, c.after) for c in doc.changes] == [(1, "T", "Ⅰ"), (2, "@", "①"), (4, "A", "②"),
                                                                 (6, "U", "Ⅱ"), (7, "@", "①")]
    assert "A型・B型" in doc.text
    assert "1 行目: 「T」→ 「Ⅰ」" in "\n".join(outline_lines(doc))
    result = subprocess.run([sys.executable, "-m", "yomitoki.cli", "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "原文から直したこと・省いたことが 5 か所あります" in result.stdout
    assert "yanai.txt の 1 行目 1 文字目: 「T」→ 「Ⅰ」" in result.stdout


def test_pdf_glyphs_are_shown_as_the_kanji_they_stand_for():
    from yomitoki.text.repair import repair_glyphs

    text = "相談⽀援の体制\n⼈⺠の⽣活を守る。髙橋さんと﨑山さん。\n"
    fixed, changes = repair_glyphs(text)
    assert fixed == "相談支援の体制\n人民の生活を守る。髙橋さんと﨑山さん。\n"
    assert [(c.line, c.column, c.before, c.after, c.kind) for c in changes] == [
        (1, 3, "⽀", "支", "lookalike"), (2, 1, "⼈", "人", "lookalike"), (2, 2, "⺠", "民", "lookalike"),
        (2, 4, "⽣", "生", "lookalike")]
    assert repair_glyphs("普通の文です。") == ("普通の文です。", [])
