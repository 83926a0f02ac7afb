"""QR codes of web addresses, sized so that their modules span a given width.

A code at least 2 cm across is read by most phones from across a table. The
quiet zone around it is one module: the white of the card or page adds the rest.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

from cardgen.fonts import bundled_font


@lru_cache(maxsize=256)
def qr_drawing(address: str, code: float) -> tuple[Drawing, float]:
    """A QR code of `address` whose modules span `code` points, and its full side in points."""
    widget = QrCodeWidget(address, barLevel="M", barBorder=1)
    widget.qr.make()
    modules = widget.qr.getModuleCount()
    side = code * (modules + 2) / modules
    widget.barWidth = widget.barHeight = side
    # ReportLab's graphics would otherwise start the drawing in Helvetica, which no PDF
    # of cardgen's embeds; the code draws no text, so its first font is never used.
    drawing = Drawing(side, side, initialFontName=bundled_font("regular"))
    drawing.add(widget)
    return drawing, side


def largest_side(code: float) -> float:
    """The most room a code spanning `code` points can take: the smallest QR code
    (21 modules) has the widest quiet zone for its size."""
    return code * (21 + 2) / 21
