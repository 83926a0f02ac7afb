"""Booklet pages in reading order, read back with pypdf: sizes, counts, order, pages to write
on, sections that run on, type sizes, errors; and a right-to-left booklet's pages, mirrored.
The cover, the contents and the back cover are in test_covers.py."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from itertools import pairwise

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream

from cardgen.choices import BOOKLET_SIZES, PAPERS
from cardgen.deck.cards import booklet_cards, deck_cards
from cardgen.deck.model import load_deck
from cardgen.errors import DeckError
from cardgen.products.booklet import booklet_pdf, page_size, pages_pdf
from cardgen.render.booklet import BookletTooLong, lay_out
from cardgen.render.pages import Icon, QrCode, Rule, Text
from cardgen.render.setter import MARGIN, SPINE
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts
from cardgen.units import MM
from cardgen.verify.booklet import booklet_texts
from support.booklets import (
    BUNDLED,
    FONTS,
    QUARTER,
    RESOURCE,
    SMALL,
    build,
    find,
    pages_text,
    words,
    write,
)
from support.paths import DECKS


def entries(deck) -> list[list[str]]:
    """What must stay together on one page, in deck order."""
    found = [[item.text] for item in deck.entries["prompt"]]
    found += [[item.instead, item.try_] for item in deck.entries["reframe"]]
    found += [[item.text] for item in deck.entries["quote"]]
    return found


def font_sizes(data: bytes) -> Counter:
    """How many characters are set at each size, as pypdf meets the text while extracting.

    (Reading Tf operators alone would also count the Helvetica 12 that ReportLab
    sets at the start of every page, which draws nothing.)"""
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (cm[0] ** 2 + cm[1] ** 2) ** 0.5 * (tm[0] ** 2 + tm[1] ** 2) ** 0.5
            sizes[round(size * scale, 2)] += len(text.strip())

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_page_count_is_a_multiple_of_four_and_matches_the_pdf(bundled):
    _, data, count = bundled
    assert count % 4 == 0
    assert len(PdfReader(io.BytesIO(data)).pages) == count


@pytest.mark.parametrize("name", BOOKLET_SIZES)
def test_every_page_has_the_booklet_size(name, tmp_path):
    data, _ = build(load_deck(write(tmp_path, SMALL)), BOOKLET_SIZES[name])
    width, height = BOOKLET_SIZES[name]
    for page in PdfReader(io.BytesIO(data)).pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.01)
    assert BOOKLET_SIZES["a6"] == pytest.approx((105 * MM, 148 * MM))
    assert BOOKLET_SIZES["half-letter"] == pytest.approx((396, 612))


def test_every_entry_is_whole_on_one_page_in_deck_order(bundled):
    deck, data, _ = bundled
    pages = [words(text) for text in pages_text(data)]
    page, offset = 0, 0
    for parts in entries(deck):
        needles = [words(part) for part in parts]
        while page < len(pages):
            first = find(needles[0], pages[page], offset)
            rest = [find(n, pages[page], first) for n in needles[1:]]
            if first >= 0 and all(r >= first for r in rest):
                offset = first + len(needles[0])
                break
            page, offset = page + 1, 0
        assert page < len(pages), f"not whole on one page, or out of order: {parts}"


def test_inner_pages_are_numbered_and_padding_sits_before_the_back_cover(bundled):
    _deck, data, count = bundled
    pages = pages_text(data)
    notes = [i for i, text in enumerate(pages) if text.startswith("Notes\n")]
    assert notes == list(range(count - 1 - len(notes), count - 1))  # just before the back cover
    for index, text in enumerate(pages[1:count - 1], start=1):
        assert text.split()[-1] == str(index + 1), f"page {index + 1} has no number"
    assert pages[0].split()[-1] != "1"  # covers carry no number
    assert pages[-1].split()[-1] != str(count)


@pytest.mark.parametrize("language, heading", [("en", "Notes"), ("es", "Notas"),
                                               ("fr", "Notes"), ("de", "Notizen"),
                                               ("pt", "Notas"), ("vi", "Ghi chú"),
                                               ("ru", "Заметки"), ("hi", "नोट्स")])
def test_padding_pages_are_pages_to_write_on(tmp_path, language, heading):
    """A small deck needs 5 pages; the 3 that make it 8 are notes pages, not blank ones."""
    from support.pdfread import shapes

    deck = load_deck(write(tmp_path, f"language: {language}\n" + SMALL))
    data, count = build(deck)
    assert count == 8
    reader = PdfReader(io.BytesIO(data))
    texts = pages_text(data)
    assert [text.split("\n")[0] for text in texts[4:7]] == [heading] * 3
    for number in (5, 6, 7):
        assert texts[number - 1].split() == [*heading.split(), str(number)]
        segments, _ = shapes(reader.pages[number - 1], reader)
        ruled = [s for s in segments if abs(s[1] - s[3]) < 0.01 and s[2] - s[0] > 150]
        assert len(ruled) >= 12  # lines across the text width, 8 mm apart
        gaps = {round(a[1] - b[1], 2) for a, b in pairwise(ruled)}
        assert gaps == {round(8 * MM, 2)}


@pytest.mark.parametrize("size", ["quarter-letter", "a6", "a5", "half-letter", "zine"])
def test_no_booklet_page_is_blank(tmp_path, size):
    page = (2.75 * 72, 4.25 * 72) if size == "zine" else BOOKLET_SIZES[size]
    exact = 8 if size == "zine" else None
    for deck in (load_deck(write(tmp_path, SMALL)), load_deck(DECKS / "self-care.yaml")):
        if size == "zine" and deck.name == "self-care":
            continue  # too long for a zine
        data, count = build(deck, page, exact_pages=exact)
        for number, text in enumerate(pages_text(data), start=1):
            assert len(words(text)) >= 2, f"{deck.name} page {number} of {count} is blank"


def test_a_deck_in_another_language_uses_its_words(bundled):
    deck, data, _ = bundled
    text = "\n".join(pages_text(data))
    for kind in ("prompt", "reframe", "quote", "instructions"):
        assert deck.labels[kind] in text


def test_only_the_chosen_cards_are_in_the_booklet():
    deck = load_deck(DECKS / "harm-reduction.yaml")
    quotes = deck_cards(deck, only=frozenset({"quote"}))
    data, _ = booklet_pdf(deck, quotes, FONTS, Theme(), QUARTER)
    text = " ".join(words("\n".join(pages_text(data))))
    assert " ".join(words(deck.entries["quote"][3].text)) in text
    assert " ".join(words(deck.entries["prompt"][0].note)) not in text
    assert deck.labels["prompt"] + "\n" not in "\n".join(pages_text(data))


def test_an_entry_taller_than_a_page_is_an_error_at_its_position(tmp_path):
    long = " ".join(["Tell me more about how that felt."] * 60)
    path = write(tmp_path, SMALL + f"  - text: {long}\n    by: Someone\n")
    with pytest.raises(DeckError) as caught:
        build(load_deck(path))
    assert caught.value.where.line == SMALL.count("\n") + 1
    assert "too long for a quarter-letter booklet page" in str(caught.value)
    assert caught.value.hint


def test_a_character_no_font_has_is_an_error_naming_it(tmp_path):
    path = write(tmp_path, SMALL.replace("What helps you rest?", "What helps you rest? \U0001F642"))
    with pytest.raises(DeckError) as caught:
        build(load_deck(path))
    assert "U+1F642" in str(caught.value)
    assert "Atkinson Hyperlegible" in str(caught.value)
    assert caught.value.where.line == SMALL.splitlines().index("  - text: What helps you rest?") + 1
    assert caught.value.where.column == 11


def test_the_zine_takes_exactly_eight_pages_or_says_how_many_it_needs(tmp_path):
    small, count = build(load_deck(write(tmp_path, SMALL)), exact_pages=8)
    assert count == 8 == len(PdfReader(io.BytesIO(small)).pages)
    with pytest.raises(BookletTooLong) as caught:
        build(load_deck(DECKS / "harm-reduction.yaml"), exact_pages=8)
    assert caught.value.needed > 8
    assert str(caught.value.needed) in str(caught.value)


def test_output_is_byte_identical_on_rebuild():
    deck = load_deck(DECKS / "self-care.yaml")
    assert build(deck)[0] == build(deck)[0]


@pytest.mark.parametrize("name, body", [("a6", (10, 11)), ("quarter-letter", (10, 11)),
                                        ("a5", (12, 12)), ("half-letter", (12, 12))])
def test_type_sizes_stay_readable(name, body):
    deck = load_deck(DECKS / "harm-reduction.yaml")
    sizes = font_sizes(build(deck, BOOKLET_SIZES[name])[0])
    assert min(sizes) >= 9
    most = sizes.most_common(1)[0][0]  # the body text
    assert body[0] <= most <= body[1]
    large = font_sizes(build(deck, BOOKLET_SIZES[name], Theme(large_print=True))[0])
    assert min(large) >= 14
    assert large.most_common(1)[0][0] >= 16


def test_mono_uses_only_greys():
    deck = load_deck(DECKS / "harm-reduction.yaml")
    data, _ = build(deck, theme=Theme(mono=True))
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"rg", b"RG"):
                red, green, blue = (float(value) for value in operands)
                assert red == green == blue, f"colour {operands} in mono"


def test_vietnamese_greek_and_cyrillic_come_back_as_text(tmp_path):
    path = write(tmp_path, """\
        title: Trò chuyện
        language: vi
        prompts:
          - text: Hôm nay bạn cảm thấy thế nào?
          - text: Τι σε βοηθά να ξεκουραστείς;
          - text: Что тебе помогает?
        """)
    data, _ = build(load_deck(path))
    text = unicodedata.normalize("NFC", "\n".join(pages_text(data)))
    for phrase in ("Trò chuyện", "Hôm nay bạn cảm thấy thế nào?", "Τι σε βοηθά",
                   "Что тебе помогает?"):
        assert phrase in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("size", [BOOKLET_SIZES["a6"], (2.75 * 72, 4.25 * 72)], ids=["a6", "zine"])
def test_pages_render_and_ink_stays_inside_the_margins(tmp_path, size):
    """Rasterise the pages and check that nothing is drawn within 10 mm of an edge."""
    from PIL import Image

    data, count = build(load_deck(DECKS / "harm-reduction.yaml"), size)
    (tmp_path / "b.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", str(tmp_path / "b.pdf"),
                    str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == count
    edge = round(10 * MM)  # 1 px per pt at 72 dpi
    for image in images:
        pixels = Image.open(image).convert("L")
        width, height = pixels.size
        inner = pixels.crop((edge, edge, width - edge, height - edge))
        assert sum(pixels.histogram()[:200]) == sum(inner.histogram()[:200]), image.name
    assert sum(Image.open(images[3]).convert("L").histogram()[:200]) > 1000  # there is ink to check


def test_an_intro_longer_than_a_page_runs_on_over_pages(tmp_path):
    long = " ".join(f"Sentence {n} of the intro tells the group how to play." for n in range(80))
    path = write(tmp_path, SMALL.replace("Read one card at a time.", long))
    data, _ = build(load_deck(path))
    pages = [words(text) for text in pages_text(data)]
    assert find(words("Sentence 0 of"), pages[1]) >= 0
    last = next(i for i, page in enumerate(pages) if find(words("Sentence 79 of"), page) >= 0)
    assert last > 1
    assert find(words("Anyone may pass."), pages[last]) >= 0


def test_each_page_prints_exactly_the_text_its_data_holds(bundled):
    """The pages are laid out as data first; the PDF shows each page's text blocks, in
    order, and nothing else."""
    import pypdfium2

    from cardgen.render.booklet import lay_out

    deck, data, _ = bundled
    booklet = lay_out(deck, deck_cards(deck), FONTS, Theme(), QUARTER)
    document = pypdfium2.PdfDocument(data)
    assert len(document) == len(booklet.pages)
    for index, page in enumerate(booklet.pages):
        shown = re.sub(r"\s+", "", document[index].get_textpage().get_text_range())
        held = re.sub(r"\s+", "", "".join(text.words for text in page.texts))
        assert shown.replace("\ufffe", "-").replace("\x02", "-") == held, f"page {index + 1}"


def test_short_sections_go_on_under_each_other():
    """Each kind's section used to start a page, leaving half-empty pages behind."""
    deck = load_deck(DECKS / "self-care.yaml")
    deck_small = deck_cards(deck, only=frozenset({"prompt", "reframe", "quote", "practice"}))
    chosen = [c for c in deck_small if c.kind.name != "prompt" or c.number in ("1", "2")]
    data, _ = booklet_pdf(deck, chosen, FONTS, Theme(), QUARTER)
    pages = pages_text(data)
    first = next(i for i, text in enumerate(pages) if text.startswith(deck.labels["prompt"]))
    assert deck.labels["reframe"] in pages[first]  # two prompts leave room for reframes


