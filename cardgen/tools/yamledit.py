"""Editing a deck's YAML text in place: a value replaced, a key added, a card inserted,
with every comment, blank line and the rest of the layout left as it was.

The places come from pyyaml's node marks (start_mark.index, end_mark.index) of the
text as read. Edits are collected, then applied together from the end of the text,
so each one's place stays right. Whoever edits reads the result back as a deck and
checks it (`checked`): an edit this module got wrong is refused, never written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from cardgen.errors import CardgenError
from cardgen.source import read_text

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*$")


def render(value: str, indent: int) -> str:
    """`value` as a YAML value that reads back as itself: plain where it can be, a `|`
    block (its lines `indent` + 2 columns in) for several lines, else double-quoted."""
    if "\n" in value:
        pad = " " * (indent + 2)
        lines = [pad + line if line.strip() else "" for line in value.split("\n")]
        return "|\n" + "\n".join(lines)
    if _PLAIN_SAFE.match(value) and ": " not in value and value == value.strip():
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)  # JSON's escapes are YAML's too


def key_node(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) of `key` in `mapping`, if it is there."""
    for name, value in mapping.value:
        if isinstance(name, yaml.ScalarNode) and name.value == key:
            return name, value
    return None


class Edits:
    """Changes to one text, each a span (start, end) of the original and what replaces it."""

    def __init__(self, text: str):
        self.text = text
        self.changes: list[tuple[int, int, str]] = []

    def replace(self, node: yaml.Node, new: str) -> None:
        """Put `new` where `node`'s value is, keeping the blank lines a block value ends
        with."""
        start, end = node.start_mark.index, node.end_mark.index
        old = self.text[start:end]
        trail = old[len(old.rstrip()):]
        self.changes.append((start, end, new + trail))

    def insert(self, at: int, new: str) -> None:
        self.changes.append((at, at, new))

    def set_value(self, mapping: yaml.MappingNode, key: str, value: str, first: bool = False,
                  raw: bool = False) -> None:
        """`key: value` in `mapping`: its value replaced, or the key added as the mapping's
        first or last; `raw` writes `value` as it is (a fingerprint, `no`)."""
        indent = mapping.start_mark.column
        if raw:
            new = value
        elif mapping.flow_style:  # no `|` block inside braces
            new = render(value, indent) if "\n" not in value else json.dumps(value,
                                                                             ensure_ascii=False)
        else:
            new = render(value, indent)
        found = key_node(mapping, key)
        if found is not None:
            self.replace(found[1], new)
        elif mapping.flow_style:
            if first:
                self.insert(mapping.start_mark.index + 1, f"{key}: {new}, ")
            else:
                self.insert(mapping.end_mark.index - 1, f", {key}: {new}")
        elif first or not mapping.value:
            self.insert(mapping.start_mark.index, f"{key}: {new}\n" + " " * indent)
        else:
            self.insert(self.line_after(mapping.value[-1][1]), " " * indent + f"{key}: {new}\n")

    def line_after(self, node: yaml.Node) -> int:
        """Where the line after `node`'s last written character starts (a block value's
        trailing blank lines and a comment on its last line stay before it)."""
        end = node.end_mark.index
        last = len(self.text[:end].rstrip()) - 1
        newline = self.text.find("\n", last + 1)
        if newline < 0:
            self.changes.append((len(self.text), len(self.text), "\n"))
            return len(self.text)
        return newline + 1

    def to_mapping(self, scalar: yaml.ScalarNode, short: str, value: str,
                   pairs: list[tuple[str, str]]) -> None:
        """A card written as a bare string (`- How are you?`) becomes keys: `short: value`
        with `pairs` (key, already rendered value) after it."""
        indent = scalar.start_mark.column
        lines = [f"{short}: {render(value, indent)}"] + [f"{key}: {new}" for key, new in pairs]
        self.replace(scalar, ("\n" + " " * indent).join(lines))

    def apply(self) -> str:
        """The text with every change made."""
        text = self.text
        # From the end: each change's place is still right. Inserts at one place keep the
        # order they were made in.
        order = sorted(enumerate(self.changes), key=lambda c: (c[1][0], c[1][1], c[0]))
        for _, (start, end, new) in reversed(order):
            text = text[:start] + new + text[end:]
        return text


def checked(new: str, check: Callable[[str], str | None], shown: str) -> str:
    """`new` if `check(new)` finds nothing wrong with it (it returns None), else a
    CardgenError saying the file was left as it was."""
    problem = check(new)
    if problem is not None:
        raise CardgenError(f"{shown}: left unchanged: editing it in place went wrong "
                           f"({problem}); please report this with the file")
    return new


def write_whole(path: Path, old: str, new: str) -> None:
    """Write `new` to `path` whole (a temporary file beside it, then os.replace), unless the
    file no longer holds `old`, the text it was read as: then someone else's work is
    there, and it is kept."""
    try:
        now = read_text(path) if path.exists() else ""  # "" for a file still to make
        if now != old:
            raise CardgenError(f"{path} changed while cardgen was reading it; nothing was "
                               "written: run the command again")
        temp = path.with_name(f".{path.name}.{os.getpid()}.partial")
        with open(temp, "w", encoding="utf-8", newline="") as file:
            file.write(new)
        os.replace(temp, path)
    except OSError as error:
        raise CardgenError(f"cannot write {path}: {error.strerror}") from None
