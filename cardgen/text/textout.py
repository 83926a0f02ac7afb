"""Plain text shown in a PDF text object exactly as ReportLab's `textOut` writes it, at a
fraction of the cost.

ReportLab gives each character of a TrueType font a code in one of its subsets the
first time it is drawn, then looks every character up again, one at a time, for every
string it shows. Most of a deck's lines are in characters met on its first card: this
keeps the codes of the first subset as a translation table, so a line of them is
encoded in one call. A line with any other character (a new one, or one in a later
subset) goes through ReportLab as before, which also gives new characters their codes.
The bytes written are the same either way. `show_at` also writes the move to where
the text starts, in the same string.

Text in a face that stands in for a bold face its family lacks (text.registry's
`EMBOLDENED`) is emboldened as word processors do: drawn filled and stroked (text
render mode 2) with a line EMBOLDEN times its size wide, in its own colour. Its
advances stay the font's, so the ink reaches EMBOLDEN / 2 of the size past a line's
measured ends: 0.1 pt at 9 pt, far inside a card's safe zone.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

from cardgen.text.registry import EMBOLDENED

if TYPE_CHECKING:  # blocks draws with this module: its pieces are only named here
    from cardgen.text.blocks import Piece

_NBSP = "\u00a0"  # ReportLab shows it as its space: left to ReportLab
# The stroke that emboldens a face, as a fraction of the size: word processors and
# browsers thicken a face by 2 to 4 % of the size; this keeps a Chinese character's
# counters open at 9 pt.
EMBOLDEN = 0.025
_FILL_AND_STROKE = 2  # text render modes
_FILL = 0


@dataclass(eq=False)
class _FirstSubset:
    """The characters of one font in one document with a code in its first subset."""

    codes: dict[int, int] = field(default_factory=dict)  # character -> code, for str.translate
    chars: set[str] = field(default_factory=set)
    # Those whose code is the character itself (ReportLab keeps printable ASCII so): a line
    # of them needs no translating.
    same: set[str] = field(default_factory=set)
    seen: int = 0  # how many of ReportLab's assignments have been read

    def update(self, assignments: dict[int, int]) -> None:
        for char, code in islice(assignments.items(), self.seen, None):
            if code < 256:
                self.codes[char] = code
                self.chars.add(chr(char))
                if code == char:
                    self.same.add(chr(char))
        self.chars.discard(_NBSP)
        self.same.discard(_NBSP)
        self.seen = len(assignments)


# document -> {font name: (font, its first subset's codes, None for a font not embedded)}
_KNOWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_last: tuple[weakref.ref, dict] | None = None  # the document written last, and its fonts


def show(text_object, text: str) -> None:
    """Show `text` at the text object's current point, in its current font and size,
    as `text_object._textOut(text)` would."""
    _weight(text_object)
    shown = _shown(text_object, text)
    if shown is None:
        _through_reportlab(text_object, text)
    else:
        text_object._code.append(shown)


def show_at(text_object, x: float, y: float, text: str) -> None:
    """Move to (x, y) and show `text` there, as `text_object.setTextOrigin(x, y)` and
    then `show` would: one string for both, where a card has dozens."""
    _weight(text_object)
    shown = _shown(text_object, text) if text_object._canvas.bottomup else None
    if shown is None:
        text_object.setTextOrigin(x, y)
        _through_reportlab(text_object, text)
        return
    text_object._code.append(f"1 0 0 1 {fp_str(x, y)} Tm {shown}")
    text_object._x0 = text_object._x = x
    text_object._y0 = text_object._y = y


def embedded(font: str) -> bool:
    """Whether `font` is embedded (a TrueType font): setting it in a text object writes
    nothing until text is shown in it."""
    found = _EMBEDDED.get(font)
    if found is None:
        found = _EMBEDDED[font] = bool(getattr(pdfmetrics.getFont(font), "_dynamicFont", False))
    return found


_EMBEDDED: dict[str, bool] = {}


def set_font(text_object, font: str, size: float) -> None:
    """`text_object.setFont(font, size)`, without its look-ups for an embedded font, for
    which it only notes the font (the operator goes with the text shown in it)."""
    if not embedded(font):
        text_object.setFont(font, size)
    else:
        text_object._fontname = font
        text_object._fontsize = size
        text_object._leading = size * 1.2
        text_object._curSubset = -1
    _weight(text_object)


def _weight(text_object) -> None:
    """Draw what comes next emboldened when the text object's font stands in for a bold
    face (filled and stroked in the fill's colour, the stroke EMBOLDEN of the size),
    filled only otherwise. Writes nothing while neither changes: text in faces with a
    bold of their own is written as it always was."""
    if text_object._fontname not in EMBOLDENED:
        if text_object._textRenderMode == _FILL_AND_STROKE:
            text_object.setTextRenderMode(_FILL)
        return
    fill = getattr(text_object, "_fillColorObj", None)
    if fill is None:
        fill = text_object._canvas._fillColorObj  # the text takes the canvas's colour
    stroke = (text_object._fontsize, fill)
    if getattr(text_object, "_emboldened", None) != stroke:
        text_object._emboldened = stroke
        text_object._code.append(f"{fp_str(text_object._fontsize * EMBOLDEN)} w")
        text_object.setStrokeColor(fill)
    text_object.setTextRenderMode(_FILL_AND_STROKE)


def _shown(text_object, text: str) -> str | None:
    """The operators that show `text` in the text object's font, when every character of
    it has a code in the font's first subset; None when only ReportLab can tell."""
    doc = text_object._canvas._doc
    found = _fonts_of(doc).get(text_object._fontname)
    if found is None or found[1] is None or not text or not found[1].chars.issuperset(text):
        return None
    font, known = found
    codes = text if known.same.issuperset(text) else text.translate(known.codes)
    encoded = text_object._canvas._escape(codes.encode("latin-1"))
    if text_object._curSubset != 0:
        text_object._curSubset = 0
        name = font.getSubsetInternalName(0, doc)
        return (f"{name} {fp_str(text_object._fontsize)} Tf "
                f"{fp_str(text_object._leading)} TL ({encoded}) Tj")
    return f"({encoded}) Tj"


def _through_reportlab(text_object, text: str) -> None:
    """Show `text` by ReportLab's own textOut, which gives new characters their codes,
    and remember the codes of the first subset."""
    text_object._textOut(text)
    if not text:
        return
    doc = text_object._canvas._doc
    fonts = _fonts_of(doc)
    found = fonts.get(text_object._fontname)
    if found is None:
        name = text_object._fontname
        found = fonts[name] = (pdfmetrics.getFont(name), _FirstSubset() if embedded(name) else None)
    font, known = found
    if known is not None:
        known.update(font.state[doc].assignments)


def _fonts_of(doc) -> dict:
    """The fonts met so far in `doc`: a card's lines go to the document of the card before."""
    global _last
    last = _last
    if last is not None and last[0]() is doc:
        return last[1]
    fonts = _KNOWN.setdefault(doc, {})
    _last = (weakref.ref(doc), fonts)
    return fonts


class Run(NamedTuple):
    """Glyphs of a shaped piece shown in one text-showing operation: `codes` with their
    positions (`shapes`, y offsets taken out), from `pen` (1000ths of the size from the
    piece's start) at height `rise`."""

    codes: str
    shapes: tuple
    pen: float
    rise: float


def glyph_runs(piece: Piece) -> tuple[tuple[Run, ...], tuple[tuple[str, float, float], ...]]:
    """How a shaped piece is drawn: its glyphs in runs at one height each, and the glyphs
    that stand for no text (drawn as shapes) as (code, x, y) in 1000ths of the size.

    Marks that HarfBuzz raises or lowers (Indic signs) start a run of their own at their
    height, rather than go through ReportLab's text rise, which fails on a glyph raised
    at the start of a string. A glyph drawn as a shape does not break its run: its
    advance goes to the glyph before it (its cluster's carrier, as wide in the PDF as
    the whole cluster)."""
    glyphs = piece.glyphs
    assert glyphs is not None  # called for shaped pieces only
    data = glyphs.__shapeData__
    silent = pdfmetrics.getFont(piece.font).silent
    runs: list[Run] = []
    marks: list[tuple[str, float, float]] = []
    pen = start = 0.0
    codes: list[str] = []  # the run being gathered, and its glyphs' positions
    shapes: list = []
    rise = 0.0

    def close() -> None:
        runs.append(Run("".join(codes), tuple(shapes), start, rise))

    for index, code in enumerate(glyphs):
        shift = data[index]
        if silent(code):
            marks.append((code, pen + shift.x_offset, shift.y_offset))
            if shapes:
                shapes[-1] = shapes[-1]._replace(x_advance=shapes[-1].x_advance + shift.x_advance)
            pen += shift.x_advance
            continue
        if shift.y_offset != rise and codes:
            close()
            codes, shapes = [], []
        if not codes:  # a run starts where the pen is, at its glyph's height
            start, rise = pen, shift.y_offset
        codes.append(code)
        shapes.append(shift._replace(y_offset=0))
        pen += shift.x_advance
    if codes:
        close()
    return tuple(runs), tuple(marks)