def _under_half(booklet, setter) -> int:
    count = 0
    for page in booklet.pages:
        if page.kind != "flow" or page.texts[0].words.startswith("Contents"):
            continue
        low = min(text.top - text.block.height for text in page.texts[:-1])
        count += (setter.top - low) < setter.room / 2
    return count


@pytest.mark.parametrize("size", ["quarter-letter", "a6", "a5"])
def test_fewer_pages_are_under_half_full(size, monkeypatch):
    from cardgen.render import booklet as layout
    from cardgen.render.setter import Setter

    page = BOOKLET_SIZES[size]
    flowing = starting = 0
    for name in BUNDLED:
        deck = load_deck(DECKS / name)
        setter = Setter(deck, FONTS, Theme(), page)
        flowing += _under_half(layout.lay_out(deck, deck_cards(deck), FONTS, Theme(), page), setter)
        with monkeypatch.context() as patch:  # every section on a page of its own, as before
            patch.setattr(layout._Flow, "paginate_sections",
                          lambda self, sections: [p for s in sections for p in self.paginate(s)])
            starting += _under_half(layout.lay_out(deck, deck_cards(deck), FONTS, Theme(), page),
                                    setter)
    assert flowing < starting


def _units(setter, heights):
    """A section of units `heights` points tall, 10 pt apart; the first is its heading's."""
    from cardgen.render.setter import Part, Unit

    return [Unit((Part(h, ()),), 10.0, section="prompt" if i == 0 else None)
            for i, h in enumerate(heights)]


