"""The screen edition's own words (buttons, headings, what is announced), in the deck's language.

The words are the `screen:` part of cardgen's table for the deck's language
(`cardgen.deck.language`), or the deck's own where its `labels:` set them; the kinds'
names are the deck's labels too. `{n}` and `{total}` are filled in by the page's script.
A language without a table gets English, as its labels do.
"""

from __future__ import annotations

from collections.abc import Mapping

from cardgen.deck.language import SECTIONS, has_table, table

# Languages written right to left (ISO 639 codes), for the page's `dir`.
_RIGHT_TO_LEFT = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)


def _base(language: str) -> str:
    return (language or "en").replace("_", "-").split("-")[0].lower()


def screen_words(language: str, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """The page's words for a language tag, falling back from pt-BR to pt, then to English;
    from `labels` (a deck's: its language's words and its own) when given."""
    words = table(language) if labels is None else labels
    return {key: words[key] for key in SECTIONS["screen"]}


def words_language(language: str) -> str | None:
    """The language of the page's own words when it is not the deck's ("en" for a deck
    in Swahili, say), so they can be marked for screen readers; None when they match."""
    return None if has_table(language) else "en"


def direction(language: str) -> str:
    """ "rtl" for a language written right to left (ar, he, fa, ur, ...), otherwise "ltr"."""
    tag = (language or "").replace("_", "-").lower()
    if "-arab" in tag or "-hebr" in tag:  # a script subtag: ku-Arab, pa-Arab
        return "rtl"
    return "rtl" if _base(language) in _RIGHT_TO_LEFT else "ltr"
