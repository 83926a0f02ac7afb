"""The deck: what a YAML deck file holds, as frozen dataclasses, and loading it.

The format is described once: the deck's own keys in FIELDS below, each card kind's
keys in `cardgen.deck.kinds`. The loader checks a file against them and `cardgen.deck.schema`
turns them into JSON Schema for editors. Every problem in a file is collected and
reported together, with its position.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from cardgen.deck.helplines import deck_region, read_address, read_date, read_phone, read_region
from cardgen.deck.ids import check_ids
from cardgen.deck.kinds import ENTRY_KINDS, KINDS, LIST_FIELDS, Field, Item, Kind, default_labels
from cardgen.deck.language import KEYS, TEMPLATES, blanks
from cardgen.deck.sheets import SHEET_SUFFIXES
from cardgen.deck.spreadsheet import read_deck_nodes
from cardgen.deck.theme import DeckTheme, read_theme
from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.source import position

MAX_BLANK_CARDS = 200

# A deck needs at least one card to talk about; helplines alone are not a deck.
CONVERSATION_KINDS = tuple(kind for kind in ENTRY_KINDS if not kind.helpline)

_DECK_FIELDS = (
    Field("title", "line", "The deck's title, printed on every card back and the booklet cover",
          required=True, hint="add a line such as `title: Conversations for families` at the top"),
    Field("short_title", "line", "A short name for the deck, printed in every card's footer and "
                                 "on the tuck box's sides (default: the title, cut at a word to "
                                 "fit)"),
    Field("subtitle", "line", "A line under the title on the booklet cover"),
    Field("language", "language", "BCP 47 language tag such as en, es, pt-BR; drives hyphenation, "
                                  "quotation marks and the words cardgen prints itself"),
    Field("region", "region", "The country the deck is used in, as its two-letter code (ISO "
                              "3166) such as US, DE or MX: every helpline number is checked "
                              "for it (default: `region:` in cardgen.yaml)"),
    Field("author", "line", "Who made the deck"),
    Field("license", "line", "The deck's licence, e.g. CC BY 4.0"),
    Field("version", "line", "The deck's version, printed on the booklet cover"),
    Field("intro", "text", "How to use the deck; becomes an instructions card and the booklet's "
                           "opening page"),
    Field("labels", "labels", "The deck's own wording for any word cardgen prints itself: "
                              "each kind's name, \"Instead of\", the booklet's headings, the "
                              "printing note (the keys of cardgen/deck/languages/en.yaml)"),
    Field("theme", "theme", "The group's own colours (per kind) and logo, for every output"),
    *LIST_FIELDS,
    Field("blank_cards", "count", f"How many write-your-own cards to add (0 to {MAX_BLANK_CARDS})",
          limits=(0, MAX_BLANK_CARDS)),
    Field("avoid", "words",
          "Extra words for `cardgen lint` to flag, each with what to say instead"),
    Field("translation_of", "line", "In a translation: the deck it translates, as a path from "
                                    "this file (e.g. harm-reduction.yaml); cards pair by `id`"),
    Field("translated", "marks", "In a translation: each of the deck's own words (title, intro, "
                                 "labels.prompt, ...) with the fingerprint of the source's "
                                 "words it was translated from, or `no`"),
    Field("cards_from", "line", "A spreadsheet (.csv, .xlsx, .ods) whose rows are more cards "
                                "of this deck, one a row, as a path from this file"),
)
# The deck's own words a translation translates, as `translated:` names them.
DECK_WORDS = ("title", "short_title", "subtitle", "intro", *(f"labels.{key}" for key in KEYS))

ALIASES = {"helplines": "resources"}  # other names a deck may use for a key, as people do

# The deck's own keys, and each kind's entry keys, by kind name. Helplines go with every
# subset (`travels`), so they have no `level`.
FIELDS: dict[str, tuple[Field, ...]] = {
    "deck": _DECK_FIELDS,
    **{kind.name: tuple(f for f in kind.fields if not (kind.travels and f.name == "level"))
       for kind in ENTRY_KINDS},
}
_EVERY_LEVEL = frozenset(kind.name for kind in ENTRY_KINDS if kind.travels)


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
    entries: Mapping[str, tuple[Item, ...]]  # kind name -> its entries, in file order
    blank_cards: int
    avoid: Mapping[str, str] = field(default_factory=dict)  # extra words for lint -> what to say
    short_title: str | None = None  # as written; None: the title, cut to fit where it goes
    theme: DeckTheme = field(default_factory=DeckTheme)
    region: str | None = None  # the deck's, or cardgen.yaml's; None: neither says
    translation_of: Path | None = None  # the source deck's file, from the deck's folder
    translated: Mapping[str, str] = field(default_factory=dict)  # a DECK_WORDS key -> its mark
    # Where each key's value is: "title", "labels", ... and "labels.KEY" for each label.
    spots: Mapping[str, Position] = field(default_factory=dict, compare=False, repr=False)

    @cached_property  # asked for every card: once, not once a card (quadratic)
    def levelled(self) -> bool:
        """Whether any entry sets `level:`: only then do cards print their level's mark."""
        return any(item.level is not None for items in self.entries.values() for item in items)

    def counts(self) -> dict[str, int]:
        """Entries per kind, e.g. {"prompt": 24, "reframe": 16, ...}, every entry kind listed."""
        return {kind.name: len(self.entries.get(kind.name, ())) for kind in ENTRY_KINDS}


