"""The glossary: extraction of every supported format, linking, the glossary page."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dedent
from yomitoki.errors import ConfigError
from yomitoki.enrich.glossary import Entry, Glossary, NoteAnchor, NoteRef, extract, term_id
from yomitoki.enrich.glossary_options import GlossaryOptions
from yomitoki.render.glossary import GlossaryLinker, render_glossary_page
from yomitoki.render.output import relative_url
from yomitoki.text.parse import parse
from yomitoki.render.markdown import RenderContext, TextRenderer, render_blocks, render_document

ROOT = Path(__file__).resolve().parents[1]
KOCHI = ROOT / "source_texts" / "kochi_disability_plan_appendix.txt"


@pytest.fixture(scope="module")
def kochi():
    return parse(KOCHI.read_text(encoding="utf-8"), "source_texts/kochi.txt", "kochi", title="高知県の計画")


@pytest.fixture(scope="module")
def kochi_entries(kochi):
    return extract(kochi)


def flat(entries):
    return {e.term: e for top in entries for e in top.walk()}


# --- extraction: the Kochi 用語の説明 chapter ---------------------------------------


def test_kochi_groups_and_definitions(kochi_entries):
    entries = flat(kochi_entries)
    first = kochi_entries[0]
    assert first.term == "あったかふれあいセンター" and first.group == "ア行"
    assert first.definition == [
        "高齢者や障害のある人など誰もが集える場としての「集い」を中心にした活動のほか、見守りや訪問活動のなかで"
        "高齢者の生活課題などに対応した生活支援サービスの提供を行うなど、地域の実情やニーズに対応した、"
        "小規模ながら多機能な支援を行う拠点をいいます。"
    ]
    assert entries["難病"].group == "ナ行"
    assert entries["療育手帳"].group == "ラ行"
    assert entries["発達障害"].source_uri == "kochi/02.md"
    # every term of the chapter, none of its definitions
    glossary_terms = [e.term for top in kochi_entries if top.source_uri == "kochi/02.md" for e in top.walk()]
    assert len(glossary_terms) == 47
    assert all(not t.endswith("。") for t in glossary_terms)


def test_kochi_hierarchy(kochi_entries):
    entries = flat(kochi_entries)
    support = entries["障害児支援"]
    assert [c.term for c in support.children] == ["障害児通所支援", "障害児入所支援"]
    assert [c.term for c in support.children[0].children] == [
        "児童発達支援", "医療型児童発達支援", "放課後等デイサービス", "保育所等訪問支援", "居宅訪問型児童発達支援",
    ]
    assert entries["児童発達支援"].parent is support.children[0]
    services = entries["障害福祉サービス"]
    assert [c.term for c in services.children] == ["訪問系サービス", "日中活動系サービス", "居住系サービス"]
    assert services.children[0].children[0].term == "居宅介護"
    # the hierarchy closes at the next unmarked term
    assert entries["障害者委託訓練事業"].parent is None
    assert entries["身体障害者手帳"].parent is None
    # a parent with its own definition keeps it
    assert entries["相談支援"].definition == ["障害のある人に、次の支援を行うことをいいます。"]
    assert [c.term for c in entries["地域相談支援"].children] == ["地域移行支援", "地域定着支援"]


def test_kochi_aliases(kochi_entries):
    entries = flat(kochi_entries)
    assert entries["居宅介護"].aliases == ["ホームヘルプ"]
    assert entries["居宅介護"].title == "居宅介護(ホームヘルプ)"
    assert entries["短期入所"].aliases == ["ショートステイ"]
    assert entries["共同生活援助"].aliases == ["グループホーム"]
    # a list of kinds in parentheses is not another name
    assert entries["自立訓練"].aliases == [] and entries["自立訓練"].title == "自立訓練(機能訓練・生活訓練)"
    assert entries["就労継続支援"].aliases == []
    # two services explained together: each is linked to the entry
    assert entries["計画相談支援・障害児相談支援"].aliases == ["計画相談支援", "障害児相談支援"]
    # a name that merely contains ・ stays whole
    assert entries["障害者就業・生活支援センター"].aliases == []


def test_kochi_chapter_notes(kochi_entries):
    notes = [e for e in kochi_entries if e.note_id]
    assert [(e.term, e.note_id, e.source_uri) for e in notes] == [
        ("共生社会", "note-1", "kochi/06.md"),
        ("ライフステージ", "note-2", "kochi/06.md"),
        ("地域包括ケアシステム", "note-3", "kochi/06.md"),
        ("パブリックコメント", "note-4", "kochi/06.md"),
        ("PDCAサイクル", "note-5", "kochi/06.md"),
    ]
    assert notes[0].definition == ["人間は一人ひとりがすべて異なる存在であり、この違いをかけがえのないものとして受けとめ、互いが理解し合い、共に生きる社会。"]
    assert len(notes[-1].definition) == 4 and notes[-1].definition[-1].startswith("Act")
    # remarks are not notes: ※5以外 百七十七人, ※複数回答可
    assert not any(e.source_uri == "kochi/03.md" for e in kochi_entries)


def test_kotoba_no_setsumei_notes():
    doc = parse(dedent(
        """
        本文です。療育手帳※1の交付を受けた人と、難病※2の人が対象です。
        <ことばの説明>
        ※1 療育手帳 知的障害のある人に交付される手帳です。
        ※2 難病 治療方法が確立していない疾病です。
        障害者,障害児,難病患者等を対象とします。
        """
    ), "f.txt", "f")
    entries = extract(doc)
    assert [(e.term, e.definition, e.note_mark, e.note_id) for e in entries] == [
        ("療育手帳", ["知的障害のある人に交付される手帳です。"], "※1", "note-1"),
        ("難病", ["治療方法が確立していない疾病です。"], "※2", "note-2"),
    ]


PER_PAGE = dedent(
    """
    第1章 計画の概要
    福祉は、措置制度から支援費制度への移行(※一)により大きく変わりました。ノーマライゼーションの考え方です。
    一ページの語句の説明
    (※一)措置制度から支援費制度への移行 平成十五年度から、利用者が選んで契約する仕組みに変わったことです。
    (※二)地域生活 施設ではなく、地域の住まいで暮らすことです。
    二ページ
    ノーマライゼーション(※一)を大切にし、地域生活(※二)を支えます。
    二ページの語句の説明
    (※一)ノーマライゼーション
    障害のある人もない人も、ともに暮らす社会が普通であるという考え方です。
    (※二)相談支援専門員 相談に応じる専門の職員です。
    """
)


def test_per_page_notes():
    doc = parse(PER_PAGE, "p.txt", "p")
    entries = extract(doc)
    assert [(e.term, e.note_mark, e.note_block, e.note_id) for e in entries] == [
        ("措置制度から支援費制度への移行", "(※一)", 0, "note-1-1"),
        ("地域生活", "(※二)", 0, "note-1-2"),
        ("ノーマライゼーション", "(※一)", 1, "note-2-1"),
        ("相談支援専門員", "(※二)", 1, "note-2-2"),
    ]
    assert entries[0].definition == ["平成十五年度から、利用者が選んで契約する仕組みに変わったことです。"]
    assert entries[2].definition == ["障害のある人もない人も、ともに暮らす社会が普通であるという考え方です。"]


def test_a_lone_remark_is_not_a_note():
    doc = parse("本文です。\n※1 回答者数 は概数です。\n本文の続きです。\n", "r.txt", "r")
    assert extract(doc) == []


def test_term_ids_are_readable_and_safe():
    assert term_id("居宅介護") == "居宅介護"
    assert term_id("就労継続支援 A型") == "就労継続支援A型"
    assert term_id("A/B (C)") == "A-B-C"
    assert " " not in term_id("a b") and term_id("") == "term"


# --- the glossary of several plans ---------------------------------------------


def test_duplicate_terms_are_merged_or_warned():
    a = parse("<ことばの説明>\n※1 療育手帳 知的障害のある人に交付される手帳です。\n※2 難病 治りにくい病気です。\n", "a.txt", "a", title="A市の計画")
    b = parse("<ことばの説明>\n※1 療育手帳 知的障害のある人に交付される手帳です。\n※2 難病 原因不明の疾病です。\n", "b.txt", "b", title="B町の計画")
    g = Glossary.from_documents([a, b])
    assert [e.term for e in g] == ["療育手帳", "難病"]
    assert not any("療育手帳" in w.message for w in b.warnings)
    warned = [w for w in b.warnings if "難病" in w.message]
    assert len(warned) == 1 and "A市の計画" in warned[0].message and warned[0].line == 3
    assert g.by_id["難病"].variants == [("B町の計画", ["原因不明の疾病です。"])]
    page = render_glossary_page(g)
    assert "原因不明の疾病です。" in page.markdown and "治りにくい病気です。" in page.markdown


# --- linking --------------------------------------------------------------------


def glossary_of(*terms: str, **aliases: list[str]) -> Glossary:
    g = Glossary()
    doc = parse("x", "g.txt", "g", title="G")
    entries = [Entry(t, definition=[f"{t}の説明です。"], aliases=aliases.get(t, []), source_uri="g/01.md") for t in terms]
    g.add_document(doc, entries)
    return g


def linked(pieces):
    return [(p, t.term) for p, t in pieces if isinstance(t, Entry)]


def test_longest_term_wins():
    g = glossary_of("就労", "就労継続支援", "障害児", "障害児通所支援")
    linker = GlossaryLinker(g, "all")
    linker.page("p/01.md", "P")
    pieces = linker.split("就労継続支援と障害児通所支援、それに就労と障害児。")
    assert linked(pieces) == [("就労継続支援", "就労継続支援"), ("障害児通所支援", "障害児通所支援"), ("就労", "就労"), ("障害児", "障害児")]
    assert "".join(p for p, _ in pieces) == "就労継続支援と障害児通所支援、それに就労と障害児。"


def _reference_longest_terms(text: str, terms: set[str]) -> list[tuple[str, str]]:
    """Linked pieces by brute force: at each position the longest term, which is consumed."""
    out, i = [], 0
    while i < len(text):
        hit = max((t for t in terms if text.startswith(t, i)), key=len, default=None)
        if hit is None:
            i += 1
            continue
        out.append((hit, hit))
        i += len(hit)
    return out


@given(st.lists(st.sampled_from(["就労", "継続", "支援", "障害", "児", "通所", "と", "、", "A", " ", "計画"]),
                max_size=30))
@settings(max_examples=500, deadline=None)
def test_linking_finds_the_terms_a_brute_force_search_finds(parts):
    terms = ("就労", "就労継続支援", "障害児", "障害児通所支援", "支援")
    g = glossary_of(*terms)
    linker = GlossaryLinker(g, "all")
    linker.page("p/01.md", "P")
    text = "".join(parts)
    pieces = linker.split(text)
    assert "".join(p for p, _ in pieces) == text
    assert linked(pieces) == _reference_longest_terms(text, set(terms))


_NOTES_DOC = """
本文です。
<ことばの説明>
※1 療育手帳 知的障害のある人に交付される手帳です。
※2 難病 治療方法が確立していない疾病です。
"""


@given(st.lists(st.sampled_from(["療育手帳", "難病", "交付", "※1", "※2", "※", "1", "の", "、", "手帳", " "]),
                max_size=20))
@settings(max_examples=500, deadline=None)
def test_note_marks_and_terms_link_as_a_character_by_character_walk_does(parts):
    """The linker's jumps to where a term or note mark can start change nothing."""
    g = Glossary.from_documents([parse(dedent(_NOTES_DOC), "f.txt", "f")])
    text = "".join(parts)

    def split(first_chars=None):
        linker = GlossaryLinker(g, "all")
        linker.page("f/01.md", "P")
        if first_chars is not None:
            g.first_chars = first_chars          # instance attribute: shadows the method
        try:
            return [(p, type(t).__name__, getattr(t, "target", getattr(t, "id", None))) for p, t in linker.split(text)]
        finally:
            g.__dict__.pop("first_chars", None)

    every_character = re.compile(".", re.S)
    assert split() == split(lambda: every_character)


