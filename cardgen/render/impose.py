"""Placing booklet pages on printer sheets: each page drawn once, straight onto the sheets.

`impose` takes a `Plan` from `cardgen.layout.booklet` and a function that draws one
reading-order page at the origin, and returns the sheets as PDF bytes. Nothing is
parsed: each page is drawn once as a form XObject, and the form is placed in each of
its cells (a pocket sheet has two copies). Every placement is moved (and turned by 180
degrees for the zine's top row) and clipped to its cell, so creep never pushes ink
across a fold. Text stays text and embedded fonts stay embedded. Lengths are PDF points.

In a tagged PDF the tree reads the pages in reading order (`draw` makes it so) and each
page's words are marked in its form, which must then be placed once: a page placed again
(the pocket sheet's second copy) is a second form drawn as decoration, its links
annotated on both copies.

A page placed once is a form too: PDFium (Chrome's viewer, --verify) guesses a sheet's
writing direction from the text drawn on it outside forms, and a sheet of short
right-to-left lines can make it guess vertical, when a glyph alone in its text object
(ReportLab starts one where a run's glyphs cross into another font subset) joins the
line above. With no text outside forms it takes the lines as horizontal.

The how-to line (how to print and fold the sheets) is in the deck's words and language,
set by the text engine in its fonts: shaped, right to left for Arabic, the longest of its
lengths that the sheet's waste holds.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from cardgen.layout.booklet import Placement, Plan, note_position
from cardgen.render.pages import Box, Link
from cardgen.render.sheets import how_to_print, new_canvas
from cardgen.render.tagging import Tags
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet

NOTE_SIZE = 6.5
NOTE_GREY = Color(0.3, 0.3, 0.3)

# (canvas, 0-based page, marked): draws the page at the origin, its words marked as the
# tree's content (else all decoration), and returns its links.
DrawPage = Callable[[Canvas, int, bool], "Sequence[Link] | None"]

# A clip within this of the whole sheet clips nothing (mm-based sizes round).
_TOLERANCE = 0.01


@dataclass(frozen=True)
class Words:
    """What the how-to line is said in: a deck's words (its `labels`: its language's table
    and its own), the fonts it is set in and the deck's language (a BCP 47 tag)."""

    labels: Mapping[str, str]
    fonts: FontSet
    language: str = "en"


def how_to(plan: Plan, labels: Mapping[str, str]) -> tuple[str, ...]:
    """The plan's how-to line in `labels`, longest first: in full, then, for sheets to fold,
    only how to print them ("Print at 100 %, two-sided, flip on long edge.")."""
    full = labels[plan.how_to]
    if plan.how_to == "impose_none":
        return (full,)
    return (full, how_to_print(plan.duplex, 2, None, labels))


def impose(plan: Plan, draw: DrawPage, metadata: Mapping[str, str] | None = None,
           words: Words | None = None, language: str | None = None) -> bytes:
    """Return a PDF of `plan`'s sheet sides, with each page `draw` makes placed on them.

    `draw(canvas, page, marked)` draws the 0-based reading-order page `page` of the plan's
    page size with its lower-left corner at the canvas's origin (see DrawPage). The
    document is tagged in `language` (the words' language, else English). `metadata` keys "Title",
    "Author" and "Subject" (with or without a leading slash) go into the document
    information. The plan's how-to line is printed in `words` (none without them), and
    only in waste outside every cell (see `note_position`); no page carries it. The same
    input gives the same bytes.
    """
    info = {key.lstrip("/").lower(): value for key, value in (metadata or {}).items()}
    buffer = io.BytesIO()
    language = language or (words.language if words is not None else "en")
    canvas = new_canvas(buffer, (plan.sheet_width, plan.sheet_height), info.get("title", ""),
                        info.get("author", ""), info.get("subject", ""), plan.duplex,
                        language)
    tags = Tags.of(canvas)
    forms: dict[int, tuple[str, Sequence[Link]]] = {}
    copies: dict[int, str] = {}
    note = _note(canvas, plan, words) if words is not None else None
    for index, side in enumerate(plan.sides):
        for placement in side.placements:
            if placement.page is None:
                continue
            page = placement.page
            if page not in forms:
                forms[page] = _form(canvas, plan, draw, page, True)
                _place(canvas, plan, placement, forms[page][0])
                tags.placed(forms[page][0])
            else:
                if page not in copies:
                    copies[page] = _form(canvas, plan, draw, page, False)[0]
                _place(canvas, plan, placement, copies[page])
            for link in forms[page][1]:
                tags.link(link.element, link.url, _on_sheet(plan, placement, link.box),
                          link.description)
        if note is not None and plan.is_front(index):
            note(canvas)
        canvas.showPage()
    tags.finish()
    canvas.save()
    return buffer.getvalue()


