"""The app's questions of the database, answered by the indicator layer: no SQL here.

Each method runs in a Textual thread worker with its own cursor on the one connection (DuckDB
cursors are safe across threads; a connection is not), and returns plain dataclasses that screens
render. The database is opened read-only, always: the app only reads it, and DuckDB lets several
programs read a file at once (the officer's `brief`, `export` or `info` beside the chair's app) but
never one write while others read. Notes are written to their own file beside it (store.notes),
which several programs can write safely; when that cannot be written, notes say why they are off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_tui import councils
from briefing_tui.councils import Council
from briefing_tui.errors import UserError
from briefing_tui.indicators import extent, precomputed, quarter_ends
from briefing_tui.indicators.breakdowns import Breakdown, breakdown, breakdown_and_year_earlier
from briefing_tui.indicators.cohort import Cohort, cohort
from briefing_tui.indicators.evaluate import Context, Point, Result, evaluate, evaluate_many
from briefing_tui.indicators.periods import Period
from briefing_tui.indicators.registry import shown_at
from briefing_tui.indicators.timeline import Timeline, timeline
from briefing_tui.settings import Settings
from briefing_tui.store import councils as stored_councils
from briefing_tui.store import info, notes
from briefing_tui.store.connection import open_database
from briefing_tui.store.councils import CouncilChoice
from briefing_tui.store.notes import Note, Notebook, notes_path

if TYPE_CHECKING:  # the briefing layer is imported when a briefing is first asked for
    from briefing_tui.briefing.model import Briefing
    from briefing_tui.indicators.evidence import Evidence


@dataclass(frozen=True)
class Source:
    """Where the figures come from, for the overview's header line."""

    path: str
    council: Council
    years: tuple[int, ...]
    imported_at: dt.datetime | None
    writable: bool
    why_read_only: str
    extracts: tuple[tuple[int, dt.date], ...] = ()  # the in-year extracts among them: (year, data to)

    def data_to(self, year: int) -> dt.date | None:
        """The year's return's data-to date when it is an in-year extract (None: the complete year)."""
        return dict(self.extracts).get(year)


