"""Card sheets: the cards on the paper (or a perforated stock) with backs and crop marks."""

from __future__ import annotations

from collections.abc import Iterable

from cardgen.errors import CardgenError, DeckErrors
from cardgen.layout.sheet import SheetLayout
from cardgen.layout.stock import Stock
from cardgen.products.context import card_sheet_layout
from cardgen.products.job import Job, Product
from cardgen.products.limits import check_back_offset
from cardgen.products.options import BuildOptions
from cardgen.render.face import Face
from cardgen.render.sheets import SheetJob, cards_pdf, how_to_print


def make(job: Job) -> Product:
    deck, options, stock = job.deck, job.options, job.context.stock
    fitting = job.fitting()
    faces: Iterable[Face] = job.faces() if fitting is None else fitting
    layout = _layout(options, stock)
    marks = options.marks and stock is None  # perforations are the cut
    stock_name = stock.title if stock else None
    theme = job.theme_for("cards")
    sheet_job = SheetJob(layout, options.duplex, options.back_offset, marks, theme,
                         deck.title, deck.author or "", deck.language, deck.labels, stock_name)
    data = cards_pdf(sheet_job, faces, job.context.fonts)
    if fitting is not None and fitting.errors:
        raise DeckErrors(fitting.errors)
    drawn = job.faces() if fitting is None else fitting.kept
    count = len(drawn) if fitting is None else fitting.count
    if options.verify:
        # The read-back loads PDFium's bindings and bidi: only --verify pays for them.
        from cardgen.verify.sheets import verify_cards

        verify_cards(data, drawn, layout, options.duplex, options.back_offset, theme)
    sheets = -(-count // layout.per_sheet)
    pages = sheets * (1 if options.duplex == "none" else 2)
    return job.product("cards", data, pages, count, how_to_print(options.duplex, 0, stock_name),
                       options.verify)


def check(job: Job) -> None:
    """Every card fitted, and the cards fit the paper."""
    _layout(job.options, job.context.stock)
    job.faces()


def check_settings(options: BuildOptions, stock: Stock | None) -> None:
    """Backs moved off the page by --back-offset."""
    if options.duplex == "none" or not any(options.back_offset):
        return
    try:
        layout = card_sheet_layout(options, stock)
    except ValueError:
        return  # the cards do not fit the paper: the build says so
    paper = stock.title if stock else f"{options.paper} paper"
    card = stock.card_text if stock else options.card
    check_back_offset(layout, options.duplex, options.back_offset, paper, card)


def _layout(options: BuildOptions, stock: Stock | None) -> SheetLayout:
    try:
        return card_sheet_layout(options, stock)
    except ValueError as error:
        raise CardgenError(str(error)) from None
