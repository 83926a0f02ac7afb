"""Making a deck's products: card sheets, booklet, print-shop PDF, images, tuck box, in memory.

`make` checks and draws everything first and returns the products; nothing is
written. `Products.write` then replaces all of a deck's files together (see
`cardgen.products.output`), so a failed build writes nothing, and preview, the studio and
the tests use the bytes directly. Adding an output format is one entry in
`cardgen.choices.FORMATS` and one maker in MAKERS below.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from cardgen.choices import DEFAULT_BACKS, OUTPUT_NAMES
from cardgen.deck.cards import Card, booklet_cards, deck_cards
from cardgen.deck.model import Deck, load_deck
from cardgen.errors import CardgenError, DeckError, DeckErrors, Position
from cardgen.layout.sheet import sheet_layout
from cardgen.layout.stock import Stock, larger_stock, stock_layout
from cardgen.products.limits import check_settings
from cardgen.products.options import BuildOptions
from cardgen.products.output import Content, write_outputs
from cardgen.render.face import Face, FaceMaker
from cardgen.render.theme import Theme
from cardgen.text.fonts import FontSet, load_fonts, require_glyphs
from cardgen.text.glyphs import require_language_font
from cardgen.units import MM

SHOP_BLEED = 3 * MM


@dataclass(frozen=True)
class Product:
    """One output of a deck: its format, the name it is written under, its content (a
    file's bytes, or a folder's files by name), its page and card counts, and how to
    print it in a few words."""

    format: str
    name: str
    data: Content
    pages: int
    cards: int
    note: str
    verified: bool = False  # read back and checked (--verify)
    unit: str = "page"  # what `pages` counts: "page", or "image" for a folder of pictures


@dataclass(frozen=True)
class Products:
    """What a build made of one deck: the deck, its products in format order, and
    anything the user should hear about (e.g. one font file serving every style)."""

    deck: Deck
    products: tuple[Product, ...]
    warnings: tuple[str, ...] = ()

    def write(self, folder: Path) -> list[Path]:
        """Write every product into `folder`, all together or none; return the paths."""
        targets = [(folder / product.name, product.data) for product in self.products]
        write_outputs(targets)
        return [target for target, _ in targets]

    def __getitem__(self, format_: str) -> Product:
        return next(product for product in self.products if product.format == format_)


@dataclass
class Job:
    """Everything the makers share: the deck, the cards chosen, fonts, theme, options and
    the perforated stock, if any. Cards are fitted once, for every format that needs them."""

    deck: Deck
    cards: tuple[Card, ...]
    fonts: FontSet
    theme: Theme
    options: BuildOptions
    stock: Stock | None = None
    _faces: list[Face] | None = field(default=None, repr=False)

    @property
    def card_size(self) -> tuple[float, float]:
        """The card's trim size in points: the stock's when printing on one."""
        return self.stock.card if self.stock else self.options.card_size

    def theme_for(self, format_: str) -> Theme:
        """The theme with the backs `format_` prints."""
        backs = self.options.backs or DEFAULT_BACKS.get(format_, "light")
        return replace(self.theme, backs=backs)

    def faces(self) -> list[Face]:
        """Every chosen card fitted to the card size, or DeckErrors naming each that is not."""
        if self._faces is None:
            self._faces = fit_faces(self.deck, self.cards, self.fonts, self.theme, self.options,
                                    self.stock)
        return self._faces

    def fitting(self) -> Fitting | None:
        """The chosen cards, to be fitted one at a time as they are drawn, when card sheets
        are the only format that draws faces; None when faces are shared (fitted once for
        all formats) or already fitted."""
        users = [format_ for format_ in self.options.formats if format_ in FACE_FORMATS]
        if self._faces is not None or users != ["cards"]:
            return None
        maker = face_maker(self.deck, self.fonts, self.theme, self.options, self.stock)
        return Fitting(maker, self.cards, keep=self.options.verify)


def make(path: Path, options: BuildOptions, shown: str | None = None,
         extra_fonts: tuple[Path, ...] = ()) -> Products:
    """Build one deck file's products in memory; raise CardgenError (with every
    problem) on failure. `shown` is the path as the user wrote it, for messages;
    `extra_fonts` are fonts found beside the decks (a fonts/ folder)."""
    stock = chosen_stock(options)
    check_settings(options, stock)
    with rare_collections():
        deck = load_deck(path, shown or str(path))
        fonts = fonts_for(options, extra_fonts)
        require_language_font(fonts, deck.language, shown or str(path))
        theme = theme_for(options, deck)
        cards = deck_cards(deck, options.only, options.tag, options.helplines)
        _check_deck_words(deck, fonts)
        job = Job(deck, cards, fonts, theme, options, stock)
        made = tuple(MAKERS[format_](job) for format_ in options.formats)
    return Products(deck, made, fonts.warnings)


# New objects between two runs of the cycle collector in a build: more than a realistic
# 10,000-card deck or 50,000 short prompts leave alive, so neither runs it at all.
BUILD_COLLECTION = 1_000_000
_collections = threading.Lock()


@dataclass
class _UnderWay:
    """The builds under way in this process, and the collector's thresholds from before
    the first of them, put back when the last finishes."""

    builds: int
    thresholds: tuple[int, int, int]


_under_way = _UnderWay(0, gc.get_threshold())


@contextmanager
def rare_collections() -> Iterator[None]:
    """Run Python's cycle collector rarely while a build is under way.

    By default it runs every 700 new objects and, every so often, walks every object
    alive: the deck, the caches, the pages drawn so far. A build makes millions of
    small objects (words, lines, pieces) that reference counting frees, and hardly a
    cycle, so those walks found nothing and took a third of the time of a 10,000-card
    deck of varied words. Even one run per 100,000 new objects cost a realistic
    10,000-card deck 0.67 s (a tenth of its time) in seven runs that freed nothing;
    with none, its peak memory and that of 50,000 short prompts were the same. Nested
    and concurrent builds share one setting; the last to finish puts the process's
    own back.
    """
    with _collections:
        if not _under_way.builds:
            _under_way.thresholds = gc.get_threshold()
            first, *rest = _under_way.thresholds
            gc.set_threshold(max(first, BUILD_COLLECTION), *rest)
        _under_way.builds += 1
    try:
        yield
    finally:
        with _collections:
            _under_way.builds -= 1
            if not _under_way.builds:
                gc.set_threshold(*_under_way.thresholds)


def output_names(deck_name: str, options: BuildOptions) -> list[str]:
    """The names a deck's outputs are written under, for checking before a build."""
    return [OUTPUT_NAMES[format_].format(deck=deck_name) for format_ in options.formats]


