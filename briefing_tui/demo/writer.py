"""Writing synthetic returns as a council's export would look: one CSV per table per year.

Files are ``<out>/<year>/<table>.csv`` (the year is the collection year's end, as the importer
reads folder names), UTF-8 without a BOM, ``\\n`` line ends, the columns of
``briefing_tui.ssda903.tables`` in order, quoted only where a value needs it. Nothing here depends
on the clock or on hash order, so a seed always gives the same bytes. Each process generates and
writes one borough at a time, so 150 of them need no more memory than one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from briefing_tui.demo import DEMO_COUNCIL, DEMO_COUNCIL_NAME
from briefing_tui.demo.dirt import Dirt
from briefing_tui.demo.generator import Shape, borough_returns
from briefing_tui.demo.vocab import AREAS, LA_CODES
from briefing_tui.ssda903.tables import TABLES

DEMO_LA = "999"  # not a real council's code: the demo borough is fictional


def write_demo(out: Path, *, seed: int = 903, first_year: int = 2017, last_year: int = 2024,
               in_year: Path | None = None, in_year_to: dt.date | None = None) -> list[Path]:
    """Write the demo borough's returns under ``out`` and a README saying they are synthetic; with
    ``in_year`` and ``in_year_to``, also the next year's in-year extract with data to that day,
    under ``in_year`` (in a folder named as an extract: ``2025-to-2024-09-30``), with its README.
    The complete years are the same bytes either way."""
    out = Path(out)
    _check_years(first_year, last_year)
    paths, dirt = _write_borough(out, str(seed), first_year, last_year, shape=Shape(), area=0, la=DEMO_LA,
                                 empty_ad1_year=2019, in_year=in_year, in_year_to=in_year_to)
    readme = out / "README.md"
    readme.write_text(_readme(seed, first_year, last_year, dirt), encoding="utf-8", newline="\n")
    paths.append(readme)
    if in_year is not None and in_year_to is not None:
        note = Path(in_year) / "README.md"
        note.write_text(_in_year_readme(seed, last_year + 1, in_year_to), encoding="utf-8", newline="\n")
        paths.append(note)
    return paths


def write_councils(out: Path, n: int, *, seed: int = 903, first_year: int = 2017,
                   last_year: int = 2024, scale: float = 1.0) -> list[tuple[str, Path]]:
    """Write ``n`` synthetic boroughs B001.. under ``out``; returns (council code, folder) pairs.

    Each borough has its own seed (from ``seed`` and its code), its own area, a size within 30%
    either side of the demo borough's, its own share of unaccompanied children (4-30%) and its own
    year-to-year drift; ``scale`` multiplies every borough's size (the benchmarks use it to reach a
    typical English council's size: the demo borough is a small one). So the files do not depend on
    how the work is shared out, and boroughs are written by up to one process per CPU (one borough
    at a time in each), or in this process when there is one CPU or worker processes cannot be
    started.
    """
    out = Path(out)
    _check_years(first_year, last_year)
    width = max(3, len(str(n)))
    jobs = [(out, f"B{i:0{width}d}", i, seed, first_year, last_year, scale) for i in range(1, n + 1)]
    workers = min(os.cpu_count() or 1, 8, n)
    if workers > 1:
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(_write_council, jobs))
        except (OSError, NotImplementedError, BrokenProcessPool):
            pass  # no worker processes here (a sandbox, a frozen app): write them in this one
    return [_write_council(job) for job in jobs]


def _write_council(job: tuple[Path, str, int, int, int, int, float]) -> tuple[str, Path]:
    out, code, index, seed, first_year, last_year, scale = job
    borough_seed = f"{seed}:{code}"
    pick = random.Random(f"{borough_seed}:shape")
    shape = Shape(size=pick.uniform(0.7, 1.3) * scale, uasc_share=pick.uniform(0.04, 0.3), trend=0.012,
                  drift=0.03, walk=True, uasc_growth=pick.uniform(0.0, 0.15))
    la = LA_CODES[(index - 1) % len(LA_CODES)]
    folder = out / code
    _write_borough(folder, borough_seed, first_year, last_year, shape=shape, area=index % len(AREAS), la=la)
    return code, folder


def _check_years(first_year: int, last_year: int) -> None:
    if not 2011 <= first_year <= last_year <= 2040:
        raise ValueError(f"years {first_year} to {last_year}: expected 2011 <= first <= last <= 2040")


def _write_borough(out: Path, seed: str, first_year: int, last_year: int, *, shape: Shape, area: int,
                   la: str, empty_ad1_year: int | None = None, in_year: Path | None = None,
                   in_year_to: dt.date | None = None) -> tuple[list[Path], Dirt | None]:
    paths: list[Path] = []
    dirt = None
    returns = borough_returns(seed, first_year, last_year, shape=shape, area=area, la=la,
                              empty_ad1_year=empty_ad1_year, in_year_to=in_year_to if in_year else None)
    for year, tables, dirt in returns:
        folder = out / str(year)
        if year > last_year:  # the in-year extract
            assert in_year is not None and in_year_to is not None
            folder = Path(in_year) / f"{year}-to-{in_year_to.isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            path = folder / f"{name}.csv"
            if (year, name) in dirt.empty_files:
                path.write_bytes(b"\n")  # an export that produced nothing at all
            else:
                write_csv(path, TABLES[name].column_names, rows)
            paths.append(path)
    return paths, dirt


def write_csv(path: Path, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    """Write a table as the csv module would, quoting only values that need it.

    Synthetic values never contain a comma, quote or line break, and joining is several times
    faster than ``csv.writer`` (150 boroughs write 13,000 files); the counts below prove that no
    value needs quoting, and the csv module writes any table where one would.
    """
    lines = [",".join(columns), *map(",".join, rows)]
    text = "\n".join(lines) + "\n"
    plain = (text.count(",") == len(lines) * (len(columns) - 1) and text.count("\n") == len(lines)
             and '"' not in text and "\r" not in text and set(map(len, rows)) <= {len(columns)})
    if not plain:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        text = buffer.getvalue()
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def _in_year_readme(seed: int, year: int, data_to: dt.date) -> str:
    return f"""# {DEMO_COUNCIL_NAME}: a synthetic in-year extract

