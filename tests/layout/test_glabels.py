"""gLabels template files: any rectangle stock loads; anything else is refused at its line."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from cardgen.errors import CardgenError, DeckError, DeckErrors, SettingError
from cardgen.layout.glabels import load_stock, stocks_in
from cardgen.layout.sheet import Rect
from cardgen.units import INCH, MM

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


def test_a_bad_length_is_reported_at_its_template(templates):
    with pytest.raises(DeckError) as caught:
        load_stock("test-bad", templates)
    line = line_of('part="Bad"')
    assert str(caught.value) == (f'{templates}:{line}:3: test-bad: width="3 furlongs" is not a '
                                 "length; write a number with pt, in, mm, cm or pc")


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
    assert str(caught.value) == ('t.xml:4:1: x-1: <Layout> nx="two" should be a whole number of '
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
