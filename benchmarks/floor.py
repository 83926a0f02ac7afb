"""The floor: the least work any tool could do to print a deck's card sheets with ReportLab.

    python benchmarks/floor.py DECK OUT.pdf

In one process, as cardgen's own build: start Python, import ReportLab and PyYAML,
read the deck (benchmarks/plain.py), and write card sheets on the same paper, card
and slots as `cardgen build --format cards` (Letter, poker cards, 3 x 3, long-edge
duplex, crop marks, page compression, invariant output). Each front gets its kind's
word and every piece of its text, each wrapped greedily once at 12 pt in one font
(Atkinson Hyperlegible Regular, measured with pdfmetrics.stringWidth), and a
helpline's QR code drawn by cardgen's own `draw_qr` (encoded once an address, one
path), so codes cost the floor what they cost cardgen; each back gets its kind's
word, centred. It does not pick a size that
fits, hyphenate, check glyphs, use bold or italic, or draw colour bands and icons.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cardgen.choices import CARDS, PAPERS  # noqa: E402
from cardgen.layout.sheet import sheet_layout  # noqa: E402
from cardgen.render.qr import draw_qr  # noqa: E402
from plain import plain_cards  # noqa: E402

SIZE, LEADING, SAFE, CODE = 12.0, 15.0, 9.0, 57.0  # points, as cardgen's poker card


def wrap(words: str, width: float, space: float) -> list[str]:
    lines, line, used = [], [], 0.0
    for word in words.split():
        length = pdfmetrics.stringWidth(word, "Floor", SIZE)
        if line and used + space + length > width:
            lines.append(" ".join(line))
            line, used = [], 0.0
        used += (space if line else 0.0) + length
        line.append(word)
    return lines + [" ".join(line)] if line else lines


def main(deck: Path, out: Path) -> None:
    _, cards = plain_cards(deck)
    font = ROOT / "fonts" / "AtkinsonHyperlegible-Regular.ttf"
    pdfmetrics.registerFont(TTFont("Floor", str(font)))
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    width = layout.card_width - 2 * SAFE
    space = pdfmetrics.stringWidth(" ", "Floor", SIZE)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.page_width, layout.page_height), invariant=1,
                    pageCompression=1)
    for first in range(0, len(cards), layout.per_sheet):
        chunk = cards[first:first + layout.per_sheet]
        canvas.setFont("Floor", SIZE)
        for index, card in enumerate(chunk):
            slot = layout.slots[index]
            y = slot.top - SAFE - SIZE
            canvas.drawString(slot.x + SAFE, y, card.label)
            for text in card.texts:
                for line in wrap(text, width, space):
                    y -= LEADING
                    canvas.drawString(slot.x + SAFE, y, line)
            if card.address:
                draw_qr(canvas, card.address, slot.x + SAFE, slot.y + SAFE, CODE)
        canvas.setLineWidth(0.25)
        for mark in layout.marks:
            canvas.line(mark.x1, mark.y1, mark.x2, mark.y2)
        canvas.showPage()
        canvas.setFont("Floor", SIZE)
        for index, card in enumerate(chunk):
            slot = layout.back_slot(index, "long")
            canvas.drawCentredString(slot.x + slot.width / 2, slot.y + slot.height / 2, card.label)
        canvas.showPage()
    canvas.save()
    out.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
