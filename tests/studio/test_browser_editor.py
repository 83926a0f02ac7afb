"""The studio's editor in a real browser (headless Chromium): unsaved edits said as such, a
refused save merged line by line, long lines wrapped, times in the browser's own format,
and the HTML edition to download. Each step waits for what the page should show."""

from __future__ import annotations

import re

import pytest

from support.studiokit import (
    DECK,
    SOURCE,
    STATUS,
    ctrl_s,
    leave,
    open_studio,
    put_caret_after,
    save_by_rename,
    serving,
    wait,
)

TITLE = "return document.title"
SAVE_STATUS = "return document.getElementById('save-status').textContent"
WARNS = (
    "const event = new Event('beforeunload', {cancelable: true});"
    "window.dispatchEvent(event); return event.defaultPrevented"
)
MINE = DECK.replace("helps you on", "helps you most on")
THEIRS = DECK.replace("topic: Opening", "topic: Beginnings").replace("by: Andrew", "by: Dr Andrew")
# In each change (a row), a side's marked lines as [number, text] (the hidden "differs: " left out).
MARKED = (
    "return [...document.querySelectorAll('#merge-rows tr')].map(row => "
    "['theirs', 'mine'].map(side => [...row.querySelectorAll('.' + side + ' .differs')]"
    ".map(line => [line.querySelector('.num').textContent,"
    " line.querySelector('mark').lastChild.textContent])))"
)


def test_typing_says_the_edits_are_not_saved_and_what_the_cards_show(browser, running):
    open_studio(browser, running)
    assert browser.run(TITLE) == "decks/deck.yaml · cardgen studio"
    assert "The cards show the file on disk, as in the editor." in browser.run(STATUS)
    assert browser.run(WARNS) is False
    put_caret_after(browser, "What helps you")
    browser.press(" most")
    wait(browser, lambda: browser.run(STATUS).startswith("Edits not saved."))
    assert "The cards show the file on disk (made at " in browser.run(STATUS)
    assert "not your typed text" in browser.run(STATUS)
    assert browser.run(TITLE) == "Not saved: decks/deck.yaml · cardgen studio"
    assert browser.run(WARNS) is True
    assert browser.axe() == []
    ctrl_s(browser)
    wait(browser, lambda: browser.run(SAVE_STATUS).startswith("Saved at "))
    assert running.deck.read_text(encoding="utf-8") == MINE
    wait(browser, lambda: browser.run(STATUS).startswith("Up to date"), "the status stayed unsaved")
    assert browser.run(TITLE) == "decks/deck.yaml · cardgen studio"
    assert browser.run(WARNS) is False


def refuse_a_save(browser, running) -> None:
    """Type in the page, let someone else save the file, press Save: the merge shows."""
    open_studio(browser, running)
    put_caret_after(browser, "What helps you")
    browser.press(" most")
    save_by_rename(running.deck, THEIRS)
    wait(browser, lambda: "changed on disk" in browser.run(SAVE_STATUS))
    browser.driver.find_element("id", "save").click()
    wait(browser, lambda: not browser.run("return document.getElementById('conflict').hidden"))


def choose(browser, change: int, side: str) -> None:
    """Choose a side of a change with the keyboard, as a keyboard user would."""
    from selenium.webdriver.common.keys import Keys

    browser.run(
        "document.querySelector(`input[name='change-${arguments[0]}'][value='${arguments[1]}']`)"
        ".focus()",
        change,
        side,
    )
    browser.press(Keys.SPACE)


