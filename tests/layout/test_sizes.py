"""Paper and card sizes as a user types them: a name, or a card's WIDTHxHEIGHT, in points.
The named sizes themselves are in tests/test_choices.py."""

import pytest

from cardgen.layout.sizes import parse_card, parse_paper
from cardgen.units import INCH, MM


@pytest.mark.parametrize(
    "text, size",
    [
        ("poker", (180.0, 252.0)),
        ("  Tarot ", (198.0, 342.0)),
        ("INDEX", (360.0, 216.0)),
        ("60x90mm", (60 * MM, 90 * MM)),
        ("2.5x3.5in", (180.0, 252.0)),
        ("63.5x88.9 mm", (180.0, 252.0)),
        ("63.5 X 88.9mm", (180.0, 252.0)),
        ("63.5 × 88.9 mm", (180.0, 252.0)),
        ("6cm x 90mm", (60 * MM, 90 * MM)),
        ("90x60mm", (90 * MM, 60 * MM)),  # a card keeps the orientation written
    ],
)
def test_parse_card(text, size):
    assert parse_card(text) == pytest.approx(size, abs=0.01)


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "jumbo",
            'unknown card size "jumbo"; use one of poker, bridge, mini, tarot, square, large, '
            "business, index, or WIDTHxHEIGHT with a unit, e.g. 63.5x88.9mm",
        ),
        (
            "inxed",
            'unknown card size "inxed"; use one of poker, bridge, mini, tarot, square, large, '
            "business, index, or WIDTHxHEIGHT with a unit, e.g. 63.5x88.9mm",
        ),
        ("60x90", 'card size "60x90" has no unit; write it with one, e.g. 63.5x88.9mm'),
        (
            "60mmx90",
            'card size "60mmx90": "90" has no unit; write 3mm, 0.3cm, 0.125in or 3pt',
        ),
        (
            "60x90px",
            'card size "60x90px": "60px" has an unknown unit "px"; use mm, cm, in or pt',
        ),
        ("0x90mm", 'card size "0x90mm" must be larger than 0 on both sides'),
        ("-60x90mm", 'card size "-60x90mm": "-60mm" is negative; a length here must be 0 or more'),
    ],
)
def test_parse_card_errors(text, message):
    with pytest.raises(ValueError) as caught:
        parse_card(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text, size",
    [
        ("letter", (8.5 * INCH, 11 * INCH)),
        ("A4", (210 * MM, 297 * MM)),
        ("tabloid", (11 * INCH, 17 * INCH)),
    ],
)
def test_parse_paper(text, size):
    assert parse_paper(text) == pytest.approx(size)


def test_parse_paper_lists_names():
    with pytest.raises(ValueError) as caught:
        parse_paper("b5")
    assert str(caught.value) == (
        'unknown paper "b5"; use one of letter, a4, legal, a3, tabloid'
    )
