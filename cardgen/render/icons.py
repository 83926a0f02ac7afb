"""Drawing the kinds' icons (cardgen.deck.icons) on a ReportLab canvas.

Each icon is drawn inside a square whose lower-left corner is (x, y) and whose
side is `size` points, in the canvas's current fill colour.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import FILL_EVEN_ODD, FILL_NON_ZERO

from cardgen.deck.icons import ICONS


def draw_icon(canvas, kind: str, x: float, y: float, size: float) -> None:
    """Draw the icon of `kind` (a printed card kind) in the square (x, y, size)."""
    for shape in ICONS[kind]:
        path = canvas.beginPath()
        for command in shape.commands:
            name, numbers = command[0], command[1:]
            points = [x + value * size if i % 2 == 0 else y + value * size
                      for i, value in enumerate(numbers)]
            if name == "M":
                path.moveTo(*points)
            elif name == "L":
                path.lineTo(*points)
            elif name == "C":
                path.curveTo(*points)
            else:
                path.close()
        canvas.drawPath(path, stroke=0, fill=1,
                        fillMode=FILL_EVEN_ODD if shape.evenodd else FILL_NON_ZERO)
