"""The words a card carries besides its own, fitted like its main text: the kind's label in
the front band, the kind's word and the deck's title on the back.

Each is fitted into a Room (a width and a height in points, the sizes to try from the
design size down to a floor, and how many lines it may take) and comes back as a Block,
data that a drawing places: today's band and back in `render.paint`, or a redesigned
back that brings Rooms of its own. What does not fit even at the floor raises
TooLong saying by how much; `render.face.FaceMaker` turns that into a DeckError at
the `labels:` or `title:` line.

CardLabels fits them for one deck on one card size, once per kind; the functions at
the end hold today's design: where on a card each of them goes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cardgen.deck.kinds import KINDS, LEVELS
from cardgen.deck.model import Deck
from cardgen.errors import DeckError, Position
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet
from cardgen.text.typography import Span

SAFE = 9.0  # 1/8 in: nothing is printed closer to the cut (the same as render.fitting.SAFE)
GAP = 4.0


@dataclass(frozen=True)
class Room:
    """Where a piece of words goes: `width` and `height` in points, the `sizes` to try
    (largest first; the last is the floor) and at most `lines` lines."""

    width: float
    height: float
    sizes: tuple[float, ...]
    lines: int


@dataclass(frozen=True)
class Back:
    """A kind's back, laid out: the pale disc of its mark and the kind's icon on it, the
    kind's word under them, the deck's logo (if any) and title at the foot, each line of
    words centred across the card. Positions are points from the card's lower-left trim
    corner; nothing comes nearer the trim than BACK_MARGIN, so a back printed a few
    millimetres off its front still looks right."""

    kind: str
    word: textlib.Block
    title: textlib.Block
    centre: float  # the x every line is centred on
    disc: tuple[float, float, float]  # (x, y) of its centre and its radius
    icon: tuple[float, float, float]  # (x, y) of its lower-left corner and its side
    word_top: float  # the top of the word's first line (its baseline one size below)
    title_top: float
    logo: tuple[float, float, float, float] | None = None  # (x, y, width, height)


class TooLong(Exception):
    """Words that do not fit their room even at its floor size; `how` says by how much."""

    def __init__(self, how: str):
        super().__init__(how)
        self.how = how


def fit(words: str, style: str, fonts: FontSet, room: Room, language: str,
        leading: float = 1.25) -> textlib.Block:
    """`words` at the largest of the room's sizes at which they fit it, wrapped (and
    hyphenated where `language` allows) within its width; raise TooLong otherwise."""
    spans = (Span(words, style),)
    for size in room.sizes:
        block = textlib.wrap(spans, fonts, size, room.width, language, leading)
        if block is None or len(block.lines) > room.lines:
            continue
        # A lone line needs room for its letters, not for the space a script's marks take
        # between lines (Arabic's): measured at the plain leading, as Latin's is.
        height = size * leading if len(block.lines) == 1 else block.height
        if height <= room.height + 1e-6:
            return block
    raise TooLong(_how(spans, fonts, room, language, leading))


def _how(spans, fonts: FontSet, room: Room, language: str, leading: float) -> str:
    floor = room.sizes[-1]
    if room.lines == 1:
        line = textlib.one_line(spans[0].text, spans[0].style, fonts, floor, leading,
                                language=language)
        wide = line.lines[0].width
        if wide <= room.width + 1e-6:  # wide enough: the script's line is too tall for it
            return (f"at {floor:g} pt its line is {math.ceil(line.height)} pt tall and there "
                    f"is room for {math.floor(room.height)} pt")
        return (f"at {floor:g} pt it is {math.ceil(wide)} pt wide and there is room for "
                f"{math.floor(room.width)} pt")
    block = textlib.wrap(spans, fonts, floor, room.width, language, leading)
    if block is None:
        wide = math.floor(room.width)
        return f"a word in it is too long for a line of {wide} pt, even hyphenated"
    most = min(room.lines, math.floor(room.height / (floor * leading) + 1e-6))
    return f"at {floor:g} pt it takes {len(block.lines)} lines and there is room for {most}"


class CardLabels:
    """The band labels and backs of one deck's cards on one card size, each fitted once."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, card_size: tuple[float, float],
                 card_name: str = "this"):
        self.deck, self.fonts, self.theme = deck, fonts, theme
        self.width, self.height = card_size
        self.card_name = card_name
        self._bands: dict[str, textlib.Block] = {}
        self._backs: dict[str, Back] = {}

    def band(self, kind: str, label: str) -> textlib.Block:
        """`label` fitted to the band of a `kind` card; DeckError at the label's line if it
        cannot fit."""
        if label not in self._bands:
            room = band_room(self.width, self.theme)
            try:
                # The deck's language: an Arabic label runs right to left, shaped as Arabic.
                self._bands[label] = fit(label, "bold", self.fonts, room, self.deck.language)
            except TooLong as error:
                raise self._label_too_long(kind, "band", error) from None
        return self._bands[label]

    def bands(self, kind: str, labels: Sequence[str]) -> list[textlib.Block]:
        """`labels` fitted to the bands of cards that follow one another (an intro's "How to
        use 1/3", "2/3", "3/3") at one size: the least any of them needs."""
        blocks = [self.band(kind, label) for label in labels]
        size = min((block.size for block in blocks), default=0.0)
        if all(block.size == size for block in blocks):
            return blocks
        room = replace(band_room(self.width, self.theme), sizes=(size,))
        # Each fits at `size`: one of them does, and a line that fits a size fits a smaller.
        return [block if block.size == size
                else fit(label, "bold", self.fonts, room, self.deck.language)
                for label, block in zip(labels, blocks, strict=True)]

    def back(self, kind: str) -> Back:
        """The back of every `kind` card: its word and the deck's title, fitted and laid out;
        DeckError at the label's or the title's line if either cannot fit."""
        if kind not in self._backs:
            deck, theme, language = self.deck, self.theme, self.deck.language
            logo = theme.logo.aspect if theme.logo else None
            try:
                word = fit(deck.labels[kind], "bold", self.fonts,
                           back_word_room(self.width, self.height, theme), language)
            except TooLong as error:
                raise self._label_too_long(kind, "back", error) from None
            room = back_title_room(self.width, self.height, theme, word, logo)
            try:
                title = fit(deck.title, "regular", self.fonts, room, language)
            except TooLong as error:
                where = deck.spots.get("title", Position(deck.path, 1, 1))
                raise DeckError(where, f"the title is too long for the back of a {self.card_name} "
                                       f"card: {error.how}",
                                "shorten the title, and move the rest to `subtitle:`") from None
            self._backs[kind] = back_layout(kind, word, title, self.width, self.height, logo)
        return self._backs[kind]

    def _label_too_long(self, kind: str, where: str, error: TooLong) -> DeckError:
        spots = self.deck.spots
        spot = (spots.get(f"labels.{kind}") or spots.get("language")
                or Position(self.deck.path, 1, 1))
        word = self.deck.labels[kind]
        return DeckError(spot, f"the label {word!r} is too long for the {where} of a "
                               f"{self.card_name} card: {error.how}",
                         f"set a shorter word under `labels:`, e.g. `{kind}: "
                         f"{KINDS[kind].labels[kind]['en']}`")


