"""Briefing benchmark: build and render a council's full briefing (targets: < 300 ms on the demo
borough, < 1 s for one council of the 150-borough pooled database).

    python benchmarks/bench_briefing.py                     # the demo borough (data/briefings.duckdb)
    python benchmarks/bench_briefing.py --boroughs 150      # borough B001 of data/bench/indicators-150.duckdb
    python benchmarks/bench_briefing.py --db FILE --council CODE [--la-number 302]

For the council's latest loaded year, each run gathers the evidence (every indicator, the breakdown
tables this year and last, the published comparators, the notes), builds the document, and renders
it as the terminal shows it and as each export format (Markdown, 80-column text, HTML, JSON), both
restricted and public. A pooled borough is given a real council's DfE number (302, Barnet) so its
briefing has statistical neighbours to look up, like a real council's. The database is opened
read-only. Reported: median and p95 of each step and of the whole, per version.
Not a test: these machines are noisy; run it alone and read the medians.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_indicators import percentile  # noqa: E402  (one definition of the benchmarks' p95)


def measure(db: Path, council: str, la_number: str, runs: int) -> dict[str, list[float]]:
    import datetime as dt

    from rich.console import Console

    from briefing_tui.briefing.build import build
    from briefing_tui.briefing.export import FORMATS
    from briefing_tui.briefing.prepare import evidence_for, options
    from briefing_tui.briefing.render_rich import renderable
    from briefing_tui.indicators.evaluate import latest_period
    from briefing_tui.settings import Settings
    from briefing_tui.store import councils as stored_councils
    from briefing_tui.store.connection import open_database
    from briefing_tui.store.notes import Notebook, notes_path

    config = Settings(council_code=council, council_name=f"Council {council}", la_number=la_number)
    con = open_database(db, read_only=True)
    book = Notebook(notes_path(db), read_only=True)
    times: dict[str, list[float]] = {}
    try:
        period = latest_period(con, council)
        profile = config.council(stored_councils.find(con, council))
        for run in range(runs + 1):  # the first run warms caches and is not counted
            for public in (False, True):
                kind = "public" if public else "restricted"
                t0 = time.perf_counter()
                evidence = evidence_for(con, config, profile, period, book)
                t1 = time.perf_counter()
                briefing = build(evidence, options(config, profile, public, dt.datetime(2026, 11, 23)))
                t2 = time.perf_counter()
                Console(file=io.StringIO(), width=120, color_system="truecolor").print(renderable(briefing))
                t3 = time.perf_counter()
                for render in FORMATS.values():
                    render(briefing)
                t4 = time.perf_counter()
                if run:
                    for step, ms in (("gather", t1 - t0), ("build", t2 - t1), ("terminal", t3 - t2),
                                     ("4 exports", t4 - t3), ("build + render (terminal)", t3 - t0),
                                     ("everything", t4 - t0)):
                        times.setdefault(f"{kind:>10}  {step}", []).append(ms * 1000)
    finally:
        con.close()
        book.close()
    return times


def report(label: str, db: Path, council: str, la_number: str, runs: int, target_ms: float) -> None:
    times = measure(db, council, la_number, runs)
    print(f"\n{label}: {db} council {council} (DfE number {la_number or 'none'}), {runs} runs, ms")
    print(f"{'':38}{'median':>9}{'p95':>9}")
    for name, values in times.items():
        print(f"{name:38}{statistics.median(values):9.1f}{percentile(values, 95):9.1f}")
    worst = max(percentile(v, 95) for k, v in times.items() if k.endswith("build + render (terminal)"))
    print(f"target: build + render < {target_ms:.0f} ms: p95 {worst:.0f} ms, "
          f"{'met' if worst < target_ms else 'NOT MET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "briefings.duckdb")
    parser.add_argument("--council", help="default: DEMO, or B001 with --boroughs")
    parser.add_argument("--la-number", default=None, help="DfE number to compare with (default: none for the "
                                                          "demo, 302 for a pooled borough)")
    parser.add_argument("--boroughs", type=int, nargs="+", help="pooled databases of N synthetic boroughs")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if args.boroughs:
        from bench_indicators import pooled_database

        for n in args.boroughs:
            report(f"{n} boroughs", pooled_database(n), args.council or "B001",
                   "302" if args.la_number is None else args.la_number, args.runs, 1000)
    else:
        if not args.db.exists():
            from briefing_tui.setup_db import build_demo_database

            build_demo_database(args.db)
        report("demo borough", args.db, args.council or "DEMO", args.la_number or "", args.runs, 300)


if __name__ == "__main__":
    main()
