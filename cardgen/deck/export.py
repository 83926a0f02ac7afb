"""A deck's node tree written out again: as YAML, or as a spreadsheet's rows (`cardgen
convert`, `cardgen new --sheet`).

What is written is what was written: the tree's text, not the checked Deck, so a phone
number stays `1-800-662-4357` and a date `2026-11-01`, and a deck converted one way and
back prints the same cards. Comments in a YAML deck are not carried over.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from cardgen.deck.kinds import ENTRY_KINDS
from cardgen.deck.model import load_deck
from cardgen.deck.rows import INT, NULL, ORDER
from cardgen.deck.spreadsheet import file_title, read_deck_nodes
from cardgen.deck.starter import starter_text
from cardgen.deck.workbook import workbook_bytes
from cardgen.errors import CardgenError

# The deck's own keys that are not settings rows: its cards, and the sheet it names.
_LISTS = {key: kind for kind in ENTRY_KINDS for key in (kind.field, f"{kind.word}s")}


def deck_data(root: yaml.Node) -> dict[str, Any]:
    """The tree as plain data, its keys in the order written; a whole number stays one."""
    data = _plain(root)
    return data if isinstance(data, dict) else {}


def _plain(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(key)): _plain(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if node.tag == NULL:
        return None
    if node.tag == INT and node.value.isdigit() and str(int(node.value)) == node.value:
        return int(node.value)  # 4 stays a number; 0123 (a fingerprint, a code) stays text
    return node.value


class _Dumper(yaml.SafeDumper):
    """Text over several lines as a `|` block, as a deck writer writes it."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


def yaml_text(data: dict[str, Any], header: str = "") -> str:
    """The deck as YAML, its keys in order, every character as itself."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)
    return header + body


def settings_rows(data: dict[str, Any]) -> list[tuple[str, object]]:
    """The deck's settings as a deck sheet's `key | value` rows: `label prompt | Ask`,
    `colour prompt | #0B6E4F`, `logo | logo.png`, `avoid WORD | instead`, a translation's
    `translated title | 5db0f7f7`."""
    rows: list[tuple[str, object]] = []
    for key, value in data.items():
        if key in _LISTS or key == "cards_from" or value is None:
            continue
        if key == "labels" and isinstance(value, dict):
            rows += [(f"label {name}", word) for name, word in value.items()]
        elif key == "theme" and isinstance(value, dict):
            for part, given in value.items():
                if part in ("colours", "colors") and isinstance(given, dict):
                    rows += [(f"colour {kind}", colour) for kind, colour in given.items()]
                else:
                    rows.append((part, given))
        elif key == "translated" and isinstance(value, dict):  # a translation's own words
            rows += [(f"translated {name}", str(mark)) for name, mark in value.items()]
        elif key == "avoid" and isinstance(value, dict):
            rows += [(f"avoid {word}", instead) for word, instead in value.items()]
        else:
            rows.append((key, value))
    return rows


def card_rows(data: dict[str, Any], every: bool = False) -> tuple[list[str], list[list[object]]]:
    """The deck's cards as a header and a row each, kind by kind in the order they print;
    the columns are those used (`every`: all of them, for a sheet to fill in)."""
    cards: list[dict[str, object]] = []
    for key, entries in data.items():
        kind = _LISTS.get(key)
        if kind is None or not isinstance(entries, list):
            continue
        for entry in entries:
            fields = {kind.short: entry} if not isinstance(entry, dict) and kind.short else entry
            if not isinstance(fields, dict):
                continue
            row: dict[str, object] = {"kind": kind.word}
            for name, value in fields.items():
                row[name] = "; ".join(map(str, value)) if isinstance(value, list) else value
            cards.append(row)
    order = {kind.name: n for n, kind in enumerate(ENTRY_KINDS)}
    cards.sort(key=lambda row: order[_LISTS[f"{row['kind']}s"].name])
    used = {name for row in cards for name in row}
    header = [name for name in ORDER if every or name in used or name == "text"]
    return header, [[row.get(name, "") for name in header] for row in cards]


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """The cards as Excel reads a CSV file as UTF-8: a byte order mark and CRLF."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def converted(source: Path, shown: str, target: Path,
              region: str | None = None) -> list[tuple[Path, bytes]]:
    """The files `cardgen convert` writes for the deck at `source`: `target` (.yaml,
    .xlsx or .csv) and, for a CSV file of a deck with settings, the YAML file of its name
    that holds them. The deck is checked first (raising DeckErrors): only a deck that
    builds is converted, so the other form builds the same cards."""
    load_deck(source, shown, region)
    data = deck_data(read_deck_nodes(source, shown, region).root)
    made = f"# Converted from {Path(shown).name} by `cardgen convert`.\n"
    suffix = target.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return [(target, yaml_text(data, made).encode("utf-8"))]
    if suffix in (".xlsx", ".xlsm"):
        return [(target, workbook_bytes(settings_rows(data), *card_rows(data)))]
    if suffix != ".csv":
        raise CardgenError(f"{target}: cardgen writes decks as .yaml, .xlsx or .csv")
    files = [(target, csv_bytes(*card_rows(data)))]
    settings = {key: value for key, value in data.items()
                if key not in _LISTS and key != "cards_from"}
    if settings != {"title": file_title(target)}:  # a CSV file alone is titled by its name
        beside = target.with_suffix(".yaml")
        if beside.resolve() == source.resolve():
            raise CardgenError(f"{target}: its settings would go to {beside}, the deck being "
                               "converted\n  hint: give the CSV file another name, or convert "
                               "to .xlsx, which keeps the settings on its Deck sheet")
        note = f"# The settings of {target.name}, whose rows are its cards.\n"
        files.append((beside, yaml_text(settings, made + note).encode("utf-8")))
    return files


def starter_sheet(path: Path, title: str) -> list[tuple[Path, bytes]]:
    """`cardgen new --sheet`: the starter deck's example rows of every kind, with every
    column to fill in, as a workbook (.xlsx) with its settings on the Deck sheet, or as a
    CSV file with its settings in the YAML file of its name."""
    text = starter_text(path.with_suffix(".yaml"), title)
    data = deck_data(yaml.compose(text, Loader=yaml.SafeLoader))
    header, rows = card_rows(data, every=True)
    if path.suffix.lower() != ".csv":
        return [(path, workbook_bytes(settings_rows(data), header, rows))]
    settings = {key: value for key, value in data.items() if key not in _LISTS}
    note = f"# The settings of {path.name}, whose rows are its cards.\n"
    return [(path, csv_bytes(header, rows)),
            (path.with_suffix(".yaml"), yaml_text(settings, note).encode("utf-8"))]
