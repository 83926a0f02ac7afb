"""The duplex calibration sheet as a printer gets it: two pages at the paper's size, what to do
said on both, the flip asked for, no ink near the paper's edge. The geometry it reads is in
tests/layout/test_calibration.py."""

import io
import itertools
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from cardgen.render.calibration import calibration_pdf
from cardgen.units import MM

LETTER = (612.0, 792.0)
A4 = (595.2756, 841.8898)
PAPERS = {"letter": LETTER, "a4": A4}
CASES = list(itertools.product(PAPERS.values(), ("long", "short")))
IDS = [f"{name}-{flip}" for name, flip in itertools.product(PAPERS, ("long", "short"))]


def read(paper, duplex) -> PdfReader:
    return PdfReader(io.BytesIO(calibration_pdf(paper, duplex)))


@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_two_pages_at_paper_size(paper, duplex):
    reader = read(paper, duplex)
    assert len(reader.pages) == 2
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.left), float(box.bottom)) == (0, 0)
        assert float(box.width) == pytest.approx(paper[0], abs=0.01)
        assert float(box.height) == pytest.approx(paper[1], abs=0.01)


@pytest.mark.parametrize(
    "duplex, name", [("long", "/DuplexFlipLongEdge"), ("short", "/DuplexFlipShortEdge")]
)
def test_viewer_preferences_ask_for_the_flip_and_no_scaling(duplex, name):
    prefs = read(LETTER, duplex).trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == name
    assert prefs["/PrintScaling"] == "/None"


def test_metadata():
    pdf = calibration_pdf(A4, "short", title="Our deck: duplex test")
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "Our deck: duplex test"
    assert meta.author == "cardgen"
    assert "short edge" in meta.subject


@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_both_pages_say_what_to_do(paper, duplex):
    front, back = (" ".join(page.extract_text().split()) for page in read(paper, duplex).pages)
    for words in ("duplex", f"flip on the {duplex} edge", "Actual size / 100 %",
                  "light", "--back-offset"):
        assert words in front
    for words in ("light", "--back-offset 1.5mm,-0.5mm", "back_offset: 1.5mm,-0.5mm",
                  "minus sign", "middle box"):
        assert words in back
    for label in ("-5", "-1", "0", "1", "5", "DX", "DY"):
        assert label in back.split()


def test_the_other_flip_is_named_as_the_mistake():
    front = read(LETTER, "long").pages[0].extract_text()
    assert "flipped on the short edge" in " ".join(front.split())


@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_output_is_byte_identical(paper, duplex):
    assert calibration_pdf(paper, duplex) == calibration_pdf(paper, duplex)


def test_flips_give_different_sheets():
    assert calibration_pdf(LETTER, "long") != calibration_pdf(LETTER, "short")


def test_a_title_too_long_for_the_top_of_the_sheet_is_refused():
    with pytest.raises(ValueError, match="title is too long"):
        calibration_pdf(LETTER, "long", title="Duplex calibration " * 30)


@pytest.mark.parametrize("bad", ["both", "Long", ""])
def test_unknown_duplex_mode_is_refused(bad):
    with pytest.raises(ValueError, match="duplex"):
        calibration_pdf(LETTER, bad)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
@pytest.mark.parametrize("paper, duplex", CASES, ids=IDS)
def test_no_ink_within_6mm_of_the_paper_edge(paper, duplex, tmp_path):
    pdf = tmp_path / "calibration.pdf"
    pdf.write_bytes(calibration_pdf(paper, duplex))
    dpi = 72
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    margin = round(6 * MM * dpi / 72)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2
    for png in pages:
        image = Image.open(png).convert("L")
        w, h = image.size
        inner = image.crop((margin, margin, w - margin, h - margin))
        assert inner.getextrema()[0] < 128  # the page does have ink
        for strip in ((0, 0, w, margin), (0, h - margin, w, h),
                      (0, 0, margin, h), (w - margin, 0, w, h)):
            assert image.crop(strip).getextrema()[0] == 255, (png.name, strip)
