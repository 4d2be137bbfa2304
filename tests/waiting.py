"""Waiting in tests: for a condition, with a deadline, failing there with what was waited for.

A test never sleeps a fixed time and hopes: on a loaded machine any fixed time is too short, and
on an idle one it is time thrown away. It waits for what it expects to see, and if that has not
come by the deadline it fails, saying what it waited for and what there was instead. The app's
tests wait with ``tests.tui.settle.until_settled`` (on the app's own event loop); a test that
waits on another process (tmux, a child process) polls here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

EVERY = 0.02  # seconds between two looks (the one place the tests sleep: between looks, never instead of one)


def poll(look: Callable[[], T], what: str, timeout: float = 30.0,
         seen: Callable[[], str] | None = None) -> T:
    """``look()`` until it returns something true, which is returned; an AssertionError naming
    ``what`` (and what ``seen()`` says there was) after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = look()
        if found:
            return found
        if time.monotonic() > deadline:
            there = f"; there was:\n{seen()}" if seen is not None else ""
            raise AssertionError(f"waited {timeout:g} s for {what}, in vain{there}")
        time.sleep(EVERY)
