"""What is inside a font file: its faces, their names and styles, checked before ReportLab reads it.

ReportLab's TrueType reader trusts the file it is given. Cut short or damaged, a
font fails there with a struct.error or an IndexError, or only later, while the
PDF is written, or it loops for as long as a damaged character map says. So each
file is read and checked here first, from its own bytes, and every problem
becomes one message: `FILE: not a font cardgen can use (reason)`.

A file holds one face (.ttf) or several (.ttc, a TrueType collection). A face's
family and style come from the font's own name table and OS/2 weight and
italic bits, never from its file name.
"""

from __future__ import annotations

import hashlib
import itertools
import stat
import struct
from dataclasses import dataclass, replace
from pathlib import Path

from cardgen.errors import CardgenError
from cardgen.source import file_kind

# The tables ReportLab reads to measure, draw and embed a face.
_REQUIRED = ("head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf", "name", "post")
_TRUETYPE = (b"\x00\x01\x00\x00", b"true")
_CFF_REASON = ("its outlines are PostScript (CFF), which cardgen cannot embed; "
               "use a TrueType font (.ttf or .ttc with glyf outlines)")
_MAX_FACES = 256  # a collection claiming more is damaged

# Components of a composite glyph (the 'glyf' table's flags).
_ARGS_ARE_WORDS, _HAS_SCALE, _MORE, _HAS_XY_SCALE, _HAS_2X2 = 0x1, 0x8, 0x20, 0x40, 0x80


class FontFileError(CardgenError):
    """A font file cardgen cannot use: missing, cut short, damaged, or of a kind it cannot embed."""


class _Damaged(Exception):
    """Raised inside the checks with the reason; becomes a FontFileError with the file's name."""


def not_usable(shown: str, reason: str) -> FontFileError:
    return FontFileError(f"{shown}: not a font cardgen can use ({reason})")


@dataclass(frozen=True)
class FaceInfo:
    """One face of a font file, as its own tables describe it."""

    index: int  # its place in a collection; 0 in a single font
    family: str  # the typographic family (name 16, else 1): "DejaVu Sans"
    style_name: str  # the font's own word for its style (name 17, else 2): "Book", "Bold Oblique"
    full_name: str  # name 4: "DejaVu Sans Bold"
    postscript: str  # name 6: "DejaVuSans-Bold"
    weight: int  # OS/2 usWeightClass: 400 regular, 700 bold
    width: int  # OS/2 usWidthClass: 5 normal, 3 condensed
    italic: bool  # OS/2 fsSelection or head macStyle says italic (or oblique)
    names: tuple[str, ...]  # every name a user may pick this face by (family, full, PostScript)

    @property
    def label(self) -> str:
        """How messages name the face: "Atkinson Hyperlegible Bold"."""
        return self.full_name or f"{self.family} {self.style_name}"

    @property
    def bold(self) -> bool:
        return self.weight >= 600


@dataclass(frozen=True)
class FontFile:
    """A font file read whole and checked: its bytes, their digest, and its faces."""

    path: Path
    shown: str  # the path as the user gave it, for messages
    data: bytes
    digest: str  # sha256 of the bytes: the same digest is the same font wherever it lies
    faces: tuple[FaceInfo, ...]
    collection: bool


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Files already read, by where they are and their size and time: a rebuild
# (`--watch`) reads a font again only when it was saved.
_READ: dict[tuple, FontFile] = {}


# The largest Chinese, Japanese and Korean collections are about 30 MB.
MAX_FONT_BYTES = 100 * 1024 * 1024


