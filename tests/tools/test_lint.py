"""`cardgen lint` as a library: which words, sentences and cards it reports, and exactly where."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors, Position
from cardgen.products.context import Context
from cardgen.products.options import BuildOptions
from cardgen.tools.lint import Finding, lint_deck, word_list
from support.fontmaker import renamed
from support.paths import DECKS

ADDICT = '"person who uses drugs" / "person with a substance use disorder"'
ADDICTS = '"people who use drugs" / "people with a substance use disorder"'
CLEAN = '"not using" / "in recovery"'


def lint(tmp_path, text: str, card: str = "poker", name: str = "deck.yaml",
         today: datetime.date | None = None) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    context = Context.create(BuildOptions(card=card))
    return [str(finding) for finding in lint_deck(path, name, context, today)]


def test_a_finding_prints_as_path_line_column_message():
    finding = Finding(Position("decks/family.yaml", 14, 7), '"clean" -> "not using"')
    assert str(finding) == 'decks/family.yaml:14:7: "clean" -> "not using"'


def test_words_are_reported_where_they_stand_in_plain_quoted_and_block_text(tmp_path):
    text = (
        "title: Talking with an Addict\n"              # 1: Addict at 24
        "prompts:\n"
        "  - text: Are you clean now?\n"               # 3: clean at 19
        '  - text: "How are the junkies doing?"\n'     # 4: junkies at 24
        "  - 'Do the addicts know?'\n"                 # 5: addicts at 13
        "  - text: |\n"
        "      First line.\n"
        "      Is the test dirty?\n"                   # 8: dirty at 19
        "  - text: >-\n"
        "      A story of a relapse\n"                 # 10: relapse at 20
        "      told by a drug\n"                       # 11: drug user starts at 17
        "      user.\n"
        "  - text: Is he still an\n"
        "      alcoholic?\n"                           # 14: alcoholic at 7
    )
    assert lint(tmp_path, text) == [
        f'deck.yaml:1:24: "Addict" -> {ADDICT}',
        f'deck.yaml:3:19: "clean" -> {CLEAN}',
        f'deck.yaml:4:24: "junkies" -> {ADDICTS}',
        f'deck.yaml:5:13: "addicts" -> {ADDICTS}',
        'deck.yaml:8:19: "dirty" -> "testing positive" / "using"',
        'deck.yaml:10:20: "relapse" -> "return to use"',
        'deck.yaml:11:17: "drug user" -> "person who uses drugs"',
        'deck.yaml:14:7: "alcoholic" -> "person with an alcohol use disorder"',
    ]


def test_every_printed_field_outside_quotations_is_checked(tmp_path):
    text = (
        "title: T\n"
        "subtitle: For families of addicts\n"
        "intro: Clean cards.\n"
        "labels:\n"
        "  prompt: Ask the addict\n"
        "prompts:\n"
        "  - text: Hello?\n"
        "    topic: Relapse\n"
        "    note: A habit\n"
        "reframes:\n"
        "  - instead: Hi.\n"
        "    try: Not dirty.\n"
        "    why: No junkie.\n"
        "    topic: Substance abuse\n"
        "region: US\nresources:\n"
        "  - name: Addicts Anonymous\n"
        "    note: For alcoholics.\n"
        "    url: https://help.org.uk/clean\n"
        "    phone: \"988\"\n"
        f"    checked: {datetime.date.today()}\n"
    )
    assert [finding.split(": ")[1] for finding in lint(tmp_path, text)] == [
        '"addicts" -> ' + ADDICTS, '"Clean" -> ' + CLEAN, '"addict" -> ' + ADDICT,
        '"Relapse" -> "return to use"', '"habit" -> "substance use disorder"',
        '"dirty" -> "testing positive" / "using"', '"junkie" -> ' + ADDICT,
        '"Substance abuse" -> "substance use" / '
        '"misuse (for medicines taken other than prescribed)"',
        '"Addicts" -> ' + ADDICTS, '"alcoholics" -> "people with an alcohol use disorder"',
    ]


def test_inflected_forms_and_any_case_are_flagged(tmp_path):
    text = (
        "title: T\n"
        "prompts:\n"
        "  - ADDICTS and an ex-addict\n"
        "  - He relapsed; she is relapsing\n"
        "  - Abusing drugs, a DRUG-USER\n"
    )
    assert lint(tmp_path, text) == [
        f'deck.yaml:3:5: "ADDICTS" -> {ADDICTS}',
        f'deck.yaml:3:23: "addict" -> {ADDICT}',
        'deck.yaml:4:8: "relapsed" -> "returned to use"',
        'deck.yaml:4:25: "relapsing" -> "returning to use"',
        'deck.yaml:5:5: "Abusing drugs" -> "using drugs" / '
        '"misusing (for medicines taken other than prescribed)"',
        'deck.yaml:5:22: "DRUG-USER" -> "person who uses drugs"',
    ]


def test_only_whole_words_and_not_words_about_things(tmp_path):
    text = (
        "title: T\n"
        "prompts:\n"
        "  - A user-friendly guide for users and addiction\n"
        "  - The cleaner cleaned up; cleanliness in the habitat\n"
        "  - Clean water, clean needles and dirty needles are free\n"
        "  - Alcoholic drinks, non-alcoholic beer, healthy habits\n"
        "  - Nicotine replacement therapy, a clean-up, habit-forming pills, clean-shaven\n"
        "  - Child abuse and being abused are not about drugs\n"
    )
    assert lint(tmp_path, text) == []


def test_the_longest_listed_phrase_wins(tmp_path):
    text = "title: T\nprompts:\n  - Not a drug habit, just a habit\n"
    assert lint(tmp_path, text) == [
        'deck.yaml:3:11: "drug habit" -> "drug use" / "substance use disorder"',
        'deck.yaml:3:30: "habit" -> "substance use disorder"',
    ]


def test_quotations_and_the_instead_half_are_never_flagged(tmp_path):
    text = (
        "title: T\n"
        "reframes:\n"
        "  - instead: Call me when you're clean, you addict. You relapsed, junkie.\n"
        "    try: Call me any time.\n"
        "quotes:\n"
        "  - text: A dead drug user can't recover. Addicts, clean, dirty.\n"
        "    by: An addict in recovery\n"
        "    source: Clean and dirty, a junkie's story\n"
        "    topic: Relapse\n"
    )
    assert lint(tmp_path, text) == []


def test_a_comment_on_a_block_header_is_not_card_text(tmp_path):
    text = "title: T\nprompts:\n  - text: | # was: are you clean?\n      Are you safe?\n"
    assert lint(tmp_path, text) == []


def test_the_decks_own_avoid_words_are_flagged_with_its_suggestion(tmp_path):
    text = (
        "title: T\n"
        "avoid:\n"
        "  druggie: person who uses drugs\n"
        "  clean: sober today\n"
        "prompts:\n"
        "  - Druggies and a druggie, clean\n"
    )
    assert lint(tmp_path, text) == [
        'deck.yaml:6:5: "Druggies" -> "person who uses drugs"',
        'deck.yaml:6:20: "druggie" -> "person who uses drugs"',
        'deck.yaml:6:29: "clean" -> "sober today"',
    ]


def test_word_list_is_the_languages_list_merged_with_the_decks(tmp_path):
    builtin = word_list()
    assert builtin["clean"] == CLEAN
    assert builtin["addicts"] == ADDICTS
    assert builtin["drug user"] == '"person who uses drugs"'
    assert "user" not in builtin  # only "drug user": "user" alone is fine

    path = tmp_path / "deck.yaml"
    path.write_text("title: T\nlanguage: fr\navoid:\n  toxico: personne qui consomme\n"
                    "prompts:\n  - Un habit neuf\n", encoding="utf-8")
    french = load_deck(path)
    # No French list yet: only the deck's words, and "habit" (clothing) is fine.
    says = '"personne qui consomme"'
    assert word_list(french) == {"toxico": says, "toxicos": says}
    assert lint_deck(path, "deck.yaml") == []


def test_a_spanish_deck_uses_the_spanish_list(tmp_path):
    text = (
        "title: T\n"
        "language: es\n"
        "prompts:\n"
        "  - ¿Sigue limpio? No es un adicto. Agua limpia y jeringas limpias.\n"
        "  - Is he clean?\n"
    )
    assert lint(tmp_path, text) == [
        'deck.yaml:4:12: "limpio" -> "sin consumir" / "en recuperación"',
        'deck.yaml:4:29: "adicto" -> "persona que usa drogas" / '
        '"persona con un trastorno por consumo de sustancias"',
    ]


def test_a_long_sentence_is_reported_at_its_start(tmp_path):
    long = " ".join(["word"] * 26) + "."
    limit = " ".join(["word"] * 25) + "."
    text = (
        "title: T\n"
        "intro: |\n"
        f"  Short one. {long}\n"
        "\n"
        f"  {limit}\n"
        "prompts:\n"
        f"  - text: {limit} {limit}\n"
        "reframes:\n"
        f"  - instead: {long}\n"
        "    try: Fine.\n"
        "quotes:\n"
        f"  - text: {long}\n"
        "    by: Someone\n"
    )
    message = "long sentence (26 words); split it so it reads in one breath"
    assert lint(tmp_path, text) == [f"deck.yaml:3:14: {message}", f"deck.yaml:9:14: {message}"]


def test_a_paragraph_break_ends_a_sentence(tmp_path):
    twenty = " ".join(["word"] * 20)
    text = f"title: T\nintro: |\n  {twenty}\n\n  {twenty}\nprompts:\n  - Hello?\n"
    assert lint(tmp_path, text) == []


def test_a_card_that_prints_small_is_reported_at_its_text(tmp_path):
    small = " ".join(["What helps you most?"] * 26)  # a prompt that fits only at 9 pt
    small_try = " ".join(["What helps you most?"] * 19)  # the same for a reframe's `try`
    roomy = " ".join(["What helps you most?"] * 16)  # 11 pt or more
    text = (
        "title: T\n"
        "prompts:\n"
        f"  - {roomy}\n"
        f"  - text: {small}\n"
        "reframes:\n"
        "  - instead: Hi.\n"
        f"    try: {small_try}\n"
        "quotes:\n"
        f"  - text: {small}\n"
        "    by: Someone\n"
    )
    assert lint(tmp_path, text) == [
        "deck.yaml:4:11: prompt 2 prints at 9 pt on a poker card; shorten it (or use --card large)",
        "deck.yaml:7:10: reframe 3 prints at 9 pt on a poker card; "
        "shorten it (or use --card large)",
    ]
    assert lint(tmp_path, text, card="large") == []


def test_a_card_that_does_not_fit_is_reported_too(tmp_path):
    text = "title: T\nprompts:\n  - " + " ".join(["What helps you most?"] * 40) + "\n"
    [finding] = lint(tmp_path, text)
    assert finding.startswith("deck.yaml:3:5: prompt 1 does not fit on a poker card: "
                              "at 9 pt it needs ")
    assert finding.endswith(" pt more height than the card has; shorten it (or use --card large)")


def test_a_deck_that_does_not_load_raises_its_errors(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("title: T\nprompts:\n  - txet: Hello\n", encoding="utf-8")
    with pytest.raises(DeckErrors) as caught:
        lint_deck(path, "bad.yaml")
    assert "bad.yaml:3:5: `txet`: unknown key; did you mean `text`?" in str(caught.value)


@pytest.mark.parametrize("deck", sorted(DECKS.glob("*.yaml")), ids=lambda path: path.name)
def test_the_bundled_decks_lint_clean(deck):
    from cardgen.text.fonts import load_fonts
    from support.cjk import fonts_for_deck

    fonts = load_fonts(fonts_for_deck(deck))
    context = Context.create(BuildOptions(), fonts=fonts)
    assert [str(finding) for finding in lint_deck(deck, deck.name, context)] == []


def test_a_character_no_font_has_is_reported_at_its_field(tmp_path):
    text = "title: T\nprompts:\n  - text: Hi \U000F0000 there?\n"
    [finding] = lint(tmp_path, text)
    assert finding.startswith("deck.yaml:3:11: prompt 1: no font can draw '\\U000f0000' (U+F0000)")


def test_a_placeholder_address_is_flagged(tmp_path):
    """A placeholder number stops the build (tests/deck/test_phones.py); an address on a
    domain kept for examples is only flagged, as a web page can be checked by opening it."""
    text = ("title: T\nprompts: [Hi?]\nregion: US\nresources:\n"
            "  - {name: Line, phone: '988', url: 'https://example.org', checked: 2026-11-01}\n")
    assert lint(tmp_path, text, today=datetime.date(2026, 12, 7)) == [
        "deck.yaml:5:37: `https://example.org` looks like a placeholder; put the helpline's real "
        "address here, or remove it",
    ]


@pytest.mark.parametrize("checked, today, finding", [
    (None, "2026-12-07", "deck.yaml:5:5: Line has no `checked:` date; call the number or look it "
                         "up, then add `checked: 2026-12-07` (the day you did)"),
    ("2025-11-01", "2026-12-07", "deck.yaml:6:14: Line was last checked in November 2025, more "
                                 "than 12 months ago; call it or look it up again, then update "
                                 "`checked:`"),
    ("2025-12-07", "2026-12-07", None),
    ("2027-01-01", "2026-12-07", "deck.yaml:6:14: Line's `checked:` date, 2027-01-01, is in the "
                                 "future; write the day someone last called the number"),
])
def test_a_helpline_not_checked_lately_is_flagged(tmp_path, checked, today, finding):
    date = f"    checked: {checked}\n" if checked else ""
    text = ("title: T\nprompts: [Hi?]\nregion: US\nresources:\n"
            f"  - name: Line\n{date}    phone: '988'\n")
    assert lint(tmp_path, text, today=datetime.date.fromisoformat(today)) == (
        [finding] if finding else [])


def test_how_long_a_check_lasts_is_set_in_cardgen_yaml(tmp_path, cli_run, monkeypatch):
    (tmp_path / "decks").mkdir()
    checked = datetime.date.today() - datetime.timedelta(days=100)
    (tmp_path / "decks" / "d.yaml").write_text(
        "title: T\nprompts: [Hi?]\nregion: US\nresources:\n"
        f"  - name: Line\n    phone: '988'\n    checked: {checked}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli_run("lint").exit_code == 0
    (tmp_path / "cardgen.yaml").write_text("recheck_months: 3\n", encoding="utf-8")
    result = cli_run("lint")
    assert result.exit_code == 1
    assert "more than 3 months ago" in result.output


def test_the_starter_deck_lints_until_its_helpline_is_checked(tmp_path, cli_run):
    assert cli_run("new", tmp_path / "mine.yaml").exit_code == 0
    assert cli_run("build", tmp_path / "mine.yaml", "--out", tmp_path / "out").exit_code == 0
    result = cli_run("lint", tmp_path / "mine.yaml")
    assert result.exit_code == 1
    assert "has no `checked:` date" in result.output


def test_lint_reads_cardgen_yaml_as_build_does(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    quote = "How long it takes is how long it takes, and that is fine with me. " * 3
    (tmp_path / "decks" / "d.yaml").write_text(
        f"title: T\nquotes:\n  - text: {quote}\n    by: Someone\n")
    assert cli_run("lint", cwd=tmp_path).output == "decks/d.yaml: nothing to change\n"
    (tmp_path / "cardgen.yaml").write_text("large_print: true\n")
    build = cli_run("build", "--format", "cards", cwd=tmp_path)
    lint_ = cli_run("lint", cwd=tmp_path)
    assert build.exit_code == lint_.exit_code == 1
    assert "quote 1 does not fit on a poker card" in build.output
    assert lint_.output.startswith("decks/d.yaml:3:11: quote 1 does not fit on a poker card: ")


def test_lint_uses_the_fonts_build_uses(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text("title: T\nprompts: [Hi?]\n")
    (tmp_path / "cardgen.yaml").write_text("font: missing.ttf\n")
    build = cli_run("build", cwd=tmp_path)
    lint_ = cli_run("lint", cwd=tmp_path)
    assert build.exit_code == lint_.exit_code == 1
    assert build.output == lint_.output == "font not found: missing.ttf\n"


def test_lint_reads_the_fonts_folder_as_build_does(tmp_path, cli_run):
    """Two families in fonts/ stop the build; lint, reading fonts/ as build does, stops too."""
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text("title: T\nprompts: [Hi?]\n")
    renamed(tmp_path / "fonts" / "one.ttf", "First Sans")
    renamed(tmp_path / "fonts" / "two.ttf", "Second Serif", "bold")
    build = cli_run("build", cwd=tmp_path)
    lint_ = cli_run("lint", cwd=tmp_path)
    assert build.exit_code == lint_.exit_code == 1
    assert build.output == lint_.output
    assert lint_.output.startswith("fonts/ holds more than one font family: First Sans")


WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


@pytest.mark.skipif(not WQY.exists(), reason="fonts-wqy-zenhei is not installed")
def test_a_chinese_deck_with_its_font_in_the_fonts_folder_lints_clean(tmp_path, cli_run):
    (tmp_path / "decks").mkdir()
    deck = "title: 家庭\nlanguage: zh\nprompts: [你今天好吗？]\n"
    (tmp_path / "decks" / "zh.yaml").write_text(deck, encoding="utf-8")
    (tmp_path / "fonts").mkdir()
    shutil.copy(WQY, tmp_path / "fonts")
    assert cli_run("build", "--format", "cards", cwd=tmp_path).exit_code == 0
    result = cli_run("lint", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "decks/zh.yaml: nothing to change\n")


def test_what_the_booklet_would_refuse_is_a_finding_at_its_line(tmp_path):
    # The cards print no licence, so only the booklet's back cover refuses a long one.
    licence = " ".join(["words"] * 600)
    text = f"title: T\nlicense: {licence}\nprompts: [How are you?]\n"
    assert lint(tmp_path, text) == [
        "deck.yaml:2:10: the license is too long for the back cover of a quarter-letter "
        "booklet; shorten the license"]


def test_a_content_note_is_the_decks_own_words_even_on_a_quotation(tmp_path):
    text = (
        "title: T\n"
        "quotes:\n"
        "  - text: Addicts, clean, dirty.\n"
        "    by: Someone\n"
        "    content_note: talks about addicts\n"
        "prompts:\n"
        "  - text: How are you?\n"
        "    content_note: talks about relapse\n"
    )
    assert lint(tmp_path, text) == [
        'deck.yaml:5:31: "addicts" -> "people who use drugs" / "people with a substance use '
        'disorder"',
        'deck.yaml:8:31: "relapse" -> "return to use"']
