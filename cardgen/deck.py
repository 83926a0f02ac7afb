"""The deck: what a YAML deck file holds, as frozen dataclasses, and loading it.

The format is described once, in the FIELDS tables below; the loader checks a
file against them and `cardgen.schema` turns them into JSON Schema for editors.
Every problem in a file is collected and reported together, with its position.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import yaml

from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.source import position, read_nodes

MAX_BLANK_CARDS = 200
KINDS = ("prompt", "reframe", "quote", "resource")


@dataclass(frozen=True)
class Field:
    """One key of the format: its name, what it holds, and what it is for."""

    name: str
    kind: str  # "text", "line", "tags", "id", "count", "language", "labels", "words", or a card kind
    description: str
    required: bool = False


_CARD_COMMON = (
    Field("id", "id", "An explicit card number (or short code) printed on the card"),
    Field("tags", "tags", "Words for printing a subset with `cardgen build --tag`"),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "deck": (
        Field("title", "line", "The deck's title, printed on every card back and the booklet cover",
              required=True),
        Field("subtitle", "line", "A line under the title on the booklet cover"),
        Field("language", "language", "BCP 47 language tag such as en, es, pt-BR; drives hyphenation, "
                                      "quotation marks and default labels"),
        Field("author", "line", "Who made the deck"),
        Field("license", "line", "The deck's licence, e.g. CC BY 4.0"),
        Field("version", "line", "The deck's version, printed on the booklet cover"),
        Field("intro", "text", "How to use the deck; becomes an instructions card and the booklet's "
                               "opening page"),
        Field("labels", "labels", "The words printed for each kind of card"),
        Field("prompts", "prompt", "Conversation prompts: questions to ask"),
        Field("reframes", "reframe", "What people tend to say, and what to try instead"),
        Field("quotes", "quote", "Quotations, always with who said them"),
        Field("resources", "resource", "Helplines and services"),
        Field("blank_cards", "count", f"How many write-your-own cards to add (0 to {MAX_BLANK_CARDS})"),
        Field("avoid", "words", "Extra words for `cardgen lint` to flag, each with what to say instead"),
    ),
    "prompt": (
        Field("text", "text", "The prompt itself", required=True),
        Field("topic", "line", "A small heading above the prompt"),
        Field("note", "text", "A helper line printed below the prompt"),
    ) + _CARD_COMMON,
    "reframe": (
        Field("instead", "text", "What people tend to say", required=True),
        Field("try", "text", "What to say instead", required=True),
        Field("why", "text", "Why the second way helps"),
        Field("topic", "line", "A small heading"),
    ) + _CARD_COMMON,
    "quote": (
        Field("text", "text", "The quotation, exactly as said", required=True),
        Field("by", "line", "Who said it (quotations are always attributed)", required=True),
        Field("source", "line", "Where it was said or written"),
        Field("topic", "line", "A small heading"),
    ) + _CARD_COMMON,
    "resource": (
        Field("name", "line", "The service's name", required=True),
        Field("phone", "line", "Phone number, printed as written"),
        Field("url", "line", "Web address, printed and drawn as a QR code"),
        Field("note", "text", "Opening hours, languages, what it offers"),
    ) + _CARD_COMMON,
}

LABEL_KEYS = ("prompt", "reframe", "quote", "resource", "instructions", "blank", "instead", "try")

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "en": {"prompt": "Ask", "reframe": "Try saying", "quote": "Words to hold", "resource": "Help",
           "instructions": "How to use", "blank": "Your card", "instead": "Instead of", "try": "Try"},
    "es": {"prompt": "Pregunta", "reframe": "Prueba decir", "quote": "Palabras para guardar",
           "resource": "Ayuda", "instructions": "Cómo usarlo", "blank": "Tu carta",
           "instead": "En vez de", "try": "Prueba"},
    "fr": {"prompt": "Question", "reframe": "Essayez de dire", "quote": "Des mots à garder",
           "resource": "Aide", "instructions": "Mode d’emploi", "blank": "Votre carte",
           "instead": "Au lieu de", "try": "Essayez"},
    "de": {"prompt": "Frage", "reframe": "Versuch es so", "quote": "Worte zum Mitnehmen",
           "resource": "Hilfe", "instructions": "So geht es", "blank": "Deine Karte",
           "instead": "Statt", "try": "Versuch"},
    "pt": {"prompt": "Pergunta", "reframe": "Tente dizer", "quote": "Palavras para guardar",
           "resource": "Ajuda", "instructions": "Como usar", "blank": "Sua carta",
           "instead": "Em vez de", "try": "Tente"},
}


@dataclass(frozen=True)
class Item:
    """What every card entry has: its own id, tags, and where it is in the file."""

    id: str | None
    tags: tuple[str, ...]
    where: Position
    spots: Mapping[str, Position] = field(compare=False, repr=False)  # key -> position of its value


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
class Resource(Item):
    name: str = ""
    phone: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Deck:
    name: str  # the file name without .yaml: names the outputs
    path: str  # as the user gave it, for messages
    title: str
    subtitle: str | None
    language: str
    author: str | None
    license: str | None
    version: str | None
    intro: str | None
    labels: Mapping[str, str]
    prompts: tuple[Prompt, ...]
    reframes: tuple[Reframe, ...]
    quotes: tuple[Quote, ...]
    resources: tuple[Resource, ...]
    blank_cards: int
    avoid: Mapping[str, str] = field(default_factory=dict)  # extra words for lint -> what to say
    spots: Mapping[str, Position] = field(default_factory=dict, compare=False, repr=False)

    def counts(self) -> dict[str, int]:
        """Entries per kind, e.g. {"prompt": 24, "reframe": 16, ...}."""
        return {"prompt": len(self.prompts), "reframe": len(self.reframes),
                "quote": len(self.quotes), "resource": len(self.resources)}


_INT = "tag:yaml.org,2002:int"
_ITEM_TYPES = {"prompt": Prompt, "reframe": Reframe, "quote": Quote, "resource": Resource}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def deck_name(path: Path | str) -> str:
    """The deck's name in outputs: the file name without .yaml / .yml."""
    name = Path(path).name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def load_deck(path: Path | str, display: str | None = None) -> Deck:
    """Read and check one deck file; raise DeckErrors listing every problem."""
    name = display or str(path)
    root, problems = read_nodes(path, name)
    reader = _Reader(name)
    reader.errors.extend(problems)
    deck = reader.deck(root, deck_name(path))
    if reader.errors:
        raise DeckErrors(reader.errors)
    return deck


