"""Parsed documents cached across builds, keyed by content hash.

Decoding, parsing and recovering tables from a plan's text is the slowest
part of a build that has its readings cached.  :class:`DocumentCache` keeps
each source file's finished :class:`yomitoki.text.model.Document` (parsed, with
its spoken tables recovered and its decoding warnings attached) as a pickle
in ``.yomitoki-cache/documents/``.

The key of an entry is a SHA-256 over

* the source file's bytes, its name as shown to staff, the slug and title
  the document gets and the ``strict`` setting, and
* :func:`code_fingerprint`: the cache format, yomitoki's version, the Python
  version and the bytes of every file of the ``yomitoki`` package (code and
  data), so that any change to the program starts afresh.

The finished site is one more entry (``pipeline.build_site``): its pages and
a summary of each plan, under a key of every source file's bytes and name,
the settings and everything that changes a reading.  A rebuild of unchanged
sources reads that entry alone; the documents' entries stay, for the day
one file changes (:meth:`DocumentCache.keep`).

A changed input therefore never finds an old entry: stale output cannot be
served.  Entries a build did not use are removed by :meth:`DocumentCache.prune`
after a successful build.  The directory is safe to delete at any time; an
entry that cannot be read is ignored and rebuilt.

The pickles are the project's own files, written by this program next to
``mkdocs.yml``; like ``hooks/``, they are trusted as the project's code is.
"""
from __future__ import annotations

import functools
import hashlib
import pathlib
import pickle
import sys

from .. import __version__
from ..fsutil import write_atomic

__all__ = ["CACHE_FORMAT", "DOCUMENTS_DIR", "DocumentCache", "code_fingerprint"]

CACHE_FORMAT = 1                      # bump when the entry layout changes
DOCUMENTS_DIR = "documents"           # under .yomitoki-cache/
_SUFFIX = ".pickle"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the program that makes the documents.

    Computed once per process: the code a running process uses is the code it
    imported, even if the files change later (``mkdocs serve`` does not
    re-import yomitoki).
    """
    h = hashlib.sha256()
    h.update(f"yomitoki-document-cache {CACHE_FORMAT} {__version__} "
             f"python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    package = pathlib.Path(__file__).resolve().parent.parent       # the whole yomitoki package
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


class DocumentCache:
    """Finished documents by key in ``<directory>/``; ``directory=None`` disables it."""

    def __init__(self, directory: pathlib.Path | str | None):
        self.directory = pathlib.Path(directory) if directory is not None else None
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_project(cls, config_dir: pathlib.Path | str) -> "DocumentCache":
        """The cache in ``.yomitoki-cache/documents/`` next to ``mkdocs.yml``."""
        from ..render.ruby import CACHE_DIR

        return cls(pathlib.Path(config_dir) / CACHE_DIR / DOCUMENTS_DIR)

    @staticmethod
    def key(data: bytes, **inputs: object) -> str:
        """The key of an entry made from ``data`` and the other ``inputs`` (all of them)."""
        h = hashlib.sha256()
        h.update(code_fingerprint().encode())
        for name in sorted(inputs):
            h.update(f"\0{name}={inputs[name]!r}".encode())
        h.update(b"\0data\0")
        h.update(hashlib.sha256(data).digest())
        return h.hexdigest()

    def _path(self, key: str) -> pathlib.Path:
        assert self.directory is not None
        return self.directory / f"{key}{_SUFFIX}"

    def get(self, key: str) -> object | None:
        """The stored value, or None (missing, unreadable or cache disabled)."""
        if self.directory is None:
            return None
        self._used.add(key)
        try:
            with open(self._path(key), "rb") as f:
                value = pickle.load(f)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:               # damaged, truncated, from an incompatible program: rebuild
            self.misses += 1
            return None
        self.hits += 1
        return value

    def keep(self, keys: list[str]) -> None:
        """Count these entries as used by this build (not pruned), without reading them."""
        if self.directory is not None:
            self._used.update(keys)

    def put(self, key: str, value: object) -> None:
        """Store ``value`` atomically; a cache that cannot be written is skipped."""
        if self.directory is None:
            return
        self._used.add(key)
        try:
            write_atomic(self._path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass                         # read-only project, full disk: build without the cache

    def prune(self) -> int:
        """Remove entries this build did not use; returns how many were removed."""
        if self.directory is None or not self._used or not self.directory.is_dir():
            return 0
        removed = 0
        for path in self.directory.glob(f"*{_SUFFIX}"):
            if path.name[: -len(_SUFFIX)] not in self._used:
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    pass
        return removed

    def summary(self) -> str:
        return f"キャッシュ（解析済みの文書とページ）: {self.hits} 件を使い、{self.misses} 件は見つからず新しく作りました"
