"""The bidirectional algorithm (UAX 9): the embedding level of each character of a
paragraph, each line's share of them, and the order a line's runs are seen in.

Levels are resolved over a whole paragraph (a line's start keeps the direction of the
line before it) and then cut into lines, each with rule L1 applied at its own end, as
UAX 9 has it. python-bidi's pure-Python implementation resolves the explicit, weak,
neutral and implicit types step by step; what it does not know is done here: isolates
(LRI, RLI, FSI up to PDI), paired brackets (BD16, N0: "(TTY)" in Arabic text stays a
pair, the way of the text around it), and phone numbers, which cardgen reads as if
isolated left to right (a number's groups never swap, and the punctuation next to it
stays outside it).

The text engine (text/blocks.py) asks here; text/scripts.py holds the facts about
characters (which letters run right to left, the marks that steer the order).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from cardgen.text.scripts import ISOLATES, PDI, has_rtl

_X9_REMOVED = frozenset(("RLE", "LRE", "RLO", "LRO", "PDF", "BN"))
# python-bidi's own implementation knows no isolates: what is left of one outside its
# pair (a line may end inside it) is a neutral, as UAX 9 has it (U+FFFC is one).
_AS_NEUTRAL = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"), "\ufffc")
# What rule L1 gives the paragraph's level before a line's end or a separator (with
# whitespace), and the separators (tabs; a paragraph's separators end it before here).
_LINE_END = frozenset(("WS", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI",
                       "PDI"))
_SEPARATOR = re.compile("[\t\x0b\x1f\n\r\x1c-\x1e\x85\u2029]")

# A phone number in free text: digit groups (European or Persian digits, of one to five
# each) joined by one separator each ("-", ".", a space), after an optional "+" and
# country code and an optional area code in brackets: at least two groups and six digits,
# not inside a word or another number. A year, "24/7", "12.5" or "10 000" stay as the
# algorithm makes them.
_DIGIT = "[0-9\u06f0-\u06f9]"
_PHONE = re.compile(rf"(?<![\w+\-.])(?:\+{_DIGIT}{{1,4}}[ .\-]?)?(?:\({_DIGIT}{{1,5}}\)[ .\-]?)?"
                    rf"{_DIGIT}{{1,5}}(?:[ .\-]{_DIGIT}{{1,5}})+(?![\w\-])")
_DIGITS = re.compile(_DIGIT)
_LEAST_DIGITS = 6


def phone_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) of each phone number in `text` (see _PHONE)."""
    if not _DIGITS.search(text):
        return []
    return [match.span() for match in _PHONE.finditer(text)
            if len(_DIGITS.findall(match.group())) >= _LEAST_DIGITS]


@lru_cache(maxsize=8192)
def paragraph_levels(text: str, rtl: bool) -> tuple[int, ...]:
    """The embedding level of each character of the paragraph `text` running right to
    left (`rtl`) or left to right, before any line's end is set (L1): even levels run
    left to right, odd ones right to left. The marks X9 takes out take the level of the
    character before them."""
    if not rtl and not has_rtl(text):
        return (0,) * len(text)
    return tuple(_isolated(text, 1 if rtl else 0))


def line_levels(paragraph: str, rtl: bool, start: int, end: int) -> tuple[int, ...]:
    """The levels of the line `paragraph[start:end]`: the paragraph's, with the
    whitespace (and marks that print nothing) at the line's end, and a tab with the
    whitespace before it, at the paragraph's level (L1)."""
    found = paragraph_levels(paragraph, rtl)[start:end]
    if not rtl and not any(found):
        return found
    base = 1 if rtl else 0
    line = paragraph[start:end]
    ends = [len(line)] + [match.start() for match in _SEPARATOR.finditer(line)]
    if len(ends) == 1 and not (line and _at_end(line[-1])):
        return found  # most lines: nothing to set
    reset = list(found)
    for end_at in ends:
        at = end_at
        if at < len(line):
            reset[at] = base  # the separator itself
        while at > 0 and _at_end(line[at - 1]):
            at -= 1
            reset[at] = base
    return tuple(reset)


def broken_levels(lines: Sequence[str], breaks: Sequence[str],
                  rtl: bool) -> list[tuple[int, ...]]:
    """The levels of each of a paragraph's `lines`, resolved over the whole paragraph (so
    a line's start keeps the direction of the line before): the paragraph is the lines
    joined, each to the one before by what it broke at (`breaks`: a space, or "")."""
    parts, spans, at = [lines[0]], [(0, len(lines[0]))], len(lines[0])
    for gap, line in zip(breaks, lines[1:]):
        parts += (gap, line)
        spans.append((at + len(gap), at + len(gap) + len(line)))
        at += len(gap) + len(line)
    paragraph = "".join(parts)
    return [line_levels(paragraph, rtl, start, end) for start, end in spans]


