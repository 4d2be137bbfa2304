"""Targets and display settings are checked like every other setting; RAG is worked out in words."""

from __future__ import annotations

import pytest

from briefing_tui import settings
from briefing_tui.briefing.rag import rate
from briefing_tui.indicators import periods
from briefing_tui.indicators.evaluate import Result
from briefing_tui.indicators.registry import get


def _load(tmp_path, text: str):
    cfg = tmp_path / "s.toml"
    cfg.write_text(text)
    return settings.load(cfg)


def test_targets_and_display_settings(tmp_path):
    loaded = _load(tmp_path, '[targets]\n"leavers.eet_pct" = 60\n"cla.count" = 330.5\n'
                             '[display]\ntheme = "briefing-light"\ndefault_period = "2023"\n')
    assert loaded.targets == {"leavers.eet_pct": 60.0, "cla.count": 330.5}
    assert (loaded.theme, loaded.default_period) == ("briefing-light", "2023")


@pytest.mark.parametrize("text, message", [
    ('[targets]\n"leavers.eet" = 60\n', r"unknown indicator targets.leavers.eet \(did you mean leavers.eet_pct\?\)"),
    ('[targets]\nleavers.eet_pct = 60\n', r'quote indicator ids, e.g. "leavers.eet_pct" = 60'),
    ('[targets]\n"leavers.eet_pct" = "sixty"\n', r"targets.leavers.eet_pct = 'sixty' is not valid \(expected a number"),
    ('[display]\ndefault_period = "2024Q5"\n', r"display.default_period: period '2024Q5' is not one this tool reads"),
])
def test_bad_targets_and_periods_are_refused_with_file_and_key(tmp_path, text, message):
    with pytest.raises(settings.SettingsError, match=message):
        _load(tmp_path, text)


def _result(indicator_id: str, value: float | None) -> Result:
    period = periods.parse("2024")
    return Result(get(indicator_id), "X", period, value, None, None, None, "", None, (), (), {})


@pytest.mark.parametrize("indicator, value, target, expected", [
    ("leavers.eet_pct", 60.0, 60, ("green", "on target (60%)")),     # at the target
    ("leavers.eet_pct", 57.5, 60, ("amber", "just off target (60%)")),  # 2.5 short: within 5 % of 60 (3)
    ("leavers.eet_pct", 56.9, 60, ("red", "off target (60%)")),
    ("leavers.neet_pct", 20.0, 20, ("green", "on target (20%)")),      # lower is better
    ("leavers.neet_pct", 21.0, 20, ("amber", "just off target (20%)")),  # 1 over: within 5 % of 20
    ("leavers.neet_pct", 21.5, 20, ("red", "off target (20%)")),
])
def test_rag_worked_by_hand(indicator, value, target, expected):
    rating = rate(_result(indicator, value), target)
    assert (rating.colour, rating.words) == expected and rating.glyph


def test_no_rating_without_a_target_a_value_or_a_direction():
    assert rate(_result("leavers.eet_pct", 50.0), None) is None
    assert rate(_result("leavers.eet_pct", None), 60) is None
    assert rate(_result("cla.count", 300.0), 250) is None  # neutral: no better or worse
