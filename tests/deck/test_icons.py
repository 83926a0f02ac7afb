"""One icon set: every kind's icon a solid shape, the same on paper and on screen, and the
helplines' icon a lifebuoy (a ring with bands), not a plain ring."""

from __future__ import annotations

import io
import math
import re
from xml.etree import ElementTree

import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfgen.canvas import Canvas

from cardgen.deck.icons import ICONS
from cardgen.deck.kinds import KINDS
from cardgen.products.html.icons import icon_symbols
from cardgen.render.icons import draw_icon

SIDE = 200.0


def drawn(kind: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(SIDE, SIDE), invariant=1)
    draw_icon(canvas, kind, 0, 0, SIDE)
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_icon_is_filled_never_stroked(kind):
    page = PdfReader(io.BytesIO(drawn(kind))).pages[0]
    operators = {op for _, op in ContentStream(page.get_contents(), None).operations}
    assert operators & {b"f", b"f*"}  # filled
    assert not operators & {b"S", b"s", b"B", b"B*", b"b", b"b*"}  # never outlined


def inked(image, x: float, y: float) -> bool:
    """Whether the icon covers the point (x, y) of its unit square (y up)."""
    return image.getpixel((round(x * (image.width - 1)), round((1 - y) * (image.height - 1)))) < 128


def test_the_helplines_icon_is_a_lifebuoy_a_ring_crossed_by_four_bands():
    image = pypdfium2.PdfDocument(drawn("resource"))[0].render(scale=1).to_pil().convert("L")
    middle = (0.48 + 0.2) / 2  # from the centre to halfway across the ring
    assert not inked(image, 0.5, 0.5)  # a hole in the middle
    for degrees in (0, 90, 180, 270):  # the ring between the bands
        a = math.radians(degrees)
        assert inked(image, 0.5 + middle * math.cos(a), 0.5 + middle * math.sin(a))
    for degrees in (45, 135, 225, 315):  # each band, pale inside its edge
        a = math.radians(degrees)
        assert not inked(image, 0.5 + middle * math.cos(a), 0.5 + middle * math.sin(a))


def test_the_screen_draws_the_printed_shapes():
    symbols = ElementTree.fromstring(icon_symbols(ICONS))
    for symbol in symbols:
        kind = symbol.get("id").removeprefix("icon-")
        paths = symbol.findall("path")
        assert len(paths) == len(ICONS[kind])
        for path, shape in zip(paths, ICONS[kind]):
            moves = re.findall(r"[MLCZ]", path.get("d"))
            assert moves == [command[0] for command in shape.commands]
            assert (path.get("fill-rule") == "evenodd") == shape.evenodd
