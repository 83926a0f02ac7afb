"""A sheet of cards, one a row, as the nodes a YAML deck's card lists are made of.

A header row names the columns (`kind`, `text`, `by`, ... in any order and case) and each
row below is a card; `kind` takes a kind's name, its plural or its label in any language
(`Ask`, `Pregunta`, the deck's own). Every node carries its cell (see `CellMark`), so
`cardgen.deck.model` checks a sheet as it checks YAML and each mistake is reported at its
cell: `circle.xlsx:Cards!E6: this quote is missing who said it (column by)`. What a
spreadsheet did to the data is refused at the cell where that is not certain.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

import phonenumbers
import yaml

from cardgen.deck.kinds import ENTRY_KINDS, KINDS, Field
from cardgen.deck.language import LANGUAGES
from cardgen.deck.sheets import Cell, Grid, cell_date, cell_text
from cardgen.errors import DeckError, Position

STR, INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
SEQ, MAP, NULL = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:null"


def _columns() -> dict[str, Field]:
    found = {"kind": Field("kind", "line", "The kind of card: prompt, reframe, quote, "
                                           "practice or helpline, or its label (Ask)")}
    for kind in ENTRY_KINDS:
        for spec in kind.fields:
            if not (kind.travels and spec.name == "level"):
                found.setdefault(spec.name, spec)
    return found


COLUMNS: dict[str, Field] = _columns()  # every column a card sheet may have
# The order cardgen writes them in: what a card says first, then what it is filed under.
ORDER = ("kind", "text", "instead", "try", "why", "by", "source", "name", "phone", "sms",
         "sms_body", "url", "note", "minutes", "checked", "topic", "tags", "level",
         "content_note", "id", "translated")
FIELDS_OF = {kind.name: {spec.name for spec in kind.fields
                         if not (kind.travels and spec.name == "level")} for kind in ENTRY_KINDS}
AS_TEXT = "format the column as text (Format → Cells → Text) and type it again"
_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")


class CellMark(yaml.Mark):
    """Where a node came from when that is not the file the deck reader reads: a cell of
    a spreadsheet, or a line of a YAML file beside it. `cardgen.source.position` reads
    `place`."""

    def __init__(self, place: Position):
        super().__init__(place.path, 0, place.line - 1, place.column - 1, None, None)
        self.place = place


def scalar(text: str, place: Position, tag: str = STR) -> yaml.ScalarNode:
    mark = CellMark(place)
    return yaml.ScalarNode(tag, text, mark, mark)


@dataclass(frozen=True)
class Header:
    line: int  # the header row's
    names: dict[int, str]  # 1-based column -> the column's name


def kind_words(labels: Mapping[str, str]) -> dict[str, str]:
    """What a `kind` cell may say, folded: a kind's name, its list's name, what people call
    it, its label in every language cardgen has words for, and the deck's own labels."""
    words: dict[str, str] = {}
    for kind in ENTRY_KINDS:
        names = [kind.name, kind.field or kind.name, kind.word, f"{kind.word}s",
                 *(kind.labels[kind.name].get(language, "") for language in LANGUAGES)]
        for name in names:
            if name:
                words.setdefault(name.casefold(), kind.name)
    for kind in ENTRY_KINDS:
        if labels.get(kind.name):
            words[labels[kind.name].casefold()] = kind.name
    return words


_SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_WRITTEN = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y")


