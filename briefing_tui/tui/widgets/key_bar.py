"""The bottom line of keys: the screen's shown bindings, drawn as one line of text.

Textual's ``Footer`` builds a widget per key and rebuilds them all whenever the bindings change
(every screen change and every focus move), restyling each: measured at most of a keypress's time
when opening a screen (benchmarks/bench_tui.py). This draws the same line as a single widget:
the same keys, descriptions and greyed-out disabled keys, and each key still clickable.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """A repaint, never a layout: the bar's size does not depend on its keys."""
        if self.is_attached and screen is self.screen:
            self.refresh()

    def render(self) -> Content:
        """One entry per action (the first key bound to it), then the command palette's key at the end."""
        active = self.screen.active_bindings
        parts: list[Content] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            parts.append(self._entry(binding, enabled))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            parts.append(self._entry(palette[1], palette[2]))
        return Content(" ").join(parts)

    def _entry(self, binding: Binding, enabled: bool) -> Content:
        key = binding.key.split(",")[0].strip()
        entry = Content.from_markup("[b $footer-key-foreground] $display [/][$footer-description-foreground]"
                                    "$description[/]", display=self.app.get_key_display(binding),
                                    description=binding.description)
        if not enabled:
            return entry.stylize("dim")
        return entry.stylize(f"@click=press({key!r})")

    def action_press(self, key: str) -> None:
        """A click on a key does what pressing it does."""
        self.app.simulate_key(key)
