"""Decks kept in spreadsheets (cardgen/deck/sheets.py reads the cells, cardgen/deck/rows.py
turns them into a deck): files as Excel, XlsxWriter and odfpy save them build the same
cards as the YAML deck they hold, and every mistake is reported at its cell."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from cardgen.deck.kinds import KINDS
from cardgen.deck.model import Deck, deck_name, load_deck
from cardgen.deck.rows import COLUMNS, ORDER, typed_date
from cardgen.errors import DeckErrors, Position
from support.paths import DATA

CIRCLE = DATA / "sheets" / "circle.yaml"
HEADER = ["Kind", "Text", "Instead", "Try", "Why", "By", "Source", "Name", "Phone", "SMS",
          "URL", "Note", "Minutes", "Checked", "Topic", "Tags", "Level"]
CHECKED = datetime.date(2026, 11, 21)
# The cards of circle.yaml, one a row, as a spreadsheet holds them: 988 is a number.
CARDS: list[dict[str, object]] = [
    {"kind": "prompt", "text": "How are you, really?", "tags": "opening; family"},
    {"kind": "Question", "text": "What helps, when it's hard?", "topic": "Support", "level": 2},
    {"kind": "Reframes", "instead": "You need to stop, now.",
     "try": "I'm here, whatever you decide.",
     "why": "It keeps the door open.\nNobody is pushed away."},
    {"kind": "quote", "text": "Connection is the opposite of addiction.", "by": "Johann Hari",
     "source": "Chasing the Scream"},
    {"kind": "Try together", "text": "Take three slow breaths together.", "minutes": 2},
    {"kind": "helpline", "name": "SAMHSA National Helpline", "phone": "1-800-662-4357",
     "url": "https://www.samhsa.gov/find-help/national-helpline", "checked": CHECKED},
    {"kind": "Help", "name": "988 Lifeline", "phone": 988, "sms": 988,
     "note": "Call or text, 24/7"},
]
ROWS = [[card.get(name.lower(), "") for name in HEADER] for card in CARDS]
SETTINGS = [["key", "value"], ["title", "Circle"], ["language", "en"], ["region", "US"],
            ["label prompt", "Question"], ["colour prompt", "#0B6E4F"]]


def fronts(deck: Deck) -> list[tuple[str, tuple[str, ...]]]:
    """Every card's front, as the words it prints, in order."""
    return [(kind, tuple(piece.text for piece in KINDS[kind].printed(item, deck.labels,
                                                                     deck.language)))
            for kind, items in deck.entries.items() for item in items]


