"""The child's voice and the statutory review: reviews held, participation, reviews on time."""

from __future__ import annotations

from briefing_tui.indicators import calendar
from briefing_tui.indicators.definitions.common import EPISODE_HISTORY, LOADED_RUN, reviews_once
from briefing_tui.indicators.dimensions import age_sql
from briefing_tui.indicators.registry import Area, Indicator, Kind, Polarity, Unit, register
from briefing_tui.store.schema import continuous_care_sql

# Statutory reviews held in the period, one row per child and date (common.reviews_once: a row
# sent twice is one review, coded as sent last), with the child's age on the review date.
REVIEWS = f"""
    SELECT council, CHILD, CAST(NULL AS DATE) AS DECOM, REVIEW AS on_date, REVIEW_CODE,
           {age_sql("DOB", "REVIEW")} AS age
    FROM ({reviews_once('_council')}) WHERE year = _year AND REVIEW BETWEEN _start AND _end"""
REVIEWS_AGED_4 = f"SELECT * FROM ({REVIEWS}) WHERE age >= 4"

# The review schedule (Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33):
# the first review of a period of care within 20 working days of its start, the second within 3
# months of the first, each later one within 6 months of the one before. A review's place in the
# schedule needs the child's earlier reviews and the start of the period of care, which earlier
# returns hold, so both are read from the loaded returns up to this one (reviews: the latest
# return's copy of each date, from common.reviews_once; episodes: common.EPISODE_HISTORY). A review
# that cannot be placed is left out of the figure (the definition says so): one with no period of
# care around it in the loaded episodes (short-break-only children, whose reviews follow other rules,
# among them; a review on the day a period of care ended counts in it, as the review that decided
# the child would leave), or a first or second review in a period of care that began before the
# unbroken run of loaded returns ending at this one (its numbering is unknown; from the third on,
# every review is due within 6 months anyway). A year missing from the run cuts the history there.
_WORKING_DAY = f"isodow(d) < 6 AND CAST(d AS DATE) NOT IN ({calendar.holidays_sql()})"
REVIEW_SCHEDULE = f"""
    WITH hist AS ({EPISODE_HISTORY}),
    spans AS ({continuous_care_sql("hist")}),
    run AS ({LOADED_RUN}),
    held AS (SELECT DISTINCT ON (r.council, r.CHILD, r.REVIEW) r.council, r.CHILD, r.REVIEW, run.first_year
             FROM ({reviews_once('_council')}) r JOIN run ON run.council = r.council AND r.year >= run.first_year
             WHERE r.year <= _year
             ORDER BY r.council, r.CHILD, r.REVIEW, r.year DESC),
    placed AS (
        SELECT r.*, s.care_start,
               lag(r.REVIEW) OVER w AS previous, row_number() OVER w AS nth
        FROM held r JOIN spans s ON s.council = r.council AND s.CHILD = r.CHILD AND s.care_start <= r.REVIEW
                                 AND (s.care_end IS NULL OR s.care_end >= r.REVIEW)
        WINDOW w AS (PARTITION BY r.council, r.CHILD, s.care_start ORDER BY r.REVIEW)
    ),
    due AS (
        SELECT *, CASE
            WHEN nth = 1 THEN (SELECT CAST(max(d) AS DATE) FROM (
                                  SELECT d FROM range(CAST(care_start AS TIMESTAMP) + INTERVAL 1 DAY,
                                                      CAST(care_start AS TIMESTAMP) + INTERVAL 60 DAY,
                                                      INTERVAL 1 DAY) t(d)
                                  WHERE {_WORKING_DAY} ORDER BY d LIMIT 20))
            WHEN nth = 2 THEN CAST(previous + INTERVAL 3 MONTH AS DATE)
            ELSE CAST(previous + INTERVAL 6 MONTH AS DATE) END AS due_by
        FROM placed
    )
    SELECT council, CHILD, CAST(NULL AS DATE) AS DECOM, REVIEW AS on_date, nth, previous, care_start, due_by,
           REVIEW <= due_by AS on_time
    FROM due
    WHERE REVIEW BETWEEN _start AND _end
      AND (nth >= 3 OR care_start >= make_date(first_year - 1, 4, 1))"""

register(
    Indicator(
        id="voice.reviews_held",
        dated_events=True,
        short_title="Reviews held",
        area=Area.VOICE,
        title="Statutory reviews held",
        definition="Statutory reviews held in the period (reviews, not children); a child's review sent twice "
                   "with the same date counts once.",
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        kind=Kind.FLOW,
        numerator="reviews dated in the period, once per child and date",
        rows_sql=REVIEWS,
        principles=("b", "c"),
        source="SSDA903 reviews table",
        counts="reviews",
        breakdowns=("age_band", "sex", "ethnic_group", "participation"),
    ),
    Indicator(
        id="voice.participation_pct",
        dated_events=True,
        short_title="Review participation",
        area=Area.VOICE,
        title="Reviews in which the child participated",
        definition="Reviews of children aged 4 or over in which the child participated (PN1-PN6: spoke, "
                   "attended, or conveyed their views another way), as a percentage of those reviews. A review "
                   "sent twice with the same date counts once, with the code of the row sent last.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        kind=Kind.FLOW,
        numerator="reviews of children aged 4+ with participation code PN1-PN6",
        rows_sql=REVIEWS_AGED_4,
        where="REVIEW_CODE IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6')",
        denominator="reviews of children aged 4 or over held in the period",
        principles=("b", "c"),
        source="DfE, Children looked after: participation in reviews (PN codes); DOMAIN.md section 2",
        counts="reviews",
        breakdowns=("age_band", "sex", "ethnic_group", "participation"),
    ),
    Indicator(
        id="voice.reviews_on_time_pct",
        dated_events=True,
        short_title="Reviews on time",
        area=Area.VOICE,
        title="Reviews held on time",
        definition="Reviews held in the period that met the statutory schedule (the first within 20 working "
                   "days of coming into care, the second within 3 months of the first, then within 6 months of "
                   "the one before), as a percentage of the reviews that can be placed in it from the loaded "
                   "returns (the child's earlier reviews and period of care are read from earlier returns). A "
                   "review sent twice with the same date counts once.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        kind=Kind.FLOW,
        numerator="reviews held by their due date",
        rows_sql=REVIEW_SCHEDULE,
        where="on_time",
        denominator="reviews held in the period whose due date can be worked out",
        principles=("b", "c", "a"),
        source="Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33",
        counts="reviews",
        breakdowns=("age_band", "sex", "ethnic_group", "review_number"),
    ),
)
