"""Colours and type sizes of the card design, and the contrast rule they must meet.

Each kind has a colour and an icon (see icons.py), so kinds stay apart for
colour-blind readers and in black-and-white printing. White text sits on each
kind's colour, and the same colour is used for small headings on white, so
every colour must reach WCAG AA (4.5:1) against white both ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor

from cardgen.kinds import KINDS

KIND_COLOURS = {name: kind.colour for name, kind in KINDS.items()}
INK = "#1A1A1A"  # body text: softer than pure black, 17:1 on white
MUTED = "#4D4D4D"  # secondary text (notes, footers): 8.5:1 on white
RULE = "#8C8C8C"  # lines to write on, frames: not text
PAPER = "#FFFFFF"


@dataclass(frozen=True)
class Theme:
    """What a build looks like: colours (or black and white) and type sizes in points."""

    mono: bool = False
    large_print: bool = False

    @property
    def floor(self) -> float:
        """The smallest main-text size: 9 pt on cards, 16 pt in large print."""
        return 16.0 if self.large_print else 9.0

    @property
    def small(self) -> float:
        """Labels, topics, notes, footers: never under 14 pt in large print, 7.5 pt otherwise."""
        return 14.0 if self.large_print else 7.5

    @property
    def label(self) -> float:
        return 14.0 if self.large_print else 8.5

    def ladder(self, card_width: float, card_height: float) -> tuple[float, ...]:
        """Main-text sizes to try, largest first, scaled to the card.

        A short ladder keeps a deck from showing a dozen sizes.
        """
        steps = (9, 10, 11, 12, 14, 16, 18, 20, 24, 28, 32, 36)
        scale = min(card_width / 180.0, card_height / 252.0)  # 1.0 on a poker card
        top = max(self.floor, (26.0 if self.large_print else 18.0) * scale)
        return tuple(sorted((s for s in steps if self.floor <= s <= top), reverse=True)) or (self.floor,)

    def colour(self, kind: str) -> Color:
        return _colour(INK if self.mono else KIND_COLOURS[kind])

    @property
    def ink(self) -> Color:
        return _colour(INK)

    @property
    def muted(self) -> Color:
        return _colour(MUTED)

    @property
    def rule(self) -> Color:
        return _colour(RULE)


@lru_cache(maxsize=None)
def _colour(hex_colour: str) -> Color:
    return HexColor(hex_colour)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
