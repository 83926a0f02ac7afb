"""The tuck box: one sheet that folds into a box for the printed deck."""

from __future__ import annotations

from cardgen.deck.model import Deck
from cardgen.errors import CardgenError
from cardgen.layout.box import BoxTooLarge, TuckBox, deck_depth, paper_for, tuck_box
from cardgen.products.job import Job, Product
from cardgen.render.box import box_pdf
from cardgen.render.logo import draw_logo
from cardgen.render.theme import Theme
from cardgen.units import format_size_mm


def make(job: Job) -> Product:
    count = len(job.faces())
    box = _box(job, count)
    deck, theme = job.deck, job.theme
    data = box_pdf(deck, box, job.context.fonts, theme, deck.short_title, _logo_drawer(theme))
    return job.product("box", data, 1, count, "a tuck box: print at 100 %, cut, fold and glue")


def check(job: Job) -> None:
    """Every card fitted, and the box fits the paper."""
    _box(job, len(job.faces()))


def _logo_drawer(theme: Theme):
    """What draws the deck's logo in a box (canvas, x, y, width, height), or None."""
    logo = theme.logo
    if logo is None:
        return None
    return lambda canvas, x, y, width, height: draw_logo(canvas, logo, x, y, width, height,
                                                         theme.mono)


def _box(job: Job, count: int) -> TuckBox:
    options = job.options
    stack = deck_depth(count) if options.box_thickness is None else options.box_thickness
    try:
        return tuck_box(job.context.card_size, stack, options.paper_size)
    except BoxTooLarge as error:
        raise CardgenError(_too_large(job.deck, count, options.paper, error.size)) from None


def _too_large(deck: Deck, count: int, paper: str, size: tuple[float, float]) -> str:
    start = (f"{deck.path}: the tuck box for {count} cards needs {format_size_mm(*size)}, "
             f"more than {paper} paper holds inside its 6 mm margin")
    bigger = paper_for(size, like=paper)
    if bigger is None:
        return (f"{start}, and so does every paper cardgen knows; use a smaller --card or "
                "--box-thickness")
    return f"{start}; use --paper {bigger}, which holds it"
