"""Where the repository's things are, for tests that read them: one place, so a test file
can move between folders without counting its way back up to the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository
DECKS = ROOT / "decks"  # the bundled decks
FONTS = ROOT / "fonts"  # the bundled fonts
SCHEMA = ROOT / "cardgen" / "deck" / "deck.schema.json"  # the committed deck schema
DATA = ROOT / "tests" / "data"  # the tests' own decks (data/decks) and files (data/themed)
AXE = ROOT / "tests" / "axe" / "axe.min.js"  # axe-core, MPL-2.0, see tests/axe/README.md
