"""Words balanced on the card: the main words at the optical centre, larger on larger cards,
coaching notes readable (9 pt, 4.5:1), and a footer that says "12/73" and the deck's short
name. Read back from the PDFs as a reader meets them."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from cardgen.choices import CARDS, PAPERS
from cardgen.deck.colours import contrast
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
    return document_runs(document, page), sheet_layout(PAPERS["letter"], CARDS[card])


def in_slot(runs, slot):
    return [r for r in runs if slot.x <= (r.box[0] + r.box[2]) / 2 <= slot.right
            and slot.y <= (r.box[1] + r.box[3]) / 2 <= slot.top]


@pytest.mark.parametrize("card", ["poker", "tarot", "large", "bridge"])
def test_a_short_prompt_sits_at_the_optical_centre_of_its_card(tmp_path, card):
    runs, layout = sheet_runs(write(tmp_path, "title: T\nprompts:\n  - How are you?\n"), card)
    slot = layout.slots[0]
    words = in_slot(runs, slot)
    [main] = [r for r in words if r.text == "Howareyou?"]
    footer = min(r.box[3] for r in words if r is not main)  # the top of the footer's ink
    band = slot.top - (9 + 10 * 1.5)  # the band: 1/8 in and one and a half label sizes
    room = band - footer
    centre = (main.box[1] + main.box[3]) / 2
    # Slightly above the middle of the room, where the eye takes the middle to be.
    above = (centre - (band + footer) / 2) / room
    assert 0.05 <= above <= 0.15, above


def test_a_long_prompt_fills_the_card(tmp_path):
    long = " ".join(["What would you like me to understand that I have not asked about?"] * 3)
    runs, layout = sheet_runs(write(tmp_path, f"title: T\nprompts:\n  - {long}\n"))
    slot = layout.slots[0]
    main = [r for r in in_slot(runs, slot) if r.size > 9]
    top, bottom = max(r.box[3] for r in main), min(r.box[1] for r in main)
    assert (top - bottom) / (slot.height - 24 - 20) > 0.8


def test_larger_and_taller_cards_set_the_same_words_larger(tmp_path):
    deck = write(tmp_path, "title: T\nprompts:\n  - What is a good day like for you?\n")
    sizes = {}
    for card in ("mini", "poker", "tarot", "large"):
        runs, layout = sheet_runs(deck, card)
        sizes[card] = max(r.size for r in in_slot(runs, layout.slots[0]))
    assert sizes["mini"] < sizes["poker"] < sizes["tarot"] < sizes["large"], sizes


EVERY_NOTE = """\
title: Notes For Everyone
prompts:
  - text: What helps?
    topic: Curiosity
    note: Then ask what they would miss.
reframes:
  - instead: Call me when you're clean.
    try: Call me any time.
    why: It keeps the door open.
    topic: Keeping the door open
quotes:
  - text: How long it takes is how long it takes.
    by: Andrew Tatarsky
    source: Harm Reduction event, NoBox Philippines, August 2015
practices:
  - text: Take three slow breaths together.
    minutes: 2
    topic: Slowing down
"""


def test_coaching_notes_are_nine_points_and_read_at_four_and_a_half_to_one(tmp_path):
    runs, layout = sheet_runs(write(tmp_path, EVERY_NOTE))
    notes = ("Thenaskwhattheywouldmiss.", "Itkeepsthedooropen.", "Curiosity",
             "Keepingthedooropen", "—AndrewTatarsky", "2min", "Slowingdown")
    found = set()
    for slot in layout.slots[:4]:
        words = in_slot(runs, slot)
        band = slot.top - 24
        for run in words:
            if run.box[1] >= band:  # the label, white on the band
                continue
            assert contrast(run.fill, "#FFFFFF") >= 4.5, run
            if run.text.startswith(notes) or "NoBox" in run.text:
                found.add(run.text)
                assert run.size >= 9, run
            elif run.box[3] > slot.y + 9 + 7 * 1.25 + 1:  # above the footer: the card's words
                assert run.size >= 9, run
            else:  # the footer: smaller, but never under 6 pt
                assert 6 <= run.size < 9, run
    assert len(found) >= len(notes), found


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


def test_the_short_title_runs_down_the_tuck_boxs_sides(tmp_path):
    deck = write(tmp_path, f"title: {TITLE}\nshort_title: Family Talk\nprompts:\n  - Hi?\n")
    box = make(deck, BuildOptions(formats=("box",), box_thickness=20 * 72 / 25.4))["box"].data
    text = pypdfium2.PdfDocument(box)[0].get_textpage().get_text_range()
    assert text.count("Family Talk") == 2  # the two sides
