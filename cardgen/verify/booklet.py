"""Reading a PDF the build just made back in, to prove that no card's words were lost.

A card whose text silently vanishes (a font without a glyph, a slot drawn off
the page, a face dropped on the way) prints as a blank card nobody notices until
the group plays. The check reads the bytes with PDFium (the engine of Chrome's
PDF viewer), as a printer's software would, and compares the words it finds with
the words that were fitted: each booklet page's words within each of its cells on the
imposed sheets (the pages as laid out, in cardgen.render.pages) and each booklet
entry's words in reading order, here; each card's words, front and back, on card
sheets and print-shop pages, in `cardgen.verify.sheets`. PDFium reads text
drawn inside reused forms too, and is fast enough to run on every build.

Text is compared after NFC normalisation with every space, line break and
hyphen taken out, so line breaking and hyphenation never count as a difference
(a lost space would go unnoticed; a lost word would not). Each part of a face
(each field of a booklet entry) must appear whole, after the one before it.

Right-to-left text is drawn in visual order, and a PDF reader puts it back in
reading order by its own reckoning. Each line must read back as the deck's text, or,
where PDFium's simplified reordering cannot give that (an English name of two words in
an Arabic line comes back with its words swapped), exactly as PDFium is known to read
that line (cardgen/verify/reading_order.py): the same strictness, allowing only for the order PDFium
gives a line that mixes directions. Positions are PDF points.

The structure tree is read too (with pikepdf), as a screen reader walks it: its marked
words must come page by page in reading order (not the sheets' order), and there must be
as many elements with words as the pages have things to read (`_check_tree`).
"""

from __future__ import annotations

import ctypes
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from cardgen.deck.cards import Card
from cardgen.deck.kinds import INSTRUCTIONS
from cardgen.deck.model import Deck
from cardgen.errors import CardgenError
from cardgen.layout.booklet import Placement, Plan, SheetSide
from cardgen.render.booklet import APART
from cardgen.render.face import Face
from cardgen.render.pages import Booklet, Tag
from cardgen.text.typography import parse_markup, smarten
from cardgen.verify.reading_order import read_by_place, readings

_SLACK = 0.5  # points: a letter touching a cell's edge is inside it
# Spaces and hyphens (PDFium marks a hyphen at a line end as U+FFFE), and characters that
# print nothing: zero-width ones (U+200B-U+200D, U+2060, U+FEFF) and direction marks and
# controls (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069). Text matches whether
# or not these came through.
_SPACE_OR_HYPHEN = re.compile(r"[\s\-\u00ad\u2010\u2011\ufffe\x02\u200b-\u200f\u061c"
                              r"\u2060\ufeff\u202a-\u202e\u2066-\u2069]+")


class VerifyError(CardgenError):
    """The written PDF lacks words that were fitted.

    It is a user-facing error (the build stops and says which card), though its
    cause is in cardgen, a library or the system, not in the deck.
    """


def verify_booklet(pdf: bytes, booklet: Booklet, plan: Plan,
                   expected: Sequence[tuple[Card, str]]) -> None:
    """Check the imposed booklet sheets: each page's words inside each of its cells, and
    each card's words in reading order.

    `pdf` is the booklet as written (the sheets), `booklet` the pages it was drawn
    from and `plan` where each page went. On every sheet side, each placement's cell
    must hold its page's text blocks whole and in order. Then, across the pages as
    read back, each line of an expected card text must appear whole (spaces, line
    breaks and hyphens aside) after the line before it, and each card after the
    card before it. Raises VerifyError naming the first page or card that is missing.
    """
    document = _document(pdf)
    if len(document) != len(plan.sides):
        raise VerifyError(f"verify: the booklet has {len(document)} pages; its sheets need "
                          f"{len(plan.sides)}")
    width, height = booklet.size
    pages: dict[int, str] = {}  # each page's text as read from its first cell
    for index, side in enumerate(plan.sides):
        text = document[index].get_textpage()
        for placement in side.placements:
            if placement.page is None:
                continue
            x0, y0, x1, y1 = placement.cell or (placement.x, placement.y,
                                                placement.x + width, placement.y + height)
            page = booklet.pages[placement.page]
            words = [_block_part(item.block, placement.rotate != 0) for item in page.texts]
            box = (x0 - _SLACK, y0 - _SLACK, x1 + _SLACK, y1 + _SLACK)
            raw = (text.get_text_bounded(*box) if placement.rotate == 0
                   else _read_turned(text, box, placement, width, height))
            inside, starts = _squeeze_mapped(raw)
            where = _side_name(plan, index) + _cell_name(side, placement)
            missing, extra = _match(words, inside)
            if missing is not None:
                raise VerifyError(f"verify: booklet page {page.number} is missing from {where}: "
                                  f"{_short(missing)!r} is not in its cell")
            if extra is not None:
                # A finished page carries only the booklet (a printer's note, say, does not).
                start, end = extra
                shown = unicodedata.normalize("NFC", raw)[starts[start]:starts[end - 1] + 1]
                raise VerifyError(f"verify: {where} holds words that are not on booklet page "
                                  f"{page.number}: {_short(shown)!r}")
            # What the cell was just shown to hold, in reading order, for the cards' check.
            pages.setdefault(placement.page, _squeeze("".join(part.text for part in words)))
    _check_cards([pages.get(i, "") for i in range(len(booklet.pages))], expected)
    _check_tree(pdf, booklet)


