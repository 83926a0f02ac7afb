"""Each card's id on the page (`page.html#card-12`), for links from a chat or another page.

An id must be unique on the page, and a link must keep working: the same card gets
the same id on every build, whatever other cards come, go or move, and whichever
cards `--only` and `--tag` choose. A card's number is its deck `id`, or its place in
the deck; ids allow only some characters, so `a b`, `a-b` and `a/b` all come out as
`a-b`, and those that do are told apart by a few letters of their own number's hash.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable


def card_anchors(numbers: Iterable[str]) -> dict[str, str]:
    """Each card number's id on the page, as `card-` and the number made a slug.

    A number that is a slug already (`a-b`, `12`) keeps `card-NUMBER`, as it always
    had; so does any other whose slug no other number makes (`1.5` -> `card-1-5`).
    Numbers that make the same slug as another get `card-SLUG-` and six hexadecimal
    digits of their own SHA-256 (more, in the unlikely case those are taken).
    Give every number of the deck, not only the cards shown, so an id is the same
    on every page made of the deck.
    """
    slugs = {number: slug(number) for number in dict.fromkeys(numbers)}
    shared = Counter(slugs.values())
    anchors = {
        number: f"card-{made}"
        for number, made in slugs.items()
        if number == made or shared[made] == 1
    }
    taken = set(anchors.values())
    for number, made in slugs.items():
        if number not in anchors:
            anchors[number] = _hashed(number, made, taken)
            taken.add(anchors[number])
    return anchors


def slug(number: str) -> str:
    """`number` with every run of characters an id leaves out as one `-`; "x" if none is left."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", number).strip("-") or "x"


def _hashed(number: str, made: str, taken: set[str]) -> str:
    """`card-SLUG-` and the shortest start (six digits or more) of the number's SHA-256
    that no other card has."""
    digest = hashlib.sha256(number.encode("utf-8", "surrogatepass")).hexdigest()
    return next(
        anchor
        for size in range(6, len(digest) + 1)
        if (anchor := f"card-{made}-{digest[:size]}") not in taken
    )
