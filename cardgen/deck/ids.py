"""Each card's own name: its `id`, printed as its number, and what pairs a translation's
cards with its source's.

A card without an id is numbered by its place in print order (deck.cards), so an id may
be neither another card's id nor a number such a card is given.
"""

from __future__ import annotations

from collections.abc import Mapping

from cardgen.deck.kinds import ENTRY_KINDS, Item
from cardgen.errors import DeckError


def check_ids(entries: Mapping[str, tuple[Item, ...]]) -> list[DeckError]:
    """What is wrong with the ids of a deck's `entries` (kind name -> its entries)."""
    errors = []
    seen: dict[str, Item] = {}
    in_order = [(kind, item) for kind in ENTRY_KINDS for item in entries.get(kind.name, ())]
    numbered = {str(number): (kind, item) for number, (kind, item) in
                enumerate(in_order, start=1) if item.id is None}
    for _, item in in_order:
        if item.id is None:
            continue
        if item.id in seen:
            first = seen[item.id].where
            errors.append(DeckError(item.spots["id"],
                                    f"id `{item.id}` is already used at line {first.line}",
                                    "give each card its own id"))
        elif item.id in numbered:
            kind, other = numbered[item.id]
            errors.append(DeckError(
                item.spots["id"], f"id `{item.id}` is already the number of {kind.word} "
                                  f"{item.id} at line {other.where.line}, a card numbered by "
                                  "its place",
                f"give one of them an id that no card has, such as `{free_number(entries)}`"))
        else:
            seen[item.id] = item
    return errors


def free_number(entries: Mapping[str, tuple[Item, ...]]) -> int:
    """The first card number that is neither a card's id nor a place (an id for a new card)."""
    count = sum(len(items) for items in entries.values())
    taken = [int(item.id) for items in entries.values() for item in items
             if item.id is not None and item.id.isdigit()]
    return max([count, *taken]) + 1
