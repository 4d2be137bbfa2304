"""Colour themes from TOML files, checked before Textual sees them.

A theme is a small TOML file a council officer can copy and edit (see the header of any file in
``briefing_tui/themes/``). Textual does not check colours when a theme is registered: a misspelt
colour only fails later, when the stylesheet is rebuilt, and takes the app down. So every file is
read with tomllib, checked against a declared schema (unknown keys refused with a "did you mean",
as in settings.py) and every colour parsed with ``Color.parse`` first. Problems are collected as
one-line messages naming the file and the key, and the file is skipped; the other themes load.

The RAG colours become theme variables (``$rag-red``, ``$rag-amber``, ``$rag-green``), so widgets
colour a marker with the current theme's choice while always writing the word too (never colour
alone: the app stays readable under NO_COLOR, which Textual applies by itself).
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.color import Color, ColorParseError
from textual.theme import Theme

DEFAULT_THEME = "briefing-dark"

TOP_KEYS = {"name": "the theme's name, as chosen in the app", "dark": "true or false",
            "description": "one line saying who the theme is for", "colours": "table [colours]",
            "rag": "table [rag]"}
REQUIRED_TOP = ("name", "dark", "colours", "rag")
COLOUR_KEYS = ("primary", "secondary", "accent", "foreground", "background", "surface", "panel",
               "success", "warning", "error")
OPTIONAL_COLOUR_KEYS = ("boost",)
RAG_KEYS = ("red", "amber", "green")
EXPECTED_COLOUR = "expected #RRGGBB, rgb(r,g,b), hsl(h,s%,l%) or a colour name such as 'navy'"

# For themes that do not set them (Textual's own, chosen from the command palette), so CSS and
# markup using $rag-* still parse: Okabe-Ito vermillion, orange and bluish green, apart for
# colour-blind eyes though not tuned to any one background. For App.get_theme_variable_defaults.
RAG_DEFAULTS = {"rag-red": "#D55E00", "rag-amber": "#E69F00", "rag-green": "#009E73"}


@dataclass(frozen=True)
class LoadedTheme:
    """A checked theme: Textual's Theme plus the RAG colours, and where it came from for messages."""

    theme: Theme
    rag: dict[str, str]
    description: str
    source: str

    @property
    def name(self) -> str:
        return self.theme.name


def package_theme_folder() -> Traversable:
    """The themes shipped inside the package (package data, so a plain ``pip install .`` has them)."""
    return files("briefing_tui") / "themes"


def user_theme_folder(settings_file: Path | None = None) -> Path:
    """Themes of the user's own, in a ``themes`` folder next to the settings file."""
    if settings_file is None:
        from briefing_tui.settings import default_path

        settings_file = default_path()
    return Path(settings_file).parent / "themes"


def load_themes(folders: Iterable[Path | Traversable]) -> tuple[list[LoadedTheme], list[str]]:
    """Every ``*.toml`` theme in ``folders``, in order, and one message per problem found.

    A missing folder is not a problem (the user folder usually does not exist). A theme in a later
    folder replaces one of the same name from an earlier folder, so a user can restyle a shipped
    theme; two files in one folder with the same name are an error.
    """
    themes: dict[str, LoadedTheme] = {}
    errors: list[str] = []
    for folder in folders:
        seen_here: dict[str, str] = {}
        for file in _toml_files(folder):
            loaded, problems = load_theme_file(file)
            if loaded is not None and loaded.name in seen_here:
                problems = [f"{file}: name {loaded.name!r} is already used by {seen_here[loaded.name]}"]
            if problems or loaded is None:
                errors.extend(problems)
                continue
            seen_here[loaded.name] = str(file)
            themes[loaded.name] = loaded
    return list(themes.values()), errors


