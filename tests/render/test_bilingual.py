"""Bilingual cards (render/bilingual.py through render/face.py): a translation's words with
its source's beneath, read back from the card sheets and the booklet."""

from __future__ import annotations

import pypdfium2
import pytest

from cardgen.choices import BOOKLET_SIZES, CARDS, PAPERS
from cardgen.deck.cards import booklet_cards
from cardgen.layout.sheet import sheet_layout
from cardgen.products.booklet import pages_pdf
from cardgen.products.build import make
from cardgen.products.context import Context
from cardgen.products.options import BuildOptions
from cardgen.render.booklet import lay_out
from cardgen.render.fitting import SAFE
from cardgen.verify.readback import document_runs
from support.paths import DATA
from support.pdfread import reader

FAMILY = DATA / "decks" / "bilingual"


def card_runs(deck: str, slot: int, card: str = "poker", **options):
    """The runs of characters on one card of the first sheet, and the card's slot."""
    built = make(FAMILY / deck, BuildOptions(formats=("cards",), card=card, marks=False,
                                             bilingual=True, **options))
    document = pypdfium2.PdfDocument(built["cards"].data)
    runs = document_runs(document, 0)
    place = sheet_layout(PAPERS["letter"], CARDS[card]).slots[slot]
    return [r for r in runs if place.x <= (r.box[0] + r.box[2]) / 2 <= place.right
            and place.y <= (r.box[1] + r.box[3]) / 2 <= place.top], place


def find(runs, text: str):
    found = [r for r in runs if text in r.text]
    assert found, (text, [r.text for r in runs])
    return found[0]


@pytest.mark.parametrize("card", ["poker", "large"])
def test_the_source_is_beneath_the_translation_smaller_and_muted(card):
    runs, _ = card_runs("family.es.yaml", 1, card)  # prompt 1, after the instructions
    spanish, english = find(runs, "¿Cómo"), find(runs, "What")
    assert english.box[3] < spanish.box[1]  # beneath
    assert english.size < spanish.size  # a step down the ladder
    assert english.fill != spanish.fill  # muted, not ink
    assert find(runs, "Ask").size == find(runs, "Pregunta").size  # one label, both words


def test_an_english_source_under_arabic_reads_from_the_left():
    runs, place = card_runs("family.ar.yaml", 1)
    english = find(runs, "What")
    assert english.box[0] == pytest.approx(place.x + SAFE, abs=1.0)
    arabic = max((r for r in runs if any("\u0600" <= c <= "\u06ff" for c in r.text)
                  and r.size > english.size), key=lambda r: r.box[2])
    assert arabic.box[2] == pytest.approx(place.right - SAFE, abs=1.0)  # flush right


def test_a_quotation_is_attributed_once_and_each_language_has_its_marks():
    runs, _ = card_runs("family.es.yaml", 5)  # instructions, prompts 1, 2, 8, reframe 3, quote 4
    assert sum(r.text.count("Tatarsky") for r in runs) == 1
    assert find(runs, "Meet").text.startswith("\u201c")  # English marks on the English words


def test_a_helpline_number_is_printed_once_its_name_twice():
    runs, _ = card_runs("family.es.yaml", 7)  # helpline 6
    assert sum(r.text.count("988") for r in runs) == 3  # the number, and in each name
    assert find(runs, "Lifeline")


def test_a_card_without_its_source_prints_alone():
    runs, _ = card_runs("family.es.yaml", 3)  # prompt 8: no card 8 in family.yaml
    assert find(runs, "¿Qué")
    assert not [r for r in runs if "Ask" in r.text]


def test_each_booklet_entry_has_its_source_beneath():
    context = Context.create(BuildOptions(bilingual=True))
    deck, cards = context.load(FAMILY / "family.es.yaml")
    booklet = lay_out(deck, booklet_cards(deck, cards), context.fonts, context.theme(deck),
                      BOOKLET_SIZES["a6"], pairing=context.pairing(deck))
    both = "".join(page.extract_text() for page in reader(pages_pdf(booklet)).pages)
    assert both.index("¿Cómo te puedo ayudar?") < both.index("How can I help?")
    assert "Pregunta\u00a0· Ask" in both or "Pregunta · Ask" in both


def test_a_card_that_fits_alone_but_not_with_its_source_names_it(tmp_path, cli_run):
    words = " ".join(["palabra"] * 40)
    (tmp_path / "en.yaml").write_text(f"title: T\nprompts:\n  - id: 1\n    text: "
                                      f"{' '.join(['word'] * 90)}\n", encoding="utf-8")
    (tmp_path / "es.yaml").write_text(f"title: T\nlanguage: es\ntranslation_of: en.yaml\n"
                                      f"prompts:\n  - id: 1\n    text: {words}\n",
                                      encoding="utf-8")
    alone = cli_run("build", "es.yaml", "--format", "cards", "-o", "one", cwd=tmp_path)
    assert alone.exit_code == 0, alone.output
    result = cli_run("build", "es.yaml", "--bilingual", "--format", "cards", "-o", "out",
                     cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("es.yaml:6:11: prompt 1 (in Spanish with English beneath) "
                                    "does not fit on a poker card: at 9 pt it needs ")
    assert "hint: shorten the text, or use a bigger card: --card large" in result.output
    assert not (tmp_path / "out").exists()
