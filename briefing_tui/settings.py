"""User settings from a TOML file, checked against a declared schema.

A council officer edits this file by hand, so every mistake is reported with the file, the key and
what was expected, and unknown keys are refused with a "did you mean" rather than silently ignored
(a misspelt ``populaton`` would otherwise give a wrong rate per 10,000 without a word).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefing_tui import councils as council_list
from briefing_tui.councils import Council
from briefing_tui.errors import UserError

ENV_CONFIG = "BRIEFING_TUI_CONFIG"


@dataclass(frozen=True)
class CouncilSettings:
    """What the settings say about one council, over what the database recorded of it."""

    name: str = ""
    population_under_18: int | None = None
    la_number: str = ""
    region: str = ""
    targets: dict[str, float] | None = None   # None: the [targets] table applies


@dataclass(frozen=True)
class Settings:
    database_path: Path | None = None  # None: found the usual way (store.location)
    council_code: str = ""         # the user's own council: what `import` files returns under ("" names none)
    council_name: str = ""         # [council] name: overrides the shipped name of council_code
    population_under_18: int | None = None   # of council_code only: no other council's rate uses it
    officer_mode: bool = False     # show raw CHILD ids instead of aliases (officers, never a public screen)
    threshold: int = 4             # counts of 1 to this could identify a child: flagged, and "c" in public output
    theme: str = "briefing-dark"
    default_period: str = ""       # e.g. "2024" or "2023-12-31"; empty: the latest data
    targets: dict[str, float] = field(default_factory=dict)  # indicator id -> the council's target
    la_number: str = ""            # the council's DfE number: picks its published figures and neighbours
    region: str = ""               # the region a council without a DfE number (the demo) is compared with
    comparators_file: Path | None = None  # the council's own comparator figures (docs/comparators.md)
    panel_name: str = "Corporate Parenting Panel"
    tolerance: float = 5.0         # amber: worse than the target or comparator by no more than this % of it
    small_base: int = 10           # a share of fewer children than this is said "3 of 7", not as a percentage
    england_gap: float = 5.0       # a question when worse than England by more than this (points for a %)
    display_council: str = ""      # the council the app last showed (its chooser remembers it)
    councils: dict[str, CouncilSettings] = field(default_factory=dict)  # [councils."CODE"] overrides
    source: Path | None = None  # the file these came from, if any

    def council(self, recorded: Council) -> Council:
        """A council as recorded in the database, with what these settings say of it: [council] for
        the user's own council, then [councils."CODE"]. Never another council's population."""
        own = CouncilSettings(self.council_name, self.population_under_18, self.la_number, self.region)
        layers = ([own] if recorded.code == self.council_code else []) + \
            ([self.councils[recorded.code]] if recorded.code in self.councils else [])
        for layer in layers:
            recorded = replace(
                recorded, name=layer.name or recorded.name,
                population_under_18=layer.population_under_18 or recorded.population_under_18,
                la_number=layer.la_number or recorded.la_number, region=layer.region or recorded.region)
        return recorded

    def targets_for(self, code: str) -> dict[str, float]:
        """The council's targets: its own [councils."CODE".targets], else [targets] when it is the
        settings' council (or the settings name none)."""
        chosen = self.councils.get(code)
        if chosen is not None and chosen.targets is not None:
            return dict(chosen.targets)
        return dict(self.targets) if self.council_code in ("", code) else {}

    @property
    def suppress_below(self) -> int:
        """The smallest count a public paper may show (the indicators' flags are phrased this way)."""
        return self.threshold + 1