class Repository:
    def __init__(self, db: Path, settings: Settings, council: Council | str | None = None) -> None:
        """``council``: the one named on the command line, as typed or resolved (else chosen by
        ``choose_council``)."""
        self.db = Path(db)
        self.settings = settings
        self.con = open_database(self.db, read_only=True)
        self.book = Notebook(notes_path(self.db))
        try:
            self.given = stored_councils.named(self.con, council) if isinstance(council, str) else council
        except UserError:
            self.close()
            raise
        # Asked once: no other program can write the database while the app holds it open (DuckDB's
        # lock), so what is loaded never changes under it; asked in the start-up worker, so that no
        # key press waits on the database on the UI thread.
        self._held: list[Council] | None = None
        self._extents: dict[str, extent.Extents] = {}  # each council's loaded years and how far each reaches
        self._current: bool | None = None
        self.profile: Council | None = None
        self._source: Source | None = None
        # Each overview asked, kept: the database cannot change while the app holds it (above), so a
        # chair going back to a period (the latest data, after a look at last year) is answered at
        # once; a date's overview is thirty live figures (bench_tui: back to the latest data).
        self._overviews: dict[tuple[str, Period, Context | None], list[Result]] = {}

    @property
    def writable(self) -> bool:
        """Whether notes can be saved (the database itself is never written by the app)."""
        return self.book.writable

    @property
    def why_read_only(self) -> str:
        return self.book.why_read_only

    def choose_council(self) -> Council | None:
        """The council to show: named, the settings' own, the app's last choice, or the only one;
        None when the database holds none. Several and none of those: ``CouncilChoice``."""
        try:
            # The app's own last choice first: it is the chair's latest word on which council to show.
            chosen = stored_councils.choose(self.con.cursor(), self.given,
                                            [self.settings.display_council, self.settings.council_code],
                                            str(self.db))
        except CouncilChoice:
            raise
        except UserError:
            if self.given is not None:
                raise
            return None  # nothing loaded: the overview says so
        self.use(chosen)
        return self.profile

    def use(self, council: Council) -> None:
        self.profile = self.settings.council(council)
        self._source = None

    def held(self) -> list[Council]:
        if self._held is None:
            self._held = stored_councils.held(self.con.cursor())
        return self._held

    def stored_rows_current(self) -> bool:
        if self._current is None:
            self._current = precomputed.is_current(self.con.cursor())
        return self._current

    def warm(self) -> None:
        """Everything the app asks on its UI thread, asked now (in the start-up worker): what is
        loaded for every council held (a chooser may switch to any)."""
        self.stored_rows_current()
        cur = self.con.cursor()
        for council in self.held():
            if council.code not in self._extents:
                self._extents[council.code] = extent.extents(cur, council.code)

    def close(self) -> None:
        self.con.close()
        self.book.close()

    @property
    def council(self) -> str:
        return self.profile.code if self.profile else ""

    def context(self) -> Context | None:
        from briefing_tui.briefing.prepare import context

        return context(self.settings, self.profile) if self.profile else None

    def targets(self) -> dict[str, float]:
        return self.settings.targets_for(self.council)

    def source(self) -> Source:
        """Asked once per council: while the app holds the database open, DuckDB's lock keeps every
        other program from importing into it, and the app imports nothing."""
        if self._source is None:
            cur = self.con.cursor()
            loaded = [r for r in info.loaded_returns(cur) if r.council == self.council]
            self._source = Source(str(self.db), self.profile or councils.local("none"),
                                  tuple(r.year for r in loaded),
                                  max((r.imported_at for r in loaded), default=None), self.writable,
                                  self.why_read_only,
                                  tuple((r.year, r.data_to) for r in loaded if r.data_to is not None))
        return self._source

    def years(self) -> list[int]:
        return list(self.reach())

    def reach(self) -> extent.Extents:
        """The council's loaded years and how far each reaches (an extract's data-to date)."""
        if self.council not in self._extents:
            self._extents[self.council] = extent.extents(self.con.cursor(), self.council)
        return self._extents[self.council]

    def latest_period(self) -> Period | None:
        """What the latest data answer: an in-year extract's data-to date, else the latest complete year."""
        return extent.latest(self.reach())

    def overview(self, period: Period) -> list[Result]:
        """Every indicator for the period (a complete-year figure asked for a quarter or a date is
        the latest complete year's: indicators.extent)."""
        key = (self.council, period, self.context())
        if key not in self._overviews:
            wanted = [i.id for i in shown_at(period)]
            self._overviews[key] = evaluate_many(self.con.cursor(), wanted, period, self.council, self.context())
        return self._overviews[key]

    def indicator(self, indicator_id: str, period: Period, filters: dict[str, str]) -> Result:
        return evaluate(self.con.cursor(), indicator_id, period, self.council, self.context(), filters)

    def quarter_ends(self, indicator_id: str, period: Period) -> tuple[Point, ...]:
        """A stock at the last eight quarter ends, for a quarter or a date (none for a year: its
        trend is by year)."""
        if period.kind == "year":
            return ()
        return quarter_ends.trend(self.con.cursor(), indicator_id, period, self.council, self.context())

    def breakdown(self, indicator_id: str, period: Period, dimension: str, filters: dict[str, str]) -> Breakdown:
        return breakdown(self.con.cursor(), indicator_id, period, self.council, dimension, filters)

    def breakdown_and_year_earlier(self, indicator_id: str, period: Period, dimension: str,
                                   filters: dict[str, str]) -> tuple[Breakdown, Breakdown]:
        return breakdown_and_year_earlier(self.con.cursor(), indicator_id, period, self.council, dimension, filters)

    def cohort(self, indicator_id: str, period: Period, filters: dict[str, str], part: str) -> Cohort:
        return cohort(self.con.cursor(), indicator_id, period, self.council, filters, part,
                      self.settings.officer_mode)

    # --- notes: written at once, on the app's thread (each is one small statement) ----------------

    def notes(self, indicator_id: str | None = None) -> list[Note]:
        return notes.list_notes(self.book, self.council, indicator_id)

    def save_note(self, note_id: int | None, indicator_id: str, kind: str, text: str, owner: str, due: str,
                  period: Period | None, drill_path: str, private: bool = False) -> Note:
        if note_id is None:
            return notes.add_note(self.book, self.council, indicator_id, kind, text, owner=owner, due=due or None,
                                  period_label=period.label if period else None,
                                  period_end=period.end if period else None, drill_path=drill_path or None,
                                  private=private)
        return notes.update_note(self.book, note_id, kind=kind, text=text, owner=owner, due=due or None,
                                 private=private)

    def set_note_status(self, note_id: int, status: str) -> Note:
        return notes.update_note(self.book, note_id, status=status)

    def delete_note(self, note_id: int) -> None:
        notes.delete_note(self.book, note_id)

    def briefing_evidence(self, period: Period) -> Evidence:
        """Everything the period's briefing states (both its versions are built from it)."""
        from briefing_tui.briefing.prepare import evidence_for

        assert self.profile is not None
        return evidence_for(self.con.cursor(), self.settings, self.profile, period, self.book)

    def briefing(self, evidence: Evidence, public: bool) -> Briefing:
        """The panel's briefing from its evidence (public: small numbers suppressed), dated now or by
        SOURCE_DATE_EPOCH."""
        from briefing_tui.briefing.build import build
        from briefing_tui.briefing.export import generation_time
        from briefing_tui.briefing.prepare import options

        assert self.profile is not None
        return build(evidence, options(self.settings, self.profile, public, generation_time()))

    def timeline(self, who: str) -> Timeline:
        return timeline(self.con.cursor(), self.council, who, self.settings.officer_mode)

