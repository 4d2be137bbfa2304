"""Waiting in tests: for a condition, with a deadline, failing there with what was waited for.

A test never sleeps a fixed time and hopes: on a loaded machine any fixed time is too short, and
on an idle one it is time thrown away. It waits for what it expects to see, and if that has not
come by the deadline it fails, saying what it waited for and what there was instead. The app's
tests wait with ``tests.tui.settle.until_settled`` (on the app's own event loop); a test that
waits on another process looks again only when that process has done something: tmux's control
mode reports every change to a pane (``TmuxChanges``), a child process's exit ends a wait on it.
"""

from __future__ import annotations

import select
import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def poll(look: Callable[[], T], what: str, changed: Callable[[float], None], timeout: float = 30.0,
         seen: Callable[[], str] | None = None) -> T:
    """``look()`` until it returns something true, which is returned, looking again each time
    ``changed(seconds_left)`` returns (it blocks until something may have changed, or the time is
    up); an AssertionError naming ``what`` (and what ``seen()`` says there was) at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        found = look()
        if found:
            return found
        left = deadline - time.monotonic()
        if left <= 0:
            there = f"; there was:\n{seen()}" if seen is not None else ""
            raise AssertionError(f"waited {timeout:g} s for {what}, in vain{there}")
        changed(left)


class TmuxChanges:
    """A tmux control-mode client on a session: calling it blocks until the session's panes have
    output something (or the session has ended), or ``seconds`` have passed."""

    def __init__(self, session: str) -> None:
        self.client = subprocess.Popen(["tmux", "-C", "attach", "-t", session], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.ended = False

    def __call__(self, seconds: float) -> None:
        if self.ended:  # nothing more will come: the caller's look says whether that is what it wanted
            return
        assert self.client.stdout is not None
        readable, _, _ = select.select([self.client.stdout], [], [], seconds)
        if readable and not self.client.stdout.read1(65536):
            self.ended = True

    def close(self) -> None:
        self.client.kill()
        self.client.wait()


def exit_of(child: subprocess.Popen[str], slice_seconds: float) -> Callable[[float], None]:
    """A wait on ``child`` that ends when it exits or after ``slice_seconds``: for what a process
    does that sends no word (its processor time), looked at again at that pace."""
    def changed(seconds: float) -> None:
        try:
            child.wait(timeout=min(seconds, slice_seconds))
        except subprocess.TimeoutExpired:
            pass
    return changed
