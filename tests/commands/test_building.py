"""`cardgen build` on the command line and in cardgen.yaml: options, saved defaults, card stock,
images and the box, errors, and what it says."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from cardgen.units import MM
from support.cli import run
from support.pdfread import reader
from support.projects import LEFT


def size_of(path):
    box = reader(path.read_bytes()).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_build_defaults_to_decks_folder_and_output(project):
    result = run("build", "--format", "cards")
    assert result.exit_code == 0, result.output
    assert result.output == ("wrote output/mine-cards.pdf (2 pages, 2 cards): Print at actual "
                             "size (100 %), two-sided, flip on long edge, on card stock. Cut on "
                             "the marks.\n")
    assert size_of(project / "output" / "mine-cards.pdf") == (792, 612)  # 4 x 2 poker


def test_saved_defaults_apply_and_the_command_line_wins(project):
    (project / "cardgen.yaml").write_text("paper: a4\nback_offset: 1mm,-0.5mm\nformat: [cards]\n")
    assert run("build").exit_code == 0
    assert size_of(project / "output" / "mine-cards.pdf") == (595.28, 841.89)
    assert not (project / "output" / "mine-booklet.pdf").exists()
    assert run("build", "--paper", "letter").exit_code == 0
    assert size_of(project / "output" / "mine-cards.pdf") == (792, 612)


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


def test_a_font_saved_in_cardgen_yaml_comes_first(project):
    import shutil

    from cardgen.text.registry import FONT_DIR

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


def test_building_every_deck_without_a_cjk_font_skips_the_chinese_one_and_says_so_once(
        tmp_path, no_cjk_installed):
    """On a machine without a Chinese font `cardgen build` builds the other decks and exits
    0: the Chinese deck is one the user did not ask for by name. Named, it fails."""
    from cardgen.bundled import bundled

    result = run("build", "--format", "cards", cwd=tmp_path)  # no decks/ here: the bundled ones
    assert result.exit_code == 0, result.output
    assert result.stderr.count("skipped") == 1, result.stderr
    chinese = bundled("decks") / "harm-reduction.zh.yaml"
    assert result.stderr.startswith(f"skipped {chinese}: this deck is in Chinese, and no font "
                                    "given can print it\n  hint: ")
    assert "sudo apt install fonts-wqy-zenhei" in result.stderr
    assert "--font FILE" in result.stderr
    assert sorted(path.name for path in (tmp_path / "output").iterdir()) == [
        "harm-reduction-cards.pdf", "harm-reduction.ar-cards.pdf", "harm-reduction.es-cards.pdf",
        "self-care-cards.pdf"]
    named = run("build", chinese, "-o", tmp_path / "named")
    assert named.exit_code == 1
    assert "no font given can print it" in named.stderr and "fonts-wqy-zenhei" in named.stderr
    assert not (tmp_path / "named").exists()


# --- card stock, images and the box: texts and exit codes ---------------------------------

LONG = "title: T\nprompts:\n  - How are you?\n  - " + "Tell me more about that. " * 25 + "\n"


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


# --- lengths far past any page (issue 23) ----------------------------------------------------

HUGE = "1" * 400  # float() reads 310 digits and more as infinity
SHOWN = "1111111111111111…11mm"
FAR = ("is far too long; no length cardgen prints is longer than 200in (5080mm), the largest "
       "page a PDF can have")
USAGE = "Usage: cardgen build [OPTIONS] [DECK]...\nTry 'cardgen build --help' for help.\n\n"


@pytest.mark.parametrize("args", [
    ["--bleed", HUGE + "mm", "--format", "shop"],  # an OverflowError traceback
    ["--bleed", HUGE + "mm", "--format", "images"],  # an OverflowError traceback
    ["--creep", HUGE + "mm", "--impose", "saddle", "--format", "booklet"],  # OverflowError
    ["--box-thickness", HUGE + "mm", "--format", "box"],  # "needs inf x nan mm"
    ["--back-offset", HUGE + "mm,0", "--format", "cards"],
])
def test_a_length_of_hundreds_of_digits_is_a_usage_error(project, cli_run, args):
    result = cli_run("build", *args, "-o", "out", cwd=project)
    assert (result.exit_code, result.output) == (
        2, USAGE + f"Error: Invalid value for '{args[0]}': \"{SHOWN}\" {FAR}\n")
    assert not (project / "out").exists()


def test_a_card_of_hundreds_of_digits_is_a_usage_error(project, cli_run):
    # It was an infinitely wide card: "a inf x 50.8 mm card is larger than ..."
    result = cli_run("build", "--card", HUGE + "x2in", "-o", "out", cwd=project)
    assert (result.exit_code, result.output) == (
        2, USAGE + "Error: Invalid value for '--card': card size \"1111111111111111…x2in\": "
                   f"\"1111111111111111…11in\" {FAR}\n")


@pytest.mark.parametrize("setting, where", [
    (f"bleed: {HUGE}mm", "2:8: `bleed`"),
    (f"creep: {HUGE}mm", "2:8: `creep`"),
    (f"box_thickness: {HUGE}mm", "2:16: `box_thickness`"),
])
def test_a_length_of_hundreds_of_digits_in_cardgen_yaml_is_refused_at_its_line(
        project, cli_run, setting, where):
    (project / "cardgen.yaml").write_text(f"format: [shop, booklet, box]\n{setting}\n")
    result = cli_run("build", "-o", "out", cwd=project)
    assert (result.exit_code, result.stderr) == (1, f'cardgen.yaml:{where}: "{SHOWN}" {FAR}\n')
    assert not (project / "out").exists()


@pytest.mark.parametrize("setting, message", [
    (f"card: {HUGE}x2in", 'cardgen.yaml:1:7: `card`: card size "1111111111111111…x2in": '
                          f'"1111111111111111…11in" {FAR}'),
    # No exponents and no infinity, as before: YAML reads 1.0e+400 as infinity, "inf".
    ("bleed: 1e400mm", 'cardgen.yaml:1:8: `bleed`: "1e400mm" is not a length; write a number '
                       "and a unit, e.g. 3mm, 0.3cm, 0.125in or 3pt"),
    ("bleed: 1.0e+400", 'cardgen.yaml:1:8: `bleed`: "inf" has no number; write a number and a '
                        "unit, e.g. 3mm, 0.3cm, 0.125in or 3pt"),
])
def test_absurd_sizes_in_cardgen_yaml_are_refused_at_their_line(project, cli_run, setting,
                                                                 message):
    (project / "cardgen.yaml").write_text(setting + "\n")
    result = cli_run("build", "-o", "out", cwd=project)
    assert (result.exit_code, result.stderr) == (1, message + "\n")


@pytest.mark.parametrize("args, message", [
    (["--bleed", "1000in", "--format", "shop"],
     "Error: Invalid value for '--bleed': 25400mm of bleed makes each print-shop page larger "
     "than the 200 in (5080 mm) a PDF page can be; the largest bleed for a poker card is "
     "2495.55mm (print shops ask for 0.125in)\n"),
    (["--bleed", "1000in", "--format", "images"],
     "Error: Invalid value for '--bleed': 25400mm of bleed makes each card image more than 24 "
     "million pixels at 300 dpi; the largest bleed for a poker card is 169.39mm (card printers "
     "ask for 1/8 in, 3.17mm)\n"),
])
def test_a_length_too_large_for_its_use_is_told_the_largest_for_that_use(project, cli_run, args,
                                                                          message):
    """Past the largest page but short of the bound, the check that knows the use says the
    largest that works for it (products/limits.py)."""
    result = cli_run("build", *args, "-o", "out", cwd=project)
    assert (result.exit_code, result.output) == (2, USAGE + message)


def test_a_box_too_thick_for_any_paper_is_told_so(project, cli_run):
    result = cli_run("build", "--box-thickness", "1000in", "--format", "box", "-o", "out",
                     cwd=project)
    assert (result.exit_code, result.stderr) == (
        1, "decks/mine.yaml: the tuck box for 2 cards needs 50941 x 50916.9 mm, more than letter "
           "paper holds inside its 6 mm margin, and so does every paper cardgen knows; use a "
           "smaller --card or --box-thickness\n")


def test_a_stock_file_with_a_60000_digit_length_is_refused_at_its_attribute(project, cli_run):
    """It took minutes (the length pattern backtracked), then said the file had "no rectangle
    template"."""
    (project / "long.xml").write_text(LEFT.replace('width="60mm"', f'width="{"1" * 60_000}x!"'))
    result = cli_run("build", "--stock-file", "long.xml", "-o", "out", cwd=project)
    assert (result.exit_code, result.stderr) == (
        1, 'long.xml:3:29: test-left: width="1111111111111111…11x!" (60,002 characters) is not a '
           "length; write a number with pt, in, mm, cm or pc, e.g. 2.5in or 63.5mm\n")


