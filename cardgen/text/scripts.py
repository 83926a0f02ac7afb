"""Writing systems: which way a text runs, which letters need shaping, which scripts break
between characters, and the marks that steer the bidirectional order (whose algorithm is
text/bidi.py).

Pure facts about characters and languages, with no fonts or drawing: the text engine
(text/words.py, text/blocks.py), the glyph check and the line-break rules ask here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Languages written right to left: Arabic, Persian (Farsi, Dari), Urdu, Pashto, Sindhi,
# Kurdish (Sorani), Uyghur, Hebrew, Yiddish, Dhivehi.
RIGHT_TO_LEFT_LANGUAGES = frozenset(
    ("ar", "arc", "fa", "prs", "ur", "ps", "sd", "ckb", "ks", "ug", "he", "iw", "yi", "dv",
     "syr"))

# Scripts whose letters change shape or order with their neighbours (Arabic joining,
# Indic conjuncts and vowel signs, Hebrew points): set by HarfBuzz, never letter by letter.
# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic; the Indic scripts from
# Devanagari to Sinhala; Tibetan; Myanmar; Khmer; Mongolian; the presentation forms;
# the right-to-left scripts of the supplementary planes.
_COMPLEX = ("\u0590-\u08ff\u0900-\u0dff\u0f00-\u0fff\u1000-\u109f\u1780-\u18af"
            "\ua8e0-\ua8ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff")
COMPLEX = re.compile(f"[{_COMPLEX}]")

# Scripts written without spaces between words, which may break between characters
# (UAX 14): Han, kana, Hangul syllables and jamo, their punctuation and full-width forms.
_UNSPACED = ("\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff"
             "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
             "\U00020000-\U0003ffff")
UNSPACED = re.compile(f"[{_UNSPACED}]")

# Right-to-left letters (bidirectional class R or AL live only in these blocks).
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefe"
                            "\U00010800-\U00010fff\U0001e800-\U0001efff]")

# Anything that needs more than the simple path: shaping, reordering or breaking
# between characters. Text without it is set as it always was, at full speed.
SPECIAL = re.compile(f"[{_COMPLEX}{_UNSPACED}\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# What setting a character costs, roughly, as so many Latin ones: measured on the bundled
# decks, the Chinese (line breaks found by UAX 14 in pure Python, a 17 MB installed font
# read and checked) and the Arabic (shaped by HarfBuzz) against the English and Spanish.
# Only a guess for starting the dearest work first: the output never depends on it.
_UNSPACED_COST, _COMPLEX_COST = 30, 7


def setting_cost(text: str) -> int:
    """How much work setting `text` is, in Latin characters' worth (see _UNSPACED_COST)."""
    return (len(text) + (_UNSPACED_COST - 1) * len(UNSPACED.findall(text))
            + (_COMPLEX_COST - 1) * len(COMPLEX.findall(text)))


# Scripts written without spaces whose words only a dictionary can find: cardgen cannot
# break their lines well, so it refuses them by name rather than print them badly.
REFUSED = {
    "Thai": re.compile("[\u0e00-\u0e7f]"),
    "Lao": re.compile("[\u0e80-\u0eff]"),
    "Khmer": re.compile("[\u1780-\u17ff\u19e0-\u19ff]"),
    "Burmese (Myanmar)": re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]"),
}
_REFUSED = re.compile("|".join(pattern.pattern for pattern in REFUSED.values()))  # any of them


# The least leading (baseline to baseline, a factor of the size) a script needs for the
# marks above one line to stay clear of the marks below the line over it: an Arabic vowel
# mark over a tall letter reaches 1.09 em in Noto Sans Arabic (a fathatan over lam-alef),
# one below a letter 0.51 em (a kasratan under lam). Hebrew, Devanagari and Bengali stay
# within 1.25 em, as Latin does.
_LEADING = ((re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]"),
             1.6),)


def least_leading(text: str) -> float:
    """The least leading `text` needs for its scripts' marks (0.0 when its scripts have
    no such need)."""
    if text.isascii():
        return 0.0
    return max((leading for pattern, leading in _LEADING if pattern.search(text)), default=0.0)


def base_language(language: str | None) -> str:
    """"ar-EG" -> "ar", "zh_Hans" -> "zh"."""
    return re.split(r"[-_]", language or "", maxsplit=1)[0].lower()


@lru_cache(maxsize=256)
def language_is_rtl(language: str | None) -> bool:
    """Whether `language` (a BCP 47 tag) is written right to left: by its language, or
    by its script subtag (pa-Arab, ku-Arab)."""
    tag = (language or "").replace("_", "-").lower()
    if "-arab" in tag or "-hebr" in tag:
        return True
    return base_language(language) in RIGHT_TO_LEFT_LANGUAGES


# Languages whose letters fonts draw in forms of their own (OpenType "locl") where the
# script's other languages take the common ones: Serbian and Macedonian italic б, г, д,
# п, т (DejaVu Sans Oblique has them), Bulgarian's Cyrillic in fonts that have them. Their
# text is shaped by HarfBuzz, told the language, like a complex script's.
_LOCAL_FORMS = frozenset(("sr", "mk", "bg"))


@lru_cache(maxsize=256)
def has_local_forms(language: str | None) -> bool:
    """Whether text of `language` (a BCP 47 tag) is shaped for letter forms of its own."""
    return base_language(language) in _LOCAL_FORMS


def has_rtl(text: str) -> bool:
    """Whether `text` has a right-to-left letter (or mark) in it."""
    return _RIGHT_TO_LEFT.search(text) is not None


def paragraph_rtl(text: str, language: str | None) -> bool:
    """Which way a paragraph of a `language` deck runs: the language's way when the
    paragraph has a letter written that way, else the way of its first letter, else
    the language's (a number alone on an Arabic card is set right to left).

    So an English name in an Arabic sentence keeps the sentence right to left, and an
    English card in an Arabic deck is left to right.
    """
    rtl = language_is_rtl(language)
    first = None
    has_own = False
    depth = 0  # inside an isolate: its letters do not decide (UAX 9, P2)
    for char in text:
        if char in ISOLATES or (char == PDI and depth):
            depth += 1 if char in ISOLATES else -1
            continue
        if depth:
            continue
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            first = True if first is None else first
            has_own = has_own or rtl
        elif kind == "L":
            first = False if first is None else first
            has_own = has_own or not rtl
        if has_own:
            return rtl
    return rtl if first is None else first


def refused_script(text: str) -> str | None:
    """The name of a script in `text` that cardgen refuses to set, or None."""
    if text.isascii() or not _REFUSED.search(text):
        return None
    return next(name for name, pattern in REFUSED.items() if pattern.search(text))


# --- the marks that steer the bidirectional order (the algorithm is text/bidi.py) -------


ISOLATES = {"\u2066": False, "\u2067": True, "\u2068": None}  # LRI, RLI, FSI: right to left?
PDI = "\u2069"
# The marks that steer the order and print nothing: LRM, RLM, ALM, the embeddings and
# overrides (LRE, RLE, PDF, LRO, RLO) and the isolates (LRI, RLI, FSI, PDI). No font is
# asked for them; the text engine takes them out once a line's levels are known.
STEERING = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                     "\u2066\u2067\u2068\u2069")
_UNSTEERED = dict.fromkeys(map(ord, STEERING))


def unsteered(text: str) -> str:
    """`text` as it prints: without the marks that steer its order (STEERING)."""
    return text if text.isascii() else text.translate(_UNSTEERED)
