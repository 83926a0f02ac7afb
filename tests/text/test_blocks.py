"""Line breaking, hyphenation, widow control and size fitting of card text."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cardgen.text.blocks import Block, draw, fit, height_needed, wrap
from cardgen.text.fonts import load_fonts
from cardgen.text.typography import Span, parse_markup
from cardgen.text.words import measure

FONTS = load_fonts()


def plain(text: str) -> list[Span]:
    return [Span(text, "regular")]


def line_texts(block: Block) -> list[str]:
    return ["".join(piece.text for piece in line.pieces) for line in block.lines]


def rejoin(block: Block) -> str:
    """The broken word put back together: hyphens at line ends dropped."""
    return "".join(text.removesuffix("-") for text in line_texts(block))


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


@pytest.mark.parametrize(
    "word, language, width",
    [
        ("Donaudampfschifffahrtsgesellschaftskapitän", "de", 90),
        ("Donaudampfschifffahrtsgesellschaftskapitän", "de-AT", 60),
        ("incomprehensibilities", "en", 50),
        ("incomprehensibilities", "en-US", 80),
    ],
)
def test_long_word_is_hyphenated_within_width(word, language, width):
    block = wrap(plain(word), FONTS, 14, width, language)
    assert block is not None
    assert len(block.lines) >= 2
    assert all(line.width <= width for line in block.lines)
    assert all(text.endswith("-") for text in line_texts(block)[:-1])
    assert rejoin(block) == word


def test_hyphenation_takes_the_longest_head_that_fits():
    word = "incomprehensibilities"  # pyphen (en): in-com-pre-hens-ib-il-it-ies
    width = FONTS.width("incompre-", "regular", 14) + 0.5
    block = wrap(plain(word), FONTS, 14, width, "en")
    assert line_texts(block)[0] == "incompre-"


def test_long_word_fills_the_rest_of_the_current_line():
    width = FONTS.width("Ask the incompre-", "regular", 14) + 0.5
    block = wrap(plain("Ask the incomprehensibilities"), FONTS, 14, width, "en")
    assert line_texts(block)[0] == "Ask the incompre-"


def test_long_word_breaks_after_its_own_hyphen_without_adding_one():
    width = FONTS.width("compassion", "regular", 14) + 0.5
    block = wrap(plain("self-compassion"), FONTS, 14, width, "xx")
    assert line_texts(block) == ["self-", "compassion"]


def test_word_that_cannot_be_broken_does_not_fit():
    # No dictionary for this language, so no break point: never split anywhere.
    assert wrap(plain("incomprehensibilities"), FONTS, 14, 50, "vi") is None
    # A dictionary, but the narrowest syllable is still too wide.
    assert wrap(plain("incomprehensibilities"), FONTS, 14, 10, "en") is None


def test_lone_last_word_gets_company():
    text = "one two three four five six seven eight nine ten eleven"
    width = FONTS.width("one two three four five six seven", "regular", 12) + 1
    greedy_last = "eleven"
    block = wrap(plain(text), FONTS, 12, width)
    lines = line_texts(block)
    assert lines[-1] != greedy_last
    assert len(lines[-1].split()) >= 2
    assert " ".join(lines) == text
    assert all(line.width <= width for line in block.lines)


def test_widow_is_left_when_the_line_above_would_be_left_alone():
    width = FONTS.width("alpha beta", "regular", 12) + 1
    block = wrap(plain("alpha beta gamma"), FONTS, 12, width)
    assert line_texts(block) == ["alpha beta", "gamma"]


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


LONG_WORDS = {
    "de": ["Donaudampfschifffahrtsgesellschaftskapitän", "Unabhängigkeitserklärung"],
    "en": ["incomprehensibilities", "responsibilities", "understanding"],
    "es": ["responsabilidades", "desafortunadamente"],
}


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([(lang, w) for lang, words in LONG_WORDS.items() for w in words]),
    st.floats(25, 200),
    st.sampled_from(["regular", "bold", "italic", "bolditalic"]),
)
def test_hyphenated_words_come_back_whole(language_word, width, style):
    language, word = language_word
    block = wrap([Span(word, style)], FONTS, 14, width, language)
    if block is not None:
        assert all(line.width <= width for line in block.lines)
        assert rejoin(block) == word


def test_language_picks_one_design_for_the_whole_text():
    spans = plain("Bạn cảm thấy thế nào")
    assert {p.font for p in wrap(spans, FONTS, 12, 500, "vi").lines[0].pieces} == {"DejaVu-Regular"}
    assert {p.font for p in wrap(spans, FONTS, 12, 500, "en").lines[0].pieces} == {
        "DejaVu-Regular",
        "Atkinson-Regular",
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("abc XYZ.,é'’-") + ["  ", "Tiếng", "Ж", "\u00a0", "\t"]),
                max_size=30).map("".join),
       st.sampled_from(["regular", "bold", "italic"]))
def test_the_quick_path_measures_text_as_the_general_one_does(text, style):
    from cardgen.text.words import Measured, plain_items, prepare

    spans = (Span(text, style),)
    quick = plain_items(spans, FONTS)
    if quick is None:
        return
    general = Measured(prepare(spans), FONTS, "en").paragraphs
    assert [quick] == general or (not quick and general == [])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", "bc", "Donaudampfschiff", " ", "  ", ".", "é", "’", "-"]),
                max_size=40).map("".join),
       st.sampled_from([40.0, 80.0, 162.0]))
def test_the_quick_path_breaks_and_sets_lines_as_the_general_one_does(text, width):
    from cardgen.text.blocks import _block
    from cardgen.text.breaking import break_all
    from cardgen.text.words import Measured, measure, prepare

    spans = (Span(text, "regular"),)
    quick = measure(spans, FONTS, "de")
    general = Measured(prepare(spans), FONTS, "de")
    for size in (9.0, 14.0):
        lines_quick = break_all(quick, size, width, None)
        lines_general = break_all(general, size, width, None)
        assert lines_quick == lines_general
        if lines_quick is not None:
            assert (_block(lines_quick, quick, size, 1.25, width)
                    == _block(lines_general, general, size, 1.25, width))


# --- a long unbroken word ---------------------------------------------------------


def count_measured(monkeypatch) -> list[int]:
    """Patch ReportLab's width function to count the characters it measures."""
    measured = [0]
    real = pdfmetrics.stringWidth

    def counting(text, font, size, *args, **kwargs):
        measured[0] += len(text)
        return real(text, font, size, *args, **kwargs)

    monkeypatch.setattr(pdfmetrics, "stringWidth", counting)
    return measured


