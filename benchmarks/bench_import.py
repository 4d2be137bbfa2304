"""Import benchmark: the whole validated import against a plain pandas loader and DuckDB's floor.

    python benchmarks/bench_import.py [--sizes 1 33 150] [--work data/bench]

Writes N synthetic boroughs (collection years 2017-2024) with the demo generator, then, each in a
fresh process so peak memory is its own:
  import  - briefing-tui's import: recognise, read, type, check, store (one transaction)
  pandas  - how the pandas-based 903 tools load: read_csv(dtype=str), to_datetime, concat,
            drop_duplicates, per table (no checks, nothing stored)
  floor   - DuckDB's bare count(*) over the same files with the columns declared
  derived - (only when asked: --modes derived) the import with every indicator's stored rows
            worked out too, as `briefing-tui import` and the pooled benchmark databases do
Prints wall time, processor time (user + system, every thread of the process) and peak RSS for
each, the median of --repeat runs (3 by default), then the import's ratios to the pandas loader
and to DuckDB's floor, wall and processor time, against issue 15's target (processor time <= 0.5x
the pandas loader's at 150 boroughs). Needs pandas for the comparison (pip install -e '.[bench]').
Not a test: these machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# The demo borough is a small one (about 340 children looked after, 850 episode rows a year); at
# this scale a borough has about 2,000 episode rows a year, so 150 boroughs x 8 years is the
# 2.5 million episode rows (1,200 episode files) the foundation issue's target is set against.
SCALE = 2.35


def generate(work: Path, n: int) -> Path:
    from briefing_tui.demo import write_councils

    folder = work / f"councils-{n}-x{SCALE}"
    done = folder / ".complete"
    if not done.exists():
        t = time.perf_counter()
        write_councils(folder, n, scale=SCALE)
        done.write_text("ok")
        print(f"  generated {n} boroughs in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return folder


def child(mode: str, folder: Path) -> dict:
    """Run one measurement in this (fresh) process and return its figures."""
    import resource

    councils = sorted(p for p in folder.iterdir() if p.is_dir())
    # Modules are loaded before the clock starts: the figures are the work, not Python's start-up.
    import duckdb

    from briefing_tui.ssda903.files import discover
    from briefing_tui.ssda903.spool import Spool
    from briefing_tui.ssda903.tables import TABLES
    from briefing_tui.store.connection import open_database
    from briefing_tui.store.importer import import_sources

    if mode == "pandas":
        import pandas  # noqa: F401  (loaded before the clock starts, as the import's modules are)
        import pandas_loader
    start = time.perf_counter()
    used = resource.getrusage(resource.RUSAGE_SELF)
    extra: dict = {}
    if mode == "derived":
        from briefing_tui.indicators import derive, precomputed

        with tempfile.TemporaryDirectory() as tmp:
            con = open_database(Path(tmp) / "bench.duckdb")
            spool = Spool(Path(tmp))
            sources = [(c.name, discover([c], year=None, spool=spool)) for c in councils]
            result = import_sources(con, sources, spool, command="bench", derive=derive.after_import)
            extra = {"rows": con.execute(f"SELECT count(*) FROM {precomputed.TABLE}").fetchone()[0]}
            con.close()
    elif mode == "import":
        with tempfile.TemporaryDirectory() as tmp:
            con = open_database(Path(tmp) / "bench.duckdb")
            spool = Spool(Path(tmp))
            sources = [(c.name, discover([c], year=None, spool=spool)) for c in councils]
            result = import_sources(con, sources, spool, command="bench")
            con.close()
            extra = {"episodes": sum(r.row_counts["episodes"] for r in result.returns),
                     "findings": result.finding_total, "returns": len(result.returns)}
    elif mode == "pandas":
        extra = {"rows": pandas_loader.load([folder])}
    elif mode == "floor":
        con = duckdb.connect()
        total = 0
        for table in TABLES.values():
            files = [str(f) for f in sorted(folder.glob(f"*/*/{table.name}.csv")) if f.stat().st_size > 2]
            if files:
                cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in table.column_names) + "}"
                total += con.execute(f"SELECT count(*) FROM read_csv(?, columns = {cols}, header = true, "
                                     "auto_detect = false)", [files]).fetchone()[0]
        extra = {"rows": total}
    seconds = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (now.ru_utime - used.ru_utime) + (now.ru_stime - used.ru_stime)
    return {"mode": mode, "seconds": seconds, "cpu": cpu, "peak_mib": now.ru_maxrss / 1024, **extra}


def measure(mode: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(folder)],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        return {"mode": mode, "error": out.stderr.strip().splitlines()[-1] if out.stderr else "failed"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 33, 150])
    parser.add_argument("--work", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--modes", nargs="+", default=["import", "pandas", "floor"])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    rows = []
    for n in args.sizes:
        folder = generate(args.work, n)
        files = sum(1 for _ in folder.glob("*/*/*.csv"))
        for mode in args.modes:
            runs = [measure(mode, folder) for _ in range(args.repeat)]
            ok = [r for r in runs if "error" not in r]
            if not ok:
                print(f"{n:>4} boroughs  {mode:<7} FAILED: {runs[0]['error']}")
                continue
            best = dict(ok[0])
            best["seconds"] = statistics.median(r["seconds"] for r in ok)
            best["cpu"] = statistics.median(r["cpu"] for r in ok)
            best["peak_mib"] = max(r["peak_mib"] for r in ok)
            rows.append((n, files, best))
            detail = ", ".join(f"{k} {v:,}" for k, v in best.items() if k in ("episodes", "rows", "findings"))
            print(f"{n:>4} boroughs ({files:,} files)  {mode:<7} {best['seconds']:7.2f} s   cpu {best['cpu']:7.2f} s   "
                  f"peak {best['peak_mib']:7.0f} MiB   {detail}", flush=True)
    print()
    print("| boroughs | files | import (s) | import peak (MiB) | pandas loader (s) | pandas peak (MiB) "
          "| DuckDB count(*) floor (s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        by = {r[2]["mode"]: r[2] for r in rows if r[0] == n}
        files = next((r[1] for r in rows if r[0] == n), 0)

        def cell(mode: str, key: str, fmt: str, by: dict = by) -> str:
            return format(by[mode][key], fmt) if mode in by else "-"

        print(f"| {n} | {files:,} | {cell('import', 'seconds', '.2f')} | {cell('import', 'peak_mib', '.0f')} | "
              f"{cell('pandas', 'seconds', '.2f')} | {cell('pandas', 'peak_mib', '.0f')} | "
              f"{cell('floor', 'seconds', '.2f')} |")
    print()
    for n in args.sizes:
        by = {r[2]["mode"]: r[2] for r in rows if r[0] == n}
        if "import" not in by:
            continue
        mine = by["import"]
        for other, target in (("pandas", 0.5 if n == 150 else None), ("floor", None)):
            if other not in by:
                continue
            wall, cpu = mine["seconds"] / by[other]["seconds"], mine["cpu"] / by[other]["cpu"]
            verdict = "" if target is None else f"   (target <= {target:g}x in processor time: " + \
                ("met)" if cpu <= target else "NOT MET)")
            print(f"{n:>4} boroughs  import / {other:<6}  wall {wall:5.2f}x ({mine['seconds']:.2f} / "
                  f"{by[other]['seconds']:.2f} s)   processor {cpu:5.2f}x ({mine['cpu']:.2f} / "
                  f"{by[other]['cpu']:.2f} s){verdict}")
        if "derived" in by:
            print(f"{n:>4} boroughs  stored rows worked out as well: {by['derived']['seconds']:.1f} s "
                  f"(processor {by['derived']['cpu']:.1f} s, peak {by['derived']['peak_mib']:.0f} MiB)")


if __name__ == "__main__":
    main()
