"""The named card and paper sizes cardgen offers, as PRINT.md lists them, in points."""

import pytest

from cardgen.choices import CARDS, PAPERS
from cardgen.units import MM

# The card sizes print shops sell: name, inches, millimetres. Both columns are checked, so a
# typo in either the table or the code shows up.
PRINT_MD_CARDS = [
    ("poker", (2.5, 3.5), (63.5, 88.9)),
    ("bridge", (2.25, 3.5), (57.15, 88.9)),
    ("mini", (1.75, 2.5), (44.45, 63.5)),
    ("tarot", (2.75, 4.75), (69.85, 120.65)),
    ("square", (2.75, 2.75), (69.85, 69.85)),
    ("large", (3.5, 5), (88.9, 127)),
    ("business", (3.5, 2), (88.9, 50.8)),
    ("index", (5, 3), (127, 76.2)),
]


@pytest.mark.parametrize("name, inches, mm", PRINT_MD_CARDS)
def test_cards_match_print_md(name, inches, mm):
    width, height = CARDS[name]
    assert (width, height) == pytest.approx((inches[0] * 72, inches[1] * 72), abs=0.01)
    assert (width, height) == pytest.approx((mm[0] * MM, mm[1] * MM), abs=0.01)


def test_card_names_are_exactly_print_mds():
    assert list(CARDS) == [name for name, _, _ in PRINT_MD_CARDS]


def test_business_and_index_are_landscape_the_rest_not():
    for name, (width, height) in CARDS.items():
        assert (width > height) == (name in {"business", "index"}), name


@pytest.mark.parametrize(
    "name, size",
    [
        ("letter", (612.0, 792.0)),
        ("a4", (595.28, 841.89)),
        ("legal", (612.0, 1008.0)),
        ("a3", (841.89, 1190.55)),
        ("tabloid", (792.0, 1224.0)),
    ],
)
def test_papers_are_portrait_points(name, size):
    assert PAPERS[name] == pytest.approx(size, abs=0.01)
    assert PAPERS[name][0] <= PAPERS[name][1]
