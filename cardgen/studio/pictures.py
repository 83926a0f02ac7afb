"""Pictures of a deck for the studio: card fronts and backs and booklet pages, as PNG files.

Each picture is kept under a name made from what it shows, so an edit to one card
draws and renders that one card again, and the page fetches only pictures whose
names changed. A card's name comes from its fitted face (the lines, sizes and
places its words are drawn at), a booklet page's from its laid-out page, before
anything is drawn. Cards are drawn with the print-shop renderer, one card per page
at its trim size; booklet pages one per PDF page.

PDFium is not thread-safe and ReportLab keeps fonts in globals, so everything that
draws or renders holds DRAWING. Many pictures at once (a deck's first view) are rendered
and encoded in worker processes (`products.parallel`), a few pages each, from the one
drawing made here.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2
from PIL import PngImagePlugin  # noqa: F401  (loaded here, not first in a forked worker)

from cardgen.deck.model import Deck
from cardgen.products.parallel import batched, ordered, workers
from cardgen.render.face import Face
from cardgen.render.pages import Booklet, draw_page
from cardgen.render.sheets import new_canvas
from cardgen.render.shop import shop_pdf
from cardgen.render.theme import Theme
from cardgen.text.fonts import FontSet

PIXELS_PER_POINT = 2.0  # 144 dpi: sharp on high-density screens, where cards show at 1.5 px/pt
PAGE_PIXELS_PER_POINT = 1.5  # booklet pages, shown smaller than cards; a whole booklet is rendered
DRAWING = threading.Lock()
# Pages a worker renders at a time, and the fewest pictures worth starting workers for (an
# edit redraws one card; starting two workers costs about as much as 30 pictures).
RENDER_BATCH = 12
PARALLEL_PICTURES = 60


@dataclass(frozen=True)
class CardPictures:
    """The names of one card's two pictures."""

    front: str
    back: str


@dataclass(frozen=True)
class PagePicture:
    """One booklet page's picture name and the words PDFium reads on it."""

    name: str
    words: str


class Pictures:
    """PNG pictures by name, made on demand and kept while a view uses them."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.drawn = 0  # cards drawn and rendered so far, for tests and the benchmark
        self.pages_drawn = 0  # booklet pages, likewise

    def get(self, name: str) -> bytes | None:
        with self._lock:
            return self._store.get(name)

    def keep_only(self, names: set[str]) -> None:
        """Forget every picture not named, so memory follows the deck, not its history."""
        with self._lock:
            for name in self._store.keys() - names:
                del self._store[name]

    def cards(
        self,
        faces: Sequence[Face],
        deck: Deck,
        fonts: FontSet,
        theme: Theme,
        card_size: tuple[float, float],
        context: str,
    ) -> list[CardPictures]:
        """Each face's front and back picture, drawing only those not already made.

        `context` names everything else that changes how a card looks (print
        settings, font files); faces that look the same under it share a name.
        """
        names = [
            CardPictures(
                _name(context, "front", _face_key(face)),
                _name(context, "back", _back_key(face, deck)),
            )
            for face in faces
        ]
        with self._lock:
            have = set(self._store)
        todo: list[tuple[int, Face]] = []
        wanted: set[str] = set()
        for index, (face, pictures) in enumerate(zip(faces, names)):
            missing = {pictures.front, pictures.back} - have - wanted
            if missing:
                todo.append((index, face))
                wanted |= missing
        if todo:
            with DRAWING:
                pdf = shop_pdf([face for _, face in todo], card_size, 0.0, theme, fonts, deck,
                               tagged=False)
                pages: dict[str, int] = {}
                for page_pair, (index, _) in enumerate(todo):
                    for offset, name in enumerate((names[index].front, names[index].back)):
                        if name in wanted and name not in pages:
                            pages[name] = 2 * page_pair + offset
                made = dict(zip(pages, _rendered(pdf, list(pages.values()),
                                                 PIXELS_PER_POINT)))
                self.drawn += len(todo)
            with self._lock:
                self._store.update(made)
        return names

    def booklet(self, booklet: Booklet, title: str, context: str) -> list[PagePicture]:
        """Each booklet page's picture (in reading order), drawing only pages not already made.

        A page is named from its laid-out content (`cardgen.render.pages.Page`), as a card
        from its face: the text blocks, rules, icons and codes it is drawn from.
        """
        names = [_name(context, "page", repr(page)) for page in booklet.pages]
        with self._lock:
            have = set(self._store)
        todo = {name: page for name, page in zip(names, booklet.pages) if name not in have}
        if todo:
            with DRAWING:
                buffer = io.BytesIO()
                canvas = new_canvas(buffer, booklet.size, title, "", "", "none", tagged=False)
                for page in todo.values():
                    draw_page(canvas, page)
                    canvas.showPage()
                canvas.save()
                made = dict(zip(todo, _rendered(buffer.getvalue(), list(range(len(todo))),
                                                PAGE_PIXELS_PER_POINT)))
                self.pages_drawn += len(todo)
            with self._lock:
                self._store.update(made)
        return [
            PagePicture(name, " ".join(" ".join(t.words for t in page.texts).split()))
            for name, page in zip(names, booklet.pages)
        ]


def _rendered(pdf: bytes, pages: list[int], scale: float) -> list[bytes]:
    """The pages numbered `pages` of `pdf` as PNG files, in that order: rendered in
    worker processes when there are many."""

    def render(span: Sequence[int]) -> list[bytes]:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return [_png(document[index], scale) for index in span]
        finally:
            document.close()

    processes = workers(None, len(pages) // RENDER_BATCH) if len(pages) >= PARALLEL_PICTURES else 0
    # Each batch opens the PDF again: a few batches a worker, enough to share the end.
    spans = batched(pages, max(RENDER_BATCH, -(-len(pages) // (4 * max(processes, 1)))))
    return [png for part in ordered(render, spans, processes) for png in part]


def _png(page, scale: float = PIXELS_PER_POINT) -> bytes:
    return _encode(page.render(scale=scale).to_pil())


def _encode(image) -> bytes:
    buffer = io.BytesIO()
    # The lightest compression: pictures travel over the loopback, and time is what counts.
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _name(context: str, side: str, key: str) -> str:
    return hashlib.sha256(f"{context}\0{side}\0{key}".encode()).hexdigest()[:32]


def _face_key(face: Face) -> str:
    """Everything a front is drawn from, without where in the file its card came from
    (a card moved down by a line above it looks the same)."""
    card = face.card
    return repr(
        (
            card.kind.name,
            card.number,
            face.label,
            face.parts,
            face.footer,
            face.qr,
            face.rules,
            face.main_size,
        )
    )


def _back_key(face: Face, deck: Deck) -> str:
    """Everything a back is drawn from: its laid-out words, mark and logo box."""
    return repr(face.back)
