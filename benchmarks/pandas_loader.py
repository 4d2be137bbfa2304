"""The baseline the import is measured against: how the pandas-based 903 tools load a return.

    python benchmarks/pandas_loader.py FOLDER...

Every table of every year under the folders read as text (``read_csv(dtype=str)``), its date
columns parsed, concatenated across years and de-duplicated, per table: no checks, nothing stored.
Run as a whole process by bench_cli_import.py (pandas' own start-up counted, as the CLI's is) and
in-process by bench_import.py.
"""

from __future__ import annotations

import sys
from pathlib import Path


def load(folders: list[Path]) -> int:
    """The rows loaded (after de-duplication), every table of every year under ``folders``."""
    import pandas as pd

    from briefing_tui.ssda903.tables import TABLES, Kind

    total = 0
    for table in TABLES.values():
        files = sorted(f for folder in folders for f in folder.rglob(f"{table.name}.csv"))
        frames = []
        for f in files:
            if f.stat().st_size <= 2:
                continue
            df = pd.read_csv(f, dtype=str)
            for col in table.columns:
                if col.kind is Kind.DATE and col.name in df:
                    df[col.name] = pd.to_datetime(df[col.name], format="%d/%m/%Y", errors="coerce")
            frames.append(df)
        if frames:
            total += len(pd.concat(frames, ignore_index=True).drop_duplicates())
    return total


if __name__ == "__main__":
    print(load([Path(a) for a in sys.argv[1:]]))
