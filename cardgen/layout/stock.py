"""Perforated card stock: where a sheet's die-cut cards are, and where their backs go.

A stock is a sheet of paper with cards already die-cut into it (Avery business
cards, index cards, postcards). Its positions come from the maker's template, as
the gLabels template database gives them: grids of cards measured from the
sheet's top-left corner. Here they become the slots of a SheetLayout in PDF
coordinates (points, origin at the bottom-left), so the card sheet renderer
draws on them unchanged. Pure geometry and data: reading a gLabels file is
`cardgen.layout.glabels`.

A template also says how far past its cards a stock may be printed: its `waste`
(gLabels' `waste`, or `x_waste` and `y_waste`), the paper around each card that is
torn away with the sheet's frame or between cards. Colour runs that far past the
die cut unless --bleed says otherwise, so a printer that feeds a little off leaves
no white sliver at a band's edge. A stock whose cards touch (Avery 5371) has no
waste: its colour stops at the cut, for colour that ran past it would print on the
neighbouring card, which someone keeps (see `stock_layout`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from cardgen.choices import PAPERS
from cardgen.layout.sheet import EPSILON, Rect, SheetLayout
from cardgen.units import INCH, MM, format_mm, format_size_mm

DUPLEX_MODES = ("long", "short")
TOLERANCE = 0.5  # points (0.18 mm): far finer than a printer feeds paper


@dataclass(frozen=True)
class Grid:
    """Cards in `columns` x `rows`, the first with its top-left corner (x0, y0) from the
    sheet's top-left, the next `dx` to the right and `dy` down; all in points."""

    columns: int
    rows: int
    x0: float
    y0: float
    dx: float
    dy: float


@dataclass(frozen=True)
class Stock:
    """One perforated card stock, as its maker's template describes it; lengths in points."""

    name: str  # what --stock takes, lower case: "avery-5371"
    title: str  # how a person names it: "Avery 5371"
    description: str  # what it is: "Business cards"
    paper: tuple[float, float]  # (width, height) of the sheet as it goes into the printer
    card: tuple[float, float]  # (width, height) of one die-cut card, never rotated
    grids: tuple[Grid, ...]
    aliases: tuple[str, ...] = ()  # other part numbers with the same die, as names
    metric: bool = False  # the maker measures it in mm (else inches), for messages
    waste: tuple[float, float] = (0.0, 0.0)  # how far past a card it may print: (across, down)

    @property
    def per_sheet(self) -> int:
        return sum(grid.columns * grid.rows for grid in self.grids)

    @property
    def paper_name(self) -> str:
        """"letter", "a4", ... or the size in mm when cardgen has no name for it."""
        width, height = self.paper
        for name, (short, long) in PAPERS.items():
            if abs(min(width, height) - short) < 0.5 and abs(max(width, height) - long) < 0.5:
                return name
        return format_size_mm(width, height)

    @property
    def card_text(self) -> str:
        """The card's size as its maker writes it: "3.5 x 2 in" or "85 x 54 mm"."""
        width, height = self.card
        if self.metric:
            return format_size_mm(width, height)
        return f"{width / INCH:.3g} x {height / INCH:.3g} in"

    def positions(self) -> tuple[Rect, ...]:
        """Every die-cut card as a rect in PDF coordinates, top row first, left to right."""
        width, height = self.card
        page_height = self.paper[1]
        rects = [
            Rect(grid.x0 + column * grid.dx, page_height - grid.y0 - row * grid.dy - height,
                 width, height)
            for grid in self.grids
            for row in range(grid.rows)
            for column in range(grid.columns)
        ]
        return tuple(sorted(rects, key=lambda r: (-round(r.top, 3), round(r.x, 3))))


def _inch_grid(columns: int, rows: int, x0: float, y0: float, dx: float, dy: float) -> Grid:
    """A grid given in inches, as label makers publish them."""
    return Grid(columns, rows, x0 * INCH, y0 * INCH, dx * INCH, dy * INCH)


LETTER = PAPERS["letter"]

