"""Where a project's things are: the decks a command works on and the user's own fonts."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from cardgen.bundled import bundled
from cardgen.deck.published import fetch_sheet, is_url
from cardgen.deck.sheets import SHEET_SUFFIXES
from cardgen.deck.spreadsheet import cards_from, settings_file
from cardgen.errors import CardgenError
from cardgen.text.fontfamily import Member, one_family, pick_faces
from cardgen.text.fontfile import read_font_file
from cardgen.text.fonts import split_spec
from cardgen.text.registry import is_bundled


def deck_files(given: tuple[str, ...] | list[str], here: Path | None = None,
               downloads: Path | None = None) -> list[tuple[Path, str]]:
    """The decks to work on, as (path, name to show in messages).

    A published sheet's address (https://...) is fetched into `downloads` (a folder the
    caller removes after), as a CSV file named after the sheet; without `downloads` it is
    refused.

    Without arguments: every deck in decks/ in the current folder (its *.yaml files and
    spreadsheets, see `sheets_in`), or, where there is no decks/ folder, the decks that
    come with cardgen.
    """
    if given:
        # One file named twice (a/d.yaml, ./a/../a/d.yaml) is one deck, built once.
        found: dict[str, tuple[Path, str]] = {}
        for name in given:
            if is_url(name):
                found.setdefault(name, (_fetched(name, downloads), name))
                continue
            found.setdefault(os.path.realpath(name), (Path(name), name))
        return list(found.values())
    here = here or Path.cwd()
    folder = here / "decks"
    if folder.is_dir():
        files = sorted(decks_in(folder) + sheets_in(folder))
        if not files:
            raise CardgenError("decks/ has no .yaml files or spreadsheets (.csv, .xlsx, .ods); "
                               "give a deck file, or create one with "
                               "`cardgen new decks/my-deck.yaml`")
        files = _without_parts(files)
        return [(path, f"decks/{path.name}") for path in files]
    return [(path, str(path)) for path in sorted(bundled("decks").glob("*.yaml"))]


def _fetched(url: str, downloads: Path | None) -> Path:
    if downloads is None:
        raise CardgenError(f"{url}: this command reads deck files, not a published sheet\n  "
                           "hint: download the sheet as CSV (File → Download → CSV) and give "
                           "the file")
    data, name = fetch_sheet(url)
    path = downloads / f"{name}.csv"
    number = 1
    while path.exists():  # two sheets of one title: the second is name-2
        number += 1
        path = downloads / f"{name}-{number}.csv"
    path.write_bytes(data)
    return path


def decks_in(folder: Path) -> list[Path]:
    """The decks in `folder`, by name: its *.yaml files, links included. A folder named
    x.yaml is no deck; anything else that is no file (a link to a device) is kept, for
    reading it to say what is wrong."""
    return sorted(path for path in folder.glob("*.yaml") if not path.is_dir())


def sheets_in(folder: Path) -> list[Path]:
    """The spreadsheets in `folder` kept as decks (*.csv, *.xlsx, *.ods, ...), leaving out
    the lock files Excel and LibreOffice keep beside an open one (~$deck.xlsx,
    .~lock.deck.ods#)."""
    return sorted(path for path in folder.iterdir() if path.suffix.lower() in SHEET_SUFFIXES
                  and not path.name.startswith(("~$", ".")) and not path.is_dir())


def _without_parts(files: list[Path]) -> list[Path]:
    """The decks among `files`, leaving out the parts of another: a CSV file's settings
    (circle.yaml beside circle.csv, listing no cards) and a sheet a YAML deck takes its
    cards from (`cards_from:`)."""
    names = {path.name for path in files}
    taken = {found.resolve() for path in files if path.suffix == ".yaml"
             and (found := cards_from(path)) is not None}
    return [path for path in files
            if path.resolve() not in taken
            and not (path.suffix == ".yaml" and path.with_suffix(".csv").name in names
                     and settings_file(path))]


FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


def user_fonts(here: Path) -> tuple[Path, ...]:
    """The font files in a fonts/ folder beside decks/, leaving out cardgen's own.

    cardgen's own fonts are known by their contents, not their folder: the
    repository's fonts/ folder, a copy of it, or single files copied from it are
    never taken for the user's. Raises CardgenError for a font that cannot be
    used, or when the folder holds more than one family (it has no order to
    choose between them).
    """
    folder = here / "fonts"
    if not folder.is_dir():
        return ()
    found, members = [], []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES or path.name.startswith("."):
            continue
        font = read_font_file(path, f"fonts/{path.name}")
        if is_bundled(font):
            continue
        found.append(path)
        members += [Member(font, face) for face in pick_faces(font, None)]
    one_family(members, "fonts/")
    return tuple(found)


def watched_fonts(here: Path, named: Sequence[Path | str]) -> list[Path]:
    """The font files a rebuild depends on: those `named` (--font and `font:`), and
    every font file in fonts/, so `--watch` rebuilds when a font is saved or added."""
    folder = here / "fonts"
    found = [split_spec(spec)[0] for spec in named]
    if folder.is_dir():
        found += sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    return found
