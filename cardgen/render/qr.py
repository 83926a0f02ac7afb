"""QR codes of web addresses, drawn as one filled path, sized so their modules span a given width.

A code at least 2 cm across is read by most phones from across a table. The
quiet zone around it is one module: the white of the card or page adds the rest.

Each address is encoded once per process (segno, error correction level M),
however often it is drawn or measured, and its dark modules are drawn as one path
of rectangles, one a run of dark modules along a row. The encoder is imported the
first time a code is needed, so a deck without helplines never loads it.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import black
from reportlab.pdfgen.pathobject import PDFPathObject

QUIET = 1  # modules of quiet zone on each side, counted in the code's side
SMALLEST = 21  # modules across the smallest QR code (version 1)


Code = tuple[int, tuple[tuple[int, int, int], ...]]
_CODES: dict[str, Code] = {}  # each address's code, encoded here or by a build's worker
KEPT = 1024  # codes kept: the oldest go first


def known(address: str, code: Code) -> None:
    """Take `code` as `address`'s, encoded by another process (a worker that fitted the
    card), so this one does not encode it again to draw it."""
    if len(_CODES) >= KEPT:
        del _CODES[next(iter(_CODES))]
    _CODES[address] = code


def dark_runs(address: str) -> Code:
    """The code of `address`: its modules across, and each run of dark modules along
    a row as (row from the top, first column, length)."""
    found = _CODES.get(address)
    if found is None:
        found = _encode(address)
        known(address, found)
    return found


def _encode(address: str) -> Code:
    import segno  # lazy: 20 ms to load, only for a deck with a web address

    matrix = segno.make_qr(address, error="m", boost_error=False).matrix
    runs = []
    for row, modules in enumerate(matrix):
        column, count = 0, len(modules)
        while column < count:
            start = column
            while column < count and modules[column]:
                column += 1
            if column > start:
                runs.append((row, start, column - start))
            else:
                column += 1
    return len(matrix), tuple(runs)


@lru_cache(maxsize=1024)
def _path(address: str) -> tuple[int, PDFPathObject]:
    """The code's modules across, and its dark modules as one path in module units with
    the origin at the lower-left corner of the quiet zone."""
    count, runs = dark_runs(address)
    path = PDFPathObject()
    for row, column, length in runs:
        path.rect(column + QUIET, count + QUIET - 1 - row, length, 1)  # rows run down
    return count, path


def qr_side(address: str, code: float) -> float:
    """The side, in points, of the code of `address` whose modules span `code` points,
    quiet zone included."""
    count, _ = dark_runs(address)
    return code * (count + 2 * QUIET) / count


def draw_qr(canvas, address: str, x: float, y: float, code: float) -> float:
    """Draw the code of `address` in black with its quiet zone's lower-left corner at
    (x, y), its modules spanning `code` points; return its side in points."""
    count, path = _path(address)
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
