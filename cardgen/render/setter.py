"""Setting booklet type: a page size's margins and type sizes, and text set as parts that
stack down a page.

Every piece of text is broken by cardgen.text.blocks (the only engine here with
per-glyph font fallback), so each part's height is known before it is placed. A
part's items are placed relative to its top-left corner; `Unit`s are parts that stay
on one page together. All lengths are in PDF points, y grows upwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cardgen.choices import BOOKLET_SIZES
from cardgen.deck.addresses import heard
from cardgen.deck.model import Deck
from cardgen.errors import DeckError, Position
from cardgen.render.bilingual import Pairing, Said
from cardgen.render.pages import PAGINATION, Icon, Placed, Rule, Tag, Text
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet
from cardgen.text.glyphs import require_glyphs
from cardgen.text.typography import parse_markup, smarten, styled
from cardgen.text.urls import address_lines
from cardgen.units import MM

MARGIN = 11 * MM  # pages are trimmed and folded: nothing closer to an edge
SPINE = 14 * MM  # the inner margin: the fold and the staples take some of it
# A zine panel (about 70 x 108 mm) is folded, not stapled: narrower margins leave
# it lines of more than three words.
NARROW_PAGE = 90 * MM
NARROW_MARGIN, NARROW_SPINE = 10 * MM, 11 * MM
BAR = 2.0  # the rule beside each half of a reframe
INDENT = 9.0  # text beside a rule starts this far right of the rule
EPSILON = 1e-6

@dataclass(frozen=True)
class Sizes:
    """Type sizes in points for one page size and theme."""

    body: float
    small: float  # topics, notes, labels, page numbers: never under 9 pt (14 pt in large print)

    @property
    def heading(self) -> float:
        return round(self.body * 1.45)

    @property
    def phone(self) -> float:
        return round(self.body * 1.4)


def sizes_for(page_size: tuple[float, float], theme: Theme) -> Sizes:
    roomy = min(page_size) >= 130 * MM  # A5 (148 mm) and half-letter (139.7 mm) have room
    if theme.large_print:
        return Sizes(18.0 if roomy else 16.0, 14.0)
    return Sizes(12.0, 10.0) if roomy else Sizes(10.5, 9.0)


def size_name(page_size: tuple[float, float]) -> str:
    """How a message names a page size: "quarter-letter", or "100 x 150 mm"."""
    for name, size in BOOKLET_SIZES.items():
        if all(abs(a - b) < 0.01 for a, b in zip(size, page_size)):
            return name
    return f"{page_size[0] / MM:.0f} x {page_size[1] / MM:.0f} mm"


@dataclass(frozen=True)
class Part:
    """Something set in a unit: `height` points tall, `gap` points below the part above;
    its items are placed from its top-left corner at (0, 0)."""

    height: float
    items: tuple[Placed, ...]
    gap: float = 0.0


@dataclass(frozen=True)
class Unit:
    """Parts that stay on one page together; `gap` is the space above it on a page."""

    parts: tuple[Part, ...]
    gap: float
    where: Position | None = None
    what: str = ""
    section: str | None = None  # the kind whose section heading this unit carries

    @property
    def height(self) -> float:
        return sum(part.height + (part.gap if i else 0.0) for i, part in enumerate(self.parts))


def stack(units: Sequence[Unit], left: float, top: float) -> list[Placed]:
    """The units' items placed one below the other from (left, top) down."""
    placed: list[Placed] = []
    for i, unit in enumerate(units):
        top -= unit.gap if i else 0.0
        for j, part in enumerate(unit.parts):
            top -= part.gap if j else 0.0
            placed.extend(item.moved(left, top) for item in part.items)
            top -= part.height
    return placed


