"""One build set-up for every command: build, validate and lint judge a card the same way.

Each test writes a project as a user would (decks/, cardgen.yaml) and runs the commands
through Click's runner, asserting the exact text and exit code each gives.
"""

from __future__ import annotations

import pytest

from cardgen.deck.cards import deck_cards
from cardgen.deck.model import load_deck
from cardgen.products.context import Context
from cardgen.products.fitting import Fitting
from cardgen.products.options import BuildOptions

WORDS = ("Tell me about a day this month when you felt close to someone, and what made it "
         "so. " * 8).split()
# 90 words fit a poker card at 11 pt, and no Avery 5371 card (3.5 x 2 in) at all;
# 60 words fit a poker card at 13 pt, and an Avery 5371 card at 10 pt.
LONG, MIDDLING = " ".join(WORDS[:90]), " ".join(WORDS[:60])
DECK = f"title: T\nprompts:\n  - How are you?\n  - {LONG}\n"
HINT_5371 = ("shorten the text, or print on a stock with bigger cards: --stock avery-5388 "
             "(5 x 3 in, 3 a sheet)")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "cardgen.yaml").write_text("stock: avery-5371\n", encoding="utf-8")
    return tmp_path


def _first_error(text: str) -> str:
    return text.splitlines()[0]


def test_a_stock_in_cardgen_yaml_is_judged_alike_by_build_validate_and_lint(project, cli_run):
    built = cli_run("build", cwd=project)
    assert built.exit_code == 1
    first = _first_error(built.stderr)
    assert first.startswith("decks/mine.yaml:4:5: prompt 2 does not fit on a 3.5 x 2 in "
                            "Avery 5371 card: at 9 pt it needs "), built.stderr
    assert built.stderr == f"{first}\n  hint: {HINT_5371}\n"
    assert not (project / "output").exists()

    validated = cli_run("validate", cwd=project)
    assert (validated.exit_code, validated.stdout, validated.stderr) == (1, "", built.stderr)

    linted = cli_run("lint", cwd=project)
    assert linted.exit_code == 1
    assert linted.stdout == f"{first}; {HINT_5371}\n"


def test_without_the_stock_the_same_deck_builds_validates_and_lints_clean(project, cli_run):
    (project / "cardgen.yaml").write_text("format: cards\n", encoding="utf-8")
    assert cli_run("build", cwd=project).exit_code == 0
    validated = cli_run("validate", cwd=project)
    assert (validated.exit_code, validated.output) == (
        0, "decks/mine.yaml: ok (2 prompts, 0 reframes, 0 quotes, 0 practices, 0 helplines)\n")
    linted = cli_run("lint", cwd=project)
    assert (linted.exit_code, linted.output) == (0, "decks/mine.yaml: nothing to change\n")


def test_lint_names_the_stock_for_a_card_that_prints_small_on_it(project, cli_run):
    (project / "decks" / "mine.yaml").write_text(f"title: T\nprompts:\n  - {MIDDLING}\n")
    result = cli_run("lint", cwd=project)
    assert (result.exit_code, result.stdout) == (
        1, f"decks/mine.yaml:3:5: prompt 1 prints at 9 pt on a 3.5 x 2 in Avery 5371 card; "
           f"{HINT_5371}\n")
    (project / "cardgen.yaml").unlink()
    assert cli_run("lint", cwd=project).output == "decks/mine.yaml: nothing to change\n"


