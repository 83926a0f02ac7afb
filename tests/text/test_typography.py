"""Smart quotes, dashes, ellipses and the **strong** / *emphasis* markup; invisible marks pasted
from a word processor dropped; and all of it as printed on the cards and in the booklet."""

from __future__ import annotations

import pytest

from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.text.typography import Span, attribution, parse_markup, quotation, smarten
from support.pdfread import reader, text_runs

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "“Hello,” she said. ‘Yes.’"),
        ("en-GB", "“Hello,” she said. ‘Yes.’"),
        ("es", "“Hello,” she said. ‘Yes.’"),
        ("de", "„Hello,“ she said. ‚Yes.‘"),
        ("pl", "„Hello,” she said. «Yes.»"),
        ("ru", "«Hello,» she said. „Yes.“"),
        ("fr", f"«{NBSP}Hello,{NBSP}» she said. ‹{NBSP}Yes.{NBSP}›"),
        ("xx", "“Hello,” she said. ‘Yes.’"),
    ],
)
def test_quotes_by_language(language, expected):
    assert smarten("\"Hello,\" she said. 'Yes.'", language) == expected


def test_french_quotes_typed_with_spaces_get_one_no_break_space():
    assert smarten('Il dit " bonjour " et part.', "fr") == f"Il dit «{NBSP}bonjour{NBSP}» et part."


def test_opening_after_brackets_and_nested_quotes():
    assert smarten('("a") "\'b\' c"', "en") == "(“a”) “‘b’ c”"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("don't", "don’t"),
        ("It's the students' turn", "It’s the students’ turn"),
        ("back in the '90s", "back in the ’90s"),
        ("l'amour", "l’amour"),
    ],
)
def test_apostrophes(text, expected):
    assert smarten(text, "en") == expected


def test_apostrophe_in_german_is_not_a_closing_quote():
    assert smarten("Peters' Buch, 'gut'", "de") == "Peters’ Buch, ‚gut‘"


def test_dashes_and_ellipsis():
    assert smarten("1990--2000 -- well... yes --- no", "en") == "1990–2000 – well… yes — no"


def test_already_typographic_text_is_unchanged():
    text = "„Schön“ – “fine” … l’été"
    assert smarten(text, "de") == text


def test_markup_styles():
    assert parse_markup("a **b** *c* ***d***") == [
        Span("a ", "regular"),
        Span("b", "bold"),
        Span(" ", "regular"),
        Span("c", "italic"),
        Span(" ", "regular"),
        Span("d", "bolditalic"),
    ]


def test_nested_markup():
    assert parse_markup("**strong *both* strong**") == [
        Span("strong ", "bold"),
        Span("both", "bolditalic"),
        Span(" strong", "bold"),
    ]


def test_markup_inside_a_word():
    assert parse_markup("**un**kind") == [Span("un", "bold"), Span("kind", "regular")]


@pytest.mark.parametrize("text", ["a * b", "2 * 3 * 4", "*open", "close*", "**a*", "****"])
def test_unmatched_stars_print_as_typed(text):
    assert parse_markup(text) == [Span(text, "regular")]


def test_unmatched_star_next_to_a_pair():
    assert parse_markup("5 * **six**") == [Span("5 * ", "regular"), Span("six", "bold")]


def test_angle_brackets_and_ampersands_are_plain_text():
    text = "<b>Tom & Jerry</b> &amp; 1 < 2 > 0"
    assert parse_markup(text) == [Span(text, "regular")]


def test_empty_text():
    assert parse_markup("") == []


# --- quotations -----------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "Be kind.", '"Be kind."', "“Be kind.”", "„Be kind.“", "«Be kind.»", f"«{NBSP}Be kind.{NBSP}»",
    "»Be kind.«", "'Be kind.'", "‘Be kind.’", '  "Be kind."  ', '""Be kind.""', '"“Be kind.”"',
])
def test_marks_around_the_whole_quotation_are_not_doubled(typed):
    assert quotation(typed, "en") == "“Be kind.”"


@pytest.mark.parametrize("language, expected", [
    ("en", "“He said ‘yes’ and left.”"),
    ("en-GB", "“He said ‘yes’ and left.”"),
    ("es", "“He said ‘yes’ and left.”"),
    ("de", "„He said ‚yes‘ and left.“"),
    ("fr", f"«{NBSP}He said ‹{NBSP}yes{NBSP}› and left.{NBSP}»"),
])
def test_quotation_marks_inside_become_the_languages_inner_marks(language, expected):
    assert quotation('He said "yes" and left.', language) == expected
    assert quotation('"He said “yes” and left."', language) == expected


def test_marks_that_open_and_close_inside_are_not_taken_for_outer_ones():
    assert quotation('"Yes," she said, "no."', "en") == "“‘Yes,’ she said, ‘no.’”"
    assert quotation("'Yes,' she said, 'no.'", "en") == "“‘Yes,’ she said, ‘no.’”"
    assert quotation("“Yes,” she said, “no.”", "de") == "„‚Yes,‘ she said, ‚no.‘“"


def test_french_guillemets_typed_with_spaces_inside():
    assert quotation("« Il a dit « oui ». »", "fr") == (
        f"«{NBSP}Il a dit ‹{NBSP}oui{NBSP}›.{NBSP}»")


