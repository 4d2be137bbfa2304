"""The public set (issue 13, item 1): every public paper a council can produce for a year, read
together. A reader holds the year's public paper, each quarter's and each quarter-end date's, and
subtracts: no count of 1 to the threshold may come out, whichever papers are put side by side.

The reader is written out here, independent of ``disclosure.protect``: for a flow, the year's
figure and its four quarters' (events add up: the year is the quarters' sum; children are counted
once a year: at most it, at least the largest quarter), every hidden value's possible range is
worked out by brute force, for a reader who assumes hidden counts any size (at least 1: zeros are
shown) and one who knows the rule (each hidden count at most the threshold, or the smallest count
shown beside it); a hidden value pinned to its true value is a leak. Stocks have no sum across
dates; the same date's figures must be the same in every paper that gives them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from briefing_tui import councils
from briefing_tui.briefing.build import build
from briefing_tui.briefing.disclosure import NoPublicVersion, public_refusal
from briefing_tui.briefing.prepare import comparison_area, context, options
from briefing_tui.indicators import periods
from briefing_tui.indicators.evidence import gather, table_asks
from briefing_tui.indicators.registry import Kind, Unit, all_indicators, get
from briefing_tui.settings import Settings
from briefing_tui.ssda903 import years as cy
from briefing_tui.store.connection import open_database

T = 4
WHEN = dt.datetime(2026, 11, 23)
DEMO = councils.demo()
YEARS = (2020, 2023)   # the demo years with quarters of 1 to 4 (away from placement)


def _public_periods(year: int) -> dict[str, periods.Period]:
    out = {"year": periods.collection_year(year)}
    for n in (1, 2, 3, 4):
        q = periods.quarter(year, n)
        out[f"Q{n}"] = q
        out[f"end of Q{n}"] = periods.as_at(q.end)
    return out


@pytest.fixture(scope="module")
def papers(demo_db_master):
    """Every public period of two years: (evidence, public briefing) by year and name."""
    config = Settings()
    con = open_database(demo_db_master, read_only=True)
    try:
        out = {}
        for year in YEARS:
            for name, period in _public_periods(year).items():
                evidence = gather(con, DEMO.code, period, context(config, DEMO), table_asks(),
                                  *comparison_area(DEMO), None, [])
                out[(year, name)] = (evidence, build(evidence, options(config, DEMO, True, WHEN)))
        return out
    finally:
        con.close()


def _figure(briefing, indicator_id):
    return next((f for f in briefing.figures if f.indicator == indicator_id), None)


def _truth(evidence, indicator_id) -> int:
    return next(r for r in evidence.results if r.indicator.id == indicator_id).numerator


def _flows():
    return [i for i in (get(x) for x in ("cla.starts", "cla.ceased", "missing.children", "missing.incidents",
                                          "away.incidents", "away.children", "voice.reviews_held"))
            if i.kind is Kind.FLOW and i.unit is Unit.COUNT]


def pinned(year: int | None, quarters: list[int | None], truth: list[int], additive: bool,
           threshold: int = T) -> list[str]:
    """Names of hidden values ("year", "Q1".."Q4") a reader pins to their true value, from the year's
    figure and the quarters' as published (None: hidden). ``truth`` is the year then the quarters."""
    names = ["year", "Q1", "Q2", "Q3", "Q4"]
    published = [year, *quarters]
    hidden = [i for i, v in enumerate(published) if v is None]
    if not hidden:
        return []
    leaks = [names[i] for i in hidden if _any_size_range(published, i, additive) == (truth[i], truth[i])]
    most = max(threshold, min((v for v in quarters if v), default=threshold))
    if all(truth[i] <= most for i in hidden):   # else the rule-aware reader's assumption is false here
        seen: dict[int, set[int]] = {i: set() for i in hidden}
        for values in itertools.product(range(1, most + 1), repeat=len(hidden)):
            full = list(published)
            for i, v in zip(hidden, values):
                full[i] = v
            if _consistent(full[0], full[1:], additive):
                for i, v in zip(hidden, values):
                    seen[i].add(v)
        leaks += [names[i] for i in hidden if seen[i] == {truth[i]} and names[i] not in leaks]
    return leaks


def _consistent(total: int, quarters: list[int], additive: bool) -> bool:
    return total == sum(quarters) if additive else max(quarters) <= total <= sum(quarters)


