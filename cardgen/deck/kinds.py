"""The kinds of card, each declared once: its deck key and fields, its colour and labels,
and the words it prints, in order, each with the part it plays on a card.

A card face, a booklet entry, `--verify`, `cardgen lint` and the screen edition all
read a kind from here; none of them branches on a kind's name. Adding a kind is one
entry in KINDS (with its item type and the function that says what it prints), an
icon in `cardgen.render.icons`, and its tests.

Roles name the typographic part a piece of text plays. Each output has one table
that turns a role into its look (`render.face.ROLES`, `render.booklet.ROLES`):

    topic        a small heading in the kind's colour
    main         the card's own words, as large as the card allows
    said-label   "Instead of", over what people tend to say
    said         what people tend to say (a reframe's `instead`)
    try-label    "Try", over what to say instead
    try          what to say instead, at the main size
    note, why    a helper line under the main words
    by, source   who said a quotation, and where
    name         a service's name
    phone        a helpline's number: the largest words on its card
    details      what a service offers, when it is open
    address      a web address, printed as typed and drawn as a QR code
    minutes      how long a practice takes
    content-note what a card talks about (`content_note`), for anyone who would rather
                 set it aside: before every other word an entry prints
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from cardgen.deck.addresses import Address
from cardgen.deck.dates import month_and_year
from cardgen.deck.language import LANGUAGES, table
from cardgen.deck.phones import Number, readable
from cardgen.errors import Position
from cardgen.text.typography import attribution, quotation


@dataclass(frozen=True)
class Field:
    """One key of the deck format: its name, what it holds, and what it is for.

    `kind` is "text", "line", "phone", "address", "date", "region", "tags", "id", "count",
    "language", "labels", "words", or a card kind's name for a list of its entries. A
    count's allowed range is `limits`; `hint` says how to add the field when a required
    one is missing, or how to give the key it `needs`.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    hint: str | None = None
    limits: tuple[int, int] | None = None
    needs: str | None = None  # another key this one makes no sense without


LEVELS = 3  # `level:` runs from 1 (light) to this (deep)

COMMON_FIELDS = (
    Field("id", "id", "An explicit card number (or short code) printed on the card"),
    Field("tags", "tags", "Words for printing a subset with `cardgen build --tag`"),
    Field("level", "count", "How deep the card goes: 1 light (the default), 2, or 3 deep; "
                            "`cardgen build --level N` prints cards up to N",
          hint="1 is a light card, 3 a deep one", limits=(1, LEVELS)),
    Field("content_note", "line", "What the card talks about, printed small before its words "
                                  "(e.g. talks about overdose), so a facilitator can set it "
                                  "aside; `cardgen notes` lists them"),
    Field("translated", "line", "In a translation: the fingerprint of the source card's words "
                                "it was translated from (`cardgen translate` writes it), or "
                                "`no` while it is not yet translated"),
)


@dataclass(frozen=True)
class Item:
    """What every card entry has: its own id, tags, level and content note, and where it is
    in the file."""

    id: str | None
    tags: tuple[str, ...]
    where: Position
    spots: Mapping[str, Position] = field(compare=False, repr=False)  # key -> position of its value
    level: int | None = None  # as written; None: not set, a light card (1)
    content_note: str | None = None
    translated: str | None = None  # in a translation: see COMMON_FIELDS


@dataclass(frozen=True)
class Prompt(Item):
    text: str = ""
    topic: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Reframe(Item):
    instead: str = ""
    try_: str = ""
    why: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Quote(Item):
    text: str = ""
    by: str = ""
    source: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Practice(Item):
    text: str = ""
    minutes: int | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Resource(Item):
    name: str = ""
    phone: Number | None = None
    sms: Number | None = None  # a line people text
    sms_body: str | None = None  # the word they text to it
    url: Address | None = None
    note: str | None = None
    checked: datetime.date | None = None  # when someone last called it or looked it up


class Printed(NamedTuple):
    """One piece of a card's words: its role, its text before typography, the deck key it
    comes from (a field of the entry, or "labels" for a label's word), and what it opens
    when followed (a `tel:`, `sms:` or web address: a link on screen, a QR code on paper).
    A named tuple: every card makes several."""

    role: str
    text: str
    key: str
    link: str | None = None

    @property
    def label(self) -> bool:
        """A label's word (the deck's `labels:`), not the card's own words."""
        return self.key == "labels"


Labels = Mapping[str, str]
T = TypeVar("T", bound=Item)


