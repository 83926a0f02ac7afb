"""Card stock, images and the box from the command line and cardgen.yaml: texts and exit codes."""

from __future__ import annotations

import pypdfium2
import pytest

from cardgen.units import MM

DECK = "title: T\nprompts:\n  - How are you?\n  - What helps?\n"
LONG = "title: T\nprompts:\n  - How are you?\n  - " + "Tell me more about that. " * 25 + "\n"

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
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text(DECK)
    (tmp_path / "left.xml").write_text(LEFT)
    return tmp_path


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


def test_an_unknown_stock_suggests_the_close_one(project, cli_run):
    result = cli_run("build", "--stock", "avery-5317", cwd=project)
    assert result.exit_code == 2  # a bad option value, like --dpi 5000
    assert ("Invalid value for '--stock': cardgen has no stock \"avery-5317\"; did you mean "
            "avery-5371, avery-8373 or avery-5389? `cardgen stocks` lists the stocks; any "
            "gLabels template can be used with --stock-file FILE.xml\n") in result.stderr


def test_an_unknown_stock_in_cardgen_yaml_is_shown_at_its_line(project, cli_run):
    (project / "cardgen.yaml").write_text("format: cards\nstock: avery-53711\n")
    result = cli_run("build", cwd=project)
    assert result.exit_code == 1
    assert result.stderr == ('cardgen.yaml:2:8: `stock`: cardgen has no stock "avery-53711"; '
                             "did you mean avery-5371? `cardgen stocks` lists the stocks; any "
                             "gLabels template can be used with --stock-file FILE.xml\n")


def test_an_unknown_stock_with_nothing_close_still_reads_as_sentences(project, cli_run):
    result = cli_run("build", "--stock", "zzzz", cwd=project)
    assert result.exit_code == 2
    assert ('cardgen has no stock "zzzz"; `cardgen stocks` lists the stocks; any gLabels '
            "template can be used with --stock-file FILE.xml\n") in result.stderr
    result = cli_run("build", "--stock", "zzzz", "--stock-file", "left.xml", cwd=project)
    assert result.exit_code == 2
    assert 'left.xml has no template "zzzz"; `cardgen stocks` lists' in result.stderr


def test_a_missing_stock_file_is_a_usage_error(project, cli_run):
    result = cli_run("build", "--stock-file", "nope.xml", cwd=project)
    assert result.exit_code == 2
    assert "Invalid value for '--stock-file': File 'nope.xml' does not exist." in result.stderr


def test_a_card_too_long_for_the_stock_names_it_and_a_larger_stock(project, cli_run):
    (project / "decks" / "mine.yaml").write_text(LONG)
    result = cli_run("build", "--stock", "avery-5371", cwd=project)
    assert result.exit_code == 1
    assert result.stderr == (
        "decks/mine.yaml:4:5: prompt 2 does not fit on a 3.5 x 2 in Avery 5371 card: at 9 pt it "
        "needs 49 pt more height than the card has\n"
        "  hint: shorten the text, or print on a stock with bigger cards: --stock avery-5388 "
        "(5 x 3 in, 3 a sheet)\n")
    assert cli_run("build", "--stock", "avery-5388", "--format", "cards",
                   cwd=project).exit_code == 0


def test_a_larger_stock_on_other_paper_says_which_paper(project, cli_run):
    # No A4 stock has bigger cards than C32011: the Letter one offered must say it is Letter.
    (project / "decks" / "mine.yaml").write_text(LONG)
    result = cli_run("build", "--stock", "avery-c32011", cwd=project)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "  hint: shorten the text, or print on a stock with bigger cards: --stock avery-5388 "
        "(Letter paper, 5 x 3 in, 3 a sheet)\n")


def test_bleed_where_the_cards_touch_is_refused(project, cli_run):
    result = cli_run("build", "--stock", "avery-5371", "--bleed", "3mm", cwd=project)
    assert result.exit_code == 1
    assert result.stderr == ("Avery 5371 has no gap between its cards, so a 3 mm bleed would "
                             "print on the next card; use --bleed 0 with this stock\n")


def test_cardgen_yaml_saves_the_stock(project, cli_run):
    (project / "cardgen.yaml").write_text("stock: Avery 5388\nformat: cards\n")
    result = cli_run("build", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert result.output == ("wrote output/mine-cards.pdf (2 pages, 2 cards): Print at actual "
                             "size (100 %), two-sided, flip on long edge, on Avery 5388 card "
                             "stock.\n")
    document = pypdfium2.PdfDocument(str(project / "output" / "mine-cards.pdf"))
    assert document[0].get_size() == (612, 792)


def test_a_template_file_saved_in_cardgen_yaml(project, cli_run):
    (project / "cardgen.yaml").write_text("stock_file: left.xml\nformat: cards\nverify: true\n")
    result = cli_run("build", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert "on Test Left card stock" in result.output and "verified 2 cards" in result.output
    data = (project / "output" / "mine-cards.pdf").read_bytes()
    document = pypdfium2.PdfDocument(data)
    front, back = document[0].get_textpage(), document[1].get_textpage()
    # The first card is 10 mm from the left of the A4 sheet; its back 10 mm from the right.
    top = (297 - 20) * MM
    card = (10 * MM, top - 40 * MM, 70 * MM, top)
    behind = (140 * MM, top - 40 * MM, 200 * MM, top)
    assert "How are you?" in front.get_text_bounded(*card)
    assert "".join(back.get_text_bounded(*behind).split()) == "AskT"
    assert back.get_text_bounded(*card).strip() == ""


@pytest.mark.parametrize("setting,message", [
    ("dpi: 5000", "cardgen.yaml:1:6: `dpi`: should be a whole number of dots per inch from 72 "
                  "to 1200"),
    ("dpi: high", "cardgen.yaml:1:6: `dpi`: should be a whole number of dots per inch from 72 "
                  "to 1200"),
    ("box_thickness: 2", 'cardgen.yaml:1:16: `box_thickness`: "2" has no unit; write 3mm, '
                         "0.3cm, 0.125in or 3pt"),
    ("stock_file: [a, b]", "cardgen.yaml:1:13: `stock_file`: should be a single value"),
    ("stokc: avery-5371", "cardgen.yaml:1:1: `stokc`: unknown setting\n  hint: did you mean "
                          "`stock`?"),
])
def test_mistakes_in_the_new_settings_point_at_their_line(project, cli_run, setting, message):
    (project / "cardgen.yaml").write_text(setting + "\n")
    result = cli_run("build", cwd=project)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"


def test_saved_dpi_and_box_thickness_are_used(project, cli_run):
    (project / "cardgen.yaml").write_text("format: [images, box]\ndpi: 150\nbox_thickness: 20mm\n")
    result = cli_run("build", cwd=project)
    assert result.exit_code == 0, result.stderr
    assert result.output == (  # in the order cardgen.yaml asks for them
        "wrote output/mine-images (4 images, 2 cards): one PNG per card face at 150 dpi, for a "
        "card printer\n"
        "wrote output/mine-box.pdf (1 page, 2 cards): a tuck box: print at 100 %, cut, fold and "
        "glue\n")
    from PIL import Image

    assert Image.open(project / "output" / "mine-images" / "001-front.png").size == (413, 563)
