"""Tests for the card grid on a sheet: slots, duplex mirroring, cut lines and crop marks."""

from __future__ import annotations

import math
from dataclasses import astuple

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cardgen.choices import CARDS, PAPERS
from cardgen.layout.sheet import Mark, Rect, SheetLayout, back_room, cut_lines, sheet_layout
from cardgen.units import INCH, MM

TOLERANCE = 1e-6  # points
LETTER, A4 = PAPERS["letter"], PAPERS["a4"]
POKER = CARDS["poker"]


def trims(layout: SheetLayout) -> list[float]:
    """Every slot's x, y, width and height in one flat list, for pytest.approx."""
    return [v for s in layout.slots for v in (s.x, s.y, s.width, s.height)]


# --- Concrete layouts, worked out by hand -------------------------------------------


def test_poker_on_letter_is_4x2_landscape_so_every_cut_has_its_marks():
    layout = sheet_layout(LETTER, POKER)
    assert (layout.page_width, layout.page_height) == (792, 612)
    assert (layout.columns, layout.rows, layout.per_sheet, layout.landscape) == (4, 2, 8, True)
    # 4 x 180 = 720 pt wide: (792 - 720) / 2 = 36 each side; 2 x 252 = 504 pt tall:
    # (612 - 504) / 2 = 54 top and bottom. Top row first, left to right.
    expected = [v for y in (306, 54) for x in (36, 216, 396, 576) for v in (x, y, 180, 252)]
    assert trims(layout) == pytest.approx(expected, abs=0.01)


def test_poker_on_letter_without_marks_is_3x3_portrait_centred():
    # 3 x 3 leaves 18 pt (6.35 mm) above and below the grid: a mark 2.5 mm out would
    # end inside the 4.2 mm a laser printer leaves blank. Without marks, nine fit.
    layout = sheet_layout(LETTER, POKER, marks=False)
    assert (layout.page_width, layout.page_height) == (612, 792)
    assert (layout.columns, layout.rows, layout.per_sheet) == (3, 3, 9)
    assert not layout.landscape
    expected = [v for y in (522, 270, 18) for x in (36, 216, 396) for v in (x, y, 180, 252)]
    assert trims(layout) == pytest.approx(expected, abs=0.01)


# Cards a sheet, with crop marks: light backs (no bleed) and full backs (2.5 mm bleed).
NAMES = tuple(CARDS)  # poker, bridge, mini, tarot, square, large, business, index
PER_SHEET = {
    ("letter", 0.0): (8, 8, 16, 4, 6, 4, 10, 4),
    ("letter", 2.5): (6, 8, 12, 4, 6, 4, 8, 4),
    ("a4", 0.0): (9, 9, 18, 4, 8, 4, 10, 4),
    ("a4", 2.5): (8, 8, 12, 4, 6, 4, 10, 4),
}


@pytest.mark.parametrize("paper, bleed_mm", list(PER_SHEET))
def test_cards_a_sheet_on_letter_and_a4(paper, bleed_mm):
    counts = {name: sheet_layout(PAPERS[paper], size, bleed_mm * MM).per_sheet
              for name, size in CARDS.items()}
    assert counts == dict(zip(NAMES, PER_SHEET[paper, bleed_mm], strict=True))


def test_poker_on_a4_is_3x3_portrait_centred():
    layout = sheet_layout(A4, POKER)
    assert (layout.columns, layout.rows, layout.landscape) == (3, 3, False)
    left, bottom = (210 * MM - 540) / 2, (297 * MM - 756) / 2  # 27.64 and 42.94 pt
    assert astuple(layout.slots[0]) == pytest.approx((left, bottom + 504, 180, 252), abs=0.01)
    assert astuple(layout.slots[8]) == pytest.approx((left + 360, bottom, 180, 252), abs=0.01)


