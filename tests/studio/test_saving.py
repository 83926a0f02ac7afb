"""Saving the deck from the studio page: the previous version kept, never over what someone
else saved since, the file's own line endings kept, a linked deck written through its link,
and nothing replaced when a folder is in the way."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from cardgen.studio.saving import pieces
from support.studiokit import DECK, card_words, digest, save_by_rename, serving


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


# --- a linked deck ----------------------------------------------------------------


def test_saving_a_linked_deck_writes_through_the_link_and_keeps_it(tmp_path):
    real = tmp_path / "real" / "deck.yaml"
    real.parent.mkdir()
    real.write_text(DECK, encoding="utf-8")
    link = tmp_path / "decks" / "link.yaml"
    link.parent.mkdir()
    link.symlink_to(Path("..", "real", "deck.yaml"))
    with serving(tmp_path, link) as running:
        events = running.events()
        try:
            events.until(lambda view: "hard day" in card_words(view))
            new = DECK.replace("hard day", "rough day")
            response = running.save(new, digest(real))
            assert response.status == 200, response.body
            assert json.loads(response.body)["backup"] == "../real/deck.yaml.bak"
            assert link.is_symlink() and os.readlink(link) == str(Path("..", "real", "deck.yaml"))
            assert real.read_text(encoding="utf-8") == new
            assert (tmp_path / "real" / "deck.yaml.bak").read_text(encoding="utf-8") == DECK
            assert sorted(os.listdir(tmp_path / "decks")) == ["link.yaml"]  # no copy, no leftovers
            assert sorted(os.listdir(tmp_path / "real")) == ["deck.yaml", "deck.yaml.bak"]
            # The studio follows the file the link points to.
            save_by_rename(real, DECK.replace("hard day", "long day"))
            events.until(lambda view: "long day" in card_words(view))
        finally:
            events.close()


# --- what is in the way -----------------------------------------------------------


@pytest.mark.parametrize("base", ["old", "empty"])  # the page's version, or after a refusal
def test_a_deck_that_became_a_folder_is_named_as_one_and_its_backup_kept(running, base):
    backup = running.here / "decks" / "deck.yaml.bak"
    backup.write_text("title: the good version\n", encoding="utf-8")
    version = digest(running.deck) if base == "old" else hashlib.sha256(b"").hexdigest()
    running.deck.unlink()
    running.deck.mkdir()
    response = running.save(DECK.replace("hard day", "rough day"), version)
    assert response.status == 500
    assert json.loads(response.body)["error"] == (
        "decks/deck.yaml is a folder, not a deck file: move or rename the folder, then save again"
    )
    assert backup.read_text(encoding="utf-8") == "title: the good version\n"
    assert running.deck.is_dir() and not any(running.deck.iterdir())
    assert sorted(os.listdir(running.here / "decks")) == ["deck.yaml", "deck.yaml.bak"]


def test_a_folder_where_the_backup_goes_is_named_and_the_deck_kept(running):
    (running.here / "decks" / "deck.yaml.bak").mkdir()
    response = running.save(DECK.replace("hard day", "rough day"), digest(running.deck))
    assert response.status == 500
    assert json.loads(response.body)["error"] == (
        "decks/deck.yaml.bak is a folder, so the version before cannot be kept there: "
        "move or rename the folder, then save again"
    )
    assert running.deck.read_text(encoding="utf-8") == DECK
    assert sorted(os.listdir(running.here / "decks")) == ["deck.yaml", "deck.yaml.bak"]


def test_a_refused_save_cuts_both_texts_into_runs_alike_and_differing(running):
    base = digest(running.deck)
    someone_else = DECK.replace("topic: Opening", "topic: Beginnings")
    running.deck.write_text(someone_else, encoding="utf-8")
    mine = DECK.replace("hard day", "rough day")
    answer = json.loads(running.save(mine, base).body)
    pieces = answer["pieces"]
    assert "".join(line for piece in pieces for line in piece["theirs"]) == someone_else
    assert "".join(line for piece in pieces for line in piece["mine"]) == mine
    differing = [piece for piece in pieces if not piece["same"]]
    assert [(p["theirs"], p["mine"], p["theirs_line"], p["mine_line"]) for p in differing] == [(
        ["  - text: What helps you on a hard day?\n", "    topic: Beginnings\n"],
        ["  - text: What helps you on a rough day?\n", "    topic: Opening\n"],
        6, 6,
    )]
    assert all(piece["theirs"] == piece["mine"] for piece in pieces if piece["same"])


def test_runs_read_a_crlf_file_as_the_editor_does():
    theirs = "a: 1\r\nb: 2\r\nc: 3\r\n"
    runs = pieces(theirs, "a: 1\nb: 9\nc: 3\n")
    assert [(run.same, run.theirs, run.mine) for run in runs] == [
        (True, ("a: 1\n",), ("a: 1\n",)),
        (False, ("b: 2\n",), ("b: 9\n",)),
        (True, ("c: 3\n",), ("c: 3\n",)),
    ]
    assert [(run.theirs_line, run.mine_line) for run in runs] == [(1, 1), (2, 2), (3, 3)]


def test_a_file_that_is_not_text_has_no_runs_to_merge(running):
    base = digest(running.deck)
    running.deck.write_bytes(b"\xff\xfe not text")
    answer = json.loads(running.save(DECK, base).body)
    assert answer["conflict"] is True and answer["text"] is None and answer["pieces"] is None
