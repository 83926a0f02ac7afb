"""Card faces anyone can read: scripts, hyphens, mono, large print, a QR code, instructions
first; the words balanced on the card (the main words at the optical centre, larger on larger
cards, coaching notes readable at 9 pt and 4.5:1); and the helpline card, its number the
largest text on it, never shrunk to make room. Read back from the PDFs as a reader meets them."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from cardgen.choices import CARDS, PAPERS
from cardgen.deck.colours import contrast
from cardgen.layout.sheet import sheet_layout
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.verify.readback import document_runs
from support.pdfread import reader, text_runs

SCRIPTS = [
    "Tiếng Việt: Bạn cảm thấy thế nào hôm nay?",
    "Ελληνικά: Πώς νιώθεις σήμερα;",
    "Русский: Как ты себя чувствуешь сегодня?",
    "Polski: Jak się dziś czujesz? Zażółć gęślą jaźń.",
    "Türkçe: Bugün nasıl hissediyorsun? Ğğ İı Şş",
    "Español: ¿Cómo estás? Año, niño, corazón.",
]


def build(tmp_path, text: str, name: str = "deck.yaml", **options):
    deck = tmp_path / name
    deck.write_text(text, encoding="utf-8")
    options.setdefault("formats", ("cards",))
    [output] = make(deck, BuildOptions(**options), name).products
    return reader(output.data), output


def deck_of(*prompts: str, extra: str = "") -> str:
    return "title: T\nprompts:\n" + "".join(f"  - {p!r}\n".replace("'", '"') if '"' not in p
                                             else f"  - '{p}'\n" for p in prompts) + extra


def test_every_character_of_many_scripts_comes_back_out_of_the_pdf(tmp_path):
    pdf, _ = build(tmp_path, deck_of(*SCRIPTS))
    text = unicodedata.normalize("NFC", " ".join(p.extract_text() for p in pdf.pages))
    for line in SCRIPTS:
        for char in line:
            if not char.isspace():
                assert char in text, (char, line)


def test_an_over_long_word_is_hyphenated_inside_the_card(tmp_path):
    word = "Donaudampfschifffahrtsgesellschaftskapitänswitwe"
    pdf, _ = build(tmp_path, f"title: T\nlanguage: de\nprompts:\n  - Kennst du die {word}?\n")
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    slot = layout.slots[0]
    runs = [r for r in text_runs(pdf.pages[0])
            if slot.x <= r.x <= slot.right and slot.y <= r.y <= slot.top]
    joined = "".join(r.text.strip() for r in runs)
    assert word in joined.replace("-", "")
    assert any(r.text.rstrip().endswith("-") for r in runs)
    from cardgen.text.fonts import load_fonts
    fonts = load_fonts()
    for run in runs:  # every line ends inside the safe zone
        assert run.x + fonts.width(run.text, "regular", run.size) <= slot.right - 9 + 0.5


def render(pdf: bytes, page: int, dpi: int = 50):
    document = pypdfium2.PdfDocument(pdf)
    return document[page].render(scale=dpi / 72).to_pil().convert("RGB")


def pixels(image) -> list[tuple[int, int, int]]:
    data = image.tobytes()
    return [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]


def test_mono_prints_only_greys_and_no_large_filled_areas(tmp_path):
    extra = ("reframes:\n  - {instead: Stop it., try: What is going on?}\n"
             "quotes:\n  - {text: Words., by: Someone}\n"
             "region: US\nresources:\n  - {name: Line, phone: '988', url: 'https://988lifeline.org'}\n"
             "blank_cards: 1\nintro: Sit in a circle.\n")
    _, output = build(tmp_path, deck_of("A question?", extra=extra), mono=True)
    for page in (0, 1):
        image = render(output.data, page)
        seen = pixels(image)
        assert all(max(p) - min(p) <= 2 for p in seen), "a pixel has colour"
        dark = sum(1 for p in seen if p[0] < 128) / len(seen)
        assert dark < 0.08, dark
    _, colour = build(tmp_path, deck_of("A question?", extra=extra), name="colour.yaml")
    image = render(colour.data, 1)
    assert any(max(p) - min(p) > 30 for p in pixels(image))  # the test can tell colour apart


def sizes_on_cards(pdf, layout) -> list[float]:
    sizes = []
    for page in pdf.pages:
        for run in text_runs(page):
            slots = layout.slots
            if any(s.x <= run.x <= s.right and s.y <= run.y <= s.top for s in slots):
                sizes.append(run.size)
    return sizes


def test_large_print_has_nothing_under_14_pt_and_main_text_larger(tmp_path):
    extra = ("reframes:\n  - {instead: Stop it., try: What is going on?, why: It opens a door.}\n"
             "region: US\nresources:\n  - {name: Line, phone: '988', url: 'https://988lifeline.org'}\n"
             "intro: Sit in a circle.\nblank_cards: 1\n")
    pdf, _ = build(tmp_path, deck_of("A question?", extra=extra), large_print=True, card="large")
    layout = sheet_layout(PAPERS["letter"], CARDS["large"])
    sizes = sizes_on_cards(pdf, layout)
    assert sizes and min(sizes) >= 14
    assert max(sizes) >= 18


def test_normal_mode_has_nothing_under_6_pt_on_a_card(tmp_path):
    extra = ("reframes:\n  - {instead: Stop it., try: What is going on?, why: It opens a door.}\n"
             "quotes:\n  - {text: Words., by: Someone, source: A book}\nintro: Sit in a circle.\n")
    pdf, _ = build(tmp_path, deck_of("A question?", extra=extra), card="mini")
    sizes = sizes_on_cards(pdf, sheet_layout(PAPERS["letter"], CARDS["mini"]))
    assert min(sizes) >= 6


def test_resource_card_has_a_readable_qr_code_at_least_2_cm_wide(tmp_path):
    url = "https://www.samhsa.gov/find-help/helplines/national-helpline"
    _, output = build(tmp_path, deck_of("A question?", extra=(
        "region: US\nresources:\n  - name: SAMHSA National Helpline\n    phone: 1-800-662-4357\n"
        f"    url: {url}\n")))
    dpi = 200
    image = render(output.data, 0, dpi)
    [code] = zxingcpp.read_barcodes(image)
    assert code.text == url
    xs = [code.position.top_left.x, code.position.top_right.x]
    assert (max(xs) - min(xs)) / dpi * 2.54 >= 2.0 * 0.99
    text = reader(output.data).pages[0].extract_text().replace("\n", "")
    assert url in text.replace(" ", "")  # the address is printed too


def test_instructions_come_first_and_blank_cards_last(tmp_path):
    extra = "intro: Sit in a circle. Anyone may pass.\nblank_cards: 2\n"
    pdf, _ = build(tmp_path, deck_of("A question?", extra=extra))
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    runs = text_runs(pdf.pages[0])

    def in_slot(i):
        s = layout.slots[i]
        return " ".join(r.text for r in runs if s.x <= r.x <= s.right and s.y <= r.y <= s.top)

    assert "How to use" in in_slot(0) and "Anyone may pass." in in_slot(0)
    assert "A question?" in in_slot(1) and "1/1 T" in in_slot(1)
    assert in_slot(2).startswith("Your card") and in_slot(3).startswith("Your card")


def test_card_numbers_stay_the_same_in_a_subset(tmp_path):
    text = deck_of("First?", "Second?", extra="quotes:\n  - {text: Said., by: Someone}\n"
                                              "  - {text: Other., by: X, id: Q-7}\n")
    pdf, _ = build(tmp_path, text, only=frozenset({"quote"}))
    words = pdf.pages[0].extract_text()
    # The number is out of the whole deck's count, in a subset too; an id prints as written.
    assert "3/4 T" in words and "Q-7 T" in words and "First?" not in words


def _with_intro(intro: str) -> str:
    """A deck of one prompt whose `intro:` is `intro`, written as a YAML block."""
    lines = "".join(f"  {line}\n" for line in intro.split("\n"))
    return "title: T\nintro: |\n" + lines + "prompts: [Hi?]\n"


def test_a_long_intro_is_shared_evenly_over_instruction_cards(tmp_path):
    paragraph = ("Take turns drawing a card and reading it out loud, then answer it if you "
                 "like. ") * 2
    intro = "\n\n".join(f"Part {n}. {paragraph}" for n in range(1, 5))
    text = _with_intro(intro)
    pdf, _ = build(tmp_path, text)
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    runs = text_runs(pdf.pages[0])

    def in_slot(i):
        s = layout.slots[i]
        return " ".join(r.text for r in runs if s.x <= r.x <= s.right and s.y <= r.y <= s.top)

    first, second = in_slot(0), in_slot(1)
    assert first.startswith("How to use 1/2") and second.startswith("How to use 2/2")
    assert "Part 1." in first and "Part 2." in first and "Part 3." in second and "Part 4." in second


def test_a_sixty_paragraph_intro_is_split_with_a_bounded_number_of_fittings(tmp_path, monkeypatch):
    """Sharing paragraphs over cards must not try every combination of breaks: 60 short
    paragraphs took more than five minutes that way. Count the work instead of timing it:
    the count stops the test as soon as it passes a bound that is linear in paragraphs."""
    from cardgen.render.face import FaceMaker

    bound, calls = 60 * 10, [0]
    real = FaceMaker._stack

    def counted(self, *args, **kwargs):
        calls[0] += 1
        if calls[0] > bound:
            raise AssertionError(f"more than {bound} fittings for 60 paragraphs")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FaceMaker, "_stack", counted)
    intro = "\n\n".join(f"Step {n}: breathe, then listen." for n in range(1, 61))
    text = _with_intro(intro)
    pdf, output = build(tmp_path, text)
    assert output.cards > 2
    steps = [line for page in pdf.pages[::2] for line in page.extract_text().splitlines()
             if line.startswith("Step ")]
    assert [int(line.split(":")[0].split()[1]) for line in steps] == list(range(1, 61))


# --- words balanced on the card -----------------------------------------------------------


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def sheet_runs(path: Path, card: str = "poker", page: int = 0, **options):
    """The runs of characters on a page of the card sheets, and the sheet's layout."""
    [cards] = make(path, BuildOptions(formats=("cards",), card=card, marks=False,
                                      **options)).products
    document = pypdfium2.PdfDocument(cards.data)
    return document_runs(document, page), sheet_layout(PAPERS["letter"], CARDS[card], marks=False)


