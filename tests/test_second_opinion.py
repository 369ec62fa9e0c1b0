"""The second opinion (second_opinion.py): words the engine and pykakasi read differently."""
from __future__ import annotations

from pathlib import Path

import pytest

from yomitoki.site.pipeline import Settings, build_site
from yomitoki.enrich.readings import ReadingEngine, default_engine
from yomitoki.render.ruby import RubyRenderer
from yomitoki.enrich.second_opinion import doubts, sentence_around

ROOT = Path(__file__).resolve().parents[1]


def _doubts(*texts: str, engine=None):
    return doubts((engine or default_engine()).analyse_many(list(texts)))


def test_a_word_read_differently_is_listed_with_its_sentence():
    found = _doubts("令和5年度は相談事業を行っている。次年度も続ける。")
    assert [(d.word, d.reading, d.other) for d in found] == [("行って", "おこなって", "いって")]
    assert found[0].sentence == "令和5年度は相談事業を行っている。"


def test_words_a_dictionary_or_a_rule_decided_are_not_doubted(tmp_path):
    # pykakasi reads 者 もの, 等 など, 数 かず, 3か所 かところ: the engine follows a
    # dictionary, a convention or a number rule there, so nothing is in doubt.
    assert _doubts("入所者数は障害者等の3か所の施設で、回答数は百九十七。") == []
    user = tmp_path / "readings.tsv"
    user.write_text("行っている\tおこなっている\n", encoding="utf-8")
    assert _doubts("相談事業を行っている。", engine=ReadingEngine(user_dictionary=user)) == []


def test_repeats_are_counted_once_with_the_first_sentence():
    found = _doubts("事業を行っている。", "研修を行っている。")
    assert len(found) == 1 and found[0].count == 2 and found[0].sentence == "事業を行っている。"


def test_sentence_around_cuts_long_sentences_around_the_word():
    text = "あ" * 50 + "障害" + "い" * 50 + "。次の文。"
    assert sentence_around(text, 50, 52).startswith("…") and "障害" in sentence_around(text, 50, 52)
    assert len(sentence_around(text, 50, 52)) <= 64
    assert sentence_around("短い文。次の文。", 5, 6) == "次の文。"


@pytest.fixture(scope="module")
def bundled():
    settings = Settings.from_config({"plans": {}}, ROOT)
    ruby = RubyRenderer()
    site = build_site(settings, ruby=ruby)
    texts = list(ruby.texts)
    analyses = dict(zip(texts, default_engine().analyse_many(texts)))
    return {slug: [analyses[t] for t in plan] for slug, plan in site.texts.items()}


def test_the_bundled_plans_have_a_few_words_to_check_not_thousands(bundled, capsys):
    counts = {slug: len(doubts(analyses)) for slug, analyses in bundled.items()}
    words = {slug: len({a.text[s:e] for a in analyses for s, e, r, _ in a.raw if r}) for slug, analyses in bundled.items()}
    with capsys.disabled():
        print("\nwords to check (読みを確かめてください): "
              + ", ".join(f"{slug} {counts[slug]} of {words[slug]} kanji words" for slug in sorted(counts)))
    for slug in counts:
        assert 0 < counts[slug] < words[slug] / 10


def test_words_with_figures_are_not_listed():
    # pykakasi reads 第１ as だいいち; the site shows the figure without ruby, so there is nothing to check
    assert [d.word for d in _doubts("第１章　計画の策定にあたって", "第２章　用語集")] == []
