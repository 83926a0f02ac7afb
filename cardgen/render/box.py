"""Drawing a deck's tuck box: cut and fold lines, glue areas, and the words on its faces.

The geometry is `cardgen.layout.box`; this draws it on one page. Cut lines are
solid; folds are marked by short dashed hairline ticks in the waste beyond the cut,
as a print shop marks folds, never by a line across a panel (it would show on the
edges of the finished box); glue flaps are a pale grey. The front carries the deck's
title (and subtitle, and a logo when one is given); the back, the deck's
helplines, each a name and a number; the sides, the deck's short name, running
down the side like a book's spine: turned 90°, or, when it has Chinese, Japanese or
Korean characters, set upright one under another as their spines are (`_upright_side`).
Words are fitted like card text and checked for glyphs like every other word cardgen
prints.

Tagged, the box reads as its panels are met: the front (the logo, a figure; the title, a
heading; the subtitle), the back (its heading, each helpline's name and number), then how
to make the box. The sides repeat the front's title and are decoration, as the cut and
fold lines and the glue areas are: a reader hears the title once.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable

from reportlab.lib.colors import HexColor

from cardgen.deck.kinds import RESOURCE, Resource
from cardgen.deck.language import table
from cardgen.deck.model import Deck
from cardgen.deck.phones import readable
from cardgen.errors import DeckError, Position
from cardgen.layout.box import TuckBox
from cardgen.layout.sheet import Rect
from cardgen.render.sheets import new_canvas
from cardgen.render.tagging import Element, Tags
from cardgen.render.theme import Theme
from cardgen.text import blocks as textlib
from cardgen.text.fonts import FontSet
from cardgen.text.glyphs import require_glyphs
from cardgen.text.hyphenation import unhyphenated
from cardgen.text.scripts import UNSPACED
from cardgen.text.typography import Span
from cardgen.units import MM

CUT_WIDTH = 0.6
FOLD_WIDTH = 0.25  # a hairline, as crop marks are
FOLD_DASH = (3, 2)  # dashed: a fold, where a crop mark (solid) is a cut
GLUE_TINT = HexColor("#E3E3E3")
INSET = 9.0  # words stay 1/8 in inside a panel's folds and cuts, as on a card
EDGE = 6 * MM  # home printers cannot print closer to the paper's edge
NOTE_SIZE = 7.0
TITLE_SIZES = (36, 32, 28, 24, 22, 20, 18, 16, 14, 12)
SUBTITLE_SIZES = (16, 14, 13, 12, 11, 10, 9)
HELPLINE_SIZES = (16, 14, 13, 12, 11, 10, 9, 8)  # the names'
# A number on the back is set Bold at 1.5 times its name's size: 24 pt under 16 pt names,
# the strongest line of the panel, as on a card. A long number takes less, to stay on one
# line, but never under 1.25 times the names (then the names take a smaller size).
NUMBER_SCALE = 1.5
NUMBER_LEAST = 1.25
SIDE_SIZES = (16, 14, 12, 11, 10, 9, 8, 7)
SIDE_ONE_LINE = 10  # the smallest size the short name is kept on one line at
# The PDF's subject, which no page shows, is in English; the note on the page is the deck's
# `box_how_to`, in its language (cardgen.deck.language).
HOW_TO = table("en")["box_how_to"]

# Draws the deck's logo fitted inside (x, y, width, height), points; issue 13 supplies it.
Logo = Callable[[object, float, float, float, float], None]


def box_pdf(deck: Deck, box: TuckBox, fonts: FontSet, theme: Theme,
            short_name: str | None = None, logo: Logo | None = None) -> bytes:
    """The tuck box for `deck` as one PDF page; DeckError for words that cannot print.

    `short_name` goes on the sides (default: the deck's title); `logo`, when given,
    is drawn on the front below the title.
    """
    side_words = short_name or deck.title
    _check_words(deck, fonts, side_words)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (box.page_width, box.page_height), deck.title, deck.author or "",
                        f"Tuck box for the cards. {HOW_TO}", "none", deck.language)
    tags = Tags.of(canvas)
    with tags.decoration():
        _glue_areas(canvas, box)
    _front(canvas, deck, box.panel("front").rect, box.notch, fonts, theme, logo)
    _back(canvas, deck, box.panel("back").rect, fonts, theme)
    for name in ("right side", "left side"):  # their words are the title's: decoration
        _side(canvas, side_words, deck.language, box.panel(name).rect, fonts, theme)
    with tags.decoration():
        _lines(canvas, box, theme)
    _note(canvas, box, deck, fonts, theme)
    canvas.showPage()
    tags.finish()
    canvas.save()
    return buffer.getvalue()


def helplines(deck: Deck) -> list[tuple[str, str, Position]]:
    """The deck's resources that have a phone number: (name, number, where the name is)."""
    return [(item.name, readable(item.phone), item.spots.get("name", item.where))
            for item in deck.entries.get(RESOURCE.name, ())
            if isinstance(item, Resource) and item.phone]


def _check_words(deck: Deck, fonts: FontSet, side_words: str) -> None:
    start = Position(deck.path, 1, 1)
    require_glyphs(fonts, deck.title, deck.spots.get("title", start), "`title`")
    if deck.subtitle:
        require_glyphs(fonts, deck.subtitle, deck.spots.get("subtitle", start), "`subtitle`")
    require_glyphs(fonts, side_words, deck.spots.get("short_title", deck.spots.get("title", start)),
                   "the deck's short name")
    for key in ("resource", "box_how_to"):
        where = deck.spots.get(f"labels.{key}", deck.spots.get("language", start))
        require_glyphs(fonts, deck.labels[key], where, f"`labels.{key}`")
    for name, number, where in helplines(deck):
        require_glyphs(fonts, f"{name} {number}", where, "a helpline")


def _front(canvas, deck: Deck, panel: Rect, notch: tuple[float, float, float], fonts: FontSet,
           theme: Theme, logo: Logo | None) -> None:
    """The title (and subtitle) centred in the front, below the thumb notch."""
    _, notch_y, radius = notch
    top = min(panel.top - INSET, notch_y - radius - INSET)
    area = Rect(panel.x + INSET, panel.y + INSET, panel.width - 2 * INSET, top - panel.y - INSET)
    words_area = area
    tags = Tags.of(canvas)
    front = tags.add("Sect")
    if logo is not None:
        logo_height = area.height * 0.4
        # Drawn first, under the words, but read after the title.
        figure = Element("Figure", front, alt=f"{deck.title} logo")
        with tags.marked(figure):
            logo(canvas, area.x, area.y, area.width, logo_height)
        words_area = Rect(area.x, area.y + logo_height, area.width, area.height - logo_height)
    start = Position(deck.path, 1, 1)
    # A title reads better a size smaller than broken in the middle of a word.
    title = textlib.fit([Span(deck.title, "bold")], fonts, TITLE_SIZES, words_area.width,
                        words_area.height * 0.7, unhyphenated(deck.language), leading=1.15)
    if title is None:
        title = textlib.fit([Span(deck.title, "bold")], fonts, TITLE_SIZES, words_area.width,
                            words_area.height * 0.7, deck.language, leading=1.15)
    if title is None:
        raise DeckError(deck.spots.get("title", start), "the title does not fit on the front of "
                        "the tuck box", "shorten the title, or use a bigger --card")
    blocks = [title]
    if deck.subtitle:
        room = words_area.height - title.height - theme.note
        subtitle = textlib.fit([Span(deck.subtitle, "regular")], fonts,
                               [s for s in SUBTITLE_SIZES if s < title.size], words_area.width,
                               room, deck.language)
        if subtitle is None:
            raise DeckError(deck.spots.get("subtitle", start), "the subtitle does not fit on the "
                            "front of the tuck box under the title", "shorten the subtitle")
        blocks.append(subtitle)
    gap = theme.note
    height = sum(block.height for block in blocks) + gap * (len(blocks) - 1)
    y = words_area.y + (words_area.height + height) / 2
    colours = [theme.ink, theme.muted]
    for block, colour, kind in zip(blocks, colours, ("H", "P")):
        element = tags.add(kind, front, actual=textlib.spoken([block]))
        _centred(canvas, block, words_area.x + words_area.width / 2, y, colour, element)
        y -= block.height + gap
    if logo is not None:
        front.kids.append(figure)


def _back(canvas, deck: Deck, panel: Rect, fonts: FontSet, theme: Theme) -> None:
    """The helplines, each a name and its number, under the deck's word for resources:
    the numbers the strongest lines there, bold and larger than the names (see
    `_back_blocks`), at the largest of HELPLINE_SIZES at which they all fit."""
    lines = helplines(deck)
    if not lines:
        return
    area = panel.inset(INSET)
    for size in HELPLINE_SIZES:
        blocks = _back_blocks(deck, lines, fonts, size, area.width)
        height = sum(block.height + gap for block, gap in blocks or ())
        if blocks is not None and height <= area.height + 1e-6:
            top = area.y + (area.height + height) / 2  # centred up and down, left aligned
            tags = Tags.of(canvas)
            back = tags.add("Sect")
            for index, (block, gap) in enumerate(blocks):
                top -= gap
                element = tags.add("P" if index else "H", back, actual=textlib.spoken([block]))
                textlib.draw(canvas, block, area.x, top, theme.ink, element)
                top -= block.height
            return
    raise DeckError(lines[0][2], f"the {len(lines)} helplines do not fit on the back of the "
                    "tuck box", "give fewer resources a phone number, or use a bigger --card")


def _back_blocks(deck: Deck, lines: list[tuple[str, str, Position]], fonts: FontSet,
                 size: float, width: float) -> list[tuple[textlib.Block, float]] | None:
    """The back's heading and each helpline's name (Regular) at `size` and its number (Bold,
    one line, never broken) at NUMBER_SCALE times it, or as much larger as `width` allows,
    each with the space above it; None when the names or numbers cannot be set so."""
    language = deck.language
    number = size * NUMBER_SCALE
    for _, phone, _ in lines:
        wide = textlib.one_line(phone, "bold", fonts, 1.0, language=language).lines[0].width
        number = min(number, math.floor(width / wide * 2) / 2)
    if number < size * NUMBER_LEAST:
        return None
    heading = textlib.wrap([Span(deck.labels["resource"], "bold")], fonts, size, width, language)
    if heading is None:
        return None
    blocks = [(heading, 0.0)]
    for name, phone, _ in lines:
        named = textlib.wrap([Span(name, "regular")], fonts, size, width, language)
        dialled = textlib.wrap([Span(phone, "bold")], fonts, number, width,
                               unhyphenated(language))
        if named is None or dialled is None or len(dialled.lines) > 1:
            return None
        blocks += [(named, size * 1.25), (dialled, 0.0)]
    return blocks


def _side(canvas, words: str, language: str, panel: Rect, fonts: FontSet, theme: Theme) -> None:
    """The deck's short name down the side, top to bottom; left off a side too thin for it."""
    length, across = panel.height - 2 * INSET, panel.width - 2 * 2.0
    if across <= 0 or length <= 0:
        return
    if UNSPACED.search(words):
        _upright_side(canvas, words, language, panel, fonts, theme)
        return
    spans = [Span(words, "bold")]
    # One line, like a book's spine, unless that would make it small; then wrapped.
    block = next((b for size in SIDE_SIZES if size >= SIDE_ONE_LINE
                  for b in [textlib.fit(spans, fonts, [size], length, min(across, size * 1.15),
                                        unhyphenated(language), leading=1.15)] if b), None)
    block = block or textlib.fit(spans, fonts, SIDE_SIZES, length, across, language, leading=1.15)
    if block is None:
        return
    canvas.saveState()
    canvas.translate(panel.x, panel.top)
    canvas.rotate(-90)  # now x runs down the side and y across it, from left to right
    _centred(canvas, block, panel.height / 2, (panel.width + block.height) / 2, theme.ink)
    canvas.restoreState()


# Punctuation of horizontal CJK text and its form for vertical text (Unicode's vertical
# forms), used where the fonts have them.
VERTICAL_FORMS = dict(zip("，、。：；！？（）「」『』【】《》〈〉…",
                          "︐︑︒︓︔︕︖︵︶﹁﹂﹃﹄︻︼︽︾︿﹀︙"))
_PIECES = re.compile(rf"\s+|{UNSPACED.pattern}|(?:(?!{UNSPACED.pattern})\S)+")


def _upright_side(canvas, words: str, language: str, panel: Rect, fonts: FontSet,
                  theme: Theme) -> None:
    """The short name down a side as Chinese, Japanese and Korean spines set it: each Han,
    kana or Hangul character upright, one under another, in a cell a size tall; a run of
    other letters (a Latin word, a number) turned 90° clockwise in the column, as an
    English spine turns it (CSS's text-orientation: mixed); a space, half a cell. At the
    largest of SIDE_SIZES at which the column fits the side; left off if none does."""
    pieces = [_vertical(piece, fonts) for piece in _PIECES.findall(" ".join(words.split()))]
    length, across = panel.height - 2 * INSET, panel.width - 2 * 2.0

    def extent(piece: str, size: float) -> float:
        if piece.isspace():
            return size / 2
        if UNSPACED.match(piece):
            return size
        return textlib.one_line(piece, "bold", fonts, size, language=language).lines[0].width

    size = next((size for size in SIDE_SIZES if size <= across
                 and sum(extent(p, size) for p in pieces) <= length), None)
    if size is None:
        return
    centre = panel.x + panel.width / 2
    top = panel.y + (panel.height + sum(extent(p, size) for p in pieces)) / 2
    for piece in pieces:
        if not piece.isspace():
            block = textlib.one_line(piece, "bold", fonts, size, language=language)
            if UNSPACED.match(piece):
                # An ideograph's em box runs from 0.12 of a size below its baseline to 0.88
                # above: centred in its cell.
                textlib.draw(canvas, block, centre - block.lines[0].width / 2,
                             top + 0.12 * size, theme.ink)
            else:
                canvas.saveState()
                canvas.translate(centre, top)
                canvas.rotate(-90)  # x runs down the side, the letters' tops face right
                textlib.draw(canvas, block, 0.0, 0.65 * size, theme.ink)  # capitals centred
                canvas.restoreState()
        top -= extent(piece, size)


def _vertical(piece: str, fonts: FontSet) -> str:
    """`piece` in its vertical form (a CJK comma, full stop, bracket), if the fonts have it."""
    form = VERTICAL_FORMS.get(piece, piece)
    return form if fonts.font_for(form, "bold") else piece


def _glue_areas(canvas, box: TuckBox) -> None:
    """The glue flaps tinted, within the cut line (a flap's rect is wider than its taper)."""
    canvas.saveState()
    canvas.clipPath(_outline_path(canvas, box), stroke=0, fill=0)
    canvas.setFillColor(GLUE_TINT)
    for panel in box.panels:
        if panel.role == "glue":
            r = panel.rect
            canvas.rect(r.x, r.y, r.width, r.height, stroke=0, fill=1)
    canvas.restoreState()


def _lines(canvas, box: TuckBox, theme: Theme) -> None:
    canvas.saveState()
    canvas.setLineWidth(FOLD_WIDTH)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setDash(*FOLD_DASH)
    for x1, y1, x2, y2 in box.ticks:  # outward from the cut, so each starts with a dash
        canvas.line(x1, y1, x2, y2)
    canvas.setDash()
    canvas.setLineWidth(CUT_WIDTH)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineJoin(1)
    canvas.drawPath(_outline_path(canvas, box), stroke=1, fill=0)
    canvas.restoreState()


def _outline_path(canvas, box: TuckBox):
    path = canvas.beginPath()
    path.moveTo(*box.outline[0])
    for point in box.outline[1:]:
        path.lineTo(*point)
    path.close()
    return path


def _note(canvas, box: TuckBox, deck: Deck, fonts: FontSet, theme: Theme) -> None:
    """How to make the box, in the deck's language, in the widest margin above or below
    it, if one has room."""
    block = textlib.one_line(deck.labels["box_how_to"], "regular", fonts, NOTE_SIZE,
                             language=deck.language)
    bounds = box.extent
    below, above = bounds.y - EDGE, box.page_height - EDGE - bounds.top
    room = max(below, above)
    if room < block.height + 2 * MM or block.lines[0].width > box.page_width - 2 * EDGE:
        return
    if below >= above:
        top = EDGE + (below + block.height) / 2
    else:
        top = bounds.top + (above + block.height) / 2
    element = Tags.of(canvas).add("P", actual=textlib.spoken([block]))
    textlib.draw(canvas, block, (box.page_width - block.lines[0].width) / 2, top, theme.muted,
                 element)


def _centred(canvas, block: textlib.Block, centre: float, top: float, colour,
             element: Element | None = None) -> None:
    """Each line of `block` centred on x `centre`, the first baseline one size below `top`;
    all of them `element`'s words (decoration without one)."""
    for index, line in enumerate(block.lines):
        single = textlib.Block((line,), block.size, block.leading)
        textlib.draw(canvas, single, centre - line.width / 2, top - index * block.leading, colour,
                     element)

