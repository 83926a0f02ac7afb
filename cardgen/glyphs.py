"""The glyph check: every character cardgen prints has a glyph, or the build says which and what to do.

A character no font can draw would print as an empty box; a right-to-left one
would print scrambled. Either is refused at its place in the deck, with advice
that fits the character: a font to install for Chinese, Japanese and Korean, a
note about the mark for a letter whose accent no font has with it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from cardgen.errors import DeckError, Position

if TYPE_CHECKING:
    from cardgen.fonts import FontSet

# The blocks of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, ...):
# a fast first look before asking unicodedata about a character.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                            "\U0001e800-\U0001efff]")
# Han, kana, Hangul and their punctuation: scripts no bundled font covers.
_CJK = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff"
                  "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
CJK_HINT = ("Chinese, Japanese and Korean need a font cardgen does not bundle. Install a free "
            "TrueType one, such as WenQuanYi Zen Hei (Debian, Ubuntu: sudo apt install "
            "fonts-wqy-zenhei), and build with --font /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc "
            "(or copy that file into fonts/). Noto Sans CJK will not do: its outlines are "
            "PostScript (CFF), which cardgen cannot embed")


def require_glyphs(fonts: FontSet, text: str, where: Position | None, what: str) -> None:
    """Raise a DeckError at `where` naming the first character of `text` that cannot print.

    That is a letter no font can draw with all its marks, or one of a right-to-left
    script: cardgen sets lines left to right and does not join Arabic letters, so
    such text would print scrambled rather than whole.
    """
    for match in _RIGHT_TO_LEFT.finditer(text):
        char = match.group()
        if unicodedata.bidirectional(char) in ("R", "AL"):
            raise DeckError(where, f"{what}: {char!r} (U+{ord(char):04X}) is written right to left, "
                                   "which cardgen cannot print correctly yet",
                            "cards in Hebrew, Arabic and other right-to-left scripts are not supported; "
                            "write this card in a left-to-right script")
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
