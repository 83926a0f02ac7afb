"""Right-to-left booklets open from the right: pages mirrored (icons, rules, page numbers,
spine margins) and sheets imposed with the cover on the left half, read back from the PDF."""

from __future__ import annotations

import pypdfium2
import pytest

from cardgen.deck.cards import deck_cards
from cardgen.deck.model import load_deck
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.booklet import BOOKLET_SIZES, lay_out
from cardgen.render.pages import Icon, Rule, Text
from cardgen.render.setter import MARGIN, SPINE
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts
from support.paths import DECKS

ARABIC = DECKS / "harm-reduction.ar.yaml"
QUARTER = BOOKLET_SIZES["quarter-letter"]
SLACK = 0.01


@pytest.fixture(scope="module")
def booklet():
    deck = load_deck(ARABIC)
    return lay_out(deck, deck_cards(deck), load_fonts(), Theme(), QUARTER)


def _right(text: Text) -> float:
    block = text.block
    return text.x + (block.width if block.width is not None else block.lines[0].width)


def _number(page) -> Text:
    return next(t for t in page.texts if t.block.lines[0].text == str(page.number))


def test_pages_run_right_to_left(booklet):
    assert booklet.direction == "rtl"
    width = booklet.width
    flowing = [page for page in booklet.pages if page.kind in ("flow", "notes")]
    assert len(flowing) > 10
    for page in flowing:
        # In a book that opens from the right, even pages are on the right of a spread:
        # their number sits in the right-hand corner, their spine on the left.
        number = _number(page)
        texts = [t for t in page.texts if t is not number]
        if page.number % 2 == 0:
            assert _right(number) == pytest.approx(width - MARGIN, abs=SLACK)
            assert min(t.x for t in texts) == pytest.approx(SPINE, abs=SLACK)
            assert max(_right(t) for t in texts) <= width - MARGIN + SLACK
        else:
            assert number.x == pytest.approx(MARGIN, abs=SLACK)
            assert min(t.x for t in texts) >= MARGIN - SLACK
            assert max(_right(t) for t in texts) == pytest.approx(width - SPINE, abs=SLACK)


def test_headings_lead_with_their_icon_and_rules_stand_on_the_right(booklet):
    icons = bars = 0
    for page in booklet.pages[1:-1]:
        for item in page.items:
            if isinstance(item, Icon):
                # The heading's words end where its icon starts, on their right... as read.
                beside = [t for t in page.texts if abs(t.top - (item.y + item.size * 1.03)) < 3]
                assert beside, f"page {page.number}: an icon with no heading beside it"
                assert all(_right(t) <= item.x + SLACK for t in beside)
                icons += 1
            elif isinstance(item, Rule) and item.x0 == item.x1:
                # A reframe's bar: the text it marks is on its left.
                beside = [t for t in page.texts if t.top >= item.y1 - SLACK and
                          t.top - t.block.height <= item.y0 + SLACK and t.x < item.x0]
                assert beside and all(_right(t) <= item.x0 + SLACK for t in beside)
                bars += 1
    assert icons >= 5 and bars >= 10


def test_the_cover_reads_from_the_right(booklet):
    cover = booklet.pages[0]
    icons = [item for item in cover.items if isinstance(item, Icon)]
    # The first kind's icon (the prompts') is the rightmost, where the words start: at
    # the spine's margin, the cover's spine being on its right.
    assert [icon.kind for icon in sorted(icons, key=lambda i: -i.x)] == [
        "prompt", "reframe", "quote", "resource"]
    start = booklet.width - SPINE
    assert icons[0].x + icons[0].size == pytest.approx(start, abs=SLACK)
    [rule] = [item for item in cover.items if isinstance(item, Rule)]
    assert max(rule.x0, rule.x1) == pytest.approx(start, abs=SLACK)
    assert min(rule.x0, rule.x1) > booklet.width / 2  # under the title's first words
    title = cover.texts[0]
    assert title.block.lines[0].rtl
    assert title.x + title.block.width == pytest.approx(start, abs=SLACK)


def test_english_lines_on_a_right_to_left_page_line_up_on_the_right(booklet):
    """The author, licence and "Made with cardgen" are English in an Arabic booklet: on the
    back cover and the cover they end where the Arabic lines end, at the spine's side."""
    for page in (booklet.pages[0], booklet.pages[-1]):
        english = [t for t in page.texts if t.block.lines and not t.block.lines[0].rtl]
        assert english, page.kind
        for text in english:
            line = text.block.lines[0]
            assert text.x + text.block.offset(line) + line.width == pytest.approx(
                _right(text), abs=SLACK), line
    # The colophon: the title in Arabic, then author, licence, version and "Made with".
    colophon = [t for t in booklet.pages[-1].texts if t.top <= min(
        t.top for t in booklet.pages[-1].texts if "cardgen contributors" in t.words) + 30]
    assert len(colophon) == 5 and colophon[0].block.lines[0].rtl
    assert {round(t.x + t.block.offset(t.block.lines[0]) + t.block.lines[0].width, 1)
            for t in colophon} == {round(_right(colophon[0]), 1)}


def _boxes(document, index: int, wanted: str) -> list[tuple[float, float, float, float]]:
    """Where each character of `wanted` is drawn on PDF page `index`, in order found."""
    text = document[index].get_textpage()
    found = text.get_text_range()
    start = found.find(wanted)
    assert start >= 0, f"{wanted!r} not on page {index + 1}"
    return [text.get_charbox(start + offset) for offset in range(len(wanted))]


def test_the_outer_sheet_has_the_cover_on_its_left_half():
    """Printed, cut and folded, an Arabic pocket booklet opens from the right: the cover
    is on the left half of the outer sheet's front, the back cover on the right half;
    page 2 is behind the cover and the last inner page behind the back cover."""
    product = make(ARABIC, BuildOptions(formats=("booklet",), verify=True))["booklet"]
    assert product.verified
    document = pypdfium2.PdfDocument(product.data)
    deck = load_deck(ARABIC)
    half = document[0].get_size()[0] / 2
    title = _boxes(document, 0, deck.title.split()[0])
    assert all(box[2] < half for box in title)  # the cover: left half
    helpline = _boxes(document, 0, "988")
    assert all(box[0] > half for box in helpline)  # the back cover: right half
    # The back of the outer sheet (flipped on its long edge): page 2 (the intro) on the
    # right, behind the cover, and the last page but one on the left.
    intro = _boxes(document, 1, deck.labels["instructions"])
    assert all(box[0] > half for box in intro)
