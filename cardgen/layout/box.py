"""A one-piece tuck box for a deck: its panels, flaps, folds and cut line on one sheet.

Pure geometry, in points, in PDF coordinates (origin at the page's bottom-left).
The net, printed side up (the printed side is the outside of the box):

                      +-----------+
                      | tuck flap |
      dust            +- - - - - -+            dust
    +------+          |    lid    |          +------+
    |      |          |           |          |      |
  +-+- - - +- - - - - +- - - - - -+ - - - - -+- - - +------+
  | front  | right    |   back    |   left   | glue |      |
  |  (U)   | side     |           |   side   | flap |      |
  +--------+- - - - - +- - - - - -+ - - - - -+- - - +------+
           |  dust    |  bottom   |   dust   |
           +------+   +- - - - - -+   +------+
                      | glue flap |
                      +-----------+

The dashes above mark folds for this picture only. On the printed net no fold is
drawn across a panel: a line on a fold shows on that edge of the finished box.
Each fold is marked instead as crop marks are, by a short tick in the paper's
waste at each end of its line, beyond the cut (`fold_ticks`): score between the
ticks with a ruler, then cut. A fold that ends in a corner of the cut (most do)
shows where it runs once the net is cut out, too.

The front's top edge has a thumb notch (U). Folded, the front, right side, back
and left side make a tube closed by the side glue flap behind the front's left
edge; the top dust flaps fold in, the lid folds over them and its tuck flap
slides down inside the front; at the bottom the dust flaps fold in, the bottom
folds over them and its glue flap is glued inside the front.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cardgen.choices import PAPERS, US_PAPERS
from cardgen.layout.sheet import (
    DEFAULT_MARGIN,
    EPSILON,
    MARK_EDGE_CLEARANCE,
    MARK_GAP,
    MARK_LENGTH,
    MARK_MIN_LENGTH,
    Rect,
)
from cardgen.units import MM, format_size_mm

CLEARANCE = 1 * MM  # added to the card's width and height: cards slide in and out
CARD_THICKNESS = 0.3 * MM  # a card of 300 gsm stock
DEPTH_CLEARANCE = 1 * MM  # added to the stacked deck's thickness
GLUE = 10 * MM  # width of the glue flaps
TUCK = 15 * MM  # depth of the tuck flap on the lid
DUST = 15 * MM  # depth of a dust flap, at most
NOTCH = 10 * MM  # radius of the thumb notch, at most
ARC_STEPS = 24  # straight pieces of the thumb notch's cut: 0.02 mm from a true circle

Point = tuple[float, float]
Tick = tuple[float, float, float, float]  # a fold's mark: a segment (x1, y1) to (x2, y2)


@dataclass(frozen=True)
class Panel:
    """One piece of the net; `rect` is its bounding box (tapered flaps are narrower)."""

    name: str  # "front", "back", "right side", "lid", "tuck flap", ...
    rect: Rect
    role: str  # "face" (seen outside the closed box), "flap" (tucked inside) or "glue"


@dataclass(frozen=True)
class Fold:
    """A fold from (x1, y1) to (x2, y2) along the shared edge of two panels."""

    x1: float
    y1: float
    x2: float
    y2: float
    between: tuple[str, str]

    @property
    def length(self) -> float:
        return math.hypot(self.x2 - self.x1, self.y2 - self.y1)


@dataclass(frozen=True)
class TuckBox:
    """A tuck box placed on a page; every length in points."""

    page_width: float
    page_height: float
    inside: tuple[float, float, float]  # width, height and depth of the space for the cards
    panels: tuple[Panel, ...]
    folds: tuple[Fold, ...]
    outline: tuple[Point, ...]  # the cut line: a closed polygon, counter-clockwise
    notch: tuple[float, float, float]  # the thumb notch: centre x, centre y, radius
    ticks: tuple[Tick, ...] = ()  # where the folds are marked, in the waste: `fold_ticks`

    def panel(self, name: str) -> Panel:
        return next(panel for panel in self.panels if panel.name == name)

    @property
    def bounds(self) -> Rect:
        """The rectangle around the net: everything that is cut out."""
        return _bounds(self.outline)

    @property
    def extent(self) -> Rect:
        """The rectangle around everything printed: the net and its fold ticks."""
        return _bounds([*self.outline, *((t[0], t[1]) for t in self.ticks),
                        *((t[2], t[3]) for t in self.ticks)])


class BoxTooLarge(ValueError):
    """The net does not fit the paper; `size` is the (width, height) it needs, in points."""

    def __init__(self, message: str, size: tuple[float, float]):
        super().__init__(message)
        self.size = size


def deck_depth(cards: int, card_thickness: float = CARD_THICKNESS) -> float:
    """The thickness of a stack of `cards` cards, in points."""
    return cards * card_thickness


def tuck_box(card: tuple[float, float], stack: float, paper: tuple[float, float],
             margin: float = DEFAULT_MARGIN) -> TuckBox:
    """A tuck box for cards of size `card` stacked `stack` thick, centred on `paper`.

    The inside is the card plus CLEARANCE each way and the stack plus
    DEPTH_CLEARANCE. The paper is used portrait when the net fits that way,
    else landscape. Raises BoxTooLarge when it fits neither way inside `margin`.
    """
    if min(card) <= 0 or stack < 0:
        raise ValueError(f"a box needs a card larger than 0 and a stack of 0 or more, not "
                         f"{card} and {stack}")
    outline, panels, folds, notch = _net(card[0] + CLEARANCE, card[1] + CLEARANCE,
                                         stack + DEPTH_CLEARANCE)
    net = _bounds(outline)
    short, long = sorted(paper)
    for page in ((short, long), (long, short)):
        room = (page[0] - 2 * margin + EPSILON, page[1] - 2 * margin + EPSILON)
        if net.width <= room[0] and net.height <= room[1]:
            dx, dy = (page[0] - net.width) / 2 - net.x, (page[1] - net.height) / 2 - net.y
            placed = tuple((x + dx, y + dy) for x, y in outline)
            moved = tuple(Fold(f.x1 + dx, f.y1 + dy, f.x2 + dx, f.y2 + dy, f.between)
                          for f in folds)
            return TuckBox(
                page_width=page[0], page_height=page[1],
                inside=(card[0] + CLEARANCE, card[1] + CLEARANCE, stack + DEPTH_CLEARANCE),
                panels=tuple(Panel(p.name, Rect(p.rect.x + dx, p.rect.y + dy, p.rect.width,
                                                p.rect.height), p.role) for p in panels),
                folds=moved,
                outline=placed,
                notch=(notch[0] + dx, notch[1] + dy, notch[2]),
                ticks=fold_ticks(moved, placed, page),
            )
    size = (net.width, net.height)
    raise BoxTooLarge(f"the tuck box needs {format_size_mm(*size)}, more than the paper holds "
                      "inside its margin", size)


def paper_for(size: tuple[float, float], margin: float = DEFAULT_MARGIN,
              like: str | None = None) -> str | None:
    """The smallest paper cardgen knows that holds a net of `size` (points), or None;
    of the same family as the paper `like` when one holds it (A3 after A4, tabloid
    after letter), since that is the paper a user's shop or printer stocks."""
    width, height = sorted(size)
    us = like in US_PAPERS

    def order(item: tuple[str, tuple[float, float]]) -> tuple[bool, float]:
        name, (short, long) = item
        return (like is not None and (name in US_PAPERS) != us, short * long)

    for name, paper in sorted(PAPERS.items(), key=order):
        short, long = sorted(paper)
        if width <= short - 2 * margin + EPSILON and height <= long - 2 * margin + EPSILON:
            return name
    return None


