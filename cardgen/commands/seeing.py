"""Commands to see a deck as it will print, before printing it: preview and serve.

Pictures of its card sheets and booklet spreads (preview), and the studio in the browser,
live while you write (serve).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from cardgen.choices import BACKS, PAPERS
from cardgen.commands.params import Parsed, card_size
from cardgen.commands.report import plural, tell_once
from cardgen.commands.settings import merged
from cardgen.errors import CardgenError
from cardgen.products.formats import PICTURED


@click.command()
@click.argument("deck", type=click.Path(dir_okay=False))
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
    (fronts, then backs) and the booklet as open spreads.

    \b
    Example:
      cardgen preview decks/harm-reduction.yaml --out output/preview
    """
    from cardgen.products.context import Context
    from cardgen.products.options import load_config
    from cardgen.tools.preview import preview as make_preview
    from cardgen.tools.project import user_fonts

    here = Path.cwd()
    options = merged(load_config(here), formats=tuple(formats) or None, **given)
    # Asked of this deck on the command line: it must be a translation (as for `build`).
    options = replace(options, bilingual_named=bool(given.get("bilingual")))
    context = Context.create(options, user_fonts(here))  # as `cardgen build` sets up
    tell_once(context.fonts.warnings)
    written = make_preview(Path(deck), deck, context, out, dpi)
    click.echo(f"wrote {plural(len(written), 'picture')} to {out}")



@click.command()
@click.argument("deck", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8747, show_default=True,
              help="The port to listen on; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but 127.0.0.1 lets other machines "
                   "read and change the deck.")
@click.option("--open/--no-open", "open_browser", default=True,
              help="Open the studio in the web browser.  [default: open]")
def serve(deck: Path | None, port: int, host: str, open_browser: bool) -> None:
    """Show a deck in the browser as it prints, live while you write it.

    The page shows every card and the booklet pages, updates whenever the deck,
    cardgen.yaml or a font is saved, lists errors and things worth a look, and
    can edit and save the deck (the version before is kept as DECK.yaml.bak).
    Without DECK it offers every deck in decks/. Press Ctrl+C to stop.

    \b
    Example:
      cardgen serve decks/harm-reduction.yaml
    """
    from cardgen.studio.server import LOOPBACK, Served, Studio

    here = Path.cwd()
    if deck is not None:
        if not deck.is_file():
            raise CardgenError(f"{deck}: no such deck file; start one with `cardgen new {deck}`")
        served, shown = Served(deck.stem, deck, str(deck)), str(deck)
    elif (here / "decks").is_dir():
        served, shown = None, "decks/"
    else:
        raise CardgenError("there is no decks/ folder here: give a deck file, e.g. "
                           "`cardgen serve my-deck.yaml`, or start one with "
                           "`cardgen new decks/my-deck.yaml`")
    studio = Studio(served, here, host, port)
    try:
        if host != LOOPBACK:
            click.echo(f"warning: listening on {host}: anyone who can reach this machine on port "
                       f"{studio.port} can read and change {shown}", err=True)
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

