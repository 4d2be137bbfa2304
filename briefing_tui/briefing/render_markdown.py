"""The briefing as Markdown for the council's papers (GitHub-flavoured tables, pasteable anywhere).

Ratings are written with their glyph and word ("○ Red: off target (60%)"), which is all Markdown
can carry; captions and table notes are plain lines above and below each table.
"""

from __future__ import annotations

from briefing_tui.briefing.model import Block, Briefing, Bullets, Paragraph, Section, Table


def markdown(briefing: Briefing) -> str:
    lines = [f"**{briefing.marking}**", "", f"# {_inline(briefing.title)}", "",
             f"{briefing.period[:1].upper()}{briefing.period[1:]}"]
    provisional = ["", f"**{_inline(briefing.provisional)}**"] if briefing.provisional else []
    lines += provisional
    for section in briefing.sections:
        lines += _section(section, 2)
    lines += [*provisional, "", f"**{briefing.marking}**"]
    return "\n".join(lines) + "\n"


def _section(section: Section, level: int) -> list[str]:
    title = _inline(section.title)
    if section.rating is not None:
        title += f" ({section.rating.label})"
    out = ["", f"{'#' * level} {title}"]
    for block in section.blocks:
        out += [""] + _block(block)
    for sub in section.subsections:
        out += _section(sub, level + 1)
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"*{_inline(block.text)}*" if block.kind == "note" else _inline(block.text)]
    if isinstance(block, Bullets):
        return [f"- {_inline(item)}" for item in block.items]
    return _table(block)


def _table(table: Table) -> list[str]:
    out = [f"**{_inline(table.caption)}**", "", "| " + " | ".join(_cell(c) for c in table.columns) + " |",
           "|" + "|".join("---:" if n else "---" for n in table.numeric) + "|"]
    for row in table.rows:
        out.append("| " + " | ".join(("\u2003" * c.indent) + _cell(c.text) for c in row) + " |")
    if table.notes:
        out += [""] + [f"*{_inline(note)}*" for note in table.notes]
    return out


def _inline(text: str) -> str:
    """Text that Markdown would otherwise read as markup: emphasis, links, HTML, headings."""
    for ch in "\\`*_[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|").replace("\n", " ")