def _net(w: float, h: float, d: float) -> tuple[tuple[Point, ...], tuple[Panel, ...],
                                                tuple[Fold, ...], tuple[float, float, float]]:
    """The net with the front's bottom-left corner at (0, gb + d); see the module's picture."""
    glue = min(GLUE, w / 3)
    tuck = min(TUCK, h / 3)
    dust = min(DUST, 0.4 * w)
    taper_dust = min(d / 4, dust / 3)  # dust flaps narrow so they slide past the lid's edge
    taper_glue = min(glue, h / 4)
    taper_bottom = min(glue, w / 4)
    chamfer = min(tuck / 2, w / 8)  # the tuck flap's corners, cut off so it slides in
    radius = min(NOTCH, w / 4, h / 4)
    y1 = glue + d
    y2 = y1 + h
    x_back, x_left, x_glue = w + d, 2 * w + d, 2 * w + 2 * d
    notch = (w / 2, y2, radius)
    arc = [(w / 2 + radius * math.cos(math.pi * i / ARC_STEPS),
            y2 - radius * math.sin(math.pi * i / ARC_STEPS)) for i in range(ARC_STEPS + 1)]
    outline = [
        (0.0, y1), (w, y1),
        *_dust_flap(w, x_back, y1, -dust, taper_dust),
        (x_back, y1 - d),
        (x_back + taper_bottom, y1 - d - glue), (x_left - taper_bottom, y1 - d - glue),
        (x_left, y1 - d),
        (x_left, y1),
        *_dust_flap(x_left, x_glue, y1, -dust, taper_dust),
        (x_glue + glue, y1 + taper_glue), (x_glue + glue, y2 - taper_glue), (x_glue, y2),
        *_dust_flap(x_glue, x_left, y2, dust, taper_dust),
        (x_left, y2 + d + tuck - chamfer), (x_left - chamfer, y2 + d + tuck),
        (x_back + chamfer, y2 + d + tuck), (x_back, y2 + d + tuck - chamfer),
        (x_back, y2),
        *_dust_flap(x_back, w, y2, dust, taper_dust),
        *arc,
        (0.0, y2),
    ]
    panels = (
        Panel("front", Rect(0, y1, w, h), "face"),
        Panel("right side", Rect(w, y1, d, h), "face"),
        Panel("back", Rect(x_back, y1, w, h), "face"),
        Panel("left side", Rect(x_left, y1, d, h), "face"),
        Panel("side glue flap", Rect(x_glue, y1, glue, h), "glue"),
        Panel("lid", Rect(x_back, y2, w, d), "face"),
        Panel("tuck flap", Rect(x_back, y2 + d, w, tuck), "flap"),
        Panel("bottom", Rect(x_back, y1 - d, w, d), "face"),
        Panel("bottom glue flap", Rect(x_back, y1 - d - glue, w, glue), "glue"),
        Panel("right top dust flap", Rect(w, y2, d, dust), "flap"),
        Panel("left top dust flap", Rect(x_left, y2, d, dust), "flap"),
        Panel("right bottom dust flap", Rect(w, y1 - dust, d, dust), "flap"),
        Panel("left bottom dust flap", Rect(x_left, y1 - dust, d, dust), "flap"),
    )
    folds = (
        Fold(w, y1, w, y2, ("front", "right side")),
        Fold(x_back, y1, x_back, y2, ("right side", "back")),
        Fold(x_left, y1, x_left, y2, ("back", "left side")),
        Fold(x_glue, y1, x_glue, y2, ("left side", "side glue flap")),
        Fold(w, y2, x_back, y2, ("right side", "right top dust flap")),
        Fold(x_back, y2, x_left, y2, ("back", "lid")),
        Fold(x_left, y2, x_glue, y2, ("left side", "left top dust flap")),
        Fold(x_back, y2 + d, x_left, y2 + d, ("lid", "tuck flap")),
        Fold(w, y1, x_back, y1, ("right side", "right bottom dust flap")),
        Fold(x_back, y1, x_left, y1, ("back", "bottom")),
        Fold(x_left, y1, x_glue, y1, ("left side", "left bottom dust flap")),
        Fold(x_back, y1 - d, x_left, y1 - d, ("bottom", "bottom glue flap")),
    )
    return tuple(outline), panels, folds, notch


