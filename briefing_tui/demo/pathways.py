"""Care pathways: how a period of care unfolds, chosen when a child comes into care.

A short stay that ends at home; care proceedings (interim then full care order) ending in
adoption, a special guardianship order, a return home or long-term care to 18; a teenager
accommodated under section 20; a remand; an unaccompanied asylum-seeking child, usually until 18.
Each pathway is a plan - the first legal status and placement, dated legal and placement changes,
the end date and its reason - which ``careers.build`` turns into episodes when a return needs them.
Proportions and durations are plausible shapes, tuned so the demo borough matches DOMAIN.md
section 6 (about 340 in care, 100-190 starts, 36% aged 16-17, a quarter UASC).
"""

from __future__ import annotations

import random

from briefing_tui.demo.careers import (
    AT_18,
    FOSTER,
    HOME_REC,
    RELATIVES,
    SGO_REC,
    Adoption,
    Child,
    Decision,
    Period,
    PlannedEvent,
    World,
    first_place,
)
from briefing_tui.demo.vocab import ri, w

_REMAND_PLACE = w(R5=40, K1=15, U6=25, K2=20)
_REC_SHORT = w(E4A=50, E4B=22, E13=12, E8=8, E41=4, E3=2, E16=1)
_REC_SHORT_OLDER = w(E4B=30, E13=25, E4A=25, E8=12, E5=8)
_REC_EARLY_LONG = w(E45=25, E46=15, E4A=30, E4B=8, E13=10, E41=6, E8=6)
_REC_SGO = w(E46=45, E47=35, E48=20)
_REASON_CEASED = w(RD1=30, RD2=10, RD3=35, RD4=25)
# Adopters' legal status: L0 single (M1/F1); L11 and L3 a couple of different sexes (MF, rules
# 517 and 520); L12, L2 and L4 a couple of the same sex (MM/FF).
_ADOPTERS = w(L11=62, L12=6, L2=6, L3=22, L4=4)


days = ri


def short_stay(rng: random.Random, age: int) -> int:
    median = 80 if age < 10 else (110 if age < 14 else (160 if age < 16 else 220))
    return max(2, min(720, int(rng.lognormvariate(0, 1.0) * median)))


def care_period(world: World, child: Child, start: int, cin: str, home_post: str) -> tuple[Period, int]:
    """Simulate one period of care from ``start``; returns it and a re-entry date (0 for none)."""
    rng = world.rng
    age = child.age(start)
    b18 = child.bdays[18]
    events: list[PlannedEvent] = []
    if child.uasc:
        return _uasc(world, child, start, cin, home_post)

    r = rng.random()
    if age >= 16:
        path = "short" if r < 0.5 else ("s20" if r < 0.95 else "remand")
    elif age >= 10:
        path = "short" if r < 0.38 else ("proceedings" if r < 0.76 else ("s20" if r < 0.95 else "remand"))
        if path == "remand" and age < 12:
            path = "s20"
    else:
        path = "short" if r < (0.15 if age < 1 else 0.3) else "proceedings"

    rec: str
    reentry_p = 0.0
    if path == "short":
        ls0 = "V2" if rng.random() < 0.92 else "C1"
        place0 = first_place(rng, age, False)
        end = start + short_stay(rng, age)
        rec = (_REC_SHORT_OLDER if age >= 16 else _REC_SHORT).pick(rng)
        if rec == "E41" and age >= 14:
            rec = "E4A"
        if rec == "E5" and age < 17:
            rec = "E4B"
        reentry_p = 0.2 if age < 15 else 0.08
    elif path == "s20":
        ls0 = "V2"
        place0 = first_place(rng, age, False)
        if rng.random() < 0.75:
            end = b18
            rec = AT_18
        else:
            end = start + max(30, int(rng.lognormvariate(0, 0.7) * 420))
            rec = (_REC_SHORT_OLDER if age >= 15 else _REC_SHORT).pick(rng)
            if rec == "E41":
                rec = "E4A"
            if rec == "E5" and child.age(min(end, b18)) < 17:
                rec = "E4B"
            reentry_p = 0.05
        if rng.random() < 0.3:
            c1 = start + days(rng, 30, 200)
            events += [(c1, "ls", "C1"), (c1 + days(rng, 120, 300), "ls", "C2")]
        _semi(rng, child, events, 0.45)
    elif path == "remand":
        ls0 = "J1"
        place0 = _REMAND_PLACE.pick(rng)
        end = start + days(rng, 10, 150)
        x = rng.random()
        if x < 0.72:
            rec = "E14"
        elif x < 0.85:
            rec = "E9"
        else:
            events.append((end, "move_ls", ("V2", "K2" if rng.random() < 0.5 else "U6")))
            end = end + max(30, int(rng.lognormvariate(0, 0.8) * 200))
            rec = _REC_SHORT_OLDER.pick(rng)
            if rec == "E5" and child.age(min(end, b18)) < 17:
                rec = "E13"
    else:
        ls0, place0, end, rec, reentry_p = _proceedings(world, child, start, age, events)

    if end > b18:
        end = b18
        rec = AT_18
    events = _tidy(events, start, end)
    period = Period(start, end, rec, cin, home_post, plan=(ls0, place0, events))
    again = 0
    if period.rec in HOME_REC and rng.random() < reentry_p:
        again = end + days(rng, 60, 1100)
        if again >= child.bdays[17]:
            again = 0
    elif period.rec in SGO_REC and rng.random() < 0.04:
        again = end + days(rng, 200, 2000)
        if again >= child.bdays[17]:
            again = 0
    return period, again


