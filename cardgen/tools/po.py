"""A translation as a gettext PO file, for translators' tools (Poedit, Weblate, Crowdin,
Lokalize), and the PO's translations written back into the deck.

One entry per text: the source's words as `msgid`, the translation's as `msgstr` (empty
while the card is marked `translated: no`), "ID.FIELD" as `msgctxt` ("deck.title",
"deck.labels.prompt" for the deck's own words), out-of-date cards `fuzzy`, the card's
kind, topic and content note as comments for the translator. The header names the
deck (X-Cardgen-Deck, from the PO's folder) and its language. Babel reads and writes
the format; the file carries no dates, so the same deck exports the same bytes.
"""

from __future__ import annotations

import datetime
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, write_po

from cardgen.deck.model import DECK_WORDS
from cardgen.deck.translation import Standing, deck_words, standings, words
from cardgen.errors import CardgenError, DeckError, DeckErrors, Position
from cardgen.tools.translating import Doc, read_pair, write_marks
from cardgen.tools.yamledit import write_whole

DECK_HEADER = "X-Cardgen-Deck"
_NO_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # a PO needs one; see above
_FORMATS = ("python-format", "python-brace-format")  # Babel's guesses: cards are not code


class _Catalog(Catalog):
    """Babel's catalog with one header of cardgen's own: the deck the PO translates."""

    deck: str | None = None

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        if self.deck is not None:  # before Generated-By, whose value ends the header
            headers.insert(len(headers) - 1, (DECK_HEADER, self.deck))
        return headers

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        for name, value in headers:
            if name.lower() == DECK_HEADER.lower():
                self.deck = value.strip()
        super()._set_mime_headers(headers)

    mime_headers = property(_get_mime_headers, _set_mime_headers)


def export(path: Path, shown: str, out: Path) -> tuple[int, int]:
    """Write the translation at `path` as a PO file at `out`; return (entries, fuzzy)."""
    translation, source = read_pair(path, shown)
    deck = translation.deck
    catalog = _Catalog(locale=_locale(deck.language), project=source.deck.title,
                       version=source.deck.version or "", creation_date=_NO_DATE,
                       revision_date=_NO_DATE, fuzzy=False, msgid_bugs_address="",
                       last_translator=deck.author or "", language_team=deck.language,
                       header_comment=f"# {deck.title}: a translation of {source.path.name}.\n"
                                      "# Written by `cardgen translate export`; read back "
                                      "by `cardgen translate import`.")
    catalog.deck = os.path.relpath(path, out.parent).replace(os.sep, "/")
    mine = {key: item for key, (_, item) in _by_id(translation).items()}
    fuzzy = 0
    for standing in standings(deck, source.deck):
        if standing.state == "extra":
            continue
        theirs = _their_words(translation, standing.key)
        for field, text in standing.now.items():
            done = standing.state in ("done", "outdated")
            message = Message(text, theirs.get(field, "") if done else "",
                              context=f"{standing.key}.{field}" if standing.key[:5] != "deck."
                              else standing.key, auto_comments=_comments(standing, mine),
                              locations=[(shown, standing.where.line)])
            message.flags -= set(_FORMATS)
            if standing.state == "outdated" and message.string:
                message.flags.add("fuzzy")
                fuzzy += 1
            catalog[text] = message
    buffer = io.BytesIO()
    write_po(buffer, catalog, sort_output=False)
    text = buffer.getvalue().decode("utf-8")
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    write_whole(out, old, text)
    return len(catalog), fuzzy


