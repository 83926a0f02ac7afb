"""Backs for home printers: light by default (at most twice the ink of the fronts, nothing near
the trim), full colour on request and for print shops, chosen with --backs or `backs:`."""

from __future__ import annotations

import pypdfium2
import pytest

from cardgen.choices import CARDS, PAPERS
from cardgen.layout.sheet import sheet_layout
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.theme import KIND_COLOURS
from support.paths import DECKS

DPI = 40


def pages(pdf: bytes, dpi: int = DPI):
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].render(scale=dpi / 72).to_pil().convert("L")
            for i in range(len(document))]


def ink(image) -> float:
    """The page's mean darkness, 0 (white paper) to 1 (black all over)."""
    histogram = image.histogram()
    return sum((255 - level) * count for level, count in enumerate(histogram)) / (
        255 * image.width * image.height)


@pytest.mark.parametrize("name", ["harm-reduction.yaml", "self-care.yaml"])
@pytest.mark.parametrize("card", ["poker", "tarot"])
def test_a_back_sheet_takes_at_most_half_the_ink_of_its_front(name, card):
    """The issue asks for at most twice; light backs take about a third (0.18 to 0.37 on the
    bundled decks), so half holds them to what they are."""
    [cards] = make(DECKS / name, BuildOptions(formats=("cards",), card=card)).products
    sheets = pages(cards.data)
    for front, back in zip(sheets[0::2], sheets[1::2]):
        assert ink(back) <= 0.5 * ink(front), (ink(back), ink(front))
    full = make(DECKS / name, BuildOptions(formats=("cards",), card=card, backs="full"))
    flooded = pages(full.products[0].data)
    # The measure tells the two apart: a full-colour back takes several times a front's ink.
    assert ink(flooded[1]) > 4 * ink(flooded[0])


def test_a_mono_back_sheet_takes_no_more_ink_than_its_front():
    """Mono fronts have no bands, so they are light too; their backs stay lighter still."""
    deck = DECKS / "harm-reduction.yaml"
    [cards] = make(deck, BuildOptions(formats=("cards",), mono=True)).products
    sheets = pages(cards.data)
    for front, back in zip(sheets[0::2], sheets[1::2]):
        assert ink(back) <= ink(front), (ink(back), ink(front))


def test_a_light_back_carries_the_kinds_word_in_its_colour_and_the_decks_name():
    from cardgen.deck.colours import contrast
    from cardgen.verify.readback import document_runs

    deck = DECKS / "self-care.yaml"
    [cards] = make(deck, BuildOptions(formats=("cards",), marks=False)).products
    document = pypdfium2.PdfDocument(cards.data)
    runs = document_runs(document, 1)
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    # The first sheet: two instruction cards, then prompts, whose back says "Ask yourself".
    for index, word in ((0, "Howtouse"), (2, "Askyourself")):
        slot = layout.back_slot(index, "long")
        inside = [r for r in runs if slot.x <= r.box[0] and r.box[2] <= slot.right
                  and slot.y <= r.box[1] and r.box[3] <= slot.top]
        [label] = [r for r in inside if r.text == word]
        kind = "instructions" if index == 0 else "prompt"
        assert label.fill.upper() == KIND_COLOURS[kind].upper()
        assert contrast(label.fill, "#FFFFFF") >= 4.5
        assert "Self-CareforFamilies" in [r.text for r in inside]
        image = pages(cards.data, dpi=72)[1].crop(
            (round(slot.x), round(layout.page_height - slot.top), round(slot.right),
             round(layout.page_height - label.box[3])))
        assert image.getextrema()[0] < 128  # the icon, dark, above its word


def test_a_light_back_prints_nothing_near_the_trim(tmp_path):
    deck = DECKS / "harm-reduction.yaml"
    [cards] = make(deck, BuildOptions(formats=("cards",), marks=False)).products
    dpi = 100
    back = pypdfium2.PdfDocument(cards.data)[1].render(scale=dpi / 72).to_pil().convert("L")
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    near = 12.0  # points inside the trim: a back printed 4 mm off still shows none of it
    px = dpi / 72
    for index in range(layout.per_sheet):
        slot = layout.back_slot(index, "long")
        left, right = round(slot.x * px), round(slot.right * px)
        top, bottom = round((layout.page_height - slot.top) * px), round(
            (layout.page_height - slot.y) * px)
        inset = round(near * px)
        for box in ((left, top, right, top + inset), (left, bottom - inset, right, bottom),
                    (left, top, left + inset, bottom), (right - inset, top, right, bottom)):
            assert back.crop(box).getextrema() == (255, 255), (index, box)


def corner_colour(pdf: bytes, page: int) -> tuple[int, int, int]:
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=1).to_pil().convert("RGB")
    return image.getpixel((1, 1))


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def near(a, b, slack: int = 3) -> bool:
    return all(abs(x - y) <= slack for x, y in zip(a, b))


def test_the_shop_export_floods_its_backs_past_the_trim_and_light_is_a_choice(tmp_path):
    deck = DECKS / "self-care.yaml"
    shop = make(deck, BuildOptions(formats=("shop",)))["shop"].data
    colour = rgb(KIND_COLOURS["instructions"])  # the first card is the instructions card
    assert near(corner_colour(shop, 1), colour)  # its back's corner, in the 3 mm bleed
    assert near(corner_colour(shop, 0), colour)  # the front's band runs into the bleed too
    light = make(deck, BuildOptions(formats=("shop",), backs="light"))["shop"].data
    assert corner_colour(light, 1) == (255, 255, 255)


def test_backs_saved_in_cardgen_yaml_and_refused_when_unknown(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text("title: T\nprompts:\n  - How are you?\n",
                                               encoding="utf-8")
    (tmp_path / "cardgen.yaml").write_text("backs: full\n", encoding="utf-8")
    assert cli_run("build", "--format", "cards", cwd=tmp_path).exit_code == 0
    sheets = pages((tmp_path / "output" / "d-cards.pdf").read_bytes())
    assert ink(sheets[1]) > 2 * ink(sheets[0])
    result = cli_run("build", "--backs", "dark", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Invalid value for '--backs': 'dark' is not one of 'light', 'full'." in result.output
    (tmp_path / "cardgen.yaml").write_text("backs: dark\n", encoding="utf-8")
    result = cli_run("build", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == "cardgen.yaml:1:8: `backs`: `dark` is not one of light, full\n"
