"""Turn a council's evidence into a briefing: what to say, what to rate, what a public paper hides.

Every decision is made here, once, so the terminal, Markdown, text, HTML and JSON say the same:
the sentences (``narrative``), the ratings (``rag``), the questions (``questions``) and, for a
public paper, the suppression (``disclosure``). Nothing here queries: ``indicators.evidence``
fetched everything first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from briefing_tui import __version__
from briefing_tui.briefing import disclosure, narrative, panel_notes, questions
from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing.model import Briefing, Bullets, Cell, Figure, Paragraph, Section, Table
from briefing_tui.briefing.rag import SEVERITY, Rating, judge, rule, worst
from briefing_tui.indicators import comparators
from briefing_tui.indicators.evaluate import Point, Result, small_counts
from briefing_tui.briefing.linked import hidden_comparables, linked_years, merge, quarter_links, same_counts
from briefing_tui.indicators.evidence import Evidence, Nested
from briefing_tui.indicators.flags import FlagKind
from briefing_tui.indicators.registry import AREA_ORDER, PRINCIPLES, Indicator, Unit, get
from briefing_tui.ssda903 import identifiers, years
from briefing_tui.ssda903.meanings import described

RESTRICTED = "OFFICIAL-SENSITIVE"
PUBLIC = "OFFICIAL"

@dataclass(frozen=True)
class Options:
    council_name: str
    generated: dt.datetime
    panel: str = "Corporate Parenting Panel"
    public: bool = False
    threshold: int = disclosure.DEFAULT_THRESHOLD
    targets: Mapping[str, float] = field(default_factory=dict)
    tolerance: float = 5.0
    small_base: int = 10
    england_gap: float = 5.0
    synthetic: bool = False       # the demo borough: said on the cover

    @property
    def precision(self) -> fmt.Precision:
        """How finely this paper prints its figures (public percentages whole)."""
        return fmt.PUBLIC if self.public else fmt.RESTRICTED


@dataclass(frozen=True)
class Assessed:
    """One indicator after rating and suppression: what every section draws on."""

    result: Result
    facts: narrative.Facts
    figure: Figure
    rating: Rating | None
    earlier_rating: Rating | None     # a year earlier, against the same reference
    benchmark: comparators.Benchmark | None
    trend: tuple[Point, ...]          # suppressed years' values None

    @property
    def indicator(self) -> Indicator:
        return self.result.indicator


def build(evidence: Evidence, options: Options) -> Briefing:
    if options.public:
        disclosure.check_public(evidence.period)
        evidence = replace(evidence, results=[r for r in evidence.results
                                              if disclosure.published_for(r.indicator, evidence.period)])
    notes, withheld = panel_notes.printed(evidence.notes, evidence.identifiers, options.public)
    linked = merge((linked_years(evidence.results, options.threshold),
                    quarter_links(evidence, options.threshold))) if options.public else {}
    tables = protected_tables(evidence, options, linked)
    if options.public:
        same_counts(evidence.results, linked)
    comparable_hidden = hidden_comparables(evidence, options.threshold) if options.public else set()
    assessed = [_assess(r, evidence.benchmarks.get(r.indicator.id), options, linked.get(r.indicator.id, set()),
                        r.indicator.id in comparable_hidden)
                for r in evidence.results]
    asked = questions.suggest(assessed, options.england_gap)
    sections = (
        _cover(evidence, options),
        _summary(assessed),
        *_areas(assessed, evidence, tables, options),
        _principles(assessed),
        _notes(notes, evidence.period),
        Section("questions", "Questions for the panel",
                (Bullets(tuple(q.text for q in asked)),) if asked else
                (Paragraph("No figure meets a rule for a suggested question this period."),)),
        _data_notes(assessed, evidence, options),
    )
    shows_comparators = any(a.benchmark is not None for a in assessed)
    return Briefing(
        title=f"{options.panel} briefing: {options.council_name}",
        council=options.council_name, panel=options.panel, period=evidence.period.label,
        marking=PUBLIC if options.public else RESTRICTED, public=options.public,
        generated=f"{options.generated.day} {options.generated:%B %Y}",
        sections=sections, figures=tuple(a.figure for a in assessed), questions=tuple(asked),
        attribution=comparators.ATTRIBUTION if shows_comparators else "", withheld=withheld)


# ---- one indicator -------------------------------------------------------------------------------

def hidden(indicator: Indicator, numerator: int | None, denominator: int | None, threshold: int) -> bool:
    """Whether a figure would let a reader see or work out 1 to ``threshold`` children: a count, a
    share's numerator, denominator or the rest, an average's number of scores, a rate's count."""
    if numerator is None:
        return False
    # A result's numerator is a share's part, an average's number of scores, a count or rate's count.
    rows = denominator if indicator.is_share and denominator is not None else numerator
    return any(disclosure.is_small(n, threshold) for n in small_counts(indicator, rows, numerator, numerator))