# The stocks cardgen knows by name. Figures are the die positions of the gLabels
# template database (Debian's glabels-data: avery-us-templates.xml and
# avery-iso-templates.xml), which follow Avery's published templates; the aliases
# are the part numbers that database lists as the same die. Only 8373 has waste
# there (1/16 in); 5371's cards touch, and 5388, 5389 and C32011 say 0.
BUNDLED: tuple[Stock, ...] = (
    Stock("avery-5371", "Avery 5371", "Business cards", LETTER, (3.5 * INCH, 2 * INCH),
          (_inch_grid(2, 5, 0.75, 0.5, 3.5, 2),),
          tuple(f"avery-{part}" for part in (
              "5372", "5376", "5377", "5871", "5872", "5873", "5876", "5877", "5878", "5911",
              "6235", "8271", "8371", "8372", "8374", "8376", "8377", "8379", "8471", "8476",
              "8571", "8871", "8872", "8873", "8876", "8877", "8878", "8879", "25371", "26550",
              "26551", "27870", "27871", "27876", "27881", "27882", "28371", "28876", "28877"))),
    Stock("avery-8373", "Avery 8373", "Business cards", LETTER, (3.5 * INCH, 2 * INCH),
          (_inch_grid(2, 4, 0.5, 0.75, 4, 2.5),),
          ("avery-3612", "avery-5881", "avery-8869", "avery-28373"), waste=(INCH / 16, INCH / 16)),
    Stock("avery-5388", "Avery 5388", "Index cards", LETTER, (5 * INCH, 3 * INCH),
          (_inch_grid(1, 3, 1.75, 1, 5, 3),), ("avery-5386", "avery-8388")),
    Stock("avery-5389", "Avery 5389", "Postcards", LETTER, (6 * INCH, 4 * INCH),
          (_inch_grid(1, 2, 1.25, 1.25, 6, 4.5),)),
    Stock("avery-c32011", "Avery C32011", "Business cards", PAPERS["a4"], (85 * MM, 54 * MM),
          (Grid(2, 5, 15 * MM, 13.5 * MM, 95 * MM, 54 * MM),), ("avery-c32011-10",), metric=True),
)


def stock_name(text: str) -> str:
    """How a stock's name is compared: lower case, spaces and underscores as hyphens.

    So "Avery 5371", "AVERY_5371" and "avery-5371" name the same stock.
    """
    return "-".join(str(text).strip().lower().replace("_", " ").split())


def bundled_stock(name: str) -> Stock | None:
    """The bundled stock `name` names (or one of its aliases), or None."""
    wanted = stock_name(name)
    for stock in BUNDLED:
        if wanted == stock.name or wanted in stock.aliases:
            return stock
    return None


def close_names(name: str, names: list[str]) -> list[str]:
    """Up to three of `names` that look like a misspelt `name`, closest first."""
    return difflib.get_close_matches(stock_name(name), names, n=3, cutoff=0.8)


def larger_stock(stock: Stock) -> Stock | None:
    """The bundled stock with the smallest cards that are bigger than `stock`'s both ways.

    One on the same paper is preferred, so a group with A4 stays on A4.
    """
    width, height = stock.card
    bigger = [s for s in BUNDLED
              if s.card[0] >= width - EPSILON and s.card[1] >= height - EPSILON
              and s.card[0] * s.card[1] > width * height + EPSILON]
    bigger.sort(key=lambda s: (s.paper_name != stock.paper_name, s.card[0] * s.card[1]))
    return bigger[0] if bigger else None


@dataclass(frozen=True)
class StockLayout(SheetLayout):
    """A SheetLayout whose slots are a stock's die-cut cards rather than a centred grid.

    The slots need not form a full grid and need not be symmetric on the sheet, so a
    back goes where its front's die-cut card is when the sheet is turned over: the
    front's rect mirrored about the sheet's centre line. No crop marks: the
    perforations are the cut.
    """

    stock: Stock | None = None

    @property
    def per_sheet(self) -> int:
        return len(self.slots)

    @property
    def grid_rect(self) -> Rect:
        rects = [self.bleed_rect(index) for index in range(len(self.slots))]
        left, bottom = min(r.x for r in rects), min(r.y for r in rects)
        right, top = max(r.right for r in rects), max(r.top for r in rects)
        return Rect(left, bottom, right - left, top - bottom)

    def back_slot(self, index: int, duplex: str) -> Rect:
        """Where the back of slot `index` goes on the back page, in points.

        Turning the sheet over a vertical edge (the long edge of a portrait sheet)
        mirrors left and right; over a horizontal edge, top and bottom.
        """
        if duplex not in DUPLEX_MODES:
            raise ValueError(f'duplex must be "long" or "short", not {duplex!r}')
        slot = self.slots[index]
        if (duplex == "long") != self.landscape:
            return Rect(self.page_width - slot.right, slot.y, slot.width, slot.height)
        return Rect(slot.x, self.page_height - slot.top, slot.width, slot.height)

    def back_index(self, index: int, duplex: str) -> int:
        """The slot whose rect is the back of slot `index`; ValueError when the
        template is not symmetric and no die-cut card lies there."""
        back = self.back_slot(index, duplex)
        for other, slot in enumerate(self.slots):
            if abs(slot.x - back.x) < 0.01 and abs(slot.y - back.y) < 0.01:
                return other
        raise ValueError(f"the back of slot {index} is not on a die-cut card of the front")


