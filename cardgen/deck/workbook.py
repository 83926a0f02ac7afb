"""A deck written as an .xlsx workbook that is pleasant to edit: the cards on a sheet whose
header row stays in view, with columns as wide as their words, wrapped text, a drop-down
for `kind` and the phone columns kept as text (so `0800 111 0 111` keeps its 0); the
settings on a `Deck` sheet. The same workbook always has the same bytes."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from cardgen.deck.kinds import ENTRY_KINDS

_FIXED = (1980, 1, 1, 0, 0, 0)  # the zip entries' time: a workbook's bytes depend on its cells
_AS_TEXT = ("phone", "sms", "id", "checked", "sms_body")
_WIDEST = 60
BLANK_ROWS = 200  # rows below the cards kept ready: text columns, the drop-down


def workbook_bytes(settings: list[tuple[str, object]], header: list[str],
                   rows: list[list[object]]) -> bytes:
    """The workbook's bytes: sheet `Cards` first (what is edited most), then `Deck`."""
    # openpyxl: about 0.2 s to import, only for the commands that write a workbook.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.properties.creator = "cardgen"
    book.properties.created = datetime.datetime(2000, 1, 1)
    cards = book.active
    cards.title = "Cards"
    wrap, bold = Alignment(wrap_text=True, vertical="top"), Font(bold=True)
    cards.append(header)
    for row in rows:
        cards.append([_cell(value) for value in row])
    last = len(rows) + 1 + BLANK_ROWS
    for c, name in enumerate(header, start=1):
        letter = get_column_letter(c)
        words = [str(value) for value in [name, *(row[c - 1] for row in rows)]]
        longest = max(len(line) for text in words for line in text.splitlines() or [""])
        cards.column_dimensions[letter].width = min(max(longest + 2, 10), _WIDEST)
        for r in range(1, last + 1):
            cell = cards.cell(row=r, column=c)
            cell.alignment = wrap
            if name in _AS_TEXT and r > 1:
                cell.number_format = "@"
        cards.cell(row=1, column=c).font = bold
    cards.freeze_panes = "A2"
    if "kind" in header:
        letter = get_column_letter(header.index("kind") + 1)
        kinds = ",".join(kind.word for kind in ENTRY_KINDS)
        choice = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=True,
                                showErrorMessage=False)  # a label (Ask) is a kind too
        choice.add(f"{letter}2:{letter}{last}")
        cards.add_data_validation(choice)
    deck = book.create_sheet("Deck")
    deck.append(["key", "value"])
    for key, value in settings:
        deck.append([key, _cell(value)])
    for r in range(1, len(settings) + 2):
        for c in (1, 2):
            deck.cell(row=r, column=c).alignment = wrap
    deck["A1"].font = deck["B1"].font = bold
    deck.column_dimensions["A"].width = 18
    deck.column_dimensions["B"].width = _WIDEST
    deck.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return _steady(out.getvalue())


def _cell(value: object) -> object:
    """A value as a cell holds it: text stays text (a number typed as text keeps its
    zeros), a whole number is a number."""
    return "" if value is None else value


def _steady(data: bytes) -> bytes:
    """The workbook with the times openpyxl stamps (the zip's, `modified`) fixed, so the
    same deck always makes the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z",
                                 content)
            target.writestr(zipfile.ZipInfo(item.filename, _FIXED), content,
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()
