"""How a child's identifiers are found in what people type, and what still looks like one."""

from __future__ import annotations

import pytest

from briefing_tui.ssda903.identifiers import looks_identifying, replace, skeleton

HELD = frozenset({"C7DFC", "066367", "A123456789012"})


@pytest.mark.parametrize("typed, printed", [
    ("Ask about C-7DFC today", "Ask about (a child) today"),
    ("C 7DFC, c-7dfc, C.7DFC and C7DFC", "(a child), (a child), (a child) and (a child)"),
    ("C-7DFCx moved; so did C-7DFC's sister", "(a child) moved; so did (a child)'s sister"),
    ("id 066367, or 066 367, or ref066367", "id (a child), or (a child), or (a child)"),
    ("Ｃ－７ＤＦＣ in full width", "(a child) in full width"),
    ("UPN a123-4567-8901-2", "UPN (a child)"),
    ("Ask about C-4F2A, c-4f2a and C-0B1C9 moving", "Ask about (a child), (a child) and (a child) moving"),
    ("C001 and 12 children, 2023-24", "C001 and 12 children, 2023-24"),
])
def test_identifiers_in_any_spacing_case_or_punctuation_are_replaced(typed, printed):
    assert replace(typed, HELD) == printed


def test_what_is_compared_is_letters_and_digits_in_capitals():
    assert skeleton("c-7dfc") == skeleton("C 7DFC") == skeleton("Ｃ.７ＤＦＣ") == "C7DFC"


@pytest.mark.parametrize("text, why", [
    ("call 02079460000", "a run of 5 or more digits"),
    ("ref ０６６３６", "a run of 5 or more digits"),
    ("lives at SW1A 1AA now", "a postcode"),
    ("moved to n7 8qt", "a postcode"),
    ("(a child) moved in 2023, 12 times", ""),
    ("placed in N7 8 (a district)", ""),
    ("due 2024-03-31, 31/03/2024", ""),
])
def test_what_still_looks_like_an_identifier(text, why):
    assert looks_identifying(text) == why
