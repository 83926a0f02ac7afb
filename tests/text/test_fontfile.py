"""What is inside a font file: its faces' names and its character map, read before ReportLab
reads it; and broken fonts are messages: cut short or damaged, by --font, `font:`, fonts/
and --watch."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from cardgen.text.fontfile import cmap_codes, read_font_file
from cardgen.text.registry import FONT_DIR
from support.fontmaker import (
    damaged,
    garbled_glyph,
    recursive_composite,
    renamed,
    text_by_font,
)

DECK = "title: T\nprompts:\n  - How are you?\n"
DEJAVU = (FONT_DIR / "DejaVuSans.ttf").read_bytes()  # 760 KB: every cut up to 500 KB is inside it
ATKINSON = (FONT_DIR / "AtkinsonHyperlegible-Regular.ttf").read_bytes()
MESSAGE = re.compile(r"(?P<file>[^\n]+): not a font cardgen can use \((?P<reason>[^\n]+)\)\n")


# cli_run holds no state between calls, so sharing it between examples is safe.
@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text(DECK)
    return tmp_path


def refused(result, shown: str) -> str:
    """The reason of a `FILE: not a font cardgen can use (reason)` refusal: the only output."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    match = MESSAGE.fullmatch(result.stderr)
    assert match, result.stderr
    assert match["file"] == shown
    assert result.stdout == ""
    return match["reason"]


@pytest.mark.parametrize("cut,reason", [
    (0, "empty file"),
    (7, "only 7 bytes long, too short for a font"),
    (100, "cut short: its table directory runs past the end of the file"),
    (400, "cut short: it has 400 bytes of the 759,720 its tables need"),
    (500_000, "cut short: it has 500,000 bytes of the 759,720 its tables need"),
])
def test_a_cut_font_named_with_font_is_refused_with_its_reason(project, cli_run, cut, reason):
    (project / "cut.ttf").write_bytes(DEJAVU[:cut])
    result = cli_run("build", "--font", "cut.ttf", cwd=project)
    assert refused(result, "cut.ttf") == reason
    assert not (project / "output").exists()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(400, 500_000))
def test_any_cut_is_refused_through_the_fonts_folder(tmp_path_factory, cli_run, cut):
    folder = tmp_path_factory.mktemp("cut")
    (folder / "decks").mkdir()
    (folder / "decks" / "d.yaml").write_text(DECK)
    (folder / "fonts").mkdir()
    (folder / "fonts" / "Cut.ttf").write_bytes(DEJAVU[:cut])
    result = cli_run("build", cwd=folder)
    assert refused(result, "fonts/Cut.ttf") == (f"cut short: it has {cut:,} bytes of the "
                                                f"{len(DEJAVU):,} its tables need")


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_font_is_a_message_or_prints(tmp_path_factory, cli_run, data):
    """Bytes changed anywhere: the font is refused with a reason, or it builds (the cards and
    the screen edition); never a traceback."""
    damaged = bytearray(ATKINSON)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    folder = tmp_path_factory.mktemp("damaged")
    (folder / "d.yaml").write_text(DECK)
    (folder / "bad.ttf").write_bytes(bytes(damaged))
    result = cli_run("build", "d.yaml", "--font", "bad.ttf", "--format", "cards", "--format",
                     "html", cwd=folder)
    if result.exit_code != 0:
        refused(result, "bad.ttf")


# Bytes changed at fixed places of Atkinson Regular that ReportLab reads past, but fontTools
# (which cuts every font down for the screen edition) cannot.
GARBLED = "damaged: its '{}' table is garbled"


@pytest.mark.parametrize("table,at,value,reason", [
    ("GSUB", 370, 0x01, GARBLED.format("GSUB")),  # a lookup of an unknown format
    ("GPOS", 117, 0x00, GARBLED.format("GPOS")),  # a mark array that points nowhere
    ("GDEF", 6, 0xFF, GARBLED.format("GDEF")),  # an attachment list past the table's end
    ("cmap", 21, 0x00, GARBLED.format("cmap")),  # a byte map of the wrong length
    ("cmap", 60, 0xFF, GARBLED.format("cmap")),  # a glyph index array out of range
    ("post", 2, 0x01, GARBLED.format("post")),  # a format that does not exist
    ("glyf", 80, 0xFF, "damaged: some of its glyphs are garbled"),  # flags of .notdef
    ("glyf", 90, 0x00, "damaged: some of its glyphs are garbled"),
])
def test_a_font_fonttools_cannot_read_is_refused_once_for_every_output(
        project, cli_run, table, at, value, reason):
    """Checked once, as it is read: the same message whether the screen edition is asked
    for or not, and no file written."""
    damaged(project / "bad.ttf", table, at, value)
    for formats in (("cards", "html"), ("cards",)):
        result = cli_run("build", "--font", "bad.ttf",
                         *(word for name in formats for word in ("--format", name)), cwd=project)
        assert refused(result, "bad.ttf") == reason, formats
        assert not (project / "output").exists()


def test_a_composite_glyph_made_of_itself_is_refused(project, cli_run):
    recursive_composite(project / "loop.ttf")
    result = cli_run("build", "--font", "loop.ttf", "--format", "cards", "--format", "html",
                     cwd=project)
    assert refused(result, "loop.ttf") == "damaged: a composite glyph in it is made of itself"
    assert not (project / "output").exists()


