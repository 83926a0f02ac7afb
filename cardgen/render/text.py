"""Line breaking and size fitting for card text, drawn with per-character font fallback.

ReportLab's Paragraph draws each fragment in one font, so a Greek word in an
Atkinson paragraph would print as boxes. This module breaks lines itself, using
FontSet widths, and hands the canvas ready-made (font, text, x) pieces.
All sizes, widths and positions are in PDF points.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import pyphen
from reportlab.pdfbase import pdfmetrics

from cardgen.fonts import FontSet
from cardgen.typography import Span

# Spaces a line may break at; no-break spaces (U+00A0, U+202F, U+2007) are not here.
_BREAKING_SPACES = frozenset(" \t\r\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000")
# Line structure other than the plain space: text with any of it takes the general path.
_OTHER_BREAKS = re.compile("[\n" + "".join(sorted(_BREAKING_SPACES - {" "})) + "]")
_SPACES_CLASS = "".join(sorted(_BREAKING_SPACES)).replace("\t", "\\t").replace("\r", "\\r")
_TOKENS = re.compile(f"\n|[{_SPACES_CLASS}]+|[^\n{_SPACES_CLASS}]+")
# A long word may also break after a hyphen it already has, without adding one.
_HYPHENS = ("-", "\u2010", "\u2013", "\u2014", "/")
_EPSILON = 1e-6  # float slack when comparing a block's height with the room for it


# Pieces, lines, words and items are made by the hundred thousand in a big deck:
# named tuples build several times faster than frozen dataclasses.
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

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading


class _Word(NamedTuple):
    """A stretch between breaking spaces; it may change style inside (**un**kind)."""

    segments: tuple[tuple[str, str], ...]  # (style, text)
    gap: str | None  # style of the space before it; None for the tail of a split word
    hyphenated: bool = False  # ends in a hyphen added at a line break

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.segments)


_Paragraph = tuple[_Word, ...]


class _Item(NamedTuple):
    """A word measured once for every size: widths at 1 pt, scaled by the size."""

    word: _Word
    width: float  # of the word at 1 pt
    gap: float  # of the space before it at 1 pt, when it follows its neighbour on a line
    gap_font: str | None  # the font that space is drawn in


class _Measured:
    """One text's paragraphs as items, with widths and hyphenation remembered."""

    def __init__(self, paragraphs: tuple[_Paragraph, ...] | None, fonts: FontSet, language: str,
                 items: list[list[_Item]] | None = None, plain: str | None = None):
        self.fonts = fonts.for_language(language)
        self.language = language
        self._splits: dict[_Item, list[tuple[_Item, _Item]]] = {}
        self.paragraphs = items if items is not None else [self._items(words) for words in paragraphs]
        # The one font every word, space and added hyphen is in, if there is one:
        # each line is then a single piece.
        self.plain = plain

    def _items(self, words: _Paragraph) -> list[_Item]:
        items = []
        for i, word in enumerate(words):
            font = _gap_font(words[i - 1], word, self.fonts) if i and word.gap else None
            gap = _run_width(font, " ") if font else 0.0
            items.append(_Item(word, self.word_width(word), gap, font))
        return items

    def splits(self, item: _Item) -> list[tuple[_Item, _Item]]:
        """(head, tail) at each break point of `item`, longest head first."""
        found = self._splits.get(item)
        if found is None:
            word, text = item.word, item.word.text
            found = self._splits[item] = []
            for point in reversed(_break_points(text, self.language)):
                added = not text[:point].endswith(_HYPHENS)
                head = _slice(word, 0, point, "-" if added else "")._replace(hyphenated=added)
                tail = _slice(word, point, len(text), "")._replace(gap=None)
                found.append(
                    (
                        _Item(head, self.word_width(head), item.gap, item.gap_font),
                        _Item(tail, self.word_width(tail), 0.0, None),
                    )
                )
        return found

    def word_width(self, word: _Word) -> float:
        segments = word.segments
        if len(segments) == 1:  # most words have one style
            style, text = segments[0]
            return self.fonts.width(text, style, 1.0)
        return sum(self.fonts.width(text, style, 1.0) for style, text in segments)


@lru_cache(maxsize=4096)
def _measure(spans: tuple[Span, ...], fonts: FontSet, language: str) -> _Measured:
    """A text measured once for every size it is tried at (a card tries several)."""
    items = _plain_items(spans, fonts.for_language(language))
    if items:  # an empty text has no paragraph at all: the general path says so
        first = fonts.for_language(language).first(spans[0].style)
        return _Measured(None, fonts, language, [items], first.name if "-" in first.chars else None)
    return _Measured(_prepare(spans), fonts, language)


