"""Ruby markup, the readings made while MkDocs converts the pages, and search by reading."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, make_project
from yomitoki.site import search as search_readings
from yomitoki.render.escape import escape
from yomitoki.site.page_readings import PageReadings
from yomitoki.enrich.readings import ReadingEngine, RubySpan, default_engine
from yomitoki.render.ruby import (
    RubyRenderer,
    expand_ruby,
    finish_page,
    head_html,
    inject_head,
    marked_html,
    ruby_html,
    strip_markers,
)

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
    assert out == "<ruby>著<rp>(</rp><rt>いちじる</rt><rp>)</rp></ruby>しく"
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


def test_markers_record_texts_and_expand_to_the_same_ruby():
    engine = default_engine()
    text = "著しく改善された療育手帳の交付（第1号）"
    marking = RubyRenderer()
    marked = marking(text)
    assert "<" not in marked                          # plain text for Python-Markdown
    assert marking.texts == {text: escape(text)} and marking.counts[text] == 1
    marking(text)
    assert marking.counts[text] == 2
    markup = lambda inner: ruby_html(engine.spans(inner))  # noqa: E731  (the text has no escapes)
    assert expand_ruby(f"<p>{marked}</p>", markup) == f"<p>{RubyRenderer(engine)(text)}</p>"
    assert strip_markers(marked) == escape(text)


def test_markers_in_attributes_and_title_become_base_text():
    m = marked_html("障害者")
    page = f'<head><title>{m}</title><script>var t="{m}";</script></head><body><a title="{m}">{m}</a></body>'
    out = expand_ruby(page, lambda inner: ruby_html(default_engine().spans(inner)))
    assert "<title>障害者</title>" in out
    assert 'var t="障害者";' in out
    assert 'title="障害者"' in out
    assert "\ufdd3" not in out and "\ufdd4" not in out
    assert out.count("<ruby>") == 1


def test_noncharacters_in_source_cannot_forge_markers():
    forged = "\ufdd3偽\ufdd4うそ"
    marking = RubyRenderer()
    out = marking(forged)
    assert out.count("\ufdd3") == 1 and out.count("\ufdd4") == 1     # the real marker only
    assert "&#64979;偽&#64980;" in out
    expanded = expand_ruby(f"<p>{out}</p>", lambda inner: ruby_html(default_engine().spans(forged)))
    assert _plain(expanded) == forged
    assert _plain(ruby_html(default_engine().spans(forged))) == forged


def test_spans_markup_escapes_everything():
    spans = [RubySpan("<障>", None, "none"), RubySpan("害", "が<い", "analyzer")]
    assert ruby_html(spans) == "&lt;障&gt;<ruby>害<rp>(</rp><rt>が&lt;い</rt><rp>)</rp></ruby>"


# --------------------------------------------------------------------------
# Options and page head


def test_the_toggle_script_and_the_head_snippet_share_their_names():
    # ruby.js (yomitoki/assets) and head_html must agree on the storage key, the class and the meta name.
    from pathlib import Path

    import yomitoki
    from yomitoki.render.ruby import CHOICES, GRADE_CLASS, HTML_CLASS, KNOWN_CLASS, META_NAME, STORAGE_KEY

    script = (Path(yomitoki.__file__).parent / "assets" / "ruby.js").read_text(encoding="utf-8")
    for name, value in (("STORAGE_KEY", STORAGE_KEY), ("HTML_CLASS", HTML_CLASS), ("GRADE_CLASS", GRADE_CLASS),
                        ("META_NAME", META_NAME)):
        assert f'var {name} = "{value}";' in script, name
        assert value in head_html("off")
    for choice in CHOICES:
        assert f'"{choice}"' in script and f'"{choice}"' in head_html("off")
    css = (Path(yomitoki.__file__).parent / "assets" / "ruby.css").read_text(encoding="utf-8")
    assert f"html.{GRADE_CLASS} rt.{KNOWN_CLASS} {{\n  display: none;" in css


def test_head_snippet_applies_stored_choice_with_site_default():
    snippet = head_html("on")
    assert '<meta name="yomitoki-ruby-default" content="on" data-grade="3">' in snippet
    assert 'localStorage.getItem("yomitoki.ruby")' in snippet
    assert 'v="on"' in snippet and 'classList.add("yt-ruby-on")' in snippet
    snippet = head_html("grade", 4)
    assert '<meta name="yomitoki-ruby-default" content="grade" data-grade="4">' in snippet
    assert 'v="grade"' in snippet and 'classList.add("yt-ruby-grade")' in snippet
    page = "<html><head><title>t</title></head><body></body></html>"
    assert inject_head(page, "off").index("yomitoki-ruby-default") < page.index("</head>") + 200
    assert inject_head(page, "off").endswith("</head><body></body></html>")
    assert inject_head("no head", "off") == "no head"
    with pytest.raises(ValueError):
        head_html("yes")


# --------------------------------------------------------------------------
# Readings made in a thread (page_readings.py)

TEXTS = ["障害のある人が著しく困難な場合", "療育手帳の交付", "3か所で十四日間", "グループホーム等を整備します"]


def _marked(texts):
    marking = RubyRenderer()
    for text in texts:
        marking(text)
    return marking


def test_page_readings_give_the_engine_s_markup_and_words():
    engine = default_engine()
    marking = _marked(TEXTS)
    readings = PageReadings(engine, marking.texts, marking.counts)
    readings.start()
    for text, inner in marking.texts.items():
        assert readings.markup(inner) == ruby_html(engine.analyse_many([text])[0].spans)
    words = json.loads(readings.words())["readings"]
    assert "療育手帳" in words["りょういくてちょう"]
    assert words["ぐるーぷほーむ"] == ["グループホーム"]
    cached_words, markup = readings.cache_entries()
    assert cached_words == readings.words()
    assert set(markup) == set(marking.texts.values())
    readings.close()


def test_page_readings_from_the_worker_process_are_the_build_s_own():
    from yomitoki.site.worker import Worker

    marking = _marked(TEXTS)
    here = PageReadings(default_engine(), marking.texts, marking.counts, grade=3)
    worker = Worker.start()
    try:
        there = PageReadings(default_engine(), marking.texts, marking.counts, grade=3, worker=worker)
        there.start()
        assert there._ticket is not None
        for inner in marking.texts.values():
            assert there.markup(inner) == here.markup(inner)
        assert there.words() == here.words()
    finally:
        worker.close()
    assert worker._process.wait(timeout=10) == 0


def test_a_worker_that_stopped_leaves_the_reading_to_the_build():
    from yomitoki.site.worker import Worker

    marking = _marked(TEXTS)
    worker = Worker.start()
    worker._process.kill()
    worker._process.wait()
    readings = PageReadings(default_engine(), marking.texts, marking.counts, worker=worker)
    readings.start()
    inner = marking.texts[TEXTS[1]]
    assert readings.markup(inner) == ruby_html(default_engine().analyse(TEXTS[1]).spans)
    worker.close()


def test_a_job_that_fails_in_the_worker_is_reported_not_raised_there():
    from yomitoki.site.worker import Worker, WorkerFailed

    worker = Worker.start()
    try:
        bad = worker.submit("no-such-job")
        good = worker.submit("books", [], None, False)
        with pytest.raises(WorkerFailed, match="KeyError"):
            worker.result(bad)
        assert worker.result(good) == {}            # the worker goes on after a failed job
        with pytest.raises(WorkerFailed):
            worker.result(5)
    finally:
        worker.close()


class Refuses:
    def analyse_many(self, texts):
        raise AssertionError("nothing to read: the cache had it all")

    def spans(self, text):
        raise AssertionError("nothing to read")


def test_markup_and_words_from_the_cache_read_nothing():
    marking = _marked(TEXTS)
    page = "<html><head></head><body><p>" + "".join(marked_html(t) for t in TEXTS) + "</p></body></html>"
    first = PageReadings(default_engine(), marking.texts, marking.counts)
    first.start()
    finished = first.finish(page, "on")
    assert "<ruby>" in finished and 'content="on"' in finished and first.fresh
    words, markup = first.cache_entries()
    assert set(markup) == set(marking.texts.values())

    loads: list[int] = []
    again = PageReadings(Refuses(), {}, words=words, markup=lambda: loads.append(1) or markup)
    again.start()
    assert loads == [] and not again.fresh                  # the markup is loaded for the first page
    assert again.finish(page, "on") == finished and loads == [1]
    other = page.replace("<p>", "<p>別のページ ")
    assert again.finish(other, "on") == finish_page(other, first.markup, "on") and loads == [1]
    assert again.words() == words


def test_a_failure_in_reading_is_raised_where_the_markup_is_asked_for():
    class Broken:
        def analyse_many(self, texts):
            raise ValueError("readings.tsv の 3 行目: …")

    marking = _marked(TEXTS)
    readings = PageReadings(Broken(), marking.texts, marking.counts)
    readings.start()
    with pytest.raises(ValueError, match="3 行目"):
        readings.markup(next(iter(marking.texts.values())))


# --------------------------------------------------------------------------
# Reading dictionary for search


def test_reading_pairs_words_compounds_and_katakana():
    analysis = default_engine().analyse("療育手帳を障がい者と放課後等デイサービス、グループホームで著しく")
    pairs = set(search_readings.reading_pairs(analysis))
    assert ("りょういくてちょう", "療育手帳") in pairs
    assert ("しょうがいしゃ", "障がい者") in pairs
    assert ("いちじるしく", "著しく") in pairs
    assert ("ほうかごとうでいさーびす", "放課後等デイサービス") in pairs
    assert ("ぐるーぷほーむ", "グループホーム") in pairs
    # Words do not run over punctuation or particles.
    assert not any("、" in s or "を" in s or "と" in s for _, s in pairs)


def test_dictionary_orders_words_by_frequency():
    engine = default_engine()
    builder = search_readings.DictionaryBuilder()
    builder.add(engine.analyse("障害のある人。障害福祉。"), times=3)
    builder.add(engine.analyse("障がいのある人。"))
    words = builder.result()
    assert words["しょうがい"][:2] == ["障害", "障がい"]


def test_clean_search_index_removes_markers(tmp_path):
    marked = marked_html("障害者 <b>")
    index = {"config": {"lang": ["ja"]}, "docs": [{"location": "a/", "title": marked, "text": f"<p>{marked}です</p>"}]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert search_readings.clean_search_index(tmp_path) is True
    docs = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert docs[0]["title"] == "障害者 &lt;b&gt;" and docs[0]["text"] == "<p>障害者 &lt;b&gt;です</p>"
    assert search_readings.clean_search_index(tmp_path) is False


# --------------------------------------------------------------------------
# Through MkDocs, with the project's hooks

SAMPLE = (
    "目次 1障害福祉サービス 一ページ 2療育手帳について 二ページ "
    "一ページ 1 障害福祉サービス (1)障害のある人への支援 障害のある人が著しく困難な場合に支援します。 "
    "・相談支援を行います。 ・就労継続支援(A型)を行います。 ・グループホームを整備します。 "
    "・放課後等デイサービスを高幡圏域で実施します。 "
    "二ページ 2 療育手帳について (1)療育手帳の交付 療育手帳の交付を受けた人は、相談支援を利用できます。 "
    + "本文です。" * 120
)


def make_ruby_project(tmp: Path, extra_yaml: str = "") -> Path:
    cfg = make_project(tmp, {"sample.txt": SAMPLE}, {"sample": {"slug": "s", "title": "見本の計画"}})
    if extra_yaml:
        text = cfg.read_text(encoding="utf-8")
        cfg.write_text(text.replace("    source_dir: source_texts\n", "    source_dir: source_texts\n" + extra_yaml),
                       encoding="utf-8")
    return cfg


@pytest.fixture(scope="module")
def ruby_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("ruby")
    return build(make_ruby_project(tmp), tmp / "site")


def _article(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article")


def test_site_headings_keep_their_ids_with_ruby(ruby_site):
    art = _article(ruby_site, "s/01/index.html")
    h = art.find(id="sec-1")
    assert h is not None and h.name in ("h2", "h3", "h4")
    assert h.find("ruby") is not None
    for el in h.select("rt, rp"):
        el.decompose()
    assert "障害のある人への支援" in h.get_text()


def test_site_ruby_in_paragraphs_and_raw_html_blocks(ruby_site):
    art = _article(ruby_site, "s/01/index.html")
    assert art.select_one("p ruby rt") is not None
    assert art.select_one("ul.yt-list li ruby rt") is not None
    for rt in art.select("rt"):
        assert re.fullmatch(r"[ぁ-ゖー]+", rt.get_text())
    page = (ruby_site / "s/01/index.html").read_text(encoding="utf-8")
    assert "\ufdd3" not in page and "\ufdd4" not in page and "data-search-exclude" not in page
    assert '<meta name="yomitoki-ruby-default" content="off" data-grade="3">' in page
    assert "assets/ruby.js" in page and "assets/ruby.css" in page
    assert "<title>" in page and "<ruby>" not in page.split("<title>")[1].split("</title>")[0]


def test_site_readings_follow_the_sentence(ruby_site):
    art = _article(ruby_site, "s/01/index.html")
    rubies = {r.contents[0]: r.rt.get_text() for r in art.select("ruby")}
    assert rubies["行"] == "おこな"            # 相談支援を行います
    assert rubies["型"] == "がた"              # A型


def test_site_nothing_lost_with_ruby(ruby_site):
    from yomitoki.site.check import missing_pieces, site_text_for
    from yomitoki.text.parse import parse

    doc = parse(SAMPLE, "source_texts/sample.txt", "s")
    assert missing_pieces(doc, site_text_for(ruby_site, doc)) == []


def test_site_search_index_has_no_readings(ruby_site):
    index = json.loads((ruby_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
    assert "障害のある人" in texts and "療育手帳" in texts
    for reading in ("しょうがい", "りょういくてちょう", "いちじる", "\ufdd3", "\\ufdd3"):
        assert reading not in texts
    assert search_readings.index_leaks(ruby_site) == []


def test_site_readings_file_maps_readings_to_kanji_and_katakana(ruby_site):
    data = json.loads((ruby_site / "search" / "readings.json").read_text(encoding="utf-8"))
    assert data["format"] == 1
    assert data["readings"]["しょうがい"][0] == "障害"
    assert "療育手帳" in data["readings"]["りょういくてちょう"]
    assert data["readings"]["ぐるーぷほーむ"] == ["グループホーム"]
    # Kanji and katakana in one word are looked for by their parts (Material's search finds them so).
    assert data["readings"]["ほうかごとうでいさーびす"] == ["放課後等 デイサービス"]
    assert "高幡圏域" in data["readings"]["こうばんけんいき"]
    # Compounds join nouns: not a verb and the word after it, not a number and a word.
    assert not any(w.startswith(("行う", "受けた")) for words in data["readings"].values() for w in words)


def test_site_ruby_none_has_no_ruby_and_no_toggle(tmp_path):
    cfg = make_ruby_project(tmp_path, "    ruby: none\n")
    site = build(cfg, tmp_path / "site")
    page = (site / "s/01/index.html").read_text(encoding="utf-8")
    assert "<ruby>" not in page and "yomitoki-ruby-default" not in page and "ruby.js" not in page
    assert not (site / "search" / "readings.json").exists()


def test_site_default_by_grade(tmp_path):
    cfg = make_ruby_project(tmp_path, "    ruby_default: grade\n    ruby_grade: 2\n")
    site = build(cfg, tmp_path / "site")
    page = (site / "s/02/index.html").read_text(encoding="utf-8")
    assert '<meta name="yomitoki-ruby-default" content="grade" data-grade="2">' in page
    art = BeautifulSoup(page, "html.parser").select_one("article")
    known = {rt.get_text() for rt in art.select("rt.yt-k")}
    shown = {rt.get_text() for rt in art.select("rt:not(.yt-k)")}
    assert "ほんぶん" in known                    # 本文: 1年
    assert "りょういくてちょう" in shown          # 療: not taught in elementary school
    assert "こうふ" in shown                      # 交付: 付 is 4年, beyond 2年


def test_site_second_build_reads_nothing(tmp_path, monkeypatch):
    cfg = make_ruby_project(tmp_path)
    calls: list[int] = []
    original = ReadingEngine.analyse_many

    def counting(self, texts):
        calls.append(len(texts))
        return original(self, texts)

    monkeypatch.setattr(ReadingEngine, "analyse_many", counting)
    # no worker process: the first build reads here, where the reading is counted
    from yomitoki.site import session

    monkeypatch.setattr(session.Worker, "start", staticmethod(lambda: None))
    first = build(cfg, tmp_path / "a")
    assert calls and calls[0] > 10
    calls.clear()
    second = build(cfg, tmp_path / "b")
    assert calls == []
    for page in ("s/01/index.html", "search/readings.json"):
        assert (first / page).read_bytes() == (second / page).read_bytes()


def test_site_with_a_broken_analyzer_stops_with_a_message(tmp_path, monkeypatch, caplog):
    from mkdocs.exceptions import Abort

    from yomitoki.enrich import analyzer
    from yomitoki.errors import SetupError

    def broken():
        raise SetupError("ふりがなに使う形態素解析の辞書（SudachiPy と SudachiDict-core）を読み込めません。")

    monkeypatch.setattr(analyzer, "_tokenizer", broken)
    monkeypatch.setattr(analyzer._local, "tokenizer", None, raising=False)
    # Broken here only: a worker process would read fine.  (Where it is broken too, its job
    # fails and the build reads here: test_a_worker_that_stopped_leaves_the_reading_to_the_build.)
    from yomitoki.site import session

    monkeypatch.setattr(session.Worker, "start", staticmethod(lambda: None))
    with pytest.raises(Abort):
        build(make_ruby_project(tmp_path), tmp_path / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("SudachiDict-core" in m for m in errors)
    assert not any("Traceback" in m for m in errors)


def test_article_of_is_gone_and_index_leaks_reads_pages(ruby_site):
    # index_leaks finds a reading next to its kanji in the index.
    index_file = ruby_site / "search" / "search_index.json"
    data = json.loads(index_file.read_text(encoding="utf-8"))
    data["docs"][0]["text"] += " 障害しょうがい"
    leaky = ruby_site.parent / "leaky"
    (leaky / "search").mkdir(parents=True)
    (leaky / "search" / "search_index.json").write_text(json.dumps(data), encoding="utf-8")
    (leaky / "s").mkdir()
    (leaky / "s" / "index.html").write_text(
        "<p><ruby>障害<rp>(</rp><rt>しょうがい</rt><rp>)</rp></ruby></p>", encoding="utf-8")
    assert search_readings.index_leaks(leaky) != []