def typed_date(text: str) -> tuple[datetime.date | None, str | None]:
    """A date as a spreadsheet saves it in a CSV file (11/21/2026 in the US, 21/11/2026 or
    21.11.2026 elsewhere, 1 Nov 2026), where its day is certain; with a hint instead when
    the day and month could be either (3/4/2026). (None, None): not such a date (the deck
    reader reads year-month-day and says what else is wrong)."""
    text = " ".join(text.split())
    slashed = _SLASHED.fullmatch(text)
    if slashed:
        first, second, year = map(int, slashed.groups())
        if first != second and first <= 12 and second <= 12:
            return None, ("write it as year-month-day, such as 2026-11-01, or format the "
                          "column as a date")
        month, day = (first, second) if second > 12 else (second, first)
        try:
            return datetime.date(year, month, day), None
        except ValueError:
            return None, None
    for form in _WRITTEN:
        try:
            return datetime.datetime.strptime(text, form).date(), None
        except ValueError:
            continue
    return None, None


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Cards:
    """A card sheet's rows, as each kind's entries; problems go to `problems`."""

    def __init__(self, grid: Grid, words: dict[str, str], region: str | None,
                 problems: list[DeckError]):
        self.grid, self.words, self.region, self.problems = grid, words, region, problems
        self.entries: dict[str, list[yaml.Node]] = {}
        self.header: Header | None = None
        rows = [(r, row) for r, row in enumerate(grid.rows) if not all(map(_blank, row))]
        if not rows:
            return
        first, self.heading = rows[0]
        self.columns = self._columns(first, self.heading)
        self.header = Header(grid.at(first, 0).line,
                              {c + 1: name for c, name in self.columns.items()})
        for r, row in rows[1:]:
            self._row(r, row)

    def error(self, r: int, c: int, message: str, hint: str | None = None) -> None:
        self.problems.append(DeckError(self.grid.at(r, c), message, hint))

    def _columns(self, r: int, row: list[Cell]) -> dict[int, str]:
        columns: dict[int, str] = {}
        for c, cell in enumerate(row):
            written = " ".join((cell_text(cell) or "").split())
            name = written.casefold().replace(" ", "_")
            if not name:
                continue
            if name not in COLUMNS:
                # "Quoted by" means `by`; else the nearest in spelling ("Txet" is `text`).
                close = [word for word in name.split("_") if word in COLUMNS][-1:] or \
                    difflib.get_close_matches(name, list(COLUMNS), n=1, cutoff=0.6)
                if close:
                    self.error(r, c, f"`{written}`: unknown column; did you mean `{close[0]}`?")
                else:
                    self.error(r, c, f"`{written}`: unknown column",
                               f"the columns are {', '.join(ORDER)}")
            elif name in columns.values():
                before = next(at for at, known in columns.items() if known == name)
                self.error(r, c, f"the column `{name}` is given twice (and in "
                                 f"{self.grid.at(r, before).cell}); keep one")
            else:
                columns[c] = name
        return columns

    def _row(self, r: int, row: list[Cell]) -> None:
        cells = [(c, name, row[c]) for c, name in self.columns.items()
                 if c < len(row) and not _blank(row[c])]
        for c in range(len(row)):
            if c not in self.columns and not _blank(row[c]) and self._unnamed(c):
                self.error(r, c, "this cell is in a column without a name in the header row",
                           "name the column in the header row (kind, text, ...), or empty "
                           "the cell")
        if not cells:
            return
        kind = self._kind(r, row)
        if kind is None:
            return
        pairs = []
        for c, name, value in cells:
            if name == "kind":
                continue
            if name not in FIELDS_OF[kind]:
                having = [KINDS[k].word for k, names in FIELDS_OF.items() if name in names]
                self.error(r, c, f"a {KINDS[kind].word} has no {name} (column {name})",
                           f"empty this cell, or make the row a {' or '.join(having)}")
                continue
            node = self._value(r, c, name, value)
            if node is not None:
                pairs.append((scalar(name, self.grid.at(r, c)), node))
        start = CellMark(self.grid.at(r, 0))
        self.entries.setdefault(kind, []).append(yaml.MappingNode(MAP, pairs, start, start))

    def _unnamed(self, c: int) -> bool:
        """Whether column `c` has no name (one refused is reported at its header, once)."""
        return c >= len(self.heading) or _blank(self.heading[c])

    def _kind(self, r: int, row: list[Cell]) -> str | None:
        column = next((c for c, name in self.columns.items() if name == "kind"), None)
        if column is None:
            return "prompt"  # a sheet of questions alone, as a co-organiser keeps them
        cell = row[column] if column < len(row) else ""
        written = " ".join((cell_text(cell) or "").split())
        kinds = ", ".join(kind.word for kind in ENTRY_KINDS)
        if not written:
            self.error(r, column, "which kind of card is this row? (column kind)",
                       f"write {kinds}, or the kind's label")
            return None
        found = self.words.get(written.casefold())
        if found is None:
            close = difflib.get_close_matches(written.casefold(), list(self.words), n=1,
                                              cutoff=0.6)
            said = f"; did you mean `{self.words[close[0]]}`?" if close else ""
            self.error(r, column, f"`{written}` is not a kind of card{said} (column kind)",
                       f"the kinds are {kinds}, or their labels")
        return found

    def _value(self, r: int, c: int, name: str, value: Cell) -> yaml.Node | None:
        spec, where = COLUMNS[name], self.grid.at(r, c)
        day = cell_date(value)
        if spec.kind == "date" and day is not None:
            return scalar(day.isoformat(), where)
        text = cell_text(value)
        if spec.kind == "date" and text is not None:
            day, doubt = typed_date(text)
            if doubt:
                self.error(r, c, f"`{text}` could be either of two dates (column {name})", doubt)
                return None
            text = day.isoformat() if day is not None else text
        if text is None:
            self.error(r, c, f"the spreadsheet turned this cell into a date or a time "
                             f"(column {name})", AS_TEXT)
            return None
        if spec.kind == "phone" and not self._dialable(r, c, name, value, text):
            return None
        if spec.kind == "tags":
            tags = [scalar(tag.strip(), where) for tag in re.split(r"[,;]", text) if tag.strip()]
            return yaml.SequenceNode(SEQ, tags, CellMark(where), CellMark(where))
        tag = INT if spec.kind == "count" and text.strip().isdigit() else STR
        return scalar(text, where, tag)

    def _dialable(self, r: int, c: int, name: str, value: Cell, text: str) -> bool:
        """Whether a number's digits are certainly the ones typed: a spreadsheet keeps
        `08001110111` as the number 8001110111, and shows a long one as 1.8E+10."""
        if isinstance(value, str):
            if _SCIENTIFIC.fullmatch(value.strip()):
                self.error(r, c, f"this number was saved as {value.strip()}: its digits are lost "
                                 f"(column {name})", AS_TEXT)
                return False
            return True
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not float(value).is_integer():
            self.error(r, c, f"this number was stored as {text}, not as it is dialled "
                             f"(column {name})", AS_TEXT)
            return False
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(self.region or "")
        prefix = metadata.national_prefix if metadata is not None else None
        if len(text) > 6 and (prefix is None or prefix.startswith("0")):
            self.error(r, c, f"this number was stored as the number {text}, which loses a "
                             f"leading 0 (column {name})",
                       "format the column as text (Format → Cells → Text) and type the number "
                       "again as it is dialled, such as 0800 111 0 111")
            return False
        return True
