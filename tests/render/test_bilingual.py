"""Bilingual cards (render/bilingual.py through render/face.py): a translation's words with
its source's beneath, read back from the card sheets and the booklet."""

from __future__ import annotations

import re

import pypdfium2
import pytest

from cardgen.choices import BOOKLET_SIZES, CARDS, PAPERS
from cardgen.deck.cards import booklet_cards
from cardgen.deck.colours import contrast
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
    place = sheet_layout(PAPERS["letter"], CARDS[card], marks=False).slots[slot]
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
    assert ("hint: shorten the text (or its English, at en.yaml:4:11), or use a bigger card: "
            "--card large") in result.output
    assert not (tmp_path / "out").exists()


def arabic(run) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in run.text)


def test_a_short_intro_has_its_source_beneath_on_one_card():
    runs, place = card_runs("family.ar.yaml", 0)
    english, own = find(runs, "Takeacard"), max(filter(arabic, runs), key=lambda r: r.size)
    assert english.box[3] < own.box[1] and english.size < own.size
    assert english.fill != own.fill  # muted, as every source's words
    assert english.box[0] == pytest.approx(place.x + SAFE, abs=1.0)  # from the left


def long_intros(folder):
    """family.yaml and family.ar.yaml in `folder`, with intros of three paragraphs each:
    too long for one card together."""
    english = ("Draw a card and read it aloud. Then talk about it together, for as long as it "
               "helps.\n\n  Anyone may pass, at any time, without saying why. Nobody has to "
               "answer a question they do not want to answer.\n\n  Keep what is said here "
               "between you. Be kind to each other, and take a break whenever someone needs one.")
    arabic_intro = ("اسحب بطاقة واقرأها بصوت عالٍ. ثم تحدثوا عنها معًا طالما كان ذلك مفيدًا.\n\n"
                    "  يمكن لأي شخص أن يتخطى دوره في أي وقت دون أن يقول السبب. لا أحد مضطر "
                    "للإجابة عن سؤال لا يريد الإجابة عنه.\n\n  احتفظوا بما يقال هنا بينكم. كونوا "
                    "لطفاء مع بعضكم، وخذوا استراحة كلما احتاجها أحد.")
    for name, intro in (("family.yaml", english), ("family.ar.yaml", arabic_intro)):
        text = (FAMILY / name).read_text(encoding="utf-8")
        start = text.index("intro: |\n") + len("intro: |\n")
        end = text.index("\n\n", start)
        (folder / name).write_text(f"{text[:start]}  {intro}{text[end:]}", encoding="utf-8")
    return folder / "family.ar.yaml"


def test_a_long_intro_is_followed_by_the_sources_on_its_own_cards(tmp_path):
    built = make(long_intros(tmp_path), BuildOptions(formats=("cards",), marks=False,
                                                     bilingual=True))
    runs = document_runs(pypdfium2.PdfDocument(built["cards"].data), 0)
    slots = sheet_layout(PAPERS["letter"], CARDS["poker"], marks=False).slots

    def on(slot):
        place = slots[slot]
        return [r for r in runs if place.x <= r.box[0] <= place.right
                and place.y <= r.box[1] <= place.top]

    first, second = on(0), on(1)
    assert [r for r in first if arabic(r)] and not [r for r in first if "Draw" in r.text]
    assert find(second, "Howtouse")  # the source's own word in the band, in its language
    draw, keep = find(second, "Drawacard"), find(second, "Keep")
    assert draw.fill == keep.fill and draw.size == keep.size  # its main text, not beneath
    assert not [r for r in second if arabic(r) and r.size >= keep.size]  # the footer's title


def test_a_bilingual_booklet_opens_with_both_intros_and_sets_english_from_the_left():
    context = Context.create(BuildOptions(bilingual=True))
    deck, cards = context.load(FAMILY / "family.ar.yaml")
    booklet = lay_out(deck, booklet_cards(deck, cards), context.fonts, context.theme(deck),
                      BOOKLET_SIZES["a6"], pairing=context.pairing(deck))
    document = pypdfium2.PdfDocument(pages_pdf(booklet))
    intro = document_runs(document, 1)
    own, english = max(filter(arabic, intro), key=lambda r: r.size), find(intro, "Takeacard")
    assert english.box[1] < own.box[1] and english.fill != own.fill
    prompts = [r for r in document_runs(document, 2) if not r.text.isdigit()]
    lines = [r for r in prompts if "help?" in r.text or "lookliketoyou" in r.text]
    left = min(r.box[0] for r in prompts)
    right = max(r.box[2] for r in prompts)
    for line in lines:  # English starts at the column's left, as on the cards
        assert line.box[0] == pytest.approx(left, abs=1.5)
        assert line.box[2] < right - 20


def test_large_print_on_a_large_card_keeps_both_languages_at_14_pt_or_more():
    built = make(FAMILY / "family.ar.yaml", BuildOptions(formats=("cards",), card="large",
                                                         large_print=True, bilingual=True,
                                                         verify=True))
    document = pypdfium2.PdfDocument(built["cards"].data)
    slots = sheet_layout(PAPERS["letter"], CARDS["large"]).slots
    runs = [run for page in range(len(document)) for run in document_runs(document, page)]
    # The cards' words: not the printing note in the sheet's margin, outside every card.
    words = [run for run in runs if any(
        slot.x <= (run.box[0] + run.box[2]) / 2 <= slot.right
        and slot.y <= (run.box[1] + run.box[3]) / 2 <= slot.top for slot in slots)]
    assert len(words) < len(runs)  # the margin's note was left out, and only it
    assert find(words, "HowcanIhelp?") and min(run.size for run in words) >= 14


def test_large_print_on_a_poker_card_names_each_card_and_both_places(cli_run):
    result = cli_run("build", FAMILY / "family.ar.yaml", "--bilingual", "--large-print",
                     "--format", "cards", "-o", "out")
    assert result.exit_code == 1
    assert re.search(r"family\.ar\.yaml:11:11: prompt 1 \(in Arabic with English beneath\) "
                     r"does not fit on a poker card: at 16 pt it needs \d+ pt more height",
                     result.output)
    assert re.search(r"hint: large print needs room: use --card large, or shorten the text "
                     r"\(or its English, at \S*family\.yaml:11:11\)", result.output)


@pytest.mark.parametrize("mono", [False, True], ids=["colour", "mono"])
def test_the_sources_grey_reads_on_the_card(mono):
    runs, _ = card_runs("family.es.yaml", 1, mono=mono)
    grey = find(runs, "What").fill
    assert grey != find(runs, "¿Cómo").fill
    assert contrast(grey, "#FFFFFF") >= 4.5  # WCAG AA on the card's white, in ink or in grey