**Everything in this folder is synthetic**, made by `python -m briefing_tui.demo --in-year-to
{data_to.isoformat()}` (seed {seed}) from the same simulated children as the complete years in
`data/demo/`, so it continues them: no real child is described.

The folder `{year}-to-{data_to.isoformat()}` is what a case system's 903 extract would hold on
{data_to.day} {data_to:%B %Y}, part way through collection year {year - 1}-{str(year)[-2:]}: every episode
begun by then (those ending later still open), the reviews and missing incidents so far, and no oc2
or oc3 rows (they are made when the year ends). Its name carries the date, so `briefing-tui import`
records it as an in-year extract. `briefing-tui init` (and the first `briefing-tui`) imports it after
the complete years, so the app and the briefing open at {data_to.day} {data_to:%B %Y}, provisional: a
quarterly panel's figures. It has no deliberate data-quality problems.
"""


def _readme(seed: int, first_year: int, last_year: int, dirt: Dirt | None) -> str:
    problems = "\n".join(f"- {line}" for line in (dirt.log if dirt else [])) or "- (none)"
    return f"""# {DEMO_COUNCIL_NAME}: synthetic SSDA903 returns

**Everything in this folder is synthetic.** It was generated by `python -m briefing_tui.demo`
(seed {seed}, collection years {first_year} to {last_year}) from random draws and contains no real
children's data: every child, case number, date, postcode and outcome is made up. Its shape (about
340 children looked after at 31 March, a quarter of them unaccompanied asylum-seeking children,
100-190 starting each year, about 320 care leavers in oc3) is modelled on a London borough's
published figures, not taken from any council's records.

Import it as council `{DEMO_COUNCIL}`. Each folder is a collection year, named by the year it
ends (`2024` = 1 April 2023 to 31 March 2024), with one CSV per SSDA903 table (sw_episodes from
2024). As in real returns, an episode open at 31 March appears again in the next year's file, and
care leavers reported in oc3 (and, if they were unaccompanied, in uasc) have a header row although
they have no episodes that year (the DfE validator's rules INT06 and INT09 require one).

## Deliberate data-quality problems

Real exports are never clean, so these are in the data on purpose. An import should record them
as findings or warnings; none of them should stop it.

{problems}
"""
