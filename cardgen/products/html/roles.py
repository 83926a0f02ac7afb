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
from cardgen.products.html.phrases import direction
from cardgen.products.html.text import address, attribute, inline, paragraphs, plain
from cardgen.render.bilingual import SEPARATOR, Pairing, Said, said

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


def body(card: Card, deck: Deck, words: Mapping[str, str] | None = None,
         pairing: Pairing | None = None) -> str:
    """The card's words as HTML, in the order it prints them.

    A card with a `by` piece is a quotation: its main words go in a <blockquote>
    and who said them, and where, in its <figcaption>. A card without main
    words (a helpline with no number) reads its first piece as main. `words` are the
    page's own words, as HTML, for what a screen reader hears before a piece ("Content
    note:"). With a `pairing` (bilingual), the source's words follow each of the
    translation's, in an element of their own language and direction.
    """
    found = said_pieces(card, deck, pairing)
    roles = [spoken.piece.role for spoken in found]
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:  # a new role must say how it shows, or its words would be lost
        raise ValueError(f"the screen edition has no look in ROLES for {unknown}")
    first_main = next((i for i, role in enumerate(roles) if ROLES[role].main), 0)
    other = pairing.source.language if pairing else ""
    if "by" not in roles:
        return "".join(
            _piece(spoken, deck.language, i == first_main, words=words, other=other)
            for i, spoken in enumerate(found)
        )
    # The quotation, and beneath it in the blockquote the source's words, if any.
    quoted_words = [found[first_main]]
    if first_main + 1 < len(found) and found[first_main + 1].under:
        quoted_words.append(found[first_main + 1])
    quoted = _piece(found[first_main], deck.language, True, tag="blockquote", other=other)
    if len(quoted_words) > 1:
        inside = "".join(_piece(spoken, deck.language, not spoken.under, tag="p", other=other)
                         for spoken in quoted_words)
        quoted = f'<blockquote class="quoted">{inside}</blockquote>'
    caption = ", ".join(
        _piece(spoken, deck.language, False, other=other) for spoken in found
        if spoken.piece.role in ("by", "source")
    )
    figure = f'<figure class="quotation">{quoted}<figcaption>{caption}</figcaption></figure>'
    return "".join(
        figure if i == first_main else _piece(spoken, deck.language, False, words=words,
                                              other=other)
        for i, spoken in enumerate(found)
        if spoken.piece.role not in ("by", "source")
        and not (i == first_main + 1 and len(quoted_words) > 1)
    )


def in_both(text: str, other: str) -> str:
    """A label or heading as HTML: "Pregunta · Ask", its second word marked as the source's
    language (`other`) on a bilingual page."""
    mine, found, theirs = text.partition(SEPARATOR)
    if not other or not found:
        return plain(text)
    return (f'{plain(mine)}{plain(SEPARATOR)}<span lang="{attribute(other)}" '
            f'dir="{direction(other)}">{plain(theirs)}</span>')


def _piece(spoken: Said, language: str, main: bool, tag: str | None = None,
           words: Mapping[str, str] | None = None, other: str = "") -> str:
    piece = spoken.piece
    look = ROLES[piece.role]
    tag = tag or look.tag
    own = ""
    if spoken.under and spoken.language:  # the source's words: their language, their way
        language = spoken.language
        own = f' lang="{attribute(language)}" dir="{direction(language)}"'
        main = False
    classes = look.css + (" main" if main and "main" not in look.css.split() else "")
    classes += " under" if spoken.under else ""
    if main and len(piece.text) > LONG:
        classes += " long"
    if look.link:
        href = piece.link
        shown = address(piece.text) if piece.role == "address" else plain(piece.text)
        text = f'<a href="{attribute(href)}">{shown}</a>' if href else shown
    elif piece.label or (piece.role == "topic" and other):
        text = in_both(piece.text, other)
    elif tag == "div":  # text that may run to several paragraphs
        return f'<{tag} class="{classes}"{own}>{paragraphs(piece.text, language)}</{tag}>'
    else:
        text = inline(piece.text, language)
    if look.said_as and words and not spoken.under:
        text = f'<span class="vh">{words[look.said_as]} </span>{text}'
    return f'<{tag} class="{classes}"{own}>{text}</{tag}>'


def pieces(card: Card, deck: Deck) -> tuple[Printed, ...]:
    """What the card prints, in reading order, empty pieces left out, and a link said once:
    a text line's QR code on paper carries the link its line already has on screen."""
    return tuple(spoken.piece for spoken in _once(said(card, deck)))


def said_pieces(card: Card, deck: Deck, pairing: Pairing | None = None) -> tuple[Said, ...]:
    """`pieces`, with whose words each is; with the source's beneath on a bilingual page."""
    if pairing is None:
        return tuple(Said(piece) for piece in pieces(card, deck))
    return _once(pairing.said(card))


def _once(words: list[Said]) -> tuple[Said, ...]:
    """`words`, a link said once."""
    found, links = [], set()
    for spoken in words:
        link = spoken.piece.link
        if link is None or link not in links:
            found.append(spoken)
            links.add(link)
    return tuple(found)
