"""Loading decks: what a good deck becomes, and every kind of mistake an editor makes."""

from __future__ import annotations

import textwrap

import pytest

from cardgen.deck.cards import all_cards
from cardgen.deck.kinds import Prompt, Quote, Reframe, Resource
from cardgen.deck.model import deck_name, load_deck
from cardgen.errors import DeckErrors, Position

GOOD = """\
title: Harm Reduction Conversations
subtitle: Prompts, reframes and quotes for families
language: en
author: Riverside Family Circle
license: CC BY 4.0
version: "1.0"
intro: |
  Sit in a circle and take turns drawing a card. Anyone may pass.
labels:
  prompt: Ask
  quote: Words to hold
prompts:
  - How can I be of help to you?
  - text: What do you love about it?
    topic: Curiosity
    note: Then ask what they would miss.
    tags: [opening]
reframes:
  - instead: Call me when you're clean.
    try: Call me any time. I want to hear how you are.
    why: It keeps the door open.
quotes:
  - text: How long it takes is how long it takes.
    by: Andrew Tatarsky
    source: Harm Reduction Psychotherapy
    topic: On Roads and Journeys
    id: Q1
region: US
resources:
  - name: SAMHSA National Helpline
    phone: 1-800-662-4357
    url: https://www.samhsa.gov/find-help/helplines/national-helpline
    note: Free, confidential, 24/7, English and Spanish.
blank_cards: 4
"""


