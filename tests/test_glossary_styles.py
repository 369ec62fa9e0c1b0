"""Glossaries as other municipalities write them: line texts (PDF and Word exports), Arabic figures.

Each sample imitates a plan's layout (its marks, brackets and headings) with
made-up wording; tests/test_glossary.py covers the Kochi plan's flat text.
"""
from __future__ import annotations

import re

import pytest

from conftest import dedent
from yomitoki.enrich.glossary import Entry, Glossary, _split_title, extract
from yomitoki.render.glossary import GlossaryLinker
from yomitoki.render.markdown import TextRenderer, render_document
from yomitoki.text.parse import parse


def read(text: str, slug: str = "p"):
    doc = parse(dedent(text), f"{slug}.txt", slug, title="計画")
    return doc, extract(doc)


def terms(entries: list[Entry]) -> list[tuple[str, str, list[str]]]:
    """(term, given reading, explanation) of every entry, sub-entries after their parent."""
    return [(e.term, e.given_reading, e.definition) for top in entries for e in top.walk()]


def rendered(doc) -> dict[str, str]:
    g = Glossary.from_documents([doc])
    return {p.src_uri: p.markdown for p in render_document(doc, TextRenderer(linker=GlossaryLinker(g, "all")))}


# --- what a title in brackets says ---------------------------------------------------


@pytest.mark.parametrize("title,term,reading,aliases,shown", [
    ("育成医療（いくせいいりょう）", "育成医療", "いくせいいりょう", [], "育成医療"),
    ("育成医療 (いくせいいりょう)", "育成医療", "いくせいいりょう", [], "育成医療"),
    ("育成医療【いくせいいりょう】", "育成医療", "いくせいいりょう", [], "育成医療"),
    ("育成医療（いくせい いりょう）", "育成医療", "いくせいいりょう", [], "育成医療"),
    # a reading in katakana is given in hiragana, for the ruby
    ("育成医療（イクセイイリョウ）", "育成医療", "いくせいいりょう", [], "育成医療"),
    ("手帳（テチョウ）", "手帳", "てちょう", [], "手帳"),
    # a loanword in katakana is another name, not a reading
    ("居宅介護(ホームヘルプ)", "居宅介護", "", ["ホームヘルプ"], "居宅介護(ホームヘルプ)"),
    ("移動支援（ガイドヘルプ）", "移動支援", "", ["ガイドヘルプ"], "移動支援（ガイドヘルプ）"),
    ("短期入所（ショートステイ）", "短期入所", "", ["ショートステイ"], "短期入所（ショートステイ）"),
    # an abbreviation is another name; an English name or a remark stays in the title only
    ("注意欠陥多動性障害（ＡＤＨＤ）", "注意欠陥多動性障害", "", ["ＡＤＨＤ"], "注意欠陥多動性障害（ＡＤＨＤ）"),
    ("ユニバーサルデザイン（Universal Design）", "ユニバーサルデザイン", "", [], "ユニバーサルデザイン（Universal Design）"),
    ("障害児（18歳未満）", "障害児", "", [], "障害児（18歳未満）"),
    # a kana term needs no reading: its bracket is another name
    ("ジョブコーチ（しょくばてきおうえんじょしゃ）", "ジョブコーチ", "", ["しょくばてきおうえんじょしゃ"],
     "ジョブコーチ（しょくばてきおうえんじょしゃ）"),
    # a reading and another name
    ("居宅介護（きょたくかいご）（ホームヘルプ）", "居宅介護", "きょたくかいご", ["ホームヘルプ"], "居宅介護（ホームヘルプ）"),
])
def test_a_bracket_after_a_term(title, term, reading, aliases, shown):
    t = _split_title(title)
    assert (t.term, t.reading, t.aliases, t.title) == (term, reading, aliases, shown)


# --- 1. numbered notes after a label (line texts) ------------------------------------------