def test_a_section_starts_a_new_page_rather_than_split_badly(tmp_path):
    from cardgen.render.booklet import _Flow
    from cardgen.render.setter import Setter

    setter = Setter(load_deck(write(tmp_path, SMALL)), FONTS, Theme(), QUARTER)
    flow = _Flow(setter)
    room = setter.room
    full = _units(setter, [room * 0.85])
    # Its start would be a sliver at the foot, its rest on the next page: a new page.
    pages = flow.paginate_sections([full, _units(setter, [room * 0.1, room * 0.5])])
    assert [len(page) for page in pages] == [1, 2]
    # It fits whole under the section before: it goes on there.
    half = _units(setter, [room * 0.45])
    pages = flow.paginate_sections([half, _units(setter, [room * 0.2, room * 0.2])])
    assert [len(page) for page in pages] == [3]
    # Going on would leave its last unit alone on a page; a fresh page would not.
    pages = flow.paginate_sections([half, _units(setter, [room * 0.3] * 5)])
    assert [len(page) for page in pages] == [1, 3, 2]
    # A long section starts under the last one when a good part of it fits there.
    pages = flow.paginate_sections([half, _units(setter, [room * 0.25] * 6)])
    assert [len(page) for page in pages] == [2, 3, 2]


# --- a right-to-left booklet opens from the right: its pages mirrored ---------------------

