"""What the command-line tests share: a small project with a deck and a stock's template."""

from __future__ import annotations

import os

import pytest

from support.projects import DECK, LEFT


@pytest.fixture
def project(tmp_path):
    """A project, made the current folder: decks/mine.yaml, and left.xml, a stock's template."""
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text(DECK)
    (tmp_path / "left.xml").write_text(LEFT)
    old = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)
