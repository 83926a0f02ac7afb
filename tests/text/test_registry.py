"""Faces registered with ReportLab: what a PDF says its characters are."""

import io

import pypdf
from reportlab.pdfgen.canvas import Canvas

from cardgen.text.fonts import load_fonts


def test_characters_beyond_the_basic_plane_read_back_from_the_pdf():
    """ReportLab wrote U+10300 into the ToUnicode map as <10300>, which no reader decodes:
    the letters were lost to copying and to screen readers."""
    fonts = load_fonts()
    face = fonts.font_for("\U00010300", "regular")  # Old Italic: DejaVu Sans has it
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName=face)
    canvas.drawString(72, 700, "old \U00010300\U00010301 letters")
    canvas.showPage()
    canvas.save()
    text = pypdf.PdfReader(buffer).pages[0].extract_text()
    assert "old \U00010300\U00010301 letters" in text
    assert b"<D800DF00>" in _to_unicode_maps(buffer.getvalue())


def _to_unicode_maps(data: bytes) -> bytes:
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return b"".join(font.get_object()["/ToUnicode"].get_data() for font in fonts.values()
                    if "/ToUnicode" in font.get_object())
