"""Codes shown with their meanings beside them, never instead of them."""

from briefing_tui.ssda903 import codes
from briefing_tui.ssda903.meanings import BY_DIMENSION, described


def test_a_known_code_keeps_the_code_and_gains_its_meaning():
    assert described("placement_type", "U6") == "U6 Foster care with other carers, other"
    assert described("legal_status", "c2") == "c2 Full care order"  # matched whatever its case, shown as given


def test_unknown_codes_other_dimensions_and_missing_values_are_shown_as_they_are():
    assert described("placement_type", "Q9") == "Q9"
    assert described("age_band", "Under 1") == "Under 1"
    assert described("placement_type", "Not recorded") == "Not recorded"
    assert described("legal_status", None) == ""


def test_every_code_the_return_accepts_has_a_meaning():
    """Each code list shown with meanings covers every code the validator's lists accept in any year
    (Z11-Z14 from 2025-26 excepted: their meanings are not yet confirmed, DOMAIN.md)."""
    column = {"legal_status": "LS", "placement_type": "PLACE", "placement_provider": "PLACE_PROVIDER",
              "category_of_need": "CIN", "reason_ceased": "REC"}
    assert set(column) == set(BY_DIMENSION)
    for dimension, name in column.items():
        accepted = {code.upper() for span in codes.CODE_LISTS[("episodes", name)] for code in span.codes}
        missing = accepted - set(BY_DIMENSION[dimension]) - {"Z11", "Z12", "Z13", "Z14"}
        assert not missing, (dimension, sorted(missing))
