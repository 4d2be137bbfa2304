"""A briefing from an in-year extract reads as provisional throughout and rates nothing on missing data.

The quarterly panel's paper (the demo's 2023-24 cut at 30 September 2023, tests/conftest.py
extract_dbs): "Provisional: data to 30 September 2023" at the top and the bottom of every format;
each complete-year figure named with its year; no figure of 0% from data the extract cannot hold.
"""

from __future__ import annotations

import json
import re

import pytest

from briefing_tui.cli import main


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "json"])
def test_every_format_says_provisional_top_and_bottom(capsys, extract_dbs, tmp_path, fmt):
    out = tmp_path / f"brief.{fmt}"
    assert main(["export", "--db", str(extract_dbs[1]), "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    line = "Provisional: data to 30 September 2023 (an in-year extract of 2023-24)"
    if fmt == "json":
        doc = json.loads(text)
        assert doc["provisional"].startswith(line) and doc["period"] == "at 30 September 2023"
        earlier = [f for f in doc["figures"] if f["indicator"] == "health.dental_pct"]
        assert earlier and "2022-23" in " ".join(earlier[0]["flags"])
        assert not [f for f in doc["figures"] if f["shown"].startswith("0.0%")]  # none made of missing data
        return
    flat = " ".join(text.split())
    first, last = flat.find(line), flat.rfind(line)
    assert first != -1 and last > first, "said at the top and again at the bottom"
    assert first < flat.find("About this briefing") < flat.find("Definitions") < last
    assert "in the year ending 31 March 2023" in flat   # complete-year figures are the 2022-23 ones


def test_the_quarters_paper_from_an_extract_names_each_figures_own_period(capsys, extract_dbs):
    """Q2 of the extract's year: its flows are Q2's, its complete-year figures 2022-23's, each table
    of one period, and a complete-year figure in a list that names no period says its year."""
    assert main(["brief", "--db", str(extract_dbs[1]), "--period", "Q2 2023-24"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Stability and safety: figures for the year ending 31 March 2023" in out
    assert "Stability and safety: figures for Q2 2023-24 (July to September 2023)" in out
    assert re.search(r"Dental checks: \d+\.\d% \(2022-23\)", out)
    assert "Provisional: data to 30 September 2023" in out
    assert "Children looked after: at the last 8 quarter ends" in out   # a quarterly panel's trend
    assert main(["brief", "--db", str(extract_dbs[1]), "--period", "2023-09-30", "--public"]) == 0
    public = " ".join(capsys.readouterr().out.split())
    # in the public set: each cell as that day's public paper prints it, no twelve months to 31 March
    assert "Children looked after: at the last 8 quarter ends" in public
    rolling = public.split("the twelve months to each of the last", 1)[1].split("━", 1)[0]
    assert "quarter ends" in rolling and "Started care, 12 months" in rolling
    assert "31 Mar 2023" not in public.split("the twelve months to each of the last", 1)[1].split("─", 1)[0]
