"""Build-time benchmark: yomitoki side by side with plain mkdocs-material.

Usage (from the project root)::

    NO_MKDOCS_2_WARNING=1 .venv/bin/python bench/bench.py [--runs 5] [--scale-runs 3] [--scales 10,50]

Every build runs ``python -m mkdocs build --strict -q`` in a fresh
subprocess, as staff would run it, in a copy of the project under a
temporary directory (the project's own ``site/`` and ``.yomitoki-cache/``
are never touched).  Wall time is measured around the subprocess and peak
memory (max RSS) is that subprocess's own, from ``os.wait4``.

Scenarios:

* ``cold``  – the project with ``.yomitoki-cache/`` deleted before each build;
* ``warm``  – the project rebuilt with the cache in place and nothing changed;
* ``plain`` – every page the project produces (both editions, the glossary
  and the hand-written pages) written out as Markdown with ruby markers
  reduced to plain text, built by mkdocs-material with the same theme and
  Markdown settings and no hooks and no custom JavaScript;
* ``N×``    – the project with its source texts copied N times under
  distinct file names, slugs and titles (cold and warm).

Page weights are measured on the site the project's last build wrote
(:func:`page_weights`): every HTML page's bytes, and the heaviest standard
page gzip-compressed beside its narration twin.  ``--weights SITE`` reports
them for a site already built, without timing anything.

Times are medians.  The per-stage breakdown comes from
:mod:`yomitoki.timing` (``YOMITOKI_TIMING``); "MkDocs itself" is the wall
time minus yomitoki's stages (it includes Python's start-up and imports).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = ("cache", "decode", "parse", "readings", "glossary", "render", "ruby-html", "search")
COPY = ("docs", "hooks", "source_texts")


# ---------------------------------------------------------------------------
# Projects

def _ignore(_dir, names):
    return [n for n in names if n in ("__pycache__",)]


def copy_project(target: Path) -> Path:
    """The project (config, docs, hooks, source texts) copied to ``target``."""
    target.mkdir(parents=True)
    for name in COPY:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name, ignore=_ignore)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if (ROOT / "readings.tsv").is_file():
        shutil.copy2(ROOT / "readings.tsv", target / "readings.tsv")
    for p in (target / "source_texts").iterdir():
        p.chmod(0o644)
    return target / "mkdocs.yml"


def _load_yaml(path: Path) -> dict:
    # mkdocs.yml may use !!python tags etc.; the bundled one is plain YAML.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _yomitoki_settings(config: dict) -> dict:
    """yomitoki's settings in a mkdocs.yml: the plugin's options, or ``extra: yomitoki:`` (hooks)."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "yomitoki" in entry:
            if entry["yomitoki"] is None:
                entry["yomitoki"] = {}
            return entry["yomitoki"]
        if entry == "yomitoki":
            raise SystemExit("bench: list the plugin with its options (- yomitoki: {...}) to scale the project")
    return config.setdefault("extra", {}).setdefault("yomitoki", {})


def scaled_project(target: Path, times: int) -> Path:
    """The project with every source text copied ``times`` times under distinct names."""
    config_file = copy_project(target)
    config = _load_yaml(config_file)
    yt = _yomitoki_settings(config)
    plans = yt.get("plans") or {}
    src = target / yt.get("source_dir", "source_texts")
    new_plans = {}
    for path in sorted(src.glob("*.txt")):
        data = path.read_bytes()
        path.unlink()
        conf = plans.get(path.stem) or {}
        for i in range(1, times + 1):
            stem = f"{path.stem}_{i:02d}"
            (src / f"{stem}.txt").write_bytes(data)
            entry = {"slug": f"{conf.get('slug', path.stem.replace('_', '-'))}-{i:02d}"}
            if conf.get("title"):
                entry["title"] = f"{conf['title']}（写し {i}）"
            new_plans[stem] = entry
    yt["plans"] = new_plans
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def plain_project(target: Path, root: Path = ROOT) -> tuple[Path, int]:
    """Every page the project in ``root`` makes, as Markdown, for plain mkdocs-material.

    The pages are ``yomitoki export``'s without ruby (the text only) and
    without JavaScript; MkDocs builds them with the same theme templates and
    CSS.  Returns the plain project's config file and its number of pages.
    """
    from mkdocs.config import load_config

    from yomitoki.site.export import export_project

    result = export_project(load_config(config_file=str(root / "mkdocs.yml")), target, ruby=False, preview=False)
    config_file = result.target / "mkdocs.yml"
    config = _load_yaml(config_file)
    config.pop("extra_javascript", None)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for js in (result.target / "docs").rglob("*.js"):
        js.unlink()
    return config_file, result.pages