def in_slot(runs, slot):
    return [r for r in runs if slot.x <= (r.box[0] + r.box[2]) / 2 <= slot.right
            and slot.y <= (r.box[1] + r.box[3]) / 2 <= slot.top]


@pytest.mark.parametrize("card", ["poker", "tarot", "large", "bridge"])
def test_a_short_prompt_sits_at_the_optical_centre_of_its_card(tmp_path, card):
    runs, layout = sheet_runs(write(tmp_path, "title: T\nprompts:\n  - How are you?\n"), card)
    slot = layout.slots[0]
    words = in_slot(runs, slot)
    [main] = [r for r in words if r.text == "Howareyou?"]
    footer = min(r.box[3] for r in words if r is not main)  # the top of the footer's ink
    band = slot.top - (9 + 10 * 1.5)  # the band: 1/8 in and one and a half label sizes
    room = band - footer
    centre = (main.box[1] + main.box[3]) / 2
    # Slightly above the middle of the room, where the eye takes the middle to be.
    above = (centre - (band + footer) / 2) / room
    assert 0.05 <= above <= 0.15, above


def test_a_long_prompt_fills_the_card(tmp_path):
    long = " ".join(["What would you like me to understand that I have not asked about?"] * 3)
    runs, layout = sheet_runs(write(tmp_path, f"title: T\nprompts:\n  - {long}\n"))
    slot = layout.slots[0]
    main = [r for r in in_slot(runs, slot) if r.size > 9]
    top, bottom = max(r.box[3] for r in main), min(r.box[1] for r in main)
    assert (top - bottom) / (slot.height - 24 - 20) > 0.8


