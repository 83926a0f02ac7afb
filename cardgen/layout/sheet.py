"""Where cards go on a printed sheet: the grid of slots, duplex mirroring and crop marks.

Pure geometry: no drawing happens here. All lengths are PDF points and all
coordinates are PDF coordinates (origin at the bottom-left of the page).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from cardgen.choices import FLIPS, PRINTER_EDGE
from cardgen.units import MM, format_mm, format_size_mm

# Points. Far below what any printer can show, far above floating-point noise, so
# cards that abut exactly are not reported as overlapping.
EPSILON = 1e-6

DEFAULT_MARGIN = PRINTER_EDGE

# Crop marks, in points: about 5 mm long, 2-3 mm from the bleed edge, as print shops draw them.
MARK_GAP = 2.5 * MM  # between the outer bleed edge and the start of a mark
MARK_LENGTH = 5 * MM
# Most laser printers print nothing within about 4.2 mm of the paper's edge, inkjets
# within about 3 mm; and ink up to the edge makes PDF viewers "fit to page" and print at
# the wrong scale. A mark stops MARK_EDGE_CLEARANCE short of the edge where that leaves
# it MARK_MIN_LENGTH, else MARK_EDGE_MIN short.
MARK_EDGE_CLEARANCE = 5 * MM
MARK_EDGE_MIN = 4.2 * MM
MARK_MIN_LENGTH = 1 * MM  # a shorter stub is too small to line a blade up with
# Between the grid's bleed edge and the paper's edge, the least a marked sheet keeps so
# that every cut has its marks: the gap, the shortest mark and the unprintable edge.
MARK_ROOM = MARK_GAP + MARK_MIN_LENGTH + MARK_EDGE_MIN

DUPLEX_MODES = FLIPS


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: (x, y) is its bottom-left corner; all in points."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def contains(self, other: Rect) -> bool:
        """Whether `other` lies inside this rectangle (edges may touch; EPSILON slack)."""
        return (
            other.x >= self.x - EPSILON
            and other.y >= self.y - EPSILON
            and other.right <= self.right + EPSILON
            and other.top <= self.top + EPSILON
        )

    def overlaps(self, other: Rect) -> bool:
        """Whether the insides share area; rectangles that only touch do not overlap."""
        return (
            self.x < other.right - EPSILON
            and other.x < self.right - EPSILON
            and self.y < other.top - EPSILON
            and other.y < self.top - EPSILON
        )

    def inset(self, distance: float) -> Rect:
        """This rectangle moved in by `distance` points on every side (out if negative)."""
        width, height = self.width - 2 * distance, self.height - 2 * distance
        if width < 0 or height < 0:
            raise ValueError(f"cannot inset a {self.width} x {self.height} pt rect by {distance}")
        return Rect(self.x + distance, self.y + distance, width, height)


@dataclass(frozen=True)
class Mark:
    """One crop-mark hairline from (x1, y1) to (x2, y2), in points; x1 <= x2, y1 <= y2.

    Every mark is vertical (x1 == x2, in line with a vertical cut) or horizontal.
    """

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class SheetLayout:
    """The cards on one side of a sheet, in points, with the page's orientation applied."""

    page_width: float
    page_height: float
    landscape: bool
    card_width: float
    card_height: float
    bleed: float
    columns: int
    rows: int
    slots: tuple[Rect, ...]  # trim rects in deck order: top row first, left to right
    marks: tuple[Mark, ...]
    margin: float = DEFAULT_MARGIN  # nothing (not even bleed) closer to the paper's edge

    @property
    def per_sheet(self) -> int:
        """How many cards one side of the sheet holds."""
        return self.columns * self.rows

    @property
    def grid_rect(self) -> Rect:
        """The rectangle around every card and its bleed, in points."""
        first, last = self.bleed_rect(0), self.bleed_rect(self.per_sheet - 1)
        return Rect(first.x, last.y, last.right - first.x, first.top - last.y)

    def bleed_rect(self, index: int) -> Rect:
        """The trim rect of slot `index` grown by the bleed on every side."""
        return self.slots[index].inset(-self.bleed)

    def back_index(self, index: int, duplex: str) -> int:
        """The slot on the back page that lands behind front slot `index`.

        `duplex` is "long" or "short", the edge the printer flips the sheet over.
        Flipping over a vertical edge mirrors columns, over a horizontal edge mirrors
        rows; a portrait page's long edge is vertical, a landscape page's horizontal.
        The mapping is its own inverse, so it also finds the front of a back slot.
        """
        if duplex not in DUPLEX_MODES:
            raise ValueError(f'duplex must be "long" or "short", not {duplex!r}')
        if not 0 <= index < self.per_sheet:
            raise IndexError(f"slot {index} is not on a sheet of {self.per_sheet} cards")
        row, column = divmod(index, self.columns)
        if (duplex == "long") != self.landscape:
            column = self.columns - 1 - column
        else:
            row = self.rows - 1 - row
        return row * self.columns + column

    def back_slot(self, index: int, duplex: str) -> Rect:
        """The trim rect on the back page that lands behind front slot `index`."""
        return self.slots[self.back_index(index, duplex)]