# A city: ＜用語解説＞ after a section; term and explanation on one line, a long one wrapped.
# A town: 【用語解説】; the term on its line (with its reading), the explanation on the next ones.
# A village: a plain 用語解説 line; term：explanation.
NOTES_AFTER_SECTIONS = """
    第３章　施策の展開
    １　相談支援体制の充実
    　障がいのある人が身近な地域で安心して相談できるよう、基幹相談支援センター※1を中心とした相談
    支援体制の充実を図ります。また、療育手帳※2の取得に関する相談にも応じます。
    ＜用語解説＞
    ※1　基幹相談支援センター　地域における相談支援の中核的な役割を担う機関で、総合的・専門的
    な相談支援を行います。
    ※2　療育手帳　知的障がいのある人に交付される手帳です。
    ２　地域生活の支援
    　地域包括ケアシステム※1の考え方を取り入れ、合理的配慮※2の提供を進めます。
    【用語解説】
    ※１ 地域包括ケアシステム
    高齢者や障がいのある人が、住み慣れた地域で自分らしい暮らしを続けられるよう、住まい・医療・
    介護・予防・生活支援が一体的に提供される仕組みのことです。
    ※２ 合理的配慮（ごうりてきはいりょ）
    障がいのある人から社会的障壁を取り除くための対応を求められたときに、負担が重すぎない範囲で
    対応することです。
    ３　発達支援
    　ペアレントメンター※1による相談の場を設けます。
    用語解説
    ※1 ペアレントメンター：発達障がいのある子どもを育てた経験のある親で、研修を受けた人のこと
    です。
"""


def test_notes_after_a_label_in_a_line_text():
    doc, entries = read(NOTES_AFTER_SECTIONS)
    assert terms(entries) == [
        ("基幹相談支援センター", "", ["地域における相談支援の中核的な役割を担う機関で、総合的・専門的な相談支援を行います。"]),
        ("療育手帳", "", ["知的障がいのある人に交付される手帳です。"]),
        ("地域包括ケアシステム", "", ["高齢者や障がいのある人が、住み慣れた地域で自分らしい暮らしを続けられるよう、"
                                     "住まい・医療・介護・予防・生活支援が一体的に提供される仕組みのことです。"]),
        ("合理的配慮", "ごうりてきはいりょ", ["障がいのある人から社会的障壁を取り除くための対応を求められたときに、"
                                             "負担が重すぎない範囲で対応することです。"]),
        ("ペアレントメンター", "", ["発達障がいのある子どもを育てた経験のある親で、研修を受けた人のことです。"]),
    ]
    assert [e.note_id for e in entries] == ["note-1-1", "note-1-2", "note-2-1", "note-2-2", "note-3-1"]
    assert [e.title for e in entries][3] == "合理的配慮"
    assert Glossary.from_documents([doc]).given_readings() == {"合理的配慮": "ごうりてきはいりょ"}


def test_note_marks_of_a_line_text_link_to_the_block_after_them():
    doc, _ = read(NOTES_AFTER_SECTIONS)
    page = rendered(doc)["p/01.md"]
    refs = re.findall(r'class="yt-noteref" href="#([^"]+)"[^>]*>([^<]+)<', page)
    assert refs == [("note-1-1", "※1"), ("note-1-2", "※2"), ("note-2-1", "※1"), ("note-2-2", "※2"), ("note-3-1", "※1")]


def test_a_label_an_introduction_then_notes():
    doc, entries = read("""
        第１章　概要
        療育手帳※1と難病※2の人が対象です。
        用語解説
        本文中の※印の用語を説明します。
        ※1 療育手帳 知的障がいのある人に交付される手帳です。
        ※2 難病 治療方法が確立していない疾病です。
    """)
    assert [(e.term, e.note_id) for e in entries] == [("療育手帳", "note-1"), ("難病", "note-2")]


