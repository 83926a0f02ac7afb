"""Card text as measured words: paragraphs of words, the spaces between them, and
where a long word may break, each measured once for every size it is tried at.

Part of the text engine (text/blocks.py sets lines and draws them; text/breaking.py
chooses where lines break; text/hyphenation.py finds where a word may break). Widths
here are at 1 pt: multiply by the size.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import pairwise
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics

from cardgen.text import linebreaks
from cardgen.text.fonts import FontSet
from cardgen.text.hyphenation import HYPHENS, break_points
from cardgen.text.scripts import (
    SPECIAL,
    UNSPACED,
    has_local_forms,
    language_is_rtl,
    least_leading,
    paragraph_rtl,
)
from cardgen.text.shaping import advance
from cardgen.text.typography import Span

# Spaces a line may break at; no-break spaces (U+00A0, U+202F, U+2007) are not here.
BREAKING_SPACES = frozenset(" \t\r\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000")
# Line structure other than the plain space: text with any of it takes the general path.
_OTHER_BREAKS = re.compile("[\n" + "".join(sorted(BREAKING_SPACES - {" "})) + "]")
_SPACES_CLASS = "".join(sorted(BREAKING_SPACES)).replace("\t", "\\t").replace("\r", "\\r")
_TOKENS = re.compile(f"\n|[{_SPACES_CLASS}]+|[^\n{_SPACES_CLASS}]+")


# Words and items are made by the hundred thousand in a big deck: named tuples
# build several times faster than frozen dataclasses.
class Word(NamedTuple):
    """A stretch between breaking spaces; it may change style inside (**un**kind)."""

    segments: tuple[tuple[str, str], ...]  # (style, text)
    gap: str | None  # style of the space before it; None for the tail of a split word
    hyphenated: bool = False  # ends in a hyphen added at a line break
    # For a piece of a broken word: (the word's Cuts, start, end, font of the added
    # hyphen or None), so the piece is drawn in the fonts the whole word has.
    cut: tuple[Cuts, int, int, str | None] | None = None

    @property
    def text(self) -> str:
        segments = self.segments
        return segments[0][1] if len(segments) == 1 else "".join(text for _, text in segments)


Paragraph = tuple[Word, ...]


class Item(NamedTuple):
    """A word measured once for every size: widths at 1 pt, scaled by the size."""

    word: Word
    width: float  # of the word at 1 pt
    gap: float  # of the space before it at 1 pt, when it follows its neighbour on a line
    gap_font: str | None  # the font that space is drawn in
    # How its word ends a line on its own (a linebreaks.Kind value; see Measured.endings).
    end: int = linebreaks.WORD


def units(items: Sequence[Item]) -> tuple[list[float], list[float]]:
    """The widths of `items` and of the gaps before them, at 1 pt."""
    return [item.width for item in items], [item.gap for item in items]


class Cuts:
    """Where one word may break, measured once: each break point with the width of
    the text before it and of the hyphen added there (widths at 1 pt).

    Widths are summed run by run in the fonts the whole word is drawn in, so
    each candidate break costs no new measuring: a word of thousands of letters
    is broken in time proportional to its length.
    """

    def __init__(self, word: Word, fonts: FontSet, language: str):
        self.word = word
        text = word.text
        self.points = tuple(p for p in break_points(text, language)
                            if not unicodedata.combining(text[p]))
        runs: list[tuple[int, str, str, str]] = []  # (start, font, text, style) as drawn
        starts, start = [], 0
        for _, part in word.segments:
            starts.append(start)
            start += len(part)
        self.segment_starts = tuple(starts)
        start = 0
        for style, part in word.segments:
            for font, run in fonts.runs(part, style):
                runs.append((start, font, run, style))
                start += len(run)
        self.runs = tuple(runs)
        self.starts = tuple(run[0] for run in runs)
        before, hyphens, hyphen_fonts = [], [], []
        width, r, done = 0.0, 0, 0  # width of text[:done]; runs[r] holds text[done]
        for point in self.points:
            while runs[r][0] + len(runs[r][2]) < point:
                run_start, font, run, _ = runs[r]
                width += run_width(font, run[done - run_start:], language)
                done, r = run_start + len(run), r + 1
            run_start, font, run, style = runs[r]
            width += run_width(font, run[done - run_start:point - run_start], language)
            done = point
            before.append(width)
            hyphen_font = None if text[point - 1] in HYPHENS else _hyphen_font(font, style, fonts)
            hyphen_fonts.append(hyphen_font)
            hyphens.append(run_width(hyphen_font, "-", language) if hyphen_font else 0.0)
        for run_start, font, run, _ in runs[r:]:
            width += run_width(font, run[max(done - run_start, 0):], language)
        self.before, self.hyphens = tuple(before), tuple(hyphens)
        self.hyphen_fonts = tuple(hyphen_fonts)
        self.total = width

    def __eq__(self, other) -> bool:  # the same word in the same fonts cuts the same way
        return isinstance(other, Cuts) and (self.word, self.runs) == (other.word, other.runs)

    def __hash__(self) -> int:
        return hash(self.word)

    def longest_head(self, after: int, room: float, fits) -> int | None:
        """Index of the last break point past point `after` (-1: the word's start)
        whose head, hyphen included, satisfies `fits(width at 1 pt)`; None if none does.
        `room` (at 1 pt) is an upper bound on such a head's width without its hyphen."""
        base = self.before[after] if after >= 0 else 0.0
        k = bisect_right(self.before, base + room * (1 + 1e-9) + 1e-9, lo=after + 1) - 1
        while k > after:
            if fits(self.head_width(after, k)):
                return k
            k -= 1
        return None

    def head_width(self, after: int, k: int) -> float:
        base = self.before[after] if after >= 0 else 0.0
        return (self.before[k] - base) + self.hyphens[k]

    def piece(self, start: int, end: int, hyphen: str | None, gap: str | None) -> Word:
        """Characters start:end of the word as a Word of its own, with a hyphen in
        font `hyphen` added when that is not None."""
        segments: list[tuple[str, str]] = []
        word = self.word.segments
        index = bisect_right(self.segment_starts, start) - 1
        while index < len(word) and self.segment_starts[index] < end:
            offset, (style, text) = self.segment_starts[index], word[index]
            part = text[max(start - offset, 0):end - offset]
            if part:
                segments.append((style, part))
            index += 1
        if hyphen is not None:
            style, last = segments[-1]
            segments[-1] = (style, last + "-")
        return Word(tuple(segments), gap, hyphen is not None, (self, start, end, hyphen))

    def runs_between(self, start: int, end: int) -> list[tuple[str, str]]:
        """(font, text) runs of characters start:end, in the fonts of the whole word."""
        found = []
        r = bisect_right(self.starts, start) - 1
        while r < len(self.runs) and self.runs[r][0] < end:
            run_start, font, run, _ = self.runs[r]
            part = run[max(start - run_start, 0):end - run_start]
            if part:
                found.append((font, part))
            r += 1
        return found


def _hyphen_font(font: str, style: str, fonts: FontSet) -> str | None:
    """The font of a hyphen added after a letter in `font`: that font when it has one."""
    face = getattr(pdfmetrics.getFont(font), "face", None)
    if face is not None and ord("-") in getattr(face, "charToGlyph", {}):
        return font
    return fonts.font_for("-", style)


class Measured:
    """One text's paragraphs as items, with widths, break points and how good a
    place to end a line each word is, remembered."""

    def __init__(self, paragraphs: tuple[Paragraph, ...] | None, fonts: FontSet, language: str,
                 items: list[list[Item]] | None = None, plain: str | None = None):
        self.fonts = fonts.for_language(language)
        self.language = language
        self._cuts: dict[Item, Cuts] = {}
        self._endings: dict[int, list[int]] = {}
        # Each paragraph laid out at a (size, width), for text/breaking.py: a card
        # counts its lines at a size before it breaks them there.
        self.laid_out: dict[tuple[float, float], list] = {}
        self._rtl: dict[int, bool] = {}
        self._units: dict[int, tuple[list[float], list[float]]] = {}
        if items is None:
            assert paragraphs is not None  # one or the other is given
            items = [self._items(words) for words in paragraphs]
        self.paragraphs = items
        # The one font every word, space and added hyphen is in, if there is one:
        # each line is then a single piece.
        self.plain = plain

    def _items(self, words: Paragraph) -> list[Item]:
        items = []
        for i, word in enumerate(words):
            font = _gap_font(words[i - 1], word, self.fonts) if i and word.gap else None
            gap = run_width(font, " ") if font else 0.0
            items.append(Item(word, self.word_width(word), gap, font,
                              linebreaks.kind(word.text, self.language)))
        return items

    def cuts(self, item: Item) -> Cuts:
        """Where the word of `item` may break, measured."""
        found = self._cuts.get(item)
        if found is None:
            found = self._cuts[item] = Cuts(item.word, self.fonts, self.language)
        return found

    def endings(self, index: int) -> list[int]:
        """For each item of paragraph `index`: how good a place to end a line after it
        is (linebreaks.PHRASE, WORD or BOUND)."""
        found = self._endings.get(index)
        if found is None:
            items = self.paragraphs[index]
            found = [item.end for item in items]
            if max(found, default=0) > linebreaks.BOUND:  # numbers and labels: their neighbours
                found = linebreaks.resolve(found, [item.word.text for item in items])
            self._endings[index] = found
        return found

    def units(self, index: int) -> tuple[list[float], list[float]]:
        """The widths of paragraph `index`'s items and of the gaps before them, at 1 pt:
        a text is laid out at several sizes."""
        found = self._units.get(index)
        if found is None:
            found = self._units[index] = units(self.paragraphs[index])
        return found

    @property
    def least_leading(self) -> float:
        """The least leading the text's scripts need (scripts.least_leading)."""
        found = getattr(self, "_least_leading", None)
        if found is None:
            found = 0.0  # one font, or ASCII only: nothing above or below the usual lines
            if not self.plain:
                words = [item.word.text for paragraph in self.paragraphs for item in paragraph]
                if not all(word.isascii() for word in words):
                    found = least_leading(" ".join(words))
            self._least_leading = found
        return found

    def rtl(self, index: int) -> bool:
        """Whether paragraph `index` runs right to left (scripts.paragraph_rtl)."""
        found = self._rtl.get(index)
        if found is None:
            text = " ".join(item.word.text for item in self.paragraphs[index])
            found = self._rtl[index] = paragraph_rtl(text, self.language)
        return found

    def word_width(self, word: Word) -> float:
        segments = word.segments
        if len(segments) == 1:  # most words have one style
            style, text = segments[0]
            return self.fonts.width(text, style, 1.0, self.language)
        return sum(self.fonts.width(text, style, 1.0, self.language) for style, text in segments)


@lru_cache(maxsize=4096)
def measure(spans: tuple[Span, ...], fonts: FontSet, language: str) -> Measured:
    """A text measured once for every size it is tried at (a card tries several)."""
    local = fonts.for_language(language)
    items = (None if language_is_rtl(language) or has_local_forms(language)
             else plain_items(spans, local, language))
    if items:  # an empty text has no paragraph at all: the general path says so
        first = local.first(spans[0].style)
        return Measured(None, fonts, language, [items], first.name if "-" in first.chars else None)
    return Measured(prepare(spans), fonts, language)


def plain_items(spans: tuple[Span, ...], fonts: FontSet,
                language: str = "und") -> list[Item] | None:
    """The items of the commonest text, quickly: one style, one line, ordinary spaces,
    every character in the first font. None for anything else.

    The result is what `prepare` and `Measured._items` make of such a text: each
    word and each space between words in the first font.
    """
    if len(spans) != 1:
        return None
    style, text = spans[0].style, spans[0].text
    first = fonts.first(style)
    if (" " not in first.chars or not first.chars.issuperset(text) or _OTHER_BREAKS.search(text)
            or not unicodedata.is_normalized("NFC", text)
            or (not text.isascii() and SPECIAL.search(text))):
        return None
    # Every character is in the first font, none needs shaping: each word is one run in
    # it, measured as FontSet.width would, without looking for runs.
    font = first.ready()
    items: list[Item] = []
    # A word after a space is the same item wherever it stands, and so is a text's first
    # word; each is made once (see _known_items).
    known, firsts = _known_items(style, font, language)
    gap = None
    for word in text.split(" "):
        if not word:
            gap = style
            continue
        if items:
            item = known.get(word) or _remember(
                known, word, _word_item(word, style, font, language, style, spaced=True))
        elif gap is None:
            item = firsts.get(word) or _remember(
                firsts, word, _word_item(word, style, font, language, None, spaced=False))
        else:  # after spaces the text starts with
            item = _word_item(word, style, font, language, style, spaced=False)
        items.append(item)
        gap = style
    return items


_ITEMS_KEPT = 65536  # words remembered in a style and language: a big deck's vocabulary


@cache
def _known_items(style: str, font: str, language: str) -> tuple[dict[str, Item],
                                                                 dict[str, Item]]:
    """The items of the words of `language` text in `style` and `font` met so far: those
    after a space, and those that start a text. Decks repeat their words."""
    return {}, {}


def _remember(known: dict[str, Item], word: str, item: Item) -> Item:
    if len(known) >= _ITEMS_KEPT:
        known.clear()
    known[word] = item
    return item


def _word_item(word: str, style: str, font: str, language: str, gap: str | None,
               spaced: bool) -> Item:
    """`word` of `language` text in `font` (which has all its characters, and none needs
    shaping). `gap` is the style of the space before it (None at the text's start);
    `spaced` when it follows another word, whose space it then measures."""
    return Item(Word(((style, word),), gap), pdfmetrics.stringWidth(word, font, 1.0),
                _space(font) if spaced else 0.0, font if spaced else None,
                linebreaks.kind(word, language))


@lru_cache(maxsize=64)
def _space(font: str) -> float:
    return pdfmetrics.stringWidth(" ", font, 1.0)


def prepare(spans: Sequence[Span]) -> tuple[Paragraph, ...]:
    """Split spans into paragraphs (at newlines) of words (at breaking spaces)."""
    paragraphs: list[list[Word]] = [[]]
    segments: list[tuple[str, str]] = []
    gap: str | None = None

    def end_word() -> None:
        nonlocal segments, gap
        if segments:
            paragraphs[-1].extend(_unspaced_words(Word(tuple(segments), gap)))
            segments, gap = [], None

    for span in spans:
        # Composed letters keep accents in the letter's own font and are what
        # hyphenation dictionaries expect.
        for token in _TOKENS.findall(unicodedata.normalize("NFC", span.text)):
            if token == "\n":
                end_word()
                paragraphs.append([])
            elif token[0] in BREAKING_SPACES:
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


def _unspaced_words(word: Word) -> list[Word]:
    """A word of Chinese, Japanese or Korean as the pieces a line may break between
    (UAX 14): a character each, punctuation kept with the character it belongs to
    ("好，", "（今"). The pieces follow each other with no space (a gap of None)."""
    text = word.text
    if text.isascii() or UNSPACED.search(text) is None:
        return [word]
    bounds = _line_break_bounds(text)
    if len(bounds) <= 2:
        return [word]
    words, starts, start = [], [], 0
    for _, part in word.segments:
        starts.append(start)
        start += len(part)
    for k, (begin, end) in enumerate(pairwise(bounds)):
        segments = []
        for (style, part), offset in zip(word.segments, starts):
            piece = part[max(begin - offset, 0):max(end - offset, 0)]
            if piece:
                segments.append((style, piece))
        words.append(Word(tuple(segments), word.gap if k == 0 else None))
    return words


@lru_cache(maxsize=16384)
def _line_break_bounds(text: str) -> tuple[int, ...]:
    """Where the Unicode line-breaking rules allow a break in `text` (no spaces in it),
    its ends included, and cardgen's own rules allow it (linebreaks.unspaced_breaks)."""
    from uniseg.linebreak import line_break_boundaries  # lazy: 20 ms to load, for CJK only

    bounds = tuple(sorted({0, len(text), *line_break_boundaries(text)}))
    return linebreaks.unspaced_breaks(text, bounds)


def _gap_font(before: Word, word: Word, fonts: FontSet) -> str:
    """The font of the space between two words: that of the word before it when the
    style allows, so "Tiếng Việt" stays one run (one font switch fewer, and PDF
    text extraction keeps the words on one line)."""
    style, text = before.segments[-1]
    if style == word.gap:
        return fonts.runs(text + " ", style)[-1][0]
    assert word.gap is not None  # asked only of a word after a space
    return fonts.runs(" ", word.gap)[0][0]


def run_width(font: str, text: str, language: str = "und") -> float:
    """Width of a run of text in one font at 1 pt, shaped when its script needs it (for a
    deck in `language`)."""
    return advance(font, text, language)
