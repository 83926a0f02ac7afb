"""The `cardgen` command line: parse options, call the library, print results.

Commands stay thin. User mistakes arrive here as CardgenError and leave as a
message on stderr with exit code 1, in one place: `_Commands.invoke`, which does the same
for what the system refuses (a full disk, a deleted folder). Bad option
values are Click's usage errors (exit code 2). Heavy imports (ReportLab, pypdf)
happen inside the commands that need them, so `cardgen --help` stays quick.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from cardgen import __version__
from cardgen.choices import (
    BACKS,
    BOOKLET_SIZES,
    DUPLEX,
    FLIPS,
    FORMATS,
    IMPOSITIONS,
    PAPERS,
    PICTURED_FORMATS,
)
from cardgen.errors import CardgenError, DeckError, DeckErrors, SettingError
from cardgen.options import MAX_DPI, MIN_DPI, parse_kinds


class _Commands(click.Group):
    """A command group that turns user errors, and what the system refused, into messages
    and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SettingError as error:
            click.echo(str(_setting_problem(error, ctx.meta)), err=True)
            ctx.exit(1)
        except CardgenError as error:
            click.echo(str(error), err=True)
            ctx.exit(1)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # a reader that stopped early (`| head`): Click exits quietly
            click.echo(_system_message(error), err=True)
            ctx.exit(1)


def _options(config, **given):
    """cardgen.yaml's options with the command line's put over them. Which value came from
    where is kept in the command's context, for messages about a value that cannot work."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # None: called from a test or a thread of its own
        ctx.meta["cardgen.given"] = {key for key, value in given.items()
                                     if value not in (None, ())}
        ctx.meta["cardgen.config"] = config
        ctx.meta["cardgen.command"] = ctx
    return config.options.merged(**given)


def _setting_problem(error: SettingError, meta: dict) -> CardgenError:
    """A setting that cannot work, said where it was set: a command-line value is a usage
    error (raised here, exit code 2); a cardgen.yaml value is a message at its line."""
    if error.setting in meta.get("cardgen.given", ()):
        option = "--" + error.setting.replace("_", "-")
        raise click.BadParameter(error.message, ctx=meta["cardgen.command"],
                                 param_hint=f"'{option}'")
    config = meta.get("cardgen.config")
    if config is not None and error.setting in config.spots:
        key, where = config.spots[error.setting]
        return DeckError(where, f"`{key}`: {error.message}")
    return error


def _system_message(error: OSError) -> str:
    """A full disk, a deleted folder, a closed output: one line that says which and why.

    Errors in cardgen's own files are CardgenErrors with their names; what reaches
    here comes from the surroundings: standard output, the current folder, a file a
    library opened.
    """
    reason = error.strerror or str(error)
    stream = _failed_stream(error)
    if stream:
        return f"cannot write to {stream}: {reason}"
    try:
        os.getcwd()
    except OSError:
        return ("the current folder no longer exists (it was deleted or moved); "
                "go to a folder that exists and run cardgen again")
    if error.filename is not None:
        return f"{error.filename}: {reason}"
    return f"cardgen: {reason}"


def _failed_stream(error: OSError) -> str | None:
    """"standard output" when `error` was raised writing to it (everything cardgen prints
    goes through click.echo), else None. Whatever is left in its buffer is dropped, so
    Python does not fail again writing it at exit."""
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    frame = trace.tb_frame if trace else None
    if frame is None or frame.f_code is not click.echo.__code__:
        return None
    if frame.f_locals.get("err"):
        return "standard error"
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # not a real file (a test runner's): nothing is written at exit
    return "standard output"


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cardgen")
def cli() -> None:
    """Print conversation card decks and pocket booklets from YAML.

    \b
    Examples:
      cardgen new decks/my-deck.yaml        start a deck from a commented example
      cardgen serve decks/my-deck.yaml      see it as it prints while you write
      cardgen build                         print every deck in decks/ into output/
      cardgen validate                      check every deck in decks/
      cardgen lint                          words that hurt, cards too full
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


class _Length(click.ParamType):
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


class _Parsed(click.ParamType):
    """A value checked by one of cardgen's own parsers (card sizes, kinds)."""

    def __init__(self, name: str, parse):
        self.name = name
        self.parse = parse

    def convert(self, value, param, ctx):
        try:
            return self.parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _parse_card(text: str) -> str:
    from cardgen.layout.sizes import parse_card

    parse_card(text)
    return text


@cli.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the PDFs.  [default: output]")
@click.option("--format", "formats", multiple=True, type=click.Choice(tuple(FORMATS)),
              help="What to make; repeat for several.  [default: cards and booklet]")
@click.option("--paper", type=click.Choice(tuple(PAPERS), case_sensitive=False),
              help="Paper size.  [default: letter]")
