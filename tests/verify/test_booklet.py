"""`--verify` for booklets reads the imposed sheets back: every page in every cell it was
placed in, and every entry in reading order. Tampered sheets name the page and the cell."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

from cardgen.choices import PAPERS
from cardgen.deck.cards import booklet_cards, deck_cards
from cardgen.deck.model import load_deck
from cardgen.layout.booklet import plan
from cardgen.products.booklet import page_size
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.booklet import lay_out
from cardgen.render.impose import impose
from cardgen.render.pages import Drawer
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts
from cardgen.verify.booklet import VerifyError, booklet_texts, verify_booklet
from support.paths import DECKS

DECK = """\
title: Verify Deck
intro: "*Sit* in a circle. Anyone may **pass**, at any time."
prompts:
{prompts}
reframes:
  - instead: Call me when you're clean.
    try: Call me any time.
quotes:
  - text: How long it takes is how long it takes.
    by: Andrew Tatarsky
region: US
resources:
  - name: SAMHSA National Helpline
    phone: 1-800-662-4357
    url: https://www.samhsa.gov/find-help/helplines/national-helpline
blank_cards: 1
"""


class Imposed:
    """A deck's booklet laid out, planned and drawn on sheets, as a build does it."""

    def __init__(self, path: Path, layout: str = "pocket", paper: str = "letter", cards=None):
        from support.cjk import fonts_for_deck

        self.deck = load_deck(path)
        fonts = load_fonts(fonts_for_deck(path))
        self.cards = booklet_cards(self.deck, deck_cards(self.deck)) if cards is None else cards
        size = page_size(paper, PAPERS[paper], layout, None)
        exact = 8 if layout == "zine" else None
        self.booklet = lay_out(self.deck, self.cards, fonts, Theme(), size, exact_pages=exact)
        self.plan = plan(layout, len(self.booklet.pages), size, PAPERS[paper],
                         direction=self.booklet.direction)

    def sheets(self, drawn_plan=None, booklet=None) -> bytes:
        return impose(drawn_plan or self.plan, Drawer(booklet or self.booklet))

    def verify(self, pdf: bytes, expected=None) -> None:
        verify_booklet(pdf, self.booklet, self.plan,
                       booklet_texts(self.deck, self.cards) if expected is None else expected)


@pytest.fixture
def deck(tmp_path) -> Path:
    prompts = "\n".join(f"  - Prompt number {i} asks something" for i in range(1, 15))
    path = tmp_path / "verify.yaml"
    path.write_text(DECK.format(prompts=prompts), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(p.name for p in DECKS.glob("*.yaml")))
@pytest.mark.parametrize("layout, paper", [("pocket", "letter"), ("pocket", "a4"),
                                           ("saddle", "letter"), ("none", "letter")])
def test_passes_on_the_bundled_decks(name, layout, paper):
    built = Imposed(DECKS / name, layout, paper)
    built.verify(built.sheets())


def test_passes_on_a_zine(deck):
    small = load_deck(deck)
    cards = tuple(c for c in deck_cards(small) if c.kind.name in ("instructions", "resource"))
    built = Imposed(deck, "zine", cards=cards)
    built.verify(built.sheets())


def test_a_build_with_verify_reads_its_sheets_back(deck):
    products = make(deck, BuildOptions(formats=("booklet",), verify=True))
    assert products["booklet"].verified


