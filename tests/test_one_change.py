"""One change, one number: a figure's change since a year earlier reads the same in the app, in
`briefing-tui show`, in the briefing (Markdown) and in its JSON export.

The change is the unrounded figures' difference, rounded as the figures are printed; its arrow and
word come from that printed number. A hand-made council (worked by hand below) has a figure whose
printed figures differ by less than its change, and one whose change rounds away:

- Dental checks: 31 of 48 children (64.583%) in 2022-23, 29 of 43 (67.442%) in 2023-24. The change
  is +2.859 points: +2.9 to one decimal place, +3 in a public paper (whole percentages); the
  figures as printed differ by 2.8 (67.4 - 64.6) and by 2 (67 - 65).
- Immunisations: 29 of 48 (60.417%), then 26 of 43 (60.465%). The change is +0.048 points: "= 0",
  no change and neither better nor worse, though the figures printed are 60.4% and 60.5%.
"""

from __future__ import annotations

import json
import re

import pytest

from briefing_tui.cli import main
from briefing_tui.indicators.evaluate import evaluate
from briefing_tui.indicators.periods import collection_year
from briefing_tui.store.connection import open_database
from tests.conftest import write
from tests.helpers import do_import

# indicator -> {year: (children counted, children in the 12-month cohort)}
COUNTED = {"health.dental_pct": {2023: (31, 48), 2024: (29, 43)},
           "health.immunisations_pct": {2023: (29, 48), 2024: (26, 43)}}
OC2 = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT," \
      "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"


@pytest.fixture(scope="module")
def council_db(tmp_path_factory):
    """Two returns of children each looked after since 2020, each with an oc2 row."""
    root = tmp_path_factory.mktemp("change")
    for year in (2023, 2024):
        cohort = COUNTED["health.dental_pct"][year][1]
        teeth = COUNTED["health.dental_pct"][year][0]
        jabs = COUNTED["health.immunisations_pct"][year][0]
        ids = [f"D{n:02d}" for n in range(1, cohort + 1)]
        write(root / str(year) / "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
              + "".join(f"{c},1,01/05/2010,WBRI,,,\n" for c in ids))
        write(root / str(year) / "episodes.csv",
              "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
              + "".join(f"{c},01/06/2020,S,C2,N1,U4,PR1,,,,N7 8,N7 9,\n" for c in ids))
        write(root / str(year) / "oc2.csv", OC2 + "\n" + "".join(
            f"{c},01/05/2010,10,,0,1,{int(i < jabs)},{int(i < teeth)},1,0,,\n" for i, c in enumerate(ids)))
    db = root / "council.duckdb"
    do_import(db, root / "2023", root / "2024", council="TEST")
    return db


def _judged(text: str) -> set[str]:
    """The judgements a text makes ("higher is better" only says which way is good)."""
    return set(re.findall(r"\b(better|worse)\b", re.sub(r"(higher|lower)\s+is\s+better", "", text)))


def _cli(capsys, *args) -> str:
    assert main([str(a) for a in args]) == 0
    return capsys.readouterr().out


def _app_tile(db, indicator: str) -> str:
    from briefing_tui.tui.widgets.tile import Tile

    con = open_database(db, read_only=True)
    try:
        result = evaluate(con, indicator, collection_year(2024), "TEST")
    finally:
        con.close()
    return Tile.content_for(result).plain


def _markdown(db, capsys, title: str, public: bool = False) -> tuple[str, str]:
    """The figure's row of its area's table, and its sentence."""
    out = _cli(capsys, "export", "--db", db, "--council", "TEST", "--period", "2024", "--format", "md", "-o", "-",
               *(["--public"] if public else []))
    row = next(line for line in out.splitlines() if line.startswith(f"| {title} |"))
    sentence = next(line for line in out.splitlines() if line.startswith(f"- {title} in the year"))
    return row, sentence


CASES = [
    # indicator, title, app and show, table cell, sentence, public cell, public sentence, JSON change
    ("health.dental_pct", "Dental checks", "▲ +2.9 pts", "▲ +2.9 pts",
     "improved from 64.6% a year earlier (+2.9 percentage points)", "▲ +3 pts",
     "improved from 65% a year earlier (+3 percentage points)", 2.9),
    ("health.immunisations_pct", "Immunisations up to date", "= 0", "= 0", "the same as a year earlier",
     "= 0", "the same as a year earlier", 0.0),
]


@pytest.mark.parametrize("indicator, title, shown, cell, sentence, public_cell, public_sentence, change", CASES,
                         ids=["rounded-figures-differ", "rounds-to-zero"])
def test_a_change_reads_the_same_in_the_app_show_the_briefing_and_its_json(
        council_db, capsys, indicator, title, shown, cell, sentence, public_cell, public_sentence, change):
    judged = {"better"} if change else set()

    tile = _app_tile(council_db, indicator)
    assert shown in tile, tile
    assert _judged(tile) == judged and ("▲" in tile) == bool(change), tile

    show = _cli(capsys, "show", indicator, "--db", council_db, "--council", "TEST", "--period", "2024")
    assert shown in show, show
    assert _judged(show) == judged and ("▲" in show) == bool(change), show
    assert "2.8" not in show and ("no change" in show) == (not change), show

    row, said = _markdown(council_db, capsys, title)
    assert f"| {cell} |" in row and sentence in said, (row, said)
    row, said = _markdown(council_db, capsys, title, public=True)
    assert f"| {public_cell} |" in row and public_sentence in said, (row, said)

    exported = json.loads(_cli(capsys, "export", "--db", council_db, "--council", "TEST", "--period", "2024",
                               "--format", "json", "-o", "-"))
    figure = next(f for f in exported["figures"] if f["indicator"] == indicator)
    assert round(figure["change"], 1) == change, figure
    assert round(figure["change"], 3) == round(figure["value"] - figure["previous"], 3)  # from the unrounded
    texts = [c["text"] for s in exported["sections"] for b in s["blocks"] if "table" in b
             for r in b["table"]["rows"] if r[0]["text"] == title for c in r]
    assert cell in texts, texts
    record = json.loads(_cli(capsys, "show", indicator, "--db", council_db, "--council", "TEST", "--period", "2024",
                             "--format", "json"))
    assert record["change"] == pytest.approx(figure["change"])  # the raw number, as computed once
    assert record["direction"] == ("up" if change else "same")
    assert record["judgement"] == ("better" if change else "no better or worse")
    assert not re.search(r"[▲▼] [+-]?0\.0", show + tile + row)
