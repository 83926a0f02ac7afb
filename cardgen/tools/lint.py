"""`cardgen lint`: words that shame, sentences too long to say, and cards that print small.

A deck is read aloud in a circle by families of people who use drugs, so its
words matter as much as its layout. Five checks, each reported at the line and
column an editor shows:

- Words that label a person by their drug use ("addict", "clean"), from the
  list in `avoid.yaml` for the deck's language plus the deck's own `avoid:`
  words. Matches are whole words in any case; the list spells out the forms
  it flags, and names phrases where a word is about things ("clean needles").
- Sentences of more than MAX_WORDS words: a card is read in one breath.
- Helplines nobody has checked lately: no `checked:` date, or one more than
  `recheck_months` (cardgen.yaml, default 12) ago; and addresses on domains kept for
  examples (`example.org`). A placeholder number stops the build itself.
- In a translation, cards out of date: the source's words changed since they were
  translated (`cardgen translate status` lists the rest of what is left).
- Cards that will not fit at all, and cards whose main words (a prompt's text, a
  reframe's `try`, ...) are fitted below SMALL_PT, with the same fonts, card size
  and print settings `cardgen build` would use.

What is not checked for words, by design:

- Quotations, every field: they are printed as said, and changing a quoted
  person's words would put ours in their mouth.
- The `instead:` half of a reframe: it is what people tend to say, shown on the
  card as the thing to replace, so it is meant to hold these very words
  ("Call me when you're clean."). Its sentences are still checked for length,
  since it is printed and read aloud like the rest.
- Phone numbers, addresses, tags, ids, author, licence and version: not prose.

Positions come from the YAML nodes and the raw file text, so a word inside a
block scalar (`|`, `>`) or a quoted string is reported where it stands in the
file, not where it would be in the parsed value.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from cardgen.choices import CARDS
from cardgen.deck.cards import Card, all_cards
from cardgen.deck.kinds import ENTRY_KINDS, Item
from cardgen.deck.model import Deck, deck_from_nodes
from cardgen.errors import DeckError, Position
from cardgen.products.booklet import booklet_page_size
from cardgen.products.context import Context, stock_hint
from cardgen.products.options import BuildOptions
from cardgen.render.booklet import lay_out
from cardgen.render.face import FaceMaker
from cardgen.source import parse_nodes, read_text
from cardgen.text.glyphs import require_language_font
from cardgen.tools.translating import outdated

AVOID_FILE = Path(__file__).with_name("avoid.yaml")
MAX_WORDS = 25  # about what one breath carries when a card is read out in a group
SMALL_PT = 11.0  # below this, readers over 60 and in dim rooms start to struggle

# A word ends where letters end. A hyphen after it makes it the first half of a
# compound about something else ("user-friendly", "clean-up"), so that is not
# a match; a hyphen before it keeps the label ("ex-addict"), so that is.
_BEFORE = r"(?<!\w)"
_AFTER = r"(?![\w]|-\w)"
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]*_]*(?=\s|$)|\n[ \t]*\n")
_WORD = re.compile(r"\S+")
_HAS_LETTER = re.compile(r"\w")

# The deck's own fields checked; each kind says which of its fields are checked
# (`lint_words`, `lint_length` in cardgen.deck.kinds).
_DECK_FIELDS = ("title", "subtitle", "intro")
_KINDS_BY_FIELD = {kind.field: kind for kind in ENTRY_KINDS}
# Every entry's own words, whatever its kind: a quotation's content note is ours, not theirs.
_ENTRY_FIELDS = ("content_note",)


@dataclass(frozen=True, order=True)
class Finding:
    """One thing to look at in a deck, where it is and what to do about it."""

    where: Position
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def lint_deck(path: Path, shown: str, context: Context | None = None,
              today: datetime.date | None = None, text: str | None = None) -> list[Finding]:
    """Every finding in the deck at `path`, in file order.

    `shown` is the path as the user wrote it, used in positions. Cards are fitted
    as `cardgen build` with the same set-up would fit them: its card (or stock), fonts,
    theme and options (default: the built-in settings and the fonts they name). Raises
    DeckErrors if the deck does not load: lint checks good decks only.
    """
    context = context or Context.create(BuildOptions())
    fonts = context.fonts
    if text is None:  # `text`: a deck's YAML that is not in a file (a spreadsheet's, as YAML)
        text = read_text(path, shown)  # the file is read once; positions come from this text
    root, problems = parse_nodes(text, shown)
    deck = deck_from_nodes(root, problems, path, shown, context.options.region)
    require_language_font(fonts, deck.language, shown)  # else every card reports its glyphs
    source = _Source(text, shown)
    words = _Matcher(word_list(deck), _fine_phrases(deck.language))
    findings: set[Finding] = set()  # a set: an aliased node would report twice
    for node, check_words in _prose(root):
        start, end = source.span(node)
        if check_words:
            findings.update(_word_findings(source, words, start, end))
        findings.update(_sentence_findings(source, start, end))
    findings.update(_placeholders(deck))
    findings.update(_unchecked(deck, context.options.recheck_months,
                               today or datetime.date.today()))
    findings.update(_fitting(deck, context.face_maker(deck), context))
    findings.update(_booklet(deck, context))
    if deck.translation_of is not None:  # cards the source changed since they were translated
        findings.update(Finding(where, message) for where, message in outdated(deck))
    return sorted(findings)


def _booklet(deck: Deck, context: Context) -> Iterator[Finding]:
    """What the booklet would refuse that the cards do not print: a cover's title,
    subtitle or author, a colophon too long for the back cover, an entry taller than a
    page. Laid out, not drawn."""
    size = booklet_page_size(context.options)
    try:
        lay_out(deck, all_cards(deck), context.fonts, context.theme(deck, "booklet"), size)
    except DeckError as error:
        if error.where is not None:  # one without a place was said at the card already
            yield Finding(error.where, f"{error.message}; {error.hint}" if error.hint
                          else error.message)


def word_list(deck: Deck | None = None) -> dict[str, str]:
    """Words to flag -> what to say instead, as the finding prints it.

    The built-in list for the deck's language (English without a deck) merged
    with the deck's `avoid:` words, which win. Keys are lower case; values are
    quoted alternatives, e.g. {"clean": '"not using" / "in recovery"'}.
    """
    language = deck.language if deck else "en"
    words = {_key(word): _suggestion(say) for word, say in _builtin(language)["words"].items()}
    for word, say in (deck.avoid if deck else {}).items():
        suggestion = _suggestion(say)
        # Deck authors list a word once; its plural is meant too.
        for form in _plurals(word):
            words[_key(form)] = suggestion
    return words


# --- the word list ------------------------------------------------------------


@lru_cache(maxsize=1)
def _all_lists() -> dict:
    with AVOID_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _builtin(language: str) -> dict:
    """The list for a language tag (pt-BR -> pt); empty for a language without one."""
    base = (language or "en").replace("_", "-").split("-")[0].lower()
    return _all_lists().get(base) or {"words": {}, "fine": []}


def _fine_phrases(language: str) -> tuple[str, ...]:
    return tuple(_builtin(language).get("fine") or ())


def _key(word: str) -> str:
    """One spelling per word or phrase: lower case, single spaces for spaces and hyphens."""
    return " ".join(re.split(r"[\s\-]+", word.strip().lower()))


def _suggestion(say: str | list[str]) -> str:
    alternatives = [say] if isinstance(say, str) else list(say)
    return " / ".join(f'"{alternative}"' for alternative in alternatives)


def _plurals(word: str) -> tuple[str, ...]:
    word = word.strip()
    if not word or not word[-1].isalpha():
        return (word,)
    plural = word + ("es" if word.lower().endswith(("s", "x", "z", "ch", "sh")) else "s")
    return (word, plural)


def _pattern(phrase: str) -> str:
    """A phrase as a regex: whole words, any run of spaces, line breaks or hyphens between them."""
    parts = [re.escape(part) for part in _key(phrase).split(" ")]
    return _BEFORE + r"[\s\-]+".join(parts) + _AFTER


class _Matcher:
    """Finds listed words in text, skipping those inside a `fine:` phrase."""

    def __init__(self, words: Mapping[str, str], fine: tuple[str, ...]):
        self.words = dict(words)
        # Longest first, so at one place "drug habit" is tried before "habit".
        ordered = sorted(self.words, key=len, reverse=True)
        self.pattern = None
        if ordered:
            self.pattern = re.compile("|".join(_pattern(word) for word in ordered), re.IGNORECASE)
        self.fine = [re.compile(_pattern(phrase), re.IGNORECASE) for phrase in fine]

    def find(self, text: str, start: int, end: int) -> Iterator[tuple[int, str, str]]:
        """(index, the word as written, what to say instead) for each match in text[start:end]."""
        if self.pattern is None:
            return
        fine_spans = [match.span() for pattern in self.fine
                      for match in pattern.finditer(text, start, end)]
        for match in self.pattern.finditer(text, start, end):
            if any(low <= match.start() and match.end() <= high for low, high in fine_spans):
                continue
            written = " ".join(match.group().split())  # a phrase may break across lines
            yield match.start(), written, self.words[_key(match.group())]


# --- reading the file ---------------------------------------------------------


class _Source:
    """The raw file text, for turning a node's character offsets into editor positions."""

    def __init__(self, text: str, shown: str):
        self.text = text
        self.shown = shown
        self.line_starts = [0] + [match.end() for match in re.finditer(r"\n", text)]

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index) - 1
        return Position(self.shown, line + 1, index - self.line_starts[line] + 1)

    def span(self, node: yaml.ScalarNode) -> tuple[int, int]:
        """Where a scalar's words are in the file, without its quotes or block header.

        The header line of `|` / `>` may hold a comment, which is not card text.
        """
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):
            newline = self.text.find("\n", start, end)
            start = end if newline < 0 else newline + 1
        elif node.style in ('"', "'"):
            start, end = start + 1, max(start + 1, end - 1)
        return start, end


