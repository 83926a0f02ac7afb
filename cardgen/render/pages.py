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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color

from cardgen.deck.logo import Logo
from cardgen.layout.booklet import Direction
from cardgen.render.icons import draw_icon
from cardgen.render.logo import draw_logo
from cardgen.render.qr import draw_qr
from cardgen.render.tagging import Element, Tags
from cardgen.text import blocks as textlib

# (x0, y0, x1, y1) in points.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Tag:
    """Where a placed thing sits in the structure tree: `path` is the (structure type,
    name) of each element from the document's child down to its own; the same path on
    several items (an entry's words, a paragraph that goes on over a page) is the same
    element. For that element: `lang` its language where it is not the booklet's, `alt`
    a figure's description, `said` its words whole in reading order where the printed
    ones are not (a hyphenated word, right-to-left lines laid out for the eye), `link`
    the address its words open (they are then a Link) and `heard` what a reader hears
    of that link. An empty path: page furniture."""

    path: tuple[tuple[str, str], ...]
    lang: str | None = None
    alt: str | None = None
    said: str | None = None
    link: str | None = None
    heard: str | None = None

    def under(self, kind: str, name: str) -> Tag:
        """A tag for a child of this tag's element."""
        return Tag((*self.path, (kind, name)))


PAGINATION = Tag(())  # page numbers: a reader skips them


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
    tag: Tag | None = None

    def moved(self, dx: float, dy: float) -> Text:
        return Text(self.block, self.x + dx, self.top + dy, self.colour, self.what,
                    self.own_direction, self.tag)

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
                    self.own_direction, self.tag)

    @property
    def words(self) -> str:
        """The characters it prints in reading order, lines joined by line breaks."""
        return "\n".join(line.text if line.text is not None
                         else "".join(piece.text for piece in line.pieces)
                         for line in self.block.lines)

    @property
    def box(self) -> Box:
        """The rectangle its lines take."""
        block = self.block
        lefts = [self.x + block.offset(line) for line in block.lines] or [self.x]
        rights = [left + line.width for left, line in zip(lefts, block.lines)] or [self.x]
        bottom = self.top - block.size - (len(block.lines) - 1) * block.leading
        return (min(lefts), bottom - block.size * 0.25, max(rights), self.top)


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
    tag: Tag | None = None

    def moved(self, dx: float, dy: float) -> QrCode:
        return QrCode(self.address, self.x + dx, self.y + dy, self.side, self.code, self.tag)

    def mirrored(self, width: float) -> QrCode:
        return QrCode(self.address, width - self.x - self.side, self.y, self.side, self.code,
                      self.tag)


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
    tag: Tag | None = None

    def moved(self, dx: float, dy: float) -> Picture:
        return Picture(self.logo, self.x + dx, self.y + dy, self.width, self.height, self.mono,
                       self.tag)

    def mirrored(self, width: float) -> Picture:
        """In the mirrored place, the logo itself unmirrored (as an icon is)."""
        return Picture(self.logo, width - self.x - self.width, self.y, self.width, self.height,
                       self.mono, self.tag)


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
    `direction` "rtl" for a booklet that opens from the right (Arabic, Hebrew); its words
    in `language`."""

    pages: tuple[Page, ...]
    width: float
    height: float
    direction: Direction = "ltr"
    language: str = "en"  # the deck's (a BCP 47 tag): the tagged PDF's

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)


@dataclass(frozen=True)
class Link:
    """Words that open `url`: their element (a Link), their `box` on the page, and how a
    reader hears the annotation (`description`)."""

    element: Element
    url: str
    box: Box
    description: str


class Structure:
    """A booklet's structure tree, made in reading order from its pages' tags on the
    canvas's `Tags`, and each tag's element."""

    def __init__(self, tags: Tags, pages: Sequence[Page]):
        self._elements: dict[tuple[tuple[str, str], ...], Element] = {}
        for page in pages:
            for tag in _tags(page):
                parent = None
                for depth in range(1, len(tag.path) + 1):
                    path = tag.path[:depth]
                    element = self._elements.get(path)
                    if element is None:
                        leaf = depth == len(tag.path)
                        element = tags.add(path[-1][0], parent,
                                           lang=tag.lang if leaf else None,
                                           alt=tag.alt if leaf else None,
                                           actual=tag.said if leaf else None)
                        self._elements[path] = element
                    parent = element

    def element(self, tag: Tag | None) -> Element | None:
        """The element of `tag`; None for decoration."""
        return self._elements[tag.path] if tag is not None and tag.path else None


class Drawer:
    """Draws a booklet's pages for cardgen.render.impose: on the first call the structure
    tree is made from all the pages, in reading order, whatever order the sheets take."""

    def __init__(self, booklet: Booklet):
        self.booklet = booklet
        self.structure: Structure | None = None

    def __call__(self, canvas, index: int, marked: bool = True) -> list[Link]:
        tags = getattr(canvas, "tags", None)
        if self.structure is None and tags is not None:
            self.structure = Structure(tags, self.booklet.pages)
        return draw_page(canvas, self.booklet.pages[index], self.structure if marked else None)


def _tags(page: Page) -> Iterator[Tag]:
    for item in page.items:
        tag = getattr(item, "tag", None)
        if tag is not None and tag.path:
            yield tag


def draw_page(canvas, page: Page, structure: Structure | None = None) -> list[Link]:
    """Draw `page` with its lower-left corner at the canvas's origin; return its links.

    On a tagged canvas, each item with an element in `structure` is that element's
    content and everything else decoration: all of it without a `structure` (a second
    copy of a page on a sheet, a picture of a page)."""
    tags: Tags | None = getattr(canvas, "tags", None)
    links: list[Link] = []
    for item in page.items:
        element = structure.element(getattr(item, "tag", None)) if structure else None
        if isinstance(item, Text):
            furniture = tags if item.tag is PAGINATION else None
            if furniture is not None:
                furniture.artifact(kind="Pagination")
            textlib.draw(canvas, item.block, item.x, item.top, item.colour, element)
            if furniture is not None:
                furniture.end()
            if element is not None and item.tag is not None and item.tag.link:
                links.append(Link(element, item.tag.link, item.box, _described(item)))
            continue
        if tags is not None:
            if element is not None:
                tags.begin(element)
            else:
                tags.artifact()
        _draw_shape(canvas, item)
        if tags is not None:
            tags.end()
    return links


def _described(text: Text) -> str:
    """How a reader hears a link: as its tag says ("Web address: ..." in the booklet's
    language: render.setter.link_tag), else its words as printed."""
    if text.tag is not None and text.tag.heard:
        return text.tag.heard
    return " ".join(text.words.split())


def _draw_shape(canvas, item: Placed) -> None:
    if isinstance(item, Rule):
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
    elif isinstance(item, QrCode):
        draw_qr(canvas, item.address, item.x, item.y, item.code)