def test_validate_refuses_a_card_that_no_size_fits_as_build_does(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    long = " ".join(["What helps you most?"] * 40)
    (tmp_path / "decks" / "d.yaml").write_text(f"title: T\nprompts:\n  - Hi?\n  - {long}\n")
    built = cli_run("build", cwd=tmp_path)
    validated = cli_run("validate", cwd=tmp_path)
    assert built.exit_code == validated.exit_code == 1
    assert validated.stdout == ""
    assert validated.stderr == built.stderr
    assert validated.stderr.startswith("decks/d.yaml:4:5: prompt 2 does not fit on a poker card")


def test_validate_refuses_a_booklet_build_would_refuse(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    prompts = "".join(f"  - Question {n}, about the week you had?\n" for n in range(60))
    (tmp_path / "decks" / "d.yaml").write_text(f"title: T\nprompts:\n{prompts}")
    (tmp_path / "cardgen.yaml").write_text("impose: zine\nformat: booklet\n")
    built = cli_run("build", cwd=tmp_path)
    validated = cli_run("validate", cwd=tmp_path)
    assert built.exit_code == validated.exit_code == 1
    assert validated.stderr == built.stderr
    assert "the booklet needs " in validated.stderr
    assert validated.stderr.endswith("pages and a zine has 8; print fewer cards with --only or "
                                     "--tag, or use --impose pocket\n")


def test_validate_says_a_setting_that_cannot_work_at_its_line_in_cardgen_yaml(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text("title: T\nprompts:\n  - Hi?\n")
    (tmp_path / "cardgen.yaml").write_text("format: shop\nbleed: 3000mm\n")
    built = cli_run("build", cwd=tmp_path)
    validated = cli_run("validate", cwd=tmp_path)
    assert built.exit_code == validated.exit_code == 1
    assert validated.stderr == built.stderr
    assert validated.stderr.startswith("cardgen.yaml:2:8: `bleed`: 3000mm of bleed makes each "
                                       "print-shop page larger than")


def test_the_context_names_the_card_and_fits_to_the_stock(tmp_path):
    deck_file = tmp_path / "d.yaml"
    deck_file.write_text(DECK, encoding="utf-8")
    deck = load_deck(deck_file)
    plain = Context.create(BuildOptions())
    stocked = Context.create(BuildOptions(stock="avery-5371"), fonts=plain.fonts)
    assert (plain.card_name, stocked.card_name) == ("poker", "3.5 x 2 in Avery 5371")
    assert stocked.card_size == (252.0, 144.0)
    assert [face.card.number for face in plain.fit(deck, deck_cards(deck))] == ["1", "2"]
    fitting = Fitting(stocked.face_maker(deck), deck_cards(deck))
    assert [face.card.number for face in fitting] == ["1"]
    assert [error.hint for error in fitting.errors] == [HINT_5371]


def test_each_format_prints_its_own_backs_and_bleed_unless_told(tmp_path):
    context = Context.create(BuildOptions())
    assert [context.backs(name) for name in ("cards", "shop", "images", "booklet")] == [
        "light", "full", "full", "light"]
    assert context.bleed("cards") == 0.0
    assert context.bleed("shop") == 9.0  # 1/8 in: US shops ask it, and it is over 3 mm
    assert context.bleed("images") == 9.0
    told = Context.create(BuildOptions(backs="light", bleed=0.0), fonts=context.fonts)
    assert (told.backs("shop"), told.bleed("shop")) == ("light", 0.0)


def test_preview_refuses_a_card_too_long_for_the_stock_as_build_does(project, cli_run):
    built = cli_run("build", "decks/mine.yaml", "--format", "cards", cwd=project)
    previewed = cli_run("preview", "decks/mine.yaml", "--format", "cards", cwd=project)
    assert built.exit_code == previewed.exit_code == 1
    assert previewed.stderr == built.stderr
    assert not (project / "output").exists()


def test_validate_skips_a_deck_this_machine_has_no_font_for_as_build_does(
        tmp_path, cli_run, no_cjk_installed):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "a.yaml").write_text("title: T\nprompts:\n  - Hi?\n")
    (tmp_path / "decks" / "b.yaml").write_text("title: 话\nlanguage: zh\nprompts:\n  - 你好？\n")
    built = cli_run("build", cwd=tmp_path)
    validated = cli_run("validate", cwd=tmp_path)
    assert built.exit_code == validated.exit_code == 0
    skipped = built.stderr[built.stderr.index("skipped decks/b.yaml: "):]  # with its hint
    assert validated.stdout == (
        "decks/a.yaml: ok (1 prompt, 0 reframes, 0 quotes, 0 practices, 0 helplines)\n"
        + skipped)
    named = cli_run("validate", "decks/b.yaml", cwd=tmp_path)
    assert named.exit_code == 1
    assert named.stderr == skipped.removeprefix("skipped ")
