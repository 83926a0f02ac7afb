"""Card sheets, shop files and the calibration page as a screen reader gets them: the
structure tree read back with poppler (`pdfinfo -struct-text`) and pikepdf."""

from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pypdf
import pytest

from cardgen.deck.cards import all_cards
from cardgen.deck.kinds import BLANK, INSTRUCTIONS
from cardgen.deck.model import load_deck
from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.bilingual import said
from cardgen.render.calibration import calibration_pdf
from cardgen.render.sheets import how_to_print
from support.paths import DATA, DECKS

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")

BUNDLED = ["harm-reduction.yaml", "harm-reduction.es.yaml", "harm-reduction.ar.yaml",
           "harm-reduction.zh.yaml", "self-care.yaml"]
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh",
            "BI"}


def built(name: str, tmp_path, folder=DECKS, **options) -> tuple[bytes, object]:
    options.setdefault("formats", ("cards",))
    products = make(folder / name, BuildOptions(**options))
    [product] = products.products
    path = tmp_path / product.name
    path.write_bytes(product.data)
    return product.data, path


def struct_sections(path) -> list[list[tuple[str, str]]]:
    """Each top-level section of poppler's tree: its elements' (tag, text) in order."""
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                          text=True, check=True).stdout.splitlines()
    sections: list[list[tuple[str, str]]] = []
    tag = ""
    for line in tree[1:]:
        stripped = line.strip()
        if line.startswith("  ") and not line.startswith("   "):
            assert stripped == "Sect", f"a section under the document, not {stripped}"
            sections.append([])
        elif stripped.startswith('"'):
            sections[-1].append((tag, stripped[1:-1]))
        else:
            tag = stripped.split()[0]
    return sections


def letters(text: str) -> str:
    """What a reader's words are made of: letters and digits, without spaces, punctuation,
    quotation marks or an inserted hyphen."""
    return "".join(c for c in text if c.isalnum())


def expected(deck) -> list[str]:
    """Each card's words (label first), in deck order; the intro as one card."""
    cards = []
    for card in all_cards(deck):
        label = deck.labels[card.kind.name]
        if card.kind is INSTRUCTIONS:
            cards.append(letters(deck.intro))
        elif card.kind is BLANK:
            cards.append(letters(label))
        else:
            # When a number was checked is printed last, beside its QR code (render.face).
            spoken = sorted(said(card, deck), key=lambda s: s.piece.role == "checked")
            pieces = [s.piece.link or s.piece.text if s.piece.role == "address" else s.piece.text
                      for s in spoken]
            cards.append(letters(label + "".join(pieces)))
    return cards


def marked_everywhere(pdf: pikepdf.Pdf) -> list[str]:
    """Painting operators outside marked content (neither tagged nor an artifact)."""
    problems = []
    streams = [(f"page {n}", page) for n, page in enumerate(pdf.pages, 1)]
    for page in pdf.pages:  # a form of fronts; stamps are placed as artifacts
        for name, xobject in page.Resources.get("/XObject", {}).items():
            if "fronts" in str(name):
                streams.append((f"form {name}", xobject))
    for where, stream in streams:
        depth = 0
        for _, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            depth += op in ("BDC", "BMC")
            depth -= op == "EMC"
            if op in PAINTING and depth == 0:
                problems.append(f"{where}: {op} outside marked content")
    return problems


@needs_poppler
@pytest.mark.parametrize("name", BUNDLED)
def test_each_bundled_decks_cards_read_in_deck_order_with_nothing_else(name, tmp_path):
    deck = load_deck(DECKS / name)
    _, path = built(name, tmp_path)
    sections = struct_sections(path)
    wanted = expected(deck)
    intro_cards = len(sections) - (len(wanted) - 1)
    assert intro_cards >= 1
    assert all(tag == "H" for tag, _ in (s[0] for s in sections)), "each card starts with a heading"
    if deck.language == "ar":  # poppler says the glyphs in visual order: see the next test
        assert len(sections) == len(wanted) - 1 + intro_cards
        return
    intro = "".join(letters(text) for s in sections[:intro_cards] for tag, text in s[1:])
    assert intro == wanted[0]
    read = [letters("".join(text for _, text in section)) for section in sections[intro_cards:]]
    assert read == wanted[1:]


