"""The print-shop PDF: one card per page, front then back, with bleed; PDF/X-4 in CMYK
for a press with `--cmyk`."""

from __future__ import annotations

from cardgen.errors import CardgenError
from cardgen.layout.stock import Stock
from cardgen.products.formats import FORMATS
from cardgen.products.job import Job, Product
from cardgen.products.limits import check_page_size
from cardgen.products.options import BuildOptions
from cardgen.render.cmyk import CONDITION, faded
from cardgen.render.shop import shop_pdf
from cardgen.render.theme import Theme


def make(job: Job) -> Product:
    faces = job.faces()
    bleed = job.context.bleed("shop")
    theme = job.theme_for("shop")
    cmyk = job.options.cmyk
    if cmyk:
        check_press_colours(theme, job.deck.path)
    card_size = job.context.card_size
    data = shop_pdf(faces, card_size, bleed, theme, job.context.fonts, job.deck, cmyk)
    if cmyk:
        # pikepdf (qpdf) takes 27 ms to load: only a build for a press pays for it.
        from cardgen.products.pdfx import pdfx

        data = pdfx(data)
    if job.options.verify:
        # The read-back loads PDFium's bindings and bidi: only --verify pays for them.
        from cardgen.verify.sheets import verify_shop

        verify_shop(data, faces, card_size, bleed, theme)
    note = "one card per page, front then back, for a print shop"
    if cmyk:
        note += f"; PDF/X-4, CMYK for {CONDITION}"
    return job.product("shop", data, 2 * len(faces), len(faces), note, job.options.verify)


def check(job: Job) -> None:
    job.faces()
    if job.options.cmyk:
        check_press_colours(job.theme_for("shop"), job.deck.path)


def check_press_colours(theme: Theme, deck: str) -> None:
    """Refuse colours whose words a press would print too faint to read (WCAG AA)."""
    weak = faded(theme)
    if weak:
        said = "; ".join(f"{name} {colour} prints as {printed}, {ratio:.1f}:1 against white"
                         for name, colour, printed, ratio in weak)
        # The deck's colours, not the option, are what to change: a message, not a usage error.
        raise CardgenError(f"{deck}: --cmyk: in CMYK for {CONDITION}, {said}; cards need "
                           "4.5:1: choose a darker colour in the deck's `theme: colours:`")


def check_settings(options: BuildOptions, stock: Stock | None) -> None:
    """A page larger than PDF allows."""
    size, name = (stock.card, stock.card_text) if stock else (options.card_size, options.card)
    check_page_size(size, name, FORMATS["shop"].bleed_or(options.bleed))
