"""The briefing as Rich renderables: for the terminal (`briefing-tui brief`), the app's preview and,
through an 80-column console without colour, the plain-text export.

Ratings are coloured and always carry their glyph and word; headings are marked by weight and
rules, not colour; the protective marking opens and closes the document.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from briefing_tui.briefing.model import Block, Briefing, Bullets, Paragraph, Section, Table
from briefing_tui.text import plain

RAG_STYLES = {"red": "bold red", "amber": "bold dark_orange", "green": "bold green"}


def renderable(briefing: Briefing, table_box: box.Box = box.SIMPLE_HEAVY) -> RenderableType:
    # Every text through ``plain``, never markup: titles, notes and cells hold council names, codes and notes.
    parts: list[RenderableType] = [_marking(briefing), plain(briefing.title, style="bold underline"),
                                   plain(f"{briefing.period[:1].upper()}{briefing.period[1:]}", style="bold")]
    provisional = [plain(briefing.provisional, style="bold yellow")] if briefing.provisional else []
    parts += provisional
    for section in briefing.sections:
        parts += _section(section, 2, table_box)
    parts += [Text(""), *provisional, _marking(briefing)]
    return Group(*parts)


def plain_text(briefing: Briefing, width: int = 80) -> str:
    """The briefing as plain text wrapped at ``width`` columns: no colour, ASCII table rules."""
    console = Console(width=width, file=io.StringIO(), color_system=None, force_terminal=False, record=True,
                      highlight=False, emoji=False, legacy_windows=False, no_color=True)
    console.print(renderable(briefing, box.ASCII2))
    lines = [line.rstrip() for line in console.export_text(styles=False).splitlines()]
    return "\n".join(lines).strip("\n") + "\n"


def _marking(briefing: Briefing) -> RenderableType:
    return Rule(plain(f" {briefing.marking} ", style="bold reverse"), characters="=", style="bold")


def _section(section: Section, level: int, table_box: box.Box) -> list[RenderableType]:
    title = plain(section.title, style="bold" if level == 2 else "bold italic")
    if section.rating is not None:
        title.append("  ")
        title.append(section.rating.label, style=RAG_STYLES[section.rating.colour])
    out: list[RenderableType] = [Text("")]
    out.append(Rule(title, align="left", style="dim") if level == 2 else title)
    for block in section.blocks:
        out.append(_block(block, table_box))
    for sub in section.subsections:
        out += _section(sub, level + 1, table_box)
    return out


def _block(block: Block, table_box: box.Box) -> RenderableType:
    if isinstance(block, Paragraph):
        return plain(block.text, style="italic" if block.kind == "note" else "")
    if isinstance(block, Bullets):
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(ratio=1)
        for item in block.items:
            grid.add_row("•", plain(item))
        return grid
    return _table(block, table_box)


def _table(table: Table, table_box: box.Box) -> RenderableType:
    notes = " ".join(table.notes)
    out = RichTable(title=plain(table.caption) if table.caption else None, title_justify="left", title_style="bold",
                    box=table_box, caption=plain(notes) if notes else None, caption_justify="left",
                    caption_style="dim", show_edge=False, pad_edge=False)
    for name, numeric in zip(table.columns, table.numeric):
        out.add_column(plain(name), justify="right" if numeric else "left", overflow="fold")
    for row in table.rows:
        cells = []
        for cell in row:
            text = plain(("  " * cell.indent) + cell.text)
            if cell.rating is not None:
                text.stylize(RAG_STYLES[cell.rating.colour])
            cells.append(text)
        out.add_row(*cells)
    return Padding(out, (1, 0, 0, 0))