def _assess(result: Result, bench: comparators.Benchmark | None, o: Options, linked: set[int],
            comparable_linked: bool = False) -> Assessed:
    ind = result.indicator
    public = o.public
    year = result.period.return_year

    def hides(point: Point | None) -> bool:
        return public and point is not None and point.value is not None and (
            point.year in linked or hidden(ind, point.numerator, point.denominator, o.threshold))

    current = Point(str(year), year, result.value, result.numerator, result.denominator)
    suppressed = hides(current)
    previous = result.previous
    previous_suppressed = hides(previous)
    trend = tuple(replace(p, value=None, numerator=None, denominator=None) if hides(p) else p
                  for p in result.trend)
    target = o.targets.get(ind.id)
    england = region = neighbours = None
    comparable = ""
    comparable_value = None
    comparable_num = comparable_den = None
    comparable_suppressed = False
    if bench is not None:
        year = years.label(bench.year)
        england = _comparator(bench.england, "England", year)
        region = _comparator(bench.region, bench.region.area if bench.region else "", year)
        if bench.neighbours:
            neighbours = narrative.Neighbours(bench.neighbour_average, bench.rank, bench.rank_of, year,
                                              bench.measure.polarity not in ("High", "Low"))
        if bench.mapping.filters:
            comparable = "; ".join(f"{v.lower()}" for v in bench.mapping.filters.values())
            comparable = f"{ind.counts} aged {comparable.removeprefix('aged ')}" if "to" in comparable else comparable
            comparable_value = bench.council_value
            comparable_num, comparable_den = bench.council_numerator, bench.council_denominator
            # the group compared, and the rest of the figure beside it (17-18s, any outside 17-21): both safe
            rest = (None if None in (comparable_num, result.numerator) else result.numerator - comparable_num,
                    None if None in (comparable_den, result.denominator) else result.denominator - comparable_den)
            comparable_suppressed = public and (suppressed or comparable_linked
                                                or hidden(ind, comparable_num, comparable_den, o.threshold)
                                                or hidden(ind, rest[0], rest[1], o.threshold))
        else:
            comparable_value = result.value
            comparable_suppressed = suppressed
    rating = earlier = None
    against = ""
    if target is not None:
        unit = "%" if ind.unit is Unit.PERCENT else ""
        words = f"target ({target:g}{unit})"
        rating = judge(result.value, ind.polarity, target, o.tolerance, words)
        earlier = judge(result.comparison, ind.polarity, target, o.tolerance, words)
        against = "target"
    elif england is not None and england.value is not None:
        words = f"England ({narrative.published(england.value, ind.unit)}, {england.year})"
        if comparable and comparable_value is not None:
            words += f", compared for {comparable} ({narrative.amount(comparable_value, ind.unit, o.precision)})"
        ranked = bench.ranked_value if bench is not None and bench.ranked_value is not None else comparable_value
        rating = judge(ranked, ind.polarity, england.value, o.tolerance, words)
        if not (bench and bench.mapping.filters):
            earlier = judge(result.comparison, ind.polarity, england.value, o.tolerance, words)
        against = "England"
    if suppressed or (against == "England" and comparable_suppressed):
        rating = earlier = None
    def few(base: int | None) -> bool:  # a share of a handful of children swings too far to be rated
        return ind.is_share and base is not None and base < o.small_base

    if few(comparable_den if against == "England" and bench is not None and bench.mapping.filters
           else result.denominator):
        rating = earlier = None
    if previous_suppressed or few(result.comparison_denominator or 0):
        earlier = None
    # A public paper gives a share as a percentage only: the bases of several shares of one cohort
    # (under 5s, 5-16s, 10 and over) would let a reader subtract their way to a small group.
    bases_hidden = public and ind.is_share
    facts = narrative.Facts(
        indicator=ind, period=result.period,
        value=None if suppressed else result.value,
        numerator=None if suppressed or (public and (result.value is None or ind.is_share or ind.score))
        else result.numerator,
        denominator=None if suppressed or (public and (ind.score or ind.is_share or result.value is None))
        else result.denominator,
        previous=None if previous_suppressed else result.comparison,
        change=None if suppressed or previous_suppressed else result.change,
        previous_numerator=None if previous_suppressed or bases_hidden else result.comparison_numerator,
        previous_denominator=None if previous_suppressed or bases_hidden else result.comparison_denominator,
        suppressed=suppressed, previous_suppressed=previous_suppressed,
        no_figure="; ".join(f.text for f in result.flags if f.kind is FlagKind.NO_VALUE),
        target=target, rating=rating, rated_against=against if rating else "",
        comparable=comparable,
        comparable_value=None if comparable_suppressed else comparable_value,
        comparable_numerator=None if comparable_suppressed or bases_hidden else comparable_num,
        comparable_denominator=None if comparable_suppressed or bases_hidden else comparable_den,
        comparable_suppressed=comparable_suppressed,
        england=england, region=region, neighbours=neighbours, small_base=o.small_base,
        council_name=o.council_name,
        small=few(result.denominator) or few(result.comparison_denominator), precision=o.precision)
    shown = _rounder(o.precision if public else None, ind.unit)
    figure = Figure(
        indicator=ind.id, title=ind.title, unit=ind.unit.value, polarity=ind.polarity.value, area=ind.area,
        principles=ind.principles, value=shown(facts.value), shown=narrative.short(facts),
        numerator=facts.numerator, denominator=facts.denominator, previous=shown(facts.previous),
        change=shown(facts.change),
        trend={years.label(p.year): shown(p.value) for p in trend}, target=target,
        rating=rating.colour if rating else "", rating_reason=rating.words if rating else "",
        suppressed=suppressed,
        comparators=_comparators_json(bench, facts, shown) if bench else {},
        flags=tuple(f.public_text if public else f.text for f in result.flags
                    if not (public and f.kind is FlagKind.SMALL_NUMBERS)))
    return Assessed(result, facts, figure, rating, earlier, bench, trend)


