"""The booklet's own pages around the entries: the cover (title, subtitle, group, the kinds'
icons or a logo), the contents of a long booklet, and the back cover with the helplines
and the colophon; too long for them is refused at its line."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from cardgen.deck.cards import deck_cards
from cardgen.deck.language import table
from cardgen.deck.model import load_deck
from cardgen.errors import DeckError
from cardgen.render.booklet import lay_out
from cardgen.render.pages import Icon, Rule, Text
from cardgen.render.setter import SPINE
from cardgen.render.theme import Theme
from cardgen.text.fonts import load_fonts
from support.booklets import (
    FONTS,
    QUARTER,
    RESOURCE,
    SMALL,
    build,
    find,
    pages_text,
    words,
    write,
)
from support.paths import DECKS

MADE_WITH = table("en")["made"]  # the colophon of an English deck


def font_sizes_of(data: bytes, page: int, text: str) -> list[float]:
    """The sizes `text` is set at on one page."""
    found = []

    def visit(shown, cm, tm, font, size):
        if text in shown:
            found.append(round(size * (tm[0] ** 2 + tm[1] ** 2) ** 0.5, 2))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return found


def test_covers_and_colophon(bundled):
    deck, data, _ = bundled
    pages = pages_text(data)
    cover, back = words(pages[0]), words(pages[-1])
    # The cover reads like a deck's box: title, subtitle, the group's name.
    assert cover == words(deck.title) + words(deck.subtitle) + words(deck.author)
    made = deck.labels["made"]  # "Made with cardgen", in the deck's language
    for needed in (deck.license, made, deck.version):
        assert find(words(needed), back) >= 0, needed
    # "Made with cardgen" on the back cover only, small, and last.
    assert [i for i, text in enumerate(pages) if made in text] == [len(pages) - 1]
    assert back[-len(words(made)):] == words(made)
    assert font_sizes_of(data, len(pages) - 1, made) == [9.0]


def test_contents_page_only_in_booklets_over_twelve_pages(tmp_path):
    big = load_deck(DECKS / "harm-reduction.yaml")
    data, count = build(big)
    assert count > 12
    pages = pages_text(data)
    contents = [i for i, text in enumerate(pages) if text.startswith("Contents")]
    assert contents == [2]  # after the cover and the one-page intro
    listed = dict(re.findall(r"^(.+?) ?(\d+)$", pages[2], re.M))
    ask = int(listed["Ask"])
    assert pages[ask - 1].startswith(big.labels["prompt"])  # the number leads to the section
    small, count = build(load_deck(write(tmp_path, SMALL)))
    assert count <= 12
    assert not any(text.startswith("Contents") for text in pages_text(small))


@pytest.mark.parametrize("impose", ["none", "pocket"])
def test_a_tag_builds_back_cover_carries_every_helpline(impose):
    """Where a harm-reduction pamphlet puts them: found without opening the booklet."""
    import pypdfium2

    from cardgen.products.build import make
    from cardgen.products.options import BuildOptions

    path = DECKS / "harm-reduction.yaml"
    deck = load_deck(path)
    product = make(path, BuildOptions(formats=("booklet",), tag="hope", impose=impose))["booklet"]
    document = pypdfium2.PdfDocument(product.data)
    if impose == "none":
        back = document[len(document) - 1].get_textpage().get_text_range()
    else:  # the back cover is top left on the first sheet's front
        back = document[0].get_textpage().get_text_bounded(0, 396, 306, 792)
    assert deck.entries["resource"]
    for helpline in deck.entries["resource"]:
        assert helpline.name in back
        assert helpline.phone in back
    assert words(back)[-len(words(MADE_WITH)):] == words(MADE_WITH)  # the colophon stays last


def test_helplines_that_do_not_fit_the_back_cover_are_pointed_to(tmp_path):
    lines = "".join(f"  - name: Helpline number {n}\n    phone: 1-800-662-43{n:02d}\n"
                    for n in range(1, 13))
    data, _ = build(load_deck(write(tmp_path, SMALL + "region: US\nresources:\n" + lines)))
    pages = pages_text(data)
    back = pages[-1]
    assert "Helpline number 1\n" in back and "1-800-662-4301" in back
    assert "Helpline number 12" not in back
    page = int(re.search(r"More help on page (\d+)", back).group(1))
    assert pages[page - 1].startswith("Help\n")
    assert "Helpline number 12" in pages[page - 1] + pages[page]


def test_the_cover_takes_a_logo_in_place_of_the_icons(tmp_path):
    """The hook `theme: logo:` will use: items placed in `logo_box` replace the icons."""
    from cardgen.render.covers import cover, logo_box
    from cardgen.render.pages import Icon, Rule
    from cardgen.render.setter import Setter

    setter = Setter(load_deck(write(tmp_path, SMALL)), FONTS, Theme(), QUARTER)
    x, y, width, height = logo_box(setter, setter.spine)
    assert setter.margin < y and y + height <= setter.height - setter.margin
    plain = cover(setter, setter.spine)
    assert [item.kind for item in plain if isinstance(item, Icon)] == ["prompt", "reframe",
                                                                      "quote"]
    logo = (Rule(x, y, x + width, y + height, Theme().ink),)
    with_logo = cover(setter, setter.spine, logo)
    assert not [item for item in with_logo if isinstance(item, Icon)]
    assert with_logo[0] == logo[0]
    assert [i for i in with_logo if not isinstance(i, Rule)] == \
        [i for i in plain if not isinstance(i, (Icon, Rule))]


LONG = " ".join(["words"] * 200)


@pytest.mark.parametrize("key, line", [("subtitle", 2), ("author", 3)])
def test_a_long_subtitle_or_author_is_named_not_the_title(tmp_path, key, line):
    """They crowd the title off the cover; the message must send the editor to them."""
    text = SMALL.replace({"subtitle": "A tiny test deck", "author": "Test Author"}[key], LONG)
    with pytest.raises(DeckError) as caught:
        build(load_deck(write(tmp_path, text)))
    assert str(caught.value) == (
        f"{tmp_path / 'deck.yaml'}:{line}:{len(key) + 3}: the {key} is too long for the cover "
        f"of a quarter-letter booklet: it leaves no room for the title\n  hint: shorten the {key}")


@pytest.mark.parametrize("helplines, licence", [("", " ".join([LONG] * 3)), (RESOURCE, LONG)])
def test_a_colophon_too_long_for_the_back_cover_is_refused_at_its_line(tmp_path, helplines,
                                                                       licence):
    """A long licence ran up the back cover over the helplines and past the cut."""
    text = SMALL.replace("license: CC0", f"license: {licence}") + helplines
    with pytest.raises(DeckError) as caught:
        build(load_deck(write(tmp_path, text)))
    assert str(caught.value) == (
        f"{tmp_path / 'deck.yaml'}:4:10: the license is too long for the back cover of a "
        "quarter-letter booklet\n  hint: shorten the license")


# --- a right-to-left booklet's covers read from the right ---------------------------------

ARABIC = DECKS / "harm-reduction.ar.yaml"
SLACK = 0.01


@pytest.fixture(scope="module")
def booklet():
    deck = load_deck(ARABIC)
    return lay_out(deck, deck_cards(deck), load_fonts(), Theme(), QUARTER)


def _right(text: Text) -> float:
    block = text.block
    return text.x + (block.width if block.width is not None else block.lines[0].width)


def test_the_cover_reads_from_the_right(booklet):
    cover = booklet.pages[0]
    icons = [item for item in cover.items if isinstance(item, Icon)]
    # The first kind's icon (the prompts') is the rightmost, where the words start: at
    # the spine's margin, the cover's spine being on its right.
    assert [icon.kind for icon in sorted(icons, key=lambda i: -i.x)] == [
        "prompt", "reframe", "quote", "resource"]
    start = booklet.width - SPINE
    assert icons[0].x + icons[0].size == pytest.approx(start, abs=SLACK)
    [rule] = [item for item in cover.items if isinstance(item, Rule)]
    assert max(rule.x0, rule.x1) == pytest.approx(start, abs=SLACK)
    assert min(rule.x0, rule.x1) > booklet.width / 2  # under the title's first words
    title = cover.texts[0]
    assert title.block.lines[0].rtl
    assert title.x + title.block.width == pytest.approx(start, abs=SLACK)


def test_english_lines_on_a_right_to_left_page_line_up_on_the_right(booklet):
    """The author, licence and "Made with cardgen" are English in an Arabic booklet: on the
    back cover and the cover they end where the Arabic lines end, at the spine's side."""
    for page in (booklet.pages[0], booklet.pages[-1]):
        english = [t for t in page.texts if t.block.lines and not t.block.lines[0].rtl]
        assert english, page.kind
        for text in english:
            line = text.block.lines[0]
            assert text.x + text.block.offset(line) + line.width == pytest.approx(
                _right(text), abs=SLACK), line
    # The colophon: the title in Arabic, then author, licence, version and "Made with".
    colophon = [t for t in booklet.pages[-1].texts if t.top <= min(
        t.top for t in booklet.pages[-1].texts if "cardgen contributors" in t.words) + 30]
    assert len(colophon) == 5 and colophon[0].block.lines[0].rtl
    assert {round(t.x + t.block.offset(t.block.lines[0]) + t.block.lines[0].width, 1)
            for t in colophon} == {round(_right(colophon[0]), 1)}
