"""Build caches and fast paths: parsed documents, finished pages, search readings, ruby expansion.

The caches must be invisible: a warm build gives the same site as a cold
one, any changed input (source text, user dictionary, yomitoki's version)
is never served from an old entry, and ``.yomitoki-cache/`` can be deleted
at any time.  ``mkdocs serve`` must rebuild when a source text or the
user's reading dictionary changes.
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import build, make_project
from yomitoki.site import cache as cache_module
from yomitoki import timing
from yomitoki.site.cache import DocumentCache, code_fingerprint
from yomitoki.site.pipeline import Settings, build_site, load_documents
from yomitoki.render.ruby import CACHE_DIR, expand_ruby, finish_page, inject_head

SAMPLE = (
    "目次 1障害福祉サービス 一ページ 2療育手帳について 二ページ "
    "一ページ 1 障害福祉サービス (1)障害のある人への支援 障害のある人が著しく困難な場合に支援します。 "
    "・相談支援を行います。 ・就労継続支援(A型)を行います。 "
    "二ページ 2 療育手帳について (1)療育手帳の交付 療育手帳の交付を受けた人は、相談支援を利用できます。 "
    + "本文です。" * 40
)
OTHER = SAMPLE.replace("著しく困難な場合", "とても困難な場合").replace("療育手帳の交付を受けた人", "手帳を持つ人")
PLANS = {"sample": {"slug": "s", "title": "見本の計画"}, "other": {"slug": "o"}}


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site that yomitoki or MkDocs writes from the pages."""
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and (path.suffix in (".html", ".json") or path.name == "sitemap.xml"):
            out[path.relative_to(site).as_posix()] = path.read_bytes()
    out.pop("sitemap.xml", None)         # carries the build date
    return out


def page_text(site: Path, uri: str) -> str:
    return (site / uri).read_text(encoding="utf-8")


def visible(html: str) -> str:
    """A page's text without readings and tags (著<rp>…</rp>しく → 著しく)."""
    return re.sub(r"<[^>]*>", "", re.sub(r"<(rt|rp)\b[^>]*>.*?</\1>", "", html, flags=re.S))


class _Plain:
    """A reading engine that reads every text as written (the pages do not depend on it here)."""

    def reading(self, text: str) -> str:
        return text

    def add_terms(self, terms, source="glossary") -> None:
        pass


PLAIN = _Plain()


@pytest.fixture()
def project(tmp_path) -> Path:
    return make_project(tmp_path / "p", {"sample.txt": SAMPLE, "other.txt": OTHER}, PLANS)


# ---------------------------------------------------------------------------
# Whole builds


def test_warm_build_is_identical_and_served_from_the_cache(project, tmp_path):
    cold = site_files(build(project, tmp_path / "cold"))
    cache_dir = project.parent / CACHE_DIR
    entries = sorted(p.name for p in (cache_dir / "documents").iterdir())
    assert len(entries) == 7                      # two documents, the site, its words, the texts' ruby, two books
    assert [p.name for p in cache_dir.iterdir()] == ["documents"]
    stamps = {p: p.stat().st_mtime_ns for p in cache_dir.rglob("*") if p.is_file()}

    warm = site_files(build(project, tmp_path / "warm"))
    assert warm == cold
    # Nothing was written again: every entry was found.
    assert {p: p.stat().st_mtime_ns for p in cache_dir.rglob("*") if p.is_file()} == stamps

    shutil.rmtree(cache_dir)                      # safe to delete
    assert site_files(build(project, tmp_path / "again")) == cold


