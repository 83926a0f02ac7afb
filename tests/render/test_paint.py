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
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"], marks=False)
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
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"], marks=False)
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


# --- the level mark ---------------------------------------------------------------------


def front_of(pdf: bytes, footer: str, layout):
    """(page index, trim slot) of the front whose footer starts with `footer` ("28/73")."""
    from cardgen.verify.readback import document_runs

    document = pypdfium2.PdfDocument(pdf)
    for page in range(0, len(document), 2):
        for run in document_runs(document, page):
            if run.text == footer:
                slot = next(s for s in layout.slots if s.x <= run.box[0] <= s.right
                            and s.y <= run.box[1] <= s.top)
                return page, slot
    raise AssertionError(f"no card numbered {footer}")


def dots_seen(pdf: bytes, footer: str, mono: bool = False, rtl: bool = False,
              card: str = "poker", large_print: bool = False):
    """Each of the level mark's dots on the card numbered `footer`, in reading order, as
    seen: ("filled" or "ring" or "none", the colour at its rim)."""
    from cardgen.render.labels import LEVEL_DOT, level_mark
    from cardgen.render.theme import Theme

    layout = sheet_layout(PAPERS["letter"], CARDS[card], marks=False)
    page, slot = front_of(pdf, footer, layout)
    scale = 8  # 576 dpi: a dot is 32 pixels across
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=scale).to_pil().convert("RGB")
    theme = Theme(mono=mono, large_print=large_print)
    seen = []
    for cx, cy in level_mark(slot.width, slot.height, theme, rtl):
        x = (slot.x + cx) * scale
        y = (layout.page_height - slot.y - cy) * scale
        centre = image.getpixel((round(x), round(y)))
        rim = image.getpixel((round(x + (LEVEL_DOT - 0.4) * scale), round(y)))
        white = (255, 255, 255)
        shape = "filled" if centre != white else "ring" if rim != white else "none"
        seen.append((shape, rim))
    return seen


@pytest.mark.parametrize("deck, rtl", [("harm-reduction.yaml", False),
                                       ("harm-reduction.ar.yaml", True)])
def test_a_cards_level_shows_as_filled_dots_in_its_kinds_colour(deck, rtl):
    from cardgen.deck.cards import deck_cards
    from cardgen.deck.model import load_deck

    loaded = load_deck(DECKS / deck)
    cards = deck_cards(loaded)
    total = sum(loaded.counts().values())  # the footer's "of 73"
    data = make(DECKS / deck, BuildOptions(formats=("cards",), marks=False))["cards"].data
    prompt = rgb(KIND_COLOURS["prompt"])
    for level in (1, 2, 3):
        card = next(c for c in cards if c.kind.name == "prompt" and c.level == level)
        seen = dots_seen(data, f"{card.number}/{total}", rtl=rtl)
        assert [shape for shape, _ in seen] == ["filled"] * level + ["ring"] * (3 - level)
        assert all(near(rim, prompt, 24) for _, rim in seen), seen


def test_in_mono_the_level_reads_by_shape_alone():
    data = make(DECKS / "harm-reduction.yaml",
                BuildOptions(formats=("cards",), marks=False, mono=True))["cards"].data
    seen = dots_seen(data, "28/73", mono=True)  # "If something went wrong": level 3
    assert [shape for shape, _ in seen] == ["filled"] * 3
    seen = dots_seen(data, "13/73", mono=True)  # "Part of you wants things to change": 2
    assert [shape for shape, _ in seen] == ["filled", "filled", "ring"]
    assert all(max(rim) < 90 for _, rim in seen)  # dark grey or black: ink, not colour


def test_a_deck_without_levels_prints_no_mark(tmp_path):
    deck = tmp_path / "plain.yaml"
    deck.write_text("title: T\nprompts:\n  - How are you?\n  - What helps?\n", encoding="utf-8")
    data = make(deck, BuildOptions(formats=("cards",), marks=False))["cards"].data
    assert [shape for shape, _ in dots_seen(data, "1/2")] == ["none"] * 3
    levelled = tmp_path / "levelled.yaml"
    levelled.write_text("title: T\nprompts:\n  - How are you?\n  - text: What helps?\n"
                        "    level: 2\n", encoding="utf-8")
    data = make(levelled, BuildOptions(formats=("cards",), marks=False))["cards"].data
    # A card without `level:` in a deck that sets levels is light: one dot.
    assert [shape for shape, _ in dots_seen(data, "1/2")] == ["filled", "ring", "ring"]
