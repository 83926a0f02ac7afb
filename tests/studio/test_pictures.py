"""Pictures of a deck for the studio, drawn again only where a save changed them: one card
and its booklet page for a one-card edit, every back when only the logo changed."""

from __future__ import annotations

import shutil

from PIL import Image

from support.paths import DATA
from support.studiokit import DECK, serving

THEMED = DATA / "themed"


def test_the_studio_draws_the_backs_again_when_only_the_logo_is_saved(tmp_path):
    logo = tmp_path / "decks" / "logo.png"
    with serving(tmp_path) as running:
        events = running.events()
        shutil.copy(THEMED / "logo.png", logo)
        running.deck.write_text(DECK + "theme:\n  logo: logo.png\n", encoding="utf-8")
        first = events.until(lambda v: bool(v["cards"]) and not v["errors"]
                             and v["digest"] != "" and "logo" in (v["text"] or ""))
        live = running.studio.live(running.studio.decks()["deck"])
        assert logo in live.inputs()
        Image.new("RGB", (40, 20), "#C0392B").save(logo)  # a new logo, the deck untouched
        backs = {card["back"] for card in first["cards"]}
        changed = events.until(lambda v: bool(v["cards"])
                               and not {card["back"] for card in v["cards"]} & backs)
        events.close()
        assert changed["booklet"][0]["picture"] != first["booklet"][0]["picture"]  # the cover
