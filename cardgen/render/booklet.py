"""Booklet pages in reading order: cover, how to use, contents, a section per kind, back cover.

The pages are laid out by a small page flow of our own rather than platypus:
every piece of text is broken by cardgen.render.text (the only engine here with
per-glyph font fallback), so each height is known before anything is drawn. A
section is a list of units (an entry with its topic heading, a section heading
with the first entry) that are never split across pages; pagination is greedy,
and a unit that does not fit the rest of a page starts the next one. Only the
intro, which is running prose, may break between lines, and a help entry taller
than a whole page (on a zine panel) goes on over its QR code.

`booklet_pdf` returns the pages at the booklet's own size; cardgen.impose puts
them on printer sheets. All lengths are in PDF points, y grows upwards.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas

from cardgen.cards import Card
from cardgen.choices import BOOKLET_SIZES
from cardgen.deck import Deck
from cardgen.errors import CardgenError, DeckError, Position
from cardgen.fonts import FontSet, require_glyphs
from cardgen.kinds import ENTRY_KINDS, INSTRUCTIONS, Kind, Printed
from cardgen.render import text as textlib
from cardgen.render.icons import draw_icon
from cardgen.render.qr import qr_drawing
from cardgen.render.sheets import new_canvas
from cardgen.render.theme import Theme
from cardgen.typography import Span, parse_markup, smarten, styled
from cardgen.units import INCH, MM

SECTION_KINDS = ENTRY_KINDS  # a section each, in deck order
CONTENTS_OVER = 12  # booklets longer than this get a contents page
MADE_WITH = "Made with cardgen"

MARGIN = 11 * MM  # pages are trimmed and folded: nothing closer to an edge
SPINE = 14 * MM  # the inner margin: the fold and the staples take some of it
# A zine panel (about 70 x 108 mm) is folded, not stapled: narrower margins leave
# it lines of more than three words.
NARROW_PAGE = 90 * MM
NARROW_MARGIN, NARROW_SPINE = 10 * MM, 11 * MM
QR_CODE = 22 * MM  # the code's modules alone: phones need 2 cm or more
QR_LARGE = 26 * MM
BAR = 2.0  # the rule beside each half of a reframe
INDENT = 9.0  # text beside a rule starts this far right of the rule
_EPSILON = 1e-6

# Words the booklet prints that a deck's labels do not cover; English otherwise.
_WORDS = {
    "en": ("Contents", "Version"),
    "es": ("Contenido", "Versión"),
    "fr": ("Sommaire", "Version"),
    "de": ("Inhalt", "Version"),
    "pt": ("Sumário", "Versão"),
    "ar": ("المحتويات", "الإصدار"),
    "zh": ("目录", "版本"),
}


class BookletTooLong(CardgenError):
    """The chosen cards need more pages than a fixed-size booklet (the zine) has."""

    def __init__(self, needed: int, pages: int):
        self.needed = needed
        self.pages = pages
        super().__init__(
            f"the booklet needs {needed} pages but this layout has only {pages}; "
            "print fewer cards with --only or --tag, or use --impose pocket")


@dataclass(frozen=True)
class Look:
    """How a role's text looks in the booklet: its size ("body", "small" or "phone"),
    style and colour ("ink", "muted" or "kind"), the space above it as a share of the
    body or small size, and a rule beside it ("rule" or "kind")."""

    size: str
    style: str = "regular"
    colour: str = "ink"
    gap: tuple[str, float] = ("small", 0.3)
    bar: str | None = None


# Each role a kind's words play (see cardgen.kinds), as it looks in the booklet. A
# topic is a heading where the topic changes; an address is set beside its QR code.
ROLES: dict[str, Look] = {
    "main": Look("body"),
    "note": Look("small", "italic", "muted", ("small", 0.35)),
    "said-label": Look("small", "bold", "muted"),
    "said": Look("body", "italic", "muted", ("small", 0.15), bar="rule"),
    "try-label": Look("small", "bold", "kind", ("small", 0.6)),
    "try": Look("body", gap=("small", 0.15), bar="kind"),
    "why": Look("small", "italic", "muted", ("small", 0.5)),
    "by": Look("small", "bold", gap=("small", 0.4)),
    "source": Look("small", "italic", "muted", ("small", 0.1)),
    "minutes": Look("small", "bold", "kind", ("small", 0.35)),
    "name": Look("body", "bold", gap=("body", 0.3)),
    "phone": Look("phone", "bold", "kind", ("body", 0.2)),
    "details": Look("body", gap=("body", 0.3)),
}


@dataclass(frozen=True)
class _Sizes:
    """Type sizes in points for one page size and theme."""

    body: float
    small: float  # topics, notes, labels, page numbers: never under 9 pt (14 pt in large print)

    @property
    def heading(self) -> float:
        return round(self.body * 1.45)

    @property
    def phone(self) -> float:
        return round(self.body * 1.4)


def _sizes(page_size: tuple[float, float], theme: Theme) -> _Sizes:
    roomy = min(page_size) >= 130 * MM  # A5 (148 mm) and half-letter (139.7 mm) have room
    if theme.large_print:
        return _Sizes(18.0 if roomy else 16.0, 14.0)
    return _Sizes(12.0, 10.0) if roomy else _Sizes(10.5, 9.0)


def size_name(page_size: tuple[float, float]) -> str:
    """How a message names a page size: "quarter-letter", or "100 x 150 mm"."""
    for name, size in BOOKLET_SIZES.items():
        if all(abs(a - b) < 0.01 for a, b in zip(size, page_size)):
            return name
    return f"{page_size[0] / MM:.0f} x {page_size[1] / MM:.0f} mm"


# --- the page flow -----------------------------------------------------------

Paint = Callable[[Canvas, float, float], None]  # (canvas, left, top)


@dataclass(frozen=True)
class _Part:
    """Something drawn in a unit: `height` points tall, `gap` points below the part above."""

    height: float
    paint: Paint
    gap: float = 0.0


@dataclass(frozen=True)
class _Unit:
    """Parts that stay on one page together; `gap` is the space above it on a page."""

    parts: tuple[_Part, ...]
    gap: float
    where: Position | None = None
    what: str = ""
    section: str | None = None  # the kind whose section heading this unit carries

    @property
    def height(self) -> float:
        return sum(part.height + (part.gap if i else 0.0) for i, part in enumerate(self.parts))


@dataclass(frozen=True)
class _Page:
    kind: str  # "cover", "flow", "blank" or "back"
    units: tuple[_Unit, ...] = ()


def booklet_pdf(deck: Deck, cards: Sequence[Card], fonts: FontSet, theme: Theme,
                page_size: tuple[float, float], pages_multiple: int = 4,
                exact_pages: int | None = None) -> tuple[bytes, int]:
    """The booklet of `cards` as PDF pages of `page_size` points, in reading order.

    Returns the PDF and its page count, a multiple of `pages_multiple`, or exactly
    `exact_pages`. Raises BookletTooLong when `exact_pages` are too few, and
    DeckError for an entry taller than a page or a character no font can draw.
    """
    book = _Booklet(deck, fonts, theme, page_size)
    intro = book.paginate(book.intro_units(cards))
    sections = [(kind, [c for c in cards if c.kind is kind]) for kind in SECTION_KINDS]
    units = [book.section_units(kind, chosen) for kind, chosen in sections if chosen]
    body = [page for section in units for page in book.paginate(section)]
    if exact_pages and 2 + len(intro) + len(body) > exact_pages:
        # A fixed page count is worth more than each section starting a page.
        body = book.paginate([unit for section in units for unit in section])
    needed = 2 + len(intro) + len(body)
    total = exact_pages or _round_up(needed, pages_multiple)
    contents: list[list[_Unit]] = []
    if total > CONTENTS_OVER:
        # Page numbers are right-aligned and never change a height, so the count of
        # contents pages is known before the numbers are.
        starts = [(u.section, index) for index, page in enumerate(body) for u in page if u.section]
        count = len(book.paginate(book.contents_units(starts)))
        first = 2 + len(intro) + count
        contents = book.paginate(book.contents_units([(k, first + i) for k, i in starts]))
        needed += len(contents)
        total = exact_pages or _round_up(needed, pages_multiple)
    if exact_pages and needed > exact_pages:
        raise BookletTooLong(needed, exact_pages)
    flow = [_Page("flow", tuple(units)) for units in (*intro, *contents, *body)]
    blanks = [_Page("blank")] * (total - needed)
    pages = [_Page("cover"), *flow, *blanks, _Page("back")]
    return book.render(pages), total


def _round_up(count: int, multiple: int) -> int:
    return -(-count // multiple) * multiple


class _Booklet:
    """Turns one deck into units and pages at one page size, and draws them."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, page_size: tuple[float, float]):
        self.deck, self.fonts, self.theme = deck, fonts, theme
        self.width, self.height = page_size
        self.name = size_name(page_size)
        self.sizes = _sizes(page_size, theme)
        self.words = _WORDS.get(deck.language.split("-")[0].lower(), _WORDS["en"])
        narrow = self.width < NARROW_PAGE
        self.margin, self.spine = (NARROW_MARGIN, NARROW_SPINE) if narrow else (MARGIN, SPINE)
        self.text_width = self.width - self.margin - self.spine
        self.top = self.height - self.margin
        self.bottom = self.margin + self.sizes.small * 2.2  # room for the page number
        self.room = self.top - self.bottom

    # --- text --------------------------------------------------------------

    def check(self, raw: str, where: Position | None, what: str) -> None:
        require_glyphs(self.fonts, raw, where, what)

    def block(self, raw: str, where: Position | None, what: str, size: float,
              style: str = "regular", width: float | None = None) -> textlib.Block:
        self.check(raw, where, what)
        spans = styled(parse_markup(smarten(raw, self.deck.language)), style)
        block = textlib.wrap(spans, self.fonts, size, width or self.text_width, self.deck.language)
        if block is None:
            raise DeckError(where, f"{what}: a word is too long for a line of a {self.name} "
                                   "booklet page",
                            "shorten the word, or break it with a hyphen")
        return block

    def text(self, raw: str, where: Position | None, what: str, size: float, style: str = "regular",
             colour=None, gap: float = 0.0, bar=None) -> _Part:
        """A part holding `raw` as wrapped text, with a rule of colour `bar` at its left."""
        indent = INDENT if bar is not None else 0.0
        block = self.block(raw, where, what, size, style, self.text_width - indent)
        colour = colour or self.theme.ink

        def paint(canvas: Canvas, left: float, top: float) -> None:
            textlib.draw(canvas, block, left + indent, top, colour)
            if bar is not None:
                canvas.saveState()
                canvas.setStrokeColor(bar)
                canvas.setLineWidth(BAR)
                x = left + BAR / 2
                canvas.line(x, top - block.size * 0.15, x, top - block.height + block.size * 0.05)
                canvas.restoreState()

        return _Part(block.height, paint, gap)

    def heading(self, kind: str, label: str, where: Position | None, size: float,
                colour=None, gap: float = 0.0) -> _Part:
        """A heading led by the kind's icon, so kinds stay apart without colour."""
        icon = size * 0.95
        shift = icon + size * 0.45
        block = self.block(label, where, "a label", size, "bold", self.text_width - shift)
        colour = colour or self.theme.colour(kind)

        def paint(canvas: Canvas, left: float, top: float) -> None:
            canvas.saveState()
            canvas.setFillColor(colour)
            canvas.setStrokeColor(colour)
            draw_icon(canvas, kind, left, top - size * 0.98, icon)
            canvas.restoreState()
            textlib.draw(canvas, block, left + shift, top, colour)

        return _Part(block.height, paint, gap)

    def label(self, kind: str) -> tuple[str, Position | None]:
        return self.deck.labels[kind], self.deck.spots.get("labels")

    # --- units ---------------------------------------------------------------

    def intro_units(self, cards: Sequence[Card]) -> list[_Unit]:
        """The intro's paragraphs under the instructions heading. Paragraphs are
        kept whole, except one taller than a page: it is prose, not a card."""
        card = next((c for c in cards if c.kind is INSTRUCTIONS), None)
        if card is None or not self.deck.intro:
            return []
        body, ink = self.sizes.body, self.theme.ink
        head = self.heading("instructions", *self.label("instructions"), self.sizes.heading)
        lines = int((self.room - head.height - body + _EPSILON) // (body * 1.25))
        units: list[_Unit] = []
        for paragraph in (p.strip() for p in self.deck.intro.split("\n\n")):
            if not paragraph:
                continue
            block = self.block(paragraph, card.where, "the intro", body)
            for start in range(0, len(block.lines), max(1, lines)):
                piece = textlib.Block(block.lines[start:start + lines], block.size, block.leading)
                part = _Part(piece.height, _drawer(piece, ink), body)
                parts = (part,) if units else (head, part)
                units.append(_Unit(parts, 0.0 if start else body * 0.7, card.where, "the intro"))
        return units

    def section_units(self, kind: Kind, cards: Sequence[Card]) -> list[_Unit]:
        """One unit per entry, in deck order; the first also carries the section heading.

        A topic heading is printed where the topic changes, in the same unit as the
        entry under it, so a heading never ends a page alone.
        """
        body, small = self.sizes.body, self.sizes.small
        units: list[_Unit] = []
        topic = None
        for card in cards:
            assert card.item is not None
            printed = card.kind.printed(card.item, self.deck.labels, self.deck.language)
            parts: list[_Part] = []
            heading = next((piece for piece in printed if piece.role == "topic"), None)
            item_topic = heading.text if heading else None
            new_topic = heading is not None and item_topic != topic
            if heading is not None and new_topic:
                parts.append(self.text(heading.text, self._where(card, heading), card.describe(),
                                       small, "bold", self.theme.colour(kind.name)))
            topic = item_topic or topic
            parts.extend(self.entry_parts(card, printed))
            units.append(_Unit(tuple(parts), body * (1.7 if new_topic else 1.1), card.where,
                               card.describe()))
        label, where = self.label(kind.name)
        head = self.heading(kind.name, label, where, self.sizes.heading)
        rule = _Part(body * 0.9, self._rule(kind.name, body * 0.45))
        first = units[0]
        units[0] = _Unit((head, rule, *first.parts), first.gap, first.where, first.what, kind.name)
        if kind.helpline:
            units = [piece for unit in units for piece in self._split_tall(unit)]
        return units

    def entry_parts(self, card: Card, printed: Sequence[Printed]) -> list[_Part]:
        """An entry's words in reading order, each in its role's look (the topic aside)."""
        sizes, theme = self.sizes, self.theme
        kind_colour = theme.colour(card.kind.name)
        colours = {"ink": theme.ink, "muted": theme.muted, "kind": kind_colour}
        bars = {"rule": theme.rule, "kind": kind_colour}
        what = card.describe()
        parts = []
        for piece in printed:
            if piece.role == "topic":
                continue
            where = self._where(card, piece)
            if piece.role == "address":
                parts.append(self._address(piece.text, where, what))
                continue
            look = ROLES[piece.role]
            size = {"body": sizes.body, "small": sizes.small, "phone": sizes.phone}[look.size]
            unit, share = look.gap
            gap = (sizes.body if unit == "body" else sizes.small) * share
            parts.append(self.text(piece.text, where, "a label" if piece.label else what, size,
                                   look.style, colours[look.colour], gap,
                                   bars[look.bar] if look.bar else None))
        return parts

    def _where(self, card: Card, piece: Printed) -> Position | None:
        """Where a piece of a card's words is written in the deck file."""
        if piece.label:
            return self.deck.spots.get("labels")
        return card.item.spots.get(piece.key, card.where) if card.item else card.where

    def _split_tall(self, unit: _Unit) -> list[_Unit]:
        """A help entry taller than a page (a zine panel) may go on over its QR code:
        a split helpline beats none. Prompts, reframes and quotes never split."""
        if unit.height <= self.room + _EPSILON or len(unit.parts) < 2:
            return [unit]
        last = unit.parts[-1]
        rest = _Unit((last,), last.gap, unit.where, unit.what)
        return [replace(unit, parts=unit.parts[:-1]), rest]

    def _rule(self, kind: str, drop: float) -> Paint:
        colour = self.theme.colour(kind)

        def paint(canvas: Canvas, left: float, top: float) -> None:
            canvas.saveState()
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(1.0)
            canvas.line(left, top - drop, left + self.text_width, top - drop)
            canvas.restoreState()

        return paint

    def _address(self, url: str, where: Position | None, what: str) -> _Part:
        """The address as text beside its QR code (below it when the page is narrow)."""
        self.check(url, where, what)
        small = self.sizes.small
        drawing, side = qr_drawing(url, QR_LARGE if self.theme.large_print else QR_CODE)
        beside = self.text_width - side - small >= 9 * small
        width = self.text_width - side - small if beside else self.text_width
        # Break only after / . - ? & so the address never gains a hyphen it does not have.
        block = textlib.wrap([Span(_url_lines(url, self.fonts, small, width), "regular")],
                             self.fonts, small, width, "zxx")
        if block is None:
            raise DeckError(where, f"{what}: the address is too long for a {self.name} "
                                   "booklet page")
        muted = self.theme.muted

        def paint(canvas: Canvas, left: float, top: float) -> None:
            renderPDF.draw(drawing, canvas, left, top - side)
            if beside:
                textlib.draw(canvas, block, left + side + small, top - side * 0.06, muted)
            else:
                textlib.draw(canvas, block, left, top - side - small * 0.3, muted)

        height = max(side, block.height) if beside else side + small * 0.3 + block.height
        return _Part(height, paint, self.sizes.body * 0.6)

    def contents_units(self, starts: Sequence[tuple[str, int]]) -> list[_Unit]:
        """The contents: each section's heading and the number of the page it starts on."""
        size = self.sizes.body
        title = self.text(self.words[0], None, "the contents heading", self.sizes.heading, "bold")
        units = []
        for index, (kind, page) in enumerate(starts):
            label, where = self.label(kind)
            entry = self.heading(kind, label, where, size, colour=self.theme.ink, gap=size * 1.2)
            number = self.block(str(page), None, "a page number", size)

            def paint(canvas: Canvas, left: float, top: float, entry=entry, number=number) -> None:
                entry.paint(canvas, left, top)
                x = left + self.text_width - number.lines[0].width
                textlib.draw(canvas, number, x, top, self.theme.ink)

            part = _Part(max(entry.height, number.height), paint, entry.gap)
            units.append(_Unit((title, part) if index == 0 else (part,), size * 0.5))
        return units

    # --- pages ---------------------------------------------------------------

    def paginate(self, units: Sequence[_Unit]) -> list[list[_Unit]]:
        """Greedy pages: a unit that does not fit below the last one starts a page."""
        pages: list[list[_Unit]] = []
        used = 0.0
        for unit in units:
            height = unit.height
            if height > self.room + _EPSILON:
                raise self._too_long(unit, height)
            if pages and used + unit.gap + height <= self.room + _EPSILON:
                pages[-1].append(unit)
                used += unit.gap + height
            else:
                pages.append([unit])
                used = height
        return pages

    def _too_long(self, unit: _Unit, height: float) -> DeckError:
        hint = "shorten it, or split it into two entries"
        if self.name in ("a6", "quarter-letter"):
            hint += ", or use a larger booklet: --booklet-size a5 or half-letter"
        message = (f"{unit.what} is too long for a {self.name} booklet page: it needs "
                   f"{height:.0f} pt and a page has {self.room:.0f} pt")
        return DeckError(unit.where, message, hint)

    def render(self, pages: Sequence[_Page]) -> bytes:
        deck = self.deck
        buffer = io.BytesIO()
        subject = deck.subtitle or "Conversation cards"
        canvas = new_canvas(buffer, (self.width, self.height), deck.title, deck.author or "",
                            f"{subject}. Booklet pages in reading order.", "none")
        cover, back = self._cover(), self._back()
        for index, page in enumerate(pages):
            number = index + 1
            # Odd pages are right-hand pages: their spine is on the left.
            left = self.spine if number % 2 else self.margin
            if page.kind == "cover":
                cover(canvas, left)
            elif page.kind == "back":
                back(canvas, left)
            elif page.kind == "flow":
                self._flow(canvas, page.units, left)
                self._page_number(canvas, number)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def _flow(self, canvas: Canvas, units: Sequence[_Unit], left: float) -> None:
        top = self.top
        for i, unit in enumerate(units):
            top -= unit.gap if i else 0.0
            for j, part in enumerate(unit.parts):
                top -= part.gap if j else 0.0
                part.paint(canvas, left, top)
                top -= part.height

    def _page_number(self, canvas: Canvas, number: int) -> None:
        """The number in the outer corner, where a thumb flicking pages sees it."""
        block = self.block(str(number), None, "a page number", self.sizes.small)
        width = block.lines[0].width
        x = self.width - self.margin - width if number % 2 else self.margin
        textlib.draw(canvas, block, x, self.margin + block.leading, self.theme.muted)

    def _cover(self) -> Callable[[Canvas, float], None]:
        """Title, subtitle and the kinds' icons on the front; the version at the foot."""
        deck, spots, body = self.deck, self.deck.spots, self.sizes.body
        subtitle = (self.block(deck.subtitle, spots.get("subtitle"), "the subtitle", body * 1.25)
                    if deck.subtitle else None)
        version = self._version()
        kinds = [k.name for k in SECTION_KINDS if deck.entries.get(k.name)]
        icon = body * 2.0
        title_top = self.height - self.margin - self.height * 0.12 - icon - body * 2.5
        below = body * 1.5 + (subtitle.height + body * 0.9 if subtitle else 0.0)
        foot = self.margin + (version.height + body if version else 0.0)
        title = self._fit_title(deck.title, spots.get("title"), title_top - below - foot)

        def paint(canvas: Canvas, left: float) -> None:
            top = title_top + icon + body * 2.5
            for i, kind in enumerate(kinds):
                canvas.saveState()
                canvas.setFillColor(self.theme.colour(kind))
                canvas.setStrokeColor(self.theme.colour(kind))
                draw_icon(canvas, kind, left + i * icon * 1.5, top - icon, icon)
                canvas.restoreState()
            textlib.draw(canvas, title, left, title_top, self.theme.ink)
            top = title_top - title.height - body * 0.6
            canvas.saveState()
            canvas.setStrokeColor(self.theme.colour("instructions"))
            canvas.setLineWidth(2.0)
            canvas.line(left, top, left + self.text_width * 0.4, top)
            canvas.restoreState()
            if subtitle:
                textlib.draw(canvas, subtitle, left, top - body * 0.9, self.theme.muted)
            if version:
                textlib.draw(canvas, version, left, self.margin + version.height, self.theme.muted)

        return paint

    def _fit_title(self, title: str, where: Position | None, height: float) -> textlib.Block:
        """The title at the largest size that sets every word whole: a hyphen in
        the cover's title reads as a mistake."""
        self.check(title, where, "the title")
        spans = styled(parse_markup(smarten(title, self.deck.language)), "bold")
        body = self.sizes.body
        widest = max(self.fonts.width(word, "bold", 1.0) for word in title.split())
        sizes = [size for size in (round(body * f) for f in (2.4, 2.1, 1.8, 1.5, 1.3))
                 if widest * size <= self.text_width] or [round(body * 1.3)]
        block = textlib.fit(spans, self.fonts, sizes, self.text_width, height,
                            self.deck.language, leading=1.15)
        if block is None:
            raise DeckError(where, f"the title is too long for the cover of a {self.name} booklet",
                            "shorten the title, and move the rest to `subtitle:`")
        return block

    def _version(self) -> textlib.Block | None:
        if not self.deck.version:
            return None
        return self.block(f"{self.words[1]} {self.deck.version}", self.deck.spots.get("version"),
                          "the version", self.sizes.small)

    def _back(self) -> Callable[[Canvas, float], None]:
        """Who made the deck and under what licence, at the foot of the back cover."""
        deck, spots, body, small = self.deck, self.deck.spots, self.sizes.body, self.sizes.small
        lines = [self.block(deck.title, spots.get("title"), "the title", body, "bold")]
        for key, value in (("author", deck.author), ("license", deck.license)):
            if value:
                lines.append(self.block(value, spots.get(key), f"the {key}", small))
        version = self._version()
        if version:
            lines.append(version)
        lines.append(self.block(MADE_WITH, None, "the colophon", small))

        def paint(canvas: Canvas, left: float) -> None:
            top = self.margin + sum(b.height for b in lines) + small * 0.4 * (len(lines) - 1)
            for index, block in enumerate(lines):
                colour = self.theme.ink if index == 0 else self.theme.muted
                textlib.draw(canvas, block, left, top, colour)
                top -= block.height + small * 0.4

        return paint


def _drawer(block: textlib.Block, colour) -> Paint:
    def paint(canvas: Canvas, left: float, top: float) -> None:
        textlib.draw(canvas, block, left, top, colour)
    return paint


def _url_lines(url: str, fonts: FontSet, size: float, width: float) -> str:
    """`url` with line breaks after / . - ? & where it would overrun `width`."""
    pieces, current = [], ""
    for char in url:
        current += char
        if char in "/.-?&=":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    lines = [""]
    for piece in pieces:
        if lines[-1] and fonts.width(lines[-1] + piece, "regular", size) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)
