"""Settings that would push anything off the page or across the fold are refused, with the
largest value that works; that value, given back, works.

A command-line value is a usage error (exit code 2); a cardgen.yaml value is a
message at its line (exit code 1). Nothing is written either way.
"""

from __future__ import annotations

import re

import pypdfium2
import pytest

from cardgen.units import INCH
from support.paths import DECKS

BUNDLED = DECKS / "self-care.yaml"
USAGE = "Usage: cardgen build [OPTIONS] [DECK]...\nTry 'cardgen build --help' for help.\n\n"
CREEP = ("25.4mm a sheet would move the words of the inner sheets across the fold; the largest "
         "creep for this booklet of 5 sheets is 2.7mm (paper is about 0.1mm)")
OFFSET = ("it would print backs off the page: on letter paper with poker cards, backs can move "
          "at most 12.7mm left or right, and 19.05mm down or up (printers are off by 0.5mm to 4mm)")
BLEED = ("2540mm of bleed makes each print-shop page larger than the 200 in (5080 mm) a PDF page "
         "can be; the largest bleed for a poker card is 2495.55mm (print shops ask for 0.125in)")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "deck.yaml").write_bytes(BUNDLED.read_bytes())
    return tmp_path


def refused(cli_run, project, *args, config: str | None = None):
    if config is not None:
        (project / "cardgen.yaml").write_text(config, encoding="utf-8")
    result = cli_run("build", *args, "-o", "out", "deck.yaml", cwd=project)
    assert not (project / "out").exists()
    return result.exit_code, result.output


# --- creep ------------------------------------------------------------------------------


def test_a_creep_that_crosses_the_fold_is_a_usage_error(cli_run, project):
    assert refused(cli_run, project, "--format", "booklet", "--creep", "1in") == (
        2, USAGE + f"Error: Invalid value for '--creep': {CREEP}\n")


def test_a_creep_in_cardgen_yaml_is_refused_at_its_line(cli_run, project):
    config = "paper: letter\ncreep: 1in\n"
    assert refused(cli_run, project, "--format", "booklet", config=config) == (
        1, f"cardgen.yaml:2:8: `creep`: {CREEP}\n")


def test_the_largest_creep_keeps_every_word_off_the_fold(cli_run, project):
    result = cli_run("build", "--format", "booklet", "--creep", "2.7mm", "-o", "out", "deck.yaml",
                     cwd=project)
    assert result.exit_code == 0, result.output
    document = pypdfium2.PdfDocument((project / "out" / "deck-booklet.pdf").read_bytes())
    fold = document[0].get_width() / 2
    closest = min(_distances_to(fold, document[index]) for index in range(len(document)))
    # The innermost sheet moved 4 x 2.7 mm, and its words still keep 1/8 in from the fold.
    assert closest >= INCH / 8 - 0.5


def _distances_to(fold: float, page) -> float:
    """How near the fold the booklet's words come (the how-to line on the sheet, which is
    not on any page, aside)."""
    text = page.get_textpage()
    nearest = float("inf")
    for index in range(text.count_chars()):
        if text.get_text_range(index, 1).isspace():
            continue
        left, bottom, right, top = text.get_charbox(index)
        if "Cut the stack" in text.get_text_bounded(0, bottom, page.get_width(), top):
            continue
        nearest = min(nearest, fold - right if right <= fold + 0.01 else left - fold)
    return nearest


# --- back offset ------------------------------------------------------------------------


def test_a_back_offset_off_the_page_is_a_usage_error(cli_run, project):
    assert refused(cli_run, project, "--format", "cards", "--back-offset", "1000in,0") == (
        2, USAGE + f"Error: Invalid value for '--back-offset': {OFFSET}\n")


def test_a_back_offset_in_cardgen_yaml_is_refused_at_its_line(cli_run, project):
    assert refused(cli_run, project, "--format", "cards", config="back_offset: 0,-20mm\n") == (
        1, f"cardgen.yaml:1:14: `back_offset`: {OFFSET}\n")


@pytest.mark.parametrize("offset", ["12.7mm,19.05mm", "-12.7mm,-19.05mm"])
def test_the_largest_back_offset_keeps_every_back_on_the_page(cli_run, project, offset):
    result = cli_run("build", "--format", "cards", "--back-offset", offset, "-o", "out",
                     "deck.yaml", cwd=project)
    assert result.exit_code == 0, result.output
    document = pypdfium2.PdfDocument((project / "out" / "deck-cards.pdf").read_bytes())
    back = document[1]
    text = back.get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars())]
    assert boxes  # the backs' words
    assert all(0 <= left and right <= back.get_width() and 0 <= bottom and top <= back.get_height()
               for left, bottom, right, top in boxes)