# section -> key -> (expected type, description, Settings field)
SCHEMA: dict[str, dict[str, tuple[type, str, str]]] = {
    "database": {
        "path": (str, "path of the DuckDB database file (default: $BRIEFING_TUI_DB, else the checkout's "
                      "data/briefings.duckdb, else the user data folder)", "database_path"),
    },
    "council": {
        "code": (str, "your council, which `import` files returns under: its DfE number or name (\"302\" or "
                      "\"Barnet\"), or a local code", "council_code"),
        "name": (str, "your council's name as screens and briefings show it (default: the DfE's name)",
                 "council_name"),
        "population_under_18": (int, "children under 18 in the area (ONS mid-year estimate), for rates "
                                     "per 10,000", "population_under_18"),
        "la_number": (str, "the council's DfE local authority number (e.g. \"302\"), which picks its published "
                           "figures, region and statistical neighbours", "la_number"),
        "region": (str, "the region to compare with when there is no la_number (e.g. \"North West\")", "region"),
    },
    "comparators": {
        "file": (str, "a CSV of the council's own comparator figures (docs/comparators.md)", "comparators_file"),
    },
    "briefing": {
        "panel": (str, "the panel's name on the briefing's cover", "panel_name"),
        "tolerance": (float, "amber when worse than the target (or, with none, the comparator) by no more than "
                             "this percentage of it (default 5)", "tolerance"),
        "small_base": (int, "a share of fewer children than this is written as \"3 of 7\", not a percentage "
                            "(default 10)", "small_base"),
        "england_gap": (float, "suggest a question when a figure is worse than England's by more than this: "
                               "percentage points for a percentage, else a percentage of England's figure "
                               "(default 5)", "england_gap"),
    },
    "display": {
        "theme": (str, "the app's theme, e.g. briefing-dark, briefing-light, briefing-high-contrast", "theme"),
        "default_period": (str, "the period the app opens on, e.g. 2024 or 2023-12-31 (default: the latest "
                                "data: an in-year extract's data-to date, else the latest loaded year)",
                           "default_period"),
        "officer_mode": (bool, "true shows children's CHILD ids (for officers); false shows aliases such as "
                               "C-4F2A (for a panel)", "officer_mode"),
        "council": (str, "the council the app shows when the database holds several (its chooser writes this)",
                    "display_council"),
    },
    "disclosure": {
        "threshold": (int, "counts of children from 1 to this could identify a child: flagged on screen and "
                           "shown as c in public briefings (default 4)", "threshold"),
    },
}


class SettingsError(UserError):
    """A settings file that cannot be used as written."""


def default_path() -> Path:
    """Where settings live when no --config is given: $BRIEFING_TUI_CONFIG, else the user config folder
    (~/.config/briefing-tui on Linux, respecting XDG_CONFIG_HOME)."""
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("briefing-tui", appauthor=False) / "settings.toml"


def load(path: Path | None = None) -> Settings:
    """Settings from ``path`` (must exist), or from the default place (may be absent)."""
    explicit = path is not None
    path = Path(path) if path is not None else default_path()
    if not path.exists():
        if explicit:
            raise SettingsError(f"settings file {path} does not exist")
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: cannot be read: {exc}") from exc
    return _parse(data, path)


def _parse(data: dict[str, Any], path: Path) -> Settings:
    values: dict[str, Any] = {}
    for section, body in data.items():
        if section == "targets":
            values["targets"] = _targets(body, path)
            continue
        if section == "councils":
            values["councils"] = _councils(body, path)
            continue
        if section not in SCHEMA:
            raise SettingsError(f"{path}: unknown section [{section}]{_did_you_mean(section, SCHEMA)}")
        if not isinstance(body, dict):
            raise SettingsError(f"{path}: {section} must be a table ([{section}])")
        keys = SCHEMA[section]
        for key, value in body.items():
            if (section, key) == ("disclosure", "suppress_below"):
                raise SettingsError(f"{path}: disclosure.suppress_below was replaced by disclosure.threshold, the "
                                    f"largest count suppressed (suppress_below = 5 is threshold = 4)")
            if key not in keys:
                raise SettingsError(f"{path}: unknown key {section}.{key}{_did_you_mean(key, keys)}")
            expected, description, field_name = keys[key]
            if expected is bool:
                bad = not isinstance(value, bool)
            elif expected is float:
                bad = isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0
                value = float(value) if not bad else value
            else:
                bad = (not isinstance(value, expected) or isinstance(value, bool)  # expected: str or int
                       or (isinstance(value, str) and not value.strip()) or (isinstance(value, int) and value <= 0))
            if bad:
                kind = {str: "non-empty text", int: "whole number above 0", bool: "true or false",
                        float: "number, 0 or more"}[expected]
                raise SettingsError(f"{path}: {section}.{key} = {value!r} is not valid (expected a {kind}: "
                                    f"{description})")
            values[field_name] = value
    if values.get("default_period"):
        from briefing_tui.indicators import periods

        try:
            periods.parse(values["default_period"])
        except UserError as exc:
            raise SettingsError(f"{path}: display.default_period: {exc.message}") from None
    _check_own_council(values, path)
    for name in ("database_path", "comparators_file"):
        if name in values:
            where = Path(values[name]).expanduser()
            values[name] = where if where.is_absolute() else (path.parent / where)
    return Settings(**values, source=path)


COUNCIL_KEYS = {"name": str, "population_under_18": int, "la_number": str, "region": str}


