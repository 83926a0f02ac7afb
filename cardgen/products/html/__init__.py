"""The screen edition: one self-contained, accessible HTML page per deck, for meeting online.

`html_edition()` makes the page as bytes: "Draw a card" for a shared screen,
then the whole deck as real text with a heading per kind, the intro first, and
the helplines always a "Help" link away. Fonts (cut down to the deck's
characters), icons, the logo, styles and script are all inside the page, and
its Content-Security-Policy lets it load nothing else, so it opens offline and
can be sent by e-mail.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib.resources import files

from cardgen.bundled import version
from cardgen.deck.cards import Card, all_cards, marked_level
from cardgen.deck.kinds import LEVELS
from cardgen.deck.logo import Logo
from cardgen.deck.model import Deck
from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.products.html.anchors import card_anchors
from cardgen.products.html.fonts import web_fonts
from cardgen.products.html.icons import ICONS, arrow, icon, icon_symbols
from cardgen.products.html.palette import css_variables
from cardgen.products.html.phrases import direction, screen_words, words_language
from cardgen.products.html.roles import (
    body,
    drawn,
    helpline,
    in_both,
    kind_of,
    pieces,
    said_pieces,
)
from cardgen.products.html.text import attribute, inline, paragraphs, plain
from cardgen.products.job import Job, Product
from cardgen.render.bilingual import Pairing
from cardgen.render.theme import Theme
from cardgen.text.fonts import FontSet

__all__ = ["html_edition", "make"]

_ASCII = "".join(map(chr, range(0x20, 0x7F)))  # what the script may add: numbers, punctuation


def html_edition(deck: Deck, cards: tuple[Card, ...], fonts: FontSet, theme: Theme,
                 pairing: Pairing | None = None) -> bytes:
    """The deck's screen edition as one UTF-8 HTML page.

    `cards` are the cards to show, as `deck_cards()` gives them (so --only and
    --tag choose them as for print); the theme's logo, as the deck read it, is
    shown beside the title. Raises DeckErrors naming every text with a character
    no font can draw. With a `pairing` (bilingual), every card shows its source's words
    beneath its own, each element in its own language and direction.
    """
    _check_glyphs(deck, cards, fonts, pairing)
    words = screen_words(deck.language, deck.labels)
    language_dir = direction(deck.language)
    own = words_language(deck.language)
    # The page's own words, as HTML; marked with their language when it is not the deck's.
    ui = {
        key: f'<span lang="{own}">{plain(value)}</span>' if own else plain(value)
        for key, value in words.items()
    }
    body = {
        "symbols": icon_symbols(ICONS),
        "help_link": _help_link(deck, cards),
        "logo": _logo(theme.logo, theme.mono),
        "title": plain(deck.title),
        "subtitle": f'<p class="subtitle">{plain(deck.subtitle)}</p>' if deck.subtitle else "",
        "draw": _draw_section(deck, cards, ui, language_dir),
        "all": ui["all"],
        "deck": _deck_sections(deck, cards, ui, pairing),
        "colophon": _colophon(deck, ui),
        "words": json.dumps({**words, "lang": own or ""}, ensure_ascii=True).replace(
            "<", "\\u003c"
        ),
    }
    shown = html.unescape("".join(body.values())) + "".join(words.values()) + _ASCII
    faces, families = web_fonts(fonts, deck.language, shown)
    family_list = ", ".join(f'"{name}"' for name in families) + ", sans-serif"
    style = (
        "".join(face.css() for face in faces)
        + f":root{{--fonts:{family_list}}}\n"
        + css_variables(theme)
        + _asset("page.css")
        + (_asset("bilingual.css") if pairing else "")
    )
    script = _asset("page.js")
    page = _fill(
        _asset("page.html"),
        {
            **body,
            "lang": attribute(deck.language),
            "dir": language_dir,
            "html_class": ' class="large-print"' if theme.large_print else "",
            "policy": _policy(style, script),
            "version": version(),
            "style": style,
            "script": script,
        },
    )
    return page.encode("utf-8")


def _asset(name: str) -> str:
    return files("cardgen.products.html").joinpath(name).read_text(encoding="utf-8")


def _fill(template: str, values: dict[str, str]) -> str:
    """Put each value in place of its {{name}}; every name must be given."""
    return re.sub(r"\{\{(\w+)\}\}", lambda match: values[match.group(1)], template)


def _policy(style: str, script: str) -> str:
    """A Content-Security-Policy: the page runs its own style and script and loads nothing."""

    def digest(text: str) -> str:
        return (
            "'sha256-"
            + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
            + "'"
        )

    return (
        f"default-src 'none'; style-src {digest(style)}; script-src {digest(script)}; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )


# --- the parts of the page -------------------------------------------------------


def _card(card: Card, deck: Deck, words: dict[str, str], anchors: dict[str, str],
          pairing: Pairing | None = None) -> str:
    """One card as an <article>: its kind's band (icon, word, number), then its words;
    `anchors` gives its id (`card_anchors`)."""
    kind = kind_of(card)
    number = ""
    data = f' data-kind="{kind}"'
    if card.number:
        number = (
            f'<span class="number"><span class="vh">{words["card"]} </span>'
            f"{plain(card.number)}</span>"
        )
        data += f' id="{anchors[card.number]}" data-number="{attribute(card.number)}"'
    if card.tags:
        data += f' data-tags="{attribute(json.dumps(list(card.tags)))}"'
    if marked_level(deck, card):
        data += f' data-level="{card.level}"'
    if drawn(card):
        data += " data-drawn"
    return (
        f'<article class="card kind-{kind}"{data}>'
        f'<p class="band">{icon(kind)}<span class="label">{_label(deck, kind, pairing)}</span>'
        f'{number}</p><div class="card-body">{body(card, deck, words, pairing)}</div></article>'
    )


def _label(deck: Deck, kind: str, pairing: Pairing | None) -> str:
    """A kind's word as HTML: in both languages on a bilingual page."""
    if pairing is None:
        return plain(deck.labels[kind])
    return in_both(pairing.label(kind), pairing.source.language)