def test_business_cards_on_letter_turn_the_page():
    # Portrait holds 2 x 5 = 10; landscape 792 pt wide holds 3 x 252 = 756 and
    # 612 pt tall holds 4 x 144 = 576, both inside the 6 mm (17.01 pt) margin: 12,
    # with no room for marks (18 pt around the grid).
    layout = sheet_layout(LETTER, CARDS["business"], marks=False)
    assert layout.landscape
    assert (layout.page_width, layout.page_height) == (792, 612)
    assert (layout.columns, layout.rows) == (3, 4)
    assert astuple(layout.slots[0]) == pytest.approx((18, 18 + 432, 252, 144), abs=0.01)
    assert astuple(layout.slots[-1]) == pytest.approx((18 + 504, 18, 252, 144), abs=0.01)
    # The card itself is never rotated.
    assert all((s.width, s.height) == (252, 144) for s in layout.slots)


def test_large_cards_on_letter_are_2x2():
    layout = sheet_layout(LETTER, CARDS["large"])
    assert (layout.columns, layout.rows, layout.landscape) == (2, 2, False)
    assert astuple(layout.slots[0]) == pytest.approx((54, 36 + 360, 252, 360), abs=0.01)


def test_mini_cards_on_letter_are_18_landscape_without_marks():
    # Portrait: 4 x 4 = 16. Landscape: 6 x 126 = 756 <= 757.98 and 3 x 180 <= 577.98.
    layout = sheet_layout(LETTER, CARDS["mini"], marks=False)
    assert (layout.columns, layout.rows, layout.landscape) == (6, 3, True)
    assert layout.slots[0].x == pytest.approx((792 - 756) / 2, abs=0.01)


def test_tarot_on_a4_ties_and_stays_portrait():
    # 2 x 2 either way round; a tie keeps the page portrait.
    layout = sheet_layout(A4, CARDS["tarot"])
    assert (layout.columns, layout.rows, layout.landscape) == (2, 2, False)


def test_landscape_paper_is_treated_like_portrait():
    assert sheet_layout((792, 612), POKER) == sheet_layout(LETTER, POKER)


def test_bleed_keeps_neighbours_two_bleeds_apart():
    bleed = 0.125 * INCH
    layout = sheet_layout(LETTER, POKER, bleed=bleed)
    # 3 x (180 + 18) = 594 > 577.98 no longer fits across a portrait letter page;
    # landscape holds 3 x 198 = 594 <= 757.98 by 2 x 270 = 540 <= 577.98.
    assert (layout.columns, layout.rows, layout.landscape) == (3, 2, True)
    first, second, below = layout.slots[0], layout.slots[1], layout.slots[3]
    assert second.x - first.right == pytest.approx(2 * bleed)
    assert first.y - below.top == pytest.approx(2 * bleed)
    assert astuple(layout.bleed_rect(0)) == pytest.approx((first.x - 9, first.y - 9, 198, 270))
    assert astuple(layout.grid_rect) == pytest.approx(((792 - 594) / 2, (612 - 540) / 2, 594, 540))


def test_card_too_big_says_so_in_mm():
    with pytest.raises(ValueError) as caught:
        sheet_layout(A4, (300 * MM, 100 * MM), bleed=3 * MM)
    assert str(caught.value) == (
        "a 300 x 100 mm card with 3 mm bleed on each side is larger than the printable "
        "area of 210 x 297 mm paper (198 x 285 mm inside the 6 mm margin), either way "
        "round; use bigger paper or a smaller card"
    )


def test_card_that_fits_only_without_margin_is_refused():
    with pytest.raises(ValueError, match="larger than the printable area"):
        sheet_layout(LETTER, (8 * INCH, 10.8 * INCH))
    assert sheet_layout(LETTER, (8 * INCH, 10.8 * INCH), margin=0).per_sheet == 1


@pytest.mark.parametrize(
    "card, bleed, margin", [((0, 10), 0, 0), ((10, 10), -1, 0), ((10, 10), 0, -1)]
)
def test_nonsense_inputs_are_refused(card, bleed, margin):
    with pytest.raises(ValueError):
        sheet_layout(LETTER, card, bleed=bleed, margin=margin)


