"""Every named size and choice cardgen offers, once: papers, cards, booklet pages, duplex
modes, impositions and card backs. (Output formats are records of their own, in
`cardgen.products.formats`.)

The command line's choices, the checks on `cardgen.yaml` and the messages all derive
from these tables. Sizes are (width, height) in PDF points (1/72 in). This module is
data only, so the pure geometry in `cardgen.layout` may use it too.
"""

from __future__ import annotations

from cardgen.units import INCH, MM

# Paper, portrait. The sheet layout tries both orientations, so only the pair matters.
PAPERS: dict[str, tuple[float, float]] = {
    "letter": (8.5 * INCH, 11 * INCH),
    "a4": (210 * MM, 297 * MM),
    "legal": (8.5 * INCH, 14 * INCH),
    "a3": (297 * MM, 420 * MM),
    "tabloid": (11 * INCH, 17 * INCH),
}
US_PAPERS = ("letter", "legal", "tabloid")  # booklets on these default to US page sizes

# Card trim sizes. Cards are never rotated, so business and index stay landscape.
CARDS: dict[str, tuple[float, float]] = {
    "poker": (2.5 * INCH, 3.5 * INCH),
    "bridge": (2.25 * INCH, 3.5 * INCH),
    "mini": (1.75 * INCH, 2.5 * INCH),
    "tarot": (2.75 * INCH, 4.75 * INCH),
    "square": (2.75 * INCH, 2.75 * INCH),
    "large": (3.5 * INCH, 5 * INCH),
    "business": (3.5 * INCH, 2 * INCH),
    "index": (5 * INCH, 3 * INCH),
}

# Booklet page sizes: the pocket sizes (a quarter of A4 or Letter) and the saddle sizes.
BOOKLET_SIZES: dict[str, tuple[float, float]] = {
    "a6": (105 * MM, 148 * MM),
    "a5": (148 * MM, 210 * MM),
    "quarter-letter": (4.25 * INCH, 5.5 * INCH),
    "half-letter": (5.5 * INCH, 8.5 * INCH),
}

# Duplex modes: the edge a two-sided sheet turns over, and the PDF viewer preference
# that asks the print dialog for it.
DUPLEX: dict[str, str] = {
    "long": "DuplexFlipLongEdge",
    "short": "DuplexFlipShortEdge",
    "none": "Simplex",
}
FLIPS = ("long", "short")  # the duplex modes that print two sides

# How booklet pages go on sheets.
IMPOSITIONS: dict[str, str] = {
    "pocket": "two small booklets per sheet, cut across the middle",
    "saddle": "one larger booklet, sheets nested and stapled on the fold",
    "zine": "an 8-page booklet folded from one side of one sheet",
    "none": "the pages in reading order, one per PDF page, for screens and print shops",
}

# Card backs: light for home printers (a fraction of the ink, nothing near the trim), full
# colour past the trim for print shops. What each format prints without --backs is in its
# record, cardgen.products.formats.
BACKS: dict[str, str] = {
    "light": "white, with the kind's icon and word in its colour: for home printers",
    "full": "the kind's colour over the whole card and its bleed: for print shops",
}

# Home printers cannot print closer than this to the paper's edge.
PRINTER_EDGE = 6 * MM
