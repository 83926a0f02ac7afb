"""The build command: decks into print-ready PDFs, once or again on every save (--watch)."""

from __future__ import annotations

import gc
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from cardgen.choices import BACKS, BOOKLET_SIZES, DUPLEX, IMPOSITIONS, PAPERS
from cardgen.commands.errors import DeckProblems
from cardgen.commands.params import Length, Parsed, card_size
from cardgen.commands.report import plural, tell_once
from cardgen.commands.settings import merged, setting_problem
from cardgen.deck.kinds import LEVELS
from cardgen.errors import CardgenError, SettingError
from cardgen.products.formats import FORMATS
from cardgen.products.options import MAX_DPI, MIN_DPI, parse_kinds

# The command line's `obj` when the process ends with its command (cardgen.cli.main, which
# then leaves without tearing the interpreter down).
ENDS_WITH_COMMAND = "the process ends with the command"


@click.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the PDFs.  [default: output]")
@click.option("--format", "formats", multiple=True, type=click.Choice(tuple(FORMATS)),
              help="What to make; repeat for several.  [default: cards and booklet]")
@click.option("--paper", type=click.Choice(tuple(PAPERS), case_sensitive=False),
              help="Paper size.  [default: letter]")
@click.option("--card", type=Parsed("card", card_size),
              help="poker, bridge, mini, tarot, square, large, business, index, or WxH such as "
                   "60x90mm.  [default: poker]")
@click.option("--duplex", type=click.Choice(tuple(DUPLEX)),
              help="Two-sided printing: the edge the sheet flips on, or none.  [default: long]")
@click.option("--bleed", type=Length(),
              help="Backgrounds run this far past the cut, e.g. 3mm.  [default: 0 on card "
                   "sheets, 2.5mm with --backs full; 0.125in for shop and images]")
@click.option("--marks/--no-marks", default=None,
              help="Crop marks in the margin.  [default: marks]")