def test_an_explanation_broken_over_lines_that_are_not_joined():
    # short lines (a narrow column): the parser keeps them apart, the note takes them back
    doc, entries = read("""
        本文です。療育手帳※1について。
        ことばの説明
        ※1 療育手帳 知的障がいのある人に
        交付される手帳です。
        本文の続きです。
    """)
    assert terms(entries) == [("療育手帳", "", ["知的障がいのある人に", "交付される手帳です。"])]


# --- 2. term lines with their readings, inside a chapter ---------------------------------


def test_diamond_terms_under_a_numbered_glossary_heading_of_the_materials():
    # ◆ term (reading) on one line, the explanation (wrapped) on the next; the glossary ends at ３
    doc, entries = read("""
        資料編
        １　計画の策定経過
        令和5年6月に策定委員会を開催しました。
        ２　用語集
        ◆ 育成医療 (いくせいいりょう)
        身体に障がいのある18歳未満の子どもが、障がいを除去・軽減する手術等の治療によって確実
        に効果が期待できる場合に、その医療費の一部を公費で負担する制度です。
        ◆ 意思疎通支援（いしそつうしえん）
        聴覚、言語機能、音声機能、視覚等の障がいのため、意思疎通を図ることに支障がある人に、
        手話通訳者等を派遣する事業です。
        ◆ ジョブコーチ
        障がいのある人が職場に適応できるよう、職場に出向いて支援を行う人のことです。
        ◆ 障がい者手帳（しょうがいしゃてちょう）
        次の三つの手帳の総称です。
        ・身体障害者手帳
        ・療育手帳
        ・精神障害者保健福祉手帳
        ３　委員名簿
        委員長　山田太郎
        委員　　鈴木花子
    """)
    assert terms(entries) == [
        ("育成医療", "いくせいいりょう", ["身体に障がいのある18歳未満の子どもが、障がいを除去・軽減する手術等の治療によって"
                                          "確実に効果が期待できる場合に、その医療費の一部を公費で負担する制度です。"]),
        ("意思疎通支援", "いしそつうしえん", ["聴覚、言語機能、音声機能、視覚等の障がいのため、意思疎通を図ることに支障がある人に、"
                                             "手話通訳者等を派遣する事業です。"]),
        ("ジョブコーチ", "", ["障がいのある人が職場に適応できるよう、職場に出向いて支援を行う人のことです。"]),
        # the listed kinds are part of its explanation, not terms without one
        ("障がい者手帳", "しょうがいしゃてちょう", ["次の三つの手帳の総称です。", "・身体障害者手帳", "・療育手帳",
                                                   "・精神障害者保健福祉手帳"]),
    ]
    assert entries[0].title == "育成医療" and entries[0].group == ""
    assert not doc.warnings
    g = Glossary.from_documents([doc])
    assert g.given_readings() == {"育成医療": "いくせいいりょう", "意思疎通支援": "いしそつうしえん",
                                  "障がい者手帳": "しょうがいしゃてちょう"}
    g.fill_readings(None)
    assert [e.group for e in g] == ["ア行", "ア行", "サ行", "サ行"]


def test_bullet_terms_with_their_explanation_after_a_colon():
    doc, entries = read("""
        第５章　資料
        資料　用語解説
        ● 移動支援（いどうしえん）：屋外での移動が困難な障がいのある人に、外出のための支援を行う
        サービスです。
        ● グループホーム：障がいのある人が共同で生活する住まいで、相談や日常生活上の援助を受けられます。
        ● 成年後見制度（せいねんこうけんせいど）：判断能力が十分でない人の財産や権利を守るため、
        家庭裁判所が選んだ後見人等が支援する制度です。
    """)
    assert terms(entries) == [
        ("移動支援", "いどうしえん", ["屋外での移動が困難な障がいのある人に、外出のための支援を行うサービスです。"]),
        ("グループホーム", "", ["障がいのある人が共同で生活する住まいで、相談や日常生活上の援助を受けられます。"]),
        ("成年後見制度", "せいねんこうけんせいど", ["判断能力が十分でない人の財産や権利を守るため、"
                                                     "家庭裁判所が選んだ後見人等が支援する制度です。"]),
    ]


