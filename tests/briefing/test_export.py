"""Exports: golden files per format on the hand-made two-year return, reproducible bytes, never
overwriting by accident, and an atomic write that leaves the old file when it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_tui.briefing import export
from briefing_tui.cli import main
from tests.conftest import FIXTURES
from tests.helpers import do_import

GOLDEN = Path(__file__).parent / "golden"
EPOCH = "1732320000"  # 23 November 2024, 00:00 UTC


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    """The hand-made return (four children, 2023 and 2024) with two notes, its import time fixed."""
    import sqlite3

    from briefing_tui.store.connection import open_database
    from briefing_tui.store.notes import Notebook, add_note, notes_path, update_note

    db = tmp_path_factory.mktemp("brief") / "small.duckdb"
    do_import(db, FIXTURES / "small", council="TEST")
    with Notebook(notes_path(db)) as book:
        asked = add_note(book, "TEST", "cla.count", "question", "Why did C-1A2B move twice?", owner="Head of Service",
                         due="31/01/2024", period_label="year ending 31 March 2023", period_end="2023-03-31")
        private = add_note(book, "TEST", "leavers.eet_pct", "action", "Speak to the carer about one young person",
                           private=True)
        update_note(book, asked.note_id, status="open")
    raw = sqlite3.connect(notes_path(db))
    with raw:
        raw.execute("UPDATE notes SET created_at = '2024-01-10T10:00:00', updated_at = '2024-01-10T10:00:00' "
                    "WHERE note_id IN (?, ?)", [asked.note_id, private.note_id])
    raw.close()
    con = open_database(db)
    try:
        con.execute("UPDATE imports SET finished_at = TIMESTAMP '2024-06-01 09:30', started_at = TIMESTAMP "
                    "'2024-06-01 09:29'")
    finally:
        con.close()
    return db


def run_export(db: Path, out: Path, *extra: str) -> int:
    return main(["export", "--db", str(db), "--council", "TEST", "--period", "2024", "-o", str(out), *extra])


@pytest.mark.parametrize("fmt, public", [("md", False), ("txt", False), ("html", False), ("json", False),
                                         ("md", True), ("json", True)])
def test_golden_files(small_db, tmp_path, monkeypatch, fmt, public):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / f"brief.{fmt}"
    assert run_export(small_db, out, "--format", fmt, *(["--public"] if public else [])) == 0
    golden = GOLDEN / f"small-2024{'-public' if public else ''}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(out.read_bytes())
    assert out.read_bytes() == golden.read_bytes(), f"differs from {golden}: UPDATE_GOLDEN=1 pytest {__file__}"


def test_text_is_wrapped_at_80_columns(small_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "brief.txt"
    assert run_export(small_db, out, "--format", "txt") == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].count("OFFICIAL-SENSITIVE") == 1 and lines[-1].count("OFFICIAL-SENSITIVE") == 1


def test_same_data_and_settings_give_the_same_bytes(small_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for fmt in ("md", "txt", "html", "json"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        assert run_export(small_db, first, "--format", fmt) == 0
        assert run_export(small_db, second, "--format", fmt) == 0
        assert first.read_bytes() == second.read_bytes()
    assert "Prepared: 23 November 2024" in (tmp_path / "a.md").read_text(encoding="utf-8")


def test_a_bad_source_date_epoch_is_refused(small_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert run_export(small_db, tmp_path / "x.md", "--format", "md") != 0
    assert "SOURCE_DATE_EPOCH='yesterday' is not valid" in capsys.readouterr().err


def test_an_existing_file_is_never_replaced_without_force(small_db, tmp_path, capsys):
    out = tmp_path / "brief.md"
    out.write_text("the officer's own draft", encoding="utf-8")
    assert run_export(small_db, out, "--format", "md") != 0
    assert f"{out} already exists: choose another name, or add --force to replace it" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the officer's own draft"
    assert run_export(small_db, out, "--format", "md", "--force") == 0
    assert out.read_text(encoding="utf-8").startswith("**OFFICIAL-SENSITIVE**")
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "brief.md"
    out.write_text("last month's briefing", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", disk_full)
    with pytest.raises(export.ExportError, match=r"cannot write .*brief.md: No space left on device; nothing "
                                                 r"was changed"):
        export.write(out, "# a new briefing\n" * 10_000, force=True)
    assert out.read_text(encoding="utf-8") == "last month's briefing"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_an_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "brief.md"
    out.write_text("last month's briefing", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(export.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.write(out, "# a new briefing\n", force=True)
    assert out.read_text(encoding="utf-8") == "last month's briefing"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_writing_into_a_missing_folder_or_onto_a_folder_is_refused(tmp_path):
    with pytest.raises(export.ExportError, match="folder .*nowhere does not exist"):
        export.write(tmp_path / "nowhere" / "brief.md", "x")
    with pytest.raises(export.ExportError, match="is a folder: give a file name"):
        export.write(tmp_path, "x")


def test_without_an_output_the_name_says_what_the_file_is(small_db, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", str(small_db), "--council", "TEST", "--period", "2024", "--format", "html",
                 "--public"]) == 0
    assert (tmp_path / "briefing-TEST-2023-24-public.html").is_file()
    assert "wrote briefing-TEST-2023-24-public.html" in capsys.readouterr().out


def test_public_output_leaves_out_private_notes_and_aliases(small_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    restricted, public = tmp_path / "r.md", tmp_path / "p.md"
    assert run_export(small_db, restricted, "--format", "md") == 0
    assert run_export(small_db, public, "--format", "md", "--public") == 0
    r, p = restricted.read_text(encoding="utf-8"), public.read_text(encoding="utf-8")
    assert "Speak to the carer" in r and "C-1A2B" in r
    assert "Speak to the carer" not in p and "C-1A2B" not in p and "Why did (a child) move twice?" in p
    assert p.startswith("**OFFICIAL**") and p.rstrip().endswith("**OFFICIAL**")


def test_brief_prints_the_briefing(small_db, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["brief", "--db", str(small_db), "--council", "TEST", "--period", "2024"]) == 0
    out = capsys.readouterr().out
    assert "Corporate Parenting Panel briefing" in out and "The corporate parenting principles" in out
    assert out.count("OFFICIAL-SENSITIVE") >= 2


def test_a_database_is_only_read(small_db, tmp_path):
    from briefing_tui.store.notes import notes_path

    files = [small_db, notes_path(small_db)]
    before = [(f.read_bytes(), f.stat().st_mtime_ns) for f in files]
    assert run_export(small_db, tmp_path / "x.json", "--format", "json") == 0
    assert [(f.read_bytes(), f.stat().st_mtime_ns) for f in files] == before


def test_a_councils_own_comparator_file_is_used_and_said_to_be_its_own(demo_db_master, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    own = tmp_path / "ours.csv"
    own.write_text("measure,year,area,la_number,region,value\nCareLeaverEET,2024,England,970,NA,61\n",
                   encoding="utf-8")
    config = tmp_path / "settings.toml"
    config.write_text('[comparators]\nfile = "ours.csv"\n', encoding="utf-8")
    out = tmp_path / "brief.md"
    assert main(["export", "--db", str(demo_db_master), "--config", str(config), "--format", "md", "-o",
                 str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "England (the council's own figure) 61% (2023-24)" in text
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in text


def test_a_file_made_meanwhile_by_someone_else_is_not_replaced(tmp_path, monkeypatch):
    out = tmp_path / "brief.md"
    real_fsync = os.fsync

    def someone_else_writes(fd):
        real_fsync(fd)
        out.write_text("a colleague's file, saved a moment ago", encoding="utf-8")

    monkeypatch.setattr(export.os, "fsync", someone_else_writes)
    with pytest.raises(export.ExportError, match="already exists"):
        export.write(out, "# a new briefing\n")
    assert out.read_text(encoding="utf-8") == "a colleague's file, saved a moment ago"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_a_new_file_has_the_usual_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    old = os.umask(0o022)
    try:
        new = export.write(tmp_path / "new.md", "x")
        assert new.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.md"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o640)
        export.write(kept, "new", force=True)
        assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_text(encoding="utf-8") == "new"
    finally:
        os.umask(old)