@click.option("--card", type=_Parsed("card", _parse_card),
              help="poker, bridge, mini, tarot, square, large, business, index, or WxH such as "
                   "60x90mm.  [default: poker]")
@click.option("--duplex", type=click.Choice(tuple(DUPLEX)),
              help="Two-sided printing: the edge the sheet flips on, or none.  [default: long]")
@click.option("--bleed", type=_Length(),
              help="Backgrounds run this far past the cut, e.g. 3mm.  "
                   "[default: 0; 3mm for --format shop; 0.125in for images]")
@click.option("--marks/--no-marks", default=None,
              help="Crop marks in the margin.  [default: marks]")
@click.option("--back-offset", type=_Length(signed=True), metavar="DX,DY",
              help="Shift backs to correct your printer, e.g. 1.5mm,-0.5mm "
                   "(see `cardgen calibrate`).")
@click.option("--mono/--colour", "mono", default=None,
              help="Black, white and grey only, no large filled areas.  [default: colour]")
@click.option("--large-print/--normal-print", "large_print", default=None,
              help="Nothing under 14 pt; main text at 16 pt or more.")
@click.option("--backs", type=click.Choice(tuple(BACKS)),
              help="Card backs: light (white, little ink, for home printers) or full (colour "
                   "past the trim, for print shops).  [default: light on card sheets; full for "
                   "shop and images]")
@click.option("--font", "fonts", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A .ttf or .ttc font to use first (e.g. for Chinese); FILE.ttc#NAME picks a "
                   "face of a collection by name. Repeatable: tried in the order given.")
@click.option("--only", type=_Parsed("kinds", parse_kinds), metavar="KIND[,KIND]",
              help="Print only these kinds: instructions, prompt, reframe, quote, resource, blank.")
@click.option("--tag", help="Print only cards with this tag (and the instructions and helplines).")
@click.option("--helplines/--no-helplines", default=None,
              help="Helpline cards go with every --tag subset; --no-helplines leaves them out "
                   "(booklets keep them).  [default: helplines]")
@click.option("--booklet-size", type=click.Choice(tuple(BOOKLET_SIZES)),
              help="Booklet page size.  [default: quarter-letter on Letter, A6 on A4]")
@click.option("--impose", type=click.Choice(tuple(IMPOSITIONS)),
              help="How booklet pages go on sheets.  [default: pocket]")
@click.option("--creep", type=_Length(), help="Booklet creep per sheet, e.g. 0.1mm.  [default: 0]")
@click.option("--verify/--no-verify", default=None,
              help="Read each PDF back and check that every card's words are on it.  "
                   "[default: no-verify]")
@click.option("--stock", metavar="NAME",
              help="Print the card sheets on perforated card stock, e.g. avery-5371 "
                   "(see `cardgen stocks`); the stock sets the card size.")
@click.option("--stock-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE.xml", help="A gLabels template file to find --stock in.")
@click.option("--dpi", type=click.IntRange(MIN_DPI, MAX_DPI),
              help="Resolution of --format images.  [default: 300]")
@click.option("--box-thickness", type=_Length(), metavar="LENGTH",
              help="Thickness of the stacked deck for --format box, e.g. 25mm.  "
                   "[default: 0.3mm a card]")
@click.option("--watch", is_flag=True,
              help="Keep running and rebuild whenever a deck or cardgen.yaml is saved.")