def test_a_note_mark_after_plain_text_is_linked():
    g = Glossary.from_documents([parse(dedent(_NOTES_DOC), "f.txt", "f")])
    linker = GlossaryLinker(g, "all")
    linker.page("f/01.md", "P")
    pieces = linker.split("手帳の交付※1を受けた人と、病気※2の人")
    assert [(p, type(t).__name__) for p, t in pieces if t is not None] == [("※1", "NoteRef"), ("※2", "NoteRef")]


def test_aliases_link_to_their_entry():
    g = glossary_of("共同生活援助", 共同生活援助=["グループホーム"])
    linker = GlossaryLinker(g, "all")
    linker.page("p/01.md", "P")
    assert linked(linker.split("グループホームの整備")) == [("グループホーム", "共同生活援助")]


def test_modes():
    g = glossary_of("難病")
    text = "難病と難病。"
    for mode, counts in {"all": [2, 2, 2], "section": [1, 1, 1], "page": [1, 0, 1]}.items():
        linker = GlossaryLinker(g, mode)
        got = []
        linker.page("p/01.md", "P")
        got.append(len(linked(linker.split(text))))
        linker.section()
        got.append(len(linked(linker.split(text))))
        linker.page("p/02.md", "Q")
        got.append(len(linked(linker.split(text))))
        assert got == counts, mode
    with pytest.raises(ValueError):
        GlossaryLinker(g, "every")


