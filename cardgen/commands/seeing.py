"""Commands to see a deck as it will print, before printing it: preview and serve.

Pictures of its card sheets and booklet spreads (preview), and the studio in the browser,
live while you write (serve).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cardgen.choices import BACKS, PAPERS
from cardgen.commands.params import Parsed, card_size
from cardgen.commands.report import plural, tell_once
from cardgen.commands.settings import merged
from cardgen.errors import CardgenError
from cardgen.products.formats import PICTURED

if TYPE_CHECKING:
    from cardgen.studio.server import Served


@click.command()
@click.argument("deck")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output/preview"), show_default=True, help="Folder for the pictures.")
@click.option("--format", "formats", multiple=True, type=click.Choice(PICTURED),
              help="Preview only these.  [default: cards and booklet]")
@click.option("--paper", type=click.Choice(tuple(PAPERS), case_sensitive=False),
              help="Paper size.  [default: letter, or cardgen.yaml's]")
@click.option("--card", type=Parsed("card", card_size), help="Card size.  [default: poker]")
@click.option("--mono/--colour", "mono", default=None, help="Black, white and grey only.")
@click.option("--large-print/--normal-print", "large_print", default=None, help="Large print.")
@click.option("--backs", type=click.Choice(tuple(BACKS)),
              help="Card backs: light or full colour.  [default: light]")
@click.option("--bilingual/--one-language", "bilingual", default=None,
              help="A translation with its source's words beneath each card's.  "
                   "[default: one-language, or cardgen.yaml's]")
@click.option("--dpi", type=click.IntRange(30, 300), default=80, show_default=True,
              help="Resolution of the pictures.")
def preview(deck, out, formats, dpi, **given) -> None:
    """Write PNG pictures of a deck's card sheets and booklet spreads.

    See what a change looks like without a PDF viewer: every card sheet page
    (fronts, then backs) and the booklet as open spreads. DECK is a file, or the
    https:// address of a sheet published as CSV.

    \b
    Example:
      cardgen preview decks/harm-reduction.yaml --out output/preview
    """
    from cardgen.products.context import Context
    from cardgen.products.options import load_config
    from cardgen.tools.preview import preview as make_preview
    from cardgen.tools.project import deck_files, user_fonts

    here = Path.cwd()
    options = merged(load_config(here), formats=tuple(formats) or None, **given)
    # Asked of this deck on the command line: it must be a translation (as for `build`).
    options = replace(options, bilingual_named=bool(given.get("bilingual")))
    context = Context.create(options, user_fonts(here))  # as `cardgen build` sets up
    tell_once(context.fonts.warnings)
    with tempfile.TemporaryDirectory(prefix="cardgen-sheets-") as downloads:
        # A published sheet's address is fetched; a file is read where it is.
        [(path, shown)] = deck_files([deck], downloads=Path(downloads))
        written = make_preview(path, shown, context, out, dpi)
    click.echo(f"wrote {plural(len(written), 'picture')} to {out}")



@click.command()
@click.argument("deck", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=8747, show_default=True,
              help="The port to listen on; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but 127.0.0.1 lets other machines "
                   "read and change the deck.")
@click.option("--open/--no-open", "open_browser", default=True,
              help="Open the studio in the web browser.  [default: open]")
def serve(deck: str | None, port: int, host: str, open_browser: bool) -> None:
    """Show a deck in the browser as it prints, live while you write it.

    The page shows every card and the booklet pages, updates whenever the deck,
    cardgen.yaml or a font is saved, lists errors and things worth a look, and
    can edit and save the deck (the version before is kept as DECK.yaml.bak).
    Without DECK it offers every deck in decks/. Press Ctrl+C to stop.

    A deck kept in a spreadsheet (.csv, .xlsx, .ods) is shown, not edited: edit
    it in your spreadsheet program, and the page follows each save. DECK may be
    the https:// address of a sheet published as CSV: it is read again each time
    the page opens or asks (at most every few seconds).

    \b
    Example:
      cardgen serve decks/harm-reduction.yaml
    """
    from cardgen.deck.published import is_url
    from cardgen.deck.sheets import is_sheet
    from cardgen.studio.server import LOOPBACK, Served, Studio

    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="cardgen-sheets-") as downloads:
        if deck is not None and is_url(deck):
            served, shown = _published(deck, Path(downloads)), deck
        elif deck is not None:
            path = Path(deck)
            if not path.is_file():
                start = "new --sheet" if is_sheet(path) else "new"
                raise CardgenError(f"{deck}: no such deck file; start one with "
                                   f"`cardgen {start} {deck}`")
            served, shown = Served(path.stem, path, deck), deck
        elif (here / "decks").is_dir():
            served, shown = None, "decks/"
        else:
            raise CardgenError("there is no decks/ folder here: give a deck file, e.g. "
                               "`cardgen serve my-deck.yaml`, or start one with "
                               "`cardgen new decks/my-deck.yaml`")
        studio = Studio(served, here, host, port)
        try:
            if host != LOOPBACK:
                click.echo(f"warning: listening on {host}: anyone who can reach this machine "
                           f"on port {studio.port} can read and change {shown}", err=True)
            click.echo(f"Serving {shown} at {studio.url}")
            click.echo("Press Ctrl+C to stop.")
            if open_browser:
                import webbrowser

                # False where no browser can be started (a server, a bare Linux, WSL).
                if not webbrowser.open(studio.url):
                    click.echo(f"no web browser could be opened here: open {studio.url} in one",
                               err=True)
            studio.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopped")
        finally:
            studio.close()


def _published(url: str, downloads: Path) -> Served:
    """A published sheet to serve, read once now to name it (its outputs are named after
    the sheet): if it cannot be read (offline, a wrong address), that is said here and on
    the page, which reads it again when asked. An address cardgen never fetches is refused."""
    from cardgen.deck.published import check_address, fetch_sheet
    from cardgen.studio.server import Served

    check_address(url)
    try:
        data, name = fetch_sheet(url)
    except CardgenError as error:
        click.echo(f"warning: {error}", err=True)
        return Served("sheet", downloads / "sheet.csv", url, url)
    path = downloads / f"{name}.csv"
    path.write_bytes(data)
    return Served(name, path, url, url)
