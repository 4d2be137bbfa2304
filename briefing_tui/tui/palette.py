"""The command palette (Ctrl+P): any indicator by name, any screen, a period, an export.

Commands are named "area: verb" (as Posting names them) so typing "ind" or "period" narrows to a
kind. Themes are Textual's own palette command.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from briefing_tui.indicators import periods
from briefing_tui.indicators.registry import all_indicators
from briefing_tui.ssda903 import years

if TYPE_CHECKING:
    from briefing_tui.tui.app import BriefingApp

Command = tuple[str, Callable[[], object], str]
"""A command's name in the palette, what it does, and its help line."""


class BriefingCommands(Provider):
    def _commands(self) -> list[Command]:
        app = cast("BriefingApp", self.app)
        out: list[Command] = [
            (f"indicator: {ind.title}", partial(app.open_indicator, ind.id), ind.definition)
            for ind in all_indicators()
        ]
        out += [
            ("screen: overview", app.action_overview, "Every figure for the period, by area"),
            ("screen: principles", app.action_principles,
             "The seven corporate parenting principles and their evidence"),
            ("screen: keys", app.action_help, "Every key on this screen"),
            ("screen: briefing", app.action_briefing, "The briefing note for the period"),
            ("screen: notes", app.action_notes, "Questions and actions recorded"),
            ("period: choose", app.action_period, "A collection year, or type a date, month or quarter"),
        ]
        out += [(f"period: {years.label(y)}", partial(setattr, app, "period", periods.collection_year(y)),
                 f"Year ending 31 March {y}") for y in app.repo.years()]
        screen = app.screen
        for kind, verb in (("csv", "CSV"), ("md", "Markdown")):
            if hasattr(screen, "action_export"):
                out.append((f"export: {verb}", partial(screen.action_export, kind), "The table on screen, in full"))
        if hasattr(screen, "action_copy"):
            out.append(("export: copy to clipboard", screen.action_copy, "The table on screen, as Markdown"))
        return out

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
