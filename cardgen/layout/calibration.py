"""Where the duplex calibration sheet puts its scales, boxes and pin targets, in PDF points.

render/calibration.py draws the sheet (its words, lines and marks) at these places.

Coordinates are PDF points, origin at the bottom left of a page, x to the
right, y up. The back page is described in its own upright coordinates, the way
a person sees it after turning the sheet over.

Which point of the back lies behind which point of the front (``mirror``):
    flip on the long edge of a portrait page:  back (x, y) is behind front (W - x, y)
    flip on the short edge:                   back (x, y) is behind front (x, H - y)
The mapping is its own inverse, so the same function goes either way.

Sign convention. ``--back-offset DX,DY`` shifts everything drawn on back pages
by (DX, DY) in the back page's own coordinates: DX > 0 moves it right, DY > 0
moves it up, as seen looking at the back upright. A printer error e = (ex, ey)
means that back content meant for (x, y) lands at (x + ex, y + ey), again as
seen on the back upright; the correction is (DX, DY) = (-ex, -ey).

How the scales turn an error into the correction. The front draws a reference
line exactly behind the 0 mark of a back scale. For the DX scale that line is
vertical; the back draws marks at zero + n mm (n = -5..5, positive to the right
as seen on the back) and labels each mark n. When the back lands ex too far
right, mark n sits at zero + n mm + ex, while the front line (which the error
does not move) still sits at zero; the mark it runs through is the one with
n mm + ex = 0, i.e. n = -ex/mm. So the label read is the correction DX, with
its sign, and nobody has to negate anything. Example: back printed 2 mm too far
right -> the line runs through the mark labelled -2 -> ``--back-offset -2mm,...``,
which moves the back 2 mm left. The DY scale is the same turned a quarter:
horizontal front line, marks at zero + n mm upward, labelled n; a back printed
1 mm too low (ey = -1 mm) is read as 1, i.e. DY = 1mm, move it up. Both flips
work the same way because the scales are laid out in back-page coordinates;
only the front's reference lines move, through ``mirror``.

Labels every 1 mm would have to be under 3 pt tall on a plain ruler, so each
mark sits in its own lane (a row for DX, a column for DY) 4-4.5 mm from the
next: the marks form a staircase that the front line crosses at exactly one
mark, with room for a 10 pt number beside every mark. The front line is long
enough to cross every lane even when the back is also 5 mm off the other way.

A second check needs no light: a "+" in each corner of the front, rings 1 mm
apart at the same place on the back; a pin pushed through a "+" comes out in
the middle of the rings when the sides line up.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.choices import FLIPS
from cardgen.units import MM

Point = tuple[float, float]

DUPLEX_MODES = FLIPS

REACH = 5  # mm: the largest error a scale reads, each way; printers are off 0.5-4 mm.
ROW = 4 * MM  # between DX rows: room for a 10 pt number each
COLUMN = 4.5 * MM  # between DY columns: a 10 pt "-5" is 3.1 mm wide
MARK = 3 * MM  # length of one mark

# Boxes: three across, so a twist or stretch of the back shows as boxes that disagree.
BOX_W = 60 * MM
BOX_GAP = 5 * MM
# A front line reaches past the outermost marks by the largest error, so it
# crosses every lane whatever the error in the other direction.
_LINE_HALF = {axis: REACH * lane + MARK / 2 + REACH * MM
              for axis, lane in (("x", ROW), ("y", COLUMN))}
HALF_LANE = (REACH + 0.5) * MM  # a lane's half length: the marks plus a little
LABEL_SIZE = 10  # pt: a mark's number
Y_LABEL_DROP = HALF_LANE + 1 * MM + 0.73 * LABEL_SIZE  # DY zero to its labels' baseline
_HEADER_DROP = 7 * MM  # box top to the header's baseline
_Y_ZERO_DROP = 14.5 * MM  # box top to the DY scale's 0 mark
# DY zero down to DX zero: the DX line, moved by the largest error, still stops
# short of the DY numbers.
_X_ZERO_BELOW_Y = Y_LABEL_DROP + 0.5 * MM + REACH * MM + _LINE_HALF["x"]
BOX_H = _Y_ZERO_DROP + _X_ZERO_BELOW_Y + _LINE_HALF["x"] + 1.5 * MM
_X_ZERO_IN = 17 * MM  # box left to the DX scale's 0 mark
_CAPTION_IN = 42.5 * MM  # box left to the centre of the DX caption

_CORNER_IN = 11 * MM  # pin targets: centre from both paper edges


@dataclass(frozen=True)
class Scale:
    """One scale: marks on the back, a reference line on the front. All in points.

    ``box`` names the box ("A", "B", "C", left to right as seen on the back);
    ``axis`` is "x" for the scale that reads DX, "y" for DY; ``zero`` is where the
    back page draws the 0 mark (back page coordinates); ``front`` holds the two
    ends of the reference line on the front page (front page coordinates).
    """

    box: str
    axis: str
    zero: Point
    front: tuple[Point, Point]

    def marks(self) -> list[tuple[int, Point]]:
        """Each mark as (its label in mm, its centre on the back page)."""
        x0, y0 = self.zero
        if self.axis == "x":
            # n mm to the right, and n lanes up so every mark has a row for its number.
            return [(n, (x0 + n * MM, y0 + n * ROW)) for n in range(-REACH, REACH + 1)]
        return [(n, (x0 + n * COLUMN, y0 + n * MM)) for n in range(-REACH, REACH + 1)]


def mirror(point: Point, paper: tuple[float, float], duplex: str) -> Point:
    """Return the point on the other side of the sheet, in that page's upright coordinates.

    Works both ways (front to back, back to front). ``paper`` is (width, height)
    in points; on a landscape page the long edge is horizontal, so the axes swap.
    """
    width, height = paper
    x, y = point
    flips_x = (duplex == "long") == (width <= height)
    return (width - x, y) if flips_x else (x, height - y)


def box_rects(paper: tuple[float, float]) -> list[tuple[str, float, float, float, float]]:
    """The three boxes as (name, x, y, width, height), back page, left to right.

    Centred on the page both ways, so the set of boxes is its own mirror image for
    either flip: text kept out of the boxes on one side never shows through a scale.
    """
    width, height = paper
    y = (height - BOX_H) / 2
    left = width / 2 - 1.5 * BOX_W - BOX_GAP
    return [
        (name, left + i * (BOX_W + BOX_GAP), y, BOX_W, BOX_H)
        for i, name in enumerate("ABC")
    ]


def scale_positions(paper: tuple[float, float], duplex: str) -> list[Scale]:
    """Every scale on the sheet: a DY and a DX scale per box, boxes left to right."""
    check_sheet(paper, duplex)
    scales = []
    for name, x, y, w, h in box_rects(paper):
        y_zero = (x + w / 2, y + h - _Y_ZERO_DROP)
        x_zero = (x + _X_ZERO_IN, y_zero[1] - _X_ZERO_BELOW_Y)
        y_half, x_half = _LINE_HALF["y"], _LINE_HALF["x"]
        y_line = ((y_zero[0] - y_half, y_zero[1]), (y_zero[0] + y_half, y_zero[1]))
        x_line = ((x_zero[0], x_zero[1] - x_half), (x_zero[0], x_zero[1] + x_half))
        for axis, zero, line in (("y", y_zero, y_line), ("x", x_zero, x_line)):
            front = (mirror(line[0], paper, duplex), mirror(line[1], paper, duplex))
            scales.append(Scale(name, axis, zero, front))
    return scales


def corner_targets(paper: tuple[float, float]) -> list[Point]:
    """Centres of the pin-check targets; symmetric, so the same on both sides."""
    width, height = paper
    d = _CORNER_IN
    return [(d, d), (width - d, d), (d, height - d), (width - d, height - d)]


def check_sheet(paper: tuple[float, float], duplex: str) -> None:
    """Raise ValueError unless ``duplex`` is a flip and ``paper`` holds the three boxes."""
    if duplex not in DUPLEX_MODES:
        raise ValueError(f"duplex must be one of {DUPLEX_MODES}, not {duplex!r}")
    if min(paper) < BOX_W * 3 + 2 * BOX_GAP + 12 * MM:
        raise ValueError(f"paper {paper[0]:.1f} x {paper[1]:.1f} pt is too small for the sheet")


def letter_spot(x: float, y: float, h: float) -> Point:
    """Where a box's letter goes, for the box at (x, y) with height h (back page)."""
    return (x + 5 * MM, y + h - _HEADER_DROP + 2 * MM)


def caption_spot(x: float, y: float, h: float) -> Point:
    """The centre of the box's DX caption, for the box at (x, y) with height h (back page)."""
    return (x + _CAPTION_IN, y + h - _Y_ZERO_DROP - _X_ZERO_BELOW_Y)