# --- today's design ------------------------------------------------------------------------


def band_room(card_width: float, theme: Theme) -> Room:
    """The kind's label in the front band, on one line after its icon: at the label size,
    shrinking to the small size."""
    icon = theme.label * 1.35 + theme.label * 0.5  # the icon and the space after it
    return Room(card_width - 2 * SAFE - icon, theme.label * 1.5, _down(theme.label, theme.note), 1)


LEVEL_DOT = 2.0  # the radius of a level mark's dots, in points
LEVEL_STEP = 6.5  # from one dot's centre to the next


def level_mark(card_width: float, card_height: float, theme: Theme,
               rtl: bool = False) -> tuple[tuple[float, float], ...]:
    """The centres of the level mark's LEVELS dots, in reading order (the first filled for
    level 1): in a row in the space between the band and the card's words, at the end the
    label leaves free (the right; the left when the label reads right to left), inside the
    safe margin. Nothing else is printed there, so a deck with levels fits as one without."""
    band = SAFE + theme.label * 1.5
    y = card_height - band - GAP  # the middle of the 2 GAP left above the words
    if rtl:
        return tuple((SAFE + LEVEL_DOT + (LEVELS - 1 - i) * LEVEL_STEP, y) for i in range(LEVELS))
    first = card_width - SAFE - LEVEL_DOT - (LEVELS - 1) * LEVEL_STEP
    return tuple((first + i * LEVEL_STEP, y) for i in range(LEVELS))


