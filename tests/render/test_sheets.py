"""Card sheets and print-shop PDFs, read back as a printer and a group would check them."""

from __future__ import annotations

import math
import os

import pytest
from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas

from cardgen.choices import CARDS, PAPERS
from cardgen.cli import cli
from cardgen.layout.sheet import sheet_layout
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render import sheets
from cardgen.units import INCH, MM
from support.pdfread import reader, shapes, text_runs, words_in

DECK = """\
title: Test Deck
author: Riverside Family Circle
intro: Sit in a circle. Anyone may pass.
prompts:
{prompts}
reframes:
  - instead: Call me when you're clean.
    try: Call me any time.
    why: It keeps the door open.
quotes:
  - text: How long it takes is how long it takes.
    by: Andrew Tatarsky
    source: NoBox Philippines
region: US
resources:
  - name: SAMHSA National Helpline
    phone: 1-800-662-4357
    url: https://www.samhsa.gov/find-help/helplines/national-helpline
blank_cards: 1
"""


def make_deck(tmp_path, prompts: int = 12, name: str = "test.yaml", extra: str = "") -> os.PathLike:
    lines = "\n".join(f"  - Prompt number {i} asks something" for i in range(1, prompts + 1))
    path = tmp_path / name
    path.write_text(DECK.format(prompts=lines) + extra, encoding="utf-8")
    return path


def build(tmp_path, deck, **options):
    options.setdefault("formats", ("cards",))
    return list(make(deck, BuildOptions(**options)).products)


def card_labels(prompts: int) -> list[str]:
    """What each card's first words are, in deck order."""
    return (["How to use"] + [f"Prompt number {i} asks" for i in range(1, prompts + 1)]
            + ["Call me when", "How long it takes", "SAMHSA National Helpline", "Your card"])


@pytest.mark.parametrize("paper,card", [("letter", "poker"), ("a4", "poker"),
                                        ("letter", "large"), ("a4", "tarot"),
                                        ("letter", "business"), ("letter", "square")])
