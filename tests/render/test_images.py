"""Images for card printers: one PNG per face, exact pixels, sRGB, the resolution on file."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from cardgen.deck.cards import all_cards
from cardgen.deck.model import load_deck
from cardgen.render.images import face_names
from cardgen.render.theme import KIND_COLOURS

DECK = """\
title: Small Deck
prompts:
  - How are you, really?
  - What helps?
reframes:
  - instead: Call me when you're clean.
    try: Call me any time.
"""


def build_images(tmp_path, cli_run, *options):
    deck = tmp_path / "small.yaml"
    deck.write_text(DECK, encoding="utf-8")
    out = tmp_path / "out"
    return cli_run("build", deck, "--format", "images", "-o", out, *options), out / "small-images"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def near(pixel, colour, tolerance=3) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def test_one_png_per_face_in_deck_order_at_exact_size(tmp_path, cli_run):
    result, folder = build_images(tmp_path, cli_run)
    assert result.exit_code == 0, result.output
    assert result.output == (f"wrote {folder} (6 images, 3 cards): one PNG per card face at "
                             "300 dpi, for a card printer\n")
    names = sorted(os.listdir(folder))
    assert names == ["001-back.png", "001-front.png", "002-back.png", "002-front.png",
                     "003-back.png", "003-front.png"]
    for name in names:
        image = Image.open(folder / name)
        assert image.format == "PNG" and image.mode == "RGB"
        assert image.size == (825, 1125)  # poker, 2.5 x 3.5 in, with 1/8 in bleed all round
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
        assert image.info["srgb"] == 0  # the PNG sRGB chunk, perceptual
    # Deck order: the two prompts' backs are the prompt colour, the reframe's its own.
    prompt, reframe = rgb(KIND_COLOURS["prompt"]), rgb(KIND_COLOURS["reframe"])
    for name, colour in (("001-back.png", prompt), ("002-back.png", prompt),
                         ("003-back.png", reframe)):
        back = Image.open(folder / name)
        # The background runs to the very edge of the bleed: every corner pixel is the colour.
        for x, y in ((0, 0), (824, 0), (0, 1124), (824, 1124), (412, 2), (2, 562)):
            assert near(back.getpixel((x, y)), colour), (name, x, y)


def test_the_band_runs_into_the_bleed_and_words_keep_to_the_safe_zone(tmp_path, cli_run):
    import pypdfium2

    result, folder = build_images(tmp_path, cli_run, "--format", "shop", "--bleed", "0.125in")
    assert result.exit_code == 0, result.output
    front = Image.open(folder / "001-front.png")
    band = rgb(KIND_COLOURS["prompt"])
    assert near(front.getpixel((412, 0)), band) and near(front.getpixel((0, 20)), band)
    # In the bleed (the outer 1/8 in, 37.5 px) there is only paper and the band.
    width, height = front.size
    rows = (*range(37), *range(height - 37, height))
    columns = (*range(37), *range(width - 37, width))
    frame = [(x, y) for x in range(0, width, 2) for y in rows]
    frame += [(x, y) for y in range(0, height, 2) for x in columns]
    assert all(near(front.getpixel(p), (255, 255, 255), 8) or near(front.getpixel(p), band, 8)
               for p in frame)
    # The band's icon and word keep to the safe zone too: above it, only the band's colour.
    assert all(near(front.getpixel((x, y)), band, 8) for x in range(0, width, 2)
               for y in range(75))
    # Every word of every face is inside the safe zone: 1/8 in inside the trim.
    shop = pypdfium2.PdfDocument(str(tmp_path / "out" / "small-shop.pdf"))
    safe = (9 + 9, 9 + 9, 198 - 18, 270 - 18)  # bleed + safe zone, on a 198 x 270 pt page
    for page in shop:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if text.get_text_range(index, 1).strip():
                left, bottom, right, top = text.get_charbox(index)
                assert safe[0] - 0.01 <= left and right <= safe[2] + 0.01
                assert safe[1] - 0.01 <= bottom and top <= safe[3] + 0.01


@pytest.mark.parametrize("options,size,dpi", [
    (("--dpi", "600"), (1650, 2250), 600),
    (("--bleed", "0.12in"), (822, 1122), 300),  # MakePlayingCards' template, as the README says
    (("--card", "mini", "--bleed", "0"), (525, 750), 300),
    (("--card", "63x88mm", "--bleed", "3mm", "--dpi", "150"), (407, 555), 150),
])
def test_dpi_card_and_bleed_set_the_pixels(tmp_path, cli_run, options, size, dpi):
    result, folder = build_images(tmp_path, cli_run, *options)
    assert result.exit_code == 0, result.output
    image = Image.open(folder / "002-front.png")
    assert image.size == size
    # PNG keeps pixels per metre as a whole number: 150 dpi reads back as 150.01.
    assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.02)


def test_images_come_from_the_shop_pdf_drawing(tmp_path, cli_run):
    """The same page rendered straight from the shop export gives the same pixels."""
    import pypdfium2

    result, folder = build_images(tmp_path, cli_run, "--format", "shop", "--bleed", "0.125in",
                                  "--dpi", "100")
    assert result.exit_code == 0, result.output
    shop = pypdfium2.PdfDocument(str(tmp_path / "out" / "small-shop.pdf"))
    page = shop[2].render(scale=100 / 72).to_pil().convert("RGB")  # front 2
    image = Image.open(folder / "002-front.png")
    assert image.size == page.size == (275, 375)
    assert max(abs(a - b) for a, b in zip(image.tobytes(), page.tobytes())) <= 2


def test_a_bad_dpi_is_a_usage_error(tmp_path, cli_run):
    result, _ = build_images(tmp_path, cli_run, "--dpi", "5000")
    assert result.exit_code == 2
    assert "Invalid value for '--dpi': 5000 is not in the range 72<=x<=1200." in result.stderr


def test_a_failed_build_keeps_the_earlier_folder_whole(tmp_path, cli_run):
    result, folder = build_images(tmp_path, cli_run)
    assert result.exit_code == 0
    before = {name: (folder / name).read_bytes() for name in os.listdir(folder)}
    deck = tmp_path / "small.yaml"
    deck.write_text(DECK + "  - instead: " + "words " * 300 + "\n    try: x\n", encoding="utf-8")
    failed = cli_run("build", deck, "--format", "images", "-o", tmp_path / "out")
    assert failed.exit_code == 1 and "does not fit on a poker card" in failed.stderr
    assert {name: (folder / name).read_bytes() for name in os.listdir(folder)} == before
    assert sorted(os.listdir(tmp_path / "out")) == ["small-images"]


def test_images_are_the_same_bytes_every_time(tmp_path, cli_run):
    _, folder = build_images(tmp_path, cli_run)
    first = (folder / "003-front.png").read_bytes()
    _, folder = build_images(tmp_path, cli_run)
    assert (folder / "003-front.png").read_bytes() == first
    assert Image.open(io.BytesIO(first)).size == (825, 1125)


NAMED = """\
title: Named Deck
intro: How to play. Draw a card and read it aloud.
blank_cards: 2
prompts:
  - How are you, really?
  - text: What opens the door?
    id: Door
  - What helps?
  - text: Who do you call?
    id: door
