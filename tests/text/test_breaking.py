"""Breaking lines: no more lines than first fit would take, balanced rather than filled first,
no lone last word, and no line ending on a word that belongs to the next one (cardgen/text/
linebreaks.yaml) where a setting in as many lines avoids it; the bundled decks as printed too."""

import itertools
import os
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.cli import cli
from cardgen.text.blocks import Block, wrap
from cardgen.text.breaking import break_all, first_fit
from cardgen.text.fonts import load_fonts
from cardgen.text.linebreaks import BOUND, binds, endings
from cardgen.text.typography import Span, parse_markup, quotation, smarten
from cardgen.text.words import measure
from support.cjk import CJK_FONT
from support.paths import DECKS
from support.pdfread import reader, text_runs

FONTS = load_fonts()


def plain(text: str) -> list[Span]:
    return [Span(text, "regular")]


def line_texts(block: Block) -> list[str]:
    return ["".join(piece.text for piece in line.pieces) for line in block.lines]


def greedy_lines(text: str, size: float, width: float, language: str = "en") -> list[str]:
    """How first fit, the breaker cardgen used before, sets `text`."""
    measured = measure(tuple(plain(text)), FONTS, language)
    rows = first_fit(measured.paragraphs[0], measured, size, width)
    return [" ".join(item.word.text for item in row) for row in rows]


def width_of(text: str, size: float) -> float:
    return FONTS.width(text, "regular", size)


def stranded(lines: list[str], language: str) -> list[str]:
    """The lines (all but the last) that end on a word belonging to the next."""
    found = []
    for line, following in itertools.pairwise(lines):
        words = line.split()
        if binds(words[-1], language, words[-2] if len(words) > 1 else "", following.split()[0]):
            found.append(line)
    return found


# --- balanced lines, no lone last word --------------------------------------------


def test_lone_last_word_gets_company():
    text = "one two three four five six seven eight nine ten eleven"
    width = FONTS.width("one two three four five six seven", "regular", 12) + 1
    greedy_last = "eleven"
    block = wrap(plain(text), FONTS, 12, width)
    lines = line_texts(block)
    assert lines[-1] != greedy_last
    assert len(lines[-1].split()) >= 2
    assert " ".join(lines) == text
    assert all(line.width <= width for line in block.lines)


def test_widow_is_left_when_the_line_above_would_be_left_alone():
    width = FONTS.width("alpha beta", "regular", 12) + 1
    block = wrap(plain("alpha beta gamma"), FONTS, 12, width)
    assert line_texts(block) == ["alpha beta", "gamma"]


# --- the breaker keeps them off line ends ------------------------------------


@pytest.mark.parametrize("text, language, first_line", [
    ("I'm tired and I'm hurting. I still love you.", "en", "I'm tired and I'm hurting. I"),
    ("Words from a talk by Dr. Andrew Tatarsky", "en", "Words from a talk by Dr."),
    ("Press 1 for the Veterans Crisis Line, 2 for Spanish", "en",
     "Press 1 for the Veterans Crisis Line, 2"),
    ("Cuando llegan las ganas, ¿qué haces para cuidarte?", "es", "Cuando llegan las ganas, ¿qué"),
])
def test_no_line_ends_on_a_word_that_belongs_to_the_next(text, language, first_line):
    size = 12
    width = width_of(first_line, size) + 0.5
    before = greedy_lines(text, size, width, language)
    assert before[0] == first_line and stranded(before, language)  # what first fit did
    lines = line_texts(wrap(plain(text), FONTS, size, width, language))
    assert stranded(lines, language) == []
    assert len(lines) == len(before)
    assert " ".join(lines) == text


CALL = "Call me any time. I want to hear from you."


def test_a_stranded_word_stays_when_no_setting_in_as_many_lines_avoids_it():
    # Two lines, and only "I" can end the first: the text is still set, not refused.
    lines = line_texts(wrap(plain(CALL), FONTS, 12, 118))
    assert lines == ["Call me any time. I", "want to hear from you."]
    assert line_texts(wrap(plain(CALL), FONTS, 12, 118, max_lines=2)) == lines


def test_lines_to_spare_keep_a_stranded_word_off_the_end_of_a_line():
    lines = line_texts(wrap(plain(CALL), FONTS, 12, 118, max_lines=4))
    assert lines == ["Call me any time.", "I want to hear", "from you."]