def _deck_sections(deck: Deck, cards: tuple[Card, ...], words: dict[str, str],
                   pairing: Pairing | None = None) -> str:
    """Every card in deck order, a section per kind; the intro as text, the helplines as #help.

    Blank cards have nothing to read on screen, and are left out.
    """
    sections = []
    # Every number of the deck, so a card's id is the same whichever cards are shown.
    anchors = card_anchors(card.number for card in (*all_cards(deck), *cards) if card.number)
    for kind in dict.fromkeys(kind_of(card) for card in cards):
        chosen = [card for card in cards if kind_of(card) == kind]
        if kind != "instructions" and not pieces(chosen[0], deck):
            continue
        label = _label(deck, kind, pairing)
        place = "help" if helpline(chosen[0]) else f"kind-{kind}"
        heading = f'<h3 id="{place}-heading">{icon(kind)}<span>{label}</span></h3>'
        if kind == "instructions":
            content = f'<div class="intro">{paragraphs(deck.intro or "", deck.language)}</div>'
        else:
            items = "".join(f"<li>{_card(card, deck, words, anchors, pairing)}</li>"
                            for card in chosen)
            content = f'<ol class="cards">{items}</ol>'
        sections.append(
            f'<section id="{place}" class="kind-section kind-{kind}" tabindex="-1" '
            f'aria-labelledby="{place}-heading">{heading}{content}</section>'
        )
    return "\n".join(sections)


def _draw_section(deck: Deck, cards: tuple[Card, ...], words: dict[str, str], way: str) -> str:
    """The draw view: buttons, the card shown, what is announced, and the filters.

    It starts hidden and the script shows it, so without a script the page is
    simply the whole deck.
    """
    drawable = [card for card in cards if drawn(card)]
    if not drawable:
        return ""
    back, on = (arrow("right"), arrow("left")) if way == "rtl" else (arrow("left"), arrow("right"))
    w = words
    return (
        '<section id="draw" class="draw" aria-labelledby="draw-heading" hidden>'
        f'<h2 id="draw-heading" class="vh">{w["draw"]}</h2>'
        '<div class="controls">'
        f'<button type="button" id="draw-button" class="draw-button">{w["draw"]}</button>'
        f'<button type="button" id="previous" aria-disabled="true">'
        f"{back}{w['previous']}</button>"
        f'<button type="button" id="next" aria-disabled="true">{w["next"]}{on}</button>'
        '<p id="counter" class="counter"></p></div>'
        f'<div id="stage" class="stage"><p class="placeholder">{w["start"]}</p></div>'
        '<p id="announce" class="vh" role="status" aria-live="polite" aria-atomic="true"></p>'
        f'{_filters(deck, drawable, w)}<p class="keys">{w["keys"]}</p></section>'
    )


