"""The bundled decks as a typesetter would set them: quotation marks not doubled and
inner ones single, and no line ending on a word that belongs to the next one."""

import os
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cardgen.cli import cli
from cardgen.text.breaking import break_all
from cardgen.text.fonts import load_fonts
from cardgen.text.linebreaks import BOUND, binds
from cardgen.text.typography import Span, parse_markup, quotation, smarten
from cardgen.text.words import measure
from support.cjk import CJK_FONT
from support.paths import DECKS
from support.pdfread import reader, text_runs

FONTS = load_fonts()


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, list[list]]:
    """Every bundled deck built as cards and booklet through the command line: each
    PDF's name -> the lines of text on each of its pages."""
    folder = tmp_path_factory.mktemp("bundled")
    shutil.copytree(DECKS, folder / "decks")
    decks = sorted(str(path) for path in (folder / "decks").glob("*.yaml")
                   if ".zh." not in path.name)
    result = CliRunner().invoke(cli, ["build", *decks, "--out", str(folder / "out")])
    assert result.exit_code == 0, result.output
    chinese = str(folder / "decks" / "harm-reduction.zh.yaml")  # with the font it needs
    if CJK_FONT.exists() or os.environ.get("CI"):
        result = CliRunner().invoke(cli, ["build", chinese, "--font", str(CJK_FONT),
                                          "--out", str(folder / "out")])
        assert result.exit_code == 0, result.output
    return {path.name: [text_runs(page) for page in reader(path.read_bytes()).pages]
            for path in sorted((folder / "out").glob("*.pdf"))}


def test_every_deck_was_built_as_cards_and_booklet(printed):
    decks = sorted(p.stem for p in DECKS.glob("*.yaml")
                   if ".zh" not in p.stem or CJK_FONT.exists() or os.environ.get("CI"))
    assert sorted(printed) == sorted([f"{d}-booklet.pdf" for d in decks] +
                                     [f"{d}-cards.pdf" for d in decks])


def test_quotation_marks_are_not_doubled_and_inner_ones_are_single(printed):
    for name, pages in printed.items():
        text = "\n".join(run.text for runs in pages for run in runs)
        for doubled in ("““", "””", "„„", "«\u00a0«"):
            assert doubled not in text, name
        if name.startswith("self-care"):
            assert "‘adult’" in text and "“adult”" not in text, name


def test_no_line_of_a_booklet_or_card_ends_on_a_word_that_belongs_to_the_next(printed):
    for name, pages in printed.items():
        language = next((code for code in ("es", "ar", "zh") if f".{code}-" in name), "en")
        assert _stranded(pages, language) == [], name


