"""Booklet plans: which reading-order page goes where on which side of which printer sheet.

Pure geometry, all lengths in PDF points (1/72 in). `plan` turns a layout name, a
page count, the booklet page size and the paper into a `Plan`; `cardgen.render.impose`
draws it. Pages are 0-based here; printers and the README count from 1.

Every side is described as the printer prints it, upright, seen from the side
being printed. For `pocket` (portrait sheet, long-edge flip) and `saddle`
(landscape sheet, short-edge flip) the flip turns the sheet over its vertical
edge, so the cell behind the front's right page is the back's left cell.

A right-to-left booklet (Arabic, Hebrew) opens from the right, its spine at the
cover's right edge: its imposition is the left-to-right one seen in a mirror, each
side's pages in the opposite cells (the cover on the left half of the outer sheet's
front), so that folded it reads 1..n with its pages turned from right to left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cardgen.choices import IMPOSITIONS, PRINTER_EDGE
from cardgen.units import MM

Duplex = Literal["long", "short", "none"]
Direction = Literal["ltr", "rtl"]

# Rectangle as (x0, y0, x1, y1), points, on a sheet side.
Box = tuple[float, float, float, float]

ZINE_PAGES = 8

# The one-sheet zine as printed, rows from the top, 0-based pages: the top row is
# upside down so that it comes out upright once the sheet is folded lengthwise.
_ZINE_ROWS: tuple[tuple[int, ...], ...] = ((4, 3, 2, 1), (5, 6, 7, 0))

# Sizes computed from millimetres carry rounding noise; a page may exceed its cell
# by this much and still count as fitting.
_TOLERANCE = 0.01

# The how-to line keeps 6 mm from the paper edge (home printers cannot print
# closer) and 1 mm from the nearest cell; a margin narrower than 8 mm gets none.
NOTE_EDGE = PRINTER_EDGE
NOTE_CLEARANCE = 1 * MM
NOTE_MIN_MARGIN = 8 * MM


@dataclass(frozen=True)
class Placement:
    """One booklet page on one sheet side.

    `page` is the 0-based reading-order page (None leaves the cell empty); `x`, `y`
    the lower-left corner of the page on the sheet side; `rotate` 0 or 180 (the
    page is drawn upside down inside the same rectangle); `sheet` the physical
    sheet, 0 being the outermost. `cell` is the part of the side that belongs to
    this page; the page is clipped to it, so creep never pushes ink across a fold.
    """

    page: int | None
    x: float
    y: float
    rotate: int
    sheet: int
    cell: Box | None = None


@dataclass(frozen=True)
class SheetSide:
    """Everything printed on one side of one sheet, as the printer prints it."""

    placements: tuple[Placement, ...]


@dataclass(frozen=True)
class Plan:
    """A whole imposition: sheet size, sides in print order, duplex mode, how-to line.

    `sides` runs sheet 0 front, sheet 0 back, sheet 1 front, ... for duplex plans,
    and one side per sheet when `duplex` is "none". `how_to` names the how-to line
    among cardgen's words ("impose_pocket", cardgen/deck/languages/), which say it in
    the deck's language. `page_width` and `page_height` are the booklet page size the
    plan was made for.
    """

    sheet_width: float
    sheet_height: float
    sides: tuple[SheetSide, ...]
    duplex: Duplex
    how_to: str
    page_width: float
    page_height: float

    @property
    def pages(self) -> int:
        """How many reading-order pages the plan draws from (the highest page + 1)."""
        placed = [p.page for side in self.sides for p in side.placements if p.page is not None]
        return max(placed, default=-1) + 1

    def is_front(self, index: int) -> bool:
        """Whether side `index` is the first side printed on its sheet."""
        return self.duplex == "none" or index % 2 == 0


def plan(
    layout: str,
    pages: int,
    page_size: tuple[float, float],
    paper: tuple[float, float],
    creep: float = 0.0,
    direction: Direction = "ltr",
) -> Plan:
    """Plan the sheets for a booklet of `pages` pages of `page_size` on `paper`.

    Sizes are (width, height) in points; `paper` may be given in either
    orientation, the layout picks its own. `creep` is the shift per sheet toward
    the spine, in points (about the paper thickness, 0.1 mm): sheet k moves its
    pages k * creep toward the fold, so the outermost sheet stays put. It only
    matters for `pocket` and `saddle`. `direction` "rtl" plans a booklet that opens
    from the right (see the module's docstring). Raises ValueError for an unknown
    layout, a page count the layout cannot take, or pages that do not fit their cells.
    """
    page_width, page_height = page_size
    if page_width <= 0 or page_height <= 0:
        raise ValueError(f"booklet page size must be positive, got {page_width} x {page_height} pt")
    if creep < 0:
        raise ValueError(f"creep must not be negative, got {creep} pt")
    if direction not in ("ltr", "rtl"):
        raise ValueError(f"a booklet runs ltr or rtl, got {direction!r}")
    rtl = direction == "rtl"
    if layout == "pocket":
        return _saddle_stitch(layout, pages, page_size, _portrait(paper), 2, creep, rtl)
    if layout == "saddle":
        return _saddle_stitch(layout, pages, page_size, _landscape(paper), 1, creep, rtl)
    if layout == "zine":
        return _zine(pages, page_size, _landscape(paper), rtl)
    if layout == "none":
        return _one_per_sheet(pages, page_size)
    raise ValueError(f"unknown booklet layout {layout!r}; choose one of {', '.join(IMPOSITIONS)}")


def largest_creep(plan: Plan, room: Sequence[tuple[float, float]]) -> float | None:
    """The largest creep (points per sheet) that moves no page's ink across the fold.

    `room[page]` is how far each reading-order page's ink may move past its (left, right)
    edge and stay where it belongs (its margin less what must stay clear of the fold).
    Sheet k moves its pages k x creep toward the fold, its spine edges first; a page
    centred in a cell wider than itself has that much more room. None when creep moves
    nothing (one sheet, or a layout that is not stapled).
    """
    if plan.duplex == "none":
        return None
    fold = plan.sheet_width / 2
    bounds = []
    for side in plan.sides:
        for placement in side.placements:
            if placement.page is None or placement.sheet == 0 or placement.cell is None:
                continue
            x0, _, x1, _ = placement.cell
            gap = ((x1 - x0) - plan.page_width) / 2  # from the unmoved page's edge to the fold
            left, right = room[placement.page]
            spine = right if x1 <= fold + _TOLERANCE else left  # the edge toward the fold
            bounds.append(max(0.0, gap + spine) / placement.sheet)
    return min(bounds) if bounds else None


def _saddle_stitch(
    layout: str,
    pages: int,
    page_size: tuple[float, float],
    sheet: tuple[float, float],
    copies: int,
    creep: float,
    rtl: bool = False,
) -> Plan:
    """2-up spreads with a vertical fold at the sheet's centre, `copies` stacked rows;
    each side's two pages trade cells when the booklet opens from the right (`rtl`)."""
    if pages < 4 or pages % 4:
        raise ValueError(
            f"the {layout} layout needs a page count that is a multiple of 4, got {pages}"
        )
    width, height = sheet
    cell_width, cell_height = width / 2, height / copies
    page_width, page_height = page_size
    _check_fits(layout, page_size, (cell_width, cell_height), sheet)
    dx = (cell_width - page_width) / 2
    dy = (cell_height - page_height) / 2
    # Top copy first, so a side lists its placements from the top-left, as read.
    rows = [height - (row + 1) * cell_height for row in range(copies)]
    sides = []
    for k in range(pages // 4):
        shift = k * creep
        front = (pages - 1 - 2 * k, 2 * k)
        back = (2 * k + 1, pages - 2 - 2 * k)
        if rtl:
            front, back = front[::-1], back[::-1]
        for left, right in (front, back):
            placements = []
            for y0 in rows:
                y1 = y0 + cell_height
                left_cell = (0.0, y0, cell_width, y1)
                right_cell = (cell_width, y0, width, y1)
                right_x = cell_width + dx - shift
                placements.append(Placement(left, dx + shift, y0 + dy, 0, k, left_cell))
                placements.append(Placement(right, right_x, y0 + dy, 0, k, right_cell))
            sides.append(SheetSide(tuple(placements)))
    duplex: Duplex = "long" if layout == "pocket" else "short"
    return Plan(width, height, tuple(sides), duplex, f"impose_{layout}", page_width, page_height)


def _zine(pages: int, page_size: tuple[float, float], sheet: tuple[float, float],
          rtl: bool = False) -> Plan:
    """The 8-page one-sheet zine: 4 x 2 panels on one side, top row upside down; each
    row the other way round when the zine opens from the right (`rtl`)."""
    if pages != ZINE_PAGES:
        raise ValueError(f"the zine layout needs exactly {ZINE_PAGES} pages, got {pages}")
    width, height = sheet
    cell_width, cell_height = width / 4, height / 2
    page_width, page_height = page_size
    _check_fits("zine", page_size, (cell_width, cell_height), sheet)
    dx = (cell_width - page_width) / 2
    dy = (cell_height - page_height) / 2
    placements = []
    rows = tuple(row[::-1] for row in _ZINE_ROWS) if rtl else _ZINE_ROWS
    for row, pages_in_row in enumerate(rows):
        y0 = height - (row + 1) * cell_height
        rotate = 180 if row == 0 else 0
        for column, page in enumerate(pages_in_row):
            x0 = column * cell_width
            cell = (x0, y0, x0 + cell_width, y0 + cell_height)
            placements.append(Placement(page, x0 + dx, y0 + dy, rotate, 0, cell))
    sides = (SheetSide(tuple(placements)),)
    return Plan(width, height, sides, "none", "impose_zine", page_width, page_height)


def _one_per_sheet(pages: int, page_size: tuple[float, float]) -> Plan:
    """No imposition: each page on its own sheet of exactly its size."""
    if pages < 1:
        raise ValueError(f"a booklet needs at least one page, got {pages}")
    width, height = page_size
    cell = (0.0, 0.0, width, height)
    sides = tuple(SheetSide((Placement(i, 0.0, 0.0, 0, i, cell),)) for i in range(pages))
    return Plan(width, height, sides, "none", "impose_none", width, height)


def _check_fits(
    layout: str,
    page_size: tuple[float, float],
    cell: tuple[float, float],
    sheet: tuple[float, float],
) -> None:
    page_width, page_height = page_size
    if page_width <= cell[0] + _TOLERANCE and page_height <= cell[1] + _TOLERANCE:
        return
    part = {"pocket": "quarter", "saddle": "half", "zine": "eighth"}[layout]
    orientation = "portrait" if sheet[0] < sheet[1] else "landscape"
    raise ValueError(
        f"{_mm(page_size)} booklet pages do not fit the {_mm(cell)} {part} of a "
        f"{orientation} {_mm(sheet)} sheet in the {layout} layout; "
        "use a smaller page size or larger paper"
    )


def _mm(size: tuple[float, float]) -> str:
    return " x ".join(f"{round(length / MM, 2):g}" for length in size) + " mm"


def _portrait(paper: tuple[float, float]) -> tuple[float, float]:
    return (min(paper), max(paper))


def _landscape(paper: tuple[float, float]) -> tuple[float, float]:
    return (max(paper), min(paper))


def note_position(
    plan: Plan, text_width: float, ascent: float, descent: float
) -> tuple[float, float, int] | None:
    """Where the how-to line fits in the sheet's waste, or None if it has none wide enough.

    The waste is what every side leaves free between the paper edge and the cells:
    a cell is the part of the sheet that becomes a page once the sheets are cut and
    folded (untrimmed), so a line inside one would end up in someone's hands. The
    pocket, saddle and zine layouts tile the whole sheet with cells and `none` makes
    the sheet the page: none of them has waste, and their instructions go to the
    terminal, the PDF's metadata and the README instead.

    `ascent` and `descent` are the font's extent above and below the baseline
    (both positive, points). Returns (x, y, angle): the start of the baseline and
    the text direction in degrees (0 along the bottom or top edge, 90 running up a
    side edge). One position serves all sides.
    """
    boxes = [
        p.cell or (p.x, p.y, p.x + plan.page_width, p.y + plan.page_height)
        for side in plan.sides
        for p in side.placements
        if p.page is not None
    ]
    if not boxes:
        return None
    width, height = plan.sheet_width, plan.sheet_height
    margins = {
        "bottom": min(b[1] for b in boxes),
        "top": height - max(b[3] for b in boxes),
        "left": min(b[0] for b in boxes),
        "right": width - max(b[2] for b in boxes),
    }
    needed = max(NOTE_MIN_MARGIN, NOTE_EDGE + ascent + descent + NOTE_CLEARANCE)
    along_width = (width - text_width) / 2
    along_height = (height - text_width) / 2
    candidates = {
        "bottom": (along_width, NOTE_EDGE + descent, 0, along_width),
        "top": (along_width, height - NOTE_EDGE - ascent, 0, along_width),
        # Rotated 90 degrees the ascent points toward the left edge.
        "left": (NOTE_EDGE + ascent, along_height, 90, along_height),
        "right": (width - NOTE_EDGE - descent, along_height, 90, along_height),
    }
    for edge in ("bottom", "top", "left", "right"):
        x, y, angle, room = candidates[edge]
        if margins[edge] >= needed - _TOLERANCE and room >= NOTE_EDGE:
            return (x, y, angle)
    return None
