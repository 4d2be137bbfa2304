"""Indicator benchmark: latency of every indicator, with and without a breakdown, read-only.

    python benchmarks/bench_indicators.py [--db data/briefings.duckdb] [--council DEMO] [--runs 30]

For the latest loaded year of the council: median and p95 of evaluate() (value, comparison and the
trend over every loaded year) and of breakdown() by the indicator's first dimension; the whole
overview (every indicator's evaluate); and the time from a new process to the first result.
Not a test: run it on a quiet machine and read the medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "briefings.duckdb")
    parser.add_argument("--council", default="DEMO")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    from briefing_tui.indicators.breakdowns import breakdown
    from briefing_tui.indicators.evaluate import evaluate, latest_period
    from briefing_tui.indicators.registry import Unit, all_indicators
    from briefing_tui.store.connection import open_database

    con = open_database(args.db, read_only=True)
    period = latest_period(con, args.council)
    context = {"population_under_18": 50_000}
    print(f"{args.db} council {args.council}, {period.label}, {args.runs} runs each (ms: median / p95)")
    print(f"{'indicator':28} {'evaluate':>16} {'with breakdown':>18}")
    for ind in all_indicators():
        plain, split = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            evaluate(con, ind.id, period, args.council, context)
            plain.append((time.perf_counter() - t) * 1000)
            if ind.breakdowns and ind.unit is Unit.COUNT:
                t = time.perf_counter()
                breakdown(con, ind.id, period, args.council, ind.breakdowns[0])
                split.append((time.perf_counter() - t) * 1000)
        shown = f"{statistics.median(split):7.1f} / {percentile(split, 95):6.1f}" if split else "-"
        print(f"{ind.id:28} {statistics.median(plain):7.1f} / {percentile(plain, 95):6.1f} {shown:>18}")
    overview = []
    for _ in range(max(3, args.runs // 5)):
        t = time.perf_counter()
        for ind in all_indicators():
            evaluate(con, ind.id, period, args.council, context)
        overview.append((time.perf_counter() - t) * 1000)
    con.close()
    print(f"whole overview ({len(all_indicators())} indicators with comparison and trend): "
          f"median {statistics.median(overview):.0f} ms, p95 {percentile(overview, 95):.0f} ms")
    code = ("import time; t = time.perf_counter(); from pathlib import Path; "
            "from briefing_tui.store.connection import open_database; "
            "from briefing_tui.indicators.evaluate import evaluate, latest_period; "
            f"con = open_database(Path({str(args.db)!r}), read_only=True); "
            f"evaluate(con, 'cla.count', latest_period(con, {args.council!r}), {args.council!r}); "
            "print(time.perf_counter() - t)")
    starts = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        starts.append((time.perf_counter() - t) * 1000)
    print(f"new process to first result (cla.count): median {statistics.median(starts):.0f} ms")


if __name__ == "__main__":
    main()
