"""Commands for writing a deck: new, validate, lint, notes and schema.

Start a deck from a commented example (new), check it for mistakes (validate), read its
words with care (lint), list the cards with a content note (notes), and give an editor
the deck format (schema).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from cardgen.commands.errors import DeckProblems
from cardgen.commands.params import Parsed, card_size
from cardgen.commands.report import plural
from cardgen.commands.settings import merged


@click.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
def validate(decks: tuple[str, ...]) -> None:
    """Check decks for mistakes and count their cards.

    Checks every DECK given (a file, or a published sheet's https:// address), or
    every deck in decks/ in the current folder, as
    `cardgen build` would build it with cardgen.yaml's settings and the fonts in
    fonts/: every card is fitted to the card (or stock) and the booklet laid out,
    without drawing. Each mistake is shown as FILE:LINE:COLUMN: what is wrong.

    \b
    Example:
      cardgen validate decks/harm-reduction.yaml
    """
    from cardgen.deck.kinds import KINDS
    from cardgen.products.build import check
    from cardgen.products.context import Context
    from cardgen.products.options import load_config
    from cardgen.tools.project import deck_files, user_fonts

    here = Path.cwd()
    options = merged(load_config(here))  # read as `cardgen build` reads it
    with tempfile.TemporaryDirectory(prefix="cardgen-sheets-") as downloads:
        files = deck_files(decks, downloads=Path(downloads))  # a published sheet: fetched
        context = Context.create(options, user_fonts(here))
        problems = DeckProblems(bool(decks), click.get_current_context().meta)
        for path, shown in files:
            with problems.deck():
                deck = check(path, context, shown)
                counts = ", ".join(plural(count, KINDS[kind].word)
                                   for kind, count in deck.counts().items())
                click.echo(f"{shown}: ok ({counts})")
    problems.raise_any()


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", default="Conversations", show_default=True, help="The new deck's title.")
@click.option("--sheet", is_flag=True,
              help="Start a spreadsheet instead (PATH ends in .xlsx or .csv): a row for a "
                   "card of every kind, the settings on a Deck sheet (or, beside a .csv, "
                   "in the .yaml file of its name).")
def new(path: Path, title: str, sheet: bool) -> None:
    """Write a commented starter deck to PATH.

    The starter shows every part of the deck format; edit it, then build it.
    With --sheet, a spreadsheet to fill in instead (`cardgen new --sheet
    decks/grief.xlsx`). An existing file is never overwritten.

    \b
    Example:
      cardgen new decks/grief.yaml --title "Talking about loss"
    """
    from cardgen.deck.starter import write_starter

    if not sheet:
        write_starter(path, title)
        click.echo(f"wrote {path}")
        return
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter(f"{path}: a sheet is a .xlsx or .csv file", param_hint="PATH")
    from cardgen.deck.export import starter_sheet
    from cardgen.errors import CardgenError
    from cardgen.products.output import write_outputs

    files = starter_sheet(path, title)
    for there, _ in files:
        if there.exists() or there.is_symlink():
            raise CardgenError(f"{there} already exists; cardgen new never overwrites a file. "
                               "Choose another name, or delete the old file first.")
    write_outputs(files)
    for written, _ in files:
        click.echo(f"wrote {written}")


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
    from cardgen.deck.sheets import is_sheet
    from cardgen.deck.spreadsheet import cards_from
    from cardgen.products.context import Context
    from cardgen.products.options import load_config
    from cardgen.tools.lint import lint_deck
    from cardgen.tools.project import deck_files, user_fonts
    from cardgen.tools.sheetlint import lint_sheet

    here = Path.cwd()
    options = merged(load_config(here), card=card)  # read as `cardgen build` reads it
    context = Context.create(options, user_fonts(here))
    problems, found = DeckProblems(bool(decks), ctx.meta), 0
    with tempfile.TemporaryDirectory(prefix="cardgen-sheets-") as downloads:
        for path, shown in deck_files(decks, downloads=Path(downloads)):
            with problems.deck():
                sheet = is_sheet(path) or cards_from(path) is not None  # said at its cells
                findings = (lint_sheet if sheet else lint_deck)(path, shown, context)
                for finding in findings:
                    click.echo(str(finding))
                found += len(findings)
                if not findings:
                    click.echo(f"{shown}: nothing to change")
    problems.raise_any()
    if found:
        ctx.exit(1)



@click.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
def notes(decks: tuple[str, ...]) -> None:
    """List the cards with a content note, to choose the cards for a meeting.

    Lists every card of every DECK given (or every decks/*.yaml in the current
    folder) whose `content_note:` says what it talks about, one a line, as
    FILE:LINE:COLUMN: the card (and its level): the note. Printed subsets keep
    their card numbers, so a facilitator can take these cards out of a printed
    deck, or leave them out with --tag or --level.

    \b
    Example:
      cardgen notes decks/harm-reduction.yaml
    """
    from cardgen.deck.cards import noted_cards
    from cardgen.deck.model import load_deck
    from cardgen.tools.project import deck_files

    problems = DeckProblems(bool(decks), click.get_current_context().meta)
    for path, shown in deck_files(decks):
        with problems.deck():
            deck = load_deck(path, shown)
            cards = noted_cards(deck)
            for card in cards:
                assert card.item is not None and card.item.content_note is not None
                level = f" (level {card.level})" if deck.levelled else ""
                where = card.item.spots.get("content_note", card.where)
                click.echo(f"{where}: {card.describe()}{level}: {card.item.content_note}")
            if not cards:
                click.echo(f"{shown}: no card has a content note")
    problems.raise_any()
