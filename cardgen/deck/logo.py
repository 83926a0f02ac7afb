"""A deck's logo (`theme: logo:`): the file read and checked once, when the deck is read.

A logo is a PNG, a JPEG or an SVG, named relative to the deck file. It is checked for
what would otherwise fail late or silently: a file that is missing, not one of those
images (told by its content, not its name), larger than 10 MB, a picture so large it
would take gigabytes to decode, or an SVG of more shapes than a logo has (svglib takes
a fraction of a millisecond for each, so 200,000 would take minutes and a gigabyte).
The bytes, their type and an SVG's drawing are kept, so every output (the PDFs and the
screen edition) shows the same picture, read once, and the studio can tell a saved
logo from the last one by its digest. Drawing it is `cardgen.render.logo`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import stat
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardgen.errors import DeckError, Position
from cardgen.units import FAR_TOO_LONG, MM

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: a logo printed 10 cm wide at 600 dpi is 6
MAX_SHAPES = 20_000  # a logo has a few hundred; svglib draws 20,000 in 3 to 6 seconds
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
KINDS = tuple(MEDIA_TYPES)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

# svglib reports what it cannot draw through logging; a library does not print, and a
# logo that draws nothing is refused in words instead.
logging.getLogger("svglib").addHandler(logging.NullHandler())
logging.getLogger("svglib").propagate = False


@dataclass(frozen=True)
class Logo:
    """A logo file's content: its `kind` ("png", "jpeg" or "svg"), its bytes, its name as
    the deck wrote it, its size in points (a raster's pixels at 72 dpi, or an SVG's own
    size), whose proportions it keeps wherever it goes, and an SVG's `drawing` (vectors,
    as a ReportLab Drawing; None for a raster). Two logos are equal when their bytes are."""

    kind: str
    data: bytes = field(repr=False, compare=False)
    name: str = field(compare=False)
    digest: str
    width: float = field(compare=False)
    height: float = field(compare=False)
    path: Path | None = field(default=None, compare=False)
    drawing: Any = field(default=None, repr=False, compare=False)

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width / self.height

    @property
    def media_type(self) -> str:
        """The logo's type as the web names it, for the screen edition's page."""
        return MEDIA_TYPES[self.kind]

    def image(self, mono: bool):
        """A raster logo as a Pillow image: RGBA, or greys with their transparency in mono."""
        from PIL import Image  # lazy: 13 ms to load, for PNG and JPEG logos only

        with Image.open(io.BytesIO(self.data)) as opened:
            picture = opened.convert("RGBA")
        if mono:
            alpha = picture.getchannel("A")
            picture = picture.convert("L").convert("LA")
            picture.putalpha(alpha)
        return picture


def load_logo(folder: Path, name: str, where: Position) -> Logo:
    """The logo at `name` (relative to `folder`, the deck file's), checked; DeckError at
    `where` (the `logo:` value) if it is missing, not an image, or too large."""
    path = folder / name
    data = _read(path, name, where)
    kind = _kind(data)
    if kind is None:
        raise DeckError(where, f"the logo {name!r} is not a PNG, JPEG or SVG image",
                        "save the logo as PNG, JPEG or SVG and give that file's name")
    digest = hashlib.sha256(data).hexdigest()
    if kind != "svg":
        return Logo(kind, data, name, digest, *_raster_size(data, name, where), path)
    drawing = _svg_drawing(data, digest, name, where)
    return Logo(kind, data, name, digest, float(drawing.width), float(drawing.height), path,
                drawing)


def _read(path: Path, name: str, where: Position) -> bytes:
    """The file's bytes, from a regular file of at most MAX_BYTES."""
    hint = "give the logo's path from the deck file's folder, such as `logo: images/logo.png`"
    try:
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise DeckError(where, f"the logo {name!r} does not exist", hint) from None
    except IsADirectoryError:
        raise DeckError(where, f"the logo {name!r} is a folder, not an image", hint) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise DeckError(where, f"the logo {name!r} cannot be read: {reason}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise DeckError(where, f"the logo {name!r} is a folder, not an image", hint)
        if not stat.S_ISREG(info.st_mode):
            raise DeckError(where, f"the logo {name!r} is not a file", hint)
        if info.st_size > MAX_BYTES:
            raise _too_big(where, name, info.st_size)
        data = b""
        while len(data) <= MAX_BYTES:
            more = os.read(descriptor, MAX_BYTES + 1 - len(data))
            if not more:
                break
            data += more
    except OSError as error:
        raise DeckError(where, f"the logo {name!r} cannot be read: {error.strerror}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_BYTES:  # it grew while being read
        raise _too_big(where, name, len(data))
    return data


def _too_big(where: Position, name: str, size: int) -> DeckError:
    return DeckError(where, f"the logo {name!r} is {size / 1024 / 1024:.1f} MB; a logo may be "
                            f"at most {MAX_BYTES // 1024 // 1024} MB",
                     "save it smaller: it prints a few centimetres wide, where 1000 pixels "
                     "across are plenty")


def _kind(data: bytes) -> str | None:
    """What the content is, whatever the file is called."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in data:
        return "svg"
    return None


def _raster_size(data: bytes, name: str, where: Position) -> tuple[float, float]:
    from PIL import Image, UnidentifiedImageError  # lazy: 13 ms, for PNG and JPEG logos only

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise DeckError(where, f"the logo {name!r} is {width} x {height} pixels; a logo "
                                       f"may have at most {MAX_PIXELS // 1_000_000} million",
                                "save it smaller: 1000 pixels across are plenty")
            image.load()  # a truncated or corrupt file fails here, not half-way through a build
    except DeckError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise DeckError(where, f"the logo {name!r} is a damaged image that cannot be read",
                        "open it in an image editor and save it again") from None
    if not width or not height:
        raise DeckError(where, f"the logo {name!r} has no pixels")
    return float(width), float(height)


def _svg_drawing(data: bytes, digest: str, name: str, where: Position) -> Any:
    """The SVG's drawing, checked: its shapes counted in its bytes before svglib reads it,
    then drawn within MAX_SHAPES, once for each content and budget (see _Recent)."""
    written = _shapes_written(data)
    if written > MAX_SHAPES:
        raise _too_many(where, name, f"has {written:,} shapes")
    drawing = _DRAWN.get((digest, MAX_SHAPES), lambda: _draw(data))
    if drawing is _OVERDRAWN:
        raise _too_many(where, name, f"takes as long to draw as more than {MAX_SHAPES:,} "
                                     "shapes (it repeats shapes with <use> or a clip-path, or "
                                     "nests them deep in groups)")
    if drawing is None or not drawing.contents:
        raise DeckError(where, f"the logo {name!r} is an SVG file that draws nothing cardgen can "
                               "read", "open it in an SVG editor (such as Inkscape) and save it "
                                       "as plain SVG")
    if not (drawing.width > 0 and drawing.height > 0):
        raise DeckError(where, f"the logo {name!r} is an SVG without a size",
                        "give its <svg> element a viewBox, or a width and a height")
    if not (drawing.width <= FAR_TOO_LONG and drawing.height <= FAR_TOO_LONG):
        # A size past any page (width="1e30") overflows the numbers a PDF can hold.
        raise DeckError(where, f"the logo {name!r} says it is more than "
                               f"{FAR_TOO_LONG / MM / 1e6:g} km wide or tall",
                        "give its <svg> element its real size (a viewBox, or a width and a "
                        "height such as 50mm), as your SVG editor saves it")
    if _has_text(drawing):  # set in a font the PDF would name but not carry
        raise DeckError(where, f"the logo {name!r} has text in it, which would print in a font "
                               "the PDF does not carry",
                        "turn the text into shapes in your SVG editor (in Inkscape: Path > "
                        "Object to Path) and save it again")
    return drawing


def _too_many(where: Position, name: str, shapes: str) -> DeckError:
    return DeckError(where, f"the logo {name!r} {shapes}; a logo may have at most "
                            f"{MAX_SHAPES:,}",
                     "simplify it in your SVG editor (in Inkscape, Path > Union joins shapes of "
                     "one colour into one), or save it as PNG")


def _shapes_written(data: bytes) -> int:
    """How many elements the SVG's text opens inside its outermost one: every `<` that
    starts no closing tag (`</`), comment or DOCTYPE (`<!`) or declaration (`<?`).
    Counted in the bytes, so it takes milliseconds for the largest file and expands
    nothing; a `<` in a comment counts too, erring towards more."""
    opened = data.count(b"<") - data.count(b"</") - data.count(b"<!") - data.count(b"<?")
    return max(opened - 1, 0)


def _has_text(node) -> bool:
    from reportlab.graphics.shapes import String  # lazy: 50 ms to load, for SVG logos only

    if isinstance(node, String):
        return bool(node.text.strip())
    return any(_has_text(child) for child in getattr(node, "contents", ()) or ())


_OVERDRAWN = object()  # what _draw gives for an SVG that took more drawing than MAX_SHAPES


def _draw(data: bytes) -> Any:
    """The SVG's drawing, read from memory: references to other files are never followed,
    nor are XML entities expanded. None if svglib cannot read it; _OVERDRAWN if it takes
    more drawing than MAX_SHAPES shapes (see _Budget)."""
    from svglib.svglib import SvgRenderer, load_svg_file  # lazy: 90 ms, for SVG logos only

    source = io.BytesIO(data)  # not a file's path, so svglib opens no other file
    try:
        root = load_svg_file(source)  # as svg2rlg reads it: entities left unexpanded
        if root is None:
            return None
        return _Budget(MAX_SHAPES).watch(SvgRenderer(source)).render(root)
    except _Overdrawn:
        return _OVERDRAWN
    except Exception:  # noqa: BLE001 - svglib raises many kinds on broken files: refuse it
        return None


class _Overdrawn(Exception):
    """svglib was stopped: the SVG took more drawing than a logo's shapes may."""


class _Budget:
    """The shapes svglib may still draw for one SVG, in the time it takes to draw a shape
    of a plain logo. An SVG can make svglib work more than its elements written show: a
    <use> draws the element it names again, a clip-path draws its clip path's shapes for
    every element it clips (and svglib joins those by copying all the ones before, so a
    clip path of n shapes costs about n x n / 100 shapes), an <svg> inside another has
    svglib walk through all it holds again (a fifth of drawing it), and a shape's every
    style is looked up through all the groups around it (a shape inside 30 groups costs
    about six)."""

    def __init__(self, shapes: int):
        self.left = shapes
        self.joined = 0  # shapes joined so far into the clip path being made

    def spend(self, shapes: int) -> None:
        self.left -= shapes
        if self.left < 0:
            raise _Overdrawn

    def watch(self, renderer: Any) -> Any:
        """svglib's `renderer`, counting against this budget: each element it draws (each
        time it draws it) costs one and one more for every six elements around it, each
        shape it joins into a clip path one more for every 50 joined before it, and each
        <svg> inside another a fifth of one for each element it holds. Past the budget it
        stops, raising _Overdrawn."""
        draw, clip_path, join, svg = (renderer.renderNode, renderer.get_clippath,
                                      renderer.shape_converter.shapeToPath, renderer.renderSvg)

        def drawn(node: Any, *args: Any, **kwargs: Any) -> Any:
            self.spend(1 + sum(1 for _ in node.etree_element.iterancestors()) // 6)
            return draw(node, *args, **kwargs)

        def clipped(*args: Any, **kwargs: Any) -> Any:
            outer, self.joined = self.joined, 0
            try:
                return clip_path(*args, **kwargs)
            finally:
                self.joined = outer

        def joined(*args: Any, **kwargs: Any) -> Any:
            self.joined += 1
            self.spend(1 + self.joined // 50)
            return join(*args, **kwargs)

        def walked(node: Any, outermost: bool = False) -> Any:
            if not outermost:
                self.spend(sum(1 for _ in node.etree_element.iter()) // 5)
            return svg(node, outermost=outermost)

        renderer.renderNode, renderer.get_clippath, renderer.renderSvg = drawn, clipped, walked
        renderer.shape_converter.shapeToPath = joined
        return renderer


class _Recent:
    """The last few SVG logos drawn (or refused as too much to draw), by their content's
    digest and the budget they were drawn within: a deck read again (each build under
    --watch, every look the studio takes) reuses its logo's drawing until the file's bytes
    change. A few, so it never grows; shared by threads, so it locks."""

    def __init__(self, size: int):
        self._size = size
        self._drawn: OrderedDict[tuple[str, int], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int], draw: Callable[[], Any]) -> Any:
        """The drawing kept under `key`, or `draw()`'s, kept."""
        with self._lock:
            if key in self._drawn:
                self._drawn.move_to_end(key)
                return self._drawn[key]
        drawing = draw()
        with self._lock:
            self._drawn[key] = drawing
            while len(self._drawn) > self._size:
                self._drawn.popitem(last=False)
        return drawing


_DRAWN = _Recent(4)
