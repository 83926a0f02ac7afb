"""`cardgen translate`: a translation linked to its source deck, card by card.

A translation names its source (`translation_of:`) and pairs its cards with the
source's by `id`. Each of its cards says what it was translated from (`translated:`):
`no` while it is not yet translated, else a fingerprint of the source card's words as
they were then (deck.translation.card_fingerprint). When the source's words change,
the fingerprints no longer match and the card is out of date until someone edits the
translation and writes the new fingerprint (`translate done` does, for the cards it is
told). The deck's own words (title, intro, labels) are tracked the same way, in the
deck's `translated:` keys.

Every file is edited in place (tools.yamledit), read back and checked before it is
written whole; comments and layout stay as they were.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from cardgen.deck.ids import free_number
from cardgen.deck.kinds import ENTRY_KINDS, Item, Kind
from cardgen.deck.model import ALIASES, Deck, deck_from_nodes, deck_name, load_deck
from cardgen.deck.spreadsheet import read_deck_nodes
from cardgen.deck.translation import (
    NOT_YET,
    Standing,
    by_id,
    deck_words,
    load_source,
    standings,
    unpaired,
)
from cardgen.errors import CardgenError, DeckError, DeckErrors, Position
from cardgen.source import parse_nodes, read_text
from cardgen.tools.yamledit import Edits, checked, key_node, render, write_whole

_SHOWN = 80  # characters of the source's words a message quotes


@dataclass(frozen=True)
class Doc:
    """A deck file as text, as YAML nodes and as a Deck, read once."""

    path: Path
    shown: str
    text: str  # empty for a deck kept in a spreadsheet
    root: yaml.MappingNode
    deck: Deck

    def editable(self, command: str) -> Doc:
        """This deck, or CardgenError if it is kept in a spreadsheet: `command` edits a
        deck's YAML text in place, keeping its comments, and a sheet has none."""
        if not self.text:
            raise CardgenError(f"{self.shown}: `cardgen translate {command}` writes into a "
                               "deck's YAML file, and this deck's cards are in a spreadsheet"
                               f"\n  hint: translate it as YAML: `cardgen convert {self.shown} "
                               f"{Path(self.shown).with_suffix('.yaml')}`; `translate status` "
                               "and `export` read a spreadsheet as it is")
        return self

    def entries(self) -> Iterator[tuple[Kind, Item, yaml.Node]]:
        """Each entry with its node, in print order."""
        for kind in ENTRY_KINDS:
            found = self.list_node(kind)
            nodes = found.value if isinstance(found, yaml.SequenceNode) else []
            yield from ((kind, item, node) for item, node in
                        zip(self.deck.entries.get(kind.name, ()), nodes, strict=True))

    def list_node(self, kind: Kind) -> yaml.Node | None:
        names = [kind.field, *(alias for alias, meant in ALIASES.items() if meant == kind.field)]
        for name in names:
            found = key_node(self.root, name) if name else None
            if found is not None:
                return found[1]
        return None


def read_doc(path: Path, shown: str | None = None, text: str | None = None) -> Doc:
    """Read the deck at `path` (or `text`, as if it were there); DeckErrors for its mistakes.
    A deck whose cards are in a spreadsheet is read (its text empty), never edited."""
    shown = shown or str(path)
    if text is None:
        nodes = read_deck_nodes(path, shown)
        if nodes.cards_at is not None:  # a sheet's cells, not a YAML file's lines
            assert isinstance(nodes.root, yaml.MappingNode)  # a deck that loads is keys
            return Doc(path, shown, "", nodes.root, load_deck(path, shown))
    text = read_text(path, shown) if text is None else text
    root, problems = parse_nodes(text, shown)
    deck = deck_from_nodes(root, problems, path, shown)
    assert isinstance(root, yaml.MappingNode)  # a deck that loads is keys
    return Doc(path, shown, text, root, deck)


def read_pair(path: Path, shown: str) -> tuple[Doc, Doc]:
    """A translation and its source, each read."""
    translation = read_doc(path, shown)
    source = load_source(translation.deck)  # its mistakes, or a missing file, said here
    assert translation.deck.translation_of is not None  # load_source checked it
    return translation, read_doc(translation.deck.translation_of, source.path)


