"""Ruby markup, the reading cache and search by reading (issue 6, items 4-7).

The site tests build a sample project whose hook wires ruby into the
pipeline the way hooks/yomitoki_hooks.py is meant to (see RUBY_HOOK).
"""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, make_project
from yomitoki.escape import escape
from yomitoki.readings import ReadingEngine, RubySpan, default_engine
from yomitoki.ruby import (
    ReadingCache,
    RubyOptions,
    RubyRenderer,
    deferred_html,
    engine_fingerprint,
    expand_ruby,
    late_html,
    head_html,
    inject_head,
    ruby_html,
    strip_markers,
)
from yomitoki import search_readings

# --------------------------------------------------------------------------
# Markup


def _plain(html_text: str) -> str:
    """Text of inline HTML without rt/rp, as the nothing-lost check sees it."""
    soup = BeautifulSoup(html_text, "html.parser")
    for el in soup.select("rt, rp"):
        el.decompose()
    return soup.get_text()


def test_ruby_only_over_kanji_with_okurigana_outside():
    out = RubyRenderer(default_engine())("著しく")
    assert out.startswith("<ruby>著<rp")
    assert ">いちじる</rt>" in out
    assert out.endswith("</ruby>しく")
    soup = BeautifulSoup(out, "html.parser")
    assert [r.contents[0] for r in soup.find_all("ruby")] == ["著"]
    assert [rp.get_text() for rp in soup.find_all("rp")] == ["(", ")"]


def test_base_text_stays_contiguous_and_complete():
    text = "療育手帳の交付を受けた障害のある人（A型・3か所）は、<b>*特別*</b>です。"
    out = RubyRenderer(default_engine())(text)
    assert _plain(out) == text
    # Source markup is escaped, never live.
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert "*" not in out


def test_text_without_kanji_is_just_escaped():
    r = RubyRenderer(default_engine())
    for text in ["ひらがなとカタカナ", "A-1 (2024)", "", "[リンク](x)"]:
        assert r(text) == escape(text)


def test_rt_and_rp_are_excluded_from_search_index_markup():
    out = ruby_html([RubySpan("障害", "しょうがい", "dictionary")])
    soup = BeautifulSoup(out, "html.parser")
    assert all(el.has_attr("data-search-exclude") for el in soup.select("rt, rp"))


def test_deferred_markup_expands_to_the_same_ruby():
    engine = default_engine()
    text = "著しく改善された療育手帳の交付（第1号）"
    spans = engine.spans(text)
    direct = re.sub(r' data-search-exclude="1"', "", ruby_html(spans))
    deferred = deferred_html(spans)
    assert "<" not in deferred               # plain text for Python-Markdown
    assert expand_ruby(f"<p>{deferred}</p>") == f"<p>{direct}</p>"
    assert strip_markers(deferred) == escape(text)


def test_deferred_markup_in_attributes_and_title_becomes_base_text():
    d = deferred_html([RubySpan("障害", "しょうがい", "dictionary"), RubySpan("者", "しゃ", "engine")])
    page = f'<head><title>{d}</title><script>var t="{d}";</script></head><body><a title="{d}">{d}</a></body>'
    out = expand_ruby(page)
    assert "<title>障害者</title>" in out
    assert 'var t="障害者";' in out
    assert 'title="障害者"' in out
    assert ">\ufdd0" not in out and "\ufdd0" not in out
    assert out.count("<ruby>") == 2


def test_noncharacters_in_source_cannot_forge_ruby():
    forged = "\ufdd0偽\ufdd1うそ\ufdd2"
    out = RubyRenderer(default_engine(), deferred=True)(forged)
    assert out.startswith("&#64976;") and out.endswith("&#64978;")
    expanded = expand_ruby(f"<p>{out}</p>")
    assert "<rt>うそ</rt>" not in expanded and "&#64977;うそ" in expanded
    assert _plain(expanded) == forged


# --------------------------------------------------------------------------
# Options and page head


def test_options_defaults_and_yaml_booleans():
    assert RubyOptions.from_config({}) == RubyOptions("all", "off")
    assert RubyOptions.from_config({"ruby": "none"}).enabled is False
    # YAML 1.1 reads a bare on/off as a boolean.
    assert RubyOptions.from_config({"ruby_default": True}).default == "on"
    assert RubyOptions.from_config({"ruby_default": False}).default == "off"


