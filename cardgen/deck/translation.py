"""A translation and its source: the deck a translation names with `translation_of:`,
and its cards paired with the source's by `id`."""

from __future__ import annotations

import os
from collections.abc import Mapping

from cardgen.deck.kinds import ENTRY_KINDS, Item
from cardgen.deck.model import Deck, load_deck
from cardgen.errors import DeckError, DeckErrors, Position


def load_source(deck: Deck) -> Deck:
    """The deck `deck` translates, read as any deck is (DeckErrors for its mistakes, at
    its own lines); DeckErrors at `translation_of:` when `deck` names none or the file
    is not there."""
    where = deck.spots.get("translation_of") or Position(deck.path, 1, 1)
    if deck.translation_of is None:
        raise DeckErrors([DeckError(where, "this deck is not a translation",
                                    "name the deck it translates with `translation_of:`, "
                                    "e.g. `translation_of: harm-reduction.yaml`")])
    if not deck.translation_of.is_file():
        raise DeckErrors([DeckError(where, f"`{deck.translation_of.name}` is not there "
                                           f"(looked for {deck.translation_of})",
                                    "give its path from this file's folder")])
    shown = os.path.relpath(deck.translation_of)
    return load_deck(deck.translation_of, shown if not shown.startswith("..") else None,
                     region=deck.region)


def by_id(deck: Deck) -> dict[str, tuple[str, Item]]:
    """Each entry with an id, by its id: (its kind's name, the entry)."""
    return {item.id: (kind.name, item) for kind in ENTRY_KINDS
            for item in deck.entries.get(kind.name, ()) if item.id is not None}


def source_items(translation: Deck, source: Deck) -> Mapping[str, Item]:
    """The source's entry for each of the translation's ids that the source has, of the
    same kind (a card that changed kind is not the same card)."""
    theirs = by_id(source)
    return {key: theirs[key][1] for key, (kind, _) in by_id(translation).items()
            if key in theirs and theirs[key][0] == kind}
