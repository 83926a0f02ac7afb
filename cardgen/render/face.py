"""Card faces: each card's words, by role, fitted to the card and placed, ready to draw.

Fitting comes first and is separate from drawing, so a build can report every
card that does not fit before it writes anything, and a fitted face can be drawn
on a sheet or on a print-shop page alike. Positions in a Face are in points from
the card's lower-left trim corner.

A FaceMaker is a Fitter (render.fitting: the sizes to try, each text wrapped and
measured at them) that turns each card's words into texts by role, places them on a
Face, and shares a long intro over several cards (render.intro).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from cardgen.deck.addresses import heard
from cardgen.deck.cards import Card, marked_level
from cardgen.deck.kinds import BLANK, INSTRUCTIONS, Printed
from cardgen.deck.model import Deck
from cardgen.errors import DeckError
from cardgen.render import intro
from cardgen.render.bilingual import Pairing, Said, said
from cardgen.render.fitting import GAP, SAFE, CardText, Fitter
from cardgen.render.footer import Footers
from cardgen.render.labels import Back, CardLabels
from cardgen.render.qr import largest_side
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet
from cardgen.text.glyphs import require_glyphs
from cardgen.text.hyphenation import unhyphenated
from cardgen.text.typography import Span, parse_markup, smarten, styled
from cardgen.text.urls import address_lines

# Where the main words sit in the room between the band and the notes: this share of the
# room they leave goes above them, the rest below. Under a half puts their centre a
# little above the middle, where the eye takes the middle to be (the optical centre).
OPTICAL = 0.4
NO_HYPHENATION = "zxx"  # the BCP 47 tag for "no linguistic content": no dictionary
QR_CODE = 57.0  # 2.01 cm of modules: phones read it from across a table
QR_SIZE = largest_side(QR_CODE)  # the room a code takes with its quiet zone


# Parts are made for every card: named tuples build several times faster than frozen
# dataclasses.
class Part(NamedTuple):
    """A block of text placed on a face; `bar` draws a rule beside it (reframe halves).

    `role` says what the words are to a reader, so which element of the structure they
    are (render.paint): a kind's role (deck.kinds), "heading" (the kind's word under the
    band) or "footer"; `lang` their language when not the deck's (a bilingual source's)."""

    block: textlib.Block
    x: float
    top: float
    colour: str  # "ink", "muted" or "kind"
    bar: str | None = None
    role: str = "main"
    lang: str | None = None


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
    level: int = 0  # the filled dots of the level mark; 0: no mark (see Card.level)
    # What a reader hears of the address printed beside the QR code (a link) and of the
    # code's picture, in the deck's language (deck.addresses.heard).
    qr_heard: tuple[str, str] | None = None


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
    "sms": Look("second", "kind", "bold"),
    "details": Look("second"),
    "checked": Look("note", "muted", bottom=True),
    "content-note": Look("note", "muted", "italic"),  # stays under the band (_fit)
}
_ADDRESS = Look("note", "muted")
# A bilingual card's source words: a step down from the translation's, muted (render.bilingual).
UNDER = {"main": "second", "second": "third", "note": "note"}
# Texts that stay right under the band, in this order: the kind's word in the source's
# language when both words do not fit the band (bilingual cards), then a content note.
PINNED = ("kind_word", "content_note")


class FaceMaker(Fitter):
    """Fits the cards of one deck onto one card size, reporting what cannot fit."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, card_size: tuple[float, float],
                 card_name: str = "this", pairing: Pairing | None = None):
        super().__init__(deck, fonts, theme, card_size, card_name)
        self.labels = CardLabels(deck, fonts, self.theme, card_size, card_name)
        self.footers = Footers(deck, fonts, self.theme, self.content_width, card_name)
        self.pairing = pairing  # a translation printed with its source's words beneath
        self._in_band: dict[str, bool] = {}  # bilingual: whether both words fit the band

    # --- the text of each kind ---------------------------------------------

    def face(self, card: Card) -> list[Face]:
        """The card's faces (the instructions may take several), with their band and back."""
        back = self.labels.back(card.kind.name)
        level = marked_level(self.deck, card)
        faces = self._faces(card)
        # An intro's cards ("How to use 1/2", "2/2") have their labels at one size.
        bands = self.labels.bands(card.kind.name, [face.label for face in faces])
        return [replace(face, band=band, back=back, level=level)
                for face, band in zip(faces, bands, strict=True)]

    def _faces(self, card: Card) -> list[Face]:
        label, words = self._label(card), self._said(card)
        if card.kind is INSTRUCTIONS:
            return self._instructions(card, label)
        if card.kind is BLANK:
            return [self._blank(card, label)]
        assert card.item is not None
        top: list[CardText] = []
        bottom: list[CardText] = []
        qr = None
        checked = None
        for spoken in words:
            piece = spoken.piece
            if piece.role == "address":
                opens = piece.link or piece.text
                qr = (opens, [self.text(card, piece, _ADDRESS, url=True)],
                      heard(piece.text, opens, self.deck.labels))
                continue
            look = ROLES[piece.role]
            text = self._under(card, spoken) if spoken.under else self.text(card, piece, look)
            if piece.role == "checked":
                checked = text
                continue
            (bottom if look.bottom else top).append(text)
        if checked is not None:  # when a number was checked goes with its QR code, or last
            (qr[1] if qr else bottom).append(checked)
        return [self._fit(card, label, top, bottom, qr)]

    def _label(self, card: Card) -> str:
        """The kind's word for the band: in both languages on a bilingual card whose pair
        fits the band on one line, else the deck's."""
        kind = card.kind.name
        if self.pairing is None or (card.item is not None
                                    and self.pairing.source_item(card) is None):
            return self.deck.labels[kind]
        both = self.pairing.label(kind)
        if kind not in self._in_band:
            try:
                self.labels.band(kind, both)
                self._in_band[kind] = True
            except DeckError:  # the translation's word in the band, the source's under it
                self._in_band[kind] = False
        return both if self._in_band[kind] else self.deck.labels[kind]

    def _said(self, card: Card) -> list[Said]:
        """The card's words: in both languages on a bilingual card."""
        if self.pairing is None:
            return said(card, self.deck)
        words = self.pairing.said(card)
        in_band = self._in_band.get(card.kind.name, True)
        if words and not in_band and self.pairing.source_item(card):
            words.insert(0, self._kind_word(card, self.pairing))
        return words

    def _kind_word(self, card: Card, pairing: Pairing) -> Said:
        """The kind's word in the source's language, for under the band."""
        source = pairing.source
        word = Printed("topic", source.labels[card.kind.name], "kind_word")
        return Said(word, source.language, source.spots, under=True)

    def _under(self, card: Card, spoken: Said) -> CardText:
        """One piece of the source's words, a step smaller than the translation's, muted."""
        look = ROLES[spoken.piece.role]
        look = replace(look, step=UNDER.get(look.step, look.step), colour="muted", gap=0.0)
        return self.text(card, spoken.piece, look, spoken=spoken)

    def describe(self, card: Card) -> str:
        """How messages about fitting name the card: in which languages, on a bilingual one."""
        if self.pairing is None:
            return card.describe()
        return self.pairing.describe(card)

    def elsewhere(self, card: Card, key: str) -> str:
        """On a bilingual card, where the source's words that share it are."""
        theirs = self.pairing.source_item(card) if self.pairing else None
        if self.pairing is None or theirs is None or key not in theirs.spots:
            return ""
        return f" (or its {self.pairing.name(self.pairing.source)}, at {theirs.spots[key]})"

    def text(self, card: Card, piece: Printed, look: Look, url: bool = False,
             spoken: Said | None = None) -> CardText:
        """Prepare one piece of a card's words: typography, markup, and a check that
        every glyph exists. `spoken` says whose words they are: the source's, on a
        bilingual card, are set in its language.

        An address is printed exactly as typed and breaks as an address (text.urls),
        never with an added hyphen that a reader would type in.
        """
        raw = piece.text
        spots = self.deck.spots if piece.label else (card.item.spots if card.item else {})
        if spoken is not None and spoken.spots is not None:
            spots = spoken.spots
        where = spots.get(piece.key, card.where)
        require_glyphs(self.fonts, raw, where, card.describe())
        own = spoken.language if spoken is not None else None  # None: the deck's
        role = "heading" if piece.key == "kind_word" else piece.role
        if url:
            return CardText((Span(raw, look.style),), look.step, look.colour,
                            language=NO_HYPHENATION, key=piece.key, where=where, role=role,
                            lang=own)
        spans = styled(parse_markup(smarten(raw, own or self.deck.language)), look.style)
        # A hero (a phone number) breaks only at its spaces: a hyphen added to it would be
        # dialled. Its digits are the deck's language's all the same (Urdu's, Persian's).
        language = unhyphenated(self.deck.language) if look.step == "hero" else own
        return CardText(tuple(spans), look.step, look.colour, look.bar, look.gap, language,
                        piece.key, where, role, own)

    # --- placing the texts at the size they fit ------------------------------

    def _fit(self, card: Card, label: str, top: list[CardText], bottom: list[CardText],
             qr: tuple[str, list[CardText], tuple[str, str]] | None,
             ladder: tuple[float, ...] | None = None) -> Face:
        """Place the texts at the largest main size on the ladder (or `ladder`) that fits.

        `top` is set at the optical centre of the room between the band and the
        `bottom` texts, which stack up from above the footer: a short prompt sits in
        the middle of the card, a long one fills it. A hero (a helpline's number) is
        set at a size of its own, as large as it is one line and as the room the rest of
        the card leaves it (render.fitting's `_sizes`); every other text stays smaller. A QR code
        sits bottom left with its address beside it; on a landscape card it takes
        the right-hand side and the address joins the text.
        """
        left, width = SAFE, self.content_width
        content_top = self.height - self.band_depth - GAP * 2
        footer = self._footer(card)
        floor_y = (footer.top if footer else SAFE) + GAP * 2
        qr_box, beside, qr_height = None, None, 0.0
        if qr and self.width > self.height:
            width -= QR_SIZE + GAP * 2
            top = [*top, self._address(qr[1][0], width), *qr[1][1:]]
            qr_box = (qr[0], left + self.content_width - QR_SIZE, floor_y, QR_SIZE)
        elif qr:
            qr_box = (qr[0], left, floor_y, QR_SIZE)
            room_beside = width - QR_SIZE - GAP * 2
            beside = self._stack([self._address(qr[1][0], room_beside), *qr[1][1:]], 0.0,
                                 room_beside)
            if beside is None:  # a narrow card: the address goes above the code
                top = [*top, self._address(qr[1][0], width), *qr[1][1:]]
            qr_height = max(QR_SIZE, _height(beside or [])) + GAP * 2
        room = content_top - floor_y - qr_height
        rounds, least = self._sizes(card, [*top, *bottom], width, ladder)
        shortfall = None
        for pairs in rounds:  # (main size, hero size), best first
            found: Face | None = None  # the largest fit, though it strands a word
            for size, hero in pairs:
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
                # A content note stays right under the band; the rest is centred below it.
                pinned = _pinned(placed_top)
                parts = self._place(pinned, left, content_top)
                parts += self._place(placed_top[len(pinned):], left,
                                     content_top - _height(pinned) - spare * OPTICAL)
                parts += self._place(placed_bottom, left,
                                     floor_y + qr_height + _height(placed_bottom))
                if beside:
                    # Level with the code's top; a taller text keeps its foot on the floor.
                    parts += self._place(beside, left + QR_SIZE + GAP * 2,
                                         floor_y + max(QR_SIZE, _height(beside)))
                face = Face(card, label, tuple(parts), footer, qr_box,
                            qr_heard=qr[2] if qr else None,
                            main_size=size)
                if not any(part.block.stranded for part in parts):
                    return face
                # A word stranded at a line's end ("¿Cómo / estás") may go down the ladder
                # by up to 2.5 pt to find a line for it; no further: small type is worse.
                if found is not None and size < found.main_size - 2.5:
                    return found
                found = found or face
            if found is not None:
                return found
        raise self._too_long(card, shortfall, [*top, *bottom], least)

    def _address(self, text: CardText, width: float) -> CardText:
        """The address broken into lines as an address (text.urls), for `width`."""
        [span] = text.spans
        lines = address_lines(span.text, self.fonts, self._point(text.step, 0.0, None), width,
                              span.style)
        return text._replace(spans=(Span("\n".join(lines), span.style),))

    def _place(self, placed, left: float, top: float) -> list[Part]:
        parts = []
        for text, block, gap in placed:
            top -= gap
            # A rule stands before the text: on the left, or on the right of right-to-left text.
            x = left + (6.0 if text.bar and not block.rtl else 0.0)
            parts.append(Part(block, x, top, text.colour, text.bar, text.role or "main",
                              text.lang))
            top -= block.height
        return parts

    def _footer(self, card: Card) -> Part | None:
        """The card's footer, at the foot of its safe area (see render/footer.py)."""
        block = self.footers.block(card)
        return None if block is None else Part(block, SAFE, SAFE + block.height, "muted",
                                               role="footer")

    # --- the cards that are not deck entries --------------------------------

    def _instructions(self, card: Card, label: str) -> list[Face]:
        """The intro on as few cards as hold it at one size of INTRO_LEAST or more
        (render.intro). On a bilingual card the source's intro goes beneath, a step
        smaller and muted, when both fit one card; else the source's intro follows on
        cards of its own, in its language with its own word in the band, so each reader
        has the whole of it."""
        mine = self._intro_texts(card, self.deck)
        source = self.pairing.source if self.pairing else None
        if source is None or not source.intro:
            return self._intro_faces(card, label, mine)
        at = replace(card, where=source.spots.get("intro", card.where))  # messages point there
        theirs = self._intro_texts(at, source)
        under = [text._replace(step="second", colour="muted") for text in theirs]
        if label == self.deck.labels[card.kind.name]:
            # The band holds one word: the source's heads its intro ("How to use").
            assert self.pairing is not None
            under.insert(0, self._under(card, self._kind_word(card, self.pairing)))
        under[0] = under[0]._replace(gap_before=1.0)
        sizes = self.theme.sizes(self.width, self.height)
        try:
            return [self._fit(card, label, [*mine, *under], [], None,
                              tuple(s for s in sizes if s >= intro.least(self) - 1e-9))]
        except DeckError:
            pass
        return (self._intro_faces(card, self.deck.labels[card.kind.name], mine)
                + [replace(face, card=card) for face in
                   self._intro_faces(at, source.labels[card.kind.name], theirs)])

    def _intro_texts(self, card: Card, deck: Deck) -> list[CardText]:
        """`deck`'s intro as texts, a paragraph each, in its language."""
        paragraphs = [p.strip() for p in (deck.intro or "").split("\n\n") if p.strip()]
        for paragraph in paragraphs:
            require_glyphs(self.fonts, paragraph, card.where, card.describe())
        own = None if deck is self.deck else deck.language  # None: the deck's
        return [CardText(tuple(parse_markup(smarten(p, deck.language))), "main",
                         gap_before=1.0 if i else 0.0, language=own, role="main", lang=own)
                for i, p in enumerate(paragraphs)]

    def _intro_faces(self, card: Card, label: str, texts: list[CardText]) -> list[Face]:
        """Intro paragraphs on as few cards as hold them at one size (render.intro.plans),
        "How to use 1/2", "2/2"; an error saying by how much when one paragraph cannot fit
        a card even at the floor."""
        for size, groups in intro.plans(self, texts):
            total = len(groups)
            try:
                return [self._fit(card, label if total == 1 else f"{label} {i}/{total}",
                                  [group[0]._replace(gap_before=0.0), *group[1:]], [], None,
                                  (size,))
                        for i, group in enumerate(groups, 1)]
            except DeckError:  # measured to fit: only a word's break can tell otherwise
                continue
        split = intro.IntroSplit(self, texts, self.theme.floor)
        alone = next((i for i in range(len(texts)) if not split.fits(i, i + 1)), 0)
        return [self._fit(card, label, [texts[alone]._replace(gap_before=0.0)] if texts else [],
                          [], None)]

    def _blank(self, card: Card, label: str) -> Face:
        footer = self._footer(card)
        top = self.height - self.band_depth - GAP * 2
        bottom = (footer.top if footer else SAFE) + GAP * 2
        spacing = self.theme.floor * 2.2
        rules = []
        y = top - spacing
        while y >= bottom:
            rules.append(y)
            y -= spacing
        return Face(card, label, (), footer, None, tuple(rules))


def _pinned(placed):
    """The first texts, while they are those that stay under the band (PINNED)."""
    pinned = []
    for text in placed:
        if text[0].key not in PINNED:
            break
        pinned.append(text)
    return pinned


def _height(placed) -> float:
    return sum(block.height + gap for _, block, gap in placed)
