"""Pocket booklets: the deck drawn as booklet pages in reading order, then imposed on sheets.

Which page size goes with which paper and imposition lives here; drawing the
pages is `render.booklet`, placing them on sheets is `layout.booklet` and `impose`.
"""

from __future__ import annotations

from cardgen.choices import BOOKLET_SIZES, US_PAPERS
from cardgen.errors import CardgenError
from cardgen.limits import check_creep


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
    from cardgen.impose import impose
    from cardgen.layout.booklet import plan
    from cardgen.render.booklet import BookletTooLong, booklet_pdf

    size = page_size(options.paper, options.paper_size, options.impose, options.booklet_size)
    exact = 8 if options.impose == "zine" else None
    try:
        pages_pdf, pages = booklet_pdf(deck, cards, fonts, theme, size, exact_pages=exact)
    except BookletTooLong as error:
        raise CardgenError(
            f"{deck.path}: the booklet needs {error.needed} pages and a zine has 8; print fewer "
            f"cards with --only or --tag, or use --impose pocket") from None
    if options.verify:
        from cardgen.verify import booklet_texts, verify_booklet

        verify_booklet(pages_pdf, booklet_texts(deck, cards))
    try:
        layout = plan(options.impose, pages, size, options.paper_size, options.creep)
    except ValueError as error:
        raise CardgenError(f"{deck.path}: {error}") from None
    check_creep(options.creep, layout)
    metadata = {"/Title": deck.title, "/Author": deck.author or "",
                "/Subject": f"Pocket booklet. {layout.how_to}"}
    data = impose(pages_pdf, layout, metadata)
    items = sum(1 for card in cards if card.item is not None)
    return data, len(layout.sides), items, layout.how_to