def test_square_terms_with_the_reading_in_lenticular_brackets_and_no_heading():
    doc, entries = read("""
        第１章　計画の概要
        計画の本文です。育成医療と日常生活用具の給付を行います。
        ■育成医療【いくせいいりょう】
        身体に障がいのある子どもの医療費の一部を公費で負担する制度です。
        ■日常生活用具【にちじょうせいかつようぐ】
        障がいのある人の日常生活を便利にするための用具です。
        ■ピアサポート
        同じ立場の人どうしが支え合うことです。
    """)
    assert terms(entries) == [
        ("育成医療", "いくせいいりょう", ["身体に障がいのある子どもの医療費の一部を公費で負担する制度です。"]),
        ("日常生活用具", "にちじょうせいかつようぐ", ["障がいのある人の日常生活を便利にするための用具です。"]),
        ("ピアサポート", "", ["同じ立場の人どうしが支え合うことです。"]),
    ]
    page = rendered(doc)["p/01.md"]
    # the body links them; their own lines do not
    assert page.count('data-term-id="育成医療"') == 1 and page.count('data-term-id="日常生活用具"') == 1
    assert "計画の本文です。<a class=\"yt-term\"" in page


def test_terms_on_lines_of_their_own_at_the_end_of_a_plan():
    doc, entries = read("""
        第４章　計画の推進
        計画は、障がい福祉計画推進協議会で毎年度点検します。
        育成医療（いくせいいりょう）
        身体に障がいのある子どもの医療費の一部を公費で負担する制度です。
        補装具（ほそうぐ）
        身体の欠けた部分や機能を補うための用具で、義肢や車いすなどがあります。
        ノーマライゼーション
        障がいのある人もない人も、共に暮らすのが普通であるという考え方です。
    """)
    assert terms(entries) == [
        ("育成医療", "いくせいいりょう", ["身体に障がいのある子どもの医療費の一部を公費で負担する制度です。"]),
        ("補装具", "ほそうぐ", ["身体の欠けた部分や機能を補うための用具で、義肢や車いすなどがあります。"]),
        ("ノーマライゼーション", "", ["障がいのある人もない人も、共に暮らすのが普通であるという考え方です。"]),
    ]


def test_katakana_readings_are_given_in_hiragana():
    doc, entries = read("""
        用語集
        ◆ 育成医療（イクセイイリョウ）
        身体に障がいのある子どもの医療費の一部を公費で負担する制度です。
        ◆ 短期入所（ショートステイ）
        介護する人が病気の場合などに、短期間、施設で介護を行います。
    """)
    assert [(e.term, e.given_reading, e.aliases) for e in entries] == [
        ("育成医療", "いくせいいりょう", []), ("短期入所", "", ["ショートステイ"])]


def test_the_site_reads_a_term_as_its_glossary_line_does(tmp_path):
    from conftest import build, make_project

    text = ("第１章　計画の概要\n高幡の会議と四万十の会議を開きました。\n"
            "用語集\n◆ 高幡（こうはた）\n架空の地名です。\n◆ 四万十（しまんと）\n架空の川の名前です。\n")
    config = make_project(tmp_path, {"plan.txt": text}, {"plan": {"slug": "p"}})
    site = build(config, tmp_path / "site")
    pages = "".join(p.read_text(encoding="utf-8") for p in (site / "p").rglob("index.html"))
    assert "<ruby>高幡<rp>(</rp><rt>こうはた</rt>" in pages


# --- what is not a glossary ------------------------------------------------------------