def test_the_self_care_decks_adult_quote():
    text = ("The important thing is to keep the communication open so ultimately we keep the "
            "connection to our child, even though they may be an “adult”.")
    assert quotation(text, "en") == (
        "“The important thing is to keep the communication open so ultimately we keep the "
        "connection to our child, even though they may be an ‘adult’.”")


def test_a_quotation_is_already_typeset():
    # Cards and booklets pass it through `smarten` again: nothing changes.
    for text, language in [("It's *what* we \"do\"... -- now", "en"), ("„Ja“, sagte er.", "de")]:
        printed = quotation(text, language)
        assert smarten(printed, language) == printed
    assert quotation("It's *what* we \"do\"... -- now", "en") == "“It’s *what* we ‘do’… – now”"


@pytest.mark.parametrize("language, typed, expected", [
    ("zh", '对你来说，"安全一点点"会是什么样子？', "对你来说，“安全一点点”会是什么样子？"),
    ("zh", '"你好"，他说。', "“你好”，他说。"),
    ("ja", '彼は"はい"と言った', "彼は「はい」と言った"),
])
def test_a_quotation_opens_after_chinese_or_japanese_with_no_space(language, typed, expected):
    # Seen on the Chinese deck: “安全一点点” printed with two closing marks.
    assert smarten(typed, language) == expected


# --- as printed -------------------------------------------------------------------


def build(tmp_path, text: str, name: str = "deck.yaml", **options):
    deck = tmp_path / name
    deck.write_text(text, encoding="utf-8")
    options.setdefault("formats", ("cards",))
    [output] = make(deck, BuildOptions(**options), name).products
    return reader(output.data), output


def fonts_used(pdf) -> set[str]:
    names = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


@pytest.mark.parametrize("language,expected", [
    ("en", "\u201cyes\u201d and it\u2019s \u2013 fine\u2026"),
    ("de", "\u201eyes\u201c and it\u2019s \u2013 fine\u2026"),
    ("fr", "\u00ab\u00a0yes\u00a0\u00bb and it\u2019s \u2013 fine\u2026"),
])
def test_quotes_dashes_and_ellipses_follow_the_language(tmp_path, language, expected):
    pdf, _ = build(tmp_path, f"title: T\nlanguage: {language}\n"
                             "prompts:\n  - 'She said \"yes\" and it''s -- fine...'\n")
    assert expected.replace("\u00a0", " ") in pdf.pages[0].extract_text().replace("\n", " ")


def test_markup_sets_emphasis_and_strong_and_keeps_angle_brackets(tmp_path):
    pdf, _ = build(tmp_path, 'title: T\nprompts:\n  - "Is it *really* <fine> & **safe**?"\n')
    fonts = {}

    def visit(text, cm, tm, font, size):
        if font and text.strip():
            fonts[text.strip()] = str(font["/BaseFont"]).split("+")[-1]

    pdf.pages[0].extract_text(visitor_text=visit)
    text = pdf.pages[0].extract_text()
    assert "Is it really <fine> & safe?" in text.replace("\n", " ")
    assert "*" not in text
    used = fonts_used(pdf)
    assert {"AtkinsonHyperlegible-Italic", "AtkinsonHyperlegible-Bold"} <= used, used


def test_invisible_marks_pasted_from_a_word_processor_print_nothing(tmp_path, cli_run):
    deck = tmp_path / "d.yaml"
    deck.write_text('title: T\nprompts:\n  - "What would make to\u00adday a little eas\u00adier?"\n'
                    '  - "A zero\u200bwidth space, a word\u2060joiner, a mark\ufeff."\n',
                    encoding="utf-8")
    result = cli_run("build", deck, "--format", "cards", "--format", "booklet", "-o",
                     tmp_path / "out")
    assert result.exit_code == 0, result.output
    for name in ("d-cards.pdf", "d-booklet.pdf"):
        words = " ".join(r.text for page in reader((tmp_path / "out" / name).read_bytes()).pages
                         for r in text_runs(page))
        assert "today a little easier?" in words and "to-" not in words and "\u00ad" not in words
        assert "A zerowidth space, a wordjoiner, a mark." in words
    # and every word is in the deck's own font, not the fallback that has those marks
    fonts = {str(font.get_object()["/BaseFont"])
             for page in reader((tmp_path / "out" / "d-cards.pdf").read_bytes()).pages
             for font in page["/Resources"]["/Font"].values()}
    assert not any("DejaVu" in font for font in fonts), fonts


def test_quotation_marks_are_not_doubled_and_inner_ones_are_single(printed):
    for name, pages in printed.items():
        text = "\n".join(run.text for runs in pages for run in runs)
        for doubled in ("““", "””", "„„", "«\u00a0«"):
            assert doubled not in text, name
        if name.startswith("self-care"):
            assert "‘adult’" in text and "“adult”" not in text, name


def test_chinese_and_japanese_attribute_a_quotation_with_a_two_em_dash_touching_the_name():
    assert attribution("鲁迅", "zh") == attribution("鲁迅", "zh-Hant") == "\u2014\u2014鲁迅"
    assert attribution("夏目漱石", "ja") == "\u2014\u2014夏目漱石"
    english = "\u2014 Maya Angelou"
    assert attribution("Maya Angelou", "en") == attribution("Maya Angelou", "") == english
    assert attribution("김소월", "ko") == "\u2014 김소월"
