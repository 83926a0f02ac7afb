"""The screen edition read back as HTML: words, links, fonts, colours, errors, and the command line.

What a browser does with the page is in test_html_browser.py; here the page
is parsed as text, so these run without Chromium.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fontTools.ttLib import TTFont

from cardgen.deck.cards import deck_cards
from cardgen.deck.colours import contrast
from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors
from cardgen.products.html import html_edition
from cardgen.products.html.icons import ICONS, icon_symbols
from cardgen.products.html.palette import schemes
from cardgen.products.html.phrases import direction
from cardgen.render.theme import KIND_COLOURS, Theme
from cardgen.text.fonts import load_fonts
from support.fontmaker import garbled_glyph
from support.paths import DATA, DECKS

BUNDLED = sorted(DECKS.glob("*.yaml"))
THEMED = DATA / "themed"


def edition(path: Path, theme: Theme | None = None) -> str:
    from support.cjk import fonts_for_deck

    deck = load_deck(path)
    fonts = load_fonts(fonts_for_deck(path))
    return html_edition(deck, deck_cards(deck), fonts, theme or Theme()).decode("utf-8")


def write_deck(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class _Page(HTMLParser):
    """The page's visible text (scripts and styles aside), its elements and attributes."""

    def __init__(self, page: str):
        super().__init__()
        self.text: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self._skip = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def words(self) -> str:
        return " ".join(" ".join(self.text).split())

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.elements if name == tag]


@pytest.fixture(scope="module")
def english() -> str:
    return edition(DECKS / "harm-reduction.yaml")


def test_the_page_carries_every_card_and_the_intro_in_deck_order(english):
    page = _Page(english)
    words = page.words()
    deck = load_deck(DECKS / "harm-reduction.yaml")
    assert "This deck is for families and friends of people who use drugs." in words
    assert (
        "Instead of If you use again, you’re out of this house. Try I want you safe and close."
        in words
    )
    assert "“How long it takes is how long it takes.” — Andrew Tatarsky" in words
    numbers = [attrs["data-number"] for attrs in page.all("article")]
    assert numbers == [str(n) for n in range(1, 74)]  # 32 + 19 + 20 + 2, in deck order
    assert sum(deck.counts().values()) == 73
    headings = re.findall(r'<h3 id="([\w-]+)-heading">', english)
    assert headings == ["kind-instructions", "kind-prompt", "kind-reframe", "kind-quote", "help"]


def test_quotations_are_blockquotes_with_who_said_them(english):
    assert (
        '<figure class="quotation"><blockquote class="main">“How long it takes is how long it '
        'takes.”</blockquote><figcaption><span class="by">— Andrew Tatarsky</span>, '
        '<cite class="source">Harm Reduction event, NoBox Philippines, August 2015</cite>'
        "</figcaption></figure>"
    ) in english


def test_a_helpline_without_a_number_reads_its_name_as_main(tmp_path):
    page = edition(
        write_deck(tmp_path, "title: T\nprompts:\n  - Hi?\nresources:\n  - name: Café\n")
    )
    assert '<h4 class="name main">Café</h4>' in page


def test_a_role_the_screen_does_not_know_is_a_bug_not_a_silent_gap(monkeypatch):
    from types import SimpleNamespace

    from cardgen.products.html import roles

    deck = load_deck(DECKS / "self-care.yaml")
    new = SimpleNamespace(role="new", text="x", key="text", label=False)
    monkeypatch.setattr(roles, "pieces", lambda card, deck: (new,) if card.item else ())
    with pytest.raises(ValueError, match=r"no look in ROLES for \['new'\]"):
        html_edition(deck, deck_cards(deck), load_fonts(), Theme())


def test_only_and_tag_choose_the_cards_as_for_print():
    deck = load_deck(DECKS / "harm-reduction.yaml")
    cards = deck_cards(deck, frozenset({"prompt", "instructions"}), "safety")
    page = _Page(html_edition(deck, cards, load_fonts(), Theme()).decode())
    kinds = {attrs["data-kind"] for attrs in page.all("article")}
    assert kinds == {"prompt"}
    assert len(page.all("article")) == 4  # the four prompts tagged `safety`
    assert not [a for a in page.all("a") if a.get("class") == "help-link"]  # no helplines, no Help


