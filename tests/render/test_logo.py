"""A deck's logo in every output: on the backs, the booklet's covers, the tuck box and the
screen edition (vectors for SVG, one embedded image for PNG, greys in --mono), in its place
in a right-to-left booklet. The deck's colours are in test_theme.py."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from cardgen.choices import CARDS, PAPERS
from cardgen.layout.sheet import sheet_layout
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.labels import BACK_MARGIN
from support.paths import DATA

THEMED = DATA / "themed"
GREEN, PURPLE = (0x0B, 0x6E, 0x4F), (0x7A, 0x3E, 0x9D)  # the deck's prompt and reframe colours
PALE = (0xA8, 0xE6, 0xCF)  # the logo's own river: in the logo only


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


def coloured(image: Image.Image) -> bool:
    colours = image.getcolors(image.width * image.height)
    return any(max(pixel) - min(pixel) > 8 for _, pixel in colours)


def image_objects(pdf: bytes) -> int:
    """How many pictures the file carries, however often they are drawn (an image's
    transparency, its soft mask, is an image object of its own: not counted)."""
    return len(re.findall(rb"/Subtype\s*/Image", pdf)) - len(re.findall(rb"/SMask\s+\d+", pdf))


@pytest.mark.parametrize("logo", ["logo.svg", "logo.png"])
def test_the_logo_prints_at_the_foot_of_every_back(tmp_path, logo):
    deck = themed(tmp_path, logo)
    cards = build(deck, "cards", marks=False)["cards"].data
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"], marks=False)
    back = render(cards, 1)
    px = 100 / 72
    for index in range(layout.per_sheet):
        slot = layout.back_slot(index, "long")
        # The foot of the back, above the title: where the logo goes.
        foot = back.crop((round(slot.x * px), round((layout.page_height - slot.y - 80) * px),
                          round(slot.right * px), round((layout.page_height - slot.y
                                                         - BACK_MARGIN - 12) * px)))
        assert has(foot, PALE), index


def test_a_png_logo_is_embedded_once_however_many_cards_show_it(tmp_path):
    deck = themed(tmp_path, "logo.png")
    products = build(deck, "cards", "shop", "booklet", "box")
    for format_ in ("cards", "shop", "booklet", "box"):
        assert image_objects(products[format_].data) == 1, format_
    pdf = products["cards"].data
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 4  # two sheets of backs, one image


def test_an_svg_logo_is_drawn_as_vectors(tmp_path):
    products = build(themed(tmp_path, "logo.svg"), "cards", "booklet", "box")
    for format_ in ("cards", "booklet", "box"):
        assert image_objects(products[format_].data) == 0, format_
    assert has(render(products["cards"].data, 1), PALE)


@pytest.mark.parametrize("logo", ["logo.svg", "logo.png"])
def test_the_logo_is_on_the_booklets_cover_and_back_cover_and_the_box(tmp_path, logo):
    products = build(themed(tmp_path, logo), "booklet", "box", impose="none")
    booklet = products["booklet"].data
    pages = len(pypdfium2.PdfDocument(booklet))
    assert has(render(booklet, 0), PALE) and has(render(booklet, pages - 1), PALE)
    assert not any(has(render(booklet, page), PALE) for page in range(1, pages - 1))
    assert has(render(products["box"].data, 0), PALE)


@pytest.mark.parametrize("logo", ["logo.svg", "logo.png"])
def test_mono_prints_the_logo_in_greys(tmp_path, logo):
    products = build(themed(tmp_path, logo), "cards", "booklet", "box", mono=True,
                     impose="none")
    for pdf, page in ((products["cards"].data, 1), (products["booklet"].data, 0),
                      (products["box"].data, 0)):
        image = render(pdf, page)
        assert not coloured(image)
        assert has(image, (0x40, 0x40, 0x40), slack=40)  # the logo's dark disc, in grey
    screen = build(themed(tmp_path, logo), "html", mono=True)["html"].data.decode()
    assert '<img class="logo mono" src="data:image/' in screen


def _columns_of(image: Image.Image, colour: tuple[int, int, int]) -> tuple[int, int]:
    """The first and last pixel column where `colour` shows."""
    pixels = image.load()
    columns = [x for x in range(image.width)
               if any(all(abs(a - b) <= 12 for a, b in zip(pixels[x, y], colour))
                      for y in range(image.height))]
    return columns[0], columns[-1]


@pytest.mark.parametrize("logo", ["logo.svg", "logo.png"])
def test_a_right_to_left_booklet_puts_the_logo_in_the_mirrored_place_unmirrored(tmp_path, logo):
    deck = themed(tmp_path, logo)
    ltr = render(build(deck, "booklet", impose="none")["booklet"].data, 0)
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("title:", "language: ar\ntitle:", 1), encoding="utf-8")
    rtl = render(build(deck, "booklet", impose="none")["booklet"].data, 0)
    # The logo's green disc and bar span the whole logo; on a right-to-left cover it sits
    # where a mirror puts it, flush right above the title as it is flush left in English.
    left, right = _columns_of(ltr, GREEN)
    mirrored_left, mirrored_right = _columns_of(rtl, GREEN)
    assert abs(mirrored_left - (ltr.width - 1 - right)) <= 2
    assert abs(mirrored_right - (ltr.width - 1 - left)) <= 2
    # The logo itself is not turned round: its pale river stays at the left of its disc.
    river, mirrored_river = _columns_of(ltr, PALE)[0], _columns_of(rtl, PALE)[0]
    assert abs((mirrored_river - mirrored_left) - (river - left)) <= 2


@pytest.mark.parametrize("formats", [("cards",), ("booklet",), ("box",)])
@pytest.mark.parametrize("mono", [False, True])
def test_an_svg_logo_names_no_font_the_pdf_does_not_embed(formats, mono):
    """ReportLab's renderer set Helvetica as it started drawing a logo: a font named on the
    page but not embedded, which a print shop's preflight and PDF/UA refuse."""
    [product] = make(DATA / "themed" / "riverside.yaml",
                     BuildOptions(formats=formats, mono=mono)).products
    reader = PdfReader(io.BytesIO(product.data))
    names = {str(font["/BaseFont"]) for page in reader.pages
             for font in _fonts(page["/Resources"])}
    assert names and not any("Helvetica" in name for name in names)
    assert all("+" in name for name in names), "every font an embedded subset"


def _fonts(resources):
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _fonts(xobject["/Resources"])