def write(tmp_path, text: str, name: str = "deck.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(tmp_path, text: str | bytes) -> list[str]:
    path = tmp_path / "bad.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(DeckErrors) as caught:
        load_deck(path, "bad.yaml")
    return [str(error) for error in caught.value.errors]


def test_good_deck_becomes_typed_cards(tmp_path):
    deck = load_deck(write(tmp_path, GOOD, "harm-reduction.yaml"))
    assert deck.name == "harm-reduction"
    assert deck.title == "Harm Reduction Conversations"
    assert deck.version == "1.0"
    assert deck.intro == "Sit in a circle and take turns drawing a card. Anyone may pass."
    assert deck.counts() == {"prompt": 2, "reframe": 1, "quote": 1, "practice": 0, "resource": 1}
    prompts = deck.entries["prompt"]
    assert prompts[0] == Prompt(id=None, tags=(), where=prompts[0].where, spots={},
                                text="How can I be of help to you?")
    assert prompts[1].topic == "Curiosity" and prompts[1].tags == ("opening",)
    reframe, quote, resource = (deck.entries[kind][0] for kind in ("reframe", "quote", "resource"))
    assert isinstance(reframe, Reframe) and reframe.try_.startswith("Call me any")
    assert isinstance(quote, Quote) and quote.by == "Andrew Tatarsky"
    assert quote.id == "Q1"
    assert isinstance(resource, Resource) and resource.phone == "1-800-662-4357"
    assert deck.blank_cards == 4


def test_positions_point_at_each_card(tmp_path):
    path = write(tmp_path, GOOD)
    deck = load_deck(path, "deck.yaml")
    assert deck.entries["prompt"][0].where == Position("deck.yaml", 13, 5)
    assert deck.entries["prompt"][1].where == Position("deck.yaml", 14, 5)
    assert deck.entries["reframe"][0].spots["try"] == Position("deck.yaml", 20, 10)


def test_labels_default_by_language_and_merge_with_the_decks_own(tmp_path):
    deck = load_deck(write(tmp_path, GOOD))
    assert deck.labels["prompt"] == "Ask" and deck.labels["reframe"] == "Try saying"
    spanish = load_deck(write(tmp_path, "title: Hola\nlanguage: es-MX\nprompts: [¿Cómo estás?]\n"))
    assert spanish.labels["prompt"] == "Pregunta"


def test_markup_and_special_characters_are_kept_as_typed(tmp_path):
    deck = load_deck(write(tmp_path,
                           'title: T\nprompts:\n  - "Is it *really* <fine> & **safe**?"\n'))
    assert deck.entries["prompt"][0].text == "Is it *really* <fine> & **safe**?"


def test_scalars_keep_their_written_form(tmp_path):
    deck = load_deck(write(tmp_path, "title: T\nversion: 1.10\nprompts:\n  - yes\n  - 0.5\n"))
    assert deck.version == "1.10"
    assert [p.text for p in deck.entries["prompt"]] == ["yes", "0.5"]


def test_deck_name_strips_the_extension():
    assert deck_name("decks/harm-reduction.es.yaml") == "harm-reduction.es"
    assert deck_name("x.yml") == "x"


# The loader's error table: what an editor wrote, and the first line they are told.
ERRORS = [
    ("unclosed quote", 'title: T\nprompts:\n  - "How are you?\n  - Next\n',
     'bad.yaml:3:5: this quotation opens with " and is never closed'),
    ("tab indentation", "title: T\nprompts:\n\t- Hello\n",
     "bad.yaml:3:1: a tab is used for indentation"),
    ("empty file", "", "bad.yaml:1:1: the file is empty"),
    ("only comments", "# nothing\n", "bad.yaml:1:1: the file has no content, only comments"),
    ("not a mapping", "- just\n- a list\n", "bad.yaml:1:1: a deck must start with keys"),
    ("unknown key", "title: T\nprompts:\n  - txet: Hello\n",
     "bad.yaml:3:5: `txet`: unknown key; did you mean `text`?"),
    ("unknown top key", "titel: T\nprompts: [a]\n",
     "bad.yaml:1:1: `titel`: unknown key; did you mean `title`?"),
    ("duplicate key", "title: T\nprompts:\n  - text: One\n    text: Two\n",
     "bad.yaml:4:5: `text` is given twice (lines 3 and 4); keep one"),
    ("prompts is a string", "title: T\nprompts: How are you?\n",
     "bad.yaml:2:10: `prompts` should be a list of prompts, not text"),
    ("blank_cards not a number", "title: T\nprompts: [a]\nblank_cards: lots\n",
     "bad.yaml:3:14: `blank_cards` should be a whole number, such as 4"),
    ("blank_cards absurd", "title: T\nprompts: [a]\nblank_cards: 1000000000\n",
     "bad.yaml:3:14: `blank_cards` is 1000000000; it must be between 0 and 200"),
    ("missing try", "title: T\nreframes:\n  - instead: Stop it.\n",
     "bad.yaml:3:5: this reframe is missing `try`"),
    ("missing by", "title: T\nquotes:\n  - text: Words.\n",
     "bad.yaml:3:5: this quote is missing `by`"),
    ("missing title", "prompts: [a]\n", "bad.yaml:1:1: the deck is missing `title`"),
    ("empty text", 'title: T\nprompts:\n  - text: "  "\n', "bad.yaml:3:11: `text` is empty"),
    ("empty item", "title: T\nprompts:\n  -\n  - Fine\n", "bad.yaml:3:4: an empty prompt entry"),
    ("no cards", "title: T\nregion: US\nresources:\n  - name: X\n",
     "bad.yaml:1:1: the deck has no cards"),
    ("python tag", "title: !!python/object/apply:os.system [echo hi]\nprompts: [a]\n",
     "bad.yaml:1:8: the tag !!python/object/apply:os.system is not allowed"),
    ("not utf-8", b"title: Caf\xe9\nprompts: [a]\n",
     "bad.yaml:1:11: the file is saved as Windows-1252 (Latin-1), not UTF-8"),
    ("nul byte", "title: T\nprompts: [a\x00]\n", "bad.yaml:2:12: the file contains a NUL byte"),
    ("second document", "title: T\nprompts: [a]\n---\ntitle: U\n",
     "bad.yaml:3:1: a second document starts here"),
    ("colon in text", "title: T\nprompts:\n  - Note: this breaks: here\n",
     "bad.yaml:3:22: text with a colon and a space in it must be in quotes"),
    ("bad language", "title: T\nlanguage: english please\nprompts: [a]\n",
     "bad.yaml:2:11: `english please` is not a language tag"),
    ("tags not a list", "title: T\nprompts:\n  - text: a\n    tags: {a: 1}\n",
     "bad.yaml:4:11: `tags` should be a list such as [opening, family]"),
    ("duplicate id", "title: T\nprompts:\n  - {text: a, id: 7}\n  - {text: b, id: 7}\n",
     "bad.yaml:4:19: id `7` is already used at line 3"),
    ("text given a list", "title: T\nprompts:\n  - text: [a, b]\n",
     "bad.yaml:3:11: `text` should be text, not a list"),
    ("unknown label", "title: T\nlabels:\n  promt: Ask\nprompts: [a]\n",
     "bad.yaml:3:3: `promt`: unknown key; did you mean `prompt`?"),
]


@pytest.mark.parametrize("text,expected", [case[1:] for case in ERRORS],
                         ids=[case[0] for case in ERRORS])
def test_error_table(tmp_path, text, expected):
    if isinstance(text, str) and "\x00" in text:
        text = text.encode("utf-8")
    found = errors_of(tmp_path, text)
    assert any(line.startswith(expected) for line in found), found


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    found = errors_of(tmp_path, """\
        title: T
        prompts:
          - txet: a
        reframes:
          - instead: x
        quotes:
          - text: y
        blank_cards: lots
        """)
    assert [line.split(": ")[0] for line in found] == [
        "bad.yaml:3:5", "bad.yaml:5:5", "bad.yaml:7:5", "bad.yaml:8:14"]


def test_hints_say_what_to_change(tmp_path):
    found = errors_of(tmp_path, "title: T\nquotes:\n  - text: Words.\n")
    assert found == ["bad.yaml:3:5: this quote is missing `by`\n"
                     "  hint: quotations are always printed with who said them; add `by:`"]


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    text = "title: T\nprompts: [a]\n" + "\n".join(lines) + "\n"
    found = errors_of(tmp_path, text)
    assert found[0] == ("bad.yaml:1:1: the deck expands to more than 200,000 values\n"
                        "  hint: this happens with anchors and aliases (&name / *name) that "
                        "refer to each other; write the cards out instead")


def test_deep_nesting_is_refused(tmp_path):
    found = errors_of(tmp_path, "title: T\nprompts: " + "[" * 20000 + "]" * 20000 + "\n")
    assert found[0].startswith("bad.yaml:") and "nested too deeply" in found[0]


def test_huge_file_is_refused(tmp_path):
    text = "title: T\nprompts:\n" + "  - How are you feeling today, honestly?\n" * 60000
    found = errors_of(tmp_path, text)
    assert found == ["bad.yaml:1:1: the file is 2.3 MB; decks are limited to 2 MB\n"
                     "  hint: split it into several decks"]


def test_missing_file(tmp_path):
    with pytest.raises(DeckErrors) as caught:
        load_deck(tmp_path / "nope.yaml", "nope.yaml")
    assert str(caught.value) == "nope.yaml: no such file"


@pytest.mark.parametrize("phone,code", [("988\u202e12", "202E"), ("9\u200b88", "200B"),
                                        ("\u2066988\u2069", "2066")])
def test_a_phone_number_with_a_hidden_character_is_refused_at_its_line(tmp_path, phone, code):
    # On screen U+202E shows 98812 as 98821 while its link dials 98812.
    text = (f'title: T\nprompts: [Hello?]\nregion: US\nresources:\n  - name: Line\n'
            f'    phone: "{phone}"\n')
    assert errors_of(tmp_path, text) == [
        f"bad.yaml:6:12: `phone` contains the invisible character U+{code}, which can change "
        "how the number reads\n  hint: type the number again with only digits, spaces, dashes, "
        "brackets and +"]


def test_phone_numbers_in_any_digits_are_kept(tmp_path):
    path = write(tmp_path, "title: T\nprompts: [Hello?]\nregion: US\nresources:\n  - name: Line\n"
                           "    phone: \"+966 \u0668\u0660\u0660 \u0661\u0662\u0664 "
                           "\u0665\u0665\u0665\u0665\"\n")
    phone = load_deck(path).entries["resource"][0].phone
    assert phone == "+966 \u0668\u0660\u0660 \u0661\u0662\u0664 \u0665\u0665\u0665\u0665"
    assert phone.dial == "+9668001245555"  # Arabic-Indic digits, dialled as digits


def test_an_id_that_is_another_cards_number_is_refused_at_its_line(tmp_path):
    # A card's id is printed as its number: `id: "1"` beside a first card without an id
    # printed two cards numbered 1, and gave the page two elements with one id.
    path = tmp_path / "d.yaml"
    path.write_text('title: T\nprompts:\n  - Hi?\n  - text: Second?\n    id: "1"\n'
                    "quotes:\n  - text: Said.\n    by: Someone\n    id: '3'\n", encoding="utf-8")
    with pytest.raises(DeckErrors) as raised:
        load_deck(path, "d.yaml")
    assert str(raised.value) == (
        "d.yaml:5:9: id `1` is already the number of prompt 1 at line 3, a card numbered by its "
        "place\n  hint: give one of them an id that no card has, such as `4`")
    # Its own place's number is its own, and a word is always free.
    path.write_text('title: T\nprompts:\n  - Hi?\n  - text: Second?\n    id: "2"\n'
                    "  - text: Third?\n    id: opening\n", encoding="utf-8")
    assert [card.number for card in all_cards(load_deck(path))] == ["1", "2", "opening"]


def test_a_level_out_of_range_is_shown_where_it_is_written_with_what_levels_mean(tmp_path):
    errors = errors_of(tmp_path, """\
        title: T
        prompts:
          - text: What do you hope for?
            level: 4
          - text: How are you?
            level: deep
        """)
    assert errors == [
        "bad.yaml:4:12: `level` is 4; it must be between 1 and 3\n"
        "  hint: 1 is a light card, 3 a deep one",
        "bad.yaml:6:12: `level` should be a whole number, such as 4",
    ]


def test_a_helpline_has_no_level_for_it_is_printed_at_every_level(tmp_path):
    errors = errors_of(tmp_path, """\
        title: T
        region: US
        prompts:
          - How are you?
        resources:
          - name: Night Line
            phone: "988"
            level: 2
        """)
    assert errors == [
        "bad.yaml:8:5: a helpline prints at every level: no `level`\n"
        "  hint: remove `level:`; `cardgen build --level` never leaves it out"]


def test_level_and_content_note_are_read_on_every_kind_of_entry(tmp_path):
    deck = load_deck(write(tmp_path, """\
        title: T
        prompts:
          - How are you?
          - text: If something went wrong, who would you want me to call?
            level: 3
            content_note: talks about   overdose
        reframes:
          - {instead: a, try: b, level: 2}
        quotes:
          - {text: q, by: Someone, content_note: talks about death}
        practices:
          - {text: Breathe., level: 1}
        region: US
        resources:
          - {name: Night Line, phone: "988", content_note: a crisis line}
        """))
    prompts = deck.entries["prompt"]
    assert [(p.level, p.content_note) for p in prompts] == [
        (None, None), (3, "talks about overdose")]  # a note is one line, its spaces single
    assert deck.entries["reframe"][0].level == 2
    assert deck.entries["quote"][0].content_note == "talks about death"
    assert deck.entries["practice"][0].level == 1
    assert deck.entries["resource"][0].content_note == "a crisis line"
    assert deck.levelled


def test_a_deck_that_sets_no_level_is_not_levelled(tmp_path):
    assert not load_deck(write(tmp_path, GOOD)).levelled
