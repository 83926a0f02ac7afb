"""Lengths a person types ("3mm", "0.125in", "2pt") turned into PDF points, and back.

Everything inside cardgen is in PDF points (1/72 in). Text from the command line or
a deck is converted here, once, at the edge; `format_mm` turns points back into
millimetres for messages; `pixel_size`, points into the pixels of an image at a resolution.
"""

from __future__ import annotations

import math
import re

PT = 1.0
INCH = 72.0
MM = INCH / 25.4
CM = 10 * MM

# Lower-case unit name -> points per unit. Kept to the four units the help text
# names, so a message can list every accepted unit.
UNITS: dict[str, float] = {"mm": MM, "cm": CM, "in": INCH, "pt": PT}

_EXAMPLES = "3mm, 0.3cm, 0.125in or 3pt"

_LENGTH = re.compile(
    r"(?P<sign>[+-]?)\s*(?P<number>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[A-Za-z]*)"
)
# "3,5mm" is how much of Europe writes 3.5 mm; it deserves its own hint.
_DECIMAL_COMMA = re.compile(r"[+-]?\s*\d+,\d+\s*[A-Za-z]*")


def parse_length(text: str, allow_negative: bool = False) -> float:
    """Return the length `text` describes, in points.

    Accepts a number and a unit, with or without a space between them: "3mm",
    "2.5 mm", "0.3cm", "0.125in", "2pt" (units are case-insensitive). A bare
    "0" needs no unit. Negative lengths are refused unless `allow_negative`.
    Raises ValueError with a message that says how to write it instead.
    """
    stripped = text.strip()
    if not stripped:
        raise ValueError(f"a length is empty; write a number and a unit, e.g. {_EXAMPLES}")
    match = _LENGTH.fullmatch(stripped)
    if match is None:
        raise ValueError(_not_a_length(text, stripped))

    value = float(match["number"])
    unit = match["unit"].lower()
    if value == 0 and not unit:
        return 0.0
    if not unit:
        raise ValueError(f'"{text}" has no unit; write {_EXAMPLES}')
    if unit not in UNITS:
        raise ValueError(
            f'"{text}" has an unknown unit "{match["unit"]}"; use {_unit_list()}'
        )
    if match["sign"] == "-" and value != 0:
        if not allow_negative:
            raise ValueError(f'"{text}" is negative; a length here must be 0 or more')
        value = -value
    # value * 0.0 would keep a "-0" sign around; a zero length has no direction.
    return value * UNITS[unit] if value else 0.0


def parse_offset(text: str) -> tuple[float, float]:
    """Return the (dx, dy) pair written as "DX,DY", e.g. "1.5mm,-0.5mm", in points.

    Both lengths need a unit (or be 0) and may be negative.
    """
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(
            f'"{text}" should be two lengths, DX,DY, separated by a comma, e.g. 1.5mm,-0.5mm'
        )
    dx, dy = (parse_length(part.strip(), allow_negative=True) for part in parts)
    return dx, dy


def format_mm(points: float) -> str:
    """Return a length in points as millimetres for people: 9.0 -> "3.2 mm".

    Rounded to 0.1 mm (finer than anyone cuts); a trailing ".0" is dropped, so
    595.28 pt reads "210 mm".
    """
    return f"{_mm_number(points)} mm"


def typed_mm(points: float) -> str:
    """A length as a user would type it back, rounded down to 0.01 mm: 3.4 -> "1.19mm".

    Rounded down, so a largest allowed value said in a message is allowed.
    """
    hundredths = math.floor(points / MM * 100 + 1e-9)
    return f"{hundredths / 100:g}mm"


def format_size_mm(width: float, height: float) -> str:
    """Return a width and height in points as "63.5 x 88.9 mm"."""
    return f"{_mm_number(width)} x {_mm_number(height)} mm"


def pixel_size(width: float, height: float, dpi: int) -> tuple[int, int]:
    """The image size for a page of `width` x `height` points at `dpi`, to the nearest pixel
    (a half pixel rounds up, as people round)."""
    return math.floor(width / INCH * dpi + 0.5), math.floor(height / INCH * dpi + 0.5)


def _mm_number(points: float) -> str:
    text = f"{points / MM:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _unit_list() -> str:
    names = list(UNITS)
    return ", ".join(names[:-1]) + " or " + names[-1]


def _not_a_length(text: str, stripped: str) -> str:
    if _DECIMAL_COMMA.fullmatch(stripped):
        fixed = stripped.replace(",", ".")
        return f'"{text}" uses a decimal comma; write a point instead, e.g. {fixed}'
    if not any(character.isdigit() for character in stripped):
        return f'"{text}" has no number; write a number and a unit, e.g. {_EXAMPLES}'
    return f'"{text}" is not a length; write a number and a unit, e.g. {_EXAMPLES}'
