"""Colours as #RRGGBB text: reading what an editor wrote, WCAG contrast, and the nearest
readable colour of the same hue.

A kind's colour is both a ground for white words (the front's band, a full-colour
back) and the colour of words on white (topics, "Try", the helpline's number), so it
must reach WCAG 2 AA, 4.5:1, against white. Contrast is symmetric: one ratio covers
both uses.
"""

from __future__ import annotations

import colorsys
import re

WHITE = "#FFFFFF"
READABLE = 4.5  # WCAG 2 AA for body text
_HEX = re.compile(r"#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")


def parse_hex(text: str) -> str | None:
    """"#0b6e4f", "0B6E4F" or "#abc" as "#0B6E4F" / "#AABBCC"; None if it is not one."""
    match = _HEX.fullmatch(text.strip())
    if match is None:
        return None
    digits = match.group(1).upper()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour, 0 (black) to 1 (white)."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def mix(first: str, second: str, amount: float) -> str:
    """`first` moved `amount` (0 to 1) of the way to `second`, as #RRGGBB."""
    a = [int(first[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b))


def grey(hex_colour: str) -> str:
    """The grey of the same luminance, for black-and-white printing."""
    level = luminance(hex_colour)
    # Back from linear light to an sRGB level that has that luminance.
    value = level * 12.92 if level <= 0.0031308 else 1.055 * level ** (1 / 2.4) - 0.055
    channel = f"{round(min(1.0, max(0.0, value)) * 255):02X}"
    return "#" + channel * 3


def readable_on_white(hex_colour: str, ratio: float = READABLE) -> str:
    """The nearest colour of the same hue and saturation that reaches `ratio` against white:
    the lightest at least as dark as it needs to be (the colour itself if it already does)."""
    if contrast(hex_colour, WHITE) >= ratio:
        return hex_colour
    red, green, blue = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    low, high = 0.0, lightness  # darker always reads better: search the lightness between
    for _ in range(30):
        middle = (low + high) / 2
        if contrast(_hls(hue, middle, saturation), WHITE) >= ratio:
            low = middle
        else:
            high = middle
    found = _hls(hue, low, saturation)
    while contrast(found, WHITE) < ratio:  # rounding to whole channels may fall just short
        low -= 0.002
        found = _hls(hue, max(0.0, low), saturation)
    return found


def _hls(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (red, green, blue))
