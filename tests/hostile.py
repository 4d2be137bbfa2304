"""Hostile text for every way a value reaches the screen: a return whose codes and CHILD ids are
Rich or Textual markup, settings that name the council and the panel with it, and a note typed
with it, all under a folder whose name holds it too. Each is imported through the importer.

A 903 code is read in capitals (``[bold]`` is stored as ``[BOLD]``), so a test looks for
``code(h)`` where the value is a code, and for ``h`` as typed everywhere else.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.helpers import do_import

MARKUP = ("[/]", "[bold]", "[@click=app.quit]", "[link=https://example.com]x[/link]")


def code(h: str) -> str:
    return h.upper()


def child_id(h: str) -> str:
    """The CHILD id of the one child whose placement, legal status and reviews are hostile (C004,
    in care on 31 March 2024); a suffix so that it is not the text of the note itself."""
    return f"{h}C4"


def folder(root: Path, h: str) -> Path:
    """A folder named with ``h`` (its slashes make sub-folders: a path is written as it is)."""
    where = root / ("in-" + h)
    where.mkdir(parents=True, exist_ok=True)
    return where


def hostile_return(root: Path, h: str) -> Path:
    """The hand-made return with C004's CHILD id, placement (PLACE), legal status (LS) and review
    codes (REVIEW_CODE) replaced by ``h``; another child's placement too, so a breakdown has it."""
    dest = folder(root, h) / "small"
    shutil.copytree(FIXTURES / "small", dest)
    for csv in dest.glob("*/*.csv"):
        text = csv.read_text(encoding="utf-8").replace("C004", child_id(h))
        if csv.parent.name == "2024" and csv.name == "episodes.csv":
            text = text.replace(",S,C1,N1,U3,", f",S,{h},N1,{h},").replace(",P,C2,N1,U6,", f",P,C2,N1,{h},")
        if csv.name == "reviews.csv":
            text = text.replace("PN0", h)
        csv.write_text(text, encoding="utf-8")
    return dest


def settings_file(root: Path, h: str, officer: bool = False) -> Path:
    path = root / ("settings-officer.toml" if officer else "settings.toml")
    path.write_text(f'[briefing]\npanel = "Panel {h}"\n\n[display]\nofficer_mode = {str(officer).lower()}\n\n'
                    f'[councils."TEST"]\nname = "Council {h}"\n', encoding="utf-8")
    return path


def hostile_database(root: Path, h: str) -> Path:
    """The hostile return imported as council TEST, with a note (text and owner) typed with ``h``."""
    from briefing_tui.store.notes import Notebook, add_note, notes_path

    db = folder(root, h) / "db.duckdb"
    do_import(db, hostile_return(root, h), council="TEST")
    with Notebook(notes_path(db)) as book:
        add_note(book, "TEST", "cla.count", "question", f"Ask {h} about it", owner=f"Owner {h}")
    return db


async def by_placement_type(app, pilot) -> None:
    """From the overview, open the first figure (children looked after) broken down by placement type."""
    from tests.tui.settle import until_settled

    await pilot.press("enter")
    await until_settled(pilot, lambda app: type(app.screen).__name__ == "IndicatorScreen")
    for _ in range(len(app.screen.drill.free)):
        if app.screen.drill.dimension == "placement_type":
            break
        await pilot.press("d")
        await until_settled(pilot)
