"""Font registration and per-character fallback, so any card text finds a glyph.

ReportLab draws a string in one font and has no fallback of its own: a character
that font lacks comes out as an empty box. A FontSet therefore keeps, for each
style, a chain of faces (the user's fonts, then Atkinson Hyperlegible, then DejaVu
Sans) and splits text into runs, each drawn in the first face that covers it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from cardgen.errors import CardgenError, DeckError, Position
from cardgen.project import bundled

STYLES = ("regular", "bold", "italic", "bolditalic")

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
)
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
_IGNORED = frozenset("\n\t\r")
_WORDS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class _Face:
    """One registered font file and the code points its cmap maps to a real glyph."""

    name: str
    path: Path
    cmap: frozenset[int]
    chars: frozenset[str] = frozenset()  # the same as characters, for fast set tests on text


# Process-wide registry: ReportLab keeps fonts by name for the life of the process,
# so each file is parsed and registered once, and a name always means one file.
_FACES_BY_PATH: dict[Path, _Face] = {}
_PATH_BY_NAME: dict[str, Path] = {}


def _register(path: Path, name: str) -> _Face:
    """Register `path` under `name` (or reuse its earlier registration)."""
    given, path = path, path.resolve()
    face = _FACES_BY_PATH.get(path)
    if face is not None:
        return face
    if _PATH_BY_NAME.get(name, path) != path:
        # Two user fonts with the same file name in different folders: keep both
        # apart with a suffix that depends only on the path, so names stay stable.
        name = f"{name}-{hashlib.sha1(str(path).encode()).hexdigest()[:8]}"
    try:
        font = TTFont(name, str(path))
    except (TTFError, OSError, ValueError, KeyError, IndexError) as error:
        raise CardgenError(
            f"{given} is not a TrueType (.ttf) font cardgen can embed ({error})"
        ) from error
    pdfmetrics.registerFont(font)
    cmap = frozenset(code for code, glyph in font.face.charToGlyph.items() if glyph)
    face = _FACES_BY_PATH[path] = _Face(name, path, cmap, frozenset(map(chr, cmap)))
    _PATH_BY_NAME[name] = path
    return face


def _user_name(index: int, path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", path.stem) or "font"
    return f"User{index}-{stem}"


def _clusters(text: str) -> list[str]:
    """Split text into a base character plus its combining marks, so a decomposed
    "ế" (e + two accents) is never drawn with its accents in another font."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


