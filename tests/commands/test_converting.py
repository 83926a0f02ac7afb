"""`cardgen convert`: the bundled decks to a workbook, a CSV file and back, card for card;
the workbook pleasant to edit; nothing replaced without being asked."""

from __future__ import annotations

import pytest

from cardgen.deck.model import load_deck
from support.paths import DATA, DECKS

from ..deck.test_sheets import fronts

BUNDLED = sorted(DECKS.glob("*.yaml"))


@pytest.mark.parametrize("deck", BUNDLED, ids=lambda path: path.name)
def test_a_bundled_deck_goes_to_a_workbook_and_a_csv_file_and_back_card_for_card(
        deck, tmp_path, cli_run):
    original = load_deck(deck)
    for suffix in (".xlsx", ".csv"):
        sheet = tmp_path / f"{deck.stem}{suffix}"
        done = cli_run("convert", deck, sheet, cwd=tmp_path)
        assert done.exit_code == 0, done.output
        if original.translation_of is not None:  # its source, where the sheet's deck looks
            (tmp_path / original.translation_of.name).write_bytes(
                original.translation_of.read_bytes())
        kept = load_deck(sheet)
        assert fronts(kept) == fronts(original)
        assert (kept.title, kept.labels, kept.theme, kept.intro, kept.blank_cards) == \
            (original.title, original.labels, original.theme, original.intro,
             original.blank_cards)
        back = tmp_path / f"back{suffix}.yaml"
        assert cli_run("convert", sheet, back, cwd=tmp_path).exit_code == 0
        assert fronts(load_deck(back)) == fronts(original)


def test_a_csv_file_keeps_the_decks_settings_in_the_yaml_file_of_its_name(tmp_path, cli_run):
    done = cli_run("convert", DATA / "sheets" / "circle.yaml", tmp_path / "ours.csv")
    assert done.output.splitlines() == [f"wrote {tmp_path / 'ours.csv'}",
                                        f"wrote {tmp_path / 'ours.yaml'}"]
    data = (tmp_path / "ours.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfkind,text,instead,try,why,by,source,name,phone,sms,url,")
    assert b"\r\n" in data
    assert load_deck(tmp_path / "ours.csv").title == "Circle"


def test_the_workbook_is_pleasant_to_edit(tmp_path, cli_run):
    from openpyxl import load_workbook

    cli_run("convert", DATA / "sheets" / "circle.yaml", tmp_path / "c.xlsx")
    book = load_workbook(tmp_path / "c.xlsx")
    assert book.sheetnames == ["Cards", "Deck"]
    cards = book["Cards"]
    assert cards.freeze_panes == "A2"
    assert [cell.value for cell in cards[1]][:4] == ["kind", "text", "instead", "try"]
    assert cards["A2"].value == "prompt" and cards["A2"].alignment.wrap_text
    [choice] = cards.data_validations.dataValidation
    assert choice.formula1 == '"prompt,reframe,quote,practice,helpline"'
    assert 10 <= cards.column_dimensions["B"].width <= 60
    assert [[cell.value for cell in row] for row in book["Deck"].iter_rows()][:3] == \
        [["key", "value"], ["title", "Circle"], ["language", "en"]]


def test_the_same_deck_makes_the_same_bytes(tmp_path, cli_run):
    for name in ("a.xlsx", "b.xlsx"):
        cli_run("convert", DECKS / "self-care.yaml", tmp_path / name)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_an_existing_file_is_replaced_only_with_force(tmp_path, cli_run):
    (tmp_path / "c.xlsx").write_bytes(b"mine")
    done = cli_run("convert", DATA / "sheets" / "circle.yaml", tmp_path / "c.xlsx")
    assert (done.exit_code, done.output) == (
        1, f"{tmp_path / 'c.xlsx'}: is already there; `cardgen convert` replaces a file only "
           "when asked\n  hint: give --force to replace it, or another name\n")
    assert (tmp_path / "c.xlsx").read_bytes() == b"mine"
    done = cli_run("convert", DATA / "sheets" / "circle.yaml", tmp_path / "c.xlsx", "--force")
    assert done.exit_code == 0 and (tmp_path / "c.xlsx").read_bytes().startswith(b"PK")


def test_a_deck_with_mistakes_is_not_converted(tmp_path, cli_run):
    (tmp_path / "bad.csv").write_text("kind,text,by\nquote,Said,\n")
    done = cli_run("convert", tmp_path / "bad.csv", tmp_path / "bad.yaml", cwd=tmp_path)
    assert (done.exit_code, done.output) == (
        1, f"{tmp_path / 'bad.csv'}:2:3: this quote is missing who said it (column by)\n")
    assert not (tmp_path / "bad.yaml").exists()


def test_a_format_cardgen_does_not_write_is_a_usage_error(tmp_path, cli_run):
    done = cli_run("convert", DATA / "sheets" / "circle.yaml", tmp_path / "c.ods")
    assert done.exit_code == 2
    assert "cardgen writes a deck as .yaml, .xlsx or .csv" in done.output


def test_new_sheet_starts_a_workbook_with_a_row_of_every_kind(tmp_path, cli_run):
    done = cli_run("new", "--sheet", tmp_path / "mine.xlsx", "--title", "Ours")
    assert done.output == f"wrote {tmp_path / 'mine.xlsx'}\n"
    deck = load_deck(tmp_path / "mine.xlsx")
    assert deck.title == "Ours"
    assert all(deck.counts().values())
    again = cli_run("new", "--sheet", tmp_path / "mine.xlsx")
    assert again.exit_code == 1 and "never overwrites a file" in again.output


def test_new_sheet_starts_a_csv_file_with_its_settings_beside_it(tmp_path, cli_run):
    done = cli_run("new", "--sheet", tmp_path / "mine.csv")
    assert done.output.splitlines() == [f"wrote {tmp_path / 'mine.csv'}",
                                        f"wrote {tmp_path / 'mine.yaml'}"]
    assert all(load_deck(tmp_path / "mine.csv").counts().values())
    assert cli_run("new", "--sheet", tmp_path / "mine.ods").exit_code == 2