class Setter:
    """Sets one deck's text at one booklet page size: margins, sizes and checked glyphs."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, page_size: tuple[float, float],
                 pairing: Pairing | None = None):
        self.deck, self.fonts, self.theme = deck, fonts, theme
        self.pairing = pairing  # a translation set with its source's words beneath
        self.width, self.height = page_size
        self.name = size_name(page_size)
        self.sizes = sizes_for(page_size, theme)
        # cardgen's own words ("Contents", "More help on page {page}"): the deck's language's,
        # or the deck's own where its `labels:` set them.
        self.words = deck.labels
        narrow = self.width < NARROW_PAGE
        self.margin, self.spine = (NARROW_MARGIN, NARROW_SPINE) if narrow else (MARGIN, SPINE)
        self.text_width = self.width - self.margin - self.spine
        self.top = self.height - self.margin
        self.bottom = self.margin + self.sizes.small * 2.2  # room for the page number
        self.room = self.top - self.bottom

    def left(self, number: int) -> float:
        """Where text starts on page `number`: odd pages are right-hand pages, their
        spine on the left."""
        return self.spine if number % 2 else self.margin

    def check(self, raw: str, where: Position | None, what: str) -> None:
        require_glyphs(self.fonts, raw, where, what)

    def block(self, raw: str, where: Position | None, what: str, size: float,
              style: str = "regular", width: float | None = None,
              language: str | None = None) -> textlib.Block:
        """`raw` wrapped at `size`, in `language` (None: the deck's)."""
        self.check(raw, where, what)
        language = language or self.deck.language
        spans = styled(parse_markup(smarten(raw, language)), style)
        block = textlib.wrap(spans, self.fonts, size, width or self.text_width, language)
        if block is None:
            raise DeckError(where, f"{what}: a word is too long for a line of a {self.name} "
                                   "booklet page",
                            "shorten the word, or break it with a hyphen")
        return block

    def tagged(self, block: textlib.Block, tag: Tag | None,
               language: str | None = None) -> Tag | None:
        """`tag` for `block`, in `language` (None: the deck's), with the words whole for a
        reader where the printed ones are not (text.blocks.spoken): a hyphenated word, or
        lines laid out for the eye (right to left, shaped)."""
        if tag is None:
            return None
        return Tag(tag.path, language or tag.lang, tag.alt,
                   textlib.spoken([block]) or tag.said, tag.link)

    def text(self, raw: str, where: Position | None, what: str, size: float, style: str = "regular",
             colour=None, gap: float = 0.0, bar=None, owner: str = "",
             language: str | None = None, tag: Tag | None = None) -> Part:
        """A part holding `raw` as wrapped text, with a rule of colour `bar` at its left.
        `owner` names whose words they are, for verify's messages; `language` is theirs
        (None: the deck's); `tag` their element in the structure tree (none: decoration)."""
        indent = INDENT if bar is not None else 0.0
        block = self.block(raw, where, what, size, style, self.text_width - indent, language)
        items: list[Placed] = [Text(block, indent, 0.0, colour or self.theme.ink, owner,
                                    language is not None, self.tagged(block, tag, language))]
        if bar is not None:
            x = BAR / 2
            bottom = -block.height + block.size * 0.05
            items.append(Rule(x, -block.size * 0.15, x, bottom, bar, BAR))
        return Part(block.height, tuple(items), gap)

    def heading(self, kind: str, label: str, where: Position | None, size: float,
                colour=None, gap: float = 0.0, tag: Tag | None = None) -> Part:
        """A heading led by the kind's icon, so kinds stay apart without colour (the icon
        is decoration: the word beside it is read)."""
        icon = size * 0.95
        shift = icon + size * 0.45
        block = self.block(label, where, "a label", size, "bold", self.text_width - shift)
        colour = colour or self.theme.colour(kind)
        items = (Icon(kind, 0.0, -size * 0.98, icon, colour),
                 Text(block, shift, 0.0, colour, tag=self.tagged(block, tag)))
        return Part(block.height, items, gap)

    def rule(self, kind: str, height: float, drop: float) -> Part:
        """A line across the text width in the kind's colour, `drop` below the part's top."""
        line = Rule(0.0, -drop, self.text_width, -drop, self.theme.colour(kind), 1.0)
        return Part(height, (line,))

    def label(self, kind: str) -> tuple[str, Position | None]:
        """A kind's word for headings: in both languages in a bilingual booklet."""
        word = self.pairing.label(kind) if self.pairing else self.deck.labels[kind]
        return word, self.deck.spots.get("labels")

    def page_number(self, number: int) -> Text:
        """The number in the outer corner, where a thumb flicking pages sees it."""
        # One line as wide as itself: a number on a right-to-left page is not set flush
        # right across the text width.
        block = textlib.one_line(str(number), "regular", self.fonts, self.sizes.small,
                                 language=self.deck.language)
        width = block.lines[0].width
        x = self.width - self.margin - width if number % 2 else self.margin
        return Text(block, x, self.margin + block.leading, self.theme.muted, tag=PAGINATION)


# Roles read as one paragraph: a reframe's small label and the words after it.
_SAME_PARAGRAPH = {"said-label": "said", "try-label": "try"}
# A quotation's roles, in its block quote.
_QUOTED = frozenset({"main", "by", "source"})


def paragraph_tag(entry: Tag, spoken: Said, quote: bool) -> Tag:
    """The paragraph a piece of an entry's words is in: one per role, a reframe's label
    in its half's, a quotation's words and attribution in a block quote, and a bilingual
    entry's source's words in paragraphs of their own, in their language."""
    role = spoken.piece.role
    name = _SAME_PARAGRAPH.get(role, role) + (f"/{spoken.language}" if spoken.language else "")
    parent = entry.under("BlockQuote", "quote") if quote and role in _QUOTED else entry
    return Tag((*parent.path, ("P", name)), spoken.language)


def address_tags(paragraph: Tag | None, printed: str, opens: str,
                 words: Mapping[str, str]) -> tuple[Tag | None, Tag | None]:
    """An address's tags in `paragraph`: its words a Link to `opens`, its QR code a
    figure after the paragraph, both said as a reader hears them in the language of
    `words` (the deck's labels: deck.addresses.heard)."""
    if paragraph is None:
        return None, None
    figure = Tag((*paragraph.path[:-1], ("Figure", f"{paragraph.path[-1][1]}/qr")),
                 paragraph.lang, alt=heard(printed, opens, words)[1])
    return link_tag(paragraph, printed, opens, words), figure


def link_tag(paragraph: Tag, printed: str, opens: str, words: Mapping[str, str]) -> Tag:
    """The tag of an address's printed words in `paragraph`: a Link to `opens`, heard as
    `words` (the deck's labels) say it (deck.addresses.heard)."""
    return Tag((*paragraph.path, ("Link", "link")), paragraph.lang, link=opens,
               heard=heard(printed, opens, words)[0])


def url_lines(url: str, fonts: FontSet, size: float, width: float) -> str:
    """`url` with line breaks where an address breaks (text.urls) to fit `width`."""
    return "\n".join(address_lines(url, fonts, size, width))
