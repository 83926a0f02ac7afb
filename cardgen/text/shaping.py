"""Shaping: text in complex scripts as the glyphs HarfBuzz chooses, measured and drawn
through ReportLab, with a PDF text layer that reads back as the text itself.

Arabic letters take a different form at the start, middle and end of a word, and two
may join into one (lam-alef); a Devanagari or Bengali vowel sign may be drawn before
the consonant it follows, and consonants fuse into conjuncts. ReportLab draws one
glyph per character from the font's character map, so such text would print with
its letters apart, in the wrong forms and order. HarfBuzz (`uharfbuzz`) knows each
script's rules and each font's tables; this module asks it for the glyphs and their
positions, and draws them.

ReportLab embeds only glyphs it reaches through a character, so each shaped glyph gets
a private code point of its own (plane 15, never a real character) for the font's
lifetime; the PDF's ToUnicode map then gives, for each glyph, the text it stands for,
so a PDF reader's extracted text (copy and paste, search, screen readers, --verify) is
the deck's text, not the private codes. Only text in these scripts is shaped: Latin,
Greek, Cyrillic and Chinese are set from the character map, as before, at full speed.

A glyph that stands for no text of its own (an Arabic vowel mark or shadda set above or
below its letter, the second glyph of a letter drawn in two) is drawn as an outline, not
as text (`outline`): its letter's glyph carries the whole letter, marks and all, in the
text layer. As text it would read back wrong in PDFium (Chrome's viewer, --verify): a
glyph whose ToUnicode entry is empty reads as its raw code (a stray "±" in the word), and
a mark raised off the baseline starts a line of its own, splitting the word in two.

Widths here are at 1 pt, in PDF points (1/1000 of the font size per unit of 1000).
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import NamedTuple

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, ShapeData, ShapedStr, TTFont

from cardgen.text.scripts import COMPLEX, has_local_forms, has_rtl, unsteered

_PRIVATE = 0xF0000  # Supplementary Private Use Area-A: 65,534 codes, none a character


class Shaped(NamedTuple):
    """A run of text as glyphs in drawing order (left to right): `glyphs` draws them
    with ReportLab, `advance` is their width at 1 pt."""

    glyphs: ShapedStr
    advance: float


class ShapingFont(TTFont):
    """A TrueType face ReportLab embeds, which can also draw the glyphs HarfBuzz
    shaped, each under a private code whose ToUnicode entry is the text it stands for."""

    def __init__(self, name: str, data: bytes, index: int = 0, shown: str = ""):
        source = io.BytesIO(data)
        source.name = shown or name  # ReportLab names the file in its own messages
        super().__init__(name, source, subfontIndex=index)
        self._data, self.index = data, index  # the face's place in a collection (.ttc)
        self._hb_font = None
        # (glyph, text, width or None for the glyph's own) -> private code
        self._codes: dict[tuple[int, str, int | None], int] = {}
        self.texts: dict[int, str] = {}  # private code -> the text its glyph stands for

    @property
    def hb_font(self):
        """The HarfBuzz font, at 1000 units to the em."""
        if self._hb_font is None:
            import uharfbuzz  # only decks that need shaping pay for loading HarfBuzz

            face = uharfbuzz.Face(uharfbuzz.Blob(self._data), self.index)
            font = uharfbuzz.Font(face)
            font.scale = (1000, 1000)
            self._hb_font = font
        return self._hb_font

    def silent(self, code: str) -> bool:
        """Whether the glyph of private character `code` stands for no text of its own."""
        return self.texts.get(ord(code)) == ""

    def code(self, glyph: int, text: str, width: int | None = None) -> str:
        """The private character that draws `glyph` and reads back as `text`, `width`
        wide in the PDF (1000ths of the size; the glyph's own advance by default)."""
        key = (glyph, text, width)
        found = self._codes.get(key)
        if found is None:
            found = self._codes[key] = _PRIVATE + len(self._codes)
            face = self.face
            face.charToGlyph[found] = glyph
            face.charWidths[found] = (self.hb_font.get_glyph_h_advance(glyph) if width is None
                                      else width)
            self.texts[found] = text
        return chr(found)

    def addObjects(self, doc) -> None:
        """As ReportLab does, then each subset's ToUnicode map rewritten where it holds
        shaped glyphs: a private code reads back as its text ("" for the second glyph
        of a letter drawn in two)."""
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            if not any(code in self.texts for code in subset):
                continue
            base = b"".join((SUBSETN(number), b"+", self.face.name,
                             self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if isinstance(stream, pdfdoc.PDFStream):
                stream.content = _to_unicode(base, [self.texts.get(code, chr(code))
                                                    for code in subset])


def _to_unicode(name: str, texts: list[str]) -> str:
    """A ToUnicode CMap giving code i the text `texts[i]`."""
    entries = [f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>"
               for i, text in enumerate(texts)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0",
        ">> def", f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(texts) - 1:02X}>", "endcodespacerange",
        f"{len(texts)} beginbfchar", *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def needs_shaping(text: str, language: str = "und") -> bool:
    """Whether `text` has letters of a script whose glyphs depend on their neighbours, or
    letters that take forms of their own in `language` (scripts.has_local_forms)."""
    return not text.isascii() and (COMPLEX.search(text) is not None
                                   or has_local_forms(language))


@lru_cache(maxsize=65536)
def advance(font: str, text: str, language: str = "und") -> float:
    """Width of `text` in `font` at 1 pt: shaped when its script needs it, for a deck in
    `language` (see `shape`). The marks that steer the direction take no room: they are
    never drawn."""
    text = unsteered(text)
    if needs_shaping(text, language):
        return shape(font, text, has_rtl(text), language).advance
    return pdfmetrics.stringWidth(text, font, 1.0)


@lru_cache(maxsize=16384)
def shape(font: str, text: str, rtl: bool, language: str = "und") -> Shaped:
    """`text` in `font` as HarfBuzz shapes it, running right to left when `rtl`
    (HarfBuzz then also mirrors brackets), in the forms the deck's `language` (a BCP 47
    tag) takes where the font has them: Urdu's digits and yeh barree, Marathi's and
    Nepali's letters. Never the machine's locale: the same deck gives the same PDF.

    Each cluster (a letter with its marks, an Indic syllable) reads back whole from one
    glyph, its carrier: the first of its glyphs that advances the pen, drawn as text,
    as wide in the PDF as the whole cluster, so readers see one character's box per
    cluster with no gap after it (a vowel sign drawn before its consonant carries the
    syllable, which then reads back in order). The cluster's other glyphs read back as
    nothing and are drawn as outlines (see the module's docstring). In a right-to-left
    run a cluster's characters are given reversed, as PDF readers expect of text they
    put back in reading order themselves."""
    face = pdfmetrics.getFont(font)
    if not isinstance(face, ShapingFont):
        raise TypeError(f"{font} is not a font cardgen can shape")
    hb_font = face.hb_font
    import uharfbuzz  # lazy, as in hb_font: only decks that need shaping load HarfBuzz

    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.language = language or "und"
    # Clusters of whole graphemes: a letter and its marks read back as one.
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_GRAPHEMES
    uharfbuzz.shape(hb_font, buffer, {})
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, starts[1:] + [len(text)]))
    # The glyph that carries each cluster's text: its first that advances the pen (the
    # letter, not a mark set above or below it), so readers find the text on the line.
    carrier: dict[int, int] = {}
    advances: dict[int, int] = {}  # each cluster's advance, all its glyphs together
    for index, (info, position) in enumerate(zip(infos, positions)):
        if info.cluster not in carrier or (position.x_advance and not
                                           positions[carrier[info.cluster]].x_advance):
            carrier[info.cluster] = index
        advances[info.cluster] = advances.get(info.cluster, 0) + position.x_advance
    codes, data, total = [], [], 0.0
    for index, (info, position) in enumerate(zip(infos, positions)):
        cluster = info.cluster
        if carrier[cluster] == index:
            said = text[cluster:ends[cluster]]
            codes.append(face.code(info.codepoint, said[::-1] if rtl else said,
                                   advances[cluster]))
        else:
            codes.append(face.code(info.codepoint, ""))
        width = face.face.charWidths[ord(codes[-1])]
        data.append(ShapeData(cluster, position.x_advance, 0, position.x_offset,
                              position.y_offset, width))
        total += position.x_advance
    return Shaped(ShapedStr("".join(codes), shapeData=data), total / 1000)


@lru_cache(maxsize=4096)
def outline(font: str, code: str) -> str:
    """The glyph of private character `code` in `font` as PDF path operators, at 1000
    units to the em (scale by size / 1000), filled by the nonzero rule as TrueType is."""
    face = pdfmetrics.getFont(font)
    pen = _PathPen()
    face.hb_font.draw_glyph_with_pen(face.face.charToGlyph[ord(code)], pen)
    return " ".join(pen.ops)


class _PathPen:
    """A fontTools-style pen writing PDF path operators; quadratic curves become cubic."""

    def __init__(self):
        self.ops: list[str] = []
        self.at = (0.0, 0.0)

    def _to(self, *points, op: str) -> None:
        self.ops.append(" ".join(f"{v:.6g}" for point in points for v in point) + " " + op)
        self.at = points[-1]

    def moveTo(self, point) -> None:
        self._to(point, op="m")

    def lineTo(self, point) -> None:
        self._to(point, op="l")

    def curveTo(self, *points) -> None:
        self._to(*points, op="c")

    def qCurveTo(self, *points) -> None:
        # Implied on-curve points lie halfway between two off-curve ones (TrueType).
        off, end = list(points[:-1]), points[-1]
        for index, control in enumerate(off):
            target = end if index == len(off) - 1 else (
                (control[0] + off[index + 1][0]) / 2, (control[1] + off[index + 1][1]) / 2)
            (x0, y0), (cx, cy) = self.at, control
            self._to((x0 + 2 * (cx - x0) / 3, y0 + 2 * (cy - y0) / 3),
                     (target[0] + 2 * (cx - target[0]) / 3, target[1] + 2 * (cy - target[1]) / 3),
                     target, op="c")

    def closePath(self) -> None:
        self.ops.append("h")

    def endPath(self) -> None:
        pass


def glyph_ids(font: str, text: str, rtl: bool, language: str = "und") -> list[int]:
    """The glyphs `shape` draws for `text`, as glyph IDs of the font (for tests)."""
    face = pdfmetrics.getFont(font)
    return [face.face.charToGlyph[ord(code)] for code in shape(font, text, rtl, language).glyphs]
