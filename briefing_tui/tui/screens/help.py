"""Every key of the screen underneath and of the app, with what it does (from their bindings)."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from briefing_tui.text import plain
from briefing_tui.tui.screens.base import AppModal


def key_table(screen: Screen[object], app: App[Any]) -> list[tuple[str, str]]:
    """(keys, description) for every binding of the focused widget, the screen and the app, each
    declared once where it acts."""
    seen, rows = set(), []
    owners = [o for o in (screen.focused, screen, app) if o is not None]
    for owner in owners:
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or binding.key in seen:
                continue
            seen.add(binding.key)
            keys = ", ".join(k.replace("escape", "Esc").replace("backspace", "Backspace")
                             for k in binding.key.split(","))
            rows.append((keys, binding.description or binding.action))
    return rows


class HelpScreen(AppModal[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss(None)", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 72; height: auto; max-height: 90%; border: round $accent;
                                  background: $surface; padding: 1 2; }
    """

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.rows)
        lines = "\n".join(f"{k:<{width}}  {d}" for k, d in self.rows)
        with VerticalScroll():
            # plain: keys are remappable, and "[" is a key
            yield Static(plain(f"Keys\n\n{lines}\n\nCtrl+P finds any indicator, screen or command by name."))
