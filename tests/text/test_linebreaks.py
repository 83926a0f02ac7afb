"""Words a line may not end on, by language (cardgen/linebreaks.yaml), and the
balanced line breaker that keeps them off line ends."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.text import linebreaks
from cardgen.text.blocks import Block, wrap
from cardgen.text.breaking import first_fit
from cardgen.text.fonts import load_fonts
from cardgen.text.linebreaks import BOUND, PHRASE, WORD, binds, endings
from cardgen.text.typography import Span
from cardgen.text.words import measure

FONTS = load_fonts()


def plain(text: str) -> list[Span]:
    return [Span(text, "regular")]


def line_texts(block: Block) -> list[str]:
    return ["".join(piece.text for piece in line.pieces) for line in block.lines]


def greedy_lines(text: str, size: float, width: float, language: str = "en") -> list[str]:
    """How first fit, the breaker cardgen used before, sets `text`."""
    measured = measure(tuple(plain(text)), FONTS, language)
    rows = first_fit(measured.paragraphs[0], measured, size, width)
    return [" ".join(item.word.text for item in row) for row in rows]


def width_of(text: str, size: float) -> float:
    return FONTS.width(text, "regular", size)


def stranded(lines: list[str], language: str) -> list[str]:
    """The lines (all but the last) that end on a word belonging to the next."""
    found = []
    for line, following in itertools.pairwise(lines):
        words = line.split()
        if binds(words[-1], language, words[-2] if len(words) > 1 else "", following.split()[0]):
            found.append(line)
    return found


# --- the rules ------------------------------------------------------------------


@pytest.mark.parametrize("language, word", [
    ("en", "I"), ("en", "a"), ("en", "“I"), ("en", "(a"), ("en", "Dr."), ("en", "Mr."),
    ("en", "Ms."), ("en", "St."), ("en", "Dr"), ("es", "y"), ("es", "o"), ("es", "¿Qué"),
    ("es", "¡Qué"), ("es", "Sra."), ("fr", "à"), ("fr", "Mme"), ("fr", "M."), ("de", "z."),
    ("de", "Dr."), ("pt", "e"), ("pt", "Sr."), ("es-MX", "¿Cómo"), ("vi", "ở"),
])
def test_words_that_belong_to_the_next_one(language, word):
    assert binds(word, language, "", "next")


@pytest.mark.parametrize("language, word", [
    ("en", "I,"), ("en", "a."), ("en", "to"), ("en", "I’m"), ("en", "Dr.’s"), ("es", "¿Sí?"),
    ("es", "¡Ya!"), ("es", "y,"), ("en", "¿Qué"), ("de", "ja"), ("en", "2."), ("en", "988,"),
])
def test_words_a_line_may_end_on(language, word):
    assert not binds(word, language, "", "next")


def test_a_number_belongs_to_the_word_after_it_unless_it_names_something_before():
    words = "Press 1 for the Veterans Crisis Line, 2 for Spanish".split()
    assert [w for w, e in zip(words, endings(words, "en")) if e == BOUND] == ["1", "2"]
    words = "Prompt number 9 asks about page 5 of 10 days".split()
    assert [w for w, e in zip(words, endings(words, "en")) if e == BOUND] == [
        "number", "page", "10"]
    assert endings(["Página", "5"], "es")[0] == BOUND


def test_words_that_close_a_phrase_are_the_best_places_to_end_a_line():
    words = "If you used less, what would you miss?".split()
    assert endings(words, "en") == [WORD, WORD, WORD, PHRASE, WORD, WORD, WORD, PHRASE]


@settings(max_examples=300)
@given(st.sampled_from(sorted(linebreaks._table())),
       st.text(alphabet="aAeIiyoOuzkDdrRMmsSpPnNgG", min_size=1, max_size=6)
       .flatmap(lambda word: st.sampled_from([word, *(word + end for end in ".,;:!?)'1-")]))
       | st.sampled_from(["I", "Dr", "Mr", "Mrs", "Ms", "page", "Page", "day", "y", "o", "a",
                          "Dr.", "Sr.", "no.", "p.", "Sra.", "I,", "a.", "St.", "vs."]))
def test_a_plain_word_is_judged_as_every_word_is(language, word):
    # Words of ASCII letters, maybe with punctuation after them, take a shortcut; it must
    # agree with the full rules.
    rules = linebreaks.rules(language)
    assert rules.kind(word) == rules._kind(word)


def test_every_language_adds_to_the_default_rules():
    table = linebreaks._table()
    assert {"en", "es", "fr", "de", "pt"} <= set(table)
    for language in table:
        rules = linebreaks.rules(language)
        assert rules.one_letter and rules.numbers
    assert linebreaks.rules("xx") == linebreaks.LineEnds(one_letter=True, numbers=True)


# --- the breaker keeps them off line ends ------------------------------------


@pytest.mark.parametrize("text, language, first_line", [
    ("I'm tired and I'm hurting. I still love you.", "en", "I'm tired and I'm hurting. I"),
    ("Words from a talk by Dr. Andrew Tatarsky", "en", "Words from a talk by Dr."),
    ("Press 1 for the Veterans Crisis Line, 2 for Spanish", "en",
     "Press 1 for the Veterans Crisis Line, 2"),
    ("Cuando llegan las ganas, ¿qué haces para cuidarte?", "es", "Cuando llegan las ganas, ¿qué"),
])
def test_no_line_ends_on_a_word_that_belongs_to_the_next(text, language, first_line):
    size = 12
    width = width_of(first_line, size) + 0.5
    before = greedy_lines(text, size, width, language)
    assert before[0] == first_line and stranded(before, language)  # what first fit did
    lines = line_texts(wrap(plain(text), FONTS, size, width, language))
    assert stranded(lines, language) == []
    assert len(lines) == len(before)
    assert " ".join(lines) == text


CALL = "Call me any time. I want to hear from you."


def test_a_stranded_word_stays_when_no_setting_in_as_many_lines_avoids_it():
    # Two lines, and only "I" can end the first: the text is still set, not refused.
    lines = line_texts(wrap(plain(CALL), FONTS, 12, 118))
    assert lines == ["Call me any time. I", "want to hear from you."]
    assert line_texts(wrap(plain(CALL), FONTS, 12, 118, max_lines=2)) == lines


def test_lines_to_spare_keep_a_stranded_word_off_the_end_of_a_line():
    lines = line_texts(wrap(plain(CALL), FONTS, 12, 118, max_lines=4))
    assert lines == ["Call me any time.", "I want to hear", "from you."]


def test_lines_are_balanced_rather_than_filled_first():
    text = "How does it change the way you feel around other people?"
    greedy = greedy_lines(text, 14, 290)
    assert greedy == ["How does it change the way you feel around", "other people?"]
    lines = line_texts(wrap(plain(text), FONTS, 14, 290))
    assert lines == ["How does it change the way you feel", "around other people?"]
    widths = [width_of(line, 14) for line in lines]
    greedy_widths = [width_of(line, 14) for line in greedy]
    assert max(widths) - min(widths) < max(greedy_widths) - min(greedy_widths)


def test_a_line_ends_after_a_comma_rather_than_inside_the_phrase():
    text = "If you used less, what would you miss?"
    assert greedy_lines(text, 18, 200) == ["If you used less, what", "would you miss?"]
    assert line_texts(wrap(plain(text), FONTS, 18, 200)) == ["If you used less,",
                                                             "what would you miss?"]


# --- properties ------------------------------------------------------------------

WORDS = st.sampled_from(["I", "a", "love", "you", "Dr.", "Tatarsky", "1", "for", "page", "5",
                         "¿Qué", "haces?", "and,", "still", "together.", "understanding", "y",
                         "Spanish", "compassionately", "2"])
TEXTS = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)


def fewest_faults(words: list[str], language: str, size: float, width: float, lines: int) -> int:
    """Exhaustively: the fewest faults (a stranded word: 2, a line of one word: 1)
    of any way to set `words` in `lines` lines no wider than `width`."""
    ends = endings(words, language)
    best = None
    for cuts in itertools.combinations(range(1, len(words)), lines - 1):
        bounds = (0, *cuts, len(words))
        rows = [words[a:b] for a, b in itertools.pairwise(bounds)]
        if any(width_of(" ".join(row), size) > width for row in rows):
            continue
        faults = sum(2 for b in cuts if ends[b - 1] == BOUND)
        faults += sum(1 for row in rows if len(row) == 1) if lines > 1 else 0
        best = faults if best is None else min(best, faults)
    return best


def faults_of(lines: list[str], language: str) -> int:
    words = " ".join(lines).split()
    ends = endings(words, language)
    found, end = 0, 0
    for line in lines[:-1]:
        end += len(line.split())
        found += 2 if ends[end - 1] == BOUND else 0
    return found + (sum(1 for line in lines if len(line.split()) == 1) if len(lines) > 1 else 0)


@settings(max_examples=200)
@given(TEXTS, st.floats(60, 260), st.sampled_from(["en", "es"]))
def test_balanced_lines_are_no_more_than_first_fit_and_fit_the_width(text, width, language):
    block = wrap(plain(text), FONTS, 12, width, language)
    greedy = greedy_lines(text, 12, width, language)
    lines = line_texts(block)
    assert len(lines) <= len(greedy)
    assert all(line.width <= width for line in block.lines)
    if not any(line.endswith("-") for line in lines + greedy):  # no word broke
        assert " ".join(lines) == text
        assert faults_of(lines, language) == fewest_faults(text.split(), language, 12, width,
                                                           len(lines))
