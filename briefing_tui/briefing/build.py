"""Turn a council's evidence into a briefing: what to say, what to rate, what a public paper hides.

Every decision is made once, so the terminal, Markdown, text, HTML and JSON say the same: each
figure assessed (``assess``: ratings, suppression, rounding), the figures a public paper hides
together (``linked``), the breakdown tables (``breakdown_tables``), the sentences (``narrative``),
the questions (``questions``), the sections (``sections``). Nothing here queries:
``indicators.evidence`` fetched everything first.
"""

from __future__ import annotations

from dataclasses import replace

from briefing_tui.briefing import disclosure, panel_notes, questions
from briefing_tui.briefing.assess import PUBLIC, RESTRICTED, Assessed, Options, assess
from briefing_tui.briefing.breakdown_tables import protected_tables, trees
from briefing_tui.briefing.linked import (
    hidden_comparables,
    linked_years,
    merge,
    quarter_end_links,
    quarter_links,
    same_counts,
)
from briefing_tui.briefing.model import Briefing, Bullets, Paragraph, Section
from briefing_tui.briefing.sections import areas, cover, data_notes, notes, principles, since_last_panel, summary
from briefing_tui.indicators import comparators
from briefing_tui.indicators.evidence import Evidence
from briefing_tui.ssda903 import years

__all__ = ["PUBLIC", "RESTRICTED", "Assessed", "Options", "build", "trees"]


def build(evidence: Evidence, options: Options) -> Briefing:
    if options.public:
        disclosure.check_public(evidence.period)
        evidence = replace(evidence, results=[r for r in evidence.results
                                              if disclosure.published_for(r.indicator, evidence.period)])
    kept, withheld = panel_notes.printed(evidence.notes, evidence.identifiers, options.public)
    linked = merge((linked_years(evidence.results, options.threshold),
                    quarter_links(evidence, options.threshold))) if options.public else {}
    tables = protected_tables(evidence, options, linked)
    if options.public:
        same_counts(evidence.results, linked)
    comparable_hidden = hidden_comparables(evidence, options.threshold) if options.public else set()
    assessed = [assess(r, evidence.benchmarks.get(r.indicator.id), options, linked.get(r.indicator.id, set()),
                        r.indicator.id in comparable_hidden)
                for r in evidence.results]
    asked = questions.suggest(assessed, options.england_gap)
    since = since_last_panel(assessed, evidence, options)
    sections = (
        cover(evidence, options),
        summary(assessed),
        *((since,) if since else ()),
        *areas(assessed, evidence, tables, options,
               quarter_end_links(evidence, options.threshold) if options.public else {}),
        principles(assessed),
        notes(kept, evidence.period),
        Section("questions", "Questions for the panel",
                (Bullets(tuple(q.text for q in asked)),) if asked else
                (Paragraph("No figure meets a rule for a suggested question this period."),)),
        data_notes(assessed, evidence, options),
    )
    shows_comparators = any(a.benchmark is not None for a in assessed)
    return Briefing(
        title=f"{options.panel} briefing: {options.council_name}",
        council=options.council_name, panel=options.panel, period=evidence.period.label,
        marking=PUBLIC if options.public else RESTRICTED, public=options.public,
        generated=f"{options.generated.day} {options.generated:%B %Y}",
        sections=sections, figures=tuple(a.figure for a in assessed), questions=tuple(asked),
        attribution=comparators.ATTRIBUTION if shows_comparators else "", withheld=withheld,
        provisional=provisional(evidence))


def provisional(evidence: Evidence) -> str:
    """The line a briefing from an in-year extract carries top and bottom ("" for a complete year)."""
    this = next((r for r in evidence.returns if r.year == evidence.period.return_year), None)
    if this is None or this.data_to is None:
        return ""
    return (f"Provisional: data to {years.long_date(this.data_to)} (an in-year extract of {years.label(this.year)}); "
            "figures of complete years only are the latest complete year's, named beside each.")
