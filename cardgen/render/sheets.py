"""Card sheets for home printing: fronts on odd pages, each back behind its front.

Backs go in the slot that lands behind their front when the sheet is turned
over the chosen edge, shifted by the printer's measured back offset. Crop marks
and a one-line printing note go in the margin of the front pages only: on the
back they would show the printer's misalignment, not the cut.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice, pairwise

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFBase85Encode,
    PDFObject,
    PDFStream,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas

from cardgen.choices import DUPLEX, PRINTER_EDGE
from cardgen.deck.language import table
from cardgen.layout.sheet import Mark, SheetLayout
from cardgen.render.face import Face
from cardgen.render.paint import Stamps, draw_front, place_back
from cardgen.render.tagging import Tags
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet
from cardgen.text.registry import bundled_font
from cardgen.units import MM

NOTE_SIZE = 6.5
EDGE = PRINTER_EDGE
MARK_WIDTH = 0.25


@dataclass(frozen=True)
class SheetJob:
    """What a card sheet PDF is made of; lengths in points."""

    layout: SheetLayout
    duplex: str  # "long", "short" or "none"
    back_offset: tuple[float, float]
    marks: bool
    theme: Theme
    title: str
    author: str
    language: str
    labels: Mapping[str, str]  # cardgen's words (deck.labels): each kind's back's, the note's
    stock: str | None = None  # perforated card stock, e.g. "Avery 5371": nothing to cut


def new_canvas(buffer: io.BytesIO, size: tuple[float, float], title: str, author: str,
               subject: str, duplex: str, language: str = "en", tagged: bool = True) -> Canvas:
    """A canvas with fixed ids and dates (identical bytes for identical input) and metadata,
    for a tagged PDF in `language` (see cardgen.render.tagging: call `finish(canvas)`
    before `canvas.save()`). A PDF only ever turned into pictures (the studio's, card
    printers' PNGs) is not `tagged`: no reader meets it.

    Its first font is a bundled, embedded one: ReportLab's default, Helvetica, would be
    named on every page though never drawn, and print shops refuse fonts not embedded.
    """
    canvas = _Canvas(buffer, pagesize=size, invariant=1, pageCompression=1,
                     initialFontName=bundled_font("regular"))
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("cardgen")
    canvas.setViewerPreference("Duplex", DUPLEX[duplex])
    # Asking viewers not to scale is the best a PDF can do against "fit to page".
    canvas.setViewerPreference("PrintScaling", "None")
    if tagged:
        Tags(canvas, language, title)
    return canvas


class _Canvas(Canvas):
    """A canvas that writes each page's contents as the page ends, as ReportLab would
    when the document is saved: the same bytes, but most of the saving is done while a
    build's other processes are still fitting cards, not after them with the cores idle
    (issue 30: 0.23 s of 10,000 cards' save)."""

    def showPage(self) -> None:
        super().showPage()
        doc = self._doc
        page = doc.Pages.pages[-1]
        if (page.stream and not page.Contents and not page.Override_default_compilation
                and type(doc.encrypt) is NoEncryption):
            page.Contents = _Written(_page_stream(page, doc))


def _page_stream(page, doc) -> bytes:
    """A page's content stream as ReportLab's PDFPage.check_format makes it and its writer
    writes it."""
    stream = PDFStream()
    if page.compression:
        stream.filters = [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]
    stream.content = page.stream
    return stream.format(doc)


class _Written(PDFObject):
    """An object whose bytes are written already: an object of its own, as a stream is."""

    __RefOnly__ = 1

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def _laid_out(face: Face) -> bool:
    """Whether any of the face's lines was laid out for the eye (right to left, shaped or
    broken between characters: render.text gives such a line its text in reading order)."""
    blocks = [part.block for part in (*face.parts, *((face.footer,) if face.footer else ()))]
    if face.band is not None:
        blocks.append(face.band)
    return any(line.text is not None for block in blocks for line in block.lines)


def how_to_print(duplex: str, brevity: int = 0, stock: str | None = None,
                 words: Mapping[str, str] | None = None) -> str:
    """How to print card sheets, in a line: brevity 0 in full, 1 and 2 shorter for tighter
    margins. On perforated `stock` (its name) there is nothing to cut. In `words` (a deck's
    labels: its language's table and its own words), English's when not given."""
    words = words or table("en")
    sides = words["one_sided" if duplex == "none" else f"two_sided_{duplex}"]
    lengths = ("print_stock_full", "print_stock_short") if stock else ("print_full", "print_short")
    note = words[(*lengths, "print_shortest")[brevity]]
    return note.replace("{sides}", sides).replace("{stock}", stock or "")


def cards_pdf(job: SheetJob, faces: Iterable[Face], fonts: FontSet) -> bytes:
    """The card sheets of `faces`, in order, as PDF bytes.

    Faces are taken a sheet at a time, so a generator that fits them as they are
    needed keeps only one sheet's faces alive, however big the deck.
    """
    layout = job.layout
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (layout.page_width, layout.page_height), job.title, job.author,
                        f"Conversation cards. {how_to_print(job.duplex, 0, job.stock)}", job.duplex,
                        job.language)
    for brevity in range(3):  # the longest note the margin holds, in the deck's language
        note = how_to_print(job.duplex, brevity, job.stock, job.labels)
        note_block = textlib.one_line(note, "regular", fonts, NOTE_SIZE, language=job.language)
        place = note_place(layout, note_block.lines[0].width, note_block.leading)
        if place:
            break
    stamps = Stamps(canvas)
    remaining = iter(faces)
    sheet = 0
    while chunk := list(islice(remaining, layout.per_sheet)):
        # Fronts with right-to-left or shaped text go in one form: see cardgen.render.impose on
        # PDFium and text outside forms. Other text has no glyph alone in a text object
        # for PDFium to misplace, and stays on the page.
        sheet += 1
        form = any(_laid_out(face) for face in chunk)
        if form:
            canvas.beginForm(f"fronts{sheet}", 0, 0, layout.page_width, layout.page_height)
        for index, face in enumerate(chunk):
            slot = layout.slots[index]
            draw_front(canvas, face, slot.x, slot.y, slot.width, slot.height, layout.bleed,
                       job.theme, fonts, stamps)
        # A note laid out for the eye (right to left, shaped) goes in the fronts' form, as
        # their words do, so PDFium reads it apart from them; a page with such a note has one.
        note_inside = place is not None and note_block.lines[0].text is not None
        if note_inside and not form:
            form = True
            canvas.beginForm(f"fronts{sheet}", 0, 0, layout.page_width, layout.page_height)
        if note_inside and place is not None:
            _note(canvas, note_block, place)
        if form:
            canvas.endForm()
            canvas.doForm(f"fronts{sheet}")
            Tags.of(canvas).placed(f"fronts{sheet}")
            stamps.links_placed()
        if job.marks:
            # The same on every sheet: drawn once, as a stamp.
            stamps.place(("marks",), 0.0, 0.0, (0.0, 0.0, layout.page_width, layout.page_height),
                         lambda: _marks(canvas, layout.marks))
        if place and not note_inside:
            _note(canvas, note_block, place)
        canvas.showPage()
        if job.duplex == "none":
            continue
        dx, dy = job.back_offset
        canvas.translate(dx, dy)
        for index, face in enumerate(chunk):
            slot = layout.back_slot(index, job.duplex)
            assert face.back is not None, "a face is drawn once FaceMaker.face has its back"
            place_back(canvas, stamps, face.back, slot.x, slot.y, slot.width, slot.height,
                       layout.bleed, job.theme)
        canvas.showPage()
    Tags.of(canvas).finish()
    canvas.save()
    return buffer.getvalue()


def note_place(layout: SheetLayout, length: float, depth: float) -> tuple[float, float, int] | None:
    """Where the printing note goes: (x, y, rotation) of its baseline start, or None.

    It runs along the deepest margin, at least EDGE from the paper's edge, in the
    longest stretch between crop marks, so it never touches a mark or a card.
    """
    grid = layout.grid_rect
    sides = [
        ("left", grid.x), ("right", layout.page_width - grid.right),
        ("bottom", grid.y), ("top", layout.page_height - grid.top),
    ]
    best = None
    for side, margin in sorted(sides, key=lambda s: -s[1]):
        if margin - EDGE < depth + 1.0:
            continue
        vertical = side in ("left", "right")
        span = _longest_gap(layout, side, vertical)
        if span is None or span[1] - span[0] < length + 4 * MM:
            continue
        middle = (span[0] + span[1]) / 2
        across = (EDGE + margin) / 2  # centred between the printable edge and the grid
        if vertical:
            x = (across if side == "left" else layout.page_width - across) + NOTE_SIZE * 0.35
            best = (x, middle - length / 2, 90)
        else:
            y = (across if side == "bottom" else layout.page_height - across) - NOTE_SIZE * 0.35
            best = (middle - length / 2, y, 0)
        break
    return best


def _longest_gap(layout: SheetLayout, side: str, vertical: bool) -> tuple[float, float] | None:
    """The longest stretch along a margin that no crop mark crosses."""
    grid = layout.grid_rect
    marks = [m for m in layout.marks if _on_side(m, side, layout)]
    if vertical:
        stops = sorted({m.y1 for m in marks} | {grid.y, grid.top})
    else:
        stops = sorted({m.x1 for m in marks} | {grid.x, grid.right})
    gaps = [(a, b) for a, b in pairwise(stops) if b > a]
    return max(gaps, key=lambda g: g[1] - g[0]) if gaps else None


def _on_side(mark: Mark, side: str, layout: SheetLayout) -> bool:
    grid = layout.grid_rect
    return {
        "left": max(mark.x1, mark.x2) <= grid.x and mark.y1 == mark.y2,
        "right": min(mark.x1, mark.x2) >= grid.right and mark.y1 == mark.y2,
        "bottom": max(mark.y1, mark.y2) <= grid.y and mark.x1 == mark.x2,
        "top": min(mark.y1, mark.y2) >= grid.top and mark.x1 == mark.x2,
    }[side]


def _marks(canvas, marks: Sequence[Mark]) -> None:
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH)
    canvas.setStrokeColorRGB(0, 0, 0)
    for mark in marks:
        canvas.line(mark.x1, mark.y1, mark.x2, mark.y2)
    canvas.restoreState()


def _note(canvas, block: textlib.Block, place: tuple[float, float, int]) -> None:
    """The printing note in the margin: for the one who prints, not the deck's words, so
    an artifact of the page's layout."""
    x, y, angle = place
    canvas.saveState()
    canvas.translate(x, y)
    canvas.rotate(angle)
    textlib.draw(canvas, block, 0, block.size, None, "Layout")
    canvas.restoreState()
