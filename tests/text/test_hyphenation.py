"""Hyphenation: a word wider than the line breaks where its language's dictionary allows, or
after a hyphen it already has, taking the longest head that fits; without a break point it
does not fit."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
