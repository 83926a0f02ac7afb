"""The screen edition in a real browser (headless Chromium): what a group and a screen reader get.

One browser serves every test (the `browser` fixture, tests/support/browser.py); each
page is built once per module and opened from a file, as a facilitator would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cardgen.deck.cards import deck_cards
from cardgen.deck.model import load_deck
from cardgen.products.context import Context
from cardgen.products.html import html_edition
from cardgen.products.html.roles import kind_of
from cardgen.products.options import BuildOptions
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts
from cardgen.text.typography import parse_markup, smarten
from support.paths import DATA, DECKS

STAGE_CARD = "return document.querySelector('#stage .card')?.dataset.number ?? null"
ANNOUNCED = "return document.getElementById('announce').textContent"
DRAWN_HERE = ("prompt", "reframe", "quote")  # the kinds the English deck has to draw


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("screen")
    built = {}
    for name in ("harm-reduction", "harm-reduction.es"):
        deck = load_deck(DECKS / f"{name}.yaml")
        built[name] = folder / f"{name}.html"
        built[name].write_bytes(html_edition(deck, deck_cards(deck), load_fonts(), Theme()))
    return built


def shown(text: str, language: str) -> str:
    """Card text as the page shows it: typographic quotes, markup stars gone, spaces single."""
    return " ".join("".join(span.text for span in parse_markup(smarten(text, language))).split())


def page_text(browser) -> str:
    return " ".join(browser.run("return document.body.innerText").split())


def test_every_card_word_is_on_the_page(browser, pages):
    deck = load_deck(DECKS / "harm-reduction.es.yaml")
    browser.open(pages["harm-reduction.es"])
    text = page_text(browser)
    entries = [card.item for card in deck_cards(deck) if card.item is not None]
    missing = [
        value
        for item in entries
        for key, value in vars(item).items()
        # `translated` is the fingerprint a translation keeps of its source: never printed
        if key != "translated" and isinstance(value, str) and shown(value, "es") not in text
    ]
    assert missing == []
    assert shown(deck.intro.split("\n\n")[0], "es") in text


def test_drawing_with_the_keyboard_shows_and_announces_different_cards(browser, pages):
    deck = load_deck(DECKS / "harm-reduction.yaml")
    mains = {card.number: card for card in deck_cards(deck) if kind_of(card) in DRAWN_HERE}
    browser.open(pages["harm-reduction"])
    drawn = []
    for count in range(1, 7):
        browser.press(" " if count % 2 else "\n")  # Space and Enter, with nothing focused
        number = browser.run(STAGE_CARD)
        announced = browser.run(ANNOUNCED)
        assert number in mains, number
        item = mains[number].item
        main = item.try_ if kind_of(mains[number]) == "reframe" else item.text
        assert announced.startswith(f"Card {count} of 71. ")
        assert shown(main, "en") in announced
        drawn.append(number)
    assert len(set(drawn)) == 6
    browser.press("\ue012")  # ArrowLeft: back one
    assert browser.run(STAGE_CARD) == drawn[-2]
    assert browser.run(ANNOUNCED).startswith("Card 5 of 71. ")
    browser.press("\ue014")  # ArrowRight: forward again
    assert browser.run(STAGE_CARD) == drawn[-1]
    browser.run("document.activeElement.blur()")
    browser.press("\ue004", "\ue004")  # Tab past the Help link to "Draw a card"
    assert browser.run("return document.activeElement.id") == "draw-button"
    browser.press("\ue007")  # Enter on the button
    assert browser.run(STAGE_CARD) not in drawn
    assert browser.run(ANNOUNCED).startswith("Card 7 of 71. ")


def test_a_filtered_deck_is_drawn_whole_without_repeats_then_starts_over(browser, pages):
    browser.open(pages["harm-reduction"])
    browser.run(
        "document.querySelector('.filters').open = true;"
        "for (const box of document.querySelectorAll('input[name=kind]'))"
        "  if (box.value !== 'quote') box.click();"
    )
    assert browser.run(ANNOUNCED) == "Cards to draw from: 20"
    draw = "document.getElementById('draw-button').click();" + STAGE_CARD
    numbers = [browser.run(draw) for _ in range(20)]
    assert sorted(numbers, key=int) == [str(n) for n in range(52, 72)]  # every quote, once
    assert browser.run(draw) is None
    assert browser.run(ANNOUNCED) == "All the cards have been drawn. Draw again to start over."
    assert browser.run(draw) in numbers
    browser.run("document.querySelector('input[name=tag]').click()")  # a topic no quote has
    assert browser.run(ANNOUNCED) == "No card matches your choices."


def test_a_topic_draws_only_its_cards(browser, pages):
    deck = load_deck(DECKS / "harm-reduction.yaml")
    tagged = sorted(card.number for card in deck_cards(deck) if "safety" in card.tags)
    assert len(tagged) == 4
    browser.open(pages["harm-reduction"])
    browser.run("document.querySelector('input[name=tag][value=safety]').click()")
    assert browser.run(ANNOUNCED) == "Cards to draw from: 4"
    draw = "document.getElementById('draw-button').click();" + STAGE_CARD
    assert sorted(browser.run(draw) for _ in range(4)) == tagged


def test_help_is_always_one_link_away_with_numbers_to_call(browser, pages):
    browser.open(pages["harm-reduction"])
    link = browser.driver.find_element("css selector", ".help-link")
    assert link.text == "Help" and link.get_attribute("href").endswith("#help")
    browser.run("window.scrollTo(0, document.body.scrollHeight / 2)")
    assert (
        browser.run("return getComputedStyle(document.querySelector('.help-link')).position")
        == "fixed"
    )
    assert link.is_displayed()
    link.click()
    phones = browser.run(
        "return [...document.querySelectorAll('#help a[href^=\"tel:\"]')]"
        ".map(a => [a.textContent, a.getAttribute('href')])"
    )
    assert phones == [["1-800-662-4357", "tel:+18006624357"], ["988", "tel:988"]]
    assert browser.run("return document.activeElement.id") == "help"


def test_no_request_leaves_the_file_and_the_fonts_are_its_own(browser, pages):
    browser.open(pages["harm-reduction"])
    browser.press(" ")
    assert browser.requests() == [pages["harm-reduction"].resolve().as_uri()]
    faces = browser.run(
        "return document.fonts.ready.then(set => [...set].filter(f => f.status === 'loaded')"
        ".map(f => f.family + ' ' + f.weight + ' ' + f.style))"
    )
    assert {"cardgen-1 400 normal", "cardgen-1 700 normal"} <= set(faces)


@pytest.mark.parametrize("name", ["harm-reduction", "harm-reduction.es"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_wcag_21_aa_violation(browser, pages, name, dark):
    assert axe_violations(browser, pages[name], dark) == []


def axe_violations(browser, page: Path, dark: bool) -> list:
    """axe-core's findings on `page`, light or dark, with the filters open and a card drawn:
    each rule's id and the elements it found."""
    browser.open(page)
    browser.emulate(dark=dark)
    browser.run("document.querySelector('.filters').open = true")
    browser.press(" ")
    return [(v["id"], [node["target"] for node in v["nodes"]]) for v in browser.axe()]


