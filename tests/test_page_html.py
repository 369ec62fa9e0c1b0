"""The generated pages' HTML, made without Python-Markdown (``render/html.py``, ``site/content.py``).

The site must be exactly the one Python-Markdown makes: every file of it,
built once with yomitoki's conversion and once with MkDocs converting every
page, for the bundled plans, the sample plans of other municipalities and a
plan full of Markdown and HTML, with the ``toc`` extension's permalinks on
(an option of the project's that must still apply to yomitoki's headings).
"""
from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import ROOT, build, differing_files, make_project
from hypothesis import given, settings
from hypothesis import strategies as st

from yomitoki.render.escape import escape
from yomitoki.render.html import anchor_ids, join, plain_headings, split_blocks
from yomitoki.site import content

PLANS_DIR = ROOT / "tests" / "data" / "plans"

MARKUP = """\
第1章 記号の多い計画

1 はじめに
# 見出しではありません <script>alert(1)</script> **太字** [リンク](http://example.com) {: .x}
- 箇条書きではありません
    字下げ
> 引用ではありません
1. 番号つきではありません
| 表 | ではありません |
```
&amp; &lt;b&gt; <!-- 注記 --> https://example.com/a_b_c *斜体* ~~取消~~ ==印== ^^上^^ :smile:
"""


def _python_markdown_only(monkeypatch):
    """MkDocs converts every page itself, as before yomitoki made the pages' HTML."""
    monkeypatch.setattr(content.PageContent, "convert", lambda self, markdown: None)


def _count_conversions(monkeypatch) -> dict:
    counts = {"made": 0, "left": 0}
    convert = content.PageContent.convert

    def counting(self, markdown):
        made = convert(self, markdown)
        counts["made" if made is not None else "left"] += 1
        return made

    monkeypatch.setattr(content.PageContent, "convert", counting)
    return counts


def _same_site(tmp_path, config_file, monkeypatch) -> dict:
    with monkeypatch.context() as m:
        counts = _count_conversions(m)
        ours = build(config_file, tmp_path / "ours")
    shutil.rmtree(config_file.parent / ".yomitoki-cache", ignore_errors=True)
    with monkeypatch.context() as m:
        _python_markdown_only(m)
        theirs = build(config_file, tmp_path / "theirs")
    assert differing_files(theirs, ours) == []
    assert differing_files(ours, theirs) == []
    return counts


def test_the_bundled_site_is_the_one_python_markdown_makes(tmp_path, monkeypatch):
    texts = {p.name: p.read_bytes() for p in sorted((ROOT / "source_texts").glob("*.txt"))}
    config = make_project(tmp_path / "p", texts)
    counts = _same_site(tmp_path, config, monkeypatch)
    # both editions of both plans and the glossary: none left to MkDocs
    assert counts["left"] == 0 and counts["made"] >= 59


def test_sample_plans_and_markup(tmp_path, monkeypatch):
    texts = {p.name: p.read_bytes() for p in sorted(PLANS_DIR.glob("*.txt"))}
    texts["markup.txt"] = MARKUP
    config = make_project(tmp_path / "p", texts)
    counts = _same_site(tmp_path, config, monkeypatch)
    assert counts["left"] == 0 and counts["made"] > 40


def test_sample_plans_and_markup_with_permalinks_on(tmp_path, monkeypatch):
    texts = {p.name: p.read_bytes() for p in sorted(PLANS_DIR.glob("*.txt"))}
    texts["markup.txt"] = MARKUP
    config = make_project(tmp_path / "p", texts)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["markdown_extensions"] = ["attr_list", {"toc": {"permalink": True, "permalink_title": "この見出しへのリンク"}}]
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    counts = _same_site(tmp_path, config, monkeypatch)
    assert counts["left"] == 0 and counts["made"] > 40
    page = (tmp_path / "ours" / "markup" / "01" / "index.html").read_text(encoding="utf-8")
    assert 'class="headerlink"' in page and "この見出しへのリンク" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page.replace("&#40;", "(")


def test_a_page_a_plugin_changed_is_converted_by_mkdocs(tmp_path):
    """A hook that turns part of a generated page into Markdown of its own: MkDocs converts that page."""
    config = make_project(tmp_path, {"plan.txt": "第1章 はじめに\n\n本文です。\n"})
    hook = tmp_path / "hooks" / "later.py"
    hook.write_text("def on_page_markdown(markdown, page, config, files):\n"
                    "    return markdown + '\\n\\n- 追記した項目\\n' if page.file.src_uri == 'plan/01.md' else markdown\n",
                    encoding="utf-8")
    data = config.read_text(encoding="utf-8").replace("- hooks/yomitoki_hooks.py", "- hooks/later.py\n- hooks/yomitoki_hooks.py")
    config.write_text(data, encoding="utf-8")
    site = build(config, tmp_path / "site")
    page = (site / "plan" / "01" / "index.html").read_text(encoding="utf-8")
    assert "<li>追記した項目</li>" in page and "</ruby>です。" in page


