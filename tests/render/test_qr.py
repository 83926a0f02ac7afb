"""QR codes as a phone meets them: every code of the bundled decks read back from the page,
where each was drawn, how big, and a deck without helplines not loading the encoder."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
import yaml
import zxingcpp
from reportlab.pdfgen.canvas import Canvas

from cardgen.products.build import make
from cardgen.products.options import BuildOptions
from cardgen.render.qr import draw_qr, largest_side, qr_side
from cardgen.units import MM
from support.paths import ROOT

DECKS = sorted((ROOT / "decks").glob("*.yaml"))
DPI = 150
QR = zxingcpp.BarcodeFormat.QRCode


def _codes(data: bytes) -> list[str]:
    """The text of every QR code on every page, page by page; each must stand upright,
    not mirrored (a mirrored code reads as turned a quarter), at error level M."""
    document = pypdfium2.PdfDocument(data)
    found = []
    for page in document:
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
        codes = zxingcpp.read_barcodes(image, formats=QR)
        assert [(code.orientation, code.ec_level) for code in codes] == [(0, "M")] * len(codes)
        found += [code.text for code in codes]
    return found


def _addresses(deck: Path) -> list[str]:
    data = yaml.safe_load(deck.read_text(encoding="utf-8"))
    return [entry["url"] for entry in data.get("resources") or [] if entry.get("url")]


@pytest.mark.parametrize("deck", DECKS, ids=[deck.name for deck in DECKS])
def test_every_code_of_a_bundled_deck_reads_back_as_its_address(deck):
    addresses = _addresses(deck)
    assert addresses  # every bundled deck lists helplines with web addresses
    from support.cjk import fonts_for_deck

    products = make(deck, BuildOptions(formats=("cards", "booklet"), fonts=fonts_for_deck(deck)))
    # One code on each helpline card's front.
    assert sorted(_codes(products["cards"].data)) == sorted(addresses)
    # A pocket sheet carries two copies of the booklet: each address, on each copy.
    booklet = _codes(products["booklet"].data)
    assert sorted(set(booklet)) == sorted(set(addresses))
    assert all(booklet.count(address) == 2 for address in addresses)


@pytest.mark.parametrize("address", ["https://988lifeline.org",
                                     "https://www.samhsa.gov/find-help/helplines/national-helpline",
                                     "https://example.org/" + "long/" * 30])
def test_a_code_is_drawn_where_and_as_big_as_asked(address):
    code, x, y = 20 * MM, 100.0, 300.0
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 500), invariant=1)
    side = draw_qr(canvas, address, x, y, code)
    canvas.save()
    assert side == pytest.approx(qr_side(address, code))
    assert code < side <= largest_side(code)
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    scale = 300 / 72
    [found] = zxingcpp.read_barcodes(page.render(scale=scale).to_pil(), formats=QR)
    assert (found.text, found.orientation, found.ec_level) == (address, 0, "M")
    # The finder patterns' outer corners are one module in from the quiet zone's corners.
    module = (side - code) / 2
    corners = found.position
    left = min(corners.top_left.x, corners.bottom_left.x) / scale
    right = max(corners.top_right.x, corners.bottom_right.x) / scale
    top = 500 - min(corners.top_left.y, corners.top_right.y) / scale
    bottom = 500 - max(corners.bottom_left.y, corners.bottom_right.y) / scale
    tolerance = 2 / scale + 0.5  # two pixels, and half a point of reading slack
    assert left == pytest.approx(x + module, abs=tolerance)
    assert bottom == pytest.approx(y + module, abs=tolerance)
    assert right - left == pytest.approx(code, abs=2 * tolerance)
    assert top - bottom == pytest.approx(code, abs=2 * tolerance)


def test_the_same_address_draws_the_same_bytes_each_time():
    def pdf() -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(200, 200), invariant=1)
        draw_qr(canvas, "https://988lifeline.org", 10, 10, 57)
        draw_qr(canvas, "https://988lifeline.org", 100, 100, 57)
        canvas.save()
        return buffer.getvalue()

    assert pdf() == pdf()


def test_a_deck_without_helplines_never_loads_the_qr_encoder_and_none_loads_graphics(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text("title: T\nprompts: [How are you?]\n", encoding="utf-8")
    helpline = tmp_path / "help.yaml"
    helpline.write_text("title: T\nprompts: [How are you?]\nresources:\n"
                        "  - {name: Line, url: 'https://988lifeline.org'}\n", encoding="utf-8")
    check = ("import sys, cardgen; from pathlib import Path; "
             "cardgen.build(Path(sys.argv[1]), cardgen.BuildOptions(formats=('cards', 'shop'))); "
             "print('segno' in sys.modules, 'reportlab.graphics' in sys.modules)")
    loaded = [subprocess.run([sys.executable, "-c", check, str(path)], capture_output=True,
                             text=True, check=True, cwd=ROOT).stdout.strip()
              for path in (deck, helpline)]
    assert loaded == ["False False", "True False"]


def test_a_text_line_and_a_tel_address_are_coded_as_a_phone_opens_them(tmp_path):
    """A text line without a web address gets a code that opens the message ready to
    send; a `tel:` address is coded as the number is dialled, never as typed."""
    deck = tmp_path / "deck.yaml"
    deck.write_text("title: T\nregion: US\nprompts: [How are you?]\nhelplines:\n"
                    "  - {name: Crisis Text Line, sms: '741741', sms_body: HOME}\n"
                    "  - {name: Line, url: 'tel:1-800-662-4357'}\n", encoding="utf-8")
    products = make(deck, BuildOptions(formats=("cards", "booklet")))
    expected = ["sms:741741?&body=HOME", "tel:+18006624357"]
    assert sorted(_codes(products["cards"].data)) == expected
    assert sorted(set(_codes(products["booklet"].data))) == expected