def test_larger_and_taller_cards_set_the_same_words_larger(tmp_path):
    deck = write(tmp_path, "title: T\nprompts:\n  - What is a good day like for you?\n")
    sizes = {}
    for card in ("mini", "poker", "tarot", "large"):
        runs, layout = sheet_runs(deck, card)
        sizes[card] = max(r.size for r in in_slot(runs, layout.slots[0]))
    assert sizes["mini"] < sizes["poker"] < sizes["tarot"] < sizes["large"], sizes


EVERY_NOTE = """\
title: Notes For Everyone
prompts:
  - text: What helps?
    topic: Curiosity
    note: Then ask what they would miss.
reframes:
  - instead: Call me when you're clean.
    try: Call me any time.
    why: It keeps the door open.
    topic: Keeping the door open
quotes:
  - text: How long it takes is how long it takes.
    by: Andrew Tatarsky
    source: Harm Reduction event, NoBox Philippines, August 2015
practices:
  - text: Take three slow breaths together.
    minutes: 2
    topic: Slowing down
"""


def test_coaching_notes_are_nine_points_and_read_at_four_and_a_half_to_one(tmp_path):
    runs, layout = sheet_runs(write(tmp_path, EVERY_NOTE))
    notes = ("Thenaskwhattheywouldmiss.", "Itkeepsthedooropen.", "Curiosity",
             "Keepingthedooropen", "—AndrewTatarsky", "2min", "Slowingdown")
    found = set()
    for slot in layout.slots[:4]:
        words = in_slot(runs, slot)
        band = slot.top - 24
        for run in words:
            if run.box[1] >= band:  # the label, white on the band
                continue
            assert contrast(run.fill, "#FFFFFF") >= 4.5, run
            if run.text.startswith(notes) or "NoBox" in run.text:
                found.add(run.text)
                assert run.size >= 9, run
            elif run.box[3] > slot.y + 9 + 7 * 1.25 + 1:  # above the footer: the card's words
                assert run.size >= 9, run
            else:  # the footer: smaller, but never under 6 pt
                assert 6 <= run.size < 9, run
    assert len(found) >= len(notes), found


