"""gLabels template files: any rectangle stock loads; anything else is refused at its line."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardgen.errors import CardgenError, DeckError, DeckErrors, SettingError
from cardgen.layout.glabels import load_stock, read_length, stocks_in
from cardgen.layout.sheet import Rect
from cardgen.units import CM, INCH, MM

# Written for these tests in the shape of gLabels' own files: units of every kind,
# gaps between cards, `equiv` aliases (one before the template it names), two
# layouts on one sheet, and shapes cardgen cannot print on.
TEMPLATES = """\
<?xml version="1.0"?>
<Glabels-templates xmlns="http://glabels.org/xmlns/3.0/">
  <Template brand="Test" part="77-A" equiv="7700"/>
  <Template brand="Test" part="7700" size="US-Letter" _description="Business cards">
    <Meta category="card"/>
    <Label-rectangle id="0" width="3.5in" height="2in" round="0.0625in" waste="0.0625in">
      <Markup-margin size="0.0625in"/>
      <Layout nx="2" ny="4" x0="0.5in" y0="0.75in" dx="4in" dy="2.5in"/>
    </Label-rectangle>
  </Template>
  <Template brand="Test" part="7701" equiv="7700"/>
  <Template brand="Test" part="M2" size="A4" description="Two layouts">
    <Label-rectangle id="0" width="85mm" height="5.4cm" round="0">
      <Layout nx="1" ny="2" x0="15mm" y0="20mm" dx="0" dy="60mm"/>
      <Layout nx="1" ny="2" x0="110mm" y0="20mm" dx="0" dy="60mm"/>
    </Label-rectangle>
  </Template>
  <Template brand="Test" part="PT" size="Other" width="432" height="288pt">
    <Label-rectangle id="0" width="180" height="2.5pc">
      <Layout nx="2" ny="1" x0="18" y0="36" dx="216"/>
    </Label-rectangle>
  </Template>
  <Template brand="Test" part="Disc" size="US-Letter" _description="CD labels">
    <Label-cd id="0" radius="2.3125in" hole="0.8125in" waste="0.0625in">
      <Layout nx="1" ny="2" x0="1.9375in" y0="0.6875in" dx="0" dy="5in"/>
    </Label-cd>
  </Template>
  <Template brand="Test" part="Dot" size="A4">
    <Label-round id="0" radius="20mm">
      <Layout nx="4" ny="6" x0="10mm" y0="10mm" dx="48mm" dy="46mm"/>
    </Label-round>
  </Template>
  <Template brand="Test" part="Bad" size="A4">
    <Label-rectangle id="0" width="3 furlongs" height="50mm">
      <Layout nx="1" ny="1" x0="10mm" y0="10mm" dx="0" dy="0"/>
    </Label-rectangle>
  </Template>
  <Template brand="Test" part="Crowded" size="A4">
    <Label-rectangle id="0" width="100mm" height="50mm">
      <Layout nx="2" ny="1" x0="5mm" y0="10mm" dx="90mm" dy="0"/>
    </Label-rectangle>
  </Template>