def test_warm_build_reads_the_site_words_markup_and_books(project, tmp_path, monkeypatch):
    cold = site_files(build(project, tmp_path / "cold"))
    read: list[str] = []
    original = DocumentCache.get
    monkeypatch.setattr(DocumentCache, "get", lambda self, key: read.append(key) or original(self, key))
    assert site_files(build(project, tmp_path / "warm")) == cold
    assert [k[64:] for k in read] == ["", "-words", "-ruby", "-epub-o", "-epub-s"]   # the site, its words, markup and books
    # Another page around the same texts (a changed setting): the markup comes from the cache, nothing is read.
    from yomitoki.enrich.readings import ReadingEngine

    monkeypatch.setattr(ReadingEngine, "analyse_many", lambda self, texts: pytest.fail("nothing to read"))
    config = project.read_text(encoding="utf-8")
    project.write_text(config.replace("site_name: ", "copyright: 別の説明\nsite_name: ", 1), encoding="utf-8")
    read.clear()
    changed = build(project, tmp_path / "changed")
    assert [k[64:] for k in read] == ["", "-words", "-ruby", "-epub-o", "-epub-s"]
    assert "別の説明" in page_text(changed, "s/01/index.html")
    assert visible(page_text(changed, "s/01/index.html")).count("著しく") == visible(cold["s/01/index.html"].decode()).count("著しく")


def test_changed_source_text_changes_its_pages(project, tmp_path):
    site = build(project, tmp_path / "a")
    assert "著しく" in visible(page_text(site, "s/01/index.html"))
    source = project.parent / "source_texts" / "sample.txt"
    source.write_text(SAMPLE.replace("著しく困難な場合", "特に困難な場面"), encoding="utf-8")
    site = build(project, tmp_path / "b")
    html = visible(page_text(site, "s/01/index.html"))
    assert "著しく" not in html and "場面" in html
    readings = (site / "search" / "readings.json").read_text(encoding="utf-8")
    assert "いちじる" not in readings           # the search readings follow the pages
    # The other plan's entry was reused, the stale one removed.
    assert len(list((project.parent / CACHE_DIR / "documents").iterdir())) == 7    # two documents, site, pages, ruby, two books


def test_user_dictionary_changes_readings(project, tmp_path):
    site = build(project, tmp_path / "a")
    assert "<rt>りょういくてっちょう</rt>" not in page_text(site, "s/01/index.html")
    (project.parent / "readings.tsv").write_text("療育手帳\tりょういくてっちょう\n", encoding="utf-8")
    site = build(project, tmp_path / "b")
    assert "<ruby>療育手帳<rp>(</rp><rt>りょういくてっちょう</rt>" in page_text(site, "s/01/index.html")
    assert "りょういくてっちょう" in (site / "search" / "readings.json").read_text(encoding="utf-8")
    (project.parent / "readings.tsv").write_text("療育手帳\tりょういくちょう\n", encoding="utf-8")
    site = build(project, tmp_path / "c")
    html = page_text(site, "s/01/index.html")
    assert "<rt>りょういくちょう</rt>" in html and "りょういくてっちょう" not in html


def test_new_version_invalidates_the_caches(project, tmp_path, monkeypatch):
    build(project, tmp_path / "a")
    cache = DocumentCache.for_project(project.parent)
    settings_ = Settings.from_config({"plans": PLANS}, project.parent)
    load_documents(settings_, cache=cache)
    assert (cache.hits, cache.misses) == (2, 0)

    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    code_fingerprint.cache_clear()
    try:
        cache = DocumentCache.for_project(project.parent)
        load_documents(settings_, cache=cache)
        assert (cache.hits, cache.misses) == (0, 2)
    finally:
        monkeypatch.undo()
        code_fingerprint.cache_clear()


