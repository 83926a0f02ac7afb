"""The user's font families: each style from its own face whatever the files are called, a
missing face borrowed and said, one family in fonts/, and the faces of a TrueType collection."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cardgen.errors import CardgenError
from cardgen.text.fonts import load_fonts
from support.fontmaker import collection, family, renamed, text_by_font

DECK = ("title: T\nintro: Some *emphasis* here.\nprompts:\n"
        "  - text: Plain words and *a stressed one*.\n    note: A quiet note.\n")
FAMILY = {"regular": "b.ttf", "bold": "a.ttf", "italic": "d.ttf", "bolditalic": "c.ttf"}


def project(tmp_path: Path, deck: str = DECK) -> Path:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text(deck, encoding="utf-8")
    return tmp_path


def fronts(path: Path) -> dict[str, str]:
    """The first page's text by font, each line break read as a space."""
    return {font: " ".join(text.split())
            for font, text in text_by_font(path.read_bytes(), range(1)).items()}


# --- families by style -------------------------------------------------------------------


def test_each_style_comes_from_its_own_face_whatever_the_files_are_called(tmp_path, cli_run):
    family(project(tmp_path) / "fonts", "Testa Sans", FAMILY)
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output
    used = fronts(tmp_path / "output" / "d-cards.pdf")
    assert "Plain words and" in used["TestaSans-Regular"]
    assert "a stressed one" in used["TestaSans-Italic"]
    assert "Some" in used["TestaSans-Regular"] and "emphasis" in used["TestaSans-Italic"]
    assert "How to use" in used["TestaSans-Bold"]
    assert not any(name.startswith("Atkinson") for name in used), used


def test_one_file_serves_every_style_and_the_build_says_so_once(tmp_path, cli_run):
    renamed(project(tmp_path) / "fonts" / "Solo.ttf", "Solo Sans")
    (tmp_path / "decks" / "e.yaml").write_text(DECK, encoding="utf-8")
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    note = ("note: fonts/Solo.ttf: Solo Sans Regular is the only face of Solo Sans given, so "
            "bold text is set in it emboldened, and italic text upright; give the family's "
            "other files, if it has them, to set those apart\n")
    assert result.stderr == note  # two decks, one note
    used = fronts(tmp_path / "output" / "d-cards.pdf")
    assert set(used) == {"SoloSans-Regular"}


def test_a_family_lacking_italics_borrows_and_says_which(tmp_path):
    files = family(tmp_path, "Half Sans", {"regular": "r.ttf", "bold": "b.ttf"})
    fonts = load_fonts(files)
    assert fonts.warnings == (
        (f"Half Sans has no italic or bold italic face ({files[0]}, {files[1]}): cardgen sets "
        "italic text in Half Sans Regular, bold italic text in Half Sans Bold"),)
    assert fonts.chain("italic")[0] == fonts.chain("regular")[0]
    assert fonts.chain("bolditalic")[0] == fonts.chain("bold")[0]
    assert fonts.chain("bold")[0] != fonts.chain("regular")[0]


def test_two_families_in_the_fonts_folder_are_an_error_naming_both(tmp_path, cli_run):
    renamed(project(tmp_path) / "fonts" / "one.ttf", "First Sans")
    renamed(tmp_path / "fonts" / "two.ttf", "Second Serif", "bold")
    result = cli_run("build", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "fonts/ holds more than one font family: First Sans (fonts/one.ttf) and Second Serif "
        "(fonts/two.ttf); keep one family there and name any other with --font FILE or `font:` "
        "in cardgen.yaml, in the order to try them\n")
    assert not (tmp_path / "output").exists()