@dataclass(frozen=True, eq=False)  # each kind is one object: compared by identity
class Kind(Generic[T]):
    """One kind of card.

    `field` is its list's key in a deck (None for the instructions and blank cards,
    which come from `intro:` and `blank_cards:`); `item` its entry type, filled from
    `fields`; `short` the field a bare string fills (`- How are you?`). `label_keys` are
    the keys of the words the kind prints of cardgen's own, whose words in each language
    are in `cardgen.deck.language`'s tables. `travels` kinds go with
    any `--tag` subset; `helpline` kinds are in every booklet, whatever was chosen.
    `lint_words` are the fields checked for words that hurt,
    `lint_length` those checked for sentence length only; `lint_size` is the field
    to shorten when the card prints small (None: not checked).
    """

    name: str
    colour: str
    label_keys: tuple[str, ...]
    field: str | None = None
    item: type[T] | None = None
    fields: tuple[Field, ...] = ()
    shows: Callable[[T, Labels, str], tuple[Printed, ...]] | None = None
    short: str | None = None
    travels: bool = False
    helpline: bool = False
    lint_words: tuple[str, ...] = ()
    lint_length: tuple[str, ...] = ()
    lint_size: str | None = None
    called: str | None = None  # what people call a card of this kind, when not its name

    @property
    def labels(self) -> dict[str, dict[str, str]]:
        """Each of the kind's label keys with its word in every language cardgen has."""
        return {key: {language: table(language)[key] for language in LANGUAGES}
                for key in self.label_keys}

    @property
    def word(self) -> str:
        """The kind as messages name it: "prompt", "helpline"."""
        return self.called or self.name

    @property
    def entries(self) -> bool:
        """Whether a deck lists entries of this kind (prompts, quotes, ...)."""
        return self.field is not None

    def printed(self, item: Item, labels: Labels, language: str) -> tuple[Printed, ...]:
        """What an entry of this kind prints, in reading order, with the deck's `labels`
        and quotation marks for its `language`; empty pieces left out."""
        if self.shows is None or self.item is None or not isinstance(item, self.item):
            raise TypeError(f"a {self.name} card cannot print {type(item).__name__}")
        # A content note comes first, whatever the kind: it is read before the card is.
        note = Printed("content-note", item.content_note or "", "content_note")
        return tuple(piece for piece in (note, *self.shows(item, labels, language)) if piece.text)

    def example(self) -> str:
        """The keys an entry needs, for a message: "instead: ... and try: ..."."""
        required = [f"{f.name}: ..." for f in self.fields if f.required]
        return " and ".join(required)


def _topic(item: Prompt | Reframe | Quote | Practice) -> tuple[Printed, ...]:
    return (Printed("topic", item.topic or "", "topic"),)


def _prompt(item: Prompt, labels: Labels, language: str) -> tuple[Printed, ...]:
    return (*_topic(item), Printed("main", item.text, "text"),
            Printed("note", item.note or "", "note"))


def _reframe(item: Reframe, labels: Labels, language: str) -> tuple[Printed, ...]:
    return (*_topic(item),
            Printed("said-label", labels["instead"], "labels"),
            Printed("said", item.instead, "instead"),
            Printed("try-label", labels["try"], "labels"),
            Printed("try", item.try_, "try"),
            Printed("why", item.why or "", "why"))


def _quote(item: Quote, labels: Labels, language: str) -> tuple[Printed, ...]:
    return (*_topic(item),
            Printed("main", quotation(item.text, language), "text"),
            Printed("by", attribution(item.by, language), "by"),
            Printed("source", item.source or "", "source"))


def _practice(item: Practice, labels: Labels, language: str) -> tuple[Printed, ...]:
    minutes = f"{item.minutes} {labels['minutes']}" if item.minutes else ""
    return (*_topic(item), Printed("main", item.text, "text"),
            Printed("minutes", minutes, "minutes"))


def _resource(item: Resource, labels: Labels, language: str) -> tuple[Printed, ...]:
    phone, sms, url = item.phone, item.sms, item.url
    texting: tuple[Printed, ...] = ()
    if sms is not None:
        words = labels["sms_word"] if item.sms_body else labels["sms"]
        line = words.replace("{word}", item.sms_body or "").replace("{number}", readable(sms))
        texting = (Printed("sms", line, "sms", sms.sms(item.sms_body)),)
    checked = labels["checked"].replace("{date}", month_and_year(item.checked, language)) \
        if item.checked else ""
    if url is not None:
        address = Printed("address", url, "url", url.link)
    elif sms is not None:  # a text line's QR code opens the message, ready to send
        address = Printed("address", readable(sms), "sms", sms.sms(item.sms_body))
    else:
        address = Printed("address", "", "url")
    return (Printed("name", item.name, "name"),
            Printed("phone", readable(phone or ""), "phone", phone.tel if phone else None),
            *texting,
            Printed("details", item.note or "", "note"),
            Printed("checked", checked, "checked"),
            address)


INSTRUCTIONS: Kind[Item] = Kind(
    "instructions", "#3B4654", travels=True,
    label_keys=("instructions",),
)

PROMPT: Kind[Prompt] = Kind(
    "prompt", "#00606B", field="prompts", item=Prompt, shows=_prompt, short="text",
    label_keys=("prompt",),
    fields=(
        Field("text", "text", "The prompt itself", required=True,
              hint="add `text:` with the prompt"),
        Field("topic", "line", "A small heading above the prompt"),
        Field("note", "text", "A helper line printed below the prompt"),
    ) + COMMON_FIELDS,
    lint_words=("text", "topic", "note"), lint_size="text",
)