# --- start ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    """What `translate start` did: ids given in the source, the translation it wrote
    (made new, or with the cards it lacked added)."""

    ids_given: int
    translation: Path
    made: bool
    added: tuple[str, ...]


def start(source_path: Path, language: str, shown: str | None = None) -> Started:
    """Give the source's cards ids where they have none, then write its translation into
    `language` beside it (SOURCE_STEM.LANGUAGE.yaml), or add to it the cards it lacks."""
    source = read_doc(source_path, shown).editable("start")
    if source.deck.translation_of is not None:
        raise DeckErrors([DeckError(source.deck.spots["translation_of"],
                                    "this deck is itself a translation",
                                    "start a translation from the deck it translates")])
    target = source.path.with_name(f"{deck_name(source.path)}.{language}.yaml")
    target_shown = os.path.join(os.path.dirname(source.shown), target.name)
    if target.exists():  # before any edit: a file there that is not its translation stops it
        _check_link(read_doc(target, target_shown), source)
    given = _give_ids(source)
    if given:
        new = checked(given[0], lambda text: _same_but_ids(source, text, given[1]), source.shown)
        write_whole(source.path, source.text, new)
        source = read_doc(source_path, shown, new)
    if target.exists():
        added = _add_missing(read_doc(target, target_shown), source)
        return Started(len(given[1]) if given else 0, target, False, added)
    text = _translation_text(source, language, target)
    new = checked(text, lambda made: _all_untranslated(target, made, target_shown), target_shown)
    write_whole(target, "", new)
    return Started(len(given[1]) if given else 0, target, True, ())


def _give_ids(source: Doc) -> tuple[str, dict[int, str]] | None:
    """The source's text with an id for every card that has none (its place number while
    no card has an id, else the next free number), and the ids given by place."""
    entries = list(source.entries())
    if all(item.id is not None for _, item, _ in entries):
        return None
    numbered = all(item.id is None for _, item, _ in entries)
    free, given, edits = free_number(source.deck.entries), {}, Edits(source.text)
    for place, (kind, item, node) in enumerate(entries, start=1):
        if item.id is not None:
            continue
        given[place] = str(place) if numbered else str(free)
        free += 0 if numbered else 1
        written = json.dumps(given[place])
        if isinstance(node, yaml.ScalarNode) and kind.short:
            edits.to_mapping(node, kind.short, getattr(item, kind.short), [("id", written)])
        else:
            assert isinstance(node, yaml.MappingNode)
            edits.set_value(node, "id", written, raw=True)  # last: every line kept as it was
    return edits.apply(), given


def _same_but_ids(source: Doc, text: str, given: Mapping[int, str]) -> str | None:
    """What is wrong with `text` as `source` with the ids `given` (None: nothing)."""
    after = read_doc(source.path, source.shown, text)
    old = [item for _, item, _ in source.entries()]
    new = [item for _, item, _ in after.entries()]
    for place, (before, now) in enumerate(zip(old, new, strict=True), start=1):
        if now.id != given.get(place, before.id) or _bare(now) != _bare(before):
            return f"card {place}"
    return None if after.deck.title == source.deck.title else "the title"


def _bare(item: Item) -> dict:
    return {key: value for key, value in vars(item).items()
            if key not in ("id", "where", "spots", "translated")}


def _translation_text(source: Doc, language: str, target: Path) -> str:
    """The source's text as a translation into `language`: every card and deck word in
    place, marked `no`; the source's comments kept."""
    edits, root = Edits(source.text), source.root
    found = key_node(root, "language")
    marks = "".join(f"\n  {key}: {NOT_YET}" for key in deck_words(source.deck))
    link = (f"translation_of: {render(os.path.relpath(source.path, target.parent), 0)}"
            f"\ntranslated:{marks}\n")
    if found is not None:
        edits.replace(found[1], render(language, 0))
        edits.insert(edits.line_after(found[1]), link)
    else:
        edits.insert(edits.line_after(root.value[0][1]), f"language: {language}\n{link}")
    first = source.text.split("\n", 1)[0]
    top = len(first) + 1 if first.startswith("# yaml-language-server") else 0
    edits.insert(top, f"# A translation of {source.path.name}: `cardgen translate status "
                      f"{target.name}` lists what is left to translate.\n")
    for _, _, node in source.entries():
        assert isinstance(node, yaml.MappingNode)  # every card has an id by now
        edits.set_value(node, "translated", NOT_YET, raw=True)
    return edits.apply()


def _all_untranslated(target: Path, text: str, shown: str) -> str | None:
    made = read_doc(target, shown, text)
    states = {standing.state for standing in standings(made.deck, load_source(made.deck))}
    return None if states <= {"untranslated"} else f"cards {', '.join(sorted(states))}"


