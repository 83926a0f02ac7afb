"""The print-shop PDF: one card per page, front then back, with bleed."""

from __future__ import annotations

from cardgen.layout.stock import Stock
from cardgen.products.formats import FORMATS
from cardgen.products.job import Job, Product
from cardgen.products.limits import check_page_size
from cardgen.products.options import BuildOptions
from cardgen.render.shop import shop_pdf


def make(job: Job) -> Product:
    faces = job.faces()
    bleed = job.context.bleed("shop")
    theme = job.theme_for("shop")
    card_size = job.context.card_size
    data = shop_pdf(faces, card_size, bleed, theme, job.context.fonts, job.deck)
    if job.options.verify:
        # The read-back loads PDFium's bindings and bidi: only --verify pays for them.
        from cardgen.verify.sheets import verify_shop

        verify_shop(data, faces, card_size, bleed, theme)
    return job.product("shop", data, 2 * len(faces), len(faces),
                       "one card per page, front then back, for a print shop", job.options.verify)


def check(job: Job) -> None:
    job.faces()


def check_settings(options: BuildOptions, stock: Stock | None) -> None:
    """A page larger than PDF allows."""
    size, name = (stock.card, stock.card_text) if stock else (options.card_size, options.card)
    check_page_size(size, name, FORMATS["shop"].bleed_or(options.bleed))