REFRAME: Kind[Reframe] = Kind(
    "reframe", "#6A3D9A", field="reframes", item=Reframe, shows=_reframe,
    label_keys=("reframe", "instead", "try"),
    fields=(
        Field("instead", "text", "What people tend to say", required=True,
              hint="add `instead:` with what people tend to say"),
        Field("try", "text", "What to say instead", required=True,
              hint="add `try:` with what to say instead"),
        Field("why", "text", "Why the second way helps"),
        Field("topic", "line", "A small heading"),
    ) + COMMON_FIELDS,
    # `instead` is what people tend to say, shown as the thing to replace: it is meant
    # to hold the very words lint flags, so only its sentences are checked.
    lint_words=("try", "why", "topic"), lint_length=("instead",), lint_size="try",
)

QUOTE: Kind[Quote] = Kind(
    "quote", "#1D4F91", field="quotes", item=Quote, shows=_quote,
    label_keys=("quote",),
    fields=(
        Field("text", "text", "The quotation, exactly as said", required=True,
              hint="add `text:` with the quotation"),
        Field("by", "line", "Who said it (quotations are always attributed)", required=True,
              hint="quotations are always printed with who said them; add `by:`"),
        Field("source", "line", "Where it was said or written"),
        Field("topic", "line", "A small heading"),
    ) + COMMON_FIELDS,
    # Quotations are printed as said: putting our words in a quoted person's mouth is
    # worse than any word they chose, so lint reads none of their fields.
)

PRACTICE: Kind[Practice] = Kind(
    "practice", "#2E6B30", field="practices", item=Practice, shows=_practice, short="text",
    label_keys=("practice", "minutes"),
    fields=(
        Field("text", "text", "What to do together, in a sentence or two", required=True,
              hint="add `text:` with what to do"),
        Field("minutes", "count", "About how many minutes it takes", limits=(1, 120)),
        Field("topic", "line", "A small heading"),
    ) + COMMON_FIELDS,
    lint_words=("text", "topic"), lint_size="text",
)

RESOURCE: Kind[Resource] = Kind(
    "resource", "#A3262A", field="resources", item=Resource, shows=_resource, travels=True,
    helpline=True, called="helpline",
    label_keys=("resource", "sms", "sms_word", "checked"),
    fields=(
        Field("name", "line", "The service's name", required=True,
              hint="add `name:` with the service's name"),
        Field("phone", "phone", "Phone number, checked for the deck's `region` and printed as "
                               "written; bare digits are grouped for reading (18006624357 "
                               "prints as 1-800-662-4357); vanity numbers such as "
                               "1-800-FLOWERS are dialled as their digits"),
        Field("sms", "phone", "A number people text, printed as \"Text HOME to 741741\" and "
                             "linked to open the message"),
        Field("sms_body", "line", "The word to text to `sms`, such as HOME", needs="sms",
              hint="add `sms:` with the number to text"),
        Field("url", "address", "Web address (https://...), phone (tel:...) or e-mail "
                                "(mailto:...), printed and drawn as a QR code"),
        Field("note", "text", "Opening hours, languages, what it offers"),
        Field("checked", "date", "When someone last called the number or looked it up, as "
                                 "2026-11-01; printed small on the card (\"checked Nov 2026\")"),
    ) + COMMON_FIELDS,
    lint_words=("name", "note"),
)

BLANK: Kind[Item] = Kind(
    "blank", "#575757",
    label_keys=("blank",),
)

# Every kind, in the order a deck prints them: how to use it first, helplines and
# write-your-own cards last.
KINDS: dict[str, Kind[Any]] = {kind.name: kind for kind in
                               (INSTRUCTIONS, PROMPT, REFRAME, QUOTE, PRACTICE, RESOURCE, BLANK)}
ENTRY_KINDS: tuple[Kind[Any], ...] = tuple(kind for kind in KINDS.values() if kind.entries)
LABEL_KEYS: tuple[str, ...] = tuple(key for kind in KINDS.values() for key in kind.label_keys)


def default_labels(language: str) -> dict[str, str]:
    """Every word cardgen prints itself for a language tag (the kinds' labels and the
    rest of `cardgen.deck.language`'s table), falling back from pt-BR to pt, then English."""
    return dict(table(language))


# What each kind's list in a deck holds, as the schema and the editors describe it.
LIST_DESCRIPTIONS = {
    "prompt": "Conversation prompts: questions to ask",
    "reframe": "What people tend to say, and what to try instead",
    "quote": "Quotations, always with who said them",
    "practice": "Short things to do together, such as a breath before answering",
    "resource": "Helplines and services",
}
# Each entry kind's list in a deck; every entry kind has a field (`is not None` says so to
# the type checker).
LIST_FIELDS = tuple(Field(kind.field, kind.name, LIST_DESCRIPTIONS[kind.name])
                    for kind in ENTRY_KINDS if kind.field is not None)