def test_glossary_notes_survive_a_cached_build(tmp_path):
    """Warnings the glossary adds to documents are there on a warm build too."""
    text = (
        "目次 1用語 一ページ 一ページ 1 用語 用語の説明 "
        "(1)相談支援 障害のある人の相談に応じます。 (1)相談支援 別の説明です。 " + "本文です。" * 20
        + " 正職員について回答数6事業所、非正規職員について回答数3事業所"
    )
    cfg = make_project(tmp_path / "p", {"g.txt": text}, {"g": {"slug": "g"}})
    settings_ = Settings.from_config({"plans": {"g": {"slug": "g"}}}, cfg.parent)
    plain = build_site(settings_, engine=PLAIN)
    cache = DocumentCache(tmp_path / "cache")
    cold = build_site(settings_, engine=PLAIN, cache=cache, render_key="k")
    cache = DocumentCache(tmp_path / "cache")
    from yomitoki.enrich import glossary

    def no_glossary_pass(docs):
        raise AssertionError("a site served from the cache needs no glossary pass")

    original, glossary.Glossary.from_documents = glossary.Glossary.from_documents, no_glossary_pass
    try:
        warm = build_site(settings_, engine=PLAIN, cache=cache, render_key="k")
    finally:
        glossary.Glossary.from_documents = original
    assert cache.misses == 0 and cache.hits == 1   # the site alone: no document is loaded
    assert warm.documents == [] and not warm.fresh
    notes = [[(w.line, w.message) for w in d.warnings] for d in plain.documents]
    assert notes[0]                                 # (a note of the spoken-table pass)
    assert [[(w.line, w.message) for w in p.warnings] for p in plain.plans] == notes
    assert [[(w.line, w.message) for w in p.warnings] for p in warm.plans] == notes
    assert [(p.src_uri, p.markdown) for p in warm.pages] == [(p.src_uri, p.markdown) for p in plain.pages]
    assert [(p.src_uri, p.markdown) for p in cold.pages] == [(p.src_uri, p.markdown) for p in plain.pages]
    # Another render key (e.g. another dictionary) makes the pages again.
    cache = DocumentCache(tmp_path / "cache")
    build_site(settings_, engine=PLAIN, cache=cache, render_key="other")
    assert cache.misses == 1


def test_glossary_notes_of_two_plans_come_from_the_cache_without_a_glossary_pass(tmp_path, monkeypatch):
    from yomitoki.enrich import glossary

    files = {
        "a.txt": "<ことばの説明>\n※1 療育手帳 知的障害のある人に交付される手帳です。\n※2 難病 治りにくい病気です。\n",
        "b.txt": "<ことばの説明>\n※1 療育手帳 知的障害のある人に交付される手帳です。\n※2 難病 原因不明の疾病です。\n",
    }
    cfg = make_project(tmp_path / "p", files, {})
    settings_ = Settings.from_config({}, cfg.parent)
    cold = build_site(settings_, engine=PLAIN, cache=DocumentCache(tmp_path / "cache"), render_key="k")
    notes = [[(w.line, w.message) for w in d.warnings] for d in cold.documents]
    assert any("違う説明" in message for _, message in notes[1])      # the glossary's own note

    def no_glossary_pass(docs):
        raise AssertionError("a site served from the cache needs no glossary pass")

    monkeypatch.setattr(glossary.Glossary, "from_documents", no_glossary_pass)
    warm = build_site(settings_, engine=PLAIN, cache=DocumentCache(tmp_path / "cache"), render_key="k")
    assert not warm.fresh
    assert [[(w.line, w.message) for w in p.warnings] for p in warm.plans] == notes


def test_a_site_from_the_cache_reads_no_document_and_keeps_them(tmp_path):
    cfg = make_project(tmp_path / "p", {"sample.txt": SAMPLE, "other.txt": OTHER, "empty.txt": ""}, PLANS)
    settings_ = Settings.from_config({"plans": PLANS}, cfg.parent)
    cold = build_site(settings_, engine=PLAIN, cache=DocumentCache(tmp_path / "cache"), render_key="k")
    assert cold.fresh and len(cold.documents) == 2 and len(cold.document_keys) == 3   # the empty file's note too

    warm_cache = DocumentCache(tmp_path / "cache")
    read: list[str] = []
    original_get = warm_cache.get
    warm_cache.get = lambda key: read.append(key) or original_get(key)
    warm = build_site(settings_, engine=PLAIN, cache=warm_cache, render_key="k")
    assert read == [warm.pages_key] and warm.documents == [] and not warm.fresh
    assert [(p.slug, p.title, p.path) for p in warm.plans] == [(p.slug, p.title, p.path) for p in cold.plans]
    assert warm.skipped == cold.skipped and len(warm.skipped) == 1
    assert [(p.src_uri, p.markdown) for p in warm.pages] == [(p.src_uri, p.markdown) for p in cold.pages]
    assert warm.nav() == cold.nav() and warm.plan_list("index.md") == cold.plan_list("index.md")
    # The documents it did not read are kept: a changed file re-parses that file only.
    assert warm_cache.prune() == 0
    (cfg.parent / "source_texts" / "other.txt").write_text(OTHER + "追記です。", encoding="utf-8")
    changed_cache = DocumentCache(tmp_path / "cache")
    changed = build_site(settings_, engine=PLAIN, cache=changed_cache, render_key="k")
    assert changed.fresh and (changed_cache.hits, changed_cache.misses) == (2, 2)   # sample, empty | site, other


