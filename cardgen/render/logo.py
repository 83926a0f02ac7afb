"""Drawing a deck's logo (cardgen.deck.logo) on a ReportLab canvas, in colour or in greys.

An SVG logo is drawn as vectors (through svglib's ReportLab drawing), sharp at any
size; a PNG or JPEG is placed as an image, which ReportLab embeds once per PDF
however often it is drawn (it names each image by a digest of its pixels). In mono
every colour of the logo becomes the grey of the same lightness, so a black-and-white
build stays free of colour. Lengths are PDF points.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader

from cardgen.deck.colours import grey
from cardgen.deck.logo import Logo
from cardgen.text.registry import bundled_font


def draw_logo(canvas, logo: Logo, x: float, y: float, width: float, height: float,
              mono: bool = False) -> None:
    """`logo` inside the box with lower-left (x, y), `width` x `height`, keeping its
    proportions, centred in the box."""
    scale = min(width / logo.width, height / logo.height)
    shown_w, shown_h = logo.width * scale, logo.height * scale
    left, bottom = x + (width - shown_w) / 2, y + (height - shown_h) / 2
    if logo.kind == "svg":
        from reportlab.graphics import renderPDF  # lazy: 50 ms to load, for SVG logos only

        canvas.saveState()
        canvas.translate(left, bottom)
        canvas.scale(scale, scale)
        renderPDF.draw(_drawing(logo, mono), canvas, 0, 0)
        canvas.restoreState()
    else:
        canvas.drawImage(_image(logo, mono), left, bottom, shown_w, shown_h, mask="auto")


@lru_cache(maxsize=8)
def _image(logo: Logo, mono: bool) -> ImageReader:
    return ImageReader(logo.image(mono))


@lru_cache(maxsize=8)
def _drawing(logo: Logo, mono: bool):
    """The logo's drawing, in greys when `mono`. Its first font is a bundled one:
    ReportLab's renderer otherwise sets Helvetica as it starts, named in the PDF
    though the logo has no text, and a font not embedded fails a print shop's preflight
    and PDF/UA."""
    drawing = copy.copy(logo.drawing)
    if mono:
        drawing = copy.deepcopy(drawing)
        _grey_shapes(drawing)
    drawing.initialFontName = bundled_font("regular")
    return drawing


def _grey_shapes(node) -> None:
    """Every fill and stroke colour under `node` made the grey of the same lightness."""
    for name in ("fillColor", "strokeColor"):
        colour = getattr(node, name, None)
        if isinstance(colour, Color):
            setattr(node, name, _grey(colour))
    for child in getattr(node, "contents", ()) or ():
        _grey_shapes(child)


def _grey(colour: Color) -> Color:
    red, green, blue = (round(c * 255) for c in (colour.red, colour.green, colour.blue))
    shade = HexColor(grey(f"#{red:02X}{green:02X}{blue:02X}"))
    alpha = getattr(colour, "alpha", 1)
    return Color(shade.red, shade.green, shade.blue, alpha)