def _prose(root: yaml.Node) -> Iterator[tuple[yaml.ScalarNode, bool]]:
    """Each printed text node of the deck, with whether its words are checked."""
    if not isinstance(root, yaml.MappingNode):
        return
    for key, value in _pairs(root):
        kind = _KINDS_BY_FIELD.get(key)
        if key in _DECK_FIELDS:
            yield from _scalar(value, True)
        elif key == "labels" and isinstance(value, yaml.MappingNode):
            for _, label in _pairs(value):
                yield from _scalar(label, True)
        elif kind is not None and isinstance(value, yaml.SequenceNode):
            for entry in value.value:
                if kind.short and isinstance(entry, yaml.ScalarNode):
                    # The short form, `- How are you?`, is the kind's `short` field.
                    if kind.short in kind.lint_words + kind.lint_length:
                        yield from _scalar(entry, kind.short in kind.lint_words)
                elif isinstance(entry, yaml.MappingNode):
                    for field, text in _pairs(entry):
                        if field in kind.lint_words or field in _ENTRY_FIELDS:
                            yield from _scalar(text, True)
                        elif field in kind.lint_length:
                            yield from _scalar(text, False)


def _pairs(node: yaml.MappingNode) -> Iterator[tuple[str | None, yaml.Node]]:
    for key, value in node.value:
        yield (key.value if isinstance(key, yaml.ScalarNode) else None), value