def fold_ticks(folds: Sequence[Fold], outline: Sequence[Point],
               page: tuple[float, float]) -> tuple[Tick, ...]:
    """The fold marks: for each fold, a tick on its line at each end of it, starting
    MARK_GAP past the last point where that line meets the cut, so it lies in the waste
    and crosses no piece of the net (a fold that runs on into a flap's cut, or past a
    flap, is marked beyond it). MARK_LENGTH long, as crop marks are, shortened to stay
    MARK_EDGE_CLEARANCE off the paper's edge and left out when less than
    MARK_MIN_LENGTH would remain. Folds on one line share their ticks."""
    found: dict[tuple[float, ...], Tick] = {}
    for fold in folds:
        ux, uy = (fold.x2 - fold.x1) / fold.length, (fold.y2 - fold.y1) / fold.length
        meets = _meets(fold.x1, fold.y1, ux, uy, outline)
        for start, sign in ((min(meets), -1.0), (max(meets), 1.0)):
            near = start + sign * MARK_GAP
            far = near + sign * min(MARK_LENGTH, _room(fold.x1 + ux * near, fold.y1 + uy * near,
                                                      sign * ux, sign * uy, page))
            if abs(far - near) < MARK_MIN_LENGTH:
                continue
            tick = (fold.x1 + ux * near, fold.y1 + uy * near, fold.x1 + ux * far,
                    fold.y1 + uy * far)
            found.setdefault(tuple(round(v, 3) for v in tick), tick)
    return tuple(found.values())


