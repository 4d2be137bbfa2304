"""An indicator's rows described for a panel: the one query behind breakdowns, filters and cohorts.

Each row of an indicator (one child, review or incident) is joined to the child's describing
episode (``e``), header (``h``), UASC (``u``) and care-leaver (``o``) rows in the same return, and
labelled by any dimensions asked for. Because the headline, a breakdown, a filtered figure and a
cohort list all read these same rows, they cannot disagree: a breakdown's cells sum to the
headline, and a cell's cohort is exactly the children counted in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefing_tui.errors import UserError
from briefing_tui.indicators import dimensions
from briefing_tui.indicators.macros import QUERY, At, rows
from briefing_tui.indicators.registry import Indicator
from briefing_tui.store.schema import known_header_sql


def resolve(indicator: Indicator, names: Sequence[str]) -> list[dimensions.Dimension]:
    """The dimensions named, checked against the indicator's allowed breakdowns."""
    return [dimensions.get(name, indicator.breakdowns, indicator.id) for name in names]


def parse_filters(indicator: Indicator, texts: Sequence[str]) -> dict[str, str]:
    """``DIM=VALUE`` arguments as a mapping, each dimension checked against the indicator and, where
    the dimension's labels are fixed (age bands, groups), each value against them: a misspelt value
    would otherwise quietly give a figure of 0."""
    filters: dict[str, str] = {}
    for text in texts:
        if text.partition("=")[0].strip() in filters:
            raise UserError(f"filter '{text}': {text.partition('=')[0].strip()} is filtered twice (a child is in "
                            "one group of each breakdown: give it once)")
        name, sep, value = text.partition("=")
        name, value = name.strip(), value.strip().strip("'\"")
        if not sep or not name or not value:
            raise UserError(f"filter '{text}' is not DIMENSION=VALUE (e.g. uasc=UASC, age_band='10 to 15')")
        (dimension,) = resolve(indicator, [name])
        labels = dimension.labels
        if labels and value.lower() not in {label.lower() for label in labels}:
            raise UserError(f"filter {name}='{value}': not one of {dimension.title.lower()}'s groups "
                            f"(expected one of: {', '.join(labels)})")
        filters[name] = value
    return filters


def describing_sql(where: str) -> dict[str, str]:
    """What describes each child in the returns ``where`` selects (a condition on council and year):
    ``e`` the episodes (one per start), ``h`` the header row (its DOB blank where it cannot be
    right), ``u`` the UASC row and ``o`` the care-leaver row, each the first sent (by line)."""
    return {
        "e": f"""SELECT DISTINCT ON (council, year, CHILD, DECOM) * FROM episodes WHERE {where}
                 ORDER BY council, year, CHILD, DECOM, line""",
        "h": known_header_sql(where),
        "u": f"""SELECT DISTINCT ON (council, year, CHILD) * FROM uasc WHERE {where}
                 ORDER BY council, year, CHILD, line""",
        "o": f"""SELECT DISTINCT ON (council, year, CHILD) * FROM oc3 WHERE {where}
                 ORDER BY council, year, CHILD, line""",
    }


def described_sql(indicator: Indicator, dims: Sequence[dimensions.Dimension],
                  filters: Mapping[str, str] = {}, at: At = QUERY) -> str:
    """Every measured row with a ``dim_<id>`` label per dimension (and filter), filters applied.

    The council and period are ``at``'s (by default the query's ``$council``, ``$year``, ``$start``
    and ``$end``); one ``$f_<id>`` parameter per filter (the value, matched case-insensitively
    against the dimension's label). The indicator's macro must be installed (macros.install).
    """
    wanted = {d.id: d for d in [*dims, *resolve(indicator, list(filters))]}
    labels = "".join(f", {d.sql} AS dim_{d.id}" for d in wanted.values())
    where = " AND ".join(f"lower(dim_{name}) = lower($f_{name})" for name in filters) or "true"
    # A rolling figure's rows come from two returns, each described by its own (``_from_year``).
    years, from_year = ((f"BETWEEN {at.year} - 1 AND {at.year}", "_from_year") if indicator.reads_year_before
                        else (f"= {at.year}", at.year))
    describing = describing_sql(f"council = {at.council} AND year {years}")
    return f"""
        WITH n AS (SELECT *, {from_year} AS _return_year FROM {rows(indicator, at)}),
        e AS ({describing["e"]}),
        h AS ({describing["h"]}),
        u AS ({describing["u"]}),
        o AS ({describing["o"]}),
        labelled AS ({labelled_sql(labels)})
        SELECT * FROM labelled WHERE {where}"""


def labelled_sql(labels: str) -> str:
    """Each row of ``n`` (an indicator's rows, with the year of the return they come from as
    ``_return_year``) joined to what describes its child in that return (``e``, ``h``, ``u``, ``o``:
    ``describing_sql``'s rows), with ``labels`` (``, <expression> AS dim_<id>`` ...) worked out on
    them. The live queries and the stored rows' derivation (every indicator's rows at once) both
    label rows here, so a stored row is described exactly as a live one."""
    return f"""
            SELECT n.*, e.LS AS _ls, e.PLACE AS _place, e.DECOM AS _episode_start,
                   coalesce(h.DOB, o.DOB) AS _dob, h.SEX AS _sex, h.ETHNIC AS _ethnic,
                   (u.CHILD IS NOT NULL AND (u.DUC IS NULL OR u.DUC > n.on_date)) AS _uasc{labels}
            FROM n LEFT JOIN e ON e.council = n.council AND e.year = n._return_year AND e.CHILD = n.CHILD
                                  AND e.DECOM = n.DECOM
                   LEFT JOIN h ON h.council = n.council AND h.year = n._return_year AND h.CHILD = n.CHILD
                   LEFT JOIN u ON u.council = n.council AND u.year = n._return_year AND u.CHILD = n.CHILD
                   LEFT JOIN o ON o.council = n.council AND o.year = n._return_year AND o.CHILD = n.CHILD"""


def filter_params(filters: Mapping[str, str]) -> dict[str, str]:
    return {f"f_{name}": value for name, value in filters.items()}
