"""A deck kept live: a change to any of its files on disk, the deck or a font, is pushed to
the page as a new view."""

from __future__ import annotations

from support.fontmaker import renamed
from support.studiokit import DECK, card_words, digest, save_by_rename


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
