"""Faces registered with ReportLab, each once a process: cardgen's own, the user's, installed ones.

ReportLab keeps fonts by name for the life of the process, so each face is checked
and registered once, under a name that means its contents (the same bytes reached
by another path are the same face). A bundled face for one script is registered only
when some text is first set in it, an installed font only when a letter no other font
has is met. text.fonts builds each style's fallback chain from these faces.

A family without a bold face (WenQuanYi Zen Hei, which sets Chinese, has one weight) has
its regular face stand in for bold `emboldened`, as word processors do: the same font
under a name of its own, which text.textout draws filled and stroked in the text's
colour, so a label, a topic and a helpline's name keep their weight.

ReportLab writes a character beyond U+FFFF (an emoji, an old script) into a subset's
ToUnicode map as its code point, which no reader decodes: such a character copied or
read aloud was lost. `_to_unicode` writes it as the UTF-16 pair the PDF format asks for.

A user's face is checked once, for every output, before it is registered: its bytes
(text.fontfile), then ReportLab reading it (the PDFs), then fontTools cutting it down
as the screen edition does (`web_font`), so a font one of them cannot use is refused
with one message before anything is made.
"""

from __future__ import annotations

import copy
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.pdfbase import pdfmetrics, ttfonts

from cardgen.bundled import bundled
from cardgen.errors import CardgenError
from cardgen.text.fontfamily import BOLD_WEIGHT, STYLES, Member
from cardgen.text.fontfile import (
    FontFile,
    FontFileError,
    check_face,
    cmap_codes,
    not_usable,
    read_font_file,
)
from cardgen.text.shaping import ShapingFont


def _surrogates(match: re.Match) -> str:
    code = int(match.group(2), 16) - 0x10000
    return f"{match.group(1)}<{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}>"


