"""Reading a spreadsheet's cells: a CSV file, or a sheet of an .xlsx, .xls or .ods workbook.

Volunteers plan in shared spreadsheets, and a spreadsheet changes what was typed: Excel
keeps `988` as the number 988.0, drops the leading 0 of `08001110111`, turns `1-2` into a
date, and saves CSV with a byte order mark, CRLF line ends, semicolons where a comma is
the decimal mark, or in the system's code page. This module reads the cells as they
are (python-calamine for workbooks, the standard library for CSV) and gives each back
as the text that was typed where that is certain; what is not (a phone number stored as
a number, a date where words were meant) is refused at its cell by `cardgen.deck.rows`,
which turns the rows into the node tree a YAML deck makes.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.source import MAX_BYTES, file_kind

SHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024  # a workbook is compressed: more room than a CSV
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what its parts unpack to: refuses a zip bomb
MAX_CELLS = 200_000  # as many values as a YAML deck may hold (cardgen.source.MAX_NODES)
CSV_UTF8 = ("save it as UTF-8: in Excel, File → Save As → \"CSV UTF-8 (Comma delimited)\"; "
            "in LibreOffice, File → Save As → Text CSV, Character set: Unicode (UTF-8); "
            "Google Sheets always downloads UTF-8")

Cell = object  # str, float, int, bool, datetime.date, datetime.datetime, datetime.timedelta


def is_sheet(path: Path | str) -> bool:
    """Whether `path` names a spreadsheet (by its suffix, as the user sees it)."""
    return str(path).lower().endswith(SHEET_SUFFIXES)


@dataclass(frozen=True)
class Grid:
    """One sheet's cells, row by row as the file has them (rows[0] is row 1). `sheet` is
    the workbook sheet's name, "" for a CSV file; `lines` the line each CSV record
    starts on (a quoted cell may span lines), empty for a workbook."""

    path: str  # as the user gave it, for messages
    sheet: str
    rows: list[list[Cell]]
    lines: tuple[int, ...] = ()

    def at(self, row: int, column: int) -> Position:
        """The cell in 0-based `row` and `column`, as messages name it: `path:Sheet!E6`, or
        `path:LINE:FIELD` in a CSV file."""
        line = self.lines[row] if row < len(self.lines) else row + 1
        return Position(self.path, line, column + 1, self.sheet)


def read_csv(path: Path | str, shown: str, data: bytes | None = None) -> Grid:
    """A CSV file's cells, all text; `data`: its bytes when they did not come from a file
    (a published sheet)."""
    data = read_limited(Path(path), shown, MAX_BYTES) if data is None else data
    text = _decode(data, shown)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    rows: list[list[Cell]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            rows.append([cell.replace("\r\n", "\n") for cell in record])
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise DeckErrors([DeckError(Position(shown, reader.line_num or 1, 1),
                                    f"cardgen cannot read this line of the CSV file: {error}")
                          ]) from None
    _check_size(rows, shown)
    return Grid(shown, "", rows, tuple(lines))


def read_workbook(path: Path | str, shown: str) -> dict[str, Grid]:
    """Every sheet of a workbook by name, in the workbook's order."""
    # python-calamine: a compiled reader (about 10 MB), loaded only to read a workbook.
    from python_calamine import CalamineError, CalamineWorkbook

    path = Path(path)
    read_limited(path, shown, MAX_WORKBOOK_BYTES, read=False)
    _check_unpacked(path, shown)
    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            sheets = {}
            for name in book.sheet_names:
                cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                sheets[name] = Grid(shown, name, [list(row) for row in cells])
                _check_size(sheets[name].rows, shown)
    except (CalamineError, ValueError, OSError) as error:
        kind = "an OpenDocument" if str(path).lower().endswith(".ods") else "an Excel"
        raise DeckErrors([DeckError(None, f"{shown}: cannot be read as {kind} workbook: "
                                          f"{str(error) or type(error).__name__}",
                                    "open it in the spreadsheet program and save it again")]
                         ) from None
    return sheets


