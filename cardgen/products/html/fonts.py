"""The page's fonts: the build's font chain, cut down to the deck's characters, as WOFF2.

A browser falls back from one font to the next per character, as cardgen does
for print; so each font of a style's chain keeps only the characters that no
earlier font of that chain has. Atkinson Hyperlegible then carries the text and
DejaVu Sans only what Atkinson lacks (or, for Vietnamese, Greek and Cyrillic
decks, all of it, as in print). A font with nothing left to give is left out.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cardgen.text.fontfamily import STYLES, Member
from cardgen.text.fonts import FontSet
from cardgen.text.registry import FONT_DIR, cutting_failed, open_face, web_font

# CSS weight and style of each of cardgen's styles.
_CSS_STYLE = {
    "regular": ("400", "normal"),
    "bold": ("700", "normal"),
    "italic": ("400", "italic"),
    "bolditalic": ("700", "italic"),
}


@dataclass(frozen=True)
class WebFont:
    """One @font-face: a family name, its weight and style, and the WOFF2 file."""

    family: str
    weight: str
    style: str
    woff2: bytes

    def css(self) -> str:
        data = base64.b64encode(self.woff2).decode("ascii")
        return (
            f'@font-face{{font-family:"{self.family}";font-weight:{self.weight};'
            f"font-style:{self.style};font-display:swap;"
            f'src:url(data:font/woff2;base64,{data}) format("woff2")}}'
        )


def web_fonts(fonts: FontSet, language: str, text: str) -> tuple[list[WebFont], list[str]]:
    """The subset fonts the page needs to show `text`, and the CSS font-family list in order.

    Families are named "cardgen-1", "cardgen-2", ... in the order of the deck
    language's regular chain (the user's fonts, then the bundled ones).
    """
    chains = fonts.for_language(language)
    wanted = frozenset(text)
    families: dict[str, str] = {}  # a file's family (stem without style) -> CSS family name
    found: list[WebFont] = []
    for style in STYLES:
        covered: set[str] = set()
        for member in _own_faces(chains, style):
            path = member.font.path
            family = families.setdefault(_family_key(path), f"cardgen-{len(families) + 1}")
            cmap = _cmap(member)
            chars = {char for char in wanted - covered if ord(char) in cmap}
            covered |= chars
            if not chars or (style != "regular" and _is_user_font(path)):
                continue
            weight, css_style = _CSS_STYLE[style]
            found.append(WebFont(family, weight, css_style, _cut(member, "".join(sorted(chars)))))
    used = {font.family for font in found}
    order = [name for name in dict.fromkeys(families.values()) if name in used]
    return found, order


def _own_faces(fonts: FontSet, style: str) -> list[Member]:
    """The faces of `style`'s chain, each with its file: the user's, then the bundled ones
    of that style.

    The chain goes on with the bundled faces of other styles, as a last resort
    for print; a browser makes those itself from the faces declared here.
    """
    members = []
    for face in fonts.faces(style):
        member = face.source
        assert member is not None, "every registered face knows its file"
        if _is_user_font(member.font.path) or _bundled_style(member.font.path) == style:
            members.append(member)
        else:
            break
    return members


def _is_user_font(path: Path) -> bool:
    """A user's font serves all four styles: the browser slants and thickens it itself."""
    return path.resolve().parent != FONT_DIR.resolve()


def _bundled_style(path: Path) -> str:
    stem = path.stem.lower()
    if stem.endswith(("bolditalic", "boldoblique")):
        return "bolditalic"
    if stem.endswith("-bold"):
        return "bold"
    if stem.endswith(("-italic", "-oblique")):
        return "italic"
    return "regular"


def _family_key(path: Path) -> str:
    stem = path.stem
    for cut in ("-BoldOblique", "-BoldItalic", "-Bold", "-Oblique", "-Italic", "-Regular"):
        if stem.endswith(cut):
            return str(path.parent / stem[: -len(cut)])
    return str(path.parent / stem)


@lru_cache(maxsize=32)
def _cmap(member: Member) -> frozenset[int]:
    return frozenset(open_face(member).getBestCmap())


def _cut(member: Member, chars: str) -> bytes:
    """`member`'s face cut down to `chars`. A user's face was tried on the characters every
    page carries when it was checked; one that fails on this deck's others is refused
    here with the message that check gives (cardgen's own faces are whole: a failure
    there is a bug)."""
    try:
        return _subset(member, chars)
    except Exception:  # any failure of fontTools, on a user's file or a bug
        if not _is_user_font(member.font.path):
            raise
        raise cutting_failed(member, chars) from None


@lru_cache(maxsize=64)  # a rebuild under --watch mostly asks again for the same cut
def _subset(member: Member, chars: str) -> bytes:
    """`member`'s face cut down to `chars` as WOFF2, from the bytes that were checked."""
    return web_font(open_face(member), chars)
