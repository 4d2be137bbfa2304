"""Themes: the shipped ones load and register, bad files are named and skipped, colours are readable."""

from __future__ import annotations

import itertools
import math
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from briefing_tui.tui import themes
from briefing_tui.tui.themes import DEFAULT_THEME, load_themes, package_theme_folder, register_all

SHIPPED = {"briefing-dark", "briefing-light", "briefing-high-contrast", "briefing-colour-blind"}
ROOT = Path(__file__).resolve().parents[2]
OKABE_ITO = {"red": "#D55E00", "amber": "#F0E442", "green": "#56B4E9"}  # vermillion, yellow, sky blue

GOOD = """
name = "{name}"
dark = true
[colours]
primary = "#0072B2"
secondary = "#009E73"
accent = "#CC79A7"
foreground = "#EDEDED"
background = "#121212"
surface = "#1C1C1C"
panel = "#2B2B2B"
success = "#56B4E9"
warning = "#F0E442"
error = "#D55E00"
[rag]
red = "#D55E00"
amber = "#F0E442"
green = "#56B4E9"
"""


def shipped():
    loaded, errors = load_themes([package_theme_folder()])
    assert errors == []
    return {t.name: t for t in loaded}


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


# --- the shipped themes -----------------------------------------------------------------------


def test_shipped_themes_are_package_data_found_through_importlib_resources():
    folder = files("briefing_tui") / "themes"
    names = {f.name for f in folder.iterdir() if f.name.endswith(".toml")}
    assert names == {f"{name}.toml" for name in SHIPPED}
    assert str(package_theme_folder()) == str(folder)
    assert set(shipped()) == SHIPPED
    assert DEFAULT_THEME in SHIPPED


