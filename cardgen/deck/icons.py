"""The kinds' icons as shapes: one set, drawn the same way on paper (render/icons.py) and on
screen (products/html/icons.py), so the two can never drift apart.

Every icon is a solid silhouette in one colour, its details cut out of it (an "i" out
of a disc, a leaf's midrib), with the same weight: filled shapes survive 9 pt, black
and white printing and a low-vision reader better than thin outlines. Shapes differ
in outline, not only in detail, so kinds stay apart when small.

An icon is a few Shapes in a unit square, x to the right and y up: each a path of
commands ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y) and ("Z",), filled
with the non-zero rule, or even-odd where a detail is cut out. Arcs are cubic curves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Command = tuple


@dataclass(frozen=True)
class Shape:
    """One filled path of an icon, in the unit square (y up)."""

    commands: tuple[Command, ...]
    evenodd: bool = False  # parts inside parts are cut out


def arc(cx: float, cy: float, r: float, start: float, end: float) -> list[Command]:
    """Curves along a circle from angle `start` to `end` (degrees, counter-clockwise when
    end > start), in pieces of at most 90 degrees; no move to its start."""
    pieces = max(1, math.ceil(abs(end - start) / 90 - 1e-9))
    step = math.radians((end - start) / pieces)
    handle = 4 / 3 * math.tan(step / 4) * r
    commands = []
    a = math.radians(start)
    for _ in range(pieces):
        b = a + step
        x0, y0 = cx + r * math.cos(a), cy + r * math.sin(a)
        x3, y3 = cx + r * math.cos(b), cy + r * math.sin(b)
        commands.append(("C", x0 - handle * math.sin(a), y0 + handle * math.cos(a),
                         x3 + handle * math.sin(b), y3 - handle * math.cos(b), x3, y3))
        a = b
    return commands


def circle(cx: float, cy: float, r: float, clockwise: bool = False) -> list[Command]:
    return [("M", cx + r, cy), *arc(cx, cy, r, 0, -360 if clockwise else 360), ("Z",)]


def polygon(*points: tuple[float, float]) -> list[Command]:
    first, *rest = points
    return [("M", *first), *(("L", *point) for point in rest), ("Z",)]


def rounded_rect(x: float, y: float, width: float, height: float, r: float) -> list[Command]:
    right, top = x + width, y + height
    return [("M", x + r, y), ("L", right - r, y), *arc(right - r, y + r, r, -90, 0),
            ("L", right, top - r), *arc(right - r, top - r, r, 0, 90),
            ("L", x + r, top), *arc(x + r, top - r, r, 90, 180),
            ("L", x, y + r), *arc(x + r, y + r, r, 180, 270), ("Z",)]


def _prompt() -> tuple[Shape, ...]:
    """A speech bubble: a question to ask."""
    return (Shape((*rounded_rect(0.04, 0.28, 0.92, 0.66, 0.2),
                   *polygon((0.22, 0.32), (0.14, 0.04), (0.50, 0.30)))),)


def _arrow(y: float, pointing: int) -> list[Command]:
    """A solid arrow across the square at height `y`, pointing right (1) or left (-1), its
    tail rounded."""
    half, head, tip = 0.075, 0.19, 0.94
    start = 1 - tip + half  # the centre of the rounded tail
    back = tip - 0.3

    def x(value: float) -> float:  # mirrored for an arrow pointing left
        return value if pointing > 0 else 1 - value

    points = [(x(back), y - half), (x(back), y - head), (x(tip), y), (x(back), y + head),
              (x(back), y + half), (x(start), y + half)]
    tail = arc(x(start), y, half, 90, 270) if pointing > 0 else arc(x(start), y, half, 90, -90)
    return [("M", x(start), y - half), *(("L", *p) for p in points), *tail, ("Z",)]


def _reframe() -> tuple[Shape, ...]:
    """Two arrows in opposite directions: turning one way of saying into another."""
    return (Shape((*_arrow(0.69, 1), *_arrow(0.31, -1))),)


def _quote() -> tuple[Shape, ...]:
    """Two heavy quotation marks."""
    commands: list[Command] = []
    for left in (0.08, 0.54):
        cx, cy, r = left + 0.19, 0.6, 0.19
        commands += circle(cx, cy, r, clockwise=True)  # turning as the tail does: one shape
        commands += [("M", cx + r, cy),
                     ("C", cx + r, cy - r * 1.6, cx - r * 0.2, cy - r * 2.4, cx - r * 0.9,
                      cy - r * 2.5),
                     ("C", cx - r * 0.1, cy - r * 1.8, cx - r * 0.1, cy - r * 1.0, cx - r * 0.4,
                      cy - r * 0.5), ("Z",)]
    return (Shape(tuple(commands)),)


def _band(start: float, end: float, inner: float, outer: float) -> list[Command]:
    """A piece of a ring about the square's centre, from angle `start` to `end`."""
    a, b = math.radians(start), math.radians(end)
    return [("M", 0.5 + outer * math.cos(a), 0.5 + outer * math.sin(a)),
            *arc(0.5, 0.5, outer, start, end),
            ("L", 0.5 + inner * math.cos(b), 0.5 + inner * math.sin(b)),
            *arc(0.5, 0.5, inner, end, start), ("Z",)]


