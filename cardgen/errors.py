"""The errors a user can see and act on.

Library code raises these; only the command line turns them into messages and
exit codes. Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Position:
    """A place in a file: 1-based line and column, as editors count them. In a workbook,
    `sheet` names the sheet, and line and column are the cell's row and column: it prints
    as a spreadsheet names a cell, `circle.xlsx:Cards!E6` (a CSV file's record and field
    print as a line and column)."""

    path: str
    line: int
    column: int
    sheet: str = ""

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.path}:{self.cell}"
        return f"{self.path}:{self.line}:{self.column}"

    @property
    def cell(self) -> str:
        """The cell as a spreadsheet names it: E6, or Cards!E6 (quoted where the sheet's
        name needs it: 'My cards'!E6)."""
        letters, number = "", self.column
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("A") + rest) + letters
        if not self.sheet:
            return f"{letters}{self.line}"
        sheet = self.sheet if self.sheet.replace("_", "").isalnum() else \
            "'" + self.sheet.replace("'", "''") + "'"
        return f"{sheet}!{letters}{self.line}"


class CardgenError(Exception):
    """A problem the user can fix. Its text is the whole message to print."""


class SettingError(CardgenError):
    """A print setting whose value cannot work with the rest, such as a creep that pushes
    words across the fold. `setting` names the BuildOptions field; the command line
    says whether the value came from an option or a line of cardgen.yaml."""

    def __init__(self, setting: str, message: str):
        self.setting = setting
        self.message = message
        super().__init__(f"{setting.replace('_', '-')}: {message}")


class DeckError(CardgenError):
    """One problem at one place in a deck file, with an optional hint."""

    def __init__(self, where: Position | None, message: str, hint: str | None = None):
        self.where = where
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class DeckErrors(CardgenError):
    """Every problem found in one or more deck files, reported together."""

    def __init__(self, errors: list[DeckError]):
        unique = {str(error): error for error in errors}  # an aliased node reports once
        self.errors = sorted(unique.values(), key=_sort_key)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


def _sort_key(error: DeckError) -> tuple:
    where = error.where
    return (where.path, where.sheet, where.line, where.column) if where else ("", "", 0, 0)
