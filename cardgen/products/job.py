"""One deck's build under way: what the format makers share, and the card faces fitted once.

A `Job` is a deck and the cards its options choose, in a `Context` (options, fonts,
stock). The formats that draw card faces share one fitting of the cards; card sheets
alone fit them one at a time as they are drawn (`Fitting`), so a 50,000-card deck never
holds every fitted face at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from cardgen.deck.cards import Card
from cardgen.deck.model import Deck
from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.products.context import Context
from cardgen.products.formats import FORMATS
from cardgen.products.options import BuildOptions
from cardgen.products.output import Content
from cardgen.products.parallel import batched, ordered, workers
from cardgen.render.bilingual import Pairing
from cardgen.render.face import Face, FaceMaker
from cardgen.render.qr import Code, dark_runs, known
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
            maker = self.context.face_maker(self.deck, pairing=self.pairing)
            fitting = Fitting(maker, self.cards, jobs=self.options.jobs)
            faces = list(fitting)
            if fitting.errors:
                raise DeckErrors(fitting.errors)
            self._faces = faces
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


class Fitting:
    """The faces of `cards`, fitted one card at a time as they are drawn, so that a big
    deck never holds more than a sheet's faces (50,000 fitted faces take hundreds of MB).

    Every card is fitted, and each that does not fit adds its error to `errors`; from
    the first error on, faces are no longer handed out (nothing will be written), but
    fitting goes on so that the user hears about every card at once. `kept` holds every
    face when asked to, for reading the sheets back (--verify).
    """

    def __init__(self, maker: FaceMaker, cards: Iterable[Card], keep: bool = False,
                 jobs: int | None = 1):
        self.maker = maker
        self.cards = tuple(cards)
        self.jobs = jobs
        self.errors: list[DeckError] = []
        self.count = 0
        self.keep = keep
        self.kept: list[Face] = []

    def __iter__(self) -> Iterator[Face]:
        for faces in fitted(self.maker, self.cards, self.jobs):
            if isinstance(faces, DeckError):
                self.errors.append(faces)
                continue
            if self.errors:
                continue
            self.count += len(faces)
            if self.keep:
                self.kept.extend(faces)
            yield from faces


# Cards a worker fits at a time: small enough that drawing starts soon and the batches
# waiting stay small (a batch of realistic faces pickles to ~30 KB), big enough that
# handing them over costs little.
BATCH = 40
# Fewer cards than this are fitted in this process: starting workers (a fork each, then
# words measured again in each worker's caches) costs more than they save.
PARALLEL_CARDS = 400
WARM_CARDS = 200


def fitted(maker: FaceMaker, cards: Sequence[Card],
           jobs: int | None) -> Iterator[list[Face] | DeckError]:
    """Each card's faces, or the DeckError that says it does not fit, in deck order:
    from WARM_CARDS on, fitted in worker processes when `jobs` allows and the deck is big
    enough. The first cards are fitted here before the workers fork, so that each starts
    with the words they measured, rather than measuring them again."""
    spans = batched(range(WARM_CARDS, len(cards)), BATCH)
    processes = workers(jobs, len(spans)) if len(cards) >= PARALLEL_CARDS else 0
    for card in cards if not processes else cards[:WARM_CARDS]:
        try:
            yield maker.face(card)
        except DeckError as error:
            yield error
    if not processes:
        return

    def fit(span: Sequence[int]) -> list[Sent]:
        return [_sendable(maker, cards[index]) for index in span]

    for span, results in zip(spans, ordered(fit, spans, processes)):
        for index, (faces, codes, problem) in zip(span, results):
            if problem is not None:
                yield DeckError(*problem)
                continue
            for address, code in codes:
                known(address, code)
            yield [replace(face, card=cards[index]) for face in faces]


# What a worker sends of a card: its faces, the QR codes they show, its error's parts.
Sent = tuple[list[Face], list[tuple[str, Code]], tuple[Position | None, str, str | None] | None]


def _sendable(maker: FaceMaker, card: Card) -> Sent:
    """What a worker sends of a card: its faces without their card, the QR codes they
    show (drawing them would encode them again) and its error, as its parts, or None."""
    try:
        faces = [replace(face, card=None) for face in maker.face(card)]  # type: ignore[arg-type]
    except DeckError as error:
        return [], [], (error.where, error.message, error.hint)
    return faces, [(face.qr[0], dark_runs(face.qr[0])) for face in faces if face.qr], None
