"""Card faces as PNG images for print-on-demand card printers: one file per face, exact pixels.

Card printers take one image per face at 300 dpi with 1/8 in of bleed on every
side (a poker card is then 825 x 1125 pixels). The images are rendered with
PDFium from the print-shop PDF (`render.shop.shop_pdf`), page by page, so the
images and the PDFs come from one drawing and cannot disagree. Each PNG is
sRGB (it says so in an sRGB chunk) and records its resolution, so a printer's
upload page reads its size in inches correctly.
"""

from __future__ import annotations

import io

import pypdfium2
import pypdfium2.raw as pdfium
from PIL import Image, PngImagePlugin

from cardgen.units import pixel_size

DEFAULT_DPI = 300
_SRGB_PERCEPTUAL = b"\x00"  # the PNG sRGB chunk's rendering intent
_GAMMA = (45455).to_bytes(4, "big")  # 1/2.2, the gAMA the PNG spec pairs with sRGB


def face_names(count: int) -> list[str]:
    """File names for `count` cards in deck order: 001-front.png, 001-back.png, 002-front.png..."""
    digits = max(3, len(str(count)))
    return [f"{number:0{digits}d}-{side}.png" for number in range(1, count + 1)
            for side in ("front", "back")]


def card_images(shop_pdf: bytes, dpi: int = DEFAULT_DPI) -> list[tuple[str, bytes]]:
    """Every page of a print-shop PDF (front 1, back 1, front 2, ...) as (file name, PNG bytes).

    Each page is rendered to exactly `pixel_size` pixels: PDFium stretches the page to
    the bitmap, so no rounding of a scale factor adds or drops a row.
    """
    document = pypdfium2.PdfDocument(shop_pdf)
    try:
        pages = len(document)
        if pages % 2:
            raise ValueError(f"a print-shop PDF has a back for every front, not {pages} pages")
        names = face_names(pages // 2)
        return [(name, _png(_render(document[index], dpi), dpi))
                for index, name in enumerate(names)]
    finally:
        document.close()


def _render(page: pypdfium2.PdfPage, dpi: int) -> Image.Image:
    page_width, page_height = page.get_size()  # points
    width, height = pixel_size(page_width, page_height, dpi)
    bitmap = pypdfium2.PdfBitmap.new_native(width, height, pdfium.FPDFBitmap_BGR,
                                            rev_byteorder=True)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)
    pdfium.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0,
                                 pdfium.FPDF_ANNOT | pdfium.FPDF_REVERSE_BYTE_ORDER)
    image = bitmap.to_pil().convert("RGB")
    bitmap.close()
    return image


def _png(image: Image.Image, dpi: int) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add(b"sRGB", _SRGB_PERCEPTUAL)
    info.add(b"gAMA", _GAMMA)
    buffer = io.BytesIO()
    # Level 3 encodes a third faster than the default 6 for files 15 % larger: flat colour
    # and text compress well either way, and a deck has hundreds of faces.
    image.save(buffer, format="PNG", pnginfo=info, dpi=(dpi, dpi), compress_level=3)
    return buffer.getvalue()
