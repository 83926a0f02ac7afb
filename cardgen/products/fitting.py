"""Cards fitted to their faces one at a time as they are drawn, and shared among worker
processes (`--jobs`) when the deck is big enough to pay for them.

Every build fits its cards here, whether it keeps them all (`Context.fit`, for the formats
that share the faces) or draws each sheet as its faces come (card sheets alone): the faces,
the errors and their order are the same however many processes fit them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from cardgen.deck.cards import Card
from cardgen.errors import DeckError, Position
from cardgen.products.parallel import batched, ordered, workers
from cardgen.render.face import Face, FaceMaker
from cardgen.render.qr import Code, dark_runs, known


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
            yield [_carded(face, cards[index]) for face in faces]


# What a worker sends of a card: its faces, the QR codes they show, its error's parts.
Sent = tuple[list[Face], list[tuple[str, Code]], tuple[Position | None, str, str | None] | None]


def _sendable(maker: FaceMaker, card: Card) -> Sent:
    """What a worker sends of a card: its faces without their card, the QR codes they
    show (drawing them would encode them again) and its error, as its parts, or None."""
    try:
        faces = [_carded(face, None) for face in maker.face(card)]
    except DeckError as error:
        return [], [], (error.where, error.message, error.hint)
    return faces, [(face.qr[0], dark_runs(face.qr[0])) for face in faces if face.qr], None


def _carded(face: Face, card: Card | None) -> Face:
    """`face` given `card`, in place: a face is sent without its card (the main process has
    it) and given it back when it arrives, and each is made for this alone, so it needs no
    copy (dataclasses.replace, 10,000 times, took 0.1 s on each side)."""
    object.__setattr__(face, "card", card)
    return face
