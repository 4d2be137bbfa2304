"""Which council a return belongs to: the English councils the DfE knows, the demo, local codes.

Every return is filed under a council, and a figure filed under the wrong one is a wrong figure in
someone's paper. So a council is never assumed: it is named (``--council 302``, ``--council
Barnet``, an ONS code where the list has one, or the settings file), resolved through the list
shipped with the package (``councils.csv``: the DfE's 3-digit number, name, region, the successors
of councils reorganised since 2019) and said back in full ("302 Barnet"). ``DEMO`` is the synthetic
demo borough. Anything else that looks like a code is a council's *local* code: accepted, with the
note that no published comparator can be found for it; a near-miss of a council's name is refused
with the council it probably meant, since filing Barnet's returns under "BARNETT" would hide them.

The bottom layer: no database, no screen; the store records a council's attributes with its
returns (``store.councils``).
"""

from __future__ import annotations

import csv
import difflib
import enum
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from briefing_tui.errors import UserError

DEMO_CODE = "DEMO"
DEMO_NAME = "Demo Borough (synthetic)"
# Children under 18 in the fictional borough (for rates per 10,000; made up, like the rest:
# about 68 per 10,000, near England's 67-70).
DEMO_POPULATION_UNDER_18 = 50_000
# The fictional borough has no DfE number, so no statistical neighbours: it is compared with England
# and this region's published figures (it is shaped like a London borough).
DEMO_REGION = "London (Outer)"

_LOCAL_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}")
_ONS_CODE = re.compile(r"[EeWwSsNn]\d{8}")


class CouncilKind(enum.Enum):
    DFE = "dfe"        # an English council with a DfE LA number: published comparators, neighbours
    DEMO = "demo"      # the synthetic demo borough
    LOCAL = "local"    # a code of the user's own: no published comparators


@dataclass(frozen=True)
class Council:
    """A council as the database and every screen names it."""

    code: str                        # what returns are filed under: "302", "DEMO", or a local code
    name: str
    kind: CouncilKind
    la_number: str | None = None     # the DfE's number (== code for a DfE council)
    region: str | None = None        # as the DfE names it ("Outer London", "North West")
    ons_code: str | None = None
    population_under_18: int | None = None
    replaced_by: tuple[str, ...] = ()   # DfE numbers of the councils that took over (reorganised)
    ended: str = ""                     # last day it existed, ISO, when reorganised away

    @property
    def full(self) -> str:
        """"302 Barnet", "DEMO Demo Borough (synthetic)", "CUMB (local code)"."""
        return f"{self.code} {self.name}" if self.name != self.code else f"{self.code} (local code)"

    @property
    def synthetic(self) -> bool:
        return self.kind is CouncilKind.DEMO

    @property
    def comparable(self) -> bool:
        """Whether published figures can be found for it (by DfE number, or a region to compare with)."""
        return self.la_number is not None or self.region is not None


class CouncilError(UserError):
    """A council named that cannot be told apart, or that is a slip for another."""


@cache
def shipped() -> dict[str, Council]:
    """Every council in the shipped list, by DfE number."""
    out = {}
    text = resources.files(__package__).joinpath("councils.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        number = row["la_number"]
        out[number] = Council(number, row["name"], CouncilKind.DFE, la_number=number, region=row["region"] or None,
                              ons_code=row["ons_code"] or None,
                              replaced_by=tuple(row["replaced_by"].split()), ended=row["ended"])
    return out


@cache
def _aliases() -> dict[str, str]:
    """Every way of writing a council's name (normalised) -> its DfE number."""
    text = resources.files(__package__).joinpath("councils.csv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            out.setdefault(_normal(name), row["la_number"])
    return out


def _normal(name: str) -> str:
    """A name as compared: lower case, '&' as 'and', punctuation and "council" words dropped."""
    text = name.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    words = [w for w in text.split() if w not in ("council", "borough", "county", "city", "of", "the", "london")]
    return " ".join(words) or " ".join(text.split())


def demo() -> Council:
    return Council(DEMO_CODE, DEMO_NAME, CouncilKind.DEMO, region=DEMO_REGION,
                   population_under_18=DEMO_POPULATION_UNDER_18)


def local(code: str) -> Council:
    return Council(code, code, CouncilKind.LOCAL)


def for_code(code: str) -> Council:
    """The council a stored code stands for (never refused: the code was accepted when stored)."""
    if code == DEMO_CODE:
        return demo()
    return shipped().get(code) or local(code)


def recode(stored: str) -> Council:
    """The council a code stored by an older version stands for. Older versions filed returns under
    the code exactly as typed ("E09000003", "Barnet", "camden", "test"), which ``resolve`` now reads
    as 302, 302, 202 and TEST: never refused, a code it cannot read stays a local code as it was."""
    try:
        return resolve(stored)
    except CouncilError:
        return local(stored)


def resolve(text: str) -> Council:
    """The council ``text`` names: a DfE number, a council's name, an ONS code, DEMO, or a local code.

    Refused: nothing, a code that cannot be one (spaces, symbols), or a near-miss of a council's
    name (with the council it probably meant)."""
    given = (text or "").strip()
    if not given:
        raise CouncilError("name the council: --council 302 | Barnet (its DfE number or name)")
    if given.upper() == DEMO_CODE:
        return demo()
    councils = shipped()
    if given.isdigit() and given.zfill(3) in councils and len(given) <= 3:
        return councils[given.zfill(3)]
    if _ONS_CODE.fullmatch(given):
        for council in councils.values():
            if council.ons_code == given.upper():
                return council
    number = _aliases().get(_normal(given))
    if number is not None:
        return councils[number]
    near = difflib.get_close_matches(_normal(given), list(_aliases()), n=1, cutoff=0.8)
    if near and not given.isdigit():
        meant = councils[_aliases()[near[0]]]
        raise CouncilError(f"{given!r} is not an English council's name or DfE number: did you mean "
                           f"{meant.full} (--council {meant.code})?")
    if not _LOCAL_CODE.fullmatch(given):
        raise CouncilError(f"{given!r} is not a council: give its DfE number or name (--council 302 | Barnet), "
                           "or a local code of letters and digits (up to 20, no spaces)")
    return local(given.upper())


def local_note(council: Council) -> str:
    """What a user should know about a council filed under a local code ("" for the others)."""
    if council.kind is not CouncilKind.LOCAL:
        return ""
    return (f"{council.code} is not an English council's DfE number or name, so it is kept as a local code: "
            "published comparators (England, region, statistical neighbours) are not available for it "
            "unless its settings give a DfE number or region ([councils.\"" + council.code + "\"] la_number)")
