"""Label and page-number recognition."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yomitoki.text.labels import is_number_only, match_label, match_page


@pytest.mark.parametrize(
    "text, kind, value, rest",
    [
        ("(1)サービス等の体系", "paren-num", 1, "サービス等の体系"),
        ("（２）対象者", "paren-num", 2, "対象者"),
        ("(一)属性にかかわらず", "paren-kanji", 1, "属性にかかわらず"),
        ("①年齢", "circled", 1, "年齢"),
        ("③-1 福祉施設から一般就労への移行等", "circled-sub", 3, "福祉施設から一般就労への移行等"),
        ("第一障害福祉サービス等", "dai", 1, "障害福祉サービス等"),
        ("第2章 計画の基本的な考え方", "dai-章", 2, "計画の基本的な考え方"),
        ("第一節 総論", "dai-節", 1, "総論"),
        ("一基本的理念", "kanji-num", 1, "基本的理念"),
        ("十一その他", "kanji-num", 11, "その他"),
        ("1障害者等の自己決定の尊重", "num", 1, "障害者等の自己決定の尊重"),
        ("1 総論", "num", 1, "総論"),
        ("２．計画の期間", "num-dot", 2, "計画の期間"),
        ("【ア行】", "sumi", None, "ア行"),
        ("<国や県、市町村に望むこと>", "angle", None, "国や県、市町村に望むこと"),
        ("●自立支援給付", "symbol-●", None, "自立支援給付"),
        ("■ 計画の目的", "symbol-■", None, "計画の目的"),
        ("○障害児通所支援", "symbol-○", None, "障害児通所支援"),
        ("・児童発達支援", "bullet", None, "児童発達支援"),
        ("※1 療育手帳 知的障害のある人に", "note", 1, "療育手帳 知的障害のある人に"),
        ("ア 訪問系サービス", "katakana", 1, "訪問系サービス"),
        # a counter that opens a longer word, after the space: the heading's first word
        ("２ 日中活動の場", "num", 2, "日中活動の場"),
        ("3 人材の確保", "num", 3, "人材の確保"),
    ],
)
def test_labels(text, kind, value, rest):
    m = match_label(text)
    assert m is not None
    assert (m.kind, m.value, m.rest) == (kind, value, rest)


@pytest.mark.parametrize(
    "text",
    ["3月 県議会に報告", "5人", "2020年", "一般就労", "十分な支援", "令和2年7から8月", "1,234人", "12ページ",
     "2 人", "3 年間で", "2 月から", "4 年度末まで", "5 日間の研修"],
)
def test_quantities_and_words_are_not_labels(text):
    m = match_label(text)
    assert m is None or m.kind == "kanji-num" and not m.spaced and m.value < 10 or m.kind not in ("num", "dai")


@pytest.mark.parametrize(
    "text, pages",
    [
        ("百六十一ページ", (161, None)),
        ("二百四十六ページ", (246, None)),
        ("百九十五ページから二百三十九ページ", (195, 239)),
        ("1ページ目", (1, None)),
        ("12ページ", (12, None)),
        ("157ページ", (157, None)),
        ("P.12", (12, None)),
        ("- 12 -", (12, None)),
        ("－３－", (3, None)),
    ],
)
def test_pages(text, pages):
    assert match_page(text) == pages


@pytest.mark.parametrize("text", ["ページ", "12ページの表を参照", "第12ページ以降", "百六十一ページ 1 障害者"])
def test_not_pages(text):
    assert match_page(text) is None


def test_number_only():
    assert is_number_only("三百四十三")
    assert is_number_only("十点9パーセント")
    assert is_number_only("一千七")
    assert not is_number_only("十九歳まで百十二")
    assert not is_number_only("その他")


class _Everything:
    def __contains__(self, _):
        return True


@given(st.text(alphabet="【】<>＜＞〈〉《》(（)）①②第章※注釈0１9一十百万零アイカ○■・-－* 　.．人年障害の計画ページ",
               max_size=12))
@settings(max_examples=3000, deadline=None)
def test_first_character_filter_changes_no_label(text):
    import yomitoki.text.labels as labels

    fast = labels.match_label(text)
    saved = labels._LABEL_FIRST
    labels._LABEL_FIRST = _Everything()
    try:
        assert labels.match_label(text) == fast
    finally:
        labels._LABEL_FIRST = saved
