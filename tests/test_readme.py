"""The README's two set-up lines are what newcomers and CI run: keep them true."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_LINE = "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && briefing-tui"
TEST_LINE = "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && pytest"


def test_readme_opens_with_the_two_command_lines():
    head = (ROOT / "README.md").read_text().split("\n## ")[0]
    assert APP_LINE in head
    assert TEST_LINE in head


def test_ci_runs_the_readme_test_command():
    assert TEST_LINE in (ROOT / ".ci" / "run").read_text()