# --- Duplex ------------------------------------------------------------------------


def test_back_slots_of_poker_on_a4():
    layout = sheet_layout(A4, POKER)
    # Portrait: the long edge is vertical, so a long-edge flip mirrors columns.
    assert [layout.back_index(i, "long") for i in range(9)] == [2, 1, 0, 5, 4, 3, 8, 7, 6]
    assert [layout.back_index(i, "short") for i in range(9)] == [6, 7, 8, 3, 4, 5, 0, 1, 2]
    assert layout.back_slot(0, "long") == layout.slots[2]


def test_back_slots_on_a_landscape_page():
    layout = sheet_layout(LETTER, CARDS["business"], marks=False)  # landscape, 3 x 4
    assert layout.back_index(0, "long") == 9  # rows mirror
    assert layout.back_index(0, "short") == 2  # columns mirror
    assert layout.back_index(4, "long") == 7


def test_back_slot_refuses_bad_arguments():
    layout = sheet_layout(LETTER, POKER)
    with pytest.raises(ValueError, match='duplex must be "long" or "short"'):
        layout.back_slot(0, "simplex")
    with pytest.raises(IndexError):
        layout.back_slot(9, "long")
    with pytest.raises(IndexError):
        layout.back_slot(-1, "long")


# --- Cut lines and crop marks ------------------------------------------------------


def test_cut_lines_of_poker_on_letter():
    xs, ys = cut_lines(sheet_layout(LETTER, POKER))
    assert xs == pytest.approx([36, 216, 396, 576, 756])
    assert ys == pytest.approx([54, 306, 558])


def test_bleed_doubles_the_inner_cuts():
    layout = sheet_layout(A4, POKER, bleed=1 * MM)
    xs, ys = cut_lines(layout)
    assert len(xs) == 2 * layout.columns and len(ys) == 2 * layout.rows
    assert xs[2] - xs[1] == pytest.approx(2 * MM)


def test_marks_of_poker_on_letter_are_5mm_long_and_far_from_the_edge():
    layout = sheet_layout(LETTER, POKER)
    # 54 pt (19.05 mm) between the grid and the paper's top edge: a whole 5 mm mark
    # 2.5 mm out, ending 11.55 mm from the edge.
    top_marks = sorted(astuple(m) for m in layout.marks if m.y1 > 558)
    expected = [(x, 558 + 2.5 * MM, x, 558 + 7.5 * MM) for x in (36, 216, 396, 576, 756)]
    assert [v for m in top_marks for v in m] == pytest.approx([v for m in expected for v in m])
    assert len(layout.marks) == 16  # 5 vertical cuts x 2 + 3 horizontal cuts x 2


@pytest.mark.parametrize("room_mm, clearance_mm", [(9, 5), (8, 4.2), (7.7, 4.2)])
def test_a_mark_stops_5mm_from_the_edge_or_4_2mm_if_5_leaves_no_mark(room_mm, clearance_mm):
    card = (60 * MM, 90 * MM)
    paper = (card[0] + 2 * room_mm * MM, card[1] + 2 * room_mm * MM)
    layout = sheet_layout(paper, card)
    assert layout.per_sheet == 1
    top = [m for m in layout.marks if m.x1 == m.x2 and m.y1 > card[1]]
    assert len(top) == 2 and len(layout.marks) == 8
    for mark in top:
        assert mark.y1 == pytest.approx(paper[1] - room_mm * MM + 2.5 * MM)
        assert mark.y2 == pytest.approx(paper[1] - clearance_mm * MM)