def _at_end(char: str) -> bool:
    """Whether L1 sets `char` at the paragraph's level before a line's end or a tab."""
    return char.isspace() or unicodedata.bidirectional(char) in _LINE_END


@lru_cache(maxsize=8192)
def levels(text: str, rtl: bool) -> tuple[int, ...]:
    """The levels of `text` set as one line that is a paragraph of its own."""
    return line_levels(text, rtl, 0, len(text))


def _isolated(text: str, base: int, numbers: bool = True) -> list[int]:
    """The levels of `text` at paragraph level `base`, each isolate (LRI, RLI or FSI up to
    its PDI, and each phone number unless `numbers` is false) resolved as a paragraph of
    its own one level up, and seen from outside as one neutral character."""
    spans = _isolates(text, numbers)
    if not spans:
        return _resolved(text, base)[0]
    outer: list[str] = []
    origins: list[int | tuple[int, int, bool]] = []  # each outer character's place in `text`
    at = 0
    for start, end, marked in spans:
        outer += text[at:start]
        origins += range(at, start)
        outer.append("\ufffc")
        origins.append((start, end, marked))
        at = end + 1 if marked else end
    outer += text[at:]
    origins += range(at, len(text))
    final, embedded = _resolved("".join(outer), base)
    found = [base] * len(text)
    for index, origin in enumerate(origins):
        if isinstance(origin, int):
            found[origin] = final[index]
            continue
        start, end, marked = origin
        level = embedded[index]
        if not marked:  # a phone number: left to right, one level up
            found[start:end] = _isolated(text[start:end], (level + 2) & ~1, numbers=False)
            continue
        found[start] = final[index]
        if end < len(text):
            found[end] = final[index]
        inside = text[start + 1:end]
        rtl = ISOLATES[text[start]]
        if rtl is None:  # FSI: the way of its first strong letter
            rtl = _first_strong(inside) == "R"
        found[start + 1:end] = _isolated(inside, (level + 1) | 1 if rtl else (level + 2) & ~1)
    return found


def _isolates(text: str, numbers: bool) -> list[tuple[int, int, bool]]:
    """(start, end, marked) of each outermost isolate: marked, its opening mark at `start`
    and its PDI at `end` (the text's length when the text ends first); else a phone
    number, `text[start:end]`, outside the marked ones."""
    spans, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in ISOLATES:
            start = index if depth == 0 else start
            depth += 1
        elif char == PDI and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index, True))
    if depth:
        spans.append((start, len(text), True))
    if numbers:
        found = phone_numbers(text)
        if found:
            spans += [(start, end, False) for start, end in found
                      if not any(at <= start <= stop for at, stop, _ in spans)]
            spans.sort()
    return spans


def _first_strong(text: str) -> str | None:
    """"L" or "R", the way of the first strong letter outside isolates (P2), or None."""
    depth = 0
    for char in text:
        if char in ISOLATES:
            depth += 1
        elif char == PDI and depth:
            depth -= 1
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind in ("L", "R", "AL"):
                return "L" if kind == "L" else "R"
    return None


def _resolved(text: str, base: int) -> tuple[list[int], list[int]]:
    """python-bidi's levels of `text` (which has no isolates) at paragraph level `base`,
    with paired brackets resolved between the weak and the neutral types (N0), and each
    character's embedding level before the implicit rules (I1, I2)."""
    from bidi import algorithm  # lazy: 10 ms to load, only for right-to-left text

    storage = algorithm.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if base % 2 else "L"
    algorithm.get_embedding_levels(text.translate(_AS_NEUTRAL), storage)
    algorithm.explicit_embed_and_overrides(storage)
    embedded = [char["level"] for char in storage["chars"]]
    algorithm.resolve_weak_types(storage)
    for run in storage["runs"]:
        _paired(storage["chars"], run)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    kept = iter(zip((char["level"] for char in storage["chars"]), embedded))
    # X9 took out the embedding and override marks and other format characters (a
    # zero-width joiner, a word joiner): each takes the levels of the character before it.
    final, embeddings, level = [], [], (base, base)
    for char in text:
        if unicodedata.bidirectional(char) not in _X9_REMOVED:
            level = next(kept)
        final.append(level[0])
        embeddings.append(level[1])
    return final, embeddings


