"""The errors that stop a build, with what staff must look at."""
from __future__ import annotations

__all__ = ["SourceError", "SetupError"]


class SourceError(Exception):
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


class SetupError(Exception):
    """A part yomitoki needs is missing or broken on this machine (an installation problem).

    ``str(e)`` is a Japanese message that says what to install.
    """