def _semi(rng: random.Random, child: Child, events: list[PlannedEvent], p: float) -> None:
    if rng.random() < p:
        events.append((child.bdays[16] + days(rng, 0, 500), "semi", None))


_OUTCOMES = (  # adopt, sgo, home, long: by age band
    (0, (0.65, 0.16, 0.09, 0.10)),
    (1, (0.4, 0.25, 0.15, 0.2)),
    (3, (0.15, 0.30, 0.22, 0.33)),
    (5, (0.03, 0.24, 0.25, 0.48)),
    (10, (0.0, 0.08, 0.27, 0.65)),
)


def _proceedings(world: World, child: Child, start: int, age: int,
                 events: list[PlannedEvent]) -> tuple[str, str, int, str, float]:
    rng = world.rng
    b18 = child.bdays[18]
    r = rng.random()
    if r < 0.35:
        ls0, c1 = "C1", start
    elif r < 0.82:
        ls0, c1 = "V2", start + days(rng, 14, 150)
    else:
        police = rng.random() < 0.3
        ls0, c1 = ("L1", start + days(rng, 1, 3)) if police else ("L2", start + days(rng, 3, 8))
    if c1 != start:
        events.append((c1, "ls", "C1"))
    fh = c1 + (days(rng, 150, 330) if rng.random() < 0.8 else days(rng, 330, 600))
    probs = next(p for lo, p in reversed(_OUTCOMES) if age >= lo)
    x = rng.random()
    outcome = "adopt" if x < probs[0] else ("sgo" if x < probs[0] + probs[1] else (
        "home" if x < probs[0] + probs[1] + probs[2] else "long"))
    place0 = first_place(rng, age, False)
    reentry_p = 0.0
    if outcome == "adopt":
        ffa = age < 2 and rng.random() < 0.15
        if ffa:
            place0 = "U5"
        decision = c1 + days(rng, 90, max(91, fh - c1 - 20))
        events.append((fh, "ls", "E1"))
        if rng.random() < 0.1:
            ceased = fh + days(rng, 60, 400)
            child.decisions.append(Decision(decision, ceased, _REASON_CEASED.pick(rng)))
            events.append((ceased, "ls", "C2"))
            events.append((ceased + days(rng, 30, 200), "same", (("U6",), "U4")))
            end, rec = _long_end(rng, child, ceased)
            _semi(rng, child, events, 0.35)
            return ls0, place0, end, rec, 0.0
        child.decisions.append(Decision(decision))
        match = fh + days(rng, 40, 120) + int(rng.expovariate(1 / 90))
        placed = match + days(rng, 7, 42)
        by_carer = ffa or rng.random() < 0.1
        events.append((placed, "adopt", ("E1", "A5" if by_carer else "A6")))
        order = placed + days(rng, 120, 420)
        pair = rng.random() < 0.85
        if pair:
            status = _ADOPTERS.pick(rng)
            sex = "MF" if status in ("L11", "L3") else ("MM" if rng.random() < 0.5 else "FF")
        else:
            status, sex = "L0", ("F1" if rng.random() < 0.85 else "M1")
        child.adoption = Adoption(decision, match, order, by_carer, 2 if pair else 1, sex, status)
        rec = "E11" if rng.random() < 0.7 else "E12"
        return ls0, place0, order, rec, 0.0
    if outcome == "sgo":
        relatives = place0 in RELATIVES
        if not relatives and rng.random() < 0.6:
            events.append((c1 + days(rng, 20, max(21, fh - c1 - 10)), "move", "U3"))
            relatives = True
        if rng.random() < 0.6:
            end = fh
        else:
            events.append((fh, "ls", "C2"))
            end = fh + days(rng, 90, 500)
        return ls0, place0, end, "E45" if relatives else _REC_SGO.pick(rng), 0.02
    if outcome == "home":
        if rng.random() < 0.8:
            events.append((fh, "ls", "C2"))
            p1 = fh + days(rng, 0, 120)
            events.append((p1, "move", "P1"))
            end = p1 + days(rng, 120, 500)
            rec = "E4A" if rng.random() < 0.88 else "E41"
        else:
            end = fh
            rec = "E4A" if rng.random() < 0.8 else "E41"
        return ls0, place0, end, rec, 0.12
    events.append((fh, "ls", "C2"))
    if rng.random() < 0.6:
        events.append((fh + days(rng, 30, 240), "same", (("U6",), "U4")))
    elif rng.random() < 0.5:
        events.append((fh + days(rng, 30, 240), "same", (("U3",), "U1")))
    end, rec = _long_end(rng, child, fh)
    _semi(rng, child, events, 0.35)
    if end < b18:
        reentry_p = 0.1
    return ls0, place0, end, rec, reentry_p


