"""Property-based tests over the whole pipeline: random plans never crash and never lose text.

Each generated text goes through decode → parse → render → Python-Markdown
(with the extensions mkdocs.yml enables), and the nothing-lost check runs on
the resulting HTML, exactly as on a built site.
"""
from __future__ import annotations

import re

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yomitoki.site.check import html_text, missing_pieces
from yomitoki.text.decode import decode_bytes
from yomitoki.render.narration import render_narration
from yomitoki.text.parse import parse
from yomitoki.render.markdown import render_document

LABELS = ["(1)", "（２）", "①", "③-1", "第一", "第2章", "一", "十一", "1", "2 ", "・", "•", "- ", "○", "●", "■", "【ア行】", "<説明>",
           "※1", "注釈2", "ア ", "百六十一ページ", "1ページ目", "- 3 -", "目次", "P.12", "百九十五ページから二百ページ"]
WORDS = ["障害福祉", "サービス", "地域", "支援", "計画", "相談", "事業所", "利用者", "一般", "十分", "令和5年度", "百二十三人",
         "二十九点9パーセント", "(A型 ・ B型)", "「集い」", "<script>", "*強調*", "{: .x}", "{{ x }}", "[a](b)", "`c`", "&amp;",
         "|表|", "# 見出し", "〓", "髙﨑", "～", "1,234", "R3", "(", ")", "「", "」", "、", "。", "，"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\t", "\u3000", ""]

piece = st.one_of(st.sampled_from(LABELS), st.sampled_from(WORDS), st.text(alphabet="あいう漢字カナ0123456789", min_size=1, max_size=6))
plan = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), min_size=1, max_size=80).map(lambda xs: "".join(a + b for a, b in xs))


def to_html(md: str) -> str:
    body = re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S)
    return markdown.markdown(body, extensions=["attr_list", "toc"])


def site_text(pages) -> str:
    return " ".join(html_text("<article>" + to_html(p.markdown) + "</article>") for p in pages)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan, st.booleans())
def test_random_plans_never_crash_and_never_lose_text(text, flat):
    if flat:
        text = text.replace("\n", " ") + " " + "本文です。 " * 90   # a single long line, cut at spaces
    decoded = decode_bytes(text.encode("utf-8"), "source_texts/random.txt", strict=False)
    doc = parse(decoded.text, "source_texts/random.txt", "random")
    pages = render_document(doc)
    assert pages, "a plan always gives at least its overview page"
    assert missing_pieces(doc, site_text(pages)) == []
    html = " ".join(to_html(p.markdown) for p in pages)
    assert "<script>" not in html and "<em>" not in html and "<code>" not in html
    render_narration(doc)   # the narration edition renders too


@settings(max_examples=60, deadline=None)
@given(plan)
def test_random_plans_in_cp932_decode_and_parse(text):
    try:
        data = text.encode("cp932")
    except UnicodeEncodeError:
        return
    decoded = decode_bytes(data, "source_texts/sjis.txt", strict=False)
    doc = parse(decoded.text, "source_texts/sjis.txt", "sjis")
    assert missing_pieces(doc, site_text(render_document(doc))) == []