def test_options_from_config():
    assert GlossaryOptions.from_config(None) == GlossaryOptions(True, "section")
    assert GlossaryOptions.from_config({"link": "page"}).link == "page"
    assert GlossaryOptions.from_config(False).enabled is False
    with pytest.raises(ConfigError, match="link"):
        GlossaryOptions.from_config({"link": "first"})
    with pytest.raises(ConfigError, match="使えない設定"):
        GlossaryOptions.from_config({"mode": "all"})
    with pytest.raises(ConfigError, match="enabled は true か false"):
        GlossaryOptions.from_config({"enabled": "no"})


@pytest.mark.parametrize("src,dst,href", [
    ("kochi/03.md", "glossary.md", "../../glossary/"),
    ("kochi/index.md", "glossary.md", "../glossary/"),
    ("index.md", "glossary.md", "glossary/"),
    ("glossary.md", "kochi/03.md", "../kochi/03/"),
    ("glossary.md", "kochi/index.md", "../kochi/"),
    ("glossary.md", "glossary.md", ""),
])
def test_relative_urls(src, dst, href):
    assert relative_url(src, dst) == href


def test_relative_urls_without_directory_urls():
    assert relative_url("kochi/03.md", "glossary.md", use_directory_urls=False) == "../glossary.html"


def test_link_markup_and_usages():
    g = glossary_of("難病")
    linker = GlossaryLinker(g)
    linker.page("kochi/03.md", "3 調査")
    html = TextRenderer(linker=linker).body("難病の人")
    assert html == '<a class="yt-term" href="../../glossary/#難病" data-term-id="難病">難病</a>の人'
    linker.page("kochi/index.md", "概要")
    TextRenderer(linker=linker).body("難病")
    linker.page("iga/01.md", "成果目標")
    TextRenderer(linker=linker).body("特になし")
    assert g.usages["難病"] == {"kochi/03.md": "3 調査", "kochi/index.md": "概要"}
    page = render_glossary_page(g)
    assert '<a href="../kochi/03/">3 調査</a>' in page.markdown
    assert '<a href="../kochi/">概要</a>' in page.markdown


