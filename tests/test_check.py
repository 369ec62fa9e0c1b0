"""The nothing-lost check on small, hand-made cases."""
from yomitoki.site.check import html_text, missing_pieces
from yomitoki.text.parse import parse


def test_exact_words_are_matched_before_substrings():
    # found by hypothesis: the longer piece must not eat the middle of two words
    doc = parse("(1)【ア行】 【ア行】【ア行】 ", "r.txt", "r")
    assert missing_pieces(doc, "(1)【ア行】 【ア行】【ア行】") == []
    (m,) = missing_pieces(doc, "(1)【ア行】 【ア行】")
    assert (m.piece, m.count, m.column) == ("【ア行】【ア行】", 1, 9)


def test_repeats_are_counted_and_pieces_may_be_joined():
    doc = parse("支援を行う。 支援を行う。 精神\n", "r.txt", "r")
    assert missing_pieces(doc, "支援を行う。 支援を行う。 精神") == []
    assert [m.count for m in missing_pieces(doc, "支援を行う。 精神")] == [1]
    doc = parse("…の精神\t障がい者に対応\n", "t.txt", "t")
    assert missing_pieces(doc, "…の精神障がい者に対応") == []   # a table cell joins lines


def test_inline_markup_does_not_split_words():
    html = '<article><p>自立<a class="yt-term" href="#">支援</a>給付<ruby>等<rt>とう</rt></ruby>です。</p><p>次</p></article>'
    assert html_text(html).split() == ["自立支援給付等です。", "次"]
