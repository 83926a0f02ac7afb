"""Tests for turning typed lengths into points and points back into millimetres."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardgen.units import CM, INCH, MM, PT, format_mm, format_size_mm, parse_length, parse_offset

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


def test_format_size_mm():
    assert format_size_mm(2.5 * INCH, 3.5 * INCH) == "63.5 x 88.9 mm"