@pytest.mark.parametrize("change", ["title", "strict", "rename", "glossary", "render"])
def test_every_input_of_a_site_changes_its_key(tmp_path, change):
    cfg = make_project(tmp_path / "p", {"sample.txt": SAMPLE}, {"sample": {"slug": "s"}})
    raw = {"plans": {"sample": {"slug": "s"}}}
    build_site(Settings.from_config(raw, cfg.parent), engine=PLAIN,
               cache=DocumentCache(tmp_path / "cache"), render_key="k")
    render_key = "k"
    if change == "title":
        raw = {"plans": {"sample": {"slug": "s", "title": "別の題"}}}
    elif change == "strict":
        raw = dict(raw, strict=True)
    elif change == "rename":
        (cfg.parent / "source_texts" / "sample.txt").rename(cfg.parent / "source_texts" / "renamed.txt")
        raw = {"plans": {"renamed": {"slug": "s"}}}
    elif change == "glossary":
        raw = dict(raw, glossary={"link": "all"})
    else:
        render_key = "another dictionary"
    site = build_site(Settings.from_config(raw, cfg.parent), engine=PLAIN,
                      cache=DocumentCache(tmp_path / "cache"), render_key=render_key)
    assert site.fresh
    if change == "title":
        assert site.plans[0].title == "別の題"
    if change == "rename":
        assert site.plans[0].path.endswith("renamed.txt")


# ---------------------------------------------------------------------------
# The document cache on its own


def test_document_cache_keys_entries_and_damage(tmp_path):
    key = DocumentCache.key(b"abc", slug="a", title=None)
    assert key == DocumentCache.key(b"abc", title=None, slug="a")
    assert len({key, DocumentCache.key(b"abd", slug="a", title=None), DocumentCache.key(b"abc", slug="b", title=None),
                DocumentCache.key(b"abc", slug="a", title="t")}) == 4

    cache = DocumentCache(tmp_path / "c")
    assert cache.get(key) is None and cache.misses == 1
    cache.put(key, ("doc", [1, 2]))
    assert DocumentCache(tmp_path / "c").get(key) == ("doc", [1, 2])
    assert not list((tmp_path / "c").glob("*.tmp")) and not list((tmp_path / "c").glob(".yomitoki-*"))

    (tmp_path / "c" / f"{key}.pickle").write_bytes(b"\x80\x05damaged")
    again = DocumentCache(tmp_path / "c")
    assert again.get(key) is None and again.misses == 1

    # Entries a build did not use are removed; disabled caches do nothing.
    other = DocumentCache.key(b"other")
    again.put(other, 1)
    pruned = DocumentCache(tmp_path / "c")
    assert pruned.get(other) == 1
    assert pruned.prune() == 1 and [p.stem for p in (tmp_path / "c").iterdir()] == [other]
    off = DocumentCache(None)
    off.put(key, 1)
    assert off.get(key) is None and off.prune() == 0


def test_cached_documents_equal_parsed_ones(tmp_path):
    cfg = make_project(tmp_path / "p", {"sample.txt": SAMPLE, "empty.txt": "  \n", "other.txt": OTHER}, PLANS)
    settings_ = Settings.from_config({"plans": PLANS}, cfg.parent)
    skipped_plain: list[str] = []
    plain = load_documents(settings_, skipped_plain)
    for _ in range(2):
        cache = DocumentCache(tmp_path / "cache")
        skipped: list[str] = []
        docs = load_documents(settings_, skipped, cache=cache)
        assert skipped == skipped_plain and len(skipped) == 1
        assert docs == plain and docs is not plain
    assert (cache.hits, cache.misses) == (3, 0)


