"""yomitoki's settings: one schema, checked the same way under plugins: and under extra: (hooks).

Every wrong value stops with a Japanese message that names the setting.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from yomitoki.errors import ConfigError
from yomitoki.site.options import OPTIONS, validate
from yomitoki.site.pipeline import Settings
from yomitoki.site.plugin import YomitokiPlugin

DEFAULTS = {"source_dir": "source_texts", "plans": {}, "strict": False, "ruby": "all",
            "ruby_default": "off", "ruby_grade": 3, "glossary": True, "epub": True, "figures": True}

# (the settings, the setting the message must name, words the message must hold)
WRONG = [
    ({"source_dir": 123}, "source_dir", "フォルダの名前"),
    ({"source_dir": ""}, "source_dir", "フォルダの名前"),
    ({"source_dir": ["a", "b"]}, "source_dir", "フォルダの名前"),
    ({"plans": ["kochi"]}, "plans", "ファイル名"),
    ({"plans": {"kochi": "kochi"}}, "plans", "「slug: …」"),
    ({"plans": {"kochi": {"slug": "Kochi City"}}}, "plans", "半角の英小文字"),
    ({"plans": {"kochi": {"slug": "../up"}}}, "plans", "半角の英小文字"),
    ({"plans": {"a": {"slug": "x"}, "b": {"slug": "x"}}}, "plans", "同じ slug「x」"),
    ({"plans": {"kochi": {"slug": "yomiage"}}}, "plans", "サイトが使うフォルダ"),
    ({"plans": {"kochi": {"slug": "assets"}}}, "plans", "サイトが使うフォルダ"),
    ({"plans": {"kochi": {"slg": "x"}}}, "plans", "使えない項目があります: slg"),
    ({"plans": {"kochi": {"title": ["a"]}}}, "plans", "title は文字"),
    ({"strict": "yes"}, "strict", "true か false"),
    ({"strict": 1}, "strict", "true か false"),
    ({"ruby": "some"}, "ruby", "all か none"),
    ({"ruby_default": "maybe"}, "ruby_default", "off か on か grade"),
    ({"ruby_default": "some"}, "ruby_default", "ruby_grade の学年より後に習う漢字"),
    ({"ruby_grade": 7}, "ruby_grade", "1 から 6 の数"),
    ({"ruby_grade": "三年"}, "ruby_grade", "1 から 6 の数"),
    ({"ruby_grade": True}, "ruby_grade", "小学校の学年"),
    ({"glossary": "yes"}, "glossary", "link: section"),
    ({"glossary": {"link": "first"}}, "glossary", "link「first」"),
    ({"glossary": {"mode": "all"}}, "glossary", "使えない設定があります: mode"),
    ({"glossary": {"enabled": "no"}}, "glossary", "enabled は true か false"),
    ({"epub": "yes"}, "epub", "ruby: true"),
    ({"epub": {"furigana": True}}, "epub", "false（電子書籍を作らない）"),
    ({"rubby": "none"}, "rubby", "「rubby」という設定はありません"),
    ({"figures": "no"}, "figures", "true か false"),
    ({"plans": {"kochi": {"figures": "off"}}}, "plans", "figures は true か false"),
]


def test_defaults():
    assert validate(None) == DEFAULTS
    assert validate({}) == DEFAULTS
    assert set(DEFAULTS) == set(OPTIONS)


def test_figures_per_plan_and_for_the_site(tmp_path):
    options = validate({"figures": False, "plans": {"kochi": {"figures": True}, "iga": {"slug": "iga"}}})
    assert options["plans"]["kochi"] == {"figures": True}
    settings = Settings.from_options(options, tmp_path)
    assert settings.figures_for("kochi") is True          # the plan's own setting
    assert settings.figures_for("iga") is False           # the site's
    assert Settings.from_options(validate({}), tmp_path).figures_for("iga") is True


def test_yaml_booleans_are_taken_as_on_and_off():
    # YAML 1.1 reads a bare on/off as a boolean.
    assert validate({"ruby_default": True})["ruby_default"] == "on"
    assert validate({"ruby_default": False})["ruby_default"] == "off"
    assert validate({"ruby": "NONE"})["ruby"] == "none"


def test_ruby_by_grade():
    assert validate({"ruby_default": "grade"})["ruby_default"] == "grade"
    assert validate({"ruby_grade": 4})["ruby_grade"] == 4
    assert validate({"ruby_grade": "5年"})["ruby_grade"] == 5
    assert Settings.from_options(validate({"ruby_default": "grade", "ruby_grade": 2}), Path(".")).ruby.grade == 2


def test_plans_are_normalised():
    plans = validate({"plans": {"kochi": {"slug": "kochi", "title": " 高知県の計画 "}, "iga": None, 7: {"title": 2024}}})["plans"]
    assert plans == {"kochi": {"slug": "kochi", "title": "高知県の計画"}, "iga": {}, "7": {"title": "2024"}}


def test_settings_from_both_entries_are_the_same(tmp_path):
    raw = {"source_dir": "texts", "plans": {"a": {"slug": "a"}}, "ruby": "none", "glossary": {"link": "page"}}
    from_hooks = Settings.from_config(raw, tmp_path)
    plugin = YomitokiPlugin()
    errors, warnings = plugin.load_config(dict(raw))
    assert errors == [] and warnings == []
    from_plugin = Settings.from_options(dict(plugin.config), tmp_path)
    assert from_hooks == from_plugin
    assert from_plugin.source_dir == tmp_path / "texts"
    assert from_plugin.ruby.enabled is False and from_plugin.glossary.link == "page"


@pytest.mark.parametrize("raw,name,words", WRONG, ids=[f"{name}-{i}" for i, (_, name, _) in enumerate(WRONG)])
def test_wrong_value_under_extra_is_named_in_japanese(raw, name, words):
    with pytest.raises(ConfigError) as info:
        Settings.from_config(raw, Path("."))
    message = str(info.value)
    assert message.startswith("mkdocs.yml の extra.yomitoki: "), message
    assert name in message and words in message


@pytest.mark.parametrize("raw,name,words", WRONG, ids=[f"{name}-{i}" for i, (_, name, _) in enumerate(WRONG)])
def test_wrong_value_of_the_plugin_is_an_error_named_in_japanese(raw, name, words):
    errors, _ = YomitokiPlugin().load_config(dict(raw))
    assert [key for key, _ in errors] == [name]
    assert words in str(errors[0][1])


def test_settings_that_are_not_a_mapping():
    with pytest.raises(ConfigError, match="extra.yomitoki は「source_dir: …」"):
        validate(["source_dir"])


def test_every_unknown_setting_is_named_at_once():
    with pytest.raises(ConfigError) as info:
        validate({"rubby": "none", "sorce_dir": "texts"})
    assert "「rubby」" in str(info.value) and "「sorce_dir」" in str(info.value)