def read_limited(path: Path, shown: str, limit: int, read: bool = True) -> bytes:
    """A regular file's bytes (none when not `read`), refused past `limit` bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DeckErrors([DeckError(None, f"{shown}: no such file")]) from None
    except OSError as error:
        raise DeckErrors([DeckError(None, f"{shown}: cannot read: {error.strerror}")]) from None
    if not stat.S_ISREG(info.st_mode):
        raise DeckErrors([DeckError(None, f"{shown}: is {file_kind(info.st_mode)}, not a "
                                          "spreadsheet")])
    if info.st_size > limit:
        raise DeckErrors([DeckError(Position(shown, 1, 1),
                                    f"the file is {info.st_size / 1024 / 1024:.1f} MB; a deck "
                                    f"kept in a spreadsheet is limited to "
                                    f"{limit // 1024 // 1024} MB", "split it into several decks")])
    if not read:
        return b""
    try:
        with open(path, "rb") as file:
            return file.read(limit + 1)[:limit]
    except OSError as error:
        raise DeckErrors([DeckError(None, f"{shown}: cannot read: {error.strerror}")]) from None


def _check_unpacked(path: Path, shown: str) -> None:
    """An .xlsx or .ods is a zip: refuse one whose parts unpack to more than a deck needs
    before the reader unpacks them (an .xls is not a zip, and is bounded by its size)."""
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the workbook reader says what is wrong with it
    if unpacked > MAX_UNPACKED_BYTES:
        raise DeckErrors([DeckError(Position(shown, 1, 1),
                                    f"the workbook unpacks to {unpacked // 1024 // 1024} MB; "
                                    "more than any deck needs", "split it into several decks")])


def _check_size(rows: list[list[Cell]], shown: str) -> None:
    if sum(len(row) for row in rows) > MAX_CELLS:
        raise DeckErrors([DeckError(Position(shown, 1, 1),
                                    f"the sheet has more than {MAX_CELLS:,} cells",
                                    "split it into several decks")])


def _decode(data: bytes, shown: str) -> str:
    """UTF-8 (with or without Excel's byte order mark), or a message naming the encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeckErrors([DeckError(Position(shown, 1, 1), "the file is saved as UTF-16 "
                                    "(Excel calls it \"Unicode Text\"), not UTF-8", CSV_UTF8)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        try:
            found = data[error.start:error.start + 1].decode("cp1252")
            data.decode("cp1252")
            encoding = (f"the file is saved as Windows-1252 (Excel's \"CSV (Comma delimited)\" "
                        f"on Windows), not UTF-8: {found} here is byte "
                        f"0x{data[error.start]:02x}")
        except UnicodeDecodeError:
            encoding = f"the file is not UTF-8 (byte 0x{data[error.start]:02x})"
        raise DeckErrors([DeckError(Position(shown, line, column), encoding, CSV_UTF8)]) from None
    if "\x00" in text:
        raise DeckErrors([DeckError(Position(shown, text.count("\n", 0, text.index("\x00")) + 1,
                                             1),
                                    "the file contains a NUL byte; it is not a CSV file")])
    return text


def _dialect(text: str) -> type[csv.Dialect]:
    """Commas, or the semicolons (or tabs) Excel writes where a comma is the decimal mark:
    whichever the header line has most of, outside quotes."""
    first, quoted = [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            break
        first.append(char)
    line = "".join(first)
    delimiter = max(",;\t", key=lambda mark: (line.count(mark), mark == ","))

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def cell_text(value: Cell) -> str | None:
    """A cell's value as the text that was typed, where that is certain: None for a date,
    a time or a duration (the spreadsheet turned something into one). A whole number
    stored as 988.0 reads as `988`; another number in its shortest exact form."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2 ** 53:
            return str(int(value))
        return repr(value)
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return None
    return str(value)


def cell_date(value: Cell) -> datetime.date | None:
    """A date cell's date (a date with a time keeps its day)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None