def test_pyproject_ships_the_theme_files_in_a_non_editable_install():
    """An editable install finds the folder anyway; a wheel only has what package-data names."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]
    assert ("*.toml" in package_data.get("briefing_tui.themes", [])
            or "themes/*.toml" in package_data.get("briefing_tui", []))


async def test_every_shipped_theme_registers_and_renders_rag_markup():
    loaded = list(shipped().values())

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(Content.from_markup("[$rag-red]red[/] [$rag-amber]amber[/] [$rag-green]green[/]"),
                         id="probe")

    app = Probe()
    names = register_all(app, loaded)
    assert set(names) == SHIPPED
    async with app.run_test(size=(40, 5)) as pilot:
        for theme in loaded:
            app.theme = theme.name
            await pilot.pause()
            assert app.current_theme.name == theme.name
            assert app.theme_variables["rag-red"] == theme.rag["red"]
            shown = app.export_screenshot().lower()  # markup with $rag-* drew in the theme's colours
            assert all(f"fill: {colour.lower()}" in shown for colour in theme.rag.values()), theme.name


def test_themes_carry_rag_colours_as_textual_variables():
    for theme in shipped().values():
        assert theme.theme.variables == {f"rag-{k}": v for k, v in theme.rag.items()}
        assert set(theme.rag) == {"red", "amber", "green"}
        assert theme.description


def test_colour_blind_theme_uses_okabe_ito_not_red_and_green():
    theme = shipped()["briefing-colour-blind"]
    assert theme.rag == OKABE_ITO
    assert theme.theme.success == OKABE_ITO["green"] and theme.theme.error == OKABE_ITO["red"]
    assert theme.theme.dark


@pytest.mark.parametrize("vision", ["protanopia", "deuteranopia"])
def test_colour_blind_rag_colours_stay_apart_for_red_green_colour_blindness(vision):
    """Simulated (Machado et al. 2009, full severity), each pair differs by at least 30 in CIELAB.

    The conventional red and green of the default theme fall to about 15 for deuteranopia, which
    is why the words are always there and why this theme exists.
    """
    rag = shipped()["briefing-colour-blind"].rag
    for a, b in itertools.combinations(rag.values(), 2):
        assert _delta_e(_simulate(a, vision), _simulate(b, vision)) >= 30, (a, b)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_text_colours_are_readable_on_the_background(name):
    """WCAG contrast: 4.5:1 for every theme, 7:1 (AAA) for the projector theme."""
    theme = shipped()[name]
    minimum = 7 if name == "briefing-high-contrast" else 4.5
    t = theme.theme
    for colour in (t.foreground, t.success, t.warning, t.error, *theme.rag.values()):
        assert _contrast(colour, t.background) >= minimum, (colour, t.background)


def test_high_contrast_theme_is_pure_black_and_white():
    t = shipped()["briefing-high-contrast"].theme
    assert (t.background, t.foreground) == ("#000000", "#FFFFFF")


# --- mistakes in a theme file ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ('name = "x"\ndark = tru\n', "not valid TOML"),
    (GOOD.replace('primary = "#0072B2"', 'primary = "#GGHHII"'),
     "colours.primary value '#GGHHII' is not a colour (expected #RRGGBB"),
    (GOOD.replace('red = "#D55E00"', 'red = "blurple"'),
     "rag.red value 'blurple' is not a colour (expected #RRGGBB, rgb(r,g,b), hsl(h,s%,l%) or a colour "
     "name such as 'navy'; did you mean 'purple'?)"),
    (GOOD.replace('panel = "#2B2B2B"\n', ""), "missing key colours.panel"),
    (GOOD.replace('dark = true\n', ""), "missing key dark"),
    (GOOD.replace("[colours]", "[colors]"), "unknown key colors (did you mean colours?)"),
    (GOOD.replace('accent = "#CC79A7"', 'acent = "#CC79A7"'), "unknown key colours.acent (did you mean accent?)"),
    (GOOD.replace('dark = true', 'dark = "yes"'), "dark = 'yes' is not valid (expected true or false)"),
    (GOOD.replace('error = "#D55E00"', 'error = 12'), "colours.error value 12 is not a colour"),
    (GOOD.replace('error = "#D55E00"', 'error = "ansi_red"'), "terminal 'ansi_' colours cannot be used"),
    (GOOD.replace('name = "{name}"', 'name = ""'), "name = '' is not valid (expected non-empty text"),
    (GOOD.replace('name = "{name}"', 'name = "a,b"'), "name = 'a,b' is not valid (expected non-empty text without"),
    ('name = "x"\ndark = true\ncolours = 3\n[rag]\nred = "red"\namber = "orange"\ngreen = "green"\n',
     "colours must be a table"),
])
def test_a_bad_theme_is_named_with_its_key_and_skipped_while_the_others_load(tmp_path, text, expected):
    user = tmp_path / "themes"
    bad = write(user, "bad.toml", text.replace("{name}", "bad"))
    write(user, "mine.toml", GOOD.format(name="mine"))
    loaded, errors = load_themes([package_theme_folder(), user])
    assert {t.name for t in loaded} == SHIPPED | {"mine"}
    assert errors, "the bad file was not reported"
    assert all(e.startswith(f"{bad}: ") and "\n" not in e for e in errors), errors
    assert any(expected in e for e in errors), errors


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = "colour = 1\n" + GOOD.format(name="x").replace('"#0072B2"', '"#12"').replace('green = "#56B4E9"\n', "")
    _, errors = load_themes([write(tmp_path, "x.toml", text).parent])
    assert [e.split(": ", 1)[1].split(" (")[0] for e in errors] == [
        "unknown key colour", "colours.primary value '#12' is not a colour", "missing key rag.green"]


def test_a_user_theme_replaces_a_shipped_one_of_the_same_name(tmp_path):
    write(tmp_path, "dark.toml", GOOD.format(name=DEFAULT_THEME))
    loaded, errors = load_themes([package_theme_folder(), tmp_path])
    assert errors == []
    assert {t.name: t for t in loaded}[DEFAULT_THEME].source == str(tmp_path / "dark.toml")


def test_two_files_in_one_folder_with_the_same_name_is_an_error(tmp_path):
    write(tmp_path, "a.toml", GOOD.format(name="same"))
    write(tmp_path, "b.toml", GOOD.format(name="same"))
    loaded, errors = load_themes([tmp_path])
    assert [t.source for t in loaded] == [str(tmp_path / "a.toml")]
    assert errors == [f"{tmp_path / 'b.toml'}: name 'same' is already used by {tmp_path / 'a.toml'}"]


def test_a_missing_folder_and_files_that_are_not_toml_are_ignored(tmp_path):
    write(tmp_path, "notes.txt", "not a theme")
    loaded, errors = load_themes([tmp_path, tmp_path / "absent"])
    assert (loaded, errors) == ([], [])


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    (tmp_path / "latin1.toml").write_bytes(b'name = "caf\xe9"\n')
    _, errors = load_themes([tmp_path])
    assert len(errors) == 1 and errors[0].startswith(f"{tmp_path / 'latin1.toml'}: cannot be read")


def test_user_themes_live_next_to_the_settings_file(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_TUI_CONFIG", str(tmp_path / "settings.toml"))
    assert themes.user_theme_folder() == tmp_path / "themes"
    assert themes.user_theme_folder(tmp_path / "other" / "s.toml") == tmp_path / "other" / "themes"


def test_rag_defaults_cover_every_rag_variable():
    """Textual's own themes lack $rag-*; the app's defaults keep CSS that uses them parsing."""
    assert set(themes.RAG_DEFAULTS) == {f"rag-{k}" for k in themes.RAG_KEYS}
    assert all(themes._colour_problem(colour) == "" for colour in themes.RAG_DEFAULTS.values())


class Themed(App[None]):
    """What BriefingApp does at start: themes installed in __init__, problems notified once on mount."""

    def __init__(self, wanted: str, settings_file: Path) -> None:
        super().__init__()
        self.theme_errors = themes.install_themes(self, wanted, settings_file)

    def on_mount(self) -> None:
        if self.theme_errors:
            self.notify(themes.error_notice(self.theme_errors), title="Some themes were skipped",
                        severity="warning", timeout=20, markup=False)


async def test_the_app_starts_in_the_chosen_theme_with_user_themes_next_to_the_settings(tmp_path):
    write(tmp_path / "themes", "mine.toml", GOOD.format(name="mine"))
    app = Themed("mine", tmp_path / "settings.toml")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "mine"
        assert SHIPPED <= set(app.available_themes)
        assert len(app._notifications) == 0


async def test_problems_are_notified_once_and_an_unknown_theme_falls_back_to_the_default(tmp_path):
    bad = write(tmp_path / "themes", "mine.toml", GOOD.format(name="mine").replace("#0072B2", "blurple"))
    app = Themed("mine", tmp_path / "settings.toml")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        [notice] = list(app._notifications)
        assert notice.message.splitlines() == [
            f"{bad}: colours.primary value 'blurple' is not a colour (expected #RRGGBB, rgb(r,g,b), "
            "hsl(h,s%,l%) or a colour name such as 'navy'; did you mean 'purple'?)",
            "display.theme = 'mine' is not a theme (themes: briefing-colour-blind, briefing-dark, "
            "briefing-high-contrast, briefing-light); using briefing-dark"]


def test_a_long_list_of_problems_is_cut_short():
    assert themes.error_notice([f"p{i}" for i in range(8)], limit=3) == "p0\np1\np2\n... and 5 more"


# --- colour arithmetic for the checks above ----------------------------------------------------

MACHADO = {  # linear-RGB simulation matrices, severity 1.0 (Machado, Oliveira and Fernandes, 2009)
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
}


def _linear(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _luminance(rgb) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(_linear(a)), _luminance(_linear(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _simulate(hex_colour: str, vision: str):
    rgb = _linear(hex_colour)
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in MACHADO[vision])


def _delta_e(a, b) -> float:
    return math.dist(_lab(a), _lab(b))


def _lab(rgb):
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)