def _meets(x: float, y: float, ux: float, uy: float, outline: Sequence[Point]) -> list[float]:
    """Where the line through (x, y) in the direction (ux, uy) meets the closed polygon
    `outline`, as distances along it from (x, y); both ends of an edge that lies on it."""
    found = []
    for (ax, ay), (bx, by) in zip(outline, [*outline[1:], outline[0]]):
        # Signed distances of the edge's ends from the line; where they change sign, it crosses.
        da, db = (ax - x) * uy - (ay - y) * ux, (bx - x) * uy - (by - y) * ux
        if abs(da) < EPSILON and abs(db) < EPSILON:
            found += [(ax - x) * ux + (ay - y) * uy, (bx - x) * ux + (by - y) * uy]
        elif (da <= EPSILON and db >= -EPSILON) or (da >= -EPSILON and db <= EPSILON):
            share = da / (da - db)
            px, py = ax + (bx - ax) * share, ay + (by - ay) * share
            found.append((px - x) * ux + (py - y) * uy)
    return found


def _room(x: float, y: float, ux: float, uy: float, page: tuple[float, float]) -> float:
    """How far from (x, y) along (ux, uy) stays MARK_EDGE_CLEARANCE inside the page."""
    low, high = MARK_EDGE_CLEARANCE, (page[0] - MARK_EDGE_CLEARANCE, page[1] - MARK_EDGE_CLEARANCE)
    limits = [((high[i] if u > 0 else low) - p) / u
              for i, (p, u) in enumerate(((x, ux), (y, uy))) if abs(u) > EPSILON]
    return max(0.0, min(limits, default=math.inf))


def _dust_flap(start: float, end: float, base: float, depth: float, taper: float) -> list[Point]:
    """The cut around a dust flap on the edge at height `base`, from x `start` (already on
    the outline) to x `end`; `depth` is negative for a flap that hangs below the edge."""
    step = taper if end > start else -taper
    return [(start + step, base + depth), (end - step, base + depth), (end, base)]


def _bounds(points: Sequence[Point]) -> Rect:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
