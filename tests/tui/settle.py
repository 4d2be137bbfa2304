"""Waiting for the app (driven by Textual's Pilot) to show a key's work, with a deadline.

A worker's answer arrives through call_from_thread and a screen asked for opens a message later,
so on a loaded machine one pause is not enough: the tests wait until what they expect is on
screen. If it is not there by the deadline, the test fails there, saying what it waited for and
what was still going on (the screen, a worker running, a loading indicator, a table measuring):
it never carries on as if it had come.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

LIMIT = 30.0  # seconds: settling takes well under one even under a CPU hog


class Shows:
    """What a key's work looks like on screen: ``check(app)`` and the words that name it in a failure."""

    def __init__(self, what: str, check: Callable) -> None:
        self.what, self.check = what, check

    def __call__(self, app) -> bool:
        return self.check(app)

    def __repr__(self) -> str:
        return self.what


def on(name: str) -> Shows:
    """The screen of class ``name`` is the one on top."""
    return Shows(f"the {name} on screen", lambda app: type(app.screen).__name__ == name)


def shows(what: str, check: Callable) -> Shows:
    return Shows(what, check)


async def until_settled(pilot, done: Callable | None = None, limit: float = LIMIT) -> None:
    """Until the key's work shows (``done``), every view has its answer on screen, and the overview
    has a tile focused (or says it has nothing to show); an AssertionError after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while True:
        await _workers_done(pilot.app, max(0.05, deadline - time.monotonic()))
        await pilot.pause()
        waiting = unsettled(pilot.app, done)
        if not waiting:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not settle in {limit:g} s: " + "; ".join(waiting))
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def until(pilot, done: Callable, limit: float = LIMIT) -> None:
    """Until ``done(app)`` is true (a screen, a value on screen), workers or not; an AssertionError
    naming it after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while not _safely(done, pilot.app):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {limit:g} s for {_name(done)} in vain, on {type(pilot.app.screen).__name__}")
        await pilot.pause()


async def _workers_done(app, timeout: float) -> None:
    """Until the workers running now are done, or ``timeout`` seconds: never cancelling one (as
    ``asyncio.wait_for`` around ``workers.wait_for_complete`` would) nor raising what one raised."""
    running = [w._task for w in app.workers if not w.is_finished and w._task is not None]
    if running:
        await asyncio.wait(running, timeout=timeout)


def unsettled(app, done: Callable | None = None) -> list[str]:
    """What the app is still doing or waiting for (nothing: settled)."""
    from textual.widgets import DataTable

    from briefing_tui.tui.widgets.tile import Tile

    screen = app.screen
    name = type(screen).__name__
    waiting = [f"on {name}"]
    if done is not None and not _safely(done, app):
        waiting.append(f"waiting for {_name(done)}")
    if name == "Screen":  # the app's default screen shows until the overview (or the council chooser) is pushed
        waiting.append("the first screen not yet pushed")
    if name == "OverviewScreen" and not isinstance(screen.focused, Tile) and not screen.query("#message"):
        waiting.append("no tile focused on the overview (and no message instead)")
    if app.opening is not None:
        waiting.append(f"{type(app.opening).__name__} asked for, not yet open")
    running = [w for w in app.workers if not w.is_finished]
    if running:
        waiting.append("worker running: " + ", ".join(_worker(w) for w in running))
    busy = [_where(w) for w in screen.query("*") if getattr(w, "_loading_timer", None) is not None or w.loading]
    if busy:
        waiting.append("loading indicator (or its timer) on " + ", ".join(busy))
    # a table measures its columns on idle after its rows arrive: not drawn as it will be until then
    measuring = [_where(t) for t in screen.query(DataTable) if t._require_update_dimensions or t._new_rows]
    if measuring:
        waiting.append("table measuring: " + ", ".join(measuring))
    return waiting if len(waiting) > 1 else []


def _worker(worker) -> str:
    """Its group and whose it is (the screens' workers are lambdas: their names say nothing)."""
    name = "" if worker.name in ("", "<lambda>") else f" {worker.name}"
    return f"{worker.group}{name} of {type(worker.node).__name__}"


def _where(widget) -> str:
    return f"#{widget.id}" if widget.id else type(widget).__name__


def _name(done: Callable) -> str:
    if isinstance(done, Shows):
        return repr(done)
    return getattr(done, "__doc__", None) or getattr(done, "__qualname__", "it")


def _safely(check: Callable, app) -> bool:
    try:
        return bool(check(app))
    except Exception:  # the widget it reads is not there yet
        return False
