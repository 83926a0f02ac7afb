"""Which cards print: subsets by kind and tag, stable numbers, helplines never dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgen.deck.cards import booklet_cards, deck_cards
from cardgen.deck.model import load_deck
from cardgen.errors import CardgenError
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from support.pdfread import reader

DECK = """\
title: Subsets
intro: Sit in a circle.
prompts:
  - {text: Opening question?, tags: [opening]}
  - {text: Later question?, tags: [later]}
quotes:
  - {text: Words., by: Someone, tags: [later]}
region: US
resources:
  - {name: Night Line, phone: "988"}
blank_cards: 1
"""


@pytest.fixture
def deck(tmp_path):
    path = tmp_path / "subsets.yaml"
    path.write_text(DECK, encoding="utf-8")
    return load_deck(path, "subsets.yaml")


def described(cards) -> list[str]:
    return [card.describe() for card in cards]


def test_a_tag_keeps_the_instructions_and_the_helplines(deck):
    assert described(deck_cards(deck, tag="opening")) == [
        "the instructions card", "prompt 1", "helpline 4"]


def test_no_helplines_leaves_them_out_of_a_tag_subset(deck):
    assert described(deck_cards(deck, tag="opening", helplines=False)) == [
        "the instructions card", "prompt 1"]


def test_only_names_the_kinds_exactly(deck):
    assert described(deck_cards(deck, only=frozenset({"prompt"}))) == ["prompt 1", "prompt 2"]


def test_a_booklet_always_carries_the_helplines(deck):
    chosen = deck_cards(deck, only=frozenset({"quote"}))
    assert described(booklet_cards(deck, chosen)) == ["quote 3", "helpline 4"]


def test_a_tag_nothing_has_is_an_error(deck):
    with pytest.raises(CardgenError) as caught:
        deck_cards(deck, only=frozenset({"quote"}), tag="opening")
    assert str(caught.value) == "subsets.yaml: no cards match kind quote and tag `opening`"


def booklet_text(path: Path, **options) -> str:
    products = make(path, BuildOptions(formats=("booklet",), impose="none", **options))
    pages = reader(products["booklet"].data).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_a_tag_build_keeps_the_helpline_on_cards_and_in_the_booklet(tmp_path):
    path = tmp_path / "subsets.yaml"
    path.write_text(DECK, encoding="utf-8")
    cards = make(path, BuildOptions(formats=("cards",), tag="later"))["cards"]
    text = " ".join(page.extract_text() for page in reader(cards.data).pages)
    assert "Night Line" in text and "Opening question" not in text
    assert "Night Line" in booklet_text(path, tag="later", helplines=False)
    assert "Night Line" in booklet_text(path, only=frozenset({"prompt"}))


# --- levels, on the bundled deck ------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    from support.paths import DECKS

    return load_deck(DECKS / "harm-reduction.yaml")


def test_a_level_keeps_lighter_cards_the_instructions_and_every_helpline(bundled):
    every = deck_cards(bundled)
    light = deck_cards(bundled, level=1)
    up_to_two = deck_cards(bundled, level=2)
    assert {card.level for card in every if card.item} == {1, 2, 3}
    assert [c for c in every if c.item is None or c.kind.travels or c.level == 1] == list(light)
    assert [c for c in every if c.item is None or c.kind.travels or c.level <= 2] == list(up_to_two)
    assert len(light) < len(up_to_two) < len(every)
    kinds = [card.kind.name for card in light]
    assert kinds[0] == "instructions" and kinds.count("resource") == 2
    assert kinds.count("blank") == 4
    assert deck_cards(bundled, level=3) == every


def test_a_level_subset_keeps_each_cards_number(bundled):
    numbers = {id(card.item): card.number for card in deck_cards(bundled)}
    light = deck_cards(bundled, level=1)
    assert all(card.number == numbers[id(card.item)] for card in light if card.item)
    assert "28" not in [card.number for card in light]  # level 3: left out, not renumbered
    assert "29" in [card.number for card in light]


def test_a_level_and_a_tag_both_apply(bundled):
    both = deck_cards(bundled, tag="urge", level=1)
    entries = [card for card in both if card.item and not card.kind.travels]
    assert [card.item.text for card in entries] == ["What helps an urge pass, even a little?"]
    assert {card.kind.name for card in both} == {"instructions", "prompt", "resource"}


def test_a_level_and_tag_nothing_has_is_an_error(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("title: T\nprompts:\n  - {text: Deep one?, level: 3, tags: [late]}\n"
                    "  - Light one?\n", encoding="utf-8")
    with pytest.raises(CardgenError) as raised:
        deck_cards(load_deck(path, "d.yaml"), tag="late", level=2)
    assert str(raised.value) == "d.yaml: no cards match tag `late` and level 2 or lighter"
