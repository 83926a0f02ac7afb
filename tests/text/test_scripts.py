"""Every script a family reads: decks in Arabic, Hebrew, Hindi, Bengali and Chinese build and
pass --verify; words run the way their script does on the page, steered by direction marks
that print nothing; Chinese breaks between characters, never before closing or after
opening punctuation; Thai, which only a dictionary can break, is refused by name. The
glyphs HarfBuzz chooses, and where it puts them, are in test_shaping.py."""

from __future__ import annotations

import io
import re
from itertools import pairwise

import pypdfium2
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from cardgen.cli import cli
from cardgen.text import blocks as textlib
from cardgen.text.fonts import load_fonts
from cardgen.text.typography import Span
from support.paths import DATA, ROOT
from support.pdfread import origins

TEST_DECKS = DATA / "decks"
SCRIPTS = {  # deck -> the bundled font its script needs
    TEST_DECKS / "conversations.he.yaml": "NotoSansHebrew",
    TEST_DECKS / "conversations.hi.yaml": "NotoSansDevanagari",
    TEST_DECKS / "conversations.bn.yaml": "NotoSansBengali",
    ROOT / "decks" / "harm-reduction.ar.yaml": "NotoSansArabic",
}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fonts_in(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
        for form in page["/Resources"].get("/XObject", {}).values():
            for font in form.get_object().get("/Resources", {}).get("/Font", {}).values():
                names.add(str(font.get_object()["/BaseFont"]))
    return names


# ---- decks in each script, built and verified -----------------------------------------


@pytest.mark.parametrize("deck", list(SCRIPTS), ids=lambda path: path.name)
def test_a_deck_in_each_script_builds_and_verifies_with_the_bundled_fonts(deck, tmp_path,
                                                                           cli_run):
    # The zine's top row is printed upside down (the Arabic deck is too long for a zine).
    for impose in ("pocket", "saddle") if ".ar." in deck.name else ("pocket", "saddle", "zine"):
        result = cli_run("build", deck, "--impose", impose, "--verify", "-o", tmp_path / impose)
        assert result.exit_code == 0, result.output
        assert result.output.count("verified") == 2, result.output
    stem = deck.name.removesuffix(".yaml")
    cards = (tmp_path / "pocket" / f"{stem}-cards.pdf").read_bytes()
    assert any(SCRIPTS[deck] in name for name in _fonts_in(cards))
    # Each prompt in its script alone reads back whole from the PDF (line breaks aside), as
    # copy and paste has it. (One with digits, Latin letters or quotation marks in a
    # right-to-left line comes back in PDFium's order, its marks mirrored: verify allows
    # for that, see cardgen/verify/reading_order.py.)
    read = _squeezed("".join(page.get_textpage().get_text_range()
                             for page in pypdfium2.PdfDocument(cards)))
    prompts = [prompt["text"] if isinstance(prompt, dict) else prompt
               for prompt in yaml.safe_load(deck.read_text(encoding="utf-8"))["prompts"]]
    one_script = [text for text in prompts if not re.search("[0-9A-Za-z\"'()]", text)]
    assert len(one_script) >= 3
    for text in one_script:
        assert _squeezed(text) in read, text


def test_a_chinese_deck_builds_with_a_ttc_system_font(tmp_path, cli_run):
    from support.cjk import cjk_font

    font = cjk_font()
    result = cli_run("build", ROOT / "decks" / "harm-reduction.zh.yaml", "--font", font,
                     "--verify", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.count("verified") == 2, result.output
    cards = (tmp_path / "harm-reduction.zh-cards.pdf").read_bytes()
    assert any("WenQuanYi" in name for name in _fonts_in(cards))


def test_joiners_and_direction_marks_inside_right_to_left_text(tmp_path, cli_run):
    """Persian writes a zero-width non-joiner inside words (می‌خواهم); a deck may carry a
    right-to-left mark or an embedding. They print nothing, take no room, keep the line's
    levels in step with its letters, and the cards build and verify."""
    deck = tmp_path / "fa.yaml"
    deck.write_text("title: گفتگو\nlanguage: fa\nprompts:\n"
                    "  - \"می\u200cخواهم بدانم حالت چطور است.\"\n"
                    "  - \"\u200fزنگ بزن: \u202a988\u202c، هر وقت خواستی.\"\n"
                    "  - \"لا\u200dم و ب\u2060ا\"\n", encoding="utf-8")
    result = cli_run("build", deck, "--verify", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.count("verified") == 2, result.output


# The marks that steer the bidirectional order: LRM, RLM, ALM, the embeddings and
# overrides (LRE, RLE, PDF, LRO, RLO) and the isolates (LRI, RLI, FSI, PDI).
STEERING = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_direction_controls_steer_the_order_and_print_nothing(tmp_path, cli_run):
    """A deck writer (or a word processor) wraps a name in an isolate so a number after it
    stays outside it: the marks are checked by no font, drawn as no glyph, read back as
    nothing, and the number sits after the Arabic name, not before it."""
    deck = tmp_path / "marks.yaml"
    deck.write_text("title: Marks\nprompts:\n"
                    "  - \"Ask \u2067\u0633\u0627\u0645\u2069 2 times.\"\n"
                    "  - \"Call \u202b\u0633\u0627\u0645 24/7\u202c now \u200e.\"\n"
                    "  - \"\u0627\u062a\u0635\u0644 \u2066Sam Smith\u2069 \u200f(24/7)\u200f"
                    " \u2068\u0645\u0631\u062d\u0628\u0627\u2069 \u202dabc\u202c \u202eabc\u202c"
                    " \u061c1\u2069\"\n", encoding="utf-8")
    assert cli_run("lint", deck).exit_code == 0
    result = cli_run("build", deck, "--format", "cards", "--verify", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    data = (tmp_path / "marks-cards.pdf").read_bytes()
    read = "".join(char for char, _ in origins(data))
    assert not set(read) & set(STEERING), read
    assert "Sam Smith" in read  # steered: the name reads left to right inside the Arabic
    arabic = next(x for char, x in origins(data) if char == "\u0633")
    two = next(x for char, x in origins(data) if char == "2")
    assert two > arabic  # the isolate keeps the number out of the Arabic name's run


def test_letters_inside_an_isolate_do_not_decide_a_paragraphs_direction():
    """An English sentence in an Arabic deck with an Arabic name isolated inside it runs
    left to right (UAX 9, P2); without the isolate, the Arabic deck's way wins."""
    from cardgen.text.scripts import paragraph_rtl

    assert not paragraph_rtl("Ask \u2067\u0633\u0627\u0645\u2069 2 times.", "ar")
    assert paragraph_rtl("Ask \u0633\u0627\u0645 2 times.", "ar")
    assert paragraph_rtl("\u2066Sam\u2069 \u0642\u0627\u0644", "en")  # its first letter, outside


@pytest.mark.parametrize("text, language", [
    ("Ask \u2067\u0633\u0627\u0645\u2069 2 times.", "en"),
    ("\u0627\u062a\u0635\u0644 \u2066Sam Smith\u2069 \u200f(24/7)\u200f", "ar"),
    ("\u202bSome \u202dwords\u202c\u202c \u200e", "en"),
])
def test_direction_controls_take_no_room_on_the_line(text, language):
    fonts = load_fonts()
    line = textlib.one_line(text, "regular", fonts, 10.0, language=language).lines[0]
    plain = textlib.one_line(text.translate(dict.fromkeys(map(ord, STEERING))), "regular",
                             fonts, 10.0, language=language).lines[0]
    assert not set("".join(piece.text for piece in line.pieces)) & set(STEERING)
    assert line.width == pytest.approx(plain.width)
    wrapped = textlib.wrap([Span(text, "regular")], fonts, 10.0, 1000.0, language)
    assert wrapped.lines[0].width == pytest.approx(plain.width)


# ---- direction: the order of words on the page ----------------------------------------


def _boxes(data: bytes, index: int, wanted: str) -> list[tuple[float, float, float, float]]:
    text = pypdfium2.PdfDocument(data)[index].get_textpage()
    found = text.get_text_range()
    start = found.find(wanted)
    assert start >= 0, f"{wanted!r} not in {found!r}"
    return [text.get_charbox(start + offset) for offset in range(len(wanted))]


def _left(boxes) -> float:
    return min(box[0] for box in boxes)


def _placed(data: bytes, word: str) -> tuple[float, float, float]:
    """A word's left and right edges and its baseline's height on page 1, in points."""
    boxes = _boxes(data, 0, word)
    return min(b[0] for b in boxes), max(b[2] for b in boxes), round(min(b[1] for b in boxes))


def test_words_run_the_way_their_script_does(tmp_path, cli_run):
    """In an Arabic sentence the words run from the right, an English name inside it
    reads left to right, a number keeps its digits in order; Arabic lines end flush
    right on the card, and an English card in the Arabic deck starts at the left."""
    from cardgen.layout.sheet import sheet_layout
    from cardgen.products.options import BuildOptions
    from cardgen.render.fitting import SAFE

    deck = tmp_path / "mixed.yaml"
    words = "قال الدكتور Andrew Tatarsky إن الطريق 988 طويل"
    deck.write_text(f"title: بطاقات\nlanguage: ar\nprompts:\n  - {words}\n"
                    "  - What helps you rest?\n", encoding="utf-8")
    result = cli_run("build", deck, "--format", "cards", "--verify", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    data = (tmp_path / "mixed-cards.pdf").read_bytes()
    placed = [(word, *_placed(data, word)) for word in words.split()]
    lines: dict[float, list] = {}
    for word, left, right, baseline in placed:
        lines.setdefault(baseline, []).append((word, left, right))
    assert len(lines) >= 2  # the sentence wraps: each line is checked on its own
    for on_line in lines.values():
        for (word, left, _), (after, after_left, _) in pairwise(on_line):
            if word == "Andrew":
                assert after_left > left  # the name reads left to right
            elif after == "Andrew":
                tatarsky = next(w for w in on_line if w[0] == "Tatarsky")
                assert tatarsky[2] < left  # the whole name sits left of the word before it
            elif word == "Tatarsky":
                assert after_left < min(w[1] for w in on_line if w[0] == "Andrew")
            else:
                assert after_left < left, (word, after)  # Arabic runs from the right
    digits = _boxes(data, 0, "988")
    assert [box[0] for box in digits] == sorted(box[0] for box in digits)
    options = BuildOptions()
    first, second = sheet_layout(options.paper_size, options.card_size, 0.0).slots[:2]
    assert max(right for _, _, right, _ in placed) == pytest.approx(
        first.x + first.width - SAFE, abs=1.0)  # flush right, to a glyph's side bearing
    assert _placed(data, "What")[0] == pytest.approx(second.x + SAFE, abs=1.0)


# ---- Chinese: breaking between characters ---------------------------------------------

CLOSING = "，。、；：？！）」』】》〉”’…"
OPENING = "（「『【《〈“‘"
HAN = "我们可以怎么帮你今天过得好吗家人朋友药物安全一起慢慢来没关系"


@pytest.fixture(scope="module")
def cjk():
    from support.cjk import cjk_font

    return load_fonts([cjk_font()])


@settings(max_examples=60, deadline=None)
@given(text=st.lists(st.one_of(st.sampled_from(HAN), st.sampled_from(CLOSING),
                               st.sampled_from(OPENING)), min_size=2, max_size=80).map("".join),
       width=st.floats(30, 200))
def test_chinese_breaks_between_characters_and_never_strands_punctuation(cjk, text, width):
    block = textlib.wrap([Span(text, "regular")], cjk, 10.0, width, "zh")
    if block is None:
        return  # a run of punctuation too wide for the measure: refused, not broken
    lines = ["".join(piece.text for piece in line.pieces) for line in block.lines]
    assert "".join(lines) == text  # nothing lost, nothing added (no hyphen, no space)
    for line in block.lines:
        assert line.width <= width + 1e-6
    for before, after in pairwise(lines):
        assert after[0] not in CLOSING, (before, after)
        assert before[-1] not in OPENING, (before, after)


def test_a_long_chinese_prompt_breaks_between_characters_and_fits(tmp_path, cli_run):
    from support.cjk import cjk_font

    prompt = ("当你想到我们一起度过的那些日子，有没有哪一个瞬间让你觉得被理解、被接纳，"
              "而不是被评判？那时候我做了什么，说了什么（哪怕只是很小的一件事），"
              "让你愿意多说一点？")
    deck = tmp_path / "long.zh.yaml"
    deck.write_text(f"title: 长问题\nlanguage: zh\nprompts:\n  - {prompt}\n", encoding="utf-8")
    result = cli_run("build", deck, "--format", "cards", "--font", cjk_font(), "--verify",
                     "-o", tmp_path)
    assert result.exit_code == 0, result.output
    data = (tmp_path / "long.zh-cards.pdf").read_bytes()
    lines = [line for line in
             pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range().split("\r\n")
             if line and line[0] in prompt and line not in ("长问题", "问一问")]
    body = [line for line in lines if line in prompt]
    assert len(body) >= 4 and "".join(body) == prompt
    for before, after in pairwise(body):
        assert after[0] not in CLOSING and before[-1] not in OPENING


def cli_build(tmp_path, text: str, *args):
    deck = tmp_path / "deck.yaml"
    deck.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["build", str(deck), "-o", str(tmp_path / "out"),
                                    "--format", "cards", *args])


def test_thai_is_refused_by_name_rather_than_broken_badly(tmp_path):
    result = cli_build(tmp_path,
                       "title: T\nprompts:\n  - Fine.\n  - \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\n")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{tmp_path / 'deck.yaml'}:4:5: prompt 2: it is written in Thai, whose lines cardgen "
        "cannot break yet (its words are not separated by spaces, and only a dictionary can "
        "find them)\n  hint: write this card in another script; Thai is not supported yet\n")
