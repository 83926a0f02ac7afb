"""`cardgen lint` for a deck kept in a spreadsheet (or a YAML deck with `cards_from:`):
linted as the YAML it converts to, each finding said at the cell its words are in.

`cardgen.tools.lint` reads a deck's words from its YAML text; a sheet has none. So the
deck's node tree is turned into YAML text (`cardgen.deck.export`), linted as if it were
the sheet (a logo's path still leads from the sheet's folder; nothing is written), and
each finding's line and column in that text is taken back to the node it falls in,
whose place is a cell.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from cardgen.deck.export import deck_data, yaml_text
from cardgen.deck.model import load_deck
from cardgen.deck.spreadsheet import read_deck_nodes
from cardgen.errors import Position
from cardgen.products.context import Context
from cardgen.source import position
from cardgen.tools.lint import Finding, lint_deck


def lint_sheet(path: Path, shown: str, context: Context) -> list[Finding]:
    """Every finding in the deck at `path`, at its cell; DeckErrors if it does not load."""
    region = context.options.region
    load_deck(path, shown, region)  # its mistakes by cell, before anything else
    root = read_deck_nodes(path, shown, region).root
    text = yaml_text(deck_data(root))
    places = _places(yaml.compose(text), root, shown)
    findings = lint_deck(path, shown, context, text=text)  # as if written beside the sheet
    return sorted({Finding(_at(places, finding.where), finding.message) for finding in findings})


Span = tuple[tuple[int, int], tuple[int, int], Position]


def _places(written: yaml.Node, root: yaml.Node, shown: str) -> list[Span]:
    """Each node of the YAML text (its start and end, as 1-based line and column) with
    the place of the node it was written from: the two trees have the same shape."""
    spans: list[Span] = []
    stack = [(written, root)]
    while stack:
        copy, node = stack.pop()
        start, end = copy.start_mark, copy.end_mark
        spans.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1),
                      position(node, shown)))
        if isinstance(copy, yaml.MappingNode) and isinstance(node, yaml.MappingNode):
            stack += [pair for a, b in zip(copy.value, node.value) for pair in zip(a, b)]
        elif isinstance(copy, yaml.SequenceNode) and isinstance(node, yaml.SequenceNode):
            stack += list(zip(copy.value, node.value))
    return spans


def _at(places: list[Span], where: Position) -> Position:
    """The place of the innermost node whose text holds `where`."""
    spot = (where.line, where.column)
    holding = [(start, place) for start, end, place in places if start <= spot <= end]
    return max(holding, key=lambda found: found[0])[1] if holding else where