_INT = "tag:yaml.org,2002:int"
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def deck_name(path: Path | str) -> str:
    """The deck's name in outputs: the file name without .yaml / .yml (or a spreadsheet's
    suffix, .csv, .xlsx, ...)."""
    name = Path(path).name
    for suffix in (".yaml", ".yml", *SHEET_SUFFIXES):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def load_deck(path: Path | str, shown: str | None = None, region: str | None = None) -> Deck:
    """Read and check one deck file; raise DeckErrors listing every problem.

    `shown` is the path as the user wrote it, for messages; `region` the country its
    helplines are checked for when the deck does not say (cardgen.yaml's `region:`).
    """
    name = shown or str(path)
    nodes = read_deck_nodes(path, name, region)  # YAML, a spreadsheet, or both (cards_from)
    try:
        return deck_from_nodes(nodes.root, nodes.problems, path, name, region)
    except DeckErrors as errors:
        raise nodes.in_cells(errors) from None


def deck_from_nodes(root: yaml.Node, problems: list[DeckError], path: Path | str,
                    shown: str, region: str | None = None) -> Deck:
    """The deck in a node tree from `cardgen.source` (with the problems found reading
    it); raise DeckErrors listing every problem."""
    reader = _Reader(shown, Path(path).parent, region)
    reader.errors.extend(problems)
    deck = reader.deck(root, deck_name(path))
    if reader.errors:
        raise DeckErrors(reader.errors)
    return deck