def _scalar(node: yaml.Node, check_words: bool) -> Iterator[tuple[yaml.ScalarNode, bool]]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield node, check_words


# --- the checks ---------------------------------------------------------------


def _word_findings(source: _Source, words: _Matcher, start: int, end: int) -> Iterator[Finding]:
    for index, written, suggestion in words.find(source.text, start, end):
        yield Finding(source.position(index), f'"{written}" -> {suggestion}')


def _sentence_findings(source: _Source, start: int, end: int) -> Iterator[Finding]:
    """A finding at the start of each sentence longer than MAX_WORDS words.

    Sentences end at . ! ? or … followed by a space, and at a blank line. An
    abbreviation such as "Dr." ends one early, which can only miss a long
    sentence, never report a short one.
    """
    text = source.text
    begin = start
    ends = [match.end() for match in _SENTENCE_END.finditer(text, start, end)]
    for stop in [*ends, end]:
        words = [word for word in _WORD.finditer(text, begin, stop)
                 if _HAS_LETTER.search(word.group())]  # a dash alone is not a word
        if len(words) > MAX_WORDS:
            yield Finding(source.position(words[0].start()),
                          f"long sentence ({len(words)} words); split it so it reads in one breath")
        begin = stop


# An address on a domain reserved for examples (RFC 2606). (A placeholder number stops
# the build: cardgen.deck.phones.)
_FAKE_HOST = re.compile(r"^(?:[a-z]+:(?://)?)?(?:[^/@]*@)?(?:[\w-]+\.)*(?:example\.(?:com|org|net)|"
                        r"[\w-]+\.(?:example|invalid|test)|localhost)(?:[:/?#]|$)", re.IGNORECASE)


