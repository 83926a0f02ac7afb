"""The HTML edition's inputs for the fuzzer, and what a page built from them must never do.

fuzz.py builds each input with `cardgen build --format html` (now and then with the cards
too), in a process of its own with the limits every input has. This module makes the
files: a deck with hostile text in any of its fields (markup that would close the page's
script or style, bidirectional controls, words of thousands of letters with no space,
card ids that differ only in punctuation), a logo (SVGs that start with a byte order
mark, a comment or a DOCTYPE, that hold many shapes, entities, loops or script, and
damaged PNG, GIF and JPEG files), and fonts damaged in the tables the page's font
subsetting reads. And it reads the page that comes out (`page_problem`).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import random
import re
import struct
import zlib
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import yaml
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

MARK = "fuzzmark"  # an attribute name: if it reaches the page as markup, deck text became markup
MARKUP = (
    "<b data-fuzzmark>x</b>", "</script><script data-fuzzmark>alert(1)</script>",
    "</style><i data-fuzzmark>", '"><img data-fuzzmark src=x onerror=alert(1)>',
    "'><svg data-fuzzmark onload=alert(1)>", "<!--", "-->", "<![CDATA[", "]]>", "{{title}}",
    "{{script}}", "{{policy}}", "\\u003c/script>", "&lt;b data-fuzzmark&gt;",
    "&#60;b data-fuzzmark>",
    '<a href="javascript:alert(1)" data-fuzzmark>x</a>', "javascript:alert(1)",
    ' data-fuzzmark="1', "*<b data-fuzzmark>*", "**</em><b data-fuzzmark>**", "</textarea><b a>",
    "<plaintext data-fuzzmark>", "<base href=//evil.example data-fuzzmark>", "${alert(1)}",
    "</title><b data-fuzzmark>", "<svg><use href=#icon-prompt data-fuzzmark /></svg>",
)
BIDI = "\u202e\u202d\u2066\u2067\u2068\u2069\u200f\u061c\u202a\u202b\u202c"
LONG = (
    "W" * 3000, "Ab" * 20000, "https://example.org/" + "a" * 5000, "\u0627" * 3000,
    "\u5bb6" * 3000, "a\u0301" * 2000, "-" * 3000, "x\u00ad" * 2000, "\U0001F642" * 1000,
    "Supercalifragilisticexpialidocious" * 100, "\u200b".join(["word"] * 500),
)
IDS = ("a b", "a-b", "a/b", "a_b", "a.b", "1", "01", "-", "card", "help", "draw", "x" * 500,
       "\u00e9", "#", '"><b data-fuzzmark>', "0x1", "\u202ea-b")
COLOURS = ("#0B6E4F", "#0B6E4F", "#7A3E9D", "red", "#fff", "#ffffff;}</style><b data-fuzzmark>",
           "url(x)", "", "#GGGGGG", "var(--x)", "#0B6E4F\n}", "inherit")
LANGUAGES = ("en", "ar", "he", "zh", "x-fuzz", 'en"><b data-fuzzmark>', "", "EN", "en-US",
             "zz-Latn-001", "fa")
ENTRY_FIELDS = {
    "prompts": ("text", "topic", "note", "id", "tags"),
    "reframes": ("instead", "try", "why", "topic", "id", "tags"),
    "quotes": ("text", "by", "source", "topic", "id", "tags"),
    "practices": ("text", "topic", "minutes", "id", "tags"),
    "resources": ("name", "phone", "url", "note", "id", "tags"),
}
TOP_FIELDS = ("title", "short_title", "subtitle", "author", "license", "version", "intro")
LABELS = ("instructions", "prompt", "reframe", "quote", "practice", "resource", "blank")


# --- the deck ----------------------------------------------------------------------------


def hostile_deck(text: str, rng: random.Random, notes: list[str], hostile: tuple[str, ...],
                 logo: str | None = None) -> bytes:
    """The deck `text` with one to four fields holding hostile text (from MARKUP, BIDI, LONG,
    IDS or `hostile`), and `theme: logo:` naming `logo`; still YAML, as a writer's file."""
    data = yaml.safe_load(text)
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        _one_field(data, rng, notes, hostile)
    if logo:
        theme = data.setdefault("theme", {}) if isinstance(data.get("theme"), dict) else {}
        data["theme"] = {**theme, "logo": logo}
    width = rng.choice((80, 10 ** 6))
    out = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=width)
    if rng.random() < 0.02:  # a surrogate, as an escape (YAML refuses it) or as raw bytes
        spot = out.index("title: ") + 7
        out = out[:spot] + '"a\\ud800b"' + out[out.index("\n", spot):]
        notes.append("title is an escaped surrogate")
    data_bytes = out.encode("utf-8")
    if rng.random() < 0.02:
        data_bytes = data_bytes.replace(b"title: ", b"title: \xed\xa0\x80", 1)
        notes.append("title holds a surrogate's bytes")
    return data_bytes


