"""Where a word may break when it is wider than a line: the hyphenation dictionaries
pyphen brings, by language, and the hyphens a word already has.

Part of the text engine (text/words.py measures the pieces of a broken word; a
helpline's number asks for no hyphenation at all, see `unhyphenated`).
"""

from __future__ import annotations

from functools import cache, lru_cache

import pyphen

# A long word may also break after a hyphen it already has, without adding one.
HYPHENS = ("-", "\u2010", "\u2013", "\u2014", "/")


@lru_cache(maxsize=4096)
def break_points(text: str, language: str) -> tuple[int, ...]:
    """Indexes where `text` may break: dictionary hyphenation points of its letters
    and the places after hyphens it already has. Never anywhere else."""
    points = {i + 1 for i, char in enumerate(text[:-1]) if char in HYPHENS and i > 0}
    dictionary = _dictionary(language)
    if dictionary is not None:
        # Hyphenate each run of letters, so quotes and punctuation don't confuse it.
        start = 0
        while start < len(text):
            if not text[start].isalpha():
                start += 1
                continue
            end = start
            while end < len(text) and text[end].isalpha():
                end += 1
            # Points with data change the spelling (old German "ck" -> "k-k"); skip them.
            positions = dictionary.positions(text[start:end])
            points.update(start + p for p in positions if getattr(p, "data", None) is None)
            start = end
    return tuple(sorted(points))


_UNHYPHENATED = "-x-nohyphen"  # a private-use subtag (BCP 47) only _dictionary reads


def unhyphenated(language: str) -> str:
    """`language` with hyphenation off: its words are still shaped (HarfBuzz reads only
    the language), run and kept together the way the language has them, never broken."""
    return language if language.endswith(_UNHYPHENATED) else f"{language}{_UNHYPHENATED}"


@cache
def _dictionary(language: str) -> pyphen.Pyphen | None:
    """Pyphen for `language`, its base language ("es-MX" -> "es"), or None."""
    if not language or language.endswith(_UNHYPHENATED):
        return None
    found = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=found) if found else None
