"""App benchmark: keypress to updated screen, and process start to first painted overview.

    python benchmarks/bench_tui.py                    # the demo borough and one of typical size
    python benchmarks/bench_tui.py --size typical     # one borough of typical size (x2.35, bench_indicators.py)
    python benchmarks/bench_tui.py --boroughs 150     # the pooled 150-borough database (bench_indicators.py)

Drives the app headless with Textual's Pilot at 120x40 and times, for each action, from the key
event until the screen first shows what it finally shows (the answer, and nothing left to
redraw): opening an indicator, changing the breakdown's dimension, drilling into a row, opening a
cohort, changing the period (to the year before), back to the latest data (with an in-year
extract, a date: the app keeps each overview it has asked), and a quarter end not seen before,
typed in the picker (a date's overview asked for the first time: thirty live figures).
Then starts the real command in tmux (120x40) and times until the overview's figures are painted.
Keys come 0.6 s apart by default (``--pace``): a chair reads the screen before the next key, and
the app collects its garbage in such pauses (app.py, ``started``); ``--pace 0`` times a burst.
Not a test: these machines are noisy; run it alone and read the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_indicators import percentile  # noqa: E402  (one definition of the benchmarks' p95)


async def drive(db: Path, council: str, runs: int, pace: float) -> dict[str, list[float]]:
    from textual import events
    from textual.worker import WorkerState

    from briefing_tui.settings import Settings
    from briefing_tui.tui.app import BriefingApp

    times: dict[str, list[float]] = {k: [] for k in ("open indicator", "change dimension", "drill into a row",
                                                      "open cohort", "change period", "back to latest data",
                                                      "a new date")}
    app = BriefingApp(db, Settings(council_code=council))
    async with app.run_test(size=(120, 40)) as pilot:

        def shown(selector: str) -> str:
            try:
                return str(app.screen.query_one(selector).render())
            except Exception:
                return ""

        def rows() -> int:
            try:
                return app.screen.query_one("DataTable").row_count
            except Exception:
                return 0

        # Each screen update as it is handed to the terminal: when, whether it has the answer on it
        # (``done()``), and the whole frame it leaves on screen (the compositor's full render, cached).
        painted: list[tuple[float, bool, tuple]] = []
        waiting_for = [lambda: False]
        display = app._display

        def spy(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                when = time.perf_counter()
                frame = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
                painted.append((when, waiting_for[0](), tuple(tuple(seg for strip in line for seg in strip)
                                                             for line in frame.strips)))

        app._display = spy

        def running() -> bool:
            return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)

        async def timed(name: str, done, key: str) -> None:
            """From the key event entering the app until the screen first shows what it finally
            shows: the earliest update from which every later one (a second layout pass, the key
            bar redrawn) leaves the same frame, and which has the answer on it (``done()``). The
            burst is over when no workers run and nothing has been drawn for 50 ms.

            The key goes in as Pilot's ``press`` sends it (a Key event through the driver) but
            without ``press``'s own waiting (two 20 ms idle checks), which is the harness, not the app."""
            painted.clear()
            waiting_for[0] = done
            start = time.perf_counter()
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)
            deadline = start + 10
            while not (any(answer for _, answer, _ in painted) and time.perf_counter() - painted[-1][0] > 0.05
                       and not running()):
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"{name}: the screen never showed the result ({type(app.screen).__name__})")
                await asyncio.sleep(0.001)
            final = painted[-1][2]
            first = len(painted) - 1
            while first > 0 and painted[first - 1][2] == final and painted[first - 1][1]:
                first -= 1
            times[name].append((painted[first][0] - start) * 1000)
            waiting_for[0] = lambda: False
            await pilot.pause()
            await asyncio.sleep(pace)  # a person reads the screen before the next key

        async def settle(*keys: str) -> None:
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()

        await settle()
        first = app.period
        held = app.repo.reach()
        unseen = [dt.date(y - 1, m, d) for y in sorted(held, reverse=True) for m, d in ((12, 31), (9, 30), (6, 30))
                  if (held[y] is None or dt.date(y - 1, m, d) <= held[y]) and dt.date(y - 1, m, d) != first.end]
        unseen = (unseen * (runs // max(len(unseen), 1) + 1))[:runs]
        for _ in range(runs):
            await timed("open indicator", lambda: type(app.screen).__name__ == "IndicatorScreen" and rows() > 0
                        and "by age" in shown("#breadcrumb"), "enter")
            await timed("change dimension", lambda: "by sex" in shown("#breadcrumb") and rows() > 0, "d")
            await timed("drill into a row", lambda: "Sex: " in shown("#breadcrumb") and rows() > 0, "enter")
            await timed("open cohort", lambda: type(app.screen).__name__ == "CohortScreen" and rows() > 0, "c")
            await settle("escape", "escape", "escape")  # back to the overview
            await settle("p")
            await settle("down")
            await timed("change period", lambda: app.period != first and first.label.lower() not in
                        shown("#source").lower(), "enter")  # the year before (the latest data first)
            await settle("p")
            await settle("home")  # back to the latest data (the top of the list): with an extract, a date
            await timed("back to latest data", lambda: app.period == first and first.label.lower() in
                        shown("#source").lower(), "enter")
            # a quarter end not seen before, typed in the picker: its overview asked for the first time
            day = unseen.pop(0)
            await settle("p")
            await pilot.click("#typed")
            await settle(*day.isoformat())
            await timed("a new date", lambda day=day: app.period is not None and app.period.end == day
                        and f"{day.day} {day:%B %Y}".lower() in shown("#source").lower(), "enter")
            await settle("p")
            await settle("home", "enter")  # back to the latest data
    return times


def first_paint(db: Path, council: str, runs: int = 5) -> list[float]:
    """Process start to the overview's first figures on screen, in a real terminal (tmux)."""
    if not shutil.which("tmux"):
        return []
    command = Path(sys.executable).with_name("briefing-tui")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "settings.toml"
        config.write_text(f'[council]\ncode = "{council}"\n')
        for i in range(runs):
            session = f"bench-tui-{i}"
            start = time.perf_counter()
            subprocess.run(["tmux", "new-session", "-d", "-x", "120", "-y", "40", "-s", session,
                            f"env -u COLUMNS -u LINES {command} --db {db} --config {config}"], check=True)
            subprocess.run(["tmux", "set-option", "-t", session, "window-size", "manual"], capture_output=True)
            subprocess.run(["tmux", "resize-window", "-t", session, "-x", "120", "-y", "40"], capture_output=True)
            try:
                while time.perf_counter() - start < 30:
                    screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                            text=True).stdout
                    if "Children looked after" in screen and "▲" in screen or "▼" in screen:
                        out.append((time.perf_counter() - start) * 1000)
                        break
                    time.sleep(0.01)
            finally:
                subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
            time.sleep(0.5)
    return out


def report(label: str, db: Path, council: str, runs: int, pace: float, verbose: bool = False) -> None:
    times = asyncio.run(drive(db, council, runs, pace))
    print(f"{label}: {db.name}, council {council}, {runs} runs each, {pace} s between keys (ms: median / p95)")
    for name, values in times.items():
        print(f"  {name:18} {statistics.median(values):7.1f} / {percentile(values, 95):7.1f}   "
              f"(first {values[0]:.0f}, slowest {max(values):.0f})")
    worst = max(percentile(v, 95) for v in times.values())
    if verbose:
        print({k: sorted(round(x) for x in v) for k, v in times.items()})
    paints = first_paint(db, council)
    paint = f"median {statistics.median(paints):.0f} ms (of {len(paints)})" if paints else "not measured (no tmux)"
    print(f"  worst p95 {worst:.1f} ms; process start to first painted overview: {paint}\n")


def main() -> None:
    from bench_indicators import add_database_options, databases

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_database_options(parser)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pace", type=float, default=0.6,
                        help="seconds between timed keys, as a person reading the screen (default 0.6; 0: a burst)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every time, sorted")
    args = parser.parse_args()
    for label, db, council in databases(args):
        report(label, db, council, args.runs, args.pace, args.verbose)


if __name__ == "__main__":
    main()
