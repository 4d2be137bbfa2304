"""The layers import only downward: nothing below tui/ may load Textual (DESIGN.md, practice 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefing_tui"
# The CLI, every module of it: it loads Textual only when the app is opened (cli/launch.py).
CLI = ["briefing_tui.cli"] + sorted(f"briefing_tui.cli.{p.stem}" for p in (PACKAGE / "cli").glob("*.py")
                                    if p.stem != "__init__")
LOWER = ["briefing_tui.ssda903", "briefing_tui.store", "briefing_tui.store.importer", "briefing_tui.store.info",
         "briefing_tui.demo", "briefing_tui.indicators", "briefing_tui.briefing", *CLI]


def test_lower_layers_do_not_load_textual():
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in LOWER) + \
        "print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ssda903_knows_nothing_of_duckdb():
    code = "import sys, briefing_tui.ssda903.files, briefing_tui.ssda903.codes; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sql_lives_only_in_store_and_indicators():
    """DuckDB is imported only by the data layers (and the demo writer never needs it)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).parts
        if rel[0] in ("store", "indicators"):
            continue
        text = path.read_text()
        if "import duckdb" in text or "from duckdb" in text:
            offenders.append("/".join(rel))
    assert offenders == []
