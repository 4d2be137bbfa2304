"""The layers, enforced for every module (issue 14, item 2; DESIGN.md, practice 1).

``lint-imports`` (import-linter, configured in pyproject.toml) checks every module of the package
against three contracts: the layers import only downward (the readers and the council list at the
bottom, then store, indicators, settings, briefing, the app and the CLI), Textual only in tui/, and
DuckDB and sqlite3 only in store/ and indicators/. The tests here run it on the package, and on a
copy with each break the issue names put in, to show each is caught; and check what an import
graph cannot see: statements run outside the data layers, transactions opened other than through
store.transaction, the demo named by the layers that must not know it."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "briefing_tui"
DATA_LAYERS = ("store", "indicators")


def _lint(root: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(root)}, timeout=120)


def _modules(*below: str) -> list[str]:
    return sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                  for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in below)


def test_every_module_keeps_the_import_contracts():
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


def test_each_break_is_caught(tmp_path):
    """Textual in the briefing, an upward import in indicators/, DuckDB in the app: each breaks a contract."""
    copy = tmp_path / "copy"
    shutil.copytree(PACKAGE, copy / "briefing_tui", ignore=shutil.ignore_patterns("__pycache__", "*.csv"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for module, line in (("briefing/build.py", "import textual"),
                         ("indicators/evidence.py", "from briefing_tui.briefing import model"),
                         ("tui/data.py", "import duckdb")):
        path = copy / "briefing_tui" / module
        path.write_text(path.read_text() + f"\n{line}  # put in by the test\n")
    done = _lint(copy)
    assert done.returncode != 0
    assert "0 kept, 3 broken" in done.stdout, done.stdout
    assert "briefing_tui.briefing.build -> textual" in done.stdout
    assert "briefing_tui.indicators.evidence -> briefing_tui.briefing.model" in done.stdout
    assert "briefing_tui.tui.data -> duckdb" in done.stdout


def test_every_module_below_the_app_loads_without_textual():
    """Run time, not just the import graph: nothing imported by these modules imports Textual."""
    wanted = _modules("tui") + [m for m in _modules() if m.startswith("briefing_tui.cli")]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in wanted
                                                if not m.endswith("__main__")) + "print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_readers_know_nothing_of_a_database():
    code = ("import sys, briefing_tui.ssda903.files, briefing_tui.ssda903.codes, briefing_tui.councils; "
            "print('duckdb' in sys.modules, 'sqlite3' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def _calls(path: Path, names: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(PACKAGE)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names]


def test_statements_run_only_in_the_data_layers():
    """No module outside store/ and indicators/ runs a statement on a connection, DuckDB's or SQLite's."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] not in DATA_LAYERS:
            found += _calls(path, {"execute", "executemany", "sql", "fetchall", "fetchone", "fetchdf"})
    assert found == []


def test_transactions_are_opened_only_by_store_transaction():
    opened = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
              if "BEGIN TRANSACTION" in p.read_text(encoding="utf-8")]
    assert opened == ["store/transaction.py"]


def test_the_demo_is_not_known_to_the_figures_or_the_paper():
    """The demo is the council `init` marks synthetic in the database: never a special case here."""
    found = []
    for layer in ("indicators", "briefing"):
        for path in (PACKAGE / layer).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = [getattr(node, "module", None) or ""] + [a.name for a in node.names]
                    if any(n.startswith("briefing_tui.demo") or n in ("demo", "DEMO_CODE") for n in names):
                        found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
                if isinstance(node, ast.Constant) and node.value == "DEMO":
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []
