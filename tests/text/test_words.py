"""Card text as measured words: the quick path for plain text measures, breaks and sets as the
general one does, and a long word is measured once, not once for every break tried."""

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from cardgen.text.blocks import Block, wrap
from cardgen.text.fonts import load_fonts
from cardgen.text.typography import Span

FONTS = load_fonts()


def plain(text: str) -> list[Span]:
    return [Span(text, "regular")]


def line_texts(block: Block) -> list[str]:
    return ["".join(piece.text for piece in line.pieces) for line in block.lines]


def rejoin(block: Block) -> str:
    """The broken word put back together: hyphens at line ends dropped."""
    return "".join(text.removesuffix("-") for text in line_texts(block))


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
