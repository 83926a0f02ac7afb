"""Every font in every PDF cardgen writes is embedded, as print shops' preflight checks demand."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from support.fontmaker import not_embedded

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


def test_a_page_with_no_text_names_no_font(tmp_path):
    """ReportLab starts each page in a font; cardgen's first font is embedded, and a
    page that draws no text names none at all."""
    import io

    from pypdf import PdfReader

    from cardgen.render.sheets import new_canvas

    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (200, 200), "t", "a", "s", "long")
    canvas.rect(10, 10, 50, 50)
    canvas.showPage()
    canvas.save()
    page = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    assert dict(page["/Resources"].get("/Font", {})) == {}
