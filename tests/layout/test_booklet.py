"""Booklet plans: folding the printed sheets back up gives the pages in reading order."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.choices import IMPOSITIONS, PAPERS
from cardgen.layout.booklet import (
    NOTE_EDGE,
    Placement,
    Plan,
    SheetSide,
    largest_creep,
    note_position,
    plan,
)
from cardgen.units import INCH, MM

LETTER = (8.5 * INCH, 11 * INCH)
LEGAL = (8.5 * INCH, 14 * INCH)
A4 = (210 * MM, 297 * MM)
QUARTER_LETTER = (4.25 * INCH, 5.5 * INCH)
HALF_LETTER = (5.5 * INCH, 8.5 * INCH)
A6 = (105 * MM, 148 * MM)
A5 = (148 * MM, 210 * MM)

# (layout, page size, paper) as booklets pair them: pocket sizes on a quarter sheet, saddle on a
# half.
BOOKLETS = [
    ("pocket", QUARTER_LETTER, LETTER),
    ("pocket", A6, A4),
    ("saddle", HALF_LETTER, LETTER),
    ("saddle", A5, A4),
]


# ---- the physical process, from the placements alone -------------------------


@dataclasses.dataclass(frozen=True)
class Seen:
    """A page as it ends up on a folded sheet: where, and whether a reader sees it upright."""

    page: int
    centre_x: float  # in the front side's coordinates
    centre_y: float
    upright: bool


def _flip_mirrors_columns(plan_: Plan) -> bool:
    """Whether turning the sheet over for the back mirrors x (else it mirrors y)."""
    portrait = plan_.sheet_width < plan_.sheet_height
    if plan_.duplex == "long":
        return portrait  # a portrait sheet's long edge is vertical
    if plan_.duplex == "short":
        return not portrait
    raise AssertionError(f"not a duplex plan: {plan_.duplex}")


def _seen(plan_: Plan, placement: Placement, back: bool) -> Seen:
    assert placement.page is not None
    w, h = plan_.sheet_width, plan_.sheet_height
    cx = placement.x + plan_.page_width / 2
    cy = placement.y + plan_.page_height / 2
    if not back:
        return Seen(placement.page, cx, cy, placement.rotate == 0)
    mirror_x = _flip_mirrors_columns(plan_)
    # The back's point (x, y) lies behind the front's (W - x, y) or (x, H - y).
    fx, fy = (w - cx, cy) if mirror_x else (cx, h - cy)
    # A reader turns the leaf over the vertical spine, which mirrors x once more:
    # with a column-mirroring flip the two cancel; a row-mirroring flip leaves the
    # page turned by 180 degrees.
    upright = (placement.rotate == 0) == mirror_x
    return Seen(placement.page, fx, fy, upright)


def _stacks(plan_: Plan) -> list[list[tuple[list[Seen], list[Seen]]]]:
    """Print, then cut: one stack per booklet copy, each a list of (front, back) per sheet."""
    assert len(plan_.sides) % 2 == 0
    h = plan_.sheet_height
    # Pocket sheets (the portrait ones) are cut across the middle into two stacks.
    copies = 2 if plan_.sheet_width < plan_.sheet_height else 1
    stacks: list[list[tuple[list[Seen], list[Seen]]]] = [[] for _ in range(copies)]
    for k in range(len(plan_.sides) // 2):
        front, back = plan_.sides[2 * k], plan_.sides[2 * k + 1]
        assert {p.sheet for p in front.placements + back.placements} == {k}
        seen_front = [_seen(plan_, p, back=False) for p in front.placements]
        seen_back = [_seen(plan_, p, back=True) for p in back.placements]
        for copy in range(copies):
            # Copy 0 is the top half after the cut.
            lo, hi = h - (copy + 1) * h / copies, h - copy * h / copies
            stacks[copy].append(
                (
                    [s for s in seen_front if lo < s.centre_y < hi],
                    [s for s in seen_back if lo < s.centre_y < hi],
                )
            )
    return stacks


def _read(stack: list[tuple[list[Seen], list[Seen]]], fold_x: float,
          rtl: bool = False) -> list[Seen]:
    """Nest the sheets (first outermost), fold each with its front outside, read it.

    The right half of each folded sheet is a leaf in the front half of the
    booklet (outer face first), the left half a leaf in the back half (inner
    face first); the deepest sheet holds the centre spread. A booklet that opens
    from the right (`rtl`, its spine at the cover's right edge) is read the other
    way: the left halves are the front half's leaves.
    """
    first_leaves, second_leaves = [], []
    for front, back in stack:

        def one(seen: list[Seen], right: bool) -> Seen:
            found = [s for s in seen if (s.centre_x > fold_x) == right]
            assert len(found) == 1, f"expected one page per half, got {found}"
            return found[0]

        first_leaves.append((one(front, not rtl), one(back, not rtl)))
        second_leaves.append((one(back, rtl), one(front, rtl)))
    order = [face for leaf in first_leaves for face in leaf]
    order += [face for leaf in reversed(second_leaves) for face in leaf]
    return order


def _fold_back(plan_: Plan, rtl: bool = False) -> list[list[Seen]]:
    return [_read(stack, plan_.sheet_width / 2, rtl) for stack in _stacks(plan_)]


def _assert_reads_in_order(plan_: Plan, pages: int, rtl: bool = False) -> None:
    booklets = _fold_back(plan_, rtl)
    for booklet in booklets:
        assert [s.page for s in booklet] == list(range(pages))
        assert all(s.upright for s in booklet)


# ---- pocket and saddle --------------------------------------------------------


@pytest.mark.parametrize("layout, page_size, paper", BOOKLETS)
@pytest.mark.parametrize("pages", range(4, 41, 4))
def test_folded_sheets_read_in_order(layout, page_size, paper, pages):
    result = plan(layout, pages, page_size, paper)
    _assert_reads_in_order(result, pages)
    assert len(_fold_back(result)) == (2 if layout == "pocket" else 1)
    assert len(result.sides) == 2 * (pages // 4)


@settings(max_examples=60, deadline=None)
@given(
    booklet=st.sampled_from(BOOKLETS),
    pages=st.integers(1, 16).map(lambda m: 4 * m),
    creep=st.floats(0, 0.3 * MM),
)
def test_folded_sheets_read_in_order_with_creep(booklet, pages, creep):
    layout, page_size, paper = booklet
    result = plan(layout, pages, page_size, paper, creep=creep)
    _assert_reads_in_order(result, pages)
    # Every copy places each page exactly once.
    placed = sorted(p.page for side in result.sides for p in side.placements)
    copies = 2 if layout == "pocket" else 1
    assert placed == sorted(list(range(pages)) * copies)


@settings(max_examples=60, deadline=None)
@given(
    booklet=st.sampled_from(BOOKLETS),
    pages=st.integers(1, 16).map(lambda m: 4 * m),
    creep=st.floats(0, 0.3 * MM),
)
def test_a_right_to_left_booklet_folds_into_pages_read_from_the_right(booklet, pages, creep):
    """Arabic and Hebrew booklets open from the right: folded, the sheets give pages
    1..n with the spine at the cover's right edge, every page upright."""
    layout, page_size, paper = booklet
    result = plan(layout, pages, page_size, paper, creep=creep, direction="rtl")
    _assert_reads_in_order(result, pages, rtl=True)
    placed = sorted(p.page for side in result.sides for p in side.placements)
    assert placed == sorted(list(range(pages)) * (2 if layout == "pocket" else 1))
    # The same sheets, read as a book that opens from the left, are out of order.
    with pytest.raises(AssertionError):
        _assert_reads_in_order(result, pages)


@pytest.mark.parametrize("layout", ["pocket", "saddle"])
def test_a_right_to_left_outer_sheet_has_its_cover_on_the_left(layout):
    page_size, paper = (QUARTER_LETTER, LETTER) if layout == "pocket" else (HALF_LETTER, LETTER)
    result = plan(layout, 12, page_size, paper, direction="rtl")

    def left_right(side):
        row = sorted(side.placements, key=lambda p: (-p.y, p.x))[:2]
        return [p.page + 1 for p in row]

    assert left_right(result.sides[0]) == [1, 12]
    assert left_right(result.sides[1]) == [11, 2]
    assert left_right(result.sides[4]) == [5, 8]
    assert left_right(result.sides[5]) == [7, 6]
    # Creep still moves each page toward the fold: the cells are where they were.
    ltr = plan(layout, 12, page_size, paper, creep=0.1 * MM)
    rtl = plan(layout, 12, page_size, paper, creep=0.1 * MM, direction="rtl")
    for a, b in zip(ltr.sides, rtl.sides):
        assert ([(p.x, p.y, p.cell) for p in a.placements]
                == [(p.x, p.y, p.cell) for p in b.placements])


def test_a_booklet_runs_one_way_or_the_other():
    with pytest.raises(ValueError, match="a booklet runs ltr or rtl, got 'up'"):
        plan("pocket", 8, QUARTER_LETTER, LETTER, direction="up")


@pytest.mark.parametrize("layout, page_size, paper", BOOKLETS)
def test_the_simulation_notices_the_wrong_flip(layout, page_size, paper):
    """Guard for the fold-back test: the other flip turns every back upside down."""
    right = plan(layout, 8, page_size, paper)
    wrong = dataclasses.replace(right, duplex="short" if right.duplex == "long" else "long")
    with pytest.raises(AssertionError):
        _assert_reads_in_order(wrong, 8)
    booklets = _fold_back(wrong)
    upside_down = [s for booklet in booklets for s in booklet if not s.upright]
    assert len(upside_down) == 4 * len(booklets)  # the 4 pages on the backs of 2 sheets


@pytest.mark.parametrize("layout", ["pocket", "saddle"])
def test_outer_sheet_carries_first_and_last_pages(layout):
    # Saddle stitching: the outer sheet carries n and 1 on its front, 2 and n-1 on its back.
    page_size, paper = (QUARTER_LETTER, LETTER) if layout == "pocket" else (HALF_LETTER, LETTER)
    result = plan(layout, 12, page_size, paper)

    def left_right(side):
        row = sorted(side.placements, key=lambda p: (-p.y, p.x))[:2]
        return [p.page + 1 for p in row]

    assert left_right(result.sides[0]) == [12, 1]
    assert left_right(result.sides[1]) == [2, 11]
    assert left_right(result.sides[4]) == [8, 5]
    assert left_right(result.sides[5]) == [6, 7]


@pytest.mark.parametrize(
    "layout, page_size, paper, sheet, duplex",
    [
        ("pocket", QUARTER_LETTER, LETTER, (612, 792), "long"),
        ("pocket", A6, A4, (595.28, 841.89), "long"),
        ("pocket", A6, (A4[1], A4[0]), (595.28, 841.89), "long"),
        ("saddle", HALF_LETTER, LETTER, (792, 612), "short"),
        ("saddle", A5, A4, (841.89, 595.28), "short"),
        ("zine", (198, 306), LETTER, (792, 612), "none"),
    ],
)
def test_sheet_size_and_duplex(layout, page_size, paper, sheet, duplex):
    result = plan(layout, 8, page_size, paper)
    assert (result.sheet_width, result.sheet_height) == pytest.approx(sheet, abs=0.01)
    assert result.duplex == duplex
    assert (result.page_width, result.page_height) == pytest.approx(page_size, abs=0.01)
    assert result.how_to == f"impose_{layout}"  # its words: cardgen/deck/languages/


@pytest.mark.parametrize("layout, page_size, paper", BOOKLETS + [("zine", (198, 306), LETTER)])
def test_pages_sit_centred_in_cells_that_tile_the_sheet(layout, page_size, paper):
    result = plan(layout, 8, page_size, paper)
    w, h = result.sheet_width, result.sheet_height
    for side in result.sides:
        cells = [p.cell for p in side.placements]
        area = sum((c[2] - c[0]) * (c[3] - c[1]) for c in cells)
        assert area == pytest.approx(w * h)
        for p in side.placements:
            x0, y0, x1, y1 = p.cell
            assert 0 <= x0 < x1 <= w + 0.01 and 0 <= y0 < y1 <= h + 0.01
            assert p.x - x0 == pytest.approx(x1 - (p.x + result.page_width), abs=0.01)
            assert p.y - y0 == pytest.approx(y1 - (p.y + result.page_height), abs=0.01)
            assert p.x >= x0 - 0.01 and p.y >= y0 - 0.01
        for a in cells:
            for b in cells:
                if a is not b:
                    overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                    overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                    assert overlap_x <= 0.01 or overlap_y <= 0.01


def test_a6_on_a4_is_centred_in_its_quarter():
    result = plan("pocket", 4, A6, A4)
    bottom_left = min(result.sides[0].placements, key=lambda p: (p.y, p.x))
    # The A4 quarter is 105 x 148.5 mm: 0.25 mm to spare above and below.
    assert bottom_left.x == pytest.approx(0, abs=0.01)
    assert bottom_left.y == pytest.approx(0.25 * MM, abs=0.01)


def test_pocket_halves_are_identical_copies():
    result = plan("pocket", 16, QUARTER_LETTER, LETTER, creep=0.1 * MM)
    half = result.sheet_height / 2
    for side in result.sides:
        top = sorted((p.page, p.x, p.y - half, p.rotate) for p in side.placements if p.y >= half)
        bottom = sorted((p.page, p.x, p.y, p.rotate) for p in side.placements if p.y < half)
        assert len(top) == len(bottom) == 2
        for a, b in zip(top, bottom):
            assert a[0] == b[0] and a[3] == b[3]
            assert a[1:3] == pytest.approx(b[1:3], abs=0.01)


@pytest.mark.parametrize("layout, page_size, paper", BOOKLETS)
def test_creep_moves_sheet_k_by_k_times_creep_toward_the_spine(layout, page_size, paper):
    creep = 0.1 * MM
    flat = plan(layout, 40, page_size, paper)
    crept = plan(layout, 40, page_size, paper, creep=creep)
    spine = flat.sheet_width / 2
    for flat_side, crept_side in zip(flat.sides, crept.sides):
        for before, after in zip(flat_side.placements, crept_side.placements):
            assert (before.page, before.sheet, before.cell) == (after.page, after.sheet, after.cell)
            toward_spine = 1 if before.x + flat.page_width / 2 < spine else -1
            assert after.x - before.x == pytest.approx(toward_spine * after.sheet * creep, abs=1e-6)
            assert after.y == before.y
    # Outermost sheet stays put; the innermost (sheet 9 of 10) moves 9 creeps.
    shifts = {
        before.sheet: abs(after.x - before.x)
        for flat_side, crept_side in zip(flat.sides, crept.sides)
        for before, after in zip(flat_side.placements, crept_side.placements)
    }
    assert shifts[0] == 0
    assert shifts[9] == pytest.approx(9 * creep)


@pytest.mark.parametrize(
    "layout, page_size, paper, message",
    [
        ("saddle", A5, LETTER, "^148 x 210 mm booklet pages do not fit the 139.7 x 215.9 mm half"),
        ("pocket", A6, LETTER, "^105 x 148 mm booklet pages do not fit the 107.95 x 139.7 mm "),
        ("pocket", QUARTER_LETTER, A4, "^107.95 x 139.7 mm booklet pages do not fit the 105 x"),
        ("zine", A6, LETTER, "the 69.85 x 107.95 mm eighth of a landscape 279.4 x 215.9 mm sheet"),
    ],
)
def test_pages_too_big_for_their_cells_are_refused(layout, page_size, paper, message):
    with pytest.raises(ValueError, match=message):
        plan(layout, 8, page_size, paper)


@pytest.mark.parametrize("layout", ["pocket", "saddle"])
@pytest.mark.parametrize("pages", [0, 2, 6, 10])
def test_saddle_stitch_needs_a_multiple_of_four(layout, pages):
    with pytest.raises(ValueError, match=f"multiple of 4, got {pages}"):
        plan(layout, pages, QUARTER_LETTER, LETTER)


def test_unknown_layout_and_negative_creep_are_refused():
    message = "unknown booklet layout 'pamphlet'; choose one of pocket, saddle, zine, none"
    with pytest.raises(ValueError, match=message):
        plan("pamphlet", 8, QUARTER_LETTER, LETTER)
    with pytest.raises(ValueError, match="creep must not be negative"):
        plan("pocket", 8, QUARTER_LETTER, LETTER, creep=-1)
    assert tuple(IMPOSITIONS) == ("pocket", "saddle", "zine", "none")


# ---- zine ---------------------------------------------------------------------


def test_zine_grid():
    result = plan("zine", 8, (198, 306), LETTER)
    (side,) = result.sides
    rows = sorted(side.placements, key=lambda p: (-p.y, p.x))
    assert [p.page + 1 for p in rows[:4]] == [5, 4, 3, 2]
    assert [p.page + 1 for p in rows[4:]] == [6, 7, 8, 1]
    assert [p.rotate for p in rows] == [180] * 4 + [0] * 4
    cover = rows[-1]
    assert (cover.x, cover.y) == pytest.approx((594, 0))
    assert {p.sheet for p in rows} == {0}


def _zine_reading_order(result: Plan, rtl: bool = False) -> list[Seen]:
    """Fold the zine lengthwise (top row behind), then walk the strip's surface.

    After the lengthwise fold the sheet is a strip of four panels, printed on
    both faces. The slit and the push fold it so that the reader walks the strip
    as a loop: the cover (front face, rightmost panel), round the right end to
    the back face from right to left, round the left end to the front face from
    left to right. A zine that opens from the right (`rtl`) is walked the other
    way round, from its cover on the leftmost panel.
    """
    (side,) = result.sides
    w, h = result.sheet_width, result.sheet_height
    panel = w / 4
    front, back = {}, {}
    for p in side.placements:
        cx = p.x + result.page_width / 2
        cy = p.y + result.page_height / 2
        column = int(cx // panel)
        if cy < h / 2:
            front[column] = Seen(p.page, cx, cy, p.rotate == 0)
        else:
            # Folded down behind: y mirrors about the fold; seen from behind, x
            # mirrors too, so a page printed upside down comes out upright.
            back[column] = Seen(p.page, cx, h - cy, p.rotate == 180)
    assert sorted(front) == sorted(back) == [0, 1, 2, 3]
    walk = [front[3]] + [back[c] for c in (3, 2, 1, 0)] + [front[c] for c in (0, 1, 2)]
    if rtl:
        walk = [front[0]] + [back[c] for c in (0, 1, 2, 3)] + [front[c] for c in (3, 2, 1)]
    return walk


def test_zine_folds_into_pages_in_order():
    result = plan("zine", 8, (198, 306), LETTER)
    walk = _zine_reading_order(result)
    assert [s.page for s in walk] == list(range(8))
    assert all(s.upright for s in walk)


def test_a_right_to_left_zine_folds_into_pages_read_from_the_right():
    result = plan("zine", 8, (198, 306), LETTER, direction="rtl")
    (side,) = result.sides
    rows = sorted(side.placements, key=lambda p: (-p.y, p.x))
    assert [p.page + 1 for p in rows] == [2, 3, 4, 5, 1, 8, 7, 6]
    walk = _zine_reading_order(result, rtl=True)
    assert [s.page for s in walk] == list(range(8))
    assert all(s.upright for s in walk)
    assert [s.page for s in _zine_reading_order(result)] != list(range(8))


def test_zine_fold_notices_an_upright_top_row():
    result = plan("zine", 8, (198, 306), LETTER)
    (side,) = result.sides
    upright = tuple(dataclasses.replace(p, rotate=0) for p in side.placements)
    flat = dataclasses.replace(result, sides=(SheetSide(upright),))
    assert not all(s.upright for s in _zine_reading_order(flat))


@pytest.mark.parametrize("pages", [4, 12, 16])
def test_zine_needs_exactly_eight_pages(pages):
    with pytest.raises(ValueError, match=f"the zine layout needs exactly 8 pages, got {pages}"):
        plan("zine", pages, (198, 306), LETTER)


def test_zine_on_a4():
    page = (297 / 4 * MM, 105 * MM)
    result = plan("zine", 8, page, A4)
    assert (result.sheet_width, result.sheet_height) == pytest.approx((841.89, 595.28), abs=0.01)
    assert [s.page for s in _zine_reading_order(result)] == list(range(8))


# ---- none ---------------------------------------------------------------------


def test_none_is_one_page_per_sheet_in_reading_order():
    result = plan("none", 6, A6, A4, creep=1)
    assert (result.sheet_width, result.sheet_height) == A6
    assert result.duplex == "none"
    assert [s.placements for s in result.sides] == [
        (Placement(i, 0.0, 0.0, 0, i, (0.0, 0.0, A6[0], A6[1])),) for i in range(6)
    ]


# ---- where the how-to line goes ------------------------------------------------


def _trimmed(plan_: Plan) -> Plan:
    """The plan as if each page were trimmed to its own size: its cell is the page."""
    w, h = plan_.page_width, plan_.page_height
    sides = tuple(
        SheetSide(tuple(dataclasses.replace(p, cell=(p.x, p.y, p.x + w, p.y + h))
                        for p in side.placements))
        for side in plan_.sides
    )
    return dataclasses.replace(plan_, sides=sides)


@pytest.mark.parametrize("layout", ["pocket", "saddle", "zine", "none"])
@pytest.mark.parametrize("paper", [A4, LEGAL])
def test_no_note_where_the_cells_fill_the_sheet(layout, paper):
    """Cut and folded, every part of a pocket, saddle or zine sheet is in someone's
    booklet: a note anywhere on it lands on a page."""
    size = {"pocket": A6, "saddle": A5, "zine": (198, 297), "none": A6}[layout]
    assert note_position(plan(layout, 8, size, paper), 100, 5, 1.5) is None


def test_a_note_goes_in_waste_outside_every_cell():
    result = _trimmed(plan("pocket", 8, QUARTER_LETTER, LEGAL))
    x, y, angle = note_position(result, 400, 5, 1.5)
    assert angle == 0
    assert y - 1.5 == pytest.approx(NOTE_EDGE)
    assert x == pytest.approx((result.sheet_width - 400) / 2)
    lowest_page = min(p.y for side in result.sides for p in side.placements)
    assert y + 5 < lowest_page


def test_note_runs_up_a_side_margin_when_only_those_are_free():
    # Half-letter on landscape legal: 0.75 in free left and right, none top and bottom.
    result = _trimmed(plan("saddle", 8, HALF_LETTER, LEGAL))
    x, y, angle = note_position(result, 400, 5, 1.5)
    assert angle == 90
    assert x - 5 == pytest.approx(NOTE_EDGE)
    leftmost_page = min(p.x for side in result.sides for p in side.placements)
    assert x + 1.5 < leftmost_page
    assert y == pytest.approx((result.sheet_height - 400) / 2)


def test_note_too_long_for_the_margin_is_dropped():
    result = _trimmed(plan("pocket", 8, QUARTER_LETTER, LEGAL))
    assert note_position(result, result.sheet_width, 5, 1.5) is None


# --- the largest creep ------------------------------------------------------------------


@given(pages=st.integers(2, 40).map(lambda n: 4 * n), keep=st.floats(0, 30),
       layout=st.sampled_from(["pocket", "saddle"]), paper=st.sampled_from(["letter", "a4"]))
def test_largest_creep_moves_the_innermost_pages_exactly_to_their_limit(pages, keep, layout, paper):
    size = (4.25 * INCH, 5.5 * INCH) if layout == "pocket" else (5.5 * INCH, 8.5 * INCH)
    if paper == "a4":
        size = (105 * MM, 148 * MM) if layout == "pocket" else (148 * MM, 210 * MM)
    creep = largest_creep(plan(layout, pages, size, PAPERS[paper]), [(keep, keep)] * pages)
    moved = plan(layout, pages, size, PAPERS[paper], creep)
    fold = moved.sheet_width / 2
    inner = [p for side in moved.sides[-2:] for p in side.placements]
    past = [(p.x + moved.page_width - fold) if p.cell[0] < fold else (fold - p.x) for p in inner]
    assert max(past) == pytest.approx(keep, abs=1e-6)


def test_a_booklet_of_one_sheet_takes_any_creep():
    sheet = plan("pocket", 4, (4.25 * INCH, 5.5 * INCH), PAPERS["letter"])
    assert largest_creep(sheet, [(9.0, 9.0)] * 4) is None