def stock_layout(stock: Stock, bleed: float | None = None) -> StockLayout:
    """The cards of `stock` as sheet slots; `bleed` in points, or None for the stock's own
    (`waste_bleed`). Raises ValueError when a bleed given would run into a neighbouring
    card (at most half the narrowest gap)."""
    room = max_bleed(stock)
    if bleed is None:
        bleed = waste_bleed(stock)
    if bleed > room + EPSILON:
        gap = "no gap" if room < EPSILON else f"a {format_mm(2 * room)} gap"
        raise ValueError(f"{stock.title} has {gap} between its cards, so a {format_mm(bleed)} "
                         f"bleed would print on the next card; use --bleed {_bleed_hint(room)}")
    width, height = stock.paper
    slots = stock.positions()
    columns = len({round(slot.x, 3) for slot in slots})
    rows = len({round(slot.y, 3) for slot in slots})
    return StockLayout(page_width=width, page_height=height, landscape=width > height,
                       card_width=stock.card[0], card_height=stock.card[1], bleed=bleed,
                       columns=columns, rows=rows, slots=slots, marks=(), margin=0.0, stock=stock)


def waste_bleed(stock: Stock) -> float:
    """How far colour runs past a card of `stock` when no bleed is asked for, in points:
    its template's waste, the smaller of across and down (a card's bleed is the same on
    every side), and never more than `max_bleed`, off the next card and on the paper.

    Where cards touch there is none, so colour stops at the shared cut: a printer that
    feeds 0.5 mm off then leaves a sliver of white at the edge of this card's band
    rather than a line of its colour along the next card, which is white there. Splitting
    the difference (a bleed of half the drift) would print on the neighbour at every
    feed that is off towards it, and a stray line on a card is worse than a white edge.
    """
    return max(0.0, min(*stock.waste, max_bleed(stock)))


def max_bleed(stock: Stock) -> float:
    """The widest bleed that stays off every other card and on the paper, in points."""
    slots = stock.positions()
    width, height = stock.paper
    room = min(min(s.x, s.y, width - s.right, height - s.top) for s in slots)
    for index, first in enumerate(slots):
        for second in slots[index + 1:]:
            apart = max(second.x - first.right, first.x - second.right,
                        second.y - first.top, first.y - second.top)
            room = min(room, max(apart, 0.0) / 2)
    return max(room, 0.0)


def problems(stock: Stock) -> list[str]:
    """What makes a stock unprintable: cards off the sheet or on top of each other."""
    found = []
    width, height = stock.paper
    if min(*stock.card, *stock.paper) <= 0:
        return ["its card or paper size is not larger than 0"]
    if not stock.grids or stock.per_sheet == 0:
        return ["it has no cards on the sheet"]
    paper = Rect(0, 0, width, height)
    # Templates round their figures: cards that share a cut may overlap by a hair.
    slots = [slot.inset(min(TOLERANCE, slot.width / 4, slot.height / 4))
             for slot in stock.positions()]
    off = [index for index, slot in enumerate(slots, 1) if not paper.contains(slot)]
    if off:
        found.append(f"card {off[0]} of {len(slots)} lies off the "
                     f"{format_size_mm(width, height)} sheet")
    for index, first in enumerate(slots):
        clash = next((j for j, other in enumerate(slots[index + 1:], index + 2)
                      if first.overlaps(other)), None)
        if clash:
            found.append(f"cards {index + 1} and {clash} overlap (is dx or dy smaller than "
                         "the card?)")
            break
    return found


def _bleed_hint(room: float) -> str:
    if room < 0.05 * MM:
        return "0 with this stock"
    return f"{room / MM:.1f}mm or less"
