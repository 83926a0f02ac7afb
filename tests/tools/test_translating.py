"""A translation linked to its source: ids given in place, the translation started,
its cards' standing, `done`, and lint's out-of-date cards (cardgen/tools/translating.py,
with cardgen/deck/translation.py and cardgen/tools/yamledit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardgen.deck.model import load_deck
from cardgen.deck.translation import fingerprint, load_source
from cardgen.errors import CardgenError
from cardgen.tools.lint import lint_deck
from cardgen.tools.translating import mark_done, outdated, start, status

SOURCE = """\
# Our deck. A comment that must survive.
title: Family talk
language: en
region: US

prompts:
  # Opening
  - text: How are you?   # asked first
    topic: Opening
  - What helps?
  - {text: "What is hard: today?", note: Say it slowly.}

quotes:
  - text: Every step counts.
    by: A. Person
    source: A talk

resources:
  - name: Helpline
    phone: 1-800-662-4357
    note: Free, every day.
"""


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "talk.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    return path


def test_start_gives_each_card_its_place_number_in_place(deck):
    done = start(deck, "es")
    assert done.ids_given == 5 and done.made
    text = deck.read_text(encoding="utf-8")
    assert "# Our deck. A comment that must survive." in text
    # The id is each card's last line: every line there was stays as it was.
    assert '  - text: How are you?   # asked first\n    topic: Opening\n    id: "1"\n' in text
    assert '  - text: What helps?\n    id: "2"\n' in text
    assert '  - {text: "What is hard: today?", note: Say it slowly., id: "3"}' in text
    assert [item.id for items in load_deck(deck).entries.values() for item in items] == \
        ["1", "2", "3", "4", "5"]


def test_a_card_added_later_gets_the_next_free_number(deck):
    start(deck, "es")
    text = deck.read_text(encoding="utf-8")
    # At the end: an id-less card before cards with number ids would take their numbers.
    deck.write_text(text + "  - name: Text line\n    note: Any time.\n", encoding="utf-8")
    done = start(deck, "es")
    assert done.ids_given == 1 and not done.made and done.added == ("7",)
    assert deck.read_text(encoding="utf-8").endswith(
        '  - name: Text line\n    note: Any time.\n    id: "7"\n')
    translation = deck.with_name("talk.es.yaml")
    assert translation.read_text(encoding="utf-8").endswith(
        '    translated: no\n  - name: Text line\n    note: Any time.\n    id: "7"\n'
        '    translated: no\n')


def test_the_translation_has_every_card_marked_not_yet_translated(deck):
    start(deck, "es")
    translation = load_deck(deck.with_name("talk.es.yaml"))
    assert translation.language == "es"
    assert translation.translation_of == deck.with_name("talk.yaml")
    assert dict(translation.translated) == {"title": "no"}
    items = [item for items in translation.entries.values() for item in items]
    assert [item.translated for item in items] == ["no"] * 5
    assert translation.entries["quote"][0].by == "A. Person"  # a name: copied
    _, state = status(deck.with_name("talk.es.yaml"), "talk.es.yaml")
    assert (state.count("untranslated"), state.total, state.complete) == (6, 6, False)


def test_start_never_overwrites_a_file_that_is_not_the_translation(deck):
    other = deck.with_name("talk.es.yaml")
    other.write_text("title: Something else\nprompts: [Hola]\n", encoding="utf-8")
    with pytest.raises(CardgenError, match=r"is not a translation of talk\.yaml"):
        start(deck, "es")
    assert other.read_text(encoding="utf-8") == "title: Something else\nprompts: [Hola]\n"
    assert deck.read_text(encoding="utf-8") == SOURCE  # nothing given ids either


def test_a_changed_source_puts_its_card_out_of_date_until_done(deck):
    start(deck, "es")
    path = deck.with_name("talk.es.yaml")
    mark_done(path, "talk.es.yaml", ("1", "5"))
    source_text = deck.read_text(encoding="utf-8")
    deck.write_text(source_text.replace("How are you?", "How are you doing?")
                    .replace("1-800-662-4357", "1-800-273-8255"), encoding="utf-8")
    _, state = status(path, "talk.es.yaml")
    stale = {standing.key for standing in state.standings if standing.state == "outdated"}
    assert stale == {"1", "5"}  # a changed number too
    found = outdated(load_deck(path))
    assert [str(where) for where, _ in found] == [f"{path}:15:17", f"{path}:33:17"]
    assert found[0][1].startswith('prompt 1 is out of date: the source now says '
                                  'text: "How are you doing?", topic: "Opening"; ')
    marked, left = mark_done(path, "talk.es.yaml", ())
    assert {standing.key for standing in marked} == {"1", "5"} and left == 4
    _, state = status(path, "talk.es.yaml")
    assert state.count("outdated") == 0 and state.count("untranslated") == 4


def test_lint_reports_out_of_date_cards_at_their_lines(deck):
    start(deck, "es")
    path = deck.with_name("talk.es.yaml")
    mark_done(path, "talk.es.yaml", ("4",))
    deck.write_text(deck.read_text(encoding="utf-8").replace("A talk", "A book"),
                    encoding="utf-8")
    mark = fingerprint({"text": "Every step counts.", "source": "A book"})
    found = [str(finding) for finding in lint_deck(path, "talk.es.yaml")
             if "out of date" in finding.message]
    assert found == [f'talk.es.yaml:26:17: quote 4 is out of date: the source now says '
                     f'text: "Every step counts.", source: "A book"; once the translation '
                     f'matches, write `translated: {mark}`']


def test_fingerprint_ignores_how_the_words_are_wrapped():
    assert fingerprint({"text": "a  b\nc"}) == fingerprint({"text": "a b c"})
    assert fingerprint({"text": "a b c"}) != fingerprint({"text": "a b d"})
    assert len(fingerprint({"text": "x"})) == 8


def test_the_bundled_translations_are_complete(bundled_decks=Path(__file__).parents[2] / "decks"):
    for language in ("es", "ar", "zh"):
        path = bundled_decks / f"harm-reduction.{language}.yaml"
        _, state = status(path, path.name)
        assert state.complete, language
        assert state.total == 80
        assert load_source(load_deck(path)).name == "harm-reduction"
