"""Source text never becomes markup: Markdown, HTML, attribute lists, Jinja."""
from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from yomitoki.site.check import missing_pieces, site_text_for
from yomitoki.render.escape import escape
from yomitoki.site.pipeline import Settings, build_site

from conftest import build, dedent, make_project

HOSTILE = dedent(
    """
    ■ 計画の<script>alert(1)</script>目的
    <b>太字</b>と*強調*と__下線__と`コード`と[リンク](javascript:alert(1))です。
    # 見出しではない行
    {: .evil onclick="alert(1)" } と {{ config.site_name }} と {% raw %} と <!-- コメント --> です。
    | 表 | ではない |
    - 箇条書きではない
    1. 番号付きでもない
    ==mark== ~~del~~ ^^ins^^ :smile: ++ctrl++ &amp; &copy; \\*
    <国や県、市町村に望むこと>
    """
)


def test_escape_covers_markdown_and_html_specials():
    import html
    import re

    source = "<a href='x'>*_`[]|#{}</a> & ~=:!"
    out = escape(source)
    assert html.unescape(out) == source
    bare = re.sub(r"&(?:#\d+|amp|lt|gt|quot);", "", out)
    for ch in "<>*_`[]|#{}'&~=:!":
        assert ch not in bare


def test_hostile_text_is_shown_literally(tmp_path):
    config = make_project(tmp_path, {"hostile.txt": HOSTILE}, {"hostile": {"slug": "hostile"}})
    site = build(config, tmp_path / "site")
    html = (site / "hostile/01/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    article = page.select_one("article")
    assert article.select("script") == []
    assert article.select("b, em, strong, code, del, mark, ins, kbd, table, img, h1 ~ h1") == []
    assert not any(a.get("href", "").startswith("javascript") for a in article.select("a"))
    assert not any(el.has_attr("onclick") or "evil" in el.get("class", []) for el in article.find_all(True))
    text = article.get_text()
    for literal in ["<script>alert(1)</script>", "*強調*", "__下線__", "`コード`", "[リンク](javascript:alert(1))",
                    "# 見出しではない行", "{{ config.site_name }}", "{% raw %}", "<!-- コメント -->", "| 表 | ではない |",
                    "==mark==", "~~del~~", ":smile:", "&amp;", "<国や県、市町村に望むこと>"]:
        assert literal in text, literal
    doc = build_site(Settings.from_config({"plans": {"hostile": {"slug": "hostile"}}}, tmp_path)).documents[0]
    assert missing_pieces(doc, site_text_for(site, doc)) == []
    # the narration text file is plain text: every line as the plan writes it, nothing escaped or unescaped
    spoken = (site / "hostile/hostile-yomiage.txt").read_text(encoding="utf-8")
    for literal in ["<script>alert(1)</script>", "[リンク](javascript:alert(1))", "{{ config.site_name }}",
                    "<!-- コメント -->", "&amp; &copy;", "<国や県、市町村に望むこと>"]:
        assert literal in spoken, literal


@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=20))
@settings(max_examples=2000, deadline=None)
def test_escape_skips_only_text_it_would_not_change(text):
    from yomitoki.render.escape import _TABLE

    assert escape(text) == text.translate(_TABLE).replace("\n", " ").replace("\t", " ")
