"""Blocks of card text: lines wrapped at spaces and newlines, pieces in each font and style,
the largest size that fits, drawn on a canvas. Where lines break is in test_breaking.py,
hyphens in test_hyphenation.py."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cardgen.text.bidi import levels
from cardgen.text.blocks import Block, draw, fit, height_needed, wrap
from cardgen.text.fonts import load_fonts
from cardgen.text.typography import Span, parse_markup
from cardgen.text.words import measure

FONTS = load_fonts()


def plain(text: str) -> list[Span]:
    return [Span(text, "regular")]


def line_texts(block: Block) -> list[str]:
    return ["".join(piece.text for piece in line.pieces) for line in block.lines]


def test_short_text_is_one_line():
    block = wrap(plain("What helps?"), FONTS, 12, 200)
    assert line_texts(block) == ["What helps?"]
    assert block.size == 12
    assert block.leading == 15
    assert block.height == 15
    assert block.lines[0].width == pytest.approx(FONTS.width("What helps?", "regular", 12))


def test_breaks_at_spaces_and_newlines():
    block = wrap(plain("one two\nthree"), FONTS, 12, 500)
    assert line_texts(block) == ["one two", "three"]


def test_blank_line_between_paragraphs_is_kept_but_outer_ones_are_not():
    block = wrap(plain("\none\n\ntwo\n"), FONTS, 12, 500)
    assert line_texts(block) == ["one", "", "two"]


def test_no_break_space_holds_words_together():
    text = "aaaa bbbb\u00a0cccc"
    narrow = FONTS.width("aaaa bbbb", "regular", 12) + 1
    assert line_texts(wrap(plain(text), FONTS, 12, narrow)) == ["aaaa", "bbbb\u00a0cccc"]


def test_pieces_switch_font_and_style():
    block = wrap(parse_markup("Say **Привет** now"), FONTS, 12, 500)
    pieces = block.lines[0].pieces
    assert [(p.font, p.text) for p in pieces] == [
        ("Atkinson-Regular", "Say "),
        ("DejaVu-Bold", "Привет"),
        ("Atkinson-Regular", " now"),
    ]
    assert pieces[0].x == 0
    assert pieces[1].x == pytest.approx(FONTS.width("Say ", "regular", 12))
    assert pieces[2].x == pytest.approx(pieces[1].x + FONTS.width("Привет", "bold", 12))


def test_fit_picks_the_largest_size_that_fits():
    spans = plain("What is one small thing that helped you this week?")
    sizes = [9, 24, 12, 14, 18, 30]
    width, height = 150, 110
    block = fit(spans, FONTS, sizes, width, height)
    assert block is not None
    assert block.height <= height
    assert all(line.width <= width for line in block.lines)
    larger = [s for s in sizes if s > block.size]
    for size in larger:
        bigger = wrap(spans, FONTS, size, width)
        assert bigger is None or bigger.height > height
    assert block == wrap(spans, FONTS, block.size, width)


def test_fit_returns_none_when_nothing_fits():
    spans = plain("A question far too long for a very small box, whatever the size.")
    assert fit(spans, FONTS, [9, 10, 12], 60, 20) is None


def test_fit_respects_leading():
    spans = plain("one\ntwo\nthree")
    block = fit(spans, FONTS, [10, 12, 16], 500, 3 * 12 * 1.5, leading=1.5)
    assert block.size == 12
    assert block.leading == 18


def test_draw_puts_text_on_the_canvas(tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "t.pdf"
    canvas = Canvas(str(path), invariant=1)
    block = wrap(parse_markup("Hello **Привет** Tiếng Việt"), FONTS, 12, 300)
    draw(canvas, block, 36, 700, color=(0.2, 0.2, 0.2))
    canvas.save()
    text = PdfReader(str(path)).pages[0].extract_text()
    for word in ("Hello", "Привет", "Tiếng", "Việt"):
        assert word in text


# --- properties ---------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßéñ’,.!?ΑλЖяếệ*"


def text_of(letters: str):
    word = st.text(alphabet=st.sampled_from(letters), min_size=1, max_size=25)
    pairs = st.lists(
        st.tuples(word, st.sampled_from([" ", " ", "  ", "\n", "\u00a0"])), max_size=30
    )
    return pairs.map(lambda pairs: "".join(w + s for w, s in pairs))


TEXT = text_of(LETTERS + "-")
STYLE = st.sampled_from(["regular", "bold", "italic", "bolditalic"])
SPANS = st.lists(st.builds(Span, TEXT, STYLE), max_size=4)


@settings(max_examples=150, deadline=None)
@given(SPANS, st.floats(20, 300), st.sampled_from([9, 12, 14.5, 24]), st.sampled_from(["en", "de"]))
def test_lines_never_exceed_width(spans, width, size, language):
    block = wrap(spans, FONTS, size, width, language)
    if block is not None:
        for line in block.lines:
            assert line.width <= width
            if line.pieces:  # where the ink ends is where the width says
                last = line.pieces[-1]
                end = last.x + pdfmetrics.stringWidth(last.text, last.font, size)
                assert end == pytest.approx(line.width, abs=1e-6)


@given(SPANS, st.floats(20, 300), st.sampled_from([9, 12, 14.5, 24]), st.sampled_from(["en", "es"]))
def test_the_height_a_card_checks_first_is_the_height_of_the_wrapped_block(spans, width, size,
                                                                              language):
    # A card refuses a size from this height before choosing any line breaks: it
    # must be exactly the wrapped block's, or sizes that fit would be refused.
    needed = height_needed(spans, FONTS, size, width, language)
    block = wrap(spans, FONTS, size, width, language)
    if needed is not None:
        assert block is not None and needed == block.height
    else:  # only when a word is wider than a line: only hyphenating tells
        measured = measure(tuple(spans), FONTS, language)
        assert any(item.width * size > width for items in measured.paragraphs for item in items)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.builds(Span, text_of(LETTERS), STYLE), max_size=4),
    st.floats(20, 300),
    st.sampled_from(["en", "de", "es-MX", "vi"]),
)
def test_nothing_is_dropped(spans, width, language):
    # No hyphens in the input, so every hyphen at a line end is one the breaker added.
    block = wrap(spans, FONTS, 12, width, language)
    if block is None:
        return
    source = unicodedata.normalize("NFC", "".join(span.text for span in spans))
    printed = "".join(text.removesuffix("-") for text in line_texts(block))
    assert [c for c in printed if not c.isspace()] == [c for c in source if not c.isspace()]


@settings(max_examples=60, deadline=None)
@given(
    TEXT,
    st.lists(st.sampled_from([8, 9, 10, 12, 14, 18, 24, 36]), min_size=1, max_size=6),
    st.floats(40, 250),
    st.floats(10, 300),
)
def test_fit_always_fits(text, sizes, width, height):
    block = fit(plain(text), FONTS, sizes, width, height)
    if block is not None:
        assert block.size in sizes
        assert block.height <= height + 1e-6
        assert all(line.width <= width for line in block.lines)
        for size in sizes:
            if size > block.size:
                bigger = wrap(plain(text), FONTS, size, width)
                assert bigger is None or bigger.height > height


def test_language_picks_one_design_for_the_whole_text():
    spans = plain("Bạn cảm thấy thế nào")
    assert {p.font for p in wrap(spans, FONTS, 12, 500, "vi").lines[0].pieces} == {"DejaVu-Regular"}
    assert {p.font for p in wrap(spans, FONTS, 12, 500, "en").lines[0].pieces} == {
        "DejaVu-Regular",
        "Atkinson-Regular",
    }


def test_a_line_of_a_right_to_left_paragraph_keeps_the_direction_of_the_line_before():
    """An English name in brackets broken over lines of Arabic: the brackets pair over the
    break and run left to right with the name, on every line (drawn as they are, not
    mirrored right to left), as UAX 9 resolves a paragraph before breaking it."""
    text = "قال صديقي Andrew (Tatarsky and friends) ذلك"
    lines = wrap(plain(text), FONTS, 10, 90, "ar").lines
    assert [line.text for line in lines] == ["قال صديقي Andrew", "(Tatarsky and", "friends) ذلك"]
    assert [(p.text, p.glyphs) for p in lines[1].pieces] == [("(Tatarsky and", None)]
    assert ("friends)", None) in [(p.text, p.glyphs) for p in lines[2].pieces]
    # Resolved alone, the second line's bracket would run right to left: at its right
    # end, mirrored.
    assert levels("(Tatarsky and", True)[:2] == (1, 2)
