"""One child's story across every loaded return: episodes, reviews, missing, health and leaving care.

This is the one place returns are stacked (DOMAIN.md section 3): for a child's own timeline the
latest return's version of each episode is right (the ``episode_history`` view), while a headline
figure must never be built that way. Each event says which return it came from, so an officer can
see where consecutive returns disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from briefing_tui.errors import UserError
from briefing_tui.indicators.definitions.common import reviews_once
from briefing_tui.ssda903 import years


@dataclass(frozen=True)
class Event:
    day: dt.date | None
    kind: str          # "episode", "review", "missing", "away", "health", "care leaver", "uasc"
    detail: str
    return_year: int


@dataclass(frozen=True)
class Timeline:
    who: str
    council: str
    born: dt.date | None
    events: tuple[Event, ...]


def find_child(con: duckdb.DuckDBPyConnection, council: str, who: str, officer_mode: bool) -> str:
    """The CHILD id behind an alias (or, in officer mode, a CHILD id as given)."""
    row = con.execute("SELECT CHILD FROM aliases WHERE council = ? AND upper(alias) = upper(?)",
                      [council, who.strip()]).fetchone()
    if row:
        return str(row[0])
    if officer_mode and con.execute("SELECT 1 FROM aliases WHERE council = ? AND CHILD = ?",
                                    [council, who.strip()]).fetchone():
        return who.strip()
    hint = " or a CHILD id (officer mode)" if officer_mode else ""
    raise UserError(f"no child '{who}' in council {council}'s returns (expected an alias such as C-4F2A{hint}, "
                    "as a cohort list shows)")


def timeline(con: duckdb.DuckDBPyConnection, council: str, who: str, officer_mode: bool = False) -> Timeline:
    child = find_child(con, council, who, officer_mode)
    p = {"council": council, "child": child}
    found = con.execute("SELECT max(DOB) FROM header WHERE council = $council AND CHILD = $child", p).fetchone()
    born = found[0] if found else None
    events: list[Event] = []
    for decom, dec, rne, ls, cin, place, rec, why, year in con.execute("""
            SELECT DECOM, DEC, RNE, LS, CIN, PLACE, REC, REASON_PLACE_CHANGE, year FROM episode_history
            WHERE council = $council AND CHILD = $child ORDER BY DECOM""", p).fetchall():
        ended = f"; ended {dec:%d/%m/%Y} ({rec})" if dec else "; open"
        moved = f", placement change reason {why}" if why else ""
        events.append(Event(decom, "episode", f"RNE {rne}, legal status {ls}, need {cin}, placement {place}"
                                              f"{moved}{ended}", year))
    for day, code, year in con.execute(_REVIEWS, p).fetchall():
        events.append(Event(day, "review", f"participation {code}", year))
    for kind, start, end, year in con.execute("""
            SELECT MISSING, MIS_START, MIS_END, max(year) FROM missing WHERE council = $council AND CHILD = $child
            GROUP BY ALL ORDER BY MIS_START""", p).fetchall():
        events.append(Event(start, "away" if kind == "A" else "missing",
                            f"until {end:%d/%m/%Y}" if end else "end not recorded", year))
    for year, ha, imm, teeth, sdq, reason, convicted, misuse in con.execute("""
            SELECT year, HEALTH_ASSESSMENT, IMMUNISATIONS, TEETH_CHECK, SDQ_SCORE, SDQ_REASON, CONVICTED,
                   SUBSTANCE_MISUSE FROM oc2 WHERE council = $council AND CHILD = $child ORDER BY year""",
                                                                         p).fetchall():
        events.append(Event(years.year_end(year), "health",
                            f"health assessment {_yes(ha)}, immunisations {_yes(imm)}, dental {_yes(teeth)}, "
                            f"SDQ {sdq if sdq is not None else reason or 'not recorded'}, "
                            f"convicted {_yes(convicted)}, substance misuse {_yes(misuse)}", year))
    for year, touch, activ, accom in con.execute("""
            SELECT year, IN_TOUCH, ACTIV, ACCOM FROM oc3 WHERE council = $council AND CHILD = $child
            ORDER BY year""", p).fetchall():
        events.append(Event(years.year_end(year), "care leaver",
                            f"in touch {touch}, activity {activ}, accommodation {accom}", year))
    for year, duc in con.execute("""
            SELECT max(year), DUC FROM uasc WHERE council = $council AND CHILD = $child GROUP BY DUC""",
                                 p).fetchall():
        events.append(Event(duc, "uasc", "UASC status ceased" if duc else "UASC (status not ceased)", year))
    events.sort(key=lambda e: (e.day or dt.date.max, e.kind, e.detail, e.return_year))
    return Timeline(child if officer_mode else who.strip().upper(), council, born, tuple(events))


# The child's reviews, each date once: the latest return's copy, and within a return the row sent
# last (common.reviews_once, as the review figures count them), so the timeline shows one review
# where a return repeats it or a later return sends it again.
_REVIEWS = f"""
    SELECT REVIEW, REVIEW_CODE, year FROM ({reviews_once('$council')}) WHERE CHILD = $child
    QUALIFY row_number() OVER (PARTITION BY REVIEW ORDER BY year DESC) = 1 ORDER BY REVIEW"""


def _yes(flag: bool | None) -> str:
    return "not recorded" if flag is None else ("yes" if flag else "no")
