"""The errors that stop a build, each with a Japanese message for the staff who run it.

Only these are caught and shown as a one-line message (by the plugin and
the ``yomitoki`` command); anything else is a bug in yomitoki and keeps its
traceback.

* :class:`YomitokiError`: the base.
* :class:`SourceError`: a source file (a plan's text, a results file) that
  cannot be used, with its file and line.
* :class:`DictionaryError`: a mistake in a reading dictionary (the staff's
  ``readings.tsv``), with its file and line.
* :class:`ConfigError`: a setting in ``mkdocs.yml`` that is wrong, naming it.
* :class:`SetupError`: a part yomitoki needs is missing on this machine.
"""
from __future__ import annotations

__all__ = ["YomitokiError", "SourceError", "DictionaryError", "ConfigError", "SetupError"]


class YomitokiError(Exception):
    """Something staff must fix before the site can be built; ``str(e)`` says what, in Japanese."""


class SourceError(YomitokiError):
    """A problem with one source file that stops the build.

    ``str(e)`` is the full Japanese message naming the file (and the line
    and column when known); ``message`` is the part after the location.
    """

    def __init__(self, path: str, line: int | None, message: str, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        where = f"{self.path} の {self.line} 行目"
        if self.column is not None:
            where += f" {self.column} 文字目付近"
        return f"{where}: {self.message}"


class DictionaryError(SourceError):
    """A mistake in a reading dictionary (``readings.tsv``): its file, its line, what is wrong."""


class ConfigError(YomitokiError):
    """A setting in ``mkdocs.yml`` that yomitoki cannot use; the message names the setting."""


class SetupError(YomitokiError):
    """A part yomitoki needs is missing or broken on this machine (an installation problem).

    ``str(e)`` is a Japanese message that says what to install.
    """
