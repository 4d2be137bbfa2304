"""``python -m briefing_tui.demo``: write the synthetic demo borough (or N benchmark boroughs).

A command rather than files in the repository, so the demo data are always made by the code that
documents them, for any seed or range of years, and never mistaken for a real council's export.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from briefing_tui.demo import DEMO_COUNCIL, DEMO_COUNCIL_NAME, write_councils, write_demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m briefing_tui.demo",
        description=f"Write synthetic SSDA903 returns: the {DEMO_COUNCIL_NAME} (council {DEMO_COUNCIL}), "
                    "or with --councils N, N benchmark boroughs B001.. . No real children's data.",
    )
    parser.add_argument("--out", type=Path, default=Path("demo-903"), help="folder to write (default: demo-903)")
    parser.add_argument("--councils", type=int, metavar="N", help="write N benchmark boroughs instead of the demo")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="with --councils: multiply every borough's size (default 1.0, the demo's)")
    parser.add_argument("--seed", type=int, default=903, help="random seed (default 903): same seed, same files")
    parser.add_argument("--first-year", type=int, default=2017, help="first collection year (default 2017)")
    parser.add_argument("--last-year", type=int, default=2024, help="last collection year (default 2024)")
    parser.add_argument("--in-year-to", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="also write the next year's in-year extract with data to this day (the demo's: "
                             "2024-09-30), consistent with the complete years")
    parser.add_argument("--in-year-out", type=Path, default=None,
                        help="folder for the in-year extract (default: OUT-inyear)")
    args = parser.parse_args(argv)
    if args.councils is not None and args.councils < 1:
        parser.error("--councils must be 1 or more")
    started = time.perf_counter()
    try:
        if args.councils:
            written = write_councils(args.out, args.councils, seed=args.seed, first_year=args.first_year,
                                     last_year=args.last_year, scale=args.scale)
            summary = f"{len(written)} boroughs ({written[0][0]} to {written[-1][0]})"
        else:
            in_year = (args.in_year_out or args.out.with_name(args.out.name + "-inyear")) if args.in_year_to else None
            paths = write_demo(args.out, seed=args.seed, first_year=args.first_year, last_year=args.last_year,
                               in_year=in_year, in_year_to=args.in_year_to)
            summary = f"{DEMO_COUNCIL_NAME}: {len(paths)} files"
    except ValueError as exc:
        parser.error(str(exc))
    print(f"Wrote {summary} to {args.out} in {time.perf_counter() - started:.1f}s (synthetic data, no real children)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