def _resource() -> tuple[Shape, ...]:
    """A lifebuoy: a thick ring with four pale bands around it, each band cut out of the
    ring inside a thin edge, as a life ring's white stripes on red."""
    outer, inner, edge = 0.48, 0.2, 0.045
    commands = [*circle(0.5, 0.5, outer), *circle(0.5, 0.5, inner)]
    for middle in (45, 135, 225, 315):
        half = 20.0  # degrees of ring on each side of a band's middle
        inset = math.degrees(edge / ((outer + inner) / 2))  # the edge's width, as an angle
        commands += _band(middle - half + inset, middle + half - inset, inner + edge,
                          outer - edge)
    return (Shape(tuple(commands), evenodd=True),)


def _practice() -> tuple[Shape, ...]:
    """A leaf on its stem, its midrib cut out: something to do together, slowly."""
    leaf = [("M", 0.18, 0.22), ("C", 0.10, 0.70, 0.45, 0.95, 0.94, 0.94),
            ("C", 0.94, 0.45, 0.70, 0.10, 0.18, 0.22), ("Z",)]
    rib = _bar((0.30, 0.34), (0.80, 0.84), 0.028)
    stem = _bar((0.05, 0.05), (0.22, 0.24), 0.05)
    return Shape((*leaf, *rib), evenodd=True), Shape(tuple(stem))


def _bar(start: tuple[float, float], end: tuple[float, float], half: float) -> list[Command]:
    """A straight bar `2 * half` wide from `start` to `end`, its ends square."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    nx, ny = -dy / length * half, dx / length * half
    return polygon((start[0] + nx, start[1] + ny), (end[0] + nx, end[1] + ny),
                   (end[0] - nx, end[1] - ny), (start[0] - nx, start[1] - ny))


def _instructions() -> tuple[Shape, ...]:
    """A disc with an "i" cut out of it: how to use the deck."""
    return (Shape((*circle(0.5, 0.5, 0.47), *circle(0.5, 0.73, 0.08),
                   *rounded_rect(0.43, 0.18, 0.14, 0.39, 0.03)), evenodd=True),)


def _blank() -> tuple[Shape, ...]:
    """A pencil, its ferrule cut out: write your own."""
    w, h = 0.26, 0.96
    tip = -h / 2 + w * 0.95
    body = [(-w / 2, h / 2), (-w / 2, tip), (0.0, -h / 2), (w / 2, tip), (w / 2, h / 2)]
    ferrule = [(-w / 2, h / 2 - 0.17), (w / 2, h / 2 - 0.17),
               (w / 2, h / 2 - 0.22), (-w / 2, h / 2 - 0.22)]
    turn = math.radians(-45)  # the pencil leans to the right, writing down to the left

    def turned(points):
        return [(0.5 + x * math.cos(turn) - y * math.sin(turn),
                 0.5 + x * math.sin(turn) + y * math.cos(turn)) for x, y in points]

    return (Shape((*polygon(*turned(body)), *polygon(*turned(ferrule))), evenodd=True),)


ICONS: dict[str, tuple[Shape, ...]] = {
    "instructions": _instructions(),
    "prompt": _prompt(),
    "reframe": _reframe(),
    "quote": _quote(),
    "practice": _practice(),
    "resource": _resource(),
    "blank": _blank(),
}
