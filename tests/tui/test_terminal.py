"""The real app in a real terminal: tmux at 120x40, keys sent, the screen captured as text.

Pilot tests drive the app in-process; this one runs the installed `briefing-tui` command, so it
also proves the entry point, the first paint and the drill path work as a chair would use them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

TMUX = shutil.which("tmux")


def capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True,
                          check=True).stdout


def wait_for(session: str, words: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if words in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{words!r} never appeared; the screen was:\n{screen}")


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
    try:
        screen = wait_for(session, "Children looked after")
        assert "Year ending 31 March 2024" in screen and "Care leavers" in wait_for(session, "Care leavers")
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        screen = wait_for(session, "by age (DfE bands)")
        assert "16 and over" in wait_for(session, "16 and over")
        subprocess.run(["tmux", "send-keys", "-t", session, "c"], check=True)
        screen = wait_for(session, "Under 1, year ending 31 March 2024")
        assert "C-" in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
