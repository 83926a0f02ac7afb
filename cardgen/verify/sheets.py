"""Verifying card sheets and print-shop pages: every card's words, front and back, in place.

A card whose text silently vanishes, lands in the wrong slot, prints white on white or
shrinks to a speck is a card nobody can read at the table. Each page is read back with
PDFium (`cardgen.verify.readback`) and each run of characters matched to the fitted block it
came from: each face's band label, parts and footer inside its slot on the front page,
its back's word and title inside the mirrored slot on the back page (moved by the back
offset), each print-shop page inside the trim. A match must be at the size the layout
chose and stand out from the card's colour under it (at least 4.5:1, WCAG 2 AA, as the
theme keeps every colour). Text is compared as `cardgen.verify.booklet` compares it: spaces,
hyphens and invisible characters aside, a line that mixes directions in the order the
deck has it or in PDFium's (see `cardgen.verify.reading_order`). Positions are PDF points.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf

from cardgen.deck.colours import contrast
from cardgen.layout.sheet import SheetLayout
from cardgen.render.face import Face
from cardgen.render.theme import PAPER, Theme
from cardgen.verify.booklet import (
    VerifyError,
    _block_part,
    _document,
    _locate,
    _name,
    _short,
    _squeeze,
)
from cardgen.verify.readback import Run, document_runs

_SLACK = 0.5  # points: a letter touching a slot's edge is inside it
VISIBLE = 4.5  # the least contrast of text with the card under it (WCAG 2 AA, as the theme keeps)


def verify_cards(pdf: bytes, faces: Sequence[Face], layout: SheetLayout, duplex: str,
                 back_offset: tuple[float, float] = (0.0, 0.0), theme: Theme = Theme()) -> None:
    """Check that every face's words are inside its slot on its sheet's front page, and its
    back's word and title inside the mirrored slot on the back page, visible and at the
    size the layout chose.

    `faces`, `layout`, `duplex`, `back_offset` and `theme` are what the sheets were drawn
    from; fronts are every page when `duplex` is "none", else every other page. Raises
    VerifyError naming the first card whose words are missing, misplaced, too small or
    invisible.
    """
    document = _document(pdf)
    per_sheet = layout.per_sheet
    step = 1 if duplex == "none" else 2
    sheets = -(-len(faces) // per_sheet)
    if len(document) != sheets * step:
        raise VerifyError(f"verify: the card sheets have {len(document)} pages; "
                          f"{len(faces)} cards need {sheets * step}")
    dx, dy = back_offset
    for sheet in range(sheets):
        chunk = faces[sheet * per_sheet:(sheet + 1) * per_sheet]
        index = sheet * step
        front = document_runs(document, index)
        rects = [_rect(layout.slots[i]) for i in range(len(chunk))]
        for slot_index, (face, inside) in enumerate(zip(chunk, _sorted_into(front, rects))):
            _check_place(front, inside, rects[slot_index], front_words(face, theme),
                         _name(face.card), f"page {index + 1}", f"slot {slot_index + 1}")
        if duplex == "none":
            continue
        back = document_runs(document, index + 1)
        rects = [_rect(layout.back_slot(i, duplex), dx, dy) for i in range(len(chunk))]
        for slot_index, (face, inside) in enumerate(zip(chunk, _sorted_into(back, rects))):
            _check_place(back, inside, rects[slot_index], back_words(face, theme),
                         f"the back of {_name(face.card)}", f"page {index + 2}",
                         _back_place(layout, slot_index, duplex))
    check_tree(pdf, faces, "the card sheets")


def verify_shop(pdf: bytes, faces: Sequence[Face], card: tuple[float, float], bleed: float,
                theme: Theme = Theme()) -> None:
    """Check the print-shop export: each face's front on its own page and its back on the
    next, inside the trim, visible and at the size the layout chose. Raises VerifyError."""
    document = _document(pdf)
    if len(document) != 2 * len(faces):
        raise VerifyError(f"verify: the print-shop export has {len(document)} pages; "
                          f"{len(faces)} cards need {2 * len(faces)}")
    trim = (bleed, bleed, bleed + card[0], bleed + card[1])
    for number, face in enumerate(faces):
        for page, words, what in ((2 * number, front_words(face, theme), _name(face.card)),
                                  (2 * number + 1, back_words(face, theme),
                                   f"the back of {_name(face.card)}")):
            chars = document_runs(document, page)
            [inside] = _sorted_into(chars, [trim])
            _check_place(chars, inside, trim, words, what,
                         f"page {page + 1} of the print-shop export", "the trim")
    check_tree(pdf, faces, "the print-shop export")


# What a card's section may hold (render.paint): anything else is not a card's words.
_CARD_TAGS = frozenset({"/H", "/P", "/Span", "/BlockQuote", "/Link", "/Figure"})


def check_tree(pdf: bytes, faces: Sequence[Face], what: str) -> None:
    """Check the structure a screen reader reads: a section per card in the order of
    `faces`, each headed by the card's label and holding only its words, a figure with
    alternative text and a link; the document's language and title. Raises VerifyError."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        if "/StructTreeRoot" not in root or "/Lang" not in root:
            raise VerifyError(f"verify: {what} are not a tagged PDF with a language")
        top = root.StructTreeRoot.K
        sections = list(top.K) if isinstance(top.K, pikepdf.Array) else [top.K]
        if len(sections) != len(faces):
            raise VerifyError(f"verify: the structure of {what} has {len(sections)} sections "
                              f"for {len(faces)} cards; a screen reader needs one a card")
        for section, face in zip(sections, faces, strict=True):
            kids = _kids(section)
            if not kids or kids[0].get("/S") != "/H" or not _marked(kids[0]):
                raise VerifyError(f"verify: {_name(face.card)} has no heading with its label "
                                  f"in the structure of {what}")
            for element in _elements(section):
                tag = str(element.S)
                if tag not in _CARD_TAGS:
                    raise VerifyError(f"verify: {_name(face.card)} holds a {tag[1:]} in the "
                                      f"structure of {what}: only its words belong there")
                if tag == "/Figure" and not str(element.get("/Alt", "")):
                    raise VerifyError(f"verify: a picture on {_name(face.card)} has no "
                                      f"alternative text in {what}")


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _marked(element) -> bool:
    """Whether `element` has content of its own (a marked sequence) or elements that do."""
    return any(isinstance(kid, int) or kid.get("/Type") == "/MCR"
               or ("/S" in kid and _marked(kid)) for kid in _kids(element))


