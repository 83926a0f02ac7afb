"""Running `cardgen` as a user would, through Click's runner: the one way the tests do it
(conftest.py's `cli_run` fixture is this function)."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner, Result

from cardgen.cli import cli


def run(*args: object, cwd: Path | None = None) -> Result:
    """Run `cardgen ARGS...` in `cwd` (default: the current folder); paths may be Path
    objects. The result has Click's exit code, stdout and stderr."""
    words = [str(arg) for arg in args]
    if cwd is None:
        return CliRunner().invoke(cli, words, prog_name="cardgen")
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, words, prog_name="cardgen")
    finally:
        os.chdir(old)
