"""What a reader must know before quoting a figure, as data: a kind, and the sentence that says it.

Screens, papers and the CLI print the sentence; decisions (a public paper leaves out small-number
warnings and gives data-quality ones without their counts; a figure with no value says why) are
made on the kind, never by matching the words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FlagKind(enum.Enum):
    NO_VALUE = "no value"             # the period's return, the history or the population is not there
    SMALL_NUMBERS = "small numbers"   # a count of 1 to the threshold: could identify a child
    DATA_QUALITY = "data quality"     # some of the children counted have data-quality findings
    PROVISIONAL = "provisional"       # from an in-year extract: the year is not complete
    EARLIER_YEAR = "earlier year"     # a complete-year figure given for the latest complete year (the one
                                      # asked is an in-year extract's)


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    text: str
    public: str = ""   # the sentence a public paper may print ("" : the same as ``text``)

    def __str__(self) -> str:
        return self.text

    @property
    def public_text(self) -> str:
        return self.public or self.text


def no_value(text: str) -> Flag:
    return Flag(FlagKind.NO_VALUE, text)


def small_numbers(text: str) -> Flag:
    return Flag(FlagKind.SMALL_NUMBERS, text)