def fonts_for(options: BuildOptions, extra_fonts: tuple[Path, ...] = ()) -> FontSet:
    """The fonts a build uses: those named in the options, then those beside the decks."""
    return load_fonts((*options.fonts, *extra_fonts))


def theme_for(options: BuildOptions, deck: Deck | None = None, format_: str = "cards") -> Theme:
    """How a build of `deck` looks: black and white or colour, large print or not, the deck's
    own colours and logo, and the backs `format_` prints (`options.backs`, or light on
    card sheets and full colour for the print shop and card printers)."""
    own = deck.theme if deck is not None else None
    backs = options.backs or DEFAULT_BACKS.get(format_, "light")
    return Theme(mono=options.mono, large_print=options.large_print,
                 colours=own.colours if own else (), logo=own.logo if own else None, backs=backs)


def fit_faces(deck: Deck, cards: tuple[Card, ...], fonts: FontSet, theme: Theme,
              options: BuildOptions, stock: Stock | None = None) -> list[Face]:
    """Every card fitted to the card size (the stock's, if any), or DeckErrors naming each
    card that is not."""
    faces, errors = face_maker(deck, fonts, theme, options, stock).faces(cards)
    if errors:
        raise DeckErrors(errors)
    return faces


def face_maker(deck: Deck, fonts: FontSet, theme: Theme, options: BuildOptions,
               stock: Stock | None = None) -> FaceMaker:
    """What fits the cards to the card size, or to the stock's cards."""
    if stock is None:
        return FaceMaker(deck, fonts, theme, options.card_size, options.card)
    return _StockFaceMaker(deck, fonts, theme, stock.card, f"{stock.card_text} {stock.title}",
                           stock)