def test_a_long_word_is_measured_once_not_once_a_break(monkeypatch):
    # Every break point tried costs a look-up: breaking the word into a hundred-odd
    # lines measures about as many characters as it has, where measuring each
    # candidate head (as cardgen did) measured hundreds of times more.
    word = ("responsibilities" * 200)[:3000]
    measured = count_measured(monkeypatch)
    block = wrap(plain(word), FONTS, 14, 120, "en")
    assert len(block.lines) > 50
    assert all(line.width <= 120 for line in block.lines)
    assert rejoin(block) == word
    assert measured[0] <= 3 * len(word)


def test_each_line_of_a_long_word_takes_the_longest_head_that_fits():
    from cardgen.text.hyphenation import break_points

    word = ("incomprehensibilities" * 20)[:400]
    points = set(break_points(word, "en"))
    block = wrap(plain(word), FONTS, 14, 100, "en")
    start = 0
    for text in line_texts(block)[:-1]:
        end = start + len(text.removesuffix("-"))
        assert end in points
        longer = [p for p in points if p > end]
        if longer:  # the next break point would not have fitted
            head = word[start:min(longer)] + "-"
            assert FONTS.width(head, "regular", 14) > 100
        start = end


def test_a_word_of_nine_thousand_letters_still_does_not_fit_a_card(tmp_path, cli_run):
    deck = tmp_path / "long.yaml"
    deck.write_text("title: T\nprompts:\n  - text: " + ("understanding" * 700)[:9000] + "\n")
    result = cli_run("build", deck, "--out", tmp_path / "out", "--format", "cards")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{deck}:3:11: prompt 1 does not fit on a poker card: at 9 pt "
                                    "it needs ")
    assert not (tmp_path / "out" / "long-cards.pdf").exists()


def test_a_long_word_with_a_syllable_wider_than_the_line_is_refused_at_once(monkeypatch):
    word = "a" * 8000 + "incomprehensibilities"  # one run of letters with no break in it
    measured = count_measured(monkeypatch)
    assert wrap(plain(word), FONTS, 14, 100, "en") is None
    assert measured[0] <= 3 * len(word)
