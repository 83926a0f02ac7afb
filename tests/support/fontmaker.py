"""Test fonts made from the bundled ones, and what a PDF says about the fonts in it.

Fonts: fontTools copies a bundled face with new names in its name table (family,
style, full and PostScript names), so tests have font families of their own that
no file name gives away, and TrueType collections built from them; and copies damaged
in one known place (a byte of a table, a glyph made of itself, a garbled outline).

PDFs: every font a page names (forms included), whether it is embedded, which
text is set in which font, and which drawn characters came out as .notdef boxes.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
from pypdf import PdfReader
from pypdf.generic import ContentStream

from cardgen.text.registry import FONT_DIR

ATKINSON = {
    "regular": "AtkinsonHyperlegible-Regular.ttf",
    "bold": "AtkinsonHyperlegible-Bold.ttf",
    "italic": "AtkinsonHyperlegible-Italic.ttf",
    "bolditalic": "AtkinsonHyperlegible-BoldItalic.ttf",
}
STYLE_NAMES = {"regular": "Regular", "bold": "Bold", "italic": "Italic",
               "bolditalic": "Bold Italic"}


def renamed(target: Path, family: str, style: str = "regular", source: str | None = None,
            style_name: str | None = None, extra: str = "") -> Path:
    """Write a copy of a bundled face (Atkinson's face for `style` unless `source` names a
    file in fonts/) to `target`, calling itself `family` `style_name`, with the characters
    of `extra` drawn as its "A". Returns `target`."""
    # The same arguments give the same bytes (no new time stamp), so the same font.
    font = TTFont(FONT_DIR / (source or ATKINSON[style]), recalcTimestamp=False)
    words = style_name or STYLE_NAMES[style]
    postscript = f"{family}-{words}".replace(" ", "")
    table = font["name"]
    for name_id in (1, 2, 3, 4, 6, 16, 17):
        table.removeNames(nameID=name_id)
    for name_id, text in ((1, family), (2, words), (3, f"test:{postscript}"),
                          (4, f"{family} {words}"), (6, postscript)):
        table.setName(text, name_id, 3, 1, 0x409)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap.update({ord(char): table.cmap[ord("A")] for char in extra})
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    return target


def family(folder: Path, name: str, files: dict[str, str]) -> list[Path]:
    """A family `name` in `folder`: {style: file name}, each a renamed Atkinson face."""
    return [renamed(folder / file_name, name, style) for style, file_name in files.items()]


def damaged(target: Path, table: str, at: int, value: int) -> Path:
    """Write a copy of Atkinson Regular to `target` with the byte `at` bytes into its `table`
    table set to `value`: a font damaged in one known place, the same bytes every time."""
    data = bytearray((FONT_DIR / ATKINSON["regular"]).read_bytes())
    start = TTFont(io.BytesIO(bytes(data))).reader.tables[table].offset
    assert data[start + at] != value, "the damage must change the byte"
    data[start + at] = value
    target.write_bytes(bytes(data))
    return target


def recursive_composite(target: Path) -> Path:
    """Write a copy of Atkinson Regular to `target` whose "A" is a composite glyph made of
    "Aacute", itself made of "A" and an accent: a glyph that contains itself."""
    font = TTFont(FONT_DIR / ATKINSON["regular"], recalcTimestamp=False, recalcBBoxes=False)
    glyf = font["glyf"]
    part = GlyphComponent()
    part.glyphName, part.x, part.y, part.flags = "Aacute", 0, 0, 0x4  # ROUND_XY_TO_GRID
    glyph = Glyph()
    glyph.numberOfContours, glyph.components = -1, [part]
    old = glyf["A"]
    glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax = old.xMin, old.yMin, old.xMax, old.yMax
    glyf["A"] = glyph
    font.save(target)  # without recomputing bounds, which would follow the loop for ever
    return target


def garbled_glyph(target: Path, char: str = "", glyph: str = "") -> Path:
    """Write a copy of Atkinson Regular to `target` in which the outline of `char`, or of
    the glyph named `glyph` (a simple one), claims 65,536 points, far more than its bytes
    hold; every table is whole."""
    font = TTFont(FONT_DIR / ATKINSON["regular"])
    index = font.getGlyphID(glyph or font.getBestCmap()[ord(char)])
    contours = font["glyf"][font.getGlyphName(index)].numberOfContours
    assert contours > 0, "the glyph must be a simple one"
    data = bytearray((FONT_DIR / ATKINSON["regular"]).read_bytes())
    last_end = font.reader.tables["glyf"].offset + font["loca"][index] + 10 + 2 * (contours - 1)
    data[last_end:last_end + 2] = b"\xff\xff"
    target.write_bytes(bytes(data))
    return target


def collection(target: Path, *faces: Path) -> Path:
    """A TrueType collection (.ttc) of the given font files, in order."""
    ttc = TTCollection()
    ttc.fonts = [TTFont(face, recalcTimestamp=False) for face in faces]
    ttc.save(target)
    return target


# --- reading PDFs ------------------------------------------------------------------------


def page_fonts(page) -> list:
    """Every font object the page names, in its own resources and in its forms'."""
    found: list = []
    _collect(page.get("/Resources"), found, set())
    return found