ARABIC = DECKS / "harm-reduction.ar.yaml"
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


def test_an_entrys_content_note_comes_right_before_its_words_in_the_booklet():
    from cardgen.deck.model import load_deck

    deck = load_deck(DECKS / "harm-reduction.yaml")
    data, _ = build(deck)
    text = words(" ".join(pages_text(data)))
    noted = [item for kind in ("prompt", "reframe", "quote") for item in deck.entries[kind]
             if item.content_note]
    assert len(noted) == 6
    at = 0
    for item in noted:  # in booklet order
        first = getattr(item, "text", None) or item.instead
        note, start = words(item.content_note), words(first)[:4]
        at = find(note, text, at)
        # The note, then the words (a reframe's "Instead of" label between them).
        assert at >= 0 and find(start, text, at) - (at + len(note)) in (0, 2), item.content_note


# --- helplines stay whole ----------------------------------------------------------

# Each booklet layout's page: the zine's panels of Letter and A4, and the booklet sizes
# pocket, saddle and none print.
PAGE_SIZES = {"zine letter": page_size("letter", PAPERS["letter"], "zine", None),
              "zine a4": page_size("a4", PAPERS["a4"], "zine", None),
              **BOOKLET_SIZES}
ALL_DECKS = (*BUNDLED, "harm-reduction.ar.yaml", "harm-reduction.zh.yaml")


