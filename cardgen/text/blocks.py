"""Line breaking and size fitting for card text, drawn with per-character font fallback.

ReportLab's Paragraph draws each fragment in one font, so a Greek word in an
Atkinson paragraph would print as boxes. This module sets lines itself, using
FontSet widths, and hands the canvas ready-made (font, text, x) pieces; it is
the text engine's front: text/words.py measures words once, text/breaking.py
chooses where lines break. All sizes, widths and positions are in PDF points.

Lines break on the text in reading order. Each line is then laid out for the eye:
its runs put in the order the bidirectional algorithm gives (cardgen/text/bidi.py: levels
resolved over the whole paragraph, then cut at the line's ends),
right-to-left and complex-script runs shaped by HarfBuzz (cardgen/text/shaping.py), and
a paragraph that runs right to left set flush right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from cardgen.text import textout
from cardgen.text.bidi import broken_levels, levels, visual_order
from cardgen.text.breaking import Lines, break_all, fewest_lines
from cardgen.text.fonts import FontSet
from cardgen.text.scripts import (
    SPECIAL,
    UNSPACED,
    has_local_forms,
    has_rtl,
    language_is_rtl,
    least_leading,
    paragraph_rtl,
    unsteered,
)
from cardgen.text.shaping import ShapedStr, needs_shaping, outline, shape
from cardgen.text.textout import Run, glyph_runs  # noqa: F401  (verify reads runs)
from cardgen.text.typography import Span
from cardgen.text.words import Item, Measured, measure, run_width

_EPSILON = 1e-6  # float slack when comparing a block's height with the room for it


# Pieces and lines are made by the hundred thousand in a big deck: named tuples
# build several times faster than frozen dataclasses.
class Piece(NamedTuple):
    """Text drawn in one font at one size, `x` points from the left end of its line.

    `text` is the piece's characters in reading order; `glyphs`, when set, is what is
    drawn instead: the text shaped (and, running right to left, in drawing order).
    """

    font: str
    size: float
    text: str
    x: float
    glyphs: ShapedStr | None = None


class Line(NamedTuple):
    """A line's pieces from left to right and its width. `rtl` for a line of a
    paragraph running right to left (set flush right); `text` is the line in reading
    order when its pieces are not; `hyphenated` when it ends in a hyphen the breaking
    put there (the word goes on on the next line: a reader should hear it whole)."""

    pieces: tuple[Piece, ...]
    width: float
    rtl: bool = False
    text: str | None = None
    hyphenated: bool = False


class Block(NamedTuple):
    """Broken lines ready to draw; `size` and `leading` (baseline to baseline) in points.
    `width` is the measure the lines were broken to: right-to-left lines end at it."""

    lines: tuple[Line, ...]
    size: float
    leading: float
    stranded: int = 0  # lines ending on a word that belongs to the next, none avoidable
    width: float | None = None
    flush_right: bool = False  # every line, whichever way it runs (a right-to-left page's)

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading

    @property
    def rtl(self) -> bool:
        """Whether the block reads right to left (its first line does)."""
        return bool(self.lines) and self.lines[0].rtl

    def offset(self, line: Line) -> float:
        """How far right of the block's left edge `line` starts: flush right when the
        line runs right to left (or the block is set flush right) and it has a measure."""
        if (line.rtl or self.flush_right) and self.width is not None:
            return self.width - line.width
        return 0.0


def one_line(text: str, style: str, fonts: FontSet, size: float, leading: float = 1.25,
             language: str = "en") -> Block:
    """`text` set on a single line, however wide: for footers, labels and notes, which
    never wrap. It runs the way scripts.paragraph_rtl says for a `language` deck."""
    runs = list(fonts.runs(text, style))
    line = None
    if language_is_rtl(language) or (not text.isascii() and (
            SPECIAL.search(text) or has_local_forms(language))):
        leading = max(leading, least_leading(text))
        line = _laid_out(runs, size, paragraph_rtl(text, language), language)
    if line is None:  # left to right, nothing to shape: most footers and labels
        pieces, x = [], 0.0
        for font, part in runs:
            pieces.append(Piece(font, size, part, x))
            x += run_width(font, part, language) * size
        line = Line(tuple(pieces), x)
    return Block((line,), size, size * leading, width=line.width)


def wrap(
    spans: Sequence[Span],
    fonts: FontSet,
    size: float,
    width: float,
    language: str = "en",
    leading: float = 1.25,
    max_lines: int | None = None,
) -> Block | None:
    """Break `spans` into lines at most `width` wide at `size` points.

    Lines break at spaces and at explicit newlines; a word wider than `width` is
    hyphenated where `language`'s dictionary allows. Returns None when a word
    still cannot fit. `leading` is a factor of `size`, raised to what the text's
    scripts need (scripts.least_leading: Arabic's vowel marks).

    Each paragraph takes as many lines as a greedy first fit would, with breaks
    that even out line lengths and keep words that belong to the next ("I",
    "Dr.", "¿Qué") off the ends of lines. Given `max_lines` (the lines the room
    holds), a paragraph may take more lines to keep such a word off a line end;
    the block then never has more than `max_lines` lines unless the fewest
    lines are more (`fit` passes it; a caller with a fixed size may too).
    """
    measured = measure(tuple(spans), fonts, language)
    leading = max(leading, measured.least_leading)
    lines = break_all(measured, size, width, max_lines=None)
    if lines is not None and max_lines is not None and len(lines) < max_lines:
        lines = break_all(measured, size, width, max_lines)
    return None if lines is None else _block(lines, measured, size, leading, width)


def height_needed(spans: Sequence[Span], fonts: FontSet, size: float, width: float,
                  language: str = "en", leading: float = 1.25) -> float | None:
    """The height of the block `wrap` would make, without choosing where its lines
    break; None when only wrapping can tell (a word that must be hyphenated). A card
    tries several sizes: the ones too big for it cost this much less."""
    measured = measure(tuple(spans), fonts, language)
    count = fewest_lines(measured, size, width)
    return None if count is None else count * (size * max(leading, measured.least_leading))


def fit(
    spans: Sequence[Span],
    fonts: FontSet,
    sizes: Sequence[float],
    width: float,
    height: float,
    language: str = "en",
    leading: float = 1.25,
) -> Block | None:
    """The block at the largest of `sizes` that fits in `width` x `height`, or None.

    Its height counts `leading` (a factor of the size) for every line, the last
    one included, which leaves room for descenders.
    """
    measured = measure(tuple(spans), fonts, language)
    leading = max(leading, measured.least_leading)
    for size in sorted(set(sizes), reverse=True):
        max_lines = math.floor(height / (size * leading) + _EPSILON)
        lines = break_all(measured, size, width, max_lines)
        if lines is not None and len(lines) * size * leading <= height + _EPSILON:
            return _block(lines, measured, size, leading, width)
    return None



def spoken(blocks: Sequence[Block]) -> str | None:
    """What a reader should hear for `blocks` where their glyphs do not say it: None when
    they do; else each line's text in reading order (a line laid out for the eye, right to
    left or shaped, is drawn in visual order), a word the breaking hyphenated whole, the
    lines joined by a space (none in a script written without spaces, nor after a hyphen
    or a dash a line may end on)."""
    lines = [line for block in blocks for line in block.lines]
    if not any(line.text is not None or line.hyphenated for line in lines):
        return None
    said, joined = "", False
    for line in lines:
        text = line.text if line.text is not None else "".join(p.text for p in line.pieces)
        if said and text and not (joined or _unspaced(said[-1]) or _unspaced(text[0])):
            said += " "
        said += text.removesuffix("-") if line.hyphenated else text
        joined = line.hyphenated
    return said


def _unspaced(character: str) -> bool:
    return character in "-\u2010\u2013\u2014\u00ad" or UNSPACED.match(character) is not None

def draw(canvas, block: Block, x: float, top: float, color=None, element=None) -> None:
    """Draw `block` with its first baseline one font size below `top`; `element`, when
    given, is the structure element its words belong to (see below)."""
    draw_blocks(canvas, [(block, x, top, color, element)])


def draw_blocks(canvas, placed) -> None:
    """Draw several (block, x, top, color) or (block, x, top, color, element) at once,
    each first baseline one font size below its `top`.

    In a tagged PDF (a canvas with `tags`, see cardgen.render.tagging) a block with an
    `element` is marked content of that element; one without is an artifact, and one
    whose `element` is a string an artifact of that kind ("Pagination", "Layout").

    They make one PDF text object, each piece placed at its own x and the font set
    only when it changes: a line reads as one line in extraction (screen readers,
    copy and paste), and a card's text costs one text object, not one a line.

    A shaped piece's glyphs that stand for no text of their own (marks, the consonant
    after a vowel sign drawn before it) are drawn as outlines after the text; each
    cluster reads back whole from one glyph (see cardgen/text/shaping.py).
    """
    if not placed:
        return
    canvas.saveState()
    outlines: list = []  # (colour, font, code, x, y, size) of glyphs drawn as shapes
    block, x, top = placed[0][:3]
    # Start where the first line starts: an extra origin at (0, 0) reads as a line
    # break to text extraction.
    text = canvas.beginText(x, top - block.size)
    tags = getattr(canvas, "tags", None)
    code = text._code
    font = size = colour = None
    for block, x, top, color, *marked in placed:
        if color is not None and color is not colour:
            colour = color
            text.setFillColor(color)
        if tags is not None:
            if marked and marked[0] is not None and not isinstance(marked[0], str):
                tags.begin(marked[0], code)
            else:  # decoration; a string says which kind ("Pagination": a card number)
                tags.artifact(code, marked[0] if marked else None)
        baseline = top - block.size
        for line in block.lines:
            left = x + block.offset(line)
            for piece in line.pieces:
                at = left + piece.x
                if piece.glyphs is None and textout.embedded(piece.font):
                    if piece.font != font or piece.size != size:
                        font, size = piece.font, piece.size
                        textout.set_font(text, font, size)
                    textout.show_at(text, at, baseline, piece.text)  # most pieces: one string
                    continue
                text.setTextOrigin(at, baseline)
                if piece.font != font or piece.size != size:
                    font, size = piece.font, piece.size
                    textout.set_font(text, font, size)
                if piece.glyphs is None:
                    textout.show(text, piece.text)
                else:
                    _glyphs_out(text, piece, at, baseline, color, outlines)
            baseline -= block.leading
        if tags is not None:
            tags.end(code)
    canvas.drawText(text)
    if outlines:  # their text reads from their cluster's first glyph: decoration
        if tags is not None:
            tags.artifact()
        _outlines_out(canvas, outlines)
        if tags is not None:
            tags.end()
    canvas.restoreState()


def _glyphs_out(text, piece: Piece, x: float, baseline: float, colour, outlines: list) -> None:
    """Draw a shaped piece from (x, baseline), putting the glyphs that stand for no text
    on `outlines`, to be drawn as shapes after the text."""
    runs, marks = glyph_runs(piece)
    scale = piece.size / 1000
    for run in runs:
        text.setTextOrigin(x + run.pen * scale, baseline + run.rise * scale)
        text.textOut(ShapedStr(run.codes, shapeData=list(run.shapes)))
    for code, dx, dy in marks:
        outlines.append((colour, piece.font, code, x + dx * scale, baseline + dy * scale,
                         piece.size))


def _outlines_out(canvas, outlines: list) -> None:
    """Fill the glyphs drawn as shapes, each in its block's colour (None: the colour the
    drawing started with)."""
    start = canvas._fillColorObj
    current = object()
    for colour, font, code, x, y, size in outlines:
        if colour is not current:
            current = colour
            canvas.setFillColor(start if colour is None else colour)
        scale = size / 1000
        canvas._code.append(f"q {scale:.6g} 0 0 {scale:.6g} {x:.6g} {y:.6g} cm "
                            f"{outline(font, code)} f Q")


# --- building pieces ---------------------------------------------------------


def _block(lines: Lines, measured: Measured, size, leading, width) -> Block:
    if measured.plain:
        font = measured.plain
        built = tuple([Line((Piece(font, size, " ".join([item.word.segments[0][1] for item in row]),
                                   0.0),), line_width, False, None, _hyphenated(row))
                       for row, line_width in lines])
    else:
        rows = [_pieces(row, measured.fonts, size, measured.language) for row, _ in lines]
        found = _levels_by_line(lines, rows, measured)
        built = tuple(_line(pieces, size, line_width, measured.rtl(paragraph),
                            measured.language, line_found, _hyphenated(row))
                      for pieces, (row, line_width), paragraph, line_found
                      in zip(rows, lines, lines.paragraphs, found))
    return Block(built, size, size * leading, lines.stranded, width)


def _levels_by_line(lines: Lines, rows: list[tuple[Piece, ...]],
                    measured: Measured) -> list[tuple[int, ...] | None]:
    """Each line's bidirectional levels, resolved over its whole paragraph, or None where
    the line is its paragraph or needs none (no right-to-left text in its paragraph)."""
    found: list[tuple[int, ...] | None] = [None] * len(rows)
    texts = ["".join(piece.text for piece in pieces) for pieces in rows]
    first = 0
    while first < len(rows):
        last = first + 1
        while last < len(rows) and lines.paragraphs[last] == lines.paragraphs[first]:
            last += 1
        rtl = measured.rtl(lines.paragraphs[first])
        if last - first > 1 and (rtl or any(has_rtl(text) for text in texts[first:last])):
            # Broken at a space, or inside a word (a hyphen, a web address): no space.
            spaces = [" " if lines[index][0] and lines[index][0][0].gap_font else ""
                      for index in range(first + 1, last)]
            found[first:last] = broken_levels(texts[first:last], spaces, rtl)
        first = last
    return found


def _line(pieces: tuple[Piece, ...], size: float, width: float, rtl: bool, language: str,
          found: tuple[int, ...] | None, hyphenated: bool = False) -> Line:
    laid = _laid_out([(piece.font, piece.text) for piece in pieces], size, rtl, language, found)
    line = Line(pieces, width) if laid is None else laid
    return line._replace(hyphenated=True) if hyphenated else line


def _hyphenated(row) -> bool:
    """Whether a row of items ends in the head of a word cut with a hyphen."""
    return bool(row) and row[-1].word.hyphenated


def _laid_out(runs: list[tuple[str, str]], size: float, rtl: bool,
              language: str = "und", found: tuple[int, ...] | None = None) -> Line | None:
    """A line of (font, text) runs in reading order laid out for the eye, or None when
    it needs nothing of the kind (left to right, no script that needs shaping).

    The runs are cut where the bidirectional level changes and put in visual order;
    a run at an odd level (right to left) is shaped right to left, which reverses it
    and mirrors its brackets; a complex-script run is shaped. Positions come from the
    shaped advances, so the pieces sit exactly where they are drawn. The marks that steer
    the order (scripts.STEERING) set the levels and are then left out. `found` is the
    line's levels when its paragraph gave them (else the line is a paragraph of its own)."""
    text = "".join(part for _, part in runs)
    if not rtl and (text.isascii() or (SPECIAL.search(text) is None
                                       and not has_local_forms(language))):
        return None
    if found is None:
        found = levels(text, rtl)
    cut: list[tuple[str, str, int]] = []  # (font, text, level) in reading order
    at = 0
    for font, part in runs:
        start = 0
        for end in range(1, len(part) + 1):
            if end == len(part) or found[at + end] != found[at + start]:
                cut.append((font, part[start:end], found[at + start]))
                start = end
        at += len(part)
    pieces, x = [], 0.0
    for index in visual_order([level for _, _, level in cut]):
        font, part, level = cut[index]
        part = unsteered(part)  # the marks that steer the order have done so: not drawn
        if not part:
            continue
        if level % 2 or needs_shaping(part, language):
            shaped = shape(font, part, bool(level % 2), language)
            pieces.append(Piece(font, size, part, x, shaped.glyphs))
            x += shaped.advance * size
        else:
            pieces.append(Piece(font, size, part, x))
            x += run_width(font, part, language) * size
    return Line(tuple(pieces), x, rtl, unsteered(text))


