"""`cardgen preview`: pictures of a deck's card sheets and booklet spreads, as PNG files.

An editor sees what a change looks like without a PDF viewer. The deck is
built into a temporary folder as usual, so a preview is exactly what prints;
the booklet is shown as open spreads in reading order (cover, 2-3, 4-5, ...).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pypdfium2
from PIL import Image

from cardgen.build import build_deck
from cardgen.errors import CardgenError
from cardgen.options import BuildOptions

GAP = 0.02  # space around booklet spreads, as a share of the page width


def preview(path: Path, shown: str, options: BuildOptions, out: Path, dpi: int = 80,
            extra_fonts: tuple[Path, ...] = ()) -> list[Path]:
    """Write PNG pictures of the deck's card sheets and booklet spreads into `out`."""
    wanted = tuple(f for f in options.formats if f in ("cards", "booklet")) or ("cards", "booklet")
    flat = replace(options, formats=wanted, impose="none")
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="cardgen-preview-") as folder:
        outputs = build_deck(path, shown, flat, Path(folder), extra_fonts)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CardgenError(f"cannot make the preview folder {out}: {error.strerror}") from None
        for output in outputs:
            document = pypdfium2.PdfDocument(str(output.path))
            pages = [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))]
            document.close()
            name = output.path.stem
            images = pages if output.format == "cards" else _spreads(pages)
            for number, image in enumerate(images, start=1):
                target = out / f"{name}-{number:02d}.png"
                image.save(target, optimize=True)
                written.append(target)
    return written


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