@pytest.mark.parametrize("raw", [{"ruby": "some"}, {"ruby_default": "maybe"}])
def test_options_reject_unknown_values_in_japanese(raw):
    with pytest.raises(ValueError, match="mkdocs.yml の extra.yomitoki"):
        RubyOptions.from_config(raw)


def test_head_snippet_applies_stored_choice_with_site_default():
    snippet = head_html("on")
    assert '<meta name="yomitoki-ruby-default" content="on">' in snippet
    assert 'localStorage.getItem("yomitoki.ruby")' in snippet
    assert 'v="on"' in snippet and 'classList.add("yt-ruby-on")' in snippet
    page = "<html><head><title>t</title></head><body></body></html>"
    assert inject_head(page, "off").index("yomitoki-ruby-default") < page.index("</head>") + 200
    assert inject_head(page, "off").endswith("</head><body></body></html>")
    assert inject_head("no head", "off") == "no head"
    with pytest.raises(ValueError):
        head_html("yes")


# --------------------------------------------------------------------------
# Reading cache


class CountingEngine(ReadingEngine):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.calls = 0

    def spans(self, text):
        self.calls += 1
        return super().spans(text)


TEXTS = ["障害のある人が著しく困難な場合", "療育手帳の交付", "3か所で十四日間"]


def test_cache_warm_run_never_calls_the_engine(tmp_path):
    cold_engine = CountingEngine()
    cold = ReadingCache(cold_engine, tmp_path)
    first = [cold.spans(t) for t in TEXTS]
    assert cold.misses == 3 and cold.hits == 0 and cold_engine.calls == 3
    assert cold.save() == cold.path and cold.path.exists()
    assert not list(tmp_path.glob("*.tmp"))

    warm_engine = CountingEngine()
    warm = ReadingCache(warm_engine, tmp_path)
    assert [warm.spans(t) for t in TEXTS] == first
    assert warm_engine.calls == 0 and warm.hits == 3
    assert warm.save() is None                   # nothing changed, nothing written


def test_cache_key_follows_dictionaries(tmp_path):
    user = tmp_path / "readings.tsv"
    user.write_text("障害\tしょうがい\n", encoding="utf-8")
    a = ReadingEngine()
    b = ReadingEngine(user_dictionary=user)
    c = ReadingEngine()
    c.add_terms({"交付": "こうふ"}, source="glossary")
    keys = {engine_fingerprint(e) for e in (a, b, c)}
    assert len(keys) == 3
    assert engine_fingerprint(ReadingEngine()) == engine_fingerprint(a)
    # A new dictionary starts a new file and removes the stale one.
    ca = ReadingCache(a, tmp_path / "cache")
    ca.spans("障害")
    ca.save()
    cb = ReadingCache(b, tmp_path / "cache")
    assert len(cb) == 0
    cb.spans("障害")
    cb.save()
    assert [p.name for p in (tmp_path / "cache").glob("readings-*.json")] == [cb.path.name]


def test_cache_survives_damage_and_prunes_unused_texts(tmp_path):
    engine = default_engine()
    cache = ReadingCache(engine, tmp_path)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache.path.write_text("{not json", encoding="utf-8")
    cache = ReadingCache(engine, tmp_path)
    assert len(cache) == 0
    for t in TEXTS:
        cache.spans(t)
    cache.save()
    # A tampered entry that does not spell its text is read again.
    data = json.loads(cache.path.read_text(encoding="utf-8"))
    data["entries"][TEXTS[0]] = [["別", "べつ", "engine"]]
    cache.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = ReadingCache(engine, tmp_path)
    assert "".join(s.base for s in again.spans(TEXTS[0])) == TEXTS[0]
    assert again.misses == 1
    again.save()                                  # only TEXTS[0] was used
    assert list(json.loads(again.path.read_text(encoding="utf-8"))["entries"]) == [TEXTS[0]]


