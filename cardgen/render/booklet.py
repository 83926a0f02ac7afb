"""Booklet pages in reading order, as data: cover, how to use, contents, a section per kind,
back cover.

`lay_out` turns the chosen cards into a `Booklet` of pages of placed items (see
cardgen.render.pages), which cardgen.render.impose draws and cardgen.verify.booklet reads back. The
pages come from a small page flow of our own rather than platypus: a section is a
list of units (an entry with its topic heading, a section heading with the first
entry) that are never split across pages; pagination is greedy, and a unit that does
not fit the rest of a page starts the next one. Only the intro, which is running
prose, may break between lines, and so may the note of a helpline taller than a whole
page (on a zine panel), which then goes on after its QR code. All lengths are in PDF
points, y grows upwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from reportlab.lib.colors import Color

from cardgen.deck.cards import Card
from cardgen.deck.kinds import ENTRY_KINDS, INSTRUCTIONS, Kind, Printed
from cardgen.deck.model import Deck
from cardgen.errors import CardgenError, DeckError, Position
from cardgen.render.bilingual import Pairing, Said, said
from cardgen.render.covers import back_cover, contents_units, cover, cover_logo, notes_page
from cardgen.render.pages import Booklet, Page, Placed, QrCode, Tag, Text
from cardgen.render.qr import qr_side
from cardgen.render.setter import (
    EPSILON,
    Part,
    Setter,
    Unit,
    address_tags,
    paragraph_tag,
    stack,
    url_lines,
)
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet
from cardgen.text.scripts import language_is_rtl
from cardgen.text.typography import Span
from cardgen.units import MM

SECTION_KINDS = ENTRY_KINDS  # a section each, in deck order
CONTENTS_OVER = 12  # booklets longer than this get a contents page
QR_CODE = 22 * MM  # the code's modules alone: phones need 2 cm or more
QR_LARGE = 26 * MM
# A helpline's words that may go on over a page when the entry is taller than one: its note.
FLOWING = frozenset({"details"})
# Words an entry does not print with the rest: a topic is a heading where the topic changes,
# and when a number was checked is on the back cover (render.covers).
APART = frozenset({"topic", "checked"})


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


# Each role a kind's words play (see cardgen.deck.kinds), as it looks in the booklet. A
# topic is a heading where the topic changes; an address is set beside its QR code.
ROLES: dict[str, Look] = {
    "main": Look("body"),
    "note": Look("small", "regular", "muted", ("small", 0.35)),
    "said-label": Look("small", "bold", "muted"),
    "said": Look("body", "italic", "muted", ("small", 0.15), bar="rule"),
    "try-label": Look("small", "bold", "kind", ("small", 0.6)),
    "try": Look("body", gap=("small", 0.15), bar="kind"),
    "why": Look("small", "regular", "muted", ("small", 0.5)),
    "by": Look("small", "bold", gap=("small", 0.4)),
    "source": Look("small", "italic", "muted", ("small", 0.1)),
    "minutes": Look("small", "bold", "kind", ("small", 0.35)),
    "name": Look("body", "bold", gap=("body", 0.3)),
    "phone": Look("phone", "bold", "kind", ("body", 0.2)),
    "sms": Look("body", "bold", "kind", ("body", 0.2)),
    "details": Look("body", gap=("body", 0.3)),
    "content-note": Look("small", "italic", "muted", ("small", 0.2)),
}


def lay_out(deck: Deck, cards: Sequence[Card], fonts: FontSet, theme: Theme,
            page_size: tuple[float, float], pages_multiple: int = 4,
            exact_pages: int | None = None, pairing: Pairing | None = None) -> Booklet:
    """The booklet of `cards` as pages of `page_size` points, in reading order.

    It has a multiple of `pages_multiple` pages, or exactly `exact_pages`. Raises
    BookletTooLong when `exact_pages` are too few, and DeckError for an entry taller
    than a page or a character no font can draw. With a `pairing` (bilingual), each
    entry has its source's words beneath its own, a size smaller.
    """
    setter = Setter(deck, fonts, theme, page_size, pairing)
    flow = _Flow(setter)
    intro = flow.paginate(flow.intro_units(cards))
    sections = [(kind, [c for c in cards if c.kind is kind]) for kind in SECTION_KINDS]
    units = [flow.section_units(kind, chosen) for kind, chosen in sections if chosen]
    body = flow.paginate_sections(units)
    if exact_pages and 2 + len(intro) + len(body) > exact_pages:
        # A fixed page count is worth more than a good place for a section to start.
        body = flow.paginate([unit for section in units for unit in section])
    needed = 2 + len(intro) + len(body)
    total = exact_pages or _round_up(needed, pages_multiple)
    contents: list[list[Unit]] = []
    if total > CONTENTS_OVER:
        # Page numbers are right-aligned and never change a height, so the count of
        # contents pages is known before the numbers are.
        starts = _starts(body)
        count = len(flow.paginate(contents_units(setter, starts)))
        first = 2 + len(intro) + count
        contents = flow.paginate(contents_units(setter, [(k, first + i) for k, i in starts]))
        needed += len(contents)
        total = exact_pages or _round_up(needed, pages_multiple)
    if exact_pages and needed > exact_pages:
        raise BookletTooLong(needed, exact_pages)
    flowing = (*intro, *contents, *body)
    helplines = [card for card in cards if card.kind.helpline and card.item is not None]
    help_page = next((2 + len(intro) + len(contents) + index for kind, index in _starts(body)
                      if kind in {card.kind.name for card in helplines}), None)
    return _pages(setter, flowing, total, helplines, help_page)


def _pages(setter: Setter, flowing: Sequence[Sequence[Unit]], total: int,
           helplines: Sequence[Card], help_page: int | None) -> Booklet:
    """The cover, the flowing pages, notes pages up to `total`, and the back cover."""
    front = cover(setter, setter.left(1), cover_logo(setter, setter.left(1)))
    pages = [Page(1, "cover", tuple(front))]
    for number, page_units in enumerate(flowing, start=2):
        items = stack(page_units, setter.left(number), setter.top)
        pages.append(Page(number, "flow", (*items, setter.page_number(number))))
    # Pages that pad the count are for the reader's own notes: no page is blank.
    pages += [Page(number, "notes", tuple(notes_page(setter, number)))
              for number in range(len(flowing) + 2, total)]
    back = back_cover(setter, setter.left(total), helplines, help_page)
    pages.append(Page(total, "back", tuple(back)))
    if language_is_rtl(setter.deck.language):
        # Laid out for a book that opens from the left, then seen in a mirror.
        pages = [page.mirrored(setter.width) for page in pages]
        return Booklet(tuple(pages), setter.width, setter.height, "rtl", setter.deck.language)
    return Booklet(tuple(pages), setter.width, setter.height, "ltr", setter.deck.language)


def _starts(body: Sequence[Sequence[Unit]]) -> list[tuple[str, int]]:
    """Each section's kind and the index of the body page it starts on."""
    return [(u.section, index) for index, page in enumerate(body) for u in page if u.section]


