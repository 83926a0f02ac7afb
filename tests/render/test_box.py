"""The tuck box drawn: the deck's words on its faces, a logo on the front, cut lines solid,
folds marked by dashed ticks in the waste and glue grey, nothing near the paper's edge. The
net itself, and whether it folds up, is in tests/layout/test_box.py."""

from __future__ import annotations

import math
from itertools import pairwise
from pathlib import Path

import pypdfium2
import pytest

from cardgen.choices import CARDS, PAPERS
from cardgen.layout.box import deck_depth, tuck_box
from cardgen.layout.sheet import Rect
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.units import MM
from support.pdfread import reader, shapes

POKER = CARDS["poker"]
DECK = """\
title: Talking Together
subtitle: Questions for families
prompts:
  - How are you, really?
  - What helps?
region: US
resources:
  - name: SAMHSA National Helpline
    phone: 1-800-662-4357
  - name: 988 Suicide & Crisis Lifeline
    phone: "988"
  - name: A website only
    url: https://example.org
"""


def build_box(tmp_path, cli_run, *options):
    deck = tmp_path / "talk.yaml"
    deck.write_text(DECK, encoding="utf-8")
    result = cli_run("build", deck, "--format", "box", "-o", tmp_path / "out", *options)
    return result, tmp_path / "out" / "talk-box.pdf"


def test_the_box_pdf_carries_the_deck_on_its_faces(tmp_path, cli_run):
    result, path = build_box(tmp_path, cli_run, "--box-thickness", "15mm")
    assert result.exit_code == 0, result.output
    assert result.output == (f"wrote {path} (1 page, 5 cards): a tuck box: print at 100 %, cut, "
                             "fold and glue\n")
    data = path.read_bytes()
    document = pypdfium2.PdfDocument(data)
    assert len(document) == 1 and document[0].get_size() == (612, 792)
    box = tuck_box(POKER, 15 * MM, PAPERS["letter"])
    text = document[0].get_textpage()

    def words(name: str) -> str:
        r = box.panel(name).rect
        return " ".join(text.get_text_bounded(r.x, r.y, r.right, r.top).split())

    assert words("front") == "Talking Together Questions for families"
    assert words("back") == ("Help SAMHSA National Helpline 1-800-662-4357 988 Suicide & "
                             "Crisis Lifeline 988")
    for side in ("right side", "left side"):
        assert words(side) == "Talking Together"
    for name in ("lid", "tuck flap", "bottom", "side glue flap"):
        assert words(name) == ""
    # Ink stays clear of the paper's edge: text and every cut and fold line.
    pdf = reader(data)
    segments, _ = shapes(pdf.pages[0], pdf)
    assert len(segments) >= len(box.outline) + len(box.ticks)
    boxes = [text.get_charbox(i) for i in range(text.count_chars())]
    xs = [x for s in segments for x in (s[0], s[2])] + [x for b in boxes for x in b[::2]]
    ys = [y for s in segments for y in (s[1], s[3])] + [y for b in boxes for y in b[1::2]]
    assert min(xs) >= 2 * MM and max(xs) <= 612 - 2 * MM
    assert min(ys) >= 2 * MM and max(ys) <= 792 - 2 * MM


def test_a_thin_deck_leaves_its_sides_blank(tmp_path, cli_run):
    result, path = build_box(tmp_path, cli_run)  # 5 cards: 2.5 mm sides
    assert result.exit_code == 0, result.output
    text = pypdfium2.PdfDocument(path.read_bytes())[0].get_textpage()
    box = tuck_box(POKER, deck_depth(5), PAPERS["letter"])
    assert box.inside[2] == pytest.approx(2.5 * MM)
    side = box.panel("right side").rect
    assert text.get_text_bounded(side.x, side.y, side.right, side.top).strip() == ""
    front = box.panel("front").rect
    words = text.get_text_bounded(front.x, front.y, front.right, front.top).split()
    assert words[:2] == ["Talking", "Together"]


def test_box_thickness_sets_the_depth(tmp_path, cli_run):
    result, path = build_box(tmp_path, cli_run, "--box-thickness", "10mm")
    assert result.exit_code == 0, result.output
    _, dashed, _ = strokes_and_fills(path.read_bytes())
    # The four upright folds between front, sides, back and glue flap, where their ticks are.
    folds = sorted({round(s[0], 3) for s in dashed if abs(s[0] - s[2]) < 1e-6})
    widths = [b - a for a, b in pairwise(folds)]
    assert widths == pytest.approx([11 * MM, 64.5 * MM, 11 * MM], abs=0.01)


