"""The user's fonts: the README's quick start, families mapped by style, collections, CJK advice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cardgen.errors import CardgenError
from cardgen.text.fontfile import read_font_file
from cardgen.text.fonts import CJK_HINT, FONT_DIR, load_fonts
from cardgen.tools.project import user_fonts
from support.fontmaker import collection, family, renamed, text_by_font
from support.paths import ROOT

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


# --- the README's quick start ------------------------------------------------------------


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


def test_the_fonts_folder_takes_every_kind_of_truetype_file_and_nothing_else(tmp_path):
    folder = tmp_path / "fonts"
    found = [renamed(folder / "a.TTF", "Kind Sans"), renamed(folder / "b.otf", "Kind Sans", "bold"),
             collection(folder / "c.ttc", renamed(tmp_path / "i.ttf", "Kind Sans", "italic"))]
    (folder / "README.txt").write_text("not a font")
    (folder / "._a.ttf").write_bytes(b"\0\5\0\0 resource fork of a copy from a Mac")
    assert user_fonts(tmp_path) == tuple(found)
    assert load_fonts(found).warnings == (
        (f"Kind Sans has no bold italic face ({', '.join(map(str, found))}): cardgen sets bold "
        "italic text in Kind Sans Italic"),)


def test_copies_of_the_bundled_fonts_are_never_user_fonts(tmp_path):
    (tmp_path / "fonts").mkdir()
    for name in ("AtkinsonHyperlegible-Bold.ttf", "DejaVuSans.ttf"):
        shutil.copy(FONT_DIR / name, tmp_path / "fonts" / f"renamed-{name}")
    assert user_fonts(tmp_path) == ()
    mine = renamed(tmp_path / "fonts" / "Mine.ttf", "Mine Sans")
    assert user_fonts(tmp_path) == (mine,)


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
            "bold and italic text are set in it too; give the family's other files, if it has "
            "them, to set those apart\n")
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


def test_font_names_come_from_the_name_table(tmp_path):
    path = renamed(tmp_path / "x.ttf", "Name Test", "bolditalic")
    [face] = read_font_file(path).faces
    assert (face.family, face.style_name, face.weight, face.italic) == (
        "Name Test", "Bold Italic", 700, True)
    [book] = read_font_file(FONT_DIR / "DejaVuSans-Oblique.ttf").faces
    assert (book.family, book.style_name, book.italic, book.bold) == (
        "DejaVu Sans", "Oblique", True, False)


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


# --- Chinese, Japanese and Korean --------------------------------------------------------


@pytest.mark.parametrize("text", ["你好", "こんにちは", "カタカナ", "안녕하세요"])
def test_a_missing_cjk_glyph_says_which_font_to_install_and_how(tmp_path, cli_run, text,
                                                                no_cjk_installed):
    project(tmp_path, f"title: T\nprompts:\n  - {text}\n")
    result = cli_run("build", cwd=tmp_path)
    assert result.exit_code == 1
    first = text[0]
    assert result.stderr == (
        f"decks/d.yaml:3:5: prompt 1: no font can draw {first!r} (U+{ord(first):04X}); tried "
        "Atkinson Hyperlegible, DejaVu Sans, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans "
        f"Devanagari, Noto Sans Bengali\n  hint: {CJK_HINT}\n")
    assert "sudo apt install fonts-wqy-zenhei" in CJK_HINT
    assert "--font FILE" in CJK_HINT


WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


@pytest.mark.skipif(not WQY.exists(), reason="fonts-wqy-zenhei is not installed")
def test_the_advised_font_prints_chinese_japanese_and_korean(tmp_path, cli_run):
    project(tmp_path, "title: T\nprompts:\n  - 你好 こんにちは 안녕하세요\n")
    result = cli_run("build", "--format", "cards", "--font", WQY, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    used = fronts(tmp_path / "output" / "d-cards.pdf")
    assert "你好" in used["WenQuanYiZenHei-0"] and "안녕하세요" in used["WenQuanYiZenHei-0"]


def test_an_installed_cjk_font_is_found_and_sets_only_what_no_other_font_has(tmp_path,
                                                                             cli_run):
    """With fonts-wqy-zenhei installed, a Chinese deck builds with no --font: WenQuanYi
    Zen Hei sets its Chinese, Atkinson Hyperlegible its Latin words, as in any deck."""
    from support.cjk import cjk_font

    cjk_font()  # skipped where it is not installed (it is, in CI)
    project(tmp_path, "title: T\nlanguage: zh\nprompts:\n  - 你好, Andrew 今天怎么样?\n")
    result = cli_run("build", "--format", "cards", "--verify", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    used = fronts(tmp_path / "output" / "d-cards.pdf")
    chinese = used["WenQuanYiZenHei-0"].replace(" ", "")  # a line may break between characters
    assert "你好" in chinese and "今天怎么样" in chinese
    assert "Andrew" in used["AtkinsonHyperlegible-Regular"]
    assert "Andrew" not in used["WenQuanYiZenHei-0"]
