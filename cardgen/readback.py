"""Reading a PDF page's characters back with PDFium: each one's text, place, size and colour.

What `cardgen.verify` compares with what the layout chose. PDFium reads text the way
a printer's software meets it: inside reused forms, with every transformation
applied, so a character drawn 0.5 pt tall or white is reported as such.
Positions and sizes are PDF points.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Char:
    """One character as printed: its text, its box (left, bottom, right, top), the size it is
    drawn at (font size times the scale of its matrix), and its fill as #RRGGBB and alpha."""

    text: str
    box: tuple[float, float, float, float]
    size: float
    fill: str
    alpha: int

    @property
    def centre(self) -> tuple[float, float]:
        left, bottom, right, top = self.box
        return (left + right) / 2, (bottom + top) / 2


def page_chars(page) -> list[Char]:
    """Every character PDFium finds on a pypdfium2 page, in drawing order; the spaces and
    line breaks it makes up between words are left out."""
    import pypdfium2.raw as raw

    text = page.get_textpage()
    handle = text.raw
    chars = []
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    matrix = raw.FS_MATRIX()
    for index in range(text.count_chars()):
        if raw.FPDFText_IsGenerated(handle, index) == 1:
            continue
        code = raw.FPDFText_GetUnicode(handle, index)
        if not raw.FPDFText_GetFillColor(handle, index, red, green, blue, alpha):
            red.value = green.value = blue.value = alpha.value = 0
        raw.FPDFText_GetMatrix(handle, index, matrix)
        # The font size alone misses a shrinking transformation (a `cm` or a form's matrix).
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        size = raw.FPDFText_GetFontSize(handle, index) * scale
        chars.append(Char(chr(code), text.get_charbox(index), size,
                          f"#{red.value:02X}{green.value:02X}{blue.value:02X}", alpha.value))
    return chars