def _elements(element):
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


@dataclass(frozen=True)
class Words:
    """Words the layout placed: their text (lines joined by line breaks, in reading
    order), the size it chose for them in points, the colour of the card under them
    (#RRGGBB), and what they may read back as, squeezed (verify.Part.wanted)."""

    text: str
    size: float
    background: str
    wanted: str | re.Pattern


def _words(block, background: str) -> Words:
    part = _block_part(block)
    return Words(part.text, block.size, background, part.wanted)


def front_words(face: Face, theme: Theme) -> list[Words]:
    """What a face's front prints, in drawing order: the label in its band, then each part
    (the footer last), each on the white of the card."""
    words = []
    if face.band is not None:
        band = PAPER if theme.mono else theme.hex(face.card.kind.name)
        words.append(_words(face.band, band))
    parts = (*face.parts, *((face.footer,) if face.footer else ()))
    words += [_words(part.block, PAPER) for part in parts]
    return words


def back_words(face: Face, theme: Theme) -> list[Words]:
    """What a face's back prints: the kind's word over the deck's title, on white (a light
    back, and every back in mono) or on the kind's colour (a full-colour back)."""
    back = face.back
    if back is None:
        return []
    full = theme.backs == "full" and not theme.mono
    ground = theme.hex(back.kind) if full else PAPER
    return [_words(back.word, ground), _words(back.title, ground)]


