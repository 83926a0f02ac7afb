"""Everything on a card besides its own words is fitted too: the label in the front band, the
word and the title on the back. Each shrinks to a floor and wraps where it may, or the build
stops at its line and says what to do; nothing runs past the card. The footer is in
test_footer.py."""

from __future__ import annotations

import pypdfium2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardgen.choices import CARDS
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.labels import Room, TooLong, fit
from cardgen.text.fonts import load_fonts

LONG_TITLE = ("Conversations for families and friends of people who use drugs, for the long "
              "evenings together when the words do not come easily and everyone needs a little "
              "help to begin, and for the mornings after, when nobody knows what to say first")


def deck(tmp_path, head: str, body: str = "prompts:\n  - How are you?\n") -> str:
    (tmp_path / "deck.yaml").write_text(head + body, encoding="utf-8")
    return "deck.yaml"


def refused(cli_run, tmp_path, *args) -> tuple[int, str]:
    result = cli_run("build", "--format", "cards", "--format", "shop", *args, "-o", "out",
                     "deck.yaml", cwd=tmp_path)
    assert not (tmp_path / "out").exists()
    return result.exit_code, result.output


def chars(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float, float]]:
    """(character, left, bottom, right, top, size) of every printed character on a page."""
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(pdf)
    text = document[page].get_textpage()
    found = []
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if char.strip():
            size = raw.FPDFText_GetFontSize(text.raw, index)
            found.append((char, *text.get_charbox(index), size))
    return found


# --- the band ----------------------------------------------------------------------------


def test_a_label_too_long_for_the_band_is_refused_at_its_line(cli_run, tmp_path):
    deck(tmp_path, "title: T\nlabels:\n  prompt: Questions to ask each other in the circle\n")
    assert refused(cli_run, tmp_path) == (
        1, "deck.yaml:3:11: the label 'Questions to ask each other in the circle' is too long for "
           "the band of a poker card: at 9 pt it is 175 pt wide and there is room for 143 pt\n"
           "  hint: set a shorter word under `labels:`, e.g. `prompt: Ask`\n")


def test_a_default_label_too_long_points_at_the_language(cli_run, tmp_path):
    deck(tmp_path, "title: T\nlanguage: fr\n", "quotes: [{text: Oui, by: Moi}]\n")
    assert refused(cli_run, tmp_path, "--card", "32x80mm") == (
        1, "deck.yaml:2:11: the label 'Des mots à garder' is too long for the band of a 32x80mm "
           "card: at 9 pt it is 79 pt wide and there is room for 54 pt\n  hint: set a shorter "
           "word under `labels:`, e.g. `quote: Words to hold`\n")


def test_a_long_label_shrinks_to_stay_inside_the_band(tmp_path):
    label = "Questions to ask each other now"  # 156 pt at 10 pt, 140 at 9; the band has 143
    path = tmp_path / "deck.yaml"
    path.write_text(f"title: T\nlabels:\n  prompt: {label}\nprompts: [How are you?]\n",
                    encoding="utf-8")
    [cards] = make(path, BuildOptions(formats=("cards",), marks=False), "deck.yaml").products
    # The band of the top-left card: letter paper, three rows of poker cards from 18 pt
    # below the top, a band 9 + 1.5 x 10 pt deep.
    band = [c for c in chars(cards.data, 0) if c[2] > 774 - 24 and c[1] < 216]
    assert "".join(c[0] for c in band).startswith(label.replace(" ", ""))
    slot_right = 36 + 180  # letter paper, poker card in the first column
    assert max(c[3] for c in band) <= slot_right - 9  # inside the safe area
    assert {round(c[5], 1) for c in band} == {9.0}  # under the 10 pt design size, at its floor


# --- the back ---------------------------------------------------------------------------------


def test_a_title_too_long_for_the_back_is_refused_at_its_line(cli_run, tmp_path):
    deck(tmp_path, f"title: {LONG_TITLE} {LONG_TITLE}\n")
    assert refused(cli_run, tmp_path) == (
        1, "deck.yaml:1:8: the title is too long for the back of a poker card: at 9 pt it takes "
           "14 lines and there is room for 4\n  hint: shorten the title, and move the rest to "
           "`subtitle:`\n")


def test_a_title_word_that_cannot_break_is_refused_not_dropped(cli_run, tmp_path):
    deck(tmp_path, "title: Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nlanguage: zxx\n")
    assert refused(cli_run, tmp_path) == (
        1, "deck.yaml:1:8: the title is too long for the back of a poker card: a word in it is "
           "too long for a line of 144 pt, even hyphenated\n  hint: shorten the title, and move "
           "the rest to `subtitle:`\n")


