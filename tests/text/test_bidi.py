"""The bidirectional algorithm: levels and visual order against Unicode's conformance data
(BidiCharacterTest, paired brackets included) and against Chromium; a paragraph's levels cut
into lines; phone numbers read left to right as one unit; and the Arabic helpline card
printed in the order Chromium shows it."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pypdfium2
import pytest
from bidi.mirror import MIRRORED

from cardgen.text.bidi import (
    brackets,
    broken_levels,
    levels,
    line_levels,
    paragraph_levels,
    phone_numbers,
    visual_order,
)
from cardgen.verify.readback import document_runs
from support.paths import DATA, ROOT

SAMPLE = DATA / "bidi" / "BidiCharacterTest-sample.txt"
FULL = Path("/usr/share/unicode/BidiCharacterTest.txt")  # Debian's unicode-data, if there
TTY = "الهاتف النصي (TTY): 1-800-487-4889."  # the Arabic helpline's note, issue 26


def _cases(path: Path):
    """(text, rtl, levels with None for X9's removed characters, visual order) of each
    test of a BidiCharacterTest file."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        codes, _, level, found, order = line.split(";")
        yield ("".join(chr(int(code, 16)) for code in codes.split()), level == "1",
               [None if value == "x" else int(value) for value in found.split()],
               [int(index) for index in order.split()])


def _failures(path: Path) -> list[str]:
    failures = []
    for text, rtl, wanted, order in _cases(path):
        found = line_levels(text, rtl, 0, len(text))
        kept = [index for index, level in enumerate(wanted) if level is not None]
        seen = [kept[index] for index in visual_order([found[index] for index in kept])]
        # Without a right-to-left letter a left-to-right paragraph is all level 0, even
        # inside an LRE (level 2): the order is the same, which is what is printed.
        plain = not rtl and not any(found)
        if seen != order or (not plain and any(found[i] != wanted[i] for i in kept)):
            failures.append(f"{text!r} rtl={rtl}: {list(found)} != {wanted}")
    return failures


def test_levels_and_order_agree_with_unicodes_conformance_tests():
    """Unicode's hand-picked cases (UAX 9's examples, brackets with marks, numbers,
    canonical equivalents, 63 nested pairs) and a sample of its bracket permutations."""
    assert len(list(_cases(SAMPLE))) > 500
    assert _failures(SAMPLE) == []


@pytest.mark.skipif(not FULL.exists() and not os.environ.get("CI"),
                    reason="Debian's unicode-data is not installed (CI installs it)")
def test_levels_and_order_agree_with_all_of_unicodes_conformance_tests():
    assert _failures(FULL) == []


def test_bracket_pairs_are_unicodes():
    """The pairs derived from python-bidi's mirroring table and unicodedata are those of
    BidiBrackets.txt, less four medieval brackets (U+2E55 to U+2E5C) the mirroring table
    does not know yet."""
    listed = {}
    for line in (DATA / "bidi" / "BidiBrackets.txt").read_text(encoding="utf-8").splitlines():
        fields = [field.strip() for field in line.split("#")[0].split(";")]
        if len(fields) == 3 and fields[2] == "o":
            listed[chr(int(fields[0], 16))] = chr(int(fields[1], 16))
    assert len(listed) == 64
    derived = brackets()
    assert derived.items() <= listed.items()
    assert sorted(set(listed) - set(derived)) == ["\u2e55", "\u2e57", "\u2e59", "\u2e5b"]


def _seen(text: str, found) -> str:
    """`text` as the eye meets it from left to right: characters at odd levels mirrored."""
    return "".join(MIRRORED.get(text[i], text[i]) if found[i] % 2 else text[i]
                   for i in visual_order(list(found)))


def test_the_helpline_note_reads_as_chromium_shows_it():
    """Issue 26: the brackets pair and take the Arabic's way, the full stop ends the
    sentence (on the left), the number reads left to right."""
    assert _seen(TTY, levels(TTY, True)) == ".1-800-487-4889 :(TTY) " + "الهاتف النصي"[::-1]


def test_a_line_keeps_the_direction_of_the_line_before():
    """Levels are resolved over the paragraph, then cut into lines: a number that starts
    a line after Arabic is an Arabic number (its per cent sign on its left), and a
    closing bracket whose pair began on the line before keeps the pair's way."""
    lines = ["ارتفع بنسبة", "12.5% فقط"]
    found = broken_levels(lines, [" "], True)
    assert _seen(lines[1], found[1]) == "فقط"[::-1] + " %12.5"
    assert _seen(lines[1], levels(lines[1], True)) == "فقط"[::-1] + " 12.5%"  # alone
    lines = ["قال Andrew (Tatarsky", "and friends) ذلك"]
    found = broken_levels(lines, [" "], True)
    assert _seen(lines[1], found[1]) == "ذلك"[::-1] + " and friends)"  # left to right
    assert _seen(lines[1], levels(lines[1], True)) == "ذلك"[::-1] + " (and friends"
    # The space each line broke at is the paragraph's, at the line's end the line's (L1).
    assert found[0][-1] == 2 and line_levels("قال Andrew ", True, 0, 11)[-1] == 1


@pytest.mark.parametrize("text, numbers", [
    ("الهاتف النصي (TTY): 1-800-487-4889.", ["1-800-487-4889"]),
    ("اتصل على (02) 9361 8000 أو +44 20 7946 0958.", ["(02) 9361 8000", "+44 20 7946 0958"]),
    ("Samaritans 116 123, Lifeline 13 11 14", ["116 123", "13 11 14"]),
    ("۰۲۱ ۸۸۹۹ ۱۲۳۴", ["۰۲۱ ۸۸۹۹ ۱۲۳۴"]),  # Persian digits
    ("أغسطس 2015 (الأصل بالإنجليزية)", []),  # a year
    ("على مدار الساعة 24/7 و 12.5% و 10 000 شخص", []),
    ("988lifeline.org و 1 و 2", []),
    ("v1.2.3-4 abc-123-456", []),  # inside words
])
def test_phone_numbers_are_found_and_little_else(text, numbers):
    assert [text[start:end] for start, end in phone_numbers(text)] == numbers


def test_a_phone_number_reads_left_to_right_as_one_unit():
    """Its groups never swap (spaces between numbers are neutral, and digits after Arabic
    letters are Arabic numbers), its "+" stays in front, its brackets around the area
    code; a number that is not a phone number is left as the algorithm has it."""
    text = "اتصل على +44 20 7946 0958 أو (02) 9361 8000."
    assert _seen(text, levels(text, True)) == (
        ".(02) 9361 8000 " + "أو"[::-1] + " +44 20 7946 0958 " + "اتصل على"[::-1])
    year = "في عام 2015 و 2016"
    assert _seen(year, levels(year, True)) == "2016 " + "و"[::-1] + " 2015 " + "في عام"[::-1]


def test_left_to_right_text_costs_nothing():
    assert paragraph_levels("Call 1-800-487-4889 (TTY).", False) == (0,) * 26


# ---- the printed card ----------------------------------------------------------------


def test_the_arabic_helpline_card_prints_its_note_in_chromiums_order(tmp_path, cli_run):
    result = cli_run("build", ROOT / "decks" / "harm-reduction.ar.yaml", "--format", "cards",
                     "--verify", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "verified" in result.output
    document = pypdfium2.PdfDocument(tmp_path / "harm-reduction.ar-cards.pdf")
    index = next(i for i in range(len(document))
                 if "TTY" in document[i].get_textpage().get_text_range())
    runs = document_runs(document, index)
    tty = next(run for run in runs if run.text == "TTY")
    line = sorted((run for run in runs if abs(run.box[1] - tty.box[1]) < 2
                   and run.box[0] < tty.box[0] + 200), key=lambda run: run.box[0])
    texts = [run.text for run in line]
    number = texts.index("1-800-487-4889")
    assert texts[number - 1] == "."  # the full stop ends the sentence, on its left
    # Then the colon and the opening bracket, TTY, the closing bracket, then the Arabic.
    assert texts[number + 1:number + 4] == ["):", "TTY", ")"], texts
    # The Arabic after it, on this line or (the line full) the next.
    assert texts[number + 4:] == [] or any("\u0600" <= char <= "\u06ff"
                                           for char in texts[number + 4])


# ---- against Chromium ----------------------------------------------------------------

MIXED = [
    (TTY, True),
    ("قال الدكتور Andrew Tatarsky إن الطريق 988 طويل.", True),
    ("اتصل على +44 20 7946 0958 أو (02) 9361 8000.", True),
    ("ترجمة من محاضرة، NoBox الفلبين، أغسطس 2015 (الأصل بالإنجليزية)", True),
    ("ارتفع بنسبة 12.5% فقط (a [b] c) د!", True),
    ("שלום (world) עולם 3.14!", True),
    ("Call «ابت (جده)» now [TTY] 12.5%.", False),
    ("a (b [c) d] ש (e", False),
]


def test_the_order_of_mixed_lines_is_chromiums(browser, tmp_path):
    """Each character's place in Chromium (a Range's box) gives the order it shows a line
    in; cardgen's order is the same. Chromium is told of the phone numbers with LRI and
    PDI, which cardgen reads them as."""
    rows = []
    for text, rtl in MIXED:
        marked, at = [], 0
        for start, end in phone_numbers(text):
            marked += [html.escape(text[at:start]), "\u2066", html.escape(text[start:end]),
                       "\u2069"]
            at = end
        marked.append(html.escape(text[at:]))
        rows.append(f'<p dir="{"rtl" if rtl else "ltr"}" style="white-space:pre">'
                    f'{"".join(marked)}</p>')
    page = tmp_path / "mixed.html"
    page.write_text('<!doctype html><meta charset="utf-8"><body style="font: 16px sans-serif">'
                    + "".join(rows), encoding="utf-8")
    browser.open(page)
    places = browser.run("""
        return [...document.querySelectorAll('p')].map(p => {
          const found = [], range = document.createRange();
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            for (let i = 0; i < n.length; i++) {
              range.setStart(n, i); range.setEnd(n, i + 1);
              const box = range.getBoundingClientRect();
              found.push([n.data[i], box.left + box.width / 2, box.width]);
            }
          }
          return found;
        });""")
    for (text, rtl), found in zip(MIXED, places):
        shown = [(char, x) for char, x, _ in found if char not in "\u2066\u2069"]
        assert "".join(char for char, _ in shown) == text
        chromium = "".join(text[i] for i in sorted(range(len(text)), key=lambda i: shown[i][1]))
        ours = "".join(text[i] for i in visual_order(list(levels(text, rtl))))
        assert ours == chromium, text
