"""yomitoki's settings in mkdocs.yml: the schema both entries check them with.

As a plugin (``plugins: [search, yomitoki]``) MkDocs checks the options
against :class:`YomitokiConfig` itself; through ``hooks/`` the settings sit
under ``extra: yomitoki:``, which MkDocs does not check, and
:func:`validate` checks them against the same schema.  Either way a wrong
value stops the build with a Japanese message that names the setting.

| option | value | default |
| --- | --- | --- |
| ``source_dir`` | the folder of the plan texts, next to mkdocs.yml | ``source_texts`` |
| ``plans`` | per file name (without ``.txt``): ``slug`` (the folder in the site), ``title``, and the levers for a plan the parser reads wrong: ``page_pattern`` (a regular expression for its page numbers, the number in its first group), ``heading_levels`` (``{1: pattern, 2: pattern…}``: lines that are chapters (1) and headings of each level), ``drop_lines`` (patterns of lines to drop, e.g. a running header), ``figures`` (``false``: this plan's numbers as written) | none |
| ``strict`` | stop at bytes that cannot be decoded instead of marking them 〓 | ``false`` |
| ``ruby`` | ``all`` (ふりがな over every kanji) or ``none`` | ``all`` |
| ``ruby_default`` | the ふりがな choice for a reader who has not chosen: ``off``, ``on`` (every kanji) or ``grade`` (kanji beyond ``ruby_grade``) | ``off`` |
| ``ruby_grade`` | the school grade (1–6) whose kanji the ``grade`` choice leaves without readings (学年別漢字配当表) | ``3`` |
| ``glossary`` | ``false``, or ``{link: section | page | all}`` | ``{link: section}`` |
| ``figures`` | the standard edition shows numbers written for speech in figures (``enrich/figures.py``); also per plan (``plans: <name>: figures: false``) | ``true`` |
| ``epub`` | an EPUB 3 book per plan: ``false``, ``true``, or ``{ruby: true}`` (ふりがな in the book) | ``true`` (no ふりがな) |
"""
from __future__ import annotations

import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..errors import ConfigError

__all__ = ["YomitokiConfig", "validate", "OPTIONS", "unknown_option"]

OPTIONS = ("source_dir", "plans", "strict", "ruby", "ruby_default", "ruby_grade", "glossary", "figures", "epub")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_PLAN_KEYS = ("slug", "title", "page_pattern", "heading_levels", "drop_lines", "figures")
MAX_HEADING_LEVEL = 5


def _regex(value: object, where: str, *, groups: bool = False) -> str:
    """A regular expression written in mkdocs.yml, checked: the message names the setting."""
    if not isinstance(value, str) or not value.strip():
        _fail(f"{where} は正規表現を文字で書いてください（「{value}」になっています）。")
    try:
        compiled = re.compile(value)
    except re.error as exc:
        at = f"{exc.pos + 1} 文字目のあたりで" if exc.pos is not None else ""
        _fail(f"{where} の「{value}」は正規表現として読めません（{at}書き方が合っていません）。"
              "記号 ( ) [ ] { } などの対応を確かめてください。")
    if groups and compiled.groups < 1:
        _fail(f"{where} の「{value}」には、ページ番号を囲む ( ) が必要です（例: '^ページ(\\d+)$'）。")
    return value


def _plan_levers(stem: object, conf: dict) -> dict:
    """page_pattern, heading_levels and drop_lines of one plan, checked (see the module's table)."""
    out: dict = {}
    if conf.get("page_pattern") is not None:
        out["page_pattern"] = _regex(conf["page_pattern"], f"plans の「{stem}」の page_pattern", groups=True)
    levels = conf.get("heading_levels")
    if levels is not None:
        if not isinstance(levels, dict) or not levels:
            _fail(f"plans の「{stem}」の heading_levels は「1: '^第\\d+章'」のように、段の番号と正規表現で書いてください"
                  "（1 が章（ページ）、2 から下が見出しの段です）。")
        checked: dict[int, list[str]] = {}
        for level, patterns in levels.items():
            if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= MAX_HEADING_LEVEL:
                _fail(f"plans の「{stem}」の heading_levels の段「{level}」は 1 から {MAX_HEADING_LEVEL} の数で書いてください。")
            patterns = patterns if isinstance(patterns, list) else [patterns]
            checked[level] = [_regex(p, f"plans の「{stem}」の heading_levels の {level}") for p in patterns]
        out["heading_levels"] = checked
    drop = conf.get("drop_lines")
    if drop is not None:
        drop = drop if isinstance(drop, list) else [drop]
        out["drop_lines"] = [_regex(p, f"plans の「{stem}」の drop_lines") for p in drop]
    return out


def _fail(message: str):
    raise c.ValidationError(message)


class _SourceDir(c.BaseConfigOption[str]):
    def __init__(self) -> None:
        super().__init__()
        self.default = "source_texts"

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            _fail(f"source_dir には、計画のテキストを置くフォルダの名前を書いてください（「{value}」になっています）。")
        return value.strip()


