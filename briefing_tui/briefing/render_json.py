"""The briefing as JSON: every figure (value, numerator, denominator, year earlier, trend, rating,
comparators) for re-use in other tools, with the document's sections as they are printed.

A public export holds exactly what the public document shows: suppressed figures are null with
``"shown": "c"`` and ``"suppressed": true``.
"""

from __future__ import annotations

import dataclasses
import json

from briefing_tui.briefing.model import Block, Briefing, Bullets, Paragraph, Section, Table


def to_json(briefing: Briefing) -> str:
    doc = {
        "title": briefing.title, "council": briefing.council, "panel": briefing.panel, "period": briefing.period,
        "marking": briefing.marking, "public": briefing.public, "generated": briefing.generated,
        "attribution": briefing.attribution, "provisional": briefing.provisional,
        "figures": [dataclasses.asdict(f) for f in briefing.figures],
        "questions": [dataclasses.asdict(q) for q in briefing.questions],
        "sections": [_section(s) for s in briefing.sections],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _section(section: Section) -> dict[str, object]:
    out: dict[str, object] = {"id": section.id, "title": section.title}
    if section.rating is not None:
        out["rating"] = {"colour": section.rating.colour, "reason": section.rating.words}
    out["blocks"] = [_block(b) for b in section.blocks]
    if section.subsections:
        out["sections"] = [_section(s) for s in section.subsections]
    return out


def _block(block: Block) -> dict[str, object]:
    if isinstance(block, Paragraph):
        return {"paragraph": block.text}
    if isinstance(block, Bullets):
        return {"list": list(block.items)}
    assert isinstance(block, Table)
    return {"table": {"caption": block.caption, "columns": list(block.columns),
                      "rows": [[{"text": c.text, "value": c.value} if c.value is not None else {"text": c.text}
                                for c in row] for row in block.rows],
                      "notes": list(block.notes)}}
