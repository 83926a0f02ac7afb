"""Perforated card stock: every card's words on its die-cut card, every back behind it.

The die positions below are PRINT.md's table (from the gLabels template database),
written out here independently of cardgen's own table, so a wrong figure in
either shows up.
"""

from __future__ import annotations

import ctypes

import pypdfium2
import pypdfium2.raw as raw
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardgen.layout.sheet import Rect
from cardgen.layout.stock import (
    BUNDLED,
    Grid,
    Stock,
    bundled_stock,
    larger_stock,
    max_bleed,
    stock_layout,
)
from cardgen.units import INCH, MM

IN = INCH
LETTER, A4 = (8.5 * INCH, 11 * INCH), (210 * MM, 297 * MM)
# name: (paper, card (w, h), across, down, first card (x0, y0) from the top-left, pitch (dx, dy))
PRINT_MD = {
    "avery-5371": (LETTER, (3.5 * IN, 2 * IN), 2, 5, (0.75 * IN, 0.5 * IN), (3.5 * IN, 2 * IN)),
    "avery-8373": (LETTER, (3.5 * IN, 2 * IN), 2, 4, (0.5 * IN, 0.75 * IN), (4 * IN, 2.5 * IN)),
    "avery-5388": (LETTER, (5 * IN, 3 * IN), 1, 3, (1.75 * IN, 1 * IN), (5 * IN, 3 * IN)),
    "avery-5389": (LETTER, (6 * IN, 4 * IN), 1, 2, (1.25 * IN, 1.25 * IN), (6 * IN, 4.5 * IN)),
    "avery-c32011": (A4, (85 * MM, 54 * MM), 2, 5, (15 * MM, 13.5 * MM), (95 * MM, 54 * MM)),
}
# How far past its cards each may be printed: the templates' `waste`, (across, down).
WASTE = {"avery-5371": (0, 0), "avery-8373": (IN / 16, IN / 16), "avery-5388": (0, 0),
         "avery-5389": (0, 0), "avery-c32011": (0, 0)}
DECK = "title: Test Deck\nprompts:\n{prompts}\n"


def die_rects(name: str) -> list[Rect]:
    """The die-cut cards in PDF coordinates, top row first, left to right."""
    (_, height), (w, h), across, down, (x0, y0), (dx, dy) = PRINT_MD[name]
    return [Rect(x0 + column * dx, height - y0 - row * dy - h, w, h)
            for row in range(down) for column in range(across)]


def mirrored(rect: Rect, paper: tuple[float, float]) -> Rect:
    """Where a card is seen from the back of a portrait sheet turned over its long edge."""
    return Rect(paper[0] - rect.right, rect.y, rect.width, rect.height)