def test_a_box_too_big_for_the_paper_names_one_that_fits(tmp_path, cli_run):
    result, path = build_box(tmp_path, cli_run, "--card", "large", "--box-thickness", "40mm")
    assert result.exit_code == 1
    assert result.stderr == (f"{tmp_path / 'talk.yaml'}: the tuck box for 5 cards needs 271.8 x "
                             "235 mm, more than letter paper holds inside its 6 mm margin; use "
                             "--paper tabloid, which holds it\n")
    assert not path.exists()
    result, path = build_box(tmp_path, cli_run, "--card", "large", "--box-thickness", "40mm",
                             "--paper", "a4")
    assert result.stderr.endswith("more than a4 paper holds inside its 6 mm margin; use "
                                  "--paper a3, which holds it\n")


def test_words_the_fonts_cannot_draw_are_refused(tmp_path):
    from cardgen.deck.model import load_deck
    from cardgen.errors import DeckError
    from cardgen.render.box import box_pdf
    from cardgen.render.theme import Theme
    from cardgen.text.fonts import load_fonts

    deck_path = tmp_path / "talk.yaml"
    deck_path.write_text(DECK, encoding="utf-8")
    deck = load_deck(deck_path, "talk.yaml")
    box = tuck_box(POKER, deck_depth(5), PAPERS["letter"])
    with pytest.raises(DeckError, match=r"^talk.yaml:1:8: the deck's short name: no font can draw"):
        box_pdf(deck, box, load_fonts(), Theme(), short_name="Talk \U0001F9E1")


def test_a_logo_goes_on_the_front_below_the_title(tmp_path):
    from cardgen.deck.model import load_deck
    from cardgen.render.box import box_pdf
    from cardgen.render.theme import Theme
    from cardgen.text.fonts import load_fonts

    deck_path = tmp_path / "talk.yaml"
    deck_path.write_text(DECK, encoding="utf-8")
    box = tuck_box(POKER, 15 * MM, PAPERS["letter"])
    given = []

    def logo(canvas, x, y, width, height):
        given.append(Rect(x, y, width, height))
        canvas.rect(x, y, width, height, stroke=1, fill=0)

    data = box_pdf(load_deck(deck_path), box, load_fonts(), Theme(), logo=logo)
    [place] = given
    front = box.panel("front").rect
    assert front.inset(9).contains(place) and place.height > 20 * MM
    text = pypdfium2.PdfDocument(data)[0].get_textpage()
    title = [text.get_charbox(i) for i in range(text.count_chars())
             if text.get_text_range(i, 1) in "TalkingTogether"
             and front.x < text.get_charbox(i)[0] < front.right]
    assert title and min(b[1] for b in title) > place.top  # every letter above the logo


def strokes_and_fills(data: bytes) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """What the box page draws, read from its content stream: stroked straight segments
    with and without a dash pattern, and filled rectangles with their fill colour.

    The box page uses no transformation but the identity, so operands are page points.
    """
    from pypdf.generic import ContentStream

    pdf = reader(data)
    solid, dashed, fills = [], [], []
    dash, fill, path, start, current, rects = (), None, [], None, None, []
    stack = []
    for operands, operator in ContentStream(pdf.pages[0].get_contents(), pdf).operations:
        op = operator.decode()
        if op == "q":
            stack.append((dash, fill))
        elif op == "Q":
            dash, fill = stack.pop()
        elif op == "d":
            dash = tuple(float(v) for v in operands[0])
        elif op == "rg":
            fill = tuple(round(float(v), 3) for v in operands)
        elif op == "m":
            start = current = (float(operands[0]), float(operands[1]))
        elif op == "l":
            end = (float(operands[0]), float(operands[1]))
            path.append((*current, *end))
            current = end
        elif op == "h" and current != start:
            path.append((*current, *start))
            current = start
        elif op == "re":
            rects.append(tuple(float(v) for v in operands))
        elif op in ("S", "s"):
            (dashed if dash else solid).extend(path)
        elif op in ("f", "f*"):
            fills.extend((rect, fill) for rect in rects)
        if op in ("S", "s", "f", "f*", "n", "B", "B*", "b", "b*"):
            path, rects = [], []
    return solid, dashed, fills


