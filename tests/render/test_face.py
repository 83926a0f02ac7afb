"""Card faces anyone can read: scripts, fonts, quotes, markup, hyphens, mono, large print, QR."""

from __future__ import annotations

import unicodedata

import pypdfium2
import pytest
import zxingcpp

from cardgen.choices import CARDS, PAPERS
from cardgen.layout.sheet import sheet_layout
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.theme import INK, KIND_COLOURS, MUTED, PAPER, contrast
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


def test_theme_colours_meet_wcag_aa_contrast():
    for kind, colour in KIND_COLOURS.items():
        # A white label on the band, and headings on white.
        assert contrast(colour, PAPER) >= 4.5, kind
    assert contrast(INK, PAPER) >= 7
    assert contrast(MUTED, PAPER) >= 4.5
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)


def render(pdf: bytes, page: int, dpi: int = 50):
    document = pypdfium2.PdfDocument(pdf)
    return document[page].render(scale=dpi / 72).to_pil().convert("RGB")


def pixels(image) -> list[tuple[int, int, int]]:
    data = image.tobytes()
    return [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]


def test_mono_prints_only_greys_and_no_large_filled_areas(tmp_path):
    extra = ("reframes:\n  - {instead: Stop it., try: What is going on?}\n"
             "quotes:\n  - {text: Words., by: Someone}\n"
             "resources:\n  - {name: Line, phone: '988', url: 'https://988lifeline.org'}\n"
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
             "resources:\n  - {name: Line, phone: '988', url: 'https://988lifeline.org'}\n"
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
        "resources:\n  - name: SAMHSA National Helpline\n    phone: 1-800-662-4357\n"
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
