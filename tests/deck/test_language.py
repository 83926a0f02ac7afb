"""cardgen's own words, one table per language: each holds English's keys with the same
blanks, every language the bundled decks and the README name has one, each word prints in
cardgen's fonts, and a deck's `labels:` can set any of them, checked at its line."""

from __future__ import annotations

import re
import textwrap

import pytest
import yaml

from cardgen.deck.language import (
    KEYS,
    LANGUAGES,
    SECTIONS,
    TEMPLATES,
    base,
    blanks,
    has_table,
    sections,
    table,
)
from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors
from cardgen.text.fonts import load_fonts
from cardgen.text.scripts import refused_script
from support.cjk import cjk_font
from support.paths import DECKS, ROOT

# The README's "## Languages" table, by code: what it promises cardgen prints in.
README_LANGUAGES = ("en", "es", "fr", "de", "pt", "pl", "vi", "el", "ru", "uk", "ar", "fa", "ur",
                    "ps", "ckb", "he", "yi", "hi", "mr", "ne", "bn", "as", "zh", "ja", "ko")
CJK = ("zh", "zh-Hant", "ja", "ko")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_has_englishs_keys_in_its_sections_and_keeps_their_blanks(language):
    english = sections("en")
    own = sections(language)
    assert list(own) == list(english)
    for section, words in english.items():
        assert list(own[section]) == list(words), section
    for key, word in table(language).items():
        assert isinstance(word, str) and word.strip() == word and word, (key, word)
        assert sorted(blanks(word)) == sorted(TEMPLATES.get(key, ())), (key, word)


def test_keys_are_unique_across_sections_and_include_every_kinds_label():
    from cardgen.deck.kinds import LABEL_KEYS

    assert len(KEYS) == len(set(KEYS)) == sum(len(keys) for keys in SECTIONS.values())
    assert set(LABEL_KEYS) <= set(SECTIONS["cards"])


def test_the_bundled_decks_and_the_readmes_languages_each_have_a_table():
    bundled = {yaml.safe_load(path.read_text(encoding="utf-8")).get("language", "en")
               for path in DECKS.glob("*.yaml")}
    assert bundled | set(README_LANGUAGES) <= set(LANGUAGES)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Languages" in readme and "cardgen/deck/languages/" in readme


def test_a_tag_falls_back_from_its_region_to_its_language_then_to_english():
    assert base("pt-BR") == "pt" and base("ckb-IQ") == "ckb"
    assert base("sw") == base("") == "en"
    assert table("pt-BR")["practice"] == "Pratiquem juntos"
    assert table("xx") == table("en") and table("xx")["practice"] == "Try together"
    assert has_table("fa-AF") and has_table("en-GB") and not has_table("sw")


@pytest.mark.parametrize("tag", ["zh-Hant", "zh-TW", "zh-HK", "zh-MO", "zh_Hant_TW", "zh-hant",
                                 "zh-Hant-CN", "zh-TW-x-test"])
def test_taiwan_hong_kong_macao_and_a_traditional_tag_read_the_traditional_chinese_table(tag):
    assert base(tag) == "zh-Hant" and has_table(tag)
    assert table(tag)["contents"] == "目錄" and table(tag)["practice"] == "一起試試"


@pytest.mark.parametrize("tag", ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-TW", "zh-Hans-HK"])
def test_other_chinese_tags_and_a_simplified_one_read_the_simplified_table(tag):
    assert base(tag) == "zh" and table(tag)["contents"] == "目录"


def test_the_two_chinese_tables_differ_only_in_their_characters():
    simplified, traditional = table("zh"), table("zh-Hant")
    assert list(simplified) == list(traditional)
    assert all(blanks(simplified[key]) == blanks(traditional[key]) for key in simplified)
    assert sum(simplified[key] != traditional[key] for key in simplified) > len(simplified) // 2


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code not in CJK])
def test_every_word_prints_in_cardgens_own_fonts(language):
    fonts = load_fonts()
    for key, word in table(language).items():
        assert refused_script(word) is None, (key, word)
        assert fonts.missing(word) is None, (key, word, fonts.missing(word))


@pytest.mark.parametrize("language", CJK)
def test_chinese_japanese_and_korean_words_print_in_the_cjk_font(language):
    fonts = load_fonts((cjk_font(),))
    for key, word in table(language).items():
        assert fonts.missing(word) is None, (key, word, fonts.missing(word))


def _load(tmp_path, text: str):
    path = tmp_path / "deck.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_deck(path, "deck.yaml")


def _errors(tmp_path, text: str) -> list[str]:
    with pytest.raises(DeckErrors) as caught:
        _load(tmp_path, text)
    return [str(error) for error in caught.value.errors]


def test_a_deck_sets_any_word_for_itself_and_keeps_its_languages_for_the_rest(tmp_path):
    deck = _load(tmp_path, """\
        title: T
        language: es
        labels:
          contents: Índice
          print_shortest: "Imprímelo al 100 %, {sides}."
          box_how_to: Recorta, dobla y pega.
        prompts: [a]
        """)
    assert deck.labels["contents"] == "Índice"
    assert deck.labels["box_how_to"] == "Recorta, dobla y pega."
    assert deck.labels["print_shortest"] == "Imprímelo al 100 %, {sides}."
    assert deck.labels["notes"] == "Notas" and deck.labels["instead"] == "En vez de"
    assert set(deck.labels) == set(KEYS)
    assert str(deck.spots["labels.contents"]) == "deck.yaml:4:13"


def test_a_decks_word_without_its_blank_or_with_a_blank_cardgen_cannot_fill_is_refused(tmp_path):
    found = _errors(tmp_path, """\
        title: T
        labels:
          print_short: Print at 100 %, on card stock.
          more_help: "More help: page {pg}"
          draww: Draw
        prompts: [a]
        """)
    assert found == [
        "deck.yaml:3:16: `labels.print_short` has no {sides}\n"
        "  hint: write {sides} where it goes, as in "
        "`print_short: Print at 100 %, {sides}, on card stock.`",
        "deck.yaml:4:14: `labels.more_help` has {pg}, which cardgen cannot fill\n"
        "  hint: write it as in `more_help: More help on page {page}`",
        "deck.yaml:5:3: `draww`: unknown key; did you mean `draw`?",
    ]


def test_english_words_are_those_cardgen_printed_before_the_tables():
    """English decks' output stays as it was: the words moved, not changed."""
    english = table("en")
    assert english["print_full"].replace("{sides}", english["two_sided_long"]) == (
        "Print at actual size (100 %), two-sided, flip on long edge, on card stock. "
        "Cut on the marks.")
    assert english["box_how_to"] == ("Cut on the solid lines, fold on the dashed lines, "
                                     "glue the grey flaps. Print at 100 %.")
    assert re.fullmatch(r"Text \{word\} to \{number\}", english["sms_word"])