# --- --level and cardgen.yaml's level: ------------------------------------------------------


def test_level_prints_the_lighter_cards_with_the_instructions_and_helplines(project):
    import shutil

    from support.paths import DECKS

    shutil.copy(DECKS / "harm-reduction.yaml", project / "decks" / "mine.yaml")
    result = run("build", "--format", "cards", "--level", "1")
    assert result.exit_code == 0, result.output
    assert "(16 pages, 61 cards)" in result.output  # 79 cards at every level
    text = " ".join(" ".join(page.extract_text() for page in
                             reader((project / "output" / "mine-cards.pdf").read_bytes()).pages)
                    .split())
    assert "How to use" in text and "SAMHSA National Helpline" in text
    assert "What helps an urge pass" in text
    assert "If something went wrong" not in text  # level 3
    assert "If the urge could talk" not in text  # level 2
    assert "29/73" in text and "28/73" not in text  # numbers kept, not closed up
    result = run("build", "--format", "cards", "--level", "1", "--tag", "urge")
    # Both apply: the one light "urge" prompt, the intro (on two cards) and the helplines.
    assert "(2 pages, 5 cards)" in result.output


def test_level_saved_in_cardgen_yaml_and_the_command_line_wins(project):
    import shutil

    from support.paths import DECKS

    shutil.copy(DECKS / "harm-reduction.yaml", project / "decks" / "mine.yaml")
    (project / "cardgen.yaml").write_text("level: 1\n")
    assert "61 cards" in run("build", "--format", "cards").output
    assert "79 cards" in run("build", "--format", "cards", "--level", "3").output
    (project / "cardgen.yaml").write_text("paper: a4\nlevel: 4\n")
    result = run("build", "--format", "cards")
    assert result.exit_code == 1
    assert result.stderr == ("cardgen.yaml:2:8: `level`: should be a level from 1 (light cards "
                             "only) to 3 (every card)\n")


