"""The briefing as one self-contained HTML file that prints cleanly and meets WCAG 2.2 AA.

Council papers are published documents (the public sector accessibility regulations), so: the
language is set; headings go h1, h2, h3 in order; every table has a caption and header cells with
scope; a rating is a word and a glyph as well as a colour, and every colour pair has at least 4.5:1
contrast; a sparkline is hidden from screen readers and its values given in words instead; no
script, no external file. tests/briefing/test_html.py runs axe-core on the output in Chromium.
"""

from __future__ import annotations

from html import escape

from briefing_tui.briefing.model import Block, Briefing, Bullets, Cell, Paragraph, Section, Table

# Text and background pairs, each well above 4.5:1 (checked by axe-core in the tests).
STYLE = """
:root { color: #0b0c0c; background: #ffffff; }
body { font-family: Arial, Helvetica, sans-serif; line-height: 1.45; margin: 0 auto; max-width: 62rem;
       padding: 1rem 1.5rem; font-size: 1rem; }
.provisional { border-left: 6px solid #b58105; padding: .4rem .8rem; font-weight: bold; }
.marking { background: #0b0c0c; color: #ffffff; font-weight: bold; letter-spacing: .08em; text-align: center;
           padding: .35rem; margin: 0 0 1rem 0; }
footer .marking { margin: 2rem 0 0 0; }
h1 { font-size: 1.9rem; margin: .5rem 0 .25rem 0; }
h2 { font-size: 1.45rem; border-bottom: 2px solid #505a5f; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-top: 1.4rem; }
.period { font-size: 1.15rem; margin-top: 0; }
.lead { font-weight: bold; }
.note { font-style: italic; color: #383f43; }
table { border-collapse: collapse; margin: .75rem 0 .25rem 0; width: 100%; font-size: .92rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #b1b4b6; padding: .3rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #f3f2f1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th.indent-1 { padding-left: 1.6rem; font-weight: normal; }
th.indent-2 { padding-left: 2.8rem; font-weight: normal; }
.rag { font-weight: bold; }
.rag-red { color: #a50e1e; background: #fde8e8; }
.rag-amber { color: #6b3d00; background: #fff4d6; }
.rag-green { color: #005a30; background: #e3f2e9; }
.spark { letter-spacing: .05em; }
.table-notes { font-size: .88rem; color: #383f43; margin: .2rem 0 1rem 0; }
.visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important;
                   margin: 0 !important; padding: 0 !important; overflow: hidden !important;
                   clip: rect(0 0 0 0) !important; clip-path: inset(50%) !important; border: 0 !important;
                   white-space: nowrap !important; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .rag-red, .rag-amber, .rag-green, .marking, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def html(briefing: Briefing) -> str:
    body = [f'<header><p class="marking">{escape(briefing.marking)}</p></header>', "<main>",
            f"<h1>{escape(briefing.title)}</h1>",
            f'<p class="period">{escape(briefing.period[:1].upper() + briefing.period[1:])}</p>']
    provisional = [f'<p class="provisional">{escape(briefing.provisional)}</p>'] if briefing.provisional else []
    body += provisional
    for section in briefing.sections:
        body += _section(section, 2)
    body += ["</main>", f'<footer>{"".join(provisional)}<p class="marking">{escape(briefing.marking)}</p></footer>']
    return ("<!DOCTYPE html>\n"
            '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(briefing.title)}: {escape(briefing.period)} ({escape(briefing.marking)})</title>\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _section(section: Section, level: int) -> list[str]:
    title = escape(section.title)
    if section.rating is not None:
        r = section.rating
        title += (f' <span class="rag rag-{r.colour}"><span aria-hidden="true">{escape(r.glyph)}</span> '
                  f"{escape(r.word)}</span>")
    out = [f'<section id="{escape(section.id)}" aria-labelledby="{escape(section.id)}-h">',
           f'<h{level} id="{escape(section.id)}-h">{title}</h{level}>']
    for block in section.blocks:
        out.append(_block(block))
    for sub in section.subsections:
        out += _section(sub, min(level + 1, 6))
    out.append("</section>")
    return out


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        cls = f' class="{block.kind}"' if block.kind else ""
        return f"<p{cls}>{escape(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>\n" + "\n".join(f"<li>{escape(item)}</li>" for item in block.items) + "\n</ul>"
    return _table(block)


def _table(table: Table) -> str:
    head = "".join(f'<th scope="col"{_num(n)}>{escape(c)}</th>' for c, n in zip(table.columns, table.numeric))
    rows = []
    for row in table.rows:
        cells = []
        for i, (cell, numeric) in enumerate(zip(row, table.numeric)):
            if i == 0:
                indent = f' class="indent-{min(cell.indent, 2)}"' if cell.indent else ""
                cells.append(f'<th scope="row"{indent}>{_content(cell)}</th>')
            else:
                cells.append(f"<td{_classes(cell, numeric)}>{_content(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f'<p class="table-notes">{escape(n)}</p>' for n in table.notes)
    return (f"<table>\n<caption>{escape(table.caption)}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>" + (f"\n{notes}" if notes else ""))


def _num(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _classes(cell: Cell, numeric: bool) -> str:
    classes = (["num"] if numeric else []) + ([f"rag rag-{cell.rating.colour}"] if cell.rating else [])
    return f' class="{" ".join(classes)}"' if classes else ""


def _content(cell: Cell) -> str:
    if cell.alt:  # a sparkline: the picture for the eye, the values for a screen reader
        return (f'<span class="spark" aria-hidden="true">{escape(cell.text)}</span>'
                f'<span class="visually-hidden">{escape(cell.alt)}</span>')
    if cell.rating is not None:
        r = cell.rating
        return f'<span aria-hidden="true">{escape(r.glyph)}</span> {escape(r.word)}'
    return escape(cell.text)
