"""Booklets and tuck boxes as a screen reader gets them: poppler's `pdfinfo -struct-text`
reads every entry in deck order with nothing else, in every imposition; pikepdf reads the
language, the figures' descriptions and the words said whole."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from cardgen.cli import cli
from cardgen.deck.cards import booklet_cards, deck_cards
from cardgen.deck.model import load_deck
from cardgen.verify.booklet import booklet_texts
from tests.support.pdfua import problems

DECKS = Path(__file__).parents[2] / "decks"
RIVERSIDE = Path(__file__).parents[1] / "data" / "themed" / "riverside.yaml"


def _build(deck: Path, out: Path, *options: str) -> Path:
    result = CliRunner().invoke(cli, ["build", str(deck), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return next(out.glob("*.pdf"))


def _tree(path: Path) -> list[str]:
    """The text of each element with words, in the tree's order."""
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                          text=True, check=True).stdout
    texts: list[str] = []
    for line in tree.splitlines():
        if '"' in line:
            texts.append(line.strip()[1:-1])
    return texts


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010]+", "", unicodedata.normalize("NFC", text))


def _elements(pdf: pikepdf.Pdf):
    return [o for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"]


@pytest.mark.parametrize("impose,only", [("pocket", None), ("saddle", None), ("none", None),
                                         ("zine", "resource")])
def test_every_imposition_reads_the_entries_in_deck_order_and_nothing_else(tmp_path, impose,
                                                                           only):
    deck_path = DECKS / "harm-reduction.yaml"
    options = ["--format", "booklet", "--impose", impose] + (["--only", only] if only else [])
    path = _build(deck_path, tmp_path, *options)
    data = path.read_bytes()
    assert problems(data) == []
    texts = _tree(path)
    whole = _squeeze("".join(texts))
    deck = load_deck(deck_path)
    cards = booklet_cards(deck, [c for c in deck_cards(deck)
                                 if only is None or c.kind.name == only])
    cursor = 0
    for card, words in booklet_texts(deck, cards):
        for line in words.splitlines():
            wanted = _squeeze(line)
            found = whole.find(wanted, cursor)
            assert found >= 0, f"{card.describe()}: {line!r} not in the tree after {cursor}"
            cursor = found + len(wanted)
    how_to = "Print at actual size"
    assert all(how_to not in text for text in texts)
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en"
        figures = [e for e in _elements(pdf) if e.S == "/Figure"]
        assert figures and all(str(e.Alt).startswith("QR code: ") for e in figures)


@pytest.mark.parametrize("name,code,web", [
    ("harm-reduction.yaml", "QR code: ", "Web address: "),
    ("harm-reduction.ar.yaml", "رمز QR: ", "عنوان الموقع: "),
])
def test_a_booklet_s_addresses_are_heard_whole_in_the_deck_s_language(tmp_path, name, code,
                                                                       web):
    """An address broken over two lines is one address to a reader (it was heard as
    "find-help/ helplines"), described in the booklet's language."""
    path = _build(DECKS / name, tmp_path, "--format", "booklet", "--impose", "none")
    with pikepdf.open(path) as pdf:
        described = [(str(annotation.Contents), str(annotation.A.URI))
                     for page in pdf.pages for annotation in page.get("/Annots", [])]
        figures = [str(e.Alt) for e in _elements(pdf) if e.S == "/Figure"]
    assert described and all(said == web + uri for said, uri in described)
    assert any("/helplines" in uri for _, uri in described)  # printed over two lines
    assert figures and all(alt.startswith(code) and " " not in alt[len(code):]
                           for alt in figures)


def test_a_web_address_on_the_back_cover_is_heard_as_one(tmp_path):
    """A helpline with only a web address is listed on the back cover as a link, which a
    reader hears as the pages' addresses are: "Dirección web: ..." in a Spanish deck."""
    deck = tmp_path / "d.yaml"
    deck.write_text("title: Ayuda\nlanguage: es\nprompts:\n  - ¿Cómo estás?\nresources:\n"
                    "  - name: Apoyo en línea\n    url: https://apoyo.example.org/chat\n",
                    encoding="utf-8")
    path = _build(deck, tmp_path / "out", "--format", "booklet", "--impose", "none")
    with pikepdf.open(path) as pdf:
        described = [str(annotation.Contents) for page in pdf.pages
                     for annotation in page.get("/Annots", [])]
        last = [str(annotation.Contents) for annotation in pdf.pages[-1].get("/Annots", [])]
    assert last == ["Dirección web: https://apoyo.example.org/chat"]
    assert set(described) == {"Dirección web: https://apoyo.example.org/chat"}


def test_page_numbers_and_notes_pages_are_decoration(tmp_path):
    path = _build(DECKS / "harm-reduction.yaml", tmp_path, "--format", "booklet",
                  "--impose", "none")
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
        # The contents page's numbers are the only numbers that are words of the tree.
        kinds = [str(e.S) for e in _elements(pdf)]
    numbers = [text for text in _tree(path) if re.fullmatch(r"\d+", text) and text != "988"]
    assert len(numbers) == kinds.count("/TOCI")
    assert pages > len(numbers)


def test_arabic_booklet_is_arabic_and_says_its_words_in_reading_order(tmp_path):
    path = _build(DECKS / "harm-reduction.ar.yaml", tmp_path, "--format", "booklet")
    assert problems(path.read_bytes()) == []
    deck = load_deck(DECKS / "harm-reduction.ar.yaml")
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "ar"
        said = [str(e.ActualText) for e in _elements(pdf) if "/ActualText" in e]
    assert said[0] == deck.title  # the cover's heading, logical order
    assert len(said) > 50


def test_the_logo_is_a_figure_with_the_deck_name_for_it(tmp_path):
    for fmt in ("booklet", "box"):
        path = _build(RIVERSIDE, tmp_path / fmt, "--format", fmt)
        with pikepdf.open(path) as pdf:
            alts = [str(e.Alt) for e in _elements(pdf) if e.S == "/Figure"]
        assert any(alt.endswith(" logo") for alt in alts), fmt


def test_a_helpline_address_is_a_link_in_the_tree(tmp_path):
    path = _build(DECKS / "harm-reduction.yaml", tmp_path, "--format", "booklet")
    with pikepdf.open(path) as pdf:
        links = [e for e in _elements(pdf) if e.S == "/Link"]
        annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
    assert links and annotations
    assert all("/StructParent" in a and str(a.Contents) for a in annotations)


def test_the_same_deck_gives_the_same_bytes(tmp_path):
    first = _build(DECKS / "harm-reduction.es.yaml", tmp_path / "a", "--format", "booklet")
    second = _build(DECKS / "harm-reduction.es.yaml", tmp_path / "b", "--format", "booklet")
    assert first.read_bytes() == second.read_bytes()


def test_the_box_reads_front_back_then_how_to_make_it_and_the_title_once(tmp_path):
    path = _build(DECKS / "harm-reduction.yaml", tmp_path, "--format", "box")
    assert problems(path.read_bytes()) == []
    texts = [" ".join(text.split()) for text in _tree(path)]
    deck = load_deck(DECKS / "harm-reduction.yaml")
    words = _squeeze("".join(texts))
    assert words.startswith(_squeeze(deck.title))
    assert words.count(_squeeze(deck.title)) == 1  # the sides are decoration
    assert words.index(_squeeze("Help")) < words.index(_squeeze("1-800-662-4357"))
    assert words.endswith(_squeeze(deck.labels["box_how_to"]))
