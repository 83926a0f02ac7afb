"""Pocket booklets: the deck laid out as booklet pages in reading order, then drawn on sheets.

Which page size goes with which paper and imposition lives here; laying the pages
out as data is `render.booklet`, where each goes is `layout.booklet`, and `impose`
draws each page once onto the sheets.
"""

from __future__ import annotations

from cardgen.choices import BOOKLET_SIZES, US_PAPERS
from cardgen.errors import CardgenError
from cardgen.products.limits import check_creep


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


def make_booklet(deck, cards, fonts, theme, options) -> tuple[bytes, int, int, str]:
    """The imposed booklet PDF, its sheet-side count, its item count and how to print it."""
    from cardgen.layout.booklet import plan
    from cardgen.render.booklet import BookletTooLong, lay_out
    from cardgen.render.impose import impose

    size = page_size(options.paper, options.paper_size, options.impose, options.booklet_size)
    exact = 8 if options.impose == "zine" else None
    try:
        booklet = lay_out(deck, cards, fonts, theme, size, exact_pages=exact)
    except BookletTooLong as error:
        raise CardgenError(
            f"{deck.path}: the booklet needs {error.needed} pages and a zine has 8; print fewer "
            f"cards with --only or --tag, or use --impose pocket") from None
    try:
        layout = plan(options.impose, len(booklet.pages), size, options.paper_size, options.creep,
                      booklet.direction)
    except ValueError as error:
        raise CardgenError(f"{deck.path}: {error}") from None
    check_creep(options.creep, layout, booklet)
    # The sheets have no waste to print the instructions on: they go in the
    # metadata, on the terminal (the product's note) and in the README.
    metadata = {"Title": deck.title, "Author": deck.author or "",
                "Subject": layout.how_to}
    data = impose(layout, _drawer(booklet), metadata)
    if options.verify:
        from cardgen.verify.booklet import booklet_texts, verify_booklet

        verify_booklet(data, booklet, layout, booklet_texts(deck, cards))
    items = sum(1 for card in cards if card.item is not None)
    return data, len(layout.sides), items, layout.how_to


def booklet_pdf(deck, cards, fonts, theme, size: tuple[float, float], pages_multiple: int = 4,
                exact_pages: int | None = None) -> tuple[bytes, int]:
    """The booklet's pages in reading order, one per PDF page of `size` points, and their
    count: what `--impose none` writes, for tests and tools."""
    from cardgen.render.booklet import lay_out

    booklet = lay_out(deck, cards, fonts, theme, size, pages_multiple, exact_pages)
    return pages_pdf(booklet), len(booklet.pages)


def pages_pdf(booklet) -> bytes:
    """`booklet`'s pages in reading order, one per PDF page."""
    from cardgen.layout.booklet import plan
    from cardgen.render.impose import impose

    layout = plan("none", len(booklet.pages), booklet.size, booklet.size)
    return impose(layout, _drawer(booklet), {"Subject": layout.how_to})


def _drawer(booklet):
    from cardgen.render.pages import draw_page

    return lambda canvas, index: draw_page(canvas, booklet.pages[index])
