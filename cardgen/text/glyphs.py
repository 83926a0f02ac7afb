"""The glyph check: every character printed has a glyph, or the build says which and what to do.

A character no font can draw would print as an empty box; a script whose lines
cardgen cannot break (Thai and its neighbours, which need a dictionary to find
their words) would print badly. Either is refused at its place in the deck, with
advice that fits: a font to install for Chinese, Japanese and Korean, a note about
the mark for a letter whose accent no font has with it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cardgen.errors import CardgenError, DeckError, Position
from cardgen.text.scripts import base_language, refused_script

if TYPE_CHECKING:
    from cardgen.text.fonts import FontSet

# Han, kana, Hangul and their punctuation: scripts no bundled font covers.
_CJK = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff"
                  "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
CJK_HINT = ("Chinese, Japanese and Korean need a font cardgen does not bundle. Install "
            "WenQuanYi Zen Hei, which cardgen then finds by itself (Debian, Ubuntu: sudo apt "
            "install fonts-wqy-zenhei), or build the deck with --font FILE naming another "
            "TrueType font that has its characters. Noto Sans CJK will not do: its outlines are "
            "PostScript (CFF), which cardgen cannot embed")


# Languages no bundled font can print, with everyday characters a font for them has.
_NEEDS_FONT = {
    "zh": ("Chinese", "的一是不了人我在有他这中大来上个们到说和你"),
    "ja": ("Japanese", "あいうえおのはをにがアイウ日本語"),
    "ko": ("Korean", "가나다라한국어의는을"),
}


class FontNeeded(CardgenError):
    """A deck in a language that needs a font cardgen does not bundle, built without one.

    `cardgen build` with no deck named skips such a deck with this message as a note,
    so a checkout builds where no such font is installed; a deck named on the command
    line fails with it."""


def require_language_font(fonts: FontSet, language: str, shown: str) -> None:
    """Raise FontNeeded when `language` (a deck's) is one no bundled font covers and no
    font given covers it either; `shown` names the deck."""
    found = _NEEDS_FONT.get(base_language(language))
    if found is not None and fonts.missing(found[1]) is not None:
        raise FontNeeded(f"{shown}: this deck is in {found[0]}, and no font given can print "
                         f"it\n  hint: {CJK_HINT}")


def require_glyphs(fonts: FontSet, text: str, where: Position | None, what: str) -> None:
    """Raise a DeckError at `where` naming the first character of `text` that cannot print.

    That is a letter no font can draw with all its marks, or one of a script written
    without spaces whose words only a dictionary finds (Thai, Lao, Khmer, Burmese):
    cardgen could not tell where its lines may break.
    """
    script = refused_script(text)
    if script is not None:
        raise DeckError(where, f"{what}: it is written in {script}, whose lines cardgen cannot "
                               "break yet (its words are not separated by spaces, and only a "
                               "dictionary can find them)",
                        f"write this card in another script; {script} is not supported yet")
    missing = fonts.missing(text)
    if missing is None:
        return
    codes = " ".join(f"U+{ord(c):04X}" for c in missing)
    hint = "remove the character, or add a font that has it with --font FILE.ttf"
    if _CJK.match(missing):
        hint = CJK_HINT
    elif len(missing) > 1 and fonts.missing(missing[0]) is None:
        hint = (f"no font has {missing[0]!r} together with its mark{'s' * (len(missing) > 2)} "
                f"({' '.join(f'U+{ord(c):04X}' for c in missing[1:])}); write it without the "
                "mark, or add a font that has both with --font FILE.ttf")
    raise DeckError(where, f"{what}: no font can draw {missing!r} ({codes}); "
                           f"tried {', '.join(fonts.tried)}", hint)
