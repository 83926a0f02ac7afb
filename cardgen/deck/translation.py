"""A translation and its source: the deck a translation names with `translation_of:`,
and its cards paired with the source's by `id`."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cardgen.deck.kinds import ENTRY_KINDS, KINDS, Item, Kind
from cardgen.deck.model import DECK_WORDS, Deck, load_deck
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


# What a translation tracks of each kind: the words it translates (prose; a quotation's
# `by` is a name, copied) and, for a helpline, the numbers and address it copies, which
# are in the fingerprint so that a changed number shows the translation out of date.
NOT_YET = "no"  # `translated: no`: not yet translated
_PROSE = ("text", "line")
_COPIED = ("phone", "address")


def translatable(kind: Kind[Any]) -> tuple[str, ...]:
    """The fields of an entry of `kind` a translator translates, in the kind's order."""
    return tuple(f.name for f in kind.fields if f.kind in _PROSE
                 and f.name not in ("by", "translated"))


def words(kind: Kind[Any], item: Item) -> dict[str, str]:
    """An entry's translatable words, by field (those it has)."""
    found = {name: getattr(item, "try_" if name == "try" else name) for name in translatable(kind)}
    return {name: value for name, value in found.items() if value}


def fingerprint(pairs: Mapping[str, object]) -> str:
    """The first 8 hex digits of sha256 of `pairs` (field -> value) in one canonical form:
    sorted by field, each value's whitespace runs as one space, as JSON."""
    canonical = sorted((name, " ".join(str(value).split())) for name, value in pairs.items()
                       if value is not None and str(value).strip())
    text = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def card_fingerprint(kind: Kind[Any], item: Item) -> str:
    """The fingerprint of a source entry as a translation records it."""
    copied = {f.name: getattr(item, f.name) for f in kind.fields if f.kind in _COPIED}
    return fingerprint({**words(kind, item), **copied})


def deck_words(deck: Deck) -> dict[str, str]:
    """The deck's own words a translation translates (DECK_WORDS), those the file writes."""
    found = {key: getattr(deck, key) for key in DECK_WORDS if not key.startswith("labels.")}
    found.update((key, deck.labels[key[len("labels."):]]) for key in DECK_WORDS
                 if key.startswith("labels.") and key in deck.spots)
    return {key: value for key, value in found.items() if value}


@dataclass(frozen=True)
class Standing:
    """How one card (or one of the deck's words) of a translation stands against its source.

    `key` is the card's id or "deck.KEY"; `state` one of STATES; `where` its place in the
    translation (the list or `translation_of:` for a missing one); `now` the source's
    words and `mark` their fingerprint (empty for an extra card)."""

    key: str
    state: str
    name: str  # "prompt 3", "the title"
    where: Position
    now: Mapping[str, str]
    mark: str


STATES = ("done", "untranslated", "outdated", "missing", "extra")


def standings(translation: Deck, source: Deck) -> list[Standing]:
    """Every card and deck word of the source, and every extra card of the translation,
    with how it stands: in the source's order, then the extras."""
    start = translation.spots.get("translation_of") or Position(translation.path, 1, 1)
    found = []
    for key, said in deck_words(source).items():
        mark, name = fingerprint({key: said}), _deck_word(key)
        where = translation.spots.get(key) or start
        state = "missing" if key not in deck_words(translation) else \
            _state(translation.translated.get(key), mark)
        found.append(Standing("deck." + key, state, name, where, {key: said}, mark))
    mine = by_id(translation)
    for kind in ENTRY_KINDS:
        for item in source.entries.get(kind.name, ()):
            if item.id is None:
                continue
            name, now = f"{kind.word} {item.id}", words(kind, item)
            ours = mine.get(item.id)
            if ours is None or ours[0] != kind.name:
                where = translation.spots.get(kind.field or "") or start
                found.append(Standing(item.id, "missing", name, where, now, ""))
                continue
            mark, theirs = card_fingerprint(kind, item), ours[1]
            where = theirs.spots.get("translated", theirs.where)
            found.append(Standing(item.id, _state(theirs.translated, mark), name, where, now,
                                  mark))
    theirs_ids = source_items(translation, source)
    for key, (kind_name, item) in mine.items():
        if key not in theirs_ids:
            found.append(Standing(key, "extra", f"{KINDS[kind_name].word} {key}", item.where,
                                  {}, ""))
    return found


def _state(mark: str | None, now: str) -> str:
    if mark is not None and mark.lower() == NOT_YET:
        return "untranslated"
    return "done" if mark == now else "outdated"


def _deck_word(key: str) -> str:
    return f"the label `{key}`" if key.startswith("labels.") else f"the {key.replace('_', ' ')}"


def unpaired(source: Deck) -> list[Item]:
    """The source's entries without an id: no translation can pair with them."""
    return [item for items in source.entries.values() for item in items if item.id is None]
