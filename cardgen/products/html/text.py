"""Deck text as HTML: the print's typography (quotes, dashes, *markup*), escaped.

Everything a deck writer typed is escaped here and nowhere else, so a `<` in a
card prints as a `<` and never becomes markup.
"""

from __future__ import annotations

from html import escape

from cardgen.text.typography import parse_markup, smarten

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
