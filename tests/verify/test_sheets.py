"""Reading built PDFs back: verify passes on real builds and names the card that went missing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from cardgen.deck.cards import deck_cards
from cardgen.deck.model import load_deck
from cardgen.layout.sheet import sheet_layout
from cardgen.products.build import make
from cardgen.products.context import Context
from cardgen.products.options import BuildOptions
from cardgen.render.sheets import SheetJob, cards_pdf
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts
from cardgen.verify.booklet import VerifyError, face_text
from cardgen.verify.sheets import verify_cards, verify_shop
from support.paths import DECKS

DECK = """\
title: Verify Deck
intro: Sit in a circle. Anyone may pass.
prompts:
{prompts}
  - text: Uncharacteristically, incomprehensibilities overwhelm intercontinental conversations.
    note: Hyphenated.
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


class Built:
    """A deck fitted and drawn as card sheets, with everything verify needs."""

    def __init__(self, path: Path, **options):
        from support.cjk import fonts_for_deck

        self.options = BuildOptions(formats=("cards",), **options)
        self.deck = load_deck(path)
        self.fonts = load_fonts(fonts_for_deck(path))
        self.theme = Theme()
        self.cards = deck_cards(self.deck, self.options.only)
        self.faces = Context(self.options, self.fonts).fit(self.deck, self.cards, self.theme)
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
    face = next(f for f in built.faces if "Hyphenated." in face_text(f))
    lines = ["".join(p.text for p in line.pieces)
             for part in face.parts for line in part.block.lines]
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
    where = re.escape(str(card.where))
    with pytest.raises(VerifyError, match=rf"^verify: {card.describe()} \({where}\) "
                                          r"is missing from page 3: "):
        verify_cards(built.sheets(faces), built.faces, built.layout, "long")


def test_a_mutated_word_is_missing(deck):
    built = Built(deck)
    face = built.faces[3]
    part = face.parts[0]
    line = part.block.lines[0]
    first = line.pieces[0]
    changed = line._replace(pieces=(first._replace(text=first.text.replace("3", "8")),
                                    *line.pieces[1:]))
    block = part.block._replace(lines=(changed, *part.block.lines[1:]))
    mutated = replace(face, parts=(part._replace(block=block), *face.parts[1:]))
    faces = [*built.faces[:3], mutated, *built.faces[4:]]
    with pytest.raises(VerifyError, match=r"^verify: prompt 3 .* is missing from page 1: "
                                          r"'Prompt number 3 asks something' is not in slot 4$"):
        verify_cards(built.sheets(faces), built.faces, built.layout, "long")


def test_names_cards_drawn_in_each_others_slots(deck):
    built = Built(deck)
    faces = list(built.faces)
    faces[1], faces[2] = faces[2], faces[1]
    with pytest.raises(VerifyError, match=r"^verify: prompt 1 .* is on page 1 but not inside "
                                          r"its slot \(slot 2, "):
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
    with pytest.raises(VerifyError, match=rf"^verify: the card sheets have 2 pages; "
                                          rf"{len(built.faces)} cards need {need}$"):
        verify_cards(built.sheets(short), built.faces, built.layout, "long")


# --- tampering with real PDFs: what verify must catch -----------------------------------------


