"""Where the lines of a paragraph break: as few lines as a first-fit breaker would
use, then the breaks that even out their lengths, keeping words that belong to the
next one off the ends of lines (cardgen/linebreaks.yaml).

Part of the text engine (text/words.py measures, text/blocks.py sets and draws).
Widths and sizes are in PDF points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from cardgen.text.linebreaks import BOUND
from cardgen.text.words import Cuts, Item, Measured, units

Rows = list[tuple[list[Item], float]]  # lines as (items, width in points)
# A paragraph's lines as (start, end) item indexes, or (start, end, width in points).
Breaks = Sequence[tuple[int, int]] | Sequence[tuple[int, int, float]]


class Lines(Rows):
    """Each line's items and its width in points; `stranded` counts the lines that end
    on a word belonging to the next one ("I", "Dr.", "¿Qué"), where no break avoided it."""

    stranded: int = 0
    paragraphs: Sequence[int] = ()  # the paragraph each line belongs to

# The last line's share of the raggedness: it may end shorter than the lines above
# it, but a long line over a short one is still worse than two even ones.
LAST_LINE_WEIGHT = 0.5
# Faults, worst first. A word stranded at a line's end ("I / still", "¿Qué /") trips
# the reader; a line of one word in a paragraph of several only looks wrong.
STRANDED = 2
LONE_WORD = 1
# Ending a line inside a phrase costs as much raggedness as a line this much (a
# share of the width) short: "If you used less, / what would" beats "If you used /
# less, what would" unless the lines come out much less even.
INSIDE_PHRASE = 0.3


def break_all(measured: Measured, size, width, max_lines) -> Lines | None:
    """Lines as (items, width in points) for every paragraph, or None if they don't fit.

    Each paragraph takes as few lines as first fit would. With `max_lines`, one
    that cannot then avoid a fault (see `balanced`) may take lines to spare.
    """
    paragraphs: list[Rows] = []
    hyphenated: set[int] = set()
    count = 0
    laid_out = _laid_out(measured, size, width)
    for index, items in enumerate(measured.paragraphs):
        broken = balanced(items, partial(measured.endings, index), size, width,
                          paragraph=laid_out[index])
        if broken is None:  # a word wider than a whole line: hyphenate as it comes
            rows = first_fit(items, measured, size, width)
            if rows is None:
                return None
            avoid_widow(rows, size, width)
            broken = [(row, line_width(row, size)) for row in rows]
            hyphenated.add(index)
        paragraphs.append(broken)
        count += len(broken)
        if max_lines is not None and count > max_lines:
            return None
    spare = 0 if max_lines is None else max_lines - count
    for index, broken in enumerate(paragraphs):
        if spare <= 0:
            break
        if index not in hyphenated and faults(_spans(broken), measured.endings(index)):
            looser = balanced(measured.paragraphs[index],
                              partial(measured.endings, index), size, width, spare)
            if looser is not None and len(looser) > len(broken):
                spare -= len(looser) - len(broken)
                paragraphs[index] = looser
    if len(paragraphs) == 1:  # most texts
        lines = Lines(paragraphs[0])
        lines.paragraphs = [0] * len(lines)
    else:
        lines = Lines(line for broken in paragraphs for line in broken)
        lines.paragraphs = [index for index, broken in enumerate(paragraphs) for _ in broken]
    lines.stranded = sum(_bound_ends(_spans(broken), measured.endings(index))
                         for index, broken in enumerate(paragraphs)
                         if len(broken) > 1 and index not in hyphenated)
    return lines


def fewest_lines(measured: Measured, size, width) -> int | None:
    """How many lines `break_all` without `max_lines` sets: first fit's count, which
    `balanced` keeps, found without choosing the breaks; None when a word is wider
    than a line (only hyphenating tells)."""
    count = 0
    for paragraph in _laid_out(measured, size, width):
        if paragraph is None:
            count += 1
        elif paragraph.too_wide:
            return None
        else:
            count += len(paragraph.first_fit)
    return count


def _laid_out(measured: Measured, size, width) -> list[_Paragraph | None]:
    """Each paragraph of `measured` at `size` and `width` (None for an empty one), made
    once for counting lines and breaking them."""
    key = (size, width)
    found = measured.laid_out.get(key)
    if found is None:
        if len(measured.laid_out) >= 8:  # a text is tried at a few sizes, not more
            measured.laid_out.clear()
        found = measured.laid_out[key] = [
            _Paragraph(measured.units(index), size, width) if items else None
            for index, items in enumerate(measured.paragraphs)]
    return found


def line_width(row: Sequence[Item], size: float) -> float:
    """Width of items set on one line. Breaking adds widths in this same order, so a
    line's recorded width is exactly the number that was checked against the limit."""
    total = 0.0
    for i, item in enumerate(row):
        total += (item.gap * size if i else 0.0) + item.width * size
    return total


# --- total fit ---------------------------------------------------------------


