"""Exporting the briefing on screen: a format, a file name, and a confirmation before replacing a file.

The file is written by the briefing layer (atomically: the old file survives a failed write); the
form only asks. A name that exists is never replaced without the user saying so.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from briefing_tui.briefing.export import SUFFIXES, default_name, render, write
from briefing_tui.briefing.model import Briefing
from briefing_tui.errors import UserError
from briefing_tui.indicators.periods import Period
from briefing_tui.ssda903 import years
from briefing_tui.text import plain
from briefing_tui.tui.export import EXPORT_FOLDER
from briefing_tui.tui.screens.base import AppModal
from briefing_tui.tui.widgets.form_modal import FormModal

FORMATS = (("md", "Markdown, for the papers"), ("txt", "Plain text, 80 columns"),
           ("html", "HTML, one page that prints"), ("json", "JSON, every figure"))


class ExportForm(FormModal[Path]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "save", "Save", id="export.save", priority=True),
    ]

    def __init__(self, briefing: Briefing, council: str, period: Period) -> None:
        super().__init__()
        self.briefing, self.council, self.period = briefing, council, period
        self.fmt = "html"

    def compose(self) -> ComposeResult:
        version = "public (small numbers suppressed)" if self.briefing.public else "OFFICIAL-SENSITIVE"
        with Vertical():
            yield Label(plain(f"Export the {version} briefing for the {self.briefing.period}"))
            with RadioSet(id="format"):
                for key, words in FORMATS:
                    yield RadioButton(f"{words} (.{key})", value=key == self.fmt, id=f"fmt-{key}")
            yield Input(str(self._default_path()), id="path")
            yield Label("", id="error")
            with Horizontal():
                yield Button("Save (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    def _default_path(self) -> Path:
        return EXPORT_FOLDER / default_name(self.briefing, self.fmt, self.council, years.label(self.period.return_year))

    def on_mount(self) -> None:
        self.query_one("#format", RadioSet).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = (event.pressed.id or "fmt-html").removeprefix("fmt-")
        field = self.query_one("#path", Input)
        current = Path(field.value.strip()) if field.value.strip() else None
        if current is None or not current.name or field.value.rstrip().endswith(("/", "\\")):
            field.value = str(self._default_path())  # nothing (or only a folder) typed: the usual name
        else:
            field.value = str(current.with_suffix(SUFFIXES[self.fmt]))

    def action_save(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#error", Label).update("Give a file name.")
            return
        path = Path(text).expanduser()
        if text.endswith(("/", "\\")) or path.is_dir():
            path = path / default_name(self.briefing, self.fmt, self.council, years.label(self.period.return_year))
        by_suffix = {suffix: key for key, suffix in SUFFIXES.items()}
        if path.suffix.lower() in by_suffix:  # a name ending .md is written as Markdown, whatever was ticked
            self.fmt = by_suffix[path.suffix.lower()]
        if path.exists() and not path.is_dir():
            def answered(replace: bool | None) -> None:
                if replace:
                    self.save(path, True)

            self.app.push_screen(ConfirmReplace(path), answered)
            return
        self.save(path, False)

    @work(thread=True, exclusive=True, group="export")
    def save(self, path: Path, force: bool) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            written = write(path, render(self.briefing, self.fmt), force=force)
        except (UserError, OSError) as exc:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            self.app.call_from_thread(self.query_one("#error", Label).update, plain(message))
            return
        self.app.call_from_thread(self.dismiss, written)


class ConfirmReplace(AppModal[bool]):
    BINDINGS = [Binding("y", "dismiss(True)", "Replace", id="replace.yes"),
                Binding("n,escape", "dismiss(False)", "Keep it", id="replace.no")]

    DEFAULT_CSS = """
    ConfirmReplace { align: center middle; }
    ConfirmReplace > Vertical { width: 70; height: auto; border: round $warning; background: $surface; padding: 1 2; }
    ConfirmReplace Horizontal { height: auto; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(f"{self.path} already exists. Replace it?"))
            with Horizontal():
                yield Button("Replace (y)", variant="warning", id="yes")
                yield Button("Keep it (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