def _form(canvas: Canvas, plan: Plan, draw: DrawPage, page: int,
          marked: bool) -> tuple[str, Sequence[Link]]:
    """Draw `page` once as a form the size of a page, its words `marked` or as decoration
    (a copy); return the form's name and the page's links."""
    name = f"page{page + 1}" if marked else f"page{page + 1}copy"
    canvas.beginForm(name, 0, 0, plan.page_width, plan.page_height)
    links = draw(canvas, page, marked)
    canvas.endForm()
    return name, links or ()


def _on_sheet(plan: Plan, placement: Placement, box: Box) -> Box:
    """Where `box` on the placement's page is on the sheet, within the placement's cell."""
    x0, y0, x1, y1 = box
    if placement.rotate == 180:
        x0, y0, x1, y1 = (plan.page_width - x1, plan.page_height - y1,
                          plan.page_width - x0, plan.page_height - y0)
    x0, x1 = x0 + placement.x, x1 + placement.x
    y0, y1 = y0 + placement.y, y1 + placement.y
    if placement.cell is not None:
        cx0, cy0, cx1, cy1 = placement.cell
        x0, y0, x1, y1 = max(x0, cx0), max(y0, cy0), min(x1, cx1), min(y1, cy1)
    return (x0, y0, x1, y1)


def _place(canvas: Canvas, plan: Plan, placement: Placement, form: str) -> None:
    """Place the form of the placement's page in its cell, clipped to the cell."""
    width, height = plan.page_width, plan.page_height
    x0, y0 = placement.x, placement.y
    clip = (x0, y0, x0 + width, y0 + height)
    if placement.cell is not None:
        cell = placement.cell
        clip = (max(clip[0], cell[0]), max(clip[1], cell[1]),
                min(clip[2], cell[2]), min(clip[3], cell[3]))
    canvas.saveState()
    whole = (0.0, 0.0, plan.sheet_width, plan.sheet_height)
    if any(abs(a - b) > _TOLERANCE for a, b in zip(clip, whole)):
        path = canvas.beginPath()
        path.rect(clip[0], clip[1], clip[2] - clip[0], clip[3] - clip[1])
        canvas.clipPath(path, stroke=0, fill=0)
    if placement.rotate == 0:
        if x0 or y0:
            canvas.translate(x0, y0)
    elif placement.rotate == 180:
        # Turned in place: the page's point (px, py) lands on (x0 + w - px, y0 + h - py).
        canvas.translate(x0 + width, y0 + height)
        canvas.rotate(180)
    else:
        raise ValueError(f"placements rotate by 0 or 180 degrees, not {placement.rotate}")
    canvas.doForm(form)
    canvas.restoreState()


def _note(canvas: Canvas, plan: Plan, words: Words) -> Callable[[Canvas], None] | None:
    """What draws the how-to line on the front of a sheet, or None when the sheet has
    no waste to hold it."""
    for text in how_to(plan, words.labels):
        block = textlib.one_line(text, "regular", words.fonts, NOTE_SIZE, language=words.language)
        # The baseline is one size below the block's top, its leading below that its bottom.
        where = note_position(plan, block.lines[0].width, block.size, block.leading - block.size)
        if where is not None:
            break
    else:
        return None
    x, y, angle = where

    def note(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(angle)
        textlib.draw(canvas, block, 0, block.size, NOTE_GREY)
        canvas.restoreState()

    if block.lines[0].text is None:
        return note
    # Laid out for the eye (right to left, shaped): a form, drawn once and placed on each
    # front, as the pages are (see PDFium and text outside forms above).
    canvas.beginForm("howto", 0, 0, plan.sheet_width, plan.sheet_height)
    note(canvas)
    canvas.endForm()
    return lambda canvas: canvas.doForm("howto")
