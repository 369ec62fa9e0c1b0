"""Time spent per stage of a build, for ``bench/bench.py``.

Off unless the environment variable ``YOMITOKI_TIMING`` names a file; then
the hooks call :func:`write` at the end of the build and the file holds the
seconds spent in each stage as JSON.  Stages may nest: a stage's time is its
own (exclusive) time, so time spent reading ruby inside ``render`` counts as
``readings`` only, and the stages add up to the time yomitoki took.

When timing is off, :func:`stage` returns one shared do-nothing context
manager, so the instrumented code pays one function call per stage.
"""
from __future__ import annotations

import contextlib
import json
import os
import time
from collections import defaultdict

__all__ = ["ENV", "enabled", "stage", "totals", "reset", "write"]

ENV = "YOMITOKI_TIMING"

_NULL = contextlib.nullcontext()
_totals: dict[str, float] = defaultdict(float)
_counts: dict[str, int] = defaultdict(int)
_stack: list[list] = []     # [name, started, time spent in nested stages]


def enabled() -> bool:
    return bool(os.environ.get(ENV))


class _Stage:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        _stack.append([self.name, time.perf_counter(), 0.0])

    def __exit__(self, *exc):
        name, started, nested = _stack.pop()
        spent = time.perf_counter() - started
        _totals[name] += spent - nested
        _counts[name] += 1
        if _stack:
            _stack[-1][2] += spent
        return False


def stage(name: str):
    """``with stage("parse"): …`` records the block's exclusive time when timing is on."""
    if not os.environ.get(ENV):
        return _NULL
    return _Stage(name)


def totals() -> dict[str, float]:
    return dict(_totals)


def reset() -> None:
    _totals.clear()
    _counts.clear()
    _stack.clear()


def write(extra: dict | None = None) -> None:
    """Write the totals to the file named by ``YOMITOKI_TIMING`` (nothing when off)."""
    target = os.environ.get(ENV)
    if not target:
        return
    data = {"stages": dict(_totals), "calls": dict(_counts), **(extra or {})}
    with open(target, "w", encoding="utf-8") as f:
        json.dump(data, f)
