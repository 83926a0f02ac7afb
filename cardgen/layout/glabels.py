"""Reading gLabels template files, so any perforated stock in that database can be printed on.

gLabels (a label program) keeps thousands of stocks from Avery, Herma, Zweckform
and others in XML files (Debian's glabels-data installs them under
/usr/share/libglabels-3.0/templates/). A file holds <Template> elements: a
brand, a part number, a paper size and one label shape with one or more
<Layout> grids; or just `equiv="PART"`, naming another template of the same
brand with the same die. cardgen reads rectangle templates only; a round, CD or
elliptical label is refused by name. Lengths are a number and a unit (pt, in,
mm, cm, pc); a bare number is points. Mistakes are DeckErrors at the file's
line and column, like a deck's: a figure's at its attribute.

A crafted file can be 5 MB of one attribute, so every attribute is bounded (a figure
to MAX_FIGURE characters, anything else to MAX_ATTRIBUTE) and read in one pass.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any
from xml.parsers import expat

from cardgen.errors import CardgenError, DeckError, DeckErrors, Position, SettingError
from cardgen.layout.stock import (
    BUNDLED,
    Grid,
    Stock,
    bundled_stock,
    close_names,
    problems,
    stock_name,
)
from cardgen.source import file_kind
from cardgen.units import CM, INCH, LONGEST, MM, TOO_LONG, abbreviated

MAX_BYTES = 5 * 1024 * 1024  # the largest file in the gLabels database is under 100 kB
MAX_CARDS = 1000  # per sheet; label sheets have a few hundred at most, card stock a dozen
MAX_FIGURE = 100  # characters of a length or a count; gLabels' own are 13 at most
MAX_ATTRIBUTE = 200  # characters of any other attribute; gLabels' own descriptions, 81
_FIGURES = frozenset({"width", "height", "x0", "y0", "dx", "dy", "nx", "ny", "waste", "x_waste",
                      "y_waste"})

_UNITS = {"pt": 1.0, "in": INCH, "mm": MM, "cm": CM, "pc": 12.0}
# Each character can be matched one way only (a digit before the point, after it, or
# in the exponent), so a failed match costs time in proportion to the text. The old
# pattern's `\d+\.?\d*` could split a run of digits anywhere: minutes for 60,000.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_LENGTH_HINT = "write a number with pt, in, mm, cm or pc, e.g. 2.5in or 63.5mm"
# An attribute in a start tag as written (expat has checked the tag), to find where it is.
_TAG = re.compile(rb"<[^\s/>]+")
_ATTRIBUTE = re.compile(rb"\s*([^\s=/>]+)\s*=\s*(?:\"[^\"]*\"|'[^']*')")

# gLabels' paper ids (its paper-sizes.xml) for the sheets card stock comes on.
_PAPERS = {
    "a3": (297 * MM, 420 * MM), "a4": (210 * MM, 297 * MM), "a5": (148 * MM, 210 * MM),
    "a6": (105 * MM, 148 * MM), "us-letter": (8.5 * INCH, 11 * INCH),
    "us-legal": (8.5 * INCH, 14 * INCH), "us-executive": (7.25 * INCH, 10.5 * INCH),
    "sra3": (320 * MM, 450 * MM), "sra4": (225 * MM, 320 * MM),
}
_SHAPES = {"Label-rectangle": "rectangle", "Label-round": "a round label",
           "Label-cd": "a CD label", "Label-ellipse": "an elliptical label",
           "Label-path": "a label with a drawn outline", "Label-continuous": "a continuous roll"}


@dataclass(frozen=True)
class Element:
    """One XML element as written: its attributes, where it starts, where each attribute is."""

    attrs: Mapping[str, str]
    where: Position
    spots: Mapping[str, Position]

    def at(self, key: str) -> Position:
        """Where attribute `key` is written, for a message about it (the element if absent)."""
        return self.spots.get(key, self.where)


@dataclass(frozen=True)
class Template:
    """One <Template> element as written, before its figures are checked."""

    name: str  # brand and part as a stock name: "avery-8373"
    element: Element  # the <Template> itself
    shape: str | None  # a _SHAPES key; None for an `equiv` template
    label: Element  # the label shape (no attributes for an `equiv` template)
    layouts: tuple[Element, ...]

    @property
    def where(self) -> Position:
        return self.element.where

    @property
    def attrs(self) -> Mapping[str, str]:
        return self.element.attrs

    @property
    def equiv(self) -> str | None:
        """The name of the template this one copies, if it is an `equiv`."""
        part = self.attrs.get("equiv")
        return stock_name(f"{self.attrs.get('brand', '')} {part}") if part else None


def read_templates(path: Path, shown: str) -> list[Template]:
    """Every <Template> in a gLabels file, in file order; DeckErrors for bad XML."""
    start = Position(shown, 1, 1)
    try:
        status = path.stat()
        # A device (/dev/zero) never ends and a pipe may never be written to: read
        # only regular files, and no more of them than the limit.
        if not S_ISREG(status.st_mode):
            raise CardgenError(f"stock file {shown} is {file_kind(status.st_mode)}; give a "
                               "gLabels .xml file")
        if status.st_size > MAX_BYTES:
            raise DeckErrors([DeckError(start, f"the file is {status.st_size // 1024 // 1024} MB; "
                                               "a gLabels template file is far smaller")])
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CardgenError(f"stock file not found: {shown}") from None
    except OSError as error:
        raise CardgenError(f"cannot read stock file {shown}: {error.strerror}") from None
    return _Reader(shown).read(data)


class _Reader:
    """Collects templates from expat's events; refuses entity declarations, which no
    template needs and which can expand a small file into gigabytes."""

    def __init__(self, shown: str):
        self.shown = shown
        self.templates: list[Template] = []
        self.depth = 0
        self.current: dict[str, Any] | None = None
        self.parser = expat.ParserCreate()
        self.data = b""

    def read(self, data: bytes) -> list[Template]:
        self.data = data
        parser = self.parser
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.EntityDeclHandler = self._entity
        try:
            parser.Parse(data, True)
        except expat.ExpatError as error:
            where = Position(self.shown, error.lineno, error.offset + 1)
            message = expat.errors.messages.get(error.code, str(error))
            problem = DeckError(where, f"not a gLabels template file: {message}")
            raise DeckErrors([problem]) from None
        return self.templates

    def _here(self) -> Position:
        return Position(self.shown, self.parser.CurrentLineNumber,
                        self.parser.CurrentColumnNumber + 1)

    def _entity(self, *_args: object) -> None:
        raise DeckErrors([DeckError(self._here(), "the file declares an XML entity; gLabels "
                                                  "template files have none")])

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rpartition(":")[2]
        self.depth += 1
        if self.depth == 1 and tag != "Glabels-templates":
            raise DeckErrors([DeckError(self._here(), f"not a gLabels template file: it starts "
                                                      f"with <{tag}>, not <Glabels-templates>")])
        if self.depth == 2 and tag == "Template":
            element = self._element(attrs)
            self.current = {"element": element, "shape": None, "layouts": [],
                            "label": Element({}, element.where, {})}
        elif self.current is not None and self.depth == 3 and tag in _SHAPES:
            if self.current["shape"] is None:
                self.current["shape"], self.current["label"] = tag, self._element(attrs)
        elif self.current is not None and self.depth == 4 and tag == "Layout":
            self.current["layouts"].append(self._element(attrs))

    def _end(self, tag: str) -> None:
        if self.depth == 2 and self.current is not None:
            item = self.current
            attrs = item["element"].attrs
            brand_part = f"{attrs.get('brand', '')} {attrs.get('part', '')}".strip()
            name = stock_name(brand_part or attrs.get("name", ""))
            self.templates.append(Template(name, item["element"], item["shape"], item["label"],
                                           tuple(item["layouts"])))
            self.current = None
        self.depth -= 1

    def _element(self, attrs: dict[str, str]) -> Element:
        """The element just started, with where its attributes are. Any attribute but a
        figure longer than MAX_ATTRIBUTE is refused here (DeckErrors); figures are judged
        when read, in a message that names the template."""
        element = Element(attrs, self._here(), self._spots())
        for key, value in attrs.items():
            if key not in _FIGURES and len(value) > MAX_ATTRIBUTE:
                raise DeckErrors([DeckError(element.at(key), f'{key}="{abbreviated(value)}" is '
                                            f"{len(value):,} characters long; a gLabels attribute "
                                            f"is a few words, {MAX_ATTRIBUTE} characters at most")])
        return element

    def _spots(self) -> dict[str, Position]:
        """Where each attribute of the start tag expat is at is written: a scan of the tag,
        counting lines and characters from one attribute to the next."""
        start = self.parser.CurrentByteIndex
        tag = _TAG.match(self.data, start)
        spots: dict[str, Position] = {}
        if tag is None:
            return spots
        here, at = self._here(), start
        attribute = _ATTRIBUTE.match(self.data, tag.end())
        while attribute is not None:
            here = _moved(here, self.data[at:attribute.start(1)])
            at = attribute.start(1)
            spots[attribute[1].decode("utf-8", "replace")] = here
            attribute = _ATTRIBUTE.match(self.data, attribute.end())
        return spots


def _moved(where: Position, passed: bytes) -> Position:
    """`where` moved past the text `passed`, counting characters as expat does."""
    lines = passed.split(b"\n")
    if len(lines) == 1:
        return Position(where.path, where.line, where.column + _characters(passed))
    return Position(where.path, where.line + len(lines) - 1, _characters(lines[-1]) + 1)


def _characters(text: bytes) -> int:
    return len(text.decode("utf-8", "replace"))


def template_stock(template: Template, templates: Mapping[str, Template]) -> Stock:
    """The stock a template describes, following `equiv`; a DeckError at its line if it
    is not a rectangle template cardgen can print on."""
    source, seen = template, {template.name}
    while source.equiv:
        target = templates.get(source.equiv)
        if target is None:
            raise _error(source, f"its equiv=\"{source.attrs['equiv']}\" names no template "
                                 "of the same brand in this file")
        if target.name in seen:
            raise _error(source, "its equiv templates name each other in a circle")
        seen.add(target.name)
        source = target
    if source.shape != "Label-rectangle":
        what = _SHAPES.get(source.shape or "", "a template with no label shape")
        raise _error(template, f"it is {what}, not a rectangle; cardgen prints on rectangular "
                               "cards only")
    paper = _paper(source)
    card = (_length(source, source.label, "width"), _length(source, source.label, "height"))
    grids = tuple(_grid(source, layout) for layout in source.layouts)
    if not grids:
        raise _error(source, "its label has no <Layout>, so it says nowhere where the cards are")
    if sum(grid.columns * grid.rows for grid in grids) > MAX_CARDS:
        raise _error(source, f"its layouts put more than {MAX_CARDS} labels on a sheet")
    attrs = template.attrs
    title = f"{attrs.get('brand', '')} {attrs.get('part', '')}".strip() or attrs.get("name", "")
    described = source.attrs.get("description") or source.attrs.get("_description") or "Cards"
    aliases = tuple(t.name for t in templates.values() if t.equiv == template.name)
    metric = source.label.attrs.get("width", "").strip().lower().endswith(("mm", "cm"))
    stock = Stock(template.name, title, described, paper, card, grids, aliases, metric,
                  _waste(source))
    found = problems(stock)
    if found:
        raise _error(source, f"cannot be printed on: {found[0]}")
    return stock


def stocks_in(path: Path, shown: str) -> list[Stock]:
    """Every rectangle template of a gLabels file as a stock, in file order.

    Templates cardgen cannot use (round labels, CDs, broken figures) are left out:
    a database file holds many, and listing is not choosing.
    """
    return _usable(read_templates(path, shown))[0]


def _usable(templates: list[Template]) -> tuple[list[Stock], list[DeckError]]:
    """The stocks of the templates cardgen can print on, in file order, and why each
    rectangle template it cannot print on was refused."""
    by_name = {t.name: t for t in templates}
    found, refused = [], []
    for template in templates:
        try:
            found.append(template_stock(template, by_name))
        except DeckError as error:
            if template.shape == "Label-rectangle":
                refused.append(error)
    return found, refused


def load_stock(name: str | None, file: Path | None = None, shown: str | None = None) -> Stock:
    """The stock a build prints on: `name` from the gLabels `file` if one is given (the
    file's only rectangle template when `name` is None), else a bundled stock.

    Raises CardgenError (a DeckError at the template's line for a template that
    cannot be used; a SettingError for "stock" when no stock has the name) with a
    message that says what to do.
    """
    if file is None:
        if name is None:
            raise CardgenError("no stock given; use --stock NAME (see `cardgen stocks`)")
        stock = bundled_stock(name)
        if stock is None:
            # A SettingError, so the CLI says where the name came from: the option or its line.
            raise SettingError("stock", _unknown(name, [s.name for s in BUNDLED],
                                                 "cardgen has no stock"))
        return stock
    shown = shown or str(file)
    templates = read_templates(file, shown)
    if name is None:
        return _only_stock(templates, shown)
    by_name = {t.name: t for t in templates}
    template = by_name.get(stock_name(name))
    if template is not None:
        return template_stock(template, by_name)
    stock = bundled_stock(name)
    if stock is not None:
        return stock
    raise SettingError("stock", _unknown(name, list(by_name), f"{shown} has no template"))


def _only_stock(templates: list[Template], shown: str) -> Stock:
    """The one stock a file's templates describe, for a build given no --stock; when there
    is none, why its (first) rectangle template cannot be printed on."""
    usable, refused = _usable(templates)
    if len(usable) == 1:
        return usable[0]
    if not usable and refused:
        raise refused[0]
    if not usable:
        raise CardgenError(f"{shown} has no rectangle template cardgen can print on")
    raise CardgenError(f"{shown} has {len(usable)} card templates; choose one with --stock, "
                       f"e.g. --stock {usable[0].name} (`cardgen stocks --stock-file {shown}` "
                       "lists them)")


def _unknown(name: str, names: list[str], start: str) -> str:
    close = close_names(name, names)
    either = ", ".join(close[:-1]) + " or " + close[-1] if len(close) > 1 else "".join(close)
    hint = f"; did you mean {either}? " if close else "; "
    return (f'{start} "{name}"{hint}`cardgen stocks` lists the stocks; any gLabels template '
            "can be used with --stock-file FILE.xml")


def _paper(template: Template) -> tuple[float, float]:
    size = template.attrs.get("size", "").strip()
    if size.lower() == "other":
        return (_length(template, template.element, "width"),
                _length(template, template.element, "height"))
    if size.lower() == "roll":
        raise _error(template, "it is a roll of labels, not sheets")
    paper = _PAPERS.get(size.lower())
    if paper is None:
        raise _error(template, f"its paper size=\"{size}\" is not one cardgen knows; "
                               f"use size=\"Other\" with width and height, or one of "
                               "A4, US-Letter, US-Legal, A3, A5")
    return paper


def _grid(template: Template, layout: Element) -> Grid:
    columns, rows = (_count(template, layout, key) for key in ("nx", "ny"))
    x0, y0 = (_length(template, layout, key) for key in ("x0", "y0"))
    dx = _length(template, layout, "dx") if columns > 1 or "dx" in layout.attrs else 0.0
    dy = _length(template, layout, "dy") if rows > 1 or "dy" in layout.attrs else 0.0
    return Grid(columns, rows, x0, y0, dx, dy)


def _waste(template: Template) -> tuple[float, float]:
    """How far past a card the template lets it be printed, (across, down) in points, as
    gLabels reads it: `waste` for both when given, else `x_waste` and `y_waste`, else 0."""
    label = template.label
    keys = ("waste", "waste") if "waste" in label.attrs else ("x_waste", "y_waste")
    across, down = (_length(template, label, key) if key in label.attrs else 0.0
                    for key in keys)
    for key, value in zip(keys, (across, down)):
        if value < 0:
            raise DeckError(label.at(key), f'{template.name}: {key}="{label.attrs[key]}" is '
                                           "less than 0; a stock's waste is 0 or more")
    return across, down


def _count(template: Template, layout: Element, key: str) -> int:
    """A <Layout>'s cards across (nx) or down (ny): a whole number, 1 or more, of at most
    MAX_FIGURE digits (int() is slow on thousands of digits, and refuses 4,300)."""
    text = layout.attrs.get(key, "").strip()
    if text.isdecimal() and len(text) <= MAX_FIGURE and int(text) >= 1:
        return int(text)
    raise DeckError(layout.at(key), f'{template.name}: <Layout> {key}="{abbreviated(text)}"'
                                    f"{_too_many(text)} should be a whole number of cards, 1 or "
                                    "more")


def _length(template: Template, element: Element, key: str) -> float:
    """A figure of `element` in points, no longer than the largest PDF page: a stock's
    paper, its cards and where they are all fit on one page."""
    text = element.attrs.get(key)
    if text is None:
        raise DeckError(element.where, f"{template.name}: {key}=\"...\" is missing")
    points = read_length(text) if len(text) <= MAX_FIGURE else None
    if points is None:
        raise DeckError(element.at(key), f'{template.name}: {key}="{abbreviated(text)}"'
                                         f"{_too_many(text)} is not a length; {_LENGTH_HINT}")
    if not abs(points) <= LONGEST + 1e-6:  # infinity too; 5080mm is 200in and a rounding
        raise DeckError(element.at(key), f'{template.name}: {key}="{abbreviated(text)}" is too '
                                         f"long; {TOO_LONG}")
    return points


def read_length(text: str) -> float | None:
    """A gLabels distance in points, or None if `text` is not one: a number, then pt, in,
    mm, cm or pc (none is pt), with spaces around and between them allowed.

    Read in time in proportion to its length: the unit is the letters at the end, the
    number all before them (see _NUMBER).
    """
    body = text.strip()
    number = body.rstrip(string.ascii_letters)
    unit = _UNITS.get(body[len(number):].lower() or "pt")
    number = number.rstrip()
    if unit is None or _NUMBER.fullmatch(number) is None:
        return None
    return float(number) * unit


def _too_many(text: str) -> str:
    """How long a figure too long to be one is, for its message; nothing for one that is not."""
    return f" ({len(text):,} characters)" if len(text) > MAX_FIGURE else ""


def _error(template: Template, message: str) -> DeckError:
    return DeckError(template.where, f"{template.name}: {message}")