def _text(rng: random.Random, hostile: tuple[str, ...]) -> str:
    source = rng.choice(("markup", "markup", "bidi", "long", "long", "hostile"))
    if source == "markup":
        value = rng.choice(MARKUP)
    elif source == "bidi":
        value = "".join(rng.choice(BIDI) + word for word in ("evil", ".exe", "gnp", "help"))
    elif source == "long":
        value = rng.choice(LONG)
    else:
        value = rng.choice(hostile)
    if rng.random() < 0.3:
        value = rng.choice(MARKUP + LONG[:2]) + " " + value
    return value


def _one_field(data: dict, rng: random.Random, notes: list[str], hostile: tuple[str, ...]) -> None:
    where = rng.choices(("top", "label", "entry", "ids", "colour", "language"),
                        (4, 2, 8, 2, 1, 1))[0]
    value: object = _text(rng, hostile)
    if where == "top":
        key = rng.choice(TOP_FIELDS)
        data[key] = value
    elif where == "label":
        key = "labels." + rng.choice(LABELS)
        data.setdefault("labels", {})
        if isinstance(data["labels"], dict):
            data["labels"][key.split(".")[1]] = value
    elif where == "language":
        key, value = "language", rng.choice(LANGUAGES)
        data["language"] = value
    elif where == "colour":
        kind = rng.choice(LABELS)
        key, value = f"theme.colours.{kind}", rng.choice(COLOURS)
        data["theme"] = {"colours": {kind: value}}
    else:
        entries = [(kind, entry) for kind in ENTRY_FIELDS if isinstance(data.get(kind), list)
                   for entry in range(len(data[kind]))]
        if not entries:
            return
        if where == "ids":  # two cards whose ids differ only in punctuation
            first, second = rng.sample(IDS[:5], 2)
            chosen = rng.sample(entries, min(2, len(entries)))
            for (kind, index), card_id in zip(chosen, (first, second)):
                _set(data, kind, index, "id", card_id)
            notes.append(f"ids {first!r} and {second!r}")
            return
        kind, index = rng.choice(entries)
        field = rng.choice(ENTRY_FIELDS[kind])
        if field == "tags":
            value = [value, rng.choice(IDS)]
        elif field == "id":
            value = rng.choice(IDS) if rng.random() < 0.6 else value
        elif field == "minutes":
            value = rng.choice((0, -1, 10 ** 30, 1.5, "ten", value))
        _set(data, kind, index, field, value)
        key = f"{kind}/{index}/{field}"
    notes.append(f"{key} = {str(value)[:24]!r}")


def _set(data: dict, kind: str, index: int, field: str, value: object) -> None:
    entry = data[kind][index]
    if not isinstance(entry, dict):  # the short form, just the text
        entry = data[kind][index] = {"text": entry} if kind in ("prompts", "quotes") else {}
    entry[field] = value


# --- the logo ----------------------------------------------------------------------------

_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="120" height="60" viewBox="0 0 120 60">{}</svg>')
_RECT = '<rect x="10" y="10" width="100" height="40" fill="#0B6E4F"/>'
_DOCTYPE = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC '
            '"-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n')