def same_segments(drawn: list[tuple], expected: list[tuple]) -> bool:
    """Whether the drawn segments are the expected ones (either way round, to 0.01 pt),
    one for one."""
    def match(a, b) -> bool:
        return (max(abs(u - v) for u, v in zip(a, b)) < 0.01
                or max(abs(u - v) for u, v in zip(a, (*b[2:], *b[:2]))) < 0.01)

    return (len(drawn) == len(expected)
            and all(any(match(d, e) for d in drawn) for e in expected)
            and all(any(match(d, e) for e in expected) for d in drawn))


def test_the_pdf_cuts_on_solid_lines_marks_folds_in_the_waste_and_greys_the_glue(tmp_path,
                                                                                 cli_run):
    result, path = build_box(tmp_path, cli_run, "--box-thickness", "15mm")
    assert result.exit_code == 0, result.output
    box = tuck_box(POKER, 15 * MM, PAPERS["letter"])
    solid, dashed, fills = strokes_and_fills(path.read_bytes())
    # The folds' ticks, and nothing else, are dashed: no line runs along a fold, where it
    # would show on the edges of the finished box (tests/layout/test_box.py: in the waste).
    assert same_segments(dashed, list(box.ticks)) and len(box.ticks) >= len(box.folds)
    assert not any(same_segments([d], [(f.x1, f.y1, f.x2, f.y2)])
                   for d in solid + dashed for f in box.folds)
    # The cut is the net's outline, thumb notch and all, drawn solid.
    points = list(box.outline)
    assert same_segments(solid, [(*a, *b) for a, b in zip(points, points[1:] + points[:1])])
    # The glue flaps, and only they, are tinted a pale grey.
    glue = [p.rect for p in box.panels if p.role == "glue"]
    greys = [rect for rect, colour in fills
             if colour and len(set(colour)) == 1 and 0.8 < colour[0] < 1]
    assert len(glue) == len(greys) == 2
    assert all(any(g == pytest.approx((r.x, r.y, r.width, r.height)) for g in greys) for r in glue)


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


TITLE = "Conversations for families and friends of people who use drugs"


def test_the_short_title_runs_down_the_tuck_boxs_sides(tmp_path):
    deck = write(tmp_path, f"title: {TITLE}\nshort_title: Family Talk\nprompts:\n  - Hi?\n")
    box = make(deck, BuildOptions(formats=("box",), box_thickness=20 * 72 / 25.4))["box"].data
    text = pypdfium2.PdfDocument(box)[0].get_textpage().get_text_range()
    assert text.count("Family Talk") == 2  # the two sides


def test_the_numbers_are_the_strongest_lines_on_the_back(tmp_path, cli_run):
    from support.fontmaker import text_by_font
    from support.pdfread import text_runs
    result, path = build_box(tmp_path, cli_run)
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    back = tuck_box(POKER, deck_depth(5), PAPERS["letter"]).panel("back").rect
    runs = {r.text.strip(): r for r in text_runs(reader(data).pages[0])
            if back.x <= r.x <= back.right and back.y <= r.y <= back.top}
    names = [r for t, r in runs.items() if t.startswith(("SAMHSA", "988 Suicide"))]
    assert len(names) == 2
    numbers = [runs[t] for t in ("1-800-662-4357", "988")]
    assert {n.size for n in numbers} == {numbers[0].size}  # one size for every number
    assert all(number.size >= 1.25 * name.size for number in numbers for name in names)
    assert numbers[0].size >= 20  # was 16 pt, as large as the names
    fonts = text_by_font(data)
    bold = "".join(text for font, text in fonts.items() if "Bold" in font)
    regular = "".join(text for font, text in fonts.items() if "Bold" not in font)
    assert "1-800-662-4357" in bold and "988" in bold
    assert "SAMHSA National" in regular and "SAMHSA" not in bold


@pytest.mark.parametrize("language, words", [
    ("es", "Corta por las líneas continuas, dobla por las discontinuas, pega las solapas "
           "grises. Imprime al 100 %."),
    ("ar", "قُصّ على الخطوط المتصلة"),
])
def test_the_note_on_how_to_make_the_box_is_in_the_decks_language(tmp_path, language, words):
    from cardgen.deck.model import load_deck
    from cardgen.render.box import box_pdf
    from cardgen.render.theme import Theme
    from cardgen.text.fonts import load_fonts

    deck_path = tmp_path / "talk.yaml"
    deck_path.write_text(f"language: {language}\n" + DECK, encoding="utf-8")
    deck = load_deck(deck_path, "talk.yaml")
    box = tuck_box(POKER, deck_depth(5), PAPERS["letter"])
    page = pypdfium2.PdfDocument(box_pdf(deck, box, load_fonts(), Theme()))[0]
    below = page.get_textpage().get_text_bounded(0, 0, 612, box.bounds.y)
    assert words in " ".join(below.split()) and "Cut on" not in below


