"""Pictures of a deck for the studio, drawn again only where a save changed them: one card
and its booklet page for a one-card edit, every back when only the logo changed."""

from __future__ import annotations

import shutil

from PIL import Image

from support.paths import DATA
from support.studiokit import DECK, card_words, serving

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


def test_a_one_card_edit_draws_one_card_and_its_booklet_page_again(running):
    events = running.events()
    first = events.until(lambda v: bool(v["cards"]))
    pictures = running.studio.live(running.studio.decks()["deck"]).workshop.pictures
    drawn, pages_drawn = pictures.drawn, pictures.pages_drawn
    running.deck.write_text(
        DECK.replace("talked about more", "talked about often"), encoding="utf-8"
    )
    changed = events.until(lambda v: "talked about often" in card_words(v))
    events.close()
    assert pictures.drawn - drawn == 1
    fronts = [(a["front"], b["front"]) for a, b in zip(first["cards"], changed["cards"])]
    assert sum(1 for before, after in fronts if before != after) == 1
    pages = [(a["picture"], b["picture"]) for a, b in zip(first["booklet"], changed["booklet"])]
    new_pages = [b for a, b in pages if a != b]
    assert len(new_pages) == pictures.pages_drawn - pages_drawn == 1
    page = next(p for p in changed["booklet"] if p["picture"] == new_pages[0])
    assert "talked about often" in page["words"]


def test_many_pictures_rendered_by_workers_are_those_one_process_renders(monkeypatch):
    import io

    from reportlab.pdfgen.canvas import Canvas

    from cardgen.studio import pictures

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(180, 252))
    for number in range(pictures.PARALLEL_PICTURES + 10):
        canvas.setFillColorRGB(number / 80, 0.2, 1 - number / 80)
        canvas.rect(10, 10 + number, 100, 50, fill=1)
        canvas.drawString(20, 200, f"card {number}")
        canvas.showPage()
    canvas.save()
    pages = list(range(pictures.PARALLEL_PICTURES + 10))[::-1]  # any order is kept
    started = []
    real = pictures.workers

    def counted(jobs, batches):
        started.append(real(2, batches))
        return started[-1]

    monkeypatch.setattr(pictures, "workers", counted)
    shared = pictures._rendered(buffer.getvalue(), pages, 1.0)
    monkeypatch.setattr(pictures, "workers", lambda jobs, batches: 0)
    alone = pictures._rendered(buffer.getvalue(), pages, 1.0)
    assert started == [2]
    assert shared == alone
    assert Image.open(io.BytesIO(shared[0])).size == (180, 252)
    assert shared[0] != shared[-1]
