"""Shaping: text in complex scripts is set in the glyphs HarfBuzz chooses for the deck's
language, with HarfBuzz's advances, each cluster drawn where HarfBuzz puts it."""

from __future__ import annotations

import io
import re

import pytest
import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from cardgen.text import blocks as textlib
from cardgen.text.fonts import load_fonts
from cardgen.text.shaping import glyph_ids, shape
from cardgen.text.typography import Span
from support.paths import FONTS
from support.pdfread import origins

WORDS = [  # (bundled font file, registered font, text, right to left, language)
    ("NotoSansArabic-Regular", "NotoArabic-Regular", "لا", True, "ar"),  # lam-alef, one glyph
    ("NotoSansArabic-Regular", "NotoArabic-Regular", "تجرّبها", True, "ar"),  # joining, a shadda
    ("NotoSansArabic-Bold", "NotoArabic-Bold", "السلام عليكم", True, "ar"),
    ("NotoSansArabic-Regular", "NotoArabic-Regular", "۴۶۷ ہے", True, "ur"),  # Urdu's own forms
    ("NotoSansHebrew-Regular", "NotoHebrew-Regular", "שָׁלוֹם", True, "he"),  # points
    ("NotoSansDevanagari-Regular", "NotoDevanagari-Regular", "किस क्षमा", False, "hi"),
    ("NotoSansDevanagari-Regular", "NotoDevanagari-Regular", "श्रृंखला", False, "mr"),
    ("NotoSansBengali-Regular", "NotoBengali-Regular", "ক্ষতি কী", False, "bn"),
]


def _harfbuzz(file: str, text: str, rtl: bool, language: str):
    """HarfBuzz's own shaping of `text`, from the font file, at 1000 units to the em."""
    font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(FONTS / f"{file}.ttf")))
    font.scale = (1000, 1000)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.language = language
    uharfbuzz.shape(font, buffer, {})
    return buffer.glyph_infos, buffer.glyph_positions


@pytest.mark.parametrize("file, font, text, rtl, language", WORDS, ids=[w[2] for w in WORDS])
def test_glyphs_and_advances_are_harfbuzz_own(file, font, text, rtl, language):
    load_fonts().chain("regular")  # registers the bundled faces, the Noto ones included
    infos, positions = _harfbuzz(file, text, rtl, language)
    assert glyph_ids(font, text, rtl, language) == [info.codepoint for info in infos]
    assert shape(font, text, rtl, language).advance * 1000 == sum(p.x_advance for p in positions)
    # Shaping changed something: these are not the characters' own glyphs in a row.
    from fontTools.ttLib import TTFont

    cmap = TTFont(FONTS / f"{file}.ttf")["cmap"].getBestCmap()
    own = [TTFont(FONTS / f"{file}.ttf").getGlyphID(cmap[ord(char)]) for char in text]
    assert [info.codepoint for info in infos] != (own[::-1] if rtl else own)


def test_urdu_takes_its_own_forms():
    load_fonts().chain("regular")  # registers the bundled faces, the Noto ones included
    urdu = glyph_ids("NotoArabic-Regular", "۴۶۷ ہے", True, "ur")
    assert urdu != glyph_ids("NotoArabic-Regular", "۴۶۷ ہے", True, "ar")
    assert urdu == [info.codepoint for info in _harfbuzz("NotoSansArabic-Regular", "۴۶۷ ہے",
                                                         True, "ur")[0]]


