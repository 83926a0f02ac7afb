"""Making a deck's products: its card sheets, booklet and print-shop PDFs, in memory.

`make` checks and draws everything first and returns the products; nothing is
written. `Products.write` then replaces all of a deck's files together (see
`cardgen.output`), so a failed build writes nothing, and preview, the studio and
the tests use the bytes directly. Adding an output format is one entry in
`cardgen.choices.FORMATS` and one maker in MAKERS below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cardgen.cards import Card, booklet_cards, deck_cards
from cardgen.choices import OUTPUT_NAMES
from cardgen.deck import Deck, load_deck
from cardgen.errors import CardgenError, DeckError, DeckErrors, Position, SettingError
from cardgen.fonts import FontSet, load_fonts, require_glyphs
from cardgen.layout.sheet import sheet_layout
from cardgen.options import BuildOptions
from cardgen.output import Content, write_outputs
from cardgen.render.face import Face, FaceMaker
from cardgen.render.theme import Theme
from cardgen.units import INCH, MM, typed_mm

SHOP_BLEED = 3 * MM
PDF_LARGEST_PAGE = 200 * INCH  # the largest page PDF viewers and printers accept (ISO 32000-1, C.2)


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
    check_settings(options)
    deck = load_deck(path, shown or str(path))
    fonts = fonts_for(options, extra_fonts)
    theme = theme_for(options)
    cards = deck_cards(deck, options.only, options.tag, options.helplines)
    _check_deck_words(deck, fonts)
    job = Job(deck, cards, fonts, theme, options)
    made = tuple(MAKERS[format_](job) for format_ in options.formats)
    return Products(deck, made, tuple(getattr(fonts, "warnings", ())))


def check_settings(options: BuildOptions) -> None:
    """Refuse settings that cannot work for any deck: backs moved off the page, a print-shop
    page larger than a PDF page can be. Raises SettingError saying the largest value that
    works. (A booklet's creep depends on its page count: `cardgen.booklet` checks it.)"""
    if "shop" in options.formats:
        _check_shop_page(options)
    if "cards" in options.formats and options.duplex != "none" and any(options.back_offset):
        _check_back_offset(options)


def _check_shop_page(options: BuildOptions) -> None:
    card = max(options.card_size)
    if card > PDF_LARGEST_PAGE + 1e-6:
        raise SettingError("card", f"a {options.card} card is larger than the 200 in (5080 mm) "
                                   "a PDF page can be")
    bleed = SHOP_BLEED if options.bleed is None else options.bleed
    if card + 2 * bleed > PDF_LARGEST_PAGE + 1e-6:  # a largest value said back is allowed
        largest = (PDF_LARGEST_PAGE - card) / 2
        raise SettingError("bleed", f"{typed_mm(bleed)} of bleed makes each print-shop page larger "
                                    f"than the 200 in (5080 mm) a PDF page can be; the largest "
                                    f"bleed for a {options.card} card is {typed_mm(largest)} "
                                    "(print shops ask for 3mm)")


def _check_back_offset(options: BuildOptions) -> None:
    from cardgen.layout.sheet import back_room

    try:
        layout = sheet_layout(options.paper_size, options.card_size, options.bleed or 0.0,
                              marks=options.marks)
    except ValueError:
        return  # the cards do not fit the paper: the build says so
    left, right, down, up = back_room(layout, options.duplex)
    dx, dy = options.back_offset
    if -left - 1e-9 <= dx <= right + 1e-9 and -down - 1e-9 <= dy <= up + 1e-9:
        return
    across = (f"{typed_mm(left)} left or right" if abs(left - right) < 0.01 else
              f"{typed_mm(left)} left and {typed_mm(right)} right")
    upright = (f"{typed_mm(down)} down or up" if abs(down - up) < 0.01 else
               f"{typed_mm(down)} down and {typed_mm(up)} up")
    raise SettingError("back_offset", f"it would print backs off the page: on {options.paper} "
                                      f"paper with {options.card} cards, backs can move at most "
                                      f"{across}, and {upright} (printers are off by 0.5mm to 4mm)")


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
    faces = fit_faces(deck, job.cards, job.fonts, job.theme, options)
    try:
        layout = sheet_layout(options.paper_size, options.card_size, options.bleed or 0.0,
                              marks=options.marks)
    except ValueError as error:
        raise CardgenError(str(error)) from None
    sheet_job = SheetJob(layout, options.duplex, options.back_offset, options.marks, job.theme,
                         deck.title, deck.author or "", deck.language, deck.labels)
    data = cards_pdf(sheet_job, faces, job.fonts)
    if options.verify:
        from cardgen.verify import verify_cards

        verify_cards(data, faces, layout, options.duplex)
    sheets = -(-len(faces) // layout.per_sheet)
    pages = sheets * (1 if options.duplex == "none" else 2)
    return _product(job, "cards", data, pages, len(faces), how_to_print(options.duplex),
                    options.verify)


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