def test_text_is_escaped_inside_links():
    g = glossary_of("A&B")
    linker = GlossaryLinker(g, "all")
    linker.page("p/01.md", "P")
    html = TextRenderer(linker=linker).body("<A&B>")
    assert "&lt;" in html and "<A" not in html and 'data-term-id="A-B"' in html and ">A&amp;B</a>" in html


def _render_with_table(row_header_text: str):
    from yomitoki.text.model import Cell, Heading, Paragraph, Table

    g = glossary_of("難病")
    linker = GlossaryLinker(g, "all")
    linker.page("p/01.md", "P")
    ctx = RenderContext(text=TextRenderer(linker=linker))
    table = Table("難病の表", ["難病", "人数"], [[Cell([row_header_text]), Cell(["難病の人"])]])
    return render_blocks([Heading("難病について", 2), Paragraph("難病の説明"), table], ctx)


def test_exclusions_in_rendered_blocks():
    """Headings, captions and column headers never carry links; running text and data cells do."""
    out = _render_with_table("計")
    assert "yt-term" not in out[0]
    assert "yt-term" in out[1]
    head, body = out[2].split("<tbody>")
    assert "yt-term" not in head
    assert re.search(r"<td><a class=\"yt-term\"", body)


def test_row_headers_carry_no_links():
    out = _render_with_table("難病")
    body = out[2].split("<tbody>")[1]
    assert not re.search(r"<th[^>]*>[^<]*<a class=\"yt-term\"", body)


