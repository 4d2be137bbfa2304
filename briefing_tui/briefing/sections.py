"""The sections of a paper, in the order it is read: the cover, the summary, one section per
area (sentences, figures, comparators, breakdown tables), the principles, the panel's notes and the
data notes. Each is made from the assessed figures (``assess``); nothing here decides a figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from briefing_tui import __version__
from briefing_tui.briefing import disclosure, narrative, panel_notes
from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing.assess import PUBLIC, RESTRICTED, Assessed, Options, rounder
from briefing_tui.briefing.breakdown_tables import ProtectedTable, breakdown_table
from briefing_tui.briefing.linked import hidden_on_the_day
from briefing_tui.briefing.model import Block, Bullets, Cell, Paragraph, Section, Table
from briefing_tui.briefing.rag import SEVERITY, rule, worst
from briefing_tui.indicators import comparators, quarter_ends
from briefing_tui.indicators.evaluate import Point
from briefing_tui.indicators.evidence import Evidence
from briefing_tui.indicators.flags import FlagKind
from briefing_tui.indicators.periods import Period, as_at
from briefing_tui.indicators.registry import AREA_ORDER, PRINCIPLES, Kind, Unit, get, shown_for
from briefing_tui.ssda903 import identifiers, years


def cover(evidence: Evidence, o: Options) -> Section:
    loaded = evidence.returns
    this = next((r for r in loaded if r.year == evidence.period.return_year), None)
    span = (f"{years.label(loaded[0].year)} to {years.label(loaded[-1].year)}" if len(loaded) > 1 else
            years.label(loaded[0].year) if loaded else "none loaded")
    source = f"the SSDA903 returns loaded for {span}"
    if this is not None:
        what = ("return" if this.data_to is None else
                f"in-year extract (provisional: data to {years.long_date(this.data_to)})")
        source += (f"; this period's figures come from the {years.label(this.year)} {what} alone, imported "
                   f"{this.imported_at.day} {this.imported_at:%B %Y}")
    marking = (f"{PUBLIC}: small numbers suppressed for publication (threshold {o.threshold})" if o.public else
               f"{RESTRICTED}: contains small numbers that could identify children; not for publication")
    items = [f"Council: {o.council_name}", f"Panel: {o.panel}", f"Period: {fmt.sentence(evidence.period.label)}",
             f"Data: {fmt.sentence(source)}", f"Protective marking: {marking}",
             f"Prepared: {o.generated.day} {o.generated:%B %Y}, by briefing-tui {__version__}"]
    if o.synthetic:
        items.append("The demo borough and all its figures are synthetic: no real child is described.")
    return Section("cover", "About this briefing", (Bullets(tuple(items)),))


def since_last_panel(assessed: list[Assessed], evidence: Evidence, o: Options) -> Section | None:
    """Each figure beside what the last panel was told (the latest earlier report), and any figure
    the returns loaded since have revised ("reported as 342; the returns loaded now give 343").
    A count of events is of the year so far at each date, so two of them are set side by side, not
    judged better or worse.

    A public paper reprints only what a public paper of the last panel's period states in-year (the
    figures on the day: flows since 1 April at two dates would give the span between them), each
    then-figure hidden as that period's own public paper hides it (linked.hidden_on_the_day), each
    figure now as this paper prints it; none when that period has no public version."""
    last = evidence.last_panel
    if last is None or (o.public and disclosure.public_refusal(last.period)):
        return None

    def reprinted(indicator_id: str) -> bool:
        ind = get(indicator_id)
        return not o.public or (ind.kind is Kind.STOCK and disclosure.published_for(ind, last.period))

    then_hidden = now_hidden = set()
    if o.public:
        then_hidden = hidden_on_the_day({i: (f.numerator, f.denominator) for i, f in last.figures.items()
                                         if reprinted(i)}, last.period, o.threshold)
        now_hidden = hidden_on_the_day({i: (f.now_numerator, f.now_denominator) for i, f in last.figures.items()
                                        if reprinted(i) and f.now is not None}, last.period, o.threshold)
    extent = "an in-year extract" if last.data_to else "the complete year"
    when = last.period.label if last.period.kind == "date" else f"for the {last.period.label}"
    lead = (f"The last figures reported were {when} ({extent}, imported {last.imported_at.day} "
            f"{last.imported_at:%B %Y}). Each figure now, and as reported then:")
    moved, revised = [], []
    for a in assessed:
        then = last.figures.get(a.indicator.id)
        if (then is None or a.result.value is None or then.value is None or a.result.period == last.period
                or not reprinted(a.indicator.id)):
            continue
        ind, unit = a.indicator, a.indicator.unit
        now_shown, then_shown = not a.figure.suppressed, ind.id not in then_hidden
        then_when = narrative.when(ind, last.period)
        line = (f"{ind.title}: {_printed(a.result.value, unit, now_shown, o)} {narrative.when(ind, a.result.period)}; "
                f"{_printed(then.value, unit, then_shown, o)} {then_when}")
        if ind.kind is not Kind.FLOW and now_shown and then_shown:
            change = fmt.change_of(a.result.value - then.value, ind, o.precision)
            judged = f", {change.judgement}" if change.better_or_worse else ""
            line += f" ({change.number}{change.points()}{judged})"
        moved.append(line)
        if (then.now is not None and then_shown and ind.id not in now_hidden
                and fmt.number(then.now, unit, o.precision) != fmt.number(then.value, unit, o.precision)):
            revised.append(f"{ind.title} {then_when} was reported as {fmt.number(then.value, unit, o.precision)}; "
                           f"the returns loaded now give {fmt.number(then.now, unit, o.precision)}.")
    blocks: list[Block] = [Paragraph(lead), Bullets(tuple(moved)) if moved else
                           Paragraph("No figure can be compared with the last report.")]
    if revised:
        blocks += [Paragraph("Revised since they were reported (a later return says otherwise of that time):"),
                   Bullets(tuple(revised))]
    return Section("since-last-panel", "Since the last panel", tuple(blocks))


def _printed(value: float, unit: Unit, shown: bool, o: Options) -> str:
    return fmt.number(value, unit, o.precision) if shown else narrative.SUPPRESSED


def narrative_for(period: Period) -> str:
    """"for the year ending 31 March 2024", "for Q2 2024-25 (...)", "for December 2023", "at 30 September 2024"."""
    if period.kind == "date":
        return period.label
    return f"for the {period.label}" if period.kind == "year" else f"for {period.label}"


def summary(assessed: list[Assessed]) -> Section:
    counts = {c: sum(1 for a in assessed if a.rating and a.rating.colour == c) for c in ("red", "amber", "green")}
    rated = sum(counts.values())
    lead = (f"Of {rated} rated figure{'s' if rated != 1 else ''}, "
            f"{counts['red']} {'is' if counts['red'] == 1 else 'are'} "
            f"red, {counts['amber']} amber and {counts['green']} green." if rated else
            "No figure is rated: none has a target or a published comparator it can be rated against.")
    movements = [(movement, a) for a in assessed if (movement := _movement(a)) is not None]
    moved = sorted(movements, key=lambda ma: (-ma[0], ma[1].indicator.id))
    largest = [narrative.headline(a.facts) for movement, a in moved[:5] if movement >= 0.05]
    reds = [f"{a.indicator.title}: {narrative.short(a.facts)}{narrative.earlier_year(a.result)}, {a.rating.label}"
            for a in assessed
            if a.rating and a.rating.colour == "red"]
    newly = [f"{a.indicator.title}: {a.rating.label}; it was {a.earlier_rating.word.lower()} a year earlier "
             "against the same reference" for a in assessed if a.rating and a.earlier_rating
             and SEVERITY[a.rating.colour] > SEVERITY[a.earlier_rating.colour] and a.rating.colour != "green"]
    return Section("summary", "Summary", (Paragraph(lead, "lead"),), subsections=(
        Section("summary-movements", "Largest movements since a year earlier",
                (Bullets(tuple(largest)),) if largest else (Paragraph("No figure moved by 5% or more."),)),
        Section("summary-red", "Rated red",
                (Bullets(tuple(reds)),) if reds else (Paragraph("No figure is rated red."),)),
        Section("summary-newly", "Newly amber or red",
                (Bullets(tuple(newly)),) if newly else (Paragraph("No figure has become amber or red since a "
                                                                  "year earlier."),)),
    ))


def _movement(a: Assessed) -> float | None:
    """How far a figure moved, relative to where it was (for ranking the largest movements)."""
    f = a.facts
    if f.change is None or not f.previous or narrative.small_base(f):
        return None
    return abs(f.change) / abs(f.previous)


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def areas(assessed: list[Assessed], evidence: Evidence, tables: list[ProtectedTable], o: Options,
          quarter_ends_hidden: Mapping[str, set[dt.date]]) -> list[Section]:
    """Each area's figures, tables and comparisons; ``quarter_ends_hidden``: the quarter ends at
    which a public paper hides each figure (linked.quarter_end_links)."""
    out = []
    for area in AREA_ORDER:
        here = [a for a in assessed if a.indicator.area == area]
        if not here:
            continue
        # one table per period: a quarter's paper gives complete-year figures for their own year
        periods = list(dict.fromkeys(a.result.period for a in here))
        blocks: list[Block] = [Bullets(tuple(narrative.paragraph(a.facts) for a in here)),
                               *(_figures_table(area, [a for a in here if a.result.period == p]) for p in periods)]
        by_quarter = [a for a in here if a.indicator.id in evidence.quarter_ends]
        # the figures on each day, then (a table of its own) the twelve months to each day
        for kind in (Kind.STOCK, Kind.ROLLING):
            if of_kind := [a for a in by_quarter if a.indicator.kind is kind]:
                blocks.append(_quarter_ends_table(area, of_kind, evidence, o, quarter_ends_hidden))
        compared = [a for a in here if a.benchmark is not None]
        if compared:
            blocks.append(_comparators_table(area, compared, o))
        for now, _before, tree_now, tree_before in tables:
            if get(now.ask.indicator).area == area:
                blocks.append(breakdown_table(now, tree_now, tree_before, o))
        out.append(Section(f"area-{_slug(area)}", area, tuple(blocks)))
    return out


def _figures_table(area: str, here: list[Assessed]) -> Table:
    """The figures of one area for one period (every figure in ``here`` is of it)."""
    period = here[0].result.period
    rows = []
    for a in here:
        f, ind = a.facts, a.indicator
        value, previous = narrative.short(f), narrative.short_previous(f)
        moved = fmt.change_of(f.change, ind, f.precision)
        change = "" if narrative.small_base(f) or moved is None else str(moved)
        spark = fmt.sparkline([p.value for p in a.trend])
        alt = "; ".join(f"{years.label(p.year)}: {_trend_word(p, raw, ind.unit, f.precision)}"
                        for p, raw in zip(a.trend, a.result.trend))
        rows.append((Cell(ind.title), Cell(value, a.figure.value), Cell(previous, a.figure.previous),
                     Cell(change, a.figure.change), Cell(spark, alt=f"Trend {alt}"),
                     Cell(f"{a.rating.glyph} {a.rating.word}" if a.rating else "not rated", rating=a.rating)))
    return Table(f"{area}: figures {narrative_for(period)}",
                 ("Figure", years.label(period.return_year), "A year earlier", "Change", "Trend", "Rating"),
                 tuple(rows), (False, True, True, True, False, False))


def _quarter_ends_table(area: str, here: list[Assessed], evidence: Evidence, o: Options,
                        hidden: Mapping[str, set[dt.date]]) -> Table:
    """The area's figures (all stocks, or all rolling twelve months) on each of the last eight
    quarter ends, a quarter end to a row, each from its own return (a quarterly panel's trend).

    In a public paper each cell is as that day's own public paper prints it (``hidden``: "c"), and
    the twelve months to 31 March are left out: they are the year's figure, printed (and hidden
    with its quarters) under the year's own name."""
    public, precision = o.public, o.precision
    points = {a.indicator.id: {quarter_ends.day(p): p for p in evidence.quarter_ends[a.indicator.id]} for a in here}
    rolling = here[0].indicator.kind is Kind.ROLLING
    days = sorted({day for pts in points.values() for day in pts
                   if not public or shown_for(here[0].indicator, as_at(day))})
    rows = []
    for day in days:
        cells = [Cell(quarter_ends.label(day))]
        for a in here:
            point = points[a.indicator.id].get(day)
            if point is None:
                cells.append(Cell(""))
            elif day in hidden.get(a.indicator.id, set()):
                cells.append(Cell(disclosure.shown(point.numerator, True)))
            else:
                shown = rounder(precision if public else None, a.indicator.unit)(point.value)
                cells.append(Cell(fmt.number(point.value, a.indicator.unit, precision), shown))
        rows.append(tuple(cells))
    return Table(f"{area}: {'the twelve months to each of' if rolling else 'at'} the last {len(days)} quarter ends",
                 ("Quarter end", *(a.indicator.short_title for a in here)), tuple(rows),
                 (False, *(True for _ in here)))