def _check_place(chars: Sequence[Run], inside: Sequence[Run],
                 rect: tuple[float, float, float, float], expected: Sequence[Words], what: str,
                 page: str, place: str) -> None:
    """Each of `expected`, in order, among the runs `inside` `rect` of the page (whose runs
    are `chars`), at its size and visible."""
    found, owners = _squeezed(inside)
    cursor = 0
    for words in expected:
        if not words.wanted:
            continue
        at = _locate(found, words.wanted, cursor)
        if at is None:
            anywhere, _ = _squeezed(chars)
            if _locate(anywhere, words.wanted, 0) is not None:
                x0, y0, _, _ = rect
                spot = f"at x {x0:.1f} pt, y {y0:.1f} pt"
                where = f"its slot ({place}, {spot})" if place.startswith("slot") else (
                    f"{place} ({spot})")
                raise VerifyError(f"verify: {what} is on {page} but not inside {where}")
            raise VerifyError(f"verify: {what} is missing from {page}: "
                              f"{_short(words.text)!r} is not in {place}")
        start, cursor = at
        # Runs share a few looks: each is checked once, in the order first met.
        for size, fill, alpha in dict.fromkeys(run.look for run in owners[start:cursor]):
            _check_look(size, fill, alpha, words, what, page)


def _check_look(size: float, fill: str, alpha: int, words: Words, what: str, page: str) -> None:
    if abs(size - words.size) > max(0.05, words.size * 0.01):
        raise VerifyError(f"verify: {what} on {page} is printed at "
                          f"{size:.3g} pt, not the {words.size:g} pt the layout chose: "
                          f"{_short(words.text)!r}")
    ratio = contrast(fill, words.background) if alpha else 1.0
    if ratio < VISIBLE:
        raise VerifyError(f"verify: {what} on {page} cannot be read: "
                          f"{_short(words.text)!r} is printed in {fill} on "
                          f"{words.background} (contrast {ratio:.1f}:1; at least {VISIBLE:g}:1 "
                          "is needed)")


def _squeezed(runs: Sequence[Run]) -> tuple[str, list[Run]]:
    """The runs' text for matching (see _squeeze), and the run each letter of it came from."""
    letters, owners = [], []
    for run in runs:
        text = _squeeze(run.text)
        letters.append(text)
        owners.extend([run] * len(text))
    return "".join(letters), owners


def _back_place(layout: SheetLayout, index: int, duplex: str) -> str:
    """The back page's slot behind front slot `index`, for messages."""
    try:
        return f"slot {layout.back_index(index, duplex) + 1}"
    except ValueError:  # a stock whose die-cut cards are not symmetric on the sheet
        return f"the place behind slot {index + 1}"


def _sorted_into(runs: Sequence[Run], rects) -> list[list[Run]]:
    """The runs whose centre is inside each rect (with _SLACK), in drawing order."""
    places: list[list[Run]] = [[] for _ in rects]
    grown = [(x0 - _SLACK, y0 - _SLACK, x1 + _SLACK, y1 + _SLACK, place)
             for (x0, y0, x1, y1), place in zip(rects, places)]
    last = grown[0] if grown else None
    for run in runs:
        left, bottom, right, top = run.box
        x, y = (left + right) / 2, (bottom + top) / 2
        # A card's runs come one after another: try the last card's place first.
        if last and last[0] <= x <= last[2] and last[1] <= y <= last[3]:
            last[4].append(run)
            continue
        for spot in grown:
            if spot[0] <= x <= spot[2] and spot[1] <= y <= spot[3]:
                spot[4].append(run)
                last = spot
                break
    return places


def _rect(slot, dx: float = 0.0, dy: float = 0.0) -> tuple[float, float, float, float]:
    return (slot.x + dx, slot.y + dy, slot.right + dx, slot.top + dy)