def test_own_definition_is_not_linked(kochi, kochi_entries):
    g = Glossary.from_documents([kochi])
    linker = GlossaryLinker(g, "all")
    pages = {p.src_uri: p.markdown for p in render_document(kochi, TextRenderer(linker=linker))}
    glossary_chapter = pages["kochi/02.md"]
    # 難病's definition says 「難病」 but is not linked to itself; the term line is not linked either
    definition = next(line for line in glossary_chapter.split("\n\n") if line.startswith("法律等による明確な定義"))
    assert "data-term-id=\"難病\"" not in definition
    assert 'data-term-id="施設入所支援"' in next(l for l in glossary_chapter.split("\n\n") if l.startswith("都道府県知事の指定"))
    # other chapters link it
    assert any('data-term-id="難病"' in md for uri, md in pages.items() if uri.startswith("kochi/03"))
    # the glossary page's own entry does not link itself either
    page = render_glossary_page(g)
    entry = page.markdown.split('<dt id="難病">', 1)[1].split("</dd>", 1)[0]
    assert 'data-term-id="難病"' not in entry


def test_note_marks_link_to_their_note(kochi):
    g = Glossary.from_documents([kochi])
    pages = {p.src_uri: p.markdown for p in render_document(kochi, TextRenderer(linker=GlossaryLinker(g)))}
    ch6 = pages["kochi/06.md"]
    assert '「<a class="yt-term" href="../../glossary/#共生社会" data-term-id="共生社会">共生社会</a><a class="yt-noteref" href="#note-1" role="doc-noteref">※1</a>」' in ch6
    assert '<span class="yt-note-mark" id="note-1">※1</span>共生社会の説明' in ch6
    assert ch6.count('class="yt-note-mark"') == 5
    # ch.3's (※1) has no note of its own: not linked to chapter 6's
    assert "yt-noteref" not in pages["kochi/03.md"]


def test_per_page_note_marks_find_the_next_block():
    doc = parse(PER_PAGE, "p.txt", "p")
    g = Glossary.from_documents([doc])
    pages = {p.src_uri: p.markdown for p in render_document(doc, TextRenderer(linker=GlossaryLinker(g)))}
    body = pages["p/01.md"]
    refs = re.findall(r'class="yt-noteref" href="#([^"]+)"[^>]*>([^<]+)<', body)
    assert refs == [("note-1-1", "&#40;※一&#41;"), ("note-2-1", "&#40;※一&#41;"), ("note-2-2", "&#40;※二&#41;")]
    anchors = re.findall(r'class="yt-note-mark" id="([^"]+)"', body)
    assert anchors == ["note-1-1", "note-1-2", "note-2-1", "note-2-2"]


def test_linker_pieces_are_typed():
    doc = parse(PER_PAGE, "p.txt", "p")
    g = Glossary.from_documents([doc])
    linker = GlossaryLinker(g)
    linker.page("p/01.md", "P")
    pieces = linker.split("地域生活(※二)を支えます。")
    assert [type(t).__name__ for _, t in pieces] == ["Entry", "NoteRef", "NoneType"]
    assert pieces[1] == ("(※二)", NoteRef("note-1-2"))
    head = linker.split("(※一)措置制度から支援費制度への移行 平成十五年度から、利用者が選んで契約する仕組みに変わったことです。")
    assert head[0] == ("(※一)", NoteAnchor("note-1-1"))


# --- the glossary page -------------------------------------------------------------