def test_diamond_headings_of_a_chapter_are_not_terms():
    doc, entries = read("""
        第２章　施策の展開
        ◆ 相談支援の充実
        身近な地域で相談できるよう、相談支援事業所を増やし、相談支援専門員の研修を行います。
        ◆ 就労支援の推進
        障がい者就業・生活支援センターと連携し、一般就労への移行を進めます。
        ◆ 地域生活支援拠点（ちいきせいかつしえんきょてん）の整備
        緊急時の受け入れ体制を整えます。
        ◆ 障害者差別解消法（しょうがいしゃさべつかいしょうほう）
        法の趣旨を広く周知し、合理的配慮の提供を進めます。
        ◆ 意思疎通支援（いしそつうしえん）
        手話通訳者の養成に努めます。
    """)
    assert entries == [] and not doc.warnings


def test_a_reading_in_running_text_is_not_an_entry():
    doc, entries = read("""
        第３章　障がい児支援
        本市では、育成医療（いくせいいりょう）の給付と、補装具（ほそうぐ）の支給を行っています。
        補装具（ほそうぐ）の修理の相談にも応じます。
        日常生活用具（にちじょうせいかつようぐ）の給付
        品目を見直し、必要な人に給付を進めます。
    """)
    assert entries == []


# --- 5. glossary chapters ------------------------------------------------------------------


def test_a_glossary_chapter_grouped_under_hiragana_gyo():
    doc, entries = read("""
        第１章　計画の概要
        この計画は、障がいのある人の地域生活を支えるための計画です。
        第２章　用語集
        あ行
        アクセシビリティ
        高齢者や障がいのある人を含む誰もが、情報やサービスを利用できることです。
        意思疎通支援（いしそつうしえん）
        手話通訳者や要約筆記者を派遣し、意思疎通を支援する事業です。
        か行
        基幹相談支援センター（きかんそうだんしえんせんたー）
        地域の相談支援の中核となる機関です。
        共同生活援助（グループホーム）
        共同生活を行う住居で、相談や日常生活上の援助を行います。
    """)
    assert [(e.term, e.given_reading, e.aliases, e.group, e.source_uri) for e in entries] == [
        ("アクセシビリティ", "", [], "ア行", "p/02.md"),
        ("意思疎通支援", "いしそつうしえん", [], "ア行", "p/02.md"),
        ("基幹相談支援センター", "きかんそうだんしえんせんたー", [], "カ行", "p/02.md"),
        ("共同生活援助", "", ["グループホーム"], "カ行", "p/02.md"),
    ]
    assert all(len(e.definition) == 1 for e in entries)


def test_a_glossary_chapter_with_katakana_gyo_and_diamond_terms():
    doc, entries = read("""
        第１章　計画の概要
        この計画は、障がいのある人の地域生活を支えるための計画です。
        第７章　用語の説明
        ア行
        ◆ 医療的ケア児（いりょうてきけあじ）
        日常生活を営むために、たんの吸引や経管栄養などの医療的ケアを必要とする子どもです。
        カ行
        ◆ 強度行動障害（きょうどこうどうしょうがい）
        自分の体を叩いたり、物を壊したりする行動が著しく高い頻度で起こるため、特別な支援が
        必要な状態です。
        ◆ 権利擁護（けんりようご）
        自分の権利を主張することが難しい人に代わって、その権利を守ることです。
    """)
    assert [(e.term, e.given_reading, e.group) for e in entries] == [
        ("医療的ケア児", "いりょうてきけあじ", "ア行"),
        ("強度行動障害", "きょうどこうどうしょうがい", "カ行"),
        ("権利擁護", "けんりようご", "カ行"),
    ]
    assert entries[1].definition == ["自分の体を叩いたり、物を壊したりする行動が著しく高い頻度で起こるため、"
                                     "特別な支援が必要な状態です。"]