def characters(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """Each printed character on a page with its box: (char, left, bottom, right, top)."""
    document = pypdfium2.PdfDocument(pdf)
    text = document[page].get_textpage()
    found = []
    box = [ctypes.c_double() for _ in range(4)]
    for index in range(raw.FPDFText_CountChars(text.raw)):
        char = chr(raw.FPDFText_GetUnicode(text.raw, index))
        if char.isspace() or raw.FPDFText_IsGenerated(text.raw, index):
            continue
        raw.FPDFText_GetCharBox(text.raw, index, *(ctypes.byref(v) for v in box))
        left, right, bottom, top = (v.value for v in box)
        found.append((char, left, bottom, right, top))
    document.close()
    return found


def drawn_rects(pdf: bytes, page: int) -> list[Rect]:
    """The rectangles painted on a page (card bands, back backgrounds), in page points."""
    from support.pdfread import reader, shapes

    document = reader(pdf)
    return [Rect(*r) for r in shapes(document.pages[page], document)[1]]


def inside(char, rect: Rect) -> bool:
    _, left, bottom, right, top = char
    return (rect.x - 0.01 <= left and right <= rect.right + 0.01
            and rect.y - 0.01 <= bottom and top <= rect.top + 0.01)


def text_in(chars, rect: Rect) -> str:
    return "".join(c[0] for c in chars if inside(c, rect))


def write_deck(tmp_path, prompts: int):
    lines = "\n".join(f"  - Prompt {i} asks" for i in range(1, prompts + 1))
    path = tmp_path / "test.yaml"
    path.write_text(DECK.format(prompts=lines), encoding="utf-8")
    return path


def test_bundled_stocks_match_print_md():
    assert sorted(PRINT_MD) == sorted(stock.name for stock in BUNDLED)
    for stock in BUNDLED:
        assert list(stock.positions()) == pytest.approx(die_rects(stock.name))
        assert stock.waste == pytest.approx(WASTE[stock.name])


@pytest.mark.parametrize("name", sorted(PRINT_MD))
def test_words_land_on_the_die_cut_cards_and_backs_on_their_mirror(tmp_path, cli_run, name):
    paper, _, across, down, _, _ = PRINT_MD[name]
    per_sheet = across * down
    deck = write_deck(tmp_path, per_sheet + 1)  # two sheets, the second with one card
    result = cli_run("build", deck, "--stock", name, "--format", "cards", "--backs", "full",
                     "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "out" / "test-cards.pdf").read_bytes()
    assert len(pypdfium2.PdfDocument(pdf)) == 4
    rects = die_rects(name)
    for sheet, cards in ((0, range(1, per_sheet + 1)), (1, [per_sheet + 1])):
        front, back = characters(pdf, 2 * sheet), characters(pdf, 2 * sheet + 1)
        for slot, number in enumerate(cards):
            assert text_in(front, rects[slot]).startswith(f"AskPrompt{number}asks")
            assert text_in(back, mirrored(rects[slot], paper)) == "AskTestDeck"
        # Nothing else anywhere: outside the cards, only the printing note in the margin.
        outside = "".join(c[0] for c in front if not any(inside(c, r) for r in rects))
        title = name.replace("avery-", "Avery").replace("c", "C")
        assert outside in ("",
                           f"Printatactualsize(100%),two-sided,fliponlongedge,on{title}cardstock.",
                           f"Printat100%,two-sided,fliponlongedge,on{title}.")
        backs = [mirrored(r, paper) for r in rects]
        assert all(any(inside(c, r) for r in backs) for c in back)
        # The colours go edge to edge of the die and on into the template's waste: each
        # card's band, each back's background.
        bands, grounds = drawn_rects(pdf, 2 * sheet), drawn_rects(pdf, 2 * sheet + 1)
        bleed = min(WASTE[name])
        for slot in range(len(cards)):
            die, behind = rects[slot].inset(-bleed), backs[slot].inset(-bleed)
            assert any(abs(b.x - die.x) < 0.01 and abs(b.right - die.right) < 0.01
                       and abs(b.top - die.top) < 0.01 for b in bands), slot
            assert any(abs(g.x - behind.x) < 0.01 and abs(g.y - behind.y) < 0.01
                       and abs(g.right - behind.right) < 0.01 and abs(g.top - behind.top) < 0.01
                       for g in grounds), slot
        assert sum(text_in(back, r) == "AskTestDeck" for r in backs) == len(cards)


def test_no_crop_marks_on_stock(tmp_path, cli_run):
    from support.pdfread import reader, shapes

    deck = write_deck(tmp_path, 3)
    assert cli_run("build", deck, "--stock", "avery-5388", "--format", "cards",
                   "-o", tmp_path).exit_code == 0
    data = (tmp_path / "test-cards.pdf").read_bytes()
    pdf = reader(data)
    segments, _ = shapes(pdf.pages[0], pdf)
    rects = die_rects("avery-5388")
    # Lines are drawn only inside cards (rules on blank cards, none here): no marks outside.
    assert all(any(r.x - 1 <= min(s[0], s[2]) and max(s[0], s[2]) <= r.right + 1
                   and r.y - 1 <= min(s[1], s[3]) and max(s[1], s[3]) <= r.top + 1 for r in rects)
               for s in segments)


def test_back_offset_still_moves_the_backs(tmp_path, cli_run):
    deck = write_deck(tmp_path, 2)
    found = []
    for offset in ("0,0", "2mm,-1mm"):
        out = tmp_path / offset
        assert cli_run("build", deck, "--stock", "avery-5389", "--format", "cards", "-o", out,
                       "--back-offset", offset).exit_code == 0
        data = (out / "test-cards.pdf").read_bytes()
        found.append((characters(data, 0), characters(data, 1)))
    (front, back), (front_moved, back_moved) = found
    assert front_moved == front
    assert len(back_moved) == len(back) > 0
    for before, after in zip(back, back_moved):
        assert after[1] - before[1] == pytest.approx(2 * MM, abs=0.01)
        assert after[2] - before[2] == pytest.approx(-1 * MM, abs=0.01)


def test_names_are_forgiving_and_aliases_work():
    assert bundled_stock("Avery 5371").name == "avery-5371"
    assert bundled_stock("AVERY_8371").name == "avery-5371"
    assert bundled_stock("avery-8471").name == "avery-5371"
    assert bundled_stock("avery-C32011-10").name == "avery-c32011"
    assert bundled_stock("avery-1234") is None


def test_a_larger_stock_is_suggested_on_the_same_paper_first():
    assert larger_stock(bundled_stock("avery-5371")).name == "avery-5388"
    assert larger_stock(bundled_stock("avery-5388")).name == "avery-5389"
    assert larger_stock(bundled_stock("avery-5389")) is None
    assert larger_stock(bundled_stock("avery-c32011")).name == "avery-5388"  # no bigger A4 one


def test_bleed_is_refused_where_cards_touch_and_allowed_into_a_gap():
    with pytest.raises(ValueError, match="no gap between its cards"):
        stock_layout(bundled_stock("avery-5371"), 1 * MM)
    # 8373 has 0.5 in between columns and rows: a quarter inch of bleed each.
    assert max_bleed(bundled_stock("avery-8373")) == pytest.approx(0.25 * INCH)
    layout = stock_layout(bundled_stock("avery-8373"), 0.125 * INCH)
    assert layout.bleed == 0.125 * INCH
    with pytest.raises(ValueError, match=r"a 12.7 mm gap .* use --bleed 6.3mm or less"):
        stock_layout(bundled_stock("avery-8373"), 0.3 * INCH)


def asymmetric() -> Stock:
    """Two columns set to the left of an A4 sheet: its mirror is not a die position."""
    return Stock("test-left", "Test left", "Cards", A4, (60 * MM, 40 * MM),
                 (Grid(2, 3, 10 * MM, 20 * MM, 65 * MM, 45 * MM),))


def test_backs_of_an_asymmetric_template_go_on_the_mirrored_rect():
    layout = stock_layout(asymmetric())
    first = layout.slots[0]
    assert (first.x, first.top) == pytest.approx((10 * MM, 277 * MM))
    assert layout.back_slot(0, "long") == Rect(140 * MM, first.y, 60 * MM, 40 * MM)
    assert layout.back_slot(0, "short").y == pytest.approx(20 * MM)
    with pytest.raises(ValueError, match="not on a die-cut card"):
        layout.back_index(0, "long")
    assert stock_layout(bundled_stock("avery-5371")).back_index(0, "long") == 1


# --- geometry, for any template -------------------------------------------------

grids = st.builds(
    lambda columns, rows, x0, y0, gap_x, gap_y: (columns, rows, x0, y0, gap_x, gap_y),
    st.integers(1, 4), st.integers(1, 6), st.floats(0, 40), st.floats(0, 40),
    st.floats(0, 20), st.floats(0, 20))
cards = st.tuples(st.floats(20, 100), st.floats(20, 100))
papers = st.sampled_from([LETTER, A4, (11 * INCH, 8.5 * INCH), (100 * MM, 150 * MM)])


def stock_or_none(grid, card, paper) -> Stock | None:
    columns, rows, x0, y0, gap_x, gap_y = grid
    w, h = card[0] * MM, card[1] * MM
    stock = Stock("t", "T", "Cards", paper, (w, h),
                  (Grid(columns, rows, x0 * MM, y0 * MM, w + gap_x * MM, h + gap_y * MM),))
    sheet = Rect(0, 0, *paper)
    return stock if all(sheet.contains(r) for r in stock.positions()) else None


@given(grids, cards, papers, st.sampled_from(["long", "short"]))
def test_backs_stay_on_the_sheet_apart_and_mirror_their_fronts(grid, card, paper, duplex):
    stock = stock_or_none(grid, card, paper)
    if stock is None:
        return
    layout = stock_layout(stock)
    sheet = Rect(0, 0, layout.page_width, layout.page_height)
    backs = [layout.back_slot(i, duplex) for i in range(layout.per_sheet)]
    assert all(sheet.contains(b) for b in backs)
    assert not any(a.overlaps(b) for i, a in enumerate(backs) for b in backs[i + 1:])
    flips_x = (duplex == "long") != layout.landscape
    for front, back in zip(layout.slots, backs):
        # Turning the sheet over maps the card onto its back: same size, same centre line.
        assert (back.width, back.height) == (front.width, front.height)
        if flips_x:
            assert back.x + front.right == pytest.approx(layout.page_width)
            assert back.y == front.y
        else:
            assert back.y + front.top == pytest.approx(layout.page_height)
            assert back.x == front.x


# --- colour into the waste -------------------------------------------------------

def pixel(pdf: bytes, page: int, x: float, y: float, dpi: int = 144) -> tuple[int, int, int]:
    """The colour printed at (x, y) page points (origin bottom-left), rendered at `dpi`."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[page].render(scale=dpi / 72).to_pil().convert("RGB")
    height = document[page].get_size()[1]
    document.close()
    return image.getpixel((round(x * dpi / 72), round((height - y) * dpi / 72)))


def white(colour: tuple[int, int, int]) -> bool:
    return min(colour) >= 250


def test_colour_runs_into_the_waste_where_the_template_allows_it(tmp_path, cli_run):
    deck = write_deck(tmp_path, 8)
    found = {}
    for name in ("avery-8373", "avery-5371"):
        out = tmp_path / name
        result = cli_run("build", deck, "--stock", name, "--format", "cards", "--backs", "full",
                         "-o", out)
        assert result.exit_code == 0, result.output
        found[name] = (out / "test-cards.pdf").read_bytes()
    # 8373: 1/16 in of waste. A point 1 pt past the die's top and left edges, at the band,
    # is coloured, and so is the back's background 1 pt past its mirrored die; 2 pt past
    # the waste the paper is white.
    pdf, die = found["avery-8373"], die_rects("avery-8373")[0]
    back = mirrored(die, LETTER)
    assert not white(pixel(pdf, 0, die.x - 1, die.top + 1))
    assert not white(pixel(pdf, 0, die.right + 1, die.top - 2))
    assert white(pixel(pdf, 0, die.x - IN / 16 - 2, die.top - 2))
    assert white(pixel(pdf, 0, die.x + 20, die.top + IN / 16 + 2))
    assert not white(pixel(pdf, 1, back.x - 1, back.y - 1))
    assert white(pixel(pdf, 1, back.x - IN / 16 - 2, back.y + 20))
    # 5371: the cards touch, so the band stops at the shared cut: the card above (its
    # bottom edge, white) gets none of it, 1 pt over the cut.
    pdf = found["avery-5371"]
    upper, lower = die_rects("avery-5371")[0], die_rects("avery-5371")[2]
    assert upper.y == pytest.approx(lower.top)
    assert not white(pixel(pdf, 0, lower.x + 20, lower.top - 1.5))
    assert white(pixel(pdf, 0, lower.x + 20, lower.top + 1.5))


def test_a_bleed_given_overrides_the_waste_and_the_waste_never_reaches_a_neighbour():
    stock = bundled_stock("avery-8373")
    assert stock_layout(stock).bleed == pytest.approx(IN / 16)
    assert stock_layout(stock, 0.0).bleed == 0.0
    assert stock_layout(stock, 0.2 * IN).bleed == pytest.approx(0.2 * IN)
    assert stock_layout(bundled_stock("avery-5371")).bleed == 0.0
    # A template whose waste is wider than half its gap bleeds to half the gap only.
    greedy = Stock("t", "T", "Cards", LETTER, (3 * IN, 2 * IN), (Grid(2, 1, IN, IN, 3.25 * IN, 0),),
                   waste=(0.5 * IN, 0.1 * IN))
    assert stock_layout(greedy).bleed == pytest.approx(0.1 * IN)
    greedy = Stock("t", "T", "Cards", LETTER, (3 * IN, 2 * IN), (Grid(2, 1, IN, IN, 3.25 * IN, 0),),
                   waste=(0.5 * IN, 0.5 * IN))
    assert stock_layout(greedy).bleed == pytest.approx(0.125 * IN)
