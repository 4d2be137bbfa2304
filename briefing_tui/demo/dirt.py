"""Deliberate, realistic data-quality problems, a few per borough.

Councils' real exports carry these (DOMAIN.md section 1), and an importer that only ever saw clean
files would break on the first real one. Each problem is small and recorded in ``log`` (the demo's
README lists them), none makes a return unreadable: no unparseable dates, missing columns or
mislabelled years, so the demo imports with findings and warnings only. Choices come from the
dirt's own random stream, so turning dirt off changes nothing else in the data.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left
from typing import TYPE_CHECKING

from briefing_tui.demo import outcomes
from briefing_tui.demo.careers import Child
from briefing_tui.demo.vocab import dmy, year_end

if TYPE_CHECKING:
    from briefing_tui.demo.generator import Borough

Tables = dict[str, list[list[str]]]

# Columns used below (positions in TABLES[...].column_names).
E_DECOM, E_PLACE, E_DEC, E_REC, E_PL_POST = 1, 5, 7, 8, 11
O3_ACTIV = 3


def _parse(text: str) -> int:
    d, m, y = text.split("/")
    return dt.date(int(y), int(m), int(d)).toordinal()


class Dirt:
    """Plans which years get which problem, then makes them as each year's return is cut."""

    def __init__(self, rng: random.Random, borough: Borough, *, enabled: bool = True,
                 empty_ad1_year: int | None = None) -> None:
        self.rng = rng
        self.enabled = enabled
        self.children: dict[str, Child] = borough.by_id()
        self.log: list[str] = []
        self.empty_files: set[tuple[int, str]] = set()
        self.used: set[str] = set()
        self.prev_header: dict[str, list[str]] = {}
        self.prev_in_care: set[str] = set()
        years = list(range(borough.first_year, borough.last_year + 1))
        pick = rng.choice
        self.plan: dict[int, list[tuple[str, int]]] = {y: [] for y in years}
        if not enabled:
            return
        for y, n in zip(sorted(rng.sample(years, min(2, len(years)))), (2, 1)):
            self.plan[y].append(("x1_open", n))
        self.plan[pick(years)].append(("overlap", 1))
        later = years[1:] or years
        for y in sorted(rng.sample(later, min(2, len(later)))):
            self.plan[y].append(("no_episodes", 1))
        for y, n in zip(sorted(rng.sample(years, min(2, len(years)))), (1, 2)):
            self.plan[y].append(("oc2_outside", n))
        older = years[: max(1, len(years) // 2)]
        self.plan[pick(older)].append(("old_activ", 1))
        self.plan[pick(older)].append(("lower_case", 1))
        self.plan[pick(years)].append(("postcode", 1))
        if len(years) > 1:
            self.plan[pick(years[1:])].append(("dropped", 1))
            self.plan[pick(years[:-1])].append(("dec_1_april", 1))
        if empty_ad1_year is None and rng.random() < 0.35:
            empty_ad1_year = pick(years)
        if empty_ad1_year in self.plan:
            self.plan[empty_ad1_year].append(("empty_ad1", 1))

    def apply(self, year: int, tables: Tables) -> None:
        if self.enabled:
            for problem, n in self.plan[year]:
                getattr(self, "_" + problem)(year, tables, n)
        self.prev_header = {row[0]: row for row in tables["header"]}
        self.prev_in_care = {row[0] for row in tables["episodes"]}

    # --- the problems ----------------------------------------------------------------------------

    def _x1_open(self, year: int, tables: Tables, n: int) -> None:
        rows = [r for r in tables["episodes"] if not r[E_DEC] and r[0] not in self.used]
        for row in self.rng.sample(rows, min(n, len(rows))):
            row[E_REC] = "X1"
            self.used.add(row[0])
            self.log.append(f"{year}/episodes.csv: child {row[0]}'s episode from {row[E_DECOM]} is still "
                            "open at 31 March but has REC X1 (a reason for ending on an open episode)")

    def _overlap(self, year: int, tables: Tables, n: int) -> None:
        eps = tables["episodes"]
        ye = year_end(year)
        candidates = []
        for a, b in zip(eps, eps[1:]):
            if a[0] != b[0] or a[0] in self.used or a[E_REC] != "X1" or not b[E_DEC]:
                continue
            start, end = _parse(b[E_DECOM]), _parse(b[E_DEC])
            if end - start > 30 and start + 14 <= ye:
                candidates.append((a, start))
        if candidates:
            row, start = self.rng.choice(candidates)
            row[E_DEC] = dmy(start + 14)
            self.used.add(row[0])
            self.log.append(f"{year}/episodes.csv: child {row[0]}'s episode from {row[E_DECOM]} ends on "
                            f"{row[E_DEC]}, two weeks after the next one starts (overlapping episodes)")

    def _no_episodes(self, year: int, tables: Tables, n: int) -> None:
        header = tables["header"]
        here = {r[0] for r in header}
        gone = sorted(c for c in self.prev_in_care if c not in here and c not in self.used)
        if gone:
            cid = self.rng.choice(gone)
            _insert(header, list(self.prev_header[cid]))
            self.used.add(cid)
            self.log.append(f"{year}/header.csv: child {cid}, who left care the year before, still has a "
                            "header row but no episodes")

    def _oc2_outside(self, year: int, tables: Tables, n: int) -> None:
        ys = year_end(year - 1) + 1
        first: dict[str, int] = {}
        open_now: set[str] = set()
        for r in tables["episodes"]:
            day = _parse(r[E_DECOM])
            if r[0] not in first:
                first[r[0]] = day
            if not r[E_DEC]:
                open_now.add(r[0])
        in_oc2 = {r[0] for r in tables["oc2"]}
        candidates = sorted(c for c in open_now if first[c] > ys + 60 and c not in in_oc2 and c not in self.used)
        for cid in self.rng.sample(candidates, min(n, len(candidates))):
            child = self.children[cid]
            age = child.age(year_end(year))
            _insert(tables["oc2"], [cid, dmy(child.dob), *outcomes.oc2_values(self.rng, child, age, "U6")])
            self.used.add(cid)
            self.log.append(f"{year}/oc2.csv: child {cid} has an oc2 row but came into care on "
                            f"{dmy(first[cid])}, less than 12 months before 31 March")

    def _old_activ(self, year: int, tables: Tables, n: int) -> None:
        rows = [r for r in tables["oc3"] if r[O3_ACTIV] in ("F5", "P5")]
        if rows:
            row = self.rng.choice(rows)
            row[O3_ACTIV] = row[O3_ACTIV][0] + "3"
            self.log.append(f"{year}/oc3.csv: care leaver {row[0]} has ACTIV {row[O3_ACTIV]}, a code from "
                            "before the apprenticeship split that is in no current list")

    def _lower_case(self, year: int, tables: Tables, n: int) -> None:
        rows = [r for r in tables["episodes"] if r[E_PLACE] == "U4"]
        if rows:
            row = self.rng.choice(rows)
            row[E_PLACE] = "u4"
            self.log.append(f"{year}/episodes.csv: child {row[0]}'s episode from {row[E_DECOM]} has PLACE "
                            "'u4' in lower case (valid once upper-cased: no finding expected)")

    def _postcode(self, year: int, tables: Tables, n: int) -> None:
        rows = [r for r in tables["episodes"] if r[E_PL_POST]]
        if rows:
            row = self.rng.choice(rows)
            row[E_PL_POST] += "X"
            self.log.append(f"{year}/episodes.csv: child {row[0]}'s episode from {row[E_DECOM]} has PL_POST "
                            f"'{row[E_PL_POST]}', not a postcode")

    def _dropped(self, year: int, tables: Tables, n: int) -> None:
        """An episode open at the last 31 March that this year's export lost, with its child."""
        last_end = year_end(year - 1)
        eps = tables["episodes"]
        count: dict[str, int] = {}
        for r in eps:
            count[r[0]] = count.get(r[0], 0) + 1
        elsewhere = {r[0] for t in ("oc2", "oc3", "ad1", "placed_for_adoption", "previous_permanence")
                     for r in tables[t]}
        candidates = sorted(r[0] for r in eps if count[r[0]] == 1 and r[E_DEC] and r[0] not in elsewhere
                            and r[0] not in self.used and _parse(r[E_DECOM]) <= last_end)
        if not candidates:
            return
        cid = self.rng.choice(candidates)
        decom = next(r[E_DECOM] for r in eps if r[0] == cid)
        for rows in tables.values():
            rows[:] = [r for r in rows if r[0] != cid]
        self.used.add(cid)
        self.log.append(f"{year}: child {cid}'s episode from {decom}, open at 31 March {year - 1} in the "
                        f"{year - 1} return, is missing from the {year} return (and so is the child)")

    def _dec_1_april(self, year: int, tables: Tables, n: int) -> None:
        """An episode that really ended on 1 April after the year, exported as ended in this one."""
        ye = year_end(year)
        candidates = []
        for r in tables["episodes"]:
            if r[E_DEC] or r[0] in self.used:
                continue
            child = self.children[r[0]]
            decom = _parse(r[E_DECOM])
            for p in child.periods:
                if (p.episodes and p.episodes[-1].decom == decom and ye < p.end <= ye + 120
                        and p.rec not in ("E11", "E12")):
                    candidates.append((r, p.rec))
        if candidates:
            row, rec = self.rng.choice(candidates)
            row[E_DEC], row[E_REC] = dmy(ye + 1), rec
            self.used.add(row[0])
            self.log.append(f"{year}/episodes.csv: child {row[0]}'s episode from {row[E_DECOM]} ends on "
                            f"{row[E_DEC]}, the day after the year ends (the next year's return has the real end)")

    def _empty_ad1(self, year: int, tables: Tables, n: int) -> None:
        self.empty_files.add((year, "ad1"))
        lost = len(tables["ad1"])
        self.log.append(f"{year}/ad1.csv: an empty export (one byte, a line break) although "
                        f"{lost} child{'ren were' if lost != 1 else ' was'} adopted that year")


def _insert(rows: list[list[str]], row: list[str]) -> None:
    """Insert in CHILD order, as the export would have it."""
    keys = [r[0] for r in rows]
    rows.insert(bisect_left(keys, row[0]), row)
