"""A card's words on screen: each piece's role turned into HTML by one table, ROLES.

A kind says what its cards print as pieces (role, text, deck key); this module
only knows roles, so a new kind whose roles are here shows on screen without a
change. `pieces()` is a stand-in for the card-kind registry's
`KINDS[kind].printed(item, labels)`, written to give the same pieces; with the
registry it goes, and ROLES stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cardgen.deck.cards import Card
from cardgen.deck.kinds import Printed
from cardgen.deck.model import Deck
from cardgen.products.html.text import address, attribute, inline, paragraphs, plain

LONG = 140  # characters of main text above which the draw view sets it a step smaller


def drawn(card: Card) -> bool:
    """Whether "Draw a card" offers the card: entries, but not helplines."""
    return card.kind.entries and not card.kind.helpline


def helpline(card: Card) -> bool:
    """Whether the Help link leads to the card."""
    return card.kind.helpline


def kind_of(card: Card) -> str:
    return card.kind.name


@dataclass(frozen=True)
class Look:
    """How a role shows: its element ("div" for text that may run to paragraphs) and
    classes; `main` marks the words read aloud, set large when drawn; `link` shows the
    words as written, linked to what the piece opens (a number as dialled, an address)."""

    tag: str
    css: str
    main: bool = False
    link: bool = False
    said_as: str | None = None  # a screen word (phrases.py) read out before the text


ROLES: dict[str, Look] = {
    "topic": Look("p", "topic"),
    "main": Look("p", "main", main=True),
    "said-label": Look("p", "part"),
    "said": Look("p", "said"),
    "try-label": Look("p", "part kind-text"),
    "try": Look("p", "try", main=True),
    "note": Look("p", "note"),
    "why": Look("p", "note"),
    "by": Look("span", "by"),
    "source": Look("cite", "source"),
    "minutes": Look("p", "minutes kind-text"),
    "name": Look("h4", "name"),
    "phone": Look("p", "phone", main=True, link=True),
    "sms": Look("p", "sms kind-text", link=True),
    "details": Look("div", "details"),
    "checked": Look("p", "checked"),
    "address": Look("p", "url", link=True),
    "content-note": Look("p", "content-note", said_as="content_note"),
}


def body(card: Card, deck: Deck, words: Mapping[str, str] | None = None) -> str:
    """The card's words as HTML, in the order it prints them.

    A card with a `by` piece is a quotation: its main words go in a <blockquote>
    and who said them, and where, in its <figcaption>. A card without main
    words (a helpline with no number) reads its first piece as main. `words` are the
    page's own words, as HTML, for what a screen reader hears before a piece ("Content
    note:").
    """
    found = pieces(card, deck)
    roles = [piece.role for piece in found]
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:  # a new role must say how it shows, or its words would be lost
        raise ValueError(f"the screen edition has no look in ROLES for {unknown}")
    first_main = next((i for i, role in enumerate(roles) if ROLES[role].main), 0)
    if "by" not in roles:
        return "".join(
            _piece(piece, deck.language, i == first_main, words=words)
            for i, piece in enumerate(found)
        )
    quoted = _piece(found[first_main], deck.language, True, tag="blockquote")
    caption = ", ".join(
        _piece(piece, deck.language, False) for piece in found if piece.role in ("by", "source")
    )
    figure = f'<figure class="quotation">{quoted}<figcaption>{caption}</figcaption></figure>'
    return "".join(
        figure if i == first_main else _piece(piece, deck.language, False, words=words)
        for i, piece in enumerate(found)
        if piece.role not in ("by", "source")
    )


def _piece(piece: Printed, language: str, main: bool, tag: str | None = None,
           words: Mapping[str, str] | None = None) -> str:
    look = ROLES[piece.role]
    tag = tag or look.tag
    classes = look.css + (" main" if main and "main" not in look.css.split() else "")
    if main and len(piece.text) > LONG:
        classes += " long"
    if look.link:
        href = piece.link
        shown = address(piece.text) if piece.role == "address" else plain(piece.text)
        text = f'<a href="{attribute(href)}">{shown}</a>' if href else shown
    elif piece.label:
        text = plain(piece.text)
    elif tag == "div":  # text that may run to several paragraphs
        return f'<{tag} class="{classes}">{paragraphs(piece.text, language)}</{tag}>'
    else:
        text = inline(piece.text, language)
    if look.said_as and words:
        text = f'<span class="vh">{words[look.said_as]} </span>{text}'
    return f'<{tag} class="{classes}">{text}</{tag}>'


def pieces(card: Card, deck: Deck) -> tuple[Printed, ...]:
    """What the card prints, in reading order, empty pieces left out, and a link said once:
    a text line's QR code on paper carries the link its line already has on screen."""
    if card.item is None:
        return ()
    found, links = [], set()
    for piece in card.kind.printed(card.item, deck.labels, deck.language):
        if piece.link is None or piece.link not in links:
            found.append(piece)
            links.add(piece.link)
    return tuple(found)
