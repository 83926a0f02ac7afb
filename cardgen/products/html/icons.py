"""The kinds' icons as SVG: the very shapes printed on the cards (cardgen.deck.icons).

The shapes are drawn in a unit square with y going up; here the square is 100
units with y going down. Icons are drawn in `currentColor`, so they take the
colour of the text beside them, in light and dark schemes alike.
"""

from __future__ import annotations

from cardgen.deck.icons import ICONS as SHAPES


def _n(value: float) -> str:
    """A coordinate as short, stable text."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _path(shape) -> str:
    """One shape as an SVG path, scaled to 100 and turned right way up."""
    parts = []
    for command in shape.commands:
        name, numbers = command[0], command[1:]
        points = [_n(value * 100 if i % 2 == 0 else 100 - value * 100)
                  for i, value in enumerate(numbers)]
        parts.append(name + " ".join(points))
    rule = ' fill-rule="evenodd"' if shape.evenodd else ""
    return f'<path d="{"".join(parts)}"{rule}/>'


def _svg(kind: str) -> str:
    return "".join(_path(shape) for shape in SHAPES[kind])


ICONS = {kind: (lambda kind=kind: _svg(kind)) for kind in SHAPES}


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