def test_a_glossary_chapter_without_groups():
    # terms as bold lines in the printed plan: plain lines of their own here
    doc, entries = read("""
        第１章　計画の概要
        この計画は、障がいのある人の地域生活を支えるための計画です。
        第８章　用語解説
        アウトリーチ
        支援が必要な人のもとに、支援者が出向いて支援を行うことです。
        合理的配慮
        障がいのある人から求めがあったときに、負担が重すぎない範囲で行う配慮のことです。
        就労継続支援
        一般企業で働くことが難しい人に、働く場を提供するとともに、
        必要な訓練を行います。
        日中一時支援
        日中に見守りを行う
        サービスです。
    """)
    assert terms(entries) == [
        ("アウトリーチ", "", ["支援が必要な人のもとに、支援者が出向いて支援を行うことです。"]),
        ("合理的配慮", "", ["障がいのある人から求めがあったときに、負担が重すぎない範囲で行う配慮のことです。"]),
        ("就労継続支援", "", ["一般企業で働くことが難しい人に、働く場を提供するとともに、必要な訓練を行います。"]),
        # a short first line (a narrow column) is not a term of its own
        ("日中一時支援", "", ["日中に見守りを行う", "サービスです。"]),
    ]
    assert not doc.warnings


def test_letter_groups_and_the_groups_that_are_not_kana():
    doc, entries = read("""
        第９章　用語集
        【あ】
        ◆ 医療的ケア児（いりょうてきけあじ）
        医療的ケアを必要とする子どもです。
        【さ】
        ◆ 相談支援専門員（そうだんしえんせんもんいん）
        相談に応じ、サービス等利用計画を作る人です。
        【英数字】
        ◆ ＩＣＴ
        情報通信技術のことです。
    """)
    assert [(e.term, e.group) for e in entries] == [("医療的ケア児", "ア行"), ("相談支援専門員", "サ行"), ("ＩＣＴ", "英数字")]


def test_a_chapter_grouped_by_gyo_is_a_glossary_whatever_its_title():
    doc, entries = read("""
        第１章　計画の概要
        この計画は、障がいのある人の地域生活を支えるための計画です。
        第３章　資料
        【ア行】
        アクセシビリティ
        誰もが情報やサービスを利用できることです。
        【カ行】
        基幹相談支援センター
        地域の相談支援の中核となる機関です。
    """)
    assert [(e.term, e.group) for e in entries] == [("アクセシビリティ", "ア行"), ("基幹相談支援センター", "カ行")]


# --- 3. a page's notes, in a line text with Arabic figures ------------------------------------

PER_PAGE_LINES = """
    第１章　計画の策定にあたって
    １　計画策定の趣旨
    福祉は、措置制度から支援費制度への移行(※1)により大きく変わりました。ノーマライゼーション(※2)の考え方が広がっています。
    1ページの語句の説明
    (※1)措置制度から支援費制度への移行　平成15年度から、利用者が選んで契約する仕組みに変わったことです。
    (※2)ノーマライゼーション
    障がいのある人もない人も、ともに暮らす社会が普通であるという考え方です。
    - 1 -
    ２　計画の位置づけ
    地域生活(※1)を支えるため、相談支援専門員(※2)を増やします。
    2ページの語句の説明
    (※1)地域生活　施設ではなく、地域の住まいで暮らすことです。
    (※2)相談支援専門員　相談に応じる専門の職員です。
    - 2 -
"""


def test_per_page_notes_in_a_line_text():
    doc, entries = read(PER_PAGE_LINES)
    assert [(e.term, e.note_mark, e.note_id) for e in entries] == [
        ("措置制度から支援費制度への移行", "(※1)", "note-1-1"),
        ("ノーマライゼーション", "(※2)", "note-1-2"),
        ("地域生活", "(※1)", "note-2-1"),
        ("相談支援専門員", "(※2)", "note-2-2"),
    ]
    assert entries[1].definition == ["障がいのある人もない人も、ともに暮らす社会が普通であるという考え方です。"]
    page = rendered(doc)["p/01.md"]
    refs = re.findall(r'class="yt-noteref" href="#([^"]+)"', page)
    assert refs == ["note-1-1", "note-1-2", "note-2-1", "note-2-2"]


