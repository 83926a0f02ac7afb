"""`cardgen new`'s starter deck: its comments name the deck as it was created, so the
commands they show work from the folder `cardgen new` was run in."""

from __future__ import annotations

from support.cli import run


def test_the_starter_tells_how_to_check_it_by_the_path_it_was_made_at(tmp_path):
    assert run("new", "decks/grief.yaml", cwd=tmp_path).exit_code == 0
    text = (tmp_path / "decks" / "grief.yaml").read_text(encoding="utf-8")
    assert ("# Check it with `cardgen validate decks/grief.yaml` and print it with "
            "`cardgen build decks/grief.yaml`.\n") in text
    assert run("validate", "decks/grief.yaml", cwd=tmp_path).exit_code == 0  # as it says


def test_a_path_with_a_space_is_shown_in_quotes(tmp_path):
    assert run("new", "our decks/grief.yaml", cwd=tmp_path).exit_code == 0
    text = (tmp_path / "our decks" / "grief.yaml").read_text(encoding="utf-8")
    assert '`cardgen validate "our decks/grief.yaml"`' in text
