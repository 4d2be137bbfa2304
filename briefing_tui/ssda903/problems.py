"""Problems found in a return: errors that refuse it, findings that are recorded, warnings.

One shape for all three so the reader, the checks in the store and the CLI's report speak alike:
``file:line: COLUMN value 'x': what is wrong (expected ...)``. Councils fix their exports from
these messages, so every part that is known is given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"      # the return cannot be read reliably: nothing is imported
    FINDING = "finding"  # data quality: imported, recorded and reported
    WARNING = "warning"  # about the files rather than the data (an empty file, an extra column)


@dataclass(frozen=True)
class Problem:
    severity: Severity
    rule: str
    problem: str
    file: str = ""
    line: int | None = None
    column: str = ""
    value: str | None = None
    expected: str = ""
    table: str = ""
    child: str = ""
    council: str = ""
    year: int | None = None

    def location(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def message(self) -> str:
        """``file:line: COLUMN value 'x': what is wrong (expected ...)``."""
        parts = []
        where = self.location()
        if where:
            parts.append(where)
        what = ""
        if self.column:
            what = self.column
            if self.value is not None:
                what += f" value '{self.value}'"
        elif self.value is not None:
            what = f"value '{self.value}'"
        if what:
            parts.append(what)
        text = self.problem
        if self.expected:
            text += f" (expected {self.expected})"
        parts.append(text)
        return ": ".join(parts)

    def as_error(self) -> Problem:
        return replace(self, severity=Severity.ERROR)


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one rule (and column), counted, with the first few as examples."""

    severity: Severity
    rule: str
    column: str
    count: int
    examples: tuple[Problem, ...]

    def heading(self) -> str:
        col = f" {self.column}" if self.column else ""
        noun = "problem" if self.count == 1 else "problems"
        return f"{self.severity.value} {self.rule}{col}: {self.count} {noun}"


def group(problems: Iterable[Problem], examples: int = 5) -> list[ProblemGroup]:
    """Group by severity, rule and column; errors first, then the largest groups."""
    buckets: dict[tuple[Severity, str, str], list[Problem]] = defaultdict(list)
    for p in problems:
        buckets[(p.severity, p.rule, p.column)].append(p)
    order = {Severity.ERROR: 0, Severity.FINDING: 1, Severity.WARNING: 2}
    groups = [
        ProblemGroup(sev, rule, col, len(items), tuple(items[:examples]))
        for (sev, rule, col), items in buckets.items()
    ]
    groups.sort(key=lambda g: (order[g.severity], -g.count, g.rule, g.column))
    return groups