def load_theme_file(file: Path | Traversable) -> tuple[LoadedTheme | None, list[str]]:
    """One theme file: the theme, or None and the problems (each one line, naming the file)."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return None, [f"{file}: not valid TOML: {exc}"]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{file}: cannot be read: {exc}"]
    problems = [f"{file}: {problem}" for problem in _check(data)]
    if problems:
        return None, problems
    colours = {key: data["colours"][key] for key in (*COLOUR_KEYS, *OPTIONAL_COLOUR_KEYS) if key in data["colours"]}
    rag = dict(data["rag"])
    theme = Theme(name=data["name"], dark=data["dark"], **colours,
                  variables={f"rag-{key}": value for key, value in rag.items()})
    try:  # the checks above should make this impossible; a crash at start would be worse than a skip
        theme.to_color_system().generate()
    except Exception as exc:  # noqa: BLE001
        return None, [f"{file}: Textual cannot use this theme: {exc}"]
    return LoadedTheme(theme, rag, data.get("description", ""), str(file)), []


def register_all(app: App[Any], themes: Iterable[LoadedTheme]) -> list[str]:
    """Register each theme with ``app``; the names, for a settings check or the palette."""
    names = []
    for loaded in themes:
        app.register_theme(loaded.theme)
        names.append(loaded.name)
    return names


def install_themes(app: App[Any], wanted: str, settings_file: Path | None = None) -> list[str]:
    """Load the shipped and the user's themes, register them, switch ``app`` to ``wanted``.

    Never raises for a user's mistake: an unknown ``wanted`` falls back to the default theme (or to
    Textual's own if even the shipped files are missing) and is reported with the file problems.
    """
    loaded, errors = load_themes([package_theme_folder(), user_theme_folder(settings_file)])
    names = register_all(app, loaded)
    if wanted not in app.available_themes:
        fallback = DEFAULT_THEME if DEFAULT_THEME in app.available_themes else "textual-dark"
        errors.append(f"display.theme = {wanted!r} is not a theme (themes: {', '.join(names)}); "
                      f"using {fallback}")
        wanted = fallback
    app.theme = wanted
    return errors


def error_notice(errors: list[str], limit: int = 5) -> str:
    """The problems as one notification: the first few in full, then how many more."""
    shown = errors[:limit]
    more = len(errors) - len(shown)
    return "\n".join(shown + ([f"... and {more} more"] if more else []))


def _toml_files(folder: Path | Traversable) -> list[Path | Traversable]:
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()),
                  key=lambda f: f.name)


def _check(data: dict[str, Any]) -> list[str]:
    """Every problem in one theme's data, as "KEY ..." phrases (the caller adds the file)."""
    problems = [f"unknown key {key}{_did_you_mean(key, TOP_KEYS)}" for key in data if key not in TOP_KEYS]
    problems += [f"missing key {key} ({TOP_KEYS[key]})" for key in REQUIRED_TOP if key not in data]
    if "name" in data and not (isinstance(data["name"], str) and data["name"].strip() and "," not in data["name"]):
        # Textual reads a comma in App.theme as a list of names to try, so such a theme is unselectable
        problems.append(f"name = {data['name']!r} is not valid (expected non-empty text without commas)")
    if "dark" in data and not isinstance(data["dark"], bool):
        problems.append(f"dark = {data['dark']!r} is not valid (expected true or false)")
    if "description" in data and not isinstance(data["description"], str):
        problems.append(f"description = {data['description']!r} is not valid (expected text)")
    if "colours" in data:
        problems += _check_table("colours", data["colours"], COLOUR_KEYS, OPTIONAL_COLOUR_KEYS)
    if "rag" in data:
        problems += _check_table("rag", data["rag"], RAG_KEYS, ())
    return problems


def _check_table(section: str, body: Any, required: tuple[str, ...], optional: tuple[str, ...]) -> list[str]:
    if not isinstance(body, dict):
        return [f"{section} must be a table ([{section}] followed by its keys)"]
    allowed = (*required, *optional)
    problems = [f"unknown key {section}.{key}{_did_you_mean(key, allowed)}" for key in body if key not in allowed]
    problems += [f"missing key {section}.{key} (a colour)" for key in required if key not in body]
    for key, value in body.items():
        if key in allowed:
            problem = _colour_problem(value)
            if problem:
                problems.append(f"{section}.{key} value {value!r} is not a colour ({problem})")
    return problems


def _colour_problem(value: Any) -> str:
    """Why ``value`` is not a colour Textual can use, or "" if it is."""
    if not isinstance(value, str):
        return f"{EXPECTED_COLOUR}, in quotes"
    if value.startswith("ansi_"):  # terminal-defined: shades cannot be worked out from them
        return f"{EXPECTED_COLOUR}; terminal 'ansi_' colours cannot be used in a theme"
    try:
        Color.parse(value)
    except ColorParseError as exc:
        hint = f"; did you mean '{exc.suggested_color}'?" if exc.suggested_color else ""
        return EXPECTED_COLOUR + hint
    return ""


def _did_you_mean(word: str, options: Collection[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]}?)" if close else f" (expected one of: {', '.join(options)})"


__all__ = ["DEFAULT_THEME", "RAG_DEFAULTS", "LoadedTheme", "error_notice", "install_themes", "load_theme_file",
           "load_themes", "package_theme_folder", "register_all", "user_theme_folder"]