BACK_MARGIN = SAFE + 2 * GAP  # 17 pt: nothing on a back comes nearer the cut than this
TITLE_LINES = 4
OPTICAL = 0.4  # as render.face.OPTICAL: the mark and word sit a little above the middle


def back_word_room(card_width: float, card_height: float, theme: Theme) -> Room:
    """The kind's word on the back, under its mark: large, on at most two lines."""
    return Room(card_width - 4 * SAFE, card_height / 3, _down(theme.label * 1.5, theme.label), 2)


def back_title_room(card_width: float, card_height: float, theme: Theme, word: textlib.Block,
                    logo: float | None = None) -> Room:
    """The deck's title at the foot of the back, on at most TITLE_LINES lines, in what the
    smallest mark, the kind's word and the logo (of aspect `logo`, if any) leave."""
    height = (card_height - 2 * BACK_MARGIN - _least_mark(card_width, card_height)
              - 2 * GAP - word.height - 4 * GAP - _logo_height(card_width, card_height, logo))
    return Room(card_width - 4 * SAFE, max(0.0, height), _down(theme.note * 1.1, theme.note),
                TITLE_LINES)


def back_layout(kind: str, word: textlib.Block, title: textlib.Block, card_width: float,
                card_height: float, logo: float | None = None) -> Back:
    """Where everything on a back goes: the title on the bottom margin, the logo (of aspect
    `logo`) over it, and the mark (disc and icon) over the kind's word, centred across
    and set at the optical centre of the room above the logo."""
    centre = card_width / 2
    title_top = BACK_MARGIN + title.height
    foot = title_top
    placed_logo = None
    if logo is not None:
        height = _logo_height(card_width, card_height, logo) - 1.5 * GAP
        width = min(card_width - 4 * SAFE, height * logo)
        height = width / logo
        placed_logo = (centre - width / 2, title_top + 1.5 * GAP, width, height)
        foot = title_top + 1.5 * GAP + height
    ceiling = card_height - BACK_MARGIN
    room = ceiling - foot - 4 * GAP
    most = min(card_width, card_height) * 0.46
    diameter = max(_least_mark(card_width, card_height),
                   min(most, room - 2 * GAP - word.height))
    group = diameter + 2 * GAP + word.height
    top = ceiling - max(0.0, room - group) * OPTICAL
    radius = diameter / 2
    side = diameter * 0.56
    middle = top - radius
    return Back(kind, word, title, centre, (centre, middle, radius),
                (centre - side / 2, middle - side / 2, side), top - diameter - 2 * GAP,
                title_top, placed_logo)


def _least_mark(card_width: float, card_height: float) -> float:
    """The smallest disc a back's mark is drawn in, in points."""
    return max(24.0, min(card_width, card_height) * 0.18)


def _logo_height(card_width: float, card_height: float, logo: float | None) -> float:
    """The height a logo of aspect `logo` takes at the foot of a back, with the space
    above the title; 0 without one."""
    if logo is None:
        return 0.0
    band = min(card_height * 0.1, card_width * 0.14)
    return min(band, (card_width - 4 * SAFE) / logo) + 1.5 * GAP


def _down(size: float, floor: float) -> tuple[float, ...]:
    """`size`, then half points down to `floor`."""
    sizes = [size]
    step = math.floor(size * 2 - 1e-9) / 2
    while step > floor + 1e-9:
        sizes.append(step)
        step -= 0.5
    if floor < size:
        sizes.append(floor)
    return tuple(sizes)
