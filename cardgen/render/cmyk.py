"""Colours for a printing press: every colour and image of a drawing set in CMYK.

A press prints cyan, magenta, yellow and black, and a print shop wants a file in those
inks and the printing condition they were separated for. cardgen's colours are sRGB;
they go to CMYK through one shipped profile (`profiles/FOGRA39-cardgen.icc`: offset on
coated paper, FOGRA39) with littleCMS (Pillow's ImageCms), relative colorimetric with
black point compensation, as a prepress tool would. A grey (black text, the muted notes,
the crop of a QR code) goes to black ink alone, at the lightness it has on screen: grey
type built of four inks blurs when the plates are a hair apart.

`seen` turns a press colour back into the sRGB it prints as, so the contrast rules the
deck was checked against can be checked again on what the press will print.
"""

from __future__ import annotations

import bisect
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms
from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from cardgen.deck.colours import READABLE, WHITE, contrast
from cardgen.render.theme import INK, KIND_COLOURS, MUTED, Theme

PROFILE = Path(__file__).resolve().parent / "profiles" / "FOGRA39-cardgen.icc"
# The printing condition the profile describes, as the ICC's registry names it.
CONDITION = "FOGRA39"
CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1): offset on coated paper"


@cache
def _transforms() -> tuple[ImageCms.ImageCmsTransform, ImageCms.ImageCmsTransform]:
    press = ImageCms.getOpenProfile(str(PROFILE))
    screen = ImageCms.createProfile("sRGB")
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    out = ImageCms.buildTransform(screen, press, "RGB", "CMYK", intent,
                                  flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    back = ImageCms.buildTransform(press, screen, "CMYK", "RGB", intent)
    return out, back


@cache
def _black_ramp() -> tuple[float, ...]:
    """How light (WCAG relative luminance, on screen) black ink prints at 0 to 255."""
    ramp = Image.frombytes("CMYK", (256, 1), bytes(b for k in range(256) for b in (0, 0, 0, k)))
    shown = ImageCms.applyTransform(ramp, _transforms()[1])
    assert shown is not None
    return tuple(-_luminance(shown.getpixel((k, 0))) for k in range(256))  # rising


def _luminance(rgb) -> float:
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@cache
def press(rgb: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """The inks (0 to 255 each) that print the sRGB colour `rgb` (0 to 255 each): a grey
    in black ink alone, as light as it is on screen; any other colour through the profile."""
    red, green, blue = rgb
    if red == green == blue:
        if red == 255:
            return (0, 0, 0, 0)  # paper
        ramp = _black_ramp()
        k = min(bisect.bisect_left(ramp, -_luminance(rgb)), 255)
        return (0, 0, 0, k)
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _transforms()[0])
    assert pixel is not None
    cyan, magenta, yellow, black = pixel.tobytes()
    return (cyan, magenta, yellow, black)


def seen(inks: tuple[int, int, int, int]) -> str:
    """The sRGB colour, as #RRGGBB, that the inks (0 to 255 each) print as on white paper."""
    pixel = ImageCms.applyTransform(Image.new("CMYK", (1, 1), inks), _transforms()[1])
    assert pixel is not None
    return "#" + pixel.tobytes().hex().upper()


def press_hex(hex_colour: str) -> tuple[int, int, int, int]:
    """The inks of a #RRGGBB colour."""
    return press(tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)))


def to_cmyk(colour) -> CMYKColor:
    """Any ReportLab colour as the CMYK colour a press prints it with; ReportLab calls it
    for every fill and stroke colour set on a press canvas (its `enforceColorSpace`)."""
    found = toColor(colour)
    if isinstance(found, CMYKColor):
        return found
    alpha = getattr(found, "alpha", None)
    assert isinstance(found, Color), colour
    rgb = tuple(round(v * 255) for v in (found.red, found.green, found.blue))
    inks = press(rgb)
    return CMYKColor(*(ink / 255 for ink in inks), alpha=alpha)


def cmyk_image(picture: Image.Image) -> Image.Image:
    """A picture for the press: greys stay greys (black ink), colour goes to CMYK through
    the profile. Transparency is laid on white first: a logo sits on white on every back
    (a white plate on a full back), so it looks the same, and the file keeps no RGB."""
    if picture.mode in ("L", "LA"):
        ground = Image.new("L", picture.size, 255)
        ground.paste(picture.convert("L"), mask=picture.getchannel("A")
                     if picture.mode == "LA" else None)
        return ground
    rgba = picture.convert("RGBA")
    ground = Image.new("RGB", picture.size, (255, 255, 255))
    ground.paste(rgba.convert("RGB"), mask=rgba.getchannel("A"))
    converted = ImageCms.applyTransform(ground, _transforms()[0])
    assert converted is not None
    return converted


class PressCanvas(Canvas):
    """A canvas that writes every colour and picture in CMYK (or black ink)."""

    def drawImage(self, image, x, y, width=None, height=None, mask=None,
                  *args, **kwargs):
        picture = image._image if isinstance(image, ImageReader) else image
        if isinstance(picture, Image.Image):
            image, mask = ImageReader(cmyk_image(picture)), None
        return super().drawImage(image, x, y, width, height, mask, *args, **kwargs)


def for_press(canvas: Canvas) -> PressCanvas:
    """`canvas` (as render.sheets.new_canvas sets it up: its ids, dates and metadata) made
    a press canvas: its colours go to CMYK from now on, its pictures too."""
    canvas.__class__ = PressCanvas
    canvas._enforceColorSpace = to_cmyk
    return canvas


def faded(theme: Theme) -> list[tuple[str, str, str, float]]:
    """The theme's colours for words (each kind's, body text and notes) that print under
    4.5:1 against white once in CMYK: (what it is for, #RRGGBB, #RRGGBB as printed, contrast).
    A kind's colour is also the ground of white words: contrast is the same both ways."""
    colours = [(kind, theme.hex(kind)) for kind in KIND_COLOURS]
    colours += [("body text", INK), ("notes", MUTED)]
    found = []
    for name, hex_colour in colours:
        printed = seen(press_hex(hex_colour))
        ratio = contrast(printed, WHITE)
        if ratio < READABLE:
            found.append((name, hex_colour, printed, ratio))
    return found