def back_room(layout: SheetLayout, duplex: str) -> tuple[float, float, float, float]:
    """How far the backs can move and every back card stay on the page, in points:
    (left, right, down, up), each 0 or more.

    A back offset corrects a printer that puts the back side a few millimetres off;
    one larger than this room puts cards off the page.
    """
    backs = [layout.back_slot(index, duplex) for index in range(layout.per_sheet)]
    return (max(0.0, min(slot.x for slot in backs)),
            max(0.0, layout.page_width - max(slot.right for slot in backs)),
            max(0.0, min(slot.y for slot in backs)),
            max(0.0, layout.page_height - max(slot.top for slot in backs)))


def sheet_layout(
    paper: tuple[float, float],
    card: tuple[float, float],
    bleed: float = 0.0,
    margin: float = DEFAULT_MARGIN,
    marks: bool = True,
) -> SheetLayout:
    """Lay out as many cards as fit on one side of `paper`; every length in points.

    `paper` and `card` are (width, height). Each card with `bleed` on every side
    stays at least `margin` from the paper's edge; with `marks`, at least MARK_ROOM
    too, so every cut has a mark inside what a printer prints (only if not one card
    fits that way are the cards laid out by `margin`, and a cut too near the edge
    goes without). The paper is turned to whichever
    orientation holds more cards (portrait on a tie); the card is never rotated.
    Neighbouring cards abut when there is no bleed, and are 2 x bleed apart when
    there is, so each card's bleed touches the next. The grid is centred, so a
    printer's front-to-back misalignment spreads evenly and a back slot is the
    mirror image of its front slot. Raises ValueError if not one card fits.
    """
    card_width, card_height = card
    if card_width <= 0 or card_height <= 0:
        raise ValueError(f"card size must be larger than 0, not {card_width} x {card_height} pt")
    if bleed < 0 or margin < 0:
        raise ValueError(f"bleed and margin cannot be negative (bleed {bleed}, margin {margin} pt)")

    short, long = sorted(paper)
    pitch = (card_width + 2 * bleed, card_height + 2 * bleed)
    landscape, columns, rows = _orient((short, long), pitch, max(margin, MARK_ROOM * marks))
    if marks and columns * rows == 0:
        landscape, columns, rows = _orient((short, long), pitch, margin)
    if columns * rows == 0:
        raise ValueError(_too_large(card, bleed, (short, long), margin))

    page_width, page_height = (long, short) if landscape else (short, long)
    slots = _slots((page_width, page_height), card, bleed, columns, rows)
    layout = SheetLayout(
        page_width=page_width,
        page_height=page_height,
        landscape=landscape,
        card_width=card_width,
        card_height=card_height,
        bleed=bleed,
        columns=columns,
        rows=rows,
        slots=slots,
        marks=(),
        margin=margin,
    )
    if not marks:
        return layout
    return replace(layout, marks=_crop_marks(layout))


def cut_lines(layout: SheetLayout) -> tuple[list[float], list[float]]:
    """Every cut the user makes, in points: (xs of vertical cuts, ys of horizontal cuts).

    Both lists are ascending. Without bleed, neighbours share one cut; with bleed,
    each gap between cards has two, one at each card's trim edge.
    """
    xs = _distinct([edge for slot in layout.slots for edge in (slot.x, slot.right)])
    ys = _distinct([edge for slot in layout.slots for edge in (slot.y, slot.top)])
    return xs, ys


