"""Indicator benchmark: latency of every indicator, with and without a breakdown, and of cohort lists.

    python benchmarks/bench_indicators.py                       # the demo borough and one of typical size
    python benchmarks/bench_indicators.py --size typical        # one borough of typical size (x2.35: B001)
    python benchmarks/bench_indicators.py --boroughs 33 150     # pooled databases of N synthetic boroughs
    python benchmarks/bench_indicators.py --db FILE --council CODE
    python benchmarks/bench_indicators.py --period date         # at 30 September of the latest year

``--boroughs N`` builds data/bench/indicators-N.duckdb once (the boroughs bench_import.py writes,
imported in one run) and measures borough B001 in it. The database is opened read-only. For the
council's latest data (or ``--period``: ``date`` is 30 September of the latest year, a quarterly
panel's question, answered live except for dated events; or any period the CLI reads): median
and p95 of evaluate() (value, comparison and the trend over every loaded year), of breakdown()
by the indicator's first dimension, and of cohort() (the list of children behind the figure);
the whole overview (every indicator's evaluate, as the panel's first screen asks for them); and
the time from a new process to the first result.
Not a test: these machines are noisy; run it alone and read the medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def pooled_database(n: int) -> Path:
    """data/bench/indicators-N.duckdb: N synthetic boroughs, built once."""
    from bench_import import generate

    from briefing_tui.indicators import derive
    from briefing_tui.ssda903.files import discover
    from briefing_tui.ssda903.spool import Spool
    from briefing_tui.store.connection import open_database
    from briefing_tui.store.importer import import_sources

    db = ROOT / "data" / "bench" / f"indicators-{n}.duckdb"
    if not db.exists():
        import tempfile

        folder = generate(ROOT / "data" / "bench", n)
        t = time.perf_counter()
        partial = db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        con = open_database(partial)
        with tempfile.TemporaryDirectory() as tmp:
            spool = Spool(Path(tmp))
            councils = sorted(p for p in folder.iterdir() if p.is_dir())
            import_sources(con, [(c.name, discover([c], year=None, spool=spool)) for c in councils], spool,
                           command="bench", derive=derive.after_import)
        con.close()
        partial.rename(db)
        print(f"  built {db} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return db


def measure(db: Path, council: str, runs: int, asked: str = "latest") -> None:
    from briefing_tui.indicators.breakdowns import breakdown
    from briefing_tui.indicators.cohort import cohort
    from briefing_tui.indicators.evaluate import evaluate, evaluate_many, latest_period
    from briefing_tui.indicators.registry import all_indicators
    from briefing_tui.store.connection import open_database

    con = open_database(db, read_only=True)
    councils = con.execute("SELECT count(DISTINCT council) FROM returns").fetchone()[0]
    episodes = con.execute("SELECT count(*) FROM episodes").fetchone()[0]
    period = latest_period(con, council)
    from briefing_tui.indicators import periods
    from briefing_tui.indicators.evaluate import Context

    if asked == "date":
        import datetime as dt

        period = periods.as_at(dt.date(period.return_year - 1, 9, 30))
    elif asked != "latest":
        period = periods.parse(asked)

    context = Context(population_under_18=50_000)
    print(f"{db.name}: {councils} councils, {episodes:,} episode rows; council {council}, {period.label}; "
          f"{runs} runs each (ms: median / p95)")
    print(f"{'indicator':36} {'evaluate':>15} {'+ one breakdown':>17} {'cohort list':>15}")
    worst = {"evaluate": 0.0, "breakdown": 0.0, "cohort": 0.0}
    for ind in all_indicators():
        cells = []
        plain = timed(lambda ind=ind: evaluate(con, ind.id, period, council, context), runs)
        cells.append(plain)
        worst["evaluate"] = max(worst["evaluate"], percentile(plain, 95))
        if ind.breakdowns:  # the indicator with one breakdown: both calls, as a screen makes them
            split = timed(lambda ind=ind: (evaluate(con, ind.id, period, council, context),
                                   breakdown(con, ind.id, period, council, ind.breakdowns[0])), runs)
            worst["breakdown"] = max(worst["breakdown"], percentile(split, 95))
        else:
            split = []
        cells.append(split)
        if not ind.rate_per_10000_of:
            listed = timed(lambda ind=ind: cohort(con, ind.id, period, council), max(5, runs // 3))
            worst["cohort"] = max(worst["cohort"], percentile(listed, 95))
        else:
            listed = []
        cells.append(listed)
        shown = [f"{statistics.median(c):6.1f} / {percentile(c, 95):6.1f}" if c else "-" for c in cells]
        print(f"{ind.id:36} {shown[0]:>15} {shown[1]:>17} {shown[2]:>15}")
    each = timed(lambda: [evaluate(con, ind.id, period, council, context) for ind in all_indicators()],
                 max(5, runs // 3))
    ids = [ind.id for ind in all_indicators()]
    overview = timed(lambda: evaluate_many(con, ids, period, council, context), runs)
    con.close()
    print(f"worst p95: evaluate {worst['evaluate']:.1f} ms, evaluate + one breakdown {worst['breakdown']:.1f} ms, "
          f"cohort list {worst['cohort']:.1f} ms")
    print(f"whole overview ({len(ids)} indicators, each with comparison and trend): evaluate_many median "
          f"{statistics.median(overview):.0f} ms, p95 {percentile(overview, 95):.0f} ms; one evaluate() each: "
          f"median {statistics.median(each):.0f} ms, p95 {percentile(each, 95):.0f} ms")
    code = ("import time; t = time.perf_counter(); from pathlib import Path; "
            "from briefing_tui.store.connection import open_database; "
            "from briefing_tui.indicators.evaluate import evaluate, latest_period; "
            f"con = open_database(Path({str(db)!r}), read_only=True); "
            f"evaluate(con, 'cla.count', latest_period(con, {council!r}), {council!r})")
    starts = timed(lambda: subprocess.run([sys.executable, "-c", code], check=True, capture_output=True), 5)
    print(f"new process to first result (cla.count): median {statistics.median(starts):.0f} ms\n")


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """Which databases a benchmark measures (bench_indicators.py and bench_tui.py alike)."""
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "briefings.duckdb")
    parser.add_argument("--size", choices=("demo", "typical", "both"), default="both",
                        help="the demo borough, one borough of typical size (x2.35: B001), or both (the default)")
    parser.add_argument("--boroughs", type=int, nargs="+", help="pooled databases of N synthetic boroughs instead")


def up_to_date(db: Path) -> Path:
    """The database with its stored figures made by this version's definitions (as ``briefing-tui
    upgrade``): a database built by an earlier version answers everything live, so measuring it
    would time the wrong thing."""
    from briefing_tui.indicators import precomputed
    from briefing_tui.store.connection import open_database
    from briefing_tui.store.transaction import transaction

    con = open_database(db, read_only=True)
    try:
        current = precomputed.is_current(con)
    finally:
        con.close()
    if current:
        return db
    con = open_database(db)
    try:
        if not precomputed.is_current(con):
            t = time.perf_counter()
            with transaction(con):
                precomputed.refresh(con, [])
            print(f"  {db}: stored figures worked out again in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    finally:
        con.close()
    return db


def databases(args: argparse.Namespace) -> list[tuple[str, Path, str]]:
    """(label, database, council) for each database asked for, each built once if it is missing and
    brought up to this version's stored figures."""
    return [(label, up_to_date(db), council) for label, db, council in _databases(args)]


def _databases(args: argparse.Namespace) -> list[tuple[str, Path, str]]:
    if args.boroughs:
        return [(f"{n} boroughs", pooled_database(n), "B001") for n in args.boroughs]
    chosen = []
    if args.size in ("demo", "both"):
        if not args.db.exists():
            from briefing_tui.setup_db import build_demo_database

            build_demo_database(args.db)
        chosen.append(("demo borough", args.db, "DEMO"))
    if args.size in ("typical", "both"):
        chosen.append(("typical borough (1 at x2.35)", pooled_database(1), "B001"))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_database_options(parser)
    parser.add_argument("--council", help="default: DEMO for the demo, B001 for the others")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--period", default="latest",
                        help="latest (the default: the latest data), date (30 September of the latest year), or a "
                             "period as the CLI reads it (2024Q2, 2023-12-31)")
    args = parser.parse_args()
    for label, db, council in databases(args):
        print(f"== {label}")
        measure(db, args.council or council, args.runs, args.period)


if __name__ == "__main__":
    main()
