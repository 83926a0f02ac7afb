"""How the commands word what they did: counts with their nouns, notes about fonts told once."""

from __future__ import annotations

import click

_TOLD: set[str] = set()


def tell_once(warnings: tuple[str, ...]) -> None:
    """Print each warning about the fonts on stderr once per process, however many
    decks or rebuilds (`--watch`) use the same fonts."""
    for warning in warnings:
        if warning not in _TOLD:
            _TOLD.add(warning)
            click.echo(f"note: {warning}", err=True)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
