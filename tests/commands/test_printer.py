"""`cardgen calibrate` and `cardgen stocks` as a user runs them: the calibration sheet written
where asked, on the saved paper; the stocks listed with their paper, card and count."""

from __future__ import annotations

from support.cli import run
from support.pdfread import reader


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
