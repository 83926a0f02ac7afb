"""Reading a deck file into YAML nodes that remember where they came from.

Decks are written by volunteers, so this layer refuses what plain `yaml.safe_load`
would silently accept or choke on: duplicate keys (the last one would win and a
card's words would vanish), object-building tags, tabs, files that are not UTF-8,
and files built to exhaust memory (huge files, deep nesting, alias bombs).
Every problem comes back as a DeckError with the line and column an editor sees.
"""

from __future__ import annotations

import os
import re
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
    text = _decode(read_bytes(Path(path), name), name)
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
        raise DeckErrors([_syntax_error(error, name, text)]) from None
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
    mark = node.start_mark  # a spreadsheet's cell carries its place (cardgen.deck.rows)
    return getattr(mark, "place", None) or Position(path, mark.line + 1, mark.column + 1)


def read_bytes(path: Path, name: str) -> bytes:
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


SAVE_AS_UTF8 = ("save it as UTF-8: in Notepad, File → Save As → Encoding: UTF-8; in TextEdit, "
                "File → Save As (hold Option) → Plain Text Encoding: Unicode (UTF-8); in VS Code, "
                "click the encoding at the bottom right → Save with Encoding → UTF-8")
# What a Windows-1252 (Latin-1) file holds where UTF-8 fails: letters, and typographic marks.
_CP1252_MARKS = "“”‘’«»–—…¡¿°€"


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _alternating_nuls(data):
        raise DeckErrors([DeckError(Position(name, 1, 1), "the file is saved as UTF-16 (Notepad "
                                    "calls it \"Unicode\"), not UTF-8", SAVE_AS_UTF8)])
    try:
        text = data.decode("utf-8-sig")  # a byte order mark before UTF-8 is fine
    except UnicodeDecodeError as error:
        before = data[: error.start]
        start = before.rfind(b"\n") + 1
        line = before.count(b"\n") + 1
        column = len(before[start:].decode("utf-8", "replace")) + 1
        found = _cp1252_letter(data, error.start)
        message = (f"the file is saved as Windows-1252 (Latin-1), not UTF-8: {found} here "
                   f"is byte 0x{data[error.start]:02x}" if found else
                   f"the file is not UTF-8 (byte 0x{data[error.start]:02x})")
        raise DeckErrors([DeckError(Position(name, line, column), message, SAVE_AS_UTF8)]) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise DeckErrors([DeckError(Position(name, line, column),
                                    "the file contains a NUL byte; it is not a text file")])
    return text


def _alternating_nuls(data: bytes) -> bool:
    """UTF-16 without a byte order mark: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:1000]
    pairs = len(sample) // 2
    return pairs >= 2 and max(sample[0::2].count(0), sample[1::2].count(0)) > pairs * 0.4


def _cp1252_letter(data: bytes, at: int) -> str | None:
    """The character at `at` when the file reads as Windows-1252 and it is a letter or
    a typographic mark there (é, ñ, “): else None, and the encoding goes unnamed."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    found = data[at:at + 1].decode("cp1252")
    return found if found.isalpha() or found in _CP1252_MARKS else None


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


def _syntax_error(error: yaml.MarkedYAMLError, name: str, text: str) -> DeckError:
    """PyYAML's complaint in plain words, at the line to change: which is often above
    where PyYAML gave up (a quotation never closed runs on to the next one)."""
    lines = text.splitlines()
    problem, context = error.problem or "", error.context or ""
    mark, opened = error.problem_mark, error.context_mark
    last = mark.line if mark is not None else len(lines) - 1
    quoted = _quote_problem(lines, last, name)
    if quoted is not None:
        return quoted
    if "quoted scalar" in context and opened is not None:  # the scan missed it: a flow list
        mark = lines[opened.line][opened.column]
        return DeckError(_mark_position(opened, name),
                         f"this quotation opens with {mark} and is never closed",
                         f"close it with {mark}")
    if "single document" in context:
        return DeckError(_mark_position(mark, name), "a second document starts here ('---')",
                         "one file holds one deck; remove the '---' line or split the file")
    if "nesting depth" in problem:
        return DeckError(_mark_position(mark, name), "the deck is nested too deeply",
                         "cards sit at most three levels deep; check the brackets and indentation")
    if "could not find expected ':'" in problem and opened is not None:
        return _missing_colon(lines[opened.line], _mark_position(opened, name))
    if mark is not None and mark.line < len(lines):
        line = lines[mark.line]
        if "mapping values are not allowed" in problem:
            return (_misindented(lines, mark.line, name, colon=mark.column)
                    or _colon_in_text(line, _mark_position(mark, name)))
        if "expected ',' or " in problem and opened is not None:
            bracket = lines[opened.line][opened.column]
            return DeckError(_mark_position(opened, name), f"this {bracket} is never closed",
                             f"close it with {']' if bracket == '[' else '}'} on the same line")
        if "cannot start any token" in problem:
            return DeckError(_mark_position(mark, name),
                             f"text cannot begin with {line[mark.column:mark.column + 1]}",
                             "put the text in quotes")
        found = _misindented(lines, mark.line, name)
        if found is not None:
            return found
    return DeckError(_mark_position(mark, name), "cardgen cannot read the deck from here",
                     "check this line and the one above it: a missing colon, `- ` or "
                     "quotation mark, or a line indented differently from its neighbours")


