"""What a return records about a child in one year beyond their episodes: health and wellbeing
(oc2), care leavers' circumstances (oc3), missing incidents, review participation and social
worker allocations.

These are drawn year by year, when each return is cut, because the DfE collects them for the year
(a care leaver's activity at 19 is not their activity at 20). The rates are the shapes DOMAIN.md
section 6 describes for the demo borough: dental checks low, development checks about 75%,
NEET high among over-19s, about 12% of older children missing in a year.
"""

from __future__ import annotations

import random

from briefing_tui.demo import vocab
from briefing_tui.demo.careers import Child, Period
from briefing_tui.demo.vocab import one, ri, w


def _flag(rng: random.Random, p: float) -> str:
    return "1" if rng.random() < p else "0"


def oc2_values(rng: random.Random, child: Child, age: int, place: str) -> list[str]:
    """SDQ_SCORE .. INTERVENTION_OFFERED for a child in the 12-month cohort, aged ``age`` at 31 March."""
    score, reason = "", ""
    if 4 <= age <= 16:
        r = rng.random()
        if r < 0.8:
            score = str(max(0, min(40, round(rng.gauss(14, 6.5)))))
        elif r < 0.88:
            reason = "SDQ2"
        elif r < 0.93 and child.disabled:
            reason = "SDQ3"
        elif r < 0.96 and age >= 11:
            reason = "SDQ5"
        else:
            reason = "SDQ4"
    else:
        reason = "SDQ1"
    risky = place in ("K2", "H5", "P2", "K1")
    convicted = _flag(rng, 0.05 if risky else 0.015) if age >= 10 else ""
    dev_check = _flag(rng, 0.75) if age < 5 else ""
    substance = _flag(rng, 0.1 if risky else 0.04) if age >= 11 else "0"
    received = offered = ""
    if substance == "1":
        received = _flag(rng, 0.7)
        offered = "0" if received == "1" else _flag(rng, 0.6)
    return [score, reason, convicted, dev_check, _flag(rng, 0.8), _flag(rng, 0.65 if age >= 2 else 0.4),
            _flag(rng, 0.88), substance, received, offered]


_IN_TOUCH_YOUNG = w(YES=84, NO=3, REFU=2.5, NREQ=3, RHOM=7, DIED=0.3)
_IN_TOUCH_OLDER = w(YES=85, NO=5, REFU=3.5, NREQ=4.5, RHOM=1.7, DIED=0.3)
_ACTIV_YOUNG = w(F2=34, P2=4, F1=2, F4=6, P4=1, F5=8, P5=5, G4=5, G5=28, G6=5)
_ACTIV_OLDER = w(F1=9, P1=2, F2=11, P2=3, F4=6, P4=1, F5=16, P5=7, G4=9, G5=28, G6=8)
_ACTIV_UASC = w(F1=8, P1=1, F2=40, P2=5, F4=4, F5=10, P5=5, G4=3, G5=22, G6=2)
_ACCOM_17 = w(D1=36, E1=10, B1=14, U1=10, K1=5, T1=5, C1=4, Y1=4, D2=4, U2=2, B2=2, W2=1, V2=1,
              S2=1, X2=1)
_ACCOM_18 = w(D1=26, E1=10, B1=12, U1=16, Z1=12, K1=4, T1=4, C1=3, Y1=3, D2=3, U2=3, B2=2, W2=1,
              V2=1, S2=1, X2=1)
_ACCOM_OLDER = w(U1=42, Z1=6, B1=12, D1=8, E1=6, K1=6, T1=3, Y1=3, C1=1, U2=4, B2=2, K2=2, S2=1.5,
                 W2=1, V2=1, X2=1.5)


def oc3_values(rng: random.Random, age: int, former_uasc: bool) -> tuple[str, str, str]:
    """IN_TOUCH, ACTIV, ACCOM for a care leaver at their ``age`` birthday (17 to 21)."""
    touch = (_IN_TOUCH_YOUNG if age <= 18 else _IN_TOUCH_OLDER).pick(rng)
    if touch not in ("YES", "NREQ"):
        return touch, "0", "0"
    if former_uasc:
        activ = _ACTIV_UASC.pick(rng)
    else:
        activ = (_ACTIV_YOUNG if age <= 18 else _ACTIV_OLDER).pick(rng)
    if age == 17:
        accom = _ACCOM_17.pick(rng)
    elif age == 18:
        accom = _ACCOM_18.pick(rng)
    else:
        accom = _ACCOM_OLDER.pick(rng)
    return touch, activ, accom


_INCIDENTS = w(n1=40, n2=22, n3=14, n4=10, n5=8, n6=6)


def missing_incidents(rng: random.Random, spans: list[tuple[int, int]], risky: bool, uasc: bool
                      ) -> list[tuple[str, int, int]]:
    """(M or A, start, end or 0) incidents within ``spans`` (days in care this year, aged 10+)."""
    p = (0.18 if risky else 0.045) + (0.03 if uasc else 0.0)
    if not spans or rng.random() >= p:
        return []
    n = int(_INCIDENTS.pick(rng)[1:])
    total = sum(b - a + 1 for a, b in spans)
    days: set[int] = set()
    for _ in range(n):
        k = int(rng.random() * total)
        for a, b in spans:
            if k <= b - a:
                days.add(a + k)
                break
            k -= b - a + 1
    out = []
    for day in sorted(days):
        kind = "M" if rng.random() < 0.65 else "A"
        r = rng.random()
        if r < 0.05:
            end = 0
        elif r < 0.4:
            end = day
        elif r < 0.7:
            end = day + 1
        else:
            end = day + ri(rng, 2, 9)
        out.append((kind, day, end))
    return out


def review_code(rng: random.Random, age: int) -> str:
    return "PN0" if age < 4 else vocab.REVIEW_PARTICIPATION.pick(rng)


def social_workers(rng: random.Random, period: Period, first: int, last: int, pool: list[str]
                   ) -> list[tuple[str, int, int, str]]:
    """(SW_ID, SW_DECOM, SW_DEC or 0, SW_REASON) allocations during ``period`` within first..last."""
    begin = max(period.start, first)
    stop = min(period.end, last)
    if stop <= begin:
        return []
    decom = period.start if period.start >= first else max(period.start, first - ri(rng, 1, 700))
    worker = one(rng, pool)
    out = []
    while True:
        change = max(decom + 1, begin) + int(rng.expovariate(1.1) * 365.25)
        if change >= stop:
            break
        out.append((worker, decom, change, vocab.SW_REASON.pick(rng)))
        decom = change
        previous = worker
        while worker == previous and len(pool) > 1:
            worker = one(rng, pool)
    if period.end <= last:
        out.append((worker, decom, period.end, "CHCHAN"))
    else:
        out.append((worker, decom, 0, ""))
    return out
