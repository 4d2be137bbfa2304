"""The panel's notes as a paper prints them: every one in the restricted version; in the public
one, none marked private, each with children's identifiers replaced, and none that still looks like
an identifier after that (those are listed for the officer, to reword).

Kept apart from ``build`` because it is the one place a person's free text enters a public paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing_tui.briefing.model import Withheld
from briefing_tui.ssda903 import identifiers
from briefing_tui.store.notes import Note


@dataclass(frozen=True)
class Printed:
    note: Note
    text: str
    owner: str


def printed(notes: list[Note], held: frozenset[str], public: bool) -> tuple[list[Printed], tuple[Withheld, ...]]:
    """The notes a paper prints, as it prints them, and (public) those withheld with the reason.
    ``held``: the identifiers of the database found in the notes (``store.identifiers.held_in``)."""
    if not public:
        return [Printed(n, n.text, n.owner or "") for n in notes], ()
    shown, withheld = [], []
    for n in notes:
        if n.private:
            continue
        text, owner = identifiers.replace(n.text, held), identifiers.replace(n.owner or "", held)
        reason = identifiers.looks_identifying(text) or identifiers.looks_identifying(owner)
        if reason:
            withheld.append(Withheld(n.note_id, reason))
        else:
            shown.append(Printed(n, text, owner))
    return shown, tuple(withheld)