def _orient(paper: tuple[float, float], pitch: tuple[float, float],
            margin: float) -> tuple[bool, int, int]:
    """(landscape, columns, rows) of the orientation of `paper` (short, long) that holds
    more `pitch` cells inside `margin`: portrait on a tie."""
    short, long = paper
    portrait, turned = _fit((short, long), pitch, margin), _fit((long, short), pitch, margin)
    landscape = turned[0] * turned[1] > portrait[0] * portrait[1]
    return (landscape, *(turned if landscape else portrait))


def _fit(page: tuple[float, float], pitch: tuple[float, float], margin: float) -> tuple[int, int]:
    """Columns and rows of `pitch`-sized cells inside `page` less `margin` all round.

    EPSILON lets a grid that fits exactly (up to float noise) count as fitting.
    """
    columns, rows = (
        max(0, math.floor((side - 2 * margin + EPSILON) / step)) for side, step in zip(page, pitch)
    )
    return columns, rows


def _slots(
    page: tuple[float, float], card: tuple[float, float], bleed: float, columns: int, rows: int
) -> tuple[Rect, ...]:
    (page_width, page_height), (card_width, card_height) = page, card
    pitch_x, pitch_y = card_width + 2 * bleed, card_height + 2 * bleed
    left = (page_width - columns * pitch_x) / 2 + bleed
    top = (page_height + rows * pitch_y) / 2 - bleed
    return tuple(
        Rect(left + column * pitch_x, top - card_height - row * pitch_y, card_width, card_height)
        for row in range(rows)
        for column in range(columns)
    )


def _crop_marks(layout: SheetLayout) -> tuple[Mark, ...]:
    """Hairlines in the margins in line with every cut, clear of cards and paper edge.

    Vertical cuts get marks above and below the grid, horizontal cuts left and right
    of it, so no mark crosses a card. A mark is shortened to keep MARK_EDGE_CLEARANCE
    from the paper's edge (MARK_EDGE_MIN where that would leave less than
    MARK_MIN_LENGTH) and dropped if less than MARK_MIN_LENGTH would remain.
    """
    grid = layout.grid_rect
    width, height = layout.page_width, layout.page_height
    xs, ys = cut_lines(layout)
    found: list[Mark] = []
    for x in xs:
        if not MARK_EDGE_MIN <= x <= width - MARK_EDGE_MIN:
            continue
        for y1, y2 in _spans(grid.y, grid.top, height):
            found.append(Mark(x, y1, x, y2))
    for y in ys:
        if not MARK_EDGE_MIN <= y <= height - MARK_EDGE_MIN:
            continue
        for x1, x2 in _spans(grid.x, grid.right, width):
            found.append(Mark(x1, y, x2, y))
    return tuple(found)


def _spans(grid_low: float, grid_high: float, side: float) -> list[tuple[float, float]]:
    """The (start, end) of a mark beyond each end of the grid along an axis `side` long."""
    spans = []
    start, end = grid_low - MARK_GAP, grid_high + MARK_GAP
    below, above = _length(start), _length(side - end)
    if below is not None:
        spans.append((start - below, start))
    if above is not None:
        spans.append((end, end + above))
    return spans


def _length(room: float) -> float | None:
    """How long a mark is with `room` points from its start to the paper's edge: up to
    MARK_LENGTH, MARK_EDGE_CLEARANCE short of the edge, or MARK_EDGE_MIN short if that
    leaves less than MARK_MIN_LENGTH; None if not even that fits."""
    for clearance in (MARK_EDGE_CLEARANCE, MARK_EDGE_MIN):
        length = min(MARK_LENGTH, room - clearance)
        if length >= MARK_MIN_LENGTH - EPSILON:
            return length
    return None


def _distinct(values: list[float]) -> list[float]:
    """Sorted values with any within EPSILON of the previous kept one dropped."""
    kept: list[float] = []
    for value in sorted(values):
        if not kept or value - kept[-1] > EPSILON:
            kept.append(value)
    return kept


def _too_large(
    card: tuple[float, float], bleed: float, paper: tuple[float, float], margin: float
) -> str:
    with_bleed = f" with {format_mm(bleed)} bleed on each side" if bleed else ""
    inside = format_size_mm(max(0.0, paper[0] - 2 * margin), max(0.0, paper[1] - 2 * margin))
    return (
        f"a {format_size_mm(*card)} card{with_bleed} is larger than the printable area "
        f"of {format_size_mm(*paper)} paper ({inside} inside the {format_mm(margin)} margin), "
        "either way round; use bigger paper or a smaller card"
    )