def _trend_word(shown: Point, raw: Point, unit: Unit, precision: fmt.Precision) -> str:
    if shown.value is not None:
        return narrative.amount(shown.value, unit, precision)
    return narrative.SUPPRESSED if raw.value is not None else "no figure"


def _comparators_table(area: str, compared: list[Assessed], o: Options) -> Table:
    has_neighbours = any(a.facts.neighbours for a in compared)
    region = next((a.facts.region.name for a in compared if a.facts.region), "Region")
    columns = ["Figure", "Compared as", o.council_name, "England", region]
    if has_neighbours:
        columns += ["Neighbours' average", "Rank"]
    rows = []
    for a in compared:
        f, unit = a.facts, a.indicator.unit
        own = narrative.short_comparable(f)
        row = [Cell(a.indicator.title), Cell(f.comparable or "whole figure"),
               Cell(own, a.figure.comparators.get("council"))]
        for c in (f.england, f.region):
            row.append(Cell(f"{narrative.published(c.value, unit)} ({c.year})" if c else "",
                            c.value if c else None))
        if has_neighbours:
            n = f.neighbours
            row.append(Cell(f"{narrative.amount(n.average, unit, f.precision)} ({n.year})"
                            if n and n.average is not None else "",
                            n.average if n else None))
            if n is None or n.rank is None or f.comparable_suppressed:
                row.append(Cell(""))
            else:
                row.append(Cell(f"{n.rank} of {n.of}", float(n.rank)))
        rows.append(tuple(row))
    numeric = (False, False, True, True, True) + ((True, True) if has_neighbours else ())
    return Table(f"{area}: compared with published figures", tuple(columns), tuple(rows), numeric,
                 notes=("England and regional figures are the DfE's, as published (percentages whole). "
                        + ("Rank: among the council and those of its statistical neighbours with a published "
                           "figure; 1 is the best, or for a figure with no better direction (a rate, a share of "
                           "UASC) the highest. " if has_neighbours else "") + comparators.ATTRIBUTION,))


