"""The print-shop export: one card per page at its exact size plus bleed, front then back.

Card printers (DriveThruCards, The Game Crafter, MakePlayingCards) want each
page to be the card plus its bleed (MediaBox = BleedBox), with TrimBox marking
the cut, and every front followed by its own back. For a press (`cmyk`), every colour
and picture is set in CMYK or black ink (render.cmyk); products.pdfx declares it PDF/X-4.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from cardgen.deck.model import Deck
from cardgen.render.cmyk import for_press
from cardgen.render.face import Face
from cardgen.render.paint import Stamps, draw_front, place_back
from cardgen.render.sheets import new_canvas
from cardgen.render.tagging import Tags
from cardgen.render.theme import Theme
from cardgen.text.fonts import FontSet


def shop_pdf(faces: Sequence[Face], card: tuple[float, float], bleed: float, theme: Theme,
             fonts: FontSet, deck: Deck, cmyk: bool = False, tagged: bool = True) -> bytes:
    """Front 1, back 1, front 2, ... each page `card` plus `bleed` on every side (points);
    in CMYK for a press when `cmyk`; untagged for pictures (see render.sheets.new_canvas)."""
    width, height = card
    page = (width + 2 * bleed, height + 2 * bleed)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, page, deck.title, deck.author or "",
                        "Conversation cards for a print shop: one card per page, front then back",
                        "none", deck.language, tagged)
    if cmyk:
        canvas = for_press(canvas)
    trim = (bleed, bleed, bleed + width, bleed + height)
    stamps = Stamps(canvas)
    for face in faces:
        for side in ("front", "back"):
            canvas.setTrimBox(trim)
            canvas.setBleedBox((0, 0, *page))
            if side == "front":
                draw_front(canvas, face, bleed, bleed, width, height, bleed, theme, fonts, stamps)
            else:
                assert face.back is not None, "a face is drawn once FaceMaker.face has its back"
                place_back(canvas, stamps, face.back, bleed, bleed, width, height, bleed, theme)
            canvas.showPage()
    Tags.finish_of(canvas)
    canvas.save()
    return buffer.getvalue()
