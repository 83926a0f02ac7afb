"""Where the lines of a paragraph break: as few lines as a first-fit breaker would
use, then the breaks that even out their lengths, keeping words that belong to the
next one off the ends of lines (cardgen/linebreaks.yaml).

Part of the text engine (render/words.py measures, render/text.py sets and draws).
Widths and sizes are in PDF points.
"""

from __future__ import annotations

from collections.abc import Sequence

from cardgen.linebreaks import BOUND
from cardgen.render.words import Cuts, Item, Measured

Lines = list[tuple[list[Item], float]]  # each line's items and its width in points

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
    paragraphs: list[list[list[Item]]] = []
    hyphenated: set[int] = set()
    count = 0
    for index, items in enumerate(measured.paragraphs):
        broken = balanced(items, measured.endings(index), size, width)
        if broken is None:  # a word wider than a whole line: hyphenate as it comes
            broken = first_fit(items, measured, size, width)
            if broken is None:
                return None
            avoid_widow(broken, size, width)
            hyphenated.add(index)
        paragraphs.append(broken)
        count += len(broken)
        if max_lines is not None and count > max_lines:
            return None
    spare = 0 if max_lines is None else max_lines - count
    for index, broken in enumerate(paragraphs):
        if spare <= 0:
            break
        endings = measured.endings(index)
        if index not in hyphenated and faults(_spans(broken), endings):
            looser = balanced(measured.paragraphs[index], endings, size, width, spare)
            if looser is not None and len(looser) > len(broken):
                spare -= len(looser) - len(broken)
                paragraphs[index] = looser
    return [(row, line_width(row, size)) for broken in paragraphs for row in broken]


def line_width(row: Sequence[Item], size: float) -> float:
    """Width of items set on one line. Breaking adds widths in this same order, so a
    line's recorded width is exactly the number that was checked against the limit."""
    total = 0.0
    for i, item in enumerate(row):
        total += (item.gap * size if i else 0.0) + item.width * size
    return total


# --- total fit ---------------------------------------------------------------


def balanced(items: list[Item], endings: list[int], size, width,
             spare: int = 0) -> list[list[Item]] | None:
    """The paragraph in as few lines as first fit gives, broken where the line
    lengths come out most even; None when a word is wider than `width` (it must
    be hyphenated, which first fit does).

    Among breaks into that many lines, the fewest faults win, then the least
    raggedness: the sum of each line's squared shortfall from `width`, the last
    line's counted at LAST_LINE_WEIGHT, and INSIDE_PHRASE for each line that ends
    inside a phrase rather than after punctuation (`endings`, linebreaks.WORD).
    The faults are a line ending on a word that belongs to the next
    (linebreaks.BOUND; STRANDED), and a line of one word in a
    paragraph of several lines (LONE_WORD). Up to `spare` more lines are used
    when they mean fewer faults; with no way around a fault, the paragraph is
    set with it.
    """
    count = len(items)
    if count == 0:
        return [[]]
    widths = _line_widths(items, size, width)
    if widths is None:
        return None
    if len(widths[0]) == count:
        return [list(items)]
    # fewest[i]: the fewest lines items[i:] can be set in, as first fit sets them.
    fewest = [0] * (count + 1)
    for i in range(count - 1, -1, -1):
        fewest[i] = 1 + fewest[i + len(widths[i])]
    best = _best_breaks(widths, endings, fewest[0], fewest, width)
    found = faults(best, endings) if spare else 0
    for lines in range(fewest[0] + 1, min(fewest[0] + spare, count) + 1):
        if not found:
            break
        looser = _best_breaks(widths, endings, lines, fewest, width)
        if looser is not None and faults(looser, endings) < found:
            best, found = looser, faults(looser, endings)
    return [list(items[start:end]) for start, end in best]