def balanced(items: list[Item], endings: Callable[[], list[int]], size, width,
             spare: int = 0, paragraph: _Paragraph | None = None) -> Rows | None:
    """The paragraph in as few lines as first fit gives, broken where the line
    lengths come out most even; None when a word is wider than `width` (it must
    be hyphenated, which first fit does).

    Among breaks into that many lines, the fewest faults win, then the least
    raggedness: the sum of each line's squared shortfall from `width`, the last
    line's counted at LAST_LINE_WEIGHT, and INSIDE_PHRASE for each line that ends
    inside a phrase rather than after punctuation (`endings()`, linebreaks.WORD).
    The faults are a line ending on a word that belongs to the next
    (linebreaks.BOUND; STRANDED), and a line of one word in a paragraph of
    several lines (LONE_WORD). Up to `spare` more lines are used when they mean
    fewer faults; with no way around a fault, the paragraph is set with it.
    """
    count = len(items)
    if count == 0:
        return [([], 0.0)]
    paragraph = paragraph or _Paragraph(units(items), size, width)
    if paragraph.too_wide:
        return None
    fewest = len(paragraph.first_fit)
    if fewest == 1:
        return [(list(items), paragraph.first_width)]
    ends = endings()
    best = paragraph.best(ends, fewest)
    assert best is not None  # first fit found this many lines: there is a way to set them
    found = faults(best, ends) if spare else 0
    for lines in range(fewest + 1, min(fewest + spare, count) + 1):
        if not found:
            break
        looser = paragraph.best(ends, lines)
        if looser is not None and faults(looser, ends) < found:
            best, found = looser, faults(looser, ends)
    return [(items[start:end], line) for start, end, line in best]  # a slice is a new list


class _Paragraph:
    """One paragraph's items at one size: widths in points, and where first fit
    breaks it, forwards and backwards."""

    def __init__(self, units: tuple[list[float], list[float]], size: float, width: float):
        """`units`: the items' widths and the gaps before them at 1 pt (see `units`)."""
        self.width = width
        self.words = words = [unit * size for unit in units[0]]
        # What an item adds to a line after its neighbour, summed as line_width sums.
        self.steps = [gap * size + word for gap, word in zip(units[1], words)]
        self.too_wide = max(words) > width
        if not self.too_wide:
            self.first_fit, self.first_width = self._forwards()

    def _forwards(self) -> tuple[list[int], float]:
        """Where each line ends when each takes as many items as fit (after k lines, no
        setting has reached further), and the first line's width."""
        ends: list[int] = []
        count, start = len(self.words), 0
        words, steps, width = self.words, self.steps, self.width
        first = 0.0
        while start < count:
            total, end = words[start], start + 1
            while end < count and total + steps[end] <= width:
                total += steps[end]
                end += 1
            if not ends:
                first = total
            ends.append(end)
            start = end
        return ends, first

    def _backwards(self) -> list[int]:
        """Where each line starts, last line first, when lines are filled from the
        end: the items after a break at j fit in m more lines only if j is at least
        the m-th of these. Summed the other way round, so a hair's slack is allowed;
        the breaks themselves are checked with the forward sums."""
        starts, end = [], len(self.words)
        words, width = self.words, self.width + 1e-9
        gaps = [step - word for step, word in zip(self.steps, words)]
        while end > 0:
            total, start = words[end - 1], end - 1
            while start > 0 and total + gaps[start] + words[start - 1] <= width:
                total += gaps[start] + words[start - 1]
                start -= 1
            starts.append(start)
            end = start
        return starts

    def best(self, endings: list[int], lines: int) -> list[tuple[int, int, float]] | None:
        """(start, end, width) of each of `lines` lines, the fewest faults and then the
        least raggedness first (see `balanced`); None if there cannot be that many.

        Dynamic programming over the breaks after each line, each looked for only
        between where first fit from the start and from the end would put it."""
        count, width = len(self.words), self.width
        forwards, backwards = self.first_fit, self._backwards()
        if lines > count:
            return None
        # After k lines a break lies in [low[k], high[k]].
        low = [max(k, backwards[lines - k - 1] if lines - k - 1 < len(backwards) else 0)
               for k in range(lines)] + [count]
        high = [0] + [min(forwards[k - 1] if k - 1 < len(forwards) else count, count - lines + k)
                      for k in range(1, lines + 1)]
        low[0] = 0
        fault = (count + 1) * width * width  # more than all the raggedness a paragraph can have
        # What ending a line after each kind of word costs (linebreaks.PHRASE, WORD, BOUND).
        after = (0.0, (INSIDE_PHRASE * width) ** 2, STRANDED * fault)
        lone = LONE_WORD * fault
        words, steps = self.words, self.steps
        # best[k][j]: (cost, start, width) of the best way to end line k at item j.
        best: list[dict[int, tuple[float, int, float]]] = [{0: (0.0, -1, 0.0)}]
        for k in range(1, lines + 1):
            here: dict[int, tuple[float, int, float]] = {}
            lowest, highest, last = low[k], high[k], k == lines
            for start, (cost, _, _) in best[k - 1].items():
                total, end = words[start], start + 1
                while end <= highest:
                    if end >= lowest:
                        short = width - total
                        if last:
                            cost_here = cost + LAST_LINE_WEIGHT * short * short
                        else:
                            cost_here = cost + short * short + after[endings[end - 1]]
                        if end == start + 1:
                            cost_here += lone
                        found = here.get(end)
                        if found is None or cost_here < found[0]:
                            here[end] = (cost_here, start, total)
                    if end == count or total + steps[end] > width:
                        break
                    total += steps[end]
                    end += 1
            if not here:
                return None
            best.append(here)
        if count not in best[lines]:
            return None
        breaks, end = [], count
        for k in range(lines, 0, -1):
            _, start, line = best[k][end]
            breaks.append((start, end, line))
            end = start
        return breaks[::-1]


