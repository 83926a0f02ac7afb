"""Reading a deck file into YAML nodes that remember where they came from.

Decks are written by volunteers, so this layer refuses what plain `yaml.safe_load`
would silently accept or choke on: duplicate keys (the last one would win and a
card's words would vanish), object-building tags, tabs, files that are not UTF-8,
and files built to exhaust memory (huge files, deep nesting, alias bombs).
Every problem comes back as a DeckError with the line and column an editor sees.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from cardgen.errors import DeckError, DeckErrors, Position

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000  # after expanding aliases; a 10,000-card deck needs about 60,000
MAX_DEPTH = 50
# Opening a pipe without O_NONBLOCK waits for a writer; O_NOCTTY keeps a terminal from
# becoming ours. Neither exists on Windows, where neither is needed.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


def read_nodes(path: Path | str, shown: str | None = None) -> tuple[yaml.Node, list[DeckError]]:
    """Parse the YAML file at `path` into a node tree, or raise DeckErrors.

    Returns the tree with the problems that do not stop reading it (duplicate
    keys, foreign tags), so the caller can report them with its own.
    `shown` is the path as the user wrote it, used in messages.
    """
    name = shown or str(path)
    return parse_nodes(read_text(path, name), name)


def read_text(path: Path | str, shown: str | None = None) -> str:
    """The text of a deck or settings file, checked to be UTF-8 without tabs in the
    indentation; raise DeckErrors otherwise."""
    name = shown or str(path)
    text = _decode(_read_bytes(Path(path), name), name)
    _reject_tabs(text, name)
    return text


def parse_nodes(text: str, shown: str) -> tuple[yaml.Node, list[DeckError]]:
    """Parse text read by read_text into a node tree, as read_nodes does."""
    name = shown
    if not text.strip():
        raise DeckErrors([DeckError(Position(name, 1, 1), "the file is empty",
                                    "a deck needs at least a title and one prompt, reframe or "
                                    "quote; `cardgen new` writes a starter deck")])
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        raise DeckErrors([_syntax_error(error, name)]) from None
    except yaml.YAMLError as error:  # unmarked errors are rare; still the user's file
        raise DeckErrors([DeckError(Position(name, 1, 1), f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise DeckErrors([DeckError(Position(name, 1, 1),
                                    "the file is nested too deeply to be a deck")]) from None
    if root is None:
        raise DeckErrors([DeckError(Position(name, 1, 1), "the file has no content, only comments",
                                    "a deck needs at least a title and one prompt, reframe or "
                                    "quote")])
    return root, _check_tree(root, name)


def position(node: yaml.Node, path: str) -> Position:
    """Where a node starts, 1-based."""
    mark = node.start_mark
    return Position(path, mark.line + 1, mark.column + 1)


def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, at most MAX_BYTES of them.

    Only a regular file is read: a device (/dev/zero, /dev/urandom) never ends and a
    pipe may never be written to. The file is opened without blocking, so a pipe
    with no writer is refused at once instead of waiting for one, and at most the
    limit plus one byte is read whatever the file says its size is.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY)
    except FileNotFoundError:
        raise DeckErrors([DeckError(None, f"{name}: no such file")]) from None
    except IsADirectoryError:
        raise DeckErrors([DeckError(None, f"{name}: is a folder, not a deck file")]) from None
    except (OSError, ValueError) as error:
        raise DeckErrors([DeckError(None, f"{name}: cannot read: {_reason(error)}")]) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = file_kind(info.st_mode)
            raise DeckErrors([DeckError(None, f"{name}: is {kind}, not a deck file",
                                        "give the path of a .yaml file saved from an editor")])
        data = os.read(descriptor, MAX_BYTES + 1)
        while data and len(data) <= MAX_BYTES:  # a read may return less than asked
            more = os.read(descriptor, MAX_BYTES + 1 - len(data))
            if not more:
                break
            data += more
    except OSError as error:
        raise DeckErrors([DeckError(None, f"{name}: cannot read: {_reason(error)}")]) from None
    finally:
        os.close(descriptor)
    if max(info.st_size, len(data)) > MAX_BYTES:
        size = f"{info.st_size / 1024 / 1024:.1f} MB" if info.st_size > MAX_BYTES else "over 2 MB"
        raise DeckErrors([DeckError(Position(name, 1, 1),
                                    f"the file is {size}; decks are limited to "
                                    f"{MAX_BYTES // 1024 // 1024} MB",
                                    "split it into several decks")])
    return data


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message: "a pipe", "a device", ..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"  # /dev/zero, /dev/urandom, a terminal, a disk


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise DeckErrors([DeckError(Position(name, line, column),
                                    f"the file is not UTF-8 (byte 0x{data[error.start]:02x})",
                                    "save it as UTF-8 in your editor "
                                    "(\"Save with encoding\")")]) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise DeckErrors([DeckError(Position(name, line, column),
                                    "the file contains a NUL byte; it is not a text file")])
    return text


def _reject_tabs(text: str, name: str) -> None:
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            errors.append(DeckError(Position(name, number, indent.index("\t") + 1),
                                    "a tab is used for indentation",
                                    "YAML indents with spaces; replace the tab with spaces"))
    if errors:
        raise DeckErrors(errors)


def _syntax_error(error: yaml.MarkedYAMLError, name: str) -> DeckError:
    problem = error.problem or "not valid YAML"
    context = error.context or ""
    mark = error.problem_mark
    if "quoted scalar" in context and error.context_mark is not None:
        # The scanner notices the missing quote at the end of the file; the
        # editor needs to see where the quote was opened.
        mark = error.context_mark
        return DeckError(_mark_position(mark, name), "this quote is never closed",
                         "add the closing quote at the end of the text")
    if "single document" in context:
        return DeckError(_mark_position(mark, name), "a second document starts here ('---')",
                         "one file holds one deck; remove the '---' line or split the file")
    if "nesting depth" in problem:
        return DeckError(_mark_position(mark, name), "the deck is nested too deeply",
                         "cards sit at most three levels deep; check the brackets and indentation")
    hint = None
    if "mapping values are not allowed" in problem:
        hint = "text that contains ': ' must be put in quotes"
    elif "could not find expected ':'" in problem or "simple key" in context:
        hint = ("each line inside a card needs 'key: value'; "
                "put text with special characters in quotes")
    elif "found character that cannot start any token" in problem:
        hint = "text starting with @, ` or % must be put in quotes"
    message = f"YAML syntax: {problem}"
    if context:
        message += f" ({context})"
    return DeckError(_mark_position(mark, name), message, hint)


def _mark_position(mark, name: str) -> Position:
    if mark is None:
        return Position(name, 1, 1)
    return Position(name, mark.line + 1, mark.column + 1)


def _check_tree(root: yaml.Node, name: str) -> list[DeckError]:
    """Refuse foreign tags and duplicate keys, and bound the expanded size."""
    errors: list[DeckError] = []
    seen = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise DeckErrors([DeckError(Position(name, 1, 1),
                                        f"the deck expands to more than {MAX_NODES:,} values",
                                        "this happens with anchors and aliases (&name / *name) "
                                        "that refer to each other; write the cards out instead")])
        if depth > MAX_DEPTH:
            raise DeckErrors([DeckError(position(node, name), "the deck is nested too deeply",
                                        "cards sit at most three levels deep; "
                                        "check the indentation")])
        if node.tag not in _PLAIN_TAGS:
            errors.append(DeckError(position(node, name),
                                    f"the tag {_short_tag(node.tag)} is not allowed",
                                    "decks hold plain text, numbers and lists; remove the tag"))
            continue
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag in _PLAIN_TAGS:
                    if key.value in keys:
                        first = position(keys[key.value], name)
                        errors.append(DeckError(
                            position(key, name),
                            f"`{key.value}` appears twice (first at line {first.line})",
                            "YAML keeps only the last one; remove or rename one of them"))
                    else:
                        keys[key.value] = key
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return errors


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag
