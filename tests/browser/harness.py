"""Open HTML files in headless Chromium: axe-core accessibility checks and PNG screenshots.

The browser work is done by `axe_check.mjs` (node + playwright-core + axe-core, pinned in
package-lock.json) because axe-core is a JavaScript library that must run inside the page.
The browser is the system Chromium (Debian's `chromium`): Playwright's own browser download does
not work on the CI machine, so `.ci/run` installs Chromium with apt and `npm ci`s this folder.
Every subprocess has a timeout so a stalled browser fails a test instead of hanging the run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "axe_check.mjs"
TIMEOUT = 120  # seconds for each subprocess; a normal run takes about two seconds


def chromium() -> str | None:
    """Path of the system Chromium, or None when it is not installed (tests then skip)."""
    return shutil.which("chromium")


def ensure_node_modules() -> None:
    """Install the pinned node packages (`npm ci`) when a fresh clone lacks node_modules."""
    if all((HERE / "node_modules" / name / "package.json").is_file() for name in ("axe-core", "playwright-core")):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not on PATH: install Node.js 20+ to run the browser tests")
    done = _run([npm, "ci", "--no-audit", "--no-fund"], what="npm ci in tests/browser")
    if done.returncode != 0:
        raise RuntimeError(f"npm ci in {HERE} failed (exit {done.returncode}):\n{done.stderr}{done.stdout}")


def axe_report(html_path: Path, screenshot_to: Path | None = None) -> dict:
    """Run axe-core (WCAG 2.2 AA tags) on one page; optionally save a full-page PNG in the same run.

    Returns {"violations": [{id, impact, help, nodes: [{target, html, failureSummary}]}],
    "passes": count, "incomplete": [rule ids]}.
    """
    browser = chromium()
    if browser is None:
        raise RuntimeError("Chromium is not installed (apt-get install -y chromium)")
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH: install Node.js 20+ to run the browser tests")
    ensure_node_modules()
    command = [node, str(SCRIPT), str(Path(html_path).resolve())]
    if screenshot_to is not None:
        command += ["--screenshot", str(Path(screenshot_to).resolve())]
    done = _run(command, what=f"axe check of {html_path}", env_extra={"CHROMIUM": browser})
    if done.returncode != 0:
        raise RuntimeError(f"axe_check.mjs failed on {html_path} (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout)


def axe_violations(html_path: Path) -> list[dict]:
    """The WCAG 2.2 AA violations axe-core finds in the page (an empty list means none)."""
    return axe_report(html_path)["violations"]


def screenshot(html_path: Path, png_path: Path) -> Path:
    """Save a full-page PNG of the page at 1000 px wide and return its path (for eyeballing layouts)."""
    axe_report(html_path, screenshot_to=png_path)
    if not Path(png_path).is_file():
        raise RuntimeError(f"no screenshot was written to {png_path}")
    return Path(png_path)


def _run(command: list[str], *, what: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a command in tests/browser with a timeout.

    On timeout node gets SIGTERM first, so Playwright can close the Chromium it started (Chromium
    runs in its own process group and would outlive a plain kill), then SIGKILL if it lingers.
    """
    env = {**os.environ, **(env_extra or {})}
    with subprocess.Popen(command, cwd=HERE, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
            raise RuntimeError(f"{what} took longer than {TIMEOUT} s and was stopped: {' '.join(command)}") from None
    return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)
