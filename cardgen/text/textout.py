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
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from itertools import islice

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

_NBSP = "\u00a0"  # ReportLab shows it as its space: left to ReportLab


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
    shown = _shown(text_object, text)
    if shown is None:
        _through_reportlab(text_object, text)
    else:
        text_object._code.append(shown)


def show_at(text_object, x: float, y: float, text: str) -> None:
    """Move to (x, y) and show `text` there, as `text_object.setTextOrigin(x, y)` and
    then `show` would: one string for both, where a card has dozens."""
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
        return
    text_object._fontname = font
    text_object._fontsize = size
    text_object._leading = size * 1.2
    text_object._curSubset = -1


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