def _round_up(count: int, multiple: int) -> int:
    return -(-count // multiple) * multiple


class _Flow:
    """Turns one deck's intro and entries into units, and units into pages."""

    def __init__(self, setter: Setter):
        self.setter = setter
        self.deck = setter.deck
        self._lone_headings: list[Unit] = []  # section headings parted from their first entry

    def intro_units(self, cards: Sequence[Card]) -> list[Unit]:
        """The intro's paragraphs under the instructions heading. Paragraphs are
        kept whole, except one taller than a page: it is prose, not a card. In a bilingual
        booklet the source's intro follows, as its words follow every entry's: a size
        smaller, muted, in its own language and direction."""
        card = next((c for c in cards if c.kind is INSTRUCTIONS), None)
        setter = self.setter
        if card is None or not self.deck.intro:
            return []
        body, theme = setter.sizes.body, setter.theme
        section = Tag((("Sect", "intro"),))
        head = setter.heading("instructions", *setter.label("instructions"), setter.sizes.heading,
                              tag=section.under("H", "heading"))
        what = card.describe()
        intros: list[tuple[str, str | None, float, Color, Position]] = [
            (self.deck.intro, None, body, theme.ink, card.where)]
        source = setter.pairing.source if setter.pairing else None
        if source is not None and source.intro:
            intros.append((source.intro, source.language, setter.sizes.small, theme.muted,
                           source.spots.get("intro", card.where)))
        units: list[Unit] = []
        for intro, language, size, colour, where in intros:
            first = True  # a language's first paragraph: a body's space from the one above
            for paragraph in (p.strip() for p in intro.split("\n\n")):
                if not paragraph:
                    continue
                block = setter.block(paragraph, where, "the intro", size, language=language)
                tag = setter.tagged(block, section.under("P", f"{len(units)}"), language)
                lines = int((setter.room - head.height - size + EPSILON) // block.leading)
                for start in range(0, len(block.lines), max(1, lines)):
                    piece = textlib.Block(block.lines[start:start + lines], block.size,
                                          block.leading, width=block.width)
                    text = Text(piece, 0.0, 0.0, colour, what, language is not None, tag)
                    part = Part(piece.height, (text,), size)
                    parts = (part,) if units else (head, part)
                    gap = 0.0 if start else (body if first and units else size * 0.7)
                    units.append(Unit(parts, gap, where, "the intro"))
                first = False
        return units

    def section_units(self, kind: Kind, cards: Sequence[Card]) -> list[Unit]:
        """One unit per entry, in deck order; the first also carries the section heading.

        A topic heading is printed where the topic changes, in the same unit as the
        entry under it, so a heading never ends a page alone.
        """
        setter = self.setter
        body, small = setter.sizes.body, setter.sizes.small
        units: list[Unit] = []
        notes: list[list[Part]] = []  # each entry's parts that may go on over a page
        topic = None
        # A section for the kind, its heading, then a section for each entry in it.
        section = Tag((("Sect", kind.name),))
        for index, card in enumerate(cards):
            entry_tag = section.under("Sect", str(index))
            assert card.item is not None
            words = setter.pairing.said(card) if setter.pairing else said(card, self.deck)
            printed = [spoken.piece for spoken in words]
            parts: list[Part] = []
            heading = next((piece for piece in printed if piece.role == "topic"), None)
            item_topic = heading.text if heading else None
            new_topic = heading is not None and item_topic != topic
            if heading is not None and new_topic:
                parts.append(setter.text(heading.text, self._where(card, heading), card.describe(),
                                         small, "bold", setter.theme.colour(kind.name),
                                         tag=entry_tag.under("H", "topic")))
            topic = item_topic or topic
            entry = self.entry_parts(card, words, tag=entry_tag)
            if kind.helpline and Unit(tuple(entry), 0.0).height > setter.room + EPSILON:
                entry = self.entry_parts(card, words, compact=True, tag=entry_tag)
            roles = [piece.role for piece in printed if piece.role not in APART]
            notes.append([part for part, role in zip(entry, roles) if role in FLOWING])
            parts.extend(entry)
            named = setter.pairing.describe(card) if setter.pairing else card.describe()
            units.append(Unit(tuple(parts), body * (1.7 if new_topic else 1.1), card.where, named))
        label, where = setter.label(kind.name)
        head = setter.heading(kind.name, label, where, setter.sizes.heading,
                              tag=section.under("H", "heading"))
        rule = setter.rule(kind.name, body * 0.9, body * 0.45)
        first = units[0]
        # A section that starts under another one needs more room above its heading.
        units[0] = Unit((head, rule, *first.parts), body * 2.2, first.where, first.what, kind.name)
        if kind.helpline:
            units = [piece for unit, note in zip(units, notes)
                     for piece in self._keep_whole(unit, note)]
        return units

    def entry_parts(self, card: Card, words: Sequence[Said], compact: bool = False,
                    tag: Tag | None = None) -> list[Part]:
        """An entry's words in reading order, each in its role's look (APART aside); the
        source's words on a bilingual entry a size smaller, muted, in their language.
        `compact` sets the address beside its QR code however narrow the page: it keeps
        a helpline too tall for a zine panel on one page. `tag`: the entry's element."""
        setter = self.setter
        sizes, theme = setter.sizes, setter.theme
        kind_colour = theme.colour(card.kind.name)
        colours = {"ink": theme.ink, "muted": theme.muted, "kind": kind_colour}
        bars = {"rule": theme.rule, "kind": kind_colour}
        what = card.describe()
        quote = any(spoken.piece.role == "by" for spoken in words)
        parts = []
        for spoken in words:
            piece = spoken.piece
            if piece.role in APART:
                continue
            where = self._where(card, piece, spoken)
            paragraph = paragraph_tag(tag, spoken, quote) if tag is not None else None
            if piece.role == "address":
                parts.append(self._address(piece.text, where, what, piece.link, compact,
                                           paragraph))
                continue
            look = ROLES[piece.role]
            if spoken.under:
                look = replace(look, size="small" if look.size == "body" else look.size,
                               colour="muted", gap=("small", 0.15))
            size = {"body": sizes.body, "small": sizes.small, "phone": sizes.phone}[look.size]
            unit, share = look.gap
            gap = (sizes.body if unit == "body" else sizes.small) * share
            parts.append(setter.text(piece.text, where, "a label" if piece.label else what, size,
                                     look.style, colours[look.colour], gap,
                                     bars[look.bar] if look.bar else None,
                                     "" if piece.label else what, spoken.language, paragraph))
        return parts

    def _where(self, card: Card, piece: Printed, spoken: Said | None = None) -> Position | None:
        """Where a piece of a card's words is written in the deck file (or its source's)."""
        if spoken is not None and spoken.spots is not None:
            return spoken.spots.get(piece.key, card.where)
        if piece.label:
            return self.deck.spots.get("labels")
        return card.item.spots.get(piece.key, card.where) if card.item else card.where

    def _keep_whole(self, unit: Unit, notes: Sequence[Part]) -> list[Unit]:
        """A helpline entry as units that each fit a page. Whoever reads or tears out the
        page needs the name, the number, the note, the QR code and its address together.

        Too tall with its section's heading over it, the entry goes on a page of its own
        and the heading stays under the section before (`paginate_sections`). Taller
        than a page on its own, it keeps everything but its `notes` together, and the
        notes go on after its address, a page's worth at a time: a helpline in a
        fixed-size booklet (a zine panel) beats none.
        """
        room = self.setter.room + EPSILON
        if unit.height <= room:
            return [unit]
        lead = unit.parts[:2] if unit.section else ()  # the section's heading and rule
        entry = Unit(unit.parts[len(lead):], self.setter.sizes.body * 1.1, unit.where, unit.what)
        if entry.height > room:
            kept = tuple(part for part in entry.parts if all(part is not n for n in notes))
            entry = replace(entry, parts=kept)
        units = [entry]
        if lead and Unit((*lead, *entry.parts), 0.0).height <= room:
            units = [replace(unit, parts=(*lead, *entry.parts))]
        elif lead:
            heading = Unit(lead, unit.gap, unit.where, unit.what, unit.section)
            self._lone_headings.append(heading)
            units.insert(0, heading)
        if len(entry.parts) < len(unit.parts) - len(lead):
            units += [piece for note in notes for piece in self._flowing(note, unit)]
        return units

    def _flowing(self, note: Part, unit: Unit) -> list[Unit]:
        """`note` as units of as many of its lines as a page holds."""
        text = next(item for item in note.items if isinstance(item, Text))
        block = text.block
        lines = max(1, int((self.setter.room + EPSILON) // block.leading))
        pieces = []
        for start in range(0, len(block.lines), lines):
            piece = block._replace(lines=block.lines[start:start + lines])
            part = Part(piece.height, (replace(text, block=piece),))
            pieces.append(Unit((part,), note.gap, unit.where, unit.what))
        return pieces

    def _address(self, url: str, where: Position | None, what: str,
                 link: str | None = None, compact: bool = False,
                 tag: Tag | None = None) -> Part:
        """The address as text beside its QR code (below it when the page is narrow,
        unless `compact`); the code opens `link` (a `tel:` address as dialled), the
        address as written if none; `tag` is its paragraph (setter.address_tags)."""
        setter = self.setter
        setter.check(url, where, what)
        small = setter.sizes.small
        code = QR_LARGE if setter.theme.large_print else QR_CODE
        side = qr_side(link or url, code)
        beside = setter.text_width - side - small >= (5 if compact else 9) * small
        width = setter.text_width - side - small if beside else setter.text_width
        # Broken as an address (text.urls): it never gains a hyphen it does not have.
        block = textlib.wrap([Span(url_lines(url, setter.fonts, small, width), "regular")],
                             setter.fonts, small, width, "zxx")
        if block is None:
            raise DeckError(where, f"{what}: the address is too long for a {setter.name} "
                                   "booklet page")
        muted = setter.theme.muted
        opens = link or url
        words, figure = address_tags(tag, url, opens, setter.words)
        # The address first, read before the code it is printed beside.
        at = (side + small, -side * 0.06) if beside else (0.0, -side - small * 0.3)
        items: list[Placed] = [Text(block, *at, muted, what, tag=words)]
        items.append(QrCode(opens, 0.0, -side, side, code, figure))
        height = max(side, block.height) if beside else side + small * 0.3 + block.height
        return Part(height, tuple(items), setter.sizes.body * 0.6)

    def paginate_sections(self, sections: Sequence[Sequence[Unit]]) -> list[list[Unit]]:
        """The sections' pages: a section goes on under the one before it, and starts a
        new page only when it would split badly there.

        A split is bad when the section's start before the page turn is a sliver (under
        a quarter of a page: its heading and an entry squeezed at the foot), or when it
        leaves a lone unit on the section's last page where a fresh start would not.
        Otherwise going on saves the half-empty page a section's end leaves behind.
        """
        room = self.setter.room
        pages: list[list[Unit]] = []
        for section in sections:
            fresh = self.paginate(section)
            if not pages:
                pages += fresh
                continue
            onward = self.paginate(section, self._used(pages[-1]))
            turns = len(onward) > 1
            if any(section[0] is lone for lone in self._lone_headings) and onward[0]:
                # A fresh start would leave the heading alone on its page.
                bad = False
            else:
                bad = (not onward[0]
                       or (turns and self._used(onward[0]) + onward[0][0].gap < room / 4)
                       or (turns and len(onward[-1]) < 2 <= len(fresh[-1])))
            if bad:
                pages += fresh
            else:
                pages[-1].extend(onward[0])
                pages += onward[1:]
        return pages

    def _used(self, page: Sequence[Unit]) -> float:
        return sum(unit.height + (unit.gap if i else 0.0) for i, unit in enumerate(page))

    def paginate(self, units: Sequence[Unit], used: float | None = None) -> list[list[Unit]]:
        """Greedy pages: a unit that does not fit below the last one starts a page.

        With `used`, the first page is the rest of a page that already holds `used`
        points (it may stay empty); without, every page is a fresh one.
        """
        room = self.setter.room
        pages: list[list[Unit]] = [] if used is None else [[]]
        held = used is not None  # the first page already holds something
        used = used or 0.0
        for unit in units:
            height = unit.height
            if height > room + EPSILON:
                raise self._too_long(unit, height)
            below = pages and (pages[-1] or (held and len(pages) == 1))
            gap = unit.gap if below else 0.0
            if pages and used + gap + height <= room + EPSILON:
                pages[-1].append(unit)
                used += gap + height
            else:
                pages.append([unit])
                used = height
        return pages

    def _too_long(self, unit: Unit, height: float) -> DeckError:
        hint = "shorten it, or split it into two entries"
        if self.setter.name in ("a6", "quarter-letter"):
            hint += ", or use a larger booklet: --booklet-size a5 or half-letter"
        message = (f"{unit.what} is too long for a {self.setter.name} booklet page: it needs "
                   f"{height:.0f} pt and a page has {self.setter.room:.0f} pt")
        return DeckError(unit.where, message, hint)
