"""Phone numbers as people read and dial them: a number written as bare digits, grouped.

A helpline's number is read off a card in a hurry, often by someone upset, and
copied digit by digit into a phone: "18006624357" is easy to misdial, "1-800-662-4357"
is not. An editor who wrote separators (dashes, spaces, dots, brackets, a +, letters
such as 1-800-662-HELP) chose how the number reads, and it is printed as written.

A number of bare digits is grouped by its length, because a deck does not say which
country it is for:

- up to 6 digits stays whole: short codes are said as one (988, 911, 112, 116123);
- 10 digits whose first and fourth are 2 to 9, or 11 digits that are 1 and those 10,
  are North American and take dashes as they do there: 800-662-4357, 1-800-662-4357;
- other lengths take spaces between groups, the trunk prefix with its area code
  first, as most countries print them: 7 digits 555 0199, 8 digits 2345 6789,
  9 digits 900 123 456 (Spain), 10 digits 1800 123 456 (Australia), 0800 123 456,
  11 digits 0800 123 4567 (United Kingdom);
- 12 digits or more are left as written: an international number written without
  its + cannot be grouped without knowing its country.
"""

from __future__ import annotations

import re

_NORTH_AMERICAN = re.compile(r"1?[2-9]\d\d[2-9]\d{6}")
# Group lengths by the count of digits, for numbers that are not North American.
_GROUPS = {7: (3, 4), 8: (4, 4), 9: (3, 3, 3), 10: (4, 3, 3), 11: (4, 3, 4)}


def readable(number: str) -> str:
    """`number` as it is printed: bare digits grouped for reading, anything else as written."""
    digits = number.strip()
    if not digits.isascii() or not digits.isdigit():
        return number
    if len(digits) in (10, 11) and _NORTH_AMERICAN.fullmatch(digits):
        local = digits[-10:]
        groups = [local[:3], local[3:6], local[6:]]
        return "-".join(["1", *groups] if len(digits) == 11 else groups)
    sizes = _GROUPS.get(len(digits))
    if sizes is None:
        return digits
    groups, start = [], 0
    for size in sizes:
        groups.append(digits[start:start + size])
        start += size
    return " ".join(groups)
