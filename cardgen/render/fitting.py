"""Fitting a card's texts to its size: the sizes to try, each text wrapped and measured at them.

A Fitter holds one card size's room and the theme's ladder of sizes, and wraps each
text once a size (it remembers the blocks). render.face places what fits on a Face;
render.intro shares a long intro over several cards by the same measures. Lengths
are PDF points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from cardgen.deck.cards import Card
from cardgen.deck.model import Deck
from cardgen.errors import DeckError, Position
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet
from cardgen.text.typography import Span

SAFE = 9.0  # 1/8 in: text stays this far inside the cut line
GAP = 4.0  # points between the parts of a face
# Wrapped texts a Fitter remembers: a card tries several sizes, and labels and notes
# repeat from card to card; more would only hold on to cards long since drawn.
WRAPPED_KEPT = 4096
DASHES = ("-", "\u2010", "\u2011", "\u2013")  # where a number may break, after its own dash


# Texts are made for every card: named tuples build several times faster than frozen
# dataclasses.
class CardText(NamedTuple):
    """A piece of card text waiting to be fitted."""

    spans: tuple[Span, ...]
    step: str  # "main", "second" (a step smaller than main), "third", "note" or "hero"
    colour: str = "ink"
    bar: str | None = None
    gap_before: float = 0.0  # extra space above, in GAPs
    language: str | None = None  # for hyphenation; None: the deck's
    key: str = ""  # the deck key the words come from, for messages
    where: Position | None = None  # where they are in the deck file
    role: str = ""  # what the words are to a reader (Part.role): "main", "said", "by" ...
    lang: str | None = None  # the language they are in (a source's, bilingual); None: the deck's

    @property
    def length(self) -> int:
        return sum(len(span.text) for span in self.spans)


class Fitter:
    """One card size's room, and the texts of its cards wrapped and measured in it: the
    sizes to try, the height a card's texts need at each, and by how much they do not fit."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, card_size: tuple[float, float],
                 card_name: str = "this"):
        self.deck = deck
        self.fonts = fonts
        # The small words grow with the card (Theme.scale): the theme knows its card.
        self.theme = theme = theme if theme.card == card_size else replace(theme, card=card_size)
        self.width, self.height = card_size
        self.card_name = card_name
        self.ladder = theme.ladder(*card_size)
        # A "second" text (a reframe's `said`, a helpline's name) a step down the ladder
        # from the main words, and a "third" a step under that: no size of its own.
        self._below = {size: _step_below(self.ladder, size, theme.floor) for size in self.ladder}
        self.content_width = self.width - 2 * SAFE
        self.band_depth = SAFE + theme.label * 1.5  # the band's reach down from the top edge
        self._wrapped: dict[tuple, textlib.Block | None] = {}

    def describe(self, card: Card) -> str:
        """How messages about fitting name the card: "prompt 3"."""
        return card.describe()

    def elsewhere(self, card: Card, key: str) -> str:
        """Where else words that crowd the card are: "" here (a bilingual card's source)."""
        return ""

    def _sizes(self, card: Card, texts: list[CardText], width: float,
               ladder: tuple[float, ...] | None = None,
               ) -> tuple[list[list[tuple[float, float | None]]], float | None]:
        """The (main size, hero size) pairs to try, in rounds, best first; and the least
        hero size tried (None on a card without a hero, a helpline's number).

        A card without a hero tries the theme's ladder (or `ladder`: an intro's). On a
        helpline card the number grows only into room the rest of the card does not need:
        for each main size, largest first, the number from its largest size down to the
        card's main size, so every other word keeps the size it would have beside a number
        at the main size. Should nothing fit, a second round sets the number under the main size
        (to the theme's least) as it was before it grew, rather than fail the card."""
        heroes = self._heroes(card, texts, width)
        if not heroes:
            return [[(size, None) for size in ladder or self.ladder]], None
        main = self.ladder[0]
        big = [hero for hero in heroes if hero >= main - 1e-9]
        grown: list[tuple[float, float | None]] = [
            (size, hero) for size in self.ladder for hero in big
            if size in self._ladder(texts, hero)]
        shrunk: list[tuple[float, float | None]] = [
            (size, hero) for hero in heroes if hero < main - 1e-9
            for size in self._ladder(texts, hero)]
        return [grown, shrunk], heroes[-1]

    def _heroes(self, card: Card, texts: list[CardText], width: float) -> tuple[float, ...]:
        """The sizes to try for the card's hero texts, largest first; () for a card without.

        First the largest of the theme's hero sizes at which each is one line across
        `width` (a short number much larger than a long one), then 2 pt at a time down
        to the card's main size and on to the theme's least. A number that cannot be one
        line at the main size is set at the largest size it is one line at (or, failing
        that, in the fewest lines, breaking at its spaces if it can) and no smaller.
        DeckError at the hero's line when it cannot fit the width at all."""
        heroes = [text for text in texts if text.step == "hero"]
        if not heroes:
            return ()
        sizes = self.theme.hero(self.width, self.height)
        # How each size sets the numbers: the lines that break inside a number (after one
        # of its dashes, "1-800-662-" over "4357", where a reader may stop), then the lines.
        ranks = self._ranks(heroes, sizes[self._first_one_line(heroes, sizes, width):], width)
        if (0, 1) not in ranks.values():  # no size sets each on one line: rank them all
            ranks = self._ranks(heroes, sizes, width)
        if not ranks:
            least = sizes[-1]
            text = next(t for t in heroes if self._wrap(t, least, width) is None)
            wide = max(textlib.one_line(word, span.style, self.fonts, least).lines[0].width
                       for span in text.spans for word in span.text.split())
            raise self._hero_too_wide(card, text, least, wide, width)
        fewest = min(ranks.values())
        best = next(size for size in sizes if ranks.get(size) == fewest)
        main = self.ladder[0]
        if best < main:
            return (best,)
        rest = [size for size in sizes if size < best]
        return tuple(sorted({best, *rest[3::4], main, *rest[-1:]}, reverse=True))

    def _ranks(self, heroes: list[CardText], sizes: Sequence[float],
               width: float) -> dict[float, tuple[int, int]]:
        """How each size sets the numbers, largest first, up to the first at which each is
        one line: the lines that break inside a number, then the most lines."""
        ranks: dict[float, tuple[int, int]] = {}
        for size in sizes:
            blocks = [self._wrap(text, size, width) for text in heroes]
            if all(block is not None for block in blocks):
                ranks[size] = (sum(_inside(block) for block in blocks if block),
                               max(len(block.lines) for block in blocks if block))
                if ranks[size] == (0, 1):
                    break  # the largest size at which each is one line
        return ranks

    def _first_one_line(self, heroes: list[CardText], sizes: Sequence[float],
                        width: float) -> int:
        """Where in `sizes` (largest first) to start looking for one line: two steps above
        the largest size at which each number's width, measured once, fits. A size
        larger than that cannot set it on one line, and wrapping it to find so costs a
        helpline card more than the rest of its fitting."""
        natural = max(textlib.one_line("".join(span.text for span in text.spans),
                                       text.spans[0].style, self.fonts, 1.0,
                                       language=text.language or self.deck.language)
                      .lines[0].width for text in heroes)
        fits = next((index for index, size in enumerate(sizes)
                     if natural * size <= width + 1e-6), len(sizes))
        return max(0, fits - 2)

    def _hero_too_wide(self, card: Card, text: CardText, size: float, wide: float,
                       width: float) -> DeckError:
        bigger = "--card large" if self.card_name != "large" else "a bigger card"
        return DeckError(text.where or card.where,
                         f"{self.describe(card)}: the `{text.key}` is too wide for a "
                         f"{self.card_name} card: at {size:g} pt, the least it prints at, "
                         f"{math.ceil(wide)} pt of it has no space to break at and there is "
                         f"room for {math.floor(width)} pt",
                         "give only the number here, with spaces between its groups if it is "
                         f"long (words such as TTY go in `note:`), or use a bigger card: {bigger}")

    def _ladder(self, texts: list[CardText], hero: float | None) -> tuple[float, ...]:
        """The main sizes to try: the theme's ladder for the card, and with a hero only the
        sizes at which every other text is smaller than it."""
        ladder = self.ladder
        if hero is None:
            return ladder
        others = [text.step for text in texts if text.step != "hero"]
        below = tuple(size for size in ladder
                      if all(self._point(step, size, hero) < hero for step in others))
        return below or ladder[-1:]

    def _point(self, step: str, size: float, hero: float | None) -> float:
        """The size in points of a text of `step` when the main size is `size`."""
        if step == "main":
            return size
        if step == "second":
            return self.below(size)
        if step == "third":  # a step under "second" (a bilingual card's source, render.face)
            return self.below(self.below(size))
        if step == "hero":
            assert hero is not None
            return hero
        return self.theme.note

    def below(self, size: float) -> float:
        """The size a step down from main size `size`: the size of the card's ladder nearest
        four fifths of it, under it (18 to 14, 14 to 11 on a poker card), the floor least."""
        below = self._below.get(size)
        if below is None:
            below = self._below[size] = _step_below(self.ladder, size, self.theme.floor)
        return below

    def _loosen(self, placed, spare: float, width: float):
        """The main texts rewrapped into the room left over at the chosen size, where
        more lines keep a word that belongs to the next one ("I", "Dr.", "¿Qué") off a
        line's end; the size never changes."""
        placed = list(placed)
        for index, (text, block, gap) in enumerate(placed):
            if not block.stranded or text.step != "main":
                continue  # nothing to keep off a line's end: no work
            extra = math.floor(spare / block.leading + 1e-6)
            if not extra:
                continue
            looser = textlib.wrap(text.spans, self.fonts, block.size,
                                  width - (6.0 if text.bar else 0.0),
                                  text.language or self.deck.language,
                                  max_lines=len(block.lines) + extra)
            if looser is not None and len(looser.lines) > len(block.lines):
                spare -= looser.height - block.height
                placed[index] = (text, looser, gap)
        return placed

    def _stack(self, texts: list[CardText], size: float, width: float,
               hero: float | None = None) -> list[tuple[CardText, textlib.Block, float]] | None:
        """Wrap each text at its size for main size `size` (and hero size `hero`); None if a
        word cannot fit."""
        placed: list[tuple[CardText, textlib.Block, float]] = []
        for text in texts:
            block = self._wrap(text, self._point(text.step, size, hero), width)
            if block is None:
                return None
            gap = (text.gap_before + (1.0 if placed else 0.0)) * GAP
            placed.append((text, block, gap))
        return placed

    def _height_needed(self, top: list[CardText], bottom: list[CardText], size: float,
                       width: float, hero: float | None) -> float | None:
        """The height `FaceMaker._fit` finds `top` and `bottom` need at main size `size`, summed
        the same way, from how many lines each text takes and not where they break;
        None when only wrapping can tell."""
        heights = []
        for texts in (top, bottom):
            total = 0.0
            for index, text in enumerate(texts):
                point = self._point(text.step, size, hero)
                width_here = width - (6.0 if text.bar else 0.0)
                key = (text.spans, point, width_here, text.language)
                if key in self._wrapped:
                    block = self._wrapped[key]
                    height = None if block is None else block.height
                else:
                    height = textlib.height_needed(text.spans, self.fonts, point, width_here,
                                                   text.language or self.deck.language)
                if height is None:
                    return None
                total += height + (text.gap_before + (1.0 if index else 0.0)) * GAP
            heights.append(total)
        return heights[0] + (heights[1] + (GAP * 2 if bottom else 0.0))

    def _wrap(self, text: CardText, point: float, width: float) -> textlib.Block | None:
        """`text` wrapped at `point` within `width` (less its bar), remembered."""
        width_here = width - (6.0 if text.bar else 0.0)
        key = (text.spans, point, width_here, text.language)
        if key not in self._wrapped:
            if len(self._wrapped) >= WRAPPED_KEPT:  # a big deck's texts would all stay
                self._wrapped.clear()
            self._wrapped[key] = textlib.wrap(text.spans, self.fonts, point, width_here,
                                              text.language or self.deck.language)
        return self._wrapped[key]

    def _too_long(self, card: Card, shortfall: float | None, texts: Sequence[CardText] = (),
                  hero: float | None = None) -> DeckError:
        floor = self.theme.floor
        if shortfall is None:
            how = "a word in it is too long for a line even when hyphenated"
        else:
            how = (f"at {floor:g} pt it needs {math.ceil(shortfall)} pt more height than the "
                   "card has")
        bigger = ("--card large" if self.card_name != "large"
                  else "a bigger size such as --card 4x6in")
        key = card.kind.lint_size or "text"
        text = f"the text{self.elsewhere(card, key)}"
        hint = f"shorten {text}, or use a bigger card: {bigger}"
        if self.theme.large_print:
            hint = f"large print needs room: use {bigger}, or shorten {text}"
        if hero is not None:  # the number keeps its size: point at the longest words that shrink
            shrinking = [t for t in texts if t.step in ("main", "second") and t.where]
            longest = max(shrinking, key=lambda t: t.length, default=None)
            where = longest.where if longest and longest.where else card.where
            shorten = (f"shorten `{longest.key}:`{self.elsewhere(card, longest.key)}" if longest
                       else f"shorten {text}")
            return DeckError(where, f"{self.describe(card)} does not fit on a {self.card_name} "
                                    f"card with its number at {hero:g} pt: {how}",
                             f"{shorten} (the number is never set smaller), or use a bigger card: "
                             f"{bigger}")
        # Point at the words to shorten (a prompt's text, a reframe's `try`), as lint does.
        where = card.item.spots.get(key, card.where) if card.item else card.where
        return DeckError(where, f"{self.describe(card)} does not fit on a {self.card_name} "
                                f"card: {how}", hint)


def _step_below(ladder: tuple[float, ...], size: float, floor: float) -> float:
    """The size of `ladder` under `size` nearest four fifths of it (the larger on a tie);
    `floor` when none is under it."""
    under = [step for step in (*ladder, floor) if step < size - 1e-9]
    if not under:
        return floor
    return min(under, key=lambda step: (abs(step - size * 0.8), -step))


def _inside(block: textlib.Block) -> int:
    """How many of the block's lines end after a dash inside a word rather than at a space."""
    return sum(1 for line in block.lines[:-1]
               if "".join(piece.text for piece in line.pieces).rstrip().endswith(DASHES))
