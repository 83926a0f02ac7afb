"""Tests of render.intro: an intro set at one size on all its cards, 10 pt or more, on more
cards rather than in smaller type; read back from print-shop PDFs."""

from __future__ import annotations

import pytest

from support.paths import DECKS
from tests.render.test_fitting import fronts


@pytest.mark.parametrize(("card", "options", "least"), [
    ("poker", {}, 10), ("business", {}, 10), ("bridge", {}, 10), ("index", {}, 10),
    ("large", {"large_print": True}, 16)])
def test_an_intro_is_set_at_one_size_on_all_its_cards(card, options, least):
    cards = fronts(DECKS / "harm-reduction.yaml", card=card, only=("instructions",), **options)
    labels = {round(runs[0].size, 2) for runs in cards}
    # The intro's words: every run but the band's label and the footer, the smallest.
    words = [run for runs in cards for run in runs[1:]]
    footer = min(run.size for run in words)
    sizes = {round(run.size, 2) for run in words if run.size > footer + 0.01}
    assert len(sizes) == 1 and min(sizes) >= least, sizes
    assert len(labels) == 1, labels  # "How to use 1/3", "2/3", "3/3" alike
    assert all("Howtouse" in runs[0].text for runs in cards) or least == 16
