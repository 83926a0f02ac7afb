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

    @property
    def look(self) -> tuple[float, str, int]:
        """What verify checks besides the text: (size, fill, alpha)."""
        return self.size, self.fill, self.alpha


def page_chars(page) -> list[Char]:
    """Every character PDFium finds on a pypdfium2 page, in drawing order (the spaces and
    line breaks it makes up between words are there too, as whitespace)."""
    import pypdfium2.raw as raw

    text = page.get_textpage()
    handle = text.raw
    count = text.count_chars()
    letters = text.get_text_range(0, count) if count else ""
    if len(letters) != count:  # characters outside the BMP: take them one by one
        letters = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    looks: dict[int, tuple[float, str, int]] = {}  # by text object: it has one size and colour
    chars = []
    for index in range(count):
        obj = raw.FPDFText_GetTextObject(handle, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        look = looks.get(key)
        if look is None:
            look = looks[key] = _look(raw, handle, index)
        raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
        chars.append(Char(letters[index], (left.value, bottom.value, right.value, top.value),
                          *look))
    return chars


def _look(raw, handle, index: int) -> tuple[float, str, int]:
    """(size, fill, alpha) of character `index`: its font size times the scale of its whole
    transformation (a `cm` or a form's matrix shrinks text as much as a smaller font)."""
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFText_GetFillColor(handle, index, red, green, blue, alpha):
        red.value = green.value = blue.value = alpha.value = 0
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(handle, index, matrix)
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    size = raw.FPDFText_GetFontSize(handle, index) * scale
    return size, f"#{red.value:02X}{green.value:02X}{blue.value:02X}", alpha.value
