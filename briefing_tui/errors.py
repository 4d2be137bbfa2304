"""The one exception type users see.

Every layer raises :class:`UserError` for problems a user can fix (bad files, a locked database,
a wrong setting). The CLI prints its message on one line and exits non-zero; tracebacks are kept
for ``--debug``. Anything else escaping to the CLI is a bug in briefing-tui.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix, with a one-line message that says what and how."""

    exit_code = 2

    def __init__(self, message: str, *, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