def read_font_file(path: Path, shown: str | None = None) -> FontFile:
    """Read and check the font at `path`; its faces' names and styles.

    Raises FontFileError for a file that is missing, unreadable, cut short,
    damaged, a web font, or PostScript-flavoured (CFF) OpenType.
    """
    shown = shown or str(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # A device never ends and a pipe may never be written to: read neither.
            raise not_usable(shown, f"it is {file_kind(status.st_mode)}, not a file")
        if status.st_size > MAX_FONT_BYTES:
            raise not_usable(shown, f"it is {status.st_size / 1024 / 1024:.0f} MB; fonts cardgen "
                                    f"reads are at most {MAX_FONT_BYTES // 1024 // 1024} MB")
        key = (str(path.resolve()), status.st_size, status.st_mtime_ns, status.st_ino)
        if key in _READ:
            return replace(_READ[key], path=path, shown=shown)
        data = path.read_bytes()
    except FileNotFoundError:
        raise FontFileError(f"font not found: {shown}") from None
    except OSError as error:
        raise not_usable(shown, f"cannot read it: {error.strerror}") from None
    _READ[key] = font = _read(path, shown, data)
    return font


def _read(path: Path, shown: str, data: bytes) -> FontFile:
    try:
        starts, collection = _face_offsets(data)
        faces = tuple(_face_info(data, start, index) for index, start in enumerate(starts))
    except _Damaged as error:
        raise not_usable(shown, str(error)) from None
    except struct.error:  # a read past the end that no check above foresaw
        raise not_usable(shown, "damaged: it is cut short or garbled") from None
    return FontFile(path, shown, data, digest_of(data), faces, collection)


def check_face(font: FontFile, index: int) -> None:
    """Check that ReportLab can measure, draw and embed face `index` of `font` without
    reading past a table or following a damaged glyph; raise FontFileError if not."""
    try:
        tables = _tables(font.data, _face_offsets(font.data)[0][index])
        _check_outlines(font.data, tables)
        _check_cmap(font.data, tables["cmap"])
        _check_licence(font.data, tables)
    except _Damaged as error:
        raise not_usable(font.shown, str(error)) from None
    except struct.error:
        raise not_usable(font.shown, "damaged: it is cut short or garbled") from None


# --- the file's layout -----------------------------------------------------------------


def _face_offsets(data: bytes) -> tuple[list[int], bool]:
    """Where each face's table directory starts, and whether the file is a collection."""
    if len(data) < 12:
        raise _Damaged("empty file" if not data
                       else f"only {len(data)} bytes long, too short for a font")
    tag = data[:4]
    if tag == b"ttcf":
        count = _u32(data, 8)
        if not 0 < count <= _MAX_FACES or 12 + 4 * count > len(data):
            raise _Damaged("cut short or damaged: its collection header is cut off")
        return [_u32(data, 12 + 4 * i) for i in range(count)], True
    if tag in (b"wOFF", b"wOF2"):
        raise _Damaged("it is a web font (WOFF); use the .ttf it was made from")
    if tag == b"OTTO":
        raise _Damaged(_CFF_REASON)
    if tag not in _TRUETYPE:
        raise _Damaged("it is not a TrueType or OpenType font")
    return [0], False


def _tables(data: bytes, start: int) -> dict[str, memoryview]:
    """Each table of the face whose directory starts at `start`, checked to lie in the file."""
    if start + 12 > len(data):
        raise _Damaged("cut short: a face's table directory is missing")
    if data[start:start + 4] == b"OTTO":
        raise _Damaged(_CFF_REASON)
    if data[start:start + 4] not in _TRUETYPE:
        raise _Damaged("damaged: a face in it is not a TrueType font")
    count = _u16(data, start + 4)
    if start + 12 + 16 * count > len(data):
        raise _Damaged("cut short: its table directory runs past the end of the file")
    view = memoryview(data)
    tables, need = {}, 0
    for i in range(count):
        record = start + 12 + 16 * i
        tag = bytes(data[record:record + 4]).decode("latin-1")
        offset, length = _u32(data, record + 8), _u32(data, record + 12)
        need = max(need, offset + length)
        tables[tag] = view[offset:offset + length]
    if need > len(data):
        raise _Damaged(f"cut short: it has {len(data):,} bytes of the {need:,} its tables need")
    if "CFF " in tables or "CFF2" in tables:
        raise _Damaged(_CFF_REASON)
    for tag in _REQUIRED:
        if tag not in tables:
            raise _Damaged(f"it has no '{tag}' table")
    return tables


# --- names and style -------------------------------------------------------------------


def _face_info(data: bytes, start: int, index: int) -> FaceInfo:
    tables = _tables(data, start)
    names = _table_check("name", lambda: _names(tables["name"]))
    head = tables["head"]
    if len(head) < 54 or _u32(head, 12) != 0x5F0F3CF5:
        raise _Damaged("damaged: its 'head' table is not a font header")
    mac_style = _u16(head, 44)
    weight, width, italic = 400, 5, bool(mac_style & 2)
    os2 = tables.get("OS/2")
    if os2 is not None and len(os2) >= 64:
        weight, width = _u16(os2, 4) or 400, _u16(os2, 6) or 5
        italic = bool(_u16(os2, 62) & 1) or italic
    elif mac_style & 1:
        weight = 700
    legacy_family = names.get(1, "")
    family = names.get(16) or legacy_family
    style_name = names.get(17) or names.get(2) or "Regular"
    full_name = names.get(4) or f"{family} {style_name}"
    postscript = names.get(6, "")
    picks = tuple(dict.fromkeys(n for n in (family, legacy_family, full_name, postscript) if n))
    if not family:
        raise _Damaged("its name table gives no family name")
    return FaceInfo(index, family, style_name, full_name, postscript, weight, width, italic, picks)


def _names(table: memoryview) -> dict[int, str]:
    """Name IDs 1, 2, 4, 6, 16 and 17, in English where the font has a choice."""
    count, strings = _u16(table, 2), _u16(table, 4)
    best: dict[int, tuple[int, str]] = {}  # id -> (rank, text); lower rank wins
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(
            ">6H", table, 6 + 12 * i)
        if name_id not in (1, 2, 4, 6, 16, 17):
            continue
        raw = bytes(table[strings + offset:strings + offset + length])
        if len(raw) != length:
            raise _Damaged("damaged: its 'name' table points past its end")
        if platform in (0, 3):
            rank = 0 if (platform, language) == (3, 0x409) else 1 if platform == 3 else 2
            text = raw.decode("utf-16-be", errors="replace")
        elif platform == 1 and encoding == 0:
            rank, text = 3, raw.decode("mac_roman", errors="replace")
        else:
            continue
        if name_id not in best or rank < best[name_id][0]:
            best[name_id] = (rank, text.strip("\0 "))
    return {name_id: text for name_id, (_, text) in best.items()}


# --- what ReportLab will read ----------------------------------------------------------


def _check_outlines(data: bytes, tables: dict[str, memoryview]) -> None:
    """Glyph locations inside 'glyf', metrics for every glyph, composites that point at glyphs."""
    head, maxp, hhea = tables["head"], tables["maxp"], tables["hhea"]
    if len(maxp) < 6 or len(hhea) < 36:
        raise _Damaged("damaged: its 'maxp' or 'hhea' table is too short")
    glyphs, metrics = _u16(maxp, 4), _u16(hhea, 34)
    if glyphs == 0 or metrics == 0:
        raise _Damaged("damaged: it says it has no glyphs")
    if 4 * min(metrics, glyphs) + 2 * max(glyphs - metrics, 0) > len(tables["hmtx"]):
        raise _Damaged("damaged: its 'hmtx' table is shorter than its glyphs need")
    long_offsets = _s16(head, 50)
    if long_offsets not in (0, 1):
        raise _Damaged("damaged: its 'head' table gives an unknown glyph location format")
    loca = tables["loca"]
    size = 4 if long_offsets else 2
    if (glyphs + 1) * size > len(loca):
        raise _Damaged("damaged: its 'loca' table is shorter than its glyphs need")
    if long_offsets:
        places = struct.unpack_from(f">{glyphs + 1}L", loca)
    else:
        places = tuple(2 * p for p in struct.unpack_from(f">{glyphs + 1}H", loca))
    glyf = tables["glyf"]
    if any(b < a for a, b in itertools.pairwise(places)) or places[-1] > len(glyf):
        raise _Damaged("damaged: its glyph locations ('loca') point outside its 'glyf' table")
    _table_check("glyf", lambda: _check_composites(glyf, places, glyphs))


def _check_composites(glyf: memoryview, places: tuple[int, ...], glyphs: int) -> None:
    """Every part of every composite glyph is a glyph the font has, read inside its glyph,
    and no composite glyph is made of itself, through any number of parts."""
    parts: dict[int, list[int]] = {}  # composite glyph -> the glyphs it is made of
    for glyph, (start, end) in enumerate(itertools.pairwise(places)):
        if end - start < 10 or glyf[start] < 0x80:
            continue  # empty, or a simple glyph (contours >= 0): copied, not followed
        at, flags, parts[glyph] = start + 10, _MORE, []
        while flags & _MORE:
            if at + 4 > end:
                raise _Damaged("damaged: a composite glyph in it runs past its end")
            flags, part = struct.unpack_from(">HH", glyf, at)
            if part >= glyphs:
                raise _Damaged("damaged: a composite glyph in it uses a glyph it does not have")
            parts[glyph].append(part)
            at += 4 + (4 if flags & _ARGS_ARE_WORDS else 2)
            at += (2 if flags & _HAS_SCALE else 4 if flags & _HAS_XY_SCALE
                   else 8 if flags & _HAS_2X2 else 0)
    _check_no_loops(parts)


def _check_no_loops(parts: dict[int, list[int]]) -> None:
    """No glyph is among its own parts, however deep: such a glyph has no outline, and what
    follows parts (fontTools, a PDF viewer) fails on it or never ends. Walked with a stack
    of its own, so no depth of parts can overflow Python's."""
    done: set[int] = set()
    for root in parts:
        if root in done:
            continue
        path, on_path, todo = [root], {root}, [iter(parts[root])]
        while todo:
            part = next(todo[-1], None)
            if part is None:  # every part of the glyph on top followed: it is loop-free
                glyph = path.pop()
                on_path.discard(glyph)
                done.add(glyph)
                todo.pop()
            elif part in on_path:
                raise _Damaged("damaged: a composite glyph in it is made of itself")
            elif part in parts and part not in done:
                path.append(part)
                on_path.add(part)
                todo.append(iter(parts[part]))


def _check_cmap(data: bytes, cmap: memoryview) -> None:
    """Each character map is inside its table and maps no more characters than Unicode
    has: ReportLab walks every range a map claims, so a damaged one would never end."""
    def check() -> None:
        for i in range(_u16(cmap, 2)):
            offset = _u32(cmap, 4 + 8 * i + 4)
            form = _u16(cmap, offset)
            if form == 4:
                length, pairs = _u16(cmap, offset + 2), _u16(cmap, offset + 6) // 2
                if offset + length > len(cmap) or 16 + 8 * pairs > length:
                    raise _Damaged("damaged: a character map in it runs past its table")
                ends = struct.unpack_from(f">{pairs}H", cmap, offset + 14)
                starts = struct.unpack_from(f">{pairs}H", cmap, offset + 16 + 2 * pairs)
                claimed = sum(max(0, b - a + 1) for a, b in zip(starts, ends))
                if claimed > 0x10000 + pairs:
                    raise _Damaged("damaged: a character map in it claims more characters "
                                   "than exist")
            elif form in (12, 13):
                length, groups = _u32(cmap, offset + 4), _u32(cmap, offset + 12)
                if offset + length > len(cmap) or 16 + 12 * groups > length:
                    raise _Damaged("damaged: a character map in it runs past its table")
                claimed = 0
                for g in range(groups):
                    first, last = struct.unpack_from(">LL", cmap, offset + 16 + 12 * g)
                    if first > last or last > 0x10FFFF:
                        raise _Damaged("damaged: a character map in it names characters "
                                       "that do not exist")
                    claimed += last - first + 1
                if claimed > 0x110000:
                    raise _Damaged("damaged: a character map in it claims more characters "
                                   "than exist")
            elif form in (6, 10):
                if form == 6:
                    header, count = 10, _u16(cmap, offset + 8)
                else:
                    header, count = 20, _u32(cmap, offset + 16)
                if offset + header + 2 * count > len(cmap):
                    raise _Damaged("damaged: a character map in it runs past its table")

    _table_check("cmap", check)


def cmap_codes(font: FontFile, index: int) -> frozenset[int]:
    """The code points face `index` of a checked `font` maps to a real glyph (not .notdef),
    read from its Unicode character map (format 12, else 4) without parsing the rest of
    the face: what cardgen needs to know of a face it may never draw with."""
    data = font.data
    cmap = _tables(data, _face_offsets(data)[0][index])["cmap"]
    found: dict[int, int] = {}  # format -> offset of its subtable
    for i in range(_u16(cmap, 2)):
        platform, encoding = _u16(cmap, 4 + 8 * i), _u16(cmap, 4 + 8 * i + 2)
        if (platform, encoding) in ((3, 10), (0, 4), (3, 1), (0, 3)):
            offset = _u32(cmap, 4 + 8 * i + 4)
            found.setdefault(_u16(cmap, offset), offset)
    if 12 in found:
        offset = found[12]
        codes: set[int] = set()
        for group in range(_u32(cmap, offset + 12)):
            first, last, glyph = struct.unpack_from(">LLL", cmap, offset + 16 + 12 * group)
            codes.update(range(first + (glyph == 0), last + 1))
        return frozenset(codes)
    if 4 not in found:
        return frozenset()
    offset = found[4]
    pairs = _u16(cmap, offset + 6) // 2
    ends = struct.unpack_from(f">{pairs}H", cmap, offset + 14)
    starts = struct.unpack_from(f">{pairs}H", cmap, offset + 16 + 2 * pairs)
    deltas = struct.unpack_from(f">{pairs}h", cmap, offset + 16 + 4 * pairs)
    ranges_at = offset + 16 + 6 * pairs
    ranges = struct.unpack_from(f">{pairs}H", cmap, ranges_at)
    codes = set()
    for k, (start, end, delta, range_offset) in enumerate(zip(starts, ends, deltas, ranges)):
        for code in range(start, min(end, 0xFFFE) + 1):
            if range_offset:
                at = ranges_at + 2 * k + range_offset + 2 * (code - start)
                glyph = _u16(cmap, at) if at + 2 <= len(cmap) else 0
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            else:
                glyph = (code + delta) & 0xFFFF
            if glyph:
                codes.add(code)
    return frozenset(codes)


def _check_licence(data: bytes, tables: dict[str, memoryview]) -> None:
    os2 = tables.get("OS/2")
    if os2 is not None and len(os2) >= 10 and _u16(os2, 8) & 0x000F == 0x0002:
        raise _Damaged("its licence does not allow embedding it in a PDF")


# --- reading numbers -------------------------------------------------------------------


def _table_check(tag: str, check):
    """Run `check`; reading past the end of the table means the table is damaged."""
    try:
        return check()
    except struct.error:
        raise _Damaged(f"damaged: its '{tag}' table is cut short or garbled") from None


def _u16(data, at: int) -> int:
    return _unpack(">H", data, at)


def _s16(data, at: int) -> int:
    return _unpack(">h", data, at)


def _u32(data, at: int) -> int:
    return _unpack(">L", data, at)


def _unpack(form: str, data, at: int) -> int:
    if at < 0 or at + struct.calcsize(form) > len(data):
        raise struct.error("read past the end")
    return struct.unpack_from(form, data, at)[0]