def test_marks_are_5mm_long_when_there_is_room():
    paper, card = (100 * MM, 150 * MM), (60 * MM, 90 * MM)  # 20 mm around the grid
    layout = sheet_layout(paper, card)
    left_cut_top = [astuple(m) for m in layout.marks if m.x1 == m.x2 and m.y1 > 75 * MM]
    assert sorted(left_cut_top)[0] == pytest.approx(
        (20 * MM, 122.5 * MM, 20 * MM, 127.5 * MM)
    )
    assert all(
        math.hypot(m.x2 - m.x1, m.y2 - m.y1) == pytest.approx(5 * MM) for m in layout.marks
    )
    assert len(layout.marks) == 8


def test_no_marks_when_the_grid_fills_the_paper():
    assert sheet_layout((180, 252), POKER, margin=0).marks == ()


def test_marks_can_be_turned_off():
    assert sheet_layout(LETTER, POKER, marks=False).marks == ()


# --- Properties over random papers, cards, bleeds and margins --------------------

lengths_mm = st.floats(min_value=20, max_value=200, allow_nan=False, allow_infinity=False)
papers = st.tuples(
    st.floats(min_value=50, max_value=600), st.floats(min_value=50, max_value=600)
).map(lambda wh: (wh[0] * MM, wh[1] * MM))
cards = st.tuples(lengths_mm, lengths_mm).map(lambda wh: (wh[0] * MM, wh[1] * MM))
bleeds = st.floats(min_value=0, max_value=6).map(lambda mm: mm * MM)
margins = st.floats(min_value=0, max_value=15).map(lambda mm: mm * MM)


def most(available: float, pitch: float) -> int:
    """How many pitches fit in `available` points, forgiving float noise."""
    return max(0, math.floor((available + TOLERANCE) / pitch))


MARK_ROOM = (2.5 + 1 + 4.2) * MM  # gap, shortest mark, a laser printer's blank edge


def fits(paper, card, bleed, margin) -> tuple[int, int]:
    """(portrait count, landscape count), from the rule as the issues state it: inside
    the margin, and with room for marks around the grid if any card fits that way."""
    with_marks = fits_inside(paper, card, bleed, max(margin, MARK_ROOM))
    return with_marks if max(with_marks) else fits_inside(paper, card, bleed, margin)


def room_for_marks(paper, card, bleed, margin) -> bool:
    return max(fits_inside(paper, card, bleed, max(margin, MARK_ROOM))) > 0


def fits_inside(paper, card, bleed, margin) -> tuple[int, int]:
    short, long = sorted(paper)
    pitch_x, pitch_y = card[0] + 2 * bleed, card[1] + 2 * bleed
    portrait = most(short - 2 * margin, pitch_x) * most(long - 2 * margin, pitch_y)
    landscape = most(long - 2 * margin, pitch_x) * most(short - 2 * margin, pitch_y)
    return portrait, landscape


def layout_or_skip(paper, card, bleed, margin=6 * MM) -> SheetLayout:
    assume(max(fits(paper, card, bleed, margin)) > 0)
    return sheet_layout(paper, card, bleed=bleed, margin=margin)


def touches(mark: Mark, rect: Rect) -> bool:
    """Whether a mark meets a rectangle, edges included."""
    return (
        mark.x1 <= rect.right + TOLERANCE
        and mark.x2 >= rect.x - TOLERANCE
        and mark.y1 <= rect.top + TOLERANCE
        and mark.y2 >= rect.y - TOLERANCE
    )


@given(papers, cards, bleeds, margins)
def test_raises_exactly_when_nothing_fits(paper, card, bleed, margin):
    if max(fits(paper, card, bleed, margin)) == 0:
        with pytest.raises(ValueError, match="larger than the printable area"):
            sheet_layout(paper, card, bleed=bleed, margin=margin)
    else:
        assert sheet_layout(paper, card, bleed=bleed, margin=margin).per_sheet > 0


