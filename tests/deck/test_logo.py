"""A deck's logo read and checked once: an SVG with more shapes than a logo may have is refused
before svglib reads it (counted in its bytes), or while svglib draws it when it makes svglib
work more than its elements show (<use>, clip-path, deep nesting); an SVG is drawn once per
build, and once per change of its file in the studio. The theme's other checks of a logo are
in test_theme.py, the logo in each output in tests/render/test_logo.py and
tests/products/test_html.py."""

from __future__ import annotations

import pytest
import svglib.svglib

import cardgen.deck.logo
from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from support.studiokit import DECK, card_words, serving

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
      'width="100" height="60">{shapes}</svg>'
RECT = '<rect x="1" y="2" width="3" height="4" fill="#0B6E4F"/>'
DECK_WITH_LOGO = "title: T\nprompts:\n  - How are you?\ntheme:\n  logo: logo.svg\n"
HINT = ("  hint: simplify it in your SVG editor (in Inkscape, Path > Union joins shapes of one "
        "colour into one), or save it as PNG")


def svg(shapes: str, note: str = "") -> str:
    """An SVG logo of `shapes`; a `note` (a <desc>, one more element) makes its bytes, and so
    its digest, its own."""
    return SVG.format(shapes=(f"<desc>{note}</desc>" if note else "") + shapes)