def _comparator(found: comparators.Figure | None, name: str, year: str) -> narrative.Comparator | None:
    if found is None:
        return None
    if found.own_file:
        name += " (the council's own figure)"
    return narrative.Comparator(name, found.value, years.label(found.year) if found.year else year)


def _rounder(precision: fmt.Precision | None, unit: Unit = Unit.COUNT):
    """Public figures carry no more precision than they are printed with (``precision``; None:
    unrounded): 59.32203389830509 would say the base was 59 (35 of 59). (``+ 0`` turns a change that
    rounds to -0.0 into 0.0.)"""
    if precision is None:
        return lambda v: v
    places = fmt.places(unit, precision)
    return lambda v: None if v is None else round(v, places) + 0


def _comparators_json(bench: comparators.Benchmark, facts: narrative.Facts, shown) -> dict:
    out: dict = {"measure": bench.measure.id, "measure_title": bench.measure.title, "year": years.label(bench.year),
                 "compared_group": facts.comparable or "as the indicator",
                 "council": shown(facts.comparable_value), "differs": bench.mapping.differs}
    for key, c in (("england", facts.england), ("region", facts.region)):
        if c is not None:
            out[key] = {"area": c.name, "value": c.value, "year": c.year}
    if facts.neighbours is not None:
        rank_hidden = facts.comparable_suppressed
        out["statistical_neighbours"] = {"average": shown(facts.neighbours.average), "year": facts.neighbours.year,
                                         "rank": None if rank_hidden else facts.neighbours.rank,
                                         "of": facts.neighbours.of,
                                         "areas": [{"area": n.area, "value": n.value} for n in bench.neighbours]}
    return out