def _to_unicode(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map for a subset, with characters past U+FFFF as UTF-16
    surrogate pairs (ISO 32000-1, 9.10.3), not as their code points."""
    cmap = _reportlab_to_unicode(fontname, subset)
    return re.sub(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6})>$", _surrogates, cmap, flags=re.M)


_reportlab_to_unicode = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode  # TTFont.addObjects looks it up in its module

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

# The bundled folder sits inside the installed package, or beside it in a checkout.
FONT_DIR = bundled("fonts")

# (registered-name prefix, human name, {style: file name})
BUNDLED = (
    (
        "Atkinson",
        "Atkinson Hyperlegible",
        {
            "regular": "AtkinsonHyperlegible-Regular.ttf",
            "bold": "AtkinsonHyperlegible-Bold.ttf",
            "italic": "AtkinsonHyperlegible-Italic.ttf",
            "bolditalic": "AtkinsonHyperlegible-BoldItalic.ttf",
        },
    ),
    (
        "DejaVu",
        "DejaVu Sans",
        {
            "regular": "DejaVuSans.ttf",
            "bold": "DejaVuSans-Bold.ttf",
            "italic": "DejaVuSans-Oblique.ttf",
            "bolditalic": "DejaVuSans-BoldOblique.ttf",
        },
    ),
    # One script each, with no italic (the scripts have none): italic text in them is
    # set upright, as their readers expect.
    *(
        (f"Noto{script}", f"Noto Sans {script}",
         {"regular": f"NotoSans{script}-Regular.ttf", "bold": f"NotoSans{script}-Bold.ttf",
          "italic": f"NotoSans{script}-Regular.ttf", "bolditalic": f"NotoSans{script}-Bold.ttf"})
        for script in ("Arabic", "Hebrew", "Devanagari", "Bengali")
    ),
)
# DejaVu Sans has Arabic and Hebrew letters too, but not the forms and joins that Noto
# Sans Arabic and Hebrew were drawn for: those scripts are left to them.
_LEFT_TO_NOTO = frozenset((*range(0x0590, 0x0900), *range(0xFB1D, 0xFE00), *range(0xFE70, 0xFEFF)))
# What every screen edition carries whatever the deck: its own words, numbers and
# punctuation. A user's face is cut down to these once, when it is checked.
PAGE_CHARACTERS = "".join(map(chr, range(0x20, 0x7F)))
GARBLED_GLYPHS = "damaged: some of its glyphs are garbled"
# Tables in the order fontTools needs them: one that another reads comes first, so the
# table named in a message is the damaged one, not the one that read it.
_READ_FIRST = ("head", "maxp", "post", "cmap", "hhea", "hmtx", "loca", "glyf")
# What fontTools needs to cut a face down: its glyphs, their metrics, the character map.
_NEEDED = frozenset({"GlyphOrder", "glyf", "loca", "head", "maxp", "hhea", "hmtx", "cmap", "post",
                     "name", "OS/2"})
# fontTools logs what it finds odd in a font; cardgen says it once, as a message, instead.
logging.getLogger("fontTools").addHandler(logging.NullHandler())
_STYLE_SUFFIX = {
    "regular": "Regular",
    "bold": "Bold",
    "italic": "Italic",
    "bolditalic": "BoldItalic",
}


@dataclass(frozen=True, eq=False)
class RegisteredFace:
    """One face registered with ReportLab, and the code points its cmap maps to a real glyph.

    A bundled face that stands in for letters the first lacks (DejaVu Sans, Noto Sans
    Arabic, ...) is registered only when some text is first set in it (`ready`): a deck
    in Latin letters never pays for reading it (DejaVu's four faces take 40 ms).
    """

    name: str  # its registered name
    label: str  # how messages name it: "Atkinson Hyperlegible Bold"
    cmap: frozenset[int]
    chars: frozenset[str] = frozenset()  # the same as characters, for fast set tests on text
    load: Callable[[], object] | None = None  # registers it, for a face left for later
    source: Member | None = None  # its file and its place in it

    @property
    def bold(self) -> bool:
        """Whether the face is drawn bold (semibold or heavier, as text.fontfamily chooses
        a family's bold): a lighter one sets bold text `emboldened`."""
        return self.source is None or self.source.face.weight >= BOLD_WEIGHT

    def ready(self) -> str:
        """Its registered name, with the face registered with ReportLab."""
        if self.load is not None and self.name not in _LOADED:
            self.load()
            _LOADED.add(self.name)
        return self.name


# Registered names of faces that stand in for a bold face their family lacks: each is the
# same ReportLab font as the regular face it names, drawn filled and stroked.
EMBOLDENED: set[str] = set()
_EMBOLDENED_FACES: dict[str, RegisteredFace] = {}  # regular face's name -> its stand-in

# The per-process registry (see the module's docstring).
_FACES: dict[tuple[str, int], RegisteredFace] = {}  # (sha256 of the file, face index) -> face
_INSTALLED_FACES: dict[Path, RegisteredFace | None] = {}
_BUNDLED_FACES: dict[str, tuple[RegisteredFace, ...]] = {}
_LOADED: set[str] = set()  # faces left for later that are registered now
_KEPT: set[bytes] = set()  # PostScript names of faces left for later, kept for them


def register(member: Member, name: str, trusted: bool = False,
             again: bool = False) -> RegisteredFace:
    """Check `member`'s face, register it with ReportLab under `name`, or reuse it (`again`:
    register a face known so far only by its character map)."""
    face = _FACES.get(member.key)
    if face is not None and not again:
        return face
    font_file, info = member.font, member.face
    if not trusted:
        check_face(font_file, info.index)
    try:
        font = ShapingFont(name, font_file.data, info.index, str(font_file.path))
    except Exception as error:  # noqa: BLE001 - any failure of ReportLab's reader on this file
        raise not_usable(font_file.shown, _reason(error)) from None
    glyphs = font.face.charToGlyph
    if glyphs and max(glyphs.values()) >= font.face.numGlyphs:
        raise not_usable(font_file.shown, "damaged: its character map points past its last glyph")
    if not trusted:
        _check_web_font(member)
    if font.face.name in _postscript_names() or (not again and font.face.name in _KEPT):
        # ReportLab keeps one font per PostScript name: a second "MyFont-Regular" (a newer
        # version, or a file saved again under --watch) would silently draw with the first.
        # A bundled face left for later keeps its name, whichever is registered first.
        font.face.name = font.face.name + b"-" + font_file.digest[:8].encode()
    pdfmetrics.registerFont(font)
    if again:
        assert face is not None, "only a face known by its character map is registered again"
        return face
    cmap = frozenset(code for code, glyph in glyphs.items() if glyph)
    face = _FACES[member.key] = RegisteredFace(name, info.label, cmap,
                                               frozenset(map(chr, cmap)), source=member)
    return face


def emboldened(face: RegisteredFace) -> RegisteredFace:
    """`face` standing in for a bold face it lacks: the same glyphs, widths and embedded
    font, under a name that text.textout draws filled and stroked (`EMBOLDENED`)."""
    found = _EMBOLDENED_FACES.get(face.name)
    if found is None:
        name = f"{face.name}-Emboldened"

        def load() -> None:
            font = pdfmetrics.getFont(face.ready())
            # ReportLab keeps one font per PostScript name: a copy registered under another
            # name is an alias of the font itself, so its glyphs are embedded once.
            alias = copy.copy(font)
            alias.fontName = name
            pdfmetrics.registerFont(alias)
            assert pdfmetrics.getFont(name) is font, "an emboldened face is its regular font"

        found = _EMBOLDENED_FACES[face.name] = replace(face, name=name, load=load)
        EMBOLDENED.add(name)
    return found


def open_face(member: Member) -> TTFont:
    """`member`'s face as fontTools reads it, from the bytes that were checked.

    fontTools is imported here: it takes 0.2 s, and only a build with a user's font or a
    screen edition needs it.
    """
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(member.font.data), fontNumber=member.face.index,
                  recalcTimestamp=False)


def web_font(font: TTFont, chars: str, every_glyph: bool = False) -> bytes:
    """`font` cut down to `chars` (or kept whole: `every_glyph`) as WOFF2, without hinting;
    the same bytes on every run. What the screen edition embeds, and what a user's face
    is tried with when checked."""
    from fontTools import subset  # see open_face

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamps: not needed
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars, glyphs=font.getGlyphOrder() if every_glyph else ())
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def _check_web_font(member: Member) -> None:
    """Read every table of a user's face with fontTools and cut it down to the characters
    every page carries, as the screen edition will: a face fontTools cannot read is refused
    here, once, for every output, and not halfway through a page. About 0.05 s for a
    Latin font, 0.3 s for a Chinese one."""
    font = open_face(member)
    for tag in _tags(font):
        try:
            font[tag]  # reads it whole
        except Exception:  # noqa: BLE001 - any failure of fontTools on a user's file
            raise _garbled(member, tag) from None
    try:
        web_font(font, PAGE_CHARACTERS)
    except Exception:  # noqa: BLE001 - as above
        raise cutting_failed(member, PAGE_CHARACTERS) from None


def cutting_failed(member: Member, chars: str) -> FontFileError:
    """What to tell of a user's face that fontTools read but could not cut down to `chars`.

    Its glyphs, if it fails with only the tables it needs (or if every glyph does not
    survive those); else the table it fails with alone. A table such as GSUB leads from
    the characters to more glyphs, so a garbled glyph may show only with it. Cut anew,
    table by table: only a damaged face pays for it.
    """
    others = sorted(set(open_face(member).keys()) - _NEEDED)
    if _cuts(member, chars, keep=None):
        damaged = next((tag for tag in others if not _cuts(member, chars, keep=tag)), None)
        if damaged is None:
            return not_usable(member.font.shown, "damaged: its tables contradict each other")
        if _cuts(member, "", keep=None, every_glyph=True):
            return _garbled(member, damaged)
    return not_usable(member.font.shown, GARBLED_GLYPHS)


def _cuts(member: Member, chars: str, keep: str | None, every_glyph: bool = False) -> bool:
    """Whether fontTools cuts the face down to `chars` (or keeps `every_glyph`) with no
    table but those it needs and `keep`."""
    font = open_face(member)
    for tag in set(font.keys()) - _NEEDED - {keep}:
        del font[tag]
    try:
        web_font(font, chars, every_glyph)
    except Exception:  # noqa: BLE001 - as above
        return False
    return True


def _tags(font: TTFont) -> list[str]:
    order = {tag: place for place, tag in enumerate(_READ_FIRST)}
    return sorted(font.keys(), key=lambda tag: (order.get(tag, len(order)), tag))


def _garbled(member: Member, tag: str) -> FontFileError:
    return not_usable(member.font.shown, f"damaged: its '{tag.strip()}' table is garbled")


def _later(member: Member, name: str) -> RegisteredFace:
    """A bundled face known by its character map, registered with ReportLab when first
    used (see `RegisteredFace.ready`)."""
    face = _FACES.get(member.key)
    if face is None:
        cmap = cmap_codes(member.font, member.face.index)
        _KEPT.add(member.face.postscript.encode())
        face = _FACES[member.key] = RegisteredFace(name, member.face.label, cmap,
                                                   frozenset(map(chr, cmap)),
                                                   lambda: register(member, name, True,
                                                                    again=True),
                                                   member)
    return face


def installed_face(path: Path) -> RegisteredFace | None:
    """The first face of an installed font, checked and registered the first time a
    letter no other font has is met (WenQuanYi Zen Hei takes 0.6 s); None if unusable."""
    if path not in _INSTALLED_FACES:
        try:
            font_file = read_font_file(path)
            member = Member(font_file, font_file.faces[0])
            _INSTALLED_FACES[path] = register(member, user_name(member))
        except CardgenError:  # damaged or replaced since: as if it were not there
            _INSTALLED_FACES[path] = None
    return _INSTALLED_FACES[path]


def _postscript_names() -> set[bytes]:
    names = set()
    for registered in pdfmetrics.getRegisteredFontNames():
        name = getattr(getattr(pdfmetrics.getFont(registered), "face", None), "name", None)
        if isinstance(name, bytes):
            names.add(bytes(name))
    return names


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    if "subsetting" in text or "embedding" in text:
        return "its licence does not allow embedding a subset of it in a PDF"
    return f"ReportLab cannot read it: {text}"


def bundled_faces() -> dict[str, tuple[RegisteredFace, ...]]:
    """The bundled faces by style, registered first (so their names never change)."""
    if not _BUNDLED_FACES:
        found: dict[str, list[RegisteredFace]] = {style: [] for style in STYLES}
        for prefix, _human, files in BUNDLED:
            for style, file_name in files.items():
                font_file = read_font_file(FONT_DIR / file_name)
                member = Member(font_file, font_file.faces[0])
                name = f"{prefix}-{_STYLE_SUFFIX[style]}"
                face = (register(member, name, True) if prefix == BUNDLED[0][0]
                        else _later(member, name))
                if prefix == "DejaVu":
                    cmap = face.cmap - _LEFT_TO_NOTO
                    face = replace(face, cmap=cmap, chars=frozenset(map(chr, cmap)))
                if face not in found[style]:
                    found[style].append(face)
        _BUNDLED_FACES.update({style: tuple(faces) for style, faces in found.items()})
    return _BUNDLED_FACES


def bundled_font(style: str = "regular") -> str:
    """The registered name of cardgen's own first face for `style` (Atkinson Hyperlegible),
    for text that is cardgen's, not a deck's: the calibration sheet, a canvas's first font."""
    return bundled_faces()[style][0].name


def user_name(member: Member) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", member.face.postscript or member.face.family) or "font"
    index = f"-{member.face.index}" if member.font.collection else ""
    return f"User-{stem}-{member.font.digest[:8]}{index}"


def is_bundled(font_file: FontFile) -> bool:
    """Whether `font_file` is one of cardgen's own fonts, wherever it lies: a checkout's
    fonts/ folder, an installed copy, or a copy of the repository."""
    return font_file.digest in {read_font_file(path).digest for path in FONT_DIR.glob("*.ttf")}
