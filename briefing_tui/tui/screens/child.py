"""One child's timeline across every loaded return, newest return's version of each episode."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.timeline import Timeline
from briefing_tui.ssda903 import years
from briefing_tui.text import cells, plain
from briefing_tui.tui.data import Repository
from briefing_tui.tui.screens.answered import AnsweredScreen
from briefing_tui.tui.widgets.key_bar import KeyBar
from briefing_tui.tui.widgets.table import Table


class ChildScreen(AnsweredScreen[Timeline]):
    FOLLOWS_PERIOD = False  # the timeline covers every loaded return
    BINDINGS = [Binding("escape,backspace", "app.pop_screen", "Back", id="child.back")]

    DEFAULT_CSS = """
    ChildScreen #title { padding: 0 1; background: $panel; text-style: bold; }
    ChildScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who = who

    def compose(self) -> ComposeResult:
        yield Static(plain(self.who), id="title")
        yield Table(id="events", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def waiting_widget(self) -> DataTable[object]:
        return self.query_one("#events", DataTable)

    def ask(self, repo: Repository, period: Period | None) -> Timeline:
        return repo.timeline(self.who)

    def show_error(self, message: str) -> None:
        self.query_one("#title", Static).update(plain(f"{self.who}: {message}"))

    def show_answer(self, story: Timeline) -> None:
        born = f", born {story.born:%m/%Y}" if story.born else ""
        self.query_one("#title", Static).update(plain(f"{story.who}{born}: {len(story.events)} events across "
                                                      "the loaded returns"))
        table = self.query_one("#events", DataTable)
        table.clear(columns=True)
        for title in ("date", "what", "detail", "return"):
            table.add_column(title)
        for e in story.events:
            table.add_row(*cells((f"{e.day:%d/%m/%Y}" if e.day else "", e.kind, e.detail, years.label(e.return_year))))