# ---------------------------------------------------------------------------
# Measuring

class BuildError(RuntimeError):
    pass


def run_build(config_file: Path, *, cold: bool, timing: bool = True) -> dict:
    """One ``mkdocs build --strict`` in a fresh interpreter: seconds, peak RSS (MB), stages."""
    project = config_file.parent
    if cold:
        shutil.rmtree(project / ".yomitoki-cache", ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("YOMITOKI_TIMING", None)
    # Bytecode caching as in a normal installation, kept out of the source tree
    # (some environments set PYTHONDONTWRITEBYTECODE: every build would then
    # compile yomitoki's modules again, while MkDocs' come precompiled).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(project.parent / "pycache")
    timing_file = project / ".bench-timing.json"
    if timing_file.exists():
        timing_file.unlink()
    if timing:
        env["YOMITOKI_TIMING"] = str(timing_file)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
           "-f", str(config_file), "-d", str(project / "site")]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()  # reaps the child; rusage below comes from wait4 instead
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode(errors='replace')}")
    stages = {}
    if timing and timing_file.exists():
        stages = json.loads(timing_file.read_text(encoding="utf-8"))["stages"]
    return {"seconds": seconds, "rss_mb": _last_child_rss_mb(), "stages": stages}


def _last_child_rss_mb() -> float:
    # RUSAGE_CHILDREN's ru_maxrss is the largest of all reaped children; it
    # only tells this child's peak when it grows.  Peaks are therefore
    # measured per build with a fresh helper process (see measure_rounds()).
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure_rounds(scenarios: list[tuple[str, Path, bool]], runs: int) -> dict[str, dict]:
    """``runs`` rounds of one build per scenario (label, config, cold), in the given order.

    Interleaving the scenarios keeps a change in the machine's load (other
    work on it) from favouring one of them.  Each build runs under a small
    helper process so that its peak RSS is its own (``RUSAGE_CHILDREN`` of
    the helper), not the largest of earlier builds.
    """
    results: dict[str, list[dict]] = {label: [] for label, _, _ in scenarios}
    for i, (_, config_file, cold) in enumerate(scenarios):
        if not cold and not any(c == config_file and k for _, c, k in scenarios[:i]):
            _isolated(config_file, cold=False)      # make sure the cache is in place
    for _ in range(runs):
        for label, config_file, cold in scenarios:
            r = _isolated(config_file, cold=cold)
            results[label].append(r)
            print(f"  {label}: {r['seconds']:.2f} s, {r['rss_mb']:.0f} MB", file=sys.stderr)
    return {label: summarise(rs) for label, rs in results.items()}


def summarise(results: list[dict]) -> dict:
    """Median seconds and stage times, and the peak RSS, of some builds."""
    stages = {name: statistics.median(r["stages"].get(name, 0.0) for r in results) for name in STAGES}
    seconds = statistics.median(r["seconds"] for r in results)
    ours = sum(stages.values())
    return {
        "seconds": seconds,
        "all": [round(r["seconds"], 3) for r in results],
        "rss_mb": max(r["rss_mb"] for r in results),
        "stages": stages,
        "mkdocs": statistics.median(r["seconds"] - sum(r["stages"].get(n, 0.0) for n in STAGES) for r in results)
        if any(r["stages"] for r in results) else seconds,
        "ours": ours,
    }


