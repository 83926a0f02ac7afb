"""Reading built PDFs back: verify passes on real builds and names the card that went missing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from cardgen.products import fit_faces, make
from cardgen.cards import deck_cards
from cardgen.deck import load_deck
from cardgen.fonts import load_fonts
from cardgen.layout.sheet import sheet_layout
from cardgen.options import BuildOptions
from cardgen.render.sheets import SheetJob, cards_pdf
from cardgen.render.theme import Theme
from cardgen.verify import VerifyError, face_text, verify_cards

DECKS = Path(__file__).resolve().parent.parent / "decks"

DECK = """\
title: Verify Deck
intro: Sit in a circle. Anyone may pass.
prompts:
{prompts}
  - text: Uncharacteristically, incomprehensibilities overwhelm intercontinental conversations.
    note: Hyphenated on a small card.
reframes:
  - instead: Call me when you're clean.
    try: Call me any time.
quotes:
  - text: How long it takes is how long it takes.
    by: Andrew Tatarsky
resources:
  - name: SAMHSA National Helpline
    phone: 1-800-662-4357
    url: https://www.samhsa.gov/find-help/helplines/national-helpline
blank_cards: 1
"""


class Built:
    """A deck fitted and drawn as card sheets, with everything verify needs."""

    def __init__(self, path: Path, **options):
        from conftest import fonts_for_deck

        self.options = BuildOptions(formats=("cards",), **options)
        self.deck = load_deck(path)
        self.fonts = load_fonts(fonts_for_deck(path))
        self.theme = Theme()
        self.cards = deck_cards(self.deck, self.options.only)
        self.faces = fit_faces(self.deck, self.cards, self.fonts, self.theme, self.options)
        self.layout = sheet_layout(self.options.paper_size, self.options.card_size, 0.0)

    def sheets(self, faces=None, layout=None) -> bytes:
        job = SheetJob(layout or self.layout, self.options.duplex, (0.0, 0.0), True, self.theme,
                       self.deck.title, "", self.deck.language, self.deck.labels)
        return cards_pdf(job, self.faces if faces is None else faces, self.fonts)


@pytest.fixture
def deck(tmp_path) -> Path:
    prompts = "\n".join(f"  - Prompt number {i} asks something" for i in range(1, 15))
    path = tmp_path / "verify.yaml"
    path.write_text(DECK.format(prompts=prompts), encoding="utf-8")
    return path


@pytest.mark.parametrize("card,duplex", [("poker", "long"), ("poker", "none"), ("mini", "short"),
                                         ("large", "long")])
def test_passes_on_what_the_build_drew(deck, card, duplex):
    prompts = frozenset({"prompt", "quote"}) if card == "mini" else None  # the rest needs room
    built = Built(deck, card=card, duplex=duplex, only=prompts)
    verify_cards(built.sheets(), built.faces, built.layout, duplex)


def test_passes_on_the_file_build_deck_wrote(deck, tmp_path):
    [output] = make(deck, BuildOptions(formats=("cards",))).products
    built = Built(deck)
    verify_cards(output.data, built.faces, built.layout, "long")


@pytest.mark.parametrize("name", sorted(p.name for p in DECKS.glob("*.yaml")))
def test_passes_on_the_bundled_decks(name):
    built = Built(DECKS / name)
    verify_cards(built.sheets(), built.faces, built.layout, "long")


def test_hyphenated_words_count_as_whole(deck):
    built = Built(deck, card="mini", only=frozenset({"prompt"}))
    face = next(f for f in built.faces if "Hyphenated on a small card." in face_text(f))
    lines = ["".join(p.text for p in line.pieces) for part in face.parts for line in part.block.lines]
    assert any(line.endswith("-") for line in lines)  # the test needs a split word
    assert "incomprehensibilities" not in face_text(face)[0]
    verify_cards(built.sheets(), built.faces, built.layout, "long")


def test_names_the_card_whose_face_was_left_out(deck):
    built = Built(deck)
    lost = 5  # the instructions card is first, so this is prompt 5
    faces = built.faces[:lost] + built.faces[lost + 1:]
    card = built.faces[lost].card
    with pytest.raises(VerifyError) as error:
        verify_cards(built.sheets(faces + [built.faces[-1]]), built.faces, built.layout, "long")
    assert card.describe() == "prompt 5"
    assert str(error.value).startswith(
        f"verify: prompt 5 ({deck}:{card.where.line}:{card.where.column}) is missing from page 1: ")


def test_names_a_card_on_a_later_sheet_with_its_page(deck):
    built = Built(deck)
    index = built.layout.per_sheet + 2  # third card of the second sheet: page 3 with duplex
    card = built.faces[index].card
    other = built.faces[index + 1]
    faces = [*built.faces[:index], replace(other, card=card), *built.faces[index + 1:]]
    with pytest.raises(VerifyError, match=rf"^verify: {card.describe()} \({re.escape(str(card.where))}\) "
                                          r"is missing from page 3: "):
        verify_cards(built.sheets(faces), built.faces, built.layout, "long")


def test_a_mutated_word_is_missing(deck):
    built = Built(deck)
    face = built.faces[3]
    part = face.parts[0]
    line = part.block.lines[0]
    first = line.pieces[0]
    changed = line._replace(pieces=(first._replace(text=first.text.replace("3", "8")), *line.pieces[1:]))
    block = replace(part.block, lines=(changed, *part.block.lines[1:]))
    mutated = replace(face, parts=(replace(part, block=block), *face.parts[1:]))
    faces = [*built.faces[:3], mutated, *built.faces[4:]]
    with pytest.raises(VerifyError, match=r"^verify: prompt 3 .* is missing from page 1: "
                                          r"'Prompt number 3 asks something' is not in slot 4$"):
        verify_cards(built.sheets(faces), built.faces, built.layout, "long")


def test_names_cards_drawn_in_each_others_slots(deck):
    built = Built(deck)
    faces = list(built.faces)
    faces[1], faces[2] = faces[2], faces[1]
    with pytest.raises(VerifyError, match=r"^verify: prompt 1 .* is on page 1 but not inside its slot "
                                          r"\(slot 2, "):
        verify_cards(built.sheets(faces), built.faces, built.layout, "long")


def test_names_a_card_drawn_in_the_wrong_place(deck):
    built = Built(deck)
    slots = list(built.layout.slots)
    moved = slots[0]
    slots[0] = replace(moved, y=moved.y - 40)  # drawn 40 pt low: its top lines leave the slot
    drawn = replace(built.layout, slots=tuple(slots))
    with pytest.raises(VerifyError, match=r"^verify: the instructions card \(.*\) is on page 1 but "
                                          r"not inside its slot \(slot 1, "):
        verify_cards(built.sheets(layout=drawn), built.faces, built.layout, "long")


def test_a_missing_sheet_is_a_page_count_error(deck):
    built = Built(deck)
    short = built.faces[:built.layout.per_sheet]
    need = 2 * -(-len(built.faces) // built.layout.per_sheet)
    with pytest.raises(VerifyError, match=rf"^verify: the card sheets have 2 pages; {len(built.faces)} "
                                          rf"cards need {need}$"):
        verify_cards(built.sheets(short), built.faces, built.layout, "long")
