"""A build's fonts and their per-character fallback, so any card text finds a glyph.

ReportLab draws a string in one font and has no fallback of its own: a character
that font lacks comes out as an empty box. A FontSet therefore keeps, for each
style, a chain of faces (the user's fonts, then Atkinson Hyperlegible, then DejaVu
Sans) and splits text into runs, each drawn in the first face that covers it. In a
bold style's chain a face lighter than bold (a family's only face, an installed
Chinese font) stands in `emboldened` (text.registry), and its runs are drawn so.
load_fonts() makes one from the font files a build names; the faces themselves are
registered with ReportLab by text.registry.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from cardgen.text.fontfamily import BOLD, STYLES, Member, families, pick_faces
from cardgen.text.fontfile import read_font_file
from cardgen.text.registry import (
    BUNDLED,
    RegisteredFace,
    bundled_faces,
    emboldened,
    installed_face,
    register,
    user_name,
)
from cardgen.text.scripts import STEERING
from cardgen.text.shaping import advance, needs_shaping


def _installed(home: Path, environ: Mapping[str, str]) -> tuple[Path, ...]:
    """Where WenQuanYi Zen Hei and Micro Hei are installed: by Debian and Ubuntu
    (fonts-wqy-zenhei), Fedora (wqy-zenhei-fonts) and Arch (wqy-zenhei), and on macOS and
    Windows where installing the font file puts it, for the user or for everyone. Only
    these files: the CJK fonts that come with macOS and Windows have PostScript outlines
    or may forbid embedding, and cardgen has never been seen to print with them."""
    user_folders = [home / "Library" / "Fonts", Path("/Library/Fonts"),
                    Path(environ.get("WINDIR", "C:\\Windows")) / "Fonts"]
    if environ.get("LOCALAPPDATA"):
        user_folders.append(Path(environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"),
            Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
            Path("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc"),
            Path("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc"),
            *(folder / name for folder in user_folders
              for name in ("wqy-zenhei.ttc", "wqy-microhei.ttc")))


# Free TrueType fonts for Chinese, Japanese and Korean, too large to bundle, so a deck that
# needs one finds it installed. It is tried after every other font: it never sets Latin text.
INSTALLED = _installed(Path("~").expanduser(), os.environ)

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
# The same fonts (the same files, the same contents) give the same FontSet for the life
# of the process, so its caches serve every rebuild (the faces: text.registry).
_SETS: dict[tuple, FontSet] = {}


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
        user: tuple[tuple[RegisteredFace, ...], ...],
        bundled: dict[str, tuple[RegisteredFace, ...]],
        tried: tuple[str, ...],
        warnings: tuple[str, ...] = (),
        letters: frozenset[int] = frozenset(),
        installed: tuple[Path, ...] = (),
    ):
        self._user, self._bundled, self.tried, self.warnings = user, bundled, tried, warnings
        self._installed = installed  # fonts tried last, read only when a letter needs one
        self._chains = {style: self._build_chain(style, letters) for style in STYLES}
        self._char_font: dict[str, dict[str, RegisteredFace | None]] = {
            style: {} for style in STYLES}
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

    def faces(self, style: str) -> tuple[RegisteredFace, ...]:
        """The faces tried for `style`, in order, as `chain` names them, for what reads their
        files (the screen edition): those left for later are not registered for it."""
        return self._chain(style)

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

    def _build_chain(self, style: str, letters: frozenset[int]) -> tuple[RegisteredFace, ...]:
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
        return tuple(_styled(face, style) for face in (*own, *dict.fromkeys(others)))

    def first(self, style: str) -> RegisteredFace:
        """The face tried first for `style`: it sets most text on its own."""
        return self._chain(style)[0]

    def _chain(self, style: str) -> tuple[RegisteredFace, ...]:
        try:
            return self._chains[style]
        except KeyError:
            raise ValueError(f"unknown style {style!r}; expected one of {STYLES}") from None

    def _face_for(self, cluster: str, style: str) -> RegisteredFace | None:
        """The first face that has every code point of `cluster`, or None."""
        chain = self._chain(style)
        cache = self._char_font[style]
        if cluster in cache:
            return cache[cluster]
        found = next((face for face in chain if self._covers(face, cluster)), None)
        if found is None and not cluster.isascii():
            installed = (installed_face(path) for path in self._installed)
            found = next((_styled(face, style) for face in installed
                          if face and self._covers(face, cluster)), None)
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

    def _face_for_all(self, clusters: list[str], style: str) -> RegisteredFace | None:
        faces = {self._face_for(cluster, style) for cluster in clusters}
        if None in faces:
            return None
        if len(faces) == 1:
            return faces.pop()
        chain = self._chain(style)
        return next((f for f in chain if all(self._covers(f, c) for c in clusters)), None)

    @staticmethod
    def _covers(face: RegisteredFace, cluster: str) -> bool:
        return all(ord(char) in face.cmap for char in cluster)


def _styled(face: RegisteredFace, style: str) -> RegisteredFace:
    """`face` as it sets `style`: emboldened for a bold style when it is lighter than bold."""
    return emboldened(face) if style in BOLD and not face.bold else face


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
    bundled = bundled_faces()
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
        user = tuple(tuple(register(m, user_name(m)) for m in family.styles) for family in found)
        tried = tuple(dict.fromkeys([*(family.name for family in found),
                                     *(human for _, human, _ in BUNDLED)]))
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


__all__ = ["FontSet", "load_fonts", "split_spec"]
