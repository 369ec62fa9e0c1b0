"""Late ruby and the reading worker: the same readings, whichever process makes them."""
from __future__ import annotations

import os
import re

import pytest

from yomitoki import search_readings
from yomitoki.escape import escape, unescape
from yomitoki.reading_worker import LateReadings
from yomitoki.readings import ReadingEngine, default_engine
from yomitoki.ruby import (
    ReadingCache,
    RubyRenderer,
    deferred_html,
    expand_ruby,
    has_markers,
    late_html,
    page_ruby_html,
    resolve_late,
    ruby_html,
    strip_markers,
)

from conftest import ROOT, build, differing_files

TEXTS = [
    "障害者総合支援法に基づく地域生活支援事業",
    "著しく改善された療育手帳の交付（第1号）",
    "3か所の事業所で19歳以上の方が利用",
    "タブ\tと改行\nを含む文",
    "<script>alert(1)</script> **太字** {: .x}",
    "ひらがなだけ",
]


def _direct(text: str) -> str:
    return re.sub(r' data-search-exclude="1"', "", ruby_html(default_engine().spans(text)))


@pytest.mark.parametrize("parallel", [True, False])
def test_late_markers_expand_to_the_engines_ruby(parallel, tmp_path):
    cache = ReadingCache(default_engine(), tmp_path)
    late = LateReadings(cache, parallel=parallel)
    renderer = RubyRenderer(default_engine(), cache, late=True)
    late.start()
    try:
        pages = [f"<p>{renderer(t)}</p>" for t in TEXTS]
        assert all("<" not in renderer(t) for t in TEXTS)        # plain text for Python-Markdown
        assert late.submit(renderer.texts) == len(TEXTS)
        for text, page in zip(TEXTS, pages):
            folded = text.replace("\t", " ").replace("\n", " ")  # escape() folds them
            assert expand_ruby(page, late.markup) == f"<p>{_direct(folded)}</p>"
    finally:
        late.close()
    assert cache.save() is not None
    again = ReadingCache(default_engine(), tmp_path)
    assert all(again.knows(t) for t in renderer.texts)


def test_page_ruby_html_is_what_deferred_markers_expand_to():
    for text in TEXTS + ["障害\ufdd3者"]:
        spans = default_engine().spans(text)
        assert page_ruby_html(spans) == expand_ruby(deferred_html(spans))


def test_markup_cached_with_the_pages_needs_no_readings(tmp_path):
    late = LateReadings(ReadingCache(default_engine(), tmp_path), parallel=False)
    late.preload({"障害者&#40;1&#41;": "<ruby>障害者<rp>&#40;</rp><rt>x</rt><rp>&#41;</rp></ruby>(1)"})
    assert "<rt>x</rt>" in expand_ruby(late_html("障害者(1)"), late.markup)
    assert not late.cache._loaded                  # the reading cache was never opened
    table = late.markup_table()
    assert list(table) == ["障害者&#40;1&#41;"]      # by marker content, as the cached pages carry it


def test_glossary_readings_come_from_the_worker(tmp_path):
    late = LateReadings(ReadingCache(default_engine(), tmp_path), parallel=True)
    late.start()
    try:
        assert late.readings(["療育手帳", "障害者"]) == [default_engine().reading("療育手帳"),
                                                      default_engine().reading("障害者")]
        assert late.reading("居宅介護") == default_engine().reading("居宅介護")
    finally:
        late.close()


def test_a_dead_worker_changes_nothing(tmp_path):
    cache = ReadingCache(default_engine(), tmp_path)
    late = LateReadings(cache, parallel=True)
    late.start()
    late._process.kill()
    late._process.join()
    renderer = RubyRenderer(default_engine(), cache, late=True)
    page = f"<p>{renderer(TEXTS[0])}</p>"
    late.submit(renderer.texts)
    try:
        assert expand_ruby(page, late.markup) == f"<p>{_direct(TEXTS[0])}</p>"
        assert late.reading("療育手帳") == default_engine().reading("療育手帳")
    finally:
        late.close()


