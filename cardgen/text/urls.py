"""Where a web address breaks across lines: as an address, never as a word.

A line of an address may end after a slash, or before a `?`, `&`, `#` or `=` (the next
line then starts with it, as no word does); before a dot only when a piece between
those is wider than the line, and before a hyphen, `_`, `~` or `%` only when a piece
is wider still. Never inside the scheme or just after it (`https://` stays with the
name that follows), and never after a hyphen the address has: "find-" at a line's
end reads as a word hyphenated, and a reader would leave the hyphen out. Nothing is
added to an address: it is printed exactly as typed. The card face, the booklet and
the back cover all break addresses here. Widths are in PDF points.
"""

from __future__ import annotations

from cardgen.text.fonts import FontSet

# The places a line may start, best first: each tier is tried only for a piece the
# tiers before it leave wider than the line.
AFTER = "/"
TIERS = ("?&#=", ".", "-_~%")


def break_points(url: str, tier: int = len(TIERS) - 1) -> tuple[int, ...]:
    """Indexes in `url` where a new line may start, with the marks of TIERS up to `tier`:
    after a slash (not between the two of `//`), before each mark; none in the scheme."""
    scheme = url.find("://")
    first = scheme + 3 if scheme > 0 else 0  # "https://" binds to what follows it
    marks = "".join(TIERS[:tier + 1])
    points = []
    for index in range(max(first, 0) + 1, len(url)):
        before, char = url[index - 1], url[index]
        if (before in AFTER and char not in AFTER) or (char in marks and before not in AFTER):
            points.append(index)
    return tuple(points)


def address_lines(url: str, fonts: FontSet, size: float, width: float,
                  style: str = "regular") -> tuple[str, ...]:
    """`url` as lines no wider than `width` at `size`: each as long as the best break
    that fits allows (see the module's docstring); a piece wider than the line with no
    break in it at all is cut between two characters, never with a hyphen added."""
    def fits(text: str) -> bool:
        return fonts.width(text, style, size) <= width + 1e-6

    tiers = [break_points(url, tier) for tier in range(len(TIERS))]
    lines: list[str] = []
    start = 0
    while not fits(url[start:]):
        end = None
        for points in tiers:
            end = next((p for p in reversed(points) if start < p and fits(url[start:p])), None)
            if end is not None:
                break
        if end is None:  # nothing to break at that fits: as many characters as do
            end = start + 1
            while end < len(url) and fits(url[start:end + 1]):
                end += 1
        lines.append(url[start:end])
        start = end
    lines.append(url[start:])
    return tuple(lines)
