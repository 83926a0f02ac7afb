"""One build's set-up, asked by every command that judges a card: build, validate, lint,
preview and the studio.

A `Context` holds what a build is asked for (the options, from the command line and
cardgen.yaml), the fonts those options name, and the perforated stock, if any; from
them it makes what judges a card: the theme, the card size and its name, the
face-maker that fits cards to it, and where cards go on a sheet. Because every command
asks the same set-up, they agree: a card `build` refuses on an Avery 5371 card is
refused by `validate` and reported by `lint` at the same line, for the same reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cardgen.deck.cards import Card, deck_cards
from cardgen.deck.model import Deck, load_deck
from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.layout.glabels import load_stock
from cardgen.layout.sheet import SheetLayout, sheet_layout
from cardgen.layout.stock import Stock, larger_stock, stock_layout
from cardgen.products.fitting import Fitting
from cardgen.products.formats import FORMATS
from cardgen.products.options import BuildOptions
from cardgen.render.bilingual import Pairing
from cardgen.render.face import Face, FaceMaker
from cardgen.render.theme import Theme
from cardgen.text.fonts import FontSet, load_fonts
from cardgen.text.glyphs import require_glyphs, require_language_font


@dataclass(frozen=True)
class Context:
    """The options, fonts and stock of a build, and what follows from them."""

    options: BuildOptions
    fonts: FontSet
    stock: Stock | None = None

    @classmethod
    def create(cls, options: BuildOptions, extra_fonts: tuple[Path, ...] = (),
               fonts: FontSet | None = None) -> Context:
        """The set-up for `options`: its stock read and its settings checked (a SettingError
        for one no deck can print with), and its fonts: those the options name, then
        `extra_fonts` (a project's fonts/ folder), unless `fonts` are given ready loaded."""
        stock = chosen_stock(options)
        for name in options.formats:
            check_settings = getattr(FORMATS[name].maker(), "check_settings", None)
            if check_settings is not None:
                check_settings(options, stock)
        return cls(options, fonts or load_fonts((*options.fonts, *extra_fonts)), stock)

    @property
    def card_size(self) -> tuple[float, float]:
        """The card's trim size in points: the stock's when printing on one."""
        return self.stock.card if self.stock else self.options.card_size

    @property
    def card_name(self) -> str:
        """The card as messages name it: "poker", "3.5 x 2 in Avery 5371"."""
        if self.stock:
            return f"{self.stock.card_text} {self.stock.title}"
        return self.options.card

    def theme(self, deck: Deck | None = None, format_: str = "cards") -> Theme:
        """How a build of `deck` looks: black and white or colour, large print or not, the
        deck's own colours and logo, and the backs `format_` prints (`--backs`, or the
        format's own)."""
        own = deck.theme if deck is not None else None
        return Theme(mono=self.options.mono, large_print=self.options.large_print,
                     colours=own.colours if own else (), logo=own.logo if own else None,
                     backs=self.backs(format_), card=self.card_size)

    def backs(self, format_: str) -> str:
        return self.options.backs or FORMATS[format_].backs

    def bleed(self, format_: str) -> float:
        """How far colour runs past the cut in `format_`: `--bleed`, or the format's own."""
        return FORMATS[format_].bleed_or(self.options.bleed)

    def face_maker(self, deck: Deck, theme: Theme | None = None,
                   pairing: Pairing | None = None) -> FaceMaker:
        """What fits `deck`'s cards to the card size, or to the stock's cards; with its
        source's words beneath on bilingual cards (`pairing`, or the deck's own when the
        options ask for them)."""
        theme = theme or self.theme(deck)
        pairing = pairing or self.pairing(deck)
        if self.stock is None:
            return FaceMaker(deck, self.fonts, theme, self.card_size, self.card_name, pairing)
        return _StockFaceMaker(deck, self.fonts, theme, self.card_size, self.card_name,
                               self.stock, pairing)

    def pairing(self, deck: Deck) -> Pairing | None:
        """`deck` paired with the deck it translates when the options ask for bilingual
        cards, else None: None too for a deck that is not a translation (`bilingual: true`
        over a folder means its translations), unless the decks were named with
        `--bilingual` (`bilingual_named`): then a SettingError."""
        if not self.options.bilingual:
            return None
        if deck.translation_of is None and not self.options.bilingual_named:
            return None
        pairing = Pairing.of(deck)
        require_language_font(self.fonts, pairing.source.language, pairing.source.path)
        _check_deck_words(pairing.source, self.fonts)
        return pairing

    def fit(self, deck: Deck, cards: Sequence[Card], theme: Theme | None = None,
            pairing: Pairing | None = None) -> list[Face]:
        """Every card fitted to the card size (by `--jobs` processes when the deck is big
        enough), or DeckErrors naming each that is not."""
        fitting = Fitting(self.face_maker(deck, theme, pairing), cards, jobs=self.options.jobs)
        faces = list(fitting)
        if fitting.errors:
            raise DeckErrors(fitting.errors)
        return faces

    def sheet_layout(self) -> SheetLayout:
        """Where the cards go on a sheet (see `card_sheet_layout`)."""
        return card_sheet_layout(self.options, self.stock)

    def load(self, path: Path, shown: str | None = None) -> tuple[Deck, tuple[Card, ...]]:
        """The deck at `path` and the cards the options choose from it, checked as far as
        a build checks before fitting: the deck's format, a font for its language, and
        the words every back prints. `shown` is the path as the user wrote it."""
        deck = load_deck(path, shown or str(path), self.options.region)
        require_language_font(self.fonts, deck.language, shown or str(path))
        _check_deck_words(deck, self.fonts)
        options = self.options
        return deck, deck_cards(deck, options.only, options.tag, options.helplines,
                                options.level)


def chosen_stock(options: BuildOptions) -> Stock | None:
    """The perforated stock the cards go on, if `stock` or `stock_file` names one."""
    if options.stock is None and options.stock_file is None:
        return None
    return load_stock(options.stock, options.stock_file)


def card_sheet_layout(options: BuildOptions, stock: Stock | None) -> SheetLayout:
    """Where the cards go on a sheet: the stock's die positions, or as many as fit the
    paper, with the bleed (and gutter) colour backs need. Raises ValueError when not one
    card fits. On a stock, colour runs into its template's waste unless --bleed is given."""
    cards = FORMATS["cards"]
    if stock is None:
        full = (options.backs or cards.backs) == "full" and not options.mono
        bleed = cards.bleed_or(options.bleed, full)
        return sheet_layout(options.paper_size, options.card_size, bleed, marks=options.marks)
    return stock_layout(stock, options.bleed)


class _StockFaceMaker(FaceMaker):
    """A FaceMaker whose errors say which stock has bigger cards."""

    def __init__(self, deck: Deck, fonts: FontSet, theme: Theme, card: tuple[float, float],
                 name: str, stock: Stock, pairing: Pairing | None = None):
        super().__init__(deck, fonts, theme, card, name, pairing)
        self.stock = stock

    def face(self, card: Card) -> list[Face]:
        try:
            return super().face(card)
        except DeckError as error:
            raise DeckError(error.where, error.message, stock_hint(self.stock)) from None


def stock_hint(stock: Stock) -> str:
    """What to do about a card too long for `stock`'s cards."""
    bigger = larger_stock(stock)
    if bigger is None:
        return "shorten the text, or print on plain card stock with --card large and cut it"
    # A stock sold on other paper (Letter for an A4 user) says so: it is not on the same shelf.
    paper = "" if bigger.paper_name == stock.paper_name else f"{_paper_title(bigger)} paper, "
    return (f"shorten the text, or print on a stock with bigger cards: --stock {bigger.name} "
            f"({paper}{bigger.card_text}, {bigger.per_sheet} a sheet)")


def _paper_title(stock: Stock) -> str:
    """"Letter", "A4", or the size in mm, as a sentence names the stock's paper."""
    name = stock.paper_name
    return name.upper() if name[:1] == "a" and name[1:].isdigit() else name.capitalize()


def _check_deck_words(deck: Deck, fonts: FontSet) -> None:
    """The title and cardgen's own words (each kind's label, the printing note, the box's
    instructions) print on every sheet: check their glyphs once. A word the deck did not set
    is its language's, and named so at `language:`."""
    errors = []
    start = Position(deck.path, 1, 1)
    words = [(deck.spots.get("title", start), "`title`", deck.title)]
    for key, word in deck.labels.items():
        own = deck.spots.get(f"labels.{key}")
        words.append((own, f"`labels.{key}`", word) if own else
                     (deck.spots.get("language", start),
                      f"cardgen's word for `{key}` in `language: {deck.language}`", word))
    for where, what, text in words:
        try:
            require_glyphs(fonts, text, where, what)
        except DeckError as error:
            errors.append(error)
    if errors:
        raise DeckErrors(errors)