def _isolated(config_file: Path, *, cold: bool) -> dict:
    """One build in a helper process."""
    code = (
        "import json, sys; sys.path.insert(0, %r); import bench as b; from pathlib import Path; "
        "print(json.dumps(b.run_build(Path(%r), cold=%r)))"
        % (str(Path(__file__).parent), str(config_file), bool(cold))
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------
# Page weights

PAGE_LIMIT = 300_000          # bytes: every HTML page (issue 18)
GZIP_RATIO_LIMIT = 2.0        # the heaviest page, gzip-compressed, against its narration twin
GZIP_LEVEL = 6                # gzip's and most web servers' default
NARRATION_ROOT = "yomiage"


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


def page_weights(site: Path, top: int = 5) -> dict:
    """The HTML pages of a built site by weight: their number, the heaviest ``top`` (bytes and
    gzip bytes, with the narration twin's where there is one) and the heaviest page that has a
    twin, with the ratio of the two compressed sizes."""
    pages = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True)
    rows = []
    for size, rel in pages:
        if len(rows) >= top and any(r["twin"] for r in rows):
            break
        twin = site / NARRATION_ROOT / rel
        has_twin = not rel.startswith(NARRATION_ROOT + "/") and twin.is_file()
        row = {"page": rel, "bytes": size, "gzip": _gzip_size(site / rel), "twin": None}
        if has_twin:
            row["twin"] = {"page": f"{NARRATION_ROOT}/{rel}", "bytes": twin.stat().st_size, "gzip": _gzip_size(twin)}
            row["ratio"] = row["gzip"] / row["twin"]["gzip"]
        rows.append(row)
    heaviest = next((r for r in rows if r["twin"]), None)
    # not a target, for the record: the page whose compressed size is furthest above its twin's
    worst = None
    for _, rel in pages:
        twin = site / NARRATION_ROOT / rel
        if rel.startswith(NARRATION_ROOT + "/") or not twin.is_file():
            continue
        ratio = _gzip_size(site / rel) / _gzip_size(twin)
        if worst is None or ratio > worst[1]:
            worst = (rel, ratio)
    return {"pages": len(pages), "over_limit": sum(1 for size, _ in pages if size > PAGE_LIMIT),
            "largest": pages[0][0] if pages else 0, "rows": rows[:top] + ([heaviest] if heaviest not in rows[:top] else []),
            "heaviest_with_twin": heaviest, "highest_ratio": worst}


def weights_report(w: dict) -> str:
    lines = [f"Page weights ({w['pages']} HTML pages; gzip level {GZIP_LEVEL}):", "",
             "| page | bytes | gzip | narration twin gzip | ÷ twin |", "| --- | ---: | ---: | ---: | ---: |"]
    for r in w["rows"]:
        twin = r["twin"]
        lines.append(f"| {r['page']} | {r['bytes']:,} | {r['gzip']:,} | "
                     + (f"{twin['gzip']:,} | {r['ratio']:.2f} |" if twin else "– | – |"))
    heavy = w["heaviest_with_twin"]
    checks = [(f"every HTML page ≤ {PAGE_LIMIT // 1000} KB (largest {w['largest']:,} bytes, "
               f"{w['over_limit']} over)", w["over_limit"] == 0)]
    if heavy:
        checks.append((f"heaviest page gzip ≤ {GZIP_RATIO_LIMIT:g} × its narration twin's "
                       f"({heavy['page']}: {heavy['gzip']:,} / {heavy['twin']['gzip']:,} = {heavy['ratio']:.2f})",
                       heavy["ratio"] <= GZIP_RATIO_LIMIT))
    lines += ["", "Targets:"] + [f"- {name} → {'holds' if ok else 'DOES NOT HOLD'}" for name, ok in checks]
    if w.get("highest_ratio"):
        rel, ratio = w["highest_ratio"]
        lines.append(f"- (not a target) the highest ratio of any page to its twin, gzip: {rel} {ratio:.2f}")
    return "\n".join(lines)


# Report

def _row(name: str, r: dict, plain: float) -> str:
    return (f"| {name} | {r['seconds']:.2f} | {r['seconds'] / plain:.2f}× | {r['rss_mb']:.0f} | "
            f"{' / '.join(f'{s:.2f}' for s in r['all'])} |")


