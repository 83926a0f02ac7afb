"""A deck kept live: a change to any of its files on disk, the deck or a font, is pushed to
the page as a new view."""

from __future__ import annotations

import shutil
import socket
import time

import pytest

from support.fontmaker import renamed
from support.paths import DATA
from support.studiokit import DECK, Published, card_words, digest, save_by_rename, serving


def test_a_change_on_disk_is_pushed_as_a_new_view(running):
    events = running.events()
    first = events.until(lambda v: bool(v["cards"]))
    save_by_rename(running.deck, DECK.replace("on a hard day", "on a long grey day"))
    changed = events.until(lambda v: "on a long grey day" in card_words(v))
    events.close()
    assert changed["version"] > first["version"]
    assert changed["digest"] == digest(running.deck)
    assert "on a hard day" not in card_words(changed)


def test_a_font_added_to_fonts_is_seen_and_every_card_drawn_with_it(running):
    events = running.events()
    first = events.until(lambda v: bool(v["cards"]))
    renamed(running.here / "fonts" / "mine.ttf", "Studio Test Sans")
    before = {card["front"] for card in first["cards"]}
    view = events.until(lambda v: not {card["front"] for card in v["cards"]} & before)
    events.close()
    assert not view["errors"]


# --- decks kept in spreadsheets ------------------------------------------------------

def test_a_workbook_shows_its_errors_by_cell_and_follows_each_save(tmp_path, cli_run):
    from ..deck.test_sheets import ROWS, write_xlsx

    rows = [row[:] for row in ROWS]
    rows[3][5] = ""  # the quote's `by`, in column F of row 5
    (tmp_path / "decks").mkdir()
    book = write_xlsx(tmp_path / "decks" / "circle.xlsx", rows)
    printed = cli_run("validate", "decks/circle.xlsx", cwd=tmp_path).output.strip()
    assert printed == "decks/circle.xlsx:Cards!F5: this quote is missing who said it (column by)"
    with serving(tmp_path, book) as running:
        events = running.events()
        broken = events.until(lambda v: bool(v["errors"]))
        assert [e["text"] for e in broken["errors"]] == [printed]  # as the command line says it
        assert broken["errors"][0]["quote"] is None  # a cell is no line of text
        assert broken["text"] is None  # nothing to edit
        write_xlsx(book, ROWS)
        fixed = events.until(lambda v: not v["errors"])
        events.close()
    assert "Connection is the opposite of addiction." in card_words(fixed)


def test_a_csv_files_settings_beside_it_are_followed_too(tmp_path):
    from ..deck.test_sheets import ROWS, excel_csv

    (tmp_path / "decks").mkdir()
    sheet = tmp_path / "decks" / "circle.csv"
    sheet.write_bytes(excel_csv(ROWS))
    settings = sheet.with_suffix(".yaml")
    settings.write_text("title: Circle\nregion: US\n")
    with serving(tmp_path, sheet) as running:
        events = running.events()
        events.until(lambda v: bool(v["cards"]) and not v["errors"])
        save_by_rename(settings, "title: Circle\nregion: US\nlabels:\n  prompt: Ask\n")
        relabelled = events.until(lambda v: any(c["label"] == "Ask" for c in v["cards"]))
        events.close()
    assert not relabelled["errors"]


@pytest.fixture
def published(tmp_path):
    """A sheet published on 127.0.0.1, of a deck whose region is in cardgen.yaml."""
    from ..deck.test_sheets import ROWS, excel_csv

    (tmp_path / "cardgen.yaml").write_text("region: US\n")
    sheet = Published(excel_csv(ROWS))
    yield sheet
    sheet.close()


def test_a_published_sheet_is_read_again_when_a_page_asks(tmp_path, published, monkeypatch):
    monkeypatch.setattr("cardgen.studio.live.REREAD", 0.0)
    with serving(tmp_path, tmp_path / "sheet.csv", url=published.url) as running:
        events = running.events()
        first = events.until(lambda v: bool(v["cards"]))
        assert "How are you, really?" in card_words(first) and not first["errors"]
        published.body = published.body.replace(b"How are you, really?", b"How is it going?")
        assert running.request("POST", "/d/deck/read", b"", _from_page(running)).status == 202
        again = events.until(lambda v: "How is it going?" in card_words(v))
        events.close()
    assert again["version"] > first["version"]


@pytest.mark.parametrize("status, body, message", [
    (404, b"", "the address answered 404 Not Found\n  hint: check the address"),
    (200, b"text\n" + b"x" * 3 * 1024 * 1024, "the sheet is over 2 MB"),
])
def test_a_sheet_that_cannot_be_read_is_said_over_the_last_cards(tmp_path, published, status,
                                                                  body, message, monkeypatch):
    monkeypatch.setattr("cardgen.studio.live.REREAD", 0.0)
    with serving(tmp_path, tmp_path / "sheet.csv", url=published.url) as running:
        events = running.events()
        good = events.until(lambda v: bool(v["cards"]))
        published.status, published.body = status, body or published.body
        running.request("POST", "/d/deck/read", b"", _from_page(running))
        view = events.until(lambda v: bool(v["errors"]))
        events.close()
    assert view["errors"][0]["text"].startswith(f"{published.url}: {message}")
    assert view["cards"] == good["cards"] and view["cards_stale"]


def test_an_offline_sheet_is_said_in_the_page(tmp_path):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{free.getsockname()[1]}/pub"  # nothing listens there
    with serving(tmp_path, tmp_path / "sheet.csv", url=url) as running:
        events = running.events()
        view = events.until(lambda v: bool(v["errors"]))
        events.close()
        assert running.request("GET", "/d/deck/").status == 200  # the page, with the message
    assert "cannot reach 127.0.0.1" in view["errors"][0]["text"]
    assert "are you online?" in view["errors"][0]["text"]
    assert view["cards"] == []


def test_a_published_sheet_is_read_at_most_every_few_seconds(tmp_path, published, monkeypatch):
    monkeypatch.setattr("cardgen.studio.live.REREAD", 3600.0)
    with serving(tmp_path, tmp_path / "sheet.csv", url=published.url) as running:
        events = running.events()
        events.until(lambda v: bool(v["cards"]))
        for _ in range(3):
            assert running.request("GET", "/d/deck/").status == 200  # each page load asks
            assert running.request("POST", "/d/deck/read", b"", _from_page(running)).status \
                == 202
        time.sleep(0.5)  # were it read again, it would be by now; closing ends the wait
        events.close()
    assert published.readings == 1


def _from_page(running) -> dict[str, str]:
    return {"Origin": running.origin, "X-Cardgen-Token": running.studio.token}


def test_a_translations_source_is_followed_too(tmp_path):
    # A bilingual translation prints its source's words beneath its own: a save of the
    # source alone must reach the page (only the translation's own file was followed).
    (tmp_path / "decks").mkdir()
    for name in ("family.yaml", "family.es.yaml"):
        shutil.copy(DATA / "decks" / "bilingual" / name, tmp_path / "decks" / name)
    (tmp_path / "cardgen.yaml").write_text("bilingual: true\n")
    source = tmp_path / "decks" / "family.yaml"
    with serving(tmp_path, tmp_path / "decks" / "family.es.yaml") as running:
        events = running.events()
        events.until(lambda v: "How can I help?" in card_words(v))
        text = source.read_text(encoding="utf-8")
        save_by_rename(source, text.replace("How can I help?", "How may I help?"))
        changed = events.until(lambda v: "How may I help?" in card_words(v))
        events.close()
    assert not changed["errors"]
