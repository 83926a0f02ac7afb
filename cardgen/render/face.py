"""Card faces: fitting each card's words into the card, then drawing fronts and backs.

Fitting comes first and is separate from drawing, so a build can report every
card that does not fit before it writes anything, and a fitted face can be drawn
on a sheet or on a print-shop page alike. Positions in a Face are in points from
the card's lower-left trim corner.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import Sequence

from cardgen.cards import Card
from cardgen.deck import Deck
from cardgen.errors import DeckError
from cardgen.fonts import FontSet, require_glyphs
from cardgen.render import text as textlib
from cardgen.render.qr import largest_side
from cardgen.render.theme import Theme
from cardgen.typography import Span, parse_markup, quotation, smarten, styled

SAFE = 9.0  # 1/8 in: text stays this far inside the cut line
GAP = 4.0  # points between the parts of a face
NO_HYPHENATION = "zxx"  # the BCP 47 tag for "no linguistic content": no dictionary
QR_CODE = 57.0  # 2.01 cm of modules: phones read it from across a table
QR_SIZE = largest_side(QR_CODE)  # the room a code takes with its quiet zone


@dataclass(frozen=True)
class Part:
    """A block of text placed on a face; `bar` draws a rule beside it (reframe halves)."""

    block: textlib.Block
    x: float
    top: float
    colour: str  # "ink", "muted" or "kind"
    bar: str | None = None


@dataclass(frozen=True)
class Face:
    card: Card
    label: str
    parts: tuple[Part, ...]
    footer: Part | None
    qr: tuple[str, float, float, float] | None = None  # (address, x, y, size)
    rules: tuple[float, ...] = ()  # heights of lines to write on (blank cards)
    main_size: float = 0.0


@dataclass(frozen=True)
class _Text:
    """A piece of card text waiting to be fitted."""

    spans: tuple[Span, ...]
    size: str  # "main", "second" (a step smaller than main) or "small"
    colour: str = "ink"
    bar: str | None = None
    gap_before: float = 0.0  # extra space above, in GAPs
    language: str | None = None  # for hyphenation; None: the deck's


class FaceMaker:
    """Fits the cards of one deck onto one card size, reporting what cannot fit."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, card_size: tuple[float, float],
                 card_name: str = "this"):
        self.deck = deck
        self.fonts = fonts
        self.theme = theme
        self.width, self.height = card_size
        self.card_name = card_name
        self.ladder = theme.ladder(*card_size)
        self.content_width = self.width - 2 * SAFE
        self._band = SAFE + theme.label * 1.5
        self._wrapped: dict[tuple, textlib.Block | None] = {}

    # --- the text of each kind ---------------------------------------------

    def faces(self, cards: Sequence[Card]) -> tuple[list[Face], list[DeckError]]:
        """Fit every card; returns the faces and an error for each card that fails."""
        faces, errors = [], []
        for card in cards:
            try:
                faces.extend(self.face(card))
            except DeckError as error:
                errors.append(error)
        return faces, errors

    def face(self, card: Card) -> list[Face]:
        labels = self.deck.labels
        label = labels[card.kind]
        if card.kind == "instructions":
            return self._instructions(card, label)
        if card.kind == "blank":
            return [self._blank(card, label)]
        item = card.item
        top: list[_Text] = []
        bottom: list[_Text] = []
        qr = None
        if getattr(item, "topic", None):
            top.append(self.text(card, "topic", item.topic, "small", colour="kind", style="bold"))
        if card.kind == "prompt":
            top.append(self.text(card, "text", item.text, "main"))
            if item.note:
                bottom.append(self.text(card, "note", item.note, "small", colour="muted", style="italic"))
        elif card.kind == "reframe":
            top.append(self.text(card, "instead", labels["instead"], "small", colour="muted", style="bold",
                                 gap=0.3))
            top.append(self.text(card, "instead", item.instead, "second", colour="muted", style="italic",
                                 bar="muted"))
            top.append(self.text(card, "try", labels["try"], "small", colour="kind", style="bold", gap=1.5))
            top.append(self.text(card, "try", item.try_, "main", bar="kind"))
            if item.why:
                bottom.append(self.text(card, "why", item.why, "small", colour="muted", style="italic"))
        elif card.kind == "quote":
            top.append(self.text(card, "text", quotation(item.text, self.deck.language), "main"))
            bottom.append(self.text(card, "by", "\u2014 " + item.by, "small", style="bold"))
            if item.source:
                bottom.append(self.text(card, "source", item.source, "small", colour="muted", style="italic"))
        elif card.kind == "resource":
            top.append(self.text(card, "name", item.name, "second", style="bold"))
            if item.phone:
                top.append(self.text(card, "phone", item.phone, "main", style="bold", colour="kind"))
            if item.note:
                top.append(self.text(card, "note", item.note, "second"))
            if item.url:
                qr = (item.url, self.text(card, "url", item.url, "small", colour="muted", url=True))
        return [self._fit(card, label, top, bottom, qr)]

    def text(self, card: Card, key: str, raw: str, size: str, colour: str = "ink",
             style: str = "regular", bar: str | None = None, gap: float = 0.0,
             url: bool = False) -> _Text:
        """Prepare one field's text: typography, markup, and a check that every glyph exists.

        An address is printed exactly as typed and breaks only after / or -,
        never with an added hyphen that a reader would type in.
        """
        where = card.item.spots.get(key, card.where) if card.item else card.where
        require_glyphs(self.fonts, raw, where, card.describe())
        if url:
            return _Text((Span(raw, style),), size, colour, bar, gap, language=NO_HYPHENATION)
        spans = styled(parse_markup(smarten(raw, self.deck.language)), style)
        return _Text(tuple(spans), size, colour, bar, gap)

    # --- fitting -------------------------------------------------------------

    def _fit(self, card: Card, label: str, top: list[_Text], bottom: list[_Text],
             qr: tuple[str, _Text] | None) -> Face:
        """Place the texts at the largest main size on the ladder that fits.

        `top` stacks down from under the label, `bottom` up from above the
        footer. A QR code sits bottom left with its address beside it; on a
        landscape card it takes the right-hand side and the address joins the text.
        """
        left, width = SAFE, self.content_width
        small_gap = GAP
        content_top = self.height - self._band - small_gap * 2
        footer = self._footer(card)
        floor_y = (footer.top if footer else SAFE) + small_gap * 2
        qr_box, beside, qr_height = None, None, 0.0
        if qr and self.width > self.height:
            width -= QR_SIZE + small_gap * 2
            top = [*top, qr[1]]
            qr_box = (qr[0], left + self.content_width - QR_SIZE, floor_y, QR_SIZE)
        elif qr:
            qr_box = (qr[0], left, floor_y, QR_SIZE)
            beside = self._stack([qr[1]], 0.0, width - QR_SIZE - small_gap * 2)
            if beside is None:  # a narrow card: the address goes above the code
                top = [*top, qr[1]]
            qr_height = max(QR_SIZE, _height(beside or [])) + small_gap * 2
        room = content_top - floor_y - qr_height
        shortfall = None
        for size in self.ladder:
            placed_top = self._stack(top, size, width)
            placed_bottom = self._stack(bottom, size, width)
            if placed_top is None or placed_bottom is None:
                continue
            needed = _height(placed_top) + _height(placed_bottom) + (small_gap * 2 if placed_bottom else 0)
            if needed <= room + 1e-6:
                parts = self._place(placed_top, left, content_top)
                parts += self._place(placed_bottom, left, floor_y + qr_height + _height(placed_bottom))
                if beside:
                    parts += self._place(beside, left + QR_SIZE + small_gap * 2, floor_y + QR_SIZE)
                return Face(card, label, tuple(parts), footer, qr_box, main_size=size)
            shortfall = needed - room
        raise self._too_long(card, shortfall)

    def _stack(self, texts: list[_Text], size: float, width: float) -> list[tuple[_Text, textlib.Block, float]] | None:
        """Wrap each text at its size for main size `size`; None if a word cannot fit."""
        placed = []
        for text in texts:
            point = {"main": size, "second": max(self.theme.floor, size * 0.8),
                     "small": self.theme.small}[text.size]
            width_here = width - (6.0 if text.bar else 0.0)
            key = (text.spans, point, width_here, text.language)
            if key not in self._wrapped:
                self._wrapped[key] = textlib.wrap(text.spans, self.fonts, point, width_here,
                                                  text.language or self.deck.language)
            block = self._wrapped[key]
            if block is None:
                return None
            gap = (text.gap_before + (1.0 if placed else 0.0)) * GAP
            placed.append((text, block, gap))
        return placed

    def _place(self, placed, left: float, top: float) -> list[Part]:
        parts = []
        for text, block, gap in placed:
            top -= gap
            x = left + (6.0 if text.bar else 0.0)
            parts.append(Part(block, x, top, text.colour, text.bar))
            top -= block.height
        return parts

    def _footer(self, card: Card) -> Part | None:
        title = self.deck.title
        number = card.number
        small = self.theme.small
        for words in ((f"{number} \u00b7 {title}" if number else title), number):
            if not words:
                continue
            block = textlib.one_line(words, "regular", self.fonts, small)
            if block.lines[0].width <= self.content_width:
                return Part(block, SAFE, SAFE + block.height, "muted")
        return None  # the title is on the back too: a footer too long to print is left off

    def _too_long(self, card: Card, shortfall: float | None) -> DeckError:
        floor = self.theme.floor
        if shortfall is None:
            how = "a word in it is too long for a line even when hyphenated"
        else:
            how = f"at {floor:g} pt it needs {math.ceil(shortfall)} pt more height than the card has"
        bigger = "--card large" if self.card_name != "large" else "a bigger size such as --card 4x6in"
        hint = f"shorten the text, or use a bigger card: {bigger}"
        if self.theme.large_print:
            hint = f"large print needs room: use {bigger}, or shorten the text"
        return DeckError(card.where, f"{card.describe()} does not fit on a {self.card_name} card: {how}",
                         hint)

    # --- the cards that are not deck entries --------------------------------

    def _instructions(self, card: Card, label: str) -> list[Face]:
        """The intro on one card, or split by paragraph over as few cards as needed."""
        intro = self.deck.intro or ""
        paragraphs = [p.strip() for p in intro.split("\n\n") if p.strip()]
        for paragraph in paragraphs:
            require_glyphs(self.fonts, paragraph, card.where, card.describe())
        texts = [_Text(tuple(parse_markup(smarten(p, self.deck.language))), "main",
                       gap_before=1.0 if i else 0.0) for i, p in enumerate(paragraphs)]
        try:
            return [self._fit(card, label, texts, [], None)]
        except DeckError:
            pass
        groups: list[list[_Text]] = [[]]
        for text in texts:
            trial = groups[-1] + [text]
            if groups[-1] and not self._fits_at_floor(trial):
                groups.append([text])
            else:
                groups[-1] = trial
        groups = self._balanced(texts, len(groups)) or groups
        total = len(groups)
        return [self._fit(card, f"{label} {i}/{total}", [replace(group[0], gap_before=0.0), *group[1:]],
                          [], None) for i, group in enumerate(groups, 1)]

    def _balanced(self, texts: list[_Text], count: int) -> list[list[_Text]] | None:
        """`texts` in `count` groups of as even a length as fit, so no card is crammed
        while the next one is nearly empty; None when no split fits."""
        def length(group: list[_Text]) -> int:
            return sum(len(span.text) for text in group for span in text.spans)

        best, score = None, None
        for cuts in itertools.combinations(range(1, len(texts)), count - 1):
            bounds = (0, *cuts, len(texts))
            groups = [texts[a:b] for a, b in zip(bounds, bounds[1:])]
            longest = max(length(group) for group in groups)
            if (score is None or longest < score) and all(self._fits_at_floor(g) for g in groups):
                best, score = groups, longest
        return best

    def _fits_at_floor(self, texts: list[_Text]) -> bool:
        placed = self._stack(texts, self.theme.floor, self.content_width)
        if placed is None:
            return False
        room = self.height - self._band - SAFE - self.theme.small * 1.25 - GAP * 4
        return _height(placed) <= room

    def _blank(self, card: Card, label: str) -> Face:
        footer = self._footer(card)
        top = self.height - self._band - GAP * 2
        bottom = (footer.top if footer else SAFE) + GAP * 2
        spacing = self.theme.floor * 2.2
        rules = []
        y = top - spacing
        while y >= bottom:
            rules.append(y)
            y -= spacing
        return Face(card, label, (), footer, None, tuple(rules))


def _height(placed) -> float:
    return sum(block.height + gap for _, block, gap in placed)