def _any_size_range(published: list[int | None], i: int, additive: bool) -> tuple[int, float]:
    """The values hidden value ``i`` can take for a reader who assumes hidden counts any size >= 1."""
    year, quarters = published[0], published[1:]
    hidden_q = [q for q in quarters if q is None]
    shown_sum = sum(q for q in quarters if q is not None)
    inf = float("inf")
    if i == 0:   # the year
        if hidden_q:
            return (shown_sum + len(hidden_q), inf) if additive else (max([1, *(q for q in quarters if q)]), inf)
        return (shown_sum, shown_sum) if additive else (max(quarters), shown_sum)
    if year is None:
        return 1, inf
    rest = year - shown_sum
    k = len(hidden_q)
    if additive:
        return max(1, rest - (k - 1) * inf if k > 1 else rest), rest - (k - 1)
    # children: each hidden quarter at most the year, and together at least the year less the rest
    return (max(1, rest) if k == 1 else 1), year


def test_the_reader_finds_what_primary_suppression_alone_leaks():
    # 20 incidents: quarters 2, 8, 10, 0; the 2 hidden alone is the year less the rest
    assert pinned(20, [None, 8, 10, 0], [20, 2, 8, 10, 0], additive=True) == ["Q1"]
    # two hidden of 4 and 4 in a year of 8 with the rest 0: each is 4 to a reader who knows the rule
    assert pinned(8, [None, None, 0, 0], [8, 4, 4, 0, 0], additive=True) == ["Q1", "Q2"]
    # children counted once a year: Q1 + Q2 >= 5 and each <= 4 leaves Q1 in 1..4: nothing pinned
    assert pinned(5, [None, None, 0, 0], [5, 3, 3, 0, 0], additive=False) == []


@pytest.mark.parametrize("year", YEARS)
def test_no_flow_count_can_be_worked_out_from_the_years_public_papers(papers, year):
    checked = 0
    for ind in _flows():
        truth_year = _truth(papers[(year, "year")][0], ind.id)
        truth_q = [_truth(papers[(year, f"Q{n}")][0], ind.id) for n in (1, 2, 3, 4)]
        if None in (truth_year, *truth_q):
            continue
        shown_year = _figure(papers[(year, "year")][1], ind.id)
        shown_q = [_figure(papers[(year, f"Q{n}")][1], ind.id) for n in (1, 2, 3, 4)]
        published_year = None if shown_year.suppressed else int(shown_year.value)
        published_q = [None if f.suppressed else int(f.value) for f in shown_q]
        assert pinned(published_year, published_q, [truth_year, *truth_q], ind.additive) == [], \
            (ind.id, published_year, published_q, truth_year, truth_q)
        checked += sum(v is None for v in published_q)
    assert checked > 0  # the demo has small quarters, so this reads something


@pytest.mark.parametrize("year", YEARS)
def test_a_quarters_figure_is_the_same_in_every_paper_that_gives_it(papers, year):
    """Q3 of 2019-20 printed in the 2022-23 Q3 paper's trend is exactly as the 2019-20 Q3 paper prints it."""
    other = next(y for y in YEARS if y != year)
    for n in (1, 2, 3, 4):
        here, there = papers[(year, f"Q{n}")][1], papers[(other, f"Q{n}")][1]
        for ind in _flows():
            mine, theirs = _figure(here, ind.id), _figure(there, ind.id)
            assert here and mine.trend.get(cy.label(other)) == theirs.value, (ind.id, n)


@pytest.mark.parametrize("year", YEARS)
def test_a_dates_public_paper_gives_what_was_so_that_day_and_no_flows(papers, year):
    for n in (1, 2, 3, 4):
        evidence, dated = papers[(year, f"end of Q{n}")]
        flows = [f.indicator for f in dated.figures if get(f.indicator).kind is Kind.FLOW]
        assert flows == []
        quarter = papers[(year, f"Q{n}")][1]
        for f in dated.figures:   # the stock on the quarter's last day: the same in both papers
            same = _figure(quarter, f.indicator)
            assert same is not None and (same.value, same.suppressed) == (f.value, f.suppressed), f.indicator
    year_paper, march = papers[(year, "year")][1], papers[(year, "end of Q4")][1]
    for f in march.figures:
        assert (_figure(year_paper, f.indicator).value, _figure(year_paper, f.indicator).suppressed) == \
            (f.value, f.suppressed)


@pytest.mark.parametrize("text", ["2023-12", "2023-12-30", "2024-01-31", "2023-07-01"])
def test_months_and_other_dates_have_no_public_version(capsys, demo_db_master, text):
    from briefing_tui.cli import main

    period = periods.parse(text)
    assert "has no public version" in public_refusal(period)
    assert main(["export", "--db", str(demo_db_master), "--public", "--format", "md", "--period", text,
                 "-o", "-"]) != 0
    err = " ".join(capsys.readouterr().err.split())
    assert "has no public version: public papers are made for collection years (2024), quarters (2024Q3) " \
           "and quarter-end dates" in err
    with pytest.raises(NoPublicVersion):
        evidence = gather_nothing(period)
        build(evidence, options(Settings(), DEMO, True, WHEN))


