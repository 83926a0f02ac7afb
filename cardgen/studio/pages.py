"""The studio's pages: the list of decks, and a deck's page with its editor, or, for a deck
kept in a spreadsheet, a note that it is edited there, filled in from the templates in
page/.
"""

from __future__ import annotations

import html
import re
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import quote

from cardgen.products.formats import DOWNLOADS, FORMATS
from cardgen.studio.live import REREAD
from cardgen.studio.saving import backup_shown

if TYPE_CHECKING:
    from cardgen.studio.server import Served, Studio

STATIC = {
    "studio.css": "text/css; charset=utf-8",
    "studio.js": "text/javascript; charset=utf-8",
    "merge.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
# What the page offers to download: each format's PDF its record names, and the HTML edition
# beside them (its record names no studio link, as that field is for PDFs), with its type.
OFFERED = {name: (FORMATS[name].download or name, "application/pdf") for name in DOWNLOADS}
OFFERED["html"] = ("HTML edition", "text/html; charset=utf-8")
# What the page says of a deck it shows but does not edit, by where the deck is kept.
KEPT = {
    "sheet": "{deck} is kept in a spreadsheet, so it is shown here, not edited: edit it in "
             "your spreadsheet program and save it there. This page follows the file: it "
             "shows each save within a second.",
    "published": "{deck} is a sheet published to the web, so it is shown here, not edited: "
                 "edit it where it is kept (Google Sheets, for one). This page reads it when "
                 "it opens and when you press Read the sheet again, at most once every "
                 f"{REREAD:g} seconds; a published sheet can take a few minutes to show a "
                 "change.",
}


def index_page(studio: Studio) -> str:
    """The list of the decks in decks/, each a link to its page."""
    decks = studio.decks().values()
    items = "\n".join(
        f'<li><a href="{deck_path(d)}">{html.escape(d.shown)}</a>'
        + ("" if d.kept == "text" else " (a spreadsheet: shown, edited in its own program)")
        + "</li>"
        for d in decks
    )
    if not decks:
        items = (
            "<li>decks/ has no decks yet: start one with "
            "<code>cardgen new decks/my-deck.yaml</code>, or a spreadsheet with "
            "<code>cardgen new --sheet decks/my-deck.xlsx</code>.</li>"
        )
    return fill("decks.html", {"decks": items})


def deck_page(studio: Studio, deck: Served) -> str:
    """A deck's page: the editor beside the cards, or for a spreadsheet, the note that says
    where it is edited and a button to read it again."""
    base = deck_path(deck)
    shown = html.escape(deck.shown)
    if deck.kept == "text":
        side = fill("editing.html", {})
    else:
        side = fill("sheet.html", {"kept": KEPT[deck.kept].format(deck=f"<b>{shown}</b>")})
    return fill(
        "studio.html",
        {
            "deck": shown,
            "kept": deck.kept,
            "side": side,
            "base": html.escape(base),
            "token": html.escape(studio.token),
            "backup": html.escape(backup_shown(deck.path)),
            "downloads": download_links(base),
            "edition": _link(base, "html"),
            "listed": "" if studio.deck else '<li><a href="/">All decks</a></li>',
        },
    )


def deck_path(deck: Served) -> str:
    return f"/d/{quote(deck.name, safe='')}/"


def download_links(base: str) -> str:
    """The page's links to each format whose record offers a studio download (its PDFs), in
    the formats' order."""
    return "\n      ".join(_link(base, name) for name in DOWNLOADS)


def _link(base: str, name: str) -> str:
    return (f'<li><a id="download-{name}" data-format="{name}" '
            f'href="{html.escape(base)}download/{name}" download>'
            f"{html.escape(OFFERED[name][0])}</a></li>")


def fill(template: str, values: dict[str, str]) -> str:
    """The page template with each {{name}} replaced (values already escaped)."""
    text = files("cardgen.studio").joinpath("page", template).read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda match: values[match.group(1)], text)
