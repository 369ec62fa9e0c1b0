"""Numbers in figures for the standard edition (enrich/figures.py).

The rule is 「公用文作成の考え方」 (文化審議会建議, 2022): horizontal text uses
figures; kanji numerals stay for counters with つ, approximate numbers and
words or names.  The Kochi appendix, a text written for speech, is the real
case: every spot the standard edition changes is in tests/data/figures_kochi.tsv,
reviewed by hand, so any new change -- wanted or not -- fails.  (The list is
of the whole text; the site converts block by block, where a block's start
may also be a label or an ordinal: tested on their own below.)
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bs4 import BeautifulSoup

from yomitoki.enrich.figures import figure, figures_changes, same_text, to_figures

ROOT = Path(__file__).resolve().parents[1]
KOCHI = ROOT / "source_texts" / "kochi_disability_plan_appendix.txt"
REVIEWED = ROOT / "tests" / "data" / "figures_kochi.tsv"


@pytest.mark.parametrize("written, shown", [
    # quantities, with thousands separators
    ("合計配布数六千五百九十一、回収数三千八百二十八", "合計配布数6,591、回収数3,828"),
    ("回答数は一千四百六十八", "回答数は1,468"),
    ("千六百五十一人", "1,651人"),
    ("十五校", "15校"),
    ("回答数十九事業所", "回答数19事業所"),          # 数 of 回答数, not 数十 (some tens)
    ("回答数十事業所", "回答数10事業所"),
    ("平均七十四件", "平均74件"),                    # 平均: the scanner keeps 均一 a word
    ("現在利用している百、", "現在利用している100、"),
    # percentages and decimals of the narration style
    ("回収率五十八点1パーセント", "回収率58.1%"),
    ("二十点三パーセント", "20.3%"),
    ("0点8パーセント", "0.8%"),
    ("一・六パーセント", "1.6%"),
    ("一・二七倍", "1.27倍"),
    ("原則として0点65から0点74まで", "原則として0.65から0.74まで"),
    # dates and years: no separator
    ("令和二年七月", "令和2年7月"),
    ("平成三十一年四月一日", "平成31年4月1日"),
    ("二千二十年", "2020年"),
    ("二〇二〇年", "2020年"),
    ("十九日", "19日"),
    # page numbers, ordinals with 第, the branches of a law's articles
    ("百六十一ページ", "161ページ"),
    ("第一節", "第1節"),
    ("第十一条第一項", "第11条第1項"),
    ("児童福祉法第六条の二の二第一項", "児童福祉法第6条の2の2第1項"),
    ("第二十一条の五の三", "第21条の5の3"),
    # large numbers: round at 万 or 億, with the unit; otherwise separators (4,000, not 4千)
    ("五百万人", "500万人"),
    ("十億円", "10億円"),
    ("三億二千万円", "3億2,000万円"),
    ("一万二千人", "12,000人"),
    ("四千人", "4,000人"),
    # ranges of the narration style
    ("四から六歳", "4から6歳"),
    ("十から十二歳", "10から12歳"),
])
def test_numbers_written_for_speech_are_shown_in_figures(written, shown):
    assert to_figures(written) == shown
    assert same_text(written) == same_text(shown)


@pytest.mark.parametrize("text", [
    # words and names
    "一般の方", "一定の割合", "四国地方", "千葉県", "一人ひとり", "三障害", "十分な体制", "不十分",
    "一部を改正", "二次障害", "第三者評価", "統一的に", "一体的に", "一層の", "万一の場合", "四万十市",
    "五十音順", "一億総活躍",
    # counters with つ
    "一つ以上", "三つまで",
    # approximate numbers
    "二、三日", "一、二か所", "数十人", "約数十人", "十数人", "数百万円", "何千",
    # already in figures, units and all
    "40", "1,234人", "3.5%", "6パーセント", "R3年度", "第1節", "令和2年",
    # enumeration labels
    "(一)障害者", "(二)",
])
def test_words_approximate_numbers_and_figures_stay_as_written(text):
    assert to_figures(text) == text
    assert figures_changes(text) == []


def test_a_heading_or_item_opening_with_a_label_or_an_ordinal():
    # the site converts block by block: a text's start is a heading's or an item's
    assert to_figures("十一 都道府県障害福祉計画等の達成状況") == "十一 都道府県障害福祉計画等の達成状況"   # as 一, 二 … stay
    assert to_figures("四十三 1点4パーセント") == "43 1.4%"                                         # a value, not a label
    assert to_figures("第一障害福祉サービス等の提供体制") == "第1障害福祉サービス等の提供体制"
    assert to_figures("第三計画の作成に関する事項") == "第3計画の作成に関する事項"
    assert to_figures("第三者による評価") == "第三者による評価"
    assert to_figures("その第一障害") == "その第一障害"        # inside a sentence the scanner decides
    # the tenth item of a list numbered 1 … 9 (the narration style writes 10 as 十)
    assert to_figures("十有給休暇の取得促進や") == "10有給休暇の取得促進や"
    assert to_figures("十その他(退職後の") == "10その他(退職後の"
    assert to_figures("十分な体制") == "十分な体制"
    assert to_figures("十数人") == "十数人"
    assert to_figures("十、") == "十、"


def test_a_bare_ten_or_hundred_in_a_series_of_values():
    assert to_figures("(安芸4、中央東十、高知市六十六)") == "(安芸4、中央東10、高知市66)"
    assert to_figures("ご本人九十七、主たる保護者百 (4)") == "ご本人97、主たる保護者100 (4)"
    assert to_figures("高知市3、四万十、") == "高知市3、四万十、"          # a name
    assert to_figures("5、数百、") == "5、数百、"                          # a rough number


def test_a_count_and_the_tenth_item_inside_a_text():
    assert to_figures("回答事業所数十、合計人数") == "回答事業所数10、合計人数"
    assert to_figures("9 成年後見制度 508 16.2% 十 聴覚、言語") == "9 成年後見制度 508 16.2% 10 聴覚、言語"
    assert to_figures("みを設定する。 十 障害福祉サービス") == "みを設定する。 十 障害福祉サービス"   # no 9 before
    assert to_figures("9 x 十分な") == "9 x 十分な"


def test_the_labels_of_a_list_numbered_in_figures():
    from yomitoki.enrich.figures import label_in_figures

    assert label_in_figures("十二 労働時間の希望を聞いている") == "12 労働時間の希望を聞いている"
    assert label_in_figures("十 聴覚、言語機能") == "10 聴覚、言語機能"
    assert label_in_figures("十分な体制") == "十分な体制"
    assert label_in_figures("一般企業") == "一般企業"


def test_a_number_against_a_figure_stays_as_written():
    # 十2 would read as one number: left alone rather than made 102
    assert to_figures("十2") == "十2"
    assert to_figures("マイナス五") == "マイナス五"     # the sign is a word


def test_figure_writes_separators_and_big_units():
    assert figure(6591) == "6,591"
    assert figure(2020, separators=False) == "2020"
    assert figure(5_000_000, big_units=True) == "500万"
    assert figure(320_000_000, big_units=True) == "3億2,000万"
    assert figure(12_345, big_units=True) == "12,345"
    from decimal import Decimal
    assert figure(Decimal("1234.5")) == "1,234.5"
    assert figure(Decimal("0.65")) == "0.65"


def test_same_text_is_the_same_for_a_number_and_its_figure_only():
    assert same_text("合計配布数六千五百九十一") == same_text("合計配布数6,591")
    assert same_text("1点二八倍") == same_text("1.28倍")
    assert same_text("0点0五") == same_text("0.05")
    assert same_text("回収率五十八点1パーセント") == same_text("回収率58.1%")
    assert same_text("合計配布数六千五百九十一") != same_text("合計配布数6,592")
    assert same_text("五十八点1パーセント") != same_text("58.1")
    assert same_text("一般") == same_text("一般") != same_text("二般")
    assert same_text("障害福祉") == "障害福祉"


def test_to_figures_is_idempotent():
    text = "合計配布数六千五百九十一、回収率五十八点1パーセント、令和二年七月、第一節、一般、二、三日"
    once = to_figures(text)
    assert once == "合計配布数6,591、回収率58.1%、令和2年7月、第1節、一般、二、三日"
    assert to_figures(once) == once


@pytest.fixture(scope="module")
def kochi() -> str:
    if not KOCHI.exists():
        pytest.skip("Kochi sample text not present")
    return KOCHI.read_text(encoding="utf-8")


def _reviewed() -> list[tuple[str, str, str, str, int]]:
    rows = []
    for line in REVIEWED.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        before, written, shown, after, count = line.split("\t")
        rows.append((before, written, shown, after, int(count)))
    return rows


def _spots(text: str) -> list[tuple[str, str, str, str, int]]:
    def show(s: str) -> str:
        return s.replace("\n", "⏎").replace("\t", "→")

    counts: Counter = Counter()
    for s, e, written, shown in figures_changes(text):
        counts[(show(text[max(0, s - 6):s]), written, shown, show(text[e:e + 4]))] += 1
    return [key + (n,) for key, n in counts.items()]


def test_kochi_conversions_are_exactly_the_reviewed_list(kochi):
    got = _spots(kochi)
    expected = _reviewed()
    missing = [r for r in expected if r not in got]
    unexpected = [r for r in got if r not in expected]
    assert not missing and not unexpected, (missing[:10], unexpected[:10])
    assert got == expected
    assert sum(r[4] for r in got) == 1929


def test_kochi_in_figures_keeps_every_number(kochi):
    shown = to_figures(kochi)
    assert same_text(shown) == same_text(kochi)
    for figure_ in ("6,591", "3,828", "58.1%", "令和2年3月31日", "令和5年度", "第6条の2の2第1項", "161ページ"):
        assert figure_ in shown
    # the words that must stay, where the plan has them
    for word in ("一般就労", "一定", "一人ひとり", "十分", "一部", "第三者", "二次保健医療", "一つ", "四万十町"):
        assert word in kochi and word in shown, word


# --- in the site ---------------------------------------------------------------

KOCHI_PLAN = "kochi_disability_plan_appendix"


def _pages(**options) -> dict[tuple[str, str], object]:
    from yomitoki.site.pipeline import Settings, build_site

    site = build_site(Settings.from_config(options, ROOT))
    return {(p.edition, p.src_uri): p for p in site.pages}


def _text(page) -> str:
    """A page's Markdown with its character references read (escape() writes , as &#44;)."""
    import html

    return html.unescape(page.markdown)


