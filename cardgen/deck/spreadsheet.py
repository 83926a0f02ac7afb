"""A deck read from a spreadsheet, or from YAML and a spreadsheet together: the node tree
`cardgen.deck.model` checks, with what it needs to say each problem at its cell.

A workbook holds its settings in a sheet named `deck` (`key | value` rows: `title`,
`label prompt | Ask`, `colour prompt | #0B6E4F`, `logo | logo.png`, `avoid WORD |
instead`) and its cards on the sheet named `cards`, or the first other one. A CSV file
takes its settings from a YAML file of the same name beside it (one that lists no cards
of its own), or a YAML deck names it with `cards_from:`; alone, it is titled after its
file's name. The card rows themselves are `cardgen.deck.rows`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from cardgen.deck.kinds import ENTRY_KINDS, default_labels
from cardgen.deck.rows import (
    AS_TEXT,
    INT,
    MAP,
    NULL,
    SEQ,
    STR,
    Cards,
    CellMark,
    Header,
    kind_words,
    scalar,
)
from cardgen.deck.sheets import (
    WORKBOOK_SUFFIXES,
    Grid,
    cell_date,
    cell_text,
    is_sheet,
    read_csv,
    read_workbook,
)
from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.source import MAX_BYTES, read_nodes


@dataclass
class DeckNodes:
    """A deck's node tree, read from YAML, a spreadsheet or both, with the problems found
    reading it; `headers` are its card sheets' header rows, for `in_cells`."""

    root: yaml.Node
    problems: list[DeckError]
    headers: dict[tuple[str, str], Header] = field(default_factory=dict)
    cards_at: Position | None = None  # the card sheet's first cell

    def in_cells(self, errors: DeckErrors) -> DeckErrors:
        """The deck reader's messages, said for a card sheet: a missing field at the cell
        where it goes, and every message at a card's cell naming its column."""
        if self.cards_at is None:
            return errors
        return DeckErrors([self._in_cell(error) for error in errors.errors])

    def _in_cell(self, error: DeckError) -> DeckError:
        where = error.where
        if error.message == "the deck has no cards" and self.cards_at is not None:
            return DeckError(self.cards_at, error.message, "add a row for each card under the "
                             "header row, with its kind in column kind")
        header = self.headers.get((where.path, where.sheet)) if where else None
        if where is None or header is None or where.line == header.line:
            return error
        missing = re.fullmatch(r"this (.+) is missing `(\w+)`", error.message)
        if missing:
            word, name = missing.groups()
            column = next((c for c, n in header.names.items() if n == name), None)
            hint = None if column else f"add a column named {name} to the header row"
            return DeckError(replace(where, column=column or where.column),
                             f"this {word} is missing {_what(word, name)} (column {name})", hint)
        name = header.names.get(where.column)
        if name and f"(column {name})" not in error.message:
            return DeckError(where, f"{error.message} (column {name})", error.hint)
        return error


def _what(word: str, name: str) -> str:
    """What a missing field holds, in words: "who said it" for a quote's `by`."""
    kind = next((kind for kind in ENTRY_KINDS if kind.word == word), None)
    spec = next((f for f in kind.fields if f.name == name), None) if kind else None
    if spec is None:
        return f"`{name}`"
    words = re.split(r" \(|, ", spec.description)[0]
    return words[0].lower() + words[1:]


def read_deck_nodes(path: Path | str, shown: str, region: str | None = None,
                    data: bytes | None = None, title: str | None = None) -> DeckNodes:
    """The node tree of the deck at `path`: a YAML deck (with the rows of the sheet its
    `cards_from:` names), a CSV file (with the settings of a YAML file of its name), or a
    workbook. `data`: a CSV file's bytes that did not come from a file, and `title` the
    deck's title when no setting gives it (default: from the file name)."""
    path = Path(path)
    title = title or file_title(path)
    if data is not None or str(path).lower().endswith(".csv"):
        grid = read_csv(path, shown, data)
        beside = path.with_suffix(".yaml")
        if data is None and settings_file(beside):
            root, problems = read_nodes(beside, str(Path(shown).with_suffix(".yaml")))
            _place(root, str(Path(shown).with_suffix(".yaml")))
            return _with_cards(root, problems, grid, region, title)
        return _with_cards(None, [], grid, region, title)
    if is_sheet(path):
        settings, cards = _sheets(read_workbook(path, shown), shown)
        root, problems = _settings(settings) if settings else (None, [])
        return _with_cards(root, problems, cards, region, title)
    root, problems = read_nodes(path, shown)
    named = _key_node(root, "cards_from")
    if named is None:
        return DeckNodes(root, problems)
    sheet = path.parent / named.value
    sheet_shown = str(Path(shown).parent / named.value)
    if not is_sheet(sheet):
        problems.append(DeckError(_place_of(named, shown), "`cards_from` names a spreadsheet: "
                                  "a .csv, .xlsx or .ods file"))
        return DeckNodes(root, problems)
    if not sheet.is_file():
        problems.append(DeckError(_place_of(named, shown), f"`cards_from`: there is no file "
                                  f"{sheet_shown}", "give its path from this deck's folder"))
        return DeckNodes(root, problems)
    if sheet.suffix.lower() in WORKBOOK_SUFFIXES:
        cards = _sheets(read_workbook(sheet, sheet_shown), sheet_shown)[1]
    else:
        cards = read_csv(sheet, sheet_shown)
    return _with_cards(root, problems, cards, region, title)


