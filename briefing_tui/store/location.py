"""Where the database is: found the same way whichever folder a command runs in.

A relative default (``data/briefings.duckdb`` under the current folder) made the app build a fresh
demo database wherever it was started, and a user's imports and notes seemed to vanish. So, in
order: ``--db``; the settings file's ``[database] path``; ``$BRIEFING_TUI_DB``; the checkout's
``data/briefings.duckdb`` when the package runs from a source checkout (found from the package's
own location, never the current folder); else a file in the per-user data folder (platformdirs).

A database *named* by the user (the first three) that does not exist is an error for every command
that reads (``init`` and ``import`` make it); only the automatic default is built from the demo on
first run. ``info`` prints ``Location.why``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DB = "BRIEFING_TUI_DB"
FILE_NAME = "briefings.duckdb"
_PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Location:
    path: Path
    why: str            # in words, for `info`: "given with --db", "$BRIEFING_TUI_DB", ...
    named: bool         # chosen by the user (a missing file is an error), not the automatic default


def locate(given: Path | None, settings_path: Path | None = None, settings_file: Path | None = None) -> Location:
    """The database to use: ``given`` (--db), else the settings' path, else $BRIEFING_TUI_DB, else
    the checkout's or the user's default."""
    if given is not None:
        return Location(Path(given), "given with --db", True)
    if settings_path is not None:
        return Location(Path(settings_path), f"[database] path in {settings_file or 'the settings file'}", True)
    env = os.environ.get(ENV_DB, "").strip()
    if env:
        return Location(Path(env).expanduser(), f"${ENV_DB}", True)
    checkout = checkout_root()
    if checkout is not None:
        return Location(checkout / "data" / FILE_NAME, f"the default for the checkout at {checkout}", False)
    return Location(user_data_dir() / FILE_NAME, "the default in your user data folder", False)


def checkout_root() -> Path | None:
    """The source checkout the package runs from (an editable install), or None (an installed copy)."""
    root = _PACKAGE.parent
    project = root / "pyproject.toml"
    try:
        if project.is_file() and 'name = "briefing-tui"' in project.read_text(encoding="utf-8"):
            return root
    except OSError:
        return None
    return None


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("briefing-tui", appauthor=False)
