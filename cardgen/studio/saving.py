"""Saving the deck from the studio page without ever overwriting what someone else wrote.

A save names the version of the file its text was edited from (the digest of its
bytes). If the file on disk is no longer that version, the save is refused with
both versions and their difference, so the writer can see what changed. A save
that goes through keeps the version it replaces as DECK.yaml.bak; both files are
written atomically and together (`cardgen.products.output`): a crash or a full disk leaves
the old files or the new ones, never half of one.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from cardgen.products.output import write_outputs
from cardgen.studio.view import digest, read_deck_file


@dataclass(frozen=True)
class Conflict(Exception):
    """The file changed on disk since the page loaded it."""

    text: str | None  # the file as it is now (None when it is not UTF-8 text)
    digest: str
    diff: str  # from the file on disk to the text being saved, as a unified diff


def backup_path(deck: Path) -> Path:
    return deck.with_name(deck.name + ".bak")


def save(deck: Path, text: str, base: str) -> str:
    """Write `text` as the deck if the file is still the version `base`; return the new
    version's digest. Raise Conflict if it is not, and CardgenError if it cannot be written.

    The caller serialises saves of one deck: the check and the writes belong together.
    """
    current, current_text = read_deck_file(deck)
    if not deck.exists():
        current_text = ""  # deleted since: the difference is all of the page's text
    if digest(current) != base:
        raise Conflict(current_text, digest(current), _diff(current_text, text, deck.name))
    if current_text is not None and "\r\n" in current_text:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")  # keep the file's line endings
    data = text.encode("utf-8")
    if data == current:
        return base
    # Both files are replaced together or not at all (a full disk leaves both as they were).
    write_outputs([(backup_path(deck), current), (deck, data)] if deck.exists() else [(deck, data)])
    return digest(data)


def _diff(disk: str | None, yours: str, name: str) -> str:
    if disk is None:
        return f"{name} on disk is not UTF-8 text; saving replaces it (it is kept as {name}.bak)"
    lines = difflib.unified_diff(
        disk.splitlines(keepends=True),
        yours.splitlines(keepends=True),
        fromfile=f"{name} (on disk now)",
        tofile=f"{name} (your edits)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