</Glabels-templates>
"""


def line_of(text: str) -> int:
    """The line of TEMPLATES that has `text`, counted from 1."""
    return next(number for number, line in enumerate(TEMPLATES.splitlines(), 1) if text in line)


def spot_of(text: str) -> str:
    """"LINE:COLUMN" of `text` in TEMPLATES, counted from 1, as a message says it."""
    line = line_of(text)
    return f"{line}:{TEMPLATES.splitlines()[line - 1].index(text) + 1}"


@pytest.fixture
def templates(tmp_path):
    path = tmp_path / "test-templates.xml"
    path.write_text(TEMPLATES, encoding="utf-8")
    return path


def test_a_template_with_gaps_loads_in_inches(templates):
    stock = load_stock("test-7700", templates)
    assert stock.title == "Test 7700"
    assert stock.paper == (8.5 * INCH, 11 * INCH)
    assert stock.card == (3.5 * INCH, 2 * INCH)
    assert stock.per_sheet == 8
    slots = stock.positions()
    # Half an inch between the columns and the rows: the pitch, not the card, steps.
    assert slots[0] == Rect(0.5 * INCH, 11 * INCH - 0.75 * INCH - 2 * INCH, 3.5 * INCH, 2 * INCH)
    assert slots[1].x - slots[0].right == pytest.approx(0.5 * INCH)
    assert slots[0].y - slots[2].top == pytest.approx(0.5 * INCH)
    assert stock.aliases == ("test-77-a", "test-7701")


@pytest.mark.parametrize("alias", ["test-7701", "Test 77-A", "TEST_77-a"])
def test_equiv_aliases_load_the_template_they_name(templates, alias):
    stock = load_stock(alias, templates)
    assert stock.card == (3.5 * INCH, 2 * INCH) and stock.per_sheet == 8
    assert stock.positions() == load_stock("test-7700", templates).positions()


def test_millimetres_centimetres_and_two_layouts(templates):
    stock = load_stock("test-m2", templates)
    assert stock.paper == pytest.approx((210 * MM, 297 * MM))
    assert stock.card == pytest.approx((85 * MM, 54 * MM))
    assert stock.metric and stock.card_text == "85 x 54 mm"
    lefts = sorted({round(slot.x / MM, 6) for slot in stock.positions()})
    assert lefts == [15, 110] and stock.per_sheet == 4
    # Top row first, left to right, across both layouts.
    assert [round(s.x / MM) for s in stock.positions()] == [15, 110, 15, 110]


def test_bare_numbers_are_points_and_picas_are_twelve(templates):
    stock = load_stock("test-pt", templates)
    assert stock.paper == (432, 288) and stock.card == (180, 30)
    assert [(s.x, s.top) for s in stock.positions()] == [(18, 252), (234, 252)]
    assert stock.paper_name == "152.4 x 101.6 mm"


@pytest.mark.parametrize("name,what", [("test-disc", "a CD label"), ("test-dot", "a round label")])
def test_round_and_cd_templates_are_refused_by_name(templates, name, what):
    with pytest.raises(DeckError) as caught:
        load_stock(name, templates)
    line = line_of(f'part="{name[5:].title()}"')
    assert str(caught.value) == (f"{templates}:{line}:3: {name}: it is {what}, not a rectangle; "
                                 "cardgen prints on rectangular cards only")


def test_a_bad_length_is_reported_at_its_attribute(templates):
    with pytest.raises(DeckError) as caught:
        load_stock("test-bad", templates)
    where = spot_of('width="3 furlongs')
    assert str(caught.value) == (f"{templates}:{where}: test-bad: "
                                 'width="3 furlongs" is not a length; write a number with pt, in, '
                                 "mm, cm or pc, e.g. 2.5in or 63.5mm")


def test_overlapping_cards_are_refused(templates):
    with pytest.raises(DeckError, match=r"test-crowded: cannot be printed on: cards 1 and 2 "
                                        r"overlap \(is dx or dy smaller than the card\?\)"):
        load_stock("test-crowded", templates)


def test_listing_leaves_out_what_cannot_be_printed_on(templates):
    names = [stock.name for stock in stocks_in(templates, "t.xml")]
    assert names == ["test-77-a", "test-7700", "test-7701", "test-m2", "test-pt"]


def test_an_unknown_name_suggests_close_ones(templates):
    with pytest.raises(SettingError) as caught:  # the CLI says where the name was given
        load_stock("test-7070", templates, "t.xml")
    assert caught.value.setting == "stock"
    assert caught.value.message == ('t.xml has no template "test-7070"; did you mean test-7701 '
                                    "or test-7700? `cardgen stocks` lists the stocks; any "
                                    "gLabels template can be used with --stock-file FILE.xml")


def test_a_bundled_name_still_works_with_a_file(templates):
    assert load_stock("avery-5371", templates).name == "avery-5371"


def test_without_a_name_a_file_of_one_template_is_used(tmp_path, templates):
    with pytest.raises(CardgenError, match=re.escape("t.xml has 5 card templates; choose one "
                                                     "with --stock, e.g. --stock test-77-a")):
        load_stock(None, templates, "t.xml")
    one = tmp_path / "one.xml"
    one.write_text('<Glabels-templates><Template brand="X" part="1" size="A4">'
                   '<Label-rectangle width="50mm" height="50mm"><Layout nx="3" ny="4" x0="10mm" '
                   'y0="10mm" dx="60mm" dy="60mm"/></Label-rectangle></Template>'
                   '</Glabels-templates>')
    assert load_stock(None, one).per_sheet == 12


@pytest.mark.parametrize("text,message", [
    ("<Glabels-templates><Template>", "t.xml:1:30: not a gLabels template file: no element found"),
    ("<labels/>", "t.xml:1:1: not a gLabels template file: it starts with <labels>, not "
                  "<Glabels-templates>"),
    ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>\n<Glabels-templates/>',
     "t.xml:2:25: the file declares an XML entity; gLabels template files have none"),
    ("", "t.xml:1:1: not a gLabels template file: no element found"),
])
def test_broken_files_are_reported_at_the_line(tmp_path, text, message):
    path = tmp_path / "t.xml"
    path.write_text(text)
    with pytest.raises(DeckErrors) as caught:
        load_stock("x", path, "t.xml")
    assert str(caught.value) == message


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(CardgenError, match=r"^stock file not found: nope\.xml$"):
        load_stock("x", tmp_path / "nope.xml", "nope.xml")
    with pytest.raises(CardgenError, match=r"is a folder; give a gLabels \.xml file"):
        load_stock("x", tmp_path, "here")


def test_layout_counts_must_be_whole_numbers(tmp_path):
    path = tmp_path / "t.xml"
    path.write_text('<Glabels-templates>\n<Template brand="X" part="1" size="A4">\n'
                    '<Label-rectangle width="50mm" height="50mm">\n'
                    '<Layout nx="two" ny="1" x0="0" y0="0"/></Label-rectangle></Template>'
                    "</Glabels-templates>")
    with pytest.raises(DeckError) as caught:
        load_stock("x-1", path, "t.xml")
    assert str(caught.value) == ('t.xml:4:9: x-1: <Layout> nx="two" should be a whole number of '
                                 "cards, 1 or more")


def test_a_huge_layout_is_refused_before_it_is_laid_out(tmp_path):
    path = tmp_path / "t.xml"
    path.write_text('<Glabels-templates><Template brand="X" part="1" size="A4">'
                    '<Label-rectangle width="1mm" height="1mm">'
                    '<Layout nx="100000" ny="100000" x0="0" y0="0" dx="1mm" dy="1mm"/>'
                    "</Label-rectangle></Template></Glabels-templates>")
    with pytest.raises(DeckError, match="more than 1000 labels on a sheet"):
        load_stock("x-1", path, "t.xml")


def test_a_device_or_a_pipe_is_refused_before_it_is_read(tmp_path):
    """/dev/zero never ends and a pipe with no writer never answers: `--stock-file` named
    either hung cardgen. Neither is read."""
    pipe = tmp_path / "t.xml"
    os.mkfifo(pipe)
    answer: list[str] = []

    def load() -> None:
        with pytest.raises(CardgenError) as caught:
            load_stock("x", pipe, "t.xml")
        answer.append(str(caught.value))

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(timeout=30)  # not a timing assertion: a blocked read would never return
    if not answer:  # unblock the reader so the test run can end, then fail
        with open(pipe, "wb"):
            pass
    assert answer == ["stock file t.xml is a pipe; give a gLabels .xml file"]
    with pytest.raises(CardgenError) as caught:
        load_stock("x", Path("/dev/null"), "/dev/null")
    assert str(caught.value) == "stock file /dev/null is a device; give a gLabels .xml file"


# --- hostile figures (issue 23) ---------------------------------------------------------------

NOT_A_LENGTH = "is not a length; write a number with pt, in, mm, cm or pc, e.g. 2.5in or 63.5mm"
TOO_LONG = ("is too long; no length cardgen prints is longer than 200in (5080mm), the largest page "
            "a PDF can have")


def one_template(tmp_path, label='width="50mm" height="50mm"',
                 layout='nx="1" ny="1" x0="1mm" y0="1mm"', paper='size="A4"') -> Path:
    """t.xml with one template: <Template> on line 2, its label on line 3 (attributes from
    column 20), its <Layout> on line 4 (attributes from column 13)."""
    path = tmp_path / "t.xml"
    path.write_text("<Glabels-templates>\n"
                    f'<Template brand="X" part="1" {paper}>\n'
                    f"  <Label-rectangle {label}>\n"
                    f"    <Layout {layout}/>\n"
                    "  </Label-rectangle>\n</Template>\n</Glabels-templates>\n", encoding="utf-8")
    return path


def refusal(path: Path, name: str | None = "x-1") -> str:
    with pytest.raises(CardgenError) as caught:
        load_stock(name, path, "t.xml")
    return str(caught.value)


@pytest.mark.parametrize("name", ["x-1", None])
def test_a_length_of_60000_digits_is_refused_at_once_at_its_attribute(tmp_path, name):
    """The length pattern backtracked: 20,000 digits took 23 s, 60,000 minutes, and then the
    file was said to have "no rectangle template"."""
    path = one_template(tmp_path, label='width="' + "1" * 60_000 + 'x!" height="50mm"')
    assert refusal(path, name) == ('t.xml:3:20: x-1: width="1111111111111111…11x!" (60,002 '
                                   f"characters) {NOT_A_LENGTH}")
    assert read_length("1" * 60_000 + "x!") is None
    assert read_length(" " + "1" * 60_000 + " pt ") == float("1" * 60_000)


@pytest.mark.parametrize("label, layout, paper, message", [
    ('width="1e400mm" height="50mm"', 'nx="1" ny="1" x0="1mm" y0="1mm"', 'size="A4"',
     f't.xml:3:20: x-1: width="1e400mm" {TOO_LONG}'),
    ('width="50mm" height="201in"', 'nx="1" ny="1" x0="1mm" y0="1mm"', 'size="A4"',
     f't.xml:3:33: x-1: height="201in" {TOO_LONG}'),
    ('width="50mm" height="50mm"', 'nx="1" ny="1" x0="-1e309" y0="1mm"', 'size="A4"',
     f't.xml:4:27: x-1: x0="-1e309" {TOO_LONG}'),
    ('width="50mm" height="50mm"', 'nx="2" ny="1" x0="1mm" y0="1mm" dx="1e308in"', 'size="A4"',
     f't.xml:4:45: x-1: dx="1e308in" {TOO_LONG}'),
    # An infinitely wide paper was taken, and the build went on to lay cards out on it.
    ('width="50mm" height="50mm"', 'nx="1" ny="1" x0="1mm" y0="1mm"',
     'size="Other" width="1e400mm" height="100mm"', f't.xml:2:43: x-1: width="1e400mm" {TOO_LONG}'),
    ('width="50mm" height="50mm"', 'nx="1" ny="1" x0="1mm" y0="1mm"',
     'size="Other"\n          width="9in" height="1 1in"',
     f't.xml:3:23: x-1: height="1 1in" {NOT_A_LENGTH}'),
])
def test_a_length_past_the_largest_page_is_refused_at_its_attribute(tmp_path, label, layout,
                                                                     paper, message):
    assert refusal(one_template(tmp_path, label, layout, paper)) == message


@pytest.mark.parametrize("layout, message", [
    # int() refuses 4,300 digits and more: a ValueError traceback
    ('nx="' + "1" * 5000 + '" ny="1" x0="0" y0="0"',
     't.xml:4:13: x-1: <Layout> nx="1111111111111111…1111" (5,000 characters) should be a whole '
     "number of cards, 1 or more"),
    # "²" is a digit to str.isdigit() and not to int(): a ValueError traceback
    ('nx="1" ny="²" x0="0" y0="0"', 't.xml:4:20: x-1: <Layout> ny="²" should be a whole number '
                                    "of cards, 1 or more"),
    ('nx="0" ny="1" x0="0" y0="0"', 't.xml:4:13: x-1: <Layout> nx="0" should be a whole number '
                                    "of cards, 1 or more"),
    ('nx="' + "9" * 100 + '" ny="1" x0="0" y0="0" dx="1mm"',
     "t.xml:2:1: x-1: its layouts put more than 1000 labels on a sheet"),
])
def test_a_count_of_cards_is_a_short_whole_number(tmp_path, layout, message):
    assert refusal(one_template(tmp_path, layout=layout)) == message


def test_a_name_or_description_of_thousands_of_characters_is_refused(tmp_path):
    path = one_template(tmp_path, paper='size="A4" description="' + "x" * 5000 + '"')
    assert refusal(path) == ('t.xml:2:40: description="xxxxxxxxxxxxxxxx…xxxx" is 5,000 '
                             "characters long; a gLabels attribute is a few words, 200 "
                             "characters at most")
    with pytest.raises(DeckErrors):
        stocks_in(path, "t.xml")


def test_a_file_whose_only_rectangle_cannot_be_used_says_why(tmp_path):
    path = one_template(tmp_path, label='width="3 furlongs" height="50mm"')
    assert refusal(path, None) == f't.xml:3:20: x-1: width="3 furlongs" {NOT_A_LENGTH}'


# The length pattern before it was made linear: right, but slow on long figures.
_OLD_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]*)\s*")
_OLD_UNITS = {"pt": 1.0, "in": INCH, "mm": MM, "cm": CM, "pc": 12.0}


def old_length(text: str) -> float | None:
    match = _OLD_LENGTH.fullmatch(text)
    unit = match and _OLD_UNITS.get(match[2].lower() or "pt")
    return float(match[1]) * unit if match and unit else None


@given(st.text(alphabet="0123456789.eE+- \tmintcpx!\u0663", max_size=14))
def test_read_length_reads_short_texts_as_the_old_pattern_did(text):
    assert read_length(text) == old_length(text)


@given(number=st.decimals(min_value=-1000, max_value=1000, places=4),
       unit=st.sampled_from(["", "pt", "in", "mm", "cm", "pc", "IN", "Mm"]),
       space=st.sampled_from(["", " ", "  "]))
def test_read_length_reads_every_written_length(number, unit, space):
    assert read_length(f"{space}{number}{space}{unit}{space}") == old_length(f"{number}{unit}")


# --- waste: how far past its cards a stock may be printed -------------------------

def test_waste_is_read_as_gLabels_reads_it(tmp_path, templates):
    assert load_stock("test-7700", templates).waste == (INCH / 16, INCH / 16)
    assert load_stock("test-7701", templates).waste == (INCH / 16, INCH / 16)  # an equiv's
    assert load_stock("test-m2", templates).waste == (0.0, 0.0)  # none written: none
    label = 'width="50mm" height="50mm" x_waste="2mm" y_waste="1mm"'
    assert load_stock("x-1", one_template(tmp_path, label)).waste == pytest.approx((2 * MM, MM))
    # `waste`, when given, is both ways, whatever x_waste and y_waste say (gLabels' rule).
    label = 'width="50mm" height="50mm" waste="3mm" x_waste="1mm"'
    assert load_stock("x-1", one_template(tmp_path, label)).waste == pytest.approx((3 * MM,) * 2)


def test_a_negative_or_broken_waste_is_refused_at_its_attribute(tmp_path):
    path = one_template(tmp_path, 'width="50mm" height="50mm" y_waste="-1mm"')
    column = 20 + len('width="50mm" height="50mm" ')
    assert refusal(path) == (f't.xml:3:{column}: x-1: y_waste="-1mm" is less than 0; a '
                             "stock's waste is 0 or more")
    path = one_template(tmp_path, 'width="50mm" height="50mm" waste="a bit"')
    assert refusal(path) == f't.xml:3:{column}: x-1: waste="a bit" {NOT_A_LENGTH}'