LOOKALIKES = (
    "title: T\nprompts:\n"
    "  - {id: a b, text: One}\n  - {id: a-b, text: Two}\n  - {id: a/b, text: Three}\n"
    "  - {id: '7', text: Four}\n  - {id: 'x.y', text: Five}\n"
)


def card_ids(page: str) -> dict[str, str]:
    """Each card's number (its deck id) -> its element's id on the page."""
    return {attrs["data-number"]: attrs["id"] for attrs in _Page(page).all("article")}


def test_card_ids_that_make_the_same_slug_get_different_ids_that_stay_put(tmp_path):
    ids = card_ids(edition(write_deck(tmp_path, LOOKALIKES)))
    assert len(set(ids.values())) == 5
    # An id that is already a slug, or whose slug no other card has, keeps its old id.
    assert (ids["a-b"], ids["7"], ids["x.y"]) == ("card-a-b", "card-7", "card-x-y")
    assert re.fullmatch(r"card-a-b-[0-9a-f]{6}", ids["a b"])
    assert re.fullmatch(r"card-a-b-[0-9a-f]{6}", ids["a/b"])
    # The same deck gives the same ids, and so does the deck with its cards moved.
    assert card_ids(edition(write_deck(tmp_path, LOOKALIKES))) == ids
    lines = LOOKALIKES.splitlines()
    moved = "\n".join([*lines[:2], *reversed(lines[2:])]) + "\n"
    assert card_ids(edition(write_deck(tmp_path, moved))) == ids


def test_phone_numbers_are_tel_links_and_addresses_are_links(english):
    links = [attrs["href"] for attrs in _Page(english).all("a")]
    assert "tel:+18006624357" in links and "tel:988" in links
    assert "https://www.samhsa.gov/find-help/helplines/national-helpline" in links
    assert "https://988lifeline.org" in links
    assert "#help" in links


@pytest.mark.parametrize(
    "fields, shown, href",
    [
        ("phone: 1-800-273-TALK (8255)", "1-800-273-TALK (8255)", "tel:+18002738255"),
        ("phone: 1-800-BOX4YOU", "1-800-BOX4YOU", "tel:+18002694968"),
        ("phone: 1-800-662-4357 ext. 12", "1-800-662-4357 ext. 12", "tel:+18006624357;ext=12"),
        ("phone: +44 (0)300 123 6600", "+44 (0)300 123 6600", "tel:+443001236600"),
        ("phone: 18006624357", "1-800-662-4357", "tel:+18006624357"),
        ("sms: 741741\n    sms_body: HOME", "Text HOME to 741741", "sms:741741?&body=HOME"),
        ("url: tel:18005551212", "tel:18005551212", "tel:+18005551212"),
        ("url: mailto:help@samhsa.gov", "mailto:help@samhsa.gov", "mailto:help@samhsa.gov"),
    ],
)
def test_every_link_is_the_number_as_dialled_never_the_digits_of_the_field(
        tmp_path, fields, shown, href):
    path = write_deck(tmp_path, f"title: T\nregion: US\nprompts: [Hi?]\nresources:\n"
                                f"  - name: Line\n    {fields}\n")
    page = _Page(edition(path))
    links = [attrs for tag, attrs in page.elements if tag == "a" and attrs.get("href") == href]
    assert links, [attrs.get("href") for tag, attrs in page.elements if tag == "a"]
    assert shown.replace(" ", "") in page.words().replace(" ", "")  # an address is in pieces


def test_what_a_deck_writer_types_is_shown_never_run(tmp_path):
    path = write_deck(
        tmp_path,
        'title: T <b>\nprompts:\n  - "What about <script>alert(1)</script> & *this*?"\n'
        # (A javascript: address is refused by the loader; one that tries to end the
        # attribute it is put in must be shown as text.)
        "resources:\n  - name: X\n    url: 'https://example.org/?\"><script>alert(2)</script>'\n",
    )
    page = edition(path)
    assert (
        "<script>alert" not in page
        and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <em>this</em>" in page
    )
    assert 'href="javascript' not in page
    assert "<title>T &lt;b&gt;</title>" in page


