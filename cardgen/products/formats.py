"""What a build can make: one record per output format, in the order they are made.

A format's facts live in its record and nowhere else: the name the command line and
cardgen.yaml take, what `--help` says of it, the file it is written under, the backs and
bleed it prints without `--backs` and `--bleed`, whether it draws the fitted card faces
(all such formats share one fitting), whether `cardgen preview` and the studio picture
it, the studio's link to download it (if it offers one), and whether `--verify` reads it
back.

Each format is made by the module its record names, `cardgen.products.<name>`, which
has `make(job) -> Product`, and may have `check(job)` (what `cardgen validate` asks of
it without drawing: the cards fitted, the booklet laid out) and `check_settings(context)`
(settings it cannot print, refused before anything is drawn). Adding a format is a
record here, its module, and its tests.

This module is data: the command line reads it for its choices without loading
ReportLab, so `cardgen --help` stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from cardgen.units import INCH, MM


@dataclass(frozen=True)
class Format:
    """One output format: see the module's docstring for what each field means.
    `bleed` is in PDF points."""

    name: str
    describe: str
    file: str  # {deck} is the deck file's name without .yaml; a name without a suffix is a folder
    backs: str = "light"  # "light" or "full", when --backs is not given
    bleed: float = 0.0  # how far colour runs past the cut when --bleed is not given
    full_bleed: float | None = None  # the bleed instead with full (colour) backs; None: `bleed`
    faces: bool = False  # draws (or counts) the fitted card faces
    pictured: bool = False  # `cardgen preview` and the studio show it
    download: str | None = None  # the studio's link to the file (a PDF), if it offers one
    read_back: bool = False  # --verify reads it back and checks every card

    @property
    def module(self) -> str:
        return f"cardgen.products.{self.name}"

    def maker(self) -> ModuleType:
        """The module that makes this format. Imported when a build needs it: makers load
        ReportLab, PDFium or the HTML templates, which `cardgen --help` must not wait for."""
        return import_module(self.module)

    def bleed_or(self, given: float | None, full_backs: bool = False) -> float:
        """The bleed this format prints with: `given` (--bleed), or its own (with colour
        backs, `full_bleed` if it has one)."""
        if given is not None:
            return given
        if full_backs and self.full_bleed is not None:
            return self.full_bleed
        return self.bleed

    def file_name(self, deck: str) -> str:
        """The name this format is written under for the deck file named `deck` (no .yaml)."""
        return self.file.format(deck=deck)


FORMATS: dict[str, Format] = {format_.name: format_ for format_ in (
    # Colour backs printed at home land 0.5 to 4 mm off their fronts: 2.5 mm of bleed (and
    # so a 5 mm gutter) hides most of that, all of it once `cardgen calibrate` has
    # corrected the printer's steady offset; the shop's 1/8 in would halve large cards
    # on Letter (4 to 2 a sheet).
    Format("cards", "card sheets with backs and crop marks", "{deck}-cards.pdf",
           full_bleed=2.5 * MM, faces=True, pictured=True, download="Cards PDF",
           read_back=True),
    Format("booklet", "a pocket booklet", "{deck}-booklet.pdf",
           pictured=True, download="Booklet PDF", read_back=True),
    # Print shops ask for 3 mm of bleed in Europe, 1/8 in (3.175 mm) in the US and card
    # printers 1/8 in: 1/8 in satisfies them all.
    Format("shop", "one card per page with bleed, for a print shop", "{deck}-shop.pdf",
           backs="full", bleed=INCH / 8, faces=True, download="Print-shop PDF", read_back=True),
    Format("images", "one PNG per card face, for a card printer", "{deck}-images",
           backs="full", bleed=INCH / 8, faces=True),
    Format("box", "a tuck box to hold the printed deck", "{deck}-box.pdf", faces=True),
    Format("html", "one page for screens and screen readers, to share in a video call",
           "{deck}.html"),
)}
DEFAULT_FORMATS = ("cards", "booklet")
PICTURED = tuple(name for name, format_ in FORMATS.items() if format_.pictured)
DOWNLOADS = tuple(name for name, format_ in FORMATS.items() if format_.download)
