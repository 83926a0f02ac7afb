"""The README documents every option of `cardgen build` and every field of a deck, each once,
and shows only pictures that are there and small enough to send."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
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


def two_commands() -> list[str]:
    """The lines of the code block under "## Two commands", as a reader copies them."""
    block = two_commands_section().split("```")[1]
    assert block.startswith("sh\n")
    return [line for line in block.splitlines()[1:] if line.strip()]


def steps(command: str) -> list[str]:
    """A command's steps, `a && b && c`, without its comment."""
    return [step.strip() for step in command.split("#")[0].split("&&")]


ACTIVATE = ". .venv/bin/activate"


def test_the_two_commands_install_only_into_a_virtual_environment():
    """Debian 12, Ubuntu 23.04 on, Fedora and Homebrew refuse `pip install` outside a virtual
    environment (PEP 668): the first command makes one and enters it before installing, the
    second, typed in a new terminal, enters it again before installing the test tools."""
    first, second = two_commands()
    assert steps(first)[:2] == ["python3 -m venv .venv", ACTIVATE]
    assert steps(second)[0] == ACTIVATE
    for command in (first, second):
        installs = [i for i, step in enumerate(steps(command)) if step.startswith("pip")]
        assert installs and min(installs) > steps(command).index(ACTIVATE), command
    assert steps(first)[-1] == "cardgen build" and steps(second)[-1] == "pytest"


@pytest.mark.skipif(shutil.which("bash") is None, reason=".ci/run is a bash script")
def test_ci_runs_the_readmes_two_commands_as_written():
    """.ci/run takes the commands from the README (`--commands` prints them) and installs
    nothing with pip of its own, so what CI runs is what a reader types."""
    run = ROOT / ".ci" / "run"
    assert '"${1:-}" = --commands' in run.read_text(encoding="utf-8")  # else it would run CI
    printed = subprocess.run(["bash", str(run), "--commands"], capture_output=True, text=True,
                             check=True).stdout
    assert printed.splitlines() == two_commands()
    own_lines = [line for line in run.read_text(encoding="utf-8").splitlines()
                 if not line.lstrip().startswith("#")]
    assert not [line for line in own_lines if "pip install" in line or "-m venv" in line]


def test_the_readme_says_which_python_pyproject_requires():
    """The Python version the README asks for is the one pip enforces."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        required = tomllib.load(file)["project"]["requires-python"]
    assert required.startswith(">=")
    version = required[2:]
    assert f"Python {version} or newer" in two_commands_section()
    assert f"cardgen needs Python {version} or newer" in README


def two_commands_section() -> str:
    start = README.index("\n## Two commands\n")
    return README[start:README.index("\n## ", start + 1)]
