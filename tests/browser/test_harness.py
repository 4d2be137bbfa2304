"""The browser harness itself: axe-core finds what it should, and screenshots are real PNGs.

These pin the harness before any briefing HTML relies on it: a clean page must give no
violations (so later failures are the page's fault), and a deliberately broken one must be caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import harness

pytestmark = pytest.mark.skipif(harness.chromium() is None,
                                reason="Chromium is not installed (.ci/run installs it with apt)")

ACCESSIBLE = """<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Briefing</title></head>
<body>
<header><h1>Corporate Parenting Panel briefing</h1></header>
<main>
  <p style="color:#1a1a1a;background:#ffffff">Children looked after on 31 March: 412.</p>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Trend chart of children looked after">
  <table><caption>By legal status</caption>
    <tr><th scope="col">Status</th><th scope="col">Children</th></tr>
    <tr><td>Care order</td><td>300</td></tr>
  </table>
</main>
</body>
</html>
"""

BROKEN = """<!doctype html>
<html>
<head><meta charset="utf-8"><title>Briefing</title></head>
<body>
<main>
  <h1>Corporate Parenting Panel briefing</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <p style="color:#cccccc;background:#ffffff">Faint grey text on white.</p>
</main>
</body>
</html>
"""


def page(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_an_accessible_page_has_no_violations(tmp_path):
    assert harness.axe_violations(page(tmp_path, "ok.html", ACCESSIBLE)) == []


def test_a_broken_page_reports_lang_alt_and_contrast(tmp_path):
    violations = harness.axe_violations(page(tmp_path, "bad.html", BROKEN))
    ids = {v["id"] for v in violations}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= ids
    contrast = next(v for v in violations if v["id"] == "color-contrast")
    assert contrast["impact"] == "serious"
    assert "Faint grey" in contrast["nodes"][0]["html"]
    assert contrast["nodes"][0]["failureSummary"]


def test_the_report_counts_passes(tmp_path):
    report = harness.axe_report(page(tmp_path, "ok.html", ACCESSIBLE))
    assert report["passes"] > 0
    assert isinstance(report["incomplete"], list)


def test_screenshot_is_a_real_png(tmp_path):
    png = harness.screenshot(page(tmp_path, "ok.html", ACCESSIBLE), tmp_path / "ok.png")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 1024
    assert int.from_bytes(data[16:20], "big") == 1000  # IHDR width: the 1000 px viewport
