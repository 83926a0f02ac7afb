"""The same card sheets laid out by Typst, for comparison.

    python benchmarks/typst_cards.py DECK OUT.pdf

In one process, as cardgen's own build: start Python, import the `typst` package
(PyPI; it bundles the Typst compiler) and PyYAML, read the deck
(benchmarks/plain.py), write the Typst source and compile it to PDF.

What Typst does: Letter pages with the same slots and crop marks as cardgen's card
sheets; each front a box the size of a poker card with 9 pt of inset, its kind's
word in bold and every piece of its text as a paragraph at 12 pt in Atkinson
Hyperlegible (the bundled fonts folder only, no system fonts), hyphenated (English
patterns); each back the kind's word centred in the mirrored slot. Typst breaks
lines by its own rules (greedy for ragged text) and shapes text with HarfBuzz.
It does not pick a size that fits, nor check that the text fits in the box. The PDF
is tagged (`pdf_tags=True`, Typst's default), as cardgen's is since issue 29: each
pays for its structure tree.

QR codes: Typst has no QR encoder of its own without a package from the network,
so each helpline's code is encoded here by cardgen's own encoder (cardgen.render.qr:
segno, once an address) and handed to Typst as an SVG file of one path, which
Typst places and embeds.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import typst

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cardgen.choices import CARDS, PAPERS  # noqa: E402
from cardgen.layout.sheet import sheet_layout  # noqa: E402
from cardgen.render.qr import dark_runs  # noqa: E402
from plain import plain_cards  # noqa: E402

CODE = 57.0  # points of modules, as on cardgen's poker cards


def _string(text: str) -> str:
    """A Typst string literal: the words printed as they are, no markup."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def qr_svg(address: str) -> tuple[int, str]:
    """The code of `address` as an SVG of one path, with a one-module quiet zone."""
    count, runs = dark_runs(address)
    path = "".join(f"M{column + 1} {row + 1}h{length}v1h-{length}z" for row, column, length in runs)
    side = count + 2
    return count, (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}">'
                   f'<path d="{path}"/></svg>')


def source(deck: Path, folder: Path) -> str:
    """The Typst document of the deck's card sheets; QR codes written into `folder`."""
    _, cards = plain_cards(deck)
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    height = layout.page_height
    out = [f"#set page(width: {layout.page_width}pt, height: {height}pt, margin: 0pt)",
           '#set text(font: "Atkinson Hyperlegible", size: 12pt, lang: "en", hyphenate: true)',
           "#set par(leading: 0.45em, spacing: 0.6em)"]
    codes: dict[str, str] = {}
    marks = "".join(f"#place(line(start: ({m.x1}pt, {height - m.y1}pt), "
                    f"end: ({m.x2}pt, {height - m.y2}pt), stroke: 0.25pt))\n" for m in layout.marks)
    for first in range(0, len(cards), layout.per_sheet):
        chunk = cards[first:first + layout.per_sheet]
        if first:
            out.append("#pagebreak()")
        for index, card in enumerate(chunk):
            slot = layout.slots[index]
            body = [f"#text(weight: \"bold\", {_string(card.label)})"]
            body += [f"#{_string(text)}" for text in card.texts]
            if card.address:
                if card.address not in codes:
                    count, svg = qr_svg(card.address)
                    name = codes[card.address] = f"qr{len(codes)}.svg"
                    (folder / name).write_text(svg, encoding="utf-8")
                    side = CODE * (count + 2) / count
                    codes[card.address] = f'image("{name}", width: {side}pt)'
                body.append(f"#place(bottom + left, {codes[card.address]})")
            out.append(f"#place(dx: {slot.x}pt, dy: {height - slot.top}pt, "
                       f"box(width: {slot.width}pt, height: {slot.height}pt, inset: 9pt)[\n"
                       + "\n\n".join(body) + "\n])")
        out.append(marks + "#pagebreak()")
        for index, card in enumerate(chunk):
            slot = layout.back_slot(index, "long")
            out.append(f"#place(dx: {slot.x}pt, dy: {height - slot.top}pt, "
                       f"box(width: {slot.width}pt, height: {slot.height}pt, "
                       f"align(center + horizon, {_string(card.label)})))")
    return "\n".join(out) + "\n"


def main(deck: Path, output: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="cardgen-typst-") as tmp:
        folder = Path(tmp)
        (folder / "cards.typ").write_text(source(deck, folder), encoding="utf-8")
        typst.compile(str(folder / "cards.typ"), output=str(output), root=str(folder),
                      font_paths=[str(ROOT / "fonts")], ignore_system_fonts=True, pdf_tags=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