def tampered(pdf: bytes, change, pages: set[int], forms: bool = False) -> bytes:
    """`pdf` with `change` applied to the content of `pages` (0-based), and to the forms
    they use when `forms`."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for index in sorted(pages):
        page = writer.pages[index]
        contents = page.get_contents()
        contents.set_data(change(contents.get_data()))
        page.replace_contents(contents)
        if forms:
            for form in page["/Resources"]["/XObject"].values():
                form = form.get_object()
                data = form.get_data()
                # pypdf writes back Flate only; ReportLab's forms are ASCII85 over Flate.
                form[NameObject("/Filter")] = NameObject("/FlateDecode")
                form.set_data(change(data))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def without_page(pdf: bytes, lost: int) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        if index != lost:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


WHITE = (rb"[\d.]+ [\d.]+ [\d.]+ rg", b"1 1 1 rg")
TINY = (rb"(/F\S+) [\d.]+ Tf", rb"\1 .5 Tf")


def _sub(pattern):
    return lambda data: re.sub(pattern[0], pattern[1], data)


def verify_error(call) -> str:
    with pytest.raises(VerifyError) as error:
        call()
    return str(error.value)


def test_sheets_without_backs_fail(deck):
    built = Built(deck)
    pdf = tampered(built.sheets(), lambda data: b"", {1})
    card = built.faces[0].card
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long")) == (
        f"verify: the back of the instructions card ({card.where}) is missing from page 2: "
        "'How to use' is not in slot 5")


def test_white_text_on_the_white_card_fails(deck):
    built = Built(deck)
    pdf = tampered(built.sheets(), _sub(WHITE), {0})
    card = built.faces[0].card
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long")) == (
        f"verify: the instructions card ({card.where}) on page 1 cannot be read: 'Sit in a "
        "circle. Anyone may pass.' is printed in #FFFFFF on #FFFFFF (contrast 1.0:1; at least "
        "4.5:1 is needed)")


def test_a_back_in_its_own_colour_fails(deck):
    built = Built(deck)
    built.theme = Theme(backs="full")
    # The full back's white icon and words recoloured to the kind's colour under them.
    pdf = tampered(built.sheets(),
                   lambda data: data.replace(b"1 1 1 rg", b".231373 .27451 .329412 rg"),
                   {1}, forms=True)
    card = built.faces[0].card
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long",
                                             theme=built.theme)) == (
        f"verify: the back of the instructions card ({card.where}) on page 2 cannot be read: "
        "'How to use' is printed in #3B4654 on #3B4654 (contrast 1.0:1; at least 4.5:1 is needed)")


def test_a_white_title_on_a_light_back_fails(deck):
    built = Built(deck)
    # The light back's grey title (#4D4D4D) recoloured to the white of the card.
    pdf = tampered(built.sheets(), lambda data: data.replace(b".301961 .301961 .301961 rg",
                                                             b"1 1 1 rg"), {1}, forms=True)
    card = built.faces[0].card
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long")) == (
        f"verify: the back of the instructions card ({card.where}) on page 2 cannot be read: "
        "'Verify Deck' is printed in #FFFFFF on #FFFFFF (contrast 1.0:1; at least 4.5:1 is "
        "needed)")


def test_text_shrunk_to_half_a_point_fails(deck):
    built = Built(deck)
    pdf = tampered(built.sheets(), _sub(TINY), {0})
    card = built.faces[0].card
    # The label is drawn with the card's words (each card's heading has its own, for a
    # screen reader), so it is the first text found shrunk.
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long")) == (
        f"verify: the instructions card ({card.where}) on page 1 is printed at 0.5 pt, not the "
        "10 pt the layout chose: 'How to use'")


def test_a_band_label_shrunk_in_its_form_fails(deck):
    built = Built(deck)
    pdf = tampered(built.sheets(), _sub(TINY), {0}, forms=True)
    card = built.faces[0].card
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long")) == (
        f"verify: the instructions card ({card.where}) on page 1 is printed at 0.5 pt, not the "
        "10 pt the layout chose: 'How to use'")


def test_a_removed_back_page_fails(deck):
    built = Built(deck)
    pdf = without_page(built.sheets(), 1)
    sheets = -(-len(built.faces) // built.layout.per_sheet)
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long")) == (
        f"verify: the card sheets have {2 * sheets - 1} pages; {len(built.faces)} cards need "
        f"{2 * sheets}")


def test_backs_moved_by_the_printer_offset_pass(deck):
    built = Built(deck)
    job = SheetJob(built.layout, "long", (3.0, -2.0), True, built.theme, built.deck.title, "",
                   built.deck.language, built.deck.labels)
    pdf = cards_pdf(job, built.faces, built.fonts)
    verify_cards(pdf, built.faces, built.layout, "long", (3.0, -2.0))


def test_mono_sheets_pass_and_white_bands_fail(deck):
    built = Built(deck, mono=True)
    built.theme = Theme(mono=True)
    built.faces = Context(built.options, built.fonts).fit(built.deck, built.cards, built.theme)
    verify_cards(built.sheets(), built.faces, built.layout, "long", theme=built.theme)
    pdf = tampered(built.sheets(), lambda data: re.sub(rb"\.101961 \.101961 \.101961 rg",
                                                       b"1 1 1 rg", data), {0}, forms=True)
    card = built.faces[0].card
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long",
                                             theme=built.theme)) == (
        f"verify: the instructions card ({card.where}) on page 1 cannot be read: 'How to use' "
        "is printed in #FFFFFF on #FFFFFF (contrast 1.0:1; at least 4.5:1 is needed)")


ZERO_WIDTH = ("title: T\nprompts:\n  - \"Zero\\u200bwidth, joiner\\u200d and BOM\\ufeff here\"\n"
              "  - \"Right\\u202eto left\\u202c end\"\n  - \"word\\u2060joiner\"\n")


def test_zero_width_and_direction_characters_pass(tmp_path, cli_run):
    (tmp_path / "deck.yaml").write_text(ZERO_WIDTH, encoding="utf-8")
    result = cli_run("build", "--verify", "--format", "cards", "--format", "shop", "--format",
                     "booklet", "-o", "out", "deck.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if line.startswith("verified")] == [
        f"verified 3 cards in out/deck-{name}.pdf" for name in ("cards", "shop", "booklet")]


# --- the print-shop export -------------------------------------------------------------------


def shop_of(built: Built, bleed: float = 9.0) -> bytes:
    from cardgen.render.shop import shop_pdf

    return shop_pdf(built.faces, built.options.card_size, bleed, built.theme, built.fonts,
                    built.deck)


def test_verify_shop_passes_on_what_the_build_drew(deck):
    built = Built(deck)
    verify_shop(shop_of(built), built.faces, built.options.card_size, 9.0)


def test_verify_shop_names_a_back_left_blank(deck):
    built = Built(deck)
    pdf = tampered(shop_of(built), lambda data: b"", {5})
    card = built.faces[2].card
    assert verify_error(lambda: verify_shop(pdf, built.faces, built.options.card_size, 9.0)) == (
        f"verify: the back of prompt 2 ({card.where}) is missing from page 6 of the print-shop "
        "export: 'Ask' is not in the trim")


def test_verify_shop_names_white_text(deck):
    built = Built(deck)
    pdf = tampered(shop_of(built), _sub(WHITE), {2})
    card = built.faces[1].card
    assert verify_error(lambda: verify_shop(pdf, built.faces, built.options.card_size, 9.0)) == (
        f"verify: prompt 1 ({card.where}) on page 3 of the print-shop export cannot be read: "
        "'Prompt number 1 asks something' is printed in #FFFFFF on #FFFFFF (contrast 1.0:1; at "
        "least 4.5:1 is needed)")


def test_verify_shop_counts_its_pages(deck):
    built = Built(deck)
    pdf = without_page(shop_of(built), 3)
    n = len(built.faces)
    assert verify_error(lambda: verify_shop(pdf, built.faces, built.options.card_size, 9.0)) == (
        f"verify: the print-shop export has {2 * n - 1} pages; {n} cards need {2 * n}")


def test_build_verify_format_shop_says_so(tmp_path, cli_run, deck):
    result = cli_run("build", "--verify", "--format", "shop", "-o", tmp_path / "out", deck)
    assert result.exit_code == 0, result.output
    shop = tmp_path / "out" / "verify-shop.pdf"
    assert result.output.splitlines()[-1] == f"verified 20 cards in {shop}"


@pytest.mark.parametrize("mono", [False, True])
def test_cards_that_print_only_their_band_pass(tmp_path, mono):
    # A title too long for the footer leaves blank cards with nothing but their band: the
    # same drawing, placed card after card, must still be read as one label a card.
    title = "Conversations for families and friends of people who use drugs and more words"
    path = tmp_path / "blank.yaml"
    path.write_text(f"title: {title}\nprompts: [Hi]\nblank_cards: 5\n", encoding="utf-8")
    products = make(path, BuildOptions(formats=("cards", "shop"), verify=True, mono=mono))
    assert [product.verified for product in products.products] == [True, True]


def _retagged(pdf: bytes, change) -> bytes:
    """`pdf` with `change` applied to its structure tree's document element."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        change(document.Root.StructTreeRoot.K)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def test_a_card_missing_from_the_structure_fails(deck):
    built = Built(deck)
    pdf = _retagged(built.sheets(), lambda top: top.K.__delitem__(len(top.K) - 1))
    count = len(built.faces)
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long")) == (
        f"verify: the structure of the card sheets has {count - 1} sections for {count} "
        "cards; a screen reader needs one a card")


def test_a_figure_without_alternative_text_fails(deck):
    import pikepdf

    def strip(top) -> None:
        for section in top.K:
            for kid in section.K if isinstance(section.K, pikepdf.Array) else [section.K]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Figure":
                    del kid["/Alt"]

    built = Built(deck)
    pdf = _retagged(built.sheets(), strip)
    helpline = next(face for face in built.faces if face.qr)
    assert verify_error(lambda: verify_cards(pdf, built.faces, built.layout, "long")) == (
        f"verify: a picture on {helpline.card.describe()} ({helpline.card.where}) has no "
        "alternative text in the card sheets")


def test_the_tagged_sheets_pass(deck):
    built = Built(deck)
    verify_cards(built.sheets(), built.faces, built.layout, "long")
