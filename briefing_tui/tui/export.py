"""Writing what is on screen to a file in full (from the results, not the cells) and saying where."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from briefing_tui.briefing import table_export
from briefing_tui.briefing.table_export import Record

EXPORT_FOLDER = Path("exports")


def write(records: list[Record], title: str, stem: str, kind: str, folder: Path = EXPORT_FOLDER) -> Path:
    """``kind`` is "csv" or "md"; the file name says what and when, so exports never overwrite."""
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-")
    path = folder / f"{safe}-{dt.datetime.now():%Y%m%d-%H%M%S}.{kind}"
    text = table_export.to_csv(records) if kind == "csv" else table_export.to_markdown(records, title)
    path.write_text(text, encoding="utf-8")
    return path
