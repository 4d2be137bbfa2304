"""The README's key table is the app's bindings, so neither can drift from the other."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.tui.keys import markdown

README = Path(__file__).resolve().parent.parent.parent / "README.md"


def test_readme_lists_every_key_as_declared():
    assert markdown() in README.read_text(), "regenerate with: python -m briefing_tui.tui.keys"
