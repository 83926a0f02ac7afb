"""Commands for writing a deck: new, validate, lint and schema.

Start a deck from a commented example (new), check it for mistakes (validate), read its
words with care (lint), and give an editor the deck format (schema).
"""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.commands.params import Parsed, card_size
from cardgen.commands.report import plural
from cardgen.commands.settings import merged, setting_problem
from cardgen.errors import CardgenError, DeckError, DeckErrors, SettingError


@click.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
def validate(decks: tuple[str, ...]) -> None:
    """Check decks for mistakes and count their cards.

    Checks every DECK given, or every decks/*.yaml in the current folder, as
    `cardgen build` would build it with cardgen.yaml's settings and the fonts in
    fonts/: every card is fitted to the card (or stock) and the booklet laid out,
    without drawing. Each mistake is shown as FILE:LINE:COLUMN: what is wrong.

    \b
    Example:
      cardgen validate decks/harm-reduction.yaml
    """
    from cardgen.products.build import check
    from cardgen.products.context import Context
    from cardgen.products.options import load_config
    from cardgen.text.glyphs import FontNeeded
    from cardgen.tools.project import deck_files, user_fonts

    here = Path.cwd()
    options = merged(load_config(here))  # read as `cardgen build` reads it
    files = deck_files(decks)
    context = Context.create(options, user_fonts(here))
    meta = click.get_current_context().meta
    errors: list[CardgenError] = []
    for path, shown in files:
        try:
            deck = check(path, context, shown)
        except DeckErrors as error:
            errors.extend(error.errors)
            continue
        except FontNeeded as error:
            if decks:
                raise
            click.echo(f"skipped {error}")  # every deck in decks/: as `cardgen build` does
            continue
        except SettingError as error:
            errors.append(setting_problem(error, meta))
            continue
        except CardgenError as error:
            errors.append(error)
            continue
        counts = ", ".join(plural(count, kind) for kind, count in deck.counts().items())
        click.echo(f"{shown}: ok ({counts})")
    located = [error for error in errors if isinstance(error, DeckError)]
    if errors and len(located) == len(errors):
        raise DeckErrors(located)  # every mistake in file order, as they are read
    if errors:
        raise CardgenError("\n".join(str(error) for error in errors))


@click.command()
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
    from cardgen.deck.starter import write_starter

    write_starter(path, title)
    click.echo(f"wrote {path}")


@click.command()
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
    from cardgen.deck.schema import schema_json

    click.echo(schema_json(), nl=False)



@click.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--card", type=Parsed("card", card_size),
              help="Check how cards print on this size.  [default: poker, or cardgen.yaml's]")
@click.pass_context
def lint(ctx: click.Context, decks: tuple[str, ...], card: str | None) -> None:
    """Point out words that hurt, long sentences and cards that will print small.

    Flags stigmatising words outside quotations, with the person-first words
    to use instead ("addict" -> "person who uses drugs"); a deck can add its
    own under `avoid:`. Quotations, and the "instead" half of a reframe, are
    printed as said and never flagged. Exits with 1 when it finds something.

    \b
    Example:
      cardgen lint decks/*.yaml
    """
    from cardgen.products.context import Context
    from cardgen.products.options import load_config
    from cardgen.text.glyphs import FontNeeded
    from cardgen.tools.lint import lint_deck
    from cardgen.tools.project import deck_files, user_fonts

    here = Path.cwd()
    options = merged(load_config(here), card=card)  # read as `cardgen build` reads it
    context = Context.create(options, user_fonts(here))
    errors, found = [], 0
    for path, shown in deck_files(decks):
        try:
            findings = lint_deck(path, shown, context)
        except DeckErrors as error:
            errors.extend(error.errors)
            continue
        except FontNeeded as error:
            if decks:
                raise
            click.echo(f"skipped {error}")  # every deck in decks/: as `cardgen build` does
            continue
        for finding in findings:
            click.echo(str(finding))
        found += len(findings)
        if not findings:
            click.echo(f"{shown}: nothing to change")
    if errors:
        raise DeckErrors(errors)
    if found:
        ctx.exit(1)

