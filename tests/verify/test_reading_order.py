"""Right-to-left text read back from the PDF: Arabic words with their vowel marks whole, and
cardgen's model of PDFium's reading of lines that mix directions checked against PDFium."""

from __future__ import annotations

import io
import random
import textwrap

import pypdfium2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from cardgen.deck.language import SECTIONS, table
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.verify.reading_order import pdfium_reading
from support.paths import FONTS

DEJAVU = FONTS / "DejaVuSans.ttf"

# Arabic words, Latin words, numbers, separators, brackets, quotation marks, an ellipsis,
# spaces, a vowel mark alone and a shadda before a letter: what a line may mix.
TOKENS = ["ابت", "جده", "TTY", "Andrew", "988", "1-800", ".", ":", "(", ")", " ", "،",
          "\u064b", "\u0651ب", "\u2026", "[", "\u00ab", "\u201c", "\u2019", "\u201e"]


def _pdfium_lines(visual: list[str]) -> list[str]:
    """Each string drawn as it is, glyph by glyph from left to right (no shaping, so each
    glyph's text is its character), on a line of its own; read back by PDFium."""
    if "DejaVu-reading-order" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu-reading-order", str(DEJAVU)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(600, 30 * len(visual) + 30), invariant=1)
    for index, line in enumerate(visual):
        canvas.setFont("DejaVu-reading-order", 12)
        canvas.drawString(20, 20 + 30 * index, line)
    canvas.save()
    return pypdfium2.PdfDocument(buffer.getvalue())[0].get_textpage().get_text_range().split("\r\n")


def test_the_model_of_pdfium_reads_mixed_lines_as_pdfium_does():
    """verify allows a line that mixes directions to read back exactly as this model says
    PDFium reads it, and no other way; if a PDFium upgrade reads lines otherwise, this
    fails before any deck's verify does."""
    rng = random.Random(17)
    lines = []
    while len(lines) < 300:
        line = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 9))).strip()
        # PDFium drops a zero-width glyph drawn twice in one place (as it does text
        # printed twice for boldness); cardgen draws marks as outlines, never as text.
        if line and "\u064b\u064b" not in line and "\u064b\u0651" not in line:
            lines.append(line)
    assert [pdfium_reading(line) for line in lines] == _pdfium_lines(lines)
    # The lines mix directions both ways: some read right to left, some left to right.
    mixed = [(line, pdfium_reading(line)) for line in lines if "Andrew" in line and "ابت" in line]
    assert any(line.startswith("Andrew") and read.startswith("Andrew") for line, read in mixed)
    assert any(line.endswith("ابت") and read.startswith("تبا") for line, read in mixed)


def test_arabic_words_read_back_whole_with_their_vowel_marks(tmp_path):
    """A shadda, a tanwin or a damma is drawn as an outline above or below its letter; the
    letter's glyph carries the mark in the text layer, so the word reads back whole, with
    nothing added (no stray codes, no line break inside the word)."""
    deck = tmp_path / "marks.yaml"
    deck.write_text(textwrap.dedent("""\
        title: كلمات
        language: ar
        prompts:
          - text: قلّلت من القلق وتُبقينا قريبين
          - text: قرأناها بصوت عالٍ معًا
        """), encoding="utf-8")
    data = make(deck, BuildOptions(formats=("cards",)))["cards"].data
    text = pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range()
    read = text.split()
    for word in ("قلّلت", "وتُبقينا", "عالٍ", "معًا", "كلمات"):
        assert word in read, word
    arabic = {char for char in text if "\u0600" <= char <= "\u06ff"}
    # The page's Arabic: the cards' words, the label, and the printing note in the margin.
    note = "".join(table("ar")[key] for key in SECTIONS["printing"])
    assert arabic <= set("قلّلت من القلق وتُبقينا قريبين قرأناها بصوت عالٍ معًا كلمات اسأل" + note)
    assert not {char for char in text if char < " " and char not in "\r\n"}


def test_verify_accepts_the_helpline_note_in_order_and_refuses_it_out_of_order():
    """Issue 26's line, drawn with its brackets paired and its number whole, reads back
    (through PDFium) as one of the readings verify allows; the order it was printed in
    before (the brackets unpaired, the full stop stranded) reads back as none of them."""
    from cardgen.text.bidi import levels
    from cardgen.text.blocks import _laid_out, one_line
    from cardgen.text.fonts import load_fonts
    from cardgen.verify.reading_order import drawn, readings

    note = "الهاتف النصي (TTY): 1-800-487-4889."
    fonts = load_fonts()
    line = one_line(note, "regular", fonts, 10.0, language="ar").lines[0]
    assert line.text == note  # the text copied is the deck's
    assert pdfium_reading(drawn(line)) in readings(line)
    runs = list(fonts.runs(note, "regular"))  # in reading order
    old = (1,) * 14 + (2,) * 20 + (1,)  # "TTY): 1-800-487-4889" as one left-to-right run
    assert levels(note, True) != old
    before = _laid_out(runs, 10.0, True, "ar", old)
    assert before is not None and drawn(before) != drawn(line)
    assert pdfium_reading(drawn(before)) not in readings(line)
