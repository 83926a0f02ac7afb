"""Reading PDFs back the way a printer or a reader would meet them: text, where it is, lines.

Shared by the tests; positions are in PDF points on the page, with the
current transformation applied.
"""

from __future__ import annotations

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
    """Every piece of text shown on the page with its start position and size."""
    runs: list[Run] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (cm[0] ** 2 + cm[1] ** 2) ** 0.5 * (tm[0] ** 2 + tm[1] ** 2) ** 0.5
        runs.append(Run(text, x, y, size * scale))

    page.extract_text(visitor_text=visit)
    return runs


def words_in(runs: list[Run], x0: float, y0: float, x1: float, y1: float) -> str:
    """The text of the runs that start inside the box, joined with spaces."""
    return " ".join(r.text.strip() for r in runs if x0 - 0.01 <= r.x <= x1 + 0.01 and y0 - 0.01 <= r.y <= y1 + 0.01)


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

    Follows q/Q/cm so positions are on the page; rectangles assume no rotation.
    """
    content = ContentStream(page.get_contents(), data_reader)
    matrix = [1, 0, 0, 1, 0, 0]
    stack = []
    segments, rects = [], []
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
    return segments, rects
