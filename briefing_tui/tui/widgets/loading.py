"""A loading indicator only for waits a person would notice.

Most answers arrive in a few milliseconds; mounting a loading indicator and taking it down again
costs two layout passes, which is most of a keypress's time. So a view shows it only when its
answer has not come within 0.15 s.
"""

from __future__ import annotations

from textual.widget import Widget

DELAY = 0.15


def waiting(widget: Widget) -> None:
    """Call when a query starts: the indicator appears if the answer is slow."""
    stop(widget)
    widget._loading_timer = widget.set_timer(DELAY, lambda: setattr(widget, "loading", True))


def stop(widget: Widget) -> None:
    """Call when the answer (or an error) is shown."""
    timer = getattr(widget, "_loading_timer", None)
    if timer is not None:
        timer.stop()
        widget._loading_timer = None
    if widget.loading:
        widget.loading = False


def busy(screen) -> bool:
    """Whether any view on ``screen`` is still waiting for its answer (tests and benchmarks wait on it)."""
    return any(getattr(w, "_loading_timer", None) is not None or w.loading for w in screen.query("*"))
