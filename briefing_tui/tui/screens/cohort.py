"""The children behind a figure or a breakdown cell, under their aliases, sortable.

``s`` sorts by the next column, ``a`` switches a share between the children counted, the rest,
and everyone; Enter opens a child's timeline.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from briefing_tui.briefing import table_export
from briefing_tui.indicators.cohort import PARTS, Cohort, Member
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import Indicator, get
from briefing_tui.ssda903 import meanings
from briefing_tui.text import Plain, plain, visible
from briefing_tui.tui import export
from briefing_tui.tui.data import Repository
from briefing_tui.tui.screens.answered import AnsweredScreen, needs
from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.table import Table

COLUMNS = (("child", "who"), ("on", "on_date"), ("age", "age"), ("sex", "sex"), ("ethnicity", "ethnic_group"),
           ("legal status", "legal_status"), ("placement", "placement"), ("care began", "care_start"),
           ("days in care", "days_in_care"), ("placements this year", "placements_this_year"), ("UASC", "uasc"))


def columns_for(indicator: Indicator) -> tuple[tuple[str, str], ...]:
    """The list's columns: a rolling figure's children have their placements counted over the twelve
    months to their day (indicators.members), and the column says so."""
    if not indicator.reads_year_before:
        return COLUMNS
    return tuple(("placements in 12 months", key) if key == "placements_this_year" else (title, key)
                 for title, key in COLUMNS)


class CohortScreen(AnsweredScreen[Cohort]):
    BINDINGS = [
        Binding("s", "sort", "Sort", id="cohort.sort"),
        Binding("a", "part", "Counted / rest / all", id="cohort.part"),
        Binding("escape,backspace", "app.pop_screen", "Back", id="cohort.back"),
        Binding("e", "export('csv')", "Export CSV", id="cohort.export_csv"),
        Binding("m", "export('md')", "Export Markdown", show=False, id="cohort.export_md"),
        Binding("y", "copy", "Copy", show=False, id="cohort.copy"),
    ]

    DEFAULT_CSS = """
    CohortScreen #title { padding: 0 1; background: $panel; text-style: bold; }
    CohortScreen DataTable { height: 1fr; margin: 0 1; }
    CohortScreen #note { padding: 0 1; color: $text-muted; }
    """

    def __init__(self, indicator_id: str, filters: dict[str, str]) -> None:
        super().__init__()
        self.indicator = get(indicator_id)
        self.filters = filters
        self.part = "counted"
        self.sort_by = 0
        self.found: Cohort | None = None
        self.listed: list[Member] = []  # the children in the order shown

    def compose(self) -> ComposeResult:
        yield Static("", id="title")
        yield Table(id="children", cursor_type="row", zebra_stripes=True)
        yield Static("Enter: the child's timeline.  Children appear under aliases; CHILD ids only in "
                     "officer mode.", id="note")
        yield KeyBar()

    def waiting_widget(self) -> DataTable[object]:
        return self.query_one("#children", DataTable)

    def ask(self, repo: Repository, period: Period | None) -> Cohort:
        return repo.cohort(self.indicator.id, needs(period), self.filters, self.part)

    def show_error(self, message: str) -> None:
        self.query_one("#title", Static).update(plain(f"Could not list the children: {message}"))

    def show_answer(self, found: Cohort) -> None:
        self.found = found
        where = "".join(f", {v}" for v in found.filters.values())
        part = "" if found.part == "counted" else f" ({PARTS[found.part].split('(')[0].strip()})"
        self.query_one("#title", Static).update(plain(
            f"{self.indicator.title}{where}{part}, {found.period.label}: {len(found.members):,} "
            f"{self.indicator.counts}"
            + ("".join(f"  Note: {f}" for f in found.flags))))
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#children", DataTable)
        table.clear(columns=True)
        if self.found is None:
            return
        key = columns_for(self.indicator)[self.sort_by][1]
        members = sorted(self.found.members, key=lambda m: (getattr(m, key) is None, getattr(m, key) or 0)
                         if key != "who" else m.who)
        self.listed = members
        texts = [(m.who, f"{m.on_date:%d/%m/%Y}" if m.on_date else "", _cell(m.age), m.sex, m.ethnic_group,
                  meanings.described("legal_status", m.legal_status),
                  meanings.described("placement_type", m.placement),
                  f"{m.care_start:%d/%m/%Y}" if m.care_start else "", _cell(m.days_in_care),
                  _cell(m.placements_this_year), "yes" if m.uasc else "") for m in members]
        # Widths from the plain text, so DataTable measures no cell (widgets.table), and each cell's
        # text made only when its row is drawn (Plain).
        for i, (title, _) in enumerate(columns_for(self.indicator)):
            table.add_column(title, width=max([cell_len(title), *(cell_len(visible(row[i])) for row in texts)]))
        table.add_rows([[Plain(value) for value in row] for row in texts])  # DataTable lays out once

    def action_sort(self) -> None:
        self.sort_by = (self.sort_by + 1) % len(COLUMNS)
        if self.found:
            self._fill()
            self.notify(f"Sorted by {columns_for(self.indicator)[self.sort_by][0]}")

    def action_part(self) -> None:
        if not (self.indicator.is_share or self.indicator.score):
            self.notify("Everyone in this figure is counted in it")
            return
        parts = list(PARTS)
        self.part = parts[(parts.index(self.part) + 1) % len(parts)]
        self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_child(self.listed[event.cursor_row].who)  # as stored, not as shown

    def action_export(self, kind: str) -> None:
        _export(self, kind)

    def action_copy(self) -> None:
        _export(self, None)


def _cell(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _title(screen: CohortScreen, found: Cohort) -> str:
    where = "".join(f", {k} = {v}" for k, v in screen.filters.items())
    return f"{screen.indicator.title}{where} ({screen.part}), {found.period.label}"


def _export(screen: CohortScreen, kind: str | None) -> None:
    found = screen.found
    if found is None:
        screen.notify("Nothing to export yet", severity="warning")
        return
    records = table_export.cohort_records(found)
    if kind is None:
        screen.app.copy_to_clipboard(table_export.to_markdown(records, _title(screen, found)))
        screen.notify(f"Copied {len(records)} rows as Markdown (where the terminal allows the clipboard)")
        return
    path = export.write(records, _title(screen, found), f"{screen.indicator.id}-cohort", kind)
    screen.notify(f"Wrote {len(records)} rows to {path}")
