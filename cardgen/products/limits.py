"""Settings that would push ink off the page or across a fold, refused before anything is drawn.

Each value is well formed on its own (`--creep 1in` is a length) and wrong with the rest:
meant as 1 mm, it cuts words off at the fold. Each check raises a SettingError that says
the largest value that works, rounded down so that value, given back, works; the
command line says whether the value came from an option or a line of cardgen.yaml.
Each format's module calls the checks for what it prints (its `check_settings`), and
the booklet's creep once its sheets are planned. Lengths in points.
"""

from __future__ import annotations

from collections.abc import Sequence

from cardgen.errors import SettingError
from cardgen.layout.booklet import Plan, largest_creep
from cardgen.layout.sheet import SheetLayout, back_room
from cardgen.units import INCH, LONGEST, pixel_size, typed_mm

# A card printer's image of one face: 24 million pixels is a 20 x 13 in face at 300 dpi,
# far past any card, and what a build can render without running out of memory.
LARGEST_IMAGE = 24_000_000
FOLD_CLEARANCE = INCH / 8  # words keep this far from the fold of the innermost sheet, as from a cut
_SLACK = 1e-6  # a largest value said back, after rounding to points and back, is allowed


def check_creep(creep: float, plan: Plan, margins: Sequence[tuple[float, float]]) -> None:
    """Refuse a creep that moves the inner sheets' words across the fold (`--creep 1in` meant
    as 1mm), saying the largest that works for this booklet: its pages on its sheets
    (`plan`), with `margins`, each page's nearest ink to its left and right edges.
    A page's ink may move that far past its edge, less FOLD_CLEARANCE."""
    if not creep:
        return
    room = [(left - FOLD_CLEARANCE, right - FOLD_CLEARANCE) for left, right in margins]
    largest = largest_creep(plan, room)
    if largest is None or creep <= largest + _SLACK:
        return
    sheets = len(plan.sides) // 2
    raise SettingError("creep", f"{typed_mm(creep)} a sheet would move the words of the inner "
                                f"sheets across the fold; the largest creep for this booklet of "
                                f"{sheets} sheets is {typed_mm(largest)} (paper is about 0.1mm)")


def check_page_size(size: tuple[float, float], name: str, bleed: float) -> None:
    """Refuse a print-shop page (a `name` card of `size` with `bleed` all round) larger than
    a PDF page can be."""
    card = max(size)
    if card > LONGEST + _SLACK:
        raise SettingError("card", f"a {name} card is larger than the 200 in (5080 mm) a PDF "
                                   "page can be")
    if card + 2 * bleed > LONGEST + _SLACK:
        largest = (LONGEST - card) / 2
        raise SettingError("bleed", f"{typed_mm(bleed)} of bleed makes each print-shop page larger "
                                    f"than the 200 in (5080 mm) a PDF page can be; the largest "
                                    f"bleed for a {name} card is {typed_mm(largest)} "
                                    "(print shops ask for 0.125in)")


def check_image_size(size: tuple[float, float], name: str, bleed: float, dpi: int) -> None:
    """Refuse card images (a `name` card of `size` with `bleed` all round, at `dpi`) of more
    than LARGEST_IMAGE pixels."""
    width, height = size
    if _pixels(width, height, 0.0, dpi) > LARGEST_IMAGE:
        wide, tall = pixel_size(width, height, dpi)
        raise SettingError("dpi", f"a {name} card at {dpi} dpi is {wide} x {tall} pixels, more "
                                  f"than the {LARGEST_IMAGE // 1_000_000} million a card image "
                                  "can have; card printers ask for 300 dpi")
    if _pixels(width, height, bleed, dpi) <= LARGEST_IMAGE:
        return
    low, high = 0.0, bleed  # the largest bleed that keeps the image small enough
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if _pixels(width, height, middle, dpi) <= LARGEST_IMAGE else (
            low, middle)
    raise SettingError("bleed", f"{typed_mm(bleed)} of bleed makes each card image more than "
                                f"{LARGEST_IMAGE // 1_000_000} million pixels at {dpi} dpi; the "
                                f"largest bleed for a {name} card is {typed_mm(low)} "
                                "(card printers ask for 1/8 in, 3.17mm)")


def _pixels(width: float, height: float, bleed: float, dpi: int) -> int:
    wide, high = pixel_size(width + 2 * bleed, height + 2 * bleed, dpi)
    return wide * high


def check_back_offset(layout: SheetLayout, duplex: str, offset: tuple[float, float], paper: str,
                      card: str) -> None:
    """Refuse a --back-offset that moves backs off the page: `layout` on `paper` ("letter
    paper", a stock's title) with `card` cards, printed two-sided flipping on `duplex`."""
    left, right, down, up = back_room(layout, duplex)
    dx, dy = offset
    if -left - _SLACK <= dx <= right + _SLACK and -down - _SLACK <= dy <= up + _SLACK:
        return
    across = (f"{typed_mm(left)} left or right" if abs(left - right) < 0.01 else
              f"{typed_mm(left)} left and {typed_mm(right)} right")
    upright = (f"{typed_mm(down)} down or up" if abs(down - up) < 0.01 else
               f"{typed_mm(down)} down and {typed_mm(up)} up")
    raise SettingError("back_offset", f"it would print backs off the page: on {paper} with "
                                      f"{card} cards, backs can move at most {across}, and "
                                      f"{upright} (printers are off by 0.5mm to 4mm)")