def logo(rng: random.Random, notes: list[str]) -> tuple[str, bytes]:
    """A logo file's name (beside the deck) and bytes: an SVG, PNG, GIF or JPEG, good or not."""
    how = "shapes" if rng.random() < 0.15 else rng.choice(sorted(_LOGOS))
    if how == "shapes":
        count = rng.choice((100, 2000, 20_000, 20_000, 60_000)) if rng.random() > 0.03 else 200_000
        how = f"{count} shapes"
        shapes = (f'<rect x="{i % 100}" y="{i % 50}" width="5" height="5"/>' for i in range(count))
        data = _SVG.format("".join(shapes)).encode()
    else:
        data = _LOGOS[how]()
    name = "logo.svg" if data.lstrip(b"\xef\xbb\xbf \n").startswith((b"<", b"\xff\xfe")) \
        else rng.choice(("logo.png", "logo.png", "logo.jpg", "logo.gif"))
    if rng.random() < 0.1:
        name = rng.choice(("logo.png", "logo.svg", "logo", "LOGO.SVG"))  # a name that misleads
    notes.append(f"logo {name}: {how}")
    return name, data


def _laughs(depth: int) -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, depth + 1))
    shape = f'<rect width="10" height="10"><title>&l{depth};</title></rect>'
    return (f'<?xml version="1.0"?><!DOCTYPE svg [{entities}]>' + _SVG.format(shape)).encode()


_LOGOS = {
    "plain": lambda: _SVG.format(_RECT).encode(),
    "byte order mark": lambda: b"\xef\xbb\xbf" + _SVG.format(_RECT).encode(),
    "comment first": lambda: b"<!-- our logo -->\n" + _SVG.format(_RECT).encode(),
    "DOCTYPE": lambda: (_DOCTYPE + _SVG.format(_RECT)).encode(),
    "blank lines first": lambda: b"\n\n  \t" + _SVG.format(_RECT).encode(),
    "entities": lambda: _laughs(3),
    "billion laughs": lambda: _laughs(9),
    "external entity": lambda: (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + _SVG.format('<rect width="9" height="9"><desc>&x;</desc></rect>').encode()),
    "text": lambda: _SVG.format('<text x="5" y="30">Our group</text>').encode(),
    "empty": lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    "no size": lambda: f'<svg xmlns="http://www.w3.org/2000/svg">{_RECT}</svg>'.encode(),
    "huge size": lambda: _SVG.replace('width="120" height="60"', 'width="1e308" height="1e-308"')
    .format(_RECT).encode(),
    "zero size": lambda: _SVG.replace('width="120"', 'width="0"').format(_RECT).encode(),
    "odd viewBox": lambda: _SVG.replace("0 0 120 60", "0 0 -5 nan").format(_RECT).encode(),
    "use loop": lambda: _SVG.format('<defs><g id="a"><use xlink:href="#a"/></g></defs>'
                                    '<use xlink:href="#a"/>' + _RECT).encode(),
    "deep groups": lambda: _SVG.format("<g>" * 5000 + _RECT + "</g>" * 5000).encode(),
    "image": lambda: _SVG.format('<image xlink:href="file:///etc/passwd" width="9" height="9"/>'
                                 + _RECT).encode(),
    "script": lambda: _SVG.replace("<svg ", '<svg onload="alert(1)" ').format(
        "<script>alert(1)</script>" + _RECT).encode(),
    "style import": lambda: _SVG.format("<style>@import url(file:///etc/passwd);</style>"
                                        + _RECT).encode(),
    "gzip": lambda: gzip.compress(_SVG.format(_RECT).encode(), mtime=0),
    "UTF-16": lambda: _SVG.format(_RECT).encode("utf-16"),
    "cut short": lambda: _SVG.format(_RECT * 20).encode()[:300],
    "not XML": lambda: b"<svg" + bytes(range(256)) * 4,
    "huge path": lambda: _SVG.format('<path d="M0 0' + " L1 1" * 200_000 + '"/>').encode(),
    "png": lambda: _png(4, 2),
    "png cut short": lambda: _png(40, 20)[:60],
    "png 100000 px square": lambda: _png(100_000, 100_000, rows=1),
    "png 0 px": lambda: _png(0, 0),
    "png bits flipped": lambda: _flipped(_png(40, 20)),
    "png header then text": lambda: b"\x89PNG\r\n\x1a\n" + b"not a picture" * 10,
    "gif": lambda: base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"),
    "jpeg header only": lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20,
    "empty file": lambda: b"",
}


