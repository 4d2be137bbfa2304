"""What a user waits for when importing: whole `briefing-tui import` processes against a pandas loader.

    python benchmarks/bench_cli_import.py [--rounds 3] [--work data/bench]

Each case is timed as whole processes, start-up included, the import and the baseline run in
turn (paired, so both see the same load), over several rounds; the medians and their ratio are
printed, with the machine's load average before each round. The baseline is
benchmarks/pandas_loader.py over the same files (every table read as text, dates parsed,
concatenated across years). The cases and their targets (issue 15):

  demo          `briefing-tui import data/demo --council DEMO` into a new database: the demo's
                eight complete years, stored rows included                               <= 3x
  typical       one typical-size borough's eight years (bench_import.py's generator, x2.35) <= 3x
  new year      one more year into a database holding the seven before it               <= 2x
  first run     the first `briefing-tui` of a fresh checkout (it builds the demo database)
                to the overview's figures painted, in tmux                               < 3 s
Not a test: these machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
COMMAND = Path(sys.executable).with_name("briefing-tui")


def timed(argv: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"failed ({out.returncode}): {' '.join(argv)}\n{out.stderr[-2000:]}")
    return seconds


def pandas_loader(*folders: Path) -> list[str]:
    return [sys.executable, str(HERE / "pandas_loader.py"), *map(str, folders)]


def import_into(db: Path, folder: Path, council: str) -> list[str]:
    return [str(COMMAND), "import", str(folder), "--council", council, "--db", str(db)]


def paired(label: str, rounds: int, ours, baseline: list[str], target: float) -> None:
    """``ours()`` (seconds) and the baseline in turn, ``rounds`` times; medians and their ratio."""
    mine, theirs = [], []
    for _ in range(rounds):
        load = os.getloadavg()[0]
        mine.append(ours())
        theirs.append(timed(baseline))
        print(f"  {label}: {mine[-1]:.2f} s vs pandas {theirs[-1]:.2f} s (load {load:.2f})", file=sys.stderr)
    a, b = statistics.median(mine), statistics.median(theirs)
    verdict = "met" if a / b <= target else "NOT MET"
    print(f"{label:<10} import {a:5.2f} s   pandas loader {b:5.2f} s   ratio {a / b:4.2f}x "
          f"(target <= {target:g}x: {verdict})", flush=True)


def fresh_import(folder: Path, council: str):
    def run() -> float:
        with tempfile.TemporaryDirectory() as tmp:
            return timed(import_into(Path(tmp) / "bench.duckdb", folder, council))
    return run


def new_year(folder: Path, council: str, tmp: Path):
    """The last year into a copy of a database holding the years before it (made once, untimed)."""
    years = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.isdigit())
    before, last = tmp / "before", years[-1]
    before.mkdir()
    for year in years[:-1]:
        shutil.copytree(year, before / year.name)
    base = tmp / "base.duckdb"
    timed(import_into(base, before, council))

    def run() -> float:
        db = tmp / "round.duckdb"
        shutil.copy(base, db)
        try:
            return timed(import_into(db, last, council))
        finally:
            db.unlink()
    return run, last


def first_run(rounds: int) -> None:
    """A fresh clone of this checkout, its `briefing-tui` run in tmux until the overview is painted."""
    if not shutil.which("tmux"):
        print("first run  skipped (no tmux)")
        return
    times = []
    for i in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            clone = Path(tmp) / "checkout"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            (Path(tmp) / "settings.toml").write_text("")  # none of the developer's own settings
            session = f"bench-first-{i}"
            env = f"env -u COLUMNS -u LINES -u BRIEFING_TUI_DB PYTHONPATH={clone}"
            start = time.perf_counter()
            subprocess.run(["tmux", "new-session", "-d", "-x", "120", "-y", "40", "-s", session, "-c", str(clone),
                            f"{env} {sys.executable} -m briefing_tui --config {tmp}/settings.toml"], check=True)
            try:
                while time.perf_counter() - start < 60:
                    screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                            text=True).stdout
                    if "Children looked after" in screen and ("▲" in screen or "▼" in screen):
                        times.append(time.perf_counter() - start)
                        break
                    time.sleep(0.02)
            finally:
                subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        print(f"  first run: {times[-1]:.2f} s" if len(times) > i else "  first run: not painted in 60 s",
              file=sys.stderr)
    if times:
        verdict = "met" if statistics.median(times) < 3 else "NOT MET"
        print(f"first run  {statistics.median(times):5.2f} s to the painted overview (target < 3 s: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--cases", nargs="+", default=["demo", "typical", "new-year", "first-run"])
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start; {args.rounds} rounds, "
          "medians", flush=True)
    demo = ROOT / "data" / "demo"
    if "demo" in args.cases:
        paired("demo", args.rounds, fresh_import(demo, "DEMO"), pandas_loader(demo), 3)
    if "typical" in args.cases or "new-year" in args.cases:
        sys.path.insert(0, str(HERE))
        from bench_import import generate

        borough = generate(args.work, 1) / "B001"
        if "typical" in args.cases:
            paired("typical", args.rounds, fresh_import(borough, "B001"), pandas_loader(borough), 3)
        if "new-year" in args.cases:
            with tempfile.TemporaryDirectory() as tmp:
                run, last = new_year(borough, "B001", Path(tmp))
                paired("new year", args.rounds, run, pandas_loader(last), 2)
    if "first-run" in args.cases:
        first_run(args.rounds)


if __name__ == "__main__":
    main()