@pytest.mark.parametrize("deck", ["harm-reduction.yaml", "self-care.yaml"])
def test_large_print_cards_strand_no_word_either(tmp_path, deck):
    result = CliRunner().invoke(cli, ["build", str(DECKS / deck), "--format", "cards",
                                      "--large-print", "--card", "large", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [pdf] = tmp_path.glob("*.pdf")
    assert _stranded([text_runs(page) for page in reader(pdf.read_bytes()).pages], "en") == []


def _stranded(pages, language) -> list[str]:
    """Lines followed by the next line of the same paragraph (same start, size and
    leading) that end on a word belonging to the word starting that next line."""
    found = []
    for runs in pages:
        for run, after in pairwise(runs):
            continues = (abs(run.x - after.x) < 0.5 and run.size == after.size
                         and abs(run.y - after.y - run.size * 1.25) < 0.1)
            words = run.text.split()
            before = words[-2] if len(words) > 1 else ""
            if continues and words and binds(words[-1], language, before, after.text.split()[0]):
                found.append(run.text)
    return found


# --- the cards: where the room allows --------------------------------------------


def _texts(path: Path) -> list[str]:
    """Every text a card of the deck at `path` sets, as printed: typography applied,
    markup taken off."""
    deck = yaml.safe_load(path.read_text(encoding="utf-8"))
    language = deck.get("language", "en")
    found = [p.strip() for p in (deck.get("intro") or "").split("\n\n") if p.strip()]
    for section, fields in (("prompts", ("text", "note")), ("reframes", ("instead", "try", "why")),
                            ("quotes", ("text",)), ("resources", ("name", "note"))):
        for entry in deck.get(section) or []:
            entry = {"text": entry} if isinstance(entry, str) else entry
            for key in fields:
                if entry.get(key):
                    raw = quotation(entry[key], language) if section == "quotes" else entry[key]
                    found.append(raw)
    return ["".join(span.text for span in parse_markup(smarten(raw, language))) for raw in found]


def _fewest_faults(items, endings, size, width, lines) -> int | None:
    """The fewest faults of any way to set `items` in exactly `lines` lines no wider than
    `width`: a line ending on a word that belongs to the next counts 2, a line of one
    word 1. Searched line by line, apart from the breaker's own search."""
    count = len(items)
    best = {(0, 0): 0}  # (items set, lines used) -> fewest faults
    for start in range(count):
        for used in range(lines):
            if (start, used) not in best:
                continue
            total = 0.0
            for end in range(start + 1, count + 1):
                item = items[end - 1]
                total += (item.gap * size if end > start + 1 else 0.0) + item.width * size
                if total > width:
                    break
                faults = best[(start, used)]
                faults += 2 if end < count and endings[end - 1] == BOUND else 0
                faults += 1 if end - start == 1 and lines > 1 else 0
                key = (end, used + 1)
                best[key] = min(best.get(key, faults), faults)
    return best.get((count, lines))


@pytest.mark.parametrize("deck", sorted(p.name for p in DECKS.glob("*.yaml")))
def test_a_card_text_ends_a_line_on_a_word_that_belongs_to_the_next_only_when_it_must(deck):
    """At every main-text size of the card ladder and the widths of poker and large
    cards: the lines the breaker chose have no more faults than the fewest any
    setting in as many lines has."""
    from support.cjk import fonts_for_deck

    language = yaml.safe_load((DECKS / deck).read_text(encoding="utf-8")).get("language", "en")
    fonts = load_fonts(fonts_for_deck(DECKS / deck))
    checked = 0
    for text in _texts(DECKS / deck):
        measured = measure((Span(text, "regular"),), fonts, language)
        if len(measured.paragraphs) != 1:
            continue
        items, endings = measured.paragraphs[0], measured.endings(0)
        for size in (9, 11, 14, 18, 24):
            for width in (156.0, 162.0, 234.0):
                lines = break_all(measured, size, width, None)
                if lines is None or any(item.word.cut for row, _ in lines for item in row):
                    continue  # a word had to be hyphenated
                ends, faults = 0, 0
                for row, _ in lines:
                    ends += len(row)
                    faults += 2 if ends < len(items) and endings[ends - 1] == BOUND else 0
                    faults += 1 if len(row) == 1 and len(lines) > 1 else 0
                assert faults == _fewest_faults(items, endings, size, width, len(lines)), (
                    text, size, width, [" ".join(i.word.text for i in row) for row, _ in lines])
                checked += 1
    assert checked > 300


def test_invisible_marks_pasted_from_a_word_processor_print_nothing(tmp_path, cli_run):
    deck = tmp_path / "d.yaml"
    deck.write_text('title: T\nprompts:\n  - "What would make to\u00adday a little eas\u00adier?"\n'
                    '  - "A zero\u200bwidth space, a word\u2060joiner, a mark\ufeff."\n',
                    encoding="utf-8")
    result = cli_run("build", deck, "--format", "cards", "--format", "booklet", "-o",
                     tmp_path / "out")
    assert result.exit_code == 0, result.output
    for name in ("d-cards.pdf", "d-booklet.pdf"):
        words = " ".join(r.text for page in reader((tmp_path / "out" / name).read_bytes()).pages
                         for r in text_runs(page))
        assert "today a little easier?" in words and "to-" not in words and "\u00ad" not in words
        assert "A zerowidth space, a wordjoiner, a mark." in words
    # and every word is in the deck's own font, not the fallback that has those marks
    fonts = {str(font.get_object()["/BaseFont"])
             for page in reader((tmp_path / "out" / "d-cards.pdf").read_bytes()).pages
             for font in page["/Resources"]["/Font"].values()}
    assert not any("DejaVu" in font for font in fonts), fonts