def _png(width: int, height: int, rows: int | None = None) -> bytes:
    """A PNG of `width` x `height` grey pixels (only `rows` of them stored, if given)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    raw = (b"\x00" + b"\x80" * min(width, 1000)) * (height if rows is None else rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0,
                                                              0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _flipped(data: bytes) -> bytes:
    array = bytearray(data)
    for i in range(16, len(array), 7):
        array[i] ^= 0x20
    return bytes(array)


# --- fonts --------------------------------------------------------------------------------

TABLES = (b"GDEF", b"GPOS", b"GSUB", b"cmap", b"glyf", b"loca", b"post", b"hmtx", b"name",
          b"OS/2", b"head", b"maxp", b"hhea", b"kern")


def damaged_font(font: Path, rng: random.Random, notes: list[str]) -> bytes:
    """`font` with bytes changed inside one table the page's subsetting reads, or with a
    composite glyph that contains itself."""
    if rng.random() < 0.15:
        notes.append(f"{font.name} with a recursive composite glyph")
        return _recursive_composite(font)
    data = bytearray(font.read_bytes())
    records = (data[12 + 16 * i:28 + 16 * i] for i in range(struct.unpack(">H", data[4:6])[0]))
    tables = {bytes(record[:4]): struct.unpack(">II", record[8:16]) for record in records}
    tag = rng.choice([tag for tag in TABLES if tag in tables])
    offset, length = tables[tag]
    count = rng.choice((1, 2, 4, 16))
    for _ in range(count):
        at = offset + rng.randrange(max(1, min(length, 512) if rng.random() < 0.5 else length))
        data[at] = rng.randrange(256)
    notes.append(f"{font.name}: {count} bytes of {tag.decode()} changed")
    return bytes(data)


@lru_cache(maxsize=4)
def _recursive_composite(font: Path) -> bytes:
    """`font` with the glyph of "A" made of itself: a loop for whatever draws or cuts it."""
    opened = TTFont(font, recalcBBoxes=False, recalcTimestamp=False)
    name = opened.getBestCmap()[ord("A")]
    component = GlyphComponent()
    component.glyphName, component.x, component.y, component.flags = name, 0, 0, 0x4
    glyph = Glyph()
    glyph.numberOfContours, glyph.components = -1, [component]
    glyph.xMin = glyph.yMin = 0
    glyph.xMax = glyph.yMax = 100
    opened["glyf"][name] = glyph
    out = io.BytesIO()
    opened.save(out)
    return out.getvalue()


# --- the page ---------------------------------------------------------------------------


class _Page(HTMLParser):
    """What the checks read from a page: its tags' attributes, ids, styles and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.ids: Counter[str] = Counter()
        self.inline: dict[str, list[str]] = {"style": [], "script": []}
        self.policy = ""
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if any(MARK in name for name in names):
            self.problems.append(f"deck text became markup: a <{tag}> with {MARK}")
        if any(name.startswith("on") for name in names):
            self.problems.append(f"an event handler on a <{tag}>")
        values = dict(attrs)
        href = (values.get("href") or "").strip().lower()
        if tag in ("a", "area") and href.startswith(("javascript:", "data:", "file:", "vbscript:")):
            self.problems.append(f"a link to {href.split(':')[0]}:")
        if "id" in values:
            self.ids[values["id"] or ""] += 1
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = values.get("content") or ""
        if tag in ("style", "script") and values.get("type") != "application/json":
            self._open = tag
            self.inline[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline[self._open][-1] += data


def page_problem(page: bytes) -> str | None:
    """What is wrong with a built page: deck text that became markup (a tag or attribute, a
    `javascript:` link), an id given to two elements, or a style or script the page's own
    Content-Security-Policy would block (its hash is not in the policy)."""
    parser = _Page()
    parser.feed(page.decode("utf-8", "replace"))
    parser.close()
    if parser.problems:
        return parser.problems[0]
    twice = sorted(name for name, count in parser.ids.items() if count > 1)
    if twice:
        return f"ids given twice in the page ({', '.join(repr(name[:40]) for name in twice[:3])})"
    for tag, texts in parser.inline.items():
        for text in texts:
            digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
            if f"'sha256-{digest}'" not in parser.policy:
                return f"a <{tag}> the page's Content-Security-Policy blocks"
    if not re.search(r"default-src 'none'", parser.policy):
        return "the page has no Content-Security-Policy that blocks what it does not carry"
    return None
