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

    @property
    def floor(self) -> float:
        """The smallest main-text size: 9 pt on cards, 16 pt in large print."""
        return 16.0 if self.large_print else 9.0

    @property
    def note(self) -> float:
        """Coaching notes, topics, attributions, labels: content, never small print; 9 pt
        (the floor for reading on a card), 14 pt in large print."""
        return 14.0 if self.large_print else 9.0

    @property
    def footer(self) -> float:
        """The card's number and the deck's short name: the only words under 9 pt (never
        under 6 pt); 14 pt in large print."""
        return 14.0 if self.large_print else 7.0

    @property
    def label(self) -> float:
        """The kind's word in the front band, at most; it shrinks to `note` to fit."""
        return 14.0 if self.large_print else 10.0

    def ladder(self, card_width: float, card_height: float) -> tuple[float, ...]:
        """Main-text sizes to try, largest first, scaled to the card's area: a tarot or large
        card holds more lines as well as longer ones, so its words are set larger."""
        top = (26.0 if self.large_print else 18.0) * area_scale(card_width, card_height)
        top = max(self.floor, top)
        return tuple(sorted((s for s in STEPS if self.floor <= s <= top + 1e-9),
                            reverse=True)) or (self.floor,)

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


def area_scale(card_width: float, card_height: float) -> float:
    """How much bigger a card is than a poker card, by area: 1.0 on poker, 1.22 on tarot,
    1.41 on large, 0.71 on mini."""
    return math.sqrt(card_width * card_height / (POKER[0] * POKER[1]))


@cache
def _colour(hex_colour: str) -> Color:
    return HexColor(hex_colour)
