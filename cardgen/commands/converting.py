"""The convert command: a deck from YAML to a spreadsheet and back, card for card."""

from __future__ import annotations

from pathlib import Path

import click

from cardgen.errors import CardgenError

WRITTEN = (".yaml", ".yml", ".xlsx", ".csv")


def _written(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    if value.suffix.lower() not in WRITTEN:
        raise click.BadParameter(f"{value}: cardgen writes a deck as .yaml, .xlsx or .csv")
    return value


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path), callback=_written)
@click.option("--force", is_flag=True,
              help="Replace TARGET (and a CSV file's settings file) if it is there.")
def convert(source: Path, target: Path, force: bool) -> None:
    """Convert a deck between YAML, a workbook (.xlsx) and a CSV file.

    SOURCE is a deck: .yaml, .csv, .xlsx, .xls or .ods. TARGET is written as
    .yaml, .xlsx (cards on a sheet with a header row that stays in view, a
    drop-down for kind, settings on a Deck sheet) or .csv (the cards; the
    deck's settings, if any, go to the .yaml file of the same name). The deck
    is checked first, and both build the same cards. An existing file is
    never replaced without --force.

    \b
    Examples:
      cardgen convert decks/circle.yaml decks/circle.xlsx
      cardgen convert decks/circle.xlsx decks/circle.yaml --force
    """
    from cardgen.deck.export import converted
    from cardgen.products.options import load_config
    from cardgen.products.output import write_outputs

    if source.resolve() == target.resolve():
        raise CardgenError(f"{target}: is the deck being converted; give another name")
    config = load_config(Path.cwd())  # its `region:` checks a CSV file's helplines
    files = converted(source, str(source), target, config.options.region)
    there = [path for path, _ in files if path.exists() or path.is_symlink()]
    if there and not force:
        raise CardgenError(f"{there[0]}: is already there; `cardgen convert` replaces a file "
                           "only when asked\n  hint: give --force to replace it, or another "
                           "name")
    write_outputs(files)
    for path, _ in files:
        click.echo(f"wrote {path}")
