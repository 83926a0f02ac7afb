"""The helpline card: its number is the largest text on it, read and dialled at a glance, and
it never shrinks to make room; a number written as bare digits is grouped for reading."""

from __future__ import annotations

import json

import pytest

from cardgen.choices import CARDS, PAPERS
from cardgen.layout.sheet import sheet_layout
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from support.pdfread import reader, text_runs

SAMHSA_NOTE = ("Free, confidential, 24/7/365, in English and Spanish. Treatment referral and "
               "information. TTY: 1-800-487-4889.")


def deck_with(tmp_path, phone: str, note: str = SAMHSA_NOTE, name: str = "SAMHSA National "
              "Helpline") -> str:
    path = tmp_path / "deck.yaml"
    path.write_text("title: Helplines\nprompts:\n  - How are you?\nresources:\n"
                    f"  - name: {name}\n    phone: '{phone}'\n"
                    "    url: https://www.samhsa.gov/find-help/helplines/national-helpline\n"
                    f"    note: {json.dumps(note)}\n", encoding="utf-8")
    return path


def helpline_runs(path, card: str = "poker"):
    """The text runs on the helpline card: the second slot of the first sheet."""
    [cards] = make(path, BuildOptions(formats=("cards",), card=card, marks=False)).products
    layout = sheet_layout(PAPERS["letter"], CARDS[card])
    slot = layout.slots[1]
    runs = text_runs(reader(cards.data).pages[0])
    return [r for r in runs if slot.x <= r.x <= slot.right and slot.y <= r.y <= slot.top]


@pytest.mark.parametrize("card,least", [("poker", 18.0), ("tarot", 18 * 1.1), ("large", 18 * 1.4)])
def test_the_number_is_the_largest_text_on_its_card(tmp_path, card, least):
    runs = helpline_runs(deck_with(tmp_path, "18006624357"), card)
    phone = next(r for r in runs if r.text.strip() == "1-800-662-4357")
    others = [r for r in runs if r is not phone]
    assert phone.size >= least - 0.01
    assert all(r.size < phone.size for r in others), [(r.text, r.size) for r in others]


def test_a_longer_note_shrinks_the_rest_never_the_number(tmp_path):
    short = helpline_runs(deck_with(tmp_path, "988", note="Call or text."))
    longer = helpline_runs(deck_with(tmp_path, "988", note=" ".join([SAMHSA_NOTE] * 2)))

    def size(runs, start):
        return next(r.size for r in runs if r.text.startswith(start))

    assert size(short, "988") == size(longer, "988") == 20.0
    assert size(longer, "Free") < size(short, "Call")  # the note took the smaller size
    assert size(longer, "SAMHSA") < size(short, "SAMHSA")


def test_a_note_too_long_for_the_card_fails_at_its_line(tmp_path, cli_run):
    deck_with(tmp_path, "988", note=" ".join([SAMHSA_NOTE] * 4))
    result = cli_run("build", "deck.yaml", "--format", "cards", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == (
        "deck.yaml:8:11: resource 2 does not fit on a poker card with its number at 20 pt: at "
        "9 pt it needs 56 pt more height than the card has\n"
        "  hint: shorten `note:` (the number never shrinks), or use a bigger card: --card large\n")
    assert not (tmp_path / "out").exists()


def test_a_number_too_wide_for_the_card_fails_at_its_line(tmp_path, cli_run):
    # It may break after a dash it has (nothing is added to it), or at a space; this has neither.
    deck_with(tmp_path, "+44207946095812345", note="Open late.")
    result = cli_run("build", "deck.yaml", "--format", "cards", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == (
        "deck.yaml:6:12: resource 2: the `phone` is too wide for a poker card: at 18 pt, the "
        "least it prints at, 195 pt of it has no space to break at and there is room for "
        "162 pt\n  hint: give only the number here, with spaces between its groups if it is "
        "long (words such as TTY go in `note:`), or use a bigger card: --card large\n")


def test_a_number_with_spaces_may_take_two_lines_at_full_size(tmp_path):
    runs = helpline_runs(deck_with(tmp_path, "1-800-662-4357 or 1-800-662-4358", note="Open."))
    numbers = [r for r in runs if r.text.strip().startswith("1-800")]
    assert len(numbers) == 2 and {r.size for r in numbers} == {20.0}
