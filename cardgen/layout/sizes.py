"""Paper and card sizes as a user types them (a name, or a card's "WIDTHxHEIGHT"), in points."""

from __future__ import annotations

import re

from cardgen.choices import CARDS, PAPERS
from cardgen.units import abbreviated, parse_length

# Two lengths joined by "x" (or "×"), matched on the lower-cased text. Each side
# starts with a number, so a misspelt name such as "inxed" is reported as an
# unknown name; a unit after the width is matched lazily so "60x90px" still splits
# at the first "x". Commas are let through for parse_length's decimal-comma hint.
# The spaces before the width's unit are inside its optional group: two runs of
# spaces side by side would be tried every way of sharing a long run between them.
_SIZE = re.compile(
    r"(?P<width>[+-]?[\d.,]+(?:\s*[a-z]+?)??)\s*[x×]\s*(?P<height>[+-]?[\d.,]+\s*[a-z]*)"
)
_BARE_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_TRAILING_UNIT = re.compile(r"[A-Za-z]+$")


def parse_card(text: str) -> tuple[float, float]:
    """Return the card size `text` names, as (width, height) in points.

    `text` is a name from CARDS (any case) or "WIDTHxHEIGHT" with a unit:
    "60x90mm", "2.5x3.5in", "63.5x88.9 mm", "60mm x 9cm". The card keeps the
    orientation written. Raises ValueError listing the names on bad input, and for a
    side parse_length refuses (one far longer than any page).
    """
    return _parse_size(text, CARDS, "card size", "63.5x88.9mm")


def parse_paper(text: str) -> tuple[float, float]:
    """Return the paper size `text` names (any case), as (width, height) in points, portrait.

    Only named papers: the booklet and stock defaults depend on knowing which paper
    it is. Raises ValueError listing the names on anything else.
    """
    key = text.strip().lower()
    if key not in PAPERS:
        raise ValueError(f'unknown paper "{text}"; use one of {", ".join(PAPERS)}')
    return PAPERS[key]


def _parse_size(
    text: str, names: dict[str, tuple[float, float]], what: str, example: str
) -> tuple[float, float]:
    key = text.strip().lower()
    if key in names:
        return names[key]
    match = _SIZE.fullmatch(key)
    shown = abbreviated(text)
    if match is None:
        choices = ", ".join(names)
        raise ValueError(
            f'unknown {what} "{shown}"; use one of {choices}, '
            f"or WIDTHxHEIGHT with a unit, e.g. {example}"
        )

    width_text, height_text = match["width"].strip(), match["height"].strip()
    unit = _TRAILING_UNIT.search(height_text)
    if _BARE_NUMBER.fullmatch(width_text) and unit:
        # "60x90mm": the unit written once applies to both sides.
        width_text += unit.group()
    if not unit and not _TRAILING_UNIT.search(width_text):
        raise ValueError(
            f'{what} "{shown}" has no unit; write it with one, e.g. {example}'
        )
    try:
        width, height = parse_length(width_text), parse_length(height_text)
    except ValueError as error:
        raise ValueError(f'{what} "{shown}": {error}') from None
    if width <= 0 or height <= 0:
        raise ValueError(f'{what} "{shown}" must be larger than 0 on both sides')
    return width, height