def test_spans_the_worker_made_wrong_are_not_taken(tmp_path):
    # The worker checks that each answer spells its text (the main process
    # stores its answers unchecked); a wrong one stops it, and the text is
    # read in the main process instead.
    main = os.getpid()

    class WrongInWorker(ReadingEngine):
        def spans(self, text):
            spans = super().spans(text)
            return spans[1:] if os.getpid() != main else spans

    engine = WrongInWorker()
    cache = ReadingCache(engine, tmp_path)
    late = LateReadings(cache, parallel=True)
    late.start()
    renderer = RubyRenderer(engine, cache, late=True)
    page = f"<p>{renderer(TEXTS[0])}</p>"
    try:
        late.submit(renderer.texts)
        assert expand_ruby(page, late.markup) == f"<p>{_direct(TEXTS[0])}</p>"
        assert late._process is None                      # stopped after its error
        assert "".join(s.base for s in cache.peek(TEXTS[0])) == TEXTS[0]
    finally:
        late.close()


def test_bad_user_dictionary_stops_before_the_worker(tmp_path):
    bad = tmp_path / "readings.tsv"
    bad.write_text("障害\n", encoding="utf-8")

    class Lazy:                       # like pipeline.LazyReadingEngine: the engine is made on first use
        @property
        def engine(self):
            return ReadingEngine(user_dictionary=bad)

    cache = ReadingCache.__new__(ReadingCache)
    cache.engine = Lazy()
    late = LateReadings(cache, parallel=True)
    with pytest.raises(ValueError, match="readings.tsv の 1 行目"):
        late.start()
    assert late._process is None


def test_markers_in_attributes_titles_and_cut_markers_keep_their_text():
    late = late_html("障害者")
    page = f'<title>{late}</title><a title="{late}">{late}</a>'
    out = expand_ruby(page, lambda inner: deferred_html(default_engine().spans(inner)))
    assert out.startswith("<title>障害者</title><a title=\"障害者\"><ruby>")
    assert not has_markers(out)
    # A marker cut by markup (never produced) loses the ruby, never the text.
    cut = late_html("障害者").replace("害", "害<br>")
    assert expand_ruby(cut, lambda inner: "x") == "障害<br>者"
    assert strip_markers(f"<p>{late}</p>") == "<p>障害者</p>"
    assert resolve_late(late, lambda inner: "[" + inner + "]") == "[障害者]"


def test_unescape_inverts_escape():
    for text in TEXTS + ["&amp; &lt; \ufdd0\ufdd3 &#38; 全角＆", "\U00020bb7"]:
        assert unescape(escape(text)) == text.replace("\t", " ").replace("\n", " ")


def test_source_noncharacters_stay_literal():
    text = "障害\ufdd3者\ufdd4"
    marked = late_html(text)
    out = expand_ruby(f"<p>{marked}</p>", lambda inner: deferred_html(default_engine().spans(unescape(inner))))
    assert out.count("&#64979;") == 1 and out.count("&#64980;") == 1   # the source's own, escaped
    assert "<ruby>" in out and "\ufdd3" not in out


def test_search_dictionary_from_the_worker_equals_the_one_from_the_pages(tmp_path):
    cache = ReadingCache(default_engine(), tmp_path)
    cache.spans(TEXTS[2])                       # known to the cache: never sent, read again in the worker
    late = LateReadings(cache, parallel=True)
    late.start()
    renderer = RubyRenderer(default_engine(), cache, late=True)
    contents = [f"<p>{renderer(t)}</p>" for t in TEXTS[:3]] + ["<p>ひらがなだけ</p>"]
    late.submit(renderer.texts)
    try:
        for i, content in enumerate(contents):
            late.add_content(f"p{i}.md", content)
        finished = [f"<nav>{renderer(TEXTS[1])}</nav><article>{expand_ruby(c, late.markup)}</article>"
                    for c in contents]
        late.request_words()                    # asked early (on_env), taken later
        late.request_words()                    # (once)
        text = late.words({"p0.md", "p1.md", "p2.md"})
        expected = search_readings.build_dictionary(finished)
        assert text == search_readings._dump(expected) and expected
        late.add_content("p9.md", f"<p>{renderer(TEXTS[0])}</p>")
        assert late.words({"p0.md", "p1.md", "p2.md"}) is None    # a page with ruby it was not told of
    finally:
        late.close()


