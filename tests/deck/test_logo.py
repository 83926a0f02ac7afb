"""A deck's logo read and checked once: an SVG is drawn once per build, and once per change of
its file in the studio. The theme's other checks of a logo are in test_theme.py, the logo in
each output in tests/render/test_logo.py and tests/products/test_html.py."""

from __future__ import annotations

import pytest
import svglib.svglib

from cardgen.deck.model import load_deck
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
