"""Placing booklet pages on printer sheets: the only module that writes PDFs with pypdf.

`impose` takes the booklet drawn in reading order at its own page size and a
`Plan` from `cardgen.layout.booklet`, and returns the sheets as PDF bytes. Pages
are merged 1:1 as vectors, so text stays text and embedded fonts stay embedded.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, RectangleObject
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas

from cardgen.choices import DUPLEX
from cardgen.fonts import bundled_font
from cardgen.layout.booklet import Placement, Plan, note_position, page_margin_position

NOTE_SIZE = 6.5


# A page may differ from the plan's page size by this much (mm-based sizes round).
_TOLERANCE = 0.01


def impose(pages_pdf: bytes, plan: Plan, metadata: dict[str, str] | None = None) -> bytes:
    """Return a PDF of `plan`'s sheet sides, with the pages of `pages_pdf` placed on them.

    `pages_pdf` holds the booklet pages in reading order, each of the plan's page
    size. `metadata` keys such as "Title", "Author", "Subject" (with or without a
    leading slash) go into the document information. The output is
    deterministic: the same input gives the same bytes. Raises ValueError if the
    PDF does not match the plan.
    """
    source = PdfReader(io.BytesIO(pages_pdf)).pages
    _check_source(source, plan)
    writer = PdfWriter()
    note = _note_page(plan)
    for index, side in enumerate(plan.sides):
        sheet = writer.add_blank_page(plan.sheet_width, plan.sheet_height)
        for placement in side.placements:
            if placement.page is not None:
                _place(sheet, source[placement.page], placement)
        if note is not None and plan.is_front(index):
            sheet.merge_page(note)
        sheet.compress_content_streams()
    writer.create_viewer_preferences().duplex = NameObject("/" + DUPLEX[plan.duplex])
    if metadata:
        writer.add_metadata({_info_key(key): value for key, value in metadata.items()})
    # pypdf writes no /ID unless asked; a fixed one derived from the input keeps the
    # output byte-identical across runs while still telling different builds apart.
    digest = hashlib.sha256(pages_pdf)
    digest.update(repr((plan, sorted((metadata or {}).items()))).encode())
    file_id = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([file_id, file_id])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _check_source(source: Sequence[PageObject], plan: Plan) -> None:
    needed = plan.pages
    if len(source) != needed:
        raise ValueError(f"the plan places {needed} pages but the PDF has {len(source)}")
    for number, page in enumerate(source, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if (
            abs(width - plan.page_width) > _TOLERANCE
            or abs(height - plan.page_height) > _TOLERANCE
        ):
            raise ValueError(
                f"page {number} is {width:.2f} x {height:.2f} pt, the plan expects "
                f"{plan.page_width:.2f} x {plan.page_height:.2f} pt"
            )
        if page.rotation % 360:
            raise ValueError(
                f"page {number} has /Rotate {page.rotation}; booklet pages must be upright"
            )


def _place(sheet: PageObject, page: PageObject, placement: Placement) -> None:
    """Merge `page` onto `sheet` at `placement`, clipped to the placement's cell."""
    left, bottom = float(page.mediabox.left), float(page.mediabox.bottom)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    if placement.rotate == 0:
        transform = Transformation().translate(placement.x - left, placement.y - bottom)
    elif placement.rotate == 180:
        transform = (
            Transformation()
            .rotate(180)
            .translate(placement.x + width + left, placement.y + height + bottom)
        )
    else:
        raise ValueError(f"placements rotate by 0 or 180 degrees, not {placement.rotate}")
    # pypdf clips a merged page to its crop box, in the page's own coordinates. Setting
    # it to the page's share of its cell keeps creep from pushing ink across the fold;
    # it is set afresh before every merge, so reusing the page object is safe.
    clip = [left, bottom, left + width, bottom + height]
    if placement.cell is not None:
        cell = _cell_on_page(placement, left, bottom, width, height)
        clip = [*map(max, clip[:2], cell[:2]), *map(min, clip[2:], cell[2:])]
    page.cropbox = RectangleObject(clip)
    sheet.merge_transformed_page(page, transform)


def _cell_on_page(
    placement: Placement, left: float, bottom: float, width: float, height: float
) -> tuple[float, float, float, float]:
    """The placement's cell in the coordinates of the page placed in it."""
    assert placement.cell is not None
    x0, y0, x1, y1 = placement.cell
    if placement.rotate == 0:
        dx, dy = left - placement.x, bottom - placement.y
        return (x0 + dx, y0 + dy, x1 + dx, y1 + dy)
    # Turned by 180 degrees, the sheet point (x, y) is the page point (ox - x, oy - y).
    ox, oy = placement.x + width + left, placement.y + height + bottom
    return (ox - x1, oy - y1, ox - x0, oy - y0)


def _note_page(plan: Plan) -> PageObject | None:
    """The how-to line on a sheet-sized page, or None when no margin can hold it.

    It goes on the fronts of the sheets only: the margin around the pages if
    there is one, otherwise the top margin of the pages under the middle cut.
    """
    font = bundled_font("regular")  # embedded, unlike Helvetica, as print shops' checks want
    width = stringWidth(plan.how_to, font, NOTE_SIZE)
    ascent, descent = getAscentDescent(font, NOTE_SIZE)
    where = (note_position(plan, width, ascent, -descent)
             or page_margin_position(plan, width, ascent, -descent))
    if where is None:
        return None
    x, y, angle = where
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(plan.sheet_width, plan.sheet_height), invariant=1,
                    initialFontName=font)
    canvas.setFont(font, NOTE_SIZE)
    canvas.setFillGray(0.3)
    canvas.translate(x, y)
    canvas.rotate(angle)
    canvas.drawString(0, 0, plan.how_to)
    canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def _info_key(key: str) -> str:
    return key if key.startswith("/") else "/" + key[:1].upper() + key[1:]