def test_a_level_that_does_not_exist_is_a_usage_error(project):
    result = run("build", "--level", "4")
    assert result.exit_code == 2
    assert "Invalid value for '--level': 4 is not in the range 1<=x<=3." in result.stderr


CRLF_DECK = ("title: Windows\nlanguage: en\nprompts:\n  - text: |\n      A first line,\n"
             "      and a second.\n    note: Saved by Notepad.\n  - What helps?\n")


def test_a_deck_saved_with_windows_line_endings_prints_the_same(tmp_path):
    """Notepad and most Windows editors end lines with CR LF: the deck reads as with LF,
    its text without stray CRs, its mistakes at the same line and column."""
    built = {}
    for name, ending in (("lf", "\n"), ("crlf", "\r\n")):
        (tmp_path / name / "decks").mkdir(parents=True)
        deck = tmp_path / name / "decks" / "d.yaml"
        deck.write_bytes(CRLF_DECK.replace("\n", ending).encode())
        result = run("build", "--format", "cards", cwd=tmp_path / name)
        assert result.exit_code == 0, result.output
        built[name] = (tmp_path / name / "output" / "d-cards.pdf").read_bytes()
        deck.write_bytes(CRLF_DECK.replace("note:", "nott:").replace("\n", ending).encode())
        built[name, "error"] = run("build", cwd=tmp_path / name).stderr
    assert built["crlf"] == built["lf"]
    assert built["crlf", "error"] == built["lf", "error"]
    assert built["crlf", "error"].startswith("decks/d.yaml:7:5: ")


