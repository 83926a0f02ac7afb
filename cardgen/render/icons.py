"""Vector icons that tell card kinds apart without colour.

Each icon is drawn inside a square whose lower-left corner is (x, y) and whose
side is `size` points, in the canvas's current fill and stroke colour. Shapes
differ in outline, not only in detail, so they stay distinct when small.
"""

from __future__ import annotations

import math


def draw_icon(canvas, kind: str, x: float, y: float, size: float) -> None:
    """Draw the icon of `kind` (a printed card kind) in the square (x, y, size)."""
    canvas.saveState()
    canvas.setLineWidth(max(0.6, size * 0.09))
    canvas.setLineJoin(1)
    canvas.setLineCap(1)
    _ICONS[kind](canvas, x, y, size)
    canvas.restoreState()


def _prompt(canvas, x, y, s):
    """A speech bubble: a question to ask."""
    path = canvas.beginPath()
    path.roundRect(x + s * 0.04, y + s * 0.28, s * 0.92, s * 0.66, s * 0.2)
    canvas.drawPath(path, stroke=0, fill=1)
    tail = canvas.beginPath()
    tail.moveTo(x + s * 0.22, y + s * 0.32)
    tail.lineTo(x + s * 0.16, y + s * 0.04)
    tail.lineTo(x + s * 0.48, y + s * 0.32)
    tail.close()
    canvas.drawPath(tail, stroke=0, fill=1)


def _reframe(canvas, x, y, s):
    """Two arrows in opposite directions: turning one way of saying into another."""
    for row, direction in ((0.68, 1), (0.32, -1)):
        cy = y + s * row
        start, end = (x + s * 0.08, x + s * 0.92) if direction > 0 else (x + s * 0.92, x + s * 0.08)
        canvas.line(start, cy, end - direction * s * 0.12, cy)
        head = canvas.beginPath()
        head.moveTo(end, cy)
        head.lineTo(end - direction * s * 0.3, cy + s * 0.17)
        head.lineTo(end - direction * s * 0.3, cy - s * 0.17)
        head.close()
        canvas.drawPath(head, stroke=0, fill=1)


def _quote(canvas, x, y, s):
    """Two heavy quotation marks."""
    for left in (0.08, 0.54):
        cx, cy, r = x + s * (left + 0.19), y + s * 0.6, s * 0.19
        canvas.circle(cx, cy, r, stroke=0, fill=1)
        tail = canvas.beginPath()
        tail.moveTo(cx + r, cy)
        tail.curveTo(cx + r, cy - r * 1.6, cx - r * 0.2, cy - r * 2.4, cx - r * 0.9, cy - r * 2.5)
        tail.curveTo(cx - r * 0.1, cy - r * 1.8, cx - r * 0.1, cy - r * 1.0, cx - r * 0.4, cy - r * 0.5)
        tail.close()
        canvas.drawPath(tail, stroke=0, fill=1)


def _resource(canvas, x, y, s):
    """A lifebuoy: a ring with four bands."""
    cx, cy = x + s / 2, y + s / 2
    outer, inner = s * 0.46, s * 0.22
    canvas.setLineWidth(outer - inner)
    canvas.circle(cx, cy, (outer + inner) / 2, stroke=1, fill=0)
    canvas.setLineWidth(max(0.5, s * 0.05))
    for angle in (45, 135, 225, 315):
        a = math.radians(angle)
        canvas.line(cx + inner * math.cos(a), cy + inner * math.sin(a),
                    cx + outer * math.cos(a), cy + outer * math.sin(a))


def _practice(canvas, x, y, s):
    """A leaf on its stem: something to do together, slowly."""
    leaf = canvas.beginPath()
    leaf.moveTo(x + s * 0.18, y + s * 0.22)
    leaf.curveTo(x + s * 0.10, y + s * 0.70, x + s * 0.45, y + s * 0.95, x + s * 0.94, y + s * 0.94)
    leaf.curveTo(x + s * 0.94, y + s * 0.45, x + s * 0.70, y + s * 0.10, x + s * 0.18, y + s * 0.22)
    leaf.close()
    canvas.drawPath(leaf, stroke=0, fill=1)
    canvas.line(x + s * 0.06, y + s * 0.06, x + s * 0.30, y + s * 0.30)


def _instructions(canvas, x, y, s):
    """A circled "i": how to use the deck."""
    cx, cy = x + s / 2, y + s / 2
    canvas.circle(cx, cy, s * 0.44, stroke=1, fill=0)
    canvas.circle(cx, y + s * 0.72, s * 0.07, stroke=0, fill=1)
    canvas.setLineWidth(s * 0.13)
    canvas.setLineCap(0)
    canvas.line(cx, y + s * 0.22, cx, y + s * 0.56)


def _blank(canvas, x, y, s):
    """A pencil: write your own."""
    canvas.saveState()
    canvas.translate(x + s / 2, y + s / 2)
    canvas.rotate(45)
    w, h = s * 0.26, s * 0.95
    body = canvas.beginPath()
    body.rect(-w / 2, -h / 2 + w * 0.9, w, h - w * 0.9)
    canvas.drawPath(body, stroke=1, fill=0)
    tip = canvas.beginPath()
    tip.moveTo(-w / 2, -h / 2 + w * 0.9)
    tip.lineTo(0, -h / 2)
    tip.lineTo(w / 2, -h / 2 + w * 0.9)
    tip.close()
    canvas.drawPath(tip, stroke=0, fill=1)
    canvas.restoreState()


_ICONS = {
    "prompt": _prompt,
    "reframe": _reframe,
    "quote": _quote,
    "practice": _practice,
    "resource": _resource,
    "instructions": _instructions,
    "blank": _blank,
}
