"""Valid codes for each coded column, by collection year.

Sources: DOMAIN.md section 2 and the public DfE validator (``lac_validator``, rule numbers given
beside each list). A code from another year's list is a data-quality *finding*, never an error:
real exports carry old codes (F3/P3, H5 after 2025) and the rest of the return is still good.
Codes are compared upper-case (the validator's own 2024-25 PLACE list spells K3 as ``k3``, which
after its own upper-casing rejects K3 in 2025: a typo, so K3 is taken as valid from 2025, as
DOMAIN.md and rule 371 say).

The validator's earliest rule set is 2022-23 (collection year 2023); for earlier years the 2023
lists are carried back. Codes retired before 2017 and absent from every rule set (ACTIV F3/P3,
REC E43/E44) are therefore findings in every year loaded here: the indicators still count F3/P3
as EET, as DOMAIN.md section 3 says.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """Codes valid from collection year ``first`` to ``last`` (inclusive; None = open-ended)."""

    first: int | None
    last: int | None
    codes: frozenset[str]

    def covers(self, year: int) -> bool:
        return (self.first is None or year >= self.first) and (self.last is None or year <= self.last)


def _always(*codes: str) -> tuple[Span, ...]:
    return (Span(None, None, frozenset(codes)),)


ETHNIC = (
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)
_PLACE_CORE = (
    "A3", "A4", "A5", "A6", "K1", "K2", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6",
)
_ACCOM_LETTERS = "BCDEGHKRTUVWYZ"
ACCOM = tuple(f"{letter}{d}" for letter in _ACCOM_LETTERS for d in "12") + ("S2", "X2", "0")
_EET_NOW = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
_NEET = ("G4", "G5", "G6", "0")
_REC_CORE = (
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6",
    "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
)

CODE_LISTS: dict[tuple[str, str], tuple[Span, ...]] = {
    # rule 101: 1/2 until 2023-24, M/F/U from 2024-25
    ("header", "SEX"): (Span(None, 2024, frozenset({"1", "2"})), Span(2025, None, frozenset({"M", "F", "U"}))),
    ("uasc", "SEX"): (Span(None, 2024, frozenset({"1", "2"})), Span(2025, None, frozenset({"M", "F", "U"}))),
    ("header", "ETHNIC"): _always(*ETHNIC),
    ("episodes", "RNE"): _always("S", "L", "P", "T", "B", "U"),  # rule 143
    ("episodes", "LS"): _always(  # rule 144
        "C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3",
    ),
    ("episodes", "CIN"): _always("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"),
    ("episodes", "PLACE"): (  # rule 146 and its yearly versions
        Span(None, 2024, frozenset(_PLACE_CORE + ("H5", "P2", "Z1"))),
        Span(2025, 2025, frozenset(_PLACE_CORE + ("H5", "P2", "Z1", "K3"))),
        Span(2026, None, frozenset(_PLACE_CORE + ("K3", "Z11", "Z12", "Z13", "Z14"))),
    ),
    ("episodes", "PLACE_PROVIDER"): _always("PR0", "PR1", "PR2", "PR3", "PR4", "PR5"),  # rule 178
    ("episodes", "REC"): _always(*_REC_CORE),  # rule 149
    ("episodes", "REASON_PLACE_CHANGE"): _always(  # rule 1009
        "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
        "CUSTOD", "OTHER",
    ),
    ("reviews", "REVIEW_CODE"): _always("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"),
    ("missing", "MISSING"): _always("M", "A"),
    ("oc2", "SDQ_REASON"): _always("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"),  # rule 196
    ("oc3", "IN_TOUCH"): _always("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"),  # rule 131
    ("oc3", "ACTIV"): _always(*_EET_NOW, *_NEET),  # rule 132; F3/P3 are pre-split historic codes
    ("oc3", "ACCOM"): _always(*ACCOM),  # rule 133
    ("ad1", "NB_ADOPTR"): _always("1", "2"),  # rule 175
    ("ad1", "SEX_ADOPTR"): _always("M1", "F1", "MM", "FF", "MF"),  # rule 176
    ("ad1", "LS_ADOPTR"): _always("L0", "L11", "L12", "L2", "L3", "L4"),  # rule 177
    ("placed_for_adoption", "REASON_PLACED_CEASED"): _always("RD1", "RD2", "RD3", "RD4"),  # rule 120
    ("previous_permanence", "PREV_PERM"): _always("P1", "P2", "P3", "P4", "Z1"),  # rule 631
    ("sw_episodes", "SW_REASON"): _always(  # rule SW13STG1 (table exists from 2024)
        "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS",
    ),
}


def valid_codes(table: str, column: str, year: int) -> frozenset[str] | None:
    """The codes valid for a column in a collection year; None when the column has no list."""
    spans = CODE_LISTS.get((table, column))
    if spans is None:
        return None
    for span in spans:
        if span.covers(year):
            return span.codes
    return frozenset()