def test_site_is_the_same_with_and_without_the_worker(tmp_path, monkeypatch):
    monkeypatch.setenv("YOMITOKI_PARALLEL", "0")
    serial = build(ROOT / "mkdocs.yml", tmp_path / "serial")
    monkeypatch.setenv("YOMITOKI_PARALLEL", "1")
    parallel = build(ROOT / "mkdocs.yml", tmp_path / "parallel")
    assert differing_files(serial, parallel) == []
    assert "<ruby>" in (parallel / "kochi" / "index.html").read_text(encoding="utf-8")


def test_prefetched_source_reads_the_same_and_gives_way_to_readings(tmp_path):
    source = (ROOT / "source_texts" / "kochi_disability_plan_appendix.txt").read_text(encoding="utf-8")
    cache = ReadingCache(default_engine(), tmp_path)
    late = LateReadings(cache, parallel=True)
    renderer = RubyRenderer(default_engine(), cache, late=True)
    late.start(source)              # a long backlog of chunks in the worker
    try:
        # Asked while the worker prefetches: answered, and right.
        late.expect(["療育手帳", "障害者", "療育手帳"])
        assert late._expected == ["療育手帳", "障害者"]
        assert late.reading("障害者") == default_engine().reading("障害者")
        assert late._expected is None
        pages = [f"<p>{renderer(t)}</p>" for t in TEXTS]
        late.submit(renderer.texts)
        for text, page in zip(TEXTS, pages):
            folded = text.replace("\t", " ").replace("\n", " ")
            assert expand_ruby(page, late.markup) == f"<p>{_direct(folded)}</p>"
    finally:
        late.close()


def test_an_expected_reading_nobody_asks_for_is_not_taken_for_spans(tmp_path):
    cache = ReadingCache(default_engine(), tmp_path)
    late = LateReadings(cache, parallel=True)
    renderer = RubyRenderer(default_engine(), cache, late=True)
    late.start()
    try:
        late.expect(["居宅介護"])                 # e.g. a glossary page that was never made
        page = f"<p>{renderer(TEXTS[0])}</p>"
        late.submit(renderer.texts)
        assert expand_ruby(page, late.markup) == f"<p>{_direct(TEXTS[0])}</p>"
        assert late._process is not None          # the worker was not given up on
        assert late.reading("居宅介護") == default_engine().reading("居宅介護")
    finally:
        late.close()


def test_prefetch_fills_the_chunk_cache():
    from yomitoki import readings

    text = "第7期障害福祉計画の成果目標、地域生活支援拠点等の整備。"
    chunks = readings.chunks_to_read(text + text)
    assert chunks == ["第7期障害福祉計画の成果目標", "地域生活支援拠点等の整備"]   # each once
    readings._convert_chunk.cache_clear()
    readings.prefetch(chunks)
    assert readings._convert_chunk.cache_info().misses == 2
    for chunk in chunks:
        readings._convert_chunk(chunk)
    assert readings._convert_chunk.cache_info().hits == 2


def test_kill_ends_the_worker_and_close_reaps_it(tmp_path):
    late = LateReadings(ReadingCache(default_engine(), tmp_path), parallel=True)
    late.start()
    process = late._process
    late.kill()
    late.kill()                                         # idempotent
    process.join(10)
    assert process.exitcode is not None
    # Anything still asked is read in this process.
    assert late.reading("療育手帳") == default_engine().reading("療育手帳")
    late.close()
    assert late._process is None