class _Plans(c.BaseConfigOption[dict]):
    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            _fail("plans は「ファイル名（.txt を除く）: 設定」の形で書いてください。")
        slugs: dict[str, str] = {}
        out: dict[str, dict] = {}
        for stem, conf in value.items():
            if conf is None:
                conf = {}
            if not isinstance(conf, dict):
                _fail(f"plans の「{stem}」は「slug: …」「title: …」の形で書いてください。")
            unknown = sorted(set(conf) - set(_PLAN_KEYS))
            if unknown:
                _fail(f"plans の「{stem}」に使えない項目があります: {', '.join(map(str, unknown))}"
                      f"（使えるのは {', '.join(_PLAN_KEYS)} です）。")
            slug = conf.get("slug")
            if slug is not None:
                if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
                    _fail(f"plans の「{stem}」の slug「{slug}」は、半角の英小文字・数字・ハイフンで書いてください"
                          "（サイトでのフォルダ名になります）。")
                from ..render.markdown import SITE_FOLDERS

                if slug in SITE_FOLDERS:
                    _fail(f"plans の「{stem}」の slug「{slug}」は、サイトが使うフォルダの名前です"
                          f"（{', '.join(sorted(SITE_FOLDERS))} は使えません）。別の名前にしてください。")
                if slug in slugs:
                    _fail(f"plans の「{slugs[slug]}」と「{stem}」が同じ slug「{slug}」です。別の名前にしてください。")
                slugs[slug] = str(stem)
            title = conf.get("title")
            if title is not None and (not isinstance(title, (str, int, float)) or not str(title).strip()):
                _fail(f"plans の「{stem}」の title は文字で書いてください。")
            plan = {k: (str(v).strip() if k == "title" else v) for k, v in conf.items()
                    if v is not None and k in ("slug", "title")}
            plan.update(_plan_levers(stem, conf))
            if conf.get("figures") is not None:
                if not isinstance(conf["figures"], bool):
                    _fail(f"plans の「{stem}」の figures は true か false で書いてください（通常版で、読み上げ用に"
                          f"漢数字で書かれた数を算用数字で示すかどうか。「{conf['figures']}」になっています）。")
                plan["figures"] = conf["figures"]
            out[str(stem)] = plan
        return out


class _Bool(c.BaseConfigOption[bool]):
    def __init__(self, name: str, default: bool, meaning: str) -> None:
        super().__init__()
        self.name, self.default, self.meaning = name, default, meaning

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            _fail(f"{self.name} は true か false で書いてください（{self.meaning}。「{value}」になっています）。")
        return value


class _Switch(c.BaseConfigOption[str]):
    """One of some words; YAML's bare on/off (read as booleans) are taken as the words."""

    def __init__(self, name: str, choices: tuple[str, ...], default: str, meaning: str) -> None:
        super().__init__()
        self.name, self.choices, self.default, self.meaning = name, choices, default, meaning

    def run_validation(self, value: object) -> str:
        if value is True:
            value = "on"
        elif value is False:
            value = "off"
        text = str(value).strip().lower()
        if text not in self.choices:
            _fail(f"{self.name} は {' か '.join(self.choices)} で書いてください（{self.meaning}。「{value}」になっています）。")
        return text


class _Grade(c.BaseConfigOption[int]):
    """A school grade, 1 to 6 (小学1年 to 6年)."""

    def __init__(self) -> None:
        super().__init__()
        self.default = 3

    def run_validation(self, value: object) -> int:
        text = str(value).strip().removesuffix("年") if not isinstance(value, bool) else ""
        if not text.isdigit() or not 1 <= int(text) <= 6:
            _fail(f"ruby_grade は 1 から 6 の数で書いてください（小学校の学年です。ruby_default: grade のとき、"
                  f"その学年までに習う漢字にはふりがなを付けません。「{value}」になっています）。")
        return int(text)


class _Glossary(c.BaseConfigOption[Any]):
    def __init__(self) -> None:
        super().__init__()
        self.default = True

    def run_validation(self, value: object) -> Any:
        from ..enrich.glossary_options import GlossaryOptions

        try:
            GlossaryOptions.from_config(value)
        except ConfigError as exc:
            _fail(str(exc))
        return value


class _Epub(c.BaseConfigOption[Any]):
    def __init__(self) -> None:
        super().__init__()
        self.default = True

    def run_validation(self, value: object) -> Any:
        from ..render.epub import EpubOptions

        try:
            EpubOptions.from_config(value)
        except ConfigError as exc:
            _fail(str(exc))
        return value


class YomitokiConfig(base.Config):
    """The plugin's options (see the table in the module's docstring)."""

    source_dir = _SourceDir()
    plans = _Plans()
    strict = _Bool("strict", False, "読めない文字があるファイルで止めるかどうか")
    ruby = _Switch("ruby", ("all", "none"), "all", "ふりがなを付けるかどうか")
    ruby_default = _Switch("ruby_default", ("off", "on", "grade"), "off",
                           "最初のふりがなの表示: off は表示しない、on はすべての漢字、grade は ruby_grade の学年より後に習う漢字だけ")
    ruby_grade = _Grade()
    glossary = _Glossary()
    figures = _Bool("figures", True, "通常版で、読み上げ用に漢数字で書かれた数を算用数字で示すかどうか")
    epub = _Epub()


def unknown_option(name: object) -> str:
    """The message for a setting yomitoki does not have."""
    return f"「{name}」という設定はありません（使えるのは {', '.join(OPTIONS)} です）。綴りを確かめてください。"


def validate(raw: dict | None, where: str = "extra.yomitoki") -> dict:
    """The settings ``raw`` checked against :class:`YomitokiConfig`, as a plain dict.

    Raises :class:`yomitoki.errors.ConfigError` naming every wrong setting
    (``where`` says where they are written in mkdocs.yml).
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"mkdocs.yml の {where} は「source_dir: …」のような設定の並びで書いてください。")
    unknown = sorted(set(raw) - set(OPTIONS), key=str)
    if unknown:
        raise ConfigError("\n".join(f"mkdocs.yml の {where}: {unknown_option(key)}" for key in unknown))
    config = YomitokiConfig()
    config.load_dict(dict(raw))
    failed, _ = config.validate()       # (MkDocs stops at the first wrong setting, as it does for the plugin)
    if failed:
        raise ConfigError("\n".join(f"mkdocs.yml の {where}: {error}" for _, error in failed))
    return {name: config[name] for name in OPTIONS}
