"""The code mixes and places a synthetic borough draws from.

Kept apart from the simulation so the shape of the data (how often each code turns up) can be read
and tuned in one place. Every weight here is a plausible order of magnitude for a London borough,
not a published figure. Postcode sectors are real outward codes plus a sector digit, so distances
can be looked up; the boroughs using them are fictional.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate


def ri(rng: random.Random, lo: int, hi: int) -> int:
    """A whole number from lo to hi inclusive (``randint`` is several times slower)."""
    return lo + int(rng.random() * (hi - lo + 1))


def one(rng: random.Random, items: Sequence[str]) -> str:
    """One of ``items`` at random (``choice`` without its overhead)."""
    return items[int(rng.random() * len(items))]


class Weighted:
    """A fixed weighted choice, with cumulative weights computed once (fast and deterministic)."""

    __slots__ = ("items", "pick")

    def __init__(self, pairs: Sequence[tuple[str, float]]) -> None:
        items = [p[0] for p in pairs]
        total = sum(p[1] for p in pairs)
        cum = [c / total for c in accumulate(p[1] for p in pairs)]
        cum[-1] = 2.0  # random() < 1: never past the end

        def pick(rng: random.Random) -> str:
            return items[bisect_right(cum, rng.random())]

        self.items = items
        self.pick = pick


def w(**weights: float) -> Weighted:
    return Weighted(list(weights.items()))


ETHNIC_LOCAL = w(
    WBRI=28, WIRI=1, WIRT=0.5, WROM=1, WOTH=8, MWBC=8, MWBA=3, MWAS=2, MOTH=7, AIND=1, APKN=1,
    ABAN=3, AOTH=2, BCRB=8, BAFR=9, BOTH=4, CHNE=0.3, OOTH=4, REFU=0.3, NOBT=0.7,
)
# Unaccompanied children: Afghan (AOTH), Eritrean and Sudanese (BAFR), Iranian, Iraqi, Kurdish and
# Vietnamese (OOTH), Albanian (WOTH).
ETHNIC_UASC = w(AOTH=30, BAFR=30, OOTH=25, BOTH=5, WOTH=8, NOBT=2)

CIN_LOCAL = w(N1=62, N2=4, N3=3, N4=9, N5=14, N6=3, N7=0.3, N8=4.7)

# Provider by placement type (rule 178): blank for temporary (T0-T4) and Z1 placements.
PROVIDER = {
    "U1": w(PR1=90, PR2=10), "U2": w(PR1=90, PR2=10), "U3": w(PR1=92, PR2=8),
    "U4": w(PR1=55, PR4=40, PR5=5), "U5": w(PR1=70, PR4=25, PR5=5), "U6": w(PR1=50, PR4=45, PR5=5),
    "K1": w(PR2=80, PR1=20), "K2": w(PR4=80, PR1=12, PR5=8), "H5": w(PR4=75, PR1=20, PR5=5),
    "P1": w(PR0=100), "P2": w(PR4=60, PR1=40), "A3": w(PR1=80, PR5=20), "A4": w(PR1=80, PR5=20),
    "A5": w(PR1=80, PR2=10, PR5=10), "A6": w(PR1=75, PR2=10, PR5=15), "R1": w(PR4=100),
    "R2": w(PR3=100), "R3": w(PR4=70, PR5=30), "R5": w(PR3=100), "S1": w(PR4=60, PR5=40),
}

# Where a new placement is, by type: in the borough, a neighbouring area, or far away.
PLACE_DISTANCE = {
    "K1": (0.0, 0.3, 0.7), "K2": (0.2, 0.35, 0.45), "H5": (0.45, 0.45, 0.10),
    "P2": (0.6, 0.35, 0.05), "R1": (0.1, 0.3, 0.6), "R2": (0.3, 0.5, 0.2), "R5": (0.0, 0.4, 0.6),
    "S1": (0.0, 0.3, 0.7), "A5": (0.3, 0.5, 0.2), "A6": (0.1, 0.4, 0.5),
}
FOSTER_DISTANCE = (0.4, 0.45, 0.15)

REASON_MOVE = w(CARPL=34, CREQB=13, CREQO=10, LAREQ=8, CHILD=7, STAND=3, ALLEG=3, CLOSE=5, APPRR=2,
                CUSTOD=1, OTHER=8)
REASON_SAME_CARER = w(PLACE=80, CARPL=20)

REVIEW_PARTICIPATION = w(PN1=60, PN2=8, PN3=5, PN4=5, PN5=7, PN6=8, PN7=7)

SW_REASON = w(LEFTRL=30, MANAGE=18, TSPROC=16, ORGRST=8, ABSENC=6, PCCHAN=8, FCONTA=3, CHCHAN=6,
              OTHERS=5)

LA_CODES = ("202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213",
            "301", "302", "303", "304", "305", "306", "307", "308", "309", "310", "311", "312",
            "313", "314", "315", "316", "317", "318", "319", "320", "867", "868", "872", "886",
            "893", "926", "330", "352")

# Areas of real postcode sectors: a borough lives in one (its first eight are home, the rest its
# neighbours) and its far-away placements are in the others.
AREAS: tuple[tuple[str, ...], ...] = (
    ("N7 6", "N7 7", "N7 8", "N7 9", "N19 4", "N19 5", "N4 3", "N5 1",
     "N16 7", "N16 8", "N17 6", "N15 4", "N8 0", "N22 5", "E5 8", "E8 1", "NW5 1", "NW1 0", "N9 0",
     "N18 1", "EN3 4", "EN1 1", "E17 6", "N10 3"),
    ("SE15 5", "SE15 6", "SE5 7", "SE5 8", "SE22 9", "SE17 2", "SE1 6", "SE16 3",
     "SE8 4", "SE14 6", "SE4 1", "SE13 7", "SE6 2", "SE24 0", "SW9 7", "SW2 1", "SE19 2", "SE25 4",
     "CR0 2", "CR7 8", "SE18 6", "BR1 3"),
    ("E13 8", "E13 9", "E15 4", "E16 1", "E6 2", "E7 9", "E12 5", "E3 4",
     "E14 0", "E1 2", "E2 9", "E10 6", "E11 3", "IG1 2", "IG11 7", "RM8 2", "RM10 8", "E4 8",
     "E9 5", "E17 9", "RM1 3", "IG3 8"),
    ("B21 9", "B23 6", "B10 0", "B11 1", "B20 2", "B8 3", "B9 4", "B12 8",
     "B13 0", "B14 7", "B15 2", "B16 0", "B18 7", "B19 1", "B24 9", "B26 3", "B33 8", "B36 9",
     "WS1 4", "DY4 7", "B66 3", "B70 6"),
    ("LS9 7", "LS8 3", "LS7 3", "LS11 5", "LS12 1", "LS6 1", "LS4 2", "LS14 6",
     "BD3 9", "BD5 0", "WF1 5", "WF17 7", "HX1 5", "HD1 6", "LS27 8", "LS25 1", "BD7 1", "LS15 8",
     "LS10 4", "LS13 2", "WF3 1", "LS28 5"),
    ("M14 5", "M13 0", "M16 7", "M11 4", "M40 7", "M8 0", "M9 4", "M12 5",
     "M18 7", "M19 2", "M20 4", "M21 8", "M22 5", "M23 9", "M4 6", "M6 5", "OL1 3", "SK5 6",
     "BL1 4", "WN1 2", "SK1 3", "M30 0"),
    ("ME7 2", "ME4 6", "ME5 9", "ME8 8", "ME1 2", "ME2 3", "ME10 1", "ME12 1",
     "CT9 5", "CT1 3", "CT11 9", "DA1 2", "DA11 0", "TN23 7", "TN24 0", "CT20 1", "CT19 5",
     "ME14 2", "ME15 6", "ME16 8", "TN34 1", "BN2 1"),
)
HOME_COUNT = 8


def area_for(index: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(home, near, far) sectors for the borough using area ``index``."""
    area = AREAS[index % len(AREAS)]
    far = tuple(s for i, a in enumerate(AREAS) if i != index % len(AREAS) for s in a)
    return area[:HOME_COUNT], area[HOME_COUNT:], far


_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn(rng: random.Random, la: str) -> str:
    """A unique pupil number in the DfE's shape: check letter, LA, school, year, serial."""
    body = la + f"{rng.randint(1000, 7999)}{rng.randint(0, 99):02d}{rng.randint(0, 999):03d}"
    total = sum(int(d) * (i + 2) for i, d in enumerate(body))
    return _UPN_LETTERS[total % 23] + body


_DATE_TEXT: dict[int, str] = {}


def dmy(day: int) -> str:
    """dd/mm/yyyy for a date ordinal (cached: the same few thousand dates recur everywhere)."""
    text = _DATE_TEXT.get(day)
    if text is None:
        d = dt.date.fromordinal(day)
        text = f"{d.day:02d}/{d.month:02d}/{d.year}"
        _DATE_TEXT[day] = text
    return text


def ordinal(year: int, month: int, day: int) -> int:
    return dt.date(year, month, day).toordinal()


def year_start(year: int) -> int:
    """1 April before collection year ``year`` ends (as a date ordinal)."""
    return ordinal(year - 1, 4, 1)


def year_end(year: int) -> int:
    """31 March that ends collection year ``year`` (as a date ordinal)."""
    return ordinal(year, 3, 31)
