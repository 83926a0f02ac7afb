"""Phone numbers as people read and dial them: bare digits grouped by their length, anything
an editor wrote kept as written."""

from __future__ import annotations

import pytest

from cardgen.deck.phones import readable


@pytest.mark.parametrize("written,printed", [
    ("988", "988"),  # a short code is said as one
    ("112", "112"),
    ("116123", "116123"),
    ("8006624357", "800-662-4357"),  # North American: dashes, as there
    ("18006624357", "1-800-662-4357"),
    ("5550199", "555 0199"),
    ("23456789", "2345 6789"),
    ("900123456", "900 123 456"),  # Spain
    ("1800123456", "1800 123 456"),  # Australia: not a North American area code (180)
    ("0800123456", "0800 123 456"),
    ("08001234567", "0800 123 4567"),  # United Kingdom
    ("441234567890", "441234567890"),  # an international number without its +: as written
    ("1-800-662-4357", "1-800-662-4357"),  # the editor's dashes stay
    ("1 800 662 4357", "1 800 662 4357"),
    ("(800) 662-4357", "(800) 662-4357"),
    ("+44 20 7946 0958", "+44 20 7946 0958"),
    ("1-800-662-HELP", "1-800-662-HELP"),
    ("\u0661\u0662\u0663", "\u0661\u0662\u0663"),  # digits of another script: as written
])
def test_a_number_of_bare_digits_is_grouped_for_reading(written, printed):
    assert readable(written) == printed
