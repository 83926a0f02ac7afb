"""Deck text as HTML: the print's typography (quotes, dashes, *markup*), escaped, and links.

Everything a deck writer typed is escaped here and nowhere else, so a `<` in a
card prints as a `<` and never becomes markup.
"""

from __future__ import annotations

import re
from html import escape

from cardgen.text.typography import parse_markup, smarten

_TAGS = {
    "regular": ("", ""),
    "bold": ("<strong>", "</strong>"),
    "italic": ("<em>", "</em>"),
    "bolditalic": ("<strong><em>", "</em></strong>"),
}
# Phone keypad letters (ITU E.161), for numbers written as 1-800-GET-HELP.
_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")
_SCHEMES = ("http://", "https://", "mailto:")
# Where a printed phone number stops: an extension, a list, or words in brackets.
_NOT_NUMBER = re.compile(r"(?i)\s*(?:ext\.?|x)\s*(?=\d)|[,;/]|\s+or\s|\s*\((?=\D)")


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


def tel_href(phone: str) -> str | None:
    """A `tel:` address for a phone number as printed: `1-800-662-4357` -> `tel:18006624357`.

    Separators go, keypad letters become digits, a leading + stays (and a "(0)"
    after it goes); a number with an extension or words after it keeps only
    the number. None if there is no digit.
    """
    number = _NOT_NUMBER.split(phone.strip(), maxsplit=1)[0]
    if not re.search(r"\d", number):
        return None
    if number.startswith("+"):
        number = number.replace("(0)", "")  # +44 (0)20 ...: the 0 is dialled only at home
    digits = re.sub(r"[^0-9A-Za-z+]", "", number).upper().translate(_KEYPAD)
    plus = "+" if digits.startswith("+") else ""
    digits = re.sub(r"\D", "", digits)
    return f"tel:{plus}{digits}" if digits else None


def web_href(address: str) -> str | None:
    """A link for a web address as printed: `988lifeline.org` -> `https://988lifeline.org`.

    Only web and mail addresses become links; anything else (a `javascript:`
    address, say) is shown as text.
    """
    address = address.strip()
    if address.lower().startswith(_SCHEMES):
        return address
    if re.match(r"^[a-z][a-z0-9+.-]*:", address, re.IGNORECASE) and not re.match(
        r"^[^:/]+:\d", address
    ):
        return None
    if "@" in address and "/" not in address:
        return "mailto:" + address
    return "https://" + address
