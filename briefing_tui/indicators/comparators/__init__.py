"""Published comparators: England, the region and statistical neighbours beside a council's figures.

The figures are the DfE's own, as published in its Local Authority Interactive Tool data (shipped
unchanged in ``published/``; see its README.md): 43 measures about children looked after and care
leavers, for every English council, region and England, years ending 31 March 2016-2025, with the
DfE's children's services statistical neighbours (ten per council, May 2025 list). A council may add
figures, or replace published ones, in a file of its own (``own_file``: docs/comparators.md).

Only indicators whose published measure measures the same thing are mapped (each declaration's
``comparator``, gathered by ``mappings``): shares,
rates and averages, never raw counts, since councils differ in size. Where our figure has to be cut
to match (care-leaver measures are published for ages 19-21; ours cover 17-21) the mapping names the
filter, and the council's figure beside the published ones is computed that way. Where the
definitions still differ, ``Mapping.differs`` says how in one sentence for a councillor.

Loading: the 3.4 MB figures file is read once per process by DuckDB (``read_csv``, all text, then
cast) into an in-memory table; each ``benchmarks`` call is one small query on it. A council's own
file is small; it is read and checked line by line (so that a mistake is reported by line and
column), and cached by its path, size and modification time.
"""

from __future__ import annotations

from briefing_tui.indicators.comparators.benchmarks import Benchmark, Mapping, benchmarks, mappings
from briefing_tui.indicators.comparators.own_file import council_name, load_own_file
from briefing_tui.indicators.comparators.published import (
    ATTRIBUTION,
    ENGLAND,
    NEIGHBOURS_SOURCE,
    Figure,
    Measure,
    _council,
    measures,
    published,
    region_area,
)

__all__ = ["ATTRIBUTION", "ENGLAND", "NEIGHBOURS_SOURCE", "Benchmark", "Figure", "Mapping", "Measure", "benchmarks",
           "council_name", "load_own_file", "mappings", "measures", "published", "region_area", "_council"]


def __getattr__(name: str) -> dict[str, Mapping]:
    """``MAPPINGS``: ``mappings()`` as a module constant, made when first asked for (the declarations
    are loaded then)."""
    if name == "MAPPINGS":
        return mappings()
    raise AttributeError(name)


