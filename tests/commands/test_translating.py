"""`cardgen translate` as a user runs it: its output, its messages and exit codes."""

from __future__ import annotations

from pathlib import Path

from tools.test_translating import SOURCE


def test_start_status_done_through_the_command_line(tmp_path: Path, cli_run):
    (tmp_path / "talk.yaml").write_text(SOURCE, encoding="utf-8")
    started = cli_run("translate", "start", "talk.yaml", "--language", "es", cwd=tmp_path)
    assert (started.exit_code, started.output) == (0, "talk.yaml: gave 5 cards an id\n"
                                                      "wrote talk.es.yaml: every card marked "
                                                      "`translated: no`\n")
    again = cli_run("translate", "start", "talk.yaml", "-l", "es", cwd=tmp_path)
    assert (again.exit_code, again.output) == (0, "talk.es.yaml: has every card of talk.yaml\n")
    state = cli_run("translate", "status", "talk.es.yaml", cwd=tmp_path)
    assert state.exit_code == 1
    lines = state.output.splitlines()
    assert lines[:2] == ["talk.es.yaml:3:8: the title is not yet translated",
                         "  hint: translate it, then write `translated: 88fdef8f`"]
    assert lines[-1] == "talk.es.yaml: 0 of 6 translated (0%); 6 not yet translated"
    done = cli_run("translate", "done", "talk.es.yaml", "1", "deck.title", cwd=tmp_path)
    assert done.output.splitlines()[-1] == ("talk.es.yaml: marked 2 cards as translated; "
                                            "4 still marked `translated: no`")
    none = cli_run("translate", "done", "talk.es.yaml", cwd=tmp_path)  # `no` cards stay
    assert none.output == "talk.es.yaml: marked 0 cards as translated; 4 still marked " \
                          "`translated: no`\n"
    done = cli_run("translate", "done", "talk.es.yaml", "2", "3", "4", "5", cwd=tmp_path)
    complete = cli_run("translate", "status", "talk.es.yaml", cwd=tmp_path)
    assert (complete.exit_code, complete.output) == (0, "talk.es.yaml: all 6 translated "
                                                        "(100%)\n")


def test_status_lists_extra_and_missing_cards(tmp_path: Path, cli_run):
    (tmp_path / "talk.yaml").write_text(SOURCE, encoding="utf-8")
    cli_run("translate", "start", "talk.yaml", "--language", "es", cwd=tmp_path)
    path = tmp_path / "talk.es.yaml"
    text = path.read_text(encoding="utf-8").replace('    id: "2"', '    id: "x2"')
    path.write_text(text, encoding="utf-8")
    state = cli_run("translate", "status", "talk.es.yaml", cwd=tmp_path)
    assert state.exit_code == 1
    assert "talk.es.yaml:16:5: prompt x2 is not in the source: no card there has id `x2`" \
        in state.output
    assert 'talk.es.yaml:12:3: prompt 2 is missing: the source says text: "What helps?"' \
        in state.output
    assert state.output.splitlines()[-1] == ("talk.es.yaml: 0 of 6 translated (0%); "
                                             "5 not yet translated, 1 missing, 1 extra")


def test_a_deck_that_is_not_a_translation_is_told_at_its_first_line(tmp_path, cli_run):
    (tmp_path / "talk.yaml").write_text(SOURCE, encoding="utf-8")
    result = cli_run("translate", "status", "talk.yaml", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        1, "talk.yaml:1:1: this deck is not a translation\n  hint: name the deck it "
           "translates with `translation_of:`, e.g. `translation_of: harm-reduction.yaml`\n")


def test_a_bad_language_is_a_usage_error(tmp_path, cli_run):
    (tmp_path / "talk.yaml").write_text(SOURCE, encoding="utf-8")
    result = cli_run("translate", "start", "talk.yaml", "--language", "spanish!", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Invalid value for '--language': 'spanish!' is not a language tag" in result.stderr
    assert (tmp_path / "talk.yaml").read_text(encoding="utf-8") == SOURCE


def test_export_and_import_name_what_they_wrote(tmp_path, cli_run):
    (tmp_path / "talk.yaml").write_text(SOURCE, encoding="utf-8")
    cli_run("translate", "start", "talk.yaml", "--language", "es", cwd=tmp_path)
    exported = cli_run("translate", "export", "talk.es.yaml", "-o", "es.po", cwd=tmp_path)
    assert (exported.exit_code, exported.output) == (0, "wrote es.po: 10 texts\n")
    imported = cli_run("translate", "import", "es.po", cwd=tmp_path)
    assert (imported.exit_code, imported.output) == (0, "talk.es.yaml: wrote 0 texts; "
                                                        "0 cards now translated\n")


def test_the_bundled_translations_are_up_to_date(cli_run):
    decks = Path(__file__).parents[2] / "decks"
    for language in ("es", "ar", "zh"):
        result = cli_run("translate", "status", decks / f"harm-reduction.{language}.yaml")
        assert result.exit_code == 0, result.output
        assert result.output.endswith(": all 80 translated (100%)\n")


def test_a_translation_kept_in_a_workbook_is_read_by_status_and_export_not_edited(tmp_path,
                                                                               cli_run):
    # Issue 27: translate reads decks kept in spreadsheets. status and export read a
    # workbook as it is; start, done and import write YAML text in place, and say so.
    (tmp_path / "talk.yaml").write_text(SOURCE, encoding="utf-8")
    cli_run("translate", "start", "talk.yaml", "--language", "es", cwd=tmp_path)
    cli_run("translate", "done", "talk.es.yaml", "1", "deck.title", cwd=tmp_path)
    converted = cli_run("convert", "talk.es.yaml", "talk-es.xlsx", cwd=tmp_path)
    assert converted.exit_code == 0, converted.output
    (tmp_path / "talk.es.yaml").unlink()
    state = cli_run("translate", "status", "talk-es.xlsx", cwd=tmp_path)
    assert state.exit_code == 1
    assert state.output.splitlines()[-1] == ("talk-es.xlsx: 2 of 6 translated (33%); "
                                             "4 not yet translated")
    exported = cli_run("translate", "export", "talk-es.xlsx", "-o", "es.po", cwd=tmp_path)
    assert exported.exit_code == 0, exported.output
    before = (tmp_path / "talk-es.xlsx").read_bytes()
    refused = cli_run("translate", "import", "es.po", cwd=tmp_path)
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        "talk-es.xlsx: `cardgen translate import` writes into a deck's YAML file, and this "
        "deck's cards are in a spreadsheet",
        "  hint: translate it as YAML: `cardgen convert talk-es.xlsx talk-es.yaml`; "
        "`translate status` and `export` read a spreadsheet as it is"]
    assert (tmp_path / "talk-es.xlsx").read_bytes() == before