def _code(text: str, path: Path, key: str) -> str:
    """A council named in the settings, as its stored code ("Barnet" -> "302")."""
    try:
        return council_list.resolve(text).code
    except UserError as exc:
        raise SettingsError(f"{path}: {key}: {exc.message}") from None


def _check_own_council(values: dict[str, Any], path: Path) -> None:
    """[council]'s name, population and numbers describe one council: the one its code names."""
    if "council_code" in values:
        values["council_code"] = _code(values["council_code"], path, "council.code")
    elif any(k in values for k in ("council_name", "population_under_18", "la_number", "region")):
        raise SettingsError(f"{path}: [council] gives a name, population or number but no code: add code = "
                            "\"302\" (your council's DfE number or name) so that they are used for that council "
                            "only, or move them to [councils.\"CODE\"]")
    if "display_council" in values:
        values["display_council"] = _code(values["display_council"], path, "display.council")


def _councils(body: Any, path: Path) -> dict[str, CouncilSettings]:
    """[councils."302"] name = ..., population_under_18 = ..., la_number, region, and [councils."302".targets]."""
    if not isinstance(body, dict):
        raise SettingsError(f"{path}: councils must be tables, e.g. [councils.\"302\"]")
    out: dict[str, CouncilSettings] = {}
    first: dict[str, str] = {}
    for given, table in body.items():
        code = _code(given, path, f"councils.{given}")
        if code in first:
            raise SettingsError(f"{path}: [councils.\"{first[code]}\"] and [councils.\"{given}\"] are the same "
                                f"council ({code}): keep one")
        first[code] = given
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: councils.{given} must be a table ([councils.\"{given}\"])")
        fields: dict[str, Any] = {}
        for key, value in table.items():
            if key == "targets":
                fields["targets"] = _targets(value, path)
                continue
            if key not in COUNCIL_KEYS:
                raise SettingsError(f"{path}: unknown key councils.{given}.{key}"
                                    f"{_did_you_mean(key, [*COUNCIL_KEYS, 'targets'])}")
            kind = COUNCIL_KEYS[key]
            if isinstance(value, bool) or not isinstance(value, kind) or (isinstance(value, int) and value <= 0) \
                    or (isinstance(value, str) and not value.strip()):
                raise SettingsError(f"{path}: councils.{given}.{key} = {value!r} is not valid (expected a "
                                    f"{'whole number above 0' if kind is int else 'non-empty text'})")
            fields[key] = value
        out[code] = CouncilSettings(**fields)
    return out


def _targets(body: Any, path: Path) -> dict[str, float]:
    """[targets]: indicator id = the council's target, e.g. "leavers.eet_pct" = 60 (ids quoted)."""
    from briefing_tui.indicators.registry import all_indicators

    if not isinstance(body, dict):
        raise SettingsError(f"{path}: targets must be a table ([targets])")
    known = [i.id for i in all_indicators()]
    out = {}
    for key, value in body.items():
        if isinstance(value, dict):  # "leavers.eet_pct" unquoted reads as a nested table
            raise SettingsError(f'{path}: targets.{key}: quote indicator ids, e.g. "{key}.{next(iter(value))}" = '
                                f"{next(iter(value.values()))!r}")
        if key not in known:
            raise SettingsError(f"{path}: unknown indicator targets.{key}{_did_you_mean(key, known)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(f"{path}: targets.{key} = {value!r} is not valid (expected a number, in the "
                                "indicator's unit: a percentage as 0-100)")
        out[key] = float(value)
    return out


def _did_you_mean(word: str, options: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]}?)" if close else f" (expected one of: {', '.join(options)})"


def remember(path: Path | None, section: str, key: str, value: str) -> Path:
    """Write one text setting into the settings file (made if absent), keeping everything else as
    the user wrote it, and only if the result still reads as valid settings. Returns the file."""
    import os
    import re
    import tempfile

    path = Path(path) if path is not None else default_path()
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    line = f'{key} = "{value}"'
    header = re.compile(rf"^\[{re.escape(section)}\]\s*$", re.M)
    existing = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=.*$", re.M)
    match = header.search(old)
    if match is None:
        new = old + ("" if not old or old.endswith("\n") else "\n") + f"\n[{section}]\n{line}\n"
    else:
        body_end = re.compile(r"^\[", re.M).search(old, match.end())
        end = body_end.start() if body_end else len(old)
        body = old[match.end():end]
        body = existing.sub(line, body, count=1) if existing.search(body) else f"\n{line}" + body
        new = old[:match.end()] + body + old[end:]
    _parse(tomllib.loads(new), path)  # never write a file that would be refused next time
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(new)
    os.replace(tmp, path)
    return path