def _add_missing(translation: Doc, source: Doc) -> tuple[str, ...]:
    """Add the source's cards the translation lacks, marked `no`, each after the card
    that comes before it in the source; return their ids."""
    _check_link(translation, source)
    mine = {key: node for kind, item, node in translation.entries()
            for key in [item.id] if key is not None}
    edits, added = Edits(translation.text), []
    for kind in ENTRY_KINDS:
        listed = translation.list_node(kind)
        previous: yaml.Node | None = None
        for item, node in [(item, node) for k, item, node in source.entries() if k is kind]:
            if item.id in mine:
                previous = mine[item.id]
                continue
            added.append(str(item.id))
            edits.insert(*_new_card(translation, source, node, listed, previous, kind))
    if not added:
        return ()
    new = edits.apply()

    def check(text: str) -> str | None:
        now = read_doc(translation.path, translation.shown, text)
        ours = by_id(now.deck)
        lost = [key for key in mine if key not in ours]
        absent = [key for key in added if key not in ours or ours[key][1].translated != NOT_YET]
        return f"cards {', '.join(lost + absent)}" if lost or absent else None

    write_whole(translation.path, translation.text,
                checked(new, check, translation.shown))
    return tuple(added)


def _new_card(translation: Doc, source: Doc, node: yaml.Node, listed: yaml.Node | None,
              previous: yaml.Node | None, kind: Kind) -> tuple[int, str]:
    """Where a source card goes in the translation, and its text there, marked `no`."""
    if previous is not None:
        column, at = previous.start_mark.column, _line_end(translation.text, previous)
    elif isinstance(listed, yaml.SequenceNode) and listed.value:
        first = listed.value[0]
        column = first.start_mark.column
        at = translation.text.rfind("\n", 0, first.start_mark.index) + 1
    else:
        raise CardgenError(f"{translation.shown}: no `{kind.field}:` list to add the source's "
                           f"{kind.word} cards to; add `{kind.field}:` with one card, then "
                           "run `cardgen translate start` again")
    body = source.text[node.start_mark.index:_line_end(source.text, node)].rstrip()
    shift = column - node.start_mark.column
    lines = body.split("\n")
    lines = lines[:1] + [(" " * shift + line if shift >= 0 else line[-shift:])
                         if line.strip() else "" for line in lines[1:]]
    lines.append(" " * column + f"translated: {NOT_YET}")
    return at, " " * (column - 2) + "- " + "\n".join(lines) + "\n"


def _line_end(text: str, node: yaml.Node) -> int:
    edits = Edits(text)
    last = node.value[-1][1] if isinstance(node, yaml.MappingNode) and node.value else node
    return edits.line_after(last)


def _check_link(translation: Doc, source: Doc) -> None:
    named = translation.deck.translation_of
    if named is None or not named.exists() or not named.samefile(source.path):
        where = translation.deck.spots.get("translation_of") or Position(translation.shown, 1, 1)
        raise DeckErrors([DeckError(where, f"{translation.path.name} is already there and is "
                                           f"not a translation of {source.path.name}",
                                    "move it away, or write `translation_of: "
                                    f"{source.path.name}` in it")])


# --- status and done -------------------------------------------------------------------


def quoted(now: Mapping[str, str]) -> str:
    """The source's words for a message: `text: "..."`, each cut to _SHOWN characters."""
    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "\u2026"
    return ", ".join(f"{key}: {json.dumps(cut(value), ensure_ascii=False)}"
                     for key, value in now.items())


def problem(standing: Standing, translation: str, source: str) -> DeckError:
    """What `translate status` says of a card that is not done, at its line."""
    name, state = standing.name, standing.state
    if state == "untranslated":
        return DeckError(standing.where, f"{name} is not yet translated",
                         f"translate it, then write `translated: {standing.mark}`")
    if state == "outdated":
        return DeckError(standing.where, f"{name} is out of date: the source now says "
                                         f"{quoted(standing.now)}",
                         f"once the translation matches, write `translated: {standing.mark}`")
    if state == "missing":
        return DeckError(standing.where, f"{name} is missing: the source says "
                                         f"{quoted(standing.now)}",
                         f"`cardgen translate start {source} --language LANGUAGE` adds the "
                         "missing cards, marked `translated: no`"
                         if not standing.key.startswith("deck.") else
                         f"add `{standing.key[5:]}:` with its translation")
    return DeckError(standing.where, f"{name} is not in the source: no card there has "
                                     f"id `{standing.key}`",
                     "remove it, or give it the id of the card it translates")


@dataclass(frozen=True)
class Status:
    """How far a translation is: each card's standing, and the source's cards that have
    no id (which no translation can pair with)."""

    standings: tuple[Standing, ...]
    unpaired: tuple[DeckError, ...]

    def count(self, state: str) -> int:
        return sum(1 for standing in self.standings if standing.state == state)

    @property
    def total(self) -> int:
        return len(self.standings) - self.count("extra") + len(self.unpaired)

    @property
    def complete(self) -> bool:
        return self.count("done") == len(self.standings) and not self.unpaired


