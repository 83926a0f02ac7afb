"""How a long intro is set on instruction cards: one size on all its cards, never under
INTRO_LEAST, split by paragraph over more cards rather than set smaller (see plans)."""

from __future__ import annotations

from collections.abc import Iterator

from cardgen.render.fitting import GAP, SAFE, CardText, Fitter

# An intro is read first and at length: it is set at this size or more on every card it
# takes (the floor in large print), on more cards rather than in smaller type.
INTRO_LEAST = 10.0


def least(maker: Fitter) -> float:
    """The least size an intro is set at when its paragraphs allow it."""
    return max(INTRO_LEAST, maker.theme.floor)


def plans(maker: Fitter, texts: list[CardText]) -> Iterator[tuple[float, list[list[CardText]]]]:
    """Ways to set the intro `texts`, best first: (size, the paragraphs of each card).

    The fewest cards that hold it at INTRO_LEAST or more, at the largest size at which
    that many hold it, every card at that one size; then smaller sizes for as many cards.
    Only an intro with a paragraph too long for a card at INTRO_LEAST goes under it, to
    the floor, as any other card would."""
    sizes = maker.theme.sizes(maker.width, maker.height)
    bar = least(maker)
    for tier in ([s for s in sizes if s >= bar - 1e-9], [s for s in sizes if s < bar - 1e-9]):
        splits = [(size, IntroSplit(maker, texts, size)) for size in tier]
        counted = [(size, split, split.count()) for size, split in splits]
        counts = [count for _, _, count in counted if count is not None]
        if not counts:
            continue
        for size, split, count in counted:
            if count == min(counts):
                groups = split.groups()
                assert groups is not None  # `count` says it splits
                yield size, groups


class IntroSplit:
    """Paragraphs shared over as few instruction cards as hold them at one size, as evenly
    as can be.

    Each paragraph is wrapped once at `size`, so whether a run of paragraphs fits one
    card is a sum: the count of cards comes from filling each card in turn, and the
    most even split with that count from a table over where each card may start
    (quadratic in the paragraphs, however many there are).
    """

    def __init__(self, maker: Fitter, texts: list[CardText], size: float):
        self.texts = texts
        theme = maker.theme
        self.room = maker.height - maker.band_depth - SAFE - theme.footer * 1.25 - GAP * 4
        # Running sums over the paragraphs, so any run of them is measured in one step.
        heights, lengths, gaps, broken = [0.0], [0], [0.0], [0]
        for text in texts:
            placed = maker._stack([text], size, maker.content_width)
            heights.append(heights[-1] + (placed[0][1].height if placed else 0.0))
            lengths.append(lengths[-1] + sum(len(span.text) for span in text.spans))
            gaps.append(gaps[-1] + text.gap_before)
            broken.append(broken[-1] + (placed is None))  # a word too long for a line
        self.heights, self.lengths, self.gaps, self.broken = heights, lengths, gaps, broken

    def fits(self, start: int, end: int) -> bool:
        """Whether paragraphs start:end fit one card at the split's size."""
        if self.broken[end] > self.broken[start]:
            return False
        gaps = self.gaps[end] - self.gaps[start] + (end - start - 1)
        return self.heights[end] - self.heights[start] + gaps * GAP <= self.room

    def length(self, start: int, end: int) -> int:
        return self.lengths[end] - self.lengths[start]

    def count(self) -> int | None:
        """The fewest cards the paragraphs go on; None when one alone cannot fit."""
        count = len(self.texts)
        if not all(self.fits(i, i + 1) for i in range(count)):
            return None
        cards, start = 0, 0
        while start < count:  # filling each card in turn gives the fewest cards
            end = start + 1
            while end < count and self.fits(start, end + 1):
                end += 1
            cards, start = cards + 1, end
        return cards

    def groups(self) -> list[list[CardText]] | None:
        """The paragraphs in groups, one a card; None when one alone cannot fit."""
        cards = self.count()
        if cards is None:
            return None
        count = len(self.texts)
        # longest[k][i]: the least "longest card" (in characters) that paragraphs i: can
        # have on k cards; None where they cannot go on k cards.
        longest: list[list[int | None]] = [[None] * (count + 1) for _ in range(cards + 1)]
        longest[0][count] = 0
        for k in range(1, cards + 1):
            for i in range(count - 1, -1, -1):
                for j in range(i + 1, count + 1):
                    if not self.fits(i, j):
                        break  # more paragraphs only get taller
                    rest = longest[k - 1][j]
                    if rest is not None:
                        value = max(self.length(i, j), rest)
                        current = longest[k][i]
                        longest[k][i] = value if current is None else min(current, value)
        target = longest[cards][0]
        assert target is not None  # filling in turn found a split with this many cards
        groups, start = [], 0
        for k in range(cards, 0, -1):  # the earliest cuts that keep the target, card by card
            end = next(j for j in range(start + 1, count + 1)
                       if self.fits(start, j) and self.length(start, j) <= target
                       and (longest[k - 1][j] or 0) <= target and longest[k - 1][j] is not None)
            groups.append(self.texts[start:end])
            start = end
        return groups
