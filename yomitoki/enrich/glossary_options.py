"""The ``glossary`` setting of yomitoki in mkdocs.yml.

Kept apart from :mod:`yomitoki.enrich.glossary` so that reading the settings does not
import the glossary itself (a build served from the cache never needs it).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError

__all__ = ["MODES", "GlossaryOptions"]

MODES = ("section", "page", "all")


@dataclass
class GlossaryOptions:
    """The ``glossary`` setting of yomitoki in mkdocs.yml: ``{enabled: true, link: section}``."""

    enabled: bool = True
    link: str = "section"

    @classmethod
    def from_config(cls, raw: object) -> "GlossaryOptions":
        if raw is None or raw is True:
            return cls()
        if raw is False:
            return cls(enabled=False)
        if not isinstance(raw, dict):
            raise ConfigError(f"glossary は false か「link: section」のように書いてください（「{raw}」になっています）。")
        unknown = set(raw) - {"enabled", "link"}
        if unknown:
            raise ConfigError(f"glossary に使えない設定があります: {', '.join(sorted(map(str, unknown)))}"
                              "（使えるのは enabled と link です）。")
        enabled = raw.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ConfigError(f"glossary の enabled は true か false で書いてください（「{enabled}」になっています）。")
        link = str(raw.get("link", "section"))
        if link not in MODES:
            raise ConfigError(
                f"glossary の link「{link}」は使えません。"
                "section（節ごとに最初の1回）、page（ページごとに最初の1回）、all（すべて）のいずれかです。"
            )
        return cls(enabled=enabled, link=link)
