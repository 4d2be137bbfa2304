"""Temporary files: a private folder per process, and what processes killed mid-way left behind.

An import copies every file's rows to a spool on disk before DuckDB reads them (``ssda903.spool``),
so its temporary files hold children's data (CHILD, DOB, UPN). They live in a folder only the user
may open (mode 700, as ``mkdtemp`` makes it), named with the process id, and removed when the work
ends, refused or not. A process killed outright cannot remove its own: the next one to start
removes every such folder whose process no longer runs. An export's ``.NAME.PID.XXXXXXXX.part``
files are found the same way, by the process id in their name.

The temporary folder is ``$TMPDIR`` when it is set, and nowhere else: one that is missing or not
writable is said plainly (Python's own choice would fall back to another folder without a word,
putting children's data where the user did not ask). A full one is said plainly too.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing_tui.errors import UserError

PREFIX = "briefing-tui-"
_OURS = re.compile(rf"^{re.escape(PREFIX)}(\d+)-")
_PART = re.compile(r"^\..+\.(\d+)\.[^.]+\.part$")

# The faults of a full or locked-down disk (from an OSError, or DuckDB's text of one): in plain
# words, and what to do about them.
_FAULTS = (
    (errno.ENOSPC, "No space left on device", "the disk is full", "free some space there"),
    (errno.EDQUOT, "Disk quota exceeded", "the disk quota is used up", "free some space there"),
    (errno.EFBIG, "File too large", "a file-size limit (ulimit -f) was reached", "raise it (ulimit -f unlimited)"),
    (errno.EROFS, "Read-only file system", "the disk is read-only", "use a writable folder"),
    (errno.EACCES, "Permission denied", "permission denied", "use a folder you may write"),
    (errno.EPERM, "Operation not permitted", "permission denied", "use a folder you may write"),
)


class TempFolderError(UserError):
    """The temporary folder cannot be used."""


def fault(error: BaseException | str) -> tuple[str, str] | None:
    """A disk fault in plain words and its remedy ("the disk is full", "free some space there"), or
    None when ``error`` is not one."""
    number = getattr(error, "errno", None)
    text = str(error)
    for code, words, plain, remedy in _FAULTS:
        if number == code or words in text:
            return plain, remedy
    return None


def temp_base() -> Path:
    """Where temporary folders are made: ``$TMPDIR`` when set (it must be a folder the user may
    write), else the system's temporary folder."""
    given = os.environ.get("TMPDIR", "")
    if not given:
        return Path(tempfile.gettempdir())
    folder = Path(given)
    if not folder.is_dir():
        raise TempFolderError(f"TMPDIR={given} is not a folder: set TMPDIR to a folder you may write, or unset it")
    if not writable(folder):
        raise TempFolderError(f"TMPDIR={given} is not writable: set TMPDIR to a folder you may write, or unset it")
    return folder


def writable(path: Path) -> bool:
    """Whether ``path`` may be written: its mode is taken at its word, even by a user (root) whom the
    system would let write it anyway."""
    mode = path.stat().st_mode
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


@contextmanager
def private_folder() -> Iterator[Path]:
    """A new folder only this user may open, removed when the block ends (however it ends); the
    folders of processes that no longer run are removed first."""
    base = temp_base()
    remove_leftovers(base, _OURS, folders=True)
    try:
        path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
    except OSError as exc:
        raise full(base, exc) from None
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def full(folder: Path, exc: OSError) -> TempFolderError:
    """The one line for a temporary folder that cannot take what is written to it."""
    why, remedy = fault(exc) or ((exc.strerror or str(exc)).lower(), "free some space there")
    return TempFolderError(f"cannot write temporary files in {folder}: {why}: {remedy}, or set TMPDIR to another "
                           "folder; nothing was changed")


def part_file(folder: Path, name: str) -> tuple[int, str]:
    """A new ``.NAME.PID.XXXXXXXX.part`` file in ``folder`` (``mkstemp``'s descriptor and path), for
    writing a file ``name`` whole before it is renamed into place; the part files of processes that
    no longer run are removed first."""
    remove_leftovers(folder, _PART, folders=False)
    return tempfile.mkstemp(dir=folder, prefix=f".{name}.{os.getpid()}.", suffix=".part")


def remove_leftovers(folder: Path, pattern: re.Pattern[str], *, folders: bool) -> None:
    """Remove the entries of ``folder`` whose name matches ``pattern`` (its group 1 a process id)
    and whose process no longer runs; only this user's, and never one that cannot be looked at."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        found = pattern.match(name)
        if not found or _running(int(found.group(1))):
            continue
        path = folder / name
        try:
            st = path.lstat()
            if st.st_uid != os.getuid() or stat.S_ISDIR(st.st_mode) != folders:
                continue
            if folders:
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink()
        except OSError:
            continue


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except PermissionError:  # someone else's process: running
        return True
    return True
