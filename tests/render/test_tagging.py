"""The structure tree as a screen reader gets it: poppler's `pdfinfo -struct-text` and pikepdf."""

import io
import shutil
import subprocess

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from cardgen.deck.model import load_deck
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.tagging import Tags
from support.paths import DECKS
from support.pdfua import problems

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")


def _two_pages() -> bytes:
    """A document drawn out of reading order: the second section in a form drawn first,
    a page number as an artifact, a link and a figure."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=0)
    tags = Tags(canvas, "en", "A deck")
    first, second = tags.add("Sect"), tags.add("Sect")
    heading, words = tags.add("H", first), tags.add("P", first)
    later, spanish = tags.add("H", second), tags.add("P", second, lang="es")
    canvas.beginForm("fronts")
    with tags.marked(later):
        canvas.drawString(100, 700, "Second label")
    with tags.marked(spanish):
        canvas.drawString(100, 680, "Hola")
    canvas.endForm()
    with tags.marked(heading):
        canvas.drawString(100, 500, "First label")
    with tags.marked(words):
        canvas.drawString(100, 480, "First words")
    with tags.decoration("Pagination"):
        canvas.drawString(100, 100, "1/2")
    with tags.decoration():
        canvas.doForm("fronts")
    tags.placed("fronts")
    tags.link(tags.add("Link", words), "https://988lifeline.org", (100, 470, 200, 490),
              "988lifeline.org")
    with tags.marked(tags.add("Figure", first, alt="QR code: https://988lifeline.org")):
        canvas.rect(10, 10, 20, 20, fill=1)
    canvas.showPage()
    with tags.marked(spanish):
        canvas.drawString(100, 700, "y adios")
    canvas.showPage()
    tags.finish()
    canvas.save()
    return buffer.getvalue()


@needs_poppler
def test_the_tree_reads_in_its_own_order_without_artifacts(tmp_path):
    path = tmp_path / "tagged.pdf"
    path.write_bytes(_two_pages())
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                          text=True, check=True)
    texts = [line.strip().strip('"') for line in tree.stdout.splitlines() if '"' in line]
    assert texts == ["First label", "First words", "", "Second label", "Hola", "y adios"]
    assert "1/2" not in tree.stdout
    assert tree.stderr == ""


def test_the_document_says_it_is_tagged_in_its_language_with_its_title():
    with pikepdf.open(io.BytesIO(_two_pages())) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        metadata = pdf.open_metadata()
        assert metadata["dc:title"] == "A deck"
        assert metadata["pdfuaid:part"] == "1"
        first, second = pdf.pages
        assert first.obj.StructParents == 0 and second.obj.StructParents == 1
        assert first.obj.Tabs == pikepdf.Name.S
        form = first.Resources.XObject["/FormXob.fronts"]
        assert form.StructParents == 2
        link = first.Annots[0]
        assert str(link.Contents) == "988lifeline.org"
        section = pdf.Root.StructTreeRoot.K.K[0]
        figure = section.K[-1]
        assert figure.S == pikepdf.Name.Figure and str(figure.Alt).startswith("QR code: ")
        spanish = pdf.Root.StructTreeRoot.K.K[1].K[1]
        assert str(spanish.Lang) == "es"


def test_the_same_drawing_gives_the_same_bytes():
    assert _two_pages() == _two_pages()


# Every format that makes a PDF, as each bundled deck builds it (the zine holds 8 pages:
# a deck's helplines).
FORMATS = {
    "cards": {"formats": ("cards",)},
    "shop": {"formats": ("shop",)},
    "press": {"formats": ("shop",), "cmyk": True},
    "box": {"formats": ("box",)},
    "pocket": {"formats": ("booklet",)},
    "saddle": {"formats": ("booklet",), "impose": "saddle", "paper": "a4"},
    "none": {"formats": ("booklet",), "impose": "none"},
    "zine": {"formats": ("booklet",), "impose": "zine", "only": frozenset({"resource"})},
}
BUNDLED = ["harm-reduction.yaml", "harm-reduction.es.yaml", "harm-reduction.ar.yaml",
           "harm-reduction.zh.yaml", "self-care.yaml"]


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("kind", FORMATS)
def test_every_pdf_of_every_bundled_deck_meets_the_checkable_pdf_ua_conditions(name, kind):
    [product] = make(DECKS / name, BuildOptions(**FORMATS[kind])).products
    assert problems(product.data) == []
    with pikepdf.open(io.BytesIO(product.data)) as pdf:
        assert str(pdf.Root.Lang) == load_deck(DECKS / name).language
