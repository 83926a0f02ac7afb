"""Drawing fitted card fronts and card backs onto a ReportLab canvas.

(x, y) is always the card's lower-left trim corner on the page, in points.
Backgrounds and colour bands run `bleed` points past the trim; text never does.
"""

from __future__ import annotations

from typing import Callable

from reportlab.lib.colors import white

from cardgen.fonts import FontSet
from cardgen.render import text as textlib
from cardgen.render.face import QR_CODE, SAFE, Face
from cardgen.render.icons import draw_icon
from cardgen.render.qr import draw_qr, qr_side
from cardgen.render.theme import Theme
from cardgen.typography import Span


class Stamps:
    """Drawings that repeat on many cards (a kind's label band, a kind's back), drawn
    once per PDF as forms and placed wherever they are needed.

    Big decks build faster and their PDFs are smaller; the page looks the same.
    """

    def __init__(self, canvas):
        self.canvas = canvas
        self.names: dict[tuple, str] = {}

    def place(self, key: tuple, x: float, y: float, box: tuple[float, float, float, float],
              draw: Callable[[], None]) -> None:
        """Place the drawing `key` with its origin at (x, y); `draw` makes it at the origin
        the first time, within `box` (x0, y0, x1, y1)."""
        canvas = self.canvas
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = f"stamp{len(self.names)}"
            canvas.beginForm(name, *box)
            draw()
            canvas.endForm()
        # A form runs inside its own saved graphics state (PDF 1.7, 8.10.1), so a
        # move there and back is all the placing needs.
        canvas.translate(x, y)
        canvas.doForm(name)
        canvas.translate(-x, -y)


def draw_front(canvas, face: Face, x: float, y: float, width: float, height: float,
               bleed: float, theme: Theme, fonts: FontSet, stamps: Stamps) -> None:
    kind = face.card.kind.name
    colour = theme.colour(kind)
    box = (-bleed, height - SAFE - theme.label * 1.5 - 1, width + bleed, height + bleed)
    stamps.place(("band", kind, face.label, face.rtl, face.language, width, height, bleed), x, y,
                 box, lambda: _band(canvas, kind, face.label, width, height, bleed, theme, fonts,
                                    face.rtl, face.language))
    canvas.saveState()
    parts = (*face.parts, face.footer) if face.footer else face.parts
    colours = {"ink": theme.ink, "muted": theme.muted, "kind": colour}
    for part in parts:
        if part.bar:
            canvas.setFillColor({"muted": theme.rule, "kind": colour}[part.bar])
            # Beside the text where its lines start: on the right of right-to-left text.
            bar = (part.x + part.block.width + 4.0 if part.block.rtl and part.block.width
                   else part.x - 6.0)
            canvas.rect(x + bar, y + part.top - part.block.height, 2.0, part.block.height,
                        stroke=0, fill=1)
    textlib.draw_blocks(canvas, [(p.block, x + p.x, y + p.top, colours[p.colour]) for p in parts])
    if face.rules:
        canvas.setStrokeColor(theme.rule)
        canvas.setLineWidth(0.5)
        for rule in face.rules:
            canvas.line(x + SAFE, y + rule, x + width - SAFE, y + rule)
    if face.qr:
        address, qx, qy, size = face.qr
        margin = (size - qr_side(address, QR_CODE)) / 2  # a bigger code fills more of its room
        draw_qr(canvas, address, x + qx + margin, y + qy + margin, QR_CODE)
    canvas.restoreState()


def place_back(canvas, stamps: Stamps, kind: str, label: str, title: str, language: str,
               x: float, y: float, width: float, height: float, bleed: float, theme: Theme,
               fonts: FontSet) -> None:
    """A kind's back at (x, y): the same for every card of the kind, so drawn once."""
    stamps.place(("back", kind, label, width, height, bleed), x, y,
                 (-bleed, -bleed, width + bleed, height + bleed),
                 lambda: draw_back(canvas, kind, label, title, language, 0.0, 0.0, width, height,
                                   bleed, theme, fonts))


