"""Which words may not end a line, by language: one-letter words, titles, numbers
and labels that belong to the next word, the opening word of a Spanish question.

The rules are data (linebreaks.yaml, beside the hyphenation dictionaries that
pyphen brings); this module only reads them and answers for the words of a paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path

import yaml

from cardgen.text.scripts import UNSPACED

RULES_FILE = Path(__file__).with_name("linebreaks.yaml")

# A number, maybe with thousands or decimal separators, a time, a range or a percentage.
_NUMBER = re.compile(r"[#№]?\d+(?:[.,:/\-–]\d+)*%?")
_STRAIGHT_QUOTES = "\"'"
_CLOSING = ".,;:!?)]}\u2026\u201d\u2019\u00bb\"'"
_PLAIN_ENDS = frozenset(".,;:!?")  # punctuation that closes a phrase, after a plain word
# Dashes that open unspaced (Chinese, Japanese) text keep to the character after them: UAX 14
# allows a break after them, but "——" alone at a line's end, the name on the next ("——鲁迅",
# who said a quotation), reads as a line cut short. Inside a sentence ("希望感——这些") a
# break after them stays allowed, as the rules say.
_DASHES = "\u2014\u2015\u2e3a\u2e3b"


# How good a place to end a line each word is, best first (see `endings`).
PHRASE = 0  # after a word that closes a phrase: "less," "things?"
WORD = 1  # after any other word
BOUND = 2  # after a word that belongs to the next: a line may not end here


class Kind(Enum):
    """What a word is to the line breaker, before its neighbours are looked at."""

    PHRASE = 0  # ends in punctuation, which closes what it says
    WORD = 1  # a line may end on it
    BINDS = 2  # a line may not end on it
    NUMBER = 3  # binds, unless it follows a label ("page 5")
    LABEL = 4  # binds when a number follows it


@dataclass(frozen=True)
class LineEnds:
    """One language's words that belong with the word after them."""

    one_letter: bool = False
    numbers: bool = False
    titles: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()  # in lower case
    openers: tuple[tuple[str, str], ...] = ()  # (opening mark, closing mark)

    def kind(self, word: str) -> Kind:
        """`word` (as printed, punctuation included) on its own."""
        # Most words are letters, perhaps with a comma or a full stop after them: the
        # rules below come to this for them (a property test holds the two together).
        if word.isascii() and word[:1].isalpha():
            letters = word.isalpha()
            if letters or (word[-1] in _PLAIN_ENDS and word[:-1].isalpha()):
                if word in self.titles:
                    return Kind.BINDS
                if self.numbers and word.lower() in self.labels:
                    return Kind.LABEL
                if not letters:
                    return Kind.PHRASE
                return Kind.BINDS if self.one_letter and len(word) == 1 else Kind.WORD
        return self._kind(word)

    def _kind(self, word: str) -> Kind:
        core = _after_opening_marks(word)
        if not core:
            return Kind.PHRASE if word else Kind.WORD
        if not core.isascii() and UNSPACED.match(core[-1]):
            # Chinese and Japanese break between characters (words.py splits them where
            # UAX 14 allows): a line may end after any of them, best after punctuation
            # ("？" rather than "？它 / 为你").
            return Kind.PHRASE if _ends_phrase(core) else Kind.WORD
        if core in self.titles or word in self.titles:
            return Kind.BINDS
        for opening, closing in self.openers:
            if core.startswith(opening) and closing not in core:
                return Kind.BINDS
        if self.numbers and core.lower() in self.labels:
            return Kind.LABEL
        if _ends_phrase(core):
            return Kind.PHRASE
        if self.numbers and _is_number(core):
            return Kind.NUMBER
        if self.one_letter and core[0].isalpha() and _one_letter(core):
            return Kind.BINDS
        return Kind.WORD


