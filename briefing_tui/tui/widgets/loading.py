"""A loading indicator only for waits a person would notice.

Most answers arrive in a few milliseconds; mounting a loading indicator and taking it down again
costs two layout passes, which is most of a keypress's time. So a view shows it only when its
answer has not come within 0.15 s.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual.dom import DOMNode
from textual.timer import Timer
from textual.widget import Widget

DELAY = 0.15

_timers: WeakKeyDictionary[Widget, Timer] = WeakKeyDictionary()
"""The timer of each widget whose answer has not come yet (gone with the widget)."""


def waiting(widget: Widget) -> None:
    """Call when a query starts: the indicator appears if the answer is slow."""
    stop(widget)
    _timers[widget] = widget.set_timer(DELAY, lambda: setattr(widget, "loading", True))


def stop(widget: Widget) -> None:
    """Call when the answer (or an error) is shown."""
    timer = _timers.pop(widget, None)
    if timer is not None:
        timer.stop()
    if widget.loading:
        widget.loading = False


def busy(screen: DOMNode) -> bool:
    """Whether any view on ``screen`` is still waiting for its answer (tests and benchmarks wait on it)."""
    return any(w in _timers or w.loading for w in screen.query(Widget))