def _band(canvas, kind: str, label: str, width: float, height: float, bleed: float, theme: Theme,
          fonts: FontSet, rtl: bool = False, language: str = "en") -> None:
    """The kind's label with its icon across the top of a card at the origin; at the
    card's right edge when the label reads right to left."""
    band = SAFE + theme.label * 1.5
    canvas.saveState()
    if theme.mono:
        # Ink saving: no filled band, a rule under the label instead.
        canvas.setStrokeColor(theme.ink)
        canvas.setLineWidth(0.75)
        canvas.line(SAFE, height - band, width - SAFE, height - band)
        label_colour = theme.ink
    else:
        canvas.setFillColor(theme.colour(kind))
        canvas.rect(-bleed, height - band, width + 2 * bleed, band + bleed, stroke=0, fill=1)
        label_colour = white
    _label(canvas, fonts, kind, label, SAFE, height - band, theme, label_colour,
           width - SAFE if rtl else None, language)
    canvas.restoreState()


def draw_back(canvas, kind: str, label: str, title: str, language: str, x: float, y: float,
              width: float, height: float, bleed: float, theme: Theme, fonts: FontSet) -> None:
    """The back: the kind's icon and word and the deck's title, so a face-down deck sorts by kind."""
    canvas.saveState()
    if theme.mono:
        ink = theme.ink
        canvas.setStrokeColor(ink)
        canvas.setLineWidth(0.75)
        canvas.roundRect(x + SAFE, y + SAFE, width - 2 * SAFE, height - 2 * SAFE, 6, stroke=1, fill=0)
    else:
        ink = white
        canvas.setFillColor(theme.colour(kind))
        canvas.rect(x - bleed, y - bleed, width + 2 * bleed, height + 2 * bleed, stroke=0, fill=1)
        canvas.setStrokeColor(white)
        canvas.setLineWidth(0.75)
        canvas.roundRect(x + SAFE, y + SAFE, width - 2 * SAFE, height - 2 * SAFE, 6, stroke=1, fill=0)
    icon = min(width, height) * 0.28
    canvas.setFillColor(ink)
    canvas.setStrokeColor(ink)
    middle = y + height / 2
    draw_icon(canvas, kind, x + (width - icon) / 2, middle + theme.label * 0.8, icon)
    inner = width - 4 * SAFE
    word = _block(fonts, label, "bold", theme.label * 1.4, inner, language)
    name = _block(fonts, title, "regular", theme.small * 1.15, inner, language)
    top = middle
    for block in (word, name):
        if block is None:
            continue
        _centred(canvas, block, x + width / 2, top, ink)
        top -= block.height + theme.small * 0.5
    canvas.restoreState()


def _label(canvas, fonts, kind, label, x, band_bottom, theme, colour, right=None,
           language="en") -> None:
    """Icon then word from `x`; or, given `right`, from `right` leftwards (right to left)."""
    size = theme.label
    icon = size * 1.35
    baseline = band_bottom + size * 0.55
    canvas.setFillColor(colour)
    canvas.setStrokeColor(colour)
    # Its own direction, from its letters (an English label in an Arabic deck runs left
    # to right); its shapes, the deck's language's.
    block = textlib.one_line(label, "bold", fonts, size, language=language)
    if right is None:
        draw_icon(canvas, kind, x, baseline - size * 0.2, icon)
        textlib.draw(canvas, block, x + icon + size * 0.5, baseline + size, colour)
    else:
        draw_icon(canvas, kind, right - icon, baseline - size * 0.2, icon)
        word = right - icon - size * 0.5 - block.lines[0].width
        textlib.draw(canvas, block, word, baseline + size, colour)


def _centred(canvas, block: textlib.Block, centre: float, top: float, colour) -> None:
    for index, line in enumerate(block.lines):
        single = textlib.Block((line,), block.size, block.leading)
        textlib.draw(canvas, single, centre - line.width / 2, top - index * block.leading, colour)


def _block(fonts: FontSet, words: str, style: str, size: float, width: float, language: str):
    return textlib.wrap([Span(words, style)], fonts, size, width, language)
