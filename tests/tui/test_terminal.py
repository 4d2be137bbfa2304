"""The real app in a real terminal: tmux at 120x40, keys sent, the screen captured as text.

Pilot tests drive the app in-process; this one runs the installed `briefing-tui` command, so it
also proves the entry point, the first paint and the drill path work as a chair would use them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.waiting import TmuxChanges, poll

TMUX = shutil.which("tmux")


def capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True,
                          check=True).stdout


def wait_for(session: str, changes: TmuxChanges, *words: str, timeout: float = 30.0) -> str:
    """The screen once it shows every one of ``words`` (one capture: a frame drawn whole), looked
    at each time the app has drawn; an AssertionError naming them, with the last screen, after
    ``timeout`` seconds."""
    last = [""]

    def look() -> str:
        last[0] = capture(session)
        return last[0] if all(w in last[0] for w in words) else ""

    return poll(look, f"{words!r} on the screen", changes, timeout, seen=lambda: last[0])


def running(session: str) -> bool:
    return subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0


def test_overview_and_a_drill_down_in_tmux(demo_db, tmp_path):
    assert TMUX, "tmux is needed for this test (.ci/run installs it)"
    command = Path(sys.executable).with_name("briefing-tui")
    session = f"briefing-test-{tmp_path.name}"
    config = tmp_path / "settings.toml"
    config.write_text("")
    subprocess.run(["tmux", "new-session", "-d", "-x", "120", "-y", "40", "-s", session,
                    f"env -u COLUMNS -u LINES {command} --db {demo_db} --config {config}"], check=True)
    # A tmux server already running may size new windows its own way: insist on 120x40.
    subprocess.run(["tmux", "set-option", "-t", session, "window-size", "manual"], capture_output=True)
    subprocess.run(["tmux", "resize-window", "-t", session, "-x", "120", "-y", "40"], capture_output=True)
    changes = TmuxChanges(session)
    try:
        wait_for(session, changes, "Children looked after", "At 30 September 2024", "Care leavers")
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        wait_for(session, changes, "by age (DfE bands)", "16 and over")
        subprocess.run(["tmux", "send-keys", "-t", session, "c"], check=True)
        wait_for(session, changes, "Under 1, at 30 September 2024", "C-")
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        poll(lambda: not running(session), "the app to quit on q (its tmux session to end)", changes,
             seen=lambda: capture(session))
    finally:
        changes.close()
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
