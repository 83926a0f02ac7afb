"""Reading PDFs back the way a printer or a reader would meet them: text, where it is, lines.

Shared by the tests; positions are in PDF points on the page, with the
current transformation applied.
"""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream


@dataclass(frozen=True)
class Run:
    text: str
    x: float
    y: float
    size: float


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_runs(page) -> list[Run]:
    """Every line of text shown on the page: its characters, baseline start and size.

    `page` is a pypdf page; its text is read with PDFium, which, unlike pypdf's
    text visitor, places text drawn inside reused forms (card backs) correctly.
    """
    import pypdfium2
    import pypdfium2.raw as raw
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    document = pypdfium2.PdfDocument(buffer.getvalue())
    text = document[0].get_textpage()
    handle = text.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    runs: list[Run] = []
    current: list = []  # [chars, x, y, size]
    last = (0.0, 0.0)  # the previous character's origin
    for index in range(raw.FPDFText_CountChars(handle)):
        char = chr(raw.FPDFText_GetUnicode(handle, index))
        if raw.FPDFText_IsGenerated(handle, index) or char in "\r\n":
            current = _flush(current, runs)
            continue
        raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
        # A line runs along x (or, turned a quarter, up along y, like the margin note).
        if (current and abs(y.value - last[1]) > 0.01
                and not (abs(x.value - last[0]) <= 0.01 < y.value - last[1])):
            current = _flush(current, runs)
        if not current:
            current = [[], x.value, y.value, raw.FPDFText_GetFontSize(handle, index)]
        last = (x.value, y.value)
        # PDFium's marks for a line-end hyphen
        current[0].append("-" if char in "\ufffe\x02" else char)
    _flush(current, runs)
    return runs


def _flush(current: list, runs: list[Run]) -> list:
    if current and "".join(current[0]).strip():
        runs.append(Run("".join(current[0]), round(current[1], 3), round(current[2], 3),
                        round(current[3], 3)))
    return []


def origins(data: bytes) -> list[tuple[str, float]]:
    """Each character PDFium reads on page 1, with its origin's x (points)."""
    import pypdfium2
    import pypdfium2.raw as raw

    text = pypdfium2.PdfDocument(data)[0].get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for index in range(raw.FPDFText_CountChars(text.raw)):
        if raw.FPDFText_IsGenerated(text.raw, index):
            continue
        raw.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
        found.append((chr(raw.FPDFText_GetUnicode(text.raw, index)), x.value))
    return found

def words_in(runs: list[Run], x0: float, y0: float, x1: float, y1: float) -> str:
    """The text of the runs that start inside the box, joined with spaces."""
    return " ".join(r.text.strip() for r in runs
                    if x0 - 0.01 <= r.x <= x1 + 0.01 and y0 - 0.01 <= r.y <= y1 + 0.01)


def _multiply(a, b):
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _apply(m, x, y):
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def shapes(page, data_reader: PdfReader) -> tuple[list[tuple], list[tuple]]:
    """Straight line segments (x1, y1, x2, y2) and rectangles (x, y, w, h) drawn on the page.

    Follows q/Q/cm, and into reused forms (Do), so positions are on the page;
    rectangles assume no rotation.
    """
    segments, rects = [], []
    _walk(page.get_contents(), page["/Resources"], [1, 0, 0, 1, 0, 0], data_reader, segments, rects)
    return segments, rects


def _walk(contents, resources, matrix, data_reader, segments, rects) -> None:
    content = ContentStream(contents, data_reader)
    stack = []
    current = None
    for operands, operator in content.operations:
        op = operator.decode() if isinstance(operator, bytes) else operator
        if op == "q":
            stack.append(matrix)
        elif op == "Q":
            matrix = stack.pop()
        elif op == "cm":
            matrix = _multiply([float(v) for v in operands], matrix)
        elif op == "m":
            current = _apply(matrix, float(operands[0]), float(operands[1]))
        elif op == "l" and current is not None:
            end = _apply(matrix, float(operands[0]), float(operands[1]))
            segments.append((*current, *end))
            current = end
        elif op == "re":
            x, y, w, h = (float(v) for v in operands)
            (ax, ay), (bx, by) = _apply(matrix, x, y), _apply(matrix, x + w, y + h)
            rects.append((min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay)))
        elif op == "Do":
            form = resources["/XObject"][operands[0]].get_object()
            if form.get("/Subtype") == "/Form":
                inner = [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                _walk(form, form.get("/Resources", resources), _multiply(inner, matrix),
                      data_reader, segments, rects)
