"""What ships with cardgen: its decks, each valid and carrying the schema comment editors read."""

from __future__ import annotations

import yaml

from cardgen.deck.model import load_deck


def test_bundled_decks_validate_and_carry_the_schema_comment():
    from cardgen.bundled import bundled

    decks = sorted(bundled("decks").glob("*.yaml"))
    assert decks
    for path in decks:
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../cardgen/deck/deck.schema.json"), path
        load_deck(path)
        yaml.safe_load(path.read_text(encoding="utf-8"))
