"""Card footers: which card of how many ("12/73") and the deck's short name, on one line.

Part of fitting a card (render/face.py places the footer at the foot of the safe area).
Widths and sizes are in PDF points.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cached_property

from cardgen.deck.cards import Card
from cardgen.deck.model import Deck
from cardgen.errors import DeckError, Position
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet
from cardgen.text.glyphs import require_glyphs
from cardgen.text.scripts import language_is_rtl

SPACE = 2.0  # the least space between the footer's number and name, in its size


class Footers:
    """The footer of each card of one deck on one card size, `width` points wide."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, width: float,
                 card_name: str):
        self.deck = deck
        self.fonts = fonts
        self.theme = theme
        self.width = width
        self.card_name = card_name

    def block(self, card: Card) -> textlib.Block | None:
        """The card's number out of the deck's count ("12/73"; a word `id` as written) at the
        start of the line and the deck's short name at its end, at the footer size. A
        number too long to leave room for the name prints alone (the name is on the
        back); a number never is left off."""
        number = card.number
        size = self.theme.footer
        where = card.item.spots.get("id") if card.item and card.item.id else None
        if where:  # numbers cardgen makes are digits; an id is the deck writer's
            require_glyphs(self.fonts, number, where, "`id`")
        # A number, given or by place, counts the deck ("12/73"); a word id is as written.
        shown = number if not number.isdigit() else f"{number}/{self.total}"
        language = self.deck.language
        number_line = name_line = None
        if shown:
            number_line = textlib.one_line(shown, "regular", self.fonts, size,
                                           language=language).lines[0]
            if number_line.width > self.width:
                if where:
                    raise self._id_too_long(where, number, number_line.width)
                return None
        if self.short_name:
            name_line = self._name_line
            taken = number_line.width + size * SPACE if number_line else 0.0
            if taken + name_line.width > self.width:
                name_line = None
        lines = [line for line in (number_line, name_line) if line is not None]
        if not lines:
            return None
        # The number where a line starts (the right, in a right-to-left deck), the name at
        # the other end; the pieces from left to right, as a reader meets them.
        rtl = language_is_rtl(language)
        placed = [(line, self.width - line.width if (line is number_line) == rtl else 0.0)
                  for line in lines]
        placed.sort(key=lambda item: item[1])
        pieces = tuple(textlib.Piece(piece.font, piece.size, piece.text, piece.x + x, piece.glyphs)
                       for line, x in placed for piece in line.pieces)
        width = max(x + line.width for line, x in placed)
        if rtl or any(line.text is not None for line in lines):  # laid out: say its reading
            text = " ".join(line.text if line.text is not None
                            else "".join(piece.text for piece in line.pieces) for line in lines)
            line = textlib.Line(pieces, width, rtl, text)
        else:
            line = textlib.Line(pieces, width)
        return textlib.Block((line,), size, size * 1.25)

    @cached_property
    def total(self) -> int:
        """How many cards the whole deck numbers: the 73 of "12/73"."""
        return sum(len(items) for items in self.deck.entries.values())

    @cached_property
    def short_name(self) -> str:
        """The deck's short name for the footer: `short_title`, which must fit beside the
        longest number ("73/73"), or else the title's first words that fit there."""
        deck, size = self.deck, self.theme.footer
        longest = f"{self.total}/{self.total}" if self.total else ""
        language = deck.language
        taken = textlib.one_line(longest, "regular", self.fonts, size,
                                 language=language).lines[0].width
        room = self.width - (taken + size * SPACE if longest else 0.0)
        wide = textlib.one_line(deck.short_title or "", "regular", self.fonts, size,
                                language=language)
        if deck.short_title:
            where = deck.spots.get("short_title", Position(deck.path, 1, 1))
            require_glyphs(self.fonts, deck.short_title, where, "`short_title`")
            if wide.lines[0].width > room:
                raise DeckError(where, f"the short title is too long for the footer of a "
                                       f"{self.card_name} card: at {size:g} pt it is "
                                       f"{math.ceil(wide.lines[0].width)} pt wide and there is "
                                       f"room for {math.floor(room)} pt",
                                "shorten `short_title:`: a word or two that names the deck")
            return deck.short_title
        return cut_to_fit(deck.title, lambda words: textlib.one_line(
            words, "regular", self.fonts, size, language=language).lines[0].width <= room)

    @cached_property
    def _name_line(self) -> textlib.Line:
        """The deck's short name set for the footer: the same on every card, set once."""
        return textlib.one_line(self.short_name, "regular", self.fonts, self.theme.footer,
                                language=self.deck.language).lines[0]

    def _id_too_long(self, where: Position, number: str, wide: float) -> DeckError:
        room = math.floor(self.width)
        return DeckError(where, f"`id` {number!r} is too long for the footer of a "
                                f"{self.card_name} card: at {self.theme.footer:g} pt it is "
                                f"{math.ceil(wide)} pt wide and there is room for {room} pt",
                         "use a shorter id, such as a number or a short code")


def cut_to_fit(title: str, fits: Callable[[str], bool]) -> str:
    """The most of `title`'s words, from the first, that `fits` (a test of the words);
    a cut title loses the punctuation that led to its next word. "" if no word fits."""
    words = title.split()
    for count in range(len(words), 0, -1):
        shown = " ".join(words[:count])
        if count < len(words):
            shown = shown.rstrip(":;,.·–—-/&+ ")
        if shown and fits(shown):
            return shown
    return ""