def settings_file(path: Path) -> bool:
    """Whether the YAML file at `path` holds a CSV file's settings: it is there and lists
    no cards of its own (one that does is a deck of its own)."""
    if not path.is_file():
        return False
    try:
        root, _ = read_nodes(path)
    except DeckErrors:
        return True  # it is meant as settings; reading it again says what is wrong
    return not (isinstance(root, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value in _LIST_KEYS for key, _ in root.value))


def cards_from(path: Path) -> Path | None:
    """The spreadsheet the YAML deck at `path` names with `cards_from:`, if any."""
    return _named(path, "cards_from")


def _named(path: Path, key: str) -> Path | None:
    """The file the YAML deck at `path` names with `key:` (`cards_from:`, `translation_of:`),
    from its folder, if any."""
    try:
        # Only a file (a link to /dev/zero never ends), and most are not parsed twice.
        if not path.is_file() or path.stat().st_size > MAX_BYTES \
                or key.encode() not in path.read_bytes():
            return None
        root, _ = read_nodes(path)
    except (DeckErrors, OSError):
        return None
    named = _key_node(root, key)
    return path.parent / named.value if named is not None else None


def deck_parts(path: Path) -> list[Path]:
    """Every file the deck at `path` is read from, for watching it: the file itself, a CSV
    file's settings beside it (watched whether or not it is there yet: one made is a
    change), the spreadsheet a YAML deck names with `cards_from:`, and the deck a
    translation translates (its bilingual cards and its out-of-date ones follow it)."""
    parts = [path]
    if str(path).lower().endswith(".csv"):
        parts.append(path.with_suffix(".yaml"))
    elif not is_sheet(path):
        parts += [found for key in ("cards_from", "translation_of")
                  if (found := _named(path, key)) is not None]
    return parts


_LIST_KEYS = {key for kind in ENTRY_KINDS for key in (kind.field, f"{kind.word}s")}


def _key_node(root: yaml.Node, key: str) -> yaml.ScalarNode | None:
    if isinstance(root, yaml.MappingNode):
        for name, value in root.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key \
                    and isinstance(value, yaml.ScalarNode) and value.value.strip():
                return value
    return None


def file_title(path: Path) -> str:
    """A deck's title from its file's name: `circle-of-care.csv` is "Circle of care"."""
    words = " ".join(re.split(r"[-_ ]+", path.stem)).strip() or "Conversations"
    return words[0].upper() + words[1:]