def _plain_items(spans: tuple[Span, ...], fonts: FontSet) -> list[_Item] | None:
    """The items of the commonest text, quickly: one style, one line, ordinary spaces,
    every character in the first font. None for anything else.

    The result is what `_prepare` and `_Measured._items` make of such a text: each
    word and each space between words in the first font.
    """
    if len(spans) != 1:
        return None
    style, text = spans[0].style, spans[0].text
    first = fonts.first(style)
    if (" " not in first.chars or not first.chars.issuperset(text) or _OTHER_BREAKS.search(text)
            or not unicodedata.is_normalized("NFC", text)):
        return None
    items = []
    gap = style if text.startswith(" ") else None
    for word in text.split(" "):
        if not word:
            gap = style
            continue
        if items:  # a word after a space: the same item wherever it stands
            items.append(_following(word, style, first.name, fonts))
        else:
            items.append(_Item(_Word(((style, word),), gap), fonts.width(word, style, 1.0), 0.0, None))
        gap = style
    return items


@lru_cache(maxsize=65536)
def _following(word: str, style: str, font: str, fonts: FontSet) -> _Item:
    """A word after a space, both in `font`: decks repeat their words, so each is
    measured and built once."""
    return _Item(_Word(((style, word),), style), fonts.width(word, style, 1.0), _run_width(font, " "),
                 font)


def one_line(text: str, style: str, fonts: FontSet, size: float, leading: float = 1.25) -> Block:
    """`text` set on a single line, however wide: for footers and notes, which never wrap."""
    pieces, x = [], 0.0
    for font, part in fonts.runs(text, style):
        pieces.append(Piece(font, size, part, x))
        x += _run_width(font, part) * size
    return Block((Line(tuple(pieces), x),), size, size * leading)


def wrap(
    spans: Sequence[Span],
    fonts: FontSet,
    size: float,
    width: float,
    language: str = "en",
    leading: float = 1.25,
) -> Block | None:
    """Break `spans` into lines at most `width` wide at `size` points.

    Lines break at spaces and at explicit newlines; a word wider than `width` is
    hyphenated where `language`'s dictionary allows. Returns None when a word
    still cannot fit. `leading` is a factor of `size`.
    """
    measured = _measure(tuple(spans), fonts, language)
    lines = _break_all(measured, size, width, max_lines=None)
    return None if lines is None else _block(lines, measured, size, leading)


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
    measured = _measure(tuple(spans), fonts, language)
    for size in sorted(set(sizes), reverse=True):
        max_lines = math.floor(height / (size * leading) + _EPSILON)
        lines = _break_all(measured, size, width, max_lines)
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
                text.textOut(piece.text)
            baseline -= block.leading
    canvas.drawText(text)
    canvas.restoreState()


# --- preparing words ---------------------------------------------------------


def _prepare(spans: Sequence[Span]) -> tuple[_Paragraph, ...]:
    """Split spans into paragraphs (at newlines) of words (at breaking spaces)."""
    paragraphs: list[list[_Word]] = [[]]
    segments: list[tuple[str, str]] = []
    gap: str | None = None

    def end_word() -> None:
        nonlocal segments, gap
        if segments:
            paragraphs[-1].append(_Word(tuple(segments), gap))
            segments, gap = [], None

    for span in spans:
        # Composed letters keep accents in the letter's own font and are what
        # hyphenation dictionaries expect.
        for token in _TOKENS.findall(unicodedata.normalize("NFC", span.text)):
            if token == "\n":
                end_word()
                paragraphs.append([])
            elif token[0] in _BREAKING_SPACES:
                end_word()
                gap = span.style
            elif segments and segments[-1][0] == span.style:
                segments[-1] = (span.style, segments[-1][1] + token)
            else:
                segments.append((span.style, token))
    end_word()
    while paragraphs and not paragraphs[-1]:
        paragraphs.pop()
    while paragraphs and not paragraphs[0]:
        paragraphs.pop(0)
    return tuple(tuple(words) for words in paragraphs)


def _gap_font(before: _Word, word: _Word, fonts: FontSet) -> str:
    """The font of the space between two words: that of the word before it when the
    style allows, so "Tiếng Việt" stays one run (one font switch fewer, and PDF
    text extraction keeps the words on one line)."""
    style, text = before.segments[-1]
    if style == word.gap:
        return fonts.runs(text + " ", style)[-1][0]
    return fonts.runs(" ", word.gap)[0][0]


@lru_cache(maxsize=65536)
def _run_width(font: str, text: str) -> float:
    return pdfmetrics.stringWidth(text, font, 1.0)


# --- breaking lines ----------------------------------------------------------


def _break_all(measured: _Measured, size, width, max_lines) -> list[tuple[list, float]] | None:
    """Lines as (items, width in points) for every paragraph, or None if they don't fit."""
    lines: list[tuple[list, float]] = []
    for items in measured.paragraphs:
        broken = _break_paragraph(items, measured, size, width)
        if broken is None:
            return None
        _avoid_widow(broken, size, width)
        lines.extend((row, _line_width(row, size)) for row in broken)
        if max_lines is not None and len(lines) > max_lines:
            return None
    return lines


def _line_width(row: Sequence[_Item], size: float) -> float:
    """Width of items set on one line. Breaking adds widths in this same order, so a
    line's recorded width is exactly the number that was checked against the limit."""
    total = 0.0
    for i, item in enumerate(row):
        total += (item.gap * size if i else 0.0) + item.width * size
    return total


def _break_paragraph(items, measured: _Measured, size, width) -> list[list[_Item]] | None:
    """Greedy first fit: each line takes as many words as fit."""
    lines: list[list[_Item]] = [[]]
    line_width = 0.0
    for item in items:
        while True:
            gap = item.gap * size if lines[-1] else 0.0
            item_width = item.width * size
            if line_width + (gap + item_width) <= width:
                lines[-1].append(item)
                line_width += gap + item_width
                break
            if lines[-1] and item_width <= width:
                lines.append([])
                line_width = 0.0
                continue
            # Wider than a whole line: hyphenate it, filling the current line first.
            split = _split_item(item, line_width, gap, measured, size, width)
            if split is None and not lines[-1]:
                return None
            if split is not None:
                head, item = split
                lines[-1].append(head)
            lines.append([])
            line_width = 0.0
    return lines


def _split_item(item: _Item, used, gap, measured: _Measured, size, width):
    """The longest hyphenated head of `item` that fits after `used` points of a line
    (plus `gap` before it), and the rest; None if no break point allows it."""
    for head, tail in measured.splits(item):
        if used + (gap + head.width * size) <= width:
            return head, tail
    return None


def _slice(word: _Word, start: int, end: int, suffix: str) -> _Word:
    """Characters start:end of `word`, keeping their styles, plus `suffix` in the
    style of the last one."""
    segments: list[tuple[str, str]] = []
    offset = 0
    for style, text in word.segments:
        part = text[max(start - offset, 0) : max(end - offset, 0)]
        if part:
            segments.append((style, part))
        offset += len(text)
    style, last = segments[-1]
    segments[-1] = (style, last + suffix)
    return _Word(tuple(segments), word.gap)


@lru_cache(maxsize=4096)
def _break_points(text: str, language: str) -> tuple[int, ...]:
    """Indexes where `text` may break: dictionary hyphenation points of its letters
    and the places after hyphens it already has. Never anywhere else."""
    points = {i + 1 for i, char in enumerate(text[:-1]) if char in _HYPHENS and i > 0}
    dictionary = _dictionary(language)
    if dictionary is not None:
        # Hyphenate each run of letters, so quotes and punctuation don't confuse it.
        start = 0
        while start < len(text):
            if not text[start].isalpha():
                start += 1
                continue
            end = start
            while end < len(text) and text[end].isalpha():
                end += 1
            # Points with data change the spelling (old German "ck" -> "k-k"); skip them.
            positions = dictionary.positions(text[start:end])
            points.update(start + p for p in positions if getattr(p, "data", None) is None)
            start = end
    return tuple(sorted(points))


@cache
def _dictionary(language: str) -> pyphen.Pyphen | None:
    """Pyphen for `language`, its base language ("es-MX" -> "es"), or None."""
    found = pyphen.language_fallback(language.replace("-", "_")) if language else None
    return pyphen.Pyphen(lang=found) if found else None


def _avoid_widow(lines: list[list[_Item]], size, width) -> None:
    """Bring one word down to a paragraph's lone last word, then more while that
    makes the last two lines closer in width. The line above keeps two words."""
    if len(lines) < 2 or len(lines[-1]) != 1:
        return
    moved = 0
    while _can_move(lines, size, width):
        above, last = lines[-2], lines[-1]
        before = abs(_line_width(above, size) - _line_width(last, size))
        after = abs(_line_width(above[:-1], size) - _line_width([above[-1], *last], size))
        if moved and after >= before:
            return
        last.insert(0, above.pop())
        moved += 1


def _can_move(lines: list[list[_Item]], size, width) -> bool:
    above, last = lines[-2], lines[-1]
    return (
        len(above) >= 3
        and not above[-1].word.hyphenated
        and last[0].word.gap is not None
        and _line_width([above[-1], *last], size) <= width
    )


# --- building pieces ---------------------------------------------------------


def _block(lines: list[tuple[list[_Item], float]], measured: _Measured, size, leading) -> Block:
    if measured.plain:
        font = measured.plain
        built = tuple(Line((Piece(font, size, " ".join(item.word.segments[0][1] for item in row), 0.0),),
                           line_width) for row, line_width in lines)
    else:
        built = tuple(Line(_pieces(row, measured.fonts, size), line_width) for row, line_width in lines)
    return Block(built, size, size * leading)


def _pieces(row: list[_Item], fonts: FontSet, size: float) -> tuple[Piece, ...]:
    """One piece per change of font. Each word segment is split into font runs on
    its own and each space set in its own font, exactly as measured, so the
    pieces end where the line's width says."""
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
        for style, text in item.word.segments:
            for run_font, part in fonts.runs(text, style):
                if run_font == font:
                    runs[-1][1].append(part)
                else:
                    font = run_font
                    runs.append([font, [part], x])
                x += _run_width(run_font, part) * size
    return tuple(Piece(name, size, "".join(parts), start) for name, parts, start in runs)
