"""The tests' waits fail at their deadline, saying what they waited for: they never carry on."""

from __future__ import annotations

import threading

import pytest

from tests.tui.settle import on, until, until_settled
from tests.tui.test_app import SIZE


async def test_a_wait_for_an_answer_that_never_comes_fails_naming_what_it_waited_for(app, monkeypatch):
    from briefing_tui.tui.data import Repository

    asked = Repository.indicator
    answer = threading.Event()

    def stuck(self, *args, **kwargs):
        assert answer.wait(60), "the test never let the answer through"
        return asked(self, *args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await until_settled(pilot)
        monkeypatch.setattr(Repository, "indicator", stuck)
        try:
            await pilot.press("enter")
            with pytest.raises(AssertionError) as caught:
                await until_settled(pilot, on("IndicatorScreen"), limit=0.5)
            said = str(caught.value)
            assert said.startswith("the app did not settle in 0.5 s: on ")
            assert "worker running: answer of " in said
            assert "IndicatorScreen asked for, not yet open" in said or "loading indicator" in said, said
            with pytest.raises(AssertionError, match=r"waited 0.2 s for the ChildScreen on screen in vain, on "):
                await until(pilot, on("ChildScreen"), limit=0.2)
        finally:
            answer.set()
        await until_settled(pilot, on("IndicatorScreen"))