def test_every_card_is_on_its_front_page_inside_its_slot(tmp_path, paper, card):
    deck = make_deck(tmp_path, prompts=12)
    [output] = build(tmp_path, deck, paper=paper, card=card)
    layout = sheet_layout(PAPERS[paper], CARDS[card])
    pdf = reader(output.data)
    labels = card_labels(12)
    sheets = math.ceil(len(labels) / layout.per_sheet)
    assert len(pdf.pages) == 2 * sheets == output.pages
    for page in pdf.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(
            (layout.page_width, layout.page_height), abs=0.01)
    for index, first_words in enumerate(labels):
        page = pdf.pages[2 * (index // layout.per_sheet)]
        slot = layout.slots[index % layout.per_sheet]
        safe = slot.inset(1 / 8 * 72)
        inside = words_in(text_runs(page), safe.x, safe.y, safe.right, safe.top)
        assert first_words in inside, (index, first_words, inside)


@pytest.mark.parametrize("paper,card,duplex", [
    ("letter", "poker", "long"), ("letter", "poker", "short"),
    ("letter", "business", "long"), ("letter", "business", "short"),  # a landscape sheet
])
def test_backs_land_behind_their_fronts(tmp_path, paper, card, duplex):
    deck = make_deck(tmp_path, prompts=7)
    [output] = build(tmp_path, deck, paper=paper, card=card, duplex=duplex)
    layout = sheet_layout(PAPERS[paper], CARDS[card])
    pdf = reader(output.data)
    back = text_runs(pdf.pages[1])
    labels = ["How to use"] + ["Ask"] * 7 + ["Try saying", "Words to hold", "Help", "Your card"]
    for index, label in enumerate(labels[:layout.per_sheet]):
        front_slot = layout.slots[index]
        slot = layout.back_slot(index, duplex)
        # The back is the mirror image of the front across the flip edge.
        if (duplex == "long") != layout.landscape:
            assert slot.x == pytest.approx(layout.page_width - front_slot.right)
        else:
            assert slot.y == pytest.approx(layout.page_height - front_slot.top)
        inside = words_in(back, slot.x, slot.y, slot.right, slot.top)
        assert label in inside and "Test Deck" in inside, (index, inside)
    duplex_pref = pdf.trailer["/Root"]["/ViewerPreferences"]["/Duplex"]
    assert duplex_pref == {"long": "/DuplexFlipLongEdge", "short": "/DuplexFlipShortEdge"}[duplex]


def test_landscape_sheet_is_chosen_when_it_holds_more(tmp_path):
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    assert layout.landscape  # 4 x 2 with room for marks, against 2 x 3 portrait
    [output] = build(tmp_path, make_deck(tmp_path))
    box = reader(output.data).pages[0].mediabox
    assert (float(box.width), float(box.height)) == (792, 612)


def test_duplex_none_prints_fronts_only(tmp_path):
    [output] = build(tmp_path, make_deck(tmp_path, prompts=12), duplex="none")
    pdf = reader(output.data)
    assert len(pdf.pages) == 3  # 17 cards on three sheets of 8, no backs
    assert "Prompt number 9" in pdf.pages[1].extract_text()
    assert pdf.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/Simplex"


def test_back_offset_moves_backs_only(tmp_path):
    deck = make_deck(tmp_path)
    [plain] = build(tmp_path, deck)
    plain_pdf = reader(plain.data)
    plain_front, plain_back = text_runs(plain_pdf.pages[0]), text_runs(plain_pdf.pages[1])
    [shifted] = build(tmp_path, deck, back_offset=(1.5 * MM, -0.5 * MM))
    pdf = reader(shifted.data)
    assert text_runs(pdf.pages[0]) == plain_front
    moved = text_runs(pdf.pages[1])
    assert len(moved) == len(plain_back)
    for before, after in zip(plain_back, moved):
        assert after.x - before.x == pytest.approx(1.5 * MM, abs=0.01)
        assert after.y - before.y == pytest.approx(-0.5 * MM, abs=0.01)


def _inside_any(rects, x, y) -> bool:
    """Whether the point (x, y) is inside one of `rects`, give or take 0.01 pt."""
    return any(r.x - 0.01 <= x <= r.right + 0.01 and r.y - 0.01 <= y <= r.top + 0.01
               for r in rects)


def test_crop_marks_are_outside_every_card_and_away_from_the_edge(tmp_path):
    for bleed in (0.0, 3 * MM):
        [output] = build(tmp_path, make_deck(tmp_path), paper="a4", bleed=bleed)
        layout = sheet_layout(PAPERS["a4"], CARDS["poker"], bleed)
        pdf = reader(output.data)
        segments, _ = shapes(pdf.pages[0], pdf)
        cards = [layout.bleed_rect(i) for i in range(layout.per_sheet)]
        outside = [s for s in segments
                   if not (_inside_any(cards, s[0], s[1]) and _inside_any(cards, s[2], s[3]))]
        drawn = sorted(tuple(round(v, 2) for v in s) for s in outside)
        expected = sorted(tuple(round(v, 2) for v in (m.x1, m.y1, m.x2, m.y2))
                          for m in layout.marks)
        assert drawn == expected
        edge = 2 * MM - 0.01
        for x1, y1, x2, y2 in drawn:
            assert min(x1, x2) >= edge and min(y1, y2) >= edge
            assert max(x1, x2) <= layout.page_width - edge
            assert max(y1, y2) <= layout.page_height - edge
        # Marks line up with every cut.
        xs = {round(v, 2) for s in drawn for v in (s[0],) if s[0] == s[2]}
        for slot in layout.slots:
            assert round(slot.x, 2) in xs and round(slot.right, 2) in xs


def test_no_marks_draws_none(tmp_path):
    [output] = build(tmp_path, make_deck(tmp_path), marks=False)
    pdf = reader(output.data)
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"], marks=False)
    segments, _ = shapes(pdf.pages[0], pdf)
    grid = layout.grid_rect
    assert not [s for s in segments if s[1] > grid.top or s[3] < grid.y]


def test_bleed_runs_colour_past_the_cut_but_never_text(tmp_path):
    bleed = 3 * MM
    [output] = build(tmp_path, make_deck(tmp_path), bleed=bleed, backs="full")
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"], bleed)
    pdf = reader(output.data)
    _, rects = shapes(pdf.pages[1], pdf)  # full-colour backs are filled to the bleed
    for index in range(layout.per_sheet):
        slot = layout.back_slot(index, "long")
        assert any(r[0] == pytest.approx(slot.x - bleed)
                   and r[2] == pytest.approx(slot.width + 2 * bleed) for r in rects), index
    for run in text_runs(pdf.pages[0]):
        if run.text.startswith("Print at"):
            continue
        assert any(s.inset(1 / 8 * 72 - 0.01).x <= run.x <= s.right for s in layout.slots), run


def test_shop_export_has_one_card_per_page_with_trim_and_bleed_boxes(tmp_path):
    deck = make_deck(tmp_path, prompts=3)
    [output] = build(tmp_path, deck, formats=("shop",))
    pdf = reader(output.data)
    cards = len(card_labels(3))
    assert len(pdf.pages) == 2 * cards == output.pages
    bleed = INCH / 8  # US shops ask for 1/8 in, European ones 3 mm: 1/8 in satisfies both
    width, height = CARDS["poker"]
    for page in pdf.pages:
        assert [float(v) for v in page.mediabox] == pytest.approx(
            [0, 0, width + 2 * bleed, height + 2 * bleed], abs=0.01)
        assert [float(v) for v in page.trimbox] == pytest.approx(
            [bleed, bleed, bleed + width, bleed + height], abs=0.01)
        assert [float(v) for v in page.bleedbox] == [float(v) for v in page.mediabox]
    texts = [page.extract_text() for page in pdf.pages]
    assert "Prompt number 1" in texts[2] and "Ask" in texts[3] and "Test Deck" in texts[3]
    assert "Prompt number 1" not in texts[3]


def test_shop_uses_the_given_bleed(tmp_path):
    [output] = build(tmp_path, make_deck(tmp_path, prompts=1), formats=("shop",), bleed=2 * MM)
    page = reader(output.data).pages[0]
    assert float(page.mediabox.width) == pytest.approx(CARDS["poker"][0] + 4 * MM)


def test_rebuild_gives_identical_bytes_and_metadata(tmp_path):
    deck = make_deck(tmp_path)
    [first] = build(tmp_path, deck, formats=("cards", "shop"))[:1]
    data = first.data
    build(tmp_path, deck, formats=("cards", "shop"))
    assert first.data == data
    meta = reader(data).metadata
    assert meta.title == "Test Deck" and meta.author == "Riverside Family Circle"
    assert "actual size" in meta.subject


def test_pages_written_as_they_end_are_the_bytes_reportlab_writes_at_the_end(tmp_path,
                                                                           monkeypatch):
    # Card sheets write each page's contents as the page ends (issue 30), to the bytes
    # ReportLab's own canvas writes when the document is saved.
    deck = make_deck(tmp_path, prompts=30)
    [early] = build(tmp_path, deck)
    monkeypatch.setattr(sheets, "_Canvas", Canvas)
    [late] = build(tmp_path, deck)
    assert early.data == late.data
    assert len(reader(early.data).pages) == 10  # five sheets, each front and back


def test_main_text_uses_the_largest_size_that_fits(tmp_path):
    deck = tmp_path / "sizes.yaml"
    deck.write_text("title: T\nprompts:\n  - Short one?\n  - " + "A much longer prompt " * 9 + "\n")
    [output] = build(tmp_path, deck)
    runs = text_runs(reader(output.data).pages[0])
    short = next(r for r in runs if r.text.startswith("Short"))
    long = next(r for r in runs if r.text.startswith("A much"))
    assert short.size == 18 and 9 <= long.size < 18


def test_text_that_cannot_fit_fails_with_its_position_and_writes_nothing(tmp_path):
    deck = tmp_path / "long.yaml"
    deck.write_text("title: T\nprompts:\n  - Fine.\n  - text: " + "word " * 400 + "\n")
    runner = CliRunner()
    out = tmp_path / "out"
    out.mkdir()
    (out / "long-cards.pdf").write_bytes(b"earlier")
    result = runner.invoke(cli, ["build", str(deck), "--out", str(out), "--format", "cards"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{deck}:4:11: prompt 2 does not fit on a poker card: at 9 pt it needs ")
    assert ("more height than the card has\n"
            "  hint: shorten the text, or use a bigger card: --card large") in result.stderr
    assert (out / "long-cards.pdf").read_bytes() == b"earlier"
    assert sorted(p.name for p in out.iterdir()) == ["long-cards.pdf"]
    # lint points at the same words, the ones to shorten
    linted = runner.invoke(cli, ["lint", str(deck)])
    assert f"{deck}:4:11: prompt 2 does not fit on a poker card" in linted.output


def test_large_print_failure_suggests_a_large_card(tmp_path):
    deck = tmp_path / "lp.yaml"
    deck.write_text("title: T\nprompts:\n  - " + "A rather long prompt that goes on " * 5 + "\n")
    result = CliRunner().invoke(cli, ["build", str(deck), "-o", str(tmp_path), "--format", "cards",
                                      "--large-print"])
    assert result.exit_code == 1
    assert "hint: large print needs room: use --card large, or shorten the text" in result.stderr
    ok = CliRunner().invoke(cli, ["build", str(deck), "-o", str(tmp_path), "--format", "cards",
                                  "--large-print", "--card", "large"])
    assert ok.exit_code == 0, ok.output
    runs = text_runs(reader((tmp_path / "lp-cards.pdf").read_bytes()).pages[0])
    assert min(r.size for r in runs if not r.text.startswith("Print")) >= 14


def test_a_page_with_no_text_names_no_font(tmp_path):
    """ReportLab starts each page in a font; cardgen's first font is embedded, and a
    page that draws no text names none at all."""
    import io

    from pypdf import PdfReader

    from cardgen.render.sheets import new_canvas

    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (200, 200), "t", "a", "s", "long")
    canvas.rect(10, 10, 50, 50)
    canvas.showPage()
    canvas.save()
    page = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    assert dict(page["/Resources"].get("/Font", {})) == {}


def _page_text(data: bytes, index: int = 0) -> str:
    import pypdfium2

    page = pypdfium2.PdfDocument(data)[index]
    return " ".join(page.get_textpage().get_text_range().split())


@pytest.mark.parametrize("extra, note", [
    # The full note is too long for a letter sheet's margin: the next one is printed.
    ("language: es\n", "Imprime al 100 %, a doble cara, volteando por el borde largo, en "
                       "cartulina."),
    ("language: es\nlabels:\n  print_full: Imprímelo tal cual, {sides}.\n",
     "Imprímelo tal cual, a doble cara, volteando por el borde largo."),
    ("language: ar\n", "على الوجهين، مع القلب من الحافة الطويلة، على ورق مقوّى."),
])
def test_the_printing_note_is_in_the_decks_language_or_its_own_words(tmp_path, extra, note):
    [output] = build(tmp_path, make_deck(tmp_path, prompts=3, extra=extra))
    front, back = _page_text(output.data, 0), _page_text(output.data, 1)
    assert note in front and note not in back and "Print at" not in front


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_languages_shortest_printing_note_fits_the_margin_of_a_sheet(paper):
    from cardgen.deck.language import LANGUAGES, table
    from cardgen.render.sheets import NOTE_SIZE, how_to_print, note_place
    from cardgen.text.blocks import one_line
    from cardgen.text.fonts import load_fonts

    fonts = load_fonts()
    layout = sheet_layout(PAPERS[paper], CARDS["poker"], 0.0)
    for language in (code for code in LANGUAGES if code not in ("zh", "zh-Hant", "ja", "ko")):
        for duplex in ("long", "short", "none"):
            note = how_to_print(duplex, 2, None, table(language))
            block = one_line(note, "regular", fonts, NOTE_SIZE, language=language)
            assert note_place(layout, block.lines[0].width, block.leading), (language, note)


# --- Issue 28: marks inside what a printer prints; full backs with bleed and a gutter ---


def _marks_drawn(data: bytes, layout) -> list[tuple[float, float, float, float]]:
    """The hairlines on the first front page outside every card's bleed, in points."""
    pdf = reader(data)
    segments, _ = shapes(pdf.pages[0], pdf)
    cards = [layout.bleed_rect(i) for i in range(layout.per_sheet)]
    return [tuple(round(v, 2) for v in s) for s in segments
            if not (_inside_any(cards, s[0], s[1]) and _inside_any(cards, s[2], s[3]))]


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("card", ["poker", "large", "business", "mini"])
@pytest.mark.parametrize("backs", ["light", "full"])
def test_every_cut_is_marked_at_both_ends_at_least_4_2mm_inside_the_paper(tmp_path, paper,
                                                                           card, backs):
    only = frozenset({"prompt"}) if card == "mini" else None  # a helpline needs more room
    [output] = build(tmp_path, make_deck(tmp_path, prompts=20), paper=paper, card=card,
                     backs=backs, only=only)
    bleed = 2.5 * MM if backs == "full" else 0.0
    layout = sheet_layout(PAPERS[paper], CARDS[card], bleed)
    box = reader(output.data).pages[0].mediabox
    width, height = float(box.width), float(box.height)
    assert (width, height) == pytest.approx((layout.page_width, layout.page_height))
    drawn = _marks_drawn(output.data, layout)
    assert drawn
    edge = 4.2 * MM - 0.01  # most laser printers print nothing nearer the paper's edge
    for x1, y1, x2, y2 in drawn:
        assert min(x1, x2, y1, y2) >= edge and max(x1, x2) <= width - edge
        assert max(y1, y2) <= height - edge
    grid = layout.grid_rect
    above = {s[0] for s in drawn if s[0] == s[2] and min(s[1], s[3]) > grid.top}
    below = {s[0] for s in drawn if s[0] == s[2] and max(s[1], s[3]) < grid.y}
    left = {s[1] for s in drawn if s[1] == s[3] and max(s[0], s[2]) < grid.x}
    right = {s[1] for s in drawn if s[1] == s[3] and min(s[0], s[2]) > grid.right}
    cuts_x = {round(v, 2) for slot in layout.slots for v in (slot.x, slot.right)}
    cuts_y = {round(v, 2) for slot in layout.slots for v in (slot.y, slot.top)}
    assert above == below == cuts_x and left == right == cuts_y


def _pixels(data: bytes, page: int, scale: float = 4.0):
    """The page rendered at `scale` pixels a point, and a function giving the RGB colour at
    a point (x, y) in PDF points."""
    import pypdfium2

    image = pypdfium2.PdfDocument(data)[page].render(scale=scale).to_pil().convert("RGB")

    def at(x: float, y: float) -> tuple[int, int, int]:
        return image.getpixel((int(x * scale), int(image.height - y * scale)))
    return at


def _close(colour, rgb, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, rgb))


def test_full_backs_run_their_colour_into_a_gutter_past_every_cut(tmp_path):
    # With --backs full and no --bleed, card sheets get 2.5 mm of bleed and so a 5 mm
    # gutter: a back printed up to 2.5 mm off still has its own colour at every cut.
    from cardgen.render.theme import Theme

    [output] = build(tmp_path, make_deck(tmp_path, prompts=7), backs="full")
    bleed = 2.5 * MM
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"], bleed)
    assert (layout.per_sheet, layout.landscape) == (6, True)
    box = reader(output.data).pages[1].mediabox
    assert (float(box.width), float(box.height)) == (792, 612)
    assert layout.slots[1].x - layout.slots[0].right == pytest.approx(2 * bleed)
    at = _pixels(output.data, 1)
    theme = Theme(backs="full")
    kinds = ["instructions"] + ["prompt"] * 5  # the first sheet's cards, in deck order
    for index, kind in enumerate(kinds):
        colour = tuple(round(255 * c) for c in theme.colour(kind).rgb())
        slot = layout.back_slot(index, "long")
        inside = 0.4  # points in from the bleed's edge, clear of anti-aliasing
        for x, y in [(slot.x - bleed + inside, slot.y + slot.height / 2),
                     (slot.right + bleed - inside, slot.y + slot.height / 2),
                     (slot.x + 5, slot.top + bleed - inside),
                     (slot.x + 5, slot.y - bleed + inside),
                     (slot.x + 1, slot.y + 1)]:
            assert _close(at(x, y), colour), (index, kind, x, y, at(x, y), colour)


def test_fronts_bands_bleed_into_the_gutter_with_full_backs(tmp_path):
    from cardgen.render.theme import Theme

    [output] = build(tmp_path, make_deck(tmp_path, prompts=7), backs="full")
    bleed = 2.5 * MM
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"], bleed)
    at = _pixels(output.data, 0)
    colour = tuple(round(255 * c) for c in Theme().colour("prompt").rgb())
    slot = layout.slots[1]  # a prompt: its band across the top, past the trim
    assert _close(at(slot.x - bleed + 0.4, slot.top - 2), colour)
    assert _close(at(slot.right + bleed - 0.4, slot.top - 2), colour)
    assert _close(at(slot.x + slot.width / 2, slot.top + bleed - 0.4), colour)
    # Below the band the gutter is paper.
    assert _close(at(slot.x - bleed / 2, slot.y + slot.height / 2), (255, 255, 255))


def test_light_backs_keep_the_sheet_without_bleed(tmp_path):
    [output] = build(tmp_path, make_deck(tmp_path, prompts=7))
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    assert (layout.bleed, layout.per_sheet) == (0.0, 8)
    _, rects = shapes(reader(output.data).pages[1], reader(output.data))
    assert not any(r[2] > CARDS["poker"][0] + 0.01 for r in rects)  # nothing past a card


def test_shop_pages_have_an_eighth_of_an_inch_of_bleed_by_default(tmp_path):
    [output] = build(tmp_path, make_deck(tmp_path, prompts=1), formats=("shop",))
    page = reader(output.data).pages[0]
    width, height = CARDS["poker"]
    assert [float(v) for v in page.mediabox] == pytest.approx(
        [0, 0, width + 18, height + 18], abs=0.01)  # 1/8 in = 9 pt on each side
    assert [float(v) for v in page.trimbox] == pytest.approx(
        [9, 9, 9 + width, 9 + height], abs=0.01)
