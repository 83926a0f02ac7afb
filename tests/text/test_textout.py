"""text/textout.py writes the same PDF text operators as ReportLab's textOut."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from cardgen.text import textout
from cardgen.text.fonts import load_fonts

FONTS = load_fonts()
DEJAVU = FONTS.chain("regular")[1]  # thousands of glyphs: its codes fill several subsets
# Latin with accents, the no-break space ReportLab shows as a space, a character DejaVu
# lacks (U+E000), and Greek, Cyrillic and symbols enough to need more than one subset.
ALPHABET = st.sampled_from(
    [*"abcdefghijklmnopqrstuvwxyz ABCZ?!()\\", "é", "ñ", "\u00a0", "\ue000",
     *map(chr, range(0x391, 0x3c9)), *map(chr, range(0x410, 0x44f)),
     *map(chr, range(0x2190, 0x21ff))])


def reportlab_font(text, font, size):
    text.setFont(font, size)


def operators(strings, font, size, write, set_font=textout.set_font) -> list[str]:
    """The operators a text object holds after `write` shows each of `strings`, the font
    set with `set_font` (ours, or ReportLab's reportlab_font) every seventh."""
    canvas = Canvas(io.BytesIO(), invariant=1)
    text = canvas.beginText(0, 0)
    for index, string in enumerate(strings):
        if index % 7 == 0:  # a font change resets the subset ReportLab thinks is current
            set_font(text, font, size + index % 3)
        write(text, string)
    return text._code


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=40), min_size=1, max_size=60))
def test_lines_are_written_as_textout_writes_them(strings):
    for font in ("Atkinson-Regular", DEJAVU):
        assert (operators(strings, font, 12, textout.show)
                == operators(strings, font, 12, lambda text, string: text._textOut(string),
                             reportlab_font))


def test_three_hundred_characters_fill_two_subsets_and_still_match():
    strings = ["".join(map(chr, range(start, start + 20))) for start in range(0x391, 0x4ff, 20)]
    strings += strings  # the second time round, every character has its code
    ours = operators(strings, DEJAVU, 10, textout.show)
    assert ours == operators(strings, DEJAVU, 10, lambda text, string: text._textOut(string),
                             reportlab_font)
    assert any(operator.startswith("/F2+1 ") for operator in ours)  # a second subset in use
    # and the first subset's lines, met again, come back to it
    assert any(operator.startswith("/F2+0 ") for operator in ours[len(ours) // 2:])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(ALPHABET, max_size=30), st.floats(-500, 500),
                          st.floats(-500, 500)), min_size=1, max_size=40))
def test_moving_and_showing_in_one_string_writes_what_reportlab_writes(placed):
    def ours(text, index):
        string, x, y = placed[index]
        textout.show_at(text, x, y, string)

    def reportlab(text, index):
        string, x, y = placed[index]
        text.setTextOrigin(x, y)
        text._textOut(string)

    indexes = list(range(len(placed)))
    for font in ("Atkinson-Regular", DEJAVU):
        # Joined as the text object joins them: one string or two, the bytes are the same.
        assert (" ".join(operators(indexes, font, 12, ours))
                == " ".join(operators(indexes, font, 12, reportlab, reportlab_font)))