@pytest.fixture(scope="module")
def bilingual_pages(tmp_path_factory) -> dict[str, Path]:
    """The family deck's Spanish and Arabic translations, each with its English beneath."""
    folder = tmp_path_factory.mktemp("bilingual")
    context = Context.create(BuildOptions(bilingual=True))
    built = {}
    for language in ("es", "ar"):
        deck, cards = context.load(DATA / "decks" / "bilingual" / f"family.{language}.yaml")
        built[language] = folder / f"family.{language}.html"
        built[language].write_bytes(html_edition(deck, cards, context.fonts, Theme(),
                                                 context.pairing(deck)))
    return built


@pytest.mark.parametrize("language", ["es", "ar"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_violation_on_a_bilingual_page(browser, bilingual_pages, language, dark):
    assert axe_violations(browser, bilingual_pages[language], dark) == []
    # Each source's words in their own language, as a screen reader must hear them.
    marked = browser.run("return [...document.querySelectorAll('.under')]"
                         ".map(e => [e.lang, e.dir, e.textContent])")
    assert marked and all(lang == "en" and way == "ltr" for lang, way, _ in marked)


def _main_size(browser) -> float:
    return browser.run(
        "return parseFloat(getComputedStyle(document.querySelector('#stage .main')).fontSize)"
    )


def _scrolls_sideways(browser) -> bool:
    return browser.run(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_the_drawn_card_is_large_and_the_page_zooms_without_sideways_scrolling(browser, pages):
    browser.open(pages["harm-reduction"])
    browser.press(" ")
    wide = _main_size(browser)
    assert wide >= 28
    browser.emulate(width=1920, height=1080)
    assert _main_size(browser) > wide  # scales up to fill a bigger screen
    for zoom in (2, 4):  # 200 %, and 400 % (320 CSS px, WCAG's reflow width)
        browser.emulate(zoom=zoom)
        assert not _scrolls_sideways(browser), f"{zoom * 100} %"
        assert _main_size(browser) >= 28
    browser.emulate(width=360, height=740)
    browser.run("document.querySelector('.filters').open = true")
    assert not _scrolls_sideways(browser)


def test_reduced_motion_and_print(browser, pages):
    browser.open(pages["harm-reduction"])
    browser.press(" ")
    animation = "return getComputedStyle(document.querySelector('#stage .card')).animationName"
    assert browser.run(animation) == "arrive"
    browser.emulate(reduced_motion=True)
    assert browser.run(animation) == "none"
    browser.emulate(media="print")
    hidden = browser.run(
        "return ['#draw', '.help-link'].map(s => getComputedStyle(document.querySelector(s))"
        ".display)"
    )
    assert hidden == ["none", "none"]
    assert browser.run(
        "return [...document.querySelectorAll('#deck .card')]"
        ".every(c => getComputedStyle(c).breakInside === 'avoid')"
    )


def test_an_svg_logo_draws_in_the_page_whatever_its_editor_wrote_before_the_svg(browser,
                                                                                  tmp_path):
    for logo in sorted((DATA / "logos").glob("*.svg")):  # a 20 x 10 rectangle in each
        folder = tmp_path / logo.stem
        folder.mkdir()
        shutil.copy(logo, folder / "logo.svg")
        path = folder / "deck.yaml"
        path.write_text("title: T\ntheme:\n  logo: logo.svg\nprompts:\n  - Hi?\n",
                        encoding="utf-8")
        deck = load_deck(path)
        page = folder / "deck.html"
        page.write_bytes(html_edition(deck, deck_cards(deck), load_fonts(),
                                      Theme(logo=deck.theme.logo)))
        browser.open(page)
        drawn = browser.run("const logo = document.querySelector('img.logo'); return "
                            "logo.decode().then(() => [logo.naturalWidth, logo.naturalHeight])")
        assert drawn == [20, 10], logo.name


def _build(folder: Path, text: str) -> Path:
    """A deck written from `text`, made into its page; the page's path."""
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    deck = load_deck(folder / "deck.yaml")
    page = folder / "deck.html"
    page.write_bytes(html_edition(deck, deck_cards(deck), load_fonts(), Theme()))
    return page


def test_a_link_to_each_card_lands_on_that_card_even_when_ids_look_alike(browser, tmp_path):
    page = _build(tmp_path, "title: T\nprompts:\n  - {id: a b, text: One}\n"
                            "  - {id: a-b, text: Two}\n  - {id: a/b, text: Three}\n")
    browser.open(page)
    ids = browser.run("return [...document.querySelectorAll('#deck .card')]"
                      ".map(card => [card.dataset.number, card.id])")
    assert [number for number, _ in ids] == ["a b", "a-b", "a/b"]
    assert len({anchor for _, anchor in ids}) == 3
    for number, anchor in ids:
        browser.driver.get(f"{page.resolve().as_uri()}#{anchor}")
        assert browser.run("return document.querySelector(':target').dataset.number") == number


def _word(start: str) -> str:
    """A word of 300 letters with no space in it."""
    return (start * 300)[:300]


LONG_WORDS = f"""\
title: {_word("Title")}
subtitle: {_word("Subtitle")}
author: {_word("Author")}
version: {_word("v1")}
labels:
  prompt: {_word("Ask")}
  resource: {_word("Help")}
prompts:
  - id: {_word("Id")}
    topic: {_word("Topic")}
    text: Is {_word("Word")} one word?
    note: {_word("Note")}
    tags: [{_word("Tag")}]
region: US
resources:
  - name: {_word("Name")}
    phone: "988"
    url: https://example.org/{_word("Path")[:120]}
"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_long_words_break_and_the_page_never_scrolls_sideways_at_320_px(browser, tmp_path,
                                                                       dark):
    browser.open(_build(tmp_path, LONG_WORDS))
    browser.emulate(width=320, height=640, dark=dark)
    browser.run("document.querySelector('.filters').open = true")
    width = "return document.documentElement.scrollWidth"
    assert browser.run(width) <= 320  # the whole deck
    browser.press(" ")
    assert browser.run(STAGE_CARD) == _word("Id")
    assert browser.run(width) <= 320  # and a card drawn
    violations = browser.axe()
    assert [(v["id"], [node["target"] for node in v["nodes"]]) for v in violations] == []


def test_choose_cards_offers_levels_and_draws_no_deeper_than_the_level_chosen(browser, pages):
    deck = load_deck(DECKS / "harm-reduction.yaml")
    drawable = [card for card in deck_cards(deck) if kind_of(card) in DRAWN_HERE]
    light = sorted((card.number for card in drawable if card.level == 1), key=int)
    up_to_two = [card for card in drawable if card.level <= 2]
    assert 0 < len(light) < len(up_to_two) < len(drawable)
    browser.open(pages["harm-reduction"])
    browser.run("document.querySelector('.filters').open = true")
    legend = browser.run("return [...document.querySelectorAll('.filters legend')]"
                         ".map(l => l.textContent)")
    assert legend == ["Kinds of card", "Topics", "How deep"]
    choices = browser.run("return [...document.querySelectorAll('input[name=level]')]"
                          ".map(b => b.parentElement.textContent + (b.checked ? ' *' : ''))")
    assert choices == [f"Light cards only ({len(light)})",
                       f"Light and middle cards ({len(up_to_two)})",
                       f"Every card, deep ones too ({len(drawable)}) *"]
    browser.run("document.querySelector('input[name=level][value=\"1\"]').click()")
    assert browser.run(ANNOUNCED) == f"Cards to draw from: {len(light)}"
    draw = "document.getElementById('draw-button').click();" + STAGE_CARD
    assert sorted((browser.run(draw) for _ in light), key=int) == light
    browser.run("document.querySelector('input[name=level][value=\"2\"]').click()")
    assert browser.run(ANNOUNCED) == f"Cards to draw from: {len(up_to_two)}"


def test_a_content_note_comes_before_the_cards_words_and_says_what_it_is(browser, pages):
    deck = load_deck(DECKS / "harm-reduction.yaml")
    card = next(card for card in deck_cards(deck)
                if card.item and card.item.content_note and kind_of(card) == "prompt")
    browser.open(pages["harm-reduction"])
    article = f"document.querySelector('#deck [data-number=\"{card.number}\"] .card-body')"
    first, second = browser.run(f"return [...{article}.children].slice(0, 3)"
                                ".map(p => p.className)")[:2]
    assert (first, second) == ("content-note", "topic")
    heard = browser.run(f"return {article}.firstElementChild.textContent")
    assert heard == f"Content note: {card.item.content_note}"
    seen = browser.run(f"return {article}.firstElementChild.innerText")
    assert card.item.content_note in seen
    # Drawn, it is announced before the words. (Chance is made to pick it: the prompts are
    # numbered from 1 in deck order, so it is prompt number - 1 of 32.)
    browser.run("for (const box of document.querySelectorAll('input[name=kind]'))"
                "  if (box.value !== 'prompt') box.click();"
                f"Math.random = () => ({int(card.number) - 1} + 0.5) / 32;"
                "document.getElementById('draw-button').click();")
    assert browser.run(STAGE_CARD) == card.number
    announced = browser.run(ANNOUNCED)
    assert announced.index(card.item.content_note) < announced.index(card.item.text)