@pytest.mark.parametrize("markdown", [
    "# 題\n\n- 項目",                    # a list
    "# 題\n\n    字下げ",                # indented code (a block that does not start at the margin)
    "本文\n続き",                        # two lines in one block
    "本文\n===",                         # a setext heading
    "> 引用", "1. 番号", "| 表 |", "```", "---", "[参照]: http://example.com", "#見出しでない",
    "<div>開いたまま",                   # a raw block that does not end on its line
    "<!-- 注記 -->",                     # not a tag
])
def test_blocks_of_other_kinds_are_left_to_mkdocs(markdown):
    assert split_blocks(markdown) is None


def test_blocks_and_their_html():
    md = ('# 題 {#t}\n\n<p class="yt-edition-link"><a href="x/">版</a></p>\n\n'
          '<a class="yt-term" href="g/#a">用語</a>の説明&#40;注&#41;\n\n## 節 {#sec-1}\n\n<div id="page-3">3</div>\n')
    blocks = split_blocks(md)
    assert blocks.kinds == ["h", "html", "p", "h", "html"]
    out = join(blocks, ['<h1 id="t">題</h1>', '<h2 id="sec-1">節</h2>'])
    assert out == ('<h1 id="t">題</h1>\n<p class="yt-edition-link"><a href="x/">版</a></p>\n\n'
                   '<p><a class="yt-term" href="g/#a">用語</a>の説明&#40;注&#41;</p>\n'
                   '<h2 id="sec-1">節</h2>\n<div id="page-3">3</div>')
    assert anchor_ids(out) == {"t", "sec-1", "page-3"}
    assert anchor_ids('<a name="n&amp;1">x</a><span name="no">') == {"n&1"}
    # a heading with markup of its own is still a heading (its HTML then comes from Python-Markdown)
    assert split_blocks("## <a>リンク</a> {#s}").kinds == ["h"]


def test_a_first_build_without_its_worker_makes_the_same_site(tmp_path, monkeypatch):
    """The worker process reads the texts and writes the books; a build that cannot start it does both itself."""
    from yomitoki.site import session, worker

    starts = []
    real_start = worker.Worker.start

    def counted():
        made = real_start()
        starts.append(made)
        return made

    texts = {p.name: p.read_bytes() for p in sorted((ROOT / "source_texts").glob("*.txt"))}
    config = make_project(tmp_path / "p", texts)
    with monkeypatch.context() as m:
        m.setattr(session.Worker, "start", staticmethod(counted))
        with_worker = build(config, tmp_path / "with")
    assert len(starts) == 1 and starts[0] is not None
    assert starts[0]._process.wait(timeout=10) == 0     # ended with the build
    shutil.rmtree(config.parent / ".yomitoki-cache")
    with monkeypatch.context() as m:
        m.setattr(session.Worker, "start", staticmethod(lambda: None))
        without = build(config, tmp_path / "without")
    assert differing_files(with_worker, without) == [] and differing_files(without, with_worker) == []
    # a rebuild from the cache starts no worker
    starts.clear()
    with monkeypatch.context() as m:
        m.setattr(session.Worker, "start", staticmethod(counted))
        build(config, tmp_path / "again")
    assert starts == []


_HEADING_TEXT = st.text(alphabet=st.sampled_from(list("障害者 　abc5_-#()<>&;{}*`\\\"'.") + ["\ufdd0", "\ufdd1"]), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), _HEADING_TEXT, st.sampled_from([None, "sec-1", "sec-2", "toc", "5"])),
                min_size=1, max_size=6))
def test_headings_written_here_are_python_markdown_s(headings):
    """With MkDocs' own extensions, the headings written without Python-Markdown are its own, ids and toc too."""
    import markdown

    lines = []
    for level, text, ident in headings:
        inner = escape(text).strip()
        if not inner:
            continue
        lines.append(f"{'#' * level} {inner}" + (f" {{#{ident}}}" if ident else ""))
    if not lines:
        return
    made = plain_headings(lines)
    md = markdown.Markdown(extensions=["toc", "tables", "fenced_code", "attr_list"],
                          extension_configs={"toc": {"permalink": False}})
    out = md.convert("\n\n".join(lines))
    if made is not None:
        assert made[0] == out.split("\n") and made[1] == md.toc_tokens


def test_other_extensions_or_toc_options_leave_the_headings_to_python_markdown():
    plain = content._plain_config
    assert plain(["toc", "tables", "fenced_code", "attr_list"], {"toc": {"permalink": False}})
    assert plain(["markdown.extensions.toc", "tables"], {})
    assert not plain(["toc", "pymdownx.emoji"], {})
    assert not plain(["toc"], {"toc": {"permalink": True}})
    assert not plain(["toc"], {"toc": {"slugify": str}})
    assert plain_headings(["## <a>リンク</a> {#x}"]) is None