def _long_end(rng: random.Random, child: Child, since: int) -> tuple[int, str]:
    b18 = child.bdays[18]
    if rng.random() < 0.22 and since + 200 < b18:
        end = since + days(rng, 180, max(181, min(b18 - since - 1, 2500)))
        rec = _REC_EARLY_LONG.pick(rng)
        if rec == "E41" and child.age(end) >= 14:
            rec = "E4A"
        return end, rec
    return b18, AT_18


def _uasc(world: World, child: Child, start: int, cin: str, home_post: str) -> tuple[Period, int]:
    rng = world.rng
    age = child.age(start)
    b18 = child.bdays[18]
    place0 = first_place(rng, age, True)
    events: list[PlannedEvent] = []
    x = rng.random()
    rec: str
    if x < 0.06:
        end, rec = start + days(rng, 7, 60), "E3"   # national transfer scheme
    elif x < 0.13:
        end, rec = start + days(rng, 14, 200), "E15"  # age assessed as 18 or over
    elif x < 0.17:
        end, rec = start + days(rng, 30, 600), "E8"
    elif x < 0.18:
        end, rec = start + days(rng, 60, 500), "E16"
    else:
        end, rec = b18, AT_18
    if end >= b18:
        end, rec = b18, AT_18
    if place0 in FOSTER:
        _semi(rng, child, events, 0.45)
    events = _tidy(events, start, end)
    period = Period(start, end, rec, cin, home_post, plan=("V2", place0, events))
    child.duc = end if rec == "E15" else b18
    return period, 0


def _tidy(events: list[PlannedEvent], start: int, end: int) -> list[PlannedEvent]:
    """Planned events in date order, one a day, strictly inside the period."""
    out = []
    last = start
    for day, kind, arg in sorted(events, key=lambda e: e[0]):
        day = max(day, last + 1)
        if day >= end:
            break
        out.append((day, kind, arg))
        last = day
    return out