def test_glossary_page(kochi):
    g = Glossary.from_documents([kochi])
    linker = GlossaryLinker(g)
    render_document(kochi, TextRenderer(linker=linker))
    readings = {"共生社会": "きょうせいしゃかい", "地域包括ケアシステム": "ちいきほうかつけあしすてむ"}
    page = render_glossary_page(g, reader=lambda t: readings.get(t, ""))
    md = page.markdown
    assert page.src_uri == "glossary.md" and page.title == "用語の説明"
    assert md.startswith('---\ntitle: "用語の説明"\n---')
    headings = re.findall(r"^## (\S+) \{#([\w-]+)\}$", md, re.M)
    assert headings == [("ア行", "gyo-a"), ("カ行", "gyo-ka"), ("サ行", "gyo-sa"), ("タ行", "gyo-ta"), ("ナ行", "gyo-na"),
                        ("ハ行", "gyo-ha"), ("ラ行", "gyo-ra"), ("英数字", "gyo-alnum")]
    ids = re.findall(r'<dt id="([^"]+)"', md)
    assert len(ids) == len(set(ids)) == len(g) == 52
    assert '<dt id="居宅介護"><span class="yt-glossary__term">居宅介護&#40;ホームヘルプ&#41;</span></dt>' in md
    # readings where the reader has one; a kana term needs none
    assert "（きょうせいしゃかい）" in md
    # sub-entries nest inside their parent's definition
    support = md.split('<dt id="障害児支援">', 1)[1]
    assert support.index('<dl class="yt-glossary yt-glossary--sub"><dt id="障害児通所支援">') < support.index('<dt id="障害者委託訓練事業">')
    # where it comes from, where it is used
    assert '出典: <a href="../kochi/06/#note-1">' in md
    uses = md.split('<dt id="就労継続支援">', 1)[1].split("</dd>", 1)[0]
    assert '<a href="../kochi/06/">6 県の基本的な考え方</a>' in uses
    # the 基本指針 chapter is split (text/split.py): a use there links the page it is on, named by chapter and heading
    assert re.search(r'<a href="\.\./kochi/05/\d+/">5 基本指針（[^）]+）</a>', uses)


def test_no_entries_no_page():
    assert render_glossary_page(Glossary()) is None


def test_linking_the_whole_kochi_text_is_fast(kochi):
    g = Glossary.from_documents([kochi])
    linker = GlossaryLinker(g, "all", record=False)
    linker.page("kochi/05.md", "5")
    text = kochi.text
    start = time.perf_counter()
    pieces = linker.split(text)
    elapsed = time.perf_counter() - start
    assert "".join(p for p, _ in pieces) == text
    assert sum(1 for _, t in pieces if t is not None) > 900
    print(f"linked {len(text)} characters in {elapsed * 1000:.1f} ms")
    assert elapsed < 0.5


# --- readings the plan gives its terms --------------------------------------------------


def test_a_reading_in_brackets_is_the_term_s_reading_not_an_alias():
    doc = parse("<ことばの説明>\n※1 育成医療（いくせいいりょう） 身体に障害のある子どもの医療です。\n"
                "※2 居宅介護(ホームヘルプ) 自宅での介護です。\n", "a.txt", "a", title="A市の計画")
    entries = flat(extract(doc))
    assert entries["育成医療"].given_reading == "いくせいいりょう" and entries["育成医療"].aliases == []
    assert entries["居宅介護"].aliases == ["ホームヘルプ"] and entries["居宅介護"].given_reading == ""
    glossary = Glossary.from_documents([doc])
    assert glossary.given_readings() == {"育成医療": "いくせいいりょう"}


def test_the_site_reads_a_term_as_its_plan_s_glossary_does(tmp_path):
    from conftest import build, make_project

    text = ("<ことばの説明>\n※1 高幡（こうはた） 架空の地名です。\n"
            "計画の本文\n高幡で会議を開きました。\n")
    config = make_project(tmp_path, {"plan.txt": text}, {"plan": {"slug": "p"}})
    site = build(config, tmp_path / "site")
    pages = "".join(p.read_text(encoding="utf-8") for p in (site / "p").rglob("index.html"))
    assert "<ruby>高幡<rp>(</rp><rt>こうはた</rt>" in pages