def test_a_decks_own_note_for_the_box_is_checked_for_glyphs_at_its_line(tmp_path):
    from cardgen.deck.model import load_deck
    from cardgen.errors import DeckError
    from cardgen.render.box import box_pdf
    from cardgen.render.theme import Theme
    from cardgen.text.fonts import load_fonts

    deck_path = tmp_path / "talk.yaml"
    deck_path.write_text(DECK + "labels:\n  box_how_to: Cut, fold, glue \U0001F9E1\n",
                         encoding="utf-8")
    deck = load_deck(deck_path, "talk.yaml")
    box = tuck_box(POKER, deck_depth(5), PAPERS["letter"])
    with pytest.raises(DeckError, match=r"^talk.yaml:15:15: `labels.box_how_to`: no font can draw"):
        box_pdf(deck, box, load_fonts(), Theme())


def side_characters(title: str, short: str | None = None):
    """The characters printed on the right side of the box of a Chinese deck called `title`:
    (char, left, bottom, right, top, degrees turned), as drawn; and the side's rect."""
    from cardgen.deck.model import load_deck
    from cardgen.render.box import box_pdf
    from cardgen.render.theme import Theme
    from cardgen.text.fonts import load_fonts
    from support.cjk import cjk_font

    fonts = load_fonts((cjk_font(),))
    deck = load_deck(io_deck(title, short))
    box = tuck_box(POKER, deck_depth(60), PAPERS["letter"])
    side = box.panel("right side").rect
    text = pypdfium2.PdfDocument(box_pdf(deck, box, fonts, Theme()))[0].get_textpage()
    found = []
    for index in range(text.count_chars()):
        char, (left, bottom, right, top) = text.get_text_range(index, 1), text.get_charbox(index)
        if (not char.isspace() and side.x <= (left + right) / 2 <= side.right
                and side.y <= (bottom + top) / 2 <= side.top):
            found.append((char, left, bottom, right, top, turned(text, index)))
    return found, side


def turned(text, index: int) -> int:
    """How far the character at `index` is turned from upright, in whole degrees."""
    import pypdfium2.raw as raw

    return round(math.degrees(raw.FPDFText_GetCharAngle(text.raw, index))) % 360


def io_deck(title: str, short: str | None) -> Path:
    import tempfile
    folder = Path(tempfile.mkdtemp())
    path = folder / "zh.yaml"
    extra = f"short_title: {short}\n" if short else ""
    path.write_text(f"title: {title}\n{extra}language: zh\nprompts:\n  - 你好吗？\n",
                    encoding="utf-8")
    return path


def test_a_chinese_spine_stands_upright_one_character_under_another():
    chars, side = side_characters("减少伤害对话卡")
    assert "".join(c[0] for c in chars) == "减少伤害对话卡"
    centre = side.x + side.width / 2
    for char, left, _, right, _, degrees in chars:
        assert abs((left + right) / 2 - centre) < 1.5, char  # one column, down the middle
        assert degrees == 0, char  # upright, not turned
    tops = [c[4] for c in chars]
    assert all(b < a - 10 for a, b in pairwise(tops))  # each a cell (16 pt) under the last


def test_latin_in_a_chinese_spine_runs_sideways_between_the_upright_characters():
    chars, _ = side_characters("减少伤害 Talk 对话卡")
    assert "".join(c[0] for c in chars) == "减少伤害Talk对话卡"
    by_char = {c[0]: c for c in chars}
    # Talk is turned as on an English spine: its letters run down, a narrow one (l, k)
    # wider across the side than it is tall, all of it below 害 and above 对.
    latin = [by_char[letter] for letter in "Talk"]
    assert all(b[4] <= a[4] for a, b in pairwise(latin))
    assert by_char["害"][2] >= max(c[4] for c in latin) - 0.5
    assert by_char["对"][4] <= min(c[2] for c in latin) + 0.5
    assert all(c[3] - c[1] > c[4] - c[2] for c in latin if c[0] in "lk")
    assert {c[5] for c in latin} == {90} and by_char["害"][5] == by_char["对"][5] == 0


def test_a_latin_spine_still_turns():
    chars, _ = side_characters("Talking Together")
    assert "".join(c[0] for c in chars) == "TalkingTogether"
    assert {c[5] for c in chars} == {90}