def principles(assessed: list[Assessed]) -> Section:
    subs = []
    for letter in PRINCIPLES:
        evidence = [a for a in assessed if letter in a.indicator.principles]
        rating = worst([a.rating for a in evidence])
        items = tuple(f"{a.indicator.title}: {narrative.short(a.facts)}{narrative.earlier_year(a.result)}"
                      + (f" ({a.rating.label})" if a.rating else " (not rated)") for a in evidence)
        blocks = (Paragraph(f"Rating: {rating.label}." if rating else "Not rated: none of its evidence is rated "
                            "(no target or published comparator, a small base, or a figure not published).", "lead"),
                  Bullets(items) if items else Paragraph("No indicator evidences this principle yet."))
        subs.append(Section(f"principle-{letter}", principle_title(letter), blocks, rating))
    return Section("principles", "The corporate parenting principles",
                   (Paragraph("The Children and Social Work Act 2017 (section 1) sets seven principles the council "
                              "must have regard to as corporate parent. Each is rated from the figures that "
                              "evidence it (the rule is in the data notes)."),), subsections=tuple(subs))


def principle_title(letter: str) -> str:
    """"(a) To act in their best interests, ...", "(f) For them to be safe, ..." as the Act reads."""
    words = PRINCIPLES[letter]
    return f"({letter}) {'F' + words[1:] if words.startswith('for ') else 'To ' + words}"


