"""One child's care history: periods of care made of episodes, as a case record builds them up.

A return is only a slice of a history that started before it and goes on after it, so the
generator simulates whole histories first and cuts the returns afterwards (``generator``). Each
period follows a care pathway chosen at entry (``pathways``): planned legal and placement changes,
to which ``Builder`` adds random placement moves and short temporary placements, and an exit with
its reason. Every change of legal status, placement or carer opens a new episode, the way a case
system records it (DOMAIN.md section 2), with the RNE, REC X1 and REASON_PLACE_CHANGE it implies.

Dates are day ordinals (``date.toordinal()``): arithmetic is cheap and they are formatted once, on
output. All randomness comes from the borough's ``random.Random``, in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from briefing_tui.demo import vocab
from briefing_tui.demo.vocab import one, ri, w

TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
NO_PROVIDER = TEMPORARY | {"Z1"}
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
RELATIVES = frozenset({"U1", "U2", "U3"})
ADOPTION_PLACES = frozenset({"A3", "A4", "A5", "A6"})
AT_18 = "at 18"  # a period that ends on the 18th birthday: its REC is chosen when it is built
HOME_REC = frozenset({"E4A", "E4B", "E13", "E41"})
SGO_REC = ("E45", "E46", "E47", "E48")
# Exits after which a young person is not a care leaver: adopted, special guardianship, child
# arrangements order, died, transferred, moved abroad, or found to be an adult.
NOT_LEAVER_REC = frozenset({"E11", "E12", "E41", "E45", "E46", "E47", "E48", "E2", "E3", "E15", "E16"})

# A planned change in a period of care: (day, kind, its argument), the argument's shape set by the
# kind (a code, a legal status and placement, ...: Builder._apply)
PlannedEvent = tuple[int, str, Any]


@dataclass(slots=True)
class Placement:
    place: str
    provider: str
    post: str
    urn: str


@dataclass(slots=True)
class Episode:
    decom: int
    rne: str
    ls: str
    place: str
    provider: str
    pl_post: str
    urn: str
    dec: int = 0
    rec: str = ""
    reason: str = ""
    planned: bool = False


@dataclass(slots=True)
class Period:
    """A period of care. Its episodes are built from ``plan`` only if a return will show them."""

    start: int
    end: int
    rec: str  # AT_18 until built: the reason for leaving at 18 depends on the last placement
    cin: str
    home_post: str
    episodes: list[Episode] = field(default_factory=list)
    plan: tuple[str, str, list[PlannedEvent]] | None = None  # (first LS, first PLACE, planned events) until built
    reviews: list[int] | None = None  # drawn when a return first needs them
    short_break: bool = False
    prev_perm: tuple[str, str, str] = ("Z1", "", "")


@dataclass(slots=True)
class Adoption:
    decision: int
    match: int
    order: int
    foster_carer: bool
    adopters: int
    sex: str
    status: str


@dataclass(slots=True)
class Decision:
    """A decision that the child should be placed for adoption, and whether it was reversed."""

    placed: int
    ceased: int = 0
    reason: str = ""


@dataclass(slots=True)
class Child:
    id: str
    sex: str
    dob: int
    ethnic: str
    uasc: bool
    upn: str
    bdays: list[int]
    periods: list[Period] = field(default_factory=list)
    adoption: Adoption | None = None
    decisions: list[Decision] = field(default_factory=list)
    duc: int = 0
    mother_from: int = 0
    disabled: bool = False

    def age(self, day: int) -> int:
        return bisect_right(self.bdays, day) - 1


def _jan1(year: int) -> int:
    """Ordinal of 1 January ``year`` (proleptic Gregorian, as ``date.toordinal``)."""
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400 + 1


def _leap(year: int) -> int:
    return 1 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 0


_BASE_YEAR = 1900
_JAN1 = [_jan1(y) for y in range(_BASE_YEAR, 2200)]
_MAR1 = [_jan1(y) + 59 + _leap(y) for y in range(_BASE_YEAR, 2200)]


def birthdays(dob: int, upto: int = 22) -> list[int]:
    """Ordinals of birthdays 0..upto (29 February birthdays fall on 1 March in other years)."""
    d = dt.date.fromordinal(dob)
    i = d.year - _BASE_YEAR
    if d.month <= 2:  # same day of the year every year (29 February lands on 1 March)
        doy = dob - _JAN1[i]
        return [_JAN1[i + k] + doy for k in range(upto + 1)]
    since_mar1 = dob - _MAR1[i]
    return [_MAR1[i + k] + since_mar1 for k in range(upto + 1)]


class World:
    """What every child in one borough shares: its random stream, places and providers."""

    def __init__(self, rng: random.Random, area: int, la: str) -> None:
        self.rng = rng
        self.home, self.near, self.far = vocab.area_for(area)
        self.la = la
        self.homes = [f"SC{ri(rng, 30000, 499999):06d}" for _ in range(30)]
        self.semi = [f"SC{ri(rng, 500000, 999999):06d}" for _ in range(20)]
        self.secure = [f"SC{ri(rng, 30000, 99999):06d}" for _ in range(4)]

    def post(self, place: str, home_post: str) -> str:
        if place == "P1":
            return home_post
        rng = self.rng
        near_far = vocab.PLACE_DISTANCE.get(place, vocab.FOSTER_DISTANCE)
        r = rng.random()
        if r < near_far[0]:
            return one(rng, self.home)
        if r < near_far[0] + near_far[1]:
            return one(rng, self.near)
        return one(rng, self.far)

    def placement(self, place: str, home_post: str) -> Placement:
        provider = "" if place in NO_PROVIDER else vocab.PROVIDER[place].pick(self.rng)
        urn = ""
        if place == "K2":
            urn = one(self.rng, self.homes)
        elif place == "H5":
            urn = one(self.rng, self.semi)
        elif place == "K1":
            urn = one(self.rng, self.secure)
        return Placement(place, provider, self.post(place, home_post), urn)


# --- placement moves ---------------------------------------------------------------------------

# Hazard of an unplanned move, per year, by placement type (adoptive placements do not move: the
# few that disrupt in real life would need their adoption records unpicked too).
MOVE_RATE = {
    "U1": 0.07, "U2": 0.1, "U3": 0.18, "U4": 0.1, "U5": 0.15, "U6": 0.5, "K1": 1.6, "K2": 0.6,
    "H5": 0.45, "P2": 0.5, "P1": 0.06, "R1": 0.3, "R2": 2.5, "R3": 1.5, "R5": 0.6, "S1": 0.2,
    "Z1": 1.2,
}
TEMP_RATE = 0.05

_NEXT_YOUNG = w(U6=80, U4=6, U3=11, K2=2, R2=1)
_NEXT_TEEN = w(U6=58, K2=30, U3=5, S1=2, K1=1.5, Z1=1.5, R2=2)
_NEXT_OLDER = w(U6=32, H5=38, K2=20, P2=4, Z1=2, R2=2, U3=2)
_NEXT_RESI_TEEN = w(K2=55, U6=30, S1=5, K1=5, R2=3, Z1=2)
_NEXT_RESI_OLDER = w(K2=35, H5=45, U6=10, P2=5, K1=2, Z1=3)
_NEXT_SEMI = w(H5=72, P2=8, K2=12, U6=5, R2=3)
_TEMP = w(T1=40, T2=20, T3=25, T4=15)


def next_place(rng: random.Random, current: str, age: int) -> str:
    if current in ("H5", "P2") and age >= 16:
        return _NEXT_SEMI.pick(rng)
    if current in FOSTER or current in ADOPTION_PLACES or current == "P1" or age < 11:
        table = _NEXT_YOUNG if age < 11 else (_NEXT_TEEN if age < 16 else _NEXT_OLDER)
    else:
        table = _NEXT_RESI_TEEN if age < 16 else _NEXT_RESI_OLDER
    place = table.pick(rng)
    if place == "S1" and age < 8:
        place = "U6"
    return place


_FIRST_UASC_YOUNG = w(U6=85, K2=10, U3=5)
_FIRST_UASC_15 = w(U6=75, K2=10, U3=5, H5=10)
_FIRST_UASC_OLDER = w(H5=58, U6=30, K2=6, P2=6)
_FIRST_CHILD = w(U6=74, U3=24, K2=1, R2=1)
_FIRST_TEEN = w(U6=60, K2=27, U3=9, R2=2, K1=1, Z1=1)
_FIRST_OLDER = w(U6=34, H5=40, K2=20, P2=4, U3=2)


def first_place(rng: random.Random, age: int, uasc: bool) -> str:
    if uasc:
        if age < 16:
            return (_FIRST_UASC_15 if age >= 15 else _FIRST_UASC_YOUNG).pick(rng)
        return _FIRST_UASC_OLDER.pick(rng)
    if age < 11:
        return _FIRST_CHILD.pick(rng)
    if age < 16:
        return _FIRST_TEEN.pick(rng)
    return _FIRST_OLDER.pick(rng)


# --- building a period -------------------------------------------------------------------------

class Builder:
    """Accumulates a period's episodes as changes happen, in date order."""

    def __init__(self, world: World, child: Child, start: int, ls: str, place: str, cin: str,
                 home_post: str) -> None:
        self.world = world
        self.child = child
        self.rng = world.rng
        self.home_post = home_post
        self.cin = cin
        self.start = start
        p = world.placement(place, home_post)
        self.eps = [Episode(start, "S", ls, p.place, p.provider, p.post, p.urn)]

    @property
    def last(self) -> Episode:
        return self.eps[-1]

    def _new(self, day: int, *, ls: str | None = None, placement: Placement | None = None,
             same_carer: bool = False, planned: bool = False) -> None:
        last = self.eps[-1]
        legal = ls is not None and ls != last.ls
        if not legal and placement is None:
            return
        if day <= last.decom:
            # Two changes on one day are one episode: fold this change into it.
            if legal:
                last.ls = ls  # type: ignore[assignment]
            if placement is not None:
                last.place, last.provider, last.pl_post, last.urn = (
                    placement.place, placement.provider, placement.post, placement.urn)
            if last.rne != "S":
                moved = last.rne in ("P", "B") or (placement is not None and not same_carer)
                same = last.rne in ("T", "U") or (placement is not None and same_carer)
                legal_any = last.rne in ("L", "B", "U") or legal
                last.rne = _rne(legal_any, moved, same and not moved)
            last.planned = last.planned or planned
            return
        if placement is None:
            placement = Placement(last.place, last.provider, last.pl_post, last.urn)
            rne = "L"
        else:
            rne = _rne(legal, not same_carer, same_carer)
        last.dec, last.rec = day, "X1"
        self.eps.append(Episode(day, rne, ls or last.ls, placement.place, placement.provider,
                                placement.post, placement.urn, planned=planned))

    def legal(self, day: int, ls: str) -> None:
        self._new(day, ls=ls)

    def move(self, day: int, place: str, *, ls: str | None = None, planned: bool = True) -> None:
        self._new(day, ls=ls, placement=self.world.placement(place, self.home_post), planned=planned)

    def same_carer(self, day: int, place: str, *, ls: str | None = None) -> None:
        last = self.last
        self._new(day, ls=ls, placement=Placement(place, last.provider if place != "A5" else
                                                   vocab.PROVIDER["A5"].pick(self.rng),
                                                   last.pl_post, ""),
                  same_carer=True, planned=True)

    def temporary(self, day: int, until: int) -> None:
        """A few days in hospital or on holiday, then back to the same carer."""
        back = self.last
        code = _TEMP.pick(self.rng)
        self._new(day, placement=Placement(code, "", self.world.post("T1", self.home_post), ""))
        self._new(until, placement=Placement(back.place, back.provider, back.pl_post, back.urn))

    def run(self, events: list[PlannedEvent], end: int, rec_at_end: str) -> list[Episode]:
        """Apply planned ``events`` (day, kind, arg) with random moves between them; end the period."""
        rng = self.rng
        child = self.child
        t = self.start
        for day, kind, arg in events + [(end, "end", None)]:
            while True:
                place = self.last.place
                rate = MOVE_RATE.get(place, 0.3)
                if len(self.eps) == 1 and place == "U6":
                    rate *= 2.2  # emergency placements rarely last
                if place in TEMPORARY or place in ADOPTION_PLACES:
                    break  # back to the carer in days; adoptive placements rarely disrupt
                gap = rng.expovariate(rate + TEMP_RATE) * 365.25
                m = t + 1 + int(gap)
                if m >= day - 1:
                    break
                if rng.random() < TEMP_RATE / (rate + TEMP_RATE):
                    until = m + ri(rng, 2, 12)
                    if until < day - 1:
                        self.temporary(m, until)
                        t = until
                        continue
                    break
                self.move(m, next_place(rng, place, child.age(m)), planned=False)
                t = m
            if kind == "end":
                break
            self._apply(day, kind, arg)
            t = max(t, day)
        last = self.last
        if end <= last.decom:  # a change fell on the last day: the period ends with it instead
            if len(self.eps) > 1:
                self.eps.pop()
                last = self.last
        last.dec = end
        if rec_at_end == AT_18:
            rec_at_end = rec_at_18(rng, last, child.disabled, child.uasc)
        last.rec = rec_at_end
        self._reasons()
        return self.eps

    def _apply(self, day: int, kind: str, arg: Any) -> None:
        last = self.last
        if kind == "ls":
            # A new order often comes with a move (B), or makes the same carer's placement
            # long-term (U); most legal changes leave the placement alone (L).
            r = self.rng.random()
            movable = last.place in FOSTER or last.place in ("K2", "H5")
            if r < 0.12 and movable:
                self.move(day, next_place(self.rng, last.place, self.child.age(day)), ls=arg)
            elif r < 0.3 and arg == "C2" and last.place in ("U6", "U3"):
                self.same_carer(day, "U4" if last.place == "U6" else "U1", ls=arg)
            else:
                self.legal(day, arg)
        elif kind == "move":
            self.move(day, arg)
        elif kind == "same":
            src, dst = arg
            if last.place in src:
                self.same_carer(day, dst)
        elif kind == "semi":
            if last.place in FOSTER or last.place == "K2":
                self.move(day, "H5" if self.rng.random() < 0.9 else "P2")
        elif kind == "adopt":
            ls, place = arg
            if place == "A5":
                self.same_carer(day, place, ls=ls)
            else:
                self.move(day, place, ls=ls)
        elif kind == "move_ls":
            ls, place = arg
            self.move(day, place, ls=ls)

    def _reasons(self) -> None:
        rng = self.rng
        eps = self.eps
        for ep, nxt in zip(eps, eps[1:]):
            if nxt.rne not in ("P", "B", "T", "U") or ep.place in TEMPORARY or nxt.place in TEMPORARY:
                continue
            if nxt.rne in ("T", "U"):
                ep.reason = vocab.REASON_SAME_CARER.pick(rng)
            elif nxt.planned and rng.random() < 0.8:
                ep.reason = "CARPL"
            else:
                ep.reason = vocab.REASON_MOVE.pick(rng)


