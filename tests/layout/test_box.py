"""The tuck box's net: panels and flaps that fold into a box the deck fits in, on one sheet,
and the paper to name when it does not fit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardgen.choices import CARDS, PAPERS
from cardgen.layout.box import BoxTooLarge, TuckBox, deck_depth, paper_for, tuck_box
from cardgen.layout.sheet import Rect
from cardgen.units import INCH, MM

POKER = CARDS["poker"]
HUGE = (2000.0, 2000.0)  # paper on which any box in these tests fits


def edge_holds(rect: Rect, x1, y1, x2, y2) -> str | None:
    """Which side of `rect` the segment lies along ("left", "right", "bottom", "top"), if any."""
    close = lambda a, b: abs(a - b) < 1e-6  # noqa: E731
    if close(x1, x2):
        within = rect.y - 1e-6 <= min(y1, y2) and max(y1, y2) <= rect.top + 1e-6
        if within and close(x1, rect.x):
            return "left"
        if within and close(x1, rect.right):
            return "right"
    if close(y1, y2):
        within = rect.x - 1e-6 <= min(x1, x2) and max(x1, x2) <= rect.right + 1e-6
        if within and close(y1, rect.y):
            return "bottom"
        if within and close(y1, rect.top):
            return "top"
    return None


OPPOSITE = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}


def check_folds(box: TuckBox) -> None:
    """Every fold is the shared edge of exactly two panels, one on each side of it, and the
    folds hold every panel together in one piece."""
    for fold in box.folds:
        touching = {p.name: edge_holds(p.rect, fold.x1, fold.y1, fold.x2, fold.y2)
                    for p in box.panels}
        touching = {name: side for name, side in touching.items() if side}
        assert set(touching) == set(fold.between), (fold, touching)
        first, second = (touching[name] for name in fold.between)
        assert OPPOSITE[first] == second
        # The fold runs the whole shared edge of the smaller panel.
        shortest = min(box.panel(n).rect.width if first in ("top", "bottom")
                       else box.panel(n).rect.height for n in fold.between)
        assert fold.length == pytest.approx(shortest)
    joined, names = {"front"}, {p.name for p in box.panels}
    for _ in names:
        for fold in box.folds:
            if joined & set(fold.between):
                joined |= set(fold.between)
    assert joined == names and len(box.folds) == len(names) - 1  # a tree: one piece


def check_net(box: TuckBox, margin: float) -> None:
    w, h, d = box.inside
    size = lambda name: (box.panel(name).rect.width, box.panel(name).rect.height)  # noqa: E731
    # Edges that meet when the box is folded have the same length.
    assert size("front") == size("back") == pytest.approx((w, h))
    assert size("right side") == size("left side") == pytest.approx((d, h))
    assert size("lid") == size("bottom") == pytest.approx((w, d))
    assert size("tuck flap")[0] == size("bottom glue flap")[0] == pytest.approx(w)
    assert size("side glue flap")[1] == pytest.approx(h)
    for name in ("right top dust flap", "left top dust flap", "right bottom dust flap",
                 "left bottom dust flap"):
        assert size(name)[0] == pytest.approx(d)
        assert size(name)[1] <= w / 2  # two dust flaps meet inside the opening, never past
    assert size("tuck flap")[1] < h and size("bottom glue flap")[1] < h
    cx, cy, radius = box.notch
    front = box.panel("front").rect
    assert cy == pytest.approx(front.top) and cx == pytest.approx(front.x + front.width / 2)
    assert 0 < radius <= w / 4
    # No two panels share area; the cut line is one simple loop around all of them.
    rects = [p.rect for p in box.panels]
    assert not any(a.overlaps(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    assert simple(box.outline) and area(box.outline) > 0
    for panel in box.panels:
        r = panel.rect
        assert contains(box.outline, (r.x + r.width / 2, r.y + r.height / 2)), panel.name
    # Nothing near the paper's edge.
    bounds = box.bounds
    assert bounds.x >= margin - 1e-6 and bounds.y >= margin - 1e-6
    assert bounds.right <= box.page_width - margin + 1e-6
    assert bounds.top <= box.page_height - margin + 1e-6


def area(points) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1])) / 2


def simple(points) -> bool:
    """No two edges of the closed polygon cross or touch, except neighbours at their corner."""
    edges = list(zip(points, points[1:] + points[:1]))
    for i, (a, b) in enumerate(edges):
        for j in range(i + 2, len(edges)):
            if i == 0 and j == len(edges) - 1:
                continue
            c, e = edges[j]
            if _cross(a, b, c, e):
                return False
    return True


def _cross(a, b, c, d) -> bool:
    def orient(p, q, r):
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if abs(value) < 1e-9 else (1 if value > 0 else -1)

    def on(p, q, r):
        return (min(p[0], r[0]) - 1e-9 <= q[0] <= max(p[0], r[0]) + 1e-9
                and min(p[1], r[1]) - 1e-9 <= q[1] <= max(p[1], r[1]) + 1e-9)

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return any(o == 0 and on(p, q, r) for o, p, q, r in
               ((o1, a, c, b), (o2, a, d, b), (o3, c, a, d), (o4, c, b, d)))


def contains(points, point) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def on_line(tick, fold) -> bool:
    """Whether the segment `tick` lies on the infinite line through `fold`."""
    ux, uy = (fold.x2 - fold.x1) / fold.length, (fold.y2 - fold.y1) / fold.length
    return all(abs((x - fold.x1) * uy - (y - fold.y1) * ux) < 1e-6
               for x, y in (tick[:2], tick[2:]))


def check_ticks(box: TuckBox, whole: bool = True) -> None:
    """Every fold is marked by ticks on its line, in the waste: each tick outside the cut
    and crossing no edge of it, short, clear of the paper's edge; `whole`: 5 mm each and
    one at both ends of every fold's line (on paper with room for them)."""
    points = list(box.outline)
    edges = list(zip(points, points[1:] + points[:1]))
    for tick in box.ticks:
        a, b = tick[:2], tick[2:]
        length = ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
        assert 1 * MM - 1e-6 <= length <= 5 * MM + 1e-6
        assert not any(contains(points, p) for p in (a, b, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)))
        assert not any(_cross(a, b, c, e) for c, e in edges), tick
        assert all(2 * MM - 1e-6 <= v for v in tick)
        assert max(a[0], b[0]) <= box.page_width - 2 * MM + 1e-6
        assert max(a[1], b[1]) <= box.page_height - 2 * MM + 1e-6
        assert any(on_line(tick, fold) for fold in box.folds)
        if whole:
            assert length == pytest.approx(5 * MM)
    for fold in box.folds:
        marks = [tick for tick in box.ticks if on_line(tick, fold)]
        assert len(marks) == 2 if whole else len(marks) <= 2, fold