def test_a_refused_save_shows_both_versions_side_by_side_to_take_lines_from_either(
    browser, running
):
    refuse_a_save(browser, running)
    headings = browser.run(
        "return [...document.querySelectorAll('#merge thead th')].map(th => th.textContent)"
    )
    assert headings == ["Where", "On disk now, changed by someone else", "Yours, not saved"]
    assert browser.run(MARKED) == [
        [
            [["6", "  - text: What helps you on a hard day?"], ["7", "    topic: Beginnings"]],
            [["6", "  - text: What helps you most on a hard day?"], ["7", "    topic: Opening"]],
        ],
        [[["15", "    by: Dr Andrew Tatarsky"]], [["15", "    by: Andrew Tatarsky"]]],
    ]
    where = "return [...document.querySelectorAll('#merge-rows th')].map(th => th.innerText)"
    assert browser.run(where)[0].split("\n") == [
        "Change 1 of 2", "lines 6–7 on disk; lines 6–7 in yours"
    ]
    anyway = browser.run("return document.getElementById('save-anyway').textContent")
    assert "throwing away the lines someone else changed" in " ".join(anyway.split())
    # Save merged first asks for a choice in every change.
    browser.driver.find_element("id", "save-merged").click()
    merge_status = "return document.getElementById('merge-status').textContent"
    assert browser.run(merge_status) == "Choose whose lines to keep in every change first."
    assert browser.run("return document.activeElement.name") == "change-1"
    choose(browser, 1, "mine")
    choose(browser, 2, "theirs")
    assert browser.run(merge_status) == "Every change chosen: Save merged saves them."
    assert browser.axe() == []
    browser.driver.find_element("id", "save-merged").click()
    merged = MINE.replace("by: Andrew", "by: Dr Andrew")
    wait(browser, lambda: running.deck.read_text(encoding="utf-8") == merged, "not saved merged")
    assert (running.deck.parent / "deck.yaml.bak").read_text(encoding="utf-8") == THEIRS
    wait(browser, lambda: browser.run("return document.getElementById('conflict').hidden"))
    assert browser.run(SOURCE) == merged
    wait(browser, lambda: browser.run(STATUS).startswith("Up to date"))
    assert browser.run(WARNS) is False


def test_a_save_made_while_choosing_is_refused_again_not_overwritten(browser, running):
    refuse_a_save(browser, running)
    choose(browser, 1, "mine")
    choose(browser, 2, "theirs")
    third = THEIRS.replace("title: Studio test deck", "title: Our circle")
    save_by_rename(running.deck, third)
    seen = "The file changed on disk again since the changes above were shown"
    wait(browser, lambda: browser.run(SAVE_STATUS).startswith(seen), "the third save unseen")
    browser.driver.find_element("id", "save-merged").click()
    refused = "Not saved: the file changed on disk again"
    wait(browser, lambda: browser.run(SAVE_STATUS).startswith(refused), "not refused")
    assert running.deck.read_text(encoding="utf-8") == third  # the third edit is still there
    # Shown anew: the third edit, and the lines of mine that were chosen over theirs.
    assert browser.run(MARKED) == [
        [[["1", "title: Our circle"]], [["1", "title: Studio test deck"]]],
        [
            [["6", "  - text: What helps you on a hard day?"], ["7", "    topic: Beginnings"]],
            [["6", "  - text: What helps you most on a hard day?"], ["7", "    topic: Opening"]],
        ],
    ]
    choose(browser, 1, "theirs")
    choose(browser, 2, "mine")
    browser.driver.find_element("id", "save-merged").click()
    merged = MINE.replace("by: Andrew", "by: Dr Andrew").replace("Studio test deck", "Our circle")
    wait(browser, lambda: running.deck.read_text(encoding="utf-8") == merged, "not saved merged")
    assert (running.deck.parent / "deck.yaml.bak").read_text(encoding="utf-8") == third


