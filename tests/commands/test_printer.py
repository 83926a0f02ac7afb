"""`cardgen calibrate` and `cardgen stocks` as a user runs them: the calibration sheet written
where asked, on the saved paper; the stocks listed with their paper, card and count."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from cardgen.cli import cli
from support.pdfread import reader

DECK = "title: T\nprompts:\n  - How are you?\n  - What helps?\n"

# An A4 stock with two columns of cards set to the left: not symmetric about the centre.
LEFT = """\
<Glabels-templates>
  <Template brand="Test" part="Left" size="A4" description="Cards to the left">
    <Label-rectangle id="0" width="60mm" height="40mm">
      <Layout nx="2" ny="3" x0="10mm" y0="20mm" dx="65mm" dy="45mm"/>
    </Label-rectangle>
  </Template>
</Glabels-templates>
"""


@pytest.fixture
def project(tmp_path):
    """A project, made the current folder: decks/mine.yaml, and left.xml, a stock's template."""
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text(DECK)
    (tmp_path / "left.xml").write_text(LEFT)
    old = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def run(*args, cwd=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, list(map(str, args)), prog_name="cardgen")
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, list(map(str, args)), prog_name="cardgen")
    finally:
        os.chdir(old)


def size_of(path):
    box = reader(path.read_bytes()).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_calibrate_writes_a_two_page_sheet(project):
    result = run("calibrate", "--paper", "a4", "--duplex", "short")
    assert result.exit_code == 0
    assert result.output == ("wrote output/calibration.pdf: print it two-sided "
                             "(flip on short edge) at actual size (100 %)\n")
    pdf = reader((project / "output" / "calibration.pdf").read_bytes())
    assert len(pdf.pages) == 2
    assert size_of(project / "output" / "calibration.pdf") == (595.28, 841.89)
    assert pdf.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"


def test_calibrate_uses_saved_paper(project):
    (project / "cardgen.yaml").write_text("paper: a4\n")
    assert run("calibrate", "-o", "cal.pdf").exit_code == 0
    assert size_of(project / "cal.pdf") == (595.28, 841.89)


# --- stocks -------------------------------------------------------------------------------


def test_stocks_lists_name_paper_card_and_count(cli_run):
    result = cli_run("stocks")
    assert result.exit_code == 0
    assert result.output.splitlines()[:6] == [
        "name          paper   card        per sheet",
        "avery-5371    letter  3.5 x 2 in  10",
        "avery-8373    letter  3.5 x 2 in  8",
        "avery-5388    letter  5 x 3 in    3",
        "avery-5389    letter  6 x 4 in    2",
        "avery-c32011  a4      85 x 54 mm  10",
    ]
    assert "  avery-5371: avery-5372, avery-5376," in result.output
    assert "avery-8371" in result.output and "avery-8471" in result.output


def test_stocks_lists_a_template_file(project, cli_run):
    result = cli_run("stocks", "--stock-file", project / "left.xml")
    assert result.exit_code == 0
    assert result.output == ("name       paper  card        per sheet\n"
                             "test-left  a4     60 x 40 mm  6\n")
