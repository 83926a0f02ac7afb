"""The studio's pages (cardgen/studio/pages.py): a deck's page has its editor, and a deck kept
in a spreadsheet's has a note saying where it is edited instead; the list of decks in
decks/ names the spreadsheets among them."""

from __future__ import annotations

import re

from cardgen.studio.server import Served, Studio
from support.studiokit import DECK, Running, serving

from ..deck.test_sheets import ROWS, excel_csv, write_xlsx


def test_a_yaml_decks_page_has_its_editor(running):
    page = running.request("GET", "/d/deck/").body.decode()
    assert 'data-kept="text"' in page
    assert '<textarea id="source"' in page and 'id="save"' in page
    assert 'id="read-again"' not in page


def test_a_workbooks_page_shows_it_and_says_where_it_is_edited(tmp_path):
    (tmp_path / "decks").mkdir()
    book = write_xlsx(tmp_path / "decks" / "circle.xlsx", ROWS)
    with serving(tmp_path, book) as running:
        page = running.request("GET", "/d/deck/").body.decode()
    assert 'data-kept="sheet"' in page
    assert "<textarea" not in page and 'id="save"' not in page  # nothing to edit or save
    note = re.search(r'<p class="note">(.*?)</p>', page, re.S)[1]
    assert note.startswith("<b>decks/circle.xlsx</b> is kept in a spreadsheet")
    assert "edit it in your spreadsheet program" in note and "This page follows the file" in note
    assert 'id="read-again"' in page and 'id="download-cards"' in page


def test_a_published_sheets_page_says_it_is_read_when_asked(tmp_path):
    url = "http://127.0.0.1:9/pub?output=csv&a=<b>"
    with serving(tmp_path, tmp_path / "sheet.csv", url=url) as running:
        page = running.request("GET", "/d/deck/").body.decode()
    assert 'data-kept="published"' in page and "<textarea" not in page
    assert "http://127.0.0.1:9/pub?output=csv&amp;a=&lt;b&gt;</b> is a sheet published" in page
    assert "at most once every 5 seconds" in page


def test_the_list_of_decks_has_the_spreadsheets_and_not_their_parts(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "family.yaml").write_text(DECK, encoding="utf-8")
    write_xlsx(decks / "family.xlsx", ROWS)  # the same name as a YAML deck: both are listed
    (decks / "circle.csv").write_bytes(excel_csv(ROWS))
    (decks / "circle.yaml").write_text("title: Circle\nregion: US\n")  # its settings: no deck
    (decks / "~$family.xlsx").write_bytes(b"a lock file Excel keeps")
    studio = Studio(None, tmp_path, port=0)
    studio.start()
    try:
        assert sorted(studio.decks().values(), key=lambda d: d.name) == [
            Served("circle", decks / "circle.csv", "decks/circle.csv"),
            Served("family", decks / "family.yaml", "decks/family.yaml"),
            Served("family.xlsx", decks / "family.xlsx", "decks/family.xlsx")]
        listing = Running(studio, decks / "family.yaml", tmp_path).request("GET", "/").body
    finally:
        studio.close()
    text = listing.decode()
    assert '<a href="/d/family.xlsx/">decks/family.xlsx</a> (a spreadsheet: shown, edited in ' \
        "its own program)" in text
    assert '<a href="/d/family/">decks/family.yaml</a></li>' in text
