"""The `cardgen` program: its commands gathered under one name and one help, and how it ends.

The commands live in cardgen/commands/, a module for each thing a deck writer does. What
goes wrong in any of them is turned into a message in one place, `Commands.invoke`
(cardgen/commands/errors.py): user mistakes (CardgenError) and what the system refuses (a
full disk, a deleted folder) exit with code 1, bad option values are Click's usage errors
(exit code 2). Heavy imports (ReportLab, pypdf) happen inside the commands that need them,
so `cardgen --help` stays quick.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import NoReturn

import click

from cardgen.commands import building, converting, printer, seeing, translating, writing
from cardgen.commands.errors import Commands, system_message


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cardgen", prog_name="cardgen")
def cli() -> None:
    """Print conversation card decks and pocket booklets from YAML.

    \b
    Examples:
      cardgen new decks/my-deck.yaml        start a deck from a commented example
      cardgen serve decks/my-deck.yaml      see it as it prints while you write
      cardgen build                         print every deck in decks/ into output/
      cardgen validate                      check every deck in decks/
      cardgen lint                          words that hurt, cards too full
      cardgen notes                         cards with a content note, to take out
      cardgen schema > deck.schema.json     the deck format, for your editor
      cardgen translate status decks/my-deck.es.yaml   what is left to translate
      cardgen convert deck.yaml deck.xlsx   keep a deck in a spreadsheet, or back
    """


for command in (writing.validate, writing.new, writing.schema, building.build, writing.lint,
                writing.notes, seeing.preview, printer.calibrate, seeing.serve, printer.stocks,
                translating.translate, converting.convert):
    cli.add_command(command)


def _leave(done: SystemExit) -> NoReturn:
    """Exit with `done`'s status without tearing the interpreter down.

    Everything cardgen writes is written and closed by now; what is left is freeing
    the hundreds of thousands of objects a big build made, which takes about half a
    second for 10,000 cards and changes nothing (mypy exits the same way). A message
    for Python to print, or output that cannot be flushed, takes the usual way out.
    """
    code = done.code
    if code is not None and not isinstance(code, int):
        raise done
    parallel = sys.modules.get("cardgen.products.parallel")  # loaded only if a build shared work
    if parallel is not None:
        parallel.end_all()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    os._exit(code or 0)


def main() -> None:
    """The `cardgen` program.

    Text that the terminal's encoding cannot show (Chinese in a deck, read on a
    cp1252 console) is written as backslash escapes (`\\u4f60`) instead of failing:
    a reader can still tell which character it is, and the escape is the same one
    Python uses for its own error output.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli(prog_name="cardgen", obj=building.ENDS_WITH_COMMAND)
    except SystemExit as done:
        _leave(done)
    except OSError as error:  # printing help or a usage error, outside any command
        if error.errno == errno.EPIPE:
            raise
        click.echo(system_message(error), err=True)
        sys.exit(1)
