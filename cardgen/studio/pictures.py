"""Pictures of a deck for the studio: card fronts and backs and booklet pages, as PNG files.

Each picture is kept under a name made from what it shows, so an edit to one card
draws and renders that one card again, and the page fetches only pictures whose
names changed. A card's name comes from its fitted face (the lines, sizes and
places its words are drawn at) before anything is drawn; cards are drawn with the
print-shop renderer, one card per page at its trim size. Booklet pages are laid
out inside the booklet renderer, so the booklet is drawn and rendered whole and
each page is named from its pixels: only pages that look different are encoded.

PDFium is not thread-safe and ReportLab keeps fonts in globals, so everything that
draws or renders holds DRAWING.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2

from cardgen.deck import Deck
from cardgen.fonts import FontSet
from cardgen.render.face import Face
from cardgen.render.shop import shop_pdf
from cardgen.render.theme import Theme

PIXELS_PER_POINT = 2.0  # 144 dpi: sharp on high-density screens, where cards show at 1.5 px/pt
PAGE_PIXELS_PER_POINT = 1.5  # booklet pages, shown smaller than cards; a whole booklet is rendered
DRAWING = threading.Lock()


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
        self._words: dict[str, str] = {}  # a booklet page's words by its picture's name
        self._lock = threading.Lock()
        self.drawn = 0  # card pages drawn and rendered so far, for tests and the benchmark

    def get(self, name: str) -> bytes | None:
        with self._lock:
            return self._store.get(name)

    def keep_only(self, names: set[str]) -> None:
        """Forget every picture not named, so memory follows the deck, not its history."""
        with self._lock:
            for name in self._store.keys() - names:
                del self._store[name]
                self._words.pop(name, None)

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
                pdf = shop_pdf([face for _, face in todo], card_size, 0.0, theme, fonts, deck)
                made = {}
                document = pypdfium2.PdfDocument(pdf)
                try:
                    for page_pair, (index, _) in enumerate(todo):
                        for offset, name in enumerate((names[index].front, names[index].back)):
                            if name in wanted and name not in made:
                                made[name] = _png(document[2 * page_pair + offset])
                finally:
                    document.close()
                self.drawn += len(todo)
            with self._lock:
                self._store.update(made)
        return names

    def booklet(self, pdf: bytes) -> list[PagePicture]:
        """Each page of a booklet PDF (in reading order), encoding only changed pages."""
        pages: list[PagePicture] = []
        made: dict[str, bytes] = {}
        with DRAWING:
            document = pypdfium2.PdfDocument(pdf)
            try:
                for page in document:
                    bitmap = page.render(scale=PAGE_PIXELS_PER_POINT)
                    # Named from its pixels, straight from PDFium's buffer: converting and
                    # encoding a page costs more than rendering it, so only new pages pay.
                    name = hashlib.sha1(bytes(bitmap.buffer), usedforsecurity=False).hexdigest()[
                        :32
                    ]
                    words = self._words.get(name)
                    if words is None:
                        text = page.get_textpage()
                        words = " ".join(text.get_text_range().split())
                        text.close()
                        made[name] = _encode(bitmap.to_pil())
                        self._words[name] = words
                    pages.append(PagePicture(name, words))
                    page.close()
            finally:
                document.close()
        with self._lock:
            self._store.update(made)
        return pages


def _png(page) -> bytes:
    return _encode(page.render(scale=PIXELS_PER_POINT).to_pil())


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
    kind = face.card.kind.name
    return repr((kind, deck.labels[kind], deck.title, deck.language))
