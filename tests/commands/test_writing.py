"""`cardgen validate`, `new`, `schema` and `lint` as a user meets them: output, exact error text,
exit codes; and a starter deck from `new` that builds."""

from __future__ import annotations

import json
import os

import pytest

from cardgen.deck.model import load_deck
from support.cli import run
from support.pdfread import reader

GOOD = "title: T\nprompts:\n  - How are you?\nreframes:\n  - instead: a\n    try: b\n"
COUNTS = "1 prompt, 1 reframe, 0 quotes, 0 practices, 0 helplines"  # what `validate` says of GOOD



DECK = "title: T\nprompts:\n  - How are you?\n  - What helps?\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text(DECK)
    old = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def test_validate_prints_counts_for_a_good_deck(tmp_path):
    deck = tmp_path / "good.yaml"
    deck.write_text(GOOD)
    result = run("validate", deck)
    assert result.exit_code == 0, result.output
    assert result.output == f"{deck}: ok ({COUNTS})\n"


def test_validate_reports_errors_with_positions_and_exit_1(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nprompts:\n  - txet: a\n")
    result = run("validate", good, bad)
    assert result.exit_code == 1
    assert result.stdout == f"{good}: ok ({COUNTS})\n"
    assert result.stderr == f"{bad}:3:5: `txet`: unknown key; did you mean `text`?\n"
    assert "Traceback" not in result.output


def test_validate_defaults_to_the_decks_folder(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "b.yaml").write_text(GOOD)
    (tmp_path / "decks" / "a.yaml").write_text(GOOD)
    result = run("validate", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "decks/a.yaml: ok (1 prompt, 1 reframe, 0 quotes, 0 practices, 0 helplines)",
        "decks/b.yaml: ok (1 prompt, 1 reframe, 0 quotes, 0 practices, 0 helplines)",
    ]


def test_validate_without_a_decks_folder_checks_the_bundled_decks(tmp_path):
    result = run("validate", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "harm-reduction.yaml: ok (" in result.output


def test_validate_an_empty_decks_folder_says_what_to_do(tmp_path):
    (tmp_path / "decks").mkdir()
    result = run("validate", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("decks/ has no .yaml files or spreadsheets (.csv, .xlsx, .ods); "
                             "give a deck file, or create one with "
                             "`cardgen new decks/my-deck.yaml`\n")


def test_validate_a_missing_file(tmp_path):
    result = run("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: no such file\n"


def test_new_writes_a_starter_deck_that_validates(tmp_path):
    path = tmp_path / "decks" / "grief.yaml"
    result = run("new", path, "--title", 'Talking about "loss": together')
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {path}\n"
    deck = load_deck(path)
    assert deck.title == 'Talking about "loss": together'
    # It shows every part of the format.
    assert all(deck.entries[kind] for kind in ("prompt", "reframe", "quote", "resource"))
    assert deck.blank_cards
    assert deck.intro and deck.subtitle and deck.labels["prompt"] == "Ask"
    first = path.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert first.endswith("deck.schema.json")
    assert run("validate", path).exit_code == 0


def test_new_never_overwrites(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("my words")
    result = run("new", path)
    assert result.exit_code == 1
    assert result.stderr == (f"{path} already exists; cardgen new never overwrites a file. "
                             "Choose another name, or delete the old file first.\n")
    assert path.read_text() == "my words"


def test_the_starter_deck_builds(project):
    assert run("new", "decks/starter.yaml", "--title", "Our deck").exit_code == 0
    result = run("build", "decks/starter.yaml")
    assert result.exit_code == 0, result.output
    assert [line.split(" (")[0] for line in result.output.splitlines()] == [
        "wrote output/starter-cards.pdf", "wrote output/starter-booklet.pdf"]
    pdf = reader((project / "output" / "starter-cards.pdf").read_bytes())
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Our deck" in text and "Your card" in text and "How to use" in text


def test_schema_prints_json_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["title"]
    assert schema["$defs"]["quote"]["required"] == ["text", "by"]


def test_lint_points_at_the_word_and_exits_1(tmp_path):
    deck = tmp_path / "d.yaml"
    deck.write_text("title: T\nprompts:\n  - Is your son an addict?\n"
                    "quotes:\n  - {text: The addict in me., by: Someone}\n")
    result = run("lint", deck)
    assert result.exit_code == 1
    assert result.output == (f'{deck}:3:20: "addict" -> "person who uses drugs" / '
                             '"person with a substance use disorder"\n')


def test_lint_of_a_clean_deck_and_the_bundled_decks(tmp_path, no_cjk_installed):
    deck = tmp_path / "d.yaml"
    deck.write_text(GOOD)
    result = run("lint", deck)
    assert result.exit_code == 0
    assert result.output == f"{deck}: nothing to change\n"
    result = run("lint", cwd=tmp_path)  # no decks/ here: the bundled decks
    assert result.exit_code == 0, result.output
    # The Chinese deck needs a font no one named: skipped, with a note saying how to get one.
    assert result.output.count("nothing to change") == 4
    assert "harm-reduction.zh.yaml: this deck is in Chinese, and no font given can print it\n" \
        "  hint: Chinese, Japanese and Korean need a font" in result.output


def test_lint_reports_a_broken_deck_like_validate(tmp_path):
    deck = tmp_path / "d.yaml"
    deck.write_text("title: T\nprompts:\n  - txet: a\n")
    result = run("lint", deck)
    assert result.exit_code == 1
    assert result.stderr == f"{deck}:3:5: `txet`: unknown key; did you mean `text`?\n"


def test_notes_lists_every_card_with_a_content_note_where_it_is_written(tmp_path):
    from support.paths import DECKS

    deck = DECKS / "harm-reduction.yaml"
    result = run("notes", deck)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{deck}:181:19: prompt 28 (level 3): talks about overdose and emergencies\n"
        f"{deck}:219:19: reframe 35 (level 3): talks about cutting family ties\n"
        f"{deck}:257:19: reframe 42 (level 3): talks about death\n"
        f"{deck}:264:19: reframe 43 (level 3): talks about dying from drugs\n"
        f"{deck}:281:19: reframe 46 (level 3): talks about going back to using\n"
        f"{deck}:412:19: quote 71 (level 3): talks about death\n")


def test_notes_says_so_when_no_card_has_one_and_leaves_levels_out_of_a_deck_without(project):
    (project / "decks" / "noted.yaml").write_text(
        "title: T\nprompts:\n  - text: Who would you call?\n    content_note: talks about loss\n"
        "    id: call\n")
    result = run("notes")
    assert result.exit_code == 0, result.output
    assert result.output == ("decks/mine.yaml: no card has a content note\n"
                             "decks/noted.yaml:4:19: prompt call: talks about loss\n")


def test_notes_on_a_deck_with_a_mistake_says_where_it_is(tmp_path):
    deck = tmp_path / "bad.yaml"
    deck.write_text("title: T\nprompts:\n  - text: Hi?\n    level: 0\n")
    result = run("notes", deck)
    assert result.exit_code == 1
    assert result.stderr == (f"{deck}:4:12: `level` is 0; it must be between 1 and 3\n"
                             "  hint: 1 is a light card, 3 a deep one\n")


def test_validate_and_lint_read_a_published_sheet_and_notes_says_it_reads_files(tmp_path,
                                                                                cli_run):
    from support.studiokit import Published

    from ..deck.test_sheets import ROWS, excel_csv

    (tmp_path / "cardgen.yaml").write_text("region: US\n")
    rows = [row[:] for row in ROWS]
    rows[0][1] = "How is the addict in your family?"
    sheet = Published(excel_csv(rows))
    try:
        valid = cli_run("validate", sheet.url, cwd=tmp_path)
        linted = cli_run("lint", sheet.url, cwd=tmp_path)
        notes = cli_run("notes", sheet.url, cwd=tmp_path)
    finally:
        sheet.close()
    assert valid.exit_code == 0, valid.output
    assert valid.output.startswith(f"{sheet.url}: ok (2 prompts, 1 reframe, 1 quote, ")
    assert linted.exit_code == 1
    assert linted.output.startswith(f"{sheet.url}:2:2: ")  # the cell: its line and field
    assert "addict" in linted.output
    assert notes.exit_code == 1
    assert notes.stderr.startswith(f"{sheet.url}: this command reads deck files, not a "
                                   "published sheet\n  hint: download the sheet as CSV")
