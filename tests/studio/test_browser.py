"""The studio in a real browser (headless Chromium): what a deck writer sees and does.

One browser serves every test (the `browser` fixture, tests/support/browser.py); each test
starts its own studio on a free loopback port. Nothing waits a fixed time: each
step waits for what the page should show, with a generous timeout.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cardgen.studio.server import Limits
from support.studiokit import (
    DECK,
    PREVIEW_SCROLL,
    SHOWN,
    SOURCE,
    STATUS,
    WORDS,
    ctrl_s,
    leave,
    open_studio,
    put_caret_after,
    save_by_rename,
    serving,
    shown_text,
    wait,
)


def test_every_card_is_on_the_page_with_its_number_words_and_picture(browser, running):
    open_studio(browser, running)
    text = browser.run(SHOWN)
    for words in WORDS:
        assert shown_text(words) in text
    numbers = browser.run(
        "return [...document.querySelectorAll('#cards .number')].map(e => e.textContent)"
    )
    assert numbers == ["How to use", "Card 1", "Card 2", "Card 3", "Card 4", "Card 5"]
    wait(
        browser,
        lambda: browser.run(
            "return [...document.querySelectorAll('#cards .front, #booklet img')]"
            ".every(image => image.complete && image.naturalWidth > 0)"
        ),
        "a picture did not load",
    )
    sizes = browser.run(
        "return [...document.querySelectorAll('#cards .front')]"
        ".map(image => [image.naturalWidth, image.naturalHeight])"
    )
    assert sizes == [[360, 504]] * 6  # poker cards at 144 dpi
    assert browser.run("return document.querySelectorAll('#booklet img').length") >= 4
    backs = "return getComputedStyle(document.querySelector('#cards .back')).display"
    assert browser.run(backs) == "none"
    browser.driver.find_element("id", "show-backs").click()
    assert browser.run(backs) == "block"


def test_a_save_on_disk_appears_without_a_reload_where_the_reader_is(browser, running):
    open_studio(browser, running, height=500)
    browser.run("window.sameDocument = true;document.getElementById('preview').scrollTop = 300;")
    before = browser.run(PREVIEW_SCROLL)
    assert before > 0
    save_by_rename(running.deck, DECK.replace("on a hard day", "on a long day"))
    wait(browser, lambda: "on a long day" in browser.run(SHOWN), "the saved change never appeared")
    assert "on a hard day" not in browser.run(SHOWN)
    assert browser.run("return window.sameDocument === true")  # not reloaded
    assert abs(browser.run(PREVIEW_SCROLL) - before) <= 1
    assert browser.run(SOURCE) == running.deck.read_text(encoding="utf-8")  # the editor follows


def test_a_broken_save_shows_its_error_and_line_over_the_old_cards_until_fixed(browser, running):
    open_studio(browser, running)
    fronts = (
        "return [...document.querySelectorAll('#cards .front')].map(i => i.getAttribute('src'))"
    )
    good = browser.run(fronts)
    running.deck.write_text(
        DECK.replace("  - text: Who do you call", "  - txt: Who do you call"), encoding="utf-8"
    )
    errors = (
        "return document.getElementById('problems').hidden ? ''"
        " : document.getElementById('errors').innerText"
    )
    wait(browser, lambda: browser.run(errors), "the error never appeared")
    shown = browser.run(errors)
    assert "decks/deck.yaml:9:5: `txt`: unknown key; did you mean `text`?" in shown
    assert "line 9:   - txt: Who do you call when things go wrong?" in shown
    assert browser.run("return document.querySelector('#errors mark').textContent") == "t"
    assert browser.run(fronts) == good  # the last good cards stay
    assert browser.run("return document.getElementById('cards-stale').hidden") is False
    assert "Out of date" in browser.run("return document.getElementById('cards-stale').textContent")
    assert browser.run(STATUS).startswith("1 error")
    assert (
        browser.run(
            "return document.getElementById('download-cards').getAttribute('aria-disabled')"
        )
        == "true"
    )
    browser.driver.find_element("css selector", "#errors button").click()  # Show line 9
    caret = browser.run(
        "const s = document.getElementById('source');"
        "return s.value.slice(0, s.selectionStart).split('\\n').length"
    )
    assert caret == 9
    running.deck.write_text(DECK, encoding="utf-8")
    wait(
        browser,
        lambda: browser.run("return document.getElementById('problems').hidden"),
        "fixing the file did not clear the error",
    )
    assert browser.run("return document.getElementById('cards-stale').hidden") is True
    assert browser.run(STATUS).startswith("Up to date")


def test_lint_findings_link_to_their_card(browser, running):
    open_studio(browser, running)
    running.deck.write_text(
        DECK.replace("talked about more?", "talked about more, as an addict?"), encoding="utf-8"
    )
    wait(browser, lambda: not browser.run("return document.getElementById('findings').hidden"))
    link = browser.run("return document.querySelector('#lint a').getAttribute('href')")
    assert link == "#card-2"
    assert browser.run("return document.querySelector('#card-2 .number').textContent") == "Card 2"
    assert "addict" in browser.run("return document.querySelector('#card-2 .words').textContent")


def test_edit_in_the_page_and_save(browser, running):
    from selenium.webdriver.common.keys import Keys

    open_studio(browser, running)
    assert browser.run("return document.getElementById('save').disabled")
    put_caret_after(browser, "talked about more")
    browser.press(" with me")
    wait(browser, lambda: not browser.run("return document.getElementById('save').disabled"))
    put_caret_after(browser, "  - What do you wish we talked about more with me?\n")
    browser.press(Keys.TAB)  # two spaces, not a jump out of the text
    assert browser.run("return document.activeElement.id") == "source"
    browser.press("- Tabbed in?", Keys.ENTER)
    ctrl_s(browser)
    new = DECK.replace("talked about more?\n", "talked about more with me?\n  - Tabbed in?\n")
    wait(browser, lambda: running.deck.read_text(encoding="utf-8") != DECK, "Ctrl+S did not save")
    assert running.deck.read_text(encoding="utf-8") == new
    assert (running.deck.parent / "deck.yaml.bak").read_text(encoding="utf-8") == DECK
    wait(browser, lambda: "Tabbed in?" in browser.run(SHOWN), "the saved card never appeared")
    assert browser.run("return document.getElementById('save').disabled")
    assert browser.run("return localStorage.length") == 0
    assert "deck.yaml.bak" in browser.run(
        "return document.getElementById('save-status').textContent"
    )


def test_saving_over_a_file_changed_on_disk_is_refused_and_can_be_saved_over(browser, running):
    open_studio(browser, running)
    put_caret_after(browser, "What helps you")
    browser.press(" most")
    someone_else = DECK.replace("topic: Opening", "topic: Beginnings")
    save_by_rename(running.deck, someone_else)
    wait(
        browser,
        lambda: (
            "changed on disk"
            in browser.run("return document.getElementById('save-status').textContent")
        ),
    )
    assert "What helps you most on a hard day?" in browser.run(SOURCE)  # the page's text is kept
    browser.driver.find_element("id", "save").click()
    wait(
        browser,
        lambda: not browser.run("return document.getElementById('conflict').hidden"),
        "the refused save was not shown",
    )
    sides = browser.run(
        "return ['theirs', 'mine'].map(side => document.querySelector("
        "'#merge-rows .' + side + ' .lines').innerText)"
    )
    assert "topic: Beginnings" in sides[0] and "topic: Opening" in sides[1]
    assert "What helps you most on a hard day?" in sides[1]
    assert running.deck.read_text(encoding="utf-8") == someone_else  # nothing overwritten
    assert "What helps you most" in browser.run(SOURCE)
    browser.driver.find_element("id", "save-anyway").click()
    wait(browser, lambda: "What helps you most" in running.deck.read_text(encoding="utf-8"))
    assert (running.deck.parent / "deck.yaml.bak").read_text(encoding="utf-8") == someone_else
    wait(browser, lambda: browser.run("return document.getElementById('conflict').hidden"))


def test_unsaved_edits_survive_a_reload_and_the_page_warns_before_closing(browser, running):
    open_studio(browser, running)
    warns = (
        "const event = new Event('beforeunload', {cancelable: true});"
        "window.dispatchEvent(event); return event.defaultPrevented"
    )
    assert browser.run(warns) is False
    put_caret_after(browser, "Sit in a circle")
    browser.press(" together")
    assert browser.run(warns) is True
    draft = json.loads(
        browser.run("return localStorage.getItem(arguments[0])", "cardgen-studio-draft:/d/deck/")
    )
    assert "Sit in a circle together" in draft["text"]
    browser.driver.refresh()
    wait(
        browser,
        lambda: "Sit in a circle together" in browser.run(SOURCE),
        "the unsaved text was lost on reload",
    )
    assert "are back" in browser.run("return document.getElementById('save-status').textContent")
    assert not browser.run("return document.getElementById('save').disabled")
    assert running.deck.read_text(encoding="utf-8") == DECK  # kept in the browser, not saved
    leave(browser)


def test_escape_then_tab_leaves_the_text(browser, running):
    from selenium.webdriver.common.keys import Keys

    open_studio(browser, running)
    put_caret_after(browser, "title: Studio test deck")
    browser.press(Keys.ESCAPE, Keys.TAB)
    # Save is disabled with nothing to save: the next stop is the first control by the cards.
    assert browser.run("return document.activeElement.id") == "show-backs"
    assert browser.run(SOURCE) == DECK


@pytest.mark.parametrize("state", ["built", "broken", "unsaved", "conflict", "chosen", "backs"])
def test_axe_finds_nothing_to_fix(browser, running, state):
    open_studio(browser, running)
    if state == "broken":
        running.deck.write_text(
            DECK.replace("  - text: Who", "  - txt: Who").replace("more?", "more, addict?"),
            encoding="utf-8",
        )
        wait(browser, lambda: not browser.run("return document.getElementById('problems').hidden"))
    if state == "unsaved":
        put_caret_after(browser, "What helps you")
        browser.press(" most")
        wait(browser, lambda: browser.run(STATUS).startswith("Edits not saved"))
    if state in ("conflict", "chosen"):
        put_caret_after(browser, "What helps you")
        browser.press(" most")
        save_by_rename(running.deck, DECK.replace("Opening", "Beginnings"))
        wait(
            browser,
            lambda: (
                "changed on disk"
                in browser.run("return document.getElementById('save-status').textContent")
            ),
        )
        browser.driver.find_element("id", "save").click()
        wait(browser, lambda: not browser.run("return document.getElementById('conflict').hidden"))
    if state == "chosen":
        browser.driver.find_element("css selector", "input[name='change-1'][value='mine']").click()
    if state == "backs":
        browser.driver.find_element("id", "show-backs").click()
    assert browser.axe() == []
    if state in ("unsaved", "conflict", "chosen"):
        leave(browser)


def test_axe_finds_nothing_to_fix_in_the_list_of_decks(browser, tmp_path):
    from cardgen.studio.server import Studio

    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "family.yaml").write_text(DECK, encoding="utf-8")
    studio = Studio(None, tmp_path, port=0)
    studio.start()
    try:
        browser.open(studio.url)
        assert (
            browser.run("return document.querySelector('.deck-list a').textContent")
            == "decks/family.yaml"
        )
        assert browser.axe() == []
    finally:
        studio.close()


def test_a_page_over_the_studios_limit_says_so(browser, tmp_path):
    with serving(tmp_path, limits=Limits(streams=1)) as running:
        other_page = running.events()  # the one page the studio follows
        try:
            browser.open(running.studio.url)
            wait(
                browser,
                lambda: browser.run(STATUS) == "cardgen serve has too many pages open to follow "
                "this one: close one, then reload this page",
                "the page never said why it shows nothing",
            )
        finally:
            other_page.close()


def test_a_workbook_is_shown_with_its_errors_by_cell_and_read_again_when_fixed(browser,
                                                                               tmp_path):
    from ..deck.test_sheets import ROWS, write_xlsx

    rows = [row[:] for row in ROWS]
    rows[3][5] = ""  # the quote's `by`, in column F of row 5
    (tmp_path / "decks").mkdir()
    book = write_xlsx(tmp_path / "decks" / "circle.xlsx", rows)
    before = book.read_bytes()
    with serving(tmp_path, book) as running:
        browser.open(running.studio.url)
        browser.emulate(height=800)
        wait(browser, lambda: browser.run(STATUS).startswith("1 error"), "no error shown")
        errors = browser.run("return document.getElementById('errors').innerText")
        assert errors.strip() == ("decks/circle.xlsx:Cards!F5: this quote is missing who said "
                                  "it (column by)")
        assert browser.run("return document.querySelector('textarea, #save')") is None
        note = browser.run("return document.querySelector('.kept .note').innerText")
        assert "edit it in your spreadsheet program" in note
        assert browser.axe() == []
        if shot := os.environ.get("CARDGEN_SCREENSHOT"):  # to look at it: a PNG of the page
            browser.screenshot(Path(shot))
        write_xlsx(book, ROWS)
        browser.driver.find_element("id", "read-again").click()
        wait(browser, lambda: browser.run(STATUS).startswith("Up to date"), "not read again")
        assert "The cards show the spreadsheet as last saved." in browser.run(STATUS)
        wait(browser, lambda: browser.run(
            "return document.getElementById('read-status').textContent").startswith("Done at"))
    assert book.read_bytes() != before and not (tmp_path / "decks" / "circle.xlsx.bak").exists()
