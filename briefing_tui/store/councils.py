"""The councils a database holds, as each import recorded them (the ``councils`` table).

An import writes its council's row in the same transaction as its returns, from the shipped list
(``briefing_tui.councils``) or, for the demo, with the synthetic borough's own population; a
population recorded once is kept when a later import has none to give. Reading it back gives every
layer above the same answer to "whose figures are these?".
"""

from __future__ import annotations

from typing import Any

import duckdb

from briefing_tui.councils import Council, CouncilKind, resolve
from briefing_tui.errors import UserError

_COLUMNS = "code, name, kind, la_number, region, ons_code, population_under_18, replaced_by, ended"


def record(con: duckdb.DuckDBPyConnection, council: Council) -> None:
    """Write (or bring up to date) one council's row; inside the caller's transaction."""
    con.execute(f"""
        INSERT INTO councils ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
            la_number = excluded.la_number, region = excluded.region, ons_code = excluded.ons_code,
            population_under_18 = coalesce(excluded.population_under_18, councils.population_under_18),
            replaced_by = excluded.replaced_by, ended = excluded.ended""",
        [council.code, council.name, council.kind.value, council.la_number, council.region, council.ons_code,
         council.population_under_18, " ".join(council.replaced_by), council.ended])


def held(con: duckdb.DuckDBPyConnection) -> list[Council]:
    """The councils with at least one return loaded, by code."""
    rows = con.execute(f"""
        SELECT {_COLUMNS} FROM councils WHERE code IN (SELECT council FROM returns) ORDER BY code""").fetchall()
    return [_council(row) for row in rows]


def find(con: duckdb.DuckDBPyConnection, code: str) -> Council | None:
    row = con.execute(f"SELECT {_COLUMNS} FROM councils WHERE code = ?", [code]).fetchone()
    return _council(row) if row else None


def _council(row: tuple[Any, ...]) -> Council:
    code, name, kind, la_number, region, ons_code, population, replaced_by, ended = row
    return Council(code, name, CouncilKind(kind), la_number=la_number, region=region, ons_code=ons_code,
                   population_under_18=population, replaced_by=tuple(replaced_by.split()), ended=ended)


class CouncilChoice(UserError):
    """Several councils are held and none was named: which? (The app offers a chooser instead.)"""

    def __init__(self, message: str, held: list[Council]) -> None:
        super().__init__(message)
        self.held = held


def named(con: duckdb.DuckDBPyConnection, text: str) -> Council:
    """The council ``text`` names: a code this database holds exactly as written (a local code an
    older version stored, "E09000003" kept apart from 302), else as ``councils.resolve`` reads it."""
    stored = find(con, text.strip())
    return stored if stored is not None else resolve(text)


def choose(con: duckdb.DuckDBPyConnection, given: Council | None, preferred: list[str], where: str) -> Council:
    """The council to show: ``given`` (it must have returns here), else the first of ``preferred``
    codes held (the settings' own council, the app's last choice), else the only council held.
    Several and none preferred: ``CouncilChoice``, listing them."""
    loaded = {c.code: c for c in held(con)}
    if given is not None:
        if given.code in loaded:
            return loaded[given.code]
        have = ", ".join(c.full for c in loaded.values()) or "none"
        raise UserError(f"no returns loaded for council {given.full} in {where} (it holds: {have}): import its "
                        f"returns with `briefing-tui import FOLDER --council {given.code}`, or name another")
    for code in preferred:
        if code and code in loaded:
            return loaded[code]
    if len(loaded) == 1:
        return next(iter(loaded.values()))
    if not loaded:
        raise UserError(f"no returns loaded in {where}: import your 903 files with `briefing-tui import FOLDER "
                        "--council 302`, or build the demo with `briefing-tui init --force`")
    names = ", ".join(c.full for c in loaded.values())
    raise CouncilChoice(f"{where} holds {len(loaded)} councils ({names}): name one with --council "
                        f"{next(iter(loaded))} (or set [council] code in the settings)", list(loaded.values()))
