"""Option values checked as Click parameter types, so a bad one is a usage error (exit code 2).

Each type converts with one of cardgen's own parsers and fails with its message:
lengths ("3mm", "1.5mm,-0.5mm"), card sizes, kinds of card.
"""

from __future__ import annotations

import click


class Length(click.ParamType):
    name = "length"

    def __init__(self, signed: bool = False):
        self.signed = signed

    def convert(self, value, param, ctx):
        from cardgen.units import parse_length, parse_offset

        if not isinstance(value, str):
            return value
        try:
            return parse_offset(value) if self.signed else parse_length(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


class Parsed(click.ParamType):
    """A value checked by one of cardgen's own parsers (card sizes, kinds)."""

    def __init__(self, name: str, parse):
        self.name = name
        self.parse = parse

    def convert(self, value, param, ctx):
        try:
            return self.parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def card_size(text: str) -> str:
    """A card size as given ("poker", "60x90mm"), once cardgen knows it."""
    from cardgen.layout.sizes import parse_card

    parse_card(text)
    return text

