"""The chair and the officer at once (issue 12, item 4): with the app open on a database, another
program reads it (`info`, `show`, `cohort`, `brief`, `export`), notes written in the app are kept and
reach the officer's paper, and an import is refused naming the process that holds the database.

The other program is a real second process (DuckDB's locks are per process), running the CLI's
commands one after another and printing what each returned."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.tui.test_app import settle

OFFICER = r"""
import contextlib, io, json, sys
from briefing_tui.cli import main
db, out = sys.argv[1], sys.argv[2]
runs = {}
for name, args in [
    ("info", ["info"]), ("show", ["show", "cla.count", "--format", "json"]),
    ("cohort", ["cohort", "leavers.eet_pct", "--format", "csv"]), ("brief", ["brief"]),
    ("export", ["export", "--format", "md", "-o", out]),
    ("import", ["import", sys.argv[3], "--council", "DEMO"]),
]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(args + ["--db", db])
    runs[name] = {"code": code, "out": stdout.getvalue(), "err": stderr.getvalue()}
print(json.dumps(runs))
"""


def _officer(db, out, import_folder) -> dict:
    done = subprocess.run([sys.executable, "-c", OFFICER, str(db), str(out), str(import_folder)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


async def test_the_officer_reads_and_exports_while_the_chair_has_the_app_open(app, demo_db, tmp_path, small):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        note = app.repo.save_note(None, "cla.count", "question", "Why did the number rise?", "Chair", "",
                                  app.period, "")
        runs = _officer(demo_db, tmp_path / "paper.md", small)
        for name in ("info", "show", "cohort", "brief", "export"):
            assert runs[name]["code"] == 0, (name, runs[name]["err"])
        assert "DEMO Demo Borough (synthetic)" in runs["info"]["out"]
        assert json.loads(runs["show"]["out"])["indicator"] == "cla.count"
        assert runs["cohort"]["out"].startswith("who,on_date,")
        assert "Corporate Parenting Panel briefing" in runs["brief"]["out"]
        # The note saved in the app moments ago is in the officer's paper.
        assert "Why did the number rise?" in (tmp_path / "paper.md").read_text(encoding="utf-8")
        # An import would change the database under the chair's feet: refused, naming who holds it.
        assert runs["import"]["code"] != 0
        assert f"(process {os.getpid()}): close it (or wait for it to finish) and try again" in runs["import"]["err"]
        assert "Traceback" not in runs["import"]["err"]
        # The app carries on, its note kept.
        assert [n.text for n in app.repo.notes()] == [note.text]


async def test_the_demo_is_not_replaced_under_the_chairs_feet(app, demo_db):
    """`init --force` would swap the file the app is reading: refused while the app has it open."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        done = subprocess.run([sys.executable, "-m", "briefing_tui", "init", "--force", "--db", str(demo_db)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode != 0
        assert f"(process {os.getpid()}): close it" in " ".join(done.stderr.split())
        assert not demo_db.with_name(demo_db.name + ".building").exists()
