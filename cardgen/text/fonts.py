"""Font registration and per-character fallback, so any card text finds a glyph.

ReportLab draws a string in one font and has no fallback of its own: a character
that font lacks comes out as an empty box. A FontSet therefore keeps, for each
style, a chain of faces (the user's fonts, then Atkinson Hyperlegible, then DejaVu
Sans) and splits text into runs, each drawn in the first face that covers it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from cardgen.bundled import bundled
from cardgen.errors import CardgenError
from cardgen.text.fontfamily import STYLES, Member, families, pick_faces
from cardgen.text.fontfile import FontFile, check_face, cmap_codes, not_usable, read_font_file
from cardgen.text.glyphs import CJK_HINT, require_glyphs  # the glyph check, offered here as before
from cardgen.text.scripts import STEERING
from cardgen.text.shaping import ShapingFont, advance, needs_shaping

# The bundled folder sits inside the installed package, or beside it in a checkout.
FONT_DIR = bundled("fonts")

# (registered-name prefix, human name, {style: file name})
_BUNDLED = (
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
# Free TrueType fonts for Chinese, Japanese and Korean where Debian and Ubuntu install
# them (fonts-wqy-zenhei, fonts-wqy-microhei): too large to bundle, so a deck that needs
# one finds it installed. It is tried after every other font: it never sets Latin text.
INSTALLED = (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
             Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"))
_LEFT_TO_NOTO = frozenset((*range(0x0590, 0x0900), *range(0xFB1D, 0xFE00), *range(0xFE70, 0xFEFF)))
_STYLE_SUFFIX = {
    "regular": "Regular",
    "bold": "Bold",
    "italic": "Italic",
    "bolditalic": "BoldItalic",
}

# Letters a face must have to lead a deck in that language. Without this, a
# Vietnamese sentence would mix two designs: "nào" in Atkinson, "thế" in DejaVu.
_EXEMPLARS = {
    "vi": "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
    "el": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
}

# Characters that never need a glyph of their own: line structure, not ink.
# Line breaks, tabs and the marks that steer the direction: no font draws them.
_IGNORED = frozenset("\n\t\r") | STEERING
_WORDS = re.compile(r"\s+|\S+")


@dataclass(frozen=True, eq=False)
class _Face:
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


# The per-process registry. ReportLab keeps fonts by name for the life of the
# process, so each face is checked and registered once, under a name that means
# its contents (the same bytes reached by another path are the same face), and
# the same fonts give the same FontSet, whose caches then serve every rebuild.
_FACES: dict[tuple[str, int], _Face] = {}  # (sha256 of the file, face index) -> face
_INSTALLED_FACES: dict[Path, _Face | None] = {}
_SETS: dict[tuple, FontSet] = {}
_BUNDLED_FACES: dict[str, tuple[_Face, ...]] = {}
_LOADED: set[str] = set()  # faces left for later that are registered now
_KEPT: set[bytes] = set()  # PostScript names of faces left for later, kept for them


def _register(member: Member, name: str, trusted: bool = False, again: bool = False) -> _Face:
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
    face = _FACES[member.key] = _Face(name, info.label, cmap, frozenset(map(chr, cmap)))
    return face


def _later(member: Member, name: str) -> _Face:
    """A bundled face known by its character map, registered with ReportLab when first
    used (see `_Face.ready`)."""
    face = _FACES.get(member.key)
    if face is None:
        cmap = cmap_codes(member.font, member.face.index)
        _KEPT.add(member.face.postscript.encode())
        face = _FACES[member.key] = _Face(name, member.face.label, cmap,
                                          frozenset(map(chr, cmap)),
                                          lambda: _register(member, name, True, again=True))
    return face


def _installed_face(path: Path) -> _Face | None:
    """The first face of an installed font, checked and registered the first time a
    letter no other font has is met (WenQuanYi Zen Hei takes 0.6 s); None if unusable."""
    if path not in _INSTALLED_FACES:
        try:
            font_file = read_font_file(path)
            member = Member(font_file, font_file.faces[0])
            _INSTALLED_FACES[path] = _register(member, _user_name(member))
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


def _bundled_faces() -> dict[str, tuple[_Face, ...]]:
    """The bundled faces by style, registered first (so their names never change)."""
    if not _BUNDLED_FACES:
        found: dict[str, list[_Face]] = {style: [] for style in STYLES}
        for prefix, _human, files in _BUNDLED:
            for style, file_name in files.items():
                font_file = read_font_file(FONT_DIR / file_name)
                member = Member(font_file, font_file.faces[0])
                name = f"{prefix}-{_STYLE_SUFFIX[style]}"
                face = (_later(member, name) if prefix.startswith("Noto")
                        else _register(member, name, True))
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
    return _bundled_faces()[style][0].name


def is_bundled(font_file: FontFile) -> bool:
    """Whether `font_file` is one of cardgen's own fonts, wherever it lies: a checkout's
    fonts/ folder, an installed copy, or a copy of the repository."""
    return font_file.digest in {read_font_file(path).digest for path in FONT_DIR.glob("*.ttf")}


def _user_name(member: Member) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", member.face.postscript or member.face.family) or "font"
    index = f"-{member.face.index}" if member.font.collection else ""
    return f"User-{stem}-{member.font.digest[:8]}{index}"


def _clusters(text: str) -> list[str]:
    """Split text into a base character plus its marks, so a decomposed "ế" (e + two
    accents) is never drawn with its accents in another font, or without them."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.category(char)[0] == "M":
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _nfc(text: str) -> str:
    """The text as the text engine draws it: composed, so "e" + U+0301 is one "é"."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


class FontSet:
    """The fonts cardgen may draw with, one fallback chain per style.

    Get it from load_fonts(). It does not change after that; its caches only
    remember answers (run splitting and widths are the text engine's hot path).
    `warnings` holds what the build should tell the user about its fonts, once
    (a family that lacks a style); the library never prints them itself.
    """

    def __init__(
        self,
        user: tuple[tuple[_Face, ...], ...],
        bundled: dict[str, tuple[_Face, ...]],
        tried: tuple[str, ...],
        warnings: tuple[str, ...] = (),
        letters: frozenset[int] = frozenset(),
        installed: tuple[Path, ...] = (),
    ):
        self._user, self._bundled, self.tried, self.warnings = user, bundled, tried, warnings
        self._installed = installed  # fonts tried last, read only when a letter needs one
        self._chains = {style: self._build_chain(style, letters) for style in STYLES}
        self._char_font: dict[str, dict[str, _Face | None]] = {style: {} for style in STYLES}
        self._runs: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._drawables: dict[str, frozenset[str]] = {}
        # (text, style), or (text, style, language) for shaped text -> width at 1 pt
        self._unit_widths: dict[tuple[str, ...], float] = {}
        self._by_language: dict[str, FontSet] = {}

    def for_language(self, language: str) -> FontSet:
        """This set with faces that lack `language`'s letters moved to the end of
        each chain, so a whole text in that language is set in one design.
        Coverage is unchanged; languages without a letter list get `self`."""
        base = (language or "").replace("_", "-").split("-")[0].lower()
        letters = _EXEMPLARS.get(base)
        if letters is None:
            return self
        if base not in self._by_language:
            codes = frozenset(ord(char) for char in letters + letters.upper())
            self._by_language[base] = FontSet(self._user, self._bundled, self.tried,
                                              self.warnings, codes, self._installed)
        return self._by_language[base]

    def chain(self, style: str) -> tuple[str, ...]:
        """Registered font names tried for `style`, in order."""
        return tuple(face.ready() for face in self._chain(style))

    def font_for(self, char: str, style: str) -> str | None:
        """Registered name of the first face for `style` that has `char` (a
        character, or a character with its marks, all in that one face), or None."""
        face = self._face_for(_nfc(char), style)
        return face.ready() if face else None

    def runs(self, text: str, style: str) -> tuple[tuple[str, str], ...]:
        """Split `text` into consecutive (font name, text) runs for `style`.

        The runs hold the text composed (NFC), as it is drawn. A word (a stretch
        without whitespace) goes whole to the first face that covers all of it;
        failing that, each letter with its marks goes to the first face that has
        them all. Whitespace joins the current run when that face can draw it.
        """
        key = (text, style)
        cached = self._runs.get(key)
        if cached is None:
            cached = self._runs[key] = tuple(self._split(_nfc(text), style))
        return cached

    def missing(self, text: str) -> str | None:
        """The first letter (with its marks) that no face can draw whole, as the text
        will be drawn (composed), line breaks and tabs aside; or None."""
        text = _nfc(text)
        if self._drawable("regular").issuperset(text):
            return None  # the common case, decided at C speed
        for cluster in _clusters(text):
            if cluster[0] in _IGNORED:
                continue
            if self._face_for(cluster, "regular") is None:
                return cluster
        return None

    def width(self, text: str, style: str, size: float, language: str = "und") -> float:
        """Width of `text` in points at `size` points, each run in its own font (shaped
        for a deck in `language`, where its script needs shaping)."""
        # Only shaped text depends on the language: other text shares one entry.
        key = (text, style, language) if needs_shaping(text, language) else (text, style)
        unit = self._unit_widths.get(key)
        if unit is None:
            unit = sum(advance(name, part, language) for name, part in self.runs(text, style))
            self._unit_widths[key] = unit
        return unit * size

    def _build_chain(self, style: str, letters: frozenset[int]) -> tuple[_Face, ...]:
        position = STYLES.index(style) if style in STYLES else 0
        own = list(dict.fromkeys([*(family[position] for family in self._user),
                                  *self._bundled[style]]))
        if letters:
            own.sort(key=lambda face: not letters <= face.cmap)  # stable: order kept
        # Last resort: a glyph from another style beats an empty box. With these, every
        # style's chain covers the same characters, so one glyph check serves them all.
        others = [face for index, other in enumerate(STYLES)
                  for face in (*(family[index] for family in self._user), *self._bundled[other])
                  if face not in own]
        return (*own, *dict.fromkeys(others))

    def first(self, style: str) -> _Face:
        """The face tried first for `style`: it sets most text on its own."""
        return self._chain(style)[0]

    def _chain(self, style: str) -> tuple[_Face, ...]:
        try:
            return self._chains[style]
        except KeyError:
            raise ValueError(f"unknown style {style!r}; expected one of {STYLES}") from None

    def _face_for(self, cluster: str, style: str) -> _Face | None:
        """The first face that has every code point of `cluster`, or None."""
        chain = self._chain(style)
        cache = self._char_font[style]
        if cluster in cache:
            return cache[cluster]
        found = next((face for face in chain if self._covers(face, cluster)), None)
        if found is None and not cluster.isascii():
            installed = (_installed_face(path) for path in self._installed)
            found = next((face for face in installed if face and self._covers(face, cluster)),
                         None)
        cache[cluster] = found
        return found

    def _drawable(self, style: str) -> frozenset[str]:
        """Every character some face can draw, marks left out (a mark is drawable only in
        the face of its letter), and those that need no glyph."""
        found = self._drawables.get(style)
        if found is None:
            every = frozenset().union(*(face.chars for face in self._chain(style)))
            found = self._drawables[style] = _IGNORED | frozenset(
                char for char in every if unicodedata.category(char)[0] != "M")
        return found

    def _split(self, text: str, style: str) -> list[tuple[str, str]]:
        first = self._chain(style)[0]
        if first.chars.issuperset(text):
            return [(first.ready(), text)]  # all in the first face: most text, most of the time
        runs: list[list] = []  # [face, text] pairs, joined at the end
        for word in _WORDS.findall(text):
            clusters = _clusters(word)
            # A whole word in one face: "Tiếng" half in Atkinson and half in DejaVu
            # would mix two designs inside one word.
            whole = None if word.isspace() else self._face_for_all(
                [cluster for cluster in clusters if cluster not in STEERING], style)
            for cluster in clusters:
                current = runs[-1][0] if runs else None
                if current is not None and (cluster in STEERING or (
                        cluster.isspace() and ord(cluster[0]) in current.cmap)):
                    # A space stays in its run: fewer font switches. A mark that steers
                    # the direction is taken out before drawing, whatever its run.
                    face = current
                else:
                    # A letter no face has whole was refused by missing(); if it is drawn
                    # anyway, its base letter at least is drawn in a face that has it.
                    face = (whole or self._face_for(cluster, style)
                            or self._face_for(cluster[0], style) or current or first)
                if face is current:
                    runs[-1][1] += cluster
                else:
                    runs.append([face, cluster])
        return [(face.ready(), part) for face, part in runs]

    def _face_for_all(self, clusters: list[str], style: str) -> _Face | None:
        faces = {self._face_for(cluster, style) for cluster in clusters}
        if None in faces:
            return None
        if len(faces) == 1:
            return faces.pop()
        chain = self._chain(style)
        return next((f for f in chain if all(self._covers(f, c) for c in clusters)), None)

    @staticmethod
    def _covers(face: _Face, cluster: str) -> bool:
        return all(ord(char) in face.cmap for char in cluster)


def load_fonts(extra: Sequence[Path | str] = ()) -> FontSet:
    """The fonts for a build: the user's, in the order given, then the bundled ones.

    Each entry of `extra` is a font file (.ttf, or a .ttc collection), optionally
    followed by `#NAME` to choose faces of a collection by family, full or
    PostScript name, or by number from 0 (`NotoSans.ttc#Noto Sans Mono`). Files of
    one family give one entry, each style from its own face; a family lacking a
    style borrows its nearest face, and the FontSet's `warnings` say so.

    The same fonts (the same files with the same contents) give the same FontSet
    for the life of the process, so the text engine's caches serve every rebuild.
    Raises CardgenError (a FontFileError for a file) for a font that does not
    exist or cannot be used.
    """
    bundled = _bundled_faces()
    members = []
    for raw in extra:
        path, wanted = split_spec(raw)
        font_file = read_font_file(path, _shown(path))
        members += [Member(font_file, face) for face in pick_faces(font_file, wanted)]
    found = families(members)
    warnings = tuple(family.note for family in found if family.note)
    installed = tuple(path for path in INSTALLED if path.is_file())
    key = (tuple(tuple(member.key for member in family.styles) for family in found), warnings,
           installed)
    fonts = _SETS.get(key)
    if fonts is None:
        user = tuple(tuple(_register(m, _user_name(m)) for m in family.styles) for family in found)
        tried = tuple(dict.fromkeys([*(family.name for family in found),
                                     *(human for _, human, _ in _BUNDLED)]))
        fonts = _SETS[key] = FontSet(user, bundled, tried, warnings, installed=installed)
    return fonts


def split_spec(raw: Path | str) -> tuple[Path, str | None]:
    """`FILE` or `FILE#NAME` -> (the file, the face name or None). A file whose own name
    has a `#` in it is taken whole when it exists."""
    text = str(raw)
    path = Path(text).expanduser()
    if "#" in text and not path.exists():
        head, _, wanted = text.rpartition("#")
        return Path(head).expanduser(), wanted.strip() or None
    return path, None


def _shown(path: Path) -> str:
    """The path for messages: relative to the current folder when it lies inside it."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            pass
    return str(path)

__all__ = [
    "CJK_HINT",
    "FONT_DIR",
    "STYLES",
    "FontSet",
    "bundled_font",
    "is_bundled",
    "load_fonts",
    "require_glyphs",
    "split_spec",
]