def test_cached_slugs_follow_the_other_files(tmp_path):
    """Slugs made from file names depend on the files before; the cache keeps them right."""
    cfg = make_project(tmp_path / "p", {"a.txt": SAMPLE, "a-.txt": OTHER})
    settings_ = Settings.from_config({}, cfg.parent)
    cache = DocumentCache(tmp_path / "cache")
    assert [d.slug for d in load_documents(settings_, cache=cache)] == ["a", "a-2"]
    (cfg.parent / "source_texts" / "a.txt").write_text("", encoding="utf-8")   # now skipped: no slug taken
    cache = DocumentCache(tmp_path / "cache")
    assert [d.slug for d in load_documents(settings_, [], cache=cache)] == ["a"]


# ---------------------------------------------------------------------------
# Ruby expansion: the fast scanner against the tag-by-tag original

_MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_MARKER = re.compile("\ufdd3([^\ufdd3\ufdd4<>]*)\ufdd4")


def _ruby(inner: str) -> str:
    """A stand-in for PageReadings.markup: any whole-tag markup will do."""
    return f"<ruby>{inner}<rp>(</rp><rt>よみ</rt><rp>)</rp></ruby>"


def reference_expand(page: str, markup=_ruby) -> str:
    """expand_ruby as first written: every tag in turn; markers outside text keep their text."""
    out, pos, raw = [], 0, None
    strip = lambda text: _MARKER.sub(lambda m: m.group(1), text)  # noqa: E731
    for m in _MARKUP.finditer(page):
        text = page[pos:m.start()]
        out.append(strip(text) if raw else _MARKER.sub(lambda k: markup(k.group(1)), text))
        tag = m.group(0)
        out.append(strip(tag))
        name = re.match(r"</?([a-zA-Z][a-zA-Z0-9]*)", tag)
        if name:
            lower = name.group(1).lower()
            if tag.startswith("</"):
                if raw == lower:
                    raw = None
            elif lower in ("title", "script", "style", "textarea") and not tag.endswith("/>"):
                raw = lower
        pos = m.end()
    text = page[pos:]
    out.append(strip(text) if raw else _MARKER.sub(lambda k: markup(k.group(1)), text))
    return "".join(out).replace("\ufdd3", "").replace("\ufdd4", "")


_PIECES = ["<", ">", "<!--", "-->", "<title>", "</title>", "<TITLE x>", "</title >", "<script>", "</script>",
           "<script/>", "<textarea>", "</textarea>", "<title_x>", "<title-x>", '<a href="', '">', "<style>",
           "</style>", "<!", "</", "<b>", "</b>", "漢", "かな", " ",
           "\ufdd3", "\ufdd4", "\ufdd3漢\ufdd4", "\ufdd3かな\ufdd4", '<a title="\ufdd3漢\ufdd4">', "\ufdd3&#40;\ufdd4"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_expand_ruby_matches_the_tag_by_tag_original(pieces):
    page = "".join(pieces) + "\ufdd3末\ufdd4"
    assert expand_ruby(page, _ruby) == reference_expand(page)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["<head>", "</head>", "</he", "ad>"]), max_size=16),
       st.sampled_from(["on", "off"]))
def test_finish_page_is_expand_ruby_then_inject_head(pieces, default):
    page = "".join(pieces) + "\ufdd3末\ufdd4"
    assert finish_page(page, _ruby, default) == inject_head(expand_ruby(page, _ruby), default)