class _Reader:
    """Turns a checked node tree into a Deck, collecting every problem on the way."""

    def __init__(self, path: str, folder: Path = Path("."), region: str | None = None):
        self.path = path
        self.folder = folder  # the deck file's, where a logo's path starts
        self.region = region  # the deck's own `region:` replaces it, once read
        self.errors: list[DeckError] = []
        self.label_spots: dict[str, Position] = {}  # "labels.KEY" -> where its word is

    def error(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        self.errors.append(DeckError(position(node, self.path), message, hint))

    def deck(self, root: yaml.Node, name: str) -> Deck:
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "a deck must start with keys such as `title:` and `prompts:`",
                       "see `cardgen new` for a starter deck")
            raise DeckErrors(self.errors)
        self.region = deck_region(self, root) or self.region
        values = self.mapping(root, "deck", "the deck")
        spots = {**values.pop("_spots"), **self.label_spots}
        language = values.get("language") or "en"
        labels = default_labels(language)
        labels.update(values.get("labels") or {})
        entries = {kind.name: tuple(values.get(kind.field) or ()) for kind in ENTRY_KINDS
                   if kind.field is not None}
        if not self.errors and not any(entries[kind.name] for kind in CONVERSATION_KINDS):
            keys = [f"`{kind.field}:`" for kind in CONVERSATION_KINDS]
            listed = ", ".join(keys[:-1]) + " or " + keys[-1]
            self.error(root, "the deck has no cards", f"add at least one entry under {listed}")
        deck = Deck(name=name, path=self.path, title=values.get("title", ""),
                    subtitle=values.get("subtitle"), language=language,
                    author=values.get("author"), license=values.get("license"),
                    version=values.get("version"), intro=values.get("intro"), labels=labels,
                    entries=entries, blank_cards=values.get("blank_cards", 0),
                    avoid=values.get("avoid") or {}, short_title=values.get("short_title"),
                    theme=values.get("theme") or DeckTheme(), region=self.region,
                    translation_of=(self.folder / values["translation_of"]
                                    if "translation_of" in values else None),
                    translated=values.get("translated") or {},
                    spots=spots)
        self.errors.extend(check_ids(deck.entries))
        return deck

    def mapping(self, node: yaml.MappingNode, spec: str, what: str) -> dict[str, Any]:
        """Read a mapping against FIELDS[spec]; returns only the good values, each of the
        type its field's kind reads to, and under "_spots" where each key was written."""
        fields = {f.name: f for f in FIELDS[spec]}
        values: dict[str, Any] = {}
        spots: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if spec == "deck" and key in ALIASES:
                key = self.alias(key_node, key, spots)
            if key == "level" and spec in _EVERY_LEVEL:
                self.error(key_node, f"a {KINDS[spec].word} prints at every level: no `level`",
                           "remove `level:`; `cardgen build --level` never leaves it out")
                continue
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
                self.error(node, f"{what} is missing `{f.name}`", f.hint)
            elif f.needs and f.name in spots and f.needs not in spots:
                self.errors.append(DeckError(spots[f.name], f"`{f.name}` needs `{f.needs}`",
                                             f.hint))
        values["_spots"] = spots
        return values

    def alias(self, node: yaml.Node, key: str, spots: Mapping[str, Position]) -> str | None:
        """The key an alias stands for (`helplines:` is `resources:`); None if both are given."""
        meant = ALIASES[key]
        if meant in spots:
            self.error(node, f"`{key}` and `{meant}` are the same list, given twice "
                             f"(`{meant}` at line {spots[meant].line})",
                       "put every helpline under one of them")
            return None
        return meant

    def entries(self, node: yaml.MappingNode,
                known: dict[str, Field]) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """The (key, key node, value node) of each entry of `node` whose key is `known`;
        any other key is reported, with the known one it was probably meant to be."""
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in known:
                yield key, key_node, value_node
            else:
                self.unknown_key(key_node, key, known)

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

    def value(self, spec: Field, node: yaml.Node) -> object:
        """A field's value, of the type its kind reads to; None when it is wrong (the
        problem is recorded)."""
        kind = spec.kind
        if kind in ("text", "line", "language", "id"):
            return self.text(spec, node)
        if kind == "address":
            return read_address(self, spec, node)
        if kind == "phone":
            return read_phone(self, spec, node)
        if kind == "region":
            return read_region(self, spec, node)
        if kind == "date":
            return read_date(self, spec, node)
        if kind == "tags":
            return self.tags(node)
        if kind == "count":
            return self.count(spec, node)
        if kind == "labels":
            return self.labels(node)
        if kind == "words":
            return self.words(node)
        if kind == "marks":
            return self.marks(node)
        if kind == "theme":
            return read_theme(self, node)
        return self.items(spec, node)

    def text(self, spec: Field, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            shape = "a list" if isinstance(node, yaml.SequenceNode) else "keys"
            hint = "put the whole text on one line, or use `|` for several lines"
            self.error(node, f"`{spec.name}` should be text, not {shape}", hint)
            return None
        value = node.value.strip() if node.tag != "tag:yaml.org,2002:null" else ""
        if not value:
            self.error(node, f"`{spec.name}` is empty",
                       "write the text after the colon, or remove the line")
            return None
        if spec.kind == "line":
            value = " ".join(value.split())
        elif spec.kind == "language" and not _LANGUAGE.match(value):
            self.error(node, f"`{value}` is not a language tag",
                       "use a tag such as en, es, fr or pt-BR")
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
        number = None
        if isinstance(node, yaml.ScalarNode) and node.tag == _INT:
            number = _integer(node.value)
        if number is None:
            self.error(node, f"`{spec.name}` should be a whole number, such as 4")
            return None
        low, high = spec.limits or (0, MAX_BLANK_CARDS)
        if not low <= number <= high:
            self.error(node, f"`{spec.name}` is {number}; it must be between {low} and {high}",
                       None if spec.required else spec.hint)
            return None
        return number

    def labels(self, node: yaml.Node) -> dict[str, str] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "`labels` should list a word for each kind, such as `prompt: Ask`")
            return None
        labels = {}
        known = {key: Field(key, "line", "") for key in KEYS}
        for key, _, value_node in self.entries(node, known):
            value = self.text(known[key], value_node)
            missing = [f"{{{name}}}" for name in TEMPLATES.get(key, ()) if value and
                       f"{{{name}}}" not in value]
            strange = [f"{{{name}}}" for name in blanks(value or "")
                       if name not in TEMPLATES.get(key, ())]
            if strange:
                self.error(value_node, f"`labels.{key}` has {' and '.join(strange)}, which "
                                       "cardgen cannot fill",
                           f"write it as in `{key}: {default_labels('en')[key]}`")
            elif missing:
                self.error(value_node, f"`labels.{key}` has no {' or '.join(missing)}",
                           f"write {' and '.join(missing)} where it goes, as in "
                           f"`{key}: {default_labels('en')[key]}`")
            elif value:
                labels[key] = value
                self.label_spots[f"labels.{key}"] = position(value_node, self.path)
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

    def marks(self, node: yaml.Node) -> dict[str, str] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "`translated` should give each of the deck's words a mark, "
                             "such as `title: 4b7d19e2`")
            return None
        known = {key: Field(key, "line", "") for key in DECK_WORDS}
        marks = {key: self.text(known[key], value) for key, _, value in self.entries(node, known)}
        return {key: mark for key, mark in marks.items() if mark}

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

    def item(self, name: str, node: yaml.Node) -> Item | None:
        kind: Kind[Item] = KINDS[name]
        assert kind.item is not None, f"{name} cards are not deck entries"
        where = position(node, self.path)
        if node.tag == "tag:yaml.org,2002:null":
            self.error(node, f"an empty {kind.word} entry",
                       "write the card after '- ', or remove the line")
            return None
        if kind.short and isinstance(node, yaml.ScalarNode):
            spec = next(f for f in kind.fields if f.name == kind.short)
            text = self.text(spec, node)
            if text is None:
                return None
            short: dict[str, Any] = {kind.short: text}  # Any: the item's other fields vary
            return kind.item(id=None, tags=(), where=where, spots={kind.short: where}, **short)
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"a {kind.word} needs keys ({kind.example()})")
            return None
        values = self.mapping(node, name, f"this {kind.word}")
        spots = values.pop("_spots")
        if any(f.name not in values for f in kind.fields if f.required):
            return None
        # `try` is a Python keyword: the item keeps it as `try_`.
        values = {("try_" if key == "try" else key): value for key, value in values.items()}
        values.setdefault("id", None)
        values.setdefault("tags", ())
        return kind.item(where=where, spots=spots, **values)


def _integer(text: str) -> int | None:
    """A YAML integer as written (4, 1_000, 0x1f, 0o17), or None for the odd forms it also
    allows."""
    digits = text.replace("_", "")
    for base in (10, 0):
        try:
            return int(digits, base)
        except ValueError:
            continue
    return None

