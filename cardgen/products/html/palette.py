"""The screen edition's colours: the print theme's, plus a dark scheme that keeps their contrast.

Light: the kinds' colours of render/theme.py (a deck's own, from `theme: colours:`), as on
paper. Dark: the page turns
near-black and the kinds' colours, used as text on it, are lightened until they
read at 7:1 or better; the coloured band at the top of a card keeps the print
colour with white text (4.5:1 or better, as theme.py promises for print).
"""

from __future__ import annotations

from dataclasses import dataclass

from cardgen.deck.colours import contrast
from cardgen.render.theme import INK, KIND_COLOURS, MUTED, PAPER, RULE, Theme

WHITE = "#FFFFFF"
DARK_PAGE = "#121212"
DARK_SURFACE = "#1E1E1E"  # a card on the dark page
DARK_INK = "#EDEDED"
DARK_MUTED = "#BDBDBD"
DARK_RULE = "#8C8C8C"
TEXT_ON_DARK = 7.0  # the contrast aimed for by lightened kind colours (AAA)


@dataclass(frozen=True)
class Scheme:
    """One colour scheme: page, card surface, text colours, and per kind (band, text)."""

    page: str
    surface: str
    ink: str
    muted: str
    rule: str
    bands: dict[str, str]  # kind -> colour of the band behind white text
    kind_text: dict[str, str]  # kind -> colour of kind-coloured text on the surface


def schemes(theme: Theme) -> tuple[Scheme, Scheme]:
    """The light and the dark scheme for a build's theme (`mono` makes every kind ink)."""
    bands = {kind: theme.hex(kind) for kind in KIND_COLOURS}
    light = Scheme(PAPER, PAPER, INK, MUTED, RULE, bands, dict(bands))
    dark_text = {
        kind: lighten_for(colour, DARK_SURFACE, TEXT_ON_DARK) for kind, colour in bands.items()
    }
    dark_bands = {kind: "#3A3A3A" if theme.mono else colour for kind, colour in bands.items()}
    dark = Scheme(DARK_PAGE, DARK_SURFACE, DARK_INK, DARK_MUTED, DARK_RULE, dark_bands, dark_text)
    return light, dark


def lighten_for(colour: str, background: str, target: float) -> str:
    """`colour` mixed with white in the least step (of 1/50) reading at `target` on `background`."""
    for step in range(51):
        mixed = _mix(colour, WHITE, step / 50)
        if contrast(mixed, background) >= target:
            return mixed
    return WHITE


def _mix(first: str, second: str, amount: float) -> str:
    a = [int(first[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b))


def css_variables(theme: Theme) -> str:
    """The schemes as CSS custom properties, and a class per kind choosing its colours.

    The dark scheme applies under prefers-color-scheme: dark, but never on
    paper: printing always uses the light one.
    """
    light, dark = schemes(theme)
    kinds = "".join(
        f".kind-{kind}{{--band:var(--band-{kind});--kind:var(--text-{kind})}}"
        for kind in light.bands
    )
    return (
        f":root{{{_declarations(light)}}}\n"
        f"@media screen and (prefers-color-scheme: dark){{:root{{{_declarations(dark)}}}}}\n"
        f"{kinds}\n"
    )


def _declarations(scheme: Scheme) -> str:
    values = {
        "page": scheme.page,
        "surface": scheme.surface,
        "ink": scheme.ink,
        "muted": scheme.muted,
        "rule": scheme.rule,
    }
    for kind in scheme.bands:
        values[f"band-{kind}"] = scheme.bands[kind]
        values[f"text-{kind}"] = scheme.kind_text[kind]
    return "".join(f"--{name}:{value};" for name, value in values.items())