def _locale(language: str) -> Locale | None:
    """The deck's language as Babel's locale (its Language and Plural-Forms headers), or
    None for a tag CLDR does not know."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def _by_id(doc: Doc) -> dict:
    return {item.id: (kind, item) for kind, item, _ in doc.entries() if item.id is not None}


def _their_words(translation: Doc, key: str) -> dict[str, str]:
    if key.startswith("deck."):
        mine = deck_words(translation.deck)
        return {key[5:]: mine[key[5:]]} if key[5:] in mine else {}
    found = _by_id(translation).get(key)
    return words(found[0], found[1]) if found else {}


def _comments(standing: Standing, mine: dict) -> list[str]:
    item = mine.get(standing.key)
    notes = [standing.name]
    if item is not None and getattr(item, "topic", None):
        notes.append(f"topic: {item.topic}")
    if item is not None and item.content_note:
        notes.append(f"content note: {item.content_note}")
    if standing.state == "outdated":
        notes.append("the source changed since this was translated")
    return notes


@dataclass(frozen=True)
class Imported:
    """What `translate import` wrote: the translation, how many texts, how many cards
    (or deck words) are now done, and how many are left out of date."""

    translation: Path
    texts: int
    done: int
    fuzzy: int


def import_po(po: Path, shown: str) -> Imported:
    """Write the PO's translations into the deck its header names; refuse, at the PO's
    line, entries whose card or field is not in the deck or its source."""
    catalog = _read(po, shown)
    if not catalog.deck:
        raise DeckErrors([DeckError(Position(shown, 1, 1),
                                    f"this PO file does not name a deck ({DECK_HEADER})",
                                    "import a PO file that `cardgen translate export` wrote")])
    target = po.parent / catalog.deck
    translation, source = read_pair(target, os.path.relpath(target))
    known = {standing.key: standing for standing in standings(translation.deck, source.deck)}
    texts: dict[str, dict[str, str]] = {}
    sure: dict[str, set[str]] = {}
    errors = []
    for message in list(catalog)[1:]:
        key, field = _split(message.context or "")
        where = Position(shown, message.lineno or 1, 1)
        standing = known.get(key)
        if standing is None or standing.state == "extra" or field not in standing.now:
            errors.append(DeckError(where, f"`{message.context}` is not a text of "
                                           f"{translation.shown} and its source",
                                    "export the PO again with `cardgen translate export`"))
            continue
        if standing.state == "missing" and message.string:
            errors.append(DeckError(where, f"{standing.name} is not in {translation.shown}",
                                    "`cardgen translate start` adds it; then import again"))
            continue
        text = str(message.string or "").strip()
        if not text:
            continue
        if text != _their_words(translation, key).get(field):  # only what changed
            texts.setdefault(key, {})[field] = text
        if not message.fuzzy and message.id == standing.now[field]:
            sure.setdefault(key, set()).add(field)
    if errors:
        raise DeckErrors(errors)
    marks = {key: known[key].mark for key, fields in sure.items()
             if fields == set(known[key].now) and known[key].state != "done"}
    deck_texts = {key: {key[5:]: fields[key[5:]]} for key, fields in texts.items()
                  if key.startswith("deck.")}
    card_texts = {key: fields for key, fields in texts.items() if not key.startswith("deck.")}
    write_marks(translation, marks, {**card_texts, **deck_texts}, "import")
    fuzzy = sum(1 for key in {*texts, *sure} if key not in marks and known[key].state != "done")
    return Imported(target, sum(len(fields) for fields in texts.values()), len(marks), fuzzy)


def _split(context: str) -> tuple[str, str]:
    """A context's card key and field: "12.text" -> ("12", "text"), "deck.title" ->
    ("deck.title", "title")."""
    if context.startswith("deck.") and context[5:] in DECK_WORDS:
        return context, context[5:]
    key, _, field = context.rpartition(".")
    return key, field


def _read(po: Path, shown: str) -> _Catalog:
    catalog = _Catalog()
    try:
        with open(po, "rb") as file:
            PoFileParser(catalog, abort_invalid=True).parse(file)
    except OSError as error:
        raise CardgenError(f"cannot read {shown}: {error.strerror}") from None
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise DeckErrors([DeckError(Position(shown, 1, 1),
                                    f"not a PO file cardgen can read: {error}")]) from None
    return catalog