# --- the helpline card: its number read and dialled at a glance ---------------------------

SAMHSA_NOTE = ("Free, confidential, 24/7/365, in English and Spanish. Treatment referral and "
               "information. TTY: 1-800-487-4889.")


def deck_with(tmp_path, phone: str, note: str = SAMHSA_NOTE, name: str = "SAMHSA National "
              "Helpline") -> str:
    path = tmp_path / "deck.yaml"
    path.write_text("title: Helplines\nprompts:\n  - How are you?\nregion: US\nresources:\n"
                    f"  - name: {name}\n    phone: '{phone}'\n"
                    "    url: https://www.samhsa.gov/find-help/helplines/national-helpline\n"
                    f"    note: {json.dumps(note)}\n", encoding="utf-8")
    return path


def helpline_runs(path, card: str = "poker"):
    """The text runs on the helpline card: the second slot of the first sheet."""
    [cards] = make(path, BuildOptions(formats=("cards",), card=card, marks=False)).products
    layout = sheet_layout(PAPERS["letter"], CARDS[card], marks=False)
    slot = layout.slots[1]
    runs = text_runs(reader(cards.data).pages[0])
    return [r for r in runs if slot.x <= r.x <= slot.right and slot.y <= r.y <= slot.top]


@pytest.mark.parametrize("card,least", [("poker", 18.0), ("tarot", 18 * 1.1), ("large", 18 * 1.4)])
def test_the_number_is_the_largest_text_on_its_card(tmp_path, card, least):
    runs = helpline_runs(deck_with(tmp_path, "18006624357"), card)
    phone = next(r for r in runs if r.text.strip() == "1-800-662-4357")
    others = [r for r in runs if r is not phone]
    assert phone.size >= least - 0.01
    assert all(r.size < phone.size for r in others), [(r.text, r.size) for r in others]


def test_a_longer_note_takes_the_room_the_number_grew_into_never_its_main_size(tmp_path):
    short = helpline_runs(deck_with(tmp_path, "988", note="Call or text."))
    longer = helpline_runs(deck_with(tmp_path, "988", note=" ".join([SAMHSA_NOTE] * 2)))
    longest = helpline_runs(deck_with(tmp_path, "988", note=" ".join([SAMHSA_NOTE] * 2 + [
        "Call us any time you need to talk."])))

    def size(runs, start):
        return next(r.size for r in runs if r.text.startswith(start))

    assert size(short, "988") == 36.0  # twice a poker card's main size: the cap
    assert 18.0 < size(longer, "988") < size(short, "988")
    assert 18.0 <= size(longest, "988") < size(longer, "988")  # 18 pt: a poker card's main size
    assert size(longer, "Free") < size(short, "Call")  # the note took the smaller size
    assert size(longer, "SAMHSA") < size(short, "SAMHSA")


