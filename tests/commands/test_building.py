"""`cardgen build` and `cardgen calibrate` on the command line: options, saved defaults, errors."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from cardgen.cli import cli
from support.pdfread import reader

DECK = "title: T\nprompts:\n  - How are you?\n  - What helps?\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text(DECK)
    old = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def run(*args):
    return CliRunner().invoke(cli, list(args), prog_name="cardgen")


def size_of(path):
    box = reader(path.read_bytes()).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_build_defaults_to_decks_folder_and_output(project):
    result = run("build", "--format", "cards")
    assert result.exit_code == 0, result.output
    assert result.output == ("wrote output/mine-cards.pdf (2 pages, 2 cards): Print at actual "
                             "size (100 %), two-sided, flip on long edge, on card stock. Cut on "
                             "the marks.\n")
    assert size_of(project / "output" / "mine-cards.pdf") == (612, 792)


def test_saved_defaults_apply_and_the_command_line_wins(project):
    (project / "cardgen.yaml").write_text("paper: a4\nback_offset: 1mm,-0.5mm\nformat: [cards]\n")
    assert run("build").exit_code == 0
    assert size_of(project / "output" / "mine-cards.pdf") == (595.28, 841.89)
    assert not (project / "output" / "mine-booklet.pdf").exists()
    assert run("build", "--paper", "letter").exit_code == 0
    assert size_of(project / "output" / "mine-cards.pdf") == (612, 792)


def test_mistakes_in_saved_defaults_point_at_the_line(project):
    (project / "cardgen.yaml").write_text("paper: a4\npaperr: letter\nbleed: 3\n")
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr == (
        "cardgen.yaml:2:1: `paperr`: unknown setting\n  hint: did you mean `paper`?\n"
        'cardgen.yaml:3:8: `bleed`: "3" has no unit; write 3mm, 0.3cm, 0.125in or 3pt\n')


@pytest.mark.parametrize("args,message", [
    (["--bleed", "3"],
     'Invalid value for \'--bleed\': "3" has no unit; write 3mm, 0.3cm, 0.125in or 3pt'),
    (["--card", "jumbo"], "Invalid value for '--card': unknown card size \"jumbo\""),
    (["--paper", "b5"], "Invalid value for '--paper': 'b5' is not one of"),
    (["--back-offset", "1mm"], "Invalid value for '--back-offset': \"1mm\" should be two lengths"),
    (["--only", "prompts"],
     "Invalid value for '--only': `prompts`: the kinds are instructions, prompt,"),
    (["--duplex", "both"],
     "Invalid value for '--duplex': 'both' is not one of 'long', 'short', 'none'."),
])
def test_bad_option_values_are_usage_errors(project, args, message):
    result = run("build", *args)
    assert result.exit_code == 2
    assert "Try 'cardgen build --help' for help." in result.output
    assert message in result.output


def test_a_card_bigger_than_the_paper_is_a_clear_error(project):
    result = run("build", "--format", "cards", "--card", "300x400mm")
    assert result.exit_code == 1
    assert result.stderr.startswith("a 300 x 400 mm card")
    assert "Traceback" not in result.output


def test_an_output_folder_that_cannot_be_made(project):
    (project / "blocker").write_text("a file, not a folder")
    result = run("build", "--format", "cards", "--out", "blocker/sub")
    assert result.exit_code == 1
    assert result.stderr.startswith("cannot make the output folder blocker/sub: ")


def test_only_and_tag_choose_a_subset(project):
    (project / "decks" / "mine.yaml").write_text(
        "title: T\nprompts:\n  - text: Opening one\n    tags: [opening]\n  - Other one\n"
        "quotes:\n  - {text: Said., by: Someone}\n")
    assert run("build", "--format", "cards", "--tag", "opening").exit_code == 0
    text = reader((project / "output" / "mine-cards.pdf").read_bytes()).pages[0].extract_text()
    assert "Opening one" in text and "Other one" not in text
    assert run("build", "--format", "cards", "--only", "quote").exit_code == 0
    text = reader((project / "output" / "mine-cards.pdf").read_bytes()).pages[0].extract_text()
    assert "Said." in text and "Opening one" not in text
    result = run("build", "--format", "cards", "--tag", "nothing")
    assert result.exit_code == 1
    assert result.stderr == "decks/mine.yaml: no cards match tag `nothing`\n"


def test_every_deck_is_reported_and_good_decks_still_build(project):
    (project / "decks" / "bad.yaml").write_text("title: T\nprompts:\n  - txet: x\n")
    result = run("build", "--format", "cards")
    assert result.exit_code == 1
    assert "wrote output/mine-cards.pdf" in result.stdout
    assert result.stderr == "decks/bad.yaml:3:5: `txet`: unknown key; did you mean `text`?\n"


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


def test_the_starter_deck_builds(project):
    assert run("new", "decks/starter.yaml", "--title", "Our deck").exit_code == 0
    result = run("build", "decks/starter.yaml")
    assert result.exit_code == 0, result.output
    assert [line.split(" (")[0] for line in result.output.splitlines()] == [
        "wrote output/starter-cards.pdf", "wrote output/starter-booklet.pdf"]
    pdf = reader((project / "output" / "starter-cards.pdf").read_bytes())
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Our deck" in text and "Your card" in text and "How to use" in text


def test_a_font_saved_in_cardgen_yaml_comes_first(project):
    import shutil

    from cardgen.text.fonts import FONT_DIR

    shutil.copy(FONT_DIR / "DejaVuSans.ttf", project / "Mine.ttf")
    (project / "cardgen.yaml").write_text("font: Mine.ttf\nformat: cards\n")
    assert run("build").exit_code == 0
    page = reader((project / "output" / "mine-cards.pdf").read_bytes()).pages[0]
    used = {str(f.get_object()["/BaseFont"]).split("+")[-1]
            for f in page["/Resources"]["/Font"].values()}
    assert "DejaVuSans" in used and not any(name.startswith("Atkinson") for name in used)


def test_verify_reads_the_pdfs_back(project):
    result = run("build", "--verify")
    assert result.exit_code == 0, result.output
    assert "verified 2 cards in output/mine-cards.pdf\n" in result.output
    assert "verified 2 cards in output/mine-booklet.pdf\n" in result.output