@pytest.fixture(scope="module")
def sites():
    plans = {KOCHI_PLAN: {"slug": "kochi"}}
    return {
        "on": _pages(plans=plans),
        "off": _pages(plans=plans, figures=False),
        "kochi off": _pages(plans={KOCHI_PLAN: {"slug": "kochi", "figures": False}}),
    }


def test_standard_pages_show_figures_and_narration_pages_do_not_change(sites):
    on, off = sites["on"], sites["off"]
    assert on.keys() == off.keys()
    narration = [key for key in on if key[0] == "narration"]
    assert narration and all(on[k].markdown == off[k].markdown and on[k].title == off[k].title for k in narration)
    survey = _text(on[("standard", "kochi/03.md")])
    assert "合計配布数6,591、回収数3,828、回収率58.1%" in survey
    assert "六千五百九十一" not in survey
    assert "合計配布数六千五百九十一" in _text(off[("standard", "kochi/03.md")])
    # page labels and the overview's list of printed pages agree with the prose
    assert 'aria-label="167ページ"' in survey
    assert "yomiage/kochi/03.md" in {k[1] for k in narration}
    assert "合計配布数六千五百九十一" in _text(on[("narration", "yomiage/kochi/03.md")])


def test_headings_and_tables_agree_with_the_prose(sites):
    on = sites["on"]

    def chapter(n: str) -> str:      # all pages of a chapter (a long one is split into pages)
        return "\n".join(_text(page) for (edition, uri), page in on.items()
                         if edition == "standard" and (uri == f"kochi/{n}.md" or uri.startswith(f"kochi/{n}/")))

    survey = chapter("03")
    assert "調査の結果(①施設等利用者、回答数は3,828) {#" in survey
    assert 'aria-label="①年齢(回答数3,756)"' in survey          # a table's name, as its caption
    guide = chapter("05")
    assert "第1障害福祉サービス等及び障害児通所支援等の提供体制の確保に関する基本的事項 {#" in guide
    assert "第2に定める成果目標" in guide                      # the prose that refers to the heading
    assert "児童福祉法第6条の2の2第1項" in guide
    assert "十一 都道府県障害福祉計画等の達成状況の点検及び評価 {#" in guide   # labels as 一 … 十
    # a list and a table numbered 1 … 9, 十, 十一 in the source: all in figures
    assert "<li>10 聴覚、言語機能" in survey and "<li>11 その他" in survey
    assert '<th scope="row">10 自立訓練(' in survey