def _check_tree(pdf: bytes, booklet: Booklet) -> None:
    """The structure tree reads the pages in reading order, every element a booklet page
    tags is in it with words, and nothing else is: decoration (page numbers, the how-to
    line, a pocket sheet's second copy) is no element's."""
    import pikepdf  # lazy, as PDFium is: only --verify reads the tree

    expected = set()
    for laid_out in booklet.pages:
        for item in laid_out.items:
            tag = getattr(item, "tag", None)
            if isinstance(tag, Tag) and tag.path:
                expected.add(tag.path)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        forms = {}
        for sheet in document.pages:
            for name, xobject in sheet.Resources.get("/XObject", {}).items():
                forms[xobject.objgen] = str(name)[1:]
        root = document.Root.get("/StructTreeRoot")
        if root is None:
            raise VerifyError("verify: the booklet has no structure tree (it is not tagged)")
        last = 0
        for element, kid in _marked(root.K):
            stream = kid.get("/Stm") if isinstance(kid, pikepdf.Dictionary) else None
            name = forms.get(stream.objgen, "") if stream is not None else ""
            number = re.search(r"(?:^|\.)page(\d+)$", name)  # ReportLab's "FormXob.page3"
            page = int(number.group(1)) if number else None
            if page is None:
                raise VerifyError(f"verify: the structure tree holds words that are not on a "
                                  f"booklet page: {element.S} ({name or 'drawn on a sheet'})")
            if page < last:
                raise VerifyError(f"verify: the structure tree reads page {page} after page "
                                  f"{last}: not in reading order")
            last = page
        elements = sum(1 for element in _elements(root.K) if _has_words(element))
        if elements < len(expected):
            raise VerifyError(f"verify: the structure tree has {elements} elements with words; "
                              f"the booklet's pages have {len(expected)}")


def _elements(kids):
    """The structure elements under `kids`, depth first (the reading order)."""
    import pikepdf

    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR" \
                and kid.get("/Type") != "/OBJR" and "/S" in kid:
            yield kid
            if "/K" in kid:
                yield from _elements(kid.K)


def _has_words(element) -> bool:
    import pikepdf

    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return any(isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary)
                                        and kid.get("/Type") == "/MCR") for kid in kids)


def _marked(kids):
    """Each (element, marked-content reference) in the tree in reading order."""
    import pikepdf

    for element in _elements(kids):
        own = element.get("/K")
        own = own if isinstance(own, pikepdf.Array) else [own] if own is not None else []
        for kid in own:
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary)
                                        and kid.get("/Type") == "/MCR"):
                yield element, kid


def _read_turned(text, box: tuple[float, float, float, float], placement: Placement,
                 width: float, height: float) -> str:
    """The text in `box` of a page placed upside down, as a reader of the folded page
    reads it: lines from the page's top, each from the page's left.

    PDFium orders the pieces of an upside-down line by their x on the sheet, so a line
    set in two fonts ("*Ask* cards are ...") comes back with its pieces reversed; the
    characters' own positions put them back in the page's order.
    """
    import pypdfium2.raw as raw  # lazy: 40 ms to load, only to read a PDF back

    handle = text.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for index in range(raw.FPDFText_CountChars(handle)):
        if raw.FPDFText_IsGenerated(handle, index):
            continue
        raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
        if not (box[0] <= x.value <= box[2] and box[1] <= y.value <= box[3]):
            continue
        # Turned by 180 degrees in place: the sheet's (x, y) is the page's (w - x, h - y).
        page_x = placement.x + width - x.value
        page_y = placement.y + height - y.value
        found.append((-round(page_y * 2) / 2, page_x, chr(raw.FPDFText_GetUnicode(handle, index))))
    found.sort(key=lambda char: char[:2])
    return "".join(char for _, _, char in found)


def _check_cards(pages: Sequence[str], expected: Sequence[tuple[Card, str]]) -> None:
    """Each card's lines, in order, in the booklet's text (`pages`, squeezed)."""
    starts = []  # where each page's text starts in the booklet's, for messages
    length = 0
    for page in pages:
        starts.append(length)
        length += len(page)
    text = "".join(pages)
    cursor = 0
    for card, words in expected:
        start = cursor
        for line in words.splitlines():
            wanted = _squeeze(line)
            if not wanted:
                continue
            found = text.find(wanted, cursor)
            if found < 0 and card.kind.helpline:
                # A helpline too tall for a page has its note go on after its address
                # (cardgen.render.booklet): its words may come back in another order.
                found = text.find(wanted, start)
            if found < 0:
                raise VerifyError(f"verify: {_name(card)} is missing from the booklet (looked from "
                                  f"page {_page_of(starts, cursor)} on): {_short(line.strip())!r}")
            cursor = max(cursor, found + len(wanted))