@given(papers, cards, bleeds, margins)
def test_count_is_the_better_orientation(paper, card, bleed, margin):
    layout = layout_or_skip(paper, card, bleed, margin)
    portrait, landscape = fits(paper, card, bleed, margin)
    assert layout.per_sheet == max(portrait, landscape) == len(layout.slots)
    assert layout.landscape == (landscape > portrait)
    assert layout.landscape == (layout.page_width > layout.page_height)
    # Maximal: one more column or row would cross the margin (the room for marks).
    if room_for_marks(paper, card, bleed, margin):
        margin = max(margin, MARK_ROOM)
    available_x = layout.page_width - 2 * margin
    available_y = layout.page_height - 2 * margin
    assert (layout.columns + 1) * (card[0] + 2 * bleed) > available_x
    assert (layout.rows + 1) * (card[1] + 2 * bleed) > available_y


@given(papers, cards, bleeds, margins)
def test_slots_stay_inside_the_margin_and_never_overlap(paper, card, bleed, margin):
    layout = layout_or_skip(paper, card, bleed, margin)
    printable = Rect(0, 0, layout.page_width, layout.page_height).inset(margin)
    bleed_rects = [layout.bleed_rect(i) for i in range(layout.per_sheet)]
    assert all(printable.contains(r) for r in bleed_rects)
    for i, first in enumerate(bleed_rects):
        for second in bleed_rects[i + 1 :]:
            assert not first.overlaps(second)
    # The card is never rotated.
    assert all((s.width, s.height) == card for s in layout.slots)


@given(papers, cards, bleeds)
def test_slots_are_in_deck_order_and_neighbours_share_their_bleed(paper, card, bleed):
    layout = layout_or_skip(paper, card, bleed)
    for index, slot in enumerate(layout.slots):
        row, column = divmod(index, layout.columns)
        if column:
            left = layout.slots[index - 1]
            assert slot.x - left.right == pytest.approx(2 * bleed, abs=TOLERANCE)
            assert slot.y == pytest.approx(left.y, abs=TOLERANCE)
        if row:
            above = layout.slots[index - layout.columns]
            assert above.y - slot.top == pytest.approx(2 * bleed, abs=TOLERANCE)
            assert slot.x == pytest.approx(above.x, abs=TOLERANCE)


@given(papers, cards, bleeds, margins)
def test_grid_is_centred(paper, card, bleed, margin):
    layout = layout_or_skip(paper, card, bleed, margin)
    grid = layout.grid_rect
    assert grid.x == pytest.approx(layout.page_width - grid.right, abs=TOLERANCE)
    assert grid.y == pytest.approx(layout.page_height - grid.top, abs=TOLERANCE)


@given(papers, cards, bleeds, st.sampled_from(["long", "short"]))
def test_back_slot_is_an_involution_and_a_mirror_image(paper, card, bleed, duplex):
    layout = layout_or_skip(paper, card, bleed)
    # The sheet turns over its long edge or its short edge; which of those is
    # vertical depends on the page's orientation (a square page counts as portrait).
    long_edge_vertical = layout.page_height >= layout.page_width
    over_vertical_edge = (duplex == "long") == long_edge_vertical
    backs = [layout.back_index(i, duplex) for i in range(layout.per_sheet)]
    assert sorted(backs) == list(range(layout.per_sheet))
    for index, front in enumerate(layout.slots):
        assert layout.back_index(backs[index], duplex) == index
        back = layout.back_slot(index, duplex)
        if over_vertical_edge:
            mirror = Rect(layout.page_width - front.right, front.y, front.width, front.height)
        else:
            mirror = Rect(front.x, layout.page_height - front.top, front.width, front.height)
        assert (back.x, back.y) == pytest.approx((mirror.x, mirror.y), abs=TOLERANCE)


