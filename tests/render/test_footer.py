"""Card footers: which card of how many ("12/73") and the deck's short name on one line, the
title cut at a word to fit; a short title or an id that cannot fit, or that no font can
draw, refused at its line."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from cardgen.choices import CARDS, PAPERS
from cardgen.layout.sheet import sheet_layout
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.verify.readback import document_runs
from support.paths import DECKS


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def sheet_runs(path: Path, card: str = "poker", page: int = 0, **options):
    """The runs of characters on a page of the card sheets, and the sheet's layout."""
    [cards] = make(path, BuildOptions(formats=("cards",), card=card, marks=False,
                                      **options)).products
    document = pypdfium2.PdfDocument(cards.data)
    return document_runs(document, page), sheet_layout(PAPERS["letter"], CARDS[card], marks=False)


def in_slot(runs, slot):
    return [r for r in runs if slot.x <= (r.box[0] + r.box[2]) / 2 <= slot.right
            and slot.y <= (r.box[1] + r.box[3]) / 2 <= slot.top]


def test_the_footer_says_which_card_of_how_many_and_the_short_name(tmp_path):
    runs, layout = sheet_runs(DECKS / "harm-reduction.yaml", page=2)  # the second sheet
    footer = [r.text for r in in_slot(runs, layout.slots[4]) if r.size < 9]
    # The second sheet starts after the two instruction cards and prompts 1 to 7.
    assert footer == ["12/73", "HarmReductionConversations"]


TITLE = "Conversations for families and friends of people who use drugs"


@pytest.mark.parametrize("short", [None, "Family Talk"])
def test_a_long_title_is_cut_at_a_word_for_the_footer_unless_a_short_title_is_given(tmp_path,
                                                                                    short):
    head = f"title: {TITLE}\n" + (f"short_title: {short}\n" if short else "")
    runs, layout = sheet_runs(write(tmp_path, head + "prompts:\n  - How are you?\n"))
    [number, name] = [r for r in in_slot(runs, layout.slots[0]) if r.size < 9]
    assert number.text == "1/1"
    if short:
        assert name.text == "FamilyTalk"
    else:  # the most words that fit, whole, without the comma or "and" that led on
        words = TITLE.split()
        cuts = ["".join(words[:n]).rstrip(",") for n in range(1, len(words))]
        assert name.text in cuts and name.text != cuts[0]
    assert name.box[2] == pytest.approx(layout.slots[0].right - 9, abs=0.6)  # at the line's end


def test_a_short_title_too_long_for_the_footer_fails_at_its_line(tmp_path, cli_run):
    write(tmp_path, f"title: T\nshort_title: {TITLE}\nprompts:\n  - How are you?\n")
    result = cli_run("build", "deck.yaml", "--format", "cards", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == (
        "deck.yaml:2:14: the short title is too long for the footer of a poker card: at 7 pt it "
        "is 195 pt wide and there is room for 139 pt\n  hint: shorten `short_title:`: a word or "
        "two that names the deck\n")


def deck(tmp_path, head: str, body: str = "prompts:\n  - How are you?\n") -> str:
    (tmp_path / "deck.yaml").write_text(head + body, encoding="utf-8")
    return "deck.yaml"


def refused(cli_run, tmp_path, *args) -> tuple[int, str]:
    result = cli_run("build", "--format", "cards", "--format", "shop", *args, "-o", "out",
                     "deck.yaml", cwd=tmp_path)
    assert not (tmp_path / "out").exists()
    return result.exit_code, result.output


# --- an id in place of the number ---------------------------------------------------------


def test_an_id_no_font_can_draw_is_refused_at_its_line(cli_run, tmp_path):
    deck(tmp_path, "title: T\n", "prompts:\n  - text: How are you?\n    id: \"\U0001F642\"\n")
    assert refused(cli_run, tmp_path) == (
        1, "deck.yaml:4:9: `id`: no font can draw '\U0001F642' (U+1F642); tried Atkinson "
           "Hyperlegible, DejaVu Sans, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans "
           "Devanagari, Noto Sans Bengali\n  hint: remove the character, or add a font that "
           "has it with --font FILE.ttf\n")


def test_an_id_too_long_for_the_footer_is_refused_at_its_line(cli_run, tmp_path):
    deck(tmp_path, "title: T\n",
         "prompts:\n  - text: How are you?\n"
         "    id: A-very-long-identifier-for-this-card-that-goes-on-and-on\n")
    assert refused(cli_run, tmp_path) == (
        1, "deck.yaml:4:9: `id` 'A-very-long-identifier-for-this-card-that-goes-on-and-on' is too "
           "long for the footer of a poker card: at 7 pt it is 174 pt wide and there is room "
           "for 162 pt\n  hint: use a shorter id, such as a number or a short code\n")


def test_a_number_id_counts_the_deck_as_a_place_number_does_and_a_word_id_prints_alone(tmp_path):
    # A translation's cards keep their source's numbers as ids (`cardgen translate`): a card
    # numbered 7 by its id prints as card 7 of the deck, as it did numbered by its place.
    deck = write(tmp_path, 'title: T\nprompts:\n  - text: One?\n    id: "7"\n'
                           "  - text: Two?\n    id: door\n")
    runs, layout = sheet_runs(deck)
    assert [r.text for r in in_slot(runs, layout.slots[0]) if r.size < 9] == ["7/2", "T"]
    assert [r.text for r in in_slot(runs, layout.slots[1]) if r.size < 9] == ["door", "T"]