def _quote_problem(lines: list[str], last: int, name: str) -> DeckError | None:
    """The first line, up to `last`, whose quotation marks cannot be what was meant:
    one opened and never closed on a line whose text ends there (or closed with a curly
    mark, which is not a closing one), or closed early by a mark inside the text."""
    block = None  # the indentation of a `|` or `>` text being skipped
    for number, line in enumerate(lines[: last + 1]):
        indent = _indent(line)
        if block is not None and (not line.strip() or indent > block):
            continue
        block = None
        start = _value_start(line)
        if start is None:
            continue
        if line[start] in "|>":
            block = indent
            continue
        mark = line[start]
        if mark not in "\"'":
            continue
        close = _closing(line, start)
        if close is None and (line.rstrip()[-1] in "”“’‘«»" or _ends_value(lines, number)):
            section = next((line for line in reversed(lines[:number]) if _KEY.match(line)), "")
            adds = ": cardgen adds them" if section.startswith("quotes:") else ""
            return DeckError(Position(name, number + 1, start + 1),
                             f"this quotation opens with {mark} and is never closed",
                             f"close it with {mark}, or leave the quotation marks out{adds}")
        rest = line[close + 1:].strip() if close is not None else ""
        if close is not None and rest and rest[0] not in "#:,]}":
            return _closed_early(line, start, close, Position(name, number + 1, close + 1))
    return None


