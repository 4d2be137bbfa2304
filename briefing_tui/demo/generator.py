"""A synthetic borough: children arriving in care over two decades, then its returns year by year.

Arrivals start 16 years before the first return so that by then the children in care are a
steady-state mix (long-stayers who came in as toddlers, care leavers up to 21; the very few who
would have been in care 16 years or more are replaced by others). The number of arrivals each
month is steered towards the borough's target numbers in care - separately for unaccompanied
asylum-seeking children, a quarter of the demo's - the way a council's gatekeeping and the
national transfer scheme keep its numbers within a band. Returns are then cut from the finished
histories (``cut``) and made a little dirty (``dirt``), one year at a time, so a benchmark of many
boroughs needs the memory of one.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefing_tui.demo import careers, extract, pathways, vocab
from briefing_tui.demo.careers import Child, World
from briefing_tui.demo.cut import CutState, Tables, cut_return
from briefing_tui.demo.dirt import Dirt
from briefing_tui.demo.vocab import one, ri

# Children looked after at 31 March in a borough of size 1.0 (the demo), and the UASC share.
TARGET_CLA = 340
UASC_SHARE = 0.25
# Expected months in care per period (non-UASC, UASC): sets the base arrival rates.
MEAN_MONTHS = (30.0, 22.0)
SHORT_BREAK_CHILDREN = 6
YEARS_BEFORE = 16

_AGE_BAND = vocab.w(baby=22, young=11, primary=8, teen=33, older=27)
_UASC_AGE = vocab.w(a13=8, a14=30, a15=35, a16=20, a17=7)


@dataclass
class Borough:
    """Every simulated child of one borough, in the order their case records were opened."""

    seed: str
    first_year: int
    last_year: int
    world: World
    children: list[Child] = field(default_factory=list)

    def by_id(self) -> dict[str, Child]:
        return {c.id: c for c in self.children}


@dataclass(frozen=True)
class Shape:
    """A borough's size and how its numbers move: the demo's are steady, benchmarks' vary.

    ``size`` scales the demo's 340 children in care; ``uasc_share`` is the part of them who are
    unaccompanied asylum-seeking children; each return year the numbers move by a random step
    (mean ``trend``, spread ``drift``; a random walk when ``walk``), and from 2022 the UASC
    number grows by ``uasc_growth`` a year, as it did nationally.
    """

    size: float = 1.0
    uasc_share: float = UASC_SHARE
    trend: float = 0.0
    drift: float = 0.01
    walk: bool = False
    uasc_growth: float = 0.0

    def targets(self, seed: str, first_year: int, last_year: int) -> dict[int, tuple[float, float]]:
        """Children in care to steer towards at each 31 March (non-UASC, UASC), by return year."""
        rng = random.Random(f"{seed}:shape")
        level, out = 1.0, {}
        for year in range(first_year, last_year + 1):
            step = rng.gauss(self.trend, self.drift)
            factor = level * (1 + step)
            if self.walk:
                level = factor
            uasc = self.uasc_share * (1 + self.uasc_growth) ** max(0, year - 2021)
            out[year] = (TARGET_CLA * self.size * factor * (1 - self.uasc_share),
                         TARGET_CLA * self.size * factor * uasc)
        return out


def simulate(seed: str, first_year: int, last_year: int, *, shape: Shape = Shape(), area: int = 0,
             la: str = "999", extend_to: int = 0) -> Borough:
    """Simulate a borough's children in care from 16 years before ``first_year`` to ``last_year``,
    and on to the day ``extend_to`` (an ordinal) when it is later: the months after ``last_year``
    are simulated after everything up to it is settled (its periods' episodes built), so the years
    up to ``last_year`` come out exactly as a simulation that stopped there (an in-year extract of
    the next year is then consistent with the complete years before it)."""
    rng = random.Random(f"{seed}:histories")
    world = World(rng, area, la)
    borough = Borough(seed, first_year, last_year, world)
    steady = (TARGET_CLA * shape.size * (1 - shape.uasc_share), TARGET_CLA * shape.size * shape.uasc_share)
    yearly = shape.targets(seed, first_year, last_year)
    base = (steady[0] / MEAN_MONTHS[0], steady[1] / MEAN_MONTHS[1])
    ends: tuple[list[int], list[int]] = ([], [])  # sorted end dates of periods in progress, per group
    reentries: list[tuple[int, int]] = []         # (day, index into children)
    ids = _Ids(rng)
    year, month = first_year - YEARS_BEFORE - 1, 4
    stop = vocab.year_end(last_year)
    settled: set[int] | None = None  # the periods built when ``last_year`` ended
    while True:
        t = vocab.ordinal(year, month, 1)
        if t > stop and settled is None:
            settled = _build_shown(world, borough, first_year, set())
        if t > max(stop, extend_to):
            break
        nxt = vocab.ordinal(year + (month == 12), month % 12 + 1, 1)
        for g in (0, 1):
            del ends[g][:bisect_right(ends[g], t)]
        while reentries and reentries[0][0] < nxt:
            day, index = heapq.heappop(reentries)
            child = borough.children[index]
            _enter(world, child, day, ends, reentries, index)
        targets = yearly.get(year + 1 if month >= 4 else year, steady)
        for g in (0, 1):
            # Steer on the number still in care at the month's end (their end dates are known):
            # expect as many arrivals as fill the gap to the target.
            staying = len(ends[g]) - bisect_left(ends[g], nxt)
            rate = max(0.05 * base[g], min(5 * base[g], targets[g] - staying))
            if month == 3:  # the count that is published: keep it within a few of the target
                arrivals = max(0, round(targets[g] - staying + rng.uniform(-3.5, 3.5)))
            else:
                arrivals = _poisson(rng, rate)
            for _ in range(arrivals):
                day = t + int(rng.random() * (nxt - t))
                child = _new_child(world, ids.next(), day, uasc=bool(g))
                borough.children.append(child)
                _enter(world, child, day, ends, reentries, len(borough.children) - 1)
        for _ in range(_poisson(rng, SHORT_BREAK_CHILDREN * shape.size / 60)):
            day = t + int(rng.random() * (nxt - t))
            borough.children.append(_short_break_child(world, ids.next(), day))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    _build_shown(world, borough, first_year, settled or set())
    return borough


def _build_shown(world: World, borough: Borough, first_year: int, done: set[int]) -> set[int]:
    """Episodes for the periods a return will show (not in ``done``, by ``id``), in the children's
    order: the earlier ones were needed only to fill the borough's care population and its care
    leavers, which their dates alone do. Returns every period built so far."""
    shown_from = vocab.year_start(first_year)
    for child in borough.children:
        for period in child.periods:
            if id(period) not in done and period.plan is not None and period.end >= shown_from:
                careers.build(world, child, period)
    return {id(p) for c in borough.children for p in c.periods}


def borough_returns(seed: str, first_year: int, last_year: int, *, shape: Shape = Shape(), area: int = 0,
                    la: str = "999", dirty: bool = True, empty_ad1_year: int | None = None,
                    in_year_to: dt.date | None = None) -> Iterator[tuple[int, Tables, Dirt]]:
    """Each year's return (tables of rows, in column order), with its deliberate problems; then,
    with ``in_year_to``, the next year's in-year extract with data to that day (clean: its problems
    are the complete years'), from the same simulation, so its children are the same children."""
    if in_year_to is not None and vocab.year_end(last_year) < in_year_to.toordinal() <= vocab.year_end(last_year + 1):
        extend = in_year_to.toordinal()
    elif in_year_to is not None:
        raise ValueError(f"an in-year extract to {in_year_to} is not in the year after {last_year}")
    else:
        extend = 0
    borough = simulate(seed, first_year, last_year, shape=shape, area=area, la=la, extend_to=extend)
    outcomes_rng = random.Random(f"{seed}:returns")
    dirt = Dirt(random.Random(f"{seed}:dirt"), borough, enabled=dirty, empty_ad1_year=empty_ad1_year)
    state = CutState.for_borough(borough, through=last_year + (1 if extend else 0),
                                 known_by=vocab.year_end(last_year) if extend else 0)
    for year in range(first_year, last_year + 1):
        tables = cut_return(borough, year, outcomes_rng, state)
        dirt.apply(year, tables)
        yield year, tables, dirt
    if in_year_to is not None:
        yield last_year + 1, extract.cut_rows(cut_return(borough, last_year + 1, outcomes_rng, state), in_year_to), dirt


# --- arrivals ------------------------------------------------------------------------------------

class _Ids:
    """Case-record numbers: rising with each new child, six digits, the oldest with leading zeros."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last = ri(rng, 0, 4000)

    def next(self) -> str:
        self.last += ri(self.rng, 1, 90)
        return f"{self.last % 1_000_000:06d}"


def _poisson(rng: random.Random, lam: float) -> int:
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _new_child(world: World, cid: str, start: int, *, uasc: bool) -> Child:
    rng = world.rng
    if uasc:
        years = int(_UASC_AGE.pick(rng)[1:])
        dob = start - years * 365 - ri(rng, 0, 364) - 1
        if rng.random() < 0.4:  # age assessed: born "1 January"
            jan1 = vocab.ordinal(dt.date.fromordinal(dob).year, 1, 1)
            if careers.birthdays(jan1, 18)[18] > start + 30:
                dob = jan1
        sex = "1" if rng.random() < 0.92 else "2"
        ethnic = vocab.ETHNIC_UASC.pick(rng)
    else:
        band = _AGE_BAND.pick(rng)
        if band == "baby":
            age_days = ri(rng, 0, 6) if rng.random() < 0.45 else ri(rng, 7, 364)
        else:
            lo, hi = {"young": (1, 4), "primary": (5, 9), "teen": (10, 15), "older": (16, 17)}[band]
            age_days = ri(rng, lo * 365 + 1, hi * 365 + 364)
        dob = start - age_days
        sex = "1" if rng.random() < 0.53 else "2"
        ethnic = vocab.ETHNIC_LOCAL.pick(rng)
    child = Child(cid, sex, dob, ethnic, uasc, "", careers.birthdays(dob))
    if child.bdays[18] <= start + 14:  # too old to come into care: make them a little younger
        child.dob = start - 17 * 365 - ri(rng, 0, 200)
        child.bdays = careers.birthdays(child.dob)
    if sex == "2" and not uasc and rng.random() < 0.05:
        child.mother_from = child.bdays[15] + ri(rng, 0, 1000)
    return child


def _enter(world: World, child: Child, day: int, ends: tuple[list[int], list[int]],
           reentries: list[tuple[int, int]], index: int) -> None:
    rng = world.rng
    if child.uasc:
        cin = "N8" if rng.random() < 0.9 else "N4"
        home = world.home[0]
    else:
        cin = vocab.CIN_LOCAL.pick(rng)
        home = child.periods[-1].home_post if child.periods and rng.random() < 0.7 else one(rng, world.home)
    if cin == "N2":
        child.disabled = True
    previous = child.periods[-1] if child.periods else None
    period, again = pathways.care_period(world, child, day, cin, home)
    period.prev_perm = _previous_permanence(world, previous, day, child)
    child.periods.append(period)
    insort(ends[1 if child.uasc else 0], period.end)
    if again:
        heapq.heappush(reentries, (again, index))


def _previous_permanence(world: World, previous: careers.Period | None, start: int,
                         child: Child) -> tuple[str, str, str]:
    rng = world.rng
    if previous is not None and previous.rec in ("E45", "E46", "E47", "E48"):
        return "P2", world.la, vocab.dmy(previous.end)
    if previous is not None and previous.rec == "E41":
        return "P3", world.la, vocab.dmy(previous.end)
    r = rng.random()
    if r < 0.885 or child.uasc or start - child.dob < 400:
        return "Z1", "", ""
    if r < 0.94:
        perm = "P2" if r < 0.925 else "P3"
    elif r < 0.955:
        perm = "P1"
    else:
        return "P4", "", ""
    text = vocab.dmy(max(child.dob + 100, start - ri(rng, 200, 3000)))
    if rng.random() < 0.3:
        text = "zz" + text[2:]  # only the month and year are known
    return perm, one(rng, vocab.LA_CODES), text


def _short_break_child(world: World, cid: str, start: int) -> Child:
    rng = world.rng
    dob = start - ri(rng, 6 * 365, 15 * 365)
    child = Child(cid, "1" if rng.random() < 0.6 else "2", dob, vocab.ETHNIC_LOCAL.pick(rng), False,
                  "", careers.birthdays(dob))
    child.disabled = True
    stop = min(child.bdays[18], start + ri(rng, 3 * 365, 8 * 365))
    child.periods = careers.short_breaks(world, child, start, stop, one(rng, world.home),
                                         agreements=rng.random() < 0.3)
    return child