def build(decks, out, formats, watch, **given) -> None:
    """Build decks into print-ready PDFs.

    Builds every DECK given, or every decks/*.yaml in the current folder, into
    OUT/<deck>-cards.pdf (card sheets with backs and crop marks),
    OUT/<deck>-booklet.pdf and, with --format shop, OUT/<deck>-shop.pdf.
    --format images writes OUT/<deck>-images/ (one PNG per card face, for a
    card printer); --format box, OUT/<deck>-box.pdf (a tuck box).
    With --format html, OUT/<deck>.html, one page to share on screen or read aloud.
    Settings in a cardgen.yaml beside decks/ are used as defaults; options
    given here win.

    \b
    Examples:
      cardgen build
      cardgen build decks/harm-reduction.yaml --paper a4 --card large
      cardgen build --format shop --bleed 3mm
      cardgen build --format html
      cardgen build --back-offset 1mm,-0.5mm --mono
      cardgen build --stock avery-5371
      cardgen build --format images --format box
      cardgen build --watch
    """
    from cardgen.project import deck_files

    request = (decks, out, tuple(dict.fromkeys(formats)) or None, given)
    if not watch:
        errors = _build_all(*request)
        if errors:
            raise CardgenError("\n".join(str(error) for error in errors))
        return
    import threading

    from cardgen.deck_theme import logo_named
    from cardgen.options import CONFIG_FILE, load_config
    from cardgen.project import watched_fonts
    from cardgen.watch import snapshot
    from cardgen.watch import watch as watch_files

    def rebuild(saved: list[Path]) -> None:
        if saved:  # the first build, before anything was saved, has nothing to name
            click.echo(f"changed: {', '.join(str(p) for p in saved)}")
        try:
            errors = _build_all(*request)
        except click.BadParameter as bad:
            if not saved:
                raise  # before watching starts, a value that cannot work stops it like any
            # An option that worked until the deck grew (a creep for fewer sheets): say so
            # and keep watching.
            errors = [CardgenError(bad.format_message())]
        for error in errors:
            click.echo(str(error), err=True)

    def files() -> list[Path]:
        try:
            saved = load_config(Path.cwd()).options.fonts
        except CardgenError:
            saved = ()
        fonts = watched_fonts(Path.cwd(), (*saved, *given["fonts"]))
        try:
            paths = [path for path, _ in deck_files(decks)]
        except CardgenError:
            return [Path(CONFIG_FILE), *fonts]
        logos = [logo for logo in map(logo_named, paths) if logo is not None]  # a saved logo too
        return paths + logos + [Path(CONFIG_FILE), *fonts]

    before = snapshot(files())  # a save during the first build still counts
    rebuild([])
    click.echo("watching for changes; press Ctrl+C to stop")
    stop = threading.Event()
    try:
        watch_files(files, rebuild, stop, since=before)
    except KeyboardInterrupt:
        stop.set()


def _build_all(decks, out, formats, given) -> list[CardgenError]:
    """Build every deck, printing what was written; return the errors instead of stopping."""
    from cardgen.glyphs import FontNeeded
    from cardgen.limits import check_settings
    from cardgen.options import load_config
    from cardgen.products import chosen_stock, fonts_for, make
    from cardgen.project import deck_files, user_fonts

    here = Path.cwd()
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    try:
        config = load_config(here)
        files = deck_files(decks)
        options = _options(config, formats=formats, **given)
        folder = out or config.out or Path("output")
        _check_targets(files, options, folder)
        check_settings(options, chosen_stock(options))
        fonts = user_fonts(here)
        _tell_once(fonts_for(options, fonts).warnings)
    except SettingError as error:
        return [_setting_problem(error, meta)]
    except CardgenError as error:
        return [error]
    errors: list[CardgenError] = []
    stderr = sys.stderr
    # A bar only where someone watches a longer build; in logs and tests it is noise.
    show = len(files) > 1 and stderr.isatty()
    with click.progressbar(files, label="Building", file=stderr, show_pos=True,
                           hidden=not show) as bar:
        for path, shown in bar:
            try:
                products = make(path, options, shown, fonts)
                written = products.write(folder)
            except DeckErrors as error:
                errors.extend(error.errors)
                continue
            except FontNeeded as error:
                if not decks:  # every deck in decks/: build those this machine can print
                    click.echo(f"skipped {error}", err=True)
                    continue
                errors.append(error)
                continue
            except SettingError as error:
                errors.append(_setting_problem(error, meta))
                continue
            except CardgenError as error:
                errors.append(error)
                continue
            _tell_once(products.warnings)
            for product, target in zip(products.products, written):
                click.echo(f"wrote {target} ({_plural(product.pages, product.unit)}, "
                           f"{_plural(product.cards, 'card')}): {product.note}")
                if product.verified:
                    click.echo(f"verified {_plural(product.cards, 'card')} in {target}")
    return errors


def _check_targets(files, options, folder: Path) -> None:
    """Two decks that would write the same file (a/d.yaml and b/d.yaml) are refused
    before anything is built: the second would silently replace the first."""
    from cardgen.deck import deck_name
    from cardgen.products import output_names

    first: dict[str, str] = {}
    for path, shown in files:
        for name in output_names(deck_name(path), options):
            if name in first and first[name] != shown:
                raise CardgenError(f"{first[name]} and {shown} would both be written to "
                                   f"{folder / name}; rename one of them, or build them into "
                                   "different folders with --out")
            first[name] = shown


_TOLD: set[str] = set()


def _tell_once(warnings: tuple[str, ...]) -> None:
    """Print each warning about the fonts on stderr once per process, however many
    decks or rebuilds (`--watch`) use the same fonts."""
    for warning in warnings:
        if warning not in _TOLD:
            _TOLD.add(warning)
            click.echo(f"note: {warning}", err=True)