def _collect(resources, found: list, seen: set) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            found.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            _collect(xobject.get("/Resources"), found, seen)


def base_name(font) -> str:
    """"AAAAAA+AtkinsonHyperlegible-Bold" -> "AtkinsonHyperlegible-Bold"."""
    return str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]


def not_embedded(data: bytes) -> list[str]:
    """The fonts of a PDF that carry no font program (what pdffonts shows as `emb no`)."""
    missing = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        for font in page_fonts(page):
            if font.get("/Subtype") == "/Type3":
                continue  # drawn by the PDF's own procedures: nothing to embed
            described = font
            if font.get("/Subtype") == "/Type0":
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(f"page {number}: {base_name(font)}")
    return missing


def text_by_font(data: bytes, pages: range | None = None) -> dict[str, str]:
    """The text drawn on the page's own content in each font, by base font name."""
    texts: dict[str, list[str]] = defaultdict(list)
    reader = PdfReader(io.BytesIO(data))
    for index, page in enumerate(reader.pages):
        if pages is not None and index not in pages:
            continue

        def visit(text, cm, tm, font, size):
            if font is not None and text:
                texts[base_name(font)].append(text)

        page.extract_text(visitor_text=visit)
    return {name: "".join(parts) for name, parts in texts.items()}


def drawn(data: bytes) -> list[tuple[str, str]]:
    """(font, character) for every character shown on every page, forms included, in order.

    A character the font has no glyph for is drawn by ReportLab with code 0, the
    font's .notdef glyph (an empty box): it is listed as "\0".
    """
    shown: list[tuple[str, str]] = []
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        _show(page.get_contents(), page.get("/Resources"), reader, shown)
    return shown


def boxes(data: bytes) -> list[str]:
    """The fonts in which a PDF draws a .notdef box, one entry per box."""
    return [font for font, char in drawn(data) if char == "\0"]


def _show(contents, resources, reader, shown: list) -> None:
    if contents is None:
        return
    resources = resources.get_object() if resources is not None else {}
    fonts = resources.get("/Font") or {}
    font = codes = None
    for operands, operator in ContentStream(contents, reader).operations:
        if operator == b"Tf":
            font = fonts[operands[0]].get_object()
            codes = _to_unicode(font)
        elif operator in (b"Tj", b"'", b'"', b"TJ") and font is not None:
            strings = operands[-1] if operator == b"TJ" else [operands[-1]]
            for string in strings:
                if isinstance(string, (str, bytes)):
                    raw = string if isinstance(string, bytes) else string.get_original_bytes()
                    shown += [(base_name(font), codes.get(code, "?") if code else "\0")
                              for code in raw]
        elif operator == b"Do":
            xobject = (resources.get("/XObject") or {})[operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                _show(xobject, xobject.get("/Resources", resources), reader, shown)


def _to_unicode(font) -> dict[int, str]:
    """The code -> character pairs of a simple font's ToUnicode CMap (bfchar and bfrange)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    words = stream.get_object().get_data().decode("latin-1").split()
    mapping: dict[int, str] = {}
    index = 0
    while index < len(words):
        word = words[index]
        if word == "beginbfchar":
            index += 1
            while words[index] != "endbfchar":
                mapping[int(words[index].strip("<>"), 16)] = _utf16(words[index + 1])
                index += 2
        elif word == "beginbfrange":
            index += 1
            while words[index] != "endbfrange":
                first = int(words[index].strip("<>"), 16)
                last = int(words[index + 1].strip("<>"), 16)
                start = ord(_utf16(words[index + 2]))
                for offset in range(last - first + 1):
                    mapping[first + offset] = chr(start + offset)
                index += 3
        index += 1
    return mapping


def _utf16(word: str) -> str:
    return bytes.fromhex(word.strip("<>")).decode("utf-16-be")