def test_a_label_too_long_for_the_back_is_refused_at_its_line(cli_run, tmp_path):
    # Short enough for the band at 7.5 pt, too long for the back's larger word at 8.5 pt.
    deck(tmp_path, "title: T\nlanguage: zxx\nlabels:\n  prompt: Conversationstartersxx\n")
    assert refused(cli_run, tmp_path, "--card", "mini") == (
        1, "deck.yaml:4:11: the label 'Conversationstartersxx' is too long for the back of a "
           "mini card: a word in it is too long for a line of 90 pt, even hyphenated\n"
           "  hint: set a shorter word under `labels:`, e.g. `prompt: Ask`\n")


@pytest.mark.parametrize("card", ["poker", "mini", "business"])
def test_a_long_title_on_the_back_stays_whole_inside_the_frame(tmp_path, card):
    title = " ".join(LONG_TITLE.split()[:18 if card != "mini" else 9])
    path = tmp_path / "deck.yaml"
    path.write_text(f"title: {title}\nprompts: [How are you?]\n", encoding="utf-8")
    shop = make(path, BuildOptions(formats=("shop",), card=card, bleed=0.0), "deck.yaml")["shop"]
    document = pypdfium2.PdfDocument(shop.data)
    width, height = document[1].get_width(), document[1].get_height()
    back = chars(shop.data, 1)
    assert "".join(c[0] for c in back) == "Ask" + title.replace(" ", "")
    frame = 9 + 0.75  # the frame is drawn 1/8 in inside the cut
    assert all(frame <= left and right <= width - frame
               and frame <= bottom and top <= height - frame
               for _, left, bottom, right, top, _ in back)


# --- fitting, on any words and any room -------------------------------------------------------

WORDS = st.lists(st.sampled_from(["a", "talk", "together", "conversations", "Gesprächsgrundlage",
                                  "x" * 30, "家庭", "—", "well-being"]), min_size=1, max_size=30)


@given(words=WORDS, width=st.floats(20, 300), height=st.floats(5, 200),
       lines=st.integers(1, 6), top=st.floats(7, 20))
def test_fitted_words_are_inside_their_room_or_refused(words, width, height, lines, top):
    fonts = load_fonts()
    room = Room(width, height, tuple(s for s in (top, top * 0.9, 7.0) if s <= top), lines)
    text = " ".join(words)
    try:
        block = fit(text, "bold", fonts, room, "de")
    except TooLong as error:
        assert error.how.startswith(("at 7 pt", "a word in it"))
        return
    assert block.size in room.sizes
    assert len(block.lines) <= lines and block.height <= height + 1e-6
    assert all(line.width <= width + 1e-6 for line in block.lines)
    printed = "".join(p.text for line in block.lines for p in line.pieces)
    assert printed.replace(" ", "").replace("-", "") == text.replace(" ", "").replace("-", "")


@pytest.mark.parametrize("card", sorted(CARDS))
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("rtl", [False, True], ids=["ltr", "rtl"])
def test_the_level_mark_sits_between_the_band_and_the_words_inside_the_safe_margin(
        card, large_print, rtl):
    from cardgen.render.fitting import GAP, SAFE
    from cardgen.render.labels import LEVEL_DOT, level_mark
    from cardgen.render.theme import Theme

    theme = Theme(large_print=large_print)
    width, height = CARDS[card]
    band_bottom = height - SAFE - theme.label * 1.5  # the band and its label are above
    words_top = band_bottom - 2 * GAP  # the card's words start here (render.face)
    dots = level_mark(width, height, theme, rtl)
    assert len(dots) == 3
    for x, y in dots:
        assert SAFE <= x - LEVEL_DOT and x + LEVEL_DOT <= width - SAFE
        assert words_top + 1 <= y - LEVEL_DOT and y + LEVEL_DOT <= band_bottom - 1
    xs = [x for x, _ in dots]
    # Read from where a line starts: left to right, or right to left; at the free end.
    assert xs == sorted(xs, reverse=rtl)
    assert (max(xs) + LEVEL_DOT == width - SAFE) != rtl
    assert (min(xs) - LEVEL_DOT == SAFE) == rtl


def test_an_arabic_label_fits_the_large_print_band_its_latin_twin_fits():
    """One line of Arabic needs room for its letters, not the space its marks take between
    lines: in large print, where the band's label cannot shrink, every Arabic label was
    refused as "too long" though it was narrower than the band."""
    from cardgen.render.labels import band_room
    from cardgen.render.theme import Theme

    room = band_room(CARDS["large"][0], Theme(large_print=True))
    fonts = load_fonts()
    for word, language in (("How to use", "en"), ("طريقة الاستخدام", "ar"), ("بطاقتك", "ar")):
        block = fit(word, "bold", fonts, room, language)
        assert len(block.lines) == 1 and block.lines[0].width <= room.width


def test_a_label_too_tall_for_its_room_says_so_not_that_it_is_too_wide():
    fonts = load_fonts()
    with pytest.raises(TooLong) as raised:
        fit("Ask", "bold", fonts, Room(200.0, 10.0, (14.0,), 1), "en")
    assert raised.value.how == "at 14 pt its line is 18 pt tall and there is room for 10 pt"