@cli.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("--card", type=_Parsed("card", _parse_card),
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
    from cardgen.glyphs import FontNeeded
    from cardgen.lint import lint_deck
    from cardgen.options import load_config
    from cardgen.products import fonts_for
    from cardgen.project import deck_files, user_fonts

    here = Path.cwd()
    options = _options(load_config(here), card=card)  # read as `cardgen build` reads it
    fonts = fonts_for(options, user_fonts(here))
    errors, found = [], 0
    for path, shown in deck_files(decks):
        try:
            findings = lint_deck(path, shown, options, fonts)
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


@cli.command()
@click.argument("deck", type=click.Path(dir_okay=False))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output/preview"), show_default=True, help="Folder for the pictures.")
@click.option("--format", "formats", multiple=True, type=click.Choice(PICTURED_FORMATS),
              help="Preview only these.  [default: cards and booklet]")
@click.option("--paper", type=click.Choice(tuple(PAPERS), case_sensitive=False),
              help="Paper size.  [default: letter, or cardgen.yaml's]")
@click.option("--card", type=_Parsed("card", _parse_card), help="Card size.  [default: poker]")
@click.option("--mono/--colour", "mono", default=None, help="Black, white and grey only.")
@click.option("--large-print/--normal-print", "large_print", default=None, help="Large print.")
@click.option("--backs", type=click.Choice(tuple(BACKS)),
              help="Card backs: light or full colour.  [default: light]")
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
    from cardgen.fonts import load_fonts
    from cardgen.options import load_config
    from cardgen.preview import preview as make_preview
    from cardgen.project import user_fonts

    here = Path.cwd()
    options = _options(load_config(here), formats=tuple(formats) or None, **given)
    extra_fonts = user_fonts(here)
    _tell_once(load_fonts((*options.fonts, *extra_fonts)).warnings)
    written = make_preview(Path(deck), deck, options, out, dpi, extra_fonts)
    click.echo(f"wrote {_plural(len(written), 'picture')} to {out}")


@cli.command()
@click.option("--paper", type=click.Choice(tuple(PAPERS), case_sensitive=False),
              help="The paper you print cards on.  [default: letter, or cardgen.yaml's]")
@click.option("--duplex", type=click.Choice(FLIPS),
              help="The edge your printer flips on.  [default: long, or cardgen.yaml's]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("output/calibration.pdf"), show_default=True, help="Where to write it.")
def calibrate(paper, duplex, output) -> None:
    """Write a two-page sheet that measures your printer's duplex error.

    Print it two-sided at actual size, hold it to the light, and read how far
    the back is off. The sheet says which --back-offset to use; save it in
    cardgen.yaml as `back_offset: DX,DY` so every build uses it.

    \b
    Example:
      cardgen calibrate --paper a4 --duplex long
    """
    from cardgen.layout.sizes import parse_paper
    from cardgen.options import load_config
    from cardgen.output import write_file
    from cardgen.render.calibration import calibration_pdf

    options = _options(load_config(Path.cwd()), paper=paper, duplex=duplex)
    flip = options.duplex if options.duplex != "none" else "long"
    write_file(output, calibration_pdf(parse_paper(options.paper), flip))
    click.echo(f"wrote {output}: print it two-sided (flip on {flip} edge) at actual size (100 %)")


@cli.command()
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

            webbrowser.open(studio.url)
        studio.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        studio.close()


@cli.command()
@click.option("--stock-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE.xml", help="List the card templates in this gLabels file instead.")
def stocks(stock_file: Path | None) -> None:
    """List the perforated card stocks cardgen can print on.

    Each stock's name (for --stock), its paper, its card size and how many
    cards a sheet holds. Any rectangle template of gLabels works too: give
    its file with --stock-file.

    \b
    Examples:
      cardgen stocks
      cardgen stocks --stock-file /usr/share/libglabels-3.0/templates/avery-us-templates.xml
      cardgen build --stock avery-5371
    """
    from cardgen.layout.stock import BUNDLED

    if stock_file is None:
        found = list(BUNDLED)
    else:
        from cardgen.glabels import stocks_in

        found = stocks_in(stock_file, str(stock_file))
        if not found:
            raise CardgenError(f"{stock_file} has no rectangle template cardgen can print on")
    rows = [("name", "paper", "card", "per sheet")] + [
        (s.name, s.paper_name, s.card_text, str(s.per_sheet)) for s in found]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    if stock_file is None:
        import textwrap

        click.echo("\nThe same stock under other part numbers (either name works):")
        for stock in found:
            if stock.aliases:
                click.echo(textwrap.fill(", ".join(stock.aliases), 79,
                                         initial_indent=f"  {stock.name}: ",
                                         subsequent_indent="    "))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


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
        cli(prog_name="cardgen")
    except SystemExit as done:
        _leave(done)
    except OSError as error:  # printing help or a usage error, outside any command
        if error.errno == errno.EPIPE:
            raise
        click.echo(_system_message(error), err=True)
        sys.exit(1)