def test_memory_only_cache_and_engine_mismatch(tmp_path):
    cache = ReadingCache(default_engine(), None)
    cache.spans("障害")
    assert cache.save() is None and cache.path is None
    with pytest.raises(ValueError):
        RubyRenderer(ReadingEngine(), cache)


# --------------------------------------------------------------------------
# Reading dictionary for search


def test_reading_pairs_compounds_and_okurigana():
    spans = [RubySpan("療育", "りょういく", "engine"), RubySpan("手帳", "てちょう", "engine"),
             RubySpan("を", None, "none"), RubySpan("障", "しょう", "engine"),
             RubySpan("がい", None, "none"), RubySpan("者", "しゃ", "engine"),
             RubySpan("、", None, "none"), RubySpan("著", "いちじる", "engine"),
             RubySpan("しく", None, "none")]
    page = expand_ruby(f"<article><p>{deferred_html(spans)}</p></article>")
    pairs = set(search_readings.reading_pairs(page))
    assert ("りょういくてちょう", "療育手帳") in pairs
    assert ("てちょう", "手帳") in pairs
    assert ("しょうがい", "障がい") in pairs
    assert ("しょうがいしゃ", "障がい者") in pairs
    assert ("いちじるしく", "著しく") in pairs
    # Words do not run over punctuation or past particles after a compound.
    assert not any("、" in s or s.startswith("手帳を") for _, s in pairs)


def test_dictionary_orders_words_by_frequency():
    page = lambda text: expand_ruby("<article>" + RubyRenderer(default_engine(), deferred=True)(text) + "</article>")
    words = search_readings.build_dictionary([page("障害のある人。障害福祉。"), page("障がいのある人。")])
    assert words["しょうがい"][:2] == ["障害", "障がい"]


