"""Text from data, settings, notes, paths and user input, as Rich and Textual must be given it.

Rich and Textual read a ``str`` as markup: a placement code ``[/X]`` in a return, a council named
``A [/] B`` in the settings or a note typed with ``[bold]`` in it is parsed, and either crashes the
command or the app (``MarkupError``) or is silently changed (``[@click=app.quit]`` becomes a link
that quits the app). So every such value reaches them through ``plain``: a ``rich.text.Text``,
which neither parses (Textual shows a Rich ``Text`` as it is, too). Constant wording of our own may
stay a ``str``; anything with a value in it goes through here.

Control characters (an escape sequence in a CSV field, a carriage return in a note) are shown as
``\\x1b``: a terminal would obey them, rewriting the screen or the clipboard. Bidirectional
overrides likewise, since they reorder what is read. Only Rich's ``Text`` is used, so every layer
may call this; Textual is never imported here (only ``tui/`` imports it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, overload

from rich.console import RenderableType
from rich.text import Text

# C0 controls but tab and newline, DEL and C1 controls, bidirectional embeddings, overrides and isolates.
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``, ``\\u202e``)."""
    return _UNSEEN.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


def plain(value: object, style: str = "", **kwargs: Any) -> Text:
    """``value`` as text shown exactly as written, never read as markup (None: empty)."""
    return Text(visible("" if value is None else str(value)), style=style, **kwargs)


class Plain:
    """``value`` shown exactly as written, made into ``plain`` text only when it is drawn: a table
    draws a screenful of its rows, so a cohort of a thousand children makes fifty rows' text, not
    a thousand's (listing 600 children: 25 -> 17 ms)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __rich__(self) -> Text:
        return plain(self.value)

    def __str__(self) -> str:
        return visible(self.value)  # as shown


@overload
def cells(values: Iterable[str | None]) -> Sequence[Text]: ...
@overload
def cells(values: Iterable[RenderableType | None]) -> Sequence[RenderableType]: ...
def cells(values: Iterable[RenderableType | None]) -> Sequence[RenderableType]:
    """A table row's cells: each ``str`` as ``plain`` text, anything already renderable as it is."""
    return [plain(v) if isinstance(v, str) or v is None else v for v in values]
