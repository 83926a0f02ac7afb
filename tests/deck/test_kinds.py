"""The card-kind registry, and the kind that proves it: `practices:`.

Every kind is declared once in cardgen.deck.kinds; the face, the booklet, verify, lint and
the schema read it from there. These tests check that each kind is complete (colour,
icon, labels, a look for every role it prints) and that a practice goes all the way
from the deck file to both printed products.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgen.deck.cards import all_cards
from cardgen.deck.colours import contrast
from cardgen.deck.icons import ICONS as _ICONS
from cardgen.deck.kinds import ENTRY_KINDS, KINDS, LABEL_KEYS, LANGUAGES, Practice, default_labels
from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors, Position
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render import booklet, face
from cardgen.tools.lint import lint_deck
from support.paths import DECKS
from support.pdfread import reader, text_runs

PRACTICES = """\
title: Together
prompts:
  - What helps?
practices:
  - Breathe out slowly, twice.
  - text: Name one thing you can hear right now.
    minutes: 3
    topic: Noticing
    tags: [calm]
"""


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_has_a_colour_that_reads_on_white_both_ways(name):
    colour = KINDS[name].colour
    assert contrast(colour, "#FFFFFF") >= 4.5, (name, colour)


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_has_an_icon_and_a_label_in_every_language(name):
    assert name in _ICONS
    for language in LANGUAGES:
        labels = default_labels(language)
        assert labels[name], (name, language)


def test_label_keys_are_the_kinds_and_their_extra_words():
    assert set(KINDS) <= set(LABEL_KEYS)
    assert {"instead", "try", "minutes"} <= set(LABEL_KEYS)
    assert default_labels("pt-BR")["practice"] == "Pratiquem juntos"
    assert default_labels("xx")["practice"] == "Try together"


def sample(kind):
    """An entry of `kind` with every field filled, as the loader would make it."""
    values = {}
    for f in kind.fields:
        if f.kind == "count":
            values[f.name] = 5
        elif f.kind in ("text", "line"):
            values["try_" if f.name == "try" else f.name] = f"some {f.name}"
    return kind.item(id=None, tags=(), where=Position("d.yaml", 1, 1), spots={}, **values)


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=lambda kind: kind.name)
def test_every_role_a_kind_prints_has_a_look_on_cards_and_in_the_booklet(kind):
    printed = kind.printed(sample(kind), default_labels("en"), "en")
    assert printed, kind.name
    for piece in printed:
        assert piece.role in face.ROLES or piece.role == "address", piece
        assert piece.role in booklet.ROLES or piece.role in ("topic", "address"), piece


def test_a_kind_refuses_an_entry_of_another_kind():
    with pytest.raises(TypeError):
        KINDS["quote"].printed(sample(KINDS["prompt"]), default_labels("en"), "en")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "together.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_practices_load_in_both_forms(tmp_path):
    deck = load_deck(write(tmp_path, PRACTICES), "together.yaml")
    first, second = deck.entries["practice"]
    assert isinstance(first, Practice) and first.text == "Breathe out slowly, twice."
    assert first.minutes is None
    assert (second.minutes, second.topic, second.tags) == (3, "Noticing", ("calm",))
    assert second.spots["minutes"] == Position("together.yaml", 7, 14)
    assert [c.describe() for c in all_cards(deck)] == ["prompt 1", "practice 2", "practice 3"]


@pytest.mark.parametrize("value, message", [
    ("0", "`minutes` is 0; it must be between 1 and 120"),
    ("121", "`minutes` is 121; it must be between 1 and 120"),
    ("soon", "`minutes` should be a whole number, such as 4"),
])
def test_minutes_out_of_range_are_refused_at_their_line(tmp_path, value, message):
    text = PRACTICES.replace("minutes: 3", f"minutes: {value}")
    with pytest.raises(DeckErrors) as caught:
        load_deck(write(tmp_path, text), "together.yaml")
    assert str(caught.value) == f"together.yaml:7:14: {message}"


def test_a_practice_without_text_names_the_key_to_add(tmp_path):
    text = "title: T\npractices:\n  - minutes: 3\n"
    with pytest.raises(DeckErrors) as caught:
        load_deck(write(tmp_path, text), "t.yaml")
    assert str(caught.value) == ("t.yaml:3:5: this practice is missing `text`\n"
                                 "  hint: add `text:` with what to do")


def test_practices_alone_are_a_deck(tmp_path):
    deck = load_deck(write(tmp_path, "title: T\npractices:\n  - Breathe.\n"), "t.yaml")
    assert deck.counts()["practice"] == 1


def test_a_practice_card_prints_its_label_text_topic_and_minutes(tmp_path):
    products = make(write(tmp_path, PRACTICES), BuildOptions(formats=("cards",)))
    page = reader(products["cards"].data).pages[0]
    lines = [run.text for run in text_runs(page)]
    assert lines.count("Try together") == 2
    assert "Noticing" in lines and "3 min" in lines
    assert "Breathe out slowly, twice." in " ".join(lines)


def test_a_practice_is_in_the_booklet_under_its_own_heading(tmp_path):
    options = BuildOptions(formats=("booklet",), impose="none", verify=True)
    products = make(write(tmp_path, PRACTICES), options)
    text = "".join(page.extract_text() for page in reader(products["booklet"].data).pages)
    flat = " ".join(text.split())
    assert "Try together" in flat
    assert flat.index("Noticing") < flat.index("Name one thing you can hear right now.")
    assert "3 min" in flat
    assert products["booklet"].verified


def test_lint_reads_a_practices_words(tmp_path):
    path = write(tmp_path, PRACTICES.replace("Breathe out slowly", "Ask the addict to breathe"))
    findings = [str(f) for f in lint_deck(path, "together.yaml")]
    assert findings == ['together.yaml:5:13: "addict" -> "person who uses drugs" / '
                        '"person with a substance use disorder"']


def test_the_self_care_deck_has_practices():
    deck = load_deck(DECKS / "self-care.yaml")
    assert 3 <= len(deck.entries["practice"]) <= 4
    assert all(p.minutes and p.topic for p in deck.entries["practice"])


@pytest.mark.parametrize("kind", ENTRY_KINDS, ids=lambda kind: kind.name)
def test_a_content_note_is_printed_first_whatever_the_kind(kind):
    printed = kind.printed(sample(kind), default_labels("en"), "en")
    assert printed[0][:3] == ("content-note", "some content_note", "content_note")
    assert [piece.role for piece in printed].count("content-note") == 1


def test_a_chinese_quotation_is_attributed_with_two_dashes():
    from cardgen.deck.kinds import QUOTE, Quote

    quote = Quote(id=None, tags=(), where=None, spots={}, text="慢慢来。", by="安德鲁·塔塔尔斯基")
    by = {p.role: p.text for p in QUOTE.printed(quote, default_labels("zh"), "zh")}["by"]
    assert by == "——安德鲁·塔塔尔斯基"