def status(path: Path, shown: str) -> tuple[Doc, Status]:
    """A translation's status against its source."""
    translation = read_doc(path, shown)
    source = load_source(translation.deck)
    loose = tuple(DeckError(item.where, "this card has no id, so no translation can pair "
                                        "with it",
                            f"`cardgen translate start {source.path} --language "
                            f"{translation.deck.language}` gives every card one")
                  for item in unpaired(source))
    return translation, Status(tuple(standings(translation.deck, source)), loose)


def outdated(deck: Deck) -> list[tuple[Position, str]]:
    """`cardgen lint`'s findings on a translation: its out-of-date cards, at their lines."""
    return [(standing.where, f"{standing.name} is out of date: the source now says "
                             f"{quoted(standing.now)}; once the translation matches, write "
                             f"`translated: {standing.mark}`")
            for standing in standings(deck, load_source(deck)) if standing.state == "outdated"]


def mark_done(path: Path, shown: str, keys: tuple[str, ...]) -> tuple[list[Standing], int]:
    """Write the source's current fingerprint on the cards named by `keys` (ids, or
    deck.KEY for the deck's words), or, with none named, on every card that is out of
    date; never on a card marked `no` unless it is named. Returns the cards marked and
    how many are still marked `no`."""
    translation, state = status(path, shown)
    known = {standing.key: standing for standing in state.standings}
    for key in keys:
        if key not in known or known[key].state in ("missing", "extra"):
            raise CardgenError(f"{shown}: no card `{key}` in both the translation and its "
                               "source; `cardgen translate status` lists them")
    chosen = [known[key] for key in dict.fromkeys(keys)] if keys else \
        [standing for standing in state.standings if standing.state == "outdated"]
    chosen = [standing for standing in chosen if standing.state != "done"]
    if chosen:
        write_marks(translation, {standing.key: standing.mark for standing in chosen})
    left = sum(1 for standing in state.standings if standing.state == "untranslated"
               and standing not in chosen)
    return chosen, left


def write_marks(translation: Doc, marks: Mapping[str, str],
                texts: Mapping[str, Mapping[str, str]] | None = None,
                command: str = "done") -> None:
    """Write `marks` (a card id or deck.KEY -> its `translated:`) and `texts` (the same
    keys -> field -> words) into the translation, in place, checked by reading it back."""
    texts = texts or {}
    edits, root = Edits(translation.editable(command).text), translation.root
    nodes = {item.id: node for _, item, node in translation.entries() if item.id is not None}
    deck_marks = {key[5:]: mark for key, mark in marks.items() if key.startswith("deck.")}
    for key in dict.fromkeys([*marks, *texts]):
        if key.startswith("deck."):
            for field, value in texts.get(key, {}).items():
                _set_deck_word(edits, root, field, value)
            continue
        node = nodes[key]
        assert isinstance(node, yaml.MappingNode)  # a card with an id has keys
        for field, value in texts.get(key, {}).items():
            edits.set_value(node, field, value)
        if key in marks:
            edits.set_value(node, "translated", marks[key], raw=True)
    if deck_marks:
        _set_deck_marks(edits, translation, deck_marks)

    def check(text: str) -> str | None:
        now = read_doc(translation.path, translation.shown, text).deck
        ours = {key: item for key, (_, item) in by_id(now).items()}
        for key, mark in marks.items():
            got = now.translated.get(key[5:]) if key.startswith("deck.") else ours[key].translated
            if got != mark:
                return f"the mark of `{key}`"
        return None

    write_whole(translation.path, translation.text, checked(edits.apply(), check,
                                                            translation.shown))


def _set_deck_word(edits: Edits, root: yaml.MappingNode, key: str, value: str) -> None:
    if not key.startswith("labels."):
        edits.set_value(root, key, value)
        return
    labels = key_node(root, "labels")
    if labels is None or not isinstance(labels[1], yaml.MappingNode):
        raise CardgenError("the translation has no `labels:` to write "
                           f"`{key}` in; add `labels:` with it by hand")
    edits.set_value(labels[1], key[len("labels."):], value)


def _set_deck_marks(edits: Edits, translation: Doc, marks: Mapping[str, str]) -> None:
    found = key_node(translation.root, "translated")
    if found is not None and isinstance(found[1], yaml.MappingNode):
        for key, mark in marks.items():
            edits.set_value(found[1], key, mark, raw=True)
        return
    if found is not None:
        raise CardgenError(f"{translation.shown}: `translated:` should list the deck's words")
    link = key_node(translation.root, "translation_of")
    assert link is not None  # a translation names its source
    block = "translated:" + "".join(f"\n  {key}: {mark}" for key, mark in marks.items()) + "\n"
    edits.insert(edits.line_after(link[1]), block)
