"""DataTable, drawn again once it has measured its columns.

DataTable measures its auto-width columns when it is next idle after rows are added, and caches
each line it draws under a key that leaves the column widths out. When the screen draws the table
in between (its refresh timer can fire first on a loaded machine), the lines drawn then, every
column as narrow as its header, stayed on screen until the next key changed something: a
principle read "(a) act i". Every table in the app is this one, which drops the lines drawn before
the measuring (tests/tui/test_tables.py draws that frame on purpose), and which measures no cell of
a table whose every column has a width given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import DataTable


class Table(DataTable[Any]):
    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        if self.columns and not any(column.auto_width for column in self.columns.values()):
            # Every column's width is given (the cohort's, measured on the plain text): measuring
            # each new cell would only set widths nothing reads, and took most of the time a
            # thousand children took to show. Rows with a label or an automatic height still are.
            new_rows = [key for key in new_rows
                        if (row := self.rows.get(key)) is not None and (row.label is not None or row.auto_height)]
        super()._update_dimensions(new_rows)
        self._clear_caches()  # lines drawn before the columns were measured are drawn again
        self.refresh()