def test_folds_are_marked_in_the_waste_never_across_a_panel():
    box = tuck_box(POKER, deck_depth(73), PAPERS["letter"])
    check_ticks(box)
    # The upright fold between front and right side: a tick 2.5 mm below the net's cut
    # and one 2.5 mm above it, 5 mm each.
    fold = box.folds[0]
    assert fold.between == ("front", "right side")
    marks = sorted((t for t in box.ticks if on_line(t, fold)), key=lambda t: t[1])
    assert marks[0][1:4:2] == pytest.approx((fold.y1 - 2.5 * MM, fold.y1 - 7.5 * MM))
    assert marks[1][1:4:2] == pytest.approx((fold.y2 + 2.5 * MM, fold.y2 + 7.5 * MM))
    # The lid's fold to the tuck flap runs past the dust flaps of a thin deck (5 cards):
    # its ticks are beyond them, not on them.
    thin = tuck_box(POKER, deck_depth(5), PAPERS["letter"])
    check_ticks(thin)
    tuck = next(f for f in thin.folds if f.between == ("lid", "tuck flap"))
    dust = thin.panel("right top dust flap").rect
    left = min((t for t in thin.ticks if on_line(t, tuck)), key=lambda t: t[0])
    assert dust.y < tuck.y1 < dust.top and max(left[0], left[2]) < dust.x


def test_ticks_are_shortened_or_left_out_at_the_paper_edge():
    box = tuck_box(POKER, deck_depth(73), PAPERS["letter"])
    tight = tuck_box(POKER, deck_depth(73), (box.bounds.width + 12 * MM,
                                             box.bounds.height + 12 * MM))
    check_ticks(tight, whole=False)
    assert 0 < len(tight.ticks) < len(box.ticks) or any(
        abs(((t[0] - t[2]) ** 2 + (t[1] - t[3]) ** 2) ** 0.5 - 5 * MM) > 0.01 for t in tight.ticks)


def test_a_poker_deck_of_73_cards():
    box = tuck_box(POKER, deck_depth(73), PAPERS["letter"])
    assert box.inside == pytest.approx((64.5 * MM, 89.9 * MM, 22.9 * MM))
    assert (box.page_width, box.page_height) == (8.5 * INCH, 11 * INCH)
    check_folds(box)
    check_net(box, 6 * MM)


def test_a_big_box_turns_the_paper_and_a_bigger_one_names_a_paper():
    large = CARDS["large"]
    box = tuck_box(large, deck_depth(73), PAPERS["letter"])
    assert box.page_width > box.page_height  # landscape holds it
    check_net(box, 6 * MM)
    with pytest.raises(BoxTooLarge) as caught:
        tuck_box(large, 40 * MM, PAPERS["letter"])
    assert caught.value.size == pytest.approx(((2 * 89.9 + 2 * 41 + 10) * MM,
                                               (10 + 2 * 41 + 128 + 15) * MM))
    assert paper_for(caught.value.size) == "tabloid"
    # A user of A4 is sent to A3, a user of letter to tabloid, though tabloid is smaller.
    assert paper_for(caught.value.size, like="a4") == "a3"
    assert paper_for(caught.value.size, like="letter") == "tabloid"
    assert paper_for((2000, 2000)) is None


@given(st.floats(25, 130), st.floats(25, 130), st.floats(0, 60))
def test_any_box_folds_up(width, height, stack):
    box = tuck_box((width * MM, height * MM), stack * MM, HUGE)
    assert box.inside == pytest.approx(((width + 1) * MM, (height + 1) * MM, (stack + 1) * MM))
    check_folds(box)
    check_net(box, 6 * MM)
    check_ticks(box)