def _laid_out(deck, cards, fonts, size):
    """The booklet as the layout of `size` lays it out: eight pages for a zine, when
    they are enough (the pages are cut the same way when they are not)."""
    try:
        return lay_out(deck, cards, fonts, Theme(), size, exact_pages=8 if size[0] < 250 else None)
    except BookletTooLong:
        return lay_out(deck, cards, fonts, Theme(), size)


def _helpline_pages(booklet, card) -> list[int]:
    """The inner pages that hold any of a helpline's words or its QR code."""
    what, address = card.describe(), card.item.url
    return [page.number for page in booklet.pages if page.kind == "flow"
            and (any(text.what == what for text in page.texts)
                 or any(isinstance(item, QrCode) and item.address == address
                        for item in page.items))]


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\-\ufffe\x02]+", "", unicodedata.normalize("NFC", text))


@pytest.mark.parametrize("size", ["zine letter", "zine a4", "quarter-letter", "half-letter"])
@pytest.mark.parametrize("name", ["harm-reduction.yaml", "harm-reduction.es.yaml"])
def test_a_helpline_is_read_back_whole_from_one_page(name, size):
    """Issue 24: a zine of the opening cards had SAMHSA's name and number on page 5, its
    QR code and address on page 6."""
    import pypdfium2

    deck = load_deck(DECKS / name)
    cards = booklet_cards(deck, deck_cards(deck, tag="opening"))
    data = pages_pdf(_laid_out(deck, cards, FONTS, PAGE_SIZES[size]))
    document = pypdfium2.PdfDocument(data)
    inner = [_squeeze(document[i].get_textpage().get_text_range())
             for i in range(1, len(document) - 1)]  # the back cover names them again
    helplines = [(card, lines) for card, lines in booklet_texts(deck, cards)
                 if card.kind.helpline]
    assert len(helplines) == 2
    for card, lines in helplines:
        wanted = [_squeeze(line) for line in lines.splitlines() if line.strip()]
        named = [i for i, page in enumerate(inner) if wanted[0] in page]
        assert len(named) == 1, f"{card.describe()} is named on pages {named}"
        page, cursor = inner[named[0]], 0
        for line in wanted:
            assert page.find(line, cursor) >= 0, f"{line!r} is not on {card.describe()}'s page"
            cursor = page.find(line, cursor) + len(line)


@pytest.mark.parametrize("tag", [None, "opening", "hope"])
@pytest.mark.parametrize("size", PAGE_SIZES)
@pytest.mark.parametrize("name", ALL_DECKS)
def test_every_helpline_of_a_bundled_deck_is_on_one_page(name, size, tag):
    from support.cjk import fonts_for_deck

    deck = load_deck(DECKS / name)
    fonts = load_fonts(fonts_for_deck(DECKS / name)) if ".zh." in name else FONTS
    cards = booklet_cards(deck, deck_cards(deck, tag=tag))
    booklet = _laid_out(deck, cards, fonts, PAGE_SIZES[size])
    for card in cards:
        if card.kind.helpline:
            assert len(_helpline_pages(booklet, card)) == 1, card.describe()


WORDS = st.sampled_from(["call", "text", "free", "help", "open", "night", "day", "line",
                         "family", "support", "confidential", "Spanish", "24/7", "peer"])