class FontSet:
    """The fonts cardgen may draw with, one fallback chain per style.

    Build it with load_fonts(). It does not change after that; its caches only
    remember answers (run splitting and widths are the text engine's hot path).
    """

    def __init__(
        self,
        user: tuple[_Face, ...],
        bundled: dict[str, tuple[_Face, ...]],
        tried: tuple[str, ...],
        letters: frozenset[int] = frozenset(),
    ):
        self._user, self._bundled, self.tried = user, bundled, tried
        self._chains = {style: self._build_chain(style, letters) for style in STYLES}
        self._char_font: dict[str, dict[str, _Face | None]] = {style: {} for style in STYLES}
        self._runs: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._drawables: dict[str, frozenset[str]] = {}
        self._unit_widths: dict[tuple[str, str], float] = {}
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
            self._by_language[base] = FontSet(self._user, self._bundled, self.tried, codes)
        return self._by_language[base]

    def chain(self, style: str) -> tuple[str, ...]:
        """Registered font names tried for `style`, in order."""
        return tuple(face.name for face in self._chain(style))

    def font_for(self, char: str, style: str) -> str | None:
        """Registered name of the first face for `style` that has `char` (a
        character or a character with its combining marks), or None."""
        face = self._face_for(char, style)
        return face.name if face else None

    def runs(self, text: str, style: str) -> tuple[tuple[str, str], ...]:
        """Split `text` into consecutive (font name, text) runs for `style`.

        A word (a stretch without whitespace) goes whole to the first face that
        covers all of it; failing that, each character goes to the first face that
        has it. Whitespace joins the current run when that face can draw it.
        """
        key = (text, style)
        cached = self._runs.get(key)
        if cached is None:
            cached = self._runs[key] = tuple(self._split(text, style))
        return cached

    def missing(self, text: str) -> str | None:
        """The first character no face can draw (line breaks and tabs aside), or None."""
        if self._drawable("regular").issuperset(text):
            return None  # the common case, decided at C speed
        for cluster in _clusters(text):
            if cluster[0] in _IGNORED:
                continue
            if self._face_for(cluster, "regular") is None:
                return cluster
        return None

    def width(self, text: str, style: str, size: float) -> float:
        """Width of `text` in points at `size` points, each run in its own font."""
        key = (text, style)
        unit = self._unit_widths.get(key)
        if unit is None:
            unit = sum(
                pdfmetrics.stringWidth(part, name, 1.0) for name, part in self.runs(text, style)
            )
            self._unit_widths[key] = unit
        return unit * size

    def _build_chain(self, style: str, letters: frozenset[int]) -> tuple[_Face, ...]:
        own = [*self._user, *self._bundled[style]]
        if letters:
            own.sort(key=lambda face: not letters <= face.cmap)  # stable: order kept
        # Last resort: a glyph from another style beats an empty box.
        others = [face for other in STYLES for face in self._bundled[other] if face not in own]
        return (*own, *others)

    def first(self, style: str) -> _Face:
        """The face tried first for `style`: it sets most text on its own."""
        return self._chain(style)[0]

    def _chain(self, style: str) -> tuple[_Face, ...]:
        try:
            return self._chains[style]
        except KeyError:
            raise ValueError(f"unknown style {style!r}; expected one of {STYLES}") from None

    def _face_for(self, cluster: str, style: str) -> _Face | None:
        chain = self._chain(style)
        cache = self._char_font[style]
        if cluster in cache:
            return cache[cluster]
        codes = [ord(char) for char in cluster]
        found = next(
            (face for face in chain if all(code in face.cmap for code in codes)),
            None,
        )
        if found is None and len(cluster) > 1:
            # No face has the base and all its marks: at least draw the base letter.
            found = self._face_for(cluster[0], style)
        cache[cluster] = found
        return found

    def _drawable(self, style: str) -> frozenset[str]:
        """Every character some face of the chain can draw, and those that need none."""
        found = self._drawables.get(style)
        if found is None:
            found = self._drawables[style] = frozenset().union(
                _IGNORED, *(face.chars for face in self._chain(style)))
        return found

    def _split(self, text: str, style: str) -> list[tuple[str, str]]:
        first = self._chain(style)[0]
        if first.chars.issuperset(text):
            return [(first.name, text)]  # all in the first face: most text, most of the time
        runs: list[list] = []  # [face, text] pairs, joined at the end
        for word in _WORDS.findall(text):
            clusters = _clusters(word)
            # A whole word in one face: "Tiếng" half in Atkinson and half in DejaVu
            # would mix two designs inside one word.
            whole = None if word.isspace() else self._face_for_all(clusters, style)
            for cluster in clusters:
                current = runs[-1][0] if runs else None
                if cluster.isspace() and current is not None and ord(cluster[0]) in current.cmap:
                    face = current  # a space stays in its run: fewer font switches
                else:
                    face = whole or self._face_for(cluster, style) or current or first
                if face is current:
                    runs[-1][1] += cluster
                else:
                    runs.append([face, cluster])
        return [(face.name, part) for face, part in runs]

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


def load_fonts(extra: Sequence[Path] = ()) -> FontSet:
    """Register the user's fonts (each serves all four styles) and the bundled ones.

    Raises CardgenError for a user font that does not exist or cannot be embedded.
    """
    user: list[_Face] = []
    tried: list[str] = []
    for index, raw in enumerate(extra, start=1):
        path = Path(raw).expanduser()
        if not path.is_file():
            raise CardgenError(f"font not found: {path}")
        user.append(_register(path, _user_name(index, path)))
        tried.append(path.name)
    bundled: dict[str, list[_Face]] = {style: [] for style in STYLES}
    for prefix, human, files in _BUNDLED:
        for style, file_name in files.items():
            face = _register(FONT_DIR / file_name, f"{prefix}-{_STYLE_SUFFIX[style]}")
            bundled[style].append(face)
        tried.append(human)
    frozen = {style: tuple(faces) for style, faces in bundled.items()}
    return FontSet(tuple(user), frozen, tuple(dict.fromkeys(tried)))


# The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, ...):
# a fast first look before asking unicodedata about a character.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                            "\U0001e800-\U0001efff]")


def require_glyphs(fonts: FontSet, text: str, where: Position | None, what: str) -> None:
    """Raise a DeckError at `where` naming the first character of `text` that cannot print.

    That is a character no font can draw, or one of a right-to-left script:
    cardgen sets lines left to right and does not join Arabic letters, so such
    text would print scrambled rather than whole.
    """
    for match in _RIGHT_TO_LEFT.finditer(text):
        char = match.group()
        if unicodedata.bidirectional(char) in ("R", "AL"):
            raise DeckError(where, f"{what}: {char!r} (U+{ord(char):04X}) is written right to left, "
                                   "which cardgen cannot print correctly yet",
                            "cards in Hebrew, Arabic and other right-to-left scripts are not supported; "
                            "write this card in a left-to-right script")
    missing = fonts.missing(text)
    if missing is not None:
        codes = " ".join(f"U+{ord(c):04X}" for c in missing)
        raise DeckError(where, f"{what}: no font can draw {missing!r} ({codes}); tried {', '.join(fonts.tried)}",
                        "remove the character, or add a font that has it with --font FILE.ttf")