def _filters(deck: Deck, drawable: list[Card], w: dict[str, str]) -> str:
    kinds = list(dict.fromkeys(kind_of(card) for card in drawable))
    boxes = "".join(
        f'<label><input type="checkbox" name="kind" value="{kind}" checked>'
        f'<span class="kind-{kind} kind-text">{icon(kind)}</span>'
        f"{plain(deck.labels[kind])} ({sum(kind_of(card) == kind for card in drawable)})</label>"
        for kind in kinds
    )
    tags = list(dict.fromkeys(tag for card in drawable for tag in card.tags))
    topic_boxes = "".join(
        f'<label><input type="checkbox" name="tag" value="{attribute(tag)}">{plain(tag)}</label>'
        for tag in tags
    )
    topics = f"<fieldset><legend>{w['topics']}</legend>{topic_boxes}</fieldset>" if tags else ""
    return (
        f'<details class="filters"><summary>{w["choose"]}</summary>'
        f"<fieldset><legend>{w['kinds']}</legend>{boxes}</fieldset>{topics}"
        f"{_levels(deck, drawable, w)}</details>"
    )


def _levels(deck: Deck, drawable: list[Card], w: dict[str, str]) -> str:
    """How deep the cards drawn may go, as `--level` prints them: up to a level, all at
    first. Only for a deck that sets levels and has cards of more than one here."""
    levels = {card.level for card in drawable}
    if not deck.levelled or len(levels) < 2:
        return ""
    choices = "".join(
        f'<label><input type="radio" name="level" value="{level}"'
        f'{" checked" if level == LEVELS else ""}>{w[f"level_{level}"]} '
        f"({sum(card.level <= level for card in drawable)})</label>"
        for level in range(1, LEVELS + 1)
    )
    return f"<fieldset><legend>{w['levels']}</legend>{choices}</fieldset>"


def _help_link(deck: Deck, cards: tuple[Card, ...]) -> str:
    helplines = [kind_of(card) for card in cards if helpline(card)]
    if not helplines:
        return ""
    return (
        f'<a class="help-link" href="#help">{icon(helplines[0])}'
        f"<span>{plain(deck.labels[helplines[0]])}</span></a>"
    )


def _logo(logo: Logo | None, mono: bool = False) -> str:
    """The logo as an image inside the page, its file's bytes and type as the deck read and
    checked them (cardgen.deck.logo, as for the PDFs); in greys (a CSS filter) for mono."""
    if logo is None:
        return ""
    data = base64.b64encode(logo.data).decode("ascii")
    grey = " mono" if mono else ""
    return f'<img class="logo{grey}" src="data:{logo.media_type};base64,{data}" alt="">'


def _colophon(deck: Deck, words: dict[str, str]) -> str:
    parts = [deck.title, deck.version, deck.author, deck.license]
    own = [inline(part, deck.language) for part in parts if part]
    return " \u00b7 ".join([*own, words["made"]])


# --- checks ----------------------------------------------------------------------


def _check_glyphs(deck: Deck, cards: tuple[Card, ...], fonts: FontSet,
                  pairing: Pairing | None = None) -> None:
    """Every character the page shows must be in a font it carries: else a DeckError per text.

    Unlike print, a right-to-left script is fine here: the browser sets it.
    """
    start = Position(deck.path, 1, 1)
    texts: list[tuple[str, Position, str]] = []
    for key in ("title", "subtitle", "intro", "author", "license", "version"):
        value = getattr(deck, key)
        if value:
            texts.append((value, deck.spots.get(key, start), f"`{key}`"))
    texts += [
        (label, deck.spots.get("labels", start), "`labels`") for label in deck.labels.values()
    ]
    for card in cards:
        if card.item is None:  # the intro and blank cards: the intro is checked above
            continue
        for spoken in said_pieces(card, deck, pairing):
            piece = spoken.piece
            spots = spoken.spots or (deck.spots if piece.label else card.item.spots)
            texts.append((piece.text, spots.get(piece.key, card.where), card.describe()))
        if card.number:
            texts.append((card.number, card.item.spots.get("id", card.where), card.describe()))
    errors = []
    for text, where, what in texts:
        missing = fonts.missing(text)
        if missing is not None:
            codes = " ".join(f"U+{ord(char):04X}" for char in missing)
            errors.append(
                DeckError(
                    where,
                    f"{what}: no font can draw {missing!r} ({codes}); "
                    f"tried {', '.join(fonts.tried)}",
                    "remove the character, or add a font that has it with --font FILE.ttf",
                )
            )
    if errors:
        raise DeckErrors(errors)


def make(job: Job) -> Product:
    """The deck's screen edition, as the format record `html` makes it."""
    data = html_edition(job.deck, job.cards, job.context.fonts, job.theme, job.pairing)
    entries = sum(card.item is not None for card in job.cards)  # intro and blanks are not cards
    return job.product("html", data, 1, entries,
                       "one page for screens and screen readers; opens offline in any browser")