def _pieces(row: list[Item], fonts: FontSet, size: float,
            language: str = "und") -> tuple[Piece, ...]:
    """One piece per change of font. Each word segment is split into font runs on
    its own (a piece of a broken word keeps the runs of the whole word) and each
    space set in its own font, exactly as measured, so the pieces end where the
    line's width says."""
    runs: list[list] = []  # [font, [texts], x]
    font = None
    x = 0.0
    for i, item in enumerate(row):
        if i and item.gap_font:
            if item.gap_font == font:
                runs[-1][1].append(" ")
            else:
                font = item.gap_font
                runs.append([font, [" "], x])
            x += item.gap * size  # the space's width in its font, as measured
        for run_font, part in _word_runs(item, fonts):
            if run_font == font:
                runs[-1][1].append(part)
            else:
                font = run_font
                runs.append([font, [part], x])
            x += run_width(run_font, part, language) * size
    return tuple(Piece(name, size, "".join(parts), start) for name, parts, start in runs)


def _word_runs(item: Item, fonts: FontSet):
    """(font, text) runs of an item's word, as it was measured."""
    cut = item.word.cut
    if cut is None:
        for style, text in item.word.segments:
            yield from fonts.runs(text, style)
        return
    cuts, start, end, hyphen = cut
    yield from cuts.runs_between(start, end)
    if hyphen is not None:
        yield hyphen, "-"
