"""Breakdown dimensions: how a count's children are grouped, as SQL over one row per child.

Every dimension reads the child's describing episode (``e``), header row (``h``), UASC row
(``u``) and care-leaver row (``o``) in the same return, on the date the indicator describes the
child (``n.on_date``); a few read the indicator's own rows (``n``). Groups follow the DfE's
published tables; labels are what a panel paper prints, and what ``--where`` filters match.

Care leavers' age groups are "17 to 18" and "19 to 21" (the DfE's), "outside 17 to 21" for an oc3
row whose birthday in the year was another (DfE rule 391; a finding at import, still counted), and
"Not recorded" for an oc3 row with no date of birth (age not known): neither of the last two is
ever put in a DfE group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing_tui.errors import UserError
from briefing_tui.store.schema import age_sql as age_sql  # the one definition of age; used from here too


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    sql: str             # the label of a row (never NULL: a missing value has its own label)
    labels: tuple[str, ...] = ()  # a grouping's every label, in its order (none: codes, shown as recorded)


def literal(value: str) -> str:
    """A SQL string literal (labels are ours, but "Children's home" has a quote in it)."""
    return "'" + value.replace("'", "''") + "'"


def _case(expr: str, groups: dict[str, tuple[str, ...]], other: str) -> str:
    whens = " ".join(f"WHEN {expr} IN ({', '.join(literal(c) for c in codes)}) THEN {literal(label)}"
                     for label, codes in groups.items())
    return f"CASE {whens} WHEN {expr} IS NULL THEN 'Not recorded' ELSE {literal(other)} END"


def _case_labels(groups: dict[str, tuple[str, ...]], other: str) -> tuple[str, ...]:
    """``_case``'s labels, in its order."""
    return (*groups, "Not recorded", other)


AGE = age_sql("h.DOB", "n.on_date")

PLACEMENT_GROUPS = {
    "Foster care with relatives or friends": ("U1", "U2", "U3"),
    "Other foster care": ("U4", "U5", "U6"),
    "Children's home (including secure)": ("K1", "K2"),
    "Semi-independent or supported accommodation": ("H5", "K3", "P2"),
    "Placed with parents": ("P1",),
    "Placed for adoption": ("A3", "A4", "A5", "A6"),
}
ETHNIC_GROUPS = {
    "White": ("WBRI", "WIRI", "WIRT", "WROM", "WOTH"),
    "Mixed": ("MWBC", "MWBA", "MWAS", "MOTH"),
    "Asian": ("AIND", "APKN", "ABAN", "AOTH"),
    "Black": ("BCRB", "BAFR", "BOTH"),
    "Other": ("CHNE", "OOTH"),
    "Refused or not obtained": ("REFU", "NOBT"),
}

# oc3 ACCOM's letter (DOMAIN.md section 2); its digit is suitability, a dimension of its own above.
ACCOMMODATION_TYPES = {
    "With parents or relatives": ("B",),
    "Community home or other residential care": ("C",),
    "Semi-independent transitional accommodation": ("D",),
    "Supported lodgings": ("E",),
    "Gone abroad or deported": ("G", "H"),
    "Ordinary lodgings without support": ("K",),
    "Residence not known": ("R",),
    "No fixed abode or homeless": ("S",),
    "Foyer or similar": ("T",),
    "Independent living": ("U",),
    "Emergency accommodation or bed and breakfast": ("V", "W"),
    "In custody": ("X",),
    "With former foster carers (staying put)": ("Z",),
    "Other accommodation": ("Y",),
}


def sex_sql(column: str) -> str:
    """The sex label of a header SEX value (``column``: an expression): the dimension's and a cohort list's."""
    return (f"CASE WHEN {column} IN ('1', 'M') THEN 'Male' WHEN {column} IN ('2', 'F') THEN 'Female' "
            f"WHEN {column} = 'U' THEN 'Unknown' ELSE 'Not recorded' END")


def ethnic_group_sql(column: str) -> str:
    """The ethnic group of an ETHNIC code (``column``: an expression)."""
    return _case(column, ETHNIC_GROUPS, "Other code")


def placement_group_sql(column: str) -> str:
    """The placement group of a PLACE code (``column``: an expression)."""
    return _case(column, PLACEMENT_GROUPS, "Other placements")


