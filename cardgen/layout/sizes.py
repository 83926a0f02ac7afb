"""Named paper and card sizes, and the "WIDTHxHEIGHT" sizes a user may type, in points."""

from __future__ import annotations

import re

from cardgen.units import INCH, MM, parse_length

# Paper as (width, height) in points, portrait. The layout tries both orientations,
# so only the pair matters.
PAPERS: dict[str, tuple[float, float]] = {
    "letter": (8.5 * INCH, 11 * INCH),
    "a4": (210 * MM, 297 * MM),
    "legal": (8.5 * INCH, 14 * INCH),
    "a3": (297 * MM, 420 * MM),
    "tabloid": (11 * INCH, 17 * INCH),
}

# Card trim sizes as (width, height) in points, as PRINT.md lists them. Cards are
# never rotated, so business and index stay landscape (width > height).
CARDS: dict[str, tuple[float, float]] = {
    "poker": (2.5 * INCH, 3.5 * INCH),
    "bridge": (2.25 * INCH, 3.5 * INCH),
    "mini": (1.75 * INCH, 2.5 * INCH),
    "tarot": (2.75 * INCH, 4.75 * INCH),
    "square": (2.75 * INCH, 2.75 * INCH),
    "large": (3.5 * INCH, 5 * INCH),
    "business": (3.5 * INCH, 2 * INCH),
    "index": (5 * INCH, 3 * INCH),
}

# Two lengths joined by "x" (or "×"), matched on the lower-cased text. Each side
# starts with a number, so a misspelt name such as "inxed" is reported as an
# unknown name; a unit after the width is matched lazily so "60x90px" still splits
# at the first "x". Commas are let through for parse_length's decimal-comma hint.
_SIZE = re.compile(
    r"(?P<width>[+-]?[\d.,]+\s*[a-z]*?)\s*[x×]\s*(?P<height>[+-]?[\d.,]+\s*[a-z]*)"
)
_BARE_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_TRAILING_UNIT = re.compile(r"[A-Za-z]+$")


def parse_card(text: str) -> tuple[float, float]:
    """Return the card size `text` names, as (width, height) in points.

    `text` is a name from CARDS (any case) or "WIDTHxHEIGHT" with a unit:
    "60x90mm", "2.5x3.5in", "63.5x88.9 mm", "60mm x 9cm". The card keeps the
    orientation written. Raises ValueError listing the names on bad input.
    """
    return _parse_size(text, CARDS, "card size", "63.5x88.9mm")


def parse_paper(text: str) -> tuple[float, float]:
    """Return the paper size `text` names, as (width, height) in points, portrait.

    `text` is a name from PAPERS (any case) or "WIDTHxHEIGHT" with a unit, e.g.
    "148x210mm"; a custom size is returned portrait (width <= height) like the
    named ones, since the layout chooses the orientation itself.
    """
    width, height = _parse_size(text, PAPERS, "paper", "148x210mm")
    return (min(width, height), max(width, height))


def _parse_size(
    text: str, names: dict[str, tuple[float, float]], what: str, example: str
) -> tuple[float, float]:
    key = text.strip().lower()
    if key in names:
        return names[key]
    match = _SIZE.fullmatch(key)
    if match is None:
        choices = ", ".join(names)
        raise ValueError(
            f'unknown {what} "{text}"; use one of {choices}, '
            f"or WIDTHxHEIGHT with a unit, e.g. {example}"
        )

    width_text, height_text = match["width"].strip(), match["height"].strip()
    unit = _TRAILING_UNIT.search(height_text)
    if _BARE_NUMBER.fullmatch(width_text) and unit:
        # "60x90mm": the unit written once applies to both sides.
        width_text += unit.group()
    if not unit and not _TRAILING_UNIT.search(width_text):
        raise ValueError(
            f'{what} "{text}" has no unit; write it with one, e.g. {example}'
        )
    try:
        width, height = parse_length(width_text), parse_length(height_text)
    except ValueError as error:
        raise ValueError(f'{what} "{text}": {error}') from None
    if width <= 0 or height <= 0:
        raise ValueError(f'{what} "{text}" must be larger than 0 on both sides')
    return width, height
