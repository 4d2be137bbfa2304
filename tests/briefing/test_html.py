"""The HTML export in a real browser: Chromium draws it (a screenshot) and axe-core finds no WCAG 2.2
AA violation in it, for the public and the restricted version of the demo borough's briefing.

Skipped only when Chromium is absent (`.ci/run` installs it); the node packages are installed by
the harness when missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing_tui.cli import main
from tests.browser import harness

pytestmark = pytest.mark.skipif(harness.chromium() is None, reason="Chromium is not installed "
                                                                   "(apt-get install -y chromium)")


@pytest.fixture(scope="module", params=[False, True], ids=["restricted", "public"])
def page(request, demo_db_master, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / f"brief-{'public' if request.param else 'restricted'}.html"
    args = ["export", "--db", str(demo_db_master), "--format", "html", "-o", str(out)]
    assert main(args + (["--public"] if request.param else [])) == 0
    return out


def test_axe_finds_no_wcag_22_aa_violation_and_chromium_draws_it(page, tmp_path):
    shot = tmp_path / "brief.png"
    report = harness.axe_report(page, screenshot_to=shot)
    problems = [f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes'][:3]]}"
                for v in report["violations"]]
    assert problems == []
    assert report["passes"] > 10
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a long page of text and tables


def test_the_page_is_built_to_be_read_by_everyone(page):
    text = page.read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in text
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", text)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))  # no level skipped
    tables = text.count("<table>")
    assert tables > 5 and text.count("<caption>") == tables and text.count('<th scope="col"') > tables
    rated = 0
    for colour in ("red", "amber", "green"):  # a rating is its word too, never colour alone
        for cell in re.findall(rf'<(?:td|span) class="[^"]*rag-{colour}[^"]*">(.*?)</(?:td|span)>\s*(?:</h|<td|</tr)',
                               text):
            words = re.sub(r"<[^>]+>", "", cell)
            assert colour.capitalize() in words, cell
            rated += 1
    assert rated > 5
    assert "<script" not in text and "http://" not in text.split("</style>")[0]