def _place(root: yaml.Node, shown: str) -> None:
    """Give every node of a YAML file's tree its place in that file, for a deck read with
    another file's name (a CSV file's settings)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node.start_mark, CellMark):
            continue
        node.start_mark = CellMark(_place_of(node, shown))
        if isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _place_of(node: yaml.Node, shown: str) -> Position:
    return Position(shown, node.start_mark.line + 1, node.start_mark.column + 1)


def _sheets(sheets: dict[str, Grid], shown: str) -> tuple[Grid | None, Grid]:
    """A workbook's settings sheet (named `deck`) and its cards (the sheet named `cards`,
    or the first other one)."""
    named = {name.strip().casefold(): grid for name, grid in sheets.items()}
    settings = named.get("deck")
    cards = named.get("cards") or next((grid for grid in sheets.values()
                                        if grid is not settings), None)
    if cards is None:
        raise DeckErrors([DeckError(Position(shown, 1, 1, settings.sheet if settings else ""),
                                    "the workbook has no sheet of cards",
                                    "add a sheet named Cards with a header row (kind, text, "
                                    "...) and a row for each card")])
    return settings, cards


def _settings(grid: Grid) -> tuple[yaml.MappingNode, list[DeckError]]:
    """The deck sheet's `key | value` rows as the deck's keys: `label KIND` rows are its
    `labels:`, `colour KIND` and `logo` its `theme:`, `avoid WORD` its `avoid:`, and
    `translated KEY` a translation's `translated:`."""
    problems: list[DeckError] = []
    top: list[tuple[yaml.Node, yaml.Node]] = []
    groups: dict[str, list[tuple[yaml.Node, yaml.Node]]] = {}
    seen: dict[tuple[str, ...], int] = {}
    for r, row in enumerate(grid.rows):
        cells = [*row, "", ""][:2]
        key, value = (cell_text(cell) or "" for cell in cells)
        key = " ".join(key.split())
        if not key or (not top and not groups and key.casefold() in ("key", "setting")):
            continue
        if not value.strip():
            continue  # a setting left empty: the default
        words = key.split()
        low = [word.casefold() for word in words]
        if low[0] == "theme" and len(low) > 1:
            words, low = words[1:], low[1:]
        where: tuple[str, ...]
        if low[0] in ("label", "labels") and len(low) == 2:
            where, name = ("labels",), low[1]
        elif low[0] in ("colour", "color", "colours", "colors") and len(low) == 2:
            where, name = ("theme", "colours"), low[1]
        elif low == ["logo"]:
            where, name = ("theme",), "logo"
        elif low[0] == "translated" and len(low) == 2:  # `translated labels.prompt`
            where, name = ("translated",), words[1]
        elif low[0] == "avoid" and len(low) > 1:
            where, name = ("avoid",), " ".join(words[1:])
        else:
            where, name = (), "_".join(low)
        if (*where, name) in seen:
            problems.append(DeckError(grid.at(r, 0), f"`{key}` is given twice (rows "
                                      f"{seen[(*where, name)]} and {r + 1}); keep one"))
            continue
        seen[(*where, name)] = r + 1
        tag = INT if name == "blank_cards" and value.strip().isdigit() else STR
        if cell_date(cells[1]) is not None:
            problems.append(DeckError(grid.at(r, 1), f"`{key}` holds a date here", AS_TEXT))
            continue
        pair = (scalar(name, grid.at(r, 0)), scalar(value, grid.at(r, 1), tag))
        (groups.setdefault(".".join(where), []) if where else top).append(pair)
    colours = groups.pop("theme.colours", [])
    if colours:
        mark = colours[0][0].start_mark
        groups.setdefault("theme", []).append(
            (scalar("colours", mark.place), yaml.MappingNode(MAP, colours, mark, mark)))
    for name, pairs in groups.items():
        mark = pairs[0][0].start_mark
        top.append((scalar(name, mark.place), yaml.MappingNode(MAP, pairs, mark, mark)))
    start = CellMark(Position(grid.path, 1, 1, grid.sheet))
    return yaml.MappingNode(MAP, top, start, start), problems


def _with_cards(root: yaml.MappingNode | None, problems: list[DeckError], grid: Grid,
                region: str | None, title: str) -> DeckNodes:
    """The deck's settings (`root`, None for none) with the card sheet's rows added to its
    lists, and a title from the file's name where the settings give none."""
    if root is None:
        start = CellMark(Position(grid.path, 1, 1, grid.sheet))
        root = yaml.MappingNode(MAP, [], start, start)
    if not isinstance(root, yaml.MappingNode):
        return DeckNodes(root, problems)  # the deck reader says what is wrong with it
    keys = {key.value: (i, value) for i, (key, value) in enumerate(root.value)
            if isinstance(key, yaml.ScalarNode)}
    if "title" not in keys:
        root.value.insert(0, (scalar("title", grid.at(0, 0)), scalar(title, grid.at(0, 0))))
        keys = {key.value: (i, value) for i, (key, value) in enumerate(root.value)
                if isinstance(key, yaml.ScalarNode)}
    language = _text_of(keys.get("language"))
    labels = default_labels(language or "en")
    own = keys.get("labels")
    if own is not None and isinstance(own[1], yaml.MappingNode):
        labels.update({k.value: v.value for k, v in own[1].value
                       if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)})
    region = (_text_of(keys.get("region")) or region or "").upper() or None
    cards = Cards(grid, kind_words(labels), region, problems)
    for kind in ENTRY_KINDS:
        rows = cards.entries.get(kind.name)
        if not rows:
            continue
        found = keys.get(kind.field) or keys.get(f"{kind.word}s")
        if found is None:
            mark = rows[0].start_mark
            root.value.append((scalar(kind.field or kind.name, mark.place),
                               yaml.SequenceNode(SEQ, rows, mark, mark)))
        elif isinstance(found[1], yaml.SequenceNode):
            found[1].value.extend(rows)
        elif isinstance(found[1], yaml.ScalarNode) and found[1].tag == NULL:
            key_node = root.value[found[0]][0]
            root.value[found[0]] = (key_node, yaml.SequenceNode(SEQ, rows, found[1].start_mark,
                                                                found[1].end_mark))
    headers = {(grid.path, grid.sheet): cards.header} if cards.header else {}
    return DeckNodes(root, problems, headers, grid.at(0, 0))


def _text_of(found: tuple[int, yaml.Node] | None) -> str | None:
    if found is not None and isinstance(found[1], yaml.ScalarNode):
        return found[1].value.strip() or None
    return None
