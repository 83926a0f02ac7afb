"""--bilingual as a user asks for it: the option, cardgen.yaml, the build's note about cards
in one language, and the screen edition in both languages."""

from __future__ import annotations

import re
import shutil

import pypdfium2

from cardgen.verify.readback import document_runs
from support.paths import DATA

FAMILY = DATA / "decks" / "bilingual"


def test_bilingual_on_a_deck_that_is_not_a_translation_is_a_usage_error(cli_run, tmp_path):
    result = cli_run("build", FAMILY / "family.yaml", "--bilingual", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "Invalid value for '--bilingual'" in result.output
    assert "is not a translation: it has no `translation_of:`" in result.output
    assert not (tmp_path / "out").exists()


def test_bilingual_in_cardgen_yaml_prints_a_folders_translations_in_both(cli_run, tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    for name in ("family.yaml", "family.es.yaml"):
        shutil.copy(FAMILY / name, decks / name)
    (tmp_path / "cardgen.yaml").write_text("bilingual: true\n", encoding="utf-8")
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert ("note: decks/family.yaml has no `translation_of:`: it is printed in one language "
            "(bilingual cards are for translations)") in result.stderr
    def words(name):
        document = pypdfium2.PdfDocument(tmp_path / "output" / name)
        return "".join(run.text for run in document_runs(document, 0))
    spanish, english = words("family.es-cards.pdf"), words("family-cards.pdf")
    assert "¿Cómotepuedoayudar?" in spanish and "HowcanIhelp?" in spanish
    assert "HowcanIhelp?" in english and "Pregunta" not in english
    # Named on the command line, a deck that is not a translation is still built as usual
    # under cardgen.yaml's `bilingual: true`: only --bilingual asks it of the deck.
    named = cli_run("build", "decks/family.yaml", "--format", "cards", cwd=tmp_path)
    assert named.exit_code == 0, named.output


def test_a_card_without_its_source_is_printed_and_named(cli_run, tmp_path):
    result = cli_run("build", FAMILY / "family.es.yaml", "--bilingual", "--format", "cards",
                     "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert re.search(r"family\.es\.yaml: prompt 8 \(line 17\) prints in Spanish alone: \S*"
                     r"family\.yaml has no card with the same `id:` and kind", result.stderr)
    assert "(4 pages, 9 cards)" in result.stdout


def test_without_bilingual_a_translation_prints_its_own_words_alone(cli_run, tmp_path):
    result = cli_run("build", FAMILY / "family.es.yaml", "--format", "html", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "family.es.html").read_text(encoding="utf-8")
    assert "How can I help?" not in page and "alone" not in result.stderr


def test_the_screen_edition_marks_each_languages_words(cli_run, tmp_path):
    result = cli_run("build", FAMILY / "family.ar.yaml", "--bilingual", "--format", "html",
                     "-o", tmp_path)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "family.ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in page
    assert ('<p class="main under" lang="en" dir="ltr">How can I help?</p>' in page)
    assert '<span class="label">اسأل\u00a0· <span lang="en" dir="ltr">Ask</span></span>' in page
    # A quotation: both languages in the blockquote, who said it once.
    quote = page[page.index('<figure class="quotation">'):]
    quote = quote[:quote.index("</figure>")]
    assert quote.count("تاتارسكي") == 1 and "Meet people where they are." in quote
    assert "<script" not in quote
