"""Card faces as PNG images for print-on-demand card printers: one file per face, exact pixels.

Card printers take one image per face at 300 dpi with 1/8 in of bleed on every
side (a poker card is then 825 x 1125 pixels). The images are rendered with
PDFium from the print-shop PDF (`render.shop.shop_pdf`), page by page, so the
images and the PDFs come from one drawing and cannot disagree. Each PNG is
sRGB (it says so in an sRGB chunk) and records its resolution, so a printer's
upload page reads its size in inches correctly.

A picture is named by the number printed on its card (`012-front.png` is the card
printed "12/73"), and every name sorts in deck order, by the bytes and as a file
manager sorts numbers: the instructions come first as `000-instructions`, a card
whose `id` is a word as its place in the deck and the word (`004-door`), blank
cards last as `blank-1`, `blank-2` (a letter sorts after every digit).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence

import pypdfium2
import pypdfium2.raw as pdfium
from PIL import Image, PngImagePlugin

from cardgen.deck.cards import Card, all_cards
from cardgen.deck.kinds import BLANK, INSTRUCTIONS
from cardgen.deck.model import Deck
from cardgen.units import pixel_size

DEFAULT_DPI = 300
_SRGB_PERCEPTUAL = b"\x00"  # the PNG sRGB chunk's rendering intent
_GAMMA = (45455).to_bytes(4, "big")  # 1/2.2, the gAMA the PNG spec pairs with sRGB


def face_names(cards: Sequence[Card], deck: Deck) -> list[str]:
    """The file name of each face of `cards` (one Card a face, in print order, the
    instructions once for each card they take): NAME-front.png, NAME-back.png, ..."""
    places = {card: place for place, card in
              enumerate((card for card in all_cards(deck) if card.item is not None), start=1)}
    numbers = [card.number for card in places if _numeral(card.number)]
    digits = max(3, *(len(number.lstrip("0")) for number in numbers), len(str(len(places))))
    blank_digits = len(str(sum(card.kind is BLANK for card in cards)))
    stems, blanks = [], 0
    for card in cards:
        if card.kind is INSTRUCTIONS:
            stems.append("0" * digits + "-instructions")
        elif card.kind is BLANK:
            blanks += 1
            stems.append(f"blank-{blanks:0{blank_digits}d}")
        elif _numeral(card.number):
            stems.append(card.number.lstrip("0").zfill(digits))
        else:  # a word id: its place keeps it in deck order, the word says which card it is
            stems.append(f"{places.get(card, 0):0{digits}d}-{_slug(card.number)}")
    return [f"{stem}-{side}.png" for stem in _apart(stems) for side in ("front", "back")]


def _numeral(number: str) -> bool:
    """Whether a card's number is written in the digits 0 to 9 (any other is a word id)."""
    return number.isascii() and number.isdigit()


def _slug(word: str) -> str:
    """`word` as a file name that every system and every printer's upload page takes."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", word).strip("-").lower() or "card"


def _apart(stems: list[str]) -> list[str]:
    """`stems` with those given more than once told apart in order: the instructions over
    several cards (`000-instructions-1`, `-2`), or ids that make the same name."""
    shared = Counter(stems)
    seen: Counter[str] = Counter()
    apart = []
    for stem in stems:
        seen[stem] += 1
        apart.append(f"{stem}-{seen[stem]}" if shared[stem] > 1 else stem)
    return apart


def card_images(shop_pdf: bytes, names: Sequence[str], dpi: int = DEFAULT_DPI,
                pages: Sequence[int] | None = None) -> list[tuple[str, bytes]]:
    """Every page of a print-shop PDF (front 1, back 1, front 2, ...) as (file name, PNG
    bytes), named by `names` (`face_names`), one a page; or only the pages numbered
    `pages` (from 0), so that several processes can share a deck's pictures.

    Each page is rendered to exactly `pixel_size` pixels: PDFium stretches the page to
    the bitmap, so no rounding of a scale factor adds or drops a row.
    """
    document = pypdfium2.PdfDocument(shop_pdf)
    try:
        count = len(document)
        if count != len(names) or count % 2:
            raise ValueError(f"a print-shop PDF has a front and a back for each of "
                             f"{len(names) // 2} faces, not {count} pages")
        return [(names[index], _png(_render(document[index], dpi), dpi))
                for index in (range(count) if pages is None else pages)]
    finally:
        document.close()


def _render(page: pypdfium2.PdfPage, dpi: int) -> Image.Image:
    page_width, page_height = page.get_size()  # points
    width, height = pixel_size(page_width, page_height, dpi)
    bitmap = pypdfium2.PdfBitmap.new_native(width, height, pdfium.FPDFBitmap_BGR,
                                            rev_byteorder=True)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
    pdfium.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0,
                                 pdfium.FPDF_ANNOT | pdfium.FPDF_REVERSE_BYTE_ORDER)
    image = bitmap.to_pil().convert("RGB")
    bitmap.close()
    return image


def _png(image: Image.Image, dpi: int) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add(b"sRGB", _SRGB_PERCEPTUAL)
    info.add(b"gAMA", _GAMMA)
    buffer = io.BytesIO()
    # Level 3 encodes a third faster than the default 6 for files 15 % larger: flat colour
    # and text compress well either way, and a deck has hundreds of faces.
    image.save(buffer, format="PNG", pnginfo=info, dpi=(dpi, dpi), compress_level=3)
    return buffer.getvalue()
