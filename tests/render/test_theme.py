"""The card design's colours: each kind's, the ink and the muted grey read at 4.5:1 or better
on white, and a deck's own colours go wherever a kind's colour goes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from cardgen.deck.colours import contrast
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.theme import INK, KIND_COLOURS, MUTED, PAPER, Theme
from support.paths import DATA


def test_theme_colours_meet_wcag_aa_contrast():
    for kind, colour in KIND_COLOURS.items():
        # A white label on the band, and headings on white.
        assert contrast(colour, PAPER) >= 4.5, kind
    assert contrast(INK, PAPER) >= 7
    assert contrast(MUTED, PAPER) >= 4.5
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)


# --- a deck's own colours, wherever a kind's colour goes ----------------------------------

THEMED = DATA / "themed"
GREEN, PURPLE = (0x0B, 0x6E, 0x4F), (0x7A, 0x3E, 0x9D)  # the deck's prompt and reframe colours


def themed(tmp_path: Path, logo: str = "logo.svg") -> Path:
    """The themed test deck and its logos, copied, with `logo` as its logo."""
    for name in ("riverside.yaml", "logo.svg", "logo.png"):
        shutil.copy(THEMED / name, tmp_path / name)
    deck = tmp_path / "riverside.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("logo: logo.svg", f"logo: {logo}"),
                    encoding="utf-8")
    return deck


def build(deck: Path, *formats: str, **options):
    return make(deck, BuildOptions(formats=formats, **options))


def render(pdf: bytes, page: int, dpi: int = 100) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    return document[page].render(scale=dpi / 72).to_pil().convert("RGB")


def has(image: Image.Image, colour: tuple[int, int, int], slack: int = 12) -> bool:
    return any(all(abs(a - b) <= slack for a, b in zip(pixel, colour))
               for _, pixel in image.getcolors(image.width * image.height))


def test_the_decks_colours_replace_the_kinds_everywhere(tmp_path):
    deck = themed(tmp_path)
    products = build(deck, "cards", "booklet", "html", marks=False, impose="none",
                     backs="full")
    fronts, backs = render(products["cards"].data, 0), render(products["cards"].data, 1)
    assert has(fronts, GREEN) and has(fronts, PURPLE)  # the prompt and reframe bands
    assert has(backs, GREEN) and has(backs, PURPLE)  # their full-colour backs
    assert not has(fronts, (0x00, 0x60, 0x6B), slack=4)  # not the prompt's own teal
    booklet = products["booklet"].data
    assert has(render(booklet, 2), GREEN)  # the prompts' heading
    page = products["html"].data.decode()
    assert "--band-prompt:#0B6E4F;" in page and "--band-reframe:#7A3E9D;" in page
    assert '<img class="logo" src="data:image/svg+xml;base64,' in page


@pytest.mark.parametrize("card, grown", [((180.0, 252.0), 1.0), ((216.0, 360.0), 1.2),
                                         ((288.0, 432.0), 1.6), ((198.0, 198.0), 1.0)])
def test_small_words_grow_with_the_card_but_not_in_large_print(card, grown):
    # Labels and notes grow with the card's short side (issue 28: 9 pt labels beside
    # 28 pt text on a postcard); large print's are 14 pt already, and growing them on a
    # 6 x 4 in card took the room that an Arabic deck's helplines fitted in before.
    assert Theme(card=card).scale == pytest.approx(grown, abs=0.05)
    assert Theme(card=card, large_print=True).scale == 1.0
    assert Theme(card=card, large_print=True).note == 14.0
