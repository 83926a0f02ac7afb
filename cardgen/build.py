"""`cardgen build`: one deck in, its card sheets, booklet and print-shop PDFs (and HTML page) out.

Everything is checked and drawn in memory first; only when every output is
ready are files written, each beside its target and renamed into place. So a
failed build writes nothing, and a build killed half-way leaves the earlier
PDFs whole.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cardgen.cards import Card, deck_cards
from cardgen.deck import Deck, load_deck
from cardgen.errors import CardgenError, DeckError, DeckErrors, Position
from cardgen.fonts import FontSet, load_fonts, require_glyphs
from cardgen.layout.sheet import sheet_layout
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
    made: list[tuple[str, bytes, int, int, str]] = []  # (format, pdf, pages, cards, note)
    if "cards" in options.formats:
        made.append(("cards", *_card_sheets(deck, cards, fonts, theme, options)))
    if "booklet" in options.formats:
        made.append(("booklet", *_booklet(deck, cards, fonts, theme, options)))
    if "shop" in options.formats:
        made.append(("shop", *_shop(deck, cards, fonts, theme, options)))
    if "html" in options.formats:
        made.append(("html", *_screen(deck, cards, fonts, theme)))
    outputs = []
    for format_, data, pages, count, note in made:
        target = out / (f"{deck.name}.html" if format_ == "html" else f"{deck.name}-{format_}.pdf")
        outputs.append(Output(target, format_, pages, count, note))
        write_atomically(target, data)
    return outputs


def fit_faces(deck: Deck, cards: tuple[Card, ...], fonts: FontSet, theme: Theme,
              options: BuildOptions) -> list[Face]:
    """Every card fitted to the card size, or DeckErrors naming each card that is not."""
    maker = FaceMaker(deck, fonts, theme, options.card_size, options.card)
    faces, errors = maker.faces(cards)
    if errors:
        raise DeckErrors(errors)
    return faces


def _card_sheets(deck, cards, fonts, theme, options) -> tuple[bytes, int, int, str]:
    from cardgen.render.sheets import SheetJob, cards_pdf, how_to_print

    faces = fit_faces(deck, cards, fonts, theme, options)
    try:
        layout = sheet_layout(options.paper_size, options.card_size, options.bleed or 0.0,
                              marks=options.marks)
    except ValueError as error:
        raise CardgenError(str(error)) from None
    job = SheetJob(layout, options.duplex, options.back_offset, options.marks, theme, deck.title,
                   deck.author or "", deck.language, deck.labels)
    data = cards_pdf(job, faces, fonts)
    if options.verify:
        from cardgen.verify import verify_cards

        verify_cards(data, faces, layout, options.duplex)
    sheets = -(-len(faces) // layout.per_sheet)
    pages = sheets * (1 if options.duplex == "none" else 2)
    return data, pages, len(faces), how_to_print(options.duplex)


def _shop(deck, cards, fonts, theme, options) -> tuple[bytes, int, int, str]:
    from cardgen.render.shop import shop_pdf

    faces = fit_faces(deck, cards, fonts, theme, options)
    bleed = SHOP_BLEED if options.bleed is None else options.bleed
    data = shop_pdf(faces, options.card_size, bleed, theme, fonts, deck)
    return data, 2 * len(faces), len(faces), "one card per page, front then back, for a print shop"


def _screen(deck, cards, fonts, theme) -> tuple[bytes, int, int, str]:
    from cardgen.screen import html_edition

    data = html_edition(deck, cards, fonts, theme)
    entries = sum(card.item is not None for card in cards)  # the intro and blanks are not cards there
    return data, 1, entries, "one page for screens and screen readers; opens offline in any browser"


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
