"""A deck's cards as plain words, read the quickest way, for the floor and for Typst.

Both comparisons print the same cards as cardgen, in the same order (the intro,
each kind's entries, blank cards), each with its kind's word, all of its words
and its web address, but they read the file with PyYAML's C loader and nothing
else: no positions for messages, no checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import yaml

LABELS = {"instructions": "How to use", "prompt": "Ask", "reframe": "Try saying",
          "quote": "Words to hold", "practice": "Try together", "resource": "Help",
          "blank": "Your card"}
# Each kind's deck key and the fields it prints, in reading order.
FIELDS = {
    "prompt": ("prompts", ("topic", "text", "note")),
    "reframe": ("reframes", ("topic", "instead", "try", "why")),
    "quote": ("quotes", ("topic", "text", "by", "source")),
    "practice": ("practices", ("topic", "text", "minutes")),
    "resource": ("resources", ("name", "phone", "note", "url")),
}


class Card(NamedTuple):
    kind: str
    label: str
    texts: tuple[str, ...]  # every piece of text the card prints, in reading order
    address: str | None  # a helpline's web address, drawn as a QR code


def plain_cards(path: Path) -> tuple[str, list[Card]]:
    """The deck's title and its cards."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    labels = {**LABELS, **(data.get("labels") or {})}
    cards = []
    if data.get("intro"):
        cards.append(Card("instructions", labels["instructions"], (data["intro"],), None))
    for kind, (key, fields) in FIELDS.items():
        for entry in data.get(key) or []:
            if isinstance(entry, str):
                entry = {"text": entry}
            texts = tuple(str(entry[field]) for field in fields if entry.get(field))
            cards.append(Card(kind, labels[kind], texts, entry.get("url")))
    cards += [Card("blank", labels["blank"], (), None)] * (data.get("blank_cards") or 0)
    return data["title"], cards