@click.option("--back-offset", type=Length(signed=True), metavar="DX,DY",
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
@click.option("--only", type=Parsed("kinds", parse_kinds), metavar="KIND[,KIND]",
              help="Print only these kinds: instructions, prompt, reframe, quote, practice, "
                   "helpline (or resource), blank.")
@click.option("--tag", help="Print only cards with this tag (and the instructions and helplines).")
@click.option("--level", type=click.IntRange(1, LEVELS), metavar="N",
              help="Print only cards of level N or lighter (1 light to 3 deep; and the "
                   "instructions and helplines).  [default: every level]")
@click.option("--helplines/--no-helplines", default=None,
              help="Helpline cards go with every --tag subset; --no-helplines leaves them out "
                   "(booklets keep them).  [default: helplines]")
@click.option("--bilingual/--one-language", "bilingual", default=None,
              help="For a translation (a deck with `translation_of:`): print each card in both "
                   "languages, the translation with the source's words beneath.  "
                   "[default: one-language]")
@click.option("--cmyk/--rgb", "cmyk", default=None,
              help="Make the --format shop file for a press: PDF/X-4, every colour in CMYK for "
                   "coated paper (FOGRA39), black and grey in black ink only.  [default: rgb]")
@click.option("--booklet-size", type=click.Choice(tuple(BOOKLET_SIZES)),
              help="Booklet page size.  [default: quarter-letter on Letter, A6 on A4]")
@click.option("--impose", type=click.Choice(tuple(IMPOSITIONS)),
              help="How booklet pages go on sheets.  [default: pocket]")
@click.option("--creep", type=Length(), help="Booklet creep per sheet, e.g. 0.1mm.  [default: 0]")
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
@click.option("--box-thickness", type=Length(), metavar="LENGTH",
              help="Thickness of the stacked deck for --format box, e.g. 25mm.  "
                   "[default: 0.3mm a card]")
@click.option("--jobs", type=click.IntRange(min=1), metavar="N",
              help="Build with N processes at once: big decks, pictures and several decks "
                   "are shared among them; the files are the same for any N. 1 builds one "
                   "thing at a time.  [default: the number of cores]")
@click.option("--watch", is_flag=True,
              help="Keep running and rebuild whenever a deck or cardgen.yaml is saved.")
def build(decks, out, formats, watch, **given) -> None:
    """Build decks into print-ready PDFs.

    Builds every DECK given, or every deck in decks/ (*.yaml, and spreadsheets: *.csv,
    *.xlsx, *.ods), into
    OUT/<deck>-cards.pdf (card sheets with backs and crop marks),
    OUT/<deck>-booklet.pdf and, with --format shop, OUT/<deck>-shop.pdf.
    --format images writes OUT/<deck>-images/ (one PNG per card face, for a
    card printer); --format box, OUT/<deck>-box.pdf (a tuck box).
    With --format html, OUT/<deck>.html, one page to share on screen or read aloud.
    A DECK may be the https:// address of a sheet published as CSV (Google
    Sheets: File > Share > Publish to web > CSV); its outputs are named after it.
    Settings in a cardgen.yaml beside decks/ are used as defaults; options
    given here win.

    \b
    Examples:
      cardgen build
      cardgen build decks/harm-reduction.yaml --paper a4 --card large
      cardgen build decks/circle.xlsx
      cardgen build "https://docs.google.com/spreadsheets/d/e/.../pub?output=csv"
      cardgen build --format shop --bleed 3mm
      cardgen build --format shop --cmyk
      cardgen build --format html
      cardgen build decks/harm-reduction.es.yaml --bilingual
      cardgen build --back-offset 1mm,-0.5mm --mono
      cardgen build --stock avery-5371
      cardgen build --format images --format box
      cardgen build --watch
    """
    from cardgen.tools.project import deck_files

    request = (decks, out, tuple(dict.fromkeys(formats)) or None, given)
    if not watch:
        if click.get_current_context().obj is ENDS_WITH_COMMAND:
            # Builds make hardly a cycle, and the process ends with this one: the cycle
            # collector would only walk what they leave (0.2 s after 10,000 cards).
            gc.disable()
        errors = build_all(*request)
        if errors:
            raise CardgenError("\n".join(str(error) for error in errors))
        return
    import threading

    from cardgen.deck.published import is_url
    from cardgen.deck.spreadsheet import deck_parts
    from cardgen.deck.theme import logo_named
    from cardgen.products.options import CONFIG_FILE, load_config
    from cardgen.tools.project import watched_fonts
    from cardgen.tools.watch import left_as_they_were, snapshot
    from cardgen.tools.watch import watch as watch_files

    def rebuild(saved: list[Path]) -> None:
        if saved:  # the first build, before anything was saved, has nothing to name
            click.echo(f"changed: {', '.join(str(p) for p in saved)}")
        outputs = snapshot(_outputs(*request))
        try:
            errors = build_all(*request)
        except click.BadParameter as bad:
            if not saved:
                raise  # before watching starts, a value that cannot work stops it like any
            # An option that worked until the deck grew (a creep for fewer sheets): say so
            # and keep watching.
            errors = [CardgenError(bad.format_message())]
        for error in errors:
            click.echo(str(error), err=True)
        if errors:
            for line in left_as_they_were(outputs, snapshot(outputs)):
                click.echo(line, err=True)

    def files() -> list[Path]:
        try:
            saved = load_config(Path.cwd()).options.fonts
        except CardgenError:
            saved = ()
        fonts = watched_fonts(Path.cwd(), (*saved, *given["fonts"]))
        # A published sheet is read again at each rebuild; there is no file of it to watch.
        local = [deck for deck in decks if not is_url(deck)]
        try:
            found = [path for path, _ in deck_files(local)] if local or not decks else []
        except CardgenError:
            return [Path(CONFIG_FILE), *fonts]
        # A CSV file's settings beside it, and the sheet a YAML deck takes its cards from.
        paths = [part for path in found for part in deck_parts(path)]
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


def build_all(decks, out, formats, given) -> list[CardgenError]:
    """Build every deck, printing what was written; return the errors instead of stopping.
    A published sheet (DECK is its https:// address) is fetched each time: `--watch`
    rebuilds from it as it is when something else is saved."""
    with tempfile.TemporaryDirectory(prefix="cardgen-sheets-") as downloads:
        return _build_all(decks, out, formats, given, Path(downloads))


def _build_all(decks, out, formats, given, downloads: Path) -> list[CardgenError]:
    """build_all, with published sheets fetched into `downloads`."""
    from cardgen.products.context import Context
    from cardgen.products.options import load_config
    from cardgen.products.output import write_outputs
    from cardgen.tools.project import deck_files, user_fonts

    here = Path.cwd()
    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    try:
        config = load_config(here)
        files = deck_files(decks, downloads=downloads)
        options = merged(config, formats=formats, **given)
        if decks and given.get("bilingual"):  # asked of these decks: each must be a translation
            options = replace(options, bilingual_named=True)
        if given.get("cmyk") and "shop" not in options.formats:
            raise SettingError("cmyk", "only the print-shop file is made in CMYK for a press; "
                                       "add --format shop")
        folder = out or config.out or Path("output")
        _check_targets(files, options, folder)
        context = Context.create(options, user_fonts(here))
        tell_once(context.fonts.warnings)
    except SettingError as error:
        return [setting_problem(error, meta)]
    except CardgenError as error:
        return [error]
    problems = DeckProblems(bool(decks), meta, skipped_on_stderr=True)
    stderr = sys.stderr
    # A bar only where someone watches a longer build; in logs and tests it is noise.
    show = len(files) > 1 and stderr.isatty()
    with click.progressbar(_made(files, options, context), length=len(files), label="Building",
                           file=stderr, show_pos=True, hidden=not show) as bar:
        for made, problem in bar:
            with problems.deck():
                if problem is not None:
                    raise problem
                made, warnings = made
                targets = [(folder / product.name, product.data) for product in made]
                write_outputs(targets)
                tell_once(warnings)
                for product, (target, _) in zip(made, targets):
                    click.echo(f"wrote {target} ({plural(product.pages, product.unit)}, "
                               f"{plural(product.cards, 'card')}): {product.note}")
                    if product.verified:
                        click.echo(f"verified {plural(product.cards, 'card')} in {target}")
    return problems.errors


def _made(files, options, context):
    """Each deck's products and warnings, or what went wrong, in the order of `files`.

    With several decks and `--jobs` allowing, each deck is made in a worker process and
    handed back here, where its files are written together or not at all and its
    messages said, in deck order, as one process would. A deck's formats stay together
    in one worker: they share its loading, its fonts and its fitted cards (making the
    bundled decks' cards and booklets in separate workers took half as much CPU again
    and no less time). The dearest decks start first (a Chinese one started last ran
    alone for most of a second at the end of the bundled decks' build)."""
    from cardgen.products.build import guessed_cost, make
    from cardgen.products.parallel import ordered, sendable, workers

    def made(file):
        path, shown = file
        try:
            products = make(path, options, shown, context=context)
        except CardgenError as error:
            return None, sendable(error)
        return (products.products, products.warnings), None

    processes = workers(options.jobs, len(files))
    costs = [guessed_cost(path) for path, _ in files] if processes else None
    return ordered(made, files, processes, costs)


def _outputs(decks, out, formats, given) -> list[Path]:
    """The files a build of these decks writes (those that are there are what a failed
    rebuild leaves as they were); none when the settings cannot be read."""
    from cardgen.deck.model import deck_name
    from cardgen.products.build import output_names
    from cardgen.products.options import load_config
    from cardgen.tools.project import deck_files

    try:
        config = load_config(Path.cwd())
        options = config.options.merged(formats=formats, **given)
        folder = out or config.out or Path("output")
        return [folder / name for path, _ in deck_files(decks)
                for name in output_names(deck_name(path), options)]
    except (CardgenError, click.BadParameter):
        return []


def _check_targets(files, options, folder: Path) -> None:
    """Two decks that would write the same file (a/d.yaml and b/d.yaml) are refused
    before anything is built: the second would silently replace the first."""
    from cardgen.deck.model import deck_name
    from cardgen.products.build import output_names

    first: dict[str, str] = {}
    for path, shown in files:
        for name in output_names(deck_name(path), options):
            if name in first and first[name] != shown:
                raise CardgenError(f"{first[name]} and {shown} would both be written to "
                                   f"{folder / name}; rename one of them, or build them into "
                                   "different folders with --out")
            first[name] = shown