# --- paired brackets (BD14 to BD16, N0) --------------------------------------------------

# Unicode's bracket pairs (BidiBrackets.txt) are derived, as that file says, from other
# properties: an opening bracket (gc=Ps) and a closing one (gc=Pe), both of class ON and
# mirrored, each the other's mirroring glyph (Bidi_Mirroring_Glyph, python-bidi's table).
# Each closing bracket maps to its opening one; U+2329 and U+232A pair as their canonical
# equivalents U+3008 and U+3009 do.
_CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}
_STACK = 63  # BD16: the bracket stack's depth


@lru_cache(maxsize=1)
def brackets() -> dict[str, str]:
    """Each opening paired bracket mapped to its closing one (Bidi_Paired_Bracket)."""
    from bidi.mirror import MIRRORED  # with bidi.algorithm: only for right-to-left text

    return {opening: closing for opening, closing in MIRRORED.items()
            if unicodedata.category(opening) == "Ps" and unicodedata.category(closing) == "Pe"
            and unicodedata.bidirectional(opening) == unicodedata.bidirectional(closing) == "ON"
            and unicodedata.mirrored(opening) and unicodedata.mirrored(closing)}


@lru_cache(maxsize=1)
def _closing() -> frozenset[str]:
    return frozenset(brackets().values())


def _pairs(chars: list[dict], start: int, end: int) -> list[tuple[int, int]]:
    """BD16: the (opening, closing) positions of the bracket pairs among `chars[start:end]`,
    brackets still of type ON, sorted by their opening ones."""
    opening, closing = brackets(), _closing()
    stack: list[tuple[str, int]] = []  # (the closing bracket wanted, the opening's position)
    pairs = []
    for index in range(start, end):
        char = chars[index]
        if char["type"] != "ON":
            continue
        if char["ch"] in opening:
            if len(stack) == _STACK:
                return []
            wanted = opening[char["ch"]]
            stack.append((_CANONICAL.get(wanted, wanted), index))
        elif char["ch"] in closing and stack:
            found = _CANONICAL.get(char["ch"], char["ch"])
            depth = len(stack) - 1
            while depth >= 0 and stack[depth][0] != found:
                depth -= 1
            if depth >= 0:
                pairs.append((stack[depth][1], index))
                del stack[depth:]
    return sorted(pairs)


def _strong(kind: str) -> str | None:
    """A type as N0 sees it: L, or R for R, AL and the numbers, else None."""
    if kind == "L":
        return "L"
    return "R" if kind in ("R", "AL", "EN", "AN") else None


def _paired(chars: list[dict], run: dict) -> None:
    """N0: each bracket pair of a level run takes the embedding direction when a strong
    type inside it matches that, else the opposite one when a strong type inside is
    opposite and so is the context before it; a pair with no strong type inside stays
    neutral. Non-spacing marks after a bracket that changed follow it."""
    start, end = run["start"], run["start"] + run["length"]
    if end - start < 2:
        return
    pairs = _pairs(chars, start, end)
    if not pairs:
        return
    embedding = "R" if chars[start]["level"] % 2 else "L"
    for opening, closing in pairs:
        inside = {_strong(chars[index]["type"]) for index in range(opening + 1, closing)}
        if embedding in inside:
            kind = embedding
        elif inside - {None}:
            before = run["sor"]
            for index in range(opening - 1, start - 1, -1):
                found = _strong(chars[index]["type"])
                if found:
                    before = found
                    break
            kind = before if before != embedding else embedding
        else:
            continue
        for bracket in (opening, closing):
            chars[bracket]["type"] = kind
            index = bracket + 1
            while index < end and chars[index]["orig"] == "NSM":
                chars[index]["type"] = kind
                index += 1


def visual_order(levels_of_runs: list[int]) -> list[int]:
    """Indexes of runs (each at one level) in the order they are seen from left to
    right (L2): from the highest level down to the lowest odd one, every stretch of
    runs at that level or higher is reversed."""
    order = list(range(len(levels_of_runs)))
    if not levels_of_runs:
        return order
    highest = max(levels_of_runs)
    lowest_odd = min(level for level in levels_of_runs) | 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels_of_runs[order[index]] >= level:
                end = index
                while end < len(order) and levels_of_runs[order[end]] >= level:
                    end += 1
                order[index:end] = order[index:end][::-1]
                index = end
            else:
                index += 1
    return order
