"""One indicator: its value, comparison and trend, and a breakdown to drill through.

The drill path (``drill.Drill``) is the screen's state: ``d`` cycles the breakdown's dimension,
Enter filters by the row under the cursor and breaks down by the next dimension (a cross-tab),
Escape or Backspace goes back a step with the cursor where it was, ``c`` opens the children behind
the row (or the whole figure when the table has no rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from briefing_tui.briefing import figure_text as fmt
from briefing_tui.briefing import narrative, table_export
from briefing_tui.briefing.table_export import Record
from briefing_tui.indicators.breakdowns import Breakdown
from briefing_tui.indicators.evaluate import Point, Result
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import Indicator, Unit, get
from briefing_tui.ssda903 import meanings
from briefing_tui.store.notes import Note
from briefing_tui.text import plain
from briefing_tui.tui import export
from briefing_tui.tui.data import Repository
from briefing_tui.tui.drill import Drill
from briefing_tui.tui.screens.answered import AnsweredScreen, needs
from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.table import Table


@dataclass(frozen=True)
class IndicatorAnswer:
    """The figure for the drill on screen, its breakdown and the breakdown a year earlier."""

    drill: Drill
    result: Result
    rows: Breakdown | None
    earlier: Breakdown | None
    quarter_ends: tuple[Point, ...] = ()  # a stock at the last quarter ends (a quarter's or a date's)


class IndicatorScreen(AnsweredScreen[IndicatorAnswer]):
    BINDINGS = [
        Binding("d", "cycle(1)", "Next breakdown", id="indicator.next_dimension"),
        Binding("D", "cycle(-1)", "Previous breakdown", show=False, id="indicator.previous_dimension"),
        Binding("c", "cohort", "Children", id="indicator.cohort"),
        Binding("escape,backspace", "back", "Back", id="indicator.back"),
        Binding("n", "note", "Note", id="indicator.note"),
        Binding("e", "export('csv')", "Export CSV", id="indicator.export_csv"),
        Binding("m", "export('md')", "Export Markdown", show=False, id="indicator.export_md"),
        Binding("y", "copy", "Copy", show=False, id="indicator.copy"),
    ]

    DEFAULT_CSS = """
    IndicatorScreen #heading { padding: 0 1; background: $panel; text-style: bold; }
    IndicatorScreen #definition { padding: 0 1; color: $text-muted; }
    IndicatorScreen #figure { padding: 1 1 0 1; }
    IndicatorScreen #breadcrumb { padding: 1 1 0 1; color: $accent; }
    IndicatorScreen DataTable { height: 1fr; margin: 0 1; }
    IndicatorScreen #flags { padding: 0 1; color: $warning; height: auto; }
    """

    def __init__(self, indicator_id: str) -> None:
        super().__init__()
        self.drill = Drill.start(get(indicator_id))
        self.restore_cursor = 0
        self.rows: Breakdown | None = None
        self.result: Result | None = None
        self.shown: Drill | None = None  # the drill whose answer is on screen (``drill`` runs ahead of it)

    def compose(self) -> ComposeResult:
        ind = self.drill.indicator
        yield Static(f"{ind.title}  ({ind.id})", id="heading")
        yield Static(ind.definition, id="definition")
        yield Static("", id="figure")
        yield Static("", id="breadcrumb")
        yield Table(id="rows", cursor_type="row", zebra_stripes=True)
        yield Static("", id="flags")
        yield KeyBar()

    def waiting_widget(self) -> DataTable[object]:
        return self.query_one("#rows", DataTable)

    def ask(self, repo: Repository, period: Period | None) -> IndicatorAnswer:
        drill, period = self.drill, needs(period)
        result = repo.indicator(drill.indicator.id, period, drill.filters)
        rows: Breakdown | None = None
        earlier: Breakdown | None = None
        if drill.dimension:
            rows, earlier = repo.breakdown_and_year_earlier(drill.indicator.id, period, drill.dimension, drill.filters)
        by_quarter = repo.quarter_ends(drill.indicator.id, result.period) if not drill.filters else ()
        return IndicatorAnswer(drill, result, rows, earlier, by_quarter)

    def show_error(self, message: str) -> None:
        # No earlier step's rows left under the message, to be read (or drilled into) as this one's.
        self.rows, self.result, self.shown = None, None, self.drill
        self.query_one("#rows", DataTable).clear(columns=True)
        self.query_one("#flags", Static).update(plain(f"Could not read the figures: {message}"))

    def show_answer(self, answer: IndicatorAnswer) -> None:
        drill, result, rows, earlier = answer.drill, answer.result, answer.rows, answer.earlier
        if drill != self.drill:  # the user has moved on since this was asked
            return
        self.rows, self.result, self.shown = rows, result, drill
        ind = drill.indicator
        figure = f"{fmt.number(result.value, ind.unit)}"
        if result.denominator and ind.unit is Unit.PERCENT:
            figure += f"  ({result.numerator:,} of {result.denominator:,})"
        moved = fmt.change(result)
        if moved is not None:
            # the same span a year earlier, worded as the figure's own ("between 1 April 2023 and ...")
            then = narrative.when(ind, result.period.year_earlier())
            figure += (f"\n{moved} on a year earlier ({then}: {fmt.number(result.comparison, ind.unit)}): "
                       f"{moved.judgement}")
        trend = "   ".join(f"{p.label} {fmt.number(p.value, ind.unit)}" for p in result.trend[-5:])
        figure += f"\nTrend {fmt.sparkline([p.value for p in result.trend])}  {trend}"
        if answer.quarter_ends:
            ends = "   ".join(f"{p.label} {fmt.number(p.value, ind.unit)}" for p in answer.quarter_ends[-4:])
            figure += f"\nQuarter ends {fmt.sparkline([p.value for p in answer.quarter_ends])}  {ends}"
        # "Between 1 April 2024 and 30 September 2024", "In the twelve months to ...": a flow or a
        # rolling figure at a date never reads as a count on the day (as the paper words it)
        when = fmt.sentence(narrative.when(ind, result.period))
        self.query_one("#figure", Static).update(plain(f"{when}: {figure}"))
        self.query_one("#breadcrumb", Static).update(plain(drill.breadcrumb()))  # labels are data
        self.query_one("#flags", Static).update(plain("\n".join(f"Note: {f}" for f in result.flags)))
        self._fill(ind, rows, earlier)

    def _fill(self, ind: Indicator, rows: Breakdown | None, earlier: Breakdown | None) -> None:
        table = self.query_one("#rows", DataTable)
        table.clear(columns=True)
        if rows is None:
            table.add_column("This figure has no breakdowns")
            return
        before = {r.label: r for r in (earlier.rows if earlier else ())}
        share = ind.is_share or ind.score
        table.add_column(plain(rows.dimension.title), key="label")
        table.add_column(ind.unit.value if share else "children", key="value")
        table.add_column("of" if share else "% of all", key="part")
        table.add_column("a year earlier", key="earlier")
        table.add_column("change", key="change")
        for row in rows.rows:
            old = before.get(row.label)
            moved = (None if old is None or old.value is None or row.value is None
                     else fmt.change_of(row.value - old.value, ind))
            change = moved.number if moved else ""
            part = f"{row.numerator:,} of {row.denominator:,}" if share else f"{row.share:.1f}%"
            cells = (fmt.number(row.value, ind.unit), part, fmt.number(old.value, ind.unit) if old else "", change)
            table.add_row(plain(meanings.described(rows.dimension.id, row.label)),
                          *(Text(cell, justify="right") for cell in cells), key=row.label)
        if not rows.rows:
            self.query_one("#flags", Static).update("No children in this group for the period.")
        table.move_cursor(row=min(self.restore_cursor, max(0, table.row_count - 1)))
        self.restore_cursor = 0

    def action_cycle(self, by: int) -> None:
        self.drill = self.drill.cycled(by)
        self.reload()

    def _behind(self) -> bool:
        """Whether the table still shows an earlier step's rows (a key pressed before the answer to
        the last one came): a row's label then belongs to another breakdown than ``drill``'s, and
        acting on it asked for "sex = Under 1". Says so, and the key does nothing."""
        if self.shown == self.drill:
            return False
        self.notify("One moment: the breakdown is still being worked out")
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.rows is None or not self.drill.dimension or not self.rows.rows or self._behind():
            return
        label = str(event.row_key.value)
        if len(self.drill.free) <= 1:
            self.notify("Every breakdown is already a filter here: press c for the children")
            return
        self.drill = self.drill.into(label, event.cursor_row)
        self.reload()

    def action_back(self) -> None:
        if not self.drill.steps:
            self.app.pop_screen()
            return
        self.drill, self.restore_cursor = self.drill.back()
        self.reload()

    def action_cohort(self) -> None:
        if self._behind():
            return
        filters = dict(self.drill.filters)
        table = self.query_one("#rows", DataTable)
        if self.rows is not None and self.rows.rows and self.drill.dimension:
            filters[self.drill.dimension] = self.rows.rows[table.cursor_row].label
        self.app.open_cohort(self.drill.indicator.id, filters)

    def _records(self) -> list[Record] | None:
        if self.rows is None or self.result is None:
            self.notify("Nothing to export yet", severity="warning")
            return None
        return table_export.breakdown_records(self.result, self.rows)

    def action_export(self, kind: str) -> None:
        records = self._records()
        if records is not None:
            path = export.write(records, self.drill.breadcrumb(), f"{self.drill.indicator.id}-{self.drill.dimension}",
                                kind)
            self.notify(f"Wrote {len(records)} rows to {path}")

    def action_copy(self) -> None:
        records = self._records()
        if records is not None:
            self.app.copy_to_clipboard(table_export.to_markdown(records, self.drill.breadcrumb()))
            self.notify(f"Copied {len(records)} rows as Markdown (where the terminal allows the clipboard)")

    def action_note(self) -> None:
        from briefing_tui.tui.screens.note_form import NoteForm

        if not self.app.repo.writable:
            self.notify(f"Notes are off: {self.app.repo.why_read_only}", severity="warning")
            return
        where = self.drill.breadcrumb().partition(" > ")[2]
        self.app.push_screen(NoteForm(self.drill.indicator.id, self.drill.indicator.title, where), self._saved)

    def _saved(self, note: Note | None) -> None:
        if note is not None:
            self.notify(f"Saved: {note.kind} on {self.drill.indicator.title}")