class _StockFaceMaker(FaceMaker):
    """A FaceMaker whose errors say which stock has bigger cards."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, card: tuple[float, float],
                 name: str, stock: Stock):
        super().__init__(deck, fonts, theme, card, name)
        self.stock = stock

    def face(self, card: Card) -> list[Face]:
        try:
            return super().face(card)
        except DeckError as error:
            raise DeckError(error.where, error.message, stock_hint(self.stock)) from None


def card_sheet_layout(options: BuildOptions, stock: Stock | None):
    """Where the cards go on a sheet: the stock's die positions, or as many as fit the
    paper. Raises ValueError when not one card fits."""
    if stock is None:
        return sheet_layout(options.paper_size, options.card_size, options.bleed or 0.0,
                            marks=options.marks)
    return stock_layout(stock, options.bleed or 0.0)


def chosen_stock(options: BuildOptions) -> Stock | None:
    """The perforated stock the cards go on, if `stock` or `stock_file` names one."""
    if options.stock is None and options.stock_file is None:
        return None
    from cardgen.layout.glabels import load_stock

    return load_stock(options.stock, options.stock_file)


def stock_hint(stock: Stock) -> str:
    """What to do about a card too long for `stock`'s cards."""
    bigger = larger_stock(stock)
    if bigger is None:
        return "shorten the text, or print on plain card stock with --card large and cut it"
    # A stock sold on other paper (Letter for an A4 user) says so: it is not on the same shelf.
    paper = "" if bigger.paper_name == stock.paper_name else f"{_paper_title(bigger)} paper, "
    return (f"shorten the text, or print on a stock with bigger cards: --stock {bigger.name} "
            f"({paper}{bigger.card_text}, {bigger.per_sheet} a sheet)")


def _paper_title(stock: Stock) -> str:
    """"Letter", "A4", or the size in mm, as a sentence names the stock's paper."""
    name = stock.paper_name
    return name.upper() if name[:1] == "a" and name[1:].isdigit() else name.capitalize()


def _product(job: Job, format_: str, data: Content, pages: int, cards: int, note: str,
             verified: bool = False, unit: str = "page") -> Product:
    return Product(format_, OUTPUT_NAMES[format_].format(deck=job.deck.name), data, pages, cards,
                   note, verified, unit)


