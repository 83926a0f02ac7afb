"""`cardgen build`: one deck in, its card sheets, booklet and print-shop PDFs out.

Everything is checked and drawn in memory first; only when every output is
ready are files written, each beside its target and renamed into place. So a
failed build writes nothing, and a build killed half-way leaves the earlier
PDFs whole.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from cardgen.cards import Card, deck_cards
from cardgen.deck import Deck, load_deck
from cardgen.errors import CardgenError, DeckError, DeckErrors, Position
from cardgen.fonts import FontSet, load_fonts, require_glyphs
from cardgen.layout.sheet import sheet_layout
from cardgen.layout.stock import Stock, larger_stock, stock_layout
from cardgen.options import BuildOptions
from cardgen.render.face import Face, FaceMaker
from cardgen.render.theme import Theme
from cardgen.units import MM

SHOP_BLEED = 3 * MM


@dataclass(frozen=True)
class Output:
    """One PDF a build wrote: where, what, and how many pages and cards."""

    path: Path
    format: str
    pages: int
    cards: int
    note: str  # how to print it, in a few words


def build_deck(path: Path, shown: str, options: BuildOptions, out: Path,
               extra_fonts: tuple[Path, ...] = ()) -> list[Output]:
    """Build one deck file into `out`; raise CardgenError (with every problem) on failure."""
    deck = load_deck(path, shown)
    fonts = load_fonts((*options.fonts, *extra_fonts))
    theme = Theme(mono=options.mono, large_print=options.large_print)
    cards = deck_cards(deck, options.only, options.tag)
    _check_deck_words(deck, fonts)
    stock = chosen_stock(options)
    made: list[tuple[str, bytes, int, int, str]] = []  # (format, pdf, pages, cards, note)
    if "cards" in options.formats:
        made.append(("cards", *_card_sheets(deck, cards, fonts, theme, options, stock)))
    if "booklet" in options.formats:
        made.append(("booklet", *_booklet(deck, cards, fonts, theme, options)))
    if "shop" in options.formats:
        made.append(("shop", *_shop(deck, cards, fonts, theme, options, stock)))
    if "box" in options.formats:
        made.append(("box", *_box(deck, cards, fonts, theme, options, stock)))
    images = None
    if "images" in options.formats:
        images = _images(deck, cards, fonts, theme, options, stock)
    outputs = []
    for format_, data, pages, count, note in made:
        target = out / f"{deck.name}-{format_}.pdf"
        outputs.append(Output(target, format_, pages, count, note))
        write_atomically(target, data)
    if images is not None:
        files, count = images
        target = out / f"{deck.name}-images"
        write_folder_atomically(target, files)
        outputs.append(Output(target, "images", len(files), count,
                              f"one PNG per card face at {options.dpi} dpi, for a card printer"))
    return outputs


def fit_faces(deck: Deck, cards: tuple[Card, ...], fonts: FontSet, theme: Theme,
              options: BuildOptions, stock: Stock | None = None) -> list[Face]:
    """Every card fitted to the card size (the stock's, if any), or DeckErrors naming each
    card that is not."""
    if stock is None:
        maker = FaceMaker(deck, fonts, theme, options.card_size, options.card)
    else:
        maker = FaceMaker(deck, fonts, theme, stock.card, f"{stock.card_text} {stock.title}")
    faces, errors = maker.faces(cards)
    if errors:
        if stock is not None:
            errors = [DeckError(error.where, error.message, stock_hint(stock)) for error in errors]
        raise DeckErrors(errors)
    return faces


def _card_sheets(deck, cards, fonts, theme, options, stock=None) -> tuple[bytes, int, int, str]:
    from cardgen.render.sheets import SheetJob, cards_pdf, how_to_print

    faces = fit_faces(deck, cards, fonts, theme, options, stock)
    try:
        if stock is None:
            layout = sheet_layout(options.paper_size, options.card_size, options.bleed or 0.0,
                                  marks=options.marks)
        else:
            layout = stock_layout(stock, options.bleed or 0.0)
    except ValueError as error:
        raise CardgenError(str(error)) from None
    marks = options.marks and stock is None
    job = SheetJob(layout, options.duplex, options.back_offset, marks, theme, deck.title,
                   deck.author or "", deck.language, deck.labels, stock and stock.title)
    data = cards_pdf(job, faces, fonts)
    if options.verify:
        from cardgen.verify import verify_cards

        verify_cards(data, faces, layout, options.duplex)
    sheets = -(-len(faces) // layout.per_sheet)
    pages = sheets * (1 if options.duplex == "none" else 2)
    return data, pages, len(faces), how_to_print(options.duplex, 0, stock and stock.title)


def _shop(deck, cards, fonts, theme, options, stock=None) -> tuple[bytes, int, int, str]:
    from cardgen.render.shop import shop_pdf

    faces = fit_faces(deck, cards, fonts, theme, options, stock)
    bleed = SHOP_BLEED if options.bleed is None else options.bleed
    data = shop_pdf(faces, stock.card if stock else options.card_size, bleed, theme, fonts, deck)
    return data, 2 * len(faces), len(faces), "one card per page, front then back, for a print shop"


def _booklet(deck, cards, fonts, theme, options) -> tuple[bytes, int, int, str]:
    from cardgen.booklet import make_booklet

    return make_booklet(deck, cards, fonts, theme, options)


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


# --- Printing anywhere (issue 14): card stock, images for card printers, a tuck box ----------


def chosen_stock(options: BuildOptions) -> Stock | None:
    """The perforated stock the card sheets go on, if `stock` or `stock_file` names one."""
    if options.stock is None and options.stock_file is None:
        return None
    from cardgen.glabels import load_stock

    return load_stock(options.stock, options.stock_file)


def stock_hint(stock: Stock) -> str:
    """What to do about a card too long for `stock`'s cards."""
    bigger = larger_stock(stock)
    if bigger is None:
        return "shorten the text, or print on plain card stock with --card large and cut it"
    return (f"shorten the text, or print on a stock with bigger cards: --stock {bigger.name} "
            f"({bigger.card_text}, {bigger.per_sheet} a sheet)")


def _images(deck, cards, fonts, theme, options, stock) -> tuple[list[tuple[str, bytes]], int]:
    """(file name, PNG) for every face, and the card count."""
    from cardgen.render.images import DEFAULT_BLEED, card_images
    from cardgen.render.shop import shop_pdf

    faces = fit_faces(deck, cards, fonts, theme, options, stock)
    bleed = DEFAULT_BLEED if options.bleed is None else options.bleed
    pdf = shop_pdf(faces, stock.card if stock else options.card_size, bleed, theme, fonts, deck)
    return card_images(pdf, options.dpi), len(faces)


def _box(deck, cards, fonts, theme, options, stock) -> tuple[bytes, int, int, str]:
    from cardgen.layout.box import BoxTooLarge, deck_depth, tuck_box
    from cardgen.render.box import box_pdf

    count = len(fit_faces(deck, cards, fonts, theme, options, stock))
    stack = deck_depth(count) if options.box_thickness is None else options.box_thickness
    try:
        box = tuck_box(stock.card if stock else options.card_size, stack, options.paper_size)
    except BoxTooLarge as error:
        raise CardgenError(_box_too_large(deck, count, options.paper, error.size)) from None
    data = box_pdf(deck, box, fonts, theme, getattr(deck, "short_title", None))
    return data, 1, count, "a tuck box: print at 100 %, cut, fold and glue"


def _box_too_large(deck: Deck, count: int, paper: str, size: tuple[float, float]) -> str:
    from cardgen.layout.box import paper_for
    from cardgen.units import format_size_mm

    start = (f"{deck.path}: the tuck box for {count} cards needs {format_size_mm(*size)}, "
             f"more than {paper} paper holds inside its 6 mm margin")
    bigger = paper_for(size)
    if bigger is None:
        return (f"{start}, and so does every paper cardgen knows; use a smaller --card or "
                "--box-thickness")
    return f"{start}; use --paper {bigger}, which holds it"


def write_folder_atomically(target: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """Write `files` (name, bytes) as the folder `target`, replacing an earlier one whole.

    The files go into a hidden folder beside `target`, which is then renamed into
    place; a failed or interrupted write removes it and leaves an earlier folder as
    it was. (Between the two renames that swap an earlier folder out and the new one
    in, for a moment, there is none.)
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CardgenError(f"cannot make the output folder {folder}: {error.strerror}") from None
    partial = folder / f".{target.name}.partial-{os.getpid()}"
    old = folder / f".{target.name}.old-{os.getpid()}"
    try:
        for leftover in (partial, old):
            shutil.rmtree(leftover, ignore_errors=True)
        partial.mkdir()
        for name, data in files:
            (partial / name).write_bytes(data)
        _sync_all([partial / name for name, _ in files])
        if target.exists():
            os.replace(target, old)
        os.replace(partial, target)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if old.exists() and not target.exists():
            os.replace(old, target)
        if isinstance(error, OSError):
            raise CardgenError(f"cannot write {target}: {error.strerror or error}") from None
        raise
    shutil.rmtree(old, ignore_errors=True)


def _sync_all(paths: Sequence[Path]) -> None:
    """Flush files to disk side by side: one at a time, a hundred files take seconds."""
    from concurrent.futures import ThreadPoolExecutor

    def sync(path: Path) -> None:
        descriptor = os.open(path, os.O_RDWR)  # Windows flushes only what it may write
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(sync, paths))


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` beside `target`, then rename it into place.

    A reader (or a build killed half-way) sees the old file or the new one,
    never a partial one.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CardgenError(f"cannot make the output folder {folder}: {error.strerror}") from None
    partial = folder / f".{target.name}.partial-{os.getpid()}"
    try:
        with open(partial, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CardgenError(f"cannot write {target}: {error.strerror}") from None
