"""A press canvas (cardgen.render.cmyk): every colour and picture of the print-shop file in
CMYK or black ink, greys in black alone, and the theme's colours checked as printed."""

from __future__ import annotations

import shutil

import pikepdf
import pytest

from cardgen.deck.colours import READABLE, WHITE, contrast
from cardgen.render.cmyk import faded, press, press_hex, seen
from cardgen.render.theme import INK, KIND_COLOURS, MUTED, RULE, Theme
from support.cli import run
from support.paths import DATA

_COLOUR_OPS = {"rg", "RG", "k", "K", "g", "G", "sc", "scn", "SC", "SCN", "cs", "CS"}


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> pikepdf.Pdf:
    """The themed deck (its own colours, QR codes) with a PNG logo, built for a press."""
    folder = tmp_path_factory.mktemp("press")
    deck = (DATA / "themed" / "riverside.yaml").read_text().replace("logo.svg", "logo.png")
    (folder / "riverside.yaml").write_text(deck)
    shutil.copy(DATA / "themed" / "logo.png", folder / "logo.png")
    result = run("build", folder / "riverside.yaml", "--format", "shop", "--cmyk",
                 "-o", folder / "out", cwd=folder)
    assert result.exit_code == 0, result.output
    return pikepdf.open(folder / "out" / "riverside-shop.pdf")


def _streams(pdf: pikepdf.Pdf):
    """Every page's content and every form's (the stamps: bands, backs, logo)."""
    yield from pdf.pages
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
            yield obj


def _colour_ops(pdf: pikepdf.Pdf) -> list[tuple[str, tuple[float, ...]]]:
    return [(str(op), tuple(float(x) for x in operands))
            for stream in _streams(pdf)
            for operands, op in pikepdf.parse_content_stream(stream, " ".join(_COLOUR_OPS))]


def test_no_rgb_colour_is_left_in_any_content_stream(shop):
    ops = _colour_ops(shop)
    assert {op for op, _ in ops} <= {"k", "K", "g", "G"}, sorted({op for op, _ in ops})
    assert all(len(operands) == 4 for op, operands in ops if op in ("k", "K"))
    assert ops  # the drawing was read: bands, backs, text, QR codes


def test_no_object_names_device_rgb_and_every_image_is_cmyk_or_grey(shop):
    images = [obj for obj in shop.objects
              if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
    assert images, "the PNG logo is drawn on every back"
    assert {str(image.ColorSpace) for image in images} <= {"/DeviceCMYK", "/DeviceGray"}
    assert "/DeviceCMYK" in {str(image.ColorSpace) for image in images}
    names = {str(value) for obj in shop.objects if isinstance(obj, pikepdf.Dictionary)
             for value in obj.values() if isinstance(value, pikepdf.Name)}
    assert "/DeviceRGB" not in names


def test_black_and_grey_are_black_ink_only(shop):
    greys = {press_hex(hex_colour) for hex_colour in (INK, MUTED, RULE, "#000000")}
    assert all(inks[:3] == (0, 0, 0) and inks[3] > 0 for inks in greys)
    written = {tuple(round(v * 255) for v in operands) for op, operands in _colour_ops(shop)
               if op in ("k", "K")}
    # Body text, notes, rules and the QR codes' black are there, each in black ink alone;
    # no colour written is a four-colour neutral.
    assert greys <= written, (greys, written)
    assert not [inks for inks in written if inks[0] == inks[1] == inks[2] > 0]


def test_a_grey_keeps_its_lightness_in_black_ink():
    for value in (0x4D, 0x8C, 0xCC):
        grey = f"#{value:02X}{value:02X}{value:02X}"
        printed = seen(press((value, value, value)))
        assert abs(contrast(printed, WHITE) - contrast(grey, WHITE)) < 0.3, grey
    # Darker than black ink can print: solid black ink, still 14:1 on white.
    assert press((0x1A, 0x1A, 0x1A)) == (0, 0, 0, 255)
    assert contrast(seen((0, 0, 0, 255)), WHITE) > 14
    assert press((255, 255, 255)) == (0, 0, 0, 0)
    assert press((0, 0, 0)) == (0, 0, 0, 255)


def test_the_kinds_colours_stay_readable_once_printed():
    assert faded(Theme()) == []
    for hex_colour in KIND_COLOURS.values():
        inks = press_hex(hex_colour)
        assert contrast(seen(inks), WHITE) >= READABLE
        assert sum(inks) > 0


def test_a_colour_readable_on_screen_but_not_once_printed_is_named():
    # #00838F is 4.52:1 on screen; in CMYK for coated paper it prints lighter.
    theme = Theme(colours=(("prompt", "#00838F"),))
    [(name, colour, _printed, ratio)] = faded(theme)
    assert (name, colour) == ("prompt", "#00838F")
    assert ratio < READABLE
    assert contrast("#00838F", WHITE) >= READABLE
