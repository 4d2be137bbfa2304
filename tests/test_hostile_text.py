"""Text is text: markup in a return's codes and CHILD ids, in the settings' council and panel names,
in a note and in file and folder names reaches every command's output exactly as written, and no
command fails on it (issue 13, "Hostile text")."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest

from briefing_tui.cli import main
from tests.hostile import MARKUP, child_id, code, folder, hostile_database, hostile_return, settings_file


def run(capsys, *args) -> tuple[int, str, str]:
    result = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return result, out, err


def unmarked(markdown: str) -> str:
    """Markdown's escapes taken off (``\\[`` is ``[``): the text as a reader of the paper sees it."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("h", MARKUP)
def test_markup_in_every_input_is_printed_as_written_by_every_command(capsys, tmp_path, monkeypatch, h):
    monkeypatch.setenv("COLUMNS", "240")  # nothing folded: each value whole on its line, to be found
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1732320000")
    returned = hostile_return(tmp_path / "check", h)
    result, out, err = run(capsys, "check", returned)
    assert result == 0, err
    assert str(returned) in out and f"PLACE value '{code(h)}'" in out and f"LS value '{code(h)}'" in out

    db = folder(tmp_path, h) / "imported.duckdb"
    result, out, err = run(capsys, "import", returned, "--council", "TEST", "--db", db)
    assert result == 0, err
    assert f"REVIEW_CODE value '{code(h)}'" in out and str(db) in out

    db = hostile_database(tmp_path, h)
    cfg, officer = settings_file(tmp_path, h), settings_file(tmp_path, h, officer=True)
    common = ("--db", db, "--config", cfg)
    for args, wanted in [
        (("info",), [f"Council {h}", str(db)]),
        (("upgrade",), [str(db)]),
        (("show", "cla.count", "--by", "placement_type"), [code(h)]),
        (("show", "cla.count", "--by", "legal_status"), [code(h)]),
        (("show", "cla.count", "--by", "placement_type", "--format", "csv"), [code(h)]),
        (("show", "cla.count", "--by", "placement_type", "--format", "json"), [code(h)]),
        (("cohort", "cla.count"), [code(h)]),
        (("cohort", "cla.count", "--format", "csv"), [code(h)]),
        (("cohort", "cla.count", "--format", "json"), [code(h)]),
        (("brief",), [f"Council {h}", f"Panel {h}", f"Ask {h} about it", f"Owner {h}"]),
        (("brief", "--public"), [f"Council {h}", f"Ask {h} about it"]),
    ]:
        result, out, err = run(capsys, *args, *common)
        assert result == 0, (args, err)
        for text in wanted:
            assert text in out, (args, text, out)

    result, out, err = run(capsys, "cohort", "cla.count", "--db", db, "--config", officer)
    assert result == 0 and child_id(h) in out, err
    listed = csv.DictReader(io.StringIO(run(capsys, "cohort", "cla.count", "--format", "csv", *common)[1]))
    alias = next(row["who"] for row in listed if row["placement"] == code(h))
    for who, settings in ((alias, cfg), (child_id(h), officer)):
        result, out, err = run(capsys, "child", who, "--db", db, "--config", settings)
        assert result == 0, err
        assert code(h) in out and (child_id(h) in out if settings == officer else True), out

    for fmt in ("md", "txt", "html", "json"):
        for public in ((), ("--public",)):
            target = folder(tmp_path, h) / f"out-{h}{'-public' if public else ''}.{fmt}"
            target.parent.mkdir(parents=True, exist_ok=True)
            result, out, err = run(capsys, "export", "--format", fmt, *public, "-o", target, *common)
            assert result == 0, err
            assert f"wrote {target}:" in out  # the name as given (a path collapses a doubled slash)
            written = target.read_text(encoding="utf-8")
            written = unmarked(written) if fmt == "md" else written
            # (text wraps at 80 columns: a note in its table column is found in `brief` above instead)
            for text in (f"Council {h}", f"Panel {h}") + (() if fmt == "txt" else (f"Ask {h} about it",)):
                assert text in written, (fmt, public, text)


def test_init_names_a_database_written_with_markup(capsys, tmp_path, monkeypatch):
    """The demo is built into the path as given and said back as given (the build itself is the
    hand-made return here: the demo's takes a minute)."""
    from briefing_tui import setup_db
    from tests.helpers import do_import

    def build(path, force=False, progress=None):
        progress and progress("Reading [/] files")
        return do_import(path, hostile_return(Path(tempfile.mkdtemp(dir=tmp_path)), MARKUP[0]), council="DEMO")

    monkeypatch.setattr(setup_db, "build_demo_database", build)
    for h in MARKUP:
        db = folder(tmp_path, h) / f"n{h}ew.duckdb"
        db.parent.mkdir(parents=True, exist_ok=True)
        result, out, err = run(capsys, "init", "--db", db)
        assert result == 0, err
        assert f"Built {db} (given with --db)" in " ".join(out.split())
        assert "Reading [/] files" in out