def test_every_text_a_deck_prints_is_shaped_in_the_decks_language(tmp_path, cli_run,
                                                                     monkeypatch):
    """Urdu, Persian and Sindhi take their own letter and digit forms, Serbian its own
    italics: only when HarfBuzz is told the language. Every text of an Urdu deck, on cards,
    booklet, print-shop sheets and tuck box (title, side, labels, helplines), is shaped
    as Urdu."""
    from cardgen.text import blocks as text_module
    from cardgen.text import shaping

    seen: list[tuple[str, str]] = []
    unwrapped = shaping.shape.__wrapped__

    def spy(font, text, rtl, language="und"):
        seen.append((text, language))
        return unwrapped(font, text, rtl, language)

    monkeypatch.setattr(shaping, "shape", spy)
    monkeypatch.setattr(text_module, "shape", spy)
    # Words no other test prints, so no cache of shaped text has them.
    deck = tmp_path / "ur.yaml"
    deck.write_text("title: بات چیت ۴۶۷\nsubtitle: گھر والوں کے لیے ۸۹\nlanguage: ur\n"
                    "labels:\n  prompt: سوال ۱\n  resource: مدد ۲\n"
                    "prompts:\n  - آج آپ کا دن کیسا رہا؟ ۵۶۷\n"
                    "region: PK\nresources:\n  - name: ہیلپ لائن ۳\n    phone: \"۰۳۰۰ ۱۲۳۴۵۶۷\"\n",
                    encoding="utf-8")
    for options in (["--format", "cards", "--format", "booklet"], ["--format", "shop"],
                    ["--format", "box"]):
        result = cli_run("build", deck, *options, "-o", tmp_path)
        assert result.exit_code == 0, result.output
    urdu = [(text, language) for text, language in seen if re.search("[\u0600-\u06ff]", text)]
    assert {"بات", "چیت", "۴۶۷", "گھر", "سوال", "مدد", "ہیلپ"} <= {
        word for text, _ in urdu for word in text.split()}
    # Urdu, with hyphenation off or on (a private-use subtag, which HarfBuzz passes over).
    assert {language.split("-")[0] for _, language in urdu} == {"ur"}, sorted(set(urdu))


@pytest.mark.parametrize("language", ["sr", "mk"])
def test_serbian_and_macedonian_italics_take_their_own_letter_forms(language, tmp_path,
                                                                    cli_run):
    """Italic б, г, д, п, т are written differently in Serbia and North Macedonia than in
    Russia; DejaVu Sans Oblique has both. A Serbian deck's italics take the Serbian forms,
    HarfBuzz's for the language, and read back as the deck's words."""
    words = "бгдпт добар дан"
    fonts = load_fonts()
    block = textlib.wrap([Span(words, "italic")], fonts, 10.0, 1000.0, language)
    pieces = [piece for line in block.lines for piece in line.pieces]
    assert pieces and all(piece.glyphs is not None for piece in pieces if piece.text.strip())
    drawn = [pdfmetrics.getFont(piece.font).face.charToGlyph[ord(code)] for piece in pieces
             for code in (piece.text if piece.glyphs is None else piece.glyphs)]
    infos, _ = _harfbuzz("DejaVuSans-Oblique", words, False, language)
    assert drawn == [info.codepoint for info in infos]
    russian, _ = _harfbuzz("DejaVuSans-Oblique", words, False, "ru")
    assert drawn != [info.codepoint for info in russian]
    deck = tmp_path / f"{language}.yaml"
    deck.write_text(f"title: Т\nlanguage: {language}\nprompts:\n  - \"*{words}*\"\n",
                    encoding="utf-8")
    result = cli_run("build", deck, "--format", "cards", "--verify", "-o", tmp_path)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("file, font, text, rtl, language",
                         [w for w in WORDS if not re.search(r"\d", w[2])],
                         ids=[w[2] for w in WORDS if not re.search(r"\d", w[2])])
def test_each_cluster_is_drawn_where_harfbuzz_puts_it(file, font, text, rtl, language):
    """Drawn on a page and read back: each cluster's text starts at the pen position
    HarfBuzz gives the first of its glyphs that advances, to 0.01 pt at 20 pt."""
    fonts = load_fonts()
    size, left = 20.0, 50.0
    block = textlib.one_line(text, "bold" if "Bold" in font else "regular", fonts, size,
                             language=language)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 100), invariant=1)
    textlib.draw(canvas, block, left, 80)
    canvas.save()
    infos, positions = _harfbuzz(file, text, rtl, language)
    expected, pen, seen = set(), 0, set()
    for info, position in zip(infos, positions):
        if info.cluster not in seen and position.x_advance and text[info.cluster] != " ":
            seen.add(info.cluster)
            expected.add(round(left + (pen + position.x_offset) * size / 1000, 2))
        pen += position.x_advance
    drawn = {round(x, 2) for char, x in origins(buffer.getvalue()) if char != " "}
    assert drawn == expected
