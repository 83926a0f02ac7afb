"""Fixtures of the text engine's tests: the bundled decks built once, for the checks that read
what a typesetter would (test_breaking.py, test_typography.py)."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from cardgen.cli import cli
from support.cjk import CJK_FONT
from support.paths import DECKS
from support.pdfread import reader, text_runs


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, list[list]]:
    """Every bundled deck built as cards and booklet through the command line: each
    PDF's name -> the lines of text on each of its pages."""
    folder = tmp_path_factory.mktemp("bundled")
    shutil.copytree(DECKS, folder / "decks")
    decks = sorted(str(path) for path in (folder / "decks").glob("*.yaml")
                   if ".zh." not in path.name)
    result = CliRunner().invoke(cli, ["build", *decks, "--out", str(folder / "out")])
    assert result.exit_code == 0, result.output
    chinese = str(folder / "decks" / "harm-reduction.zh.yaml")  # with the font it needs
    if CJK_FONT.exists() or os.environ.get("CI"):
        result = CliRunner().invoke(cli, ["build", chinese, "--font", str(CJK_FONT),
                                          "--out", str(folder / "out")])
        assert result.exit_code == 0, result.output
    return {path.name: [text_runs(page) for page in reader(path.read_bytes()).pages]
            for path in sorted((folder / "out").glob("*.pdf"))}
