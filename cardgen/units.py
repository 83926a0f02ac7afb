"""Lengths a person types ("3mm", "0.125in", "2pt") turned into PDF points, and back.

Everything inside cardgen is in PDF points (1/72 in). Text from the command line or
a deck is converted here, once, at the edge; `format_mm` turns points back into
millimetres for messages; `pixel_size`, points into the pixels of an image at a resolution.
A length far past the largest PDF page (infinity, from 310 digits on) is refused here,
where it is read, before any sum can overflow.
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

# The largest page a PDF can have (ISO 32000-1, C.2): nothing cardgen prints is longer.
LONGEST = 200 * INCH
TOO_LONG = ("no length cardgen prints is longer than 200in (5080mm), the largest page a PDF "
            "can have")
# Lengths past this are refused as they are read: no one means them, and float() turns
# 310 digits and more into infinity, which overflows the sums after. Between LONGEST and
# this, each use's own check (products/limits.py) says the largest that works for it,
# which helps more than a bound for every use.
FAR_TOO_LONG = 1000 * LONGEST
_SHOWN = 24  # characters of a typed value a message repeats; past it, both ends

_LENGTH = re.compile(
    r"(?P<sign>[+-]?)\s*(?P<number>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>[A-Za-z]*)"
)
# "3,5mm" is how much of Europe writes 3.5 mm; it deserves its own hint.
_DECIMAL_COMMA = re.compile(r"[+-]?\s*\d+,\d+\s*[A-Za-z]*")


def parse_length(text: str, allow_negative: bool = False) -> float:
    """Return the length `text` describes, in points.

    Accepts a number and a unit, with or without a space between them: "3mm",
    "2.5 mm", "0.3cm", "0.125in", "2pt" (units are case-insensitive). A bare
    "0" needs no unit. Negative lengths are refused unless `allow_negative`, and
    lengths longer than FAR_TOO_LONG either way. Raises ValueError with a message
    that says how to write it instead.
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
    shown = abbreviated(text)
    if not unit:
        raise ValueError(f'"{shown}" has no unit; write {_EXAMPLES}')
    if unit not in UNITS:
        raise ValueError(
            f'"{shown}" has an unknown unit "{abbreviated(match["unit"])}"; use {_unit_list()}'
        )
    if match["sign"] == "-" and value != 0:
        if not allow_negative:
            raise ValueError(f'"{shown}" is negative; a length here must be 0 or more')
        value = -value
    points = value * UNITS[unit]
    if not abs(points) <= FAR_TOO_LONG:  # infinity too
        raise ValueError(f'"{shown}" is far too long; {TOO_LONG}')
    # value * 0.0 would keep a "-0" sign around; a zero length has no direction.
    return points if value else 0.0


def parse_offset(text: str) -> tuple[float, float]:
    """Return the (dx, dy) pair written as "DX,DY", e.g. "1.5mm,-0.5mm", in points.

    Both lengths need a unit (or be 0) and may be negative.
    """
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError(
            f'"{abbreviated(text)}" should be two lengths, DX,DY, separated by a comma, '
            "e.g. 1.5mm,-0.5mm"
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

    Rounded down, so a largest allowed value said in a message is allowed; written
    out in full (4826000mm, never 4.826e+06mm, which parse_length would refuse).
    """
    hundredths = math.floor(points / MM * 100 + 1e-9)
    whole, cents = divmod(abs(hundredths), 100)
    sign = "-" if hundredths < 0 else ""
    return f"{sign}{whole}.{cents:02d}".rstrip("0").rstrip(".") + "mm"


def format_size_mm(width: float, height: float) -> str:
    """Return a width and height in points as "63.5 x 88.9 mm"."""
    return f"{_mm_number(width)} x {_mm_number(height)} mm"


def pixel_size(width: float, height: float, dpi: int) -> tuple[int, int]:
    """The image size for a page of `width` x `height` points at `dpi`, to the nearest pixel
    (a half pixel rounds up, as people round)."""
    return math.floor(width / INCH * dpi + 0.5), math.floor(height / INCH * dpi + 0.5)


def abbreviated(text: str) -> str:
    """`text` as a message repeats a value someone typed: whole if short, else its start and
    end around an ellipsis, so a 60,000-digit value makes a one-line message."""
    if len(text) <= _SHOWN:
        return text
    return text[:16] + "…" + text[-4:]


def _mm_number(points: float) -> str:
    text = f"{points / MM:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _unit_list() -> str:
    names = list(UNITS)
    return ", ".join(names[:-1]) + " or " + names[-1]


def _not_a_length(text: str, stripped: str) -> str:
    shown = abbreviated(text)
    if _DECIMAL_COMMA.fullmatch(stripped):
        fixed = abbreviated(stripped.replace(",", "."))
        return f'"{shown}" uses a decimal comma; write a point instead, e.g. {fixed}'
    if not any(character.isdigit() for character in stripped):
        return f'"{shown}" has no number; write a number and a unit, e.g. {_EXAMPLES}'
    return f'"{shown}" is not a length; write a number and a unit, e.g. {_EXAMPLES}'
