"""Words a line may not end on, by language (cardgen/text/linebreaks.yaml). The breaker that
keeps them off line ends is in test_breaking.py."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.text import linebreaks
from cardgen.text.linebreaks import BOUND, PHRASE, WORD, binds, endings


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


def test_no_line_of_unspaced_text_ends_right_after_the_dashes_that_open_it():
    # UAX 14's breaks in "——鲁迅" and "他说——鲁迅": after each character but inside the dashes.
    assert linebreaks.unspaced_breaks("——鲁迅", (0, 2, 3, 4)) == (0, 3, 4)
    assert linebreaks.unspaced_breaks("他说——鲁迅", (0, 1, 2, 4, 5, 6)) == (0, 1, 2, 4, 5, 6)
    assert linebreaks.unspaced_breaks("——", (0, 2)) == (0, 2)  # the text's end stays
    assert linebreaks.unspaced_breaks("鲁迅", (0, 1, 2)) == (0, 1, 2)
