"""Making a deck's products: its card sheets, booklet and print-shop PDFs, in memory.

`make` checks and draws everything first and returns the products; nothing is
written. `Products.write` then replaces all of a deck's files together (see
`cardgen.output`), so a failed build writes nothing, and preview, the studio and
the tests use the bytes directly. Adding an output format is one entry in
`cardgen.choices.FORMATS` and one maker in MAKERS below.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cardgen.cards import Card, booklet_cards, deck_cards
from cardgen.choices import OUTPUT_NAMES
from cardgen.deck import Deck, load_deck
from cardgen.errors import CardgenError, DeckError, DeckErrors, Position
from cardgen.fonts import FontSet, load_fonts, require_glyphs
from cardgen.layout.sheet import sheet_layout
from cardgen.options import BuildOptions
from cardgen.output import Content, write_outputs
from cardgen.render.face import Face, FaceMaker
from cardgen.render.theme import Theme
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


@dataclass(frozen=True)
class Job:
    """Everything the makers share: the deck, the cards chosen, fonts, theme and options."""

    deck: Deck
    cards: tuple[Card, ...]
    fonts: FontSet
    theme: Theme
    options: BuildOptions


def make(path: Path, options: BuildOptions, shown: str | None = None,
         extra_fonts: tuple[Path, ...] = ()) -> Products:
    """Build one deck file's products in memory; raise CardgenError (with every
    problem) on failure. `shown` is the path as the user wrote it, for messages;
    `extra_fonts` are fonts found beside the decks (a fonts/ folder)."""
    with rare_collections():
        deck = load_deck(path, shown or str(path))
        fonts = fonts_for(options, extra_fonts)
        theme = theme_for(options)
        cards = deck_cards(deck, options.only, options.tag, options.helplines)
        _check_deck_words(deck, fonts)
        job = Job(deck, cards, fonts, theme, options)
        made = tuple(MAKERS[format_](job) for format_ in options.formats)
    return Products(deck, made, tuple(getattr(fonts, "warnings", ())))


BUILD_COLLECTION = 100_000  # new objects between two runs of the cycle collector in a build
_collections = threading.Lock()
_builds = [0, gc.get_threshold()]  # builds under way, and the thresholds to go back to


@contextmanager
def rare_collections() -> Iterator[None]:
    """Run Python's cycle collector rarely while a build is under way.

    By default it runs every 700 new objects and, every so often, walks every object
    alive: the deck, the caches, the pages drawn so far. A build makes millions of
    small objects (words, lines, pieces) that reference counting frees, and hardly a
    cycle, so those walks found nothing and took a third of the time of a 10,000-card
    deck of varied words. Nested and concurrent builds share one setting; the last to
    finish puts the process's own back.
    """
    with _collections:
        if not _builds[0]:
            _builds[1] = gc.get_threshold()
            first, *rest = _builds[1]
            gc.set_threshold(max(first, BUILD_COLLECTION), *rest)
        _builds[0] += 1
    try:
        yield
    finally:
        with _collections:
            _builds[0] -= 1
            if not _builds[0]:
                gc.set_threshold(*_builds[1])


def output_names(deck_name: str, options: BuildOptions) -> list[str]:
    """The names a deck's outputs are written under, for checking before a build."""
    return [OUTPUT_NAMES[format_].format(deck=deck_name) for format_ in options.formats]


def fonts_for(options: BuildOptions, extra_fonts: tuple[Path, ...] = ()) -> FontSet:
    """The fonts a build uses: those named in the options, then those beside the decks."""
    return load_fonts((*options.fonts, *extra_fonts))


def theme_for(options: BuildOptions) -> Theme:
    return Theme(mono=options.mono, large_print=options.large_print)


def fit_faces(deck: Deck, cards: tuple[Card, ...], fonts: FontSet, theme: Theme,
              options: BuildOptions) -> list[Face]:
    """Every card fitted to the card size, or DeckErrors naming each card that is not."""
    maker = FaceMaker(deck, fonts, theme, options.card_size, options.card)
    faces, errors = maker.faces(cards)
    if errors:
        raise DeckErrors(errors)
    return faces


def _product(job: Job, format_: str, data: Content, pages: int, cards: int, note: str,
             verified: bool = False) -> Product:
    return Product(format_, OUTPUT_NAMES[format_].format(deck=job.deck.name), data, pages, cards,
                   note, verified)


def _card_sheets(job: Job) -> Product:
    from cardgen.render.sheets import SheetJob, cards_pdf, how_to_print

    deck, options = job.deck, job.options
    try:
        layout = sheet_layout(options.paper_size, options.card_size, options.bleed or 0.0,
                              marks=options.marks)
    except ValueError as error:
        raise CardgenError(str(error)) from None
    sheet_job = SheetJob(layout, options.duplex, options.back_offset, options.marks, job.theme,
                         deck.title, deck.author or "", deck.language, deck.labels)
    maker = FaceMaker(deck, job.fonts, job.theme, options.card_size, options.card)
    fitting = Fitting(maker, job.cards, keep=options.verify)
    data = cards_pdf(sheet_job, fitting, job.fonts)
    if fitting.errors:
        raise DeckErrors(fitting.errors)
    if options.verify:
        from cardgen.verify import verify_cards

        verify_cards(data, fitting.kept, layout, options.duplex)
    sheets = -(-fitting.count // layout.per_sheet)
    pages = sheets * (1 if options.duplex == "none" else 2)
    return _product(job, "cards", data, pages, fitting.count, how_to_print(options.duplex),
                    options.verify)


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

    faces = fit_faces(job.deck, job.cards, job.fonts, job.theme, job.options)
    bleed = SHOP_BLEED if job.options.bleed is None else job.options.bleed
    data = shop_pdf(faces, job.options.card_size, bleed, job.theme, job.fonts, job.deck)
    return _product(job, "shop", data, 2 * len(faces), len(faces),
                    "one card per page, front then back, for a print shop")


def _booklet(job: Job) -> Product:
    from cardgen.booklet import make_booklet

    cards = booklet_cards(job.deck, job.cards)
    data, pages, items, note = make_booklet(job.deck, cards, job.fonts, job.theme, job.options)
    return _product(job, "booklet", data, pages, items, note, job.options.verify)


# How each format is made, by its name in cardgen.choices.FORMATS.
MAKERS: dict[str, Callable[[Job], Product]] = {
    "cards": _card_sheets,
    "booklet": _booklet,
    "shop": _shop,
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

