"""`cardgen new`: a commented starter deck that shows every feature of the format."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from string import Template

from cardgen.deck.schema import SCHEMA_FILE
from cardgen.errors import CardgenError

_TEMPLATE = Path(__file__).with_name("starter.yaml")


def starter_text(path: Path, title: str) -> str:
    """The starter deck for a file at `path`, its schema comment pointing at the schema."""
    schema = os.path.relpath(SCHEMA_FILE.resolve(), path.resolve().parent)
    if schema.count("..") > 1:  # far away (an installed cardgen): say where it is
        schema = str(SCHEMA_FILE.resolve())
    # json.dumps gives a double-quoted string that YAML reads back exactly.
    return Template(_TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=json.dumps(title, ensure_ascii=False), schema_path=Path(schema).as_posix(),
        filename=_as_typed(path),
    )


def _as_typed(path: Path) -> str:
    """`path` as a deck writer types it after `cardgen validate`, from the folder where
    `cardgen new` was run: decks/grief.yaml, not grief.yaml (which is not there)."""
    shown = path.as_posix()
    return shown if re.fullmatch(r"[\w./~:-]+", shown) else '"' + shown + '"'


def write_starter(path: Path, title: str) -> None:
    """Write a starter deck to `path`; never overwrite an existing file."""
    text = starter_text(path, title)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise CardgenError(f"{path} already exists; cardgen new never overwrites a file. "
                           "Choose another name, or delete the old file first.") from None
    except OSError as error:
        raise CardgenError(f"cannot write {path}: {error.strerror}") from None
