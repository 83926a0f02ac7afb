"""Fixtures of the booklet's tests in render/: the bundled decks' booklets, built once a module."""

from __future__ import annotations

import pytest

from cardgen.deck.model import load_deck
from support.booklets import BUNDLED, build
from support.paths import DECKS


@pytest.fixture(scope="module", params=BUNDLED)
def bundled(request):
    deck = load_deck(DECKS / request.param)
    data, count = build(deck)
    return deck, data, count
