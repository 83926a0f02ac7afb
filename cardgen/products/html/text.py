"""Deck text as HTML: the print's typography (quotes, dashes, *markup*), escaped.

Everything a deck writer typed is escaped here and nowhere else, so a `<` in a
card prints as a `<` and never becomes markup.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from cardgen.text.typography import parse_markup, smarten
from cardgen.text.urls import break_points

_TAGS = {
    "regular": ("", ""),
    "bold": ("<strong>", "</strong>"),
    "italic": ("<em>", "</em>"),
    "bolditalic": ("<strong><em>", "</em></strong>"),
}


def inline(text: str, language: str) -> str:
    """One piece of card text as inline HTML: smart quotes, `*emphasis*`, line breaks kept."""
    spans = parse_markup(smarten(text, language))
    html = "".join(
        _TAGS[span.style][0] + escape(span.text, quote=False) + _TAGS[span.style][1]
        for span in spans
    )
    return html.replace("\n", "<br>")


def paragraphs(text: str, language: str, css_class: str | None = None) -> str:
    """Text as <p> elements, one for each paragraph (blank-line separated)."""
    attribute = f' class="{css_class}"' if css_class else ""
    return "".join(
        f"<p{attribute}>{inline(part.strip(), language)}</p>"
        for part in text.split("\n\n")
        if part.strip()
    )


def plain(text: str) -> str:
    """Text shown exactly as typed (names, numbers, addresses), escaped."""
    return escape(text, quote=False)


def attribute(text: str) -> str:
    """Text for inside a double-quoted attribute."""
    return escape(text, quote=True)


def address(text: str) -> str:
    """A web address that breaks only as an address breaks on paper (`cardgen.text.urls`):
    after a slash, before `?`, `&`, `#`, `=` or a dot, never after its own hyphen, where
    `find-` would read as a word hyphenated. Each piece is kept whole, with a break
    allowed between pieces."""
    points = (0, *break_points(text, tier=1), len(text))
    return "<wbr>".join(f'<span class="nobr">{plain(text[start:end])}</span>'
                        for start, end in pairwise(points))
