"""Colours and type sizes of the card design, the deck's own colours and logo, and the
contrast rule they must meet.

Each kind has a colour and an icon (see deck/icons.py), so kinds stay apart for
colour-blind readers and in black-and-white printing. White text sits on each
kind's colour, and the same colour is used for small headings on white, so
every colour must reach WCAG AA (4.5:1) against white both ways; a deck's own
colours (`theme: colours:`) are held to the same rule when the deck is read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color, HexColor

from cardgen.deck.colours import mix
from cardgen.deck.kinds import KINDS
from cardgen.deck.logo import Logo

KIND_COLOURS = {name: kind.colour for name, kind in KINDS.items()}
INK = "#1A1A1A"  # body text: softer than pure black, 17:1 on white
MUTED = "#4D4D4D"  # secondary text (notes, footers): 8.5:1 on white
RULE = "#8C8C8C"  # lines to write on, frames: not text
PAPER = "#FFFFFF"
TINT = 0.9  # how far toward white a kind's pale tint goes (the disc on a light back)
BACKS = ("light", "full")  # a white back with the kind's colour in its mark; or flooded

# Main-text sizes a card may use, in points: few, so a deck does not show a dozen sizes.
STEPS = (9, 10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 26, 28, 32, 36)
POKER = (180.0, 252.0)  # the card the design sizes are for, 2.5 x 3.5 in
# Main-text sizes a kind's cards share on one card size, besides the floor: a short
# ladder (18, 14 and 11 pt on a poker card), so cards of a kind look alike; a card that
# fits none of them is set at the floor.
SHORT = 3
# Labels, topics, notes and footers grow with the card's short side beside a poker card's,
# from 1 (never smaller: the 9 pt floor) to this: 1.2 on an index card, 1.4 on a large
# one, 1.6 on a 6 x 4 in postcard. Large print's small words (14 pt) do not grow.
MOST_SCALE = 1.6
# A helpline's number is set at most this many times the card's main size: 36 pt on a
# poker card, where "988" would fill the width at 97 pt and dwarf the name above it.
HERO_CAP = 2.0


@dataclass(frozen=True)
class Theme:
    """What a build looks like: colours (or black and white), type sizes in points, the
    deck's own colours and logo, and the style of the card backs.

    `colours` are the deck's own colours for some kinds, as (kind, #RRGGBB) pairs; the
    other kinds keep theirs. `backs` is "light" (white, for home printers) or "full"
    (the kind's colour past the trim, for print shops).
    """

    mono: bool = False
    large_print: bool = False
    colours: tuple[tuple[str, str], ...] = ()
    logo: Logo | None = None
    backs: str = "light"
    card: tuple[float, float] = POKER  # the card's trim size, which the small words grow with

    @property
    def floor(self) -> float:
        """The smallest main-text size: 9 pt on cards, 16 pt in large print."""
        return 16.0 if self.large_print else 9.0

    @property
    def scale(self) -> float:
        """How much the small words (labels, topics, notes, footers) grow on this card: its
        short side over a poker card's, but no more than its area over that card's (a
        square card is shorter than a poker card), from 1 to MOST_SCALE. Not in large
        print: its small words are large already, and growing them on a postcard left
        cards that fitted before without room."""
        if self.large_print:  # its small words are 14 pt already: room goes to the main words
            return 1.0
        grown = min(min(self.card) / POKER[0], area_scale(*self.card) / area_scale(*POKER))
        return min(MOST_SCALE, max(1.0, grown))

    def _scaled(self, size: float) -> float:
        return round(size * self.scale * 2) / 2  # to half points

    @property
    def note(self) -> float:
        """Coaching notes, topics, attributions, labels: content, never small print; 9 pt
        (the floor for reading on a card), 14 pt in large print, times the card's `scale`."""
        return self._scaled(14.0 if self.large_print else 9.0)

    @property
    def footer(self) -> float:
        """The card's number and the deck's short name: the only words under 9 pt (never
        under 6 pt); 14 pt in large print; times the card's `scale`."""
        return self._scaled(14.0 if self.large_print else 7.0)

    @property
    def label(self) -> float:
        """The kind's word in the front band, at most; it shrinks to `note` to fit. 10 pt,
        14 pt in large print, times the card's `scale`."""
        return self._scaled(14.0 if self.large_print else 10.0)

    def sizes(self, card_width: float, card_height: float) -> tuple[float, ...]:
        """Every main-text size of STEPS a card may use, largest first, from a top scaled to
        the card's area (a tarot or large card holds more lines as well as longer ones,
        so its words are set larger) down to the floor. An intro takes the largest of
        them at which it fits (render.intro)."""
        top = (26.0 if self.large_print else 18.0) * area_scale(card_width, card_height)
        top = max(self.floor, top)
        return tuple(sorted((s for s in STEPS if self.floor <= s <= top + 1e-9),
                            reverse=True)) or (self.floor,)

    def ladder(self, card_width: float, card_height: float) -> tuple[float, ...]:
        """The main-text sizes a card of a kind tries, largest first: SHORT of `sizes`,
        from the top down by an even ratio (18, 14, 11 on a poker card; 26, 22, 18 in large
        print), then the floor. Few sizes, so a deck's prompts are not each at its own."""
        return short_ladder(self.sizes(card_width, card_height), self.floor)

    def hero(self, card_width: float, card_height: float) -> tuple[float, ...]:
        """Sizes for a helpline's number, largest first, in half points: from twice the card's
        main size (HERO_CAP: a 988 larger still would dwarf the name above it) down to the
        main size, then on down to 18 pt scaled with the card's width, for a number too
        long to be one line at the main size. Render.fitting takes the largest at which the
        number is one line; it shrinks further only when the rest of the card cannot fit."""
        main = self.ladder(card_width, card_height)[0]
        scale = min(card_width / POKER[0], card_height / POKER[1])
        least = min(main, max(self.floor, 18.0 * scale))
        sizes, size = [], math.floor(main * HERO_CAP * 2) / 2
        while size >= least - 1e-9:
            sizes.append(size)
            size -= 0.5
        return tuple(sizes) or (least,)

    def hex(self, kind: str) -> str:
        """The kind's colour as #RRGGBB: the deck's own, or the kind's; ink in mono."""
        if self.mono:
            return INK
        return dict(self.colours).get(kind) or KIND_COLOURS[kind]

    def colour(self, kind: str) -> Color:
        return _colour(self.hex(kind))

    def tint(self, kind: str) -> Color:
        """A pale tint of the kind's colour: a ground that costs little ink (light grey in
        mono)."""
        return _colour(mix(self.hex(kind), PAPER, TINT))

    def shade(self, kind: str) -> Color:
        """A little lighter than the kind's colour: a mark drawn on that colour."""
        return _colour(mix(self.hex(kind), PAPER, 0.16))

    @property
    def ink(self) -> Color:
        return _colour(INK)

    @property
    def muted(self) -> Color:
        return _colour(MUTED)

    @property
    def rule(self) -> Color:
        return _colour(RULE)


@cache
def short_ladder(sizes: tuple[float, ...], floor: float) -> tuple[float, ...]:
    """SHORT of `sizes` (largest first), the top and the sizes nearest an even ratio down
    toward `floor` (the larger on a tie), then the floor."""
    if len(sizes) <= SHORT + 1:
        return sizes
    top = sizes[0]
    ratio = (floor / top) ** (1.0 / SHORT)
    chosen = [top]
    for step in range(1, SHORT):
        target = top * ratio ** step
        below = [s for s in sizes if floor < s < chosen[-1]]
        if below:
            chosen.append(min(below, key=lambda s: (abs(s - target), -s)))
    return (*chosen, floor)


def area_scale(card_width: float, card_height: float) -> float:
    """How much bigger a card is than a poker card, by area: 1.0 on poker, 1.22 on tarot,
    1.41 on large, 0.71 on mini."""
    return math.sqrt(card_width * card_height / (POKER[0] * POKER[1]))


@cache
def _colour(hex_colour: str) -> Color:
    return HexColor(hex_colour)
