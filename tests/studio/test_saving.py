"""Saving the deck from the studio page: the previous version kept, never over what someone
else saved since, the file's own line endings kept."""

from __future__ import annotations

import json
from pathlib import Path

from support.studiokit import DECK, digest


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_save_writes_the_deck_and_keeps_the_previous_version(running):
    before = files_in(running.here)
    new = DECK.replace("hard day", "rough day")
    response = running.save(new, digest(running.deck))
    assert response.status == 200, response.body
    answer = json.loads(response.body)
    assert running.deck.read_text(encoding="utf-8") == new
    assert answer["digest"] == digest(running.deck)
    assert answer["backup"] == "deck.yaml.bak"
    backup = running.here / "decks" / "deck.yaml.bak"
    assert backup.read_text(encoding="utf-8") == DECK
    after = files_in(running.here)
    assert set(after) == set(before) | {"decks/deck.yaml.bak"}  # nothing else written, no leftovers
    assert {name for name in after if after[name] != before.get(name)} == {
        "decks/deck.yaml",
        "decks/deck.yaml.bak",
    }


def test_save_refuses_when_the_file_changed_on_disk_and_shows_the_difference(running):
    base = digest(running.deck)
    someone_else = DECK.replace("Opening", "Beginnings")
    running.deck.write_text(someone_else, encoding="utf-8")
    response = running.save(DECK.replace("hard day", "rough day"), base)
    assert response.status == 409
    answer = json.loads(response.body)
    assert answer["conflict"] is True
    assert answer["text"] == someone_else
    assert answer["digest"] == digest(running.deck)
    assert "-    topic: Beginnings" in answer["diff"] and "+    topic: Opening" in answer["diff"]
    assert "+  - text: What helps you on a rough day?" in answer["diff"]
    assert running.deck.read_text(encoding="utf-8") == someone_else  # nothing overwritten
    assert not (running.here / "decks" / "deck.yaml.bak").exists()
    # Saving over the version now on disk, having seen it, goes through and keeps it.
    again = running.save(DECK.replace("hard day", "rough day"), answer["digest"])
    assert again.status == 200
    assert (running.here / "decks" / "deck.yaml.bak").read_text(encoding="utf-8") == someone_else


def test_save_keeps_the_files_line_endings(running):
    running.deck.write_bytes(DECK.replace("\n", "\r\n").encode())
    response = running.save(DECK.replace("hard day", "rough day"), digest(running.deck))
    assert response.status == 200
    assert (
        running.deck.read_bytes()
        == DECK.replace("hard day", "rough day").replace("\n", "\r\n").encode()
    )