def report(results: dict, pages: int, scales: list[int]) -> str:
    plain = results["plain"]["seconds"]
    lines = [
        f"plain mkdocs-material: {pages} pages",
        "",
        "| build | median s | ÷ plain | peak RSS MB | runs (s) |",
        "| --- | ---: | ---: | ---: | --- |",
        _row("plain mkdocs-material", results["plain"], plain),
        _row("yomitoki cold", results["cold"], plain),
        _row("yomitoki warm", results["warm"], plain),
    ]
    for n in scales:
        lines.append(_row(f"yomitoki {n}× cold", results[f"{n}x-cold"], plain))
        lines.append(_row(f"yomitoki {n}× warm", results[f"{n}x-warm"], plain))
    lines += ["", "Stages (median s; exclusive time, \"MkDocs itself\" = wall − yomitoki):", ""]
    cols = ["cold", "warm"] + [f"{n}x-{k}" for n in scales for k in ("cold", "warm")]
    lines.append("| stage | " + " | ".join(cols) + " |")
    lines.append("| --- |" + " ---: |" * len(cols))
    for name in STAGES:
        lines.append(f"| {name} | " + " | ".join(f"{results[c]['stages'][name]:.3f}" for c in cols) + " |")
    lines.append("| yomitoki total | " + " | ".join(f"{results[c]['ours']:.3f}" for c in cols) + " |")
    lines.append("| MkDocs itself | " + " | ".join(f"{results[c]['mkdocs']:.3f}" for c in cols) + " |")
    lines += ["", "Targets:"]
    checks = [
        ("cold ≤ 1.2 × plain", results["cold"]["seconds"] / plain, 1.2),
        ("warm ≤ 1.05 × plain", results["warm"]["seconds"] / plain, 1.05),
    ]
    if 50 in scales:
        checks.append(("50× cold ≤ 55 × 1× cold",
                       results["50x-cold"]["seconds"] / results["cold"]["seconds"], 55))
        checks.append(("50× warm ≤ 55 × 1× warm",
                       results["50x-warm"]["seconds"] / results["warm"]["seconds"], 55))
        checks.append(("50× peak RSS < 1024 MB",
                       max(results["50x-cold"]["rss_mb"], results["50x-warm"]["rss_mb"]), 1024))
    for name, value, limit in checks:
        ok = value <= limit if "RSS" not in name else value < limit
        lines.append(f"- {name}: {value:.2f} → {'holds' if ok else 'DOES NOT HOLD'}")
    # Each round builds plain, cold and warm one after the other: the ratio
    # within a round is less exposed to the machine's load changing between
    # rounds than the ratio of the medians (shown for comparison only).
    lines += ["", "Per-round ratios (median; same round's plain build as the reference):"]
    for label in ("cold", "warm"):
        pairs = [a / b for a, b in zip(results[label]["all"], results["plain"]["all"])]
        lines.append(f"- {label}: {statistics.median(pairs):.2f}× (from {min(pairs):.2f}× to {max(pairs):.2f}×)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="builds per 1× scenario (median)")
    ap.add_argument("--scale-runs", type=int, default=3, help="builds per scaled scenario (median)")
    ap.add_argument("--scales", default="10,50", help="copies of the source texts, comma-separated ('' for none)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary projects")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--weights", type=Path, metavar="SITE", help="only report the page weights of a built site")
    args = ap.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    if args.weights:
        print(weights_report(page_weights(args.weights)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="yomitoki-bench-"))
    try:
        print(f"work directory: {work}", file=sys.stderr)
        results: dict[str, dict] = {}
        plain_cfg, pages = plain_project(work / "plain")
        project_cfg = copy_project(work / "project")
        # One unmeasured build each, so that the OS file cache is equally warm for all.
        _isolated(plain_cfg, cold=False)
        _isolated(project_cfg, cold=True)
        # Each round: plain, cold (deletes the cache and fills it again), warm.
        results.update(measure_rounds(
            [("plain", plain_cfg, False), ("cold", project_cfg, True), ("warm", project_cfg, False)], args.runs))
        for n in scales:
            cfg = scaled_project(work / f"x{n}", n)
            found = measure_rounds([(f"{n}x-cold", cfg, True), (f"{n}x-warm", cfg, False)], args.scale_runs)
            results.update(found)
            if not args.keep:
                shutil.rmtree(work / f"x{n}", ignore_errors=True)
        # the site of the project's last build (warm: the same pages as cold)
        results["weights"] = page_weights(work / "project" / "site")
        print(report(results, pages, scales))
        print()
        print(weights_report(results["weights"]))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
