"""Typographic clean-up of card text: smart quotes, dashes, ellipses, and *markup*.

Deck authors type on ordinary keyboards; printed cards should show the quotation
marks their language uses. The markup is deliberately tiny (`**strong**`,
`*emphasis*`) and never XML, so `<`, `&` and `>` print as typed.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import NamedTuple

from cardgen.text.scripts import UNSPACED

NBSP = "\u00a0"
SOFT_HYPHEN = "\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, SOFT_HYPHEN + "\u200b\u2060\ufeff"))
_ANY_INVISIBLE = re.compile("[" + SOFT_HYPHEN + "\u200b\u2060\ufeff]")

# (opening double, closing double, opening single, closing single) by base language.
# French keeps a no-break space inside its guillemets so they never end a line alone.
_QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "es": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "fr": ("\u00ab" + NBSP, NBSP + "\u00bb", "\u2039" + NBSP, NBSP + "\u203a"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    # Arabic and Persian take guillemets, typed in reading order: in a right-to-left
    # line they are mirrored, so they still point outwards.
    "ar": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "fa": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    # Hebrew opens and closes with the same high mark, as its typesetters do (CLDR).
    "he": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "zh": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "ja": ("\u300c", "\u300d", "\u300e", "\u300f"),
}
APOSTROPHE = "\u2019"
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")

# After these (or at the start) a quote opens; after anything else it closes.
_OPENING_CONTEXT = (
    set("([{\u2014\u2013/-")
    | {q[0][0] for q in _QUOTES.values()}
    | {q[2][0] for q in _QUOTES.values()}
)


def _quotes_for(language: str) -> tuple[str, str, str, str]:
    base = re.split(r"[-_]", language or "en", maxsplit=1)[0].lower()
    return _QUOTES.get(base, _QUOTES["en"])


def smarten(text: str, language: str,
            marks: tuple[str, str, str, str] | None = None) -> str:
    """Turn straight quotes, `--`, `---` and `...` into their typographic forms.

    A quote opens after the start of the text, a space or an opening bracket, and
    closes elsewhere; a single quote between letters is an apostrophe. `marks`
    (opening and closing double, opening and closing single) replaces the
    language's own.
    """
    text = text.replace("...", "\u2026").replace("---", "\u2014").replace("--", "\u2013")
    # Invisible marks pasted with text: a soft hyphen marks where a word may break, which
    # hyphenation finds by itself, and fonts draw it as a hyphen; a zero-width space, word
    # joiner or byte order mark would set its whole word in the fallback font that has
    # it. They are left out. (Joiners that shape Arabic and Indic letters stay.)
    if not text.isascii() and _ANY_INVISIBLE.search(text):  # each of them is not ASCII
        text = text.translate(_INVISIBLE)
    if "'" not in text and '"' not in text:
        return text
    # Most card text has no quotes but apostrophes inside words, which are always
    # apostrophes: settle those first and skip the character loop when that is all.
    quick = _INNER_APOSTROPHE.sub(APOSTROPHE, text)
    if '"' not in quick and "'" not in quick:
        return quick
    open_d, close_d, open_s, close_s = marks or _quotes_for(language)
    out: list[str] = []
    open_double = open_single = False
    opened_at = -2  # index of the last straight quote turned into an opening one
    for i, char in enumerate(text):
        prev = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        opening = not prev or prev.isspace() or prev in _OPENING_CONTEXT or opened_at == i - 1
        # Chinese and Japanese put no space before a quotation: after one of their
        # characters a quote opens unless one of its kind is open.
        unspaced = not prev.isascii() and UNSPACED.match(prev) is not None
        if char == '"':
            if (opening or (unspaced and not open_double)) and not (open_double
                                                                  and _ends_word(after)):
                out.append(open_d)
                open_double, opened_at = True, i
            else:
                _strip_space(out, close_d)
                out.append(close_d)
                open_double = False
        elif char == "'":
            if opening and after.isdigit():
                out.append(APOSTROPHE)  # '90s
            elif (opening or (unspaced and not open_single)) and not (open_single
                                                                    and _ends_word(after)):
                out.append(open_s)
                open_single, opened_at = True, i
            elif open_single and not (prev.isalnum() and after.isalnum()):
                _strip_space(out, close_s)
                out.append(close_s)
                open_single = False
            else:
                out.append(APOSTROPHE)  # don't, l'amour, Peters' Buch
        elif char == " " and out and out[-1] in (open_d, open_s) and out[-1].endswith(NBSP):
            continue  # « Bonjour: the no-break space is already there
        else:
            out.append(char)
    return "".join(out)


def _ends_word(after: str) -> bool:
    """True where a quote preceded by a space still closes: `"Hi " she said`."""
    return not after or after.isspace() or after in ",.;:!?)]}\u2026"


def _strip_space(out: list[str], closing: str) -> None:
    """Drop a typed space before a closing guillemet that brings its own."""
    if closing.startswith(NBSP) and out and out[-1] == " ":
        out.pop()


# Double quotation marks of any language, and single ones, as authors type them.
_DOUBLE_MARKS = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02'
_SINGLE_MARKS = "'\u2018\u2019\u201a\u201b\u2039\u203a"
# A double mark, with the no-break spaces French puts inside guillemets.
_TYPED_DOUBLE = re.compile("\u00ab[\u00a0\u202f]*|[\u00a0\u202f]*\u00bb|[" + _DOUBLE_MARKS + "]")
# The same, in French text, where a plain space may stand in for the no-break one.
_TYPED_DOUBLE_FR = re.compile(
    "\u00ab[ \u00a0\u202f]*|[ \u00a0\u202f]*\u00bb|[" + _DOUBLE_MARKS + "]")


def quotation(text: str, language: str) -> str:
    """A quotation as printed: in `language`'s quotation marks, with quotation marks
    inside it turned into the language's inner ones.

    Marks the author already put around the whole text (straight or typographic,
    any language's) are taken off first, so they are not doubled; double marks
    inside it, typed straight or typographic (“adult”), become inner marks:
    ‘…’ in English and Spanish, ‚…‘ in German, ‹ … › in French.
    """
    open_d, close_d, open_s, close_s = _quotes_for(language)
    # Every double mark becomes a straight one, which then opens or closes by
    # where it stands, as `smarten` decides for typed quotes.
    typed = _TYPED_DOUBLE_FR if close_d.startswith(NBSP) else _TYPED_DOUBLE
    body = _unwrap(typed.sub('"', text.strip()))
    return open_d + smarten(body, language, (open_s, close_s, open_s, close_s)) + close_d


# Chinese and Japanese set a two-em dash before who said a quotation, touching the name.
_ATTRIBUTION_DASH = {"zh": "\u2014\u2014", "ja": "\u2014\u2014"}


def attribution(name: str, language: str) -> str:
    """Who said a quotation, as printed under it: "— Maya Angelou", "——鲁迅"."""
    base = re.split(r"[-_]", language or "en", maxsplit=1)[0].lower()
    dash = _ATTRIBUTION_DASH.get(base)
    return dash + name if dash else "\u2014 " + name


def _unwrap(text: str) -> str:
    """`text` without quotation marks that enclose all of it, however many pairs."""
    while len(text) >= 2:
        for marks in ('"', _SINGLE_MARKS):
            if text[0] in marks and text[-1] in marks and _pairs_at_ends(text, marks):
                text = text[1:-1].strip()
                break
        else:
            return text
    return text


def _pairs_at_ends(text: str, marks: str) -> bool:
    """True when the mark at the start of `text` is closed by the one at its end,
    not by one before: not for `"Yes," she said, "no."`. A mark opens where
    `smarten` would open a typed quote (at the start, after a space, a bracket or
    an opening mark) and closes elsewhere; a single mark between letters is an
    apostrophe."""
    depth = 0
    opened_at = -2
    for i, char in enumerate(text):
        if char not in marks:
            continue
        prev = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if prev.isalnum() and after.isalnum():
            continue  # don't, l'amour
        opening = not prev or prev.isspace() or prev in _OPENING_CONTEXT or opened_at == i - 1
        if opening and not (depth and _ends_word(after)):  # « oui » closes after a space
            depth += 1
            opened_at = i
        else:
            depth -= 1
            if depth <= 0:
                return i == len(text) - 1
    return False


class Span(NamedTuple):
    """A stretch of text in one style: "regular", "bold", "italic" or "bolditalic".

    A named tuple: a card's texts are looked up by their spans several times a size
    tried, and a tuple hashes without calling back into Python."""

    text: str
    style: str


_STAR_RUN = re.compile(r"\*+")


def parse_markup(text: str) -> list[Span]:
    """Split `**strong**` / `*emphasis*` markup into styled spans.

    Stars that open or close nothing print as typed, as does a run of four or
    more. A run can open only before non-space text and close only after it, so
    "2 * 3" stays arithmetic.
    """
    if "*" not in text:
        return [Span(text, "regular")] if text else []
    consumed = [False] * len(text)
    bold = [0] * (len(text) + 1)  # difference arrays: +1 where a style starts
    italic = [0] * (len(text) + 1)
    stack: list[tuple[int, int]] = []  # (start index, length) of open delimiters
    for match in _STAR_RUN.finditer(text):
        start, end = match.span()
        if end - start > 3:
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        pos = start
        if not before.isspace():
            pos = _close(stack, pos, end, consumed, bold, italic)
        if pos < end and not after.isspace():
            while pos < end:  # "***" opens strong, then emphasis inside it
                length = 2 if end - pos >= 2 else 1
                stack.append((pos, length))
                pos += length
    return _spans(text, consumed, bold, italic)


def _close(stack, pos, end, consumed, bold, italic) -> int:
    """Close open delimiters with the stars text[pos:end]; return the first unused."""
    while pos < end and stack:
        remaining = end - pos
        depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][1] <= remaining), None)
        if depth is None:
            break
        open_at, length = stack[depth]
        del stack[depth:]  # delimiters opened inside an unclosed pair stay literal
        for i in (*range(open_at, open_at + length), *range(pos, pos + length)):
            consumed[i] = True
        marks = bold if length == 2 else italic
        marks[open_at + length] += 1
        marks[pos] -= 1
        pos += length
    return pos


def _spans(text: str, consumed, bold, italic) -> list[Span]:
    styled: list[tuple[str, str]] = []  # (style, char) for every printed character
    depth_bold = depth_italic = 0
    for i, char in enumerate(text):
        depth_bold += bold[i]
        depth_italic += italic[i]
        if not consumed[i]:
            styled.append((_STYLE[(depth_bold > 0, depth_italic > 0)], char))
    return [
        Span("".join(char for _, char in group), style)
        for style, group in groupby(styled, key=lambda item: item[0])
    ]


_STYLE = {
    (False, False): "regular",
    (True, False): "bold",
    (False, True): "italic",
    (True, True): "bolditalic",
}


def styled(spans: list[Span], style: str) -> list[Span]:
    """`spans` with `style` ("bold", "italic", ...) added to each one's own style."""
    if style == "regular":
        return spans
    return [Span(span.text, _merge(span.style, style)) for span in spans]


def _merge(style: str, extra: str) -> str:
    bold = "bold" in style or "bold" in extra
    italic = "italic" in style or "italic" in extra
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"
