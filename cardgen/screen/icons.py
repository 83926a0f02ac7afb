"""The kinds' icons as SVG, the same shapes as the printed ones in render/icons.py.

The printed icons are drawn in a square of side `s` with y going up; here the
square is 100 units with y going down, so every y is `100 - y` of the print
figure. Icons are drawn in `currentColor`, so they take the colour of the text
beside them, in light and dark schemes alike.
"""

from __future__ import annotations

import math


def _n(value: float) -> str:
    """A coordinate as short, stable text."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _polygon(*points: tuple[float, float]) -> str:
    return '<path d="M' + " L".join(f"{_n(x)} {_n(100 - y)}" for x, y in points) + ' Z"/>'


def _prompt() -> str:
    """A speech bubble: a question to ask."""
    bubble = '<rect x="4" y="6" width="92" height="66" rx="20"/>'
    return bubble + _polygon((22, 32), (16, 4), (48, 32))


def _reframe() -> str:
    """Two arrows in opposite directions: turning one way of saying into another."""
    parts = []
    for row, direction in ((68, 1), (32, -1)):
        start, end = (8, 92) if direction > 0 else (92, 8)
        shaft_end = end - direction * 12
        parts.append(
            f'<path d="M{start} {_n(100 - row)} H{shaft_end}" fill="none" '
            'stroke="currentColor" stroke-width="9" stroke-linecap="round"/>'
        )
        back = end - direction * 30
        parts.append(_polygon((end, row), (back, row + 17), (back, row - 17)))
    return "".join(parts)


def _y(value: float) -> str:
    """A y of the print figure (going up), as an SVG y (going down)."""
    return _n(100 - value)


def _quote() -> str:
    """Two heavy quotation marks."""
    parts = []
    for left in (8, 54):
        cx, cy, r = left + 19, 60.0, 19.0
        parts.append(f'<circle cx="{_n(cx)}" cy="{_y(cy)}" r="{_n(r)}"/>')
        parts.append(
            f'<path d="M{_n(cx + r)} {_y(cy)} '
            f"C{_n(cx + r)} {_y(cy - r * 1.6)} {_n(cx - r * 0.2)} {_y(cy - r * 2.4)} "
            f"{_n(cx - r * 0.9)} {_y(cy - r * 2.5)} "
            f"C{_n(cx - r * 0.1)} {_y(cy - r * 1.8)} {_n(cx - r * 0.1)} {_y(cy - r * 1.0)} "
            f'{_n(cx - r * 0.4)} {_y(cy - r * 0.5)} Z"/>'
        )
    return "".join(parts)


def _resource() -> str:
    """A lifebuoy: a ring with four bands.

    The printed ring draws its band lines in the ring's own colour; on screen
    they are cut out of the ring, so the four bands can be seen.
    """
    outer, inner = 46.0, 22.0
    mid, width = (outer + inner) / 2, outer - inner
    gap = 9.0  # degrees of ring left out at each band
    parts = []
    for start in (45, 135, 225, 315):
        a, b = math.radians(start + gap / 2), math.radians(start + 90 - gap / 2)
        x1, y1 = 50 + mid * math.cos(a), 50 - mid * math.sin(a)
        x2, y2 = 50 + mid * math.cos(b), 50 - mid * math.sin(b)
        parts.append(
            f'<path d="M{_n(x1)} {_n(y1)} A{_n(mid)} {_n(mid)} 0 0 0 {_n(x2)} {_n(y2)}" '
            f'fill="none" stroke="currentColor" stroke-width="{_n(width)}"/>'
        )
    return "".join(parts)


def _practice() -> str:
    """A leaf on its stem: something to do together, slowly."""
    leaf = (
        f"M18 {_y(22)} C10 {_y(70)} 45 {_y(95)} 94 {_y(94)} C94 {_y(45)} 70 {_y(10)} 18 {_y(22)} Z"
    )
    stem = (
        f'<path d="M6 {_y(6)} L30 {_y(30)}" stroke="currentColor" stroke-width="9" '
        'stroke-linecap="round"/>'
    )
    return f'<path d="{leaf}"/>{stem}'


def _instructions() -> str:
    """A circled "i": how to use the deck."""
    return (
        '<circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" stroke-width="9"/>'
        '<circle cx="50" cy="28" r="7"/>'
        '<path d="M50 78 V44" stroke="currentColor" stroke-width="13"/>'
    )


def _blank() -> str:
    """A pencil: write your own."""
    w, h = 26.0, 95.0
    body_y = -h / 2 + w * 0.9  # the print figure's body starts above the tip
    body = (
        f'<rect x="{_n(-w / 2)}" y="{_n(-(h / 2))}" width="{_n(w)}" height="{_n(h - w * 0.9)}" '
        'fill="none" stroke="currentColor" stroke-width="9" stroke-linejoin="round"/>'
    )
    tip = f'<path d="M{_n(-w / 2)} {_n(-body_y)} L0 {_n(h / 2)} L{_n(w / 2)} {_n(-body_y)} Z"/>'
    return f'<g transform="translate(50 50) rotate(-45)">{body}{tip}</g>'


ICONS = {
    "instructions": _instructions,
    "prompt": _prompt,
    "reframe": _reframe,
    "quote": _quote,
    "practice": _practice,
    "resource": _resource,
    "blank": _blank,
}


def icon_symbols(kinds) -> str:
    """One hidden <svg> holding a <symbol id="icon-KIND"> for each kind, used with <use>."""
    symbols = "".join(
        f'<symbol id="icon-{kind}" viewBox="0 0 100 100">{ICONS[kind]()}</symbol>' for kind in kinds
    )
    return f'<svg class="symbols" aria-hidden="true" focusable="false">{symbols}</svg>'


def icon(kind: str, css_class: str = "icon") -> str:
    """An icon drawn from its symbol; decorative, since the kind's word always stands beside it."""
    return (
        f'<svg class="{css_class}" aria-hidden="true" focusable="false" fill="currentColor">'
        f'<use href="#icon-{kind}"/></svg>'
    )


def arrow(pointing: str) -> str:
    """A plain arrow for Previous and Next, pointing "left" or "right"; decorative.

    Drawn rather than typed: Atkinson Hyperlegible has no arrows, and a font
    carried for two characters would double the work of cutting fonts down.
    """
    shape = (
        "M86 50 H16 M46 18 L14 50 L46 82"
        if pointing == "left"
        else "M14 50 H84 M54 18 L86 50 L54 82"
    )
    return (
        f'<svg class="icon arrow" aria-hidden="true" focusable="false" viewBox="0 0 100 100">'
        f'<path d="{shape}" fill="none" stroke="currentColor" stroke-width="10" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>'
    )