def build(world: World, child: Child, period: Period) -> None:
    """Turn a period's plan into its episodes (random moves, placements, reasons, REC at 18)."""
    if period.plan is None:
        return
    ls0, place0, events = period.plan
    b = Builder(world, child, period.start, ls0, place0, period.cin, period.home_post)
    period.episodes = b.run(events, period.end, period.rec)
    period.rec = period.episodes[-1].rec
    period.plan = None


def _rne(legal: bool, moved: bool, same: bool) -> str:
    if moved:
        return "B" if legal else "P"
    if same:
        return "U" if legal else "T"
    return "L"


# --- leaving at 18 ------------------------------------------------------------------------------

_NEET_REC = w(E5=55, E6=12, E8=14, E13=10, E4A=9)
_REC_UASC_18 = w(E5=68, E6=18, E8=10, E13=4)


def rec_at_18(rng: random.Random, ep: Episode, disabled: bool, uasc: bool) -> str:
    if disabled and rng.random() < 0.55:
        return "E7"
    if ep.place in FOSTER and rng.random() < (0.3 if not uasc else 0.15):
        return "E17"
    if uasc:
        return _REC_UASC_18.pick(rng)
    return _NEET_REC.pick(rng)


# --- reviews and short breaks ------------------------------------------------------------------

