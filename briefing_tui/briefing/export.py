"""Writing a briefing to a file: one of four formats, atomically, never over a file by accident.

The text goes to a temporary file in the same folder, is flushed to disk, then renamed over the
target in one step (``os.replace``), so a crash, a full disk or an interrupted write leaves either
the old file or the new one, never half of one. The temporary file is named with the process's
id (``.NAME.PID.XXXXXXXX.part``): one left by a process killed mid-write is removed by the next
export to that folder (``scratch.part_file``). An existing file is replaced only when asked
(``force``; the app asks the user first). The same data and settings give the same bytes: the one
moving part, the date a briefing is prepared, comes from ``SOURCE_DATE_EPOCH`` when it is set.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from briefing_tui import scratch
from briefing_tui.briefing.model import Briefing
from briefing_tui.briefing.render_html import html
from briefing_tui.briefing.render_json import to_json
from briefing_tui.briefing.render_markdown import markdown
from briefing_tui.briefing.render_rich import plain_text
from briefing_tui.errors import UserError

FORMATS: dict[str, Callable[[Briefing], str]] = {"md": markdown, "txt": plain_text, "html": html, "json": to_json}
SUFFIXES = {"md": ".md", "txt": ".txt", "html": ".html", "json": ".json"}


class ExportError(UserError):
    """A briefing that cannot be written where asked."""


def render(briefing: Briefing, fmt: str) -> str:
    try:
        return FORMATS[fmt](briefing)
    except KeyError:
        raise ExportError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})") from None


def generation_time(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """Now, or the moment ``SOURCE_DATE_EPOCH`` names (the reproducible-builds convention)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now().astimezone()  # the council's own date, not UTC's, just after midnight
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ExportError(f"SOURCE_DATE_EPOCH={epoch!r} is not valid (expected whole seconds since 1970-01-01, "
                          "e.g. 1732320000)") from None


def default_name(briefing: Briefing, fmt: str, council_code: str, year_label: str) -> str:
    """"briefing-DEMO-2023-24-public.html": what the file holds, readable in a folder of papers."""
    kind = "public" if briefing.public else "restricted"
    return f"briefing-{council_code}-{year_label}-{kind}{SUFFIXES[fmt]}"


def write(path: Path, text: str, force: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; refuse an existing file unless ``force``."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder: give a file name, e.g. {path / 'briefing.html'}")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists: choose another name, or add --force to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    try:
        fd, tmp = scratch.part_file(folder, path.name)
    except OSError as exc:
        raise ExportError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        # the mode a new file would have (mkstemp makes it owner-only), or the replaced file's
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
        _sync_folder(folder)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, FileExistsError):
            raise ExportError(f"{path} already exists: choose another name, or add --force to replace it") from None
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}; nothing was changed") from None
        raise
    return path


def _link_new(tmp: str, path: Path) -> None:
    """Put the finished file at ``path`` only if nothing is there (a file made meanwhile by someone
    else is never replaced): a hard link fails if the name exists. Where links are not allowed (some
    network shares), the name is checked and the file renamed."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a power cut once the folder is on disk (POSIX; a no-op elsewhere)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