def test_built_pages_with_markers_everywhere_expand_as_by_the_original(built_site):
    # Real Material pages (navigation, table of contents, scripts, the article)
    # with a marker after every tag, in every attribute value and in comments.
    for uri in ("index.html", "kochi/02/index.html", "glossary/index.html"):
        html = (built_site / uri).read_text(encoding="utf-8")
        marked = re.sub(r"(?<=>)", "\ufdd3語\ufdd4", html).replace('="', '="\ufdd3属性\ufdd4')
        marked = marked.replace("<!--", "<!--\ufdd3注\ufdd4")
        assert marked.count("\ufdd3") > 100
        expected = reference_expand(marked)
        assert expand_ruby(marked, _ruby) == expected
        assert "<ruby>語<rp>" in expected and "<ruby>属性" not in expected
        assert finish_page(marked, _ruby, "on") == inject_head(expected, "on")


def test_expand_ruby_on_a_built_page():
    page = ('<html><head><title>\ufdd3障害\ufdd4 - サイト</title>'
            '<script>var a = "<b>\ufdd3字\ufdd4";</script></head><body>'
            '<a title="\ufdd3療育\ufdd4">\ufdd3療育\ufdd4手帳</a>'
            '<!-- \ufdd3注\ufdd4 --><p>\ufdd3著しく\ufdd4</p></body></html>')
    markup = {"療育": "<ruby>療育<rp>(</rp><rt>りょういく</rt><rp>)</rp></ruby>",
              "著しく": "<ruby>著<rp>(</rp><rt>いちじる</rt><rp>)</rp></ruby>しく"}
    out = expand_ruby(page, markup.__getitem__)
    assert out == reference_expand(page, markup.__getitem__)
    assert "<title>障害 - サイト</title>" in out and 'var a = "<b>字";' in out
    assert '<a title="療育"><ruby>療育<rp>(</rp><rt>りょういく</rt><rp>)</rp></ruby>手帳</a>' in out
    assert "<!-- 注 -->" in out and "\ufdd3" not in out and "</ruby>しく</p>" in out


# ---------------------------------------------------------------------------
# Timing


def test_timing_records_exclusive_time_only_when_enabled(monkeypatch, tmp_path):
    monkeypatch.delenv(timing.ENV, raising=False)
    timing.reset()
    with timing.stage("render"):
        pass
    assert timing.totals() == {}
    out = tmp_path / "t.json"
    monkeypatch.setenv(timing.ENV, str(out))
    with timing.stage("render"):
        time.sleep(0.02)
        with timing.stage("readings"):
            time.sleep(0.05)
    totals = timing.totals()
    assert 0.05 <= totals["readings"] < 0.5
    assert 0.02 <= totals["render"] < 0.05 + 0.02          # the nested time is not counted twice
    timing.write()
    assert '"readings"' in out.read_text(encoding="utf-8")
    timing.reset()


# ---------------------------------------------------------------------------
# mkdocs serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> str | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
        conn.close()
        return body if resp.status == 200 else None
    except OSError:
        return None


def _wait_for(port: int, path: str, predicate, deadline: float) -> str:
    body = None
    while time.monotonic() < deadline:
        body = _get(port, path)
        if body is not None and predicate(body):
            return body
        time.sleep(0.2)
    raise AssertionError(f"{path} did not change in time; last body: {(body or '')[:200]!r}")


@pytest.mark.slow
def test_serve_rebuilds_on_source_and_dictionary_changes(tmp_path):
    cfg = make_project(tmp_path / "p", {"sample.txt": SAMPLE}, {"sample": {"slug": "s"}})
    (cfg.parent / "readings.tsv").write_text("療育手帳\tりょういくてちょう\n", encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(cfg), "-a", f"127.0.0.1:{port}"],
        cwd=cfg.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        page = "/s/01/"
        _wait_for(port, page, lambda b: "著しく" in visible(b) and "<rt>りょういくてちょう</rt>" in b, deadline)
        source = cfg.parent / "source_texts" / "sample.txt"
        source.write_text(SAMPLE.replace("著しく困難な場合", "特に困難な場面"), encoding="utf-8")
        _wait_for(port, page, lambda b: "場面" in visible(b) and "著しく" not in visible(b), deadline)
        (cfg.parent / "readings.tsv").write_text("療育手帳\tりょういくてっちょう\n", encoding="utf-8")
        _wait_for(port, page, lambda b: "<rt>りょういくてっちょう</rt>" in b, deadline)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