def check_marks(layout: SheetLayout) -> None:
    """Every mark is a 1 to 5 mm hairline in line with a cut, clear of every card and
    2.5 mm clear of the grid, at least 4.2 mm inside the paper (a laser printer's blank
    edge), and 5 mm inside unless that would leave it shorter than 1 mm."""
    grid = layout.grid_rect
    xs, ys = cut_lines(layout)
    for mark in layout.marks:
        assert mark.x1 == mark.x2 or mark.y1 == mark.y2
        assert mark.x1 <= mark.x2 and mark.y1 <= mark.y2
        assert mark.x1 in xs if mark.x1 == mark.x2 else mark.y1 in ys
        length = (mark.x2 - mark.x1) + (mark.y2 - mark.y1)
        assert 1 * MM - TOLERANCE <= length <= 5 * MM + TOLERANCE
        assert min(mark.x1, mark.y1, layout.page_width - mark.x2,
                   layout.page_height - mark.y2) >= 4.2 * MM - TOLERANCE
        if mark.x1 == mark.x2:  # how far its outer end is from the edge it runs to
            clearance = min(mark.y1, layout.page_height - mark.y2)
        else:
            clearance = min(mark.x1, layout.page_width - mark.x2)
        if clearance < 5 * MM - TOLERANCE:
            assert length == pytest.approx(min(5 * MM, clearance + length - 4.2 * MM))
            assert clearance + length - 5 * MM < 1 * MM  # 5 mm would leave under 1 mm
        assert not any(touches(mark, layout.bleed_rect(i)) for i in range(layout.per_sheet))
        # 2.5 mm clear of the grid's bleed edge, never beside it.
        assert not touches(mark, grid.inset(-2.5 * MM + 2 * TOLERANCE))


def ends_marked(layout: SheetLayout) -> bool:
    """Whether every cut has a mark at each of its ends: above and below the grid for
    a vertical cut, left and right of it for a horizontal one."""
    grid = layout.grid_rect
    xs, ys = cut_lines(layout)
    above = {m.x1 for m in layout.marks if m.x1 == m.x2 and m.y1 > grid.top}
    below = {m.x1 for m in layout.marks if m.x1 == m.x2 and m.y2 < grid.y}
    right = {m.y1 for m in layout.marks if m.y1 == m.y2 and m.x1 > grid.right}
    left = {m.y1 for m in layout.marks if m.y1 == m.y2 and m.x2 < grid.x}
    return above == below == set(xs) and left == right == set(ys)


@given(papers, cards, bleeds, margins)
def test_marks_stay_in_the_margin(paper, card, bleed, margin):
    check_marks(layout_or_skip(paper, card, bleed, margin))


@given(papers, cards, bleeds, margins)
def test_every_cut_is_marked_at_both_ends_when_the_paper_has_room(paper, card, bleed, margin):
    layout = layout_or_skip(paper, card, bleed, margin)
    xs, ys = cut_lines(layout)
    # Cuts closer than TOLERANCE are one cut: a bleed that small is no bleed.
    if 2 * bleed > TOLERANCE:
        assert (len(xs), len(ys)) == (2 * layout.columns, 2 * layout.rows)
    else:
        assert (len(xs), len(ys)) == (layout.columns + 1, layout.rows + 1)
    if room_for_marks(paper, card, bleed, margin):
        assert ends_marked(layout)


# Light backs (no bleed), full backs' 2.5 mm, a shop's 3 mm and 1/8 in, and a wide 6 mm.
SHEET_BLEEDS = (0.0, 2.5 * MM, 3 * MM, INCH / 8, 6 * MM)


@pytest.mark.parametrize("bleed", SHEET_BLEEDS)
@pytest.mark.parametrize("card", list(CARDS))
@pytest.mark.parametrize("paper", list(PAPERS))
def test_every_paper_and_card_has_every_cut_marked_inside_the_printable_area(paper, card,
                                                                              bleed):
    layout = sheet_layout(PAPERS[paper], CARDS[card], bleed)
    check_marks(layout)
    assert ends_marked(layout)


def test_back_room_is_the_margin_around_the_backs():
    layout = sheet_layout(PAPERS["letter"], (2.5 * INCH, 3.5 * INCH))
    assert back_room(layout, "long") == pytest.approx((0.5 * INCH, 0.5 * INCH, 0.75 * INCH,
                                                       0.75 * INCH))
