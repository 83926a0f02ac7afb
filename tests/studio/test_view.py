"""What the studio page shows of a deck: every card with its words, number and pictures, the
booklet's pages, errors as cardgen prints them over the last good cards, lint findings."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image

from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors
from cardgen.studio.server import Studio
from support.paths import DATA
from support.studiokit import DECK, WORDS, Events, card_words, digest, serving


def test_the_view_has_every_card_with_its_words_number_and_pictures(running):
    events = running.events()
    view = events.until(lambda v: bool(v["cards"]))
    events.close()
    words = card_words(view)
    for expected in WORDS:
        assert expected.replace("'", "\u2019") in words
    numbers = [card["number"] for card in view["cards"] if card["number"]]
    assert numbers == ["1", "2", "3", "4", "5"]
    assert view["cards"][0]["kind"] == "instructions"
    assert not view["errors"] and not view["cards_stale"]
    assert view["digest"] == digest(running.deck)
    assert view["text"] == DECK
    front = running.request("GET", f"/d/deck/picture/{view['cards'][1]['front']}.png")
    assert front.status == 200 and front.getheader("Content-Type") == "image/png"
    # A poker card (2.5 x 3.5 in) at 144 dpi.
    assert Image.open(io.BytesIO(front.body)).size == (360, 504)
    assert len(view["booklet"]) >= 4
    page = running.request("GET", f"/d/deck/picture/{view['booklet'][0]['picture']}.png")
    assert page.status == 200
    assert "Studio test deck" in view["booklet"][0]["words"]


def test_a_broken_save_shows_its_errors_as_cardgen_prints_them_over_the_last_good_cards(running):
    events = running.events()
    good = events.until(lambda v: bool(v["cards"]))
    broken = DECK.replace("  - text: Who do you call", "  - txt: Who do you call")
    running.deck.write_text(broken, encoding="utf-8")
    view = events.until(lambda v: bool(v["errors"]))
    with pytest.raises(DeckErrors) as printed:
        load_deck(running.deck, "decks/deck.yaml")
    assert [e["text"] for e in view["errors"]] == [str(e) for e in printed.value.errors]
    error = view["errors"][0]
    assert error["text"].startswith("decks/deck.yaml:9:5: `txt`: unknown key")
    assert "hint:" in error["text"] or "did you mean" in error["text"]
    assert (error["line"], error["column"]) == (9, 5)
    assert error["quote"] == "  - txt: Who do you call when things go wrong?"
    assert view["cards_stale"] and view["booklet_stale"]
    assert [c["front"] for c in view["cards"]] == [c["front"] for c in good["cards"]]
    assert view["text"] == broken  # the editor shows the broken file, to fix it
    running.deck.write_text(DECK, encoding="utf-8")
    fixed = events.until(lambda v: not v["errors"])
    events.close()
    assert not fixed["cards_stale"] and not fixed["booklet_stale"]


def test_a_yaml_syntax_error_is_quoted_at_its_line(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    running.deck.write_text(
        DECK.replace("  - What do you wish", " - What do you wish"), encoding="utf-8"
    )
    view = events.until(lambda v: bool(v["errors"]))
    events.close()
    error = view["errors"][0]
    assert error["text"] == (
        "decks/deck.yaml:8:2: this `- ` is indented less than the `- ` on line 6\n"
        "  hint: start it 2 spaces in, as the `- ` on line 6"
    )
    assert error["quote"] == " - What do you wish we talked about more?"


def test_an_error_in_cardgen_yaml_is_shown_with_its_line(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    (running.here / "cardgen.yaml").write_text("paper: a4\ncard: huge\n", encoding="utf-8")
    view = events.until(lambda v: bool(v["errors"]))
    assert view["errors"][0]["text"].startswith("cardgen.yaml:2:7: `card`:")
    assert view["errors"][0]["quote"] == "card: huge"
    (running.here / "cardgen.yaml").write_text("card: large\n", encoding="utf-8")
    large = events.until(lambda v: not v["errors"])
    events.close()
    assert large["card_px"] == [round(3.5 * 72 * 1.5), round(5 * 72 * 1.5)]  # 3.5 x 5 in


def test_cards_on_a_perforated_stock_are_shown_at_its_card_size(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    (running.here / "cardgen.yaml").write_text("stock: avery-5371\n", encoding="utf-8")
    view = events.until(lambda v: v["card_px"] == [378, 216])  # 3.5 x 2 in business cards
    events.close()
    assert not view["errors"]
    front = running.request("GET", f"/d/deck/picture/{view['cards'][1]['front']}.png")
    assert Image.open(io.BytesIO(front.body)).size == (504, 288)  # at 144 dpi


def test_a_stock_setting_that_cannot_work_is_shown_at_its_line(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    (running.here / "cardgen.yaml").write_text("paper: letter\nstock: avery-53711\n",
                                               encoding="utf-8")
    view = events.until(lambda v: bool(v["errors"]))
    events.close()
    [error] = view["errors"]
    assert error["text"] == ('cardgen.yaml:2:8: `stock`: cardgen has no stock "avery-53711"; '
                             "did you mean avery-5371? `cardgen stocks` lists the stocks; any "
                             "gLabels template can be used with --stock-file FILE.xml")
    assert (error["line"], error["column"], error["quote"]) == (2, 8, "stock: avery-53711")


def test_lint_findings_are_listed_and_linked_to_their_card(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    running.deck.write_text(
        DECK.replace("talked about more?", "talked about more, as an addict?"), encoding="utf-8"
    )
    view = events.until(lambda v: bool(v["lint"]))
    events.close()
    finding = next(f for f in view["lint"] if "addict" in f["text"])
    assert finding["text"].startswith('decks/deck.yaml:8:50: "addict" -> ')
    assert finding["quote"] == "  - What do you wish we talked about more, as an addict?"
    card = next(c for c in view["cards"] if c["anchor"] == finding["card"])
    assert card["number"] == "2"


def test_a_card_too_long_for_the_stock_is_shown_as_cardgen_build_says_it(running, cli_run):
    # The studio asks the build's own set-up: a card that fits a poker card but not the
    # stock in cardgen.yaml is an error in the page, worded as `cardgen build` words it.
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    long = " ".join(("Tell me about a day this month when you felt close to someone, and what "
                     "made it so. " * 8).split()[:90])
    (running.here / "cardgen.yaml").write_text("stock: avery-5371\nformat: cards\n",
                                               encoding="utf-8")
    running.deck.write_text(DECK.replace("What do you wish we talked about more?", long),
                            encoding="utf-8")
    view = events.until(lambda v: bool(v["errors"]))
    events.close()
    built = cli_run("build", "decks/deck.yaml", cwd=running.here)
    assert built.exit_code == 1
    [error] = view["errors"]
    assert error["text"] == built.stderr.rstrip("\n")
    assert error["text"].startswith("decks/deck.yaml:8:5: prompt 2 does not fit on a 3.5 x 2 in "
                                    "Avery 5371 card: at 9 pt it needs ")
    assert (error["line"], error["column"]) == (8, 5)


def test_a_deck_that_links_to_a_device_says_so_and_is_never_read(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "z.yaml").symlink_to("/dev/zero")  # reading it would never end
    studio = Studio(None, tmp_path, port=0)
    studio.start()
    try:
        events = Events(studio.port, "z")
        view = events.until(lambda v: bool(v["errors"]))
        events.close()
        assert [e["text"] for e in view["errors"]] == [
            "decks/z.yaml: is a device, not a deck file\n"
            "  hint: give the path of a .yaml file saved from an editor"
        ]
        assert view["text"] is None  # nothing to edit
    finally:
        studio.close()


def test_a_cards_id_is_the_html_editions(running):
    from cardgen.products.html.anchors import card_anchors

    events = running.events()
    running.deck.write_text(
        DECK.replace("  - What do you wish", "  - id: a b\n    text: What do you wish")
        .replace("  - text: Who do you call", "  - id: a-b\n    text: Who do you call"),
        encoding="utf-8",
    )
    view = events.until(lambda v: any(card["number"] == "a b" for card in v["cards"]))
    events.close()
    ids = {card["number"]: card["anchor"] for card in view["cards"] if card["number"]}
    assert ids == card_anchors(["1", "a b", "a-b", "4", "5"])
    assert ids["a-b"] == "card-a-b" and ids["a b"].startswith("card-a-b-")
    assert view["cards"][0]["anchor"] == "instructions-1"


def test_bilingual_in_cardgen_yaml_shows_the_translations_cards_and_booklet_in_both(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    for name in ("family.yaml", "family.es.yaml"):
        shutil.copy(DATA / "decks" / "bilingual" / name, decks / name)
    (tmp_path / "cardgen.yaml").write_text("bilingual: true\n", encoding="utf-8")
    with serving(tmp_path, decks / "family.es.yaml") as running:
        events = running.events()
        view = events.until(lambda v: bool(v["booklet"]) and not v.get("pending"))
        events.close()
    assert not view["errors"]
    assert "How can I help?" in " ".join(card_words(view).split())
    booklet = " ".join(page["words"] for page in view["booklet"])
    assert "How can I help?" in " ".join(booklet.split())


def test_the_first_look_shows_the_cards_before_the_booklet_is_made(tmp_path):
    """A big deck's cards take seconds to draw and its booklet more: the first view the
    page gets has the cards, marked pending, and the next adds the booklet and lint."""
    from cardgen.studio.view import Workshop, look

    (tmp_path / "decks").mkdir()
    deck = tmp_path / "decks" / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    early = []
    whole = look(deck, "decks/deck.yaml", tmp_path, Workshop(), None, early.append)
    assert len(early) == 1
    first = early[0]
    assert first.pending and first.cards == whole.cards
    assert first.booklet == () and first.lint == ()
    assert not whole.pending and len(whole.booklet) >= 4