def reviews(rng: random.Random, start: int, end: int) -> list[int]:
    """Statutory reviews: within 20 working days, then 3 months, then every 6 months (~15% late)."""
    out: list[int] = []
    due_gap = ((10, 28, 50), (60, 91, 130), (140, 182, 230))
    prev = start
    k = 0
    while True:
        lo, due, hi = due_gap[min(k, 2)]
        day = prev + (ri(rng, due + 1, hi) if rng.random() < 0.15 else ri(rng, lo, due))
        if day >= end:
            return out
        out.append(day)
        prev = day
        k += 1


def short_breaks(world: World, child: Child, start: int, stop: int, home_post: str,
                 agreements: bool) -> list[Period]:
    """A disabled child's agreed series of short breaks (V3 each break, V4 one per agreement)."""
    rng = world.rng
    out = []
    place = "K2" if rng.random() < 0.6 else "U6"
    day = start
    while day < stop:
        length = min(365, stop - day) if agreements else ri(rng, 1, 4)
        end = min(day + length, stop)
        if end <= day:
            break
        p = world.placement(place, home_post)
        ep = Episode(day, "S", "V4" if agreements else "V3", p.place, p.provider, p.post, p.urn,
                     dec=end, rec="E8" if agreements else "E4A")
        out.append(Period(day, end, ep.rec, "N2", home_post, [ep], short_break=True))
        day = end + (1 if agreements else ri(rng, 18, 60))
    return out

