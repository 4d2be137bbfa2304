"""A child's identifiers as people type them into free text, and what a public paper does about it.

A note is typed by a person: "Ask about C 7DFC", "c-7dfc's move", "066367 again". A public paper
must carry none of a child's identifiers (the alias a panel sees, the council's CHILD id, the UPN),
in any spacing, case or punctuation. So text is compared by its letters and digits alone, in
capitals (``skeleton``: "c-7dfc" and "C 7DFC" are both ``C7DFC``), against the identifiers the
database holds (``store.aliases.held_in`` finds those; this module never queries), and each one
found is replaced, with the whole word it sits in ("C-7DFCx"), by wording that is safe in every
format. What still looks like an identifier after that (a run of digits, a postcode) is not
published at all: ``looks_identifying`` says why, for the message to the officer.

Matching letters and digits across word breaks errs towards replacing: an ordinary word that
happens to spell an identifier of the database is replaced too, which a public paper can afford.
"""

from __future__ import annotations

import re
import unicodedata

MIN_LENGTH = 5          # CHILD ids and UPNs shorter than this (C001) are too common a string to look for
IN_PLACE = "(a child)"  # no brackets, asterisks or angle brackets: plain in Markdown, HTML, text and JSON
# Alias-shaped words, held here or not (a note may quote one from another database).
ALIAS = re.compile(r"\bC-[0-9A-F]{4,}\b", re.IGNORECASE)
DIGITS = re.compile(r"\d{5,}")
POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)


def _letters(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text`` in capitals (full-width forms read as ASCII), and where
    in ``text`` each came from."""
    found, where = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if c.isascii() and c.isalnum():
                found.append(c.upper())
                where.append(i)
    return "".join(found), where


def skeleton(text: str) -> str:
    """What an identifier is compared by: "c-7dfc" and "C 7DFC" are both "C7DFC"."""
    return _letters(text)[0]


def replace(text: str, held: frozenset[str]) -> str:
    """``text`` with every identifier of ``held`` (skeletons) and every alias-shaped word replaced
    by ``IN_PLACE``, each with the whole word around it."""
    letters, where = _letters(text)
    lengths = sorted({len(h) for h in held}, reverse=True)
    spans: list[tuple[int, int]] = []
    for start in range(len(letters)):
        n = next((n for n in lengths if start + n <= len(letters) and letters[start:start + n] in held), 0)
        if n:
            spans.append(_word(text, where[start], where[start + n - 1] + 1))
    for start, end in reversed(_merged(spans)):
        text = text[:start] + IN_PLACE + text[end:]
    return ALIAS.sub(IN_PLACE, text)


def looks_identifying(text: str) -> str:
    """Why ``text`` (already replaced) still looks like it identifies someone, or ""."""
    readable = unicodedata.normalize("NFKC", text)
    if DIGITS.search(readable):
        return "a run of 5 or more digits"
    if POSTCODE.search(readable):
        return "a postcode"
    return ""


def _word(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the letters and digits joined to it ("C-7DFC" in "C-7DFCx")."""
    while start > 0 and skeleton(text[start - 1]):
        start -= 1
    while end < len(text) and skeleton(text[end]):
        end += 1
    return start, end


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