def deck_with(tmp_path, logo: str):
    (tmp_path / "logo.svg").write_text(logo, encoding="utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(DECK_WITH_LOGO, encoding="utf-8")
    return path


def error_of(path) -> str:
    with pytest.raises(DeckErrors) as raised:
        load_deck(path, "d.yaml")
    return str(raised.value)


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    """Every time svglib parses an SVG file, one more item."""
    calls: list[int] = []
    parse = svglib.svglib.load_svg_file

    def counted(*args, **kwargs):
        calls.append(1)
        return parse(*args, **kwargs)

    monkeypatch.setattr(svglib.svglib, "load_svg_file", counted)
    return calls


def test_an_svg_with_more_shapes_than_a_logo_may_have_is_refused_before_svglib_reads_it(
        tmp_path, parses):
    path = deck_with(tmp_path, svg(RECT * 20_001))
    assert error_of(path) == ("d.yaml:5:9: the logo 'logo.svg' has 20,001 shapes; a logo may "
                              "have at most 20,000\n" + HINT)
    assert parses == []


def test_a_logo_of_200000_shapes_fails_the_build_at_its_line_and_writes_nothing(tmp_path,
                                                                               cli_run):
    deck_with(tmp_path, svg('<rect width="3" height="4"/>' * 200_000))  # 5.6 MB, under 10 MB
    result = cli_run("build", "d.yaml", "-o", "out", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, "d.yaml:5:9: the logo 'logo.svg' has 200,000 shapes; a logo may have at most "
           "20,000\n" + HINT + "\n")
    assert not (tmp_path / "out").exists()


def test_a_logo_of_as_many_shapes_as_it_may_have_is_read_and_one_more_is_refused(
        tmp_path, monkeypatch):
    monkeypatch.setattr(cardgen.deck.logo, "MAX_SHAPES", 100)
    logo = load_deck(deck_with(tmp_path, svg(RECT * 99, "at the budget"))).theme.logo
    assert (logo.kind, logo.width, logo.height) == ("svg", 75, 45)  # 100 x 60 CSS pixels
    assert error_of(deck_with(tmp_path, svg(RECT * 100, "at the budget"))) == (
        "d.yaml:5:9: the logo 'logo.svg' has 101 shapes; a logo may have at most 100\n" + HINT)


@pytest.mark.parametrize("repeats", [
    # 20 rectangles, drawn 10 times more by <use>: 243 shapes drawn from 33 elements
    '<defs><g id="a">' + RECT * 20 + "</g></defs>" + '<use xlink:href="#a"/>' * 10,
    # <use> of a <use>: 2 x 3 x 30
    '<defs><g id="a">' + RECT * 30 + '</g><g id="b">' + '<use href="#a"/>' * 3 + "</g></defs>"
    + '<use href="#b"/>' * 2,
    # a clip path of 60 rectangles, whose shapes svglib joins one by one for each user
    '<defs><clipPath id="c">' + RECT * 60 + "</clipPath></defs>"
    + '<rect width="9" height="9" clip-path="url(#c)"/>',
    # a clip path of a <use> of 30 rectangles, for two users
    '<defs><g id="a">' + RECT * 30 + '</g><clipPath id="c"><use href="#a"/></clipPath></defs>'
    + '<rect width="9" height="9" clip-path="url(#c)"/>' * 2,
    # 40 rectangles in 10 <svg>s, one in the other: svglib walks through each one's all
    "<svg>" * 10 + RECT * 40 + "</svg>" * 10,
    # 20 rectangles in 30 groups: svglib looks each one's style up through all of them
    "<g>" * 30 + RECT * 20 + "</g>" * 30,
], ids=["use", "nested-use", "clip-path", "clip-path-of-a-use", "nested-svg", "deep-groups"])
def test_an_svg_that_takes_more_drawing_than_the_budget_is_stopped_while_it_is_drawn(
        tmp_path, monkeypatch, repeats):
    monkeypatch.setattr(cardgen.deck.logo, "MAX_SHAPES", 100)
    path = deck_with(tmp_path, svg(repeats, f"repeats {len(repeats)}"))
    assert error_of(path) == (
        "d.yaml:5:9: the logo 'logo.svg' takes as long to draw as more than 100 shapes (it "
        "repeats shapes with <use> or a clip-path, or nests them deep in groups); a logo may "
        "have at most 100\n" + HINT)


def test_a_use_that_refers_to_itself_is_not_counted_forever(tmp_path, monkeypatch):
    monkeypatch.setattr(cardgen.deck.logo, "MAX_SHAPES", 100)
    looped = '<g id="a">' + RECT * 3 + '<use href="#a"/></g>'
    assert load_deck(deck_with(tmp_path, svg(looped, "looped"))).theme.logo.kind == "svg"


def test_an_svg_logo_is_parsed_once_for_every_output_of_a_build(tmp_path, parses):
    path = deck_with(tmp_path, svg(RECT * 3, "once per build"))
    products = make(path, BuildOptions(formats=("cards", "booklet", "box", "shop", "html"),
                                       mono=True))
    assert all(products[format_].data for format_ in ("cards", "booklet", "box", "shop", "html"))
    assert parses == [1]


def test_a_deck_read_again_reuses_its_logo_until_the_logo_file_changes(tmp_path, parses):
    path = deck_with(tmp_path, svg(RECT * 3, "read again"))
    first, again = load_deck(path).theme.logo, load_deck(path).theme.logo
    assert again.drawing is first.drawing and parses == [1]
    (tmp_path / "logo.svg").write_text(svg(RECT * 4, "read again"), encoding="utf-8")
    changed = load_deck(path).theme.logo
    assert changed.digest != first.digest and parses == [1, 1]
    assert len(changed.drawing.contents[0].contents) == 4  # the rectangles, in a group


def test_the_studio_parses_the_logo_once_per_change_of_its_file(tmp_path, parses):
    with serving(tmp_path) as running:
        logo = running.deck.with_name("logo.svg")
        logo.write_text(svg(RECT * 3, "in the studio"), encoding="utf-8")
        events = running.events()
        for edit in ("talked about more", "talked about often", "talked about lately"):
            running.deck.write_text(DECK.replace("talked about more", edit)
                                    + "theme:\n  logo: logo.svg\n", encoding="utf-8")
            events.until(lambda view, edit=edit: edit in card_words(view) and not view["errors"])
        assert parses == [1]  # three looks at the deck, one logo
        logo.write_text(svg(RECT * 4, "in the studio"), encoding="utf-8")
        events.until(lambda view: len(parses) == 2 and not view["errors"])
        events.close()
    assert parses == [1, 1]


@pytest.mark.parametrize("size", ["1e30", "1e308"])
def test_an_svg_that_says_it_is_larger_than_any_page_is_refused_at_its_line(tmp_path, size,
                                                                            cli_run):
    # Its size overflowed the numbers a PDF can hold: every PDF build ended in a traceback.
    logo = SVG.replace('width="100" height="60"', f'width="{size}" height="{size}"')
    path = deck_with(tmp_path, logo.format(shapes=RECT))
    assert error_of(path) == (
        "d.yaml:5:9: the logo 'logo.svg' says it is more than 5.08 km wide or tall\n"
        "  hint: give its <svg> element its real size (a viewBox, or a width and a height such "
        "as 50mm), as your SVG editor saves it")
    result = cli_run("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
