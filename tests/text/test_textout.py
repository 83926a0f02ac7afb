"""text/textout.py writes the same PDF text operators as ReportLab's textOut, and emboldens
a face that stands in for bold."""

from __future__ import annotations

import io

import pypdfium2
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from cardgen.text import textout
from cardgen.text.blocks import draw_blocks, one_line
from cardgen.text.fonts import load_fonts
from cardgen.text.registry import EMBOLDENED
from support.fontmaker import renamed

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


# --- emboldening a face that stands in for bold ----------------------------------------


def solo_fonts(tmp_path):
    """A family of one regular face: its bold is that face, emboldened."""
    return load_fonts([renamed(tmp_path / "solo.ttf", "Solo Sans")])


def drawn_page(fonts, lines, fill=(0.4, 0.2, 0.6)) -> bytes:
    """One page with each (text, style, size) of `lines` set on a line of its own through
    the text engine (blocks), in `fill`."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 60 * len(lines)), invariant=1)
    placed = [(one_line(text, style, fonts, size), 10, 60 * (len(lines) - index) - 10,
               Color(*fill)) for index, (text, style, size) in enumerate(lines)]
    draw_blocks(canvas, placed)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_bold_set_in_a_regular_face_is_filled_and_stroked_in_its_own_colour(tmp_path):
    fonts = solo_fonts(tmp_path)
    name = fonts.runs("Hold on", "bold")[0][0]
    assert name in EMBOLDENED and name != fonts.runs("Hold on", "regular")[0][0]
    page = PdfReader(io.BytesIO(drawn_page(fonts, [("Hold on", "bold", 20),
                                                  ("Let go", "regular", 20),
                                                  ("Hold on", "bold", 12)]))).pages[0]
    state, shown = {"Tr": 0, "w": None, "RG": None, "rg": None}, []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        op = operator.decode()
        if op in state:
            state[op] = [float(x) for x in operands] if len(operands) > 1 else float(operands[0])
        if op == "Tj":
            shown.append((state["Tr"], state["w"], state["RG"], state["rg"]))
    colour = [0.4, 0.2, 0.6]
    assert shown == [(2, 0.5, colour, colour),  # 2.5 % of 20 pt, stroked as it is filled
                     (0, 0.5, colour, colour),  # the regular line: filled only
                     (2, 0.3, colour, colour)]  # the stroke follows the size


def test_faces_with_a_bold_of_their_own_never_change_mode():
    fonts = load_fonts()
    assert not EMBOLDENED & {name for name, _ in fonts.runs("Hold on, Ελλάδα", "bold")}
    data = drawn_page(fonts, [("Hold on", "bold", 20), ("Let go", "regular", 20)])
    operators = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    assert b" Tr" not in operators and b" w" not in operators.split(b"BT", 1)[1]


def dark(data: bytes, top: int, height: int) -> int:
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=4).to_pil().convert("L")
    band = image.crop((0, top * 4, image.width, (top + height) * 4))
    return sum(band.histogram()[:128])


def test_an_emboldened_word_carries_more_ink_than_the_regular_one_and_no_wider(tmp_path):
    fonts = solo_fonts(tmp_path)
    data = drawn_page(fonts, [("Hold on tight", "bold", 20), ("Hold on tight", "regular", 20)],
                      fill=(0, 0, 0))
    bold, regular = dark(data, 0, 60), dark(data, 60, 60)
    assert bold > 1.15 * regular  # heavier, as a word processor's bold
    assert fonts.width("Hold on tight", "bold", 20) == fonts.width("Hold on tight", "regular", 20)