def gather_nothing(period):
    from briefing_tui.indicators.evidence import Evidence

    return Evidence(DEMO.code, period, [], [], {}, [], [])


@pytest.mark.parametrize("text", ["2024", "2024Q2", "2023-09-30", "2024-03-31", "2023-06-30", "2023-12-31"])
def test_years_quarters_and_quarter_ends_have_one(text):
    assert public_refusal(periods.parse(text)) == ""


def _quarter_result(indicator_id: str, n: int, value: int, year: int = 2024):
    from briefing_tui.indicators.evaluate import Point, Result

    period = periods.quarter(year, n)
    return Result(get(indicator_id), "TEST", period, value, value, None, None, period.year_earlier().label, None,
                  (Point(str(year), year, value, value, None),), (), {})


@pytest.mark.parametrize("incidents, hidden", [
    ((20, (2, 8, 10, 0)), {1, 2}),          # 2 alone is the year less 8 and 10: its partner, 8, goes too
    ((8, (4, 4, 0, 0)), {1, 2, 3, 4}),      # 4 and 4 to a reader who knows the rule: the year goes, and with it
                                            # every quarter (its zeros would add up to it)
    ((30, (9, 9, 12, 0)), set()),           # nothing small: nothing hidden
])
def test_a_quarter_is_hidden_to_protect_its_years_other_quarters(incidents, hidden):
    """Hand-made: the quarters' papers, read with the year's, leak nothing, and would without linking."""
    from briefing_tui.indicators.evidence import Evidence, QuarterSet

    year_total, quarters = incidents
    found = {"away.incidents": {2024: QuarterSet(year_total, quarters, True)}}
    published = []
    for n in (1, 2, 3, 4):
        r = _quarter_result("away.incidents", n, quarters[n - 1])
        evidence = Evidence("TEST", r.period, [r], [], {}, [], [], quarter_sets=found)
        paper = build(evidence, options(Settings(), DEMO, True, WHEN))
        f = _figure(paper, "away.incidents")
        published.append(None if f.suppressed else int(f.value))
    assert {n for n, v in enumerate(published, 1) if v is None} == hidden
    year_paper = build(Evidence("TEST", periods.collection_year(2024),
                                [_year_result("away.incidents", year_total)], [], {}, [], [], quarter_sets=found),
                       options(Settings(), DEMO, True, WHEN))
    year_shown = _figure(year_paper, "away.incidents")
    published_year = None if year_shown.suppressed else int(year_shown.value)
    assert (published_year is None) == (year_total == 8)
    assert pinned(published_year, published, [year_total, *quarters], additive=True) == []
    if hidden:  # the small quarters alone, as before the public set was protected together, leak
        primary = [None if 1 <= q <= T else q for q in quarters]
        assert pinned(year_total if year_total > T else None, primary, [year_total, *quarters], True) != []


def _year_result(indicator_id: str, value: int, year: int = 2024):
    from briefing_tui.indicators.evaluate import Point, Result

    period = periods.collection_year(year)
    return Result(get(indicator_id), "TEST", period, value, value, None, None, period.year_earlier().label, None,
                  (Point(str(year), year, value, value, None),), (), {})


def _rolling():
    return [i for i in all_indicators() if i.kind is Kind.ROLLING]


@pytest.mark.parametrize("year", YEARS)
def test_a_rolling_figure_is_the_same_in_every_paper_that_gives_its_day_and_never_a_second_name_for_the_year(
        papers, year):
    """The twelve months to a quarter's last day are printed in the quarter's paper and the day's,
    alike (a moving window has no sum across days, as a stock has none); to 31 March they are the
    year's own figure, printed under that name only, so the year's protection cannot be undone by
    the same number printed again under another."""
    other = next(y for y in YEARS if y != year)
    seen = 0
    for n in (1, 2, 3):
        quarter, day = papers[(year, f"Q{n}")][1], papers[(year, f"end of Q{n}")][1]
        for ind in _rolling():
            a, b = _figure(quarter, ind.id), _figure(day, ind.id)
            assert a is not None and b is not None, (ind.id, n)
            assert (a.value, a.suppressed, a.trend) == (b.value, b.suppressed, b.trend), (ind.id, n)
            theirs = _figure(papers[(other, f"end of Q{n}")][1], ind.id)
            assert a.trend.get(cy.label(other)) == theirs.value, (ind.id, n)
            seen += 1
    assert seen == 3 * len(_rolling())
    for name in ("year", "Q4", "end of Q4"):
        assert not [f.indicator for f in papers[(year, name)][1].figures if get(f.indicator).kind is Kind.ROLLING]


