"""The duplex calibration sheet: it measures how far a printer puts the back side off the front.

The user prints two pages duplex, holds the sheet up to a light with the back
facing them, and reads two numbers off scales on the back. Those numbers go
unchanged into ``cardgen build --back-offset DX,DY`` (or ``back_offset: DX,DY``
in cardgen.yaml).

Coordinates are PDF points, origin at the bottom left of a page, x to the
right, y up. The back page is described in its own upright coordinates, the way
a person sees it after turning the sheet over.

Which point of the back lies behind which point of the front (``mirror``):
    flip on the long edge of a portrait page:  back (x, y) is behind front (W - x, y)
    flip on the short edge:                   back (x, y) is behind front (x, H - y)
The mapping is its own inverse, so the same function goes either way.

Sign convention. ``--back-offset DX,DY`` shifts everything drawn on back pages
by (DX, DY) in the back page's own coordinates: DX > 0 moves it right, DY > 0
moves it up, as seen looking at the back upright. A printer error e = (ex, ey)
means that back content meant for (x, y) lands at (x + ex, y + ey), again as
seen on the back upright; the correction is (DX, DY) = (-ex, -ey).

How the scales turn an error into the correction. The front draws a reference
line exactly behind the 0 mark of a back scale. For the DX scale that line is
vertical; the back draws marks at zero + n mm (n = -5..5, positive to the right
as seen on the back) and labels each mark n. When the back lands ex too far
right, mark n sits at zero + n mm + ex, while the front line (which the error
does not move) still sits at zero; the mark it runs through is the one with
n mm + ex = 0, i.e. n = -ex/mm. So the label read is the correction DX, with
its sign, and nobody has to negate anything. Example: back printed 2 mm too far
right -> the line runs through the mark labelled -2 -> ``--back-offset -2mm,...``,
which moves the back 2 mm left. The DY scale is the same turned a quarter:
horizontal front line, marks at zero + n mm upward, labelled n; a back printed
1 mm too low (ey = -1 mm) is read as 1, i.e. DY = 1mm, move it up. Both flips
work the same way because the scales are laid out in back-page coordinates;
only the front's reference lines move, through ``mirror``.

Labels every 1 mm would have to be under 3 pt tall on a plain ruler, so each
mark sits in its own lane (a row for DX, a column for DY) 4-4.5 mm from the
next: the marks form a staircase that the front line crosses at exactly one
mark, with room for a 10 pt number beside every mark. The front line is long
enough to cross every lane even when the back is also 5 mm off the other way.

A second check needs no light: a "+" in each corner of the front, rings 1 mm
apart at the same place on the back; a pin pushed through a "+" comes out in
the middle of the rings when the sides line up.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from cardgen.choices import DUPLEX, FLIPS
from cardgen.fonts import bundled_font
from cardgen.units import MM

Point = tuple[float, float]

DUPLEX_MODES = FLIPS

REACH = 5  # mm: the largest error a scale reads, each way; printers are off 0.5-4 mm.
ROW = 4 * MM  # between DX rows: room for a 10 pt number each
COLUMN = 4.5 * MM  # between DY columns: a 10 pt "-5" is 3.1 mm wide
MARK = 3 * MM  # length of one mark
HAIRLINE = 0.25
REFERENCE_LINE = 0.6  # front lines: thick enough to show through card stock.

# Boxes: three across, so a twist or stretch of the back shows as boxes that disagree.
BOX_W = 60 * MM
BOX_GAP = 5 * MM
# A front line reaches past the outermost marks by the largest error, so it
# crosses every lane whatever the error in the other direction.
_LINE_HALF = {axis: REACH * lane + MARK / 2 + REACH * MM
              for axis, lane in (("x", ROW), ("y", COLUMN))}
_HALF_LANE = (REACH + 0.5) * MM  # a lane's half length: the marks plus a little
_LABEL_SIZE = 10
_Y_LABEL_DROP = _HALF_LANE + 1 * MM + 0.73 * _LABEL_SIZE  # DY zero to its labels' baseline
_HEADER_DROP = 7 * MM  # box top to the header's baseline
_Y_ZERO_DROP = 14.5 * MM  # box top to the DY scale's 0 mark
# DY zero down to DX zero: the DX line, moved by the largest error, still stops
# short of the DY numbers.
_X_ZERO_BELOW_Y = _Y_LABEL_DROP + 0.5 * MM + REACH * MM + _LINE_HALF["x"]
BOX_H = _Y_ZERO_DROP + _X_ZERO_BELOW_Y + _LINE_HALF["x"] + 1.5 * MM
_X_ZERO_IN = 17 * MM  # box left to the DX scale's 0 mark
_CAPTION_IN = 42.5 * MM  # box left to the centre of the DX caption

_CORNER_IN = 11 * MM  # pin targets: centre from both paper edges
_TEXT_W = 160 * MM  # about 65 characters at 14 pt
_EDGE = 12 * MM  # text keeps this far from the top and bottom paper edges


# The sheet's words are cardgen's own, set in its own embedded face: print shops
# refuse PDFs with fonts that are not embedded, and Helvetica and Courier never are.
def _regular() -> str:
    return bundled_font("regular")


def _bold() -> str:
    return bundled_font("bold")


@dataclass(frozen=True)
class Scale:
    """One scale: marks on the back, a reference line on the front. All in points.

    ``box`` names the box ("A", "B", "C", left to right as seen on the back);
    ``axis`` is "x" for the scale that reads DX, "y" for DY; ``zero`` is where the
    back page draws the 0 mark (back page coordinates); ``front`` holds the two
    ends of the reference line on the front page (front page coordinates).
    """

    box: str
    axis: str
    zero: Point
    front: tuple[Point, Point]

    def marks(self) -> list[tuple[int, Point]]:
        """Each mark as (its label in mm, its centre on the back page)."""
        x0, y0 = self.zero
        if self.axis == "x":
            # n mm to the right, and n lanes up so every mark has a row for its number.
            return [(n, (x0 + n * MM, y0 + n * ROW)) for n in range(-REACH, REACH + 1)]
        return [(n, (x0 + n * COLUMN, y0 + n * MM)) for n in range(-REACH, REACH + 1)]


def mirror(point: Point, paper: tuple[float, float], duplex: str) -> Point:
    """Return the point on the other side of the sheet, in that page's upright coordinates.

    Works both ways (front to back, back to front). ``paper`` is (width, height)
    in points; on a landscape page the long edge is horizontal, so the axes swap.
    """
    width, height = paper
    x, y = point
    flips_x = (duplex == "long") == (width <= height)
    return (width - x, y) if flips_x else (x, height - y)


def box_rects(paper: tuple[float, float]) -> list[tuple[str, float, float, float, float]]:
    """The three boxes as (name, x, y, width, height), back page, left to right.

    Centred on the page both ways, so the set of boxes is its own mirror image for
    either flip: text kept out of the boxes on one side never shows through a scale.
    """
    width, height = paper
    y = (height - BOX_H) / 2
    left = width / 2 - 1.5 * BOX_W - BOX_GAP
    return [
        (name, left + i * (BOX_W + BOX_GAP), y, BOX_W, BOX_H)
        for i, name in enumerate("ABC")
    ]


def scale_positions(paper: tuple[float, float], duplex: str) -> list[Scale]:
    """Every scale on the sheet: a DY and a DX scale per box, boxes left to right."""
    _check(paper, duplex)
    scales = []
    for name, x, y, w, h in box_rects(paper):
        y_zero = (x + w / 2, y + h - _Y_ZERO_DROP)
        x_zero = (x + _X_ZERO_IN, y_zero[1] - _X_ZERO_BELOW_Y)
        y_half, x_half = _LINE_HALF["y"], _LINE_HALF["x"]
        y_line = ((y_zero[0] - y_half, y_zero[1]), (y_zero[0] + y_half, y_zero[1]))
        x_line = ((x_zero[0], x_zero[1] - x_half), (x_zero[0], x_zero[1] + x_half))
        for axis, zero, line in (("y", y_zero, y_line), ("x", x_zero, x_line)):
            front = (mirror(line[0], paper, duplex), mirror(line[1], paper, duplex))
            scales.append(Scale(name, axis, zero, front))
    return scales


def corner_targets(paper: tuple[float, float]) -> list[Point]:
    """Centres of the pin-check targets; symmetric, so the same on both sides."""
    width, height = paper
    d = _CORNER_IN
    return [(d, d), (width - d, d), (d, height - d), (width - d, height - d)]


def calibration_pdf(
    paper: tuple[float, float], duplex: str, title: str = "cardgen duplex calibration"
) -> bytes:
    """Return the two-page calibration PDF (front, then back) for portrait ``paper``.

    ``paper`` is (width, height) in points; ``duplex`` is "long" or "short", the
    edge the sheet flips on. The output is byte-identical for the same input.
    """
    _check(paper, duplex)
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

    scales = scale_positions(paper, duplex)
    _draw_front(canvas, paper, duplex, title, scales)
    canvas.showPage()
    _draw_back(canvas, paper, duplex, scales)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _check(paper: tuple[float, float], duplex: str) -> None:
    if duplex not in DUPLEX_MODES:
        raise ValueError(f"duplex must be one of {DUPLEX_MODES}, not {duplex!r}")
    if min(paper) < BOX_W * 3 + 2 * BOX_GAP + 12 * MM:
        raise ValueError(f"paper {paper[0]:.1f} x {paper[1]:.1f} pt is too small for the sheet")


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
    y = _draw_title(canvas, title, x_text, height - _EDGE)
    words = _front_words(duplex)
    y = _draw_words(canvas, words[:-1], x_text, y, 12, 15)
    _ensure_fits(y, max(r[2] + r[4] for r in rects) + 2 * MM)

    for name, x, y_box, _width, h in rects:
        # The letter and note sit behind their twins on the back, never behind a scale.
        letter = mirror(_letter_spot(x, y_box, h), paper, duplex)
        canvas.setFont(_bold(), 14)
        canvas.drawCentredString(letter[0], letter[1] - 5, name)
        note = mirror(_caption_spot(x, y_box, h), paper, duplex)
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

    y = min(r[2] for r in rects) - 6 * MM
    # Step 4 goes below the boxes: it is the last thing to do, and the top is full.
    y = _draw_words(canvas, [("body", "The dark lines in the three boxes are reference "
                                      "lines; the scales that read them are on the back. "
                                      "The two numbers you read there go into "
                                      "cardgen build --back-offset."),
                             words[-1]],
                    x_text, y, 12, 15)
    _draw_size_check(canvas, x_text, y - 20 * MM)


def _draw_size_check(canvas: Canvas, x: float, y: float) -> None:
    """A 10 cm and a 4 in ruler: "Fit to page" shrinks them where a person can see it."""
    canvas.setFont(_bold(), 12)
    canvas.drawString(x, y + 9 * MM, "Size check: hold a real ruler against these.")
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
    y = _draw_title(canvas, "Back side: read your two numbers here", x_text, height - _EDGE)
    y = _draw_words(canvas, _back_words_top(), x_text, y, 14, 17)
    _ensure_fits(y, max(r[2] + r[4] for r in rects) + 2 * MM)

    _draw_boxes(canvas, rects)
    for name, x, y_box, _width, h in rects:
        letter = _letter_spot(x, y_box, h)
        canvas.setFont(_bold(), 14)
        canvas.drawCentredString(letter[0], letter[1] - 5, name)
        canvas.setFont(_bold(), 12)
        canvas.drawString(letter[0] + 5 * MM, letter[1] - 4.5, "DY  (up \u2013 down)")
        _draw_centred_lines(canvas, ["DX", "(left \u2013 right)"],
                            _caption_spot(x, y_box, h), _bold(), 12, 15)
    for scale in scales:
        _draw_scale(canvas, scale)

    canvas.setLineWidth(HAIRLINE)
    for cx, cy in corner_targets(paper):
        for radius in (1, 2, 3):
            canvas.circle(cx, cy, radius * MM, stroke=1, fill=0)

    y = min(r[2] for r in rects) - 6 * MM
    y = _draw_words(canvas, _back_words_bottom(), x_text, y, 14, 17)
    _ensure_fits(y, _EDGE)


def _draw_scale(canvas: Canvas, scale: Scale) -> None:
    """Grey lanes, a black mark per lane, and the mark's number at the lane's end."""
    half_lane = _HALF_LANE
    canvas.setFont(_bold(), _LABEL_SIZE)
    for n, (x, y) in scale.marks():
        if scale.axis == "x":
            lane = ((scale.zero[0] - half_lane, y), (scale.zero[0] + half_lane, y))
            mark = ((x, y - MARK / 2), (x, y + MARK / 2))
            label_at = (scale.zero[0] - half_lane - 1 * MM, y - 3.5)
        else:
            lane = ((x, scale.zero[1] - half_lane), (x, scale.zero[1] + half_lane))
            mark = ((x - MARK / 2, y), (x + MARK / 2, y))
            label_at = (x, scale.zero[1] - _Y_LABEL_DROP)
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


def _letter_spot(x: float, y: float, h: float) -> Point:
    return (x + 5 * MM, y + h - _HEADER_DROP + 2 * MM)


def _caption_spot(x: float, y: float, h: float) -> Point:
    return (x + _CAPTION_IN, y + h - _Y_ZERO_DROP - _X_ZERO_BELOW_Y)


def _draw_boxes(canvas: Canvas, rects) -> None:
    canvas.setStrokeGray(0.6)
    canvas.setLineWidth(HAIRLINE * 2)
    for _, x, y, w, h in rects:
        canvas.roundRect(x, y, w, h, 2 * MM, stroke=1, fill=0)
    canvas.setStrokeGray(0)


def _draw_title(canvas: Canvas, text: str, x: float, top: float) -> float:
    lines = simpleSplit(text, _bold(), 18, _TEXT_W)
    y = top - 18
    canvas.setFont(_bold(), 18)
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


def _draw_words(canvas: Canvas, items, x: float, top: float, size: float, leading: float) -> float:
    """Draw wrapped paragraphs from ``top`` down; return the y below the last line."""
    y = top - size
    last = y
    for style, text in items:
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