def notes(kept: list[panel_notes.Printed], period: Period) -> Section:
    if not kept:
        return Section("notes", "Notes and actions", (Paragraph("The panel has recorded no notes or actions."),))
    rows = []
    for printed in kept:
        n, text = printed.note, printed.text
        raised = n.period_label or f"{n.created_at.day} {n.created_at:%B %Y}"
        earlier = n.period_end is not None and n.period_end < period.start
        status = "Done" if n.status == "done" else "Open"
        if n.status == "open" and n.due is not None and n.due < period.end:
            status = "Open, overdue"
        if n.private:
            text += " (private: not in public briefings)"
        rows.append((Cell(raised + (" (earlier panel)" if earlier else "")), Cell(_title(n.indicator_id)),
                     Cell(n.kind.capitalize()), Cell(text), Cell(printed.owner),
                     Cell(f"{n.due.day} {n.due:%B %Y}" if n.due else ""), Cell(status)))
    still_open = sum(1 for p in kept if p.note.status == "open")
    lead = f"{len(kept)} {'note or action' if len(kept) == 1 else 'notes and actions'}, {still_open} still open."
    return Section("notes", "Notes and actions", (Paragraph(lead, "lead"), Table(
        "The panel's notes and actions", ("Raised", "Figure", "Kind", "Note", "Owner", "Due", "Status"),
        tuple(rows), (False,) * 7)))