# ---- sections ------------------------------------------------------------------------------------

def _cover(evidence: Evidence, o: Options) -> Section:
    loaded = evidence.returns
    this = next((r for r in loaded if r.year == evidence.period.return_year), None)
    span = (f"{years.label(loaded[0].year)} to {years.label(loaded[-1].year)}" if len(loaded) > 1 else
            years.label(loaded[0].year) if loaded else "none loaded")
    source = f"the SSDA903 returns loaded for {span}"
    if this is not None:
        source += (f"; this period's figures come from the {years.label(this.year)} return alone, imported "
                   f"{this.imported_at.day} {this.imported_at:%B %Y}")
    marking = (f"{PUBLIC}: small numbers suppressed for publication (threshold {o.threshold})" if o.public else
               f"{RESTRICTED}: contains small numbers that could identify children; not for publication")
    items = [f"Council: {o.council_name}", f"Panel: {o.panel}", f"Period: {fmt.sentence(evidence.period.label)}",
             f"Data: {fmt.sentence(source)}", f"Protective marking: {marking}",
             f"Prepared: {o.generated.day} {o.generated:%B %Y}, by briefing-tui {__version__}"]
    if o.synthetic:
        items.append("The demo borough and all its figures are synthetic: no real child is described.")
    return Section("cover", "About this briefing", (Bullets(tuple(items)),))


