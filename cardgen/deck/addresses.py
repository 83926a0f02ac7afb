"""The addresses a resource card may print and encode as a QR code: web, phone and e-mail,
and what a screen reader says of them.

A QR code is followed by a phone without a second look, so only addresses that
open a web page, dial a number or start an e-mail are allowed, written out in
full: no `javascript:`, `file:` or `data:` addresses, and nothing that hides what
the address is (spaces, control characters, direction overrides such as U+202E
that make an address read differently from what it opens).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

SCHEMES = ("https", "http", "tel", "mailto")
# A QR code on a card is about 2 cm wide: an address longer than this needs modules
# too fine (under 0.4 mm, version 8 at level M) for a phone across a table.
MAX_LENGTH = 150

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WEB = re.compile(r"^https?://[^/?#@]+", re.IGNORECASE)


class Address(str):
    """A checked address: the text as written (printed as is) and the link it opens,
    which for a `tel:` address is the number as a phone dials it (tel:+18005551212)."""

    link: str

    def __new__(cls, written: str, link: str | None = None) -> Address:
        address = super().__new__(cls, written)
        address.link = link or written
        return address

    def __reduce__(self):  # copies and pickles keep the link
        return (Address, (str(self), self.link))


def heard(printed: str, opens: str, words: Mapping[str, str]) -> tuple[str, str]:
    """What a screen reader says of an address printed as a link ("Web address: ..." for a
    web page; a phone number or an e-mail address as printed) and of the QR code that
    opens it, in the language of `words` (a deck's labels)."""
    web = opens.startswith(("http://", "https://"))
    link = words["web_address"].replace("{address}", printed) if web else printed
    return link, words["qr_code"].replace("{address}", opens)


def address_problem(address: str) -> tuple[str, str] | None:
    """What is wrong with `address` as a printed and encoded address, and what to do;
    None when it is fine."""
    for index, char in enumerate(address):
        category = unicodedata.category(char)
        if char.isspace() or category in ("Cc", "Cf", "Zl", "Zp", "Zs", "Cs", "Co", "Cn"):
            what = "a space" if char == " " else f"the invisible character U+{ord(char):04X}"
            return (f"the address contains {what} (character {index + 1})",
                    "write the address without spaces or hidden characters; copy it from the "
                    "browser's address bar")
    scheme = _SCHEME.match(address)
    if scheme is None or scheme[1].lower() not in SCHEMES:
        if scheme is None and "." in address.split("/")[0]:
            return ("the address has no https://",
                    f"write it in full, e.g. https://{address}")
        named = f"`{scheme[1]}:` addresses" if scheme else "this address"
        return (f"{named} cannot be printed on a card",
                "use a web address (https://...), a phone number (tel:...) or an e-mail "
                "address (mailto:...)")
    name = scheme[1].lower()
    if name.startswith("http") and not _WEB.match(address):
        return ("the address has no host", "write it in full, e.g. https://988lifeline.org")
    if len(address) <= len(scheme[0]):
        return ("the address is empty after its scheme", f"write what {name}: should open")
    if len(address) > MAX_LENGTH:
        return (f"the address is {len(address)} characters long; its QR code would be too "
                f"fine to scan (at most {MAX_LENGTH})",
                "use a shorter link to the same page")
    return None