def faults(breaks: Breaks, endings: list[int]) -> int:
    """The weighed faults of a paragraph's lines, given as (start, end, ...) item
    indexes: lines that end on a word belonging to the next, lines of one word
    when there are several lines."""
    found = STRANDED * _bound_ends(breaks, endings)
    if len(breaks) > 1:
        found += LONE_WORD * sum(line[1] - line[0] == 1 for line in breaks)
    return found


def _bound_ends(breaks: Breaks, endings: list[int]) -> int:
    """How many of a paragraph's lines (its last aside) end on a word bound to the next."""
    return sum(endings[line[1] - 1] == BOUND for line in breaks[:-1])


def _spans(lines: Sequence[tuple[list[Item], float]]) -> list[tuple[int, int]]:
    """(start, end) item indexes of each line."""
    found, start = [], 0
    for row, _ in lines:
        found.append((start, start + len(row)))
        start += len(row)
    return found


# --- first fit, hyphenating long words ------------------------------------------


def first_fit(items, measured: Measured, size, width) -> list[list[Item]] | None:
    """Greedy first fit: each line takes as many words as fit; a word wider than
    a line is hyphenated, filling the current line first. None if it cannot be."""
    lines: list[list[Item]] = [[]]
    used = 0.0
    for item in items:
        # After a break inside this item's word: (its Cuts, the break point's index).
        # The rest is made into an item only once it fits: each line of a long word
        # then costs a look-up, whatever the length of what is left.
        rest: tuple[Cuts, int] | None = None
        while True:
            if rest is None:
                gap = item.gap * size if lines[-1] else 0.0
                item_width = item.width * size
            else:
                gap, item_width = 0.0, (rest[0].total - rest[0].before[rest[1]]) * size
            if used + (gap + item_width) <= width:
                lines[-1].append(item if rest is None else _rest(*rest))
                used += gap + item_width
                break
            if lines[-1] and item_width <= width:
                lines.append([])
                used = 0.0
                continue
            split = _split(item, rest, used, gap, measured, size, width)
            if split is None and not lines[-1]:
                return None
            if split is not None:
                head, rest = split
                lines[-1].append(head)
            lines.append([])
            used = 0.0
    return lines


def _split(item: Item, rest: tuple[Cuts, int] | None, used, gap, measured: Measured, size,
           width) -> tuple[Item, tuple[Cuts, int]] | None:
    """The longest hyphenated head of `item` (or of what is left of it after break
    point `rest`) that fits after `used` points of a line plus `gap`, and where the
    rest starts; None if no break point allows it. Each candidate costs a look-up,
    not a measurement."""
    cuts, after = rest or (measured.cuts(item), -1)

    def fits(head_width: float) -> bool:
        return used + (gap + head_width * size) <= width

    k = cuts.longest_head(after, (width - used - gap) / size, fits)
    if k is None:
        return None
    start = cuts.points[after] if after >= 0 else 0
    word = cuts.piece(start, cuts.points[k], cuts.hyphen_fonts[k], None if rest else item.word.gap)
    if rest is None:
        head = Item(word, cuts.head_width(after, k), item.gap, item.gap_font)
    else:
        head = Item(word, cuts.head_width(after, k), 0.0, None)
    return head, (cuts, k)


def _rest(cuts: Cuts, after: int) -> Item:
    """What is left of a word after its break point `after`, as an item of its own."""
    return Item(cuts.piece(cuts.points[after], len(cuts.word.text), None, None),
                cuts.total - cuts.before[after], 0.0, None)


def avoid_widow(lines: list[list[Item]], size, width) -> None:
    """Bring one word down to a paragraph's lone last word, then more while that
    makes the last two lines closer in width. The line above keeps two words."""
    if len(lines) < 2 or len(lines[-1]) != 1:
        return
    moved = 0
    while _can_move(lines, size, width):
        above, last = lines[-2], lines[-1]
        before = abs(line_width(above, size) - line_width(last, size))
        after = abs(line_width(above[:-1], size) - line_width([above[-1], *last], size))
        if moved and after >= before:
            return
        last.insert(0, above.pop())
        moved += 1


def _can_move(lines: list[list[Item]], size, width) -> bool:
    above, last = lines[-2], lines[-1]
    return (
        len(above) >= 3
        and not above[-1].word.hyphenated
        and last[0].word.gap is not None
        and line_width([above[-1], *last], size) <= width
    )