def _summary(assessed: list[Assessed]) -> Section:
    counts = {c: sum(1 for a in assessed if a.rating and a.rating.colour == c) for c in ("red", "amber", "green")}
    rated = sum(counts.values())
    lead = (f"Of {rated} rated figure{'s' if rated != 1 else ''}, {counts['red']} {'is' if counts['red'] == 1 else 'are'} "
            f"red, {counts['amber']} amber and {counts['green']} green." if rated else
            "No figure is rated: none has a target or a published comparator it can be rated against.")
    moved = sorted((a for a in assessed if _movement(a) is not None), key=lambda a: (-_movement(a), a.indicator.id))
    largest = [narrative.headline(a.facts) for a in moved[:5] if _movement(a) >= 0.05]
    reds = [f"{a.indicator.title}: {narrative.short(a.facts)}, {a.rating.label}" for a in assessed
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


def protected_tables(evidence: Evidence, o: Options, linked: dict[str, set[int]]) -> list:
    """Every breakdown table's trees (this period, a year earlier), suppressed together with the
    headline they share: a total hidden in one table, or as the headline, is hidden in them all (8
    children shown as a headline would undo an age table's two hidden cells of 4), and the tables
    are protected again until nothing changes. ``linked`` gains the headline years so hidden."""
    out = [(ask_now, ask_before, *trees(ask_now, ask_before)) for ask_now, ask_before in evidence.tables]
    if not o.public:
        return out
    year_now = evidence.period.return_year
    while True:
        hidden_totals: dict[str, set[int]] = {}
        for now, before, a, b in out:
            for tree_, year in ((a, year_now), (b, year_now - 1)):
                if tree_ is None:
                    continue
                if year in linked.get(now.ask.indicator, set()):
                    tree_.suppressed = True
                disclosure.protect(tree_, o.threshold)
                if tree_.suppressed:
                    hidden_totals.setdefault(now.ask.indicator, set()).add(year)
        grew = False
        for indicator, found in hidden_totals.items():
            known = linked.setdefault(indicator, set())
            if not found <= known:
                known |= found
                grew = True
        if not grew:
            break
    return out


def _areas(assessed: list[Assessed], evidence: Evidence, tables: list, o: Options) -> list[Section]:
    out = []
    for area in AREA_ORDER:
        here = [a for a in assessed if a.indicator.area == area]
        if not here:
            continue
        blocks: list = [Bullets(tuple(narrative.paragraph(a.facts) for a in here)), _figures_table(area, here)]
        compared = [a for a in here if a.benchmark is not None]
        if compared:
            blocks.append(_comparators_table(area, compared, o))
        for now, before, tree_now, tree_before in tables:
            if get(now.ask.indicator).area == area:
                blocks.append(breakdown_table(now, tree_now, tree_before, o))
        out.append(Section(f"area-{_slug(area)}", area, tuple(blocks)))
    return out


def _figures_table(area: str, here: list[Assessed]) -> Table:
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
    return Table(f"{area}: figures for the {period.label}",
                 ("Figure", years.label(period.return_year), "A year earlier", "Change", "Trend", "Rating"),
                 tuple(rows), (False, True, True, True, False, False))


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
            rank = "" if n is None or n.rank is None or f.comparable_suppressed else f"{n.rank} of {n.of}"
            row.append(Cell(rank, None if not rank else float(n.rank)))
        rows.append(tuple(row))
    numeric = (False, False, True, True, True) + ((True, True) if has_neighbours else ())
    return Table(f"{area}: compared with published figures", tuple(columns), tuple(rows), numeric,
                 notes=("England and regional figures are the DfE's, as published (percentages whole). "
                        + ("Rank: among the council and those of its statistical neighbours with a published "
                           "figure; 1 is the best, or for a figure with no better direction (a rate, a share of "
                           "UASC) the highest. " if has_neighbours else "") + comparators.ATTRIBUTION,))


def breakdown_table(now: Nested, tree_now: disclosure.Node, tree_before: disclosure.Node | None,
                    o: Options) -> Table:
    """A breakdown (with sub-groups) of this period beside a year earlier: counts, % of all, change.
    In a public briefing the trees come suppressed (``protected_tables``) and a change or percentage
    is shown only between cells both shown."""
    earlier = {path: node for path, node in _paths(tree_before)} if tree_before is not None else {}
    counted = get(now.ask.indicator)
    rows = []
    for path, node in _paths(tree_now):
        depth = len(path) - 1
        if depth < 0:
            continue
        old = earlier.get(path)
        rows.append(_breakdown_row(counted, node, old, tree_now.count, depth, tree_before is not None))
    rows.append(_breakdown_row(counted, tree_now, tree_before, tree_now.count, 0, tree_before is not None,
                               label="All"))
    period = now.top.period
    return Table(f"{now.ask.caption}, {period.label}" if now.ask.caption else f"{now.top.indicator_id}",
                 ("Group", f"{years.label(period.return_year)}", "% of all", "A year earlier", "Change"),
                 tuple(rows), (False, True, True, True, True),
                 notes=("Counts of children" + ("; sub-groups are indented under their group." if now.ask.within
                                                     else "."),) +
                 ((f"c: {disclosure.SYMBOLS['c']}.",) if o.public else ()))


def _breakdown_row(counted: Indicator, node: disclosure.Node, old: disclosure.Node | None, total: int, depth: int,
                   loaded: bool, label: str = "") -> tuple[Cell, ...]:
    count = Cell(disclosure.shown(node.count, node.suppressed), None if node.suppressed else float(node.count))
    share = Cell("" if node.suppressed or not total else f"{node.count / total * 100:.1f}%",
                 None if node.suppressed or not total else node.count / total * 100)
    if not loaded:
        before = Cell("")
    elif old is None:
        before = Cell("0", 0.0)
    else:
        before = Cell(disclosure.shown(old.count, old.suppressed), None if old.suppressed else float(old.count))
    change = Cell("")
    if loaded and not node.suppressed and (old is None or not old.suppressed):
        diff = node.count - (old.count if old else 0)
        change = Cell(fmt.change_of(diff, counted).number, float(diff))
    return (Cell(label or node.label, indent=depth), count, share, before, change)


def trees(now: Nested, before: Nested | None) -> tuple[disclosure.Node, disclosure.Node | None]:
    """This period's and a year earlier's trees with the same groups (a group with no children one
    year is a 0 that year), so each column adds up to its total and rows compare like with like."""
    a = tree(now)
    if before is None:
        return a, None
    b = tree(before)
    _align(a, b)
    _align(b, a)
    return a, b


def _align(into: disclosure.Node, other: disclosure.Node) -> None:
    """Add to ``into`` a 0 for each group ``other`` has and it lacks, at every level."""
    have = {c.label: c for c in into.children}
    for c in other.children:
        if c.label not in have:
            have[c.label] = disclosure.Node(c.label, 0)
            into.children.append(have[c.label])
        _align(have[c.label], c)


def tree(nested: Nested) -> disclosure.Node:
    """A breakdown as a tree of counts: the total, its groups, each group's sub-groups (labelled with
    their codes' meanings: "C2 Full care order")."""
    root = disclosure.Node("All", nested.top.total or 0)
    for row in nested.top.rows:
        node = disclosure.Node(described(nested.ask.dimension, row.label), row.numerator)
        sub = nested.within.get(row.label)
        if sub is not None:
            node.children = [disclosure.Node(described(nested.ask.within, r.label), r.numerator) for r in sub.rows]
        root.children.append(node)
    return root


def _paths(root: disclosure.Node, path: tuple[str, ...] = ()):
    """(labels from the top, node) for every cell below ``root``, in reading order."""
    for child in root.children:
        here = path + (child.label,)
        yield here, child
        yield from _paths(child, here)


def _principles(assessed: list[Assessed]) -> Section:
    subs = []
    for letter, words in PRINCIPLES.items():
        evidence = [a for a in assessed if letter in a.indicator.principles]
        rating = worst([a.rating for a in evidence])
        items = tuple(f"{a.indicator.title}: {narrative.short(a.facts)}"
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


def _notes(kept: list[panel_notes.Printed], period) -> Section:
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


def _data_notes(assessed: list[Assessed], evidence: Evidence, o: Options) -> Section:
    left_out = ([Paragraph(f"Figures of a whole collection year's cohort (health checks, care leavers, placement "
                           f"stability) are given only for a year, so this briefing for {evidence.period.label} "
                           "leaves them out.")] if evidence.period.kind != "year" else [])
    definitions = Section("data-definitions", "Definitions", tuple(left_out) + (Bullets(tuple(
        f"{a.indicator.title} ({a.indicator.unit.value}; {a.indicator.polarity.value}): {a.indicator.definition}"
        for a in assessed)),))
    ratings = Section("data-ratings", "Ratings", (Paragraph(rule(o.tolerance, o.small_base)),))
    benched = [a for a in assessed if a.benchmark is not None]
    if benched:
        differ = tuple(f"{a.indicator.title} is compared with the DfE's \"{a.benchmark.measure.title}\": "
                       f"{a.benchmark.mapping.differs or 'the same definition.'}" for a in benched)
        comps = Section("data-comparators", "Published comparators", (
            Paragraph("England, regional and statistical-neighbour figures are the DfE's published figures for the "
                      "year shown beside each (the year ending 31 March); where this period's are not yet "
                      "published, the latest earlier year's are used. " + comparators.ATTRIBUTION),
            Bullets(differ),
            *(Paragraph(note, "note") for note in dict.fromkeys(a.benchmark.year_note for a in benched
                                                                 if a.benchmark.year_note))))
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