def test_one_sided_printing_takes_any_back_offset(cli_run, project):
    result = cli_run("build", "--format", "cards", "--duplex", "none", "--back-offset", "1in,0",
                     "-o", "out", "deck.yaml", cwd=project)
    assert result.exit_code == 0, result.output


# --- the print-shop page --------------------------------------------------------------------


def test_a_shop_page_larger_than_pdf_allows_is_a_usage_error(cli_run, project):
    assert refused(cli_run, project, "--format", "shop", "--bleed", "100in") == (
        2, USAGE + f"Error: Invalid value for '--bleed': {BLEED}\n")


def test_a_shop_card_larger_than_pdf_allows_is_refused_at_its_line(cli_run, project):
    assert refused(cli_run, project, "--format", "shop", config="card: 201x3in\n") == (
        1, "cardgen.yaml:1:7: `card`: a 201x3in card is larger than the 200 in (5080 mm) a PDF "
           "page can be\n")


def test_the_largest_shop_bleed_is_a_page_of_200_inches(cli_run, project):
    result = cli_run("build", "--format", "shop", "--only", "blank", "--bleed", "2495.55mm",
                     "-o", "out", "deck.yaml", cwd=project)
    assert result.exit_code == 0, result.output
    document = pypdfium2.PdfDocument((project / "out" / "deck-shop.pdf").read_bytes())
    assert document[0].get_height() <= 200 * INCH


def test_card_images_too_large_to_make_are_a_usage_error(cli_run, project):
    assert refused(cli_run, project, "--format", "images", "--bleed", "10in") == (
        2, USAGE + "Error: Invalid value for '--bleed': 254mm of bleed makes each card image more "
                   "than 24 million pixels at 300 dpi; the largest bleed for a poker card is "
                   "169.39mm (card printers ask for 1/8 in, 3.17mm)\n")


def test_the_largest_image_bleed_is_accepted(cli_run, project):
    from cardgen.products.limits import LARGEST_IMAGE, _pixels
    from cardgen.units import parse_length

    assert _pixels(180, 252, parse_length("169.39mm"), 300) <= LARGEST_IMAGE
    assert _pixels(180, 252, parse_length("169.4mm"), 300) > LARGEST_IMAGE


def test_watch_says_a_creep_grew_too_large_and_keeps_watching(cli_run, project, monkeypatch):
    deck = project / "deck.yaml"
    small = deck.read_text(encoding="utf-8")
    more = "".join(f"  - Another thing to ask, number {i}?\n" for i in range(60))
    longer = small.replace("\nprompts:\n", "\nprompts:\n" + more, 1)
    assert longer != small

    def watch(files, rebuild, stop, interval=0.5, since=None):
        deck.write_text(longer, encoding="utf-8")
        rebuild([deck])
        deck.write_text(small, encoding="utf-8")
        rebuild([deck])

    monkeypatch.setattr("cardgen.tools.watch.watch", watch)
    result = cli_run("build", "--watch", "--format", "booklet", "--creep", "2.7mm", "-o", "out",
                     "deck.yaml", cwd=project)
    assert result.exit_code == 0, result.output
    assert re.search(r"^Invalid value for '--creep': 2\.7mm a sheet would move the words of the "
                     r"inner sheets across the fold; the largest creep for this booklet of \d+ "
                     r"sheets is [\d.]+mm \(paper is about 0\.1mm\)$", result.stderr, re.MULTILINE)
    assert result.stdout.count("wrote out/deck-booklet.pdf") == 2


def test_watch_names_the_saved_file_and_nothing_before_its_first_build(cli_run, project,
                                                                        monkeypatch):
    deck = project / "deck.yaml"

    def watch(files, rebuild, stop, interval=0.5, since=None):
        deck.write_text(deck.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        rebuild([deck])

    monkeypatch.setattr("cardgen.tools.watch.watch", watch)
    result = cli_run("build", "--watch", "--format", "cards", "-o", "out", "deck.yaml",
                     cwd=project)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("wrote out/deck-cards.pdf")
    assert lines[1] == "watching for changes; press Ctrl+C to stop"
    assert lines[2] == f"changed: {deck}"
    assert lines[3].startswith("wrote out/deck-cards.pdf")