def test_long_lines_wrap_and_each_number_is_beside_its_lines_first_row(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains

    long = "Each person speaks without being interrupted, and nobody has to answer. " * 4
    deck = tmp_path / "decks" / "deck.yaml"
    deck.parent.mkdir()
    deck.write_text(DECK.replace("take turns.", "take turns. " + long.strip()), encoding="utf-8")
    with serving(tmp_path, deck) as running:
        open_studio(browser, running)
        source = browser.driver.find_element("id", "source")
        assert browser.run("const s = arguments[0]; return s.scrollWidth <= s.clientWidth", source)
        row = browser.run("return parseFloat(getComputedStyle(arguments[0]).lineHeight)", source)
        numbers = browser.run(
            "return [...document.querySelectorAll('#gutter div')].map(n => "
            "[n.textContent, n.getBoundingClientRect().top, n.getBoundingClientRect().height])"
        )
        text = browser.run(SOURCE)
        lines = text.split("\n")
        assert [n[0] for n in numbers] == [str(i) for i in range(1, len(lines) + 1)]
        assert numbers[3][2] >= 3 * row - 1  # line 4 wraps onto three rows or more
        box = browser.run("const r = arguments[0].getBoundingClientRect();"
                          "return [r.left, r.top, r.width, r.height]", source)

        def line_clicked(y: float) -> tuple[int, int]:
            """Click the left half of the first column (the padding is 6.4 px) at height `y`:
            the caret's line and column."""
            ActionChains(browser.driver).move_to_element_with_offset(
                source, round(-box[2] / 2 + 8), round(y - box[1] - box[3] / 2)
            ).click().perform()
            before = browser.run("return arguments[0].value.slice(0, arguments[0].selectionStart)",
                                 source)
            return before.count("\n") + 1, len(before.split("\n")[-1])

        for number in (1, 4, 5, 6, 14, 15):
            top = numbers[number - 1][1]
            assert line_clicked(top + row / 2) == (number, 0), f"line {number}"
        # The rows a long line wraps onto belong to it, not to the lines after it.
        assert line_clicked(numbers[3][1] + 1.5 * row)[0] == 4
        assert browser.axe() == []


@pytest.fixture
def american(browser):
    """The browser writes times as in the United States (4:21:05 PM), unlike the server."""
    browser.driver.execute_cdp_cmd("Emulation.setLocaleOverride", {"locale": "en-US"})
    yield
    browser.driver.execute_cdp_cmd("Emulation.setLocaleOverride", {})


def test_every_time_is_in_the_browsers_own_format(browser, running, american):
    def times_shown() -> int:
        shown = browser.run(
            "return [...document.querySelectorAll('time')].map(t => "
            "[t.textContent, new Date(t.dateTime).toLocaleTimeString()])"
        )
        for text, browsers in shown:
            assert text == browsers
            assert re.fullmatch(r"\d{1,2}:\d{2}:\d{2}\s[AP]M", text), text
        return len(shown)

    open_studio(browser, running)
    assert times_shown() == 1  # in the status
    put_caret_after(browser, "What helps you")
    browser.press(" most")
    ctrl_s(browser)
    wait(browser, lambda: browser.run(SAVE_STATUS).startswith("Saved at "))
    assert times_shown() == 2
    running.deck.write_text(DECK.replace("  - text: Who", "  - txt: Who"), encoding="utf-8")
    wait(browser, lambda: not browser.run("return document.getElementById('cards-stale').hidden"))
    put_caret_after(browser, "title: Studio")
    browser.press(" x")
    browser.driver.refresh()  # the unsaved edit comes back, and says when it was made
    wait(browser, lambda: "are back" in browser.run(SAVE_STATUS))
    wait(browser, lambda: browser.run("return document.querySelector('#cards-stale time')"))
    assert times_shown() == 3  # the cards' in the status and the stale note, the draft's
    leave(browser)


def test_the_html_edition_is_offered_beside_the_pdfs(browser, running):
    open_studio(browser, running)
    links = browser.run(
        "return [...document.querySelectorAll('.downloads a')].map(a => a.textContent)"
    )
    assert links == ["Cards PDF", "Booklet PDF", "Print-shop PDF", "HTML edition"]
    answer = browser.driver.execute_async_script(
        "const done = arguments[0];"
        "fetch(document.getElementById('download-html').href).then(async r => "
        "done([r.status, r.headers.get('Content-Type'), await r.text()]))"
    )
    assert answer[0] == 200 and answer[1] == "text/html; charset=utf-8"
    assert "Who do you call when things go wrong?" in answer[2]


def test_a_file_with_crlf_line_ends_opens_saved(browser, running):
    running.deck.write_bytes(DECK.replace("\n", "\r\n").encode())
    browser.open(running.studio.url)
    browser.run("localStorage.clear()")
    browser.driver.refresh()
    wait(browser, lambda: browser.run(SOURCE) == DECK)  # a text box reads CRLF as LF
    wait(browser, lambda: browser.run(STATUS).startswith("Up to date"))
    assert browser.run("return document.getElementById('save').disabled")
    assert browser.run(TITLE) == "decks/deck.yaml · cardgen studio"
    assert browser.run(WARNS) is False