DIMENSIONS: dict[str, Dimension] = {d.id: d for d in (
    # h.DOB is blank where it cannot be right (store.schema.known_header_sql): "Age not known".
    Dimension("age_band", "Age (DfE bands)",
              f"CASE WHEN h.DOB IS NULL THEN 'Age not known' WHEN {AGE} < 1 THEN 'Under 1' "
              f"WHEN {AGE} <= 4 THEN '1 to 4' WHEN {AGE} <= 9 THEN '5 to 9' WHEN {AGE} <= 15 THEN '10 to 15' "
              "ELSE '16 and over' END",
              ("Age not known", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")),
    Dimension("sex", "Sex", sex_sql("h.SEX"), ("Male", "Female", "Unknown", "Not recorded")),
    Dimension("ethnic_group", "Ethnic group", ethnic_group_sql("h.ETHNIC"), _case_labels(ETHNIC_GROUPS, "Other code")),
    Dimension("ethnicity", "Ethnicity (code)", "coalesce(h.ETHNIC, 'Not recorded')"),
    Dimension("legal_status", "Legal status", "coalesce(e.LS, 'Not recorded')"),
    Dimension("category_of_need", "Category of need", "coalesce(e.CIN, 'Not recorded')"),
    Dimension("placement_type", "Placement type", "coalesce(e.PLACE, 'Not recorded')"),
    Dimension("placement_group", "Placement (grouped)", placement_group_sql("e.PLACE"),
              _case_labels(PLACEMENT_GROUPS, "Other placements")),
    Dimension("placement_provider", "Placement provider", "coalesce(e.PLACE_PROVIDER, 'Not recorded')"),
    Dimension("reason_ceased", "Reason ceased", "coalesce(e.REC, 'Not recorded')"),
    Dimension("uasc", "Unaccompanied asylum-seeking child",
              "CASE WHEN u.CHILD IS NOT NULL AND (u.DUC IS NULL OR u.DUC > n.on_date) THEN 'UASC' ELSE 'Not UASC' END",
              ("UASC", "Not UASC")),
    Dimension("council", "Council", "n.council"),
    # Care leavers (oc3 row o; on_date is the birthday in the year). The age group is of the age
    # the care-leaver rows carry (n.age_at_birthday, store.schema.age_at_birthday_sql: the import's
    # rule-391 check uses the same): 17-18 and 19-21 as the DfE groups them; any other age (a 16th
    # or 22nd birthday: an oc3 row the DfE's rule 391 rejects) is "outside 17 to 21", never folded
    # into a DfE group (the comparators cut 19-21); a blank oc3 DOB is "Not recorded" (age not known).
    Dimension("leaver_age_group", "Age at birthday in the year",
              "CASE WHEN n.age_at_birthday BETWEEN 17 AND 18 THEN '17 to 18' "
              "WHEN n.age_at_birthday BETWEEN 19 AND 21 THEN '19 to 21' "
              "WHEN n.age_at_birthday IS NULL THEN 'Not recorded' ELSE 'outside 17 to 21' END",
              ("17 to 18", "19 to 21", "Not recorded", "outside 17 to 21")),
    Dimension("former_uasc", "Former unaccompanied asylum-seeking child",
              "CASE WHEN u.CHILD IS NOT NULL THEN 'Former UASC' ELSE 'Not former UASC' END",
              ("Former UASC", "Not former UASC")),
    Dimension("activity", "Activity", "coalesce(o.ACTIV, 'Not recorded')"),
    Dimension("accommodation", "Accommodation (type and suitability)", "coalesce(o.ACCOM, 'Not recorded')"),
    Dimension("accommodation_type", "Accommodation type",
              _case("left(o.ACCOM, 1)", ACCOMMODATION_TYPES, "Not known or not in touch"),
              _case_labels(ACCOMMODATION_TYPES, "Not known or not in touch")),
    # Rows that carry their own measure (n.sdq: health SDQ figures; n.nth, n.REVIEW_CODE: reviews).
    Dimension("sdq_band", "SDQ score band",
              "CASE WHEN n.sdq IS NULL THEN 'No score' WHEN n.sdq <= 13 THEN 'Normal (0-13)' "
              "WHEN n.sdq <= 16 THEN 'Borderline (14-16)' ELSE 'Cause for concern (17-40)' END",
              ("No score", "Normal (0-13)", "Borderline (14-16)", "Cause for concern (17-40)")),
    Dimension("review_number", "Review in the schedule",
              "CASE n.nth WHEN 1 THEN 'First (20 working days)' WHEN 2 THEN 'Second (3 months)' "
              "ELSE 'Later (6 months)' END",
              ("First (20 working days)", "Second (3 months)", "Later (6 months)")),
    Dimension("participation", "Participation code", "coalesce(n.REVIEW_CODE, 'Not recorded')"),
)}


ROW_COLUMNS = ("council", "CHILD", "DECOM", "on_date")  # what every indicator's rows have (registry)


def own_columns(dimension: Dimension) -> tuple[str, ...]:
    """The columns of an indicator's own rows (``n.<column>``) the label reads beyond those every
    indicator's rows have: only indicators that offer the dimension carry them (``n.sdq``)."""
    read = dict.fromkeys(re.findall(r"\bn\.(\w+)", dimension.sql))
    return tuple(c for c in read if c not in ROW_COLUMNS)


def sort_key(dimension: Dimension, label: str) -> tuple[int, int, str]:
    """Where a label goes in a breakdown: a group's own order (age bands youngest first), codes
    alphabetically, and the missing values ("Not recorded", "No score", "Age not known") last."""
    missing = label in MISSING_LABELS
    fixed = dimension.labels
    return (missing, fixed.index(label) if label in fixed else len(fixed), label)


MISSING_LABELS = ("Not recorded", "No score", "Age not known")


def get(dimension_id: str, allowed: tuple[str, ...], indicator_id: str) -> Dimension:
    if dimension_id not in DIMENSIONS or dimension_id not in allowed:
        offered = f"expected one of: {', '.join(allowed)}" if allowed else "it has no breakdowns"
        raise UserError(f"{indicator_id} has no breakdown '{dimension_id}' ({offered})")
    return DIMENSIONS[dimension_id]