@cache
def rules(language: str) -> LineEnds:
    """The rules for `language` ("es-MX" uses "es"), each adding to the default ones."""
    table = _table()
    base = re.split(r"[-_]", language or "", maxsplit=1)[0].lower()
    found = {**table.get("default", {}), **table.get(base, {})}
    return LineEnds(
        one_letter=bool(found.get("one_letter", False)),
        numbers=bool(found.get("numbers", False)),
        titles=frozenset(str(title) for title in found.get("titles", ())),
        labels=frozenset(str(label).lower() for label in found.get("labels", ())),
        openers=tuple((str(o), str(c)) for o, c in (found.get("openers") or {}).items()),
    )


def endings(words: Sequence[str], language: str) -> list[int]:
    """For each word of a paragraph of `language` text, as printed: how good a place
    to end a line after it is, PHRASE, WORD or BOUND. A number after a label goes
    with the label ("page 5 / of" may break, "5 / days" may not); a label binds
    only when a number follows it."""
    return resolve([kind(word, language) for word in words], words)


def kind(word: str, language: str) -> int:
    """The value of `word`'s Kind on its own, in `language` text: each word is looked
    at once (decks repeat their words), then remembered."""
    known = _known(language)
    found = known.get(word)
    if found is None:
        if len(known) >= _KNOWN_KEPT:
            known.clear()
        found = known[word] = rules(language).kind(word).value
    return found


def resolve(kinds: list[int], words: Sequence[str]) -> list[int]:
    """`endings` of a paragraph's words from their `kind`s: numbers and labels looked
    at with their neighbours. `kinds` is returned itself when there are none."""
    if max(kinds, default=0) <= BOUND:  # no numbers or labels: most paragraphs
        return kinds
    found = []
    last = len(words) - 1
    for i, value in enumerate(kinds):
        if value == Kind.NUMBER.value:
            found.append(WORD if i and kinds[i - 1] == Kind.LABEL.value else BOUND)
        elif value == Kind.LABEL.value:
            after = _after_opening_marks(words[i + 1]).rstrip(_CLOSING) if i < last else ""
            found.append(BOUND if _is_number(after) else WORD)
        else:
            found.append(value)
    return found


def unspaced_breaks(text: str, bounds: tuple[int, ...]) -> tuple[int, ...]:
    """Where a line may end in `text` (Chinese or Japanese, no spaces in it): `bounds`, UAX 14's
    breaks with the text's ends, less one right after the dashes that open it ("——鲁迅")."""
    if not text.startswith(tuple(_DASHES)):  # nearly every word: nothing to take out
        return bounds
    opening = len(text) - len(text.lstrip(_DASHES))
    return tuple(at for at in bounds if at != opening or at == len(text))


def binds(word: str, language: str, before: str = "", after: str = "") -> bool:
    """True when a line of `language` text may not end on `word` between the words
    `before` and `after` ("" at a paragraph's ends)."""
    return endings([before, word, after], language)[1] == BOUND


_KNOWN_KEPT = 65536  # words remembered a language, enough for a big deck's vocabulary


@cache
def _known(language: str) -> dict[str, int]:
    """Each word of `language` looked at so far, with its Kind's value."""
    return {}


@cache
def _table() -> dict[str, dict]:
    with RULES_FILE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def _after_opening_marks(word: str) -> str:
    """`word` without the quotation marks and brackets in front of it."""
    start = 0
    while start < len(word) and (word[start] in _STRAIGHT_QUOTES
                                 or unicodedata.category(word[start]) in ("Ps", "Pi")):
        start += 1
    return word[start:]


def _is_number(text: str) -> bool:
    return (bool(text) and (text[0].isdigit() or text[0] in "#№")
            and _NUMBER.fullmatch(text) is not None)


def _ends_phrase(core: str) -> bool:
    """True when `core` ends in punctuation ("I," "5."), which closes what it says."""
    last = core[-1]
    return last in _STRAIGHT_QUOTES or unicodedata.category(last).startswith("P")


def _one_letter(text: str) -> bool:
    """True when `text`, which starts with a letter, is that letter alone, maybe with
    accents added as marks ("a", "à")."""
    if len(text) == 1 or text.isascii():  # ASCII has no marks: most words end here
        return len(text) == 1
    return all(unicodedata.combining(char) for char in text[1:])