def test_a_note_too_long_for_the_card_fails_at_its_line(tmp_path, cli_run):
    deck_with(tmp_path, "988", note=" ".join([SAMHSA_NOTE] * 4))
    result = cli_run("build", "deck.yaml", "--format", "cards", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == (
        "deck.yaml:9:11: helpline 2 does not fit on a poker card with its number at 18 pt: at "
        "9 pt it needs 53 pt more height than the card has\n"
        "  hint: shorten `note:` (the number is never set smaller), or use a bigger card: "
        "--card large\n")
    assert not (tmp_path / "out").exists()


def test_a_number_too_wide_for_the_card_fails_at_its_line(tmp_path, cli_run):
    # It may break after a dash it has (nothing is added to it), or at a space; this has neither.
    deck_with(tmp_path, "+18006624357ext.12345", note="Open late.")
    result = cli_run("build", "deck.yaml", "--format", "cards", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == (
        "deck.yaml:7:12: helpline 2: the `phone` is too wide for a poker card: at 18 pt, the "
        "least it prints at, 213 pt of it has no space to break at and there is room for "
        "162 pt\n  hint: give only the number here, with spaces between its groups if it is "
        "long (words such as TTY go in `note:`), or use a bigger card: --card large\n")


def test_a_number_with_spaces_may_take_two_lines_at_full_size(tmp_path):
    runs = helpline_runs(deck_with(tmp_path, "+44 300 123 6600 ext. 12345", note="Open."))
    numbers = [r for r in runs if r.text.strip()[:1] in ("+", "6", "e", "1")]
    assert len(numbers) == 2 and len({r.size for r in numbers}) == 1
    assert numbers[0].size >= 18.0  # a poker card's main size
    assert " ".join(r.text.strip() for r in numbers) == "+44 300 123 6600 ext. 12345"


# --- the number as the hero: as large as the card's width allows --------------------------

BUNDLED_HELPLINES = (
    "title: Helplines\nregion: US\nprompts:\n  - How are you?\nresources:\n"
    "  - name: SAMHSA National Helpline\n    phone: 1-800-662-4357\n"
    "    url: https://www.samhsa.gov/find-help/helplines/national-helpline\n"
    f"    note: {json.dumps(SAMHSA_NOTE)}\n"
    "  - name: 988 Suicide & Crisis Lifeline\n    phone: '988'\n"
    "    url: https://988lifeline.org\n"
    "    note: Call or text 988, or chat at 988lifeline.org. Press 1 for the Veterans Crisis "
    "Line, 2 for Spanish.\n")


def card_runs(path, card: str, **options):
    """The text runs of each of the first sheet's cards, by slot, and the slots."""
    [cards] = make(path, BuildOptions(formats=("cards",), card=card, marks=False,
                                      **options)).products
    layout = sheet_layout(PAPERS["letter"], CARDS[card], marks=False)
    runs = text_runs(reader(cards.data).pages[0])
    return [[r for r in runs if s.x <= r.x <= s.right and s.y <= r.y <= s.top]
            for s in layout.slots], layout.slots


@pytest.mark.parametrize("card", ["poker", "bridge", "tarot", "large", "index"])
def test_a_short_number_is_set_much_larger_than_a_long_one_and_never_below_the_main_size(
        tmp_path, card):
    from cardgen.text.fonts import load_fonts
    path = tmp_path / "deck.yaml"
    path.write_text(BUNDLED_HELPLINES, encoding="utf-8")
    (prompt, samhsa, lifeline, *_), slots = card_runs(path, card)
    main = max(r.size for r in prompt)  # a short prompt is set at the card's main size
    long = next(r for r in samhsa if r.text.strip() == "1-800-662-4357")
    short = next(r for r in lifeline if r.text.strip() == "988")
    assert long.size >= main - 0.01 and short.size >= main - 0.01, (main, long, short)
    # On an index card the height is what limits 988: its notes, grown with the card, share it.
    assert short.size >= (1.08 if card == "index" else 1.25) * long.size, (short.size, long.size)
    assert short.size <= 2 * main + 0.01  # the cap: twice the main size
    fonts = load_fonts()
    for run, slot in ((long, slots[1]), (short, slots[2])):  # one line, inside the safe area
        assert slot.x + 9 - 0.5 <= run.x
        assert run.x + fonts.width(run.text.strip(), "bold", run.size) <= slot.right - 9 + 0.5
    for runs, number in ((samhsa, long), (lifeline, short)):
        assert all(r.size < number.size for r in runs if r is not number)


def address_lines_read_back(runs: list[str], url: str) -> list[str]:
    """The lines `url` is printed in, in order, from a page's lines of text."""
    start = next(i for i, text in enumerate(runs) if url.startswith(text) and len(text) > 4)
    lines: list[str] = []
    while "".join(lines) != url:
        assert url.startswith("".join(lines) + runs[start + len(lines)]), runs
        lines.append(runs[start + len(lines)])
    return lines


@pytest.mark.parametrize("card", ["poker", "bridge", "tarot", "index"])
def test_the_bundled_helpline_addresses_break_as_addresses(card):
    from support.paths import DECKS
    [cards] = make(DECKS / "harm-reduction.yaml",
                   BuildOptions(formats=("cards",), card=card, only=frozenset({"resource"}),
                                marks=False)).products
    runs = [r.text.strip() for r in text_runs(reader(cards.data).pages[0])]
    for url in ("https://www.samhsa.gov/find-help/helplines/national-helpline",
                "https://988lifeline.org"):
        lines = address_lines_read_back(runs, url)
        assert "https://" not in lines, lines
        assert not any(line.endswith(("-", ".", "?", "&")) for line in lines), lines


@pytest.mark.parametrize("deck, rtl", [("harm-reduction.yaml", False),
                                       ("harm-reduction.ar.yaml", True)])
def test_a_content_note_prints_small_right_under_the_label_before_the_words(deck, rtl):
    from cardgen.deck.model import load_deck
    from cardgen.render.fitting import GAP, SAFE
    from support.paths import DECKS

    loaded = load_deck(DECKS / deck)
    item = loaded.entries["prompt"][27]  # "If something went wrong, who would you want me to call?"
    assert item.level == 3 and item.content_note
    [cards] = make(DECKS / deck, BuildOptions(formats=("cards",), marks=False)).products
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"], marks=False)
    document = pypdfium2.PdfDocument(cards.data)
    note = item.content_note.replace(" ", "")
    page = next(i for i in range(0, len(document), 2)
                if note in [r.text for r in document_runs(document, i)])
    runs = document_runs(document, page)
    [found] = [r for r in runs if r.text == note]
    slot = next(s for s in layout.slots if s.x <= found.box[0] and found.box[2] <= s.right
                and s.y <= found.box[1] and found.box[3] <= s.top)
    inside = [r for r in runs if slot.x <= r.box[0] and r.box[2] <= slot.right
              and slot.y <= r.box[1] and r.box[3] <= slot.top]
    label = next(r for r in inside if r.text == loaded.labels["prompt"].replace(" ", ""))
    topic = next(r for r in inside if r.text == item.topic.replace(" ", ""))
    main = item.text.split()[0]
    words = next(r for r in inside if r.text.startswith(main) or r.text.endswith(main))
    band_bottom = slot.top - SAFE - 10.0 * 1.5
    assert found.box[3] < band_bottom < label.box[1]  # under the band and its label
    assert band_bottom - found.box[3] <= 2 * GAP + 4  # right under it, not centred with the words
    assert found.box[1] > topic.box[3] and topic.box[1] > words.box[3]  # before the words
    assert (found.size, found.fill) == (9.0, "#4D4D4D")  # small, muted
    start = slot.right - found.box[2] if rtl else found.box[0] - slot.x
    assert abs(start - SAFE) < 1.0  # where the card's lines start