"""


def test_pictures_are_named_by_the_number_printed_on_the_card(tmp_path, cli_run):
    """Card 1 is `001`, whatever comes before it; the unnumbered cards take no number and
    every name sorts in deck order, as the bytes sort and as a file manager does."""
    deck = tmp_path / "named.yaml"
    deck.write_text(NAMED, encoding="utf-8")
    result = cli_run("build", deck, "--format", "images", "--format", "shop", "--dpi", "72",
                     "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "named-images"
    fronts = sorted(name for name in os.listdir(folder) if name.endswith("-front.png"))
    # A word id keeps its place (cards 2 and 4) and its word, in small letters: two ids
    # that differ only in case are told apart by their places, as macOS and Windows need.
    assert fronts == ["000-instructions-front.png", "001-front.png", "002-door-front.png",
                      "003-front.png", "004-door-front.png", "blank-1-front.png",
                      "blank-2-front.png"]
    assert len(os.listdir(folder)) == 2 * len(fronts)
    # The picture named 003 is the card printed "3/4": the shop page of the same face.
    import pypdf

    shop = pypdf.PdfReader(tmp_path / "out" / "named-shop.pdf")
    order = [name for name in sorted(os.listdir(folder))
             if not name.endswith("-back.png")]
    assert order == fronts
    assert "3/4" in shop.pages[2 * fronts.index("003-front.png")].extract_text()
    assert "1/4" in shop.pages[2 * fronts.index("001-front.png")].extract_text()


def test_a_thousand_cards_take_four_digits_and_the_intro_as_many_zeros(tmp_path):
    deck = tmp_path / "long.yaml"
    prompts = "".join(f"  - Question number {n}?\n" for n in range(1, 1001))
    deck.write_text("title: Long\nintro: Read aloud.\nblank_cards: 12\nprompts:\n" + prompts,
                    encoding="utf-8")
    loaded = load_deck(deck)
    cards = all_cards(loaded)
    intro = cards[:1] * 2  # an intro over two cards: one Card for each
    names = face_names([*intro, *cards[1:]], loaded)
    fronts = names[::2]
    assert fronts[:3] == ["0000-instructions-1-front.png", "0000-instructions-2-front.png",
                          "0001-front.png"]
    assert fronts[1001:1004] == ["1000-front.png", "blank-01-front.png", "blank-02-front.png"]
    assert fronts == sorted(fronts) and len(set(names)) == len(names) == 2 * 1014
    assert names[1::2] == [name.replace("-front", "-back") for name in fronts]