def test_watch_follows_a_csv_files_settings_and_the_sheet_a_deck_takes_cards_from(
        tmp_path, cli_run, monkeypatch):
    from ..deck.test_sheets import ROWS, excel_csv

    (tmp_path / "decks").mkdir()
    (tmp_path / "sheets").mkdir()
    (tmp_path / "decks" / "circle.csv").write_bytes(excel_csv(ROWS))
    (tmp_path / "decks" / "circle.yaml").write_text("title: Circle\nregion: US\n")
    (tmp_path / "sheets" / "ours.csv").write_bytes(excel_csv(ROWS))
    (tmp_path / "decks" / "ours.yaml").write_text("title: Ours\nregion: US\n"
                                                  "cards_from: ../sheets/ours.csv\n")
    watched: list[Path] = []

    def watch(files, rebuild, stop, interval=0.5, since=None):
        watched.extend(files())

    monkeypatch.setattr("cardgen.tools.watch.watch", watch)
    result = cli_run("build", "--watch", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "wrote output/circle-cards.pdf" in result.output
    assert "wrote output/ours-cards.pdf" in result.output
    decks = [path.relative_to(tmp_path).as_posix() for path in watched
             if "decks" in path.parts or "sheets" in path.parts]
    assert decks == ["decks/circle.csv", "decks/circle.yaml", "decks/ours.yaml",
                     "decks/../sheets/ours.csv"]


# --- --cmyk: the print-shop file for a press --------------------------------------------

def test_cmyk_without_the_shop_file_is_a_usage_error(project, cli_run):
    result = cli_run("build", "--cmyk", cwd=project)
    assert result.exit_code == 2
    assert ("Invalid value for '--cmyk': only the print-shop file is made in CMYK for a "
            "press; add --format shop") in result.stderr
    assert not (project / "output").exists()


def test_cmyk_in_cardgen_yaml_makes_the_shop_file_for_a_press_and_leaves_sheets_rgb(
        project, cli_run):
    (project / "cardgen.yaml").write_text("cmyk: true\nformat: [cards, shop]\n")
    result = cli_run("build", cwd=project)
    assert result.exit_code == 0, result.output
    assert "PDF/X-4, CMYK for FOGRA39" in result.output
    assert b"GTS_PDFX" in (project / "output" / "mine-shop.pdf").read_bytes()
    assert b"GTS_PDFX" not in (project / "output" / "mine-cards.pdf").read_bytes()
    rgb = cli_run("build", "--rgb", "--format", "shop", "-o", project / "rgb", cwd=project)
    assert rgb.exit_code == 0, rgb.output
    assert b"GTS_PDFX" not in (project / "rgb" / "mine-shop.pdf").read_bytes()


def test_a_colour_that_prints_too_faint_in_cmyk_is_named(project, cli_run):
    deck = project / "decks" / "mine.yaml"
    deck.write_text(deck.read_text() + 'theme:\n  colours:\n    prompt: "#00838F"\n')
    result = cli_run("build", "--format", "shop", "--cmyk", cwd=project)
    assert result.exit_code == 1
    assert ("decks/mine.yaml: --cmyk: in CMYK for FOGRA39, prompt #00838F prints as #1E8692, "
            "4.3:1 against white; cards need 4.5:1: choose a darker colour in the deck's "
            "`theme: colours:`") in result.stderr
    assert cli_run("build", "--format", "shop", cwd=project).exit_code == 0  # 4.52:1 on screen