# --- 4. footnotes --------------------------------------------------------------------------

FOOTNOTES = """
    第２章　障がいのある人の現状
    １　手帳所持者の状況
    本市の療育手帳※1の所持者は、令和5年3月末現在で1,234人です。精神障害者保健福祉手帳※2の所持者も増えています。
    以下脚注
    ※1　療育手帳：知的障がいのある人に交付される手帳です。
    ※2　精神障害者保健福祉手帳：一定の精神障がいの状態にある人に交付される手帳です。
    ２　サービスの利用状況
    就労継続支援(注1)の利用者は増えており、就労定着支援(注2)の利用も始まりました。
    脚注
    (注1) 就労継続支援　一般企業で働くことが難しい人に、働く場を提供するサービスです。
    (注2) 就労定着支援　就職した人が職場に定着できるよう支援するサービスです。
    ３　相談の状況
    基幹相談支援センター注1への相談が増えています。物品の受注1件。
    脚注
    注1 基幹相談支援センター　地域の相談支援の中核となる機関です。
"""


def test_footnotes_with_their_terms():
    doc, entries = read(FOOTNOTES)
    assert [(e.term, e.note_mark, e.note_id, e.definition) for e in entries] == [
        ("療育手帳", "※1", "note-1-1", ["知的障がいのある人に交付される手帳です。"]),
        ("精神障害者保健福祉手帳", "※2", "note-1-2", ["一定の精神障がいの状態にある人に交付される手帳です。"]),
        ("就労継続支援", "(注1)", "note-2-1", ["一般企業で働くことが難しい人に、働く場を提供するサービスです。"]),
        ("就労定着支援", "(注2)", "note-2-2", ["就職した人が職場に定着できるよう支援するサービスです。"]),
        ("基幹相談支援センター", "注1", "note-3-1", ["地域の相談支援の中核となる機関です。"]),
    ]


def test_footnote_marks_link_to_their_footnotes():
    doc, _ = read(FOOTNOTES)
    page = rendered(doc)["p/01.md"]
    refs = re.findall(r'class="yt-noteref" href="#([^"]+)"[^>]*>([^<]+)<', page)
    assert refs == [("note-1-1", "※1"), ("note-1-2", "※2"), ("note-2-1", "&#40;注1&#41;"), ("note-2-2", "&#40;注2&#41;"),
                    ("note-3-1", "注1")]
    anchors = re.findall(r'class="yt-note-mark" id="([^"]+)"', page)
    assert anchors == ["note-1-1", "note-1-2", "note-2-1", "note-2-2", "note-3-1"]
    assert "受注1件" in page          # a word that ends in 注 is not a mark


def test_a_star_mark_does_not_point_to_a_footnote_numbered_with_chu():
    doc, _ = read("""
        本文です。療育手帳※1と難病注1の人が対象です。
        脚注
        注1 難病　治療方法が確立していない疾病です。
        注2 療育手帳　知的障がいのある人に交付される手帳です。
    """)
    page = rendered(doc)["p/01.md"]
    refs = re.findall(r'class="yt-noteref" href="#([^"]+)"[^>]*>([^<]+)<', page)
    assert refs == [("note-1", "注1")]


def test_footnotes_that_are_remarks_are_not_entries():
    doc, entries = read("""
        本市の手帳所持者は1,234人です※1。
        脚注
        ※1 令和5年3月末現在
        本文の続きです。
    """)
    assert entries == []


# --- the same styles in a flat text (a whole plan on one line) ----------------------------------


def flat_plan(*parts: str) -> str:
    body = ["この計画は障がいのある人の地域生活を支えるための計画です。"] * 14   # a flat line is long
    return " ".join(["第1章 計画の概要", *body, *parts]) + "\n"


