"""The README documents every option of `cardgen build` and every field of a deck, each once,
and shows only pictures that are there and small enough to send."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cardgen.cli import cli
from cardgen.deck.model import FIELDS
from support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def options_table() -> list[str]:
    """The first cell of each row of the table of `cardgen build`'s options."""
    start = README.index("The options of `cardgen build`:")
    rows = README[start:].split("\n\n")[1].splitlines()[2:]
    return [row.split(" | ")[0].lstrip("| ") for row in rows]


@pytest.mark.parametrize("option", [p.opts[-1] for p in cli.commands["build"].params
                                    if p.opts[-1].startswith("--")])
def test_every_build_option_has_one_row_in_the_readme(option):
    rows = [cell for cell in options_table() if re.search(rf"(`|, ){option}\b", cell)]
    assert len(rows) == 1, (option, rows)


@pytest.mark.parametrize("kind, field", [(kind, f.name) for kind, fields in FIELDS.items()
                                         for f in fields])
def test_every_deck_field_is_in_the_readmes_deck(kind, field):
    """In the example deck, or (`id`, `tags`: on every card) in the words just after it."""
    start = README.index("# yaml-language-server: $schema=")
    end = README.index("```", start)
    example, after = README[start:end], README[end:README.index("\n### ", end)]
    assert re.search(rf"^ *(- )?{field}:", example, re.M) or f"`{field}`" in after, (kind, field)


def test_the_readmes_pictures_are_there_and_small():
    pictures = re.findall(r"!\[[^\]]+\]\((docs/[^)]+)\)", README)
    assert len(pictures) == len(set(pictures)) >= 6
    for name in pictures:
        path = ROOT / name
        assert path.suffix == ".png" and path.stat().st_size < 200_000, name
    unused = {p.name for p in (ROOT / "docs").glob("*.png")} - {Path(p).name for p in pictures}
    assert not unused
