"""The `cardgen` command line: parse options, call the library, print results.

Commands stay thin. User mistakes arrive here as CardgenError and leave as a
message on stderr with exit code 1, in one place: `_Commands.invoke`. Bad option
values are Click's usage errors (exit code 2). Heavy imports (ReportLab, pypdf)
happen inside the commands that need them, so `cardgen --help` stays quick.
"""

from __future__ import annotations

from pathlib import Path

import click

from cardgen import __version__
from cardgen.errors import CardgenError, DeckErrors


class _Commands(click.Group):
    """A command group that turns user errors into messages and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CardgenError as error:
            click.echo(str(error), err=True)
            ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cardgen")
def cli() -> None:
    """Print conversation card decks and pocket booklets from YAML.

    \b
    Examples:
      cardgen new decks/my-deck.yaml        start a deck from a commented example
      cardgen validate                      check every deck in decks/
      cardgen schema > deck.schema.json     the deck format, for your editor
    """


@cli.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
def validate(decks: tuple[str, ...]) -> None:
    """Check decks for mistakes and count their cards.

    Checks every DECK given, or every decks/*.yaml in the current folder.
    Each mistake is shown as FILE:LINE:COLUMN: what is wrong.

    \b
    Example:
      cardgen validate decks/harm-reduction.yaml
    """
    from cardgen.deck import load_deck
    from cardgen.project import deck_files

    errors = []
    for path, shown in deck_files(decks):
        try:
            deck = load_deck(path, shown)
        except DeckErrors as error:
            errors.extend(error.errors)
            continue
        counts = ", ".join(_plural(count, kind) for kind, count in deck.counts().items())
        click.echo(f"{shown}: ok ({counts})")
    if errors:
        raise DeckErrors(errors)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", default="Conversations", show_default=True, help="The new deck's title.")
def new(path: Path, title: str) -> None:
    """Write a commented starter deck to PATH.

    The starter shows every part of the deck format; edit it, then build it.
    An existing file is never overwritten.

    \b
    Example:
      cardgen new decks/grief.yaml --title "Talking about loss"
    """
    from cardgen.starter import write_starter

    write_starter(path, title)
    click.echo(f"wrote {path}")


@cli.command()
def schema() -> None:
    """Print the deck format as JSON Schema (draft 2020-12).

    Editors with a YAML language server check and complete decks that start
    with a line such as:

    \b
      # yaml-language-server: $schema=deck.schema.json

    \b
    Example:
      cardgen schema > deck.schema.json
    """
    from cardgen.schema import schema_json

    click.echo(schema_json(), nl=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def main() -> None:
    cli(prog_name="cardgen")
