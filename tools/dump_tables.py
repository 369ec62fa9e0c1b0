"""The tables ``tabulate`` makes from the bundled plans, as JSON (to compare before/after a change).

    python tools/dump_tables.py > before.json
    (change yomitoki/text/spoken_tables.py)
    python tools/dump_tables.py --compare before.json

    python tools/dump_tables.py --digest > tests/data/bundled_tables.json

``--digest`` writes what ``tests/test_spoken_tables.py`` checks the bundled
plans against: per plan, the number of tables and a SHA-256 of the dump.

Every block of every chapter after :func:`tabulate` is written (tables in
full, other blocks by kind and text) together with the warnings, so that a
change which makes a new table out of the bundled plans, or changes one,
shows as a difference.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from yomitoki.text.model import Table  # noqa: E402
from yomitoki.text.parse import parse  # noqa: E402
from yomitoki.text.repair import repair_symbols  # noqa: E402
from yomitoki.text.spoken_tables import tabulate  # noqa: E402

PLANS = sorted((ROOT / "source_texts").glob("*.txt"))


def dump() -> dict:
    out = {}
    for path in PLANS:
        text, _ = repair_symbols(path.read_text(encoding="utf-8"))
        doc = parse(text, path.name, path.stem)
        tabulate(doc)
        chapters = []
        for chapter in doc.chapters:
            blocks = []
            for b in chapter.blocks:
                if isinstance(b, Table):
                    blocks.append({"kind": "Table", **dataclasses.asdict(b)})
                else:
                    blocks.append({"kind": type(b).__name__, **dataclasses.asdict(b)})
            chapters.append({"slug": chapter.slug, "title": chapter.title, "blocks": blocks})
        out[path.name] = {"chapters": chapters,
                          "warnings": [dataclasses.asdict(w) for w in doc.warnings]}
    return out


def digest(data: dict) -> dict:
    """Per plan: how many tables, and a SHA-256 of its whole dump."""
    out = {}
    for name, plan in data.items():
        text = json.dumps(plan, ensure_ascii=False, sort_keys=True)
        out[name] = {
            "tables": sum(b["kind"] == "Table" for c in plan["chapters"] for b in c["blocks"]),
            "warnings": len(plan["warnings"]),
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--compare", type=Path, help="a JSON file written by this script before a change")
    ap.add_argument("--digest", action="store_true", help="only the number of tables and a hash per plan")
    args = ap.parse_args()
    now = dump()
    if args.digest:
        json.dump(digest(now), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if args.compare is None:
        json.dump(now, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    now = json.loads(json.dumps(now, ensure_ascii=False))
    same = True
    for name in sorted(set(before) | set(now)):
        b, n = before.get(name), now.get(name)
        if b == n:
            tables = sum(x["kind"] == "Table" for c in n["chapters"] for x in c["blocks"])
            print(f"{name}: same ({tables} tables, {len(n['warnings'])} warnings)")
            continue
        same = False
        print(f"{name}: DIFFERENT")
        for cb, cn in zip(b["chapters"] if b else [], n["chapters"] if n else []):
            if cb != cn:
                print(f"  chapter {cn['slug']} differs")
        if b and n and b["warnings"] != n["warnings"]:
            print("  warnings differ")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