def _placeholders(deck: Deck) -> Iterator[Finding]:
    for item in _helplines(deck):
        url = getattr(item, "url", None)
        if url and _FAKE_HOST.match(url.strip()):
            yield Finding(item.spots.get("url", item.where),
                          f"`{url}` looks like a placeholder; put the helpline's real address "
                          "here, or remove it")


def _unchecked(deck: Deck, months: int, today: datetime.date) -> Iterator[Finding]:
    """Helplines nobody has called lately: a number that has changed or closed is the one
    mistake a deck cannot make."""
    for item in _helplines(deck):
        name = getattr(item, "name", "this helpline")
        checked = getattr(item, "checked", None)
        if checked is None:
            yield Finding(item.where, f"{name} has no `checked:` date; call the number or look "
                                      f"it up, then add `checked: {today.isoformat()}` (the day "
                                      "you did)")
        elif checked > today:
            yield Finding(item.spots["checked"], f"{name}'s `checked:` date, {checked}, is in "
                                                 "the future; write the day someone last called "
                                                 "the number")
        elif _months_between(checked, today) > months or (
                _months_between(checked, today) == months and today.day > checked.day):
            yield Finding(item.spots["checked"],
                          f"{name} was last checked in {checked:%B %Y}, more than {months} "
                          f"months ago; call it or look it up again, then update `checked:`")


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _helplines(deck: Deck) -> Iterator[Item]:
    for kind in ENTRY_KINDS:
        if kind.helpline:
            yield from deck.entries.get(kind.name, ())


def _fitting(deck: Deck, maker: FaceMaker, context: Context) -> Iterator[Finding]:
    """Cards the build would refuse, and cards whose main words print below SMALL_PT."""
    card_name = context.card_name
    name = card_name.lower() if card_name.lower() in CARDS else card_name
    if context.stock is not None:  # what the build says: a bigger stock, if there is one
        advice = stock_hint(context.stock)
    else:
        bigger = "--card large" if name != "large" else "a bigger card such as --card 4x6in"
        advice = f"shorten it (or use {bigger})"
    for card in all_cards(deck):
        where = _main_text(card)
        try:
            faces = maker.face(card)
        except DeckError as error:  # the build would stop here; say so now
            if error.where in (None, card.where):  # "does not fit": point at the text, as below
                yield Finding(where, f"{error.message}; {advice}")
            else:  # a character no font has, at the field that holds it
                yield Finding(error.where, f"{error.message}; {error.hint}" if error.hint
                              else error.message)
            continue
        if card.kind.lint_size is None:
            continue
        main = min(face.main_size for face in faces)
        if main < SMALL_PT:
            yield Finding(where, f"{card.describe()} prints at {main:g} pt on a {name} card; "
                                 f"{advice}")


def _main_text(card: Card) -> Position:
    """Where the words to shorten start: a prompt's text, a reframe's `try`."""
    key = card.kind.lint_size or "text"
    return card.item.spots.get(key, card.where) if card.item else card.where
