"""The drill path as data: an indicator, the filters chosen so far and the dimension on screen.

The breadcrumb renders it, Back pops it (restoring the cursor the step was left at), and a test
can replay it; nothing about it is Textual's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from briefing_tui.indicators import dimensions
from briefing_tui.indicators.registry import Indicator


@dataclass(frozen=True)
class Step:
    dimension: str   # the dimension the rows were broken down by
    label: str       # the row chosen
    cursor: int      # where the cursor was, to restore on Back


@dataclass(frozen=True)
class Drill:
    indicator: Indicator
    dimension: str | None = None                 # the breakdown on screen (None: the indicator has none)
    steps: tuple[Step, ...] = field(default=())

    @classmethod
    def start(cls, indicator: Indicator) -> Drill:
        return cls(indicator, indicator.breakdowns[0] if indicator.breakdowns else None)

    @property
    def filters(self) -> dict[str, str]:
        return {s.dimension: s.label for s in self.steps}

    @property
    def free(self) -> list[str]:
        """The dimensions not yet used as a filter: what the breakdown can cycle through."""
        used = {s.dimension for s in self.steps}
        return [d for d in self.indicator.breakdowns if d not in used]

    def cycled(self, by: int = 1) -> Drill:
        free = self.free
        if not free or self.dimension not in free:
            return self
        return replace(self, dimension=free[(free.index(self.dimension) + by) % len(free)])

    def into(self, label: str, cursor: int) -> Drill:
        """Filter by the chosen row and break down by the next free dimension (a cross-tab)."""
        if self.dimension is None:
            raise ValueError(f"{self.indicator.id} has no breakdown to filter by")
        step = Step(self.dimension, label, cursor)
        rest = [d for d in self.free if d != self.dimension]
        return replace(self, steps=(*self.steps, step), dimension=rest[0] if rest else None)

    def back(self) -> tuple[Drill, int]:
        """One step up, and the cursor row to restore there."""
        last = self.steps[-1]
        return replace(self, steps=self.steps[:-1], dimension=last.dimension), last.cursor

    def breadcrumb(self) -> str:
        parts = [self.indicator.title]
        parts += [f"{dimensions.DIMENSIONS[s.dimension].title}: {s.label}" for s in self.steps]
        if self.dimension:
            title = dimensions.DIMENSIONS[self.dimension].title
            parts.append(f"by {title[:1].lower()}{title[1:]}")
        return " > ".join(parts)
