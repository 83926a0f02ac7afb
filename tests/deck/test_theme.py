"""A deck's own look, `theme:`: colours held to 4.5:1 at their line, with the nearest colour that
passes, and a logo file refused at its line when it is missing, not an image or too large."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors
from support.paths import DATA

THEMED = DATA / "themed"
PROMPTS = "prompts:\n  - How are you?\n"


def errors_of(tmp_path, theme: str) -> str:
    path = tmp_path / "deck.yaml"
    path.write_text("title: T\ntheme:\n" + theme + PROMPTS, encoding="utf-8")
    with pytest.raises(DeckErrors) as raised:
        load_deck(path, "deck.yaml")
    return str(raised.value)


def test_the_bundled_themed_deck_reads_its_colours_and_logo():
    deck = load_deck(THEMED / "riverside.yaml")
    assert dict(deck.theme.colours) == {"prompt": "#0B6E4F", "reframe": "#7A3E9D",
                                        "resource": "#B03A2E"}
    assert deck.theme.logo.kind == "svg" and deck.theme.logo.name == "logo.svg"
    # 200 x 120 CSS pixels of 3/4 pt each: the size it would have in a browser.
    assert (deck.theme.logo.width, deck.theme.logo.height) == (150, 90)
    assert deck.short_title == "Riverside"


def test_colors_is_accepted_and_short_colours_are_read(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text("title: T\ntheme:\n  colors:\n    quote: '#036'\n" + PROMPTS, encoding="utf-8")
    assert load_deck(path).theme.colours == (("quote", "#003366"),)


def test_a_colour_too_light_to_read_is_refused_at_its_line_with_one_that_reads(tmp_path):
    assert errors_of(tmp_path, '  colours:\n    prompt: "#7FD1B9"\n') == (
        'deck.yaml:4:13: the prompt colour #7FD1B9 has a contrast of 1.7:1 with white; white '
        "words on it, and it as words on white, need 4.5:1\n"
        '  hint: use "#30846C", the nearest colour of the same hue that reads at 4.5:1')


@pytest.mark.parametrize("theme,message", [
    ('  colours:\n    prompt: "teal"\n',
     'deck.yaml:4:13: `teal` is not a colour\n  hint: write it as # and six hex digits, in '
     'quotes, such as "#0B6E4F"'),
    ("  colours:\n    prompt: #0B6E4F\n",
     "deck.yaml:4:12: `prompt` has no colour\n  hint: a # starts a comment in YAML: put the "
     'colour in quotes, such as `prompt: "#0B6E4F"`'),
    ('  colours:\n    promt: "#0B6E4F"\n',
     "deck.yaml:4:5: `promt`: unknown key; did you mean `prompt`?"),
    ('  colours:\n    prompt: "#0B6E4F"\n  colors:\n    quote: "#1D4F91"\n',
     "deck.yaml:5:3: `colors` and `colours` are the same; give only one"),
    ("  logo: nothing.png\n",
     "deck.yaml:3:9: the logo 'nothing.png' does not exist\n  hint: give the logo's path from "
     "the deck file's folder, such as `logo: images/logo.png`"),
    ("  logo: notes.txt\n",
     "deck.yaml:3:9: the logo 'notes.txt' is not a PNG, JPEG or SVG image\n  hint: save the "
     "logo as PNG, JPEG or SVG and give that file's name"),
    ("  logo: big.png\n",
     "deck.yaml:3:9: the logo 'big.png' is 10.0 MB; a logo may be at most 10 MB\n  hint: save it "
     "smaller: it prints a few centimetres wide, where 1000 pixels across are plenty"),
    ("  logo: broken.png\n",
     "deck.yaml:3:9: the logo 'broken.png' is a damaged image that cannot be read\n  hint: open "
     "it in an image editor and save it again"),
    ("  logo: words.svg\n",
     "deck.yaml:3:9: the logo 'words.svg' has text in it, which would print in a font the PDF "
     "does not carry\n  hint: turn the text into shapes in your SVG editor (in Inkscape: Path > "
     "Object to Path) and save it again"),
    ("  logo: .\n",
     "deck.yaml:3:9: the logo '.' is a folder, not an image\n  hint: give the logo's path from "
     "the deck file's folder, such as `logo: images/logo.png`"),
    ("  font: x\n",
     "deck.yaml:3:3: `font`: unknown key\n  hint: the keys here are `colours`, `colors`, `logo`"),
])
def test_a_theme_mistake_is_refused_at_its_line(tmp_path, theme, message):
    (tmp_path / "notes.txt").write_text("not a picture\n", encoding="utf-8")
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, format="PNG")
    (tmp_path / "big.png").write_bytes(png.getvalue() + b"\0" * (10 * 1024 * 1024 + 1))
    (tmp_path / "broken.png").write_bytes(png.getvalue()[:40])
    (tmp_path / "words.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="80" '
                                        'height="20"><text x="0" y="15">Our group</text></svg>',
                                        encoding="utf-8")
    assert errors_of(tmp_path, theme) == message


def test_every_theme_mistake_in_a_file_is_reported_together(tmp_path):
    found = errors_of(tmp_path, '  colours:\n    prompt: "#EEEEEE"\n    quote: "#DDDDDD"\n'
                                "  logo: gone.svg\n")
    assert [line.split(":")[1] for line in found.splitlines() if not line.startswith(" ")] == [
        "4", "5", "6"]


def test_a_colour_too_light_fails_the_build_at_its_line_and_writes_nothing(tmp_path, cli_run):
    (tmp_path / "deck.yaml").write_text('title: T\ntheme:\n  colors:\n    quote: "#FFD700"\n'
                                        + PROMPTS, encoding="utf-8")
    result = cli_run("build", "deck.yaml", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("deck.yaml:4:12: the quote colour #FFD700 has a contrast "
                                    "of 1.4:1 with white")
    assert "\n  hint: use \"#" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