def _title(indicator_id: str) -> str:
    from briefing_tui.indicators.registry import REGISTRY

    found = REGISTRY.get(indicator_id)
    return found.title if found else indicator_id


def data_notes(assessed: list[Assessed], evidence: Evidence, o: Options) -> Section:
    left_out = ([Paragraph(f"Figures of a whole collection year's cohort (health checks, care leavers, placement "
                           f"stability) exist only for complete years, so this briefing for {evidence.period.label} "
                           "gives each for the latest complete year, named beside it.")]
                if evidence.period.kind != "year" else [])
    definitions = Section("data-definitions", "Definitions", tuple(left_out) + (Bullets(tuple(
        f"{a.indicator.title} ({a.indicator.unit.value}; {a.indicator.polarity.value}): {a.indicator.definition}"
        for a in assessed)),))
    ratings = Section("data-ratings", "Ratings", (Paragraph(rule(o.tolerance, o.small_base)),))
    benched = [(a, a.benchmark) for a in assessed if a.benchmark is not None]
    if benched:
        differ = tuple(f"{a.indicator.title} is compared with the DfE's \"{bench.measure.title}\": "
                       f"{bench.mapping.differs or 'the same definition.'}" for a, bench in benched)
        comps = Section("data-comparators", "Published comparators", (
            Paragraph("England, regional and statistical-neighbour figures are the DfE's published figures for the "
                      "year shown beside each (the year ending 31 March); where this period's are not yet "
                      "published, the latest earlier year's are used. " + comparators.ATTRIBUTION),
            Bullets(differ),
            *(Paragraph(note, "note") for note in dict.fromkeys(bench.year_note for _, bench in benched
                                                                 if bench.year_note))))
    else:
        comps = Section("data-comparators", "Published comparators",
                        (Paragraph("No published comparator matches these figures."),))
    quality = [f"The {years.label(r.year)} return has {r.findings:,} data-quality findings and {r.warnings:,} "
               f"warnings recorded at import (briefing-tui info lists them)." for r in evidence.returns
               if r.year in (evidence.period.return_year, evidence.period.return_year - 1)]
    quality += [f"{a.indicator.title}: {f.public_text if o.public else f.text}." for a in assessed
                for f in a.result.flags if f.kind is FlagKind.DATA_QUALITY]
    dq = Section("data-quality", "Data quality", (Bullets(tuple(quality)),) if quality else
                 (Paragraph("No data-quality findings were recorded for this period's return."),))
    if o.public:
        legend = tuple(f"{symbol}: {meaning}" for symbol, meaning in disclosure.SYMBOLS.items())
        suppression = Section("data-suppression", "Disclosure control", (
            Paragraph(f"This is a public version. Counts of 1 to {o.threshold} children are shown as c, with any "
                      "percentage, change or comparison from which they could be worked out; further cells are "
                      "hidden where needed so that no hidden count can be recovered from a total, the other cells "
                      "or the year before. Ratings of hidden figures are not shown, and principles are rated from "
                      "the figures shown. Notes marked private are left out; in the others, children's identifiers "
                      f"(aliases, CHILD ids, UPNs) are replaced by \"{identifiers.IN_PLACE}\", and a note that "
                      "still looks like one (5 or more digits, a postcode) is left out."),
            Paragraph(f"Public versions are made for {disclosure.PUBLIC_PERIODS} only, and are protected together: "
                      "a quarter's count of starts, ceased, missing or away incidents or reviews is hidden when it, "
                      "or the year less the other quarters, would give a small number away. A quarter-end date's "
                      "public version gives what was so on the day, not the year's flows to that day."),
            Bullets(legend)))
    else:
        suppression = Section("data-suppression", "Disclosure control", (
            Paragraph(f"This version is {RESTRICTED}: it is not suppressed and contains small numbers (1 to "
                      f"{o.threshold} children) that could identify a child. Use the public version "
                      "(briefing-tui export --public) for anything published."),))
    return Section("data-notes", "Data notes", (), subsections=(definitions, ratings, comps, dq, suppression))
