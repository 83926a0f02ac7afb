"""Bilingual cards (`--bilingual`): a translation's words with its source's beneath them.

A translation deck names its source (`translation_of:`) and its cards pair with the
source's by `id` (deck.translation). A `Pairing` turns a translation card into the
pieces it prints in both languages, in reading order: each piece of the translation,
then the source's piece of the same role, marked `under` and set in the source's
language (its quotation marks, its hyphenation, its direction). Card faces, the
booklet and the screen edition read the same pieces and give `under` words their own
look: smaller, muted, beneath.

Some words are said once: a helpline's number, its text line and when it was checked
(the number is the same number), a quotation's `by` and `source` (the same person),
a practice's minutes. Labels and topics are short and go on one line, "Pregunta · Ask".
A card the source does not have (no `id`, or one the source lacks) prints alone in the
translation's language: a translation may add cards of its own, such as a helpline in
its language, and a card missing from the box is worse than one in one language; the
build says which cards those are (`unpaired`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from cardgen.deck.cards import Card
from cardgen.deck.kinds import Item, Printed
from cardgen.deck.model import Deck
from cardgen.deck.translation import load_source, source_items
from cardgen.errors import Position, SettingError

# Between a label's two words, "Pregunta · Ask": a no-break space keeps the dot to the first.
SEPARATOR = "\u00a0\u00b7 "
# Words said once, in the translation's: the same number, person or length either way.
ONCE = frozenset({"phone", "sms", "by", "source", "minutes", "checked", "address"})
JOINED = frozenset({"topic"})  # short headings, on one line like a label


class Said(NamedTuple):
    """One piece of a card's words and whose words they are: `language` None and `spots`
    None for the deck's own (the card's entry, or the deck's labels); `under` for the
    source's words beneath the translation's."""

    piece: Printed
    language: str | None = None
    spots: Mapping[str, Position] | None = None
    under: bool = False


def said(card: Card, deck: Deck) -> list[Said]:
    """What a card prints in its deck's language alone."""
    if card.item is None:
        return []
    return [Said(piece) for piece in card.kind.printed(card.item, deck.labels, deck.language)]


@dataclass(frozen=True)
class Pairing:
    """A translation deck and its source, its cards paired by id."""

    translation: Deck
    source: Deck
    items: Mapping[str, Item]  # the source's entry for each of the translation's ids it has

    @classmethod
    def of(cls, deck: Deck) -> Pairing:
        """The pairing of `deck` with the deck it translates: a SettingError (for
        `--bilingual`) when it is not a translation, DeckErrors when its source is missing
        or has mistakes."""
        if deck.translation_of is None:
            raise SettingError("bilingual", f"{deck.path} is not a translation: it has no "
                                            "`translation_of:` naming the deck it translates, so "
                                            "there is no second language to print; build it "
                                            "without --bilingual, or add `translation_of:` (a "
                                            "whole folder built with --bilingual prints its "
                                            "translations in both languages, the rest as usual)")
        source = load_source(deck)
        return cls(deck, source, source_items(deck, source))

    def source_item(self, card: Card) -> Item | None:
        """The source's entry a translation card pairs with, if any."""
        if card.item is None or card.item.id is None:
            return None
        return self.items.get(card.item.id)

    def unpaired(self, cards: Sequence[Card]) -> list[Card]:
        """The entries among `cards` that print in the translation's language alone."""
        return [card for card in cards if card.item is not None and self.source_item(card) is None]

    def warning(self, cards: Sequence[Card]) -> str | None:
        """What a build says of the cards it prints in one language, or None."""
        alone = self.unpaired(cards)
        if not alone:
            return None
        named = ", ".join(f"{card.describe()} (line {card.where.line})" for card in alone[:5])
        more = f" and {len(alone) - 5} more" if len(alone) > 5 else ""
        verb = "prints" if len(alone) == 1 else "print"
        return (f"{self.translation.path}: {named}{more} {verb} in "
                f"{self.name(self.translation)} alone: {self.source.path} has no card with the "
                "same `id:` and kind")

    def label(self, kind: str) -> str:
        """A kind's word in both languages, "Pregunta · Ask" (once when they are the same)."""
        return _joined(self.translation.labels[kind], self.source.labels[kind])

    def said(self, card: Card) -> list[Said]:
        """What a translation card prints, with the source's words beneath its own."""
        mine = said(card, self.translation)
        other = self.source_item(card)
        if other is None:
            return mine
        theirs = card.kind.printed(other, self.source.labels, self.source.language)
        own_roles = {s.piece.role for s in mine}
        their_roles = {piece.role: piece for piece in theirs}
        pieces: list[Said] = []
        # Both lists follow the kind's order of roles: merge them, pairing equal roles.
        rest = [piece for piece in theirs if piece.role not in ONCE]
        for mine_said in mine:
            piece = mine_said.piece
            # Words only the source has go before the first role both have after them.
            while rest and rest[0].role not in own_roles and piece.role in their_roles:
                pieces.append(self._under(rest.pop(0), other))
            if rest and rest[0].role == piece.role:
                rest.pop(0)
            their = their_roles.get(piece.role)
            if their is None or piece.role in ONCE or their.text == piece.text:
                pieces.append(mine_said)
            elif piece.label or piece.role in JOINED:
                pieces.append(mine_said._replace(piece=piece._replace(
                    text=_joined(piece.text, their.text))))
            else:
                pieces.extend((mine_said, self._under(their, other)))
        pieces.extend(self._under(piece, other) for piece in rest)
        return pieces

    def _under(self, piece: Printed, item: Item) -> Said:
        spots = self.source.spots if piece.label else item.spots
        return Said(piece, self.source.language, spots, under=True)

    def name(self, deck: Deck) -> str:
        """The deck's language as messages name it: "Spanish"."""
        return language_name(deck.language)

    def describe(self, card: Card) -> str:
        """How a message names a card printed in both languages."""
        if self.source_item(card) is None:
            return card.describe()
        return (f"{card.describe()} (in {self.name(self.translation)} with "
                f"{self.name(self.source)} beneath)")


def language_name(language: str) -> str:
    """A language tag's name in English, for messages: "Spanish"; the tag when unknown."""
    # Babel's CLDR data costs a tenth of a second to load: only bilingual builds need it.
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language, sep="-").get_language_name("en")
    except (UnknownLocaleError, ValueError):
        return language
    return name or language


def _joined(mine: str, theirs: str) -> str:
    return mine if mine == theirs else f"{mine}{SEPARATOR}{theirs}"
