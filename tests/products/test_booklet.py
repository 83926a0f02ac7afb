"""`cardgen build --format booklet` from the command line: sizes, impositions and their errors;
and a right-to-left booklet printed, cut and folded, opening from the right."""

from __future__ import annotations

import pypdfium2
import pytest
from click.testing import CliRunner

from cardgen.choices import BOOKLET_SIZES as PAGE_SIZES
from cardgen.choices import PAPERS
from cardgen.cli import cli
from cardgen.deck.model import load_deck
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from support.paths import DECKS
from support.pdfread import reader

PROMPTS = [f"Prompt number {i} asks how you are today?" for i in range(1, 31)]
DECK = ("title: Booklet Deck\nauthor: A group\nversion: '2.0'\nintro: Sit in a circle.\nprompts:\n"
        + "".join(f"  - {p}\n" for p in PROMPTS)
        + "region: US\nresources:\n  - {name: Line, phone: '988', url: 'https://988lifeline.org'}\n")


def build(tmp_path, *args, deck=DECK):
    path = tmp_path / "deck.yaml"
    path.write_text(deck)
    result = CliRunner().invoke(cli, ["build", str(path), "--format", "booklet",
                                      "-o", str(tmp_path), *args])
    return result, tmp_path / "deck-booklet.pdf"


def sizes(path):
    return {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in reader(path.read_bytes()).pages}


def test_pocket_booklet_on_letter_has_every_prompt_and_asks_for_long_edge(tmp_path):
    result, path = build(tmp_path)
    assert result.exit_code == 0, result.output
    pdf = reader(path.read_bytes())
    assert sizes(path) == {PAPERS["letter"]}
    assert pdf.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipLongEdge"
    text = " ".join(page.extract_text() for page in pdf.pages)
    for prompt in PROMPTS:
        assert text.count(prompt) == 2, prompt  # two identical booklets per sheet
    assert "flip on long edge" in result.output


def test_a4_pocket_and_saddle(tmp_path):
    result, path = build(tmp_path, "--paper", "a4")
    assert result.exit_code == 0, result.output
    assert sizes(path) == {(595.28, 841.89)}
    result, path = build(tmp_path, "--paper", "a4", "--impose", "saddle")
    assert result.exit_code == 0, result.output
    assert sizes(path) == {(841.89, 595.28)}
    preferences = reader(path.read_bytes()).trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/Duplex"] == "/DuplexFlipShortEdge"


@pytest.mark.parametrize("size", sorted(PAGE_SIZES))
def test_flat_booklet_pages_are_the_booklet_size(tmp_path, size):
    result, path = build(tmp_path, "--impose", "none", "--booklet-size", size)
    assert result.exit_code == 0, result.output
    width, height = PAGE_SIZES[size]
    assert sizes(path) == {(round(width, 2), round(height, 2))}
    pdf = reader(path.read_bytes())
    assert len(pdf.pages) % 4 == 0
    assert "Booklet Deck" in pdf.pages[0].extract_text()
    assert "Made with cardgen" in pdf.pages[-1].extract_text()


def test_zine_that_is_too_long_says_how_many_pages_it_needs(tmp_path):
    result, _ = build(tmp_path, "--impose", "zine")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'deck.yaml'}: the booklet needs ")
    assert result.stderr.endswith(" pages and a zine has 8; print fewer cards with --only or "
                                  "--tag, or use --impose pocket\n")


def test_a_small_zine_prints_on_one_side_of_one_sheet(tmp_path):
    result, path = build(tmp_path, "--impose", "zine", "--only", "instructions,resource")
    assert result.exit_code == 0, result.output
    pdf = reader(path.read_bytes())
    assert len(pdf.pages) == 1
    assert sizes(path) == {(792.0, 612.0)}
    assert pdf.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/Simplex"


def test_creep_is_accepted_and_changes_the_sheets(tmp_path):
    _, path = build(tmp_path)
    plain = path.read_bytes()
    result, path = build(tmp_path, "--creep", "0.1mm")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() != plain
    assert build(tmp_path, "--creep", "-1mm")[0].exit_code == 2


def test_an_item_too_long_for_a_booklet_page_names_it(tmp_path):
    deck = "title: T\nprompts:\n  - " + "so many words " * 300 + "\n"
    result, path = build(tmp_path, deck=deck)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'deck.yaml'}:3:5: ")
    assert not path.exists()


# --- a right-to-left booklet --------------------------------------------------------------

ARABIC = DECKS / "harm-reduction.ar.yaml"


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
