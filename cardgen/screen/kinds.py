"""What each kind of card shows on screen: its words as HTML, and whether it can be drawn.

The one place where the screen edition knows the kinds, kept as a table so
that it can move onto the card-kind registry: a kind gives `ScreenKind(body,
drawn)`. Every body has exactly one element with class "main": the words a
group reads aloud, which the draw view sets large.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cardgen.cards import Card
from cardgen.deck import Deck
from cardgen.screen.text import attribute, inline, paragraphs, plain, quoted, tel_href, web_href

LONG = 140  # characters of main text above which the draw view sets it a step smaller


@dataclass(frozen=True)
class ScreenKind:
    """How one kind shows on screen."""

    body: Callable[[Card, Deck], str] | None  # the card's words under its band; None: not shown
    drawn: bool  # offered by "Draw a card" (the intro, helplines and blanks are not)


def _topic(item, language: str) -> str:
    topic = getattr(item, "topic", None)
    return f'<p class="topic">{inline(topic, language)}</p>' if topic else ""


def _main(html: str, length: int, tag: str = "p", also: str = "") -> str:
    """The card's main words; `length` in characters picks the draw view's size."""
    classes = " ".join(filter(None, (also, "main", "long" if length > LONG else "")))
    return f'<{tag} class="{classes}">{html}</{tag}>'


def _instructions(card: Card, deck: Deck) -> str:
    return paragraphs(deck.intro or "", deck.language)


def _prompt(card: Card, deck: Deck) -> str:
    item, language = card.item, deck.language
    note = f'<p class="note">{inline(item.note, language)}</p>' if item.note else ""
    return _topic(item, language) + _main(inline(item.text, language), len(item.text)) + note


def _reframe(card: Card, deck: Deck) -> str:
    item, language, labels = card.item, deck.language, deck.labels
    why = f'<p class="note">{inline(item.why, language)}</p>' if item.why else ""
    return (
        _topic(item, language)
        + f'<p class="part">{plain(labels["instead"])}</p>'
        + f'<p class="said">{inline(item.instead, language)}</p>'
        + f'<p class="part kind-text">{plain(labels["try"])}</p>'
        + _main(inline(item.try_, language), len(item.try_), also="try")
        + why
    )


def _quote(card: Card, deck: Deck) -> str:
    item, language = card.item, deck.language
    source = f", <cite>{inline(item.source, language)}</cite>" if item.source else ""
    words = _main(f"<p>{quoted(item.text, language)}</p>", len(item.text), "blockquote")
    return (
        _topic(item, language) + f'<figure class="quotation">{words}'
        f"<figcaption>\u2014 {plain(item.by)}{source}</figcaption></figure>"
    )


def _resource(card: Card, deck: Deck) -> str:
    item, language = card.item, deck.language
    name = f'<h4 class="name">{plain(item.name)}</h4>'
    phone = ""
    if item.phone:
        href = tel_href(item.phone)
        number = f'<a href="{href}">{plain(item.phone)}</a>' if href else plain(item.phone)
        phone = _main(number, len(item.phone), also="phone")
    else:
        name = f'<h4 class="name main">{plain(item.name)}</h4>'
    note = paragraphs(item.note, language, "note-text") if item.note else ""
    url = ""
    if item.url:
        href = web_href(item.url)
        shown = plain(item.url)
        link = f'<a href="{attribute(href)}">{shown}</a>' if href else shown
        url = f'<p class="url">{link}</p>'
    return name + phone + note + url


# Deck order: the intro first, then the entries, then blank cards (nothing to read on screen).
SCREEN_KINDS: dict[str, ScreenKind] = {
    "instructions": ScreenKind(_instructions, drawn=False),
    "prompt": ScreenKind(_prompt, drawn=True),
    "reframe": ScreenKind(_reframe, drawn=True),
    "quote": ScreenKind(_quote, drawn=True),
    "resource": ScreenKind(_resource, drawn=False),
    "blank": ScreenKind(None, drawn=False),
}
