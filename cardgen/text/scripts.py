"""Writing systems: which way a text runs, which letters need shaping, which scripts break
between characters, and the bidirectional levels of a line.

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
        if char in _ISOLATES or (char == _PDI and depth):
            depth += 1 if char in _ISOLATES else -1
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


# --- the bidirectional algorithm (UAX 9) ---------------------------------------------


_X9_REMOVED = frozenset(("RLE", "LRE", "RLO", "LRO", "PDF", "BN"))
_ISOLATES = {"\u2066": False, "\u2067": True, "\u2068": None}  # LRI, RLI, FSI: right to left?
_PDI = "\u2069"
# python-bidi's own implementation knows no isolates: what is left of one outside its
# pair (a line may end inside it) is a neutral, as UAX 9 has it (U+FFFC is one).
_AS_NEUTRAL = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"), "\ufffc")
# The marks that steer the order and print nothing: LRM, RLM, ALM, the embeddings and
# overrides (LRE, RLE, PDF, LRO, RLO) and the isolates (LRI, RLI, FSI, PDI). No font is
# asked for them; the text engine takes them out once a line's levels are known.
STEERING = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                     "\u2066\u2067\u2068\u2069")
_UNSTEERED = dict.fromkeys(map(ord, STEERING))


def unsteered(text: str) -> str:
    """`text` as it prints: without the marks that steer its order (STEERING)."""
    return text if text.isascii() else text.translate(_UNSTEERED)


@lru_cache(maxsize=8192)
def levels(text: str, rtl: bool) -> tuple[int, ...]:
    """The embedding level of each character of one line of `text` in a paragraph
    running right to left (`rtl`) or left to right: even levels run left to right, odd
    ones right to left. Whitespace at the line's end takes the paragraph's level (L1).

    python-bidi's own implementation of the algorithm gives the levels (its faster Rust
    one returns only the reordered string, and cardgen reorders runs of glyphs); the
    isolates it does not know are resolved here, each on its own.
    """
    base = 1 if rtl else 0
    if not has_rtl(text) and not rtl:
        return (0,) * len(text)
    found = _isolated(text, base)
    # L1: whitespace (and isolate or embedding marks) at the end of the line.
    end = len(text)
    while end > 0 and (text[end - 1].isspace() or unicodedata.bidirectional(text[end - 1])
                       in ("WS", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI",
                           "PDI")):
        end -= 1
        found[end] = base
    return tuple(found)


def _isolated(text: str, base: int) -> list[int]:
    """The levels of `text` at paragraph level `base`, each isolate (LRI, RLI or FSI up to
    its PDI) resolved as a paragraph of its own one level up, and seen from outside as
    one neutral character, as UAX 9 has it."""
    spans = _isolates(text)
    if not spans:
        return _resolved(text, base)[0]
    outer: list[str] = []
    origins: list[int | tuple[int, int]] = []  # each outer character's place in `text`
    at = 0
    for start, end in spans:
        outer += text[at:start]
        origins += range(at, start)
        outer.append("\ufffc")
        origins.append((start, end))
        at = end + 1
    outer += text[at:]
    origins += range(at, len(text))
    final, embedded = _resolved("".join(outer), base)
    found = [base] * len(text)
    for index, origin in enumerate(origins):
        if isinstance(origin, int):
            found[origin] = final[index]
            continue
        start, end = origin
        found[start] = final[index]
        if end < len(text):
            found[end] = final[index]
        inside = text[start + 1:end]
        rtl = _ISOLATES[text[start]]
        if rtl is None:  # FSI: the way of its first strong letter
            rtl = _first_strong(inside) == "R"
        level = embedded[index]
        found[start + 1:end] = _isolated(inside, (level + 1) | 1 if rtl else (level + 2) & ~1)
    return found


def _isolates(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost isolate: its opening mark at `start`, its PDI at
    `end` (the text's length when the text ends first)."""
    spans, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in _ISOLATES:
            start = index if depth == 0 else start
            depth += 1
        elif char == _PDI and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index))
    if depth:
        spans.append((start, len(text)))
    return spans


def _first_strong(text: str) -> str | None:
    """"L" or "R", the way of the first strong letter outside isolates (P2), or None."""
    depth = 0
    for char in text:
        if char in _ISOLATES:
            depth += 1
        elif char == _PDI and depth:
            depth -= 1
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind in ("L", "R", "AL"):
                return "L" if kind == "L" else "R"
    return None


def _resolved(text: str, base: int) -> tuple[list[int], list[int]]:
    """python-bidi's levels of `text` (which has no isolates) at paragraph level `base`,
    and each character's embedding level before the implicit rules (I1, I2)."""
    from bidi import algorithm  # lazy: 10 ms to load, only for right-to-left text

    storage = algorithm.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if base % 2 else "L"
    algorithm.get_embedding_levels(text.translate(_AS_NEUTRAL), storage)
    algorithm.explicit_embed_and_overrides(storage)
    embedded = [char["level"] for char in storage["chars"]]
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    kept = iter(zip((char["level"] for char in storage["chars"]), embedded))
    # X9 took out the embedding and override marks and other format characters (a
    # zero-width joiner, a word joiner): each takes the levels of the character before it.
    final, embeddings, level = [], [], (base, base)
    for char in text:
        if unicodedata.bidirectional(char) not in _X9_REMOVED:
            level = next(kept)
        final.append(level[0])
        embeddings.append(level[1])
    return final, embeddings


def visual_order(levels_of_runs: list[int]) -> list[int]:
    """Indexes of runs (each at one level) in the order they are seen from left to
    right (L2): from the highest level down to the lowest odd one, every stretch of
    runs at that level or higher is reversed."""
    order = list(range(len(levels_of_runs)))
    if not levels_of_runs:
        return order
    highest = max(levels_of_runs)
    lowest_odd = min(level for level in levels_of_runs) | 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels_of_runs[order[index]] >= level:
                end = index
                while end < len(order) and levels_of_runs[order[end]] >= level:
                    end += 1
                order[index:end] = order[index:end][::-1]
                index = end
            else:
                index += 1
    return order
