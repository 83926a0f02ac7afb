"""Imposed booklet sheets carry the booklet and nothing else: every imposition, every size.

Printing instructions belong on a sheet's waste, the terminal, the PDF's metadata and
the README; a pocket, saddle or zine sheet has no waste, so they never print on it.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter

import pypdfium2
import pytest

from cardgen.choices import PAPERS
from cardgen.deck.cards import booklet_cards, deck_cards
from cardgen.deck.model import load_deck
from cardgen.layout.booklet import plan
from cardgen.products.booklet import page_size
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.booklet import lay_out
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts

DECK = """\
title: Sheet Deck
subtitle: Every kind, small enough for a zine
author: A group
license: CC0
version: "1.0"
intro: "*Sit* in a circle. Anyone may **pass**, at any time."
prompts:
  - text: What helps you rest?
    topic: Rest
  - What made you smile this week?
reframes:
  - instead: You never listen.
    try: I'd like to be heard.
quotes:
  - text: How long it takes is how long it takes.
    by: Andrew Tatarsky
practices:
  - text: Take three slow breaths.
    minutes: 1
resources:
  - name: Night Line
    phone: "988"
    url: https://988lifeline.org
"""

# Every imposition on the papers and page sizes it is made for.
BUILDS = [
    ("pocket", "letter", None), ("pocket", "a4", None), ("pocket", "legal", None),
    ("pocket", "legal", "a6"), ("saddle", "letter", None), ("saddle", "a4", None),
    ("saddle", "legal", "a5"), ("saddle", "tabloid", "half-letter"),
    ("zine", "letter", None), ("zine", "a4", None),
    ("none", "letter", "quarter-letter"), ("none", "letter", "half-letter"),
    ("none", "a4", "a6"), ("none", "a4", "a5"),
]


def squeezed(text: str) -> str:
    return re.sub(r"[\s\-\ufffe\x02]+", "", text)


@pytest.fixture(scope="module")
def deck_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("sheets") / "sheets.yaml"
    path.write_text(textwrap.dedent(DECK), encoding="utf-8")
    return path


@pytest.mark.parametrize("impose, paper, size", BUILDS)
def test_every_sheet_shows_only_its_pages_text(deck_path, impose, paper, size):
    options = BuildOptions(formats=("booklet",), impose=impose, paper=paper, booklet_size=size,
                           verify=True)
    product = make(deck_path, options)["booklet"]
    deck = load_deck(deck_path)
    page = page_size(paper, PAPERS[paper], impose, size)
    booklet = lay_out(deck, booklet_cards(deck, deck_cards(deck)), load_fonts(()), Theme(), page,
                      exact_pages=8 if impose == "zine" else None)
    layout = plan(impose, len(booklet.pages), page, PAPERS[paper])
    document = pypdfium2.PdfDocument(product.data)
    assert len(document) == len(layout.sides)
    for index, side in enumerate(layout.sides):
        # Order aside (verify, run above, checks it cell by cell): the same characters.
        shown = Counter(squeezed(document[index].get_textpage().get_text_range()))
        pages = [booklet.pages[p.page] for p in side.placements if p.page is not None]
        held = Counter(squeezed("".join(text.words for page in pages for text in page.texts)))
        assert shown == held, f"sheet side {index + 1}: {shown - held} more, {held - shown} less"
    if impose != "none":  # pages for screens and print shops need no folding
        assert "Print at actual size" in product.note
    assert document.get_metadata_dict()["Subject"] == product.note