@pytest.mark.parametrize("marked, base", [
    (late_html("障害者 <b>"), "障害者 &lt;b&gt;"),                                        # late: text only
    (deferred_html([RubySpan("障害", "しょうがい", "dictionary"), RubySpan("者", None, "none")]), "障害者"),
])
def test_clean_search_index_leaves_base_text_only(tmp_path, marked, base):
    index = {"config": {"lang": ["ja"]}, "docs": [{"location": "a/", "title": marked, "text": f"<p>{marked}です</p>"}]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert search_readings.clean_search_index(tmp_path) is True
    docs = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert docs[0]["title"] == base and docs[0]["text"] == f"<p>{base}です</p>"
    assert search_readings.clean_search_index(tmp_path) is False


# --------------------------------------------------------------------------
# Through MkDocs

SAMPLE = (
    "目次 1障害福祉サービス 一ページ 2療育手帳について 二ページ "
    "一ページ 1 障害福祉サービス (1)障害のある人への支援 障害のある人が著しく困難な場合に支援します。 "
    "・相談支援を行います。 ・就労継続支援(A型)を行います。 "
    "二ページ 2 療育手帳について (1)療育手帳の交付 療育手帳の交付を受けた人は、相談支援を利用できます。 "
    + "本文です。" * 120
)

# The wiring the lead adds to hooks/yomitoki_hooks.py, as a hook of its own.
RUBY_HOOK = textwrap.dedent('''
    from __future__ import annotations

    import logging
    from pathlib import Path

    from mkdocs.structure.files import File

    from yomitoki import search_readings
    from yomitoki.pipeline import Settings, load_documents
    from yomitoki.readings import default_engine
    from yomitoki.render import TextRenderer, render_document
    from yomitoki.ruby import ReadingCache, RubyOptions, RubyRenderer, expand_ruby, inject_head

    log = logging.getLogger("mkdocs.hooks.ruby_test")
    _pages = []
    _options = RubyOptions()
    _cache = None


    def on_config(config):
        global _pages, _options, _cache
        raw = dict(config.extra.get("yomitoki") or {})
        _options = RubyOptions.from_config(raw)
        for key in RubyOptions.KEYS:
            raw.pop(key, None)
        config_dir = Path(config.config_file_path).parent
        settings = Settings.from_config(raw, config_dir)
        text = TextRenderer()
        if _options.enabled:
            _cache = ReadingCache.for_project(default_engine(), config_dir)
            deferred = bool(config.extra.get("ruby_test_deferred", True))
            text = TextRenderer(ruby=RubyRenderer(_cache.engine, _cache, deferred=deferred))
            config.extra_css.append("assets/ruby.css")
            config.extra_javascript.append("assets/ruby.js")
        _pages = []
        docs = load_documents(settings)
        for doc in docs:
            _pages.extend(render_document(doc, text))
        config.nav = [{"ホーム": "index.md"}] + [
            {d.title: [{p.nav_title: p.src_uri} for p in _pages if p.plan == d.slug]} for d in docs
        ]
        if _cache is not None:
            log.info(_cache.summary())
        return config


    def on_files(files, config):
        for page in _pages:
            files.append(File.generated(config, page.src_uri, content=page.markdown))
        return files


    def on_post_page(output, page, config):
        if not _options.enabled:
            return output
        return inject_head(expand_ruby(output), _options.default)


    def on_post_build(config):
        if _options.enabled:
            search_readings.finish_site(config.site_dir)
            if _cache is not None:
                _cache.save()
''')


def make_ruby_project(tmp: Path, extra_yaml: str = "", texts: dict | None = None) -> Path:
    cfg = make_project(tmp, texts or {"sample.txt": SAMPLE}, {"sample": {"slug": "s", "title": "見本の計画"}})
    (tmp / "hooks" / "ruby_wiring.py").write_text(RUBY_HOOK, encoding="utf-8")
    text = cfg.read_text(encoding="utf-8")
    text = re.sub(r"hooks:\n(  - .*\n)+", "hooks:\n  - hooks/ruby_wiring.py\n", text)
    text = text.replace("    source_dir: source_texts\n", "    source_dir: source_texts\n" + extra_yaml)
    cfg.write_text(text, encoding="utf-8")
    return cfg


@pytest.fixture(scope="module")
def ruby_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("ruby")
    cfg = make_ruby_project(tmp)
    return build(cfg, tmp / "site")


def _article(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article")


def test_site_headings_keep_their_ids_with_ruby(ruby_site):
    art = _article(ruby_site, "s/01/index.html")
    h = art.find(id="sec-1")
    assert h is not None and h.name in ("h2", "h3", "h4")
    assert h.find("ruby") is not None
    h_plain = BeautifulSoup(str(h), "html.parser")
    for el in h_plain.select("rt, rp"):
        el.decompose()
    assert "障害のある人への支援" in h_plain.get_text()


def test_site_ruby_in_paragraphs_and_raw_html_blocks(ruby_site):
    art = _article(ruby_site, "s/01/index.html")
    assert art.select_one("p ruby rt") is not None
    assert art.select_one("ul.yt-list li ruby rt") is not None
    for rt in art.select("rt"):
        assert re.fullmatch(r"[ぁ-ゖー]+", rt.get_text())
    page = (ruby_site / "s/01/index.html").read_text(encoding="utf-8")
    assert "\ufdd0" not in page and "data-search-exclude" not in page
    assert '<meta name="yomitoki-ruby-default" content="off">' in page
    assert "assets/ruby.js" in page and "assets/ruby.css" in page


def test_site_nothing_lost_with_ruby(ruby_site):
    from yomitoki.check import missing_pieces, site_text_for
    from yomitoki.parse import parse

    doc = parse(SAMPLE, "source_texts/sample.txt", "s")
    assert missing_pieces(doc, site_text_for(ruby_site, doc)) == []


def test_site_search_index_has_no_readings(ruby_site):
    index = json.loads((ruby_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
    assert "障害のある人" in texts and "療育手帳" in texts
    for reading in ("しょうがい", "りょういくてちょう", "いちじる", "\ufdd0"):
        assert reading not in texts
    assert search_readings.index_leaks(ruby_site) == []


def test_site_readings_file_maps_readings_to_kanji(ruby_site):
    data = json.loads((ruby_site / "search" / "readings.json").read_text(encoding="utf-8"))
    assert data["format"] == 1
    assert data["readings"]["しょうがい"][0] == "障害"
    assert "療育手帳" in data["readings"]["りょういくてちょう"]


def test_site_direct_markup_builds_the_same(tmp_path, ruby_site):
    """Without deferral, ruby markup goes through Python-Markdown and Material's indexer."""
    cfg = make_ruby_project(tmp_path)
    cfg.write_text(cfg.read_text(encoding="utf-8") + "  ruby_test_deferred: false\n", encoding="utf-8")
    site = build(cfg, tmp_path / "site")
    for page in ("s/01/index.html", "s/02/index.html"):
        a = _article(site, page)
        b = _article(ruby_site, page)
        assert str(a.find(id="sec-1")) == str(b.find(id="sec-1"))
        assert len(a.select("ruby")) == len(b.select("ruby")) > 0
    assert search_readings.index_leaks(site) == []
    assert "data-search-exclude" not in (site / "s/01/index.html").read_text(encoding="utf-8")


def test_site_ruby_none_has_no_ruby_and_no_toggle(tmp_path):
    cfg = make_ruby_project(tmp_path, "    ruby: none\n")
    site = build(cfg, tmp_path / "site")
    page = (site / "s/01/index.html").read_text(encoding="utf-8")
    assert "<ruby>" not in page and "yomitoki-ruby-default" not in page and "ruby.js" not in page
    assert not (site / "search" / "readings.json").exists()
    assert not (tmp_path / ".yomitoki-cache").exists()


def test_site_cache_makes_second_build_read_nothing(tmp_path, caplog):
    import logging

    cfg = make_ruby_project(tmp_path)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.ruby_test"):
        build(cfg, tmp_path / "site")
        build(cfg, tmp_path / "site")
    lines = [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.ruby_test"]
    assert len(lines) == 2
    fresh = [int(re.search(r"、(\d+) 件を新しく読みました", line).group(1)) for line in lines]
    assert fresh[0] > 0 and fresh[1] == 0
    assert list((tmp_path / ".yomitoki-cache").glob("readings-*.json"))


def test_reading_cache_packs_spans_and_keeps_what_it_cannot_pack(tmp_path):
    from yomitoki.readings import RubySpan
    from yomitoki.ruby import pack_spans, unpack_spans

    spans = [RubySpan("障害", "しょうがい", "dictionary"), RubySpan("の", None, "none"), RubySpan("", "", "none")]
    packed = pack_spans(spans)
    assert isinstance(packed, str) and unpack_spans(packed) == spans
    assert pack_spans([]) == "" and unpack_spans("") == []
    odd = [RubySpan("a\x1fb\x1e", None, "none"), RubySpan("\x1d", None, "none")]
    kept = pack_spans(odd)
    assert isinstance(kept, list) and unpack_spans(kept) == odd
    assert unpack_spans("only one field") is None and unpack_spans(3) is None
    # store() checks packed spans without unpacking them: well formed, spelling the text.
    from yomitoki.ruby import spells

    assert spells(packed, "障害の") and not spells(packed, "障害")
    for bad in ("a\x1fb\x1ec\x1f\x1d\x1fnone", "a\x1fb\x1fx\x1fy\x1ec\x1fz", "a\x1fb\x1d\x1fx"):
        assert not spells(bad, "ac") and not spells(bad, "a")
    cache = ReadingCache(default_engine(), None)
    with pytest.raises(ValueError):
        cache.store("ac", "a\x1fb\x1fx\x1fy\x1ec\x1fz")
    cache.store("障害の", packed)
    assert cache.peek("障害の") == spans
    # Through the cache file and back, with a text that holds the separators.
    cache = ReadingCache(default_engine(), tmp_path)
    for text in ("障害者の計画", "a\x1fb\x1e\x1d障害"):
        cache.spans(text)
    cache.save()
    again = ReadingCache(default_engine(), tmp_path)
    for text in ("障害者の計画", "a\x1fb\x1e\x1d障害"):
        assert again.peek(text) == default_engine().spans(text)


def test_article_of_is_the_article_or_the_page():
    from yomitoki.search_readings import article_of

    assert article_of('<nav>x</nav><article class="md-content__inner">本文</article><footer>') == "本文"
    assert article_of("<article>a</article><article>b</article>c") == "a</article><article>b"
    assert article_of("<article>no end") == "<article>no end"
    assert article_of("a</article><article>b") == "a</article><article>b"
    assert article_of("<articles>x</article>") == "<articles>x</article>"
