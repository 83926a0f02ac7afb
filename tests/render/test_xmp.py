"""A tagged PDF's XMP metadata, as pikepdf (and a validator) parses it."""

import io

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from cardgen.render.tagging import Tags


def test_the_metadata_says_title_language_and_pdf_ua_1_and_parses():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    Tags(canvas, "ar", "Harm & <Reduction>")
    canvas.showPage()
    canvas.tags.finish()
    canvas.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Harm & <Reduction>"  # escaped in the XML, read whole
        assert meta["pdfuaid:part"] == "1"
        assert meta["xmp:CreateDate"] == "2000-01-01T00:00:00"  # the invariant Info date
        assert "ar" in str(meta["dc:language"])
