"""How a PDF reader reads back a line cardgen drew: its text layer in drawing order, and the
reading PDFium (Chrome's viewer, and --verify) makes of a line that mixes directions.

A line is drawn in visual order: a right-to-left run's glyphs from left to right, each
carrying its text reversed (cardgen/text/shaping.py), so that a reader who puts the run back in
reading order gets the deck's text. Poppler (Evince, Okular, pdftotext) does, for every
line. PDFium does for a line in one direction, but its reordering is a simplification of the
bidirectional algorithm that no PDF can steer: it cuts a line into stretches of letters
written right to left (R), left to right (L), digits, marks and separators ("weak", read
left to right but leaving the direction as it was) and the rest (neutral: spaces, most
punctuation); if the line has more R stretches than L ones it takes the stretches from
the right, each R stretch (and each neutral one met while reading right to left)
reversed, mirrored (curly quotation marks too) and decomposed ("…" as "..."), the others
as drawn. So in an Arabic line an English name of two words comes back with its words
swapped ("Tatarsky Andrew"), and a vowel mark next to a full stop comes back after it.
Both readings are of the same characters; the print is right. `readings` gives verify the
lines it may meet: the deck's text, and where PDFium's reading differs, that too, and
nothing else.
"""

from __future__ import annotations

import re
import unicodedata

from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics

from cardgen.text.blocks import glyph_runs
from cardgen.text.scripts import has_rtl

_WEAK = frozenset(("AN", "EN", "NSM", "CS", "ES", "ET", "BN"))
# PDFium mirrors the curly quotation marks too, which Unicode does not count as mirrored.
_MIRRORED = {**MIRRORED, "\u201c": "\u201d", "\u201d": "\u201c", "\u2018": "\u2019",
             "\u2019": "\u2018"}


def readings(line) -> tuple[str, ...]:
    """The texts a reader may read back from `line` (a render.text.Line): its text in
    reading order, then PDFium's reading when that differs."""
    if line.text is None:  # drawn in reading order
        return ("".join(piece.text for piece in line.pieces),)
    logical, visual = line.text, drawn(line)
    if visual == logical and not has_rtl(logical):
        return (logical,)
    # Letters of any script drawn reversed (a right-to-left override) read back reversed.
    pdfium = pdfium_reading(visual)
    return (logical,) if pdfium == logical else (logical, pdfium)


def drawn(line) -> str:
    """The characters of `line`'s text layer from left to right, as a reader meets them:
    a right-to-left piece's glyphs each with the text its ToUnicode entry gives (glyphs
    drawn as outlines give none); the rest as they are."""
    return "".join(text for text, _ in _glyph_texts(line))


def read_by_place(line) -> str:
    """`line` as PDFium's characters sorted by their places from left to right (what
    verify reads of an upside-down zine panel): each character as PDFium gives it
    (mirrored where it reads the stretch right to left), a letter with its marks in
    reading order, as PDFium leaves characters drawn at one place."""
    glyphs = _glyph_texts(line)
    visual = "".join(text for text, _ in glyphs)
    chars = [visual[i] for i in range(len(visual))]
    for backwards, start, end in _stretches(visual):
        if backwards:
            for i in range(start, end):
                chars[i] = unicodedata.normalize("NFKC", _MIRRORED.get(chars[i], chars[i]))
    found, at = [], 0
    for text, right_to_left in glyphs:
        part = "".join(chars[at:at + len(text)])
        found.append(part[::-1] if right_to_left else part)
        at += len(text)
    return "".join(found)


def _glyph_texts(line) -> list[tuple[str, bool]]:
    """Each glyph's (or unshaped piece's) text as its ToUnicode entry gives it, from left
    to right, and whether it is a shaped glyph of a right-to-left run."""
    found = []
    for piece in line.pieces:
        if piece.glyphs is None:
            found.append((piece.text, False))
        else:
            texts = pdfmetrics.getFont(piece.font).texts
            found.extend((texts.get(ord(code), code), True) for run in glyph_runs(piece)[0]
                         for code in run.codes)
    return found


def pdfium_reading(visual: str) -> str:
    """A line's characters from left to right (`visual`) as PDFium puts them in reading
    order: as CPDF_TextPage::CloseTempLine does with CFX_BidiString (PDFium 6000 and later),
    spaces run together and characters read right to left mirrored and decomposed."""
    visual = re.sub("  +", " ", visual)
    out = []
    for backwards, start, end in _stretches(visual):
        chars = visual[start:end]
        out.append("".join(unicodedata.normalize("NFKC", _MIRRORED.get(char, char))
                           for char in reversed(chars)) if backwards else chars)
    return "".join(out)


def _stretches(visual: str) -> list[tuple[bool, int, int]]:
    """PDFium's stretches of `visual` in the order it reads them: (read right to left,
    start, end). Stretches are runs of one direction: R, L, W (weak) or N (neutral)."""
    stretches: list[list] = []  # [direction, start, end]
    for index, char in enumerate(visual):
        direction = _direction(char)
        if stretches and stretches[-1][0] == direction:
            stretches[-1][2] = index + 1
        else:
            stretches.append([direction, index, index + 1])
    right = sum(1 for direction, _, _ in stretches if direction == "R")
    left = sum(1 for direction, _, _ in stretches if direction == "L")
    current = "L"
    if right > left:
        stretches.reverse()
        current = "R"
    found = []
    for direction, start, end in stretches:
        backwards = direction == "R" or (direction == "N" and current == "R")
        if backwards:
            current = "R"
        elif direction == "L":
            current = "L"
        found.append((backwards, start, end))
    return found


def _direction(char: str) -> str:
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return "L"
    if kind in ("R", "AL"):
        return "R"
    return "W" if kind in _WEAK else "N"
