"""Dates as a card prints them: a month and year in the deck's language ("Nov 2026",
"nov 2026", "2026年11月"), from the Unicode CLDR's calendars through Babel."""

from __future__ import annotations

import datetime
from functools import cache


def month_and_year(date: datetime.date, language: str) -> str:
    """`date` as its month and year, the way `language` (a BCP 47 tag) writes them short;
    English's for a language CLDR does not know."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", date, locale=_locale(language))


@cache
def _locale(language: str):
    """Babel's locale for a language tag: pt-BR, else pt, else English."""
    from babel import Locale, UnknownLocaleError

    for tag in (language, language.split("-")[0]):
        try:
            return Locale.parse(tag, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale("en")
