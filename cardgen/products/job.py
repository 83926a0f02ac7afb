"""One deck's build under way: what the format makers share, and the card faces fitted once.

A `Job` is a deck and the cards its options choose, in a `Context` (options, fonts,
stock). The formats that draw card faces share one fitting of the cards; card sheets
alone fit them one at a time as they are drawn (`products.fitting.Fitting`), so a
50,000-card deck never holds every fitted face at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from cardgen.deck.cards import Card
from cardgen.deck.model import Deck
from cardgen.products.context import Context
from cardgen.products.fitting import Fitting
from cardgen.products.formats import FORMATS
from cardgen.products.options import BuildOptions
from cardgen.products.output import Content
from cardgen.render.bilingual import Pairing
from cardgen.render.face import Face
from cardgen.render.theme import Theme


@dataclass(frozen=True)
class Product:
    """One output of a deck: its format, the name it is written under, its content (a
    file's bytes, or a folder's files by name), its page and card counts, and how to
    print it in a few words."""

    format: str
    name: str
    data: Content
    pages: int
    cards: int
    note: str
    verified: bool = False  # read back and checked (--verify)
    unit: str = "page"  # what `pages` counts: "page", or "image" for a folder of pictures


@dataclass
class Job:
    """Everything the makers share: the deck, the cards chosen and the build's set-up.
    Cards are fitted once, for every format that needs them."""

    deck: Deck
    cards: tuple[Card, ...]
    context: Context
    _faces: list[Face] | None = field(default=None, repr=False)

    @property
    def options(self) -> BuildOptions:
        return self.context.options

    @property
    def theme(self) -> Theme:
        """The deck's look, with card sheets' backs."""
        return self.context.theme(self.deck)

    def theme_for(self, format_: str) -> Theme:
        """The deck's look, with the backs `format_` prints."""
        return self.context.theme(self.deck, format_)

    @cached_property
    def pairing(self) -> Pairing | None:
        """The deck and the deck it translates, when the build prints bilingual cards."""
        return self.context.pairing(self.deck)

    def faces(self) -> list[Face]:
        """Every chosen card fitted to the card size, or DeckErrors naming each that is not."""
        if self._faces is None:
            self._faces = self.context.fit(self.deck, self.cards, pairing=self.pairing)
        return self._faces

    def fitting(self) -> Fitting | None:
        """The chosen cards, to be fitted one at a time as they are drawn, when card sheets
        are the only format that draws faces; None when faces are shared (fitted once for
        all formats) or already fitted."""
        users = [name for name in self.options.formats if FORMATS[name].faces]
        if self._faces is not None or users != ["cards"]:
            return None
        maker = self.context.face_maker(self.deck, pairing=self.pairing)
        return Fitting(maker, self.cards, keep=self.options.verify, jobs=self.options.jobs)

    def product(self, format_: str, data: Content, pages: int, cards: int, note: str,
                verified: bool = False, unit: str = "page") -> Product:
        """What `format_` made of this deck, under the name it is written as."""
        return Product(format_, FORMATS[format_].file_name(self.deck.name), data, pages, cards,
                       note, verified, unit)
