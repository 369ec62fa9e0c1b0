"""First builds of the project with several yomitoki trees, interleaved, beside plain mkdocs-material.

Usage (from the project root)::

    NO_MKDOCS_2_WARNING=1 .venv/bin/python bench/compare.py 9 now=. other=/path/to/worktree

Each ``name=TREE`` is a checkout of yomitoki (a ``git worktree`` with the
change to compare, say); its tree is put first on ``PYTHONPATH`` for its
builds, so that it is the yomitoki MkDocs imports.  Every round builds the
plain project (``bench.plain_project``) once, then this project cold
(``.yomitoki-cache`` deleted) with each tree in turn: a change in the
machine's load between rounds touches every tree alike.  Prints each one's
median seconds and its median ratio to the same round's plain build.
"""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not argv[0].isdigit() or not all("=" in a for a in argv[1:]):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    rounds = int(argv[0])
    trees = {name: str(Path(tree).resolve()) for name, tree in (a.split("=", 1) for a in argv[1:])}
    work = Path(tempfile.mkdtemp(prefix="yomitoki-compare-"))
    base = os.environ.get("PYTHONPATH", "")
    try:
        plain_cfg, _ = bench.plain_project(work / "plain")
        project_cfg = bench.copy_project(work / "project")
        times: dict[str, list[float]] = {"plain": [], **{name: [] for name in trees}}
        for tree in trees.values():                       # one unmeasured build each
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (tree, base)))
            bench._isolated(project_cfg, cold=True)
        for _ in range(rounds):
            os.environ["PYTHONPATH"] = base
            times["plain"].append(bench._isolated(plain_cfg, cold=False)["seconds"])
            for name, tree in trees.items():
                os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (tree, base)))
                times[name].append(bench._isolated(project_cfg, cold=True)["seconds"])
        for name, runs in times.items():
            ratios = [a / b for a, b in zip(runs, times["plain"])]
            print(f"{name:12s} median {statistics.median(runs):.3f} s   per-round ratio to plain {statistics.median(ratios):.2f}")
    finally:
        os.environ["PYTHONPATH"] = base
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
