"""Saving the deck from the studio page without ever overwriting what someone else wrote.

A save names the version of the file its text was edited from (the digest of its
bytes). If the file on disk is no longer that version, the save is refused with
both versions and their difference, so the writer can see what changed and take
lines from either (`pieces`: the two texts cut into the runs they share and the runs
where they differ, by difflib on the server, so the page needs no diff of its own). A save
that goes through keeps the version it replaces as DECK.yaml.bak; both files are
written atomically and together (`cardgen.products.output`): a crash or a full disk leaves
the old files or the new ones, never half of one.

A deck that is a symbolic link is saved through it: the file it points to is
replaced (its new version written beside it, then renamed over it), the `.bak` is
kept beside that file, and the link stays a link. Nothing is backed up or written
until both places are known to take a file: a folder in the way is named as one.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cardgen.errors import CardgenError
from cardgen.products.output import write_outputs
from cardgen.studio.view import digest


@dataclass(frozen=True)
class Conflict(Exception):
    """The file changed on disk since the page loaded it."""

    text: str | None  # the file as it is now (None when it is not UTF-8 text)
    digest: str
    diff: str  # from the file on disk to the text being saved, as a unified diff
    pieces: tuple[Piece, ...] | None  # both texts in runs, None when the file is not text


@dataclass(frozen=True)
class Piece:
    """A run of lines of the file on disk ("theirs") and of the text being saved ("mine"):
    the same lines in both (`same`), or lines that differ (either side may have none).
    Lines keep their line ends; `*_line` is the first line's number in its text."""

    same: bool
    theirs: tuple[str, ...]
    mine: tuple[str, ...]
    theirs_line: int
    mine_line: int


def written(deck: Path) -> Path:
    """The file a save replaces: the deck, or the file its link points to."""
    return Path(os.path.realpath(deck))


def backup_path(deck: Path) -> Path:
    """Where a save keeps the version before: beside the file it replaces."""
    target = written(deck)
    return target.with_name(target.name + ".bak")


def backup_shown(deck: Path) -> str:
    """The `.bak` as the page names it: from the deck's folder (`deck.yaml.bak`, or
    `../real/deck.yaml.bak` for a linked deck)."""
    backup = backup_path(deck)
    try:
        return Path(os.path.relpath(backup, os.path.realpath(deck.parent))).as_posix()
    except ValueError:  # on another drive (Windows): only the whole path says where
        return str(backup)


def save(deck: Path, text: str, base: str, shown: str) -> str:
    """Write `text` as the deck if the file is still the version `base`; return the new
    version's digest. Raise Conflict if it is not, and CardgenError if it cannot be written
    (`shown` is the deck's name in that message).

    The caller serialises saves of one deck: the check and the writes belong together.
    """
    target, backup = written(deck), backup_path(deck)
    _takes_a_file(backup, _beside(shown, backup_shown(deck)),
                  "is a folder, so the version before cannot be kept there")
    kept = _current(target, shown)
    current = kept or b""
    current_text = "" if kept is None else _text(current)  # none: all of the page's text is new
    if digest(current) != base:
        raise Conflict(current_text, digest(current), _diff(current_text, text, deck),
                       None if current_text is None else pieces(current_text, text))
    if current_text is not None and "\r\n" in current_text:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")  # keep the file's line endings
    data = text.encode("utf-8")
    if data == current:
        return base
    # Both files are replaced together or not at all (a full disk leaves both as they were).
    write_outputs([(target, data)] if kept is None else [(backup, kept), (target, data)])
    return digest(data)


def _current(target: Path, shown: str) -> bytes | None:
    """The deck's bytes as they are now, or None if there is no file. Raise CardgenError if
    something else is in the way or it cannot be read: it could not be kept as the `.bak`."""
    if not _takes_a_file(target, shown, "is a folder, not a deck file"):
        return None
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CardgenError(f"cannot save {shown}: it cannot be read ({error.strerror or error}), "
                           "so the version before could not be kept") from None


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _takes_a_file(path: Path, shown: str, folder: str) -> bool:
    """Whether a file is at `path` (False: nothing is). Raise CardgenError, saying `shown`
    and `folder`, if a folder or anything else but a file is in the way."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as error:
        raise CardgenError(f"cannot save {shown}: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise CardgenError(f"{shown} {folder}: move or rename the folder, then save again")
    if not stat.S_ISREG(mode):
        raise CardgenError(f"{shown} is not an ordinary file: move or rename it, then save again")
    return True


def _beside(shown: str, name: str) -> str:
    """`name` (relative to the deck's folder) as the deck's `shown` name says its folder."""
    return os.path.normpath(os.path.join(os.path.dirname(shown), name))


def _diff(disk: str | None, yours: str, deck: Path) -> str:
    name = deck.name
    if disk is None:
        return (f"{name} on disk is not UTF-8 text; saving replaces it "
                f"(it is kept as {backup_shown(deck)})")
    lines = difflib.unified_diff(
        disk.splitlines(keepends=True),
        yours.splitlines(keepends=True),
        fromfile=f"{name} (on disk now)",
        tofile=f"{name} (your edits)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def pieces(theirs: str, mine: str) -> tuple[Piece, ...]:
    """`theirs` and `mine` as runs of lines, alike or differing, in order: joining every
    run's lines from one side gives that side's text back. Line ends are read as the page's
    editor gives them ("\\n"; a save puts a CRLF file's own back)."""
    theirs_lines = theirs.replace("\r\n", "\n").splitlines(keepends=True)
    mine_lines = mine.replace("\r\n", "\n").splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, theirs_lines, mine_lines)
    return tuple(
        Piece(tag == "equal", tuple(theirs_lines[t1:t2]), tuple(mine_lines[m1:m2]), t1 + 1, m1 + 1)
        for tag, t1, t2, m1, m2 in matcher.get_opcodes()
    )