def sections_said(data: bytes) -> list[str]:
    """Each section's words as a reader says them: an element's /ActualText where it has
    one, else nothing (the test reads laid-out decks, whose every text has one)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = pdf.Root.StructTreeRoot.K
        return [letters("".join(str(e.ActualText) for e in _walk(section) if "/ActualText" in e))
                for section in document.K]


def _walk(element):
    yield element
    kids = element.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR" \
                and "/S" in kid:
            yield from _walk(kid)


def test_the_arabic_deck_says_ar_and_reads_in_logical_order(tmp_path):
    deck = load_deck(DECKS / "harm-reduction.ar.yaml")
    data, _ = built("harm-reduction.ar.yaml", tmp_path)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "ar"
        assert "ar" in pdf.open_metadata()["dc:language"]
    read = sections_said(data)
    # A web address is drawn left to right as typed, so it needs no /ActualText to say.
    addresses = [letters(item.url.link) for item in deck.entries["resource"] if item.url]
    wanted = expected(deck)
    for address in addresses:
        wanted = [words.replace(address, "") for words in wanted]
    intro_cards = len(read) - (len(wanted) - 1)
    assert wanted[0][:60] in "".join(read[:intro_cards])
    assert read[intro_cards:] == wanted[1:]
    first = next(c for c in all_cards(deck) if c.item is not None)
    assert letters(said(first, deck)[1].piece.text) in read[intro_cards]


@needs_poppler
def test_decoration_is_left_out_card_numbers_the_note_and_backs(tmp_path):
    data, path = built("harm-reduction.yaml", tmp_path)
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                          text=True, check=True).stdout
    deck = load_deck(DECKS / "harm-reduction.yaml")
    notes = [how_to_print("long", brevity, None, deck.labels) for brevity in range(3)]
    printed = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                             text=True).stdout
    assert any(note in printed for note in notes)
    assert not any(note in tree for note in notes)
    count = len(all_cards(deck))
    assert f"/{count}" not in tree  # "12/80": page furniture
    # The backs' words are not read: a heading per front, and nothing under the tree's end.
    assert tree.count("    H (block)") == len(struct_sections(path))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert marked_everywhere(pdf) == []
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.open_metadata()["pdfuaid:part"]) == "1"
        assert str(pdf.Root.Lang) == "en"


@pytest.mark.parametrize("name,code,web", [
    ("harm-reduction.yaml", "QR code: ", "Web address: "),
    ("harm-reduction.es.yaml", "Código QR: ", "Dirección web: "),
    ("harm-reduction.zh.yaml", "二维码：", "网址："),
])
def test_qr_codes_are_figures_and_addresses_links_in_the_tree(tmp_path, name, code, web):
    """Described in the deck's own language: a Spanish reader hears "Código QR"."""
    data, _ = built(name, tmp_path)
    deck = load_deck(DECKS / name)
    urls = [item.url.link for item in deck.entries["resource"] if item.url]
    assert urls
    with pikepdf.open(io.BytesIO(data)) as pdf:
        elements = [e for section in pdf.Root.StructTreeRoot.K.K for e in _walk(section)]
        figures = [str(e.Alt) for e in elements if e.S == "/Figure"]
        assert figures == [f"{code}{url}" for url in urls]
        links = []
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                links.append(str(annotation.A.URI))
                assert str(annotation.Contents) == f"{web}{annotation.A.URI}"
                assert "/StructParent" in annotation
                assert page.Tabs == "/S"
        assert links == urls
        assert sum(1 for e in elements if e.S == "/Link") == len(urls)


def test_a_bilingual_cards_source_words_carry_the_sources_language(tmp_path):
    data, _ = built("family.es.yaml", tmp_path, DATA / "decks" / "bilingual", bilingual=True)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "es"
        tags = [str(e.S) for section in pdf.Root.StructTreeRoot.K.K for e in _walk(section)
                if "/Lang" in e]
        langs = [str(e.Lang) for section in pdf.Root.StructTreeRoot.K.K
                 for e in _walk(section) if "/Lang" in e]
    assert langs and set(langs) == {"en"}
    assert set(tags) <= {"/P", "/Span", "/BlockQuote"} and "/P" in tags


def test_the_same_deck_gives_the_same_tagged_bytes(tmp_path):
    first, _ = built("harm-reduction.ar.yaml", tmp_path)
    again, _ = built("harm-reduction.ar.yaml", tmp_path)
    assert first == again


def test_the_press_file_is_tagged_and_still_pdfx4(tmp_path):
    data, _ = built("harm-reduction.es.yaml", tmp_path, formats=("shop",), cmyk=True)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert str(meta["pdfuaid:part"]) == "1"
        assert meta["dc:language"] == {"es"}
        assert str(meta["dc:title"]) == "Conversaciones de reducción de daños"
        assert pdf.docinfo.GTS_PDFXVersion == "PDF/X-4"
        assert "{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion" in meta
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
        assert str(pdf.Root.Lang) == "es"
        assert len(pdf.Root.StructTreeRoot.K.K) > 70
        assert marked_everywhere(pdf) == []


@needs_poppler
def test_the_shop_file_reads_each_card_once_fronts_only(tmp_path):
    _, path = built("self-care.yaml", tmp_path, formats=("shop",))
    deck = load_deck(DECKS / "self-care.yaml")
    sections = struct_sections(path)
    wanted = expected(deck)
    intro_cards = len(sections) - (len(wanted) - 1)
    read = [letters("".join(text for _, text in section)) for section in sections[intro_cards:]]
    assert read == wanted[1:]


@needs_poppler
def test_the_calibration_page_reads_its_instructions_not_its_scales(tmp_path):
    path = tmp_path / "calibration.pdf"
    path.write_bytes(calibration_pdf((612.0, 792.0), "long"))
    sections = struct_sections(path)
    assert [s[0] for s in sections] == [("H", "cardgen duplex calibration"),
                                        ("H", "Back side: read your two numbers here")]
    texts = [text for section in sections for _, text in section]
    assert any(text.startswith("1. Print this page duplex") for text in texts)
    assert "Its scales" not in " ".join(texts) and "inches" not in " ".join(texts)
    assert sum(tag == "LBody" for s in sections for tag, _ in s) == 8
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert marked_everywhere(pdf) == []


def test_the_margin_note_is_an_artifact_in_the_decks_language(tmp_path):
    """The note is drawn (a printer needs it) but is not the deck's words."""
    _, path = built("harm-reduction.es.yaml", tmp_path)
    deck = load_deck(DECKS / "harm-reduction.es.yaml")
    note = how_to_print("long", 0, None, deck.labels)
    assert letters(note) not in "".join(letters(t) for s in struct_sections(path) for _, t in s)


def test_a_word_broken_with_a_hyphen_reads_whole(tmp_path):
    (tmp_path / "hyphens.yaml").write_text(
        "title: Hyphens\nlanguage: de\nprompts:\n"
        '  - text: "Wie spricht man über die Donaudampfschifffahrtsgesellschaftskapitänsmütze?"\n',
        encoding="utf-8")
    data, _ = built("hyphens.yaml", tmp_path, folder=tmp_path)
    printed = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Donau-\n" in printed  # the card broke the word, with a hyphen
    with pikepdf.open(io.BytesIO(data)) as pdf:
        heading, words = pdf.Root.StructTreeRoot.K.K.K
    assert str(words.ActualText) == (
        "Wie spricht man über die Donaudampfschifffahrtsgesellschaftskapitänsmütze?")
    assert "/ActualText" not in heading  # nothing broken there: its glyphs say it
