"""`cardgen preview`: pictures of a deck's card sheets and booklet spreads, as PNG files.

An editor sees what a change looks like without a PDF viewer. The deck is made
exactly as a build makes it, in memory, and its pages are rendered with PDFium;
the booklet is shown as open spreads in reading order (cover, 2-3, 4-5, ...).
The pictures are written like any output (all together, atomically), and pages
left over from an earlier, longer preview of the same deck are removed.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pypdfium2
from PIL import Image

from cardgen.errors import CardgenError
from cardgen.products.build import make
from cardgen.products.context import Context
from cardgen.products.formats import PICTURED
from cardgen.products.output import write_outputs

GAP = 0.02  # space around booklet spreads, as a share of the page width


def preview(path: Path, shown: str, context: Context, out: Path, dpi: int = 80) -> list[Path]:
    """Write PNG pictures of the deck's card sheets and booklet spreads into `out`, made as
    a build with the set-up `context` would make them."""
    options = context.options
    wanted = tuple(f for f in options.formats if f in PICTURED) or PICTURED
    flat = replace(options, formats=wanted, impose="none")
    products = make(path, flat, shown, context=Context.create(flat, fonts=context.fonts))
    pictures: list[tuple[Path, bytes]] = []
    for product in products.products:
        assert isinstance(product.data, bytes)
        pages = render_pages(product.data, dpi)
        images = pages if product.format == "cards" else _spreads(pages)
        stem = Path(product.name).stem
        for number, image in enumerate(images, start=1):
            pictures.append((out / f"{stem}-{number:02d}.png", _png(image)))
    write_outputs(pictures)
    _remove_leftovers(out, {target for target, _ in pictures}, products)
    return [target for target, _ in pictures]


def render_pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Every page of a PDF as an RGB picture at `dpi`."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil().convert("RGB")
                for i in range(len(document))]
    finally:
        document.close()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _remove_leftovers(out: Path, written: set[Path], products) -> None:
    """Pages of an earlier preview of the same outputs that this one no longer has."""
    stems = {Path(product.name).stem for product in products.products}
    page = re.compile(r"^(?P<stem>.+)-\d{2,}\.png$")
    try:
        names = list(out.iterdir())
    except OSError:
        return
    for path in names:
        match = page.match(path.name)
        if match and match["stem"] in stems and path not in written:
            try:
                path.unlink()
            except OSError as error:
                raise CardgenError(f"cannot remove the old preview {path}: "
                                   f"{error.strerror}") from None


def _spreads(pages: list[Image.Image]) -> list[Image.Image]:
    """Booklet pages as a reader sees them: the cover alone, then facing pages, the back alone."""
    if len(pages) < 3:
        return [_framed([page]) for page in pages]
    inner = pages[1:-1]
    pairs = [inner[i:i + 2] for i in range(0, len(inner), 2)]
    return [_framed([pages[0]])] + [_framed(pair) for pair in pairs] + [_framed([pages[-1]])]


def _framed(pages: list[Image.Image]) -> Image.Image:
    width, height = pages[0].size
    pad = max(4, round(width * GAP))
    sheet = Image.new("RGB", (width * len(pages) + 2 * pad, height + 2 * pad), (200, 200, 200))
    for index, page in enumerate(pages):
        sheet.paste(page, (pad + index * width, pad))
    return sheet
