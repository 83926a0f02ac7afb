"""Tests for turning typed lengths into points and points back into millimetres."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardgen.units import (
    CM,
    FAR_TOO_LONG,
    INCH,
    MM,
    PT,
    UNITS,
    abbreviated,
    format_mm,
    format_size_mm,
    parse_length,
    parse_offset,
    typed_mm,
)

WRITE = "write a number and a unit, e.g. 3mm, 0.3cm, 0.125in or 3pt"


def test_constants_are_points():
    assert PT == 1.0
    assert INCH == 72.0
    assert 25.4 * MM == pytest.approx(INCH, abs=1e-12)
    assert CM == pytest.approx(10 * MM, abs=1e-12)


@pytest.mark.parametrize(
    "text, points",
    [
        ("3mm", 3 * 72 / 25.4),
        ("0.3cm", 3 * 72 / 25.4),
        ("0.125in", 9.0),
        ("2pt", 2.0),
        ("2.5 mm", 2.5 * 72 / 25.4),
        ("  4MM ", 4 * 72 / 25.4),
        ("1In", 72.0),
        (".5in", 36.0),
        ("3.mm", 3 * 72 / 25.4),
        ("+2pt", 2.0),
        ("0", 0.0),
        ("0.0", 0.0),
        ("0mm", 0.0),
        ("-0mm", 0.0),
    ],
)
def test_parse_length(text, points):
    assert parse_length(text) == pytest.approx(points, abs=1e-9)


def test_zero_has_no_sign():
    assert str(parse_length("-0mm", allow_negative=True)) == "0.0"


@pytest.mark.parametrize(
    "text, message",
    [
        ("3", '"3" has no unit; write 3mm, 0.3cm, 0.125in or 3pt'),
        ("2.5", '"2.5" has no unit; write 3mm, 0.3cm, 0.125in or 3pt'),
        ("3px", '"3px" has an unknown unit "px"; use mm, cm, in or pt'),
        ("3 inches", '"3 inches" has an unknown unit "inches"; use mm, cm, in or pt'),
        ("mm", f'"mm" has no number; {WRITE}'),
        ("", f"a length is empty; {WRITE}"),
        ("   ", f"a length is empty; {WRITE}"),
        ("3,5mm", '"3,5mm" uses a decimal comma; write a point instead, e.g. 3.5mm'),
        ("1e3mm", f'"1e3mm" is not a length; {WRITE}'),
        ("3mm3", f'"3mm3" is not a length; {WRITE}'),
        ("-3mm", '"-3mm" is negative; a length here must be 0 or more'),
        ("nan mm", f'"nan mm" has no number; {WRITE}'),
    ],
)
def test_parse_length_errors_say_what_to_write(text, message):
    with pytest.raises(ValueError) as caught:
        parse_length(text)
    assert str(caught.value) == message


FAR = ("is far too long; no length cardgen prints is longer than 200in (5080mm), the largest "
       "page a PDF can have")


@pytest.mark.parametrize(
    "text, shown",
    [
        # float() makes 310 digits and more infinity: --bleed ended in an OverflowError.
        ("1" * 400 + "mm", "1111111111111111…11mm"),
        ("9" * 400 + ".5 in", "9999999999999999…5 in"),
        ("200001in", "200001in"),
        ("5080001cm", "5080001cm"),
    ],
)
def test_a_length_far_longer_than_any_page_is_refused(text, shown):
    with pytest.raises(ValueError) as caught:
        parse_length(text)
    assert str(caught.value) == f'"{shown}" {FAR}'


def test_an_offset_far_longer_than_any_page_is_refused_either_way():
    with pytest.raises(ValueError) as caught:
        parse_offset("1mm,-" + "1" * 400 + "pt")
    assert str(caught.value) == f'"-111111111111111…11pt" {FAR}'


def test_lengths_up_to_the_bound_are_kept_for_their_own_checks():
    """Between the largest page and the bound, each use's own check says the largest that
    works for it (products/limits.py): `--bleed 1000in` is told the largest bleed."""
    assert parse_length("200000in") == FAR_TOO_LONG
    assert parse_length("1000in") == 72_000.0
    assert parse_length("0" * 400 + "3mm") == pytest.approx(3 * MM)


@given(
    number=st.integers(min_value=0, max_value=10**12),
    unit=st.sampled_from(["mm", "cm", "in", "pt"]),
)
def test_only_lengths_past_the_bound_are_refused(number, unit):
    points = number * UNITS[unit]
    if points <= FAR_TOO_LONG:
        assert parse_length(f"{number}{unit}") == pytest.approx(points)
    else:
        with pytest.raises(ValueError, match="far too long"):
            parse_length(f"{number}{unit}")


@pytest.mark.parametrize(
    "text, message",
    [
        ("3" * 400, '"3333333333333333…3333" has no unit; write 3mm, 0.3cm, 0.125in or 3pt'),
        ("3" * 400 + "px",
         '"3333333333333333…33px" has an unknown unit "px"; use mm, cm, in or pt'),
        ("x" * 400, f'"xxxxxxxxxxxxxxxx…xxxx" has no number; {WRITE}'),
    ],
)
def test_a_long_text_is_shortened_in_messages(text, message):
    with pytest.raises(ValueError) as caught:
        parse_length(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text, shown",
    [("3mm", "3mm"), ("x" * 24, "x" * 24), ("abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnop…wxyz")],
)
def test_abbreviated_keeps_short_texts_and_both_ends_of_long_ones(text, shown):
    assert abbreviated(text) == shown


def test_negative_lengths_only_when_allowed():
    assert parse_length("-1.5mm", allow_negative=True) == pytest.approx(-1.5 * MM)
    assert parse_length("- 2pt", allow_negative=True) == -2.0


@given(
    number=st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False),
    unit=st.sampled_from(["mm", "cm", "in", "pt"]),
    space=st.sampled_from(["", " "]),
)
def test_parse_length_scales_any_number(number, unit, space):
    factor = {"mm": MM, "cm": CM, "in": INCH, "pt": PT}[unit]
    assert parse_length(f"{number}{space}{unit}") == pytest.approx(float(number) * factor)


TWO_LENGTHS = "should be two lengths, DX,DY, separated by a comma, e.g. 1.5mm,-0.5mm"


@pytest.mark.parametrize(
    "text, offset",
    [
        ("1.5mm,-0.5mm", (1.5 * MM, -0.5 * MM)),
        ("0,0", (0.0, 0.0)),
        (" -1pt , 2pt ", (-1.0, 2.0)),
        ("0.1in,0", (7.2, 0.0)),
    ],
)
def test_parse_offset(text, offset):
    assert parse_offset(text) == pytest.approx(offset)


@pytest.mark.parametrize(
    "text, message",
    [
        ("1.5mm", f'"1.5mm" {TWO_LENGTHS}'),
        ("1mm,2mm,3mm", f'"1mm,2mm,3mm" {TWO_LENGTHS}'),
        ("1mm,2", '"2" has no unit; write 3mm, 0.3cm, 0.125in or 3pt'),
        ("1mm," * 100, f'"1mm,1mm,1mm,1mm,…1mm," {TWO_LENGTHS}'),
    ],
)
def test_parse_offset_errors(text, message):
    with pytest.raises(ValueError) as caught:
        parse_offset(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "points, text",
    [
        (9.0, "3.2 mm"),
        (3 * MM, "3 mm"),
        (210 * MM, "210 mm"),
        (2.5 * INCH, "63.5 mm"),
        (0.0, "0 mm"),
        (-0.01, "0 mm"),
        (-1.5 * MM, "-1.5 mm"),
    ],
)
def test_format_mm(points, text):
    assert format_mm(points) == text


@pytest.mark.parametrize(
    "points, text",
    [(3.4, "1.19mm"), (3 * MM, "3mm"), (-1.5 * MM, "-1.5mm"), (0.5 * MM, "0.5mm"),
     (2495.55 * MM, "2495.55mm"), (0.0, "0mm"),
     # a length a user can type back: never 4.826e+06mm, which is not a length
     (4_826_000 * MM, "4826000mm"), (12345.5 * MM, "12345.5mm")],
)
def test_typed_mm_is_written_as_a_user_would_type_it(points, text):
    assert typed_mm(points) == text


def test_format_size_mm():
    assert format_size_mm(2.5 * INCH, 3.5 * INCH) == "63.5 x 88.9 mm"
