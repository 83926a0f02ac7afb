"""Line breaking and size fitting for card text, drawn with per-character font fallback.

ReportLab's Paragraph draws each fragment in one font, so a Greek word in an
Atkinson paragraph would print as boxes. This module sets lines itself, using
FontSet widths, and hands the canvas ready-made (font, text, x) pieces; it is
the text engine's front: render/words.py measures words once, render/breaking.py
chooses where lines break. All sizes, widths and positions are in PDF points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from cardgen.fonts import FontSet
from cardgen.render.breaking import Lines, break_all, fewest_lines
from cardgen.render.words import Item, Measured, measure, run_width
from cardgen.typography import Span

_EPSILON = 1e-6  # float slack when comparing a block's height with the room for it


# Pieces and lines are made by the hundred thousand in a big deck: named tuples
# build several times faster than frozen dataclasses.
class Piece(NamedTuple):
    """Text drawn in one font at one size, `x` points from the start of its line."""

    font: str
    size: float
    text: str
    x: float


class Line(NamedTuple):
    pieces: tuple[Piece, ...]
    width: float


@dataclass(frozen=True)
class Block:
    """Broken lines ready to draw; `size` and `leading` (baseline to baseline) in points."""

    lines: tuple[Line, ...]
    size: float
    leading: float
    stranded: int = 0  # lines ending on a word that belongs to the next, none avoidable

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading


def one_line(text: str, style: str, fonts: FontSet, size: float, leading: float = 1.25) -> Block:
    """`text` set on a single line, however wide: for footers and notes, which never wrap."""
    pieces, x = [], 0.0
    for font, part in fonts.runs(text, style):
        pieces.append(Piece(font, size, part, x))
        x += run_width(font, part) * size
    return Block((Line(tuple(pieces), x),), size, size * leading)


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
    still cannot fit. `leading` is a factor of `size`.

    Each paragraph takes as many lines as a greedy first fit would, with breaks
    that even out line lengths and keep words that belong to the next ("I",
    "Dr.", "¿Qué") off the ends of lines. Given `max_lines` (the lines the room
    holds), a paragraph may take more lines to keep such a word off a line end;
    the block then never has more than `max_lines` lines unless the fewest
    lines are more (`fit` passes it; a caller with a fixed size may too).
    """
    measured = measure(tuple(spans), fonts, language)
    lines = break_all(measured, size, width, max_lines=None)
    if lines is not None and max_lines is not None and len(lines) < max_lines:
        lines = break_all(measured, size, width, max_lines)
    return None if lines is None else _block(lines, measured, size, leading)


def height_needed(spans: Sequence[Span], fonts: FontSet, size: float, width: float,
                  language: str = "en", leading: float = 1.25) -> float | None:
    """The height of the block `wrap` would make, without choosing where its lines
    break; None when only wrapping can tell (a word that must be hyphenated). A card
    tries several sizes: the ones too big for it cost this much less."""
    count = fewest_lines(measure(tuple(spans), fonts, language), size, width)
    return None if count is None else count * (size * leading)


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
    for size in sorted(set(sizes), reverse=True):
        max_lines = math.floor(height / (size * leading) + _EPSILON)
        lines = break_all(measured, size, width, max_lines)
        if lines is not None and len(lines) * size * leading <= height + _EPSILON:
            return _block(lines, measured, size, leading)
    return None


def draw(canvas, block: Block, x: float, top: float, color=None) -> None:
    """Draw `block` with its first baseline one font size below `top`."""
    draw_blocks(canvas, [(block, x, top, color)])


def draw_blocks(canvas, placed) -> None:
    """Draw several (block, x, top, color) at once, each first baseline one font size
    below its `top`.

    They make one PDF text object, each piece placed at its own x and the font set
    only when it changes: a line reads as one line in extraction (screen readers,
    copy and paste), and a card's text costs one text object, not one a line.
    """
    if not placed:
        return
    canvas.saveState()
    block, x, top, _ = placed[0]
    # Start where the first line starts: an extra origin at (0, 0) reads as a line
    # break to text extraction.
    text = canvas.beginText(x, top - block.size)
    font = colour = None
    for block, x, top, color in placed:
        if color is not None and color is not colour:
            colour = color
            text.setFillColor(color)
        baseline = top - block.size
        for line in block.lines:
            for piece in line.pieces:
                text.setTextOrigin(x + piece.x, baseline)
                if (piece.font, piece.size) != font:
                    font = (piece.font, piece.size)
                    text.setFont(piece.font, piece.size)
                text._textOut(piece.text)  # textOut would measure it again, for nothing
            baseline -= block.leading
    canvas.drawText(text)
    canvas.restoreState()


# --- building pieces ---------------------------------------------------------


def _block(lines: Lines, measured: Measured, size, leading) -> Block:
    if measured.plain:
        font = measured.plain
        built = tuple(Line((Piece(font, size, " ".join(item.word.segments[0][1] for item in row),
                                  0.0),), line_width) for row, line_width in lines)
    else:
        built = tuple(Line(_pieces(row, measured.fonts, size), line_width)
                      for row, line_width in lines)
    return Block(built, size, size * leading, lines.stranded)


def _pieces(row: list[Item], fonts: FontSet, size: float) -> tuple[Piece, ...]:
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
            x += run_width(run_font, part) * size
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
