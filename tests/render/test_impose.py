"""Imposed booklet PDFs, read back: sheet sizes, which page landed in which cell, duplex, bytes;
and a deck's sheets carry its booklet's pages and nothing else."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import textwrap
from collections import Counter

import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from cardgen.choices import PAPERS
from cardgen.deck.cards import booklet_cards, deck_cards
from cardgen.deck.language import table
from cardgen.deck.model import load_deck
from cardgen.layout.booklet import Placement, Plan, SheetSide, plan
from cardgen.products.booklet import page_size
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.booklet import lay_out
from cardgen.render.impose import Words, how_to, impose
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts
from cardgen.units import INCH, MM
from support.booklets import RESOURCE, SMALL, write
from support.cjk import cjk_font
from support.paths import FONTS

LETTER = (8.5 * INCH, 11 * INCH)
LEGAL = (8.5 * INCH, 14 * INCH)
A4 = (210 * MM, 297 * MM)
QUARTER_LETTER = (4.25 * INCH, 5.5 * INCH)
A5 = (148 * MM, 210 * MM)
ZINE_LETTER = (2.75 * INCH, 4.25 * INCH)

FONT = "ImposeTestSans"
FONT_FILE = FONTS / "DejaVuSans.ttf"


class Labelled:
    """Draws booklet page n as "PAGE n" at its centre in an embedded TTF, and counts how
    often each page is drawn with its words marked (`drawn`) and as a copy (`copies`)."""

    def __init__(self, size: tuple[float, float], fills: bool = False):
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
        self.size, self.fills = size, fills
        self.drawn: Counter = Counter()
        self.copies: Counter = Counter()

    def __call__(self, canvas: Canvas, page: int, marked: bool = True) -> None:
        number = page + 1
        (self.drawn if marked else self.copies)[number] += 1
        if self.fills:
            # Each page a flat colour edge to edge: red for odd pages, blue for even.
            canvas.setFillColorRGB(*((1, 0, 0) if number % 2 else (0, 0, 1)))
            canvas.rect(0, 0, self.size[0], self.size[1], stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(FONT, 14)
        canvas.drawCentredString(self.size[0] / 2, self.size[1] / 2, f"PAGE {number}")


def impose_labelled(result: Plan, size, fills: bool = False, metadata=None, words=None) -> bytes:
    return impose(result, Labelled(size, fills), metadata, words)


def labels(page) -> list[tuple[int, float, float, float]]:
    """Every "PAGE n" on a sheet side: (n, x, y, a) with the origin of its "P" on the
    sheet and the direction its letters run (1 left to right, -1 upside down).

    Read with PDFium: pypdf's text visitor leaves out the placement of a form."""
    import pypdfium2
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    text = pypdfium2.PdfDocument(buffer.getvalue())[0].get_textpage()
    chars = text.get_text_range()
    found = []
    for match in re.finditer(r"PAGE (\d+)", chars):
        first = text.get_charbox(match.start())
        second = text.get_charbox(match.start() + 1)
        direction = 1.0 if second[0] > first[0] else -1.0
        x = first[0] if direction > 0 else first[2]
        y = first[1] if direction > 0 else first[3]
        found.append((int(match.group(1)), x, y, direction))
    return found


def cells_of(page: int, side: SheetSide) -> list[tuple[float, float, float, float]]:
    return [p.cell for p in side.placements if p.page == page]


def inside(x: float, y: float, cell) -> bool:
    return cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def test_pocket_sheets_carry_each_page_in_its_cell():
    result = plan("pocket", 8, QUARTER_LETTER, LETTER)
    sheets = read(impose_labelled(result, QUARTER_LETTER)).pages
    assert len(sheets) == 4
    for sheet in sheets:
        assert [float(v) for v in sheet.mediabox] == pytest.approx([0, 0, 612, 792], abs=0.01)
    # Sheet 0, front: PAGE 8 left and PAGE 1 right, in both the top and the bottom copy.
    front = sorted((round(y), round(x), n) for n, x, y, _ in labels(sheets[0]))
    assert [n for *_, n in front] == [8, 1, 8, 1]
    assert [(n, x < 306, y < 396) for y, x, n in front] == [
        (8, True, True), (1, False, True), (8, True, False), (1, False, False)
    ]
    for side, sheet in zip(result.sides, sheets):
        found = labels(sheet)
        assert sorted(n for n, *_ in found) == sorted(p.page + 1 for p in side.placements)
        for n, x, y, a in found:
            assert a == pytest.approx(1)
            assert any(inside(x, y, cell) for cell in cells_of(n - 1, side))