def test_lines_are_balanced_rather_than_filled_first():
    text = "How does it change the way you feel around other people?"
    greedy = greedy_lines(text, 14, 290)
    assert greedy == ["How does it change the way you feel around", "other people?"]
    lines = line_texts(wrap(plain(text), FONTS, 14, 290))
    assert lines == ["How does it change the way you feel", "around other people?"]
    widths = [width_of(line, 14) for line in lines]
    greedy_widths = [width_of(line, 14) for line in greedy]
    assert max(widths) - min(widths) < max(greedy_widths) - min(greedy_widths)


def test_a_line_ends_after_a_comma_rather_than_inside_the_phrase():
    text = "If you used less, what would you miss?"
    assert greedy_lines(text, 18, 200) == ["If you used less, what", "would you miss?"]
    assert line_texts(wrap(plain(text), FONTS, 18, 200)) == ["If you used less,",
                                                             "what would you miss?"]


# --- properties ------------------------------------------------------------------

WORDS = st.sampled_from(["I", "a", "love", "you", "Dr.", "Tatarsky", "1", "for", "page", "5",
                         "¿Qué", "haces?", "and,", "still", "together.", "understanding", "y",
                         "Spanish", "compassionately", "2"])
TEXTS = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)


def fewest_faults(words: list[str], language: str, size: float, width: float, lines: int) -> int:
    """Exhaustively: the fewest faults (a stranded word: 2, a line of one word: 1)
    of any way to set `words` in `lines` lines no wider than `width`."""
    ends = endings(words, language)
    best = None
    for cuts in itertools.combinations(range(1, len(words)), lines - 1):
        bounds = (0, *cuts, len(words))
        rows = [words[a:b] for a, b in itertools.pairwise(bounds)]
        if any(width_of(" ".join(row), size) > width for row in rows):
            continue
        faults = sum(2 for b in cuts if ends[b - 1] == BOUND)
        faults += sum(1 for row in rows if len(row) == 1) if lines > 1 else 0
        best = faults if best is None else min(best, faults)
    return best


def faults_of(lines: list[str], language: str) -> int:
    words = " ".join(lines).split()
    ends = endings(words, language)
    found, end = 0, 0
    for line in lines[:-1]:
        end += len(line.split())
        found += 2 if ends[end - 1] == BOUND else 0
    return found + (sum(1 for line in lines if len(line.split()) == 1) if len(lines) > 1 else 0)


@settings(max_examples=200)
@given(TEXTS, st.floats(60, 260), st.sampled_from(["en", "es"]))
def test_balanced_lines_are_no_more_than_first_fit_and_fit_the_width(text, width, language):
    block = wrap(plain(text), FONTS, 12, width, language)
    greedy = greedy_lines(text, 12, width, language)
    lines = line_texts(block)
    assert len(lines) <= len(greedy)
    assert all(line.width <= width for line in block.lines)
    if not any(line.endswith("-") for line in lines + greedy):  # no word broke
        assert " ".join(lines) == text
        assert faults_of(lines, language) == fewest_faults(text.split(), language, 12, width,
                                                           len(lines))


# --- the bundled decks as a typesetter would set them (`printed`: text/conftest.py) ---


def test_every_deck_was_built_as_cards_and_booklet(printed):
    decks = sorted(p.stem for p in DECKS.glob("*.yaml")
                   if ".zh" not in p.stem or CJK_FONT.exists() or os.environ.get("CI"))
    assert sorted(printed) == sorted([f"{d}-booklet.pdf" for d in decks] +
                                     [f"{d}-cards.pdf" for d in decks])


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


@pytest.mark.parametrize("width", [30, 35, 40, 45, 60])
def test_the_dashes_before_who_said_a_chinese_quotation_keep_to_the_name(width):
    """"——" may not end a line with the name on the next, however narrow the card: at 30 and
    35 pt (a card's note, 10 pt) "——" would otherwise be chosen, "鲁迅" below it. A dash
    inside a sentence ("希望感——这些") may still end a line, as UAX 14 allows."""
    from support.cjk import cjk_font

    fonts = load_fonts((cjk_font(),))
    block = wrap([Span("——鲁迅", "regular")], fonts, 10, width, "zh")
    assert block is not None
    lines = ["".join(piece.text for piece in line.pieces) for line in block.lines]
    assert "".join(lines) == "——鲁迅" and lines[0].startswith("——鲁"), lines
    inside = wrap([Span("一二三四——鲁迅", "regular")], fonts, 10, 60, "zh")
    assert inside is not None
    assert "".join(piece.text for piece in inside.lines[0].pieces) == "一二三四——"
