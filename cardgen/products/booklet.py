"""Pocket booklets: the deck laid out as booklet pages in reading order, then drawn on sheets.

Which page size goes with which paper and imposition lives here; laying the pages
out as data is `render.booklet`, where each goes is `layout.booklet`, and
`render.impose` draws each page once onto the sheets.
"""

from __future__ import annotations

from cardgen.choices import BOOKLET_SIZES, US_PAPERS
from cardgen.deck.cards import booklet_cards
from cardgen.deck.language import table
from cardgen.errors import CardgenError
from cardgen.layout.booklet import Plan, plan
from cardgen.products.job import Job, Product
from cardgen.products.limits import check_creep
from cardgen.products.options import BuildOptions
from cardgen.render.booklet import BookletTooLong, lay_out
from cardgen.render.impose import Words, impose
from cardgen.render.pages import Booklet, Drawer


def make(job: Job) -> Product:
    """The imposed booklet PDF, with its sheet sides, its entries and how to print it."""
    deck, options = job.deck, job.options
    cards = booklet_cards(deck, job.cards)
    booklet, layout = _laid_out(job)
    # The sheets have no waste to print the instructions on: they go in the
    # metadata, on the terminal (the product's note) and in the README, in English as the
    # rest of both are; a sheet with waste has them in the deck's language (`words`).
    how_to = table("en")[layout.how_to]
    metadata = {"Title": deck.title, "Author": deck.author or "", "Subject": how_to}
    words = Words(deck.labels, job.context.fonts, deck.language)
    data = impose(layout, Drawer(booklet), metadata, words, booklet.language)
    if options.verify:
        # The read-back loads PDFium's bindings and bidi: only --verify pays for them.
        from cardgen.verify.booklet import booklet_texts, verify_booklet

        verify_booklet(data, booklet, layout, booklet_texts(deck, cards))
    items = sum(1 for card in cards if card.item is not None)
    return job.product("booklet", data, len(layout.sides), items, how_to, options.verify)


def check(job: Job) -> None:
    """The booklet laid out and planned on its sheets, its creep checked; nothing drawn."""
    _laid_out(job)


def _laid_out(job: Job) -> tuple[Booklet, Plan]:
    deck, options = job.deck, job.options
    size = booklet_page_size(options)
    exact = 8 if options.impose == "zine" else None
    try:
        booklet = lay_out(deck, booklet_cards(deck, job.cards), job.context.fonts, job.theme,
                          size, exact_pages=exact, pairing=job.pairing)
    except BookletTooLong as error:
        raise CardgenError(too_long(deck.path, error.needed)) from None
    try:
        layout = plan(options.impose, len(booklet.pages), size, options.paper_size, options.creep,
                      booklet.direction)
    except ValueError as error:
        raise CardgenError(f"{deck.path}: {error}") from None
    if options.creep:
        margins = [page.ink_margins(booklet.width) for page in booklet.pages]
        check_creep(options.creep, layout, margins)
    return booklet, layout


def too_long(path: str, needed: int) -> str:
    """What to do about a booklet too long for a zine's eight pages."""
    return (f"{path}: the booklet needs {needed} pages and a zine has 8; print fewer "
            "cards with --only or --tag, or use --impose pocket")


def booklet_page_size(options: BuildOptions) -> tuple[float, float]:
    """The booklet page size in points that `options` ask for."""
    return page_size(options.paper, options.paper_size, options.impose, options.booklet_size)


def page_size(paper_name: str, paper: tuple[float, float], impose: str,
              booklet_size: str | None) -> tuple[float, float]:
    """The booklet page size in points for this paper and imposition."""
    if impose == "zine":
        # Eight panels of one sheet: a quarter of the long side by half the short side.
        short, long = sorted(paper)
        return (long / 4, short / 2)
    if booklet_size:
        return BOOKLET_SIZES[booklet_size]
    us = paper_name in US_PAPERS
    if impose == "saddle":
        return BOOKLET_SIZES["half-letter" if us else "a5"]
    return BOOKLET_SIZES["quarter-letter" if us else "a6"]


def booklet_pdf(deck, cards, fonts, theme, size: tuple[float, float], pages_multiple: int = 4,
                exact_pages: int | None = None) -> tuple[bytes, int]:
    """The booklet's pages in reading order, one per PDF page of `size` points, and their
    count: what `--impose none` writes, for tests and tools."""
    booklet = lay_out(deck, cards, fonts, theme, size, pages_multiple, exact_pages)
    return pages_pdf(booklet), len(booklet.pages)


def pages_pdf(booklet: Booklet) -> bytes:
    """`booklet`'s pages in reading order, one per PDF page."""
    layout = plan("none", len(booklet.pages), booklet.size, booklet.size)
    return impose(layout, Drawer(booklet), {"Subject": table("en")[layout.how_to]},
                  language=booklet.language)
