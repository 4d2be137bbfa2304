"""DataTable, drawn again once it has measured its columns.

DataTable measures its auto-width columns when it is next idle after rows are added, and caches
each line it draws under a key that leaves the column widths out. When the screen draws the table
in between (its refresh timer can fire first on a loaded machine), the lines drawn then, every
column as narrow as its header, stayed on screen until the next key changed something: a
principle read "(a) act i". Every table in the app is this one, which drops the lines drawn before
the measuring (tests/tui/test_tables.py draws that frame on purpose).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import DataTable


class Table(DataTable[Any]):
    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        super()._update_dimensions(new_rows)
        self._clear_caches()  # lines drawn before the columns were measured are drawn again
        self.refresh()
