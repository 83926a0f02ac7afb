"""The print-shop file for a press (`--format shop --cmyk`, cardgen.products.pdfx): PDF/X-4
as a preflight reads it back: the output intent and its profile, the version in Info and
XMP, the page boxes, the fonts embedded, qpdf's syntax check, the same bytes twice."""

from __future__ import annotations

import re
import shutil
import subprocess

import pikepdf
import pytest

from cardgen.render.cmyk import PROFILE
from support.cli import run
from support.paths import DECKS


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled harm-reduction deck as a PDF/X-4 shop file, built twice."""
    folder = tmp_path_factory.mktemp("pdfx")
    paths = []
    for name in ("a", "b"):
        result = run("build", DECKS / "harm-reduction.yaml", "--format", "shop", "--cmyk",
                     "-o", folder / name, cwd=folder)
        assert result.exit_code == 0, result.output
        assert "PDF/X-4, CMYK for FOGRA39" in result.output
        paths.append(folder / name / "harm-reduction-shop.pdf")
    return paths


@pytest.fixture(scope="module")
def pdf(built):
    return pikepdf.open(built[0])


def test_the_output_intent_embeds_the_shipped_cmyk_profile(pdf):
    [intent] = pdf.Root.OutputIntents
    assert intent.Type == "/OutputIntent" and intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert str(intent.RegistryName) == "http://www.color.org"
    profile = intent.DestOutputProfile
    assert profile.N == 4
    assert profile.read_bytes() == PROFILE.read_bytes()
    assert profile.read_bytes()[16:20] == b"CMYK" and profile.read_bytes()[12:16] == b"prtr"


def test_pdfx_4_is_declared_in_info_and_xmp(pdf):
    assert pdf.pdf_version == "1.6"
    assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
    assert pdf.docinfo.Trapped == pikepdf.Name("/False")
    assert str(pdf.docinfo.Title) == "Harm Reduction Conversations"
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<xmp:CreateDate>2000-01-01T00:00:00+00:00</xmp:CreateDate>" in xmp
    assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
    assert re.search(r"<xmpMM:DocumentID>uuid:[0-9a-f-]{36}</xmpMM:DocumentID>", xmp)
    with pdf.open_metadata() as meta:  # XMP that parses, read as a preflight would
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["dc:title"] == "Harm Reduction Conversations"
    assert len(pdf.trailer.ID) == 2


def test_every_page_has_its_trim_and_bleed_boxes(pdf):
    bleed = 72 / 8  # the shop's bleed, 1/8 in: US shops' figure, more than Europe's 3 mm
    assert len(pdf.pages) == 158
    for page in pdf.pages:
        media = [float(v) for v in page.MediaBox]
        assert [float(v) for v in page.BleedBox] == pytest.approx(media, abs=0.01)
        trim = [float(v) for v in page.TrimBox]
        assert trim == pytest.approx([bleed, bleed, media[2] - bleed, media[3] - bleed],
                                     abs=0.01)
        assert trim[2] - trim[0] == pytest.approx(180, abs=0.01)  # a poker card


def test_every_font_is_embedded(pdf, built):
    fonts = [obj for obj in pdf.objects
             if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"]
    assert fonts
    assert all(any(key in font for key in ("/FontFile", "/FontFile2", "/FontFile3"))
               for font in fonts)
    if shutil.which("pdffonts"):
        rows = subprocess.run(["pdffonts", built[0]], capture_output=True, text=True,
                              check=True).stdout.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), rows


def test_qpdf_finds_nothing_wrong(pdf):
    assert pdf.check_pdf_syntax() == []


def test_the_same_deck_gives_the_same_bytes(built):
    assert built[0].read_bytes() == built[1].read_bytes()