def _card_sheets(job: Job) -> Product:
    from cardgen.render.sheets import SheetJob, cards_pdf, how_to_print

    deck, options, stock = job.deck, job.options, job.stock
    fitting = job.fitting()
    faces: Iterable[Face] = job.faces() if fitting is None else fitting
    try:
        layout = card_sheet_layout(options, stock)
    except ValueError as error:
        raise CardgenError(str(error)) from None
    marks = options.marks and stock is None  # perforations are the cut
    stock_name = stock.title if stock else None
    theme = job.theme_for("cards")
    sheet_job = SheetJob(layout, options.duplex, options.back_offset, marks, theme,
                         deck.title, deck.author or "", deck.language, deck.labels, stock_name)
    data = cards_pdf(sheet_job, faces, job.fonts)
    if fitting is not None and fitting.errors:
        raise DeckErrors(fitting.errors)
    drawn = job.faces() if fitting is None else fitting.kept
    count = len(drawn) if fitting is None else fitting.count
    if options.verify:
        from cardgen.verify.sheets import verify_cards

        verify_cards(data, drawn, layout, options.duplex, options.back_offset, theme)
    sheets = -(-count // layout.per_sheet)
    pages = sheets * (1 if options.duplex == "none" else 2)
    return _product(job, "cards", data, pages, count,
                    how_to_print(options.duplex, 0, stock_name), options.verify)


class Fitting:
    """The faces of `cards`, fitted one card at a time as they are drawn, so that a big
    deck never holds more than a sheet's faces (50,000 fitted faces take hundreds of MB).

    Every card is fitted, and each that does not fit adds its error to `errors`; from
    the first error on, faces are no longer handed out (nothing will be written), but
    fitting goes on so that the user hears about every card at once. `kept` holds every
    face when asked to, for reading the sheets back (--verify).
    """

    def __init__(self, maker: FaceMaker, cards: Iterable[Card], keep: bool = False):
        self.maker = maker
        self.cards = cards
        self.errors: list[DeckError] = []
        self.count = 0
        self.keep = keep
        self.kept: list[Face] = []

    def __iter__(self) -> Iterator[Face]:
        for card in self.cards:
            try:
                faces = self.maker.face(card)
            except DeckError as error:
                self.errors.append(error)
                continue
            if self.errors:
                continue
            self.count += len(faces)
            if self.keep:
                self.kept.extend(faces)
            yield from faces


def _shop(job: Job) -> Product:
    from cardgen.render.shop import shop_pdf

    faces = job.faces()
    bleed = SHOP_BLEED if job.options.bleed is None else job.options.bleed
    theme = job.theme_for("shop")
    data = shop_pdf(faces, job.card_size, bleed, theme, job.fonts, job.deck)
    if job.options.verify:
        from cardgen.verify.sheets import verify_shop

        verify_shop(data, faces, job.card_size, bleed, theme)
    return _product(job, "shop", data, 2 * len(faces), len(faces),
                    "one card per page, front then back, for a print shop", job.options.verify)


def _images(job: Job) -> Product:
    """One PNG per face, rendered from the print-shop drawing so the two never disagree."""
    from cardgen.render.images import DEFAULT_BLEED, card_images
    from cardgen.render.shop import shop_pdf

    faces = job.faces()
    bleed = DEFAULT_BLEED if job.options.bleed is None else job.options.bleed
    pdf = shop_pdf(faces, job.card_size, bleed, job.theme_for("images"), job.fonts, job.deck)
    files = dict(card_images(pdf, job.options.dpi))
    return _product(job, "images", files, len(files), len(faces),
                    f"one PNG per card face at {job.options.dpi} dpi, for a card printer",
                    unit="image")


def _box(job: Job) -> Product:
    from cardgen.layout.box import BoxTooLarge, deck_depth, tuck_box
    from cardgen.render.box import box_pdf

    deck, options = job.deck, job.options
    count = len(job.faces())
    stack = deck_depth(count) if options.box_thickness is None else options.box_thickness
    try:
        box = tuck_box(job.card_size, stack, options.paper_size)
    except BoxTooLarge as error:
        raise CardgenError(_box_too_large(deck, count, options.paper, error.size)) from None
    data = box_pdf(deck, box, job.fonts, job.theme, deck.short_title, _logo_drawer(job.theme))
    return _product(job, "box", data, 1, count, "a tuck box: print at 100 %, cut, fold and glue")


def _logo_drawer(theme: Theme):
    """What draws the deck's logo in a box (canvas, x, y, width, height), or None."""
    logo = theme.logo
    if logo is None:
        return None
    from cardgen.render.logo import draw_logo

    return lambda canvas, x, y, width, height: draw_logo(canvas, logo, x, y, width, height,
                                                         theme.mono)


def _box_too_large(deck: Deck, count: int, paper: str, size: tuple[float, float]) -> str:
    from cardgen.layout.box import paper_for
    from cardgen.units import format_size_mm

    start = (f"{deck.path}: the tuck box for {count} cards needs {format_size_mm(*size)}, "
             f"more than {paper} paper holds inside its 6 mm margin")
    bigger = paper_for(size, like=paper)
    if bigger is None:
        return (f"{start}, and so does every paper cardgen knows; use a smaller --card or "
                "--box-thickness")
    return f"{start}; use --paper {bigger}, which holds it"


def _booklet(job: Job) -> Product:
    from cardgen.products.booklet import make_booklet

    cards = booklet_cards(job.deck, job.cards)
    data, pages, items, note = make_booklet(job.deck, cards, job.fonts, job.theme, job.options)
    return _product(job, "booklet", data, pages, items, note, job.options.verify)


def _screen(job: Job) -> Product:
    from cardgen.products.html import html_edition

    logo = job.theme.logo
    data = html_edition(job.deck, job.cards, job.fonts, job.theme, logo.data if logo else None)
    entries = sum(card.item is not None for card in job.cards)  # intro and blanks are not cards
    return _product(job, "html", data, 1, entries,
                    "one page for screens and screen readers; opens offline in any browser")


# The formats that draw (or count) fitted faces: they share one fitting of the cards.
FACE_FORMATS = frozenset({"cards", "shop", "images", "box"})

# How each format is made, by its name in cardgen.choices.FORMATS.
MAKERS: dict[str, Callable[[Job], Product]] = {
    "cards": _card_sheets,
    "booklet": _booklet,
    "shop": _shop,
    "images": _images,
    "box": _box,
    "html": _screen,
}


def _check_deck_words(deck: Deck, fonts: FontSet) -> None:
    """The title and labels print on every back: check their glyphs once."""
    errors = []
    start = Position(deck.path, 1, 1)
    words = [("title", deck.title)] + [("labels", label) for label in deck.labels.values()]
    for key, text in words:
        try:
            require_glyphs(fonts, text, deck.spots.get(key, start), f"`{key}`")
        except DeckError as error:
            errors.append(error)
    if errors:
        raise DeckErrors(errors)

