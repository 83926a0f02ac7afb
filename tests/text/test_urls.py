"""Web addresses broken as addresses: after a slash, before a dot, ?, & (the next line
starts with it), never leaving `https://` alone on a line, never after a hyphen of the
address where it would read as a word hyphenated, and never with a character added."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.text.fonts import load_fonts
from cardgen.text.urls import address_lines, break_points

FONTS = load_fonts()
SAMHSA = "https://www.samhsa.gov/find-help/helplines/national-helpline"


def lines(url: str, width: float, size: float = 9.0) -> tuple[str, ...]:
    return address_lines(url, FONTS, size, width)


def width(text: str, size: float = 9.0) -> float:
    return FONTS.width(text, "regular", size)


def test_a_line_ends_after_a_slash():
    assert lines("example.org/help/now", width("example.org/help/") + 1) == (
        "example.org/help/", "now")


def test_a_line_starts_with_a_dot_question_mark_or_ampersand_never_ends_with_one():
    assert lines("https://example.org/a?b=1&c=2", width("https://example.org/a?b=1") + 1) == (
        "https://example.org/a?b=1", "&c=2")
    assert lines("https://example.org/a?b=1", width("https://example.org/a") + 1) == (
        "https://example.org/a", "?b=1")
    assert lines("https://www.samhsa.gov", width("https://www.samhsa") + 1) == (
        "https://www.samhsa", ".gov")


def test_https_is_never_alone_on_a_line():
    for room in range(40, 200, 5):
        for line in lines(SAMHSA, room):
            assert line not in ("https://", "https:/", "https:", "https")
    assert 8 not in break_points(SAMHSA)  # right after "https://"
    assert all(p > 8 for p in break_points(SAMHSA))


def test_never_after_a_hyphen_of_the_address():
    assert all(SAMHSA[p - 1] != "-" for p in break_points(SAMHSA))
    for room in range(40, 300, 3):
        assert not any(line.endswith("-") for line in lines(SAMHSA, room)), room


def test_a_slash_is_preferred_to_a_dot_and_a_dot_to_a_hyphen():
    # "find-help/" fits after the host's slash: the line ends there, not at ".gov" or "-".
    assert lines("https://www.samhsa.gov/find-help/helplines",
                 width("https://www.samhsa.gov/find-help/help") + 1) == (
        "https://www.samhsa.gov/find-help/", "helplines")
    # Only a piece wider than the line breaks before its hyphen: "national" over "-helpline".
    assert lines("national-helpline", width("national-help")) == ("national", "-helpline")


def test_the_bundled_address_beside_its_qr_code():
    assert lines(SAMHSA, 97.0) == ("https://www.samhsa", ".gov/find-help/", "helplines/",
                                   "national-helpline")


def test_a_piece_with_nowhere_to_break_is_cut_between_characters_without_a_hyphen():
    found = lines("https://abcdefghijklmnopqrstuvwxyz.org", width("https://abcdefghij"))
    assert "".join(found) == "https://abcdefghijklmnopqrstuvwxyz.org"
    assert all(width(line) <= width("https://abcdefghij") + 1e-6 for line in found)


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet="abc-./?&=_:", min_size=1, max_size=60).map(lambda s: "https://" + s),
       st.floats(min_value=20, max_value=300))
def test_every_address_comes_back_whole_and_every_line_fits(url, room):
    found = lines(url, room)
    assert "".join(found) == url
    assert all(line for line in found)
    for line in found:
        assert width(line) <= room + 1e-6 or len(line) == 1
