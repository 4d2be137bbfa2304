"""Every key of the app, from the bindings each screen declares: the README's key table is this
list (tests/tui/test_keys.py checks they agree), as the help screen is the focused screen's part."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens import (
    briefing,
    child,
    cohort,
    council,
    export_form,
    indicator,
    note_form,
    notes,
    period,
    principles,
)
from briefing_tui.tui.widgets.tile import Tile

GROUPS: list[tuple[str, type[DOMNode]]] = [
    ("Everywhere", BriefingApp), ("Overview (on a tile)", Tile), ("Indicator", indicator.IndicatorScreen),
    ("Cohort", cohort.CohortScreen), ("Child", child.ChildScreen), ("Principles", principles.PrinciplesScreen),
    ("Briefing", briefing.BriefingScreen), ("Briefing export", export_form.ExportForm),
    ("Replace a file?", export_form.ConfirmReplace), ("Notes", notes.NotesScreen),
    ("Note form", note_form.NoteForm),
    ("Period picker", period.PeriodScreen), ("Council picker", council.CouncilScreen),
]

# Enter on a table row is the table's own event, not a binding: said here so the table is complete.
TABLE_ROWS = [("Indicator", "enter", "Filter by the row and break down by the next dimension"),
              ("Cohort", "enter", "The child's timeline"), ("Principles", "enter", "Open the indicator"),
              ("Period picker", "enter", "Choose the year, or the typed period"),
              ("Council picker", "enter", "Show that council")]

NAMES = {"escape": "Esc", "backspace": "Backspace", "question_mark": "?", "ctrl+": "Ctrl+", "space": "Space",
         "enter": "Enter"}


def _keys(text: str) -> str:
    out = []
    for key in text.split(","):
        for raw, shown in NAMES.items():
            key = key.replace(raw, shown)
        out.append(key)
    return ", ".join(out)


def _declared(owner: type[DOMNode]) -> list[Binding]:
    """Each binding as declared: one row for "escape,backspace", not one per key."""
    return [b if isinstance(b, Binding) else Binding(*b) for b in owner.BINDINGS]


def key_rows() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for name, owner in GROUPS:
        rows += [(name, _keys(b.key), b.description) for b in _declared(owner)]
        rows += [(name, _keys(k), d) for n, k, d in TABLE_ROWS if n == name]
    return rows


def markdown() -> str:
    lines = ["| where | keys | does |", "|---|---|---|"]
    lines += [f"| {where} | `{keys}` | {does} |" for where, keys, does in key_rows()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