def _side_name(plan: Plan, index: int) -> str:
    """How a message names a sheet side: "PDF page 3 (sheet 2, front)"."""
    if plan.duplex == "none":
        return f"PDF page {index + 1}"
    return f"PDF page {index + 1} (sheet {index // 2 + 1}, {'back' if index % 2 else 'front'})"


def _cell_name(side: SheetSide, placement: Placement) -> str:
    """Where a cell is on its side, as a person looking at the sheet would say it."""
    columns = sorted({p.x for p in side.placements})
    rows = sorted({p.y for p in side.placements}, reverse=True)
    if len(columns) == 1 and len(rows) == 1:
        return ""
    across = {1: [""], 2: ["left", "right"]}.get(len(columns))
    column = columns.index(placement.x)
    across_name = across[column] if across else f"panel {column + 1} of {len(columns)}"
    down = {1: "", 2: "top" if rows.index(placement.y) == 0 else "bottom"}.get(len(rows), "")
    return ", " + " ".join(part for part in (down, across_name) if part)


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
                      if piece.role not in APART and not piece.label]
        else:
            continue
        expected.append((card, "\n".join(fields)))
    return expected


def printed(raw: str, language: str) -> str:
    """The characters a field prints: typographic quotes and dashes, markup removed."""
    return "".join(span.text for span in parse_markup(smarten(raw, language)))


class Part(NamedTuple):
    """Words verify looks for: `text` as the deck has them (for messages) and `wanted`,
    what a reader may read back, squeezed: the text itself, or a pattern when a line of
    it may also be read in PDFium's order (see the module's docstring)."""

    text: str
    wanted: str | re.Pattern


def face_parts(face: Face) -> list[Part]:
    """What each part a fitted face prints (footer included) must read back as, in
    drawing order."""
    parts = (*face.parts, *((face.footer,) if face.footer else ()))
    return [_block_part(part.block) for part in parts]


def _block_part(block, turned: bool = False) -> Part:
    """A block's Part. A `turned` block (an upside-down page, read by its characters'
    places) may also read back from left to right (see `_read_turned`)."""
    lines = [readings(line) + ((read_by_place(line),) if turned and line.text else ())
             for line in block.lines]
    text = "\n".join(found[0] for found in lines)
    if all(len(found) == 1 for found in lines):
        return Part(text, _squeeze(text))
    return Part(text, re.compile("".join(
        "(?:" + "|".join(re.escape(_squeeze(reading)) for reading in found) + ")"
        for found in lines)))


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
    import pypdfium2  # lazy: 40 ms to load, only to read a PDF back

    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        raise VerifyError(f"verify: the PDF cannot be read back: {error}") from None


# --- comparing -------------------------------------------------------------------


def _squeeze(text: str) -> str:
    """Text with every space, line break and hyphen removed, for line-blind matching."""
    return _SPACE_OR_HYPHEN.sub("", unicodedata.normalize("NFC", text))


def _squeeze_mapped(text: str) -> tuple[str, list[int]]:
    """`_squeeze(text)`, and where each of its characters is in the NFC form of `text`."""
    text = unicodedata.normalize("NFC", text)
    kept = [(i, c) for i, c in enumerate(text) if not _SPACE_OR_HYPHEN.fullmatch(c)]
    return "".join(c for _, c in kept), [i for i, _ in kept]


def _first_missing(parts: Sequence[Part], found: str) -> str | None:
    """The text of the first part not found in `found` after the part before it, or None."""
    return _match(parts, found)[0]


def _match(parts: Sequence[Part], found: str) -> tuple[str | None, tuple[int, int] | None]:
    """The text of the first part not found in `found` after the part before it (or None),
    and the first stretch (start, end) of `found` that holds something besides the parts
    (or None)."""
    cursor = 0
    extra = None
    for part in parts:
        at = _locate(found, part.wanted, cursor)
        if at is None:
            return part.text, extra
        if at[0] > cursor and extra is None:
            extra = (cursor, at[0])
        cursor = at[1]
    if extra is None and cursor < len(found):
        extra = (cursor, len(found))
    return None, extra


def _locate(found: str, wanted: str | re.Pattern, cursor: int) -> tuple[int, int] | None:
    """Where (start, end) in the squeezed `found` `wanted` is, looking from `cursor`; None
    if it is not there."""
    if isinstance(wanted, str):
        at = found.find(wanted, cursor) if wanted else cursor
        return None if at < 0 else (at, at + len(wanted))
    match = wanted.search(found, cursor)
    return None if match is None else match.span()


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
