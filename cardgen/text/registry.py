"""Faces registered with ReportLab, each once a process: cardgen's own, the user's, installed ones.

ReportLab keeps fonts by name for the life of the process, so each face is checked
and registered once, under a name that means its contents (the same bytes reached
by another path are the same face). A bundled face for one script is registered only
when some text is first set in it, an installed font only when a letter no other font
has is met. text.fonts builds each style's fallback chain from these faces.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from cardgen.bundled import bundled
from cardgen.errors import CardgenError
from cardgen.text.fontfamily import STYLES, Member
from cardgen.text.fontfile import FontFile, check_face, cmap_codes, not_usable, read_font_file
from cardgen.text.shaping import ShapingFont

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
_STYLE_SUFFIX = {
    "regular": "Regular",
    "bold": "Bold",
    "italic": "Italic",
    "bolditalic": "BoldItalic",
}


@dataclass(frozen=True, eq=False)
class RegisteredFace:
    """One face registered with ReportLab, and the code points its cmap maps to a real glyph.

    A bundled face for one script (Noto Sans Arabic, ...) is registered only when some
    text is first set in it (`ready`): a deck in Latin letters never pays for reading it.
    """

    name: str  # its registered name
    label: str  # how messages name it: "Atkinson Hyperlegible Bold"
    cmap: frozenset[int]
    chars: frozenset[str] = frozenset()  # the same as characters, for fast set tests on text
    load: Callable[[], object] | None = None  # registers it, for a face left for later

    def ready(self) -> str:
        """Its registered name, with the face registered with ReportLab."""
        if self.load is not None and self.name not in _LOADED:
            self.load()
            _LOADED.add(self.name)
        return self.name


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
                                               frozenset(map(chr, cmap)))
    return face


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
                                                                    again=True))
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
                face = (_later(member, name) if prefix.startswith("Noto")
                        else register(member, name, True))
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
