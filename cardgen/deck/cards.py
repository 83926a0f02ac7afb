"""The cards a deck prints, in order: instructions, then each kind's entries, then blanks.

Card numbers are stable: a card keeps the number it has in the whole deck (or
its own `id`) when only a subset is printed, so a group can say "card 12".
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.deck.kinds import BLANK, ENTRY_KINDS, INSTRUCTIONS, KINDS, Item, Kind
from cardgen.deck.model import Deck
from cardgen.errors import CardgenError, Position

PRINTED_KINDS = tuple(KINDS)


@dataclass(frozen=True)
class Card:
    """One printed card: its kind, its number and the deck entry it shows."""

    kind: Kind
    number: str  # "" for instructions and blank cards
    item: Item | None  # the deck entry; None for instructions and blank cards
    where: Position  # where in the deck file the card comes from

    @property
    def tags(self) -> tuple[str, ...]:
        return self.item.tags if self.item else ()

    @property
    def level(self) -> int:
        """How deep the card goes, 1 (light, the default) to 3 (deep)."""
        return (self.item.level if self.item else None) or 1

    def describe(self) -> str:
        """How a message names the card, e.g. "prompt 3" or "the instructions card"."""
        if self.kind is INSTRUCTIONS:
            return "the instructions card"
        if self.kind is BLANK:
            return "a blank card"
        return f"{self.kind.word} {self.number}"


def all_cards(deck: Deck) -> tuple[Card, ...]:
    """Every card of the deck, in print order, numbered."""
    start = Position(deck.path, 1, 1)
    cards: list[Card] = []
    if deck.intro:
        cards.append(Card(INSTRUCTIONS, "", None, deck.spots.get("intro", start)))
    entries = [(kind, item) for kind in ENTRY_KINDS for item in deck.entries.get(kind.name, ())]
    for number, (kind, item) in enumerate(entries, start=1):
        cards.append(Card(kind, item.id or str(number), item, item.where))
    blank_where = deck.spots.get("blank_cards", start)
    cards.extend(Card(BLANK, "", None, blank_where) for _ in range(deck.blank_cards))
    return tuple(cards)


def deck_cards(deck: Deck, only: frozenset[str] | None = None, tag: str | None = None,
               helplines: bool = True, level: int | None = None) -> tuple[Card, ...]:
    """The cards to print: optionally only some kinds, only cards with a tag, only cards
    up to a level.

    Helplines and the instructions go with every `tag` and `level` subset: a group
    printing the "opening" or the light cards still needs to know how to play and whom
    to call. Naming kinds with `only` is explicit, and `helplines=False` leaves
    helplines out. Raises CardgenError when the selection leaves nothing to print.
    """
    chosen = [card for card in all_cards(deck) if _wanted(card, only, tag, helplines)
              and (level is None or card.kind.travels or card.level <= level)]
    if not chosen:
        what = []
        if only:
            what.append("kind " + ", ".join(sorted(only)))
        if tag:
            what.append(f"tag `{tag}`")
        if level is not None:
            what.append(f"level {level} or lighter")
        raise CardgenError(f"{deck.path}: no cards match {' and '.join(what)}")
    return tuple(chosen)


def marked_level(deck: Deck, card: Card) -> int:
    """The level a card's mark shows (its filled dots), 0 for none: only in a deck that sets
    levels somewhere, and never on the cards every level prints (instructions, helplines,
    blank cards)."""
    return card.level if deck.levelled and card.item is not None and not card.kind.travels \
        else 0


def noted_cards(deck: Deck) -> tuple[Card, ...]:
    """The deck's cards with a content note, in print order: those a facilitator reads
    through, and may take out, before a meeting."""
    return tuple(card for card in all_cards(deck) if card.item and card.item.content_note)


def booklet_cards(deck: Deck, cards: tuple[Card, ...]) -> tuple[Card, ...]:
    """The cards a booklet of the subset `cards` holds: those, and every helpline.

    A booklet is kept and carried; its helplines must be in it whatever was chosen.
    """
    present = set(cards)
    return tuple(card for card in all_cards(deck) if card in present or card.kind.helpline)


def _wanted(card: Card, only: frozenset[str] | None, tag: str | None, helplines: bool) -> bool:
    kind = card.kind
    if only is not None and kind.name not in only:
        return False  # kinds named with --only are exactly the kinds printed
    if only is None and kind.helpline and not helplines:
        return False
    if tag is not None:
        return kind.travels or tag in card.tags
    return True
