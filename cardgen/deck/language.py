"""The words cardgen prints itself, one table per language: the kinds' labels, the
helplines' sentences, the booklet's and the screen edition's words, the printing note in
a card sheet's margin and the tuck box's instructions.

Each language is one file, `languages/<code>.yaml`, its keys grouped by where they print
(`cards:`, `booklet:`, `screen:`, `printing:`, `box:`). English is the reference: every
table has exactly its keys, and a word with blanks ("Text {word} to {number}") keeps the
same blanks in every language (tests/deck/test_language.py holds them to it). A deck's
`labels:` can set any key for itself. Adding a language is adding its file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType

import yaml

REFERENCE = "en"
_FOLDER = files("cardgen.deck") / "languages"
_BLANK = re.compile(r"\{(\w+)\}")
# libyaml's safe loader where PyYAML has it (its wheels do): every command reads English's
# table as it starts, and the pure-Python loader takes 10 ms of that start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _sections(language: str) -> Mapping[str, Mapping[str, str]]:
    """A language's file as written: section -> key -> word."""
    text = (_FOLDER / f"{language}.yaml").read_text(encoding="utf-8")
    loaded = yaml.load(text, Loader=_LOADER)
    return MappingProxyType({section: MappingProxyType(dict(words))
                             for section, words in loaded.items()})


LANGUAGES: tuple[str, ...] = tuple(sorted(
    entry.name.removesuffix(".yaml") for entry in _FOLDER.iterdir()
    if entry.name.endswith(".yaml")))
# Where each key prints: "cards", "booklet", "screen", "printing" or "box".
SECTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {section: tuple(words) for section, words in _sections(REFERENCE).items()})
KEYS: tuple[str, ...] = tuple(key for keys in SECTIONS.values() for key in keys)


def blanks(word: str) -> tuple[str, ...]:
    """The blanks a word leaves to fill, in order: ("word", "number") for
    "Text {word} to {number}"."""
    return tuple(_BLANK.findall(word))


# Chinese has two tables: Traditional (zh-Hant) for a tag that says so, or names Taiwan, Hong
# Kong or Macao without saying Simplified (zh-TW, zh-HK, zh-MO); Simplified (zh) for the rest.
TRADITIONAL = "zh-Hant"
_TRADITIONAL_REGIONS = frozenset({"tw", "hk", "mo"})


def _code(language: str) -> str:
    subtags = (language or REFERENCE).replace("_", "-").lower().split("-")
    if subtags[0] == "zh" and "hans" not in subtags and (
            "hant" in subtags or _TRADITIONAL_REGIONS & set(subtags[1:])):
        return TRADITIONAL
    return subtags[0]


def base(language: str) -> str:
    """The table a language tag reads: pt for pt-BR, zh-Hant for zh-TW, English for a
    language without one."""
    code = _code(language)
    return code if code in LANGUAGES else REFERENCE


@cache
def table(language: str) -> Mapping[str, str]:
    """Every word cardgen prints itself in `language` (a BCP 47 tag), key -> word,
    falling back from pt-BR to pt (zh-TW to zh-Hant), then to English."""
    return MappingProxyType({key: word for words in _sections(base(language)).values()
                             for key, word in words.items()})


def has_table(language: str) -> bool:
    """Whether cardgen has its own words in `language`, not English's in their place."""
    return _code(language) in LANGUAGES


def sections(language: str) -> Mapping[str, Mapping[str, str]]:
    """A language's table as its file groups it, for the tests that hold it to English's."""
    return _sections(language)


# The blanks each word must keep, from English's words: {"sms_word": ("word", "number"), ...}.
TEMPLATES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {key: blanks(word) for key, word in table(REFERENCE).items() if blanks(word)})