def default_labels(language: str) -> dict[str, str]:
    """Labels for a language tag, falling back from pt-BR to pt, then to English."""
    base = language.split("-")[0].lower()
    return dict(DEFAULT_LABELS.get(base, DEFAULT_LABELS["en"]))


class _Reader:
    """Turns a checked node tree into a Deck, collecting every problem on the way."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[DeckError] = []

    def error(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        self.errors.append(DeckError(position(node, self.path), message, hint))

    def deck(self, root: yaml.Node, name: str) -> Deck:
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "a deck must start with keys such as `title:` and `prompts:`",
                       "see `cardgen new` for a starter deck")
            raise DeckErrors(self.errors)
        values = self.mapping(root, "deck", "the deck")
        spots = values.pop("_spots")
        language = values.get("language") or "en"
        labels = default_labels(language)
        labels.update(values.get("labels") or {})
        items = {kind: tuple(values.get(kind + "s") or ()) for kind in KINDS}
        if not self.errors and not any(items[k] for k in ("prompt", "reframe", "quote")):
            self.error(root, "the deck has no cards",
                       "add at least one entry under `prompts:`, `reframes:` or `quotes:`")
        deck = Deck(name=name, path=self.path, title=values.get("title", ""),
                    subtitle=values.get("subtitle"), language=language,
                    author=values.get("author"), license=values.get("license"),
                    version=values.get("version"), intro=values.get("intro"), labels=labels,
                    prompts=items["prompt"], reframes=items["reframe"], quotes=items["quote"],
                    resources=items["resource"], blank_cards=values.get("blank_cards", 0),
                    avoid=values.get("avoid") or {}, spots=spots)
        self.check_ids(deck)
        return deck

    def mapping(self, node: yaml.MappingNode, spec: str, what: str) -> dict:
        """Read a mapping against FIELDS[spec]; returns only the good values."""
        fields = {f.name: f for f in FIELDS[spec]}
        values: dict = {}
        spots: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in fields:
                suggested = self.unknown_key(key_node, key, fields)
                if suggested:  # "did you mean `text`?" already covers the missing `text`
                    spots.setdefault(suggested, position(key_node, self.path))
                continue
            spots[key] = position(value_node, self.path)
            value = self.value(fields[key], value_node)
            if value is not None:
                values[key] = value
        for f in fields.values():
            if f.required and f.name not in spots:
                self.error(node, f"{what} is missing `{f.name}`", _missing_hint(spec, f.name))
        values["_spots"] = spots
        return values

    def unknown_key(self, node: yaml.Node, key: str | None, fields: dict[str, Field]) -> str | None:
        """Report a key the format does not have; return the key it was probably meant to be."""
        if key is None:
            self.error(node, "a key must be a plain word")
            return None
        close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
        if close:
            self.error(node, f"`{key}`: unknown key; did you mean `{close[0]}`?")
            return close[0]
        known = ", ".join(f"`{name}`" for name in fields)
        self.error(node, f"`{key}`: unknown key", f"the keys here are {known}")
        return None

    def value(self, spec: Field, node: yaml.Node):
        kind = spec.kind
        if kind in ("text", "line", "language", "id"):
            return self.text(spec, node)
        if kind == "tags":
            return self.tags(node)
        if kind == "count":
            return self.count(spec, node)
        if kind == "labels":
            return self.labels(node)
        if kind == "words":
            return self.words(node)
        return self.items(spec, node)

    def text(self, spec: Field, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            shape = "a list" if isinstance(node, yaml.SequenceNode) else "keys"
            hint = "put the whole text on one line, or use `|` for several lines"
            self.error(node, f"`{spec.name}` should be text, not {shape}", hint)
            return None
        value = node.value.strip() if node.tag != "tag:yaml.org,2002:null" else ""
        if not value:
            self.error(node, f"`{spec.name}` is empty", "write the text after the colon, or remove the line")
            return None
        if spec.kind == "line":
            value = " ".join(value.split())
        elif spec.kind == "language" and not _LANGUAGE.match(value):
            self.error(node, f"`{value}` is not a language tag", "use a tag such as en, es, fr or pt-BR")
            return None
        return value

    def tags(self, node: yaml.Node) -> tuple[str, ...] | None:
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            return (node.value.strip(),) if node.value.strip() else ()
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, "`tags` should be a list such as [opening, family]")
            return None
        tags = []
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
                self.error(item, "each tag should be a single word or phrase")
            else:
                tags.append(item.value.strip())
        return tuple(tags)

    def count(self, spec: Field, node: yaml.Node) -> int | None:
        number = _integer(node.value) if isinstance(node, yaml.ScalarNode) and node.tag == _INT else None
        if number is None:
            self.error(node, f"`{spec.name}` should be a whole number, such as 4")
            return None
        if not 0 <= number <= MAX_BLANK_CARDS:
            self.error(node, f"`{spec.name}` is {number}; it must be between 0 and {MAX_BLANK_CARDS}")
            return None
        return number

    def labels(self, node: yaml.Node) -> dict[str, str] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "`labels` should list a word for each kind, such as `prompt: Ask`")
            return None
        labels = {}
        known = {key: Field(key, "line", "") for key in LABEL_KEYS}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in known:
                self.unknown_key(key_node, key, known)
                continue
            value = self.text(known[key], value_node)
            if value:
                labels[key] = value
        return labels

    def words(self, node: yaml.Node) -> dict[str, str] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "`avoid` should list words with what to say instead, such as "
                             "`druggie: person who uses drugs`")
            return None
        words = {}
        for key_node, value_node in node.value:
            word = key_node.value.strip() if isinstance(key_node, yaml.ScalarNode) else ""
            instead = self.text(Field(word or "avoid", "line", ""), value_node)
            if not word:
                self.error(key_node, "each word to avoid should be plain text")
            elif instead:
                words[word] = instead
        return words

    def items(self, spec: Field, node: yaml.Node) -> tuple[Item, ...] | None:
        if node.tag == "tag:yaml.org,2002:null":
            return ()
        if not isinstance(node, yaml.SequenceNode):
            shape = "text" if isinstance(node, yaml.ScalarNode) else "keys"
            self.error(node, f"`{spec.name}` should be a list of {spec.name}, not {shape}",
                       "start each entry on its own line with '- '")
            return None
        items = []
        for entry in node.value:
            item = self.item(spec.kind, entry)
            if item is not None:
                items.append(item)
        return tuple(items)

    def item(self, kind: str, node: yaml.Node) -> Item | None:
        where = position(node, self.path)
        if node.tag == "tag:yaml.org,2002:null":
            self.error(node, f"an empty {kind} entry", "write the card after '- ', or remove the line")
            return None
        if kind == "prompt" and isinstance(node, yaml.ScalarNode):
            text = self.text(FIELDS["prompt"][0], node)
            if text is None:
                return None
            return Prompt(id=None, tags=(), where=where, spots={"text": where}, text=text)
        if not isinstance(node, yaml.MappingNode):
            example = {"prompt": "text: ...", "reframe": "instead: ... and try: ...",
                       "quote": "text: ... and by: ...", "resource": "name: ..."}[kind]
            self.error(node, f"a {kind} needs keys ({example})")
            return None
        values = self.mapping(node, kind, f"this {kind}")
        spots = values.pop("_spots")
        required = [f.name for f in FIELDS[kind] if f.required]
        if any(name not in values for name in required):
            return None
        values = {("try_" if key == "try" else key): value for key, value in values.items()}
        values.setdefault("id", None)
        values.setdefault("tags", ())
        return _ITEM_TYPES[kind](where=where, spots=spots, **values)

    def check_ids(self, deck: Deck) -> None:
        seen: dict[str, Item] = {}
        for item in (*deck.prompts, *deck.reframes, *deck.quotes, *deck.resources):
            if item.id is None:
                continue
            if item.id in seen:
                first = seen[item.id].where
                self.errors.append(DeckError(item.spots["id"], f"id `{item.id}` is already used at line "
                                                               f"{first.line}", "give each card its own id"))
            else:
                seen[item.id] = item


def _integer(text: str) -> int | None:
    """A YAML integer as written (4, 1_000, 0x1f, 0o17), or None for the odd forms it also allows."""
    digits = text.replace("_", "")
    for base in (10, 0):
        try:
            return int(digits, base)
        except ValueError:
            continue
    return None


def _missing_hint(spec: str, name: str) -> str | None:
    return {
        ("deck", "title"): "add a line such as `title: Conversations for families` at the top",
        ("reframe", "try"): "add `try:` with what to say instead",
        ("reframe", "instead"): "add `instead:` with what people tend to say",
        ("quote", "by"): "quotations are always printed with who said them; add `by:`",
        ("quote", "text"): "add `text:` with the quotation",
        ("prompt", "text"): "add `text:` with the prompt",
        ("resource", "name"): "add `name:` with the service's name",
    }.get((spec, name))
