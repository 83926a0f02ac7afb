"""QR codes of web addresses, drawn as one filled path, sized so their modules span a given width.

A code at least 2 cm across is read by most phones from across a table. The
quiet zone around it is one module: the white of the card or page adds the rest.

Each address is encoded once per process, however often it is drawn or measured,
and its dark modules are drawn as one path of rectangles, one a run of modules
along a row. The encoder comes with ReportLab's graphics package, whose import
alone costs more than building a small deck: it is imported the first time a code
is needed, so a deck without helplines never pays for it.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import black
from reportlab.pdfgen.pathobject import PDFPathObject

QUIET = 1  # modules of quiet zone on each side, counted in the code's side
SMALLEST = 21  # modules across the smallest QR code (version 1)


@lru_cache(maxsize=1024)
def _encoded(address: str) -> tuple[int, PDFPathObject]:
    """The code's modules across, and its dark modules as a path in module units with
    the origin at the lower-left corner of the quiet zone."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(address)
    code.make()
    count = code.getModuleCount()
    path = PDFPathObject()
    for row, modules in enumerate(code.modules):
        y = count + QUIET - 1 - row  # rows run down from the top
        column = 0
        while column < count:
            if not modules[column]:
                column += 1
                continue
            start = column
            while column < count and modules[column]:
                column += 1
            path.rect(start + QUIET, y, column - start, 1)
    return count, path


def qr_side(address: str, code: float) -> float:
    """The side, in points, of the code of `address` whose modules span `code` points,
    quiet zone included."""
    count, _ = _encoded(address)
    return code * (count + 2 * QUIET) / count


def draw_qr(canvas, address: str, x: float, y: float, code: float) -> float:
    """Draw the code of `address` in black with its quiet zone's lower-left corner at
    (x, y), its modules spanning `code` points; return its side in points."""
    count, path = _encoded(address)
    module = code / count
    canvas.saveState()
    canvas.transform(module, 0, 0, module, x, y)
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return module * (count + 2 * QUIET)


def largest_side(code: float) -> float:
    """The most room a code spanning `code` points can take: the smallest QR code
    has the widest quiet zone for its size."""
    return code * (SMALLEST + 2 * QUIET) / SMALLEST