def test_the_page_loads_nothing_from_outside(english):
    page = _Page(english)
    policy = next(
        attrs["content"]
        for attrs in page.all("meta")
        if attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy.startswith("default-src 'none';") and "font-src data:;" in policy
    assert not page.all("link") and not page.all("iframe")
    sources = [
        attrs["src"] for tag in ("img", "script") for attrs in page.all(tag) if "src" in attrs
    ]
    assert all(source.startswith("data:") for source in sources)
    assert not re.search(r"url\((?!data:)", english)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_decks_make_pages_small_enough_to_email(path):
    assert len(edition(path).encode("utf-8")) < 3_000_000


def test_the_same_deck_gives_the_same_bytes():
    assert edition(DECKS / "self-care.yaml") == edition(DECKS / "self-care.yaml")


def _fonts(page: str) -> dict[tuple[str, str, str], set[int]]:
    found = {}
    for family, weight, style, data in re.findall(
        r'font-family:"([\w-]+)";font-weight:(\d+);font-style:(\w+);.*?base64,([A-Za-z0-9+/=]+)',
        page,
    ):
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font.flavor == "woff2"
        found[(family, weight, style)] = set(font.getBestCmap())
    return found


def test_embedded_fonts_draw_every_character_of_the_page(english):
    fonts = _fonts(english)
    assert set(fonts) == {
        ("cardgen-1", weight, style) for weight in ("400", "700") for style in ("normal", "italic")
    }  # Atkinson has every letter: no DejaVu
    shown = set(_Page(english).words()) - {" "}
    assert {
        char for char in shown if ord(char) not in fonts[("cardgen-1", "400", "normal")]
    } == set()
    assert len(fonts[("cardgen-1", "400", "normal")]) < 200  # cut down to the deck, not whole fonts
    assert '--fonts:"cardgen-1", sans-serif' in english


def test_dejavu_carries_only_what_atkinson_lacks(tmp_path):
    page = edition(write_deck(tmp_path, "title: T\nprompts:\n  - Step 1 → step 2\n"))
    fonts = _fonts(page)
    assert fonts[("cardgen-2", "400", "normal")] == {ord("→")}
    assert ord("S") in fonts[("cardgen-1", "400", "normal")]
    assert '--fonts:"cardgen-1", "cardgen-2", sans-serif' in page


def test_vietnamese_is_set_in_dejavu_first_as_in_print(tmp_path):
    page = edition(
        write_deck(tmp_path, "title: Trò chuyện\nlanguage: vi\nprompts:\n  - Bạn thế nào?\n")
    )
    fonts = _fonts(page)
    first = fonts[("cardgen-1", "400", "normal")]
    assert ord("ế") in first and ord("B") in first  # the whole text in one design
    assert not any(family == "cardgen-2" for family, _, _ in fonts)


def test_a_character_no_font_has_is_an_error_at_its_place(tmp_path):
    path = write_deck(tmp_path, "title: T\nprompts:\n  - text: Smile \U0001f642\n")
    deck = load_deck(path)
    with pytest.raises(DeckErrors) as caught:
        html_edition(deck, deck_cards(deck), load_fonts(), Theme())
    assert str(caught.value) == (
        f"{path}:3:11: prompt 1: no font can draw '\U0001f642' (U+1F642); "
        "tried Atkinson Hyperlegible, "
        "DejaVu Sans, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans Devanagari, Noto Sans "
        "Bengali\n  hint: remove the character, or add a font that has it with --font FILE.ttf"
    )


def test_language_sets_lang_dir_words_and_quotation_marks(tmp_path):
    spanish = edition(DECKS / "harm-reduction.es.yaml")
    assert '<html lang="es" dir="ltr">' in spanish and ">Sacar una carta</button>" in spanish
    french = edition(
        write_deck(tmp_path, "title: T\nlanguage: fr\nquotes:\n  - text: Bonjour\n    by: Moi\n")
    )
    assert "« Bonjour »" in _Page(french).words() and ">Tirer une carte</button>" in french
    hebrew = edition(write_deck(tmp_path, "title: שיחות\nlanguage: he\nprompts:\n  - מה שלומך?\n"))
    assert '<html lang="he" dir="rtl">' in hebrew and "מה שלומך?" in hebrew
    assert ">שלפו כרטיס</button>" in hebrew and 'lang="en"' not in hebrew
    swahili = edition(
        write_deck(tmp_path, "title: Mazungumzo\nlanguage: sw\nprompts:\n  - Habari?\n"))
    # Words the page has no Swahili for are English, and say so to screen readers (WCAG 3.1.2).
    assert '<span lang="en">Draw a card</span></button>' in swahili
    assert '"lang": "en"' in swahili and 'lang="en"' not in spanish
    assert direction("ar") == direction("ku-Arab") == "rtl" and direction("pt-BR") == "ltr"


def test_a_decks_own_words_replace_the_pages(tmp_path):
    page = edition(write_deck(tmp_path, "title: T\nlanguage: es\nlabels:\n  draw: Saca una"
                                        "\nprompts:\n  - ¿Qué tal?\n"))
    assert ">Saca una</button>" in page and ">Anterior</button>" in page


def test_colours_keep_their_contrast_in_both_schemes():
    for theme in (Theme(), Theme(mono=True)):
        for scheme in schemes(theme):
            assert (
                contrast(scheme.ink, scheme.surface) >= 7
                and contrast(scheme.muted, scheme.surface) >= 4.5
            )
            assert contrast(scheme.ink, scheme.page) >= 7
            for kind in KIND_COLOURS:
                assert contrast("#FFFFFF", scheme.bands[kind]) >= 4.5, (kind, scheme.bands[kind])
                assert contrast(scheme.kind_text[kind], scheme.surface) >= 4.5, kind
    light, dark = schemes(Theme())
    assert light.bands == KIND_COLOURS  # the same colours as on paper
    assert all(contrast(dark.kind_text[kind], dark.surface) >= 7 for kind in KIND_COLOURS)


def test_icons_are_well_formed_svg_for_every_kind():
    symbols = ElementTree.fromstring(icon_symbols(ICONS))
    ids = {symbol.get("id") for symbol in symbols}
    assert ids >= {f"icon-{kind}" for kind in (*KIND_COLOURS, "practice")}
    assert all(len(symbol) >= 1 for symbol in symbols)


def test_a_logo_is_carried_inside_the_page_beside_the_title(tmp_path):
    shutil.copy(THEMED / "logo.png", tmp_path / "logo.png")
    deck = load_deck(write_deck(tmp_path, "title: T\ntheme:\n  logo: logo.png\nprompts:\n"
                                          "  - Hi?\n"))
    page = html_edition(deck, deck_cards(deck), load_fonts(), Theme(logo=deck.theme.logo))
    source = "data:image/png;base64," + base64.b64encode(deck.theme.logo.data).decode()
    assert (f'<header class="masthead"><img class="logo" src="{source}" alt=""><h1>T</h1>'
            in page.decode())


# What SVG editors write before the <svg> element: the cards and the box read them all.
SVG_LOGOS = sorted((DATA / "logos").glob("*.svg"))


@pytest.mark.parametrize("logo", SVG_LOGOS, ids=lambda path: path.stem)
def test_an_svg_logo_the_cards_read_is_in_the_page_as_its_file_is(tmp_path, cli_run, logo):
    shutil.copy(logo, tmp_path / "logo.svg")
    write_deck(tmp_path, "title: T\ntheme:\n  logo: logo.svg\nprompts:\n  - Hi?\n")
    result = cli_run("build", "deck.yaml", "--format", "cards", "--format", "box",
                     "--format", "html", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "deck-box.pdf", "deck-cards.pdf", "deck.html"]
    page = (tmp_path / "out" / "deck.html").read_text(encoding="utf-8")
    data = base64.b64encode((tmp_path / "logo.svg").read_bytes()).decode()
    assert f'<img class="logo" src="data:image/svg+xml;base64,{data}" alt="">' in page


def test_large_print_scales_the_whole_page():
    assert '<html lang="en" dir="ltr" class="large-print">' in edition(
        DECKS / "self-care.yaml", Theme(large_print=True)
    )


# --- the command line ------------------------------------------------------------


def test_build_format_html_writes_one_page_and_nothing_else(tmp_path, cli_run):
    result = cli_run(
        "build", DECKS / "harm-reduction.yaml", "--format", "html", "-o", tmp_path / "out"
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"wrote {tmp_path / 'out' / 'harm-reduction.html'} (1 page, 73 cards): one page "
        "for screens and screen readers; opens offline in any browser\n"
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["harm-reduction.html"]


def test_build_without_options_still_writes_cards_and_booklet_only(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text("title: T\nprompts:\n  - How are you?\n")
    assert cli_run("build", cwd=tmp_path).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        "mine-booklet.pdf",
        "mine-cards.pdf",
    ]


def test_format_html_in_cardgen_yaml(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text("title: T\nprompts:\n  - How are you?\n")
    (tmp_path / "cardgen.yaml").write_text("format: [cards, html]\n")
    result = cli_run("build", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        "mine-cards.pdf",
        "mine.html",
    ]


def test_a_bad_character_fails_the_html_build_and_writes_nothing(tmp_path, cli_run):
    deck = write_deck(tmp_path, "title: T\nprompts:\n  - text: Smile \U0001f642\n")
    result = cli_run("build", deck, "--format", "html", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output.startswith(f"{deck}:3:11: prompt 1: no font can draw")
    assert not (tmp_path / "out").exists()


def test_a_glyph_the_screen_edition_cannot_cut_fails_the_whole_build(tmp_path, cli_run):
    """A glyph garbled past what the font's check reads (it checks the characters every page
    carries) is found when the page is made: one message at the font's file, no file written."""
    garbled_glyph(tmp_path / "bad.ttf", "ß")
    deck = write_deck(tmp_path, "title: T\nprompts:\n  - Straße?\n")
    result = cli_run("build", deck, "--font", "bad.ttf", "--format", "cards", "--format", "html",
                     "-o", tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    told = [line for line in result.stderr.splitlines() if not line.startswith("note: ")]
    assert told == ["bad.ttf: not a font cardgen can use (damaged: some of its glyphs are garbled)"]
    assert not (tmp_path / "out").exists()


def test_levels_are_offered_only_in_a_deck_that_sets_them(tmp_path):
    def page(text: str) -> str:
        deck_file = tmp_path / "d.yaml"
        deck_file.write_text(text, encoding="utf-8")
        deck = load_deck(deck_file)
        return html_edition(deck, deck_cards(deck), load_fonts(), Theme()).decode("utf-8")

    plain = page("title: T\nprompts:\n  - How are you?\n  - What helps?\n")
    assert 'data-level="' not in plain and 'name="level"' not in plain
    levelled = page("title: T\nprompts:\n  - How are you?\n  - {text: What helps?, level: 3}\n"
                    "region: US\nresources:\n  - {name: Night Line, phone: '988'}\n")
    assert levelled.count('name="level"') == 3
    assert levelled.count('data-level="1"') == 1 and levelled.count('data-level="3"') == 1
    assert 'data-level="' not in levelled.split('id="help"')[1]  # helplines: every level


def test_an_address_on_screen_breaks_only_where_it_breaks_on_paper():
    from cardgen.products.html.text import address

    shown = address("https://www.samhsa.gov/find-help/helplines?a=1&b=2")
    pieces = re.findall(r'<span class="nobr">([^<]*)</span>', shown)
    assert "".join(pieces) == "https://www.samhsa.gov/find-help/helplines?a=1&amp;b=2"
    # after a slash, before . ? & =; never after its own hyphen, never after https://
    assert pieces[:4] == ["https://www", ".samhsa", ".gov/", "find-help/"]
    assert all(not piece.endswith("-") for piece in pieces)
    assert shown.count("<wbr>") == len(pieces) - 1