def excel_csv(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    """The rows as Excel saves "CSV UTF-8": a byte order mark, CRLF, quotes around cells
    with commas, quotes or line ends, a date as the US locale writes it."""
    def cell(value: object) -> str:
        if isinstance(value, datetime.date):
            value = f"{value.month}/{value.day}/{value.year}"
        text = str(value)
        if any(mark in text for mark in ',"\n'):
            text = '"' + text.replace('"', '""') + '"'
        return text
    lines = [",".join(cell(value) for value in row) for row in [header, *rows]]
    return b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"


def write_xlsx(path: Path, rows: list[list[object]],
               settings: list[list[object]] | None = SETTINGS, header: list[str] = HEADER,
               sheet: str = "Cards") -> Path:
    """A workbook as XlsxWriter (not cardgen's own writer) makes it: numbers as numbers,
    the date with a date format, the deck sheet after the cards."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    cards = book.add_worksheet(sheet)
    day = book.add_format({"num_format": "d mmm yyyy"})
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                cards.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), day)
            elif value != "":
                cards.write(r, c, value)
    if settings is not None:
        deck = book.add_worksheet("Deck")
        for r, row in enumerate(settings):
            deck.write_row(r, 0, row)
    book.close()
    return path


def write_ods(path: Path, rows: list[list[object]],
              settings: list[list[object]] = SETTINGS) -> Path:
    """An OpenDocument spreadsheet as odfpy makes it (LibreOffice's format)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, table_rows in (("Deck", settings), ("Cards", [HEADER, *rows])):
        table = Table(name=name)
        for row in table_rows:
            line = TableRow()
            for value in row:
                if isinstance(value, datetime.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                elif isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                if value != "":
                    cell.addElement(P(text=str(value)))
                line.addElement(cell)
            table.addElement(line)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def problems(path: Path | str, shown: str | None = None) -> list[str]:
    with pytest.raises(DeckErrors) as raised:
        load_deck(path, shown, "US")
    return [str(error) for error in raised.value.errors]


def test_the_columns_are_every_field_of_every_kind_and_the_kind():
    assert set(ORDER) == set(COLUMNS)


def test_a_csv_saved_by_excel_builds_the_cards_of_the_yaml_deck(tmp_path):
    (tmp_path / "circle.csv").write_bytes(excel_csv(ROWS))
    # A CSV file alone has no settings: its helplines' country is cardgen.yaml's `region:`.
    deck, same = load_deck(tmp_path / "circle.csv", "circle.csv", "US"), load_deck(CIRCLE)
    assert fronts(deck) == fronts(same)
    assert deck.title == "Circle"  # from the file name: a CSV file alone has no settings
    assert deck.entries["prompt"][0].tags == ("opening", "family")
    assert deck.entries["prompt"][1].where == Position("circle.csv", 3, 1)


def test_an_xlsx_with_a_deck_sheet_builds_the_yaml_deck(tmp_path):
    deck = load_deck(write_xlsx(tmp_path / "circle.xlsx", ROWS), "circle.xlsx")
    same = load_deck(CIRCLE)
    assert fronts(deck) == fronts(same)
    assert (deck.title, deck.region, deck.labels, deck.theme) == \
        (same.title, same.region, same.labels, same.theme)
    assert str(deck.entries["quote"][0].where) == "circle.xlsx:Cards!A5"


def test_an_ods_builds_the_yaml_deck(tmp_path):
    deck = load_deck(write_ods(tmp_path / "circle.ods", ROWS), "circle.ods")
    same = load_deck(CIRCLE)
    assert fronts(deck) == fronts(same)
    assert deck.labels == same.labels


def test_a_deck_is_named_after_its_file_without_the_suffix():
    assert [deck_name(name) for name in ("a/circle.csv", "b.XLSX", "c.ods", "d.yaml")] == \
        ["circle", "b", "c", "d"]


def test_a_missing_field_is_reported_at_its_cell_with_its_column(tmp_path):
    rows = [row[:] for row in ROWS]
    rows[3][5] = ""  # the quote's `by`, in column F of row 5
    assert problems(write_xlsx(tmp_path / "circle.xlsx", rows), "circle.xlsx") == [
        "circle.xlsx:Cards!F5: this quote is missing who said it (column by)"]
    (tmp_path / "circle.csv").write_bytes(excel_csv(rows))
    # A CSV file's place is its line and field: the reframe's `why` above takes two lines.
    assert problems(tmp_path / "circle.csv", "circle.csv") == [
        "circle.csv:6:6: this quote is missing who said it (column by)"]


def test_an_unknown_column_is_reported_at_its_header_with_the_nearest_name(tmp_path):
    (tmp_path / "c.csv").write_text("kind,text,Quoted by\nquote,Hi,Me\n")
    assert problems(tmp_path / "c.csv", "c.csv") == [
        "c.csv:1:3: `Quoted by`: unknown column; did you mean `by`?",
        "c.csv:2:1: this quote is missing who said it (column by)\n"
        "  hint: add a column named by to the header row"]


def test_a_kind_may_be_its_label_in_any_language_or_the_decks_own(tmp_path):
    (tmp_path / "c.csv").write_text("kind,text\nAsk,One\nPregunta,Two\nprompts,Three\n"
                                    "PROMPT,Four\nAks,Five\n")
    assert problems(tmp_path / "c.csv", "c.csv") == [
        "c.csv:6:1: `Aks` is not a kind of card; did you mean `prompt`? (column kind)\n"
        "  hint: the kinds are prompt, reframe, quote, practice, helpline, or their labels"]


def test_a_cell_in_a_column_the_kind_has_not_is_refused(tmp_path):
    (tmp_path / "c.csv").write_text("kind,text,by\nprompt,Hi,Me\n")
    assert problems(tmp_path / "c.csv", "c.csv") == [
        "c.csv:2:3: a prompt has no by (column by)\n"
        "  hint: empty this cell, or make the row a quote"]


def test_a_phone_number_stored_as_a_number_that_lost_its_0_is_refused(tmp_path):
    rows = [["helpline", "Samaritans", 8001110111]]
    settings = [["title", "UK"], ["region", "GB"]]
    path = write_xlsx(tmp_path / "uk.xlsx", rows, settings, header=["kind", "name", "phone"])
    assert problems(path, "uk.xlsx") == [
        "uk.xlsx:Cards!C2: this number was stored as the number 8001110111, which loses a "
        "leading 0 (column phone)\n  hint: format the column as text (Format → Cells → Text) "
        "and type the number again as it is dialled, such as 0800 111 0 111"]


def test_a_short_number_stored_as_a_number_reads_as_typed(tmp_path):
    path = write_xlsx(tmp_path / "uk.xlsx", [["prompt", "Hi"], ["helpline", "", "Samaritans",
                                                                116123]],
                      [["title", "UK"], ["region", "GB"]], header=["kind", "text", "name", "phone"])
    assert load_deck(path).entries["resource"][0].phone == "116123"


def test_a_date_where_words_were_meant_is_refused(tmp_path):
    rows = [["practice", "Breathe", datetime.date(2026, 1, 2)]]
    path = write_xlsx(tmp_path / "d.xlsx", rows, None, header=["kind", "text", "topic"])
    assert problems(path, "d.xlsx") == [
        "d.xlsx:Cards!C2: the spreadsheet turned this cell into a date or a time (column topic)"
        "\n  hint: format the column as text (Format → Cells → Text) and type it again"]


def test_dates_in_checked_are_read_as_saved_and_refused_when_ambiguous():
    assert typed_date("11/21/2026") == (datetime.date(2026, 11, 21), None)
    assert typed_date("21.11.2026") == (datetime.date(2026, 11, 21), None)
    assert typed_date("1 Nov 2026") == (datetime.date(2026, 11, 1), None)
    assert typed_date("3/4/2026")[0] is None and typed_date("3/4/2026")[1]
    assert typed_date("2026-11-01") == (None, None)  # the deck reader's own form


def test_a_csv_in_windows_1252_is_named(tmp_path):
    (tmp_path / "c.csv").write_bytes("kind,text\nprompt,Café?\n".encode("cp1252"))
    [message] = problems(tmp_path / "c.csv", "c.csv")
    assert message.startswith("c.csv:2:11: the file is saved as Windows-1252 (Excel's \"CSV "
                              "(Comma delimited)\" on Windows), not UTF-8: é here is byte 0xe9")
    assert "CSV UTF-8" in message


def test_a_csv_with_semicolons_reads_as_excel_writes_it_where_a_comma_is_a_decimal_mark(tmp_path):
    (tmp_path / "c.csv").write_text('kind;text\r\nprompt;"One, two"\r\n', newline="")
    assert load_deck(tmp_path / "c.csv").entries["prompt"][0].text == "One, two"


def test_a_csv_takes_its_settings_from_the_yaml_file_of_its_name(tmp_path):
    (tmp_path / "circle.csv").write_bytes(excel_csv(ROWS))
    (tmp_path / "circle.yaml").write_text("title: Our circle\nlanguage: en\nregion: US\n"
                                          "labels:\n  prompt: Question\nbogus: 1\n")
    with pytest.raises(DeckErrors) as raised:
        load_deck(tmp_path / "circle.csv", "circle.csv")
    assert str(raised.value) == "circle.yaml:6:1: `bogus`: unknown key\n  hint: " + \
        str(raised.value).split("hint: ", 1)[1]
    (tmp_path / "circle.yaml").write_text("title: Our circle\nregion: US\n")
    deck = load_deck(tmp_path / "circle.csv", "circle.csv")
    assert deck.title == "Our circle" and fronts(deck) == fronts(load_deck(CIRCLE))


def test_a_yaml_deck_takes_more_cards_from_the_sheet_it_names(tmp_path):
    (tmp_path / "more.csv").write_text("kind,text,by\nquote,Said once,\n")
    (tmp_path / "deck.yaml").write_text("title: T\ncards_from: more.csv\nprompts:\n  - Hi\n")
    assert problems(tmp_path / "deck.yaml", "deck.yaml") == [
        "more.csv:2:3: this quote is missing who said it (column by)"]
    (tmp_path / "more.csv").write_text("kind,text,by\nquote,Said once,Someone\nprompt,Two\n")
    deck = load_deck(tmp_path / "deck.yaml")
    assert [item.text for item in deck.entries["prompt"]] == ["Hi", "Two"]
    (tmp_path / "deck.yaml").write_text("title: T\ncards_from: gone.csv\nprompts:\n  - Hi\n")
    assert problems(tmp_path / "deck.yaml", "deck.yaml") == [
        "deck.yaml:2:13: `cards_from`: there is no file gone.csv\n"
        "  hint: give its path from this deck's folder"]


def test_a_workbook_without_cards_says_so(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", [], SETTINGS, header=[], sheet="Deck2")
    assert problems(path, "w.xlsx") == [
        "w.xlsx:Deck2!A1: the deck has no cards\n  hint: add a row for each card under the "
        "header row, with its kind in column kind"]


def test_a_broken_workbook_is_a_message(tmp_path):
    (tmp_path / "w.xlsx").write_bytes(b"PK\x03\x04 not really")
    [message] = problems(tmp_path / "w.xlsx", "w.xlsx")
    assert message.startswith("w.xlsx: cannot be read as an Excel workbook: ")


def test_a_cell_position_prints_as_a_spreadsheet_names_it():
    assert str(Position("c.xlsx", 6, 5, "Cards")) == "c.xlsx:Cards!E6"
    assert str(Position("c.xlsx", 1, 28, "My cards")) == "c.xlsx:'My cards'!AB1"
    assert str(Position("c.csv", 6, 5)) == "c.csv:6:5"


def test_a_decks_parts_are_its_file_a_csv_files_settings_and_the_sheet_it_takes_cards_from(
        tmp_path):
    from cardgen.deck.spreadsheet import deck_parts

    (tmp_path / "ours.yaml").write_text("title: Ours\ncards_from: sheets/ours.xlsx\n")
    assert deck_parts(tmp_path / "circle.csv") == [tmp_path / "circle.csv",
                                                   tmp_path / "circle.yaml"]  # made later: seen
    assert deck_parts(tmp_path / "ours.yaml") == [tmp_path / "ours.yaml",
                                                  tmp_path / "sheets" / "ours.xlsx"]
    assert deck_parts(tmp_path / "circle.xlsx") == [tmp_path / "circle.xlsx"]
    # A translation is read with its source (its bilingual cards, its out-of-date ones).
    (tmp_path / "ours.es.yaml").write_text("title: Nuestro\ntranslation_of: ours.yaml\n")
    assert deck_parts(tmp_path / "ours.es.yaml") == [tmp_path / "ours.es.yaml",
                                                     tmp_path / "ours.yaml"]
