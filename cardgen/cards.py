"""The cards a deck prints, in order: instructions, prompts, reframes, quotes, resources, blanks.

Card numbers are stable: a card keeps the number it has in the whole deck (or
its own `id`) when only a subset is printed, so a group can say "card 12".
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.deck import Deck, Item, Position
from cardgen.errors import CardgenError

PRINTED_KINDS = ("instructions", "prompt", "reframe", "quote", "resource", "blank")


@dataclass(frozen=True)
class Card:
    """One printed card: its kind, its number and the deck entry it shows."""

    kind: str  # one of PRINTED_KINDS
    number: str  # "" for instructions and blank cards
    item: Item | None  # the deck entry; None for instructions and blank cards
    where: Position  # where in the deck file the card comes from

    @property
    def tags(self) -> tuple[str, ...]:
        return self.item.tags if self.item else ()

    def describe(self) -> str:
        """How a message names the card, e.g. "prompt 3" or "the instructions card"."""
        if self.kind == "instructions":
            return "the instructions card"
        if self.kind == "blank":
            return "a blank card"
        return f"{self.kind} {self.number}"


def deck_cards(deck: Deck, only: frozenset[str] | None = None, tag: str | None = None) -> tuple[Card, ...]:
    """The cards to print, optionally only some kinds and only cards with a tag.

    Raises CardgenError when the selection leaves nothing to print.
    """
    entries: list[tuple[str, Item]] = [
        *(("prompt", item) for item in deck.prompts),
        *(("reframe", item) for item in deck.reframes),
        *(("quote", item) for item in deck.quotes),
        *(("resource", item) for item in deck.resources),
    ]
    start = Position(deck.path, 1, 1)
    cards: list[Card] = []
    if deck.intro:
        cards.append(Card("instructions", "", None, _spot(deck, "intro", start)))
    for number, (kind, item) in enumerate(entries, start=1):
        cards.append(Card(kind, item.id or str(number), item, item.where))
    blank_where = _spot(deck, "blank_cards", start)
    cards.extend(Card("blank", "", None, blank_where) for _ in range(deck.blank_cards))

    chosen = [card for card in cards if _wanted(card, only, tag)]
    if not chosen:
        what = []
        if only:
            what.append("kind " + ", ".join(sorted(only)))
        if tag:
            what.append(f"tag `{tag}`")
        raise CardgenError(f"{deck.path}: no cards match {' and '.join(what)}")
    return tuple(chosen)


def _wanted(card: Card, only: frozenset[str] | None, tag: str | None) -> bool:
    if only is not None and card.kind not in only:
        return False
    if tag is not None:
        # Instructions travel with any subset: a group printing "opening" cards
        # still needs to know how to play.
        return card.kind == "instructions" or tag in card.tags
    return True


def _spot(deck: Deck, key: str, default: Position) -> Position:
    return deck.spots.get(key, default)