@pytest.mark.parametrize("value, hidden", [(3, True), (0, False), (5, False)])
def test_a_small_rolling_count_is_hidden_in_a_public_paper(value, hidden):
    from briefing_tui.indicators.evaluate import Point, Result
    from briefing_tui.indicators.evidence import Evidence

    period = periods.as_at(dt.date(2024, 9, 30))
    r = Result(get("missing.children_12m"), "TEST", period, value, value, None, 7, period.year_earlier().label,
               value - 7, (Point("2024", 2024, 7, 7, None), Point("2025", 2025, value, value, None)), (), {})
    paper = build(Evidence("TEST", period, [r], [], {}, [], []), options(Settings(), DEMO, True, WHEN))
    f = _figure(paper, "missing.children_12m")
    assert f.suppressed is hidden and (f.value is None) is hidden
    assert f.trend.get("2024-25") == (None if hidden else value)


def _quarter_end_cells(briefing):
    """Every cell of the paper's quarter-ends tables: (indicator, day) -> (value, hidden)."""
    by_short = {i.short_title: i.id for i in all_indicators()}
    out = {}
    for section in briefing.sections:
        for block in section.blocks:
            if getattr(block, "caption", "").endswith("quarter ends"):
                for row in block.rows:
                    day = dt.datetime.strptime(row[0].text, "%d %b %Y").date()
                    for column, cell in zip(block.columns[1:], row[1:]):
                        if cell.text:
                            out[(by_short[column], day)] = (cell.value, cell.text == "c")
    return out


def test_the_quarter_ends_tables_print_each_day_as_that_days_public_paper(papers):
    """A quarter's or a quarter end's public paper prints the stocks and the twelve months to each of
    the last eight quarter ends: each cell exactly as that day's own public paper prints the figure
    (so no two papers disagree about a day, and a hidden figure stays hidden), and no twelve months
    to 31 March (the year's figure, printed under its own name)."""
    by_day = {evidence.period.end: paper for (_, name), (evidence, paper) in papers.items()
              if name.startswith("end of")}
    compared = 0
    for (year, name), (_, paper) in papers.items():
        if name == "year":
            continue
        cells = _quarter_end_cells(paper)
        assert cells, (year, name)
        for (indicator, day), (value, is_hidden) in cells.items():
            if get(indicator).kind is Kind.ROLLING:
                assert (day.month, day.day) != (3, 31), (indicator, day)
            there = by_day.get(day)
            if there is None:
                continue
            f = _figure(there, indicator)
            assert f is not None and (f.suppressed, None if f.suppressed else f.value) == \
                (is_hidden, None if is_hidden else value), (year, name, indicator, day)
            compared += 1
    assert compared > 100


def test_a_small_stock_at_a_quarter_end_is_hidden_with_what_gives_it_away():
    """Hand-made: 3 UASC among 400 children looked after on 30 June hides the 3 (and 2 of 400 in
    foster care, its share); the children looked after, 400, stay. 40 would go: a paper printing its
    breakdown tables could have had to hide it (linked._tables_might_hide)."""
    from briefing_tui.indicators.evaluate import Point, Result
    from briefing_tui.indicators.evidence import Evidence

    period = periods.as_at(dt.date(2024, 9, 30))
    days = [dt.date(2024, 6, 30), dt.date(2024, 9, 30)]

    def result(indicator_id, values):
        ind = get(indicator_id)
        trend = tuple(Point(f"{d.day} {d:%b %Y}", 2025, v / (den or 1) * 100 if den else v, v, den)
                      for d, (v, den) in zip(days, values))
        last = trend[-1]
        return Result(ind, "TEST", period, last.value, last.numerator, last.denominator, None, "", None,
                      (Point("2025", 2025, last.value, last.numerator, last.denominator),), (), {}), trend

    made = [result("cla.count", [(400, None), (401, None)]), result("cla.uasc", [(3, None), (12, None)]),
            result("cla.foster_pct", [(2, 400), (300, 401)])]
    evidence = Evidence("TEST", period, [r for r, _ in made], [], {}, [], [],
                        quarter_ends={r.indicator.id: t for r, t in made})
    cells = _quarter_end_cells(build(evidence, options(Settings(), DEMO, True, WHEN)))
    assert cells[("cla.count", days[0])] == (400, False)
    assert cells[("cla.uasc", days[0])][1] and cells[("cla.foster_pct", days[0])][1]
    assert cells[("cla.uasc", days[1])] == (12, False)
