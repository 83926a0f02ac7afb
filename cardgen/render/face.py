"""Card faces: fitting each card's words into the card, then drawing fronts and backs.

Fitting comes first and is separate from drawing, so a build can report every
card that does not fit before it writes anything, and a fitted face can be drawn
on a sheet or on a print-shop page alike. Positions in a Face are in points from
the card's lower-left trim corner.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from cardgen.deck.cards import Card
from cardgen.deck.kinds import BLANK, INSTRUCTIONS, Printed
from cardgen.deck.model import Deck
from cardgen.errors import DeckError, Position
from cardgen.render.footer import Footers
from cardgen.render.labels import Back, CardLabels
from cardgen.render.qr import largest_side
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet, require_glyphs
from cardgen.text.hyphenation import unhyphenated
from cardgen.text.typography import Span, parse_markup, smarten, styled

SAFE = 9.0  # 1/8 in: text stays this far inside the cut line
GAP = 4.0  # points between the parts of a face
# Where the main words sit in the room between the band and the notes: this share of the
# room they leave goes above them, the rest below. Under a half puts their centre a
# little above the middle, where the eye takes the middle to be (the optical centre).
OPTICAL = 0.4
NO_HYPHENATION = "zxx"  # the BCP 47 tag for "no linguistic content": no dictionary
QR_CODE = 57.0  # 2.01 cm of modules: phones read it from across a table
QR_SIZE = largest_side(QR_CODE)  # the room a code takes with its quiet zone
# Wrapped texts a FaceMaker remembers: a card tries several sizes, and labels and notes
# repeat from card to card; more would only hold on to cards long since drawn.
WRAPPED_KEPT = 4096


# Parts and texts are made for every card: named tuples build several times faster than
# frozen dataclasses.
class Part(NamedTuple):
    """A block of text placed on a face; `bar` draws a rule beside it (reframe halves)."""

    block: textlib.Block
    x: float
    top: float
    colour: str  # "ink", "muted" or "kind"
    bar: str | None = None


@dataclass(frozen=True)
class Face:
    """A card fitted to its size: its front's parts, and the fitted label for its band and
    back for its kind (see render.labels)."""

    card: Card
    label: str
    parts: tuple[Part, ...]
    footer: Part | None
    qr: tuple[str, float, float, float] | None = None  # (address, x, y, size)
    rules: tuple[float, ...] = ()  # heights of lines to write on (blank cards)
    main_size: float = 0.0
    band: textlib.Block | None = None  # the label, fitted to the band
    back: Back | None = None


@dataclass(frozen=True)
class Look:
    """How a role's text looks on a card face.

    `step` is "main" (the size fitted to the card), "second" (a step smaller), "note"
    (the theme's size for coaching notes, never under 9 pt) or "hero" (the largest
    words on the card, at a size of their own that never shrinks to make room: the
    rest of the card does); `colour` is "ink", "muted" or "kind"; `bar` draws a rule
    of that colour beside the text; `gap` is extra space above, in GAPs. `bottom`
    texts stack up from the footer instead of down from the label.
    """

    step: str
    colour: str = "ink"
    style: str = "regular"
    bar: str | None = None
    gap: float = 0.0
    bottom: bool = False


# Each role a kind's words play (see cardgen.deck.kinds), as it looks on a card face.
# An "address" is not here: it is printed as typed beside its QR code.
ROLES: dict[str, Look] = {
    "topic": Look("note", "kind", "bold"),
    "main": Look("main"),
    "said-label": Look("note", "muted", "bold", gap=0.3),
    "said": Look("second", "muted", "italic", bar="muted"),
    "try-label": Look("note", "kind", "bold", gap=1.5),
    "try": Look("main", bar="kind"),
    "note": Look("note", "muted", bottom=True),
    "why": Look("note", "muted", bottom=True),
    "by": Look("note", "ink", "bold", bottom=True),
    "source": Look("note", "muted", "italic", bottom=True),
    "minutes": Look("note", "kind", "bold", bottom=True),
    "name": Look("second", "ink", "bold"),
    "phone": Look("hero", "kind", "bold"),
    "details": Look("second"),
}
_ADDRESS = Look("note", "muted")


class _Text(NamedTuple):
    """A piece of card text waiting to be fitted."""

    spans: tuple[Span, ...]
    step: str  # "main", "second" (a step smaller than main), "note" or "hero"
    colour: str = "ink"
    bar: str | None = None
    gap_before: float = 0.0  # extra space above, in GAPs
    language: str | None = None  # for hyphenation; None: the deck's
    key: str = ""  # the deck key the words come from, for messages
    where: Position | None = None  # where they are in the deck file

    @property
    def length(self) -> int:
        return sum(len(span.text) for span in self.spans)


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
        self.labels = CardLabels(deck, fonts, theme, card_size, card_name)
        self.footers = Footers(deck, fonts, theme, self.content_width, card_name)

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
        """The card's faces (the instructions may take several), with their band and back."""
        back = self.labels.back(card.kind.name)
        return [replace(face, band=self.labels.band(card.kind.name, face.label), back=back)
                for face in self._faces(card)]

    def _faces(self, card: Card) -> list[Face]:
        label = self.deck.labels[card.kind.name]
        if card.kind is INSTRUCTIONS:
            return self._instructions(card, label)
        if card.kind is BLANK:
            return [self._blank(card, label)]
        assert card.item is not None
        top: list[_Text] = []
        bottom: list[_Text] = []
        qr = None
        for piece in card.kind.printed(card.item, self.deck.labels, self.deck.language):
            if piece.role == "address":
                qr = (piece.text, self.text(card, piece, _ADDRESS, url=True))
                continue
            look = ROLES[piece.role]
            (bottom if look.bottom else top).append(self.text(card, piece, look))
        return [self._fit(card, label, top, bottom, qr)]

    def text(self, card: Card, piece: Printed, look: Look, url: bool = False) -> _Text:
        """Prepare one piece of a card's words: typography, markup, and a check that
        every glyph exists.

        An address is printed exactly as typed and breaks only after / or -,
        never with an added hyphen that a reader would type in.
        """
        raw = piece.text
        spots = self.deck.spots if piece.label else (card.item.spots if card.item else {})
        where = spots.get(piece.key, card.where)
        require_glyphs(self.fonts, raw, where, card.describe())
        if url:
            return _Text((Span(raw, look.style),), look.step, look.colour,
                          language=NO_HYPHENATION, key=piece.key, where=where)
        spans = styled(parse_markup(smarten(raw, self.deck.language)), look.style)
        # A hero (a phone number) breaks only at its spaces: a hyphen added to it would be
        # dialled. Its digits are the deck's language's all the same (Urdu's, Persian's).
        language = unhyphenated(self.deck.language) if look.step == "hero" else None
        return _Text(tuple(spans), look.step, look.colour, look.bar, look.gap, language,
                     piece.key, where)

    # --- fitting -------------------------------------------------------------

    def _fit(self, card: Card, label: str, top: list[_Text], bottom: list[_Text],
             qr: tuple[str, _Text] | None) -> Face:
        """Place the texts at the largest main size on the ladder that fits.

        `top` is set at the optical centre of the room between the band and the
        `bottom` texts, which stack up from above the footer: a short prompt sits in
        the middle of the card, a long one fills it. A hero (a helpline's number) is
        set first at a size of its own; the ladder then stops below it. A QR code
        sits bottom left with its address beside it; on a landscape card it takes
        the right-hand side and the address joins the text.
        """
        left, width = SAFE, self.content_width
        content_top = self.height - self._band - GAP * 2
        footer = self._footer(card)
        floor_y = (footer.top if footer else SAFE) + GAP * 2
        qr_box, beside, qr_height = None, None, 0.0
        if qr and self.width > self.height:
            width -= QR_SIZE + GAP * 2
            top = [*top, qr[1]]
            qr_box = (qr[0], left + self.content_width - QR_SIZE, floor_y, QR_SIZE)
        elif qr:
            qr_box = (qr[0], left, floor_y, QR_SIZE)
            beside = self._stack([qr[1]], 0.0, width - QR_SIZE - GAP * 2)
            if beside is None:  # a narrow card: the address goes above the code
                top = [*top, qr[1]]
            qr_height = max(QR_SIZE, _height(beside or [])) + GAP * 2
        room = content_top - floor_y - qr_height
        hero = self._hero(card, [*top, *bottom], width)
        shortfall = None
        found: Face | None = None  # the largest fit, though it strands a word
        for size in self._ladder([*top, *bottom], hero):
            early = self._height_needed(top, bottom, size, width, hero)
            if early is not None and early > room + 1e-6:  # too big: no breaks chosen
                shortfall = early - room
                continue
            placed_top = self._stack(top, size, width, hero)
            placed_bottom = self._stack(bottom, size, width, hero)
            if placed_top is None or placed_bottom is None:
                continue
            under = _height(placed_bottom) + (GAP * 2 if placed_bottom else 0.0)
            needed = _height(placed_top) + under
            if needed > room + 1e-6:
                shortfall = needed - room
                continue
            placed_top = self._loosen(placed_top, room - needed, width)
            spare = max(0.0, room - under - _height(placed_top))
            parts = self._place(placed_top, left, content_top - spare * OPTICAL)
            parts += self._place(placed_bottom, left, floor_y + qr_height + _height(placed_bottom))
            if beside:
                parts += self._place(beside, left + QR_SIZE + GAP * 2, floor_y + QR_SIZE)
            face = Face(card, label, tuple(parts), footer, qr_box, main_size=size)
            if not any(part.block.stranded for part in parts):
                return face
            # A word stranded at a line's end ("¿Cómo / estás") may go down the ladder
            # by up to 2.5 pt to find a line for it; no further: small type is worse.
            if found is not None and size < found.main_size - 2.5:
                return found
            found = found or face
        if found is not None:
            return found
        raise self._too_long(card, shortfall, [*top, *bottom], hero)

    def _hero(self, card: Card, texts: list[_Text], width: float) -> float | None:
        """The size of the card's hero texts: the largest of the theme's hero sizes at which
        each is one line (or, failing that, at which each fits the width at all); None for
        a card without one. DeckError at the hero's line when it cannot fit even then."""
        heroes = [text for text in texts if text.step == "hero"]
        if not heroes:
            return None
        sizes = self.theme.hero(self.width, self.height)
        blocks = {size: [self._wrap(text, size, width) for text in heroes] for size in sizes}
        for size in sizes:
            if all(block is not None and len(block.lines) == 1 for block in blocks[size]):
                return size
        for size in sizes:
            if all(block is not None for block in blocks[size]):
                return size
        least = sizes[-1]
        text = next(t for t, b in zip(heroes, blocks[least]) if b is None)
        wide = max(textlib.one_line(word, span.style, self.fonts, least).lines[0].width
                   for span in text.spans for word in span.text.split())
        raise self._hero_too_wide(card, text, least, wide, width)

    def _hero_too_wide(self, card: Card, text: _Text, size: float, wide: float,
                       width: float) -> DeckError:
        bigger = "--card large" if self.card_name != "large" else "a bigger card"
        return DeckError(text.where or card.where,
                         f"{card.describe()}: the `{text.key}` is too wide for a {self.card_name} "
                         f"card: at {size:g} pt, the least it prints at, {math.ceil(wide)} pt of "
                         "it has no space to break at and there is room for "
                         f"{math.floor(width)} pt",
                         "give only the number here, with spaces between its groups if it is "
                         f"long (words such as TTY go in `note:`), or use a bigger card: {bigger}")

    def _ladder(self, texts: list[_Text], hero: float | None) -> tuple[float, ...]:
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
            return max(self.theme.floor, size * 0.8)
        if step == "hero":
            assert hero is not None
            return hero
        return self.theme.note

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

    def _stack(self, texts: list[_Text], size: float, width: float,
               hero: float | None = None) -> list[tuple[_Text, textlib.Block, float]] | None:
        """Wrap each text at its size for main size `size` (and hero size `hero`); None if a
        word cannot fit."""
        placed: list[tuple[_Text, textlib.Block, float]] = []
        for text in texts:
            block = self._wrap(text, self._point(text.step, size, hero), width)
            if block is None:
                return None
            gap = (text.gap_before + (1.0 if placed else 0.0)) * GAP
            placed.append((text, block, gap))
        return placed

    def _height_needed(self, top: list[_Text], bottom: list[_Text], size: float, width: float,
                       hero: float | None) -> float | None:
        """The height `_fit` finds `top` and `bottom` need at main size `size`, summed
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

    def _wrap(self, text: _Text, point: float, width: float) -> textlib.Block | None:
        """`text` wrapped at `point` within `width` (less its bar), remembered."""
        width_here = width - (6.0 if text.bar else 0.0)
        key = (text.spans, point, width_here, text.language)
        if key not in self._wrapped:
            if len(self._wrapped) >= WRAPPED_KEPT:  # a big deck's texts would all stay
                self._wrapped.clear()
            self._wrapped[key] = textlib.wrap(text.spans, self.fonts, point, width_here,
                                              text.language or self.deck.language)
        return self._wrapped[key]

    def _place(self, placed, left: float, top: float) -> list[Part]:
        parts = []
        for text, block, gap in placed:
            top -= gap
            # A rule stands before the text: on the left, or on the right of right-to-left text.
            x = left + (6.0 if text.bar and not block.rtl else 0.0)
            parts.append(Part(block, x, top, text.colour, text.bar))
            top -= block.height
        return parts

    def _footer(self, card: Card) -> Part | None:
        """The card's footer, at the foot of its safe area (see render/footer.py)."""
        block = self.footers.block(card)
        return None if block is None else Part(block, SAFE, SAFE + block.height, "muted")

    def _too_long(self, card: Card, shortfall: float | None, texts: Sequence[_Text] = (),
                  hero: float | None = None) -> DeckError:
        floor = self.theme.floor
        if shortfall is None:
            how = "a word in it is too long for a line even when hyphenated"
        else:
            how = (f"at {floor:g} pt it needs {math.ceil(shortfall)} pt more height than the "
                   "card has")
        bigger = ("--card large" if self.card_name != "large"
                  else "a bigger size such as --card 4x6in")
        hint = f"shorten the text, or use a bigger card: {bigger}"
        if self.theme.large_print:
            hint = f"large print needs room: use {bigger}, or shorten the text"
        if hero is not None:  # the number keeps its size: point at the longest words that shrink
            shrinking = [t for t in texts if t.step in ("main", "second") and t.where]
            longest = max(shrinking, key=lambda t: t.length, default=None)
            where = longest.where if longest and longest.where else card.where
            shorten = f"shorten `{longest.key}:`" if longest else "shorten the text"
            return DeckError(where, f"{card.describe()} does not fit on a {self.card_name} card "
                                    f"with its number at {hero:g} pt: {how}",
                             f"{shorten} (the number never shrinks), or use a bigger card: "
                             f"{bigger}")
        # Point at the words to shorten (a prompt's text, a reframe's `try`), as lint does.
        key = card.kind.lint_size or "text"
        where = card.item.spots.get(key, card.where) if card.item else card.where
        return DeckError(where, f"{card.describe()} does not fit on a {self.card_name} card: {how}",
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
        split = _Split(self, texts)
        groups = split.groups()
        if groups is None:  # a paragraph too long for a card of its own: say by how much
            alone = next((i for i in range(len(texts)) if not split.fits(i, i + 1)), 0)
            return [self._fit(card, label, [texts[alone]._replace(gap_before=0.0)], [], None)]
        total = len(groups)
        return [self._fit(card, f"{label} {i}/{total}",
                          [group[0]._replace(gap_before=0.0), *group[1:]], [], None)
                for i, group in enumerate(groups, 1)]

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


class _Split:
    """Paragraphs shared over as few instruction cards as hold them, as evenly as can be.

    Each paragraph is wrapped once at the floor size, so whether a run of paragraphs
    fits one card is a sum: the count of cards comes from filling each card in turn,
    and the most even split with that count from a table over where each card may
    start (quadratic in the paragraphs, however many there are).
    """

    def __init__(self, maker: FaceMaker, texts: list[_Text]):
        self.texts = texts
        theme = maker.theme
        self.room = maker.height - maker._band - SAFE - theme.footer * 1.25 - GAP * 4
        # Running sums over the paragraphs, so any run of them is measured in one step.
        heights, lengths, gaps, broken = [0.0], [0], [0.0], [0]
        for text in texts:
            placed = maker._stack([text], theme.floor, maker.content_width)
            heights.append(heights[-1] + (placed[0][1].height if placed else 0.0))
            lengths.append(lengths[-1] + sum(len(span.text) for span in text.spans))
            gaps.append(gaps[-1] + text.gap_before)
            broken.append(broken[-1] + (placed is None))  # a word too long for a line
        self.heights, self.lengths, self.gaps, self.broken = heights, lengths, gaps, broken

    def fits(self, start: int, end: int) -> bool:
        """Whether paragraphs start:end fit one card at the floor size."""
        if self.broken[end] > self.broken[start]:
            return False
        gaps = self.gaps[end] - self.gaps[start] + (end - start - 1)
        return self.heights[end] - self.heights[start] + gaps * GAP <= self.room

    def length(self, start: int, end: int) -> int:
        return self.lengths[end] - self.lengths[start]

    def groups(self) -> list[list[_Text]] | None:
        """The paragraphs in groups, one a card; None when one alone cannot fit."""
        count = len(self.texts)
        if not all(self.fits(i, i + 1) for i in range(count)):
            return None
        cards, start = 0, 0
        while start < count:  # filling each card in turn gives the fewest cards
            end = start + 1
            while end < count and self.fits(start, end + 1):
                end += 1
            cards, start = cards + 1, end
        # longest[k][i]: the least "longest card" (in characters) that paragraphs i: can
        # have on k cards; None where they cannot go on k cards.
        longest: list[list[int | None]] = [[None] * (count + 1) for _ in range(cards + 1)]
        longest[0][count] = 0
        for k in range(1, cards + 1):
            for i in range(count - 1, -1, -1):
                for j in range(i + 1, count + 1):
                    if not self.fits(i, j):
                        break  # more paragraphs only get taller
                    rest = longest[k - 1][j]
                    if rest is not None:
                        value = max(self.length(i, j), rest)
                        current = longest[k][i]
                        longest[k][i] = value if current is None else min(current, value)
        target = longest[cards][0]
        assert target is not None  # filling in turn found a split with this many cards
        groups, start = [], 0
        for k in range(cards, 0, -1):  # the earliest cuts that keep the target, card by card
            end = next(j for j in range(start + 1, count + 1)
                       if self.fits(start, j) and self.length(start, j) <= target
                       and (longest[k - 1][j] or 0) <= target and longest[k - 1][j] is not None)
            groups.append(self.texts[start:end])
            start = end
        return groups
