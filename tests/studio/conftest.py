"""Fixtures of the studio's tests: a studio serving decks/deck.yaml, one for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.studiokit import Running, serving


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    with serving(tmp_path) as served:
        yield served
