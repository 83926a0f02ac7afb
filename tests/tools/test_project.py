"""Where a project's things are: the decks a command works on and the user's fonts in fonts/,
every kind of TrueType file and nothing else, never a copy of a bundled font."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from cardgen.cli import cli
from cardgen.text.fonts import load_fonts
from cardgen.text.registry import FONT_DIR
from cardgen.tools.project import user_fonts
from support.fontmaker import collection, renamed, text_by_font
from support.paths import ROOT
from support.pdfread import reader


def fronts(path: Path) -> dict[str, str]:
    """The first page's text by font, each line break read as a space."""
    return {font: " ".join(text.split())
            for font, text in text_by_font(path.read_bytes(), range(1)).items()}


def deck_of(*prompts: str, extra: str = "") -> str:
    return "title: T\nprompts:\n" + "".join(f"  - {p!r}\n".replace("'", '"') if '"' not in p
                                             else f"  - '{p}'\n" for p in prompts) + extra


def fonts_used(pdf) -> set[str]:
    names = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


# --- the README's quick start -------------------------------------------------------------


def test_the_quick_start_in_a_copy_of_the_repository_prints_regular_text_and_italics(
        tmp_path, cli_run):
    for folder in ("decks", "fonts"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    result = cli_run("build", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output  # the bundled fonts are no user's family
    cards = fronts(tmp_path / "output" / "self-care-cards.pdf")
    assert "When did you last rest" in cards["AtkinsonHyperlegible-Regular"]
    assert "Ask yourself" in cards["AtkinsonHyperlegible-Italic"]  # the intro's emphasis
    assert "Rest" in cards["AtkinsonHyperlegible-Bold"]  # the label band
    booklet = text_by_font((tmp_path / "output" / "self-care-booklet.pdf").read_bytes())
    assert {"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Italic"} <= set(booklet)


# --- the fonts folder ---------------------------------------------------------------------


def test_the_fonts_folder_takes_every_kind_of_truetype_file_and_nothing_else(tmp_path):
    folder = tmp_path / "fonts"
    found = [renamed(folder / "a.TTF", "Kind Sans"), renamed(folder / "b.otf", "Kind Sans", "bold"),
             collection(folder / "c.ttc", renamed(tmp_path / "i.ttf", "Kind Sans", "italic"))]
    (folder / "README.txt").write_text("not a font")
    (folder / "._a.ttf").write_bytes(b"\0\5\0\0 resource fork of a copy from a Mac")
    assert user_fonts(tmp_path) == tuple(found)
    assert load_fonts(found).warnings == (
        (f"Kind Sans has no bold italic face ({', '.join(map(str, found))}): cardgen sets bold "
        "italic text in Kind Sans Italic emboldened"),)


def test_copies_of_the_bundled_fonts_are_never_user_fonts(tmp_path):
    (tmp_path / "fonts").mkdir()
    for name in ("AtkinsonHyperlegible-Bold.ttf", "DejaVuSans.ttf"):
        shutil.copy(FONT_DIR / name, tmp_path / "fonts" / f"renamed-{name}")
    assert user_fonts(tmp_path) == ()
    mine = renamed(tmp_path / "fonts" / "Mine.ttf", "Mine Sans")
    assert user_fonts(tmp_path) == (mine,)


def test_fonts_beside_the_decks_are_found(tmp_path, monkeypatch):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text(deck_of("Plain words."))
    renamed(tmp_path / "fonts" / "Local.ttf", "Local Sans", source="DejaVuSans.ttf")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--format", "cards"])
    assert result.exit_code == 0, result.output
    used = fonts_used(reader((tmp_path / "output" / "d-cards.pdf").read_bytes()))
    assert "LocalSans-Regular" in used, used
    assert not any(name.startswith("Atkinson") for name in used), used


# --- which decks a command takes -----------------------------------------------------------


def test_a_folder_named_like_a_deck_is_no_deck(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "x.yaml").mkdir()
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == ("decks/ has no .yaml files or spreadsheets (.csv, .xlsx, .ods); "
                             "give a deck file, or create one with "
                             "`cardgen new decks/my-deck.yaml`\n")
    (tmp_path / "decks" / "d.yaml").write_text(deck_of("Plain words."))
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path / "output")) == ["d-cards.pdf"]


def test_decks_in_a_folder_are_its_yaml_files_and_spreadsheets_each_once(tmp_path, cli_run):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "circle.csv").write_text("text\nHow are you?\n")
    (decks / "circle.yaml").write_text("title: Our circle\n")  # the CSV file's settings
    (decks / "more.csv").write_text("text\nAnd you?\n")
    (decks / "main.yaml").write_text(deck_of("Plain words.") + "cards_from: more.csv\n")
    (decks / "~$open.xlsx").write_bytes(b"Excel's lock file")
    result = cli_run("validate", cwd=tmp_path)
    assert result.output.splitlines() == [
        "decks/circle.csv: ok (1 prompt, 0 reframes, 0 quotes, 0 practices, 0 helplines)",
        "decks/main.yaml: ok (2 prompts, 0 reframes, 0 quotes, 0 practices, 0 helplines)"]