def _without_placement(pdf: bytes, side: int, placement: int) -> bytes:
    """The PDF with one `Do` (one placed page) taken out of one sheet side's content."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    page = writer.pages[side]
    content = ContentStream(page.get_contents(), writer)
    dos = [i for i, (_, operator) in enumerate(content.operations) if operator == b"Do"]
    del content.operations[dos[placement]]
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_placement_dropped_from_a_pocket_sheet_is_named(deck):
    built = Imposed(deck)
    pdf = built.sheets()
    built.verify(pdf)
    # Sheet 1's front places the back cover and the cover, in the top and the bottom copy.
    assert [p.page for p in built.plan.sides[0].placements] == [7, 0, 7, 0]
    tampered = _without_placement(pdf, side=0, placement=3)
    with pytest.raises(VerifyError) as caught:
        built.verify(tampered)
    assert str(caught.value) == ("verify: booklet page 1 is missing from PDF page 1 (sheet 1, "
                                 "front), bottom right: 'Verify Deck' is not in its cell")


def test_two_pages_swapped_on_a_saddle_sheet_are_named(deck):
    built = Imposed(deck, "saddle")
    back = built.plan.sides[1]
    left, right = back.placements
    assert (left.page, right.page) == (1, len(built.booklet.pages) - 2)
    swapped = dataclasses.replace(back, placements=(dataclasses.replace(left, page=right.page),
                                                    dataclasses.replace(right, page=left.page)))
    sides = (built.plan.sides[0], swapped, *built.plan.sides[2:])
    pdf = built.sheets(dataclasses.replace(built.plan, sides=sides))
    with pytest.raises(VerifyError) as caught:
        built.verify(pdf)
    assert str(caught.value) == ("verify: booklet page 2 is missing from PDF page 2 (sheet 1, "
                                 "back), left: 'How to use' is not in its cell")


def test_the_upside_down_row_of_a_zine_is_read_back(deck):
    small = load_deck(deck)
    cards = tuple(c for c in deck_cards(small) if c.kind.name in ("instructions", "resource"))
    built = Imposed(deck, "zine", cards=cards)
    side = built.plan.sides[0]
    placements = list(side.placements)
    assert [p.page for p in placements[:4]] == [4, 3, 2, 1]  # the top row, upside down
    placements[2] = dataclasses.replace(placements[2], page=None)  # page 3 left out
    gap = dataclasses.replace(side, placements=tuple(placements))
    drawn = dataclasses.replace(built.plan, sides=(gap,))
    with pytest.raises(VerifyError) as caught:
        built.verify(built.sheets(drawn))
    assert str(caught.value) == ("verify: booklet page 3 is missing from PDF page 1, top panel 3 "
                                 "of 4: 'Help' is not in its cell")


def test_a_missing_sheet_side_is_a_page_count_error(deck):
    built = Imposed(deck)
    short = dataclasses.replace(built.plan, sides=built.plan.sides[:-1])
    with pytest.raises(VerifyError) as caught:
        built.verify(built.sheets(short))
    assert str(caught.value) == (f"verify: the booklet has {len(short.sides)} pages; its sheets "
                                 f"need {len(built.plan.sides)}")


def test_names_a_card_left_out_of_the_layout(deck):
    built = Imposed(deck)
    lost = next(c for c in built.cards if c.kind.name == "quote")
    fewer = Imposed(deck, cards=tuple(c for c in built.cards if c is not lost))
    assert len(fewer.booklet.pages) == len(built.booklet.pages)
    message = (rf"^verify: quote \d+ \({re.escape(str(lost.where))}\) is missing from the "
               r"booklet \(looked from page \d+ on\): ")
    with pytest.raises(VerifyError, match=message):
        verify_booklet(fewer.sheets(), fewer.booklet, fewer.plan,
                       booklet_texts(built.deck, built.cards))


def test_checks_reading_order(deck):
    built = Imposed(deck)
    expected = booklet_texts(built.deck, built.cards)
    assert [c.describe() for c, _ in expected[1:3]] == ["prompt 1", "prompt 2"]
    expected[1], expected[2] = expected[2], expected[1]  # prompt 2 expected before prompt 1
    with pytest.raises(VerifyError, match=r"^verify: prompt 1 \("):
        built.verify(built.sheets(), expected)


def test_booklet_texts_are_what_is_printed(deck):
    built = Imposed(deck)
    texts = {c.describe(): t for c, t in booklet_texts(built.deck, built.cards)}
    assert texts["reframe 15"] == "Call me when you\u2019re clean.\nCall me any time."
    assert texts["quote 16"] == ("\u201cHow long it takes is how long it takes.\u201d\n"
                                 "\u2014 Andrew Tatarsky")
    address = "https://www.samhsa.gov/find-help/helplines/national-helpline"
    assert texts["helpline 17"].endswith("\n" + address)
    assert "a blank card" not in texts


def test_words_in_a_cell_that_are_not_its_page_are_named(deck):
    """A finished page carries only the booklet: a printer's note on it fails verify."""
    built = Imposed(deck)

    drawer = Drawer(built.booklet)

    def with_note(canvas, index, marked=True):
        if index == 7:  # the back cover, before its own words
            canvas.setFont("Atkinson-Regular", 6.5)
            canvas.drawString(40, built.booklet.height - 20, "Print at 100 %, duplex.")
        return drawer(canvas, index, marked)

    pdf = impose(built.plan, with_note)
    with pytest.raises(VerifyError) as caught:
        built.verify(pdf)
    assert str(caught.value) == ("verify: PDF page 1 (sheet 1, front), top left holds words that "
                                 "are not on booklet page 8: 'Print at 100 %, duplex.'")


def test_passes_a_helpline_whose_note_goes_on_after_its_address(tmp_path):
    """A helpline too tall for a zine panel prints its note after its QR code; its words
    are all there, in another order, and verify says so by passing."""
    note = " ".join(f"Sentence {i} of the note." for i in range(14))  # a panel's worth
    path = tmp_path / "tall.yaml"
    url = "    url: https://www.samhsa.gov/find-help/helplines/national-helpline\n"
    path.write_text(DECK.format(prompts="  - What helps?").replace(url, f"{url}    note: {note}\n"),
                    encoding="utf-8")
    deck = load_deck(path)
    built = Imposed(path, "zine", cards=booklet_cards(deck, deck_cards(deck, only=frozenset(
        {"resource"}))))
    built.verify(built.sheets())
    expected = booklet_texts(built.deck, built.cards)
    lost = [(card, text.replace("Sentence 12 of", "Sentence 99 of")) for card, text in expected]
    missing = r"^verify: helpline \d+ \(.*\) is missing from the booklet"
    with pytest.raises(VerifyError, match=missing):
        built.verify(built.sheets(), lost)
