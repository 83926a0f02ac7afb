"""Paper and card sizes as a user types them: a name, or a card's WIDTHxHEIGHT, in points.
The named sizes themselves are in tests/test_choices.py."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardgen.layout.sizes import _SIZE, parse_card, parse_paper
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


FAR = ("is far too long; no length cardgen prints is longer than 200in (5080mm), the largest "
       "page a PDF can have")
NAMES = ("use one of poker, bridge, mini, tarot, square, large, business, index, or "
         "WIDTHxHEIGHT with a unit, e.g. 63.5x88.9mm")


@pytest.mark.parametrize(
    "text, message",
    [
        # 400 digits were an infinitely wide card: "a inf x 50.8 mm card is larger than ..."
        ("1" * 400 + "x2in", f'card size "1111111111111111…x2in": "1111111111111111…11in" {FAR}'),
        ("2inx" + "1" * 400 + "in", f'card size "2inx111111111111…11in": "1111111111111111…11in" '
                                     f"{FAR}"),
        ("1e400x2in", f'unknown card size "1e400x2in"; {NAMES}'),  # no exponents, as before
        # Spaces before a word that is no unit: the size pattern tried every way to share them
        # between two runs of spaces, minutes for these.
        ("1" + " " * 60_000 + "y", f'unknown card size "1               …   y"; {NAMES}'),
    ],
)
def test_an_absurd_card_size_is_refused_with_a_short_message(text, message):
    with pytest.raises(ValueError) as caught:
        parse_card(text)
    assert str(caught.value) == message


# The pattern before it was made linear: the same language, two runs of spaces side by side.
OLD_SIZE = re.compile(
    r"(?P<width>[+-]?[\d.,]+\s*[a-z]*?)\s*[x×]\s*(?P<height>[+-]?[\d.,]+\s*[a-z]*)"
)


@given(st.text(alphabet="12.,+- xm×iny", max_size=12))
def test_the_size_pattern_splits_short_texts_as_the_old_one_did(text):
    new, old = _SIZE.fullmatch(text), OLD_SIZE.fullmatch(text)
    assert (new and new.groupdict()) == (old and old.groupdict())


def test_a_card_larger_than_a_page_is_left_to_the_checks_that_know_its_use():
    """A 201 in card is refused by the print-shop check, which says why (products/limits.py)."""
    assert parse_card("201x3in") == (201 * INCH, 3 * INCH)


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
