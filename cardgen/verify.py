"""Reading a PDF the build just made back in, to prove that no card's words were lost.

A card whose text silently vanishes (a font without a glyph, a slot drawn off
the page, a face dropped on the way) prints as a blank card nobody notices until
the group plays. The check reads the bytes with PDFium (the engine of Chrome's
PDF viewer), as a printer's software would, and compares the words it finds with
the words that were fitted: each face's words within its slot on the front page
of its sheet; each booklet entry's words, in reading order. PDFium reads text
drawn inside reused forms too, and is fast enough to run on every build.

Text is compared after NFC normalisation with every space, line break and
hyphen taken out, so line breaking and hyphenation never count as a difference
(a lost space would go unnoticed; a lost word would not). Each part of a face
(each field of a booklet entry) must appear whole, after the one before it.

Right-to-left text is drawn in visual order, and a PDF reader puts it back in
reading order by its own reckoning: a line of Arabic alone reads back exactly, but
an English name or a bracket inside it may come back in another order, or mirrored.
Where text with right-to-left letters is not found whole, its right-to-left letters
and digits must all be found (see `_bare`): PDFium may split a word with a vowel
mark across two lines.
Positions are PDF points.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable, Sequence

from cardgen.cards import Card
from cardgen.deck import Deck
from cardgen.errors import CardgenError
from cardgen.kinds import INSTRUCTIONS
from cardgen.layout.sheet import SheetLayout
from cardgen.render.face import Face
from cardgen.scripts import has_rtl
from cardgen.typography import parse_markup, smarten

_SLACK = 0.5  # points: a letter touching a slot's edge is inside it
_SPACE_OR_HYPHEN = re.compile(r"[\s\-\u00ad\u2010\u2011\ufffe\x02]+")  # PDFium marks a hyphen at a line end as U+FFFE


class VerifyError(CardgenError):
    """The written PDF lacks words that were fitted.

    It is a user-facing error (the build stops and says which card), though its
    cause is in cardgen, a library or the system, not in the deck.
    """


def verify_cards(pdf: bytes, faces: Sequence[Face], layout: SheetLayout, duplex: str) -> None:
    """Check that every face's words are inside its slot on its sheet's front page.

    `faces`, `layout` and `duplex` are what the sheets were drawn from; fronts are
    every page when `duplex` is "none", else every other page. Raises VerifyError
    naming the first card whose words are missing or misplaced.
    """
    document = _document(pdf)
    per_sheet = layout.per_sheet
    step = 1 if duplex == "none" else 2
    sheets = -(-len(faces) // per_sheet)
    if len(document) != sheets * step:
        raise VerifyError(f"verify: the card sheets have {len(document)} pages; "
                          f"{len(faces)} cards need {sheets * step}")
    for sheet in range(sheets):
        index = sheet * step
        text = document[index].get_textpage()
        chunk = faces[sheet * per_sheet:(sheet + 1) * per_sheet]
        for slot_index, face in enumerate(chunk):
            slot = layout.slots[slot_index]
            expected = face_text(face)
            inside = text.get_text_bounded(slot.x - _SLACK, slot.y - _SLACK, slot.right + _SLACK,
                                           slot.top + _SLACK)
            missing = _first_missing(expected, _squeeze(inside))
            if missing is None:
                continue
            page = index + 1
            where = _name(face.card)
            if _first_missing(expected, _squeeze(text.get_text_range())) is None:
                raise VerifyError(f"verify: {where} is on page {page} but not inside its slot "
                                  f"(slot {slot_index + 1}, at x {slot.x:.1f} pt, y {slot.y:.1f} pt)")
            raise VerifyError(f"verify: {where} is missing from page {page}: "
                              f"{_short(missing)!r} is not in slot {slot_index + 1}")


def verify_booklet(pdf_flat: bytes, expected: Sequence[tuple[Card, str]]) -> None:
    """Check that each card's text appears in the reading-order booklet, in order.

    `pdf_flat` is the booklet's pages in reading order (before imposition).
    Each line of an expected text must appear whole (spaces, line breaks and
    hyphens aside) after the line before it, and each card after the card before
    it. Raises VerifyError naming the first card that is missing.
    """
    document = _document(pdf_flat)
    starts = []  # where each page's text starts in the booklet's, for messages
    pages = []
    length = 0
    for index in range(len(document)):
        text = _squeeze(document[index].get_textpage().get_text_range())
        starts.append(length)
        pages.append(text)
        length += len(text)
    text = "".join(pages)
    cursor = 0
    for card, words in expected:
        for line in words.splitlines():
            wanted = _squeeze(line)
            if not wanted:
                continue
            found = _find(text, line, cursor)
            if found is None:
                raise VerifyError(f"verify: {_name(card)} is missing from the booklet (looked from "
                                  f"page {_page_of(starts, cursor)} on): {_short(line.strip())!r}")
            cursor = found


def booklet_texts(deck: Deck, cards: Iterable[Card]) -> list[tuple[Card, str]]:
    """What the booklet prints for each card, one field a line, for verify_booklet.

    Labels, topics and QR codes are left out: the check is about each card's own
    words. Blank cards print nothing in the booklet; the instructions card is the intro.
    """
    language = deck.language
    expected = []
    for card in cards:
        if card.kind is INSTRUCTIONS:
            fields = [printed(p, language) for p in (deck.intro or "").split("\n\n")]
        elif card.item is not None:
            fields = [piece.text if piece.role == "address" else printed(piece.text, language)
                      for piece in card.kind.printed(card.item, deck.labels, language)
                      if piece.role != "topic" and not piece.label]
        else:
            continue
        expected.append((card, "\n".join(fields)))
    return expected


def printed(raw: str, language: str) -> str:
    """The characters a field prints: typographic quotes and dashes, markup removed."""
    return "".join(span.text for span in parse_markup(smarten(raw, language)))


def face_text(face: Face) -> list[str]:
    """The text of each part a fitted face prints (footer included), lines joined by
    line breaks, in drawing order."""
    parts = (*face.parts, *((face.footer,) if face.footer else ()))
    return ["\n".join(line.text if line.text is not None
                      else "".join(piece.text for piece in line.pieces)
                      for line in part.block.lines)
            for part in parts]


# --- reading ---------------------------------------------------------------------


def _document(pdf: bytes):
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        raise VerifyError(f"verify: the PDF cannot be read back: {error}") from None


# --- comparing -------------------------------------------------------------------


def _squeeze(text: str) -> str:
    """Text with every space, line break and hyphen removed, for line-blind matching."""
    return _SPACE_OR_HYPHEN.sub("", unicodedata.normalize("NFC", text))


def _first_missing(parts: Sequence[str], found: str) -> str | None:
    """The first part not found in `found` after the part before it, or None."""
    cursor = 0
    for part in parts:
        at = _find(found, part, cursor)
        if at is None:
            return part
        cursor = at
    return None



def _find(found: str, text: str, cursor: int) -> int | None:
    """Where in the squeezed `found` the squeezed `text` ends, looking from `cursor`;
    None if it is not there. Text with right-to-left letters that is not there whole
    is there when all its letters are (see the module's docstring): the cursor then
    stays."""
    wanted = _squeeze(text)
    if not wanted:
        return cursor
    at = found.find(wanted, cursor)
    if at >= 0:
        return at + len(wanted)
    if not has_rtl(text):
        return None
    return cursor if not Counter(_bare(wanted)) - Counter(_bare(found[cursor:])) else None


def _bare(text: str) -> str:
    """Right-to-left text as compared letter by letter: its right-to-left letters and
    its digits only. PDFium reads a vowel mark set above or below its letter as if it stood
    on a line of its own, and names such a mark's glyph by its raw code (a stray "±" or
    "R" in the word) where the PDF says its letter carries it; poppler reads both
    right. Words of other scripts inside such text are left out of the comparison."""
    return "".join(char for char in text
                   if unicodedata.bidirectional(char) in ("R", "AL", "AN", "EN"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "\u2026"


def _name(card: Card) -> str:
    return f"{card.describe()} ({card.where})"


def _page_of(starts: Sequence[int], offset: int) -> int:
    page = 1
    for number, start in enumerate(starts, start=1):
        if start <= offset:
            page = number
    return page
