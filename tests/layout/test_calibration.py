"""The geometry the duplex calibration sheet reads: scales and their zero marks, the mirror
that takes a point on the front to the same point behind it, and pin targets."""

import itertools

import pytest

from cardgen.layout.calibration import REACH, corner_targets, mirror, scale_positions
from cardgen.units import MM

LETTER = (612.0, 792.0)
A4 = (595.2756, 841.8898)
PAPERS = {"letter": LETTER, "a4": A4}
CASES = list(itertools.product(PAPERS.values(), ("long", "short")))
IDS = [f"{name}-{flip}" for name, flip in itertools.product(PAPERS, ("long", "short"))]
AXIS = {"x": 0, "y": 1}


@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_mirror_is_its_own_inverse_and_keeps_points_on_the_paper(paper, duplex):
    for point in [(0, 0), (10, 20), (paper[0], paper[1]), (300.5, 400.25)]:
        there = mirror(point, paper, duplex)
        assert 0 <= there[0] <= paper[0] and 0 <= there[1] <= paper[1]
        assert mirror(there, paper, duplex) == pytest.approx(point, abs=1e-9)


def test_mirror_by_hand():
    assert mirror((100, 50), LETTER, "long") == (512, 50)  # columns swap
    assert mirror((100, 50), LETTER, "short") == (100, 742)  # rows swap


@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_each_box_has_a_dx_and_a_dy_scale(paper, duplex):
    scales = scale_positions(paper, duplex)
    assert sorted((s.box, s.axis) for s in scales) == sorted(
        itertools.product("ABC", "xy"))
    marks = scales[0].marks()
    assert [n for n, _ in marks] == list(range(-5, 6))


@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_back_zero_mark_lies_exactly_behind_the_front_line(paper, duplex):
    for scale in scale_positions(paper, duplex):
        (x1, y1), (x2, y2) = (mirror(p, paper, duplex) for p in scale.front)
        along, across = AXIS[scale.axis], 1 - AXIS[scale.axis]
        # The front line, seen from the back, runs across the scale's axis...
        assert (x1, y1)[along] == pytest.approx((x2, y2)[along], abs=0.01)
        # ...through the 0 mark, which sits in the middle of the line.
        midpoint = ((x1 + x2) / 2, (y1 + y2) / 2)
        assert midpoint == pytest.approx(scale.zero, abs=0.01)
        assert dict(scale.marks())[0] == pytest.approx(scale.zero, abs=0.01)
        # Marks are 1 mm apart along the axis.
        steps = [b[along] - a[along] for (_, a), (_, b) in itertools.pairwise(scale.marks())]
        assert steps == pytest.approx([MM] * (2 * REACH), abs=0.01)
        assert abs(y2 - y1 if along == 0 else x2 - x1) > 0  # a line, not a point
        assert across in (0, 1)


def reading(scale, paper, duplex, error_mm):
    """What a person reads through the sheet when the back lands error_mm off (as seen on it).

    The front line stays put; every mark moves by the error. The reading is the
    label where the line crosses the row of marks, between two marks if need be.
    Returns None when the line does not cross a mark's lane (it misses the scale).
    """
    along, across = AXIS[scale.axis], 1 - AXIS[scale.axis]
    ends = [mirror(p, paper, duplex) for p in scale.front]
    line_at = ends[0][along]
    line_span = sorted(end[across] for end in ends)
    error = [e * MM for e in error_mm]
    landed = [(n, (x + error[0], y + error[1])) for n, (x, y) in scale.marks()]
    for (n1, p1), (n2, p2) in itertools.pairwise(landed):
        if p1[along] <= line_at <= p2[along]:
            # Both neighbouring marks must be under the line, or the person sees no crossing.
            for p in (p1, p2):
                assert line_span[0] <= p[across] <= line_span[1]
            return n1 + (n2 - n1) * (line_at - p1[along]) / (p2[along] - p1[along])
    return None


ERRORS = [-4.5, -2, -1.5, -0.5, 0, 0.25, 1, 2, 3.75, 5]


@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_the_number_read_is_the_correction(paper, duplex):
    """A back printed e off reads -e, for both flips, in every box, whatever the other error."""
    for scale in scale_positions(paper, duplex):
        along = AXIS[scale.axis]
        for e, other in itertools.product(ERRORS, (-5, -1.5, 0, 2.5, 5)):
            error = (e, other) if along == 0 else (other, e)
            assert reading(scale, paper, duplex, error) == pytest.approx(-e, abs=0.01), (
                scale, error)


def test_the_brief_example_back_2mm_too_far_right_reads_minus_2():
    for duplex in ("long", "short"):
        middle_dx = next(s for s in scale_positions(LETTER, duplex)
                         if (s.box, s.axis) == ("B", "x"))
        assert reading(middle_dx, LETTER, duplex, (2, 0)) == pytest.approx(-2, abs=0.01)


def test_an_error_beyond_the_scale_is_not_read():
    scale = scale_positions(A4, "long")[0]
    error = (6, 0) if scale.axis == "x" else (0, 6)
    assert reading(scale, A4, "long", error) is None


@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_scales_sit_near_the_card_area_left_middle_and_right(paper, duplex):
    width = paper[0]
    xs = sorted(s.zero[0] for s in scale_positions(paper, duplex) if s.axis == "y")
    assert xs[0] < width / 3 and width / 3 < xs[1] < 2 * width / 3 and xs[2] > 2 * width / 3
    assert xs[1] == pytest.approx(width / 2, abs=0.01)


@pytest.mark.parametrize("paper", PAPERS.values())
def test_corner_targets_are_their_own_mirror_images(paper):
    targets = sorted(corner_targets(paper))
    for duplex in ("long", "short"):
        mirrored = sorted(mirror(t, paper, duplex) for t in targets)
        for there, here in zip(mirrored, targets):
            assert there == pytest.approx(here, abs=0.01)