HELPLINE = st.fixed_dictionaries({
    "name": st.lists(WORDS, min_size=1, max_size=5).map(" ".join),
    "phone": st.sampled_from(["988", "1-800-662-4357", "1-800-273-8255", "211"]),
}, optional={
    "note": st.lists(WORDS, min_size=1, max_size=12).map(" ".join),
    "url": st.sampled_from(["https://988lifeline.org",
                            "https://www.samhsa.gov/find-help/helplines/national-helpline",
                            "https://findtreatment.gov/locator?sAddr=anywhere&limitType=2"]),
    "sms": st.sampled_from(["741741", "988"]),
    "checked": st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)),
})


@settings(max_examples=25, deadline=None)
@given(helplines=st.lists(HELPLINE, min_size=2, max_size=5),
       prompts=st.lists(st.lists(WORDS, min_size=3, max_size=30).map(" ".join), max_size=8),
       size=st.sampled_from(sorted(PAGE_SIZES)))
def test_generated_helplines_each_land_whole_on_one_page(helplines, prompts, size):
    deck = load_deck(_deck_file(SMALL.split("prompts:")[0] + yaml.safe_dump(
        {"region": "US",
         "prompts": [{"text": text} for text in prompts] or [{"text": "What helps?"}],
         "resources": _own_addresses(helplines)}, sort_keys=False)))
    cards = booklet_cards(deck, deck_cards(deck))
    booklet = _laid_out(deck, cards, FONTS, PAGE_SIZES[size])
    for card in cards:
        if card.kind.helpline:
            assert len(_helpline_pages(booklet, card)) == 1, (card.describe(), size)


def _own_addresses(helplines: list[dict]) -> list[dict]:
    """The helplines, each address its own (a QR code is known by its address)."""
    return [{**line, "url": f"{line['url']}#{index}"} if "url" in line else line
            for index, line in enumerate(helplines)]


def _deck_file(text: str):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="cardgen-helplines-"))
    return write(folder, text)


def test_a_helpline_taller_than_a_page_keeps_all_but_its_note_together(tmp_path):
    """A note too long for even a zine panel goes on after the QR code and its address;
    the name, number, code and address stay on one page."""
    note = " ".join(f"Sentence {i} of the note." for i in range(40))
    path = write(tmp_path, SMALL + RESOURCE + f"    note: {note}\n")
    deck = load_deck(path)
    cards = booklet_cards(deck, deck_cards(deck, only=frozenset({"resource"})))
    booklet = lay_out(deck, cards, FONTS, Theme(), PAGE_SIZES["zine letter"], exact_pages=8)
    pages = [words(text) for text in pages_text(pages_pdf(booklet))[1:-1]]
    named = [i for i, page in enumerate(pages) if find(words("Night Line 988"), page) >= 0]
    assert len(named) == 1
    joined = "".join(pages[named[0]])
    assert joined.index("https://988lifeline.org") > joined.index("NightLine988")
    assert "Sentence39" not in joined
    assert any(isinstance(item, QrCode) for item in booklet.pages[named[0] + 1].items)
    assert find(words("Sentence 0 of the note."), pages[named[0] + 1]) == 0
    assert any(find(words("Sentence 39 of the note."), page) >= 0 for page in pages[named[0] + 2:])


def test_a_section_heading_too_tall_with_its_first_helpline_stays_under_the_section_before():
    """Issue 24's zine: the Help heading ends the page of the Ask section, or stands alone,
    rather than break SAMHSA's entry; SAMHSA's name is at the top of the next page."""
    deck = load_deck(DECKS / "harm-reduction.yaml")
    cards = booklet_cards(deck, deck_cards(deck, tag="opening"))
    booklet = lay_out(deck, cards, FONTS, Theme(), PAGE_SIZES["zine letter"], exact_pages=8)
    pages = pages_text(pages_pdf(booklet))
    heading = next(i for i, text in enumerate(pages) if text.startswith("Help")
                   or "\nHelp\n" in text)
    assert heading < len(pages) - 1
    assert pages[heading + 1].startswith("SAMHSA National Helpline")
