"""The duplex calibration sheet: it measures how far a printer puts the back side off the front.

The user prints two pages duplex, holds the sheet up to a light with the back
facing them, and reads two numbers off scales on the back. Those numbers go
unchanged into ``cardgen build --back-offset DX,DY`` (or ``back_offset: DX,DY``
in cardgen.yaml).

Where each scale, box and pin target sits, and how reading a scale gives the
correction, is in layout/calibration.py; this module draws the sheet there, with its
words in cardgen's own embedded face.

It is a tagged PDF in English (render.tagging): each side a section with its title as
heading and its instructions as paragraphs and a numbered list; the boxes, scales,
rulers, their letters and numbers and the pin targets are instruments for the eye and
the hand, artifacts a screen reader skips.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from cardgen.choices import DUPLEX
from cardgen.layout.calibration import (
    HALF_LANE,
    LABEL_SIZE,
    MARK,
    Y_LABEL_DROP,
    Point,
    Scale,
    box_rects,
    caption_spot,
    check_sheet,
    corner_targets,
    letter_spot,
    mirror,
    scale_positions,
)
from cardgen.render.tagging import Element, Tags
from cardgen.text.registry import bundled_font
from cardgen.units import MM

HAIRLINE = 0.25
REFERENCE_LINE = 0.6  # front lines: thick enough to show through card stock.
_TEXT_W = 160 * MM  # about 65 characters at 14 pt
_EDGE = 12 * MM  # text keeps this far from the top and bottom paper edges


# The sheet's words are cardgen's own, set in its own embedded face: print shops
# refuse PDFs with fonts that are not embedded, and Helvetica and Courier never are.
def _regular() -> str:
    return bundled_font("regular")


def _bold() -> str:
    return bundled_font("bold")


def calibration_pdf(
    paper: tuple[float, float], duplex: str, title: str = "cardgen duplex calibration"
) -> bytes:
    """Return the two-page calibration PDF (front, then back) for portrait ``paper``.

    ``paper`` is (width, height) in points; ``duplex`` is "long" or "short", the
    edge the sheet flips on. The output is byte-identical for the same input.
    """
    check_sheet(paper, duplex)
    if paper[0] > paper[1]:
        raise ValueError(f"the calibration sheet is portrait; got {paper[0]} x {paper[1]} pt")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=paper, invariant=1, initialFontName=_regular())
    canvas.setTitle(title)
    canvas.setAuthor("cardgen")
    canvas.setSubject(f"Duplex calibration: print both sides, flip on the {duplex} edge, at 100 %")
    canvas.setCreator("cardgen")
    # Ask the print dialog for the right flip and for no scaling; dialogs that
    # ignore these still get the same advice in words on the sheet.
    canvas.setViewerPreference("Duplex", DUPLEX[duplex])
    canvas.setViewerPreference("PrintScaling", "None")
    tags = Tags(canvas, "en", title)

    scales = scale_positions(paper, duplex)
    _draw_front(canvas, paper, duplex, title, scales)
    canvas.showPage()
    _draw_back(canvas, paper, duplex, scales)
    canvas.showPage()
    tags.finish()
    canvas.save()
    return buffer.getvalue()


# --- the front page ---------------------------------------------------------------


def _front_words(duplex: str) -> list[tuple[str, str]]:
    flip, other = ("long", "short") if duplex == "long" else ("short", "long")
    turn = {
        "long": "Turn the sheet over sideways, like the page of a book.",
        "short": "Turn the sheet over from top to bottom, like the page of a wall calendar.",
    }[duplex]
    return [
        ("lead", "Front side: it measures how far your printer puts the back of a sheet "
                 "off the front, so that card backs line up."),
        ("step", f"1. Print this page duplex (on both sides), flip on the {flip} edge, "
                 "at Actual size / 100 % (not \u201cFit to page\u201d), on the paper you use "
                 "for cards."),
        ("step", "2. Check the size: the rulers at the bottom of this page must match a "
                 "real ruler. If they do not, print again at Actual size / 100 %."),
        ("step", f"3. {turn} The writing on the back should be upright. If it is upside "
                 f"down, the printer flipped on the {other} edge: print again and choose "
                 f"flip on the {flip} edge."),
        ("step", "4. Hold the sheet up to a light (or a window), with the back facing you, "
                 "and follow the steps printed there."),
    ]


def _draw_front(canvas: Canvas, paper, duplex, title, scales) -> None:
    width, height = paper
    rects = box_rects(paper)
    x_text = (width - _TEXT_W) / 2
    tags = Tags.of(canvas)
    side = tags.add("Sect")
    y = _draw_title(canvas, title, x_text, height - _EDGE, side)
    words = _front_words(duplex)
    y = _draw_words(canvas, words[:-1], x_text, y, 12, 15, side)
    _ensure_fits(y, max(r[2] + r[4] for r in rects) + 2 * MM)
    tags.artifact()

    for name, x, y_box, _width, h in rects:
        # The letter and note sit behind their twins on the back, never behind a scale.
        letter = mirror(letter_spot(x, y_box, h), paper, duplex)
        canvas.setFont(_bold(), 14)
        canvas.drawCentredString(letter[0], letter[1] - 5, name)
        note = mirror(caption_spot(x, y_box, h), paper, duplex)
        _draw_centred_lines(canvas, ["Its scales", "are on the", "other side."],
                            note, _regular(), 10, 12)
    canvas.setLineWidth(REFERENCE_LINE)
    for scale in scales:
        (x1, y1), (x2, y2) = scale.front
        canvas.line(x1, y1, x2, y2)
    _draw_boxes(canvas, rects)

    canvas.setLineWidth(HAIRLINE * 2)
    arm = 4 * MM
    for cx, cy in corner_targets(paper):
        canvas.line(cx - arm, cy, cx + arm, cy)
        canvas.line(cx, cy - arm, cx, cy + arm)
    tags.end()

    y = min(r[2] for r in rects) - 6 * MM
    # Step 4 goes below the boxes: it is the last thing to do, and the top is full.
    y = _draw_words(canvas, [("body", "The dark lines in the three boxes are reference "
                                      "lines; the scales that read them are on the back. "
                                      "The two numbers you read there go into "
                                      "cardgen build --back-offset."),
                             words[-1]],
                    x_text, y, 12, 15, side)
    _draw_size_check(canvas, x_text, y - 20 * MM, side)


def _draw_size_check(canvas: Canvas, x: float, y: float, side: Element) -> None:
    """A 10 cm and a 4 in ruler: "Fit to page" shrinks them where a person can see it."""
    tags = Tags.of(canvas)
    canvas.setFont(_bold(), 12)
    with tags.marked(tags.add("P", side)):
        canvas.drawString(x, y + 9 * MM, "Size check: hold a real ruler against these.")
    tags.artifact()
    canvas.setLineWidth(HAIRLINE * 2)
    canvas.line(x, y, x + 100 * MM, y)
    canvas.setFont(_regular(), 10)
    for mm in range(101):
        tall = 4 * MM if mm % 10 == 0 else (2.5 * MM if mm % 5 == 0 else 1.5 * MM)
        canvas.setLineWidth(HAIRLINE)
        canvas.line(x + mm * MM, y, x + mm * MM, y + tall)
        if mm % 10 == 0:
            canvas.drawCentredString(x + mm * MM, y + 5 * MM, str(mm // 10))
    canvas.drawString(x + 104 * MM, y + 1 * MM, "cm")

    y_in = y - 11 * MM
    canvas.setLineWidth(HAIRLINE * 2)
    canvas.line(x, y_in, x + 4 * 72, y_in)
    for quarter in range(17):
        tall = 4 * MM if quarter % 4 == 0 else (2.5 * MM if quarter % 2 == 0 else 1.5 * MM)
        canvas.setLineWidth(HAIRLINE)
        canvas.line(x + quarter * 18, y_in, x + quarter * 18, y_in + tall)
        if quarter % 4 == 0:
            canvas.drawCentredString(x + quarter * 18, y_in + 5 * MM, str(quarter // 4))
    canvas.drawString(x + 104 * MM, y_in + 1 * MM, "inches")
    tags.end()


# --- the back page ----------------------------------------------------------------


def _back_words_top() -> list[tuple[str, str]]:
    return [
        ("step", "1. Hold the sheet up to a light (or a window), this side facing you, "
                 "writing upright. Dark lines from the front shine through."),
        ("step", "2. Each box has two scales made of short marks. Find the mark that the "
                 "dark line runs exactly through and read its number: DY from the top "
                 "scale, DX from the lower one."),
        ("step", "3. If the line runs halfway between two marks, take the number in between: "
                 "between 1 and 2, read 1.5."),
        ("small", "A line misses its scale? The back is more than 5 mm off: check Actual "
                  "size / 100 % and the flip edge, then print again."),
    ]


def _back_words_bottom() -> list[tuple[str, str]]:
    return [
        ("step", "4. Use DX and DY from the middle box, B, as they are, minus sign "
                 "included (they already are the correction), with mm after each:"),
        ("code", "cardgen build --back-offset DXmm,DYmm"),
        ("body", "For example, DX 1.5 and DY -0.5 give"),
        ("code", "cardgen build --back-offset 1.5mm,-0.5mm"),
        ("body", "or this line in cardgen.yaml:  back_offset: 1.5mm,-0.5mm"),
        ("small", "Boxes A and C differ by more than 1 mm? The printer turns the paper a "
                  "little; B is the best compromise. No light? Push a pin through the + in "
                  "each corner of the front: on this side the hole should land in the "
                  "middle of the rings (1 mm apart)."),
    ]


def _draw_back(canvas: Canvas, paper, duplex, scales) -> None:
    width, height = paper
    rects = box_rects(paper)
    x_text = (width - _TEXT_W) / 2
    tags = Tags.of(canvas)
    side = tags.add("Sect")
    y = _draw_title(canvas, "Back side: read your two numbers here", x_text, height - _EDGE,
                    side)
    y = _draw_words(canvas, _back_words_top(), x_text, y, 14, 17, side)
    _ensure_fits(y, max(r[2] + r[4] for r in rects) + 2 * MM)
    tags.artifact()

    _draw_boxes(canvas, rects)
    for name, x, y_box, _width, h in rects:
        letter = letter_spot(x, y_box, h)
        canvas.setFont(_bold(), 14)
        canvas.drawCentredString(letter[0], letter[1] - 5, name)
        canvas.setFont(_bold(), 12)
        canvas.drawString(letter[0] + 5 * MM, letter[1] - 4.5, "DY  (up \u2013 down)")
        _draw_centred_lines(canvas, ["DX", "(left \u2013 right)"],
                            caption_spot(x, y_box, h), _bold(), 12, 15)
    for scale in scales:
        _draw_scale(canvas, scale)

    canvas.setLineWidth(HAIRLINE)
    for cx, cy in corner_targets(paper):
        for radius in (1, 2, 3):
            canvas.circle(cx, cy, radius * MM, stroke=1, fill=0)
    tags.end()

    y = min(r[2] for r in rects) - 6 * MM
    y = _draw_words(canvas, _back_words_bottom(), x_text, y, 14, 17, side)
    _ensure_fits(y, _EDGE)


def _draw_scale(canvas: Canvas, scale: Scale) -> None:
    """Grey lanes, a black mark per lane, and the mark's number at the lane's end."""
    half_lane = HALF_LANE
    canvas.setFont(_bold(), LABEL_SIZE)
    for n, (x, y) in scale.marks():
        if scale.axis == "x":
            lane = ((scale.zero[0] - half_lane, y), (scale.zero[0] + half_lane, y))
            mark = ((x, y - MARK / 2), (x, y + MARK / 2))
            label_at = (scale.zero[0] - half_lane - 1 * MM, y - 3.5)
        else:
            lane = ((x, scale.zero[1] - half_lane), (x, scale.zero[1] + half_lane))
            mark = ((x - MARK / 2, y), (x + MARK / 2, y))
            label_at = (x, scale.zero[1] - Y_LABEL_DROP)
        canvas.setStrokeGray(0.6)
        canvas.setLineWidth(HAIRLINE)
        canvas.line(*lane[0], *lane[1])
        canvas.setStrokeGray(0)
        # The 0 mark is a little heavier: it is where a perfect printer puts the line.
        canvas.setLineWidth(HAIRLINE * 2 if n == 0 else HAIRLINE)
        canvas.line(*mark[0], *mark[1])
        label = str(n)
        if scale.axis == "x":
            canvas.drawRightString(*label_at, label)
        else:
            canvas.drawCentredString(*label_at, label)
    canvas.setLineWidth(HAIRLINE)


# --- shared drawing helpers -------------------------------------------------------


def _draw_boxes(canvas: Canvas, rects) -> None:
    canvas.setStrokeGray(0.6)
    canvas.setLineWidth(HAIRLINE * 2)
    for _, x, y, w, h in rects:
        canvas.roundRect(x, y, w, h, 2 * MM, stroke=1, fill=0)
    canvas.setStrokeGray(0)


def _draw_title(canvas: Canvas, text: str, x: float, top: float, side: Element) -> float:
    lines = simpleSplit(text, _bold(), 18, _TEXT_W)
    y = top - 18
    canvas.setFont(_bold(), 18)
    tags = Tags.of(canvas)
    with tags.marked(tags.add("H", side)):
        for line in lines:
            canvas.drawString(x, y, line)
            y -= 22
    return y - 2


_STYLES = {  # (bundled style, indent, size factor)
    "lead": ("bold", 0, 1.0),
    "body": ("regular", 0, 1.0),
    "step": ("regular", 0, 1.0),
    "small": ("regular", 0, 12 / 14),
    "code": ("bold", 6 * MM, 1.0),
}


def _draw_words(canvas: Canvas, items, x: float, top: float, size: float, leading: float,
                side: Element) -> float:
    """Draw wrapped paragraphs from ``top`` down, each a paragraph of `side`'s (a step an
    item of its numbered list); return the y below the last line."""
    y = top - size
    last = y
    tags = Tags.of(canvas)
    steps: Element | None = None
    for style, text in items:
        if style == "step":
            steps = steps or tags.add("L", side)
            element = tags.add("LBody", tags.add("LI", steps))
        else:
            steps, element = None, tags.add("P", side)
        tags.begin(element)
        face, indent, scale = _STYLES[style]
        font = bundled_font(face)
        font_size, line_gap = size * scale, leading * scale
        if style == "step" or style == "small":
            y -= leading * 0.35  # a little air between steps, none inside one
        canvas.setFont(font, font_size)
        for line in simpleSplit(text, font, font_size, _TEXT_W - indent):
            canvas.drawString(x + indent, y, line)
            last = y
            y -= line_gap
        tags.end()
    return last - 0.25 * size  # below the descenders of the last line


def _draw_centred_lines(canvas: Canvas, lines, centre: Point, font: str, size: float,
                        leading: float) -> None:
    canvas.setFont(font, size)
    y = centre[1] + (len(lines) - 1) * leading / 2 - size * 0.35
    for line in lines:
        canvas.drawCentredString(centre[0], y, line)
        y -= leading


def _ensure_fits(y: float, limit: float) -> None:
    # The words are fixed, so only a long custom title can push them into the
    # boxes or off the paper; say so rather than print an unreadable sheet.
    if y < limit:
        raise ValueError("the title is too long for the calibration sheet")