def _best_breaks(widths: list[list[float]], endings: list[int], lines: int, fewest: list[int],
                 width: float) -> list[tuple[int, int]] | None:
    """(start, end) of each of `lines` lines, the fewest faults and then the least
    raggedness first (see `balanced`); None if the paragraph cannot take that many."""
    count = len(widths)
    fault = (count + 1) * width * width  # more than all the raggedness a paragraph can have
    # What ending a line after each kind of word costs (linebreaks.PHRASE, WORD, BOUND).
    after = (0.0, (INSIDE_PHRASE * width) ** 2, STRANDED * fault)
    lone = LONE_WORD * fault
    # best[j][k]: (cost, start of the last line) of the best way to end line k at item j.
    best: list[dict[int, tuple[float, int]]] = [{} for _ in range(count + 1)]
    best[0][0] = (0.0, -1)
    for i in range(count):
        for lines_before, (cost, _) in best[i].items():
            lines_after = lines_before + 1
            for offset, this_width in enumerate(widths[i]):
                end = i + offset + 1
                if lines_after + fewest[end] > lines or (end == count) != (lines_after == lines):
                    continue
                short = width - this_width
                if end == count:
                    cost_here = cost + LAST_LINE_WEIGHT * short * short
                else:
                    cost_here = cost + short * short + after[endings[end - 1]]
                if offset == 0:
                    cost_here += lone
                found = best[end].get(lines_after)
                if found is None or cost_here < found[0]:
                    best[end][lines_after] = (cost_here, i)
    if lines not in best[count]:
        return None
    breaks, end = [], count
    for line in range(lines, 0, -1):
        start = best[end][line][1]
        breaks.append((start, end))
        end = start
    return breaks[::-1]


def faults(breaks: list[tuple[int, int]], endings: list[int]) -> int:
    """The weighed faults of a paragraph's lines, given as (start, end) item indexes:
    lines that end on a word belonging to the next, lines of one word when there
    are several lines."""
    found = STRANDED * sum(endings[end - 1] == BOUND for _, end in breaks[:-1])
    if len(breaks) > 1:
        found += LONE_WORD * sum(end - start == 1 for start, end in breaks)
    return found


def _spans(rows: list[list[Item]]) -> list[tuple[int, int]]:
    """(start, end) item indexes of each row."""
    found, start = [], 0
    for row in rows:
        found.append((start, start + len(row)))
        start += len(row)
    return found


def _line_widths(items: list[Item], size, width) -> list[list[float]] | None:
    """For each start i, the widths of the lines items[i:j] that fit, j = i+1, i+2, ...;
    None when one item alone is wider than `width`. Summed as `line_width` sums."""
    found = []
    count = len(items)
    steps = [item.gap * size + item.width * size for item in items]
    for i in range(count):
        total = items[i].width * size
        if total > width:
            return None
        row = [total]
        for j in range(i + 1, count):
            if total + steps[j] > width:
                break
            total += steps[j]
            row.append(total)
        found.append(row)
        if i == 0 and len(row) == count:
            break  # all on one line
    return found


# --- first fit, hyphenating long words ------------------------------------------


def first_fit(items, measured: Measured, size, width) -> list[list[Item]] | None:
    """Greedy first fit: each line takes as many words as fit; a word wider than
    a line is hyphenated, filling the current line first. None if it cannot be."""
    lines: list[list[Item]] = [[]]
    used = 0.0
    for item in items:
        origin = None  # for a piece of a broken word: (its Cuts, the point it starts at)
        while True:
            gap = item.gap * size if lines[-1] else 0.0
            item_width = item.width * size
            if used + (gap + item_width) <= width:
                lines[-1].append(item)
                used += gap + item_width
                break
            if lines[-1] and item_width <= width:
                lines.append([])
                used = 0.0
                continue
            split = _split(item, origin, used, gap, measured, size, width)
            if split is None and not lines[-1]:
                return None
            if split is not None:
                head, item, origin = split
                lines[-1].append(head)
            lines.append([])
            used = 0.0
    return lines


def _split(item: Item, origin: tuple[Cuts, int] | None, used, gap, measured: Measured, size,
           width) -> tuple[Item, Item, tuple[Cuts, int]] | None:
    """The longest hyphenated head of `item` that fits after `used` points of a line
    (plus `gap` before it), the rest, and where the rest starts; None if no break
    point allows it. Each candidate costs a look-up, not a measurement."""
    cuts, after = origin or (measured.cuts(item), -1)

    def fits(head_width: float) -> bool:
        return used + (gap + head_width * size) <= width

    k = cuts.longest_head(after, (width - used - gap) / size, fits)
    if k is None:
        return None
    start = cuts.points[after] if after >= 0 else 0
    point, hyphen = cuts.points[k], cuts.hyphen_fonts[k]
    head = Item(cuts.piece(start, point, hyphen, item.word.gap), cuts.head_width(after, k),
                item.gap, item.gap_font)
    tail = Item(cuts.piece(point, len(cuts.word.text), None, None), cuts.total - cuts.before[k],
                0.0, None)
    return head, tail, (cuts, k)


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
