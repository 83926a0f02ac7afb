"""Reading a PDF page's text back with PDFium: each run's characters, place, size and colour.

What `cardgen.verify.booklet` compares with what the layout chose. PDFium reads text the way
a printer's software meets it: inside reused forms, with every transformation
applied, so a character drawn 0.5 pt tall or white is reported as such.
Positions and sizes are PDF points.
"""

from __future__ import annotations

import ctypes
import math
from typing import NamedTuple


class Run(NamedTuple):
    """Characters drawn by one text-showing operation, as printed: their text (spaces left
    out), the box around the first and last (left, bottom, right, top), the size they are
    drawn at (font size times the scale of their whole transformation), and their fill as
    #RRGGBB and alpha. One operation has one font, size and colour; cardgen draws each
    piece of a line with one."""

    text: str
    box: tuple[float, float, float, float]
    size: float
    fill: str
    alpha: int

    @property
    def look(self) -> tuple[float, str, int]:
        """What verify checks besides the text: (size, fill, alpha)."""
        return self.size, self.fill, self.alpha


def page_runs(page) -> list[Run]:
    """The runs of characters PDFium finds on a pypdfium2 page, in drawing order."""
    import pypdfium2.raw as raw  # lazy: 40 ms to load, only to read a PDF back

    text = page.get_textpage()
    handle = text.raw
    count = text.count_chars()
    letters = text.get_text_range(0, count) if count else ""
    if len(letters) != count:  # characters outside the BMP: take them one by one
        letters = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    text_object = _text_object(raw)
    address = ctypes.cast(handle, ctypes.c_void_p)
    runs: list[Run] = []
    # The run being read: its first and last character (`last` counts only while `first` is
    # set), and the object that draws it.
    first: int | None = None
    last, key = 0, None
    for index in range(count):
        if letters[index].isspace():
            # A space has no ink to check, and matching ignores it. One PDFium made up
            # between two things drawn apart also ends a run, whatever object comes next.
            if first is not None and raw.FPDFText_IsGenerated(handle, index) == 1:
                runs.append(_run(raw, handle, letters, first, last))
                first = None
            continue
        owner = text_object(address, index)
        if first is not None and owner != key:
            runs.append(_run(raw, handle, letters, first, last))
            first = None
        if first is None:
            first, key = index, owner
        last = index
    if first is not None:
        runs.append(_run(raw, handle, letters, first, last))
    text.close()
    return runs


def _run(raw, handle, letters: str, first: int, last: int) -> Run:
    boxes = [_box(raw, handle, index) for index in (first, last)]
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
           max(b[3] for b in boxes))
    words = "".join(char for char in letters[first:last + 1] if not char.isspace())
    return Run(words, box, *_look(raw, handle, first))


def _box(raw, handle, index: int) -> tuple[float, float, float, float]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
    return left.value, bottom.value, right.value, top.value


def document_runs(document, index: int) -> list[Run]:
    """page_runs of page `index` of a pypdfium2 document, the page closed after: a big
    deck's pages left open until the document closes slow everything down."""
    page = document[index]
    try:
        return page_runs(page)
    finally:
        page.close()


def _text_object(raw):
    """FPDFText_GetTextObject returning the object's address as a number, to use as a key
    (pypdfium2's own binding returns a pointer object that would need a cast per call)."""
    address = ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)


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