_KEY = re.compile(r"[A-Za-z_][\w-]*:(?: +|$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _value_start(line: str) -> int | None:
    """Where the value of a `key: value` or `- value` line starts, or None."""
    at = _indent(line)
    while line.startswith("- ", at):
        at += 2 + _indent(line[at + 2:])
    key = _KEY.match(line, at)
    at = key.end() + _indent(line[key.end():]) if key else at
    return at if at < len(line) and line[at] != "#" else None


def _closing(line: str, start: int) -> int | None:
    """Where the quotation opened at `start` closes on its line (None if it does not):
    `\"` does not close a "…" quotation, nor `''` a '…' one."""
    mark, at = line[start], start + 1
    while at < len(line):
        if (mark == '"' and line[at] == "\\") or (mark == "'" and line.startswith("''", at)):
            at += 2
        elif line[at] == mark:
            return at
        else:
            at += 1
    return None


def _ends_value(lines: list[str], number: int) -> bool:
    """The value on line `number` ends there: the next line starts a key or an item,
    or is indented no further, or there is none."""
    for line in lines[number + 1:]:
        if line.strip() and not line.lstrip().startswith("#"):
            text = line.lstrip(" ")
            return (_indent(line) <= _indent(lines[number]) or text.startswith("- ")
                    or _KEY.match(text) is not None)
    return True


def _closed_early(line: str, start: int, close: int, where: Position) -> DeckError:
    """A quotation closed by a mark inside its text: `'I don't know'`."""
    mark, end = line[start], line.rfind(line[start])
    inside = line[start + 1:end if end > close else len(line)]
    word = line[:close].split(" ")[-1] + line[close:].split(" ")[0]
    if mark == "'":
        fixed = f'"{inside}"' if '"' not in inside else "'" + inside.replace("'", "''") + "'"
        message = f"the apostrophe in `{word}` ends the quotation that ' opened"
    else:
        fixed = f"'{inside}'" if "'" not in inside else '"' + inside.replace('"', '\\"') + '"'
        message = f'the " in `{word}` ends the quotation that " opened'
    return DeckError(where, message, f"write it as `{line[:start].lstrip()}{fixed}`")


def _missing_colon(line: str, where: Position) -> DeckError:
    words = line[where.column - 1:].split(None, 1)
    if words and re.fullmatch(r"[a-z_]+", words[0]):
        value = f" {words[1]}" if len(words) > 1 else ""
        return DeckError(where, f"`{words[0]}` needs a colon after it",
                         f"write `{words[0]}:{value}`")
    return DeckError(where, "this line is neither `key: value` nor part of the text above it",
                     "put a colon after its key, or indent it further to continue the text above")


def _misindented(lines: list[str], number: int, name: str,
                 colon: int | None = None) -> DeckError | None:
    """A key or `- ` indented differently from the line above it, or None. `colon`: where
    PyYAML found a colon it did not expect; the key's own, or this is not the mistake."""
    line, here = lines[number], _indent(lines[number])
    above = [n for n in range(number - 1, -1, -1)
             if lines[n].strip() and not lines[n].lstrip().startswith("#")]
    key = _KEY.match(line, here)
    if line.startswith("- ", here):
        above = [n for n in above if lines[n].lstrip().startswith("- ")]
        what, it, beside = "this `- `", "it", "the `- `"
        target = _indent(lines[above[0]]) if above else here
    elif key and above and colon in (None, line.index(":", here)):
        what = it = f"`{key.group().split(':')[0]}`"
        target = len(lines[above[0]]) - len(lines[above[0]].lstrip(" -"))
        other = _KEY.match(lines[above[0]], target)
        beside = f"`{other.group().split(':')[0]}`" if other else "the text"
    else:
        return None
    if here == target:
        return None
    side = "further" if here > target else "less"
    room = f"start {it} {target} spaces in" if target else f"put {it} at the start of the line"
    than = f"{beside} on line {above[0] + 1}" if it == "it" else "the line above"
    return DeckError(Position(name, number + 1, here + 1), f"{what} is indented {side} than {than}",
                     f"{room}, as {beside} on line {above[0] + 1}")


def _colon_in_text(line: str, where: Position) -> DeckError:
    item = re.match(r" *(- +)*([a-z_]+: +)?", line)
    prefix = item.group() if item else ""
    text = line[len(prefix):].rstrip()
    quoted = f'"{text}"' if '"' not in text else "'" + text.replace("'", "''") + "'"
    return DeckError(where, "text with a colon and a space in it must be in quotes",
                     None if text[:1] in "'\"" else f"write `{prefix.lstrip()}{quoted}`")


def _mark_position(mark, name: str) -> Position:
    if mark is None:
        return Position(name, 1, 1)
    return Position(name, mark.line + 1, mark.column + 1)


def _check_tree(root: yaml.Node, name: str) -> list[DeckError]:
    """Refuse foreign tags and duplicate keys, and bound the expanded size."""
    errors: list[DeckError] = []
    seen = 0
    stack = [(root, 1, False)]
    while stack:
        node, depth, in_list = stack.pop()
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
            errors.extend(_repeated_keys(node, name, in_list))
            for key, value in node.value:
                stack.append((key, depth + 1, False))
                stack.append((value, depth + 1, False))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1, True) for item in node.value)
    return errors


def _repeated_keys(node: yaml.MappingNode, name: str, in_list: bool) -> list[DeckError]:
    """A key given twice in one place: the last would win and words would vanish. In a
    list's item, its first key again starts another card whose `- ` was left out."""
    errors = []
    run: dict[str, yaml.Node] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag not in _PLAIN_TAGS:
            continue
        if key.value not in run:  # nearly every key: where it is is needed only below
            run[key.value] = key
            continue
        where = position(key, name)
        if in_list and not node.flow_style and key.value == next(iter(run)) and len(run) > 1:
            dash = position(node, name).line
            errors.append(DeckError(where, "a new card starts here: it needs a `- ` in front",
                                    f"write `- {key.value}:` with the `- ` under the one on "
                                    f"line {dash}"))
            run = {key.value: key}
        else:
            first = position(run[key.value], name).line
            errors.append(DeckError(where, f"`{key.value}` is given twice (lines {first} and "
                                    f"{where.line}); keep one",
                                    f"delete line {first} or line {where.line}"
                                    + (f"; if line {where.line} starts another card, write `- ` "
                                       "in front of it" if in_list and len(run) == 1 else "")))
    return errors


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag
