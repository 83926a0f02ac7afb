"""Fitting card faces as the sheets are drawn: a sheet's faces alive at a time, every card's
error heard at once, and the same pages as fitting them all first; and every font in every
PDF cardgen writes embedded, as print shops' preflight checks demand."""

from __future__ import annotations

import gc
import shutil
import subprocess
import weakref
from pathlib import Path

import pytest

from cardgen.deck.cards import deck_cards
from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors
from cardgen.layout.sheet import sheet_layout
from cardgen.products import cards
from cardgen.products.build import BUILD_COLLECTION, make
from cardgen.products.context import Context
from cardgen.products.fitting import Fitting
from cardgen.products.options import BuildOptions
from cardgen.render.face import FaceMaker
from cardgen.render.sheets import SheetJob, cards_pdf
from cardgen.render.theme import Theme
from support.fontmaker import not_embedded

TOO_LONG = "word " * 400


def _deck(tmp_path, prompts: list[str]):
    path = tmp_path / "deck.yaml"
    path.write_text("title: T\nprompts:\n" + "".join(f"  - {p}\n" for p in prompts),
                    encoding="utf-8")
    return path


def _job(deck, options: BuildOptions) -> SheetJob:
    layout = sheet_layout(options.paper_size, options.card_size, 0.0, marks=True)
    return SheetJob(layout, options.duplex, options.back_offset, options.marks, Theme(),
                    deck.title, "", deck.language, deck.labels)


def test_only_about_a_sheet_of_faces_is_alive_while_the_sheets_are_drawn(tmp_path):
    path = _deck(tmp_path, [f"Question number {n}, about the day?" for n in range(60)])
    deck, options = load_deck(path), BuildOptions(formats=("cards",))
    context = Context.create(options)
    fonts = context.fonts
    maker = FaceMaker(deck, fonts, context.theme(), options.card_size, options.card)
    alive: list[weakref.ref] = []
    most = 0

    def watched():
        nonlocal most
        for face in Fitting(maker, deck_cards(deck)):
            gc.collect()
            most = max(most, sum(ref() is not None for ref in alive))
            alive.append(weakref.ref(face))
            yield face

    job = _job(deck, options)
    data = cards_pdf(job, watched(), fonts)
    assert len(alive) == 60
    # The sheet being drawn and the one being gathered: never the deck.
    assert most <= 2 * job.layout.per_sheet
    # Drawing from the faces as they come gives the bytes of drawing them all at once.
    fitted = Context(options, fonts).fit(deck, deck_cards(deck), Theme())
    assert data == cards_pdf(job, fitted, fonts)


def test_every_card_that_does_not_fit_is_reported_and_no_face_after_the_first(tmp_path):
    prompts = ["Fine?"] * 3 + [TOO_LONG] + ["Fine?"] * 20 + [TOO_LONG] + ["Fine?"]
    deck = load_deck(_deck(tmp_path, prompts))
    options = BuildOptions(formats=("cards",))
    context = Context.create(options)
    maker = FaceMaker(deck, context.fonts, context.theme(), options.card_size)
    fitting = Fitting(maker, deck_cards(deck))
    faces = list(fitting)
    assert [face.card.number for face in faces] == ["1", "2", "3"]
    assert [error.where.line for error in fitting.errors] == [6, 27]
    assert fitting.count == 3


def test_a_build_reports_every_card_that_does_not_fit(tmp_path):
    path = _deck(tmp_path, ["Fine?", TOO_LONG, "Fine?", TOO_LONG])
    with pytest.raises(DeckErrors) as raised:
        make(path, BuildOptions(formats=("cards",)))
    where = [(error.where.line, error.where.column) for error in raised.value.errors]
    assert where == [(4, 5), (6, 5)]


def test_verify_reads_back_every_card_of_a_sheet_by_sheet_build(tmp_path):
    path = _deck(tmp_path, [f"Question number {n}?" for n in range(20)])
    product = make(path, BuildOptions(formats=("cards",), verify=True))["cards"]
    assert (product.cards, product.pages, product.verified) == (20, 6, True)


def test_a_build_runs_the_cycle_collector_rarely_and_puts_it_back(tmp_path, monkeypatch):
    seen = []
    real = cards.make

    def watched(job):
        seen.append(gc.get_threshold())
        return real(job)

    monkeypatch.setattr(cards, "make", watched)
    before = gc.get_threshold()
    make(_deck(tmp_path, ["Fine?"]), BuildOptions(formats=("cards",)))
    assert seen == [(max(before[0], BUILD_COLLECTION), *before[1:])]
    assert gc.get_threshold() == before
    with pytest.raises(DeckErrors):
        make(_deck(tmp_path, [TOO_LONG]), BuildOptions(formats=("cards",)))
    assert gc.get_threshold() == before


# --- every font embedded, in every PDF ----------------------------------------------------

DECK = """title: Every kind
intro: Sit in a *circle*.
prompts:
  - text: How are you, **really**?
    note: Take your time.
reframes:
  - instead: You always do this.
    try: I noticed this happened again.
quotes:
  - text: We are not alone.
    by: Someone
region: US
resources:
  - name: A helpline
    phone: "988"
    url: https://988lifeline.org
"""


def pdffonts_rows(path: Path) -> list[str]:
    """pdffonts' table rows for `path` (poppler-utils), or [] where it is not installed."""
    if shutil.which("pdffonts") is None:
        return []
    table = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return table.stdout.splitlines()[2:]


def assert_all_embedded(path: Path) -> None:
    assert not_embedded(path.read_bytes()) == [], path
    for row in pdffonts_rows(path):
        # name, type (may be two words), encoding, then the emb/sub/uni columns.
        assert row.split()[-5] == "yes", (path.name, row)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("embedded")
    (folder / "decks").mkdir()
    (folder / "decks" / "d.yaml").write_text(DECK)
    return folder


@pytest.mark.parametrize("impose", ["pocket", "saddle", "zine", "none"])
def test_cards_booklet_and_shop_embed_every_font(project, cli_run, impose):
    out = project / impose
    result = cli_run("build", "--format", "cards", "--format", "booklet", "--format", "shop",
                     "--impose", impose, "-o", out, cwd=project)
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.pdf"))
    assert [p.name for p in written] == ["d-booklet.pdf", "d-cards.pdf", "d-shop.pdf"]
    for path in written:
        assert_all_embedded(path)


@pytest.mark.parametrize("options", [("--format", "box"),
                                     ("--format", "cards", "--stock", "avery-5388")],
                         ids=["box", "stock"])
def test_the_tuck_box_and_stock_sheets_embed_every_font(project, cli_run, options):
    out = project / options[-1]
    result = cli_run("build", *options, "-o", out, cwd=project)
    assert result.exit_code == 0, result.output
    [path] = out.glob("*.pdf")
    assert_all_embedded(path)


@pytest.mark.parametrize("duplex", ["long", "short"])
def test_the_calibration_sheet_embeds_its_fonts(tmp_path, cli_run, duplex):
    result = cli_run("calibrate", "--duplex", duplex, "-o", tmp_path / "c.pdf", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert_all_embedded(tmp_path / "c.pdf")


# --- helplines, checked for the deck's country, in every format ----------------------

@pytest.mark.parametrize("deck, numbers, links, checked", [
    ("gespraeche.de.yaml", ["0800 111 0 111", "116 123", "112"],
     ["tel:+498001110111", "tel:116123", "tel:112"], "geprüft Nov. 2026"),
    ("harm-reduction.ar.yaml", ["1-800-662-4357", "988"],
     ["tel:+18006624357", "tel:988", "sms:988"], "آخر تحقق: ديسمبر 2026"),
])
def test_a_decks_helplines_print_as_written_and_dial_as_parsed_in_every_format(
        deck, numbers, links, checked):
    import re

    from support.paths import DATA, DECKS
    from support.pdfread import reader

    path = (DATA / "decks" / deck) if (DATA / "decks" / deck).exists() else DECKS / deck
    products = make(path, BuildOptions(formats=("cards", "booklet", "html"))).products
    files = {product.name.rsplit("-", 1)[-1] if not product.name.endswith(".html") else "html":
             product.data for product in products}
    cards_text = " ".join(page.extract_text() for page in reader(files["cards.pdf"]).pages)
    back_cover = reader(files["booklet.pdf"]).pages[0].extract_text()
    for number in numbers:
        assert number in cards_text and number in back_cover, number
    page = files["html"].decode("utf-8")
    assert f'<p class="checked">{checked}</p>' in page
    if "ar" not in deck:  # pypdf reads Arabic back in presentation forms, out of order
        assert checked in " ".join(cards_text.split()) and checked in back_cover
    assert sorted(set(re.findall(r'href="((?:tel|sms):[^"?]*)', page))) == sorted(links)