def test_a_plan_can_keep_its_numbers_as_written(sites):
    on, off, kochi_off = sites["on"], sites["off"], sites["kochi off"]
    standard = [k for k in on if k[0] == "standard" and k[1].startswith("kochi/")]
    assert all(kochi_off[k].markdown == off[k].markdown for k in standard)
    assert any(on[k].markdown != off[k].markdown for k in standard)
    # the other plan keeps the site's default
    iga = [k for k in on if k[0] == "standard" and k[1].startswith("iga")]
    assert iga and all(kochi_off[k].markdown == on[k].markdown for k in iga)


def test_the_glossary_page_shows_a_plans_numbers_as_its_pages_do(tmp_path):
    from yomitoki.site.pipeline import Settings, build_site

    src = tmp_path / "source_texts"
    src.mkdir()
    text = ("第一章 計画の概要\n本文です。療育手帳※1の交付を受けた人が対象です。\n<ことばの説明>\n"
            "※1 療育手帳 知的障害のある人に交付される手帳です。十八歳未満の人は児童相談所で判定します。\n")
    (src / "a.txt").write_text(text, encoding="utf-8")
    (src / "b.txt").write_text(text.replace("療育手帳", "精神手帳"), encoding="utf-8")

    def entries(**options) -> dict[str, str]:
        site = build_site(Settings.from_config({"plans": {"b": {"figures": False}}, **options}, tmp_path))
        (page,) = [p for p in site.pages if p.src_uri.startswith("glossary")]
        html = BeautifulSoup(page.markdown, "html.parser")
        return {dt.select_one(".yt-glossary__term").get_text(): dt.find_next_sibling("dd").get_text(" ") for dt in html.select("dt")}

    shown = entries()
    assert "18歳未満の人は" in shown["療育手帳"] and "十八歳未満" not in shown["療育手帳"]    # a: as its pages
    assert "十八歳未満の人は" in shown["精神手帳"]                                         # b: figures: false
    assert "第1章 計画の概要" in shown["療育手帳"] and "第一章" not in shown["療育手帳"]     # where it is used
    off = entries(figures=False)
    assert "十八歳未満の人は" in off["療育手帳"] and "第一章 計画の概要" in off["療育手帳"]