def test_flat_text_diamond_terms_and_notes():
    # cut at spaces: ◆ 育成医療 / (いくせいいりょう) / its explanation; ※1 / 療育手帳 / its explanation
    doc = parse(flat_plan(
        "育成医療と療育手帳※1と難病※2。",
        "第2章 資料 用語集 ◆ 育成医療 (いくせいいりょう) 身体に障がいのある子どもの医療費の一部を公費で負担する制度です。",
        "◆ ジョブコーチ 職場に出向いて支援を行う人のことです。",
        "第3章 計画の推進 療育手帳※1と難病※2。 ＜ことばの説明＞ ※1 療育手帳 知的障がいのある人に交付される手帳です。",
        "※2 難病 治療方法が確立していない疾病です。",
        "第4章 評価 療育手帳※1。 ＜ことばの説明＞ ※1 療育手帳 知的障がいのある人に交付される手帳です。",
    ), "f.txt", "f", title="計画")
    entries = extract(doc)
    assert [(e.term, e.given_reading, e.definition, e.note_id) for e in entries] == [
        ("育成医療", "いくせいいりょう", ["身体に障がいのある子どもの医療費の一部を公費で負担する制度です。"], ""),
        ("ジョブコーチ", "", ["職場に出向いて支援を行う人のことです。"], ""),
        ("療育手帳", "", ["知的障がいのある人に交付される手帳です。"], "note-1"),
        ("難病", "", ["治療方法が確立していない疾病です。"], "note-2"),
        ("療育手帳", "", ["知的障がいのある人に交付される手帳です。"], "note-1"),
    ]
    pages = rendered(doc)
    assert re.findall(r'class="yt-note-mark" id="([^"]+)"', pages["f/03.md"]) == ["note-1", "note-2"]
    assert re.findall(r'class="yt-noteref" href="#([^"]+)"', pages["f/03.md"]) == ["note-1", "note-2"]
    # the note's term, cut off its mark, is not linked to itself
    assert "\n\n療育手帳\n\n" in pages["f/03.md"]


def test_two_blocks_of_a_page_whose_notes_start_alike_get_their_own_anchors():
    doc = parse(flat_plan(
        "療育手帳※1。 ＜ことばの説明＞ ※1 療育手帳 知的障がいのある人に交付される手帳です。",
        "難病※1。 ＜ことばの説明＞ ※1 難病 治療方法が確立していない疾病です。",
    ), "f.txt", "f", title="計画")
    pages = rendered(doc)
    assert re.findall(r'class="yt-note-mark" id="([^"]+)"', pages["f/01.md"]) == ["note-1-1", "note-2-1"]
    assert re.findall(r'class="yt-noteref" href="#([^"]+)"', pages["f/01.md"]) == ["note-1-1", "note-2-1"]


def test_a_reading_on_the_line_after_its_term():
    doc, entries = read("""
        第１章　計画の概要
        計画の本文です。
        ◆ 育成医療
        （いくせいいりょう）
        身体に障がいのある子どもの医療費の一部を公費で負担する制度です。
        ◆ 補装具
        （ほそうぐ）
        身体の欠けた部分や機能を補うための用具です。
    """)
    assert terms(entries) == [
        ("育成医療", "いくせいいりょう", ["身体に障がいのある子どもの医療費の一部を公費で負担する制度です。"]),
        ("補装具", "ほそうぐ", ["身体の欠けた部分や機能を補うための用具です。"]),
    ]


def test_diamond_terms_at_the_end_of_a_plan_without_a_heading():
    doc, entries = read("""
        第１章　計画の概要
        計画の本文です。
        第２章　計画の推進
        計画は毎年度点検し、結果を公表します。
        ◆ 育成医療 (いくせいいりょう)
        身体に障がいのある子どもの医療費の一部を公費で負担する制度です。
        ◆ 補装具 (ほそうぐ)
        身体の欠けた部分や機能を補うための用具です。
    """)
    assert [(e.term, e.given_reading, e.source_uri) for e in entries] == [
        ("育成医療", "いくせいいりょう", "p/02.md"), ("補装具", "ほそうぐ", "p/02.md")]
