"""Tests of render.fitting and render.theme's sizes, read back from print-shop PDFs (a card
a page): the main words of a kind's cards share a short ladder, and the small words grow
with the card."""

from __future__ import annotations

import pypdfium2
import pytest

from cardgen.choices import CARDS
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.theme import Theme
from cardgen.verify.readback import document_runs
from support.paths import DECKS


def fronts(deck, card="poker", only=None, **options):
    """Each card front's runs, from the print-shop PDF (front and back pages in turn)."""
    [shop] = make(deck, BuildOptions(formats=("shop",), card=card, only=only,
                                     **options)).products
    document = pypdfium2.PdfDocument(shop.data)
    try:
        return [document_runs(document, index) for index in range(0, len(document), 2)]
    finally:
        document.close()


def main_size(runs) -> float:
    """The largest words of a card besides its band's label: its main size."""
    return max(run.size for run in runs[1:])


@pytest.mark.parametrize("kind", ["prompt", "reframe", "quote"])
def test_a_kinds_cards_share_a_short_ladder(kind):
    cards = fronts(DECKS / "harm-reduction.yaml", only=(kind,))
    sizes = {round(main_size(runs), 1) for runs in cards}
    ladder = Theme().ladder(*CARDS["poker"])
    assert len(ladder) == 4  # three steps and the floor
    assert sizes <= set(ladder), sizes
    assert len(cards) > 10


def test_a_sheets_words_take_few_sizes():
    """Prompts, reframes and quotes: their main words and a reframe's `said`, a step down
    the same ladder, and the notes; no 16, 13, 12 or 11.2 pt between them."""
    cards = fronts(DECKS / "harm-reduction.yaml", only=("prompt", "reframe", "quote"))
    sizes = {round(run.size, 1) for runs in cards for run in runs[1:]}
    theme = Theme()
    assert sizes <= {*theme.ladder(*CARDS["poker"]), theme.note, theme.footer}, sizes


@pytest.mark.parametrize("card", ["index", "large", "6x4in"])
def test_labels_topics_and_footers_grow_with_the_card(card):
    poker = fronts(DECKS / "harm-reduction.yaml", only=("prompt",))[0]
    big = fronts(DECKS / "harm-reduction.yaml", card=card, only=("prompt",))[0]
    # The label, the topic ("Opening the door"), the note and the footer: each larger.
    for small, large in zip(sorted(run.size for run in poker)[:3],
                            sorted(run.size for run in big)[:3], strict=True):
        assert large >= small * 1.15, (small, large)
    assert big[0].size >= 12  # the band's label: no 10 pt label beside 22 pt words


def test_large_print_keeps_its_sizes_on_a_large_card_and_the_floor_holds():
    theme = Theme(large_print=True, card=CARDS["large"])
    assert (theme.note, theme.label, theme.footer) == (14.0, 14.0, 14.0)
    for name, card in CARDS.items():
        plain = Theme(card=card)
        assert plain.note >= 9 and plain.ladder(*card)[-1] == 9, name
        assert Theme(large_print=True, card=card).ladder(*card)[-1] == 16, name