def test_two_families_named_with_font_are_tried_in_order(tmp_path):
    first = renamed(tmp_path / "one.ttf", "First Sans")
    second = family(tmp_path, "Second Sans", {"regular": "r.ttf", "bold": "b.ttf"})
    fonts = load_fonts([first, *second])
    assert fonts.tried == ("First Sans", "Second Sans", "Atkinson Hyperlegible", "DejaVu Sans",
                           "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari",
                           "Noto Sans Bengali")
    assert len({fonts.chain("regular")[0], fonts.chain("regular")[1]}) == 2


def test_two_files_with_the_same_face_are_a_question_for_the_user(tmp_path):
    one = renamed(tmp_path / "one.ttf", "Twin Sans")
    two = renamed(tmp_path / "two.ttf", "Twin Sans", source="DejaVuSans.ttf")
    with pytest.raises(CardgenError, match=r"one\.ttf and .*two\.ttf are both Twin Sans Regular; "
                                           r"keep one of them$"):
        load_fonts([one, two])


def test_a_family_named_in_cardgen_yaml_maps_by_style(tmp_path, cli_run):
    family(project(tmp_path) / "type", "Yaml Sans", FAMILY)
    names = ", ".join(f"type/{name}" for name in sorted(FAMILY.values()))
    (tmp_path / "cardgen.yaml").write_text(f"font: [{names}]\nformat: cards\n")
    result = cli_run("build", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    used = fronts(tmp_path / "output" / "d-cards.pdf")
    assert "Plain words and" in used["YamlSans-Regular"]
    assert "a stressed one" in used["YamlSans-Italic"]


# --- TrueType collections ----------------------------------------------------------------


@pytest.fixture
def ttc(tmp_path) -> Path:
    """A collection of two families: Coll Sans (regular, bold) and Other Mono (regular)."""
    faces = [renamed(tmp_path / "f" / "1.ttf", "Coll Sans"),
             renamed(tmp_path / "f" / "2.ttf", "Coll Sans", "bold"),
             renamed(tmp_path / "f" / "3.ttf", "Other Mono", source="DejaVuSans.ttf")]
    return collection(tmp_path / "Both.ttc", *faces)


def test_a_collection_gives_its_first_family(ttc):
    fonts = load_fonts([ttc])
    assert fonts.tried[0] == "Coll Sans"
    regular, bold = fonts.first("regular"), fonts.first("bold")
    assert regular.label == "Coll Sans Regular" and bold.label == "Coll Sans Bold"


@pytest.mark.parametrize("name", ["Other Mono", "other mono", "OtherMono-Regular", "2"])
def test_a_face_of_a_collection_is_chosen_by_name(ttc, name):
    fonts = load_fonts([f"{ttc}#{name}"])
    assert fonts.tried[0] == "Other Mono"
    assert fonts.first("bold").label == "Other Mono Regular"
    assert "Ж" in fonts.first("regular").chars  # the DejaVu copy: Cyrillic too


def test_an_unknown_face_name_lists_the_faces(ttc):
    with pytest.raises(CardgenError) as error:
        load_fonts([f"{ttc}#Nope"])
    assert str(error.value) == (f"{ttc}: no face named 'Nope'; it has Coll Sans Regular (#0), "
                                "Coll Sans Bold (#1), Other Mono Regular (#2)")


def test_a_deck_builds_with_a_collection_through_the_command_line(tmp_path, ttc, cli_run):
    project(tmp_path)
    result = cli_run("build", "--format", "cards", "--font", f"{ttc}#Coll Sans", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    used = fronts(tmp_path / "output" / "d-cards.pdf")
    # ReportLab names a collection's faces by their place in it.
    assert "Plain words and" in used["CollSans-Regular-0"]
    assert "How to use" in used["CollSans-Bold-1"]


def test_a_collection_in_the_fonts_folder_is_found(tmp_path, ttc, cli_run):
    (project(tmp_path) / "fonts").mkdir()
    shutil.copy(ttc, tmp_path / "fonts" / "Both.ttc")
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Plain words and" in fronts(tmp_path / "output" / "d-cards.pdf")["CollSans-Regular-0"]