def test_a_garbled_glyph_reached_only_through_gsub_is_told_as_a_glyph(project, cli_run):
    """The glyph of ½ is reached from "1/2" only through GSUB (its fractions): the glyph is
    garbled, not GSUB."""
    garbled_glyph(project / "bad.ttf", glyph="onehalf")
    result = cli_run("build", "--font", "bad.ttf", "--format", "cards", cwd=project)
    assert refused(result, "bad.ttf") == "damaged: some of its glyphs are garbled"


def test_a_good_build_after_broken_fonts_uses_the_good_font(project, cli_run):
    for cut in (400, 20_000, 52_000):
        (project / "bad.ttf").write_bytes(ATKINSON[:cut])
        refused(cli_run("build", "--font", "bad.ttf", cwd=project), "bad.ttf")
    renamed(project / "good.ttf", "Good Sans")
    result = cli_run("build", "--font", "good.ttf", "--format", "cards", cwd=project)
    assert result.exit_code == 0, result.output
    used = text_by_font((project / "output" / "d-cards.pdf").read_bytes(), range(1))
    assert "How are you?" in used["GoodSans-Regular"]


@pytest.mark.parametrize("content,reason", [
    (b"wOFF" + bytes(60), "it is a web font (WOFF); use the .ttf it was made from"),
    (b"OTTO" + bytes(60), ("its outlines are PostScript (CFF), which cardgen cannot embed; use a "
                          "TrueType font (.ttf or .ttc with glyf outlines)")),
    (b"%PDF-1.4" + bytes(60), "it is not a TrueType or OpenType font"),
    (b"ttcf\x00\x01\x00\x00\x00\x00\x00\x09" + bytes(8), ("cut short or damaged: its collection "
                                                         "header is cut off")),
])
def test_files_that_are_not_truetype_say_what_they_are(project, cli_run, content, reason):
    (project / "x.otf").write_bytes(content)
    (project / "cardgen.yaml").write_text("font: x.otf\n")
    assert refused(cli_run("build", cwd=project), "x.otf") == reason


def test_a_folder_named_like_a_font(project, cli_run):
    (project / "type" / "Folder.ttf").mkdir(parents=True)
    (project / "cardgen.yaml").write_text("font: type/Folder.ttf\n")
    assert refused(cli_run("build", cwd=project), "type/Folder.ttf") == "it is a folder, not a file"


def test_watch_keeps_watching_through_a_broken_font(project, cli_run, monkeypatch):
    """A font saved broken while --watch runs is a message; saved whole again, it builds."""
    font = project / "fonts" / "Mine.ttf"
    renamed(font, "Mine Sans")
    good = font.read_bytes()

    def watch(files, rebuild, stop, interval=0.5, since=None):
        assert font in files()  # a saved font is a reason to rebuild
        font.write_bytes(good[:3000])
        rebuild([font])
        font.write_bytes(good)
        rebuild([font])

    monkeypatch.setattr("cardgen.tools.watch.watch", watch)
    result = cli_run("build", "--watch", "--format", "cards", cwd=project)
    assert result.exit_code == 0, result.output
    assert re.search(r"^fonts/Mine.ttf: not a font cardgen can use \(cut short: it has 3,000 "
                     r"bytes of the 53,\d{3} its tables need\)$", result.stderr, re.MULTILINE)
    assert result.stdout.count("wrote output/d-cards.pdf") == 2
    assert result.stdout.endswith("wrote output/d-cards.pdf (2 pages, 1 card): Print at actual "
                                  "size (100 %), two-sided, flip on long edge, on card stock. Cut "
                                  "on the marks.\n")
    assert "How are you?" in text_by_font((project / "output" / "d-cards.pdf").read_bytes(),
                                          range(1))["MineSans-Regular"]


def test_a_device_as_a_font_is_refused_before_it_is_read(project, cli_run):
    assert refused(cli_run("build", "--font", "/dev/zero", cwd=project),
                   "/dev/zero") == "it is a device, not a file"


def test_a_pipe_in_fonts_is_refused_without_waiting_for_a_writer(project, cli_run):
    (project / "fonts").mkdir()
    os.mkfifo(project / "fonts" / "Pipe.ttf")
    assert refused(cli_run("build", cwd=project), "fonts/Pipe.ttf") == "it is a pipe, not a file"


# --- what a font file holds ------------------------------------------------------------


def test_font_names_come_from_the_name_table(tmp_path):
    path = renamed(tmp_path / "x.ttf", "Name Test", "bolditalic")
    [face] = read_font_file(path).faces
    assert (face.family, face.style_name, face.weight, face.italic) == (
        "Name Test", "Bold Italic", 700, True)
    [book] = read_font_file(FONT_DIR / "DejaVuSans-Oblique.ttf").faces
    assert (book.family, book.style_name, book.italic, book.bold) == (
        "DejaVu Sans", "Oblique", True, False)


@pytest.mark.parametrize("name", sorted(path.name for path in FONT_DIR.glob("NotoSans*.ttf")))
def test_a_face_left_for_later_knows_the_characters_reportlab_will_find(name):
    """A bundled Noto face is registered only when text is set in it; until then its
    character map, read on its own, decides which text goes to it."""
    font = read_font_file(FONT_DIR / name)
    drawn = TTFont("probe", str(FONT_DIR / name)).face.charToGlyph
    assert cmap_codes(font, 0) == {code for code, glyph in drawn.items() if glyph}