def test_saddle_on_a4_is_landscape_and_flips_on_the_short_edge():
    result = plan("saddle", 12, A5, A4)
    out = read(impose_labelled(result, A5))
    assert len(out.pages) == 6
    mediabox = [float(v) for v in out.pages[0].mediabox]
    assert mediabox == pytest.approx([0, 0, 841.89, 595.28], abs=0.01)
    assert out.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"
    # Sheet 0 back: PAGE 2 on the left, PAGE 11 on the right.
    back = sorted((x, n) for n, x, _, _ in labels(out.pages[1]))
    assert [n for _, n in back] == [2, 11]


def test_zine_top_row_is_upside_down_in_its_cells():
    result = plan("zine", 8, ZINE_LETTER, LETTER)
    out = read(impose_labelled(result, ZINE_LETTER))
    assert len(out.pages) == 1
    sheet = out.pages[0]
    assert [float(v) for v in sheet.mediabox] == pytest.approx([0, 0, 792, 612], abs=0.01)
    found = labels(sheet)
    assert len(found) == 8
    panel_w, panel_h = 792 / 4, 612 / 2
    grid = {(int(x // panel_w), int(y // panel_h)): (n, a) for n, x, y, a in found}
    assert [grid[(c, 1)] for c in range(4)] == [(5, -1), (4, -1), (3, -1), (2, -1)]
    assert [grid[(c, 0)] for c in range(4)] == [(6, 1), (7, 1), (8, 1), (1, 1)]
    assert out.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/Simplex"


def test_none_keeps_one_page_per_sheet():
    result = plan("none", 4, A5, LETTER)
    out = read(impose_labelled(result, A5))
    assert [[n for n, *_ in labels(p)] for p in out.pages] == [[1], [2], [3], [4]]
    mediabox = [float(v) for v in out.pages[0].mediabox]
    assert mediabox == pytest.approx([0, 0, 419.53, 595.28], abs=0.01)


@pytest.mark.parametrize(
    "layout, pages, page_size, paper, duplex",
    [
        ("pocket", 4, QUARTER_LETTER, LETTER, "/DuplexFlipLongEdge"),
        ("saddle", 4, A5, A4, "/DuplexFlipShortEdge"),
        ("zine", 8, ZINE_LETTER, LETTER, "/Simplex"),
        ("none", 3, A5, A4, "/Simplex"),
    ],
)
def test_viewer_preferences_ask_for_the_right_duplex(layout, pages, page_size, paper, duplex):
    out = read(impose_labelled(plan(layout, pages, page_size, paper), page_size))
    assert out.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == duplex


def test_output_is_deterministic_and_keeps_fonts_embedded():
    result = plan("pocket", 16, QUARTER_LETTER, LETTER, creep=0.1 * MM)
    meta = {"Title": "Harm reduction", "Author": "cardgen", "Subject": "Pocket booklet"}
    first = impose_labelled(result, QUARTER_LETTER, metadata=meta)
    assert impose_labelled(result, QUARTER_LETTER, metadata=meta) == first
    assert impose_labelled(result, QUARTER_LETTER, metadata={**meta, "Title": "Other"}) != first
    out = read(first)
    assert out.metadata["/Title"] == "Harm reduction"
    assert out.metadata["/Author"] == "cardgen"
    assert out.metadata["/Subject"] == "Pocket booklet"
    assert len(out.trailer["/ID"]) == 2
    programs = set()
    for sheet in out.pages:
        fonts = [f.get_object() for f in sheet["/Resources"]["/Font"].values()]
        # ReportLab lists its unused default Helvetica too; the labels are in DejaVu.
        embedded = [f for f in fonts if str(f["/BaseFont"]).endswith("+DejaVuSans")]
        assert embedded
        for font in embedded:
            assert font["/Subtype"] == "/TrueType"
            program = font["/FontDescriptor"]["/FontFile2"]
            programs.add(program.indirect_reference.idnum)
        assert "PAGE" in sheet.extract_text()
    # Every copy of every page shares one font program instead of carrying its own.
    assert len(programs) == 1


@pytest.mark.parametrize("layout, size, paper", [
    ("pocket", QUARTER_LETTER, LETTER), ("pocket", QUARTER_LETTER, LEGAL),
    ("saddle", A5, A4), ("zine", ZINE_LETTER, LETTER), ("none", A5, A4),
])
def test_no_how_to_line_on_sheets_the_pages_fill(layout, size, paper):
    """Cut and folded, every part of these sheets is in a booklet: the instructions go
    to the terminal, the metadata and the README instead."""
    out = read(impose_labelled(plan(layout, 8, size, paper), size))
    for sheet in out.pages:
        assert re.sub(r"PAGE \d+", "", sheet.extract_text()).strip() == ""


def test_how_to_line_goes_in_waste_outside_every_cell():
    full = plan("pocket", 8, QUARTER_LETTER, LEGAL)
    # As if each page were trimmed to its size: the sheet's edges are waste.
    sides = tuple(SheetSide(tuple(
        dataclasses.replace(p, cell=(p.x, p.y, p.x + QUARTER_LETTER[0], p.y + QUARTER_LETTER[1]))
        for p in side.placements)) for side in full.sides)
    result = dataclasses.replace(full, sides=sides)
    on_legal = read(impose_labelled(result, QUARTER_LETTER, words=Words(table("en"), load_fonts())))
    texts = [p.extract_text() for p in on_legal.pages]
    # Fronts only: the first side a person sees when the sheets come out.
    assert ["Print at actual size (100 %)" in t for t in texts] == [True, False, True, False]
    positions = []

    def visit(text, cm, tm, font_dict, font_size):
        if "actual size" in text:
            positions.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    on_legal.pages[0].extract_text(visitor_text=visit)
    ((x, y),) = positions
    lowest_page = min(p.y for p in result.sides[0].placements)
    assert 6 * MM <= y < lowest_page
    assert x >= 6 * MM


def test_each_page_is_drawn_once_with_its_words_and_once_more_for_a_second_copy():
    """Imposition parses nothing: a page is drawn once with its words marked for the
    structure tree, and a pocket sheet's second copy of it is a second form drawn as
    decoration (a form with marked words may be placed only once)."""
    result = plan("pocket", 8, QUARTER_LETTER, LETTER)
    draw = Labelled(QUARTER_LETTER)
    out = read(impose(result, draw))
    assert draw.drawn == dict.fromkeys(range(1, 9), 1)
    assert draw.copies == dict.fromkeys(range(1, 9), 1)
    for _side, sheet in zip(result.sides, out.pages):
        forms = sheet["/Resources"]["/XObject"]
        assert len(forms) == 4  # two pages, each a form and its copy
        operations = ContentStream(sheet.get_contents(), out).operations
        placed = [operands[0] for operands, operator in operations if operator == b"Do"]
        assert sorted(placed) == sorted(forms)
    saddle = Labelled(A5)
    impose(plan("saddle", 8, A5, A4), saddle)
    assert saddle.drawn == dict.fromkeys(range(1, 9), 1)
    assert not saddle.copies


def test_a_placement_turned_other_than_upright_or_upside_down_is_refused():
    turned = Plan(A5[0], A5[1], (SheetSide((Placement(0, 0, 0, 90, 0),)),), "none", "", *A5)
    with pytest.raises(ValueError, match="placements rotate by 0 or 180 degrees, not 90"):
        impose(turned, Labelled(A5))


def test_empty_cells_stay_blank():
    full = plan("none", 2, A5, A4)
    sparse = Plan(
        A5[0], A5[1],
        (full.sides[0], SheetSide((Placement(None, 0, 0, 0, 1),)), full.sides[1]),
        "none", full.how_to, A5[0], A5[1],
    )
    out = read(impose_labelled(sparse, A5))
    assert [[n for n, *_ in labels(p)] for p in out.pages] == [[1], [], [2]]


def _pixel(pdf: bytes, sheet_page: int, x: float, y: float) -> tuple[int, int, ...]:
    """Render one sheet page with pdftoppm and return the colour at (x, y) points."""
    page = str(sheet_page)
    ppm = subprocess.run(
        ["pdftoppm", "-r", "72", "-f", page, "-l", page, "-singlefile"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    header = ppm.split(b"\n", 3)
    width, height = map(int, header[1].split())
    pixels = header[3]
    # At 72 dpi one pixel is one point; rows count from the top.
    column, row = int(x), int(height - y)
    offset = 3 * (row * width + column)
    return tuple(pixels[offset : offset + 3])


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_creep_never_pushes_ink_across_the_fold():
    # Exaggerated creep: sheet 1 moves 20 pt toward the fold. Its front carries page 6
    # (even, blue) left of the fold and page 3 (odd, red) right of it; each must stop
    # at the fold instead of painting over its neighbour.
    creep = 20.0
    result = plan("pocket", 8, QUARTER_LETTER, LETTER, creep=creep)
    pdf = impose_labelled(result, QUARTER_LETTER, fills=True)
    fold = 306
    red, blue, white = (255, 0, 0), (0, 0, 255), (255, 255, 255)
    assert _pixel(pdf, 3, fold - 5, 100) == blue
    assert _pixel(pdf, 3, fold + 5, 100) == red
    # The fore-edges are left bare by the shift.
    assert _pixel(pdf, 3, 5, 100) == white
    assert _pixel(pdf, 3, 612 - 5, 100) == white
    # Sheet 0 does not move: colour right up to the paper's edges.
    assert _pixel(pdf, 1, 2, 100) == blue  # page 8
    assert _pixel(pdf, 1, 610, 100) == red  # page 1


# --- a deck's booklet, imposed ------------------------------------------------------------


@pytest.mark.parametrize("impose", ["pocket", "saddle", "zine", "none"])
def test_imposition_parses_no_pdf(impose, monkeypatch, tmp_path):
    """Pages are drawn once, straight onto the sheets: nothing is read back with pypdf."""
    import pypdf

    from cardgen.products.build import make
    from cardgen.products.options import BuildOptions

    def refuse(*args, **kwargs):
        raise AssertionError("imposition parsed a PDF")

    monkeypatch.setattr(pypdf, "PdfReader", refuse)
    monkeypatch.setattr(pypdf, "PdfWriter", refuse)
    only = frozenset({"instructions", "resource"}) if impose == "zine" else None
    options = BuildOptions(formats=("booklet",), impose=impose, only=only)
    products = make(write(tmp_path, SMALL + RESOURCE), options)
    assert products["booklet"].pages >= 1


# --- sheets carry the booklet and nothing else: every imposition, every size --------------
# Printing instructions belong on a sheet's waste, the terminal, the PDF's metadata and the
# README; a pocket, saddle or zine sheet has no waste, so they never print on it.

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
region: US
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


# ---- the how-to line in the deck's language --------------------------------------


def _with_waste() -> Plan:
    """Quarter-letter pages on legal, as if each were trimmed to its size: the sheet's
    bottom edge is waste, where the how-to line goes."""
    full = plan("pocket", 8, QUARTER_LETTER, LEGAL)
    return dataclasses.replace(full, sides=tuple(SheetSide(tuple(
        dataclasses.replace(p, cell=(p.x, p.y, p.x + QUARTER_LETTER[0], p.y + QUARTER_LETTER[1]))
        for p in side.placements)) for side in full.sides))


def _note_runs(words: Words):
    """The how-to line on the first sheet's front, read back with PDFium: its runs in the
    order they are read, and the second sheet's front's."""
    from cardgen.verify.readback import document_runs

    document = pypdfium2.PdfDocument(impose_labelled(_with_waste(), QUARTER_LETTER, words=words))
    return [[run for run in document_runs(document, side) if "PAGE" not in run.text]
            for side in (0, 1, 2)]


def test_the_how_to_line_is_in_arabic_shaped_and_running_right_to_left():
    words = table("ar")
    front, back, next_front = _note_runs(Words(words, load_fonts(), "ar"))
    # The Arabic letters in the order they are read ("(100%)" runs left to right inside).
    arabic = re.compile(r"[^\u0600-\u06ff]")
    assert (arabic.sub("", "".join(run.text for run in front))
            == arabic.sub("", words["impose_pocket"]))
    assert back == [] and [run.text for run in next_front] == [run.text for run in front]
    # Read in order, the line starts at the right: its first word is right of its last.
    assert front[0].box[0] > front[-1].box[2]
    assert all(6 * MM <= run.box[1] and run.box[3] < _with_waste().sides[0].placements[-1].y
               for run in front)
    assert "NotoSansArabic" in " ".join(_fonts(Words(words, load_fonts(), "ar")))


def _fonts(words: Words) -> set[str]:
    """The fonts the first sheet's front names, the forms' included."""
    out = PdfReader(io.BytesIO(impose_labelled(_with_waste(), QUARTER_LETTER, words=words)))
    found = set()
    for resources in [out.pages[0]["/Resources"], *(
            form["/Resources"] for form in out.pages[0]["/Resources"]["/XObject"].values())]:
        found |= {str(font["/BaseFont"]) for font in resources.get("/Font", {}).values()}
    return found


def test_the_how_to_line_is_in_chinese_in_the_cjk_font():
    fonts = load_fonts((cjk_font(),))
    front, _, _ = _note_runs(Words(table("zh-TW"), fonts, "zh-TW"))
    assert "".join(run.text for run in front) == table("zh-Hant")["impose_pocket"].replace(" ", "")
    assert any("WenQuanYi" in name for name in _fonts(Words(table("zh"), fonts, "zh")))


def test_a_how_to_line_too_long_for_the_waste_gives_way_to_how_to_print_alone():
    words = dict(table("es"), impose_pocket="Imprime y dobla. " * 60)
    front, _, _ = _note_runs(Words(words, load_fonts(), "es"))
    assert "".join(run.text for run in front) == (
        "Imprime al 100 %, a doble cara, volteando por el borde largo.".replace(" ", ""))
    assert how_to(plan("none", 2, A5, A5), words) == (words["impose_none"],)


def test_without_words_no_how_to_line_is_printed():
    front, _, _ = _note_runs(None)
    assert front == []
