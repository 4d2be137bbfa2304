"""The SSDA903 tables: their columns, what kind of value each holds, and their keys.

Column lists follow the public DfE validator (``lac_validator/config.py``). Each column has a
*kind* that decides how it is read (dates parsed, codes upper-cased, 0/1 flags made booleans) and
whether a value outside the kind is an error (it cannot be read reliably: dates) or a finding (it
can be stored and reported: codes, flags). ``required`` columns must be in the file; the others
are missing from some years' exports and are then stored as blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property


class Kind(str, Enum):
    ID = "id"              # council's own identifier: text, leading zeros and letters kept
    TEXT = "text"          # free text kept as sent (trimmed)
    CODE = "code"          # a code from a DfE list: trimmed, upper-cased, checked against the year's list
    DATE = "date"          # dd/mm/yyyy (or ISO yyyy-mm-dd); anything else refuses the import
    FLAG = "flag"          # 0 / 1 -> BOOLEAN; anything else is a finding and stored blank
    INT = "int"            # whole number; anything else is a finding and stored blank
    POSTCODE = "postcode"  # a (partial) postcode: trimmed, upper-cased, format checked


class InYear(str, Enum):
    """Where a date must fall relative to its return's collection year."""

    WITHIN = "within"        # on or after 1 April and on or before 31 March
    NOT_AFTER = "not_after"  # on or before 31 March (may be earlier: e.g. an episode's start)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = True
    in_year: InYear | None = None
    sql_type: str = ""

    @property
    def storage_type(self) -> str:
        if self.sql_type:
            return self.sql_type
        return {
            Kind.DATE: "DATE",
            Kind.FLAG: "BOOLEAN",
            Kind.INT: "INTEGER",
        }.get(self.kind, "VARCHAR")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str
    first_year: int | None = None  # collection year the DfE first asked for it

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def required(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if c.required)

    @cached_property
    def distinctive(self) -> frozenset[str]:
        """Columns that tell this table apart (every table has CHILD and most have DOB)."""
        return frozenset(self.column_names) - {"CHILD", "DOB", "SEX"}

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def _c(name: str, kind: Kind, required: bool = True, in_year: InYear | None = None) -> Column:
    return Column(name, kind, required, in_year)


ID, TEXT, CODE, DATE, FLAG, INT, POST = (
    Kind.ID, Kind.TEXT, Kind.CODE, Kind.DATE, Kind.FLAG, Kind.INT, Kind.POSTCODE,
)
CHILD = _c("CHILD", ID)
DOB = _c("DOB", DATE)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "header",
            (CHILD, _c("SEX", CODE), DOB, _c("ETHNIC", CODE), _c("UPN", TEXT, False),
             _c("MOTHER", FLAG, False), _c("MC_DOB", DATE, False)),
            ("CHILD",),
            "one row per child looked after in the year",
        ),
        Table(
            "episodes",
            (CHILD, _c("DECOM", DATE, in_year=InYear.NOT_AFTER), _c("RNE", CODE), _c("LS", CODE),
             _c("CIN", CODE), _c("PLACE", CODE), _c("PLACE_PROVIDER", CODE, False),
             _c("DEC", DATE, in_year=InYear.WITHIN), _c("REC", CODE),
             _c("REASON_PLACE_CHANGE", CODE, False), _c("HOME_POST", POST, False),
             _c("PL_POST", POST, False), _c("URN", TEXT, False)),
            ("CHILD", "DECOM"),
            "one row per episode of care",
        ),
        Table(
            "uasc",
            (CHILD, _c("SEX", CODE), DOB, _c("DUC", DATE)),
            ("CHILD",),
            "children who were unaccompanied asylum-seeking children",
        ),
        Table(
            "oc2",
            (CHILD, DOB, _c("SDQ_SCORE", INT), _c("SDQ_REASON", CODE), _c("CONVICTED", FLAG),
             _c("HEALTH_CHECK", FLAG), _c("IMMUNISATIONS", FLAG), _c("TEETH_CHECK", FLAG),
             _c("HEALTH_ASSESSMENT", FLAG), _c("SUBSTANCE_MISUSE", FLAG),
             _c("INTERVENTION_RECEIVED", FLAG, False), _c("INTERVENTION_OFFERED", FLAG, False)),
            ("CHILD",),
            "outcomes of children looked after 12 months or more at 31 March",
        ),
        Table(
            "oc3",
            (CHILD, DOB, _c("IN_TOUCH", CODE), _c("ACTIV", CODE), _c("ACCOM", CODE)),
            ("CHILD",),
            "care leavers whose 17th to 21st birthday fell in the year",
        ),
        Table(
            "reviews",
            (CHILD, DOB, _c("REVIEW", DATE, in_year=InYear.WITHIN), _c("REVIEW_CODE", CODE)),
            ("CHILD", "REVIEW"),
            "statutory reviews held in the year",
        ),
        Table(
            "missing",
            (CHILD, DOB, _c("MISSING", CODE), _c("MIS_START", DATE, in_year=InYear.WITHIN),
             _c("MIS_END", DATE)),
            ("CHILD", "MIS_START"),
            "missing or away-from-placement incidents",
        ),
        Table(
            "ad1",
            (CHILD, DOB, _c("DATE_INT", DATE), _c("DATE_MATCH", DATE), _c("FOSTER_CARE", FLAG),
             _c("NB_ADOPTR", CODE), _c("SEX_ADOPTR", CODE), _c("LS_ADOPTR", CODE)),
            ("CHILD",),
            "children adopted in the year",
        ),
        Table(
            "placed_for_adoption",
            (CHILD, DOB, _c("DATE_PLACED", DATE), _c("DATE_PLACED_CEASED", DATE),
             _c("REASON_PLACED_CEASED", CODE)),
            ("CHILD", "DATE_PLACED"),
            "decisions that a child should (no longer) be placed for adoption",
        ),
        Table(
            "previous_permanence",
            # DATE_PERM may be a partial date (zz/mm/yyyy) by DfE guidance, so it stays text.
            (CHILD, DOB, _c("PREV_PERM", CODE), _c("LA_PERM", TEXT), _c("DATE_PERM", TEXT)),
            ("CHILD",),
            "permanence arrangements before this period of care",
        ),
        Table(
            "sw_episodes",
            (CHILD, DOB, _c("SW_ID", ID), _c("SW_DECOM", DATE, in_year=InYear.NOT_AFTER),
             _c("SW_DEC", DATE), _c("SW_REASON", CODE)),
            ("CHILD", "SW_DECOM", "SW_ID"),
            "social worker allocations",
            first_year=2024,
        ),
        Table(
            "dolo",
            (CHILD, DOB, _c("DOLO_START", DATE), _c("DOLO_END", DATE)),
            ("CHILD", "DOLO_START"),
            "deprivation of liberty orders",
            first_year=2027,
        ),
    )
}

# A return without these cannot be a return: replacing a year with only some tables would
# silently drop the rest, so an import must bring at least these for each council and year.
CORE_TABLES = ("header", "episodes")

# Dates that happen *in* the year; their collection year shows which year a file really covers.
EVENT_DATES: tuple[tuple[str, str], ...] = (
    ("episodes", "DEC"),
    ("reviews", "REVIEW"),
    ("missing", "MIS_START"),
)
