"""Booklet pages as data: text blocks, rules, icons and QR codes placed on a page, and drawing one.

`cardgen.render.booklet` lays a deck out as `Page`s; `cardgen.render.impose` draws each page
once onto the printer's sheets, and `cardgen.verify.booklet` reads the sheets back against the
same pages. Positions are PDF points from the page's lower-left corner, y up.

A right-to-left booklet's pages are its left-to-right layout seen in a mirror
(`Page.mirrored`): icons, rules and QR codes change sides, the spine margin moves to
the other edge and the page number to the other corner, and each text block takes the
mirrored place, its right-to-left lines still set flush right within it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color

from cardgen.deck.logo import Logo
from cardgen.layout.booklet import Direction
from cardgen.render.icons import draw_icon
from cardgen.render.logo import draw_logo
from cardgen.render.qr import draw_qr
from cardgen.text import blocks as textlib


@dataclass(frozen=True)
class Text:
    """A broken block of text whose first line hangs one font size below `top`.

    `what` names whose words these are in a message ("prompt 3 (deck.yaml:12:5)");
    empty for the booklet's own words (headings, page numbers). `own_direction`: the words
    of another language than the booklet's (a bilingual entry's source), whose lines keep
    their own direction on a mirrored page, as on a card.
    """

    block: textlib.Block
    x: float
    top: float
    colour: Color
    what: str = ""
    own_direction: bool = False

    def moved(self, dx: float, dy: float) -> Text:
        return Text(self.block, self.x + dx, self.top + dy, self.colour, self.what,
                    self.own_direction)

    def mirrored(self, width: float) -> Text:
        """The block in the place a mirror about a `width`-wide page's centre puts it, its
        lines flush right as the left-to-right page's are flush left (an English name in
        an Arabic colophon lines up with the Arabic lines); but a block in its own
        direction keeps it: an English source line under an Arabic entry starts at the
        left of the text column, as English does."""
        block = self.block
        extent = block.width if block.width is not None else max(
            (line.width for line in block.lines), default=0.0)
        if not self.own_direction:
            block = block._replace(flush_right=True)
        return Text(block, width - self.x - extent, self.top, self.colour, self.what,
                    self.own_direction)

    @property
    def words(self) -> str:
        """The characters it prints in reading order, lines joined by line breaks."""
        return "\n".join(line.text if line.text is not None
                         else "".join(piece.text for piece in line.pieces)
                         for line in self.block.lines)


@dataclass(frozen=True)
class Rule:
    """A straight line from (x0, y0) to (x1, y1), `width` points thick."""

    x0: float
    y0: float
    x1: float
    y1: float
    colour: Color
    width: float = 1.0

    def moved(self, dx: float, dy: float) -> Rule:
        return Rule(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy, self.colour, self.width)

    def mirrored(self, width: float) -> Rule:
        return Rule(width - self.x0, self.y0, width - self.x1, self.y1, self.colour, self.width)


@dataclass(frozen=True)
class Icon:
    """A kind's icon (cardgen.render.icons) in the square with lower-left (x, y)."""

    kind: str
    x: float
    y: float
    size: float
    colour: Color

    def moved(self, dx: float, dy: float) -> Icon:
        return Icon(self.kind, self.x + dx, self.y + dy, self.size, self.colour)

    def mirrored(self, width: float) -> Icon:
        return Icon(self.kind, width - self.x - self.size, self.y, self.size, self.colour)


@dataclass(frozen=True)
class QrCode:
    """A QR code of `address` with lower-left (x, y), `side` points square with its quiet
    zone, its modules spanning `code` points (cardgen.render.qr encodes it once)."""

    address: str
    x: float
    y: float
    side: float
    code: float

    def moved(self, dx: float, dy: float) -> QrCode:
        return QrCode(self.address, self.x + dx, self.y + dy, self.side, self.code)

    def mirrored(self, width: float) -> QrCode:
        return QrCode(self.address, width - self.x - self.side, self.y, self.side, self.code)


@dataclass(frozen=True)
class Picture:
    """The deck's logo with lower-left (x, y), `width` x `height` points (its own
    proportions), in greys when `mono`."""

    logo: Logo
    x: float
    y: float
    width: float
    height: float
    mono: bool = False

    def moved(self, dx: float, dy: float) -> Picture:
        return Picture(self.logo, self.x + dx, self.y + dy, self.width, self.height, self.mono)

    def mirrored(self, width: float) -> Picture:
        """In the mirrored place, the logo itself unmirrored (as an icon is)."""
        return Picture(self.logo, width - self.x - self.width, self.y, self.width, self.height,
                       self.mono)


Placed = Text | Rule | Icon | QrCode | Picture


@dataclass(frozen=True)
class Page:
    """One booklet page: its 1-based number in reading order, what sort of page it is
    ("cover", "flow", "notes" or "back") and what is on it, in drawing order."""

    number: int
    kind: str
    items: tuple[Placed, ...]

    @property
    def texts(self) -> tuple[Text, ...]:
        """Its text blocks in reading order."""
        return tuple(item for item in self.items if isinstance(item, Text))

    def ink_margins(self, width: float) -> tuple[float, float]:
        """How far its nearest ink is from its left and right edges, on a page `width`
        points wide; the whole width both ways on a blank page."""
        spans = []
        for item in self.items:
            if isinstance(item, Text):
                spans.append((item.x, item.x + max((line.width for line in item.block.lines),
                                                   default=0.0)))
            elif isinstance(item, Rule):
                spans.append((min(item.x0, item.x1), max(item.x0, item.x1)))
            elif isinstance(item, Icon):
                spans.append((item.x, item.x + item.size))
            elif isinstance(item, QrCode):
                spans.append((item.x, item.x + item.side))
            elif isinstance(item, Picture):
                spans.append((item.x, item.x + item.width))
        if not spans:
            return (width, width)
        return (min(start for start, _ in spans), width - max(end for _, end in spans))

    def mirrored(self, width: float) -> Page:
        """The page as a right-to-left booklet has it (see the module's docstring)."""
        return Page(self.number, self.kind, tuple(item.mirrored(width) for item in self.items))


@dataclass(frozen=True)
class Booklet:
    """A deck laid out as booklet pages of `width` x `height` points, in reading order;
    `direction` "rtl" for a booklet that opens from the right (Arabic, Hebrew)."""

    pages: tuple[Page, ...]
    width: float
    height: float
    direction: Direction = "ltr"

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)


def draw_page(canvas, page: Page) -> None:
    """Draw `page` with its lower-left corner at the canvas's origin."""
    for item in page.items:
        if isinstance(item, Text):
            textlib.draw(canvas, item.block, item.x, item.top, item.colour)
        elif isinstance(item, Rule):
            canvas.saveState()
            canvas.setStrokeColor(item.colour)
            canvas.setLineWidth(item.width)
            canvas.line(item.x0, item.y0, item.x1, item.y1)
            canvas.restoreState()
        elif isinstance(item, Icon):
            canvas.saveState()
            canvas.setFillColor(item.colour)
            canvas.setStrokeColor(item.colour)
            draw_icon(canvas, item.kind, item.x, item.y, item.size)
            canvas.restoreState()
        elif isinstance(item, Picture):
            draw_logo(canvas, item.logo, item.x, item.y, item.width, item.height, item.mono)
        else:
            draw_qr(canvas, item.address, item.x, item.y, item.code)
