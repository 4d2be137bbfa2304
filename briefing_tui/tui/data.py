"""The app's questions of the database, answered by the indicator layer: no SQL here.

Each method runs in a Textual thread worker with its own cursor on the one connection (DuckDB
cursors are safe across threads; a connection is not), and returns plain dataclasses that screens
render. The database is opened writable when it can be, so that notes can be saved; when another
program holds it, or the file is read-only, it is opened read-only and notes say why they are off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from briefing_tui.indicators import precomputed
from briefing_tui.indicators.breakdowns import Breakdown, breakdown
from briefing_tui.indicators.cohort import Cohort, cohort
from briefing_tui.indicators.evaluate import Result, evaluate, evaluate_many, latest_period, loaded_years
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import all_indicators
from briefing_tui.indicators.timeline import Timeline, timeline
from briefing_tui.settings import Settings
from briefing_tui.store import info, notes
from briefing_tui.store.connection import DatabaseError, open_database


@dataclass(frozen=True)
class Source:
    """Where the figures come from, for the overview's header line."""

    path: str
    council: str
    years: tuple[int, ...]
    imported_at: dt.datetime | None
    writable: bool
    why_read_only: str


class Repository:
    def __init__(self, db: Path, settings: Settings) -> None:
        self.db = Path(db)
        self.settings = settings
        self.why_read_only = ""
        self._source: Source | None = None
        try:
            self.con = open_database(self.db, create=False)
            self.writable = True
        except DatabaseError as exc:
            if "read-only" not in exc.message and "in use" not in exc.message:
                raise
            self.con = open_database(self.db, read_only=True)
            self.writable = False
            self.why_read_only = exc.message

    def stored_rows_current(self) -> bool:
        return precomputed.is_current(self.con.cursor())

    def rebuild_stored_rows(self) -> None:
        """The figures' stored rows, made again for this version's definitions (after an upgrade of
        the app): one transaction, so the figures read meanwhile are the live ones, never half-made."""
        cur = self.con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            precomputed.refresh(cur, [])
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.con.close()

    @property
    def council(self) -> str:
        return self.settings.council_code

    def context(self) -> dict:
        from briefing_tui.briefing.prepare import context

        return context(self.settings, self.council)

    def source(self) -> Source:
        """Asked once: while the app holds the database open, DuckDB's lock keeps every other
        program from importing into it (writable or read-only alike), and the app imports nothing."""
        if self._source is None:
            cur = self.con.cursor()
            loaded = [r for r in info.loaded_returns(cur) if r.council == self.council]
            self._source = Source(str(self.db), self.council, tuple(r.year for r in loaded),
                                  max((r.imported_at for r in loaded), default=None), self.writable,
                                  self.why_read_only)
        return self._source

    def years(self) -> list[int]:
        return loaded_years(self.con.cursor(), self.council)

    def latest_period(self) -> Period | None:
        return latest_period(self.con.cursor(), self.council)

    def overview(self, period: Period) -> list[Result]:
        """Every indicator that can answer the period (cohorts need a whole year)."""
        wanted = [i.id for i in all_indicators() if period.kind == "year" or i.kind.value != "cohort"]
        return evaluate_many(self.con.cursor(), wanted, period, self.council, self.context())

    def indicator(self, indicator_id: str, period: Period, filters: dict[str, str]) -> Result:
        return evaluate(self.con.cursor(), indicator_id, period, self.council, self.context(), filters)

    def breakdown(self, indicator_id: str, period: Period, dimension: str, filters: dict[str, str]) -> Breakdown:
        return breakdown(self.con.cursor(), indicator_id, period, self.council, dimension, filters)

    def cohort(self, indicator_id: str, period: Period, filters: dict[str, str], part: str) -> Cohort:
        return cohort(self.con.cursor(), indicator_id, period, self.council, filters, part,
                      self.settings.officer_mode)

    # --- notes: written at once, on the app's thread (each is one small statement) ----------------

    def notes(self, indicator_id: str | None = None) -> list[notes.Note]:
        return notes.list_notes(self.con.cursor(), self.council, indicator_id)

    def save_note(self, note_id: int | None, indicator_id: str, kind: str, text: str, owner: str, due: str,
                  period: Period | None, drill_path: str, private: bool = False) -> notes.Note:
        if not self.writable:
            raise notes.NoteError(f"{notes.READ_ONLY} ({self.why_read_only})")
        cur = self.con.cursor()
        if note_id is None:
            return notes.add_note(cur, self.council, indicator_id, kind, text, owner=owner, due=due or None,
                                  period_label=period.label if period else None,
                                  period_end=period.end if period else None, drill_path=drill_path or None,
                                  private=private)
        return notes.update_note(cur, note_id, kind=kind, text=text, owner=owner, due=due or None, private=private)

    def set_note_status(self, note_id: int, status: str) -> notes.Note:
        return notes.update_note(self.con.cursor(), note_id, status=status)

    def delete_note(self, note_id: int) -> None:
        notes.delete_note(self.con.cursor(), note_id)

    def briefing_evidence(self, period: Period):
        """Everything the period's briefing states (both its versions are built from it)."""
        from briefing_tui.briefing.prepare import evidence_for

        return evidence_for(self.con.cursor(), self.settings, self.council, period)

    def briefing(self, evidence, public: bool):
        """The panel's briefing from its evidence (public: small numbers suppressed), dated now or by
        SOURCE_DATE_EPOCH."""
        from briefing_tui.briefing.build import build
        from briefing_tui.briefing.export import generation_time
        from briefing_tui.briefing.prepare import options

        return build(evidence, options(self.settings, self.council, public, generation_time()))

    def timeline(self, who: str) -> Timeline:
        return timeline(self.con.cursor(), self.council, who, self.settings.officer_mode)

