"""What the studio page shows of a deck at one moment: its cards, booklet pages, errors and
lint findings, made from the files on disk as `cardgen build` would read them.

A broken save keeps the last good cards and booklet, marked out of date, under
the errors; a fixed one replaces them. Errors are quoted exactly as cardgen
prints them, each with the line it points at.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from cardgen.deck.cards import Card, all_cards, booklet_cards
from cardgen.deck.model import Deck
from cardgen.deck.sheets import is_sheet
from cardgen.deck.spreadsheet import cards_from
from cardgen.errors import CardgenError, DeckError, DeckErrors, SettingError
from cardgen.products.booklet import booklet_page_size, too_long
from cardgen.products.context import Context
from cardgen.products.html.anchors import card_anchors
from cardgen.products.job import Job
from cardgen.products.options import CONFIG_FILE, BuildOptions, load_config
from cardgen.render.bilingual import Pairing, said
from cardgen.render.booklet import BookletTooLong, lay_out
from cardgen.render.face import Face
from cardgen.source import parse_nodes
from cardgen.studio.pictures import CardPictures, Pictures
from cardgen.text.fonts import FontSet, load_fonts
from cardgen.text.typography import parse_markup, smarten
from cardgen.tools.lint import lint_deck
from cardgen.tools.project import user_fonts
from cardgen.tools.sheetlint import lint_sheet

CSS_PIXELS_PER_POINT = 1.5  # a poker card 270 px wide: its smallest print readable on screen
PAGE_CSS_PIXELS_PER_POINT = 1.2  # booklet pages: a quarter-letter page 367 px wide


@dataclass(frozen=True)
class Problem:
    """An error or lint finding: its text exactly as cardgen prints it, the line it
    points at quoted from the file, and the card it is about (an anchor), if any."""

    text: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    quote: str | None = None
    card: str | None = None


@dataclass(frozen=True)
class CardView:
    """One printed card: where the page links to it, its number, kind, words and pictures."""

    anchor: str
    number: str
    kind: str
    label: str
    words: str
    front: str
    back: str
    line: int


@dataclass(frozen=True)
class PageView:
    number: int
    picture: str
    words: str


@dataclass(frozen=True)
class View:
    """Everything the page shows. `digest` names the deck file's bytes it was made from;
    `text` is those bytes as text for the editor (None when they are not UTF-8)."""

    deck: str
    digest: str
    text: str | None
    errors: tuple[Problem, ...] = ()
    lint: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    cards: tuple[CardView, ...] = ()
    booklet: tuple[PageView, ...] = ()
    cards_stale: bool = False
    booklet_stale: bool = False
    card_px: tuple[int, int] = (0, 0)
    page_px: tuple[int, int] = (0, 0)
    made: float = 0.0  # when the cards shown were made, in seconds since 1970 (the page says
    # it in the browser's own format)
    pending: bool = False  # the booklet and lint findings are still the last view's
    version: int = 0

    def pictures(self) -> set[str]:
        return (
            {c.front for c in self.cards}
            | {c.back for c in self.cards}
            | {p.picture for p in self.booklet}
        )


@dataclass
class Workshop:
    """What outlives one look at a deck: the pictures, and the fonts with their caches,
    kept while the print settings and font files stay the same."""

    pictures: Pictures = field(default_factory=Pictures)
    _fonts: tuple[str, FontSet] | None = None

    def fonts(self, options: BuildOptions, extra: tuple[Path, ...], context: str) -> FontSet:
        if self._fonts is None or self._fonts[0] != context:
            self._fonts = (context, load_fonts((*options.fonts, *extra)))
        return self._fonts[1]


def read_deck_file(path: Path) -> tuple[bytes, str | None]:
    """The deck file's bytes and its text for the editor (None if it is not UTF-8). Anything
    but a file reads as nothing (the deck's loader says what it is): a device never ends,
    and a pipe may never be written to, so it is opened without waiting for a writer."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b"", None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return b"", None
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read()
    except OSError:
        return b"", None
    finally:
        os.close(descriptor)
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError:
        return data, None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def look(
    path: Path,
    shown: str,
    here: Path,
    workshop: Workshop,
    last: View | None,
    early: Callable[[View], None] | None = None,
) -> View:
    """The page's view of the deck at `path` as the files stand now.

    `here` is the folder with cardgen.yaml and fonts/ (as for `cardgen build`);
    `last` the previous view, whose cards stay when this save is broken. The cards
    come first: `early`, if given, is shown them (with the last booklet, if any,
    `pending`) while the booklet and lint findings are made.
    """
    data, text = read_deck_file(path)
    sheet = is_sheet(path)  # its mistakes are at cells, which no line of text quotes
    view = View(shown, digest(data), None if sheet else text)
    quote = _Quoter({CONFIG_FILE: None} if sheet else {shown: text, CONFIG_FILE: None}, here)
    config = None
    try:
        config = load_config(here)
        options = config.options
        fonts_found = user_fonts(here)
        context = _context(options, fonts_found)
        fonts = workshop.fonts(options, fonts_found, context)
        setup = Context.create(options, fonts=fonts)  # as `cardgen build` sets up
        deck, cards = setup.load(path, shown)
        card_size = setup.card_size
        theme = setup.theme(deck)
        job = Job(deck, cards, setup)
        faces = job.faces()
    except SettingError as error:  # a cardgen.yaml value that cannot work: said at its line
        spot = config.spots.get(error.setting) if config is not None else None
        located = DeckError(spot[1], f"`{spot[0]}`: {error.message}") if spot else error
        return _broken(view, last, quote.all(located))
    except CardgenError as error:
        return _broken(view, last, quote.all(error))
    # The deck's own colours and logo change every picture: a saved logo has a new digest.
    context = f"{context}\0{deck.theme!r}"
    spans = _CardSpans("" if sheet else text or "", shown)
    pictures = workshop.pictures.cards(faces, deck, fonts, theme, card_size, context)
    view = replace(
        view,
        cards=_card_views(faces, pictures, deck, spans, job.pairing),
        card_px=_px(card_size, CSS_PIXELS_PER_POINT),
        made=time.time(),
        warnings=tuple(fonts.warnings),
    )
    if early is not None:  # the first look too: a big deck's cards show a second sooner
        early(
            replace(view, booklet=last.booklet, page_px=last.page_px, lint=last.lint, pending=True)
            if last is not None else replace(view, pending=True)
        )
    view = _with_booklet(view, last, job, context, workshop, quote)
    if not view.errors:
        view = replace(view, lint=_lint(path, shown, setup, quote, spans))
    return view


def _card_views(
    faces: list[Face], pictures: list[CardPictures], deck: Deck, spans: _CardSpans,
    pairing: Pairing | None = None,
) -> tuple[CardView, ...]:
    views = []
    seen: dict[str, int] = {}
    # The HTML edition's ids (from every number of the deck), so a link works in both.
    anchors = card_anchors(card.number for card in all_cards(deck) if card.number)
    for face, picture in zip(faces, pictures):
        card = face.card
        anchor = spans.anchor(card, anchors, seen)
        views.append(
            CardView(
                anchor,
                card.number,
                card.kind.name,
                face.label,
                card_words(face, deck, pairing),
                picture.front,
                picture.back,
                card.where.line,
            )
        )
    return tuple(views)


def _with_booklet(
    view: View,
    last: View | None,
    job: Job,
    context: str,
    workshop: Workshop,
    quote: _Quoter,
) -> View:
    """The booklet's pages in reading order, as laid out before they are imposed (in both
    languages when the cards are)."""
    deck, cards, setup = job.deck, job.cards, job.context
    options = setup.options
    size = booklet_page_size(options)
    exact = 8 if options.impose == "zine" else None
    problems: tuple[Problem, ...]
    try:
        booklet = lay_out(
            deck, booklet_cards(deck, cards), setup.fonts, setup.theme(deck), size,
            exact_pages=exact, pairing=job.pairing,
        )
    except BookletTooLong as error:  # worded as `cardgen build` words it
        problems = (Problem(too_long(view.deck, error.needed)),)
    except CardgenError as error:
        problems = quote.all(error)
    else:
        pages = workshop.pictures.booklet(booklet, deck.title, context)
        return replace(
            view,
            page_px=_px(size, PAGE_CSS_PIXELS_PER_POINT),
            booklet=tuple(
                PageView(number, page.name, page.words)
                for number, page in enumerate(pages, start=1)
            ),
        )
    return replace(
        view,
        errors=view.errors + problems,
        booklet_stale=True,
        booklet=last.booklet if last else (),
        page_px=last.page_px if last else (0, 0),
    )


def _lint(
    path: Path, shown: str, setup: Context, quote: _Quoter, spans: _CardSpans
) -> tuple[Problem, ...]:
    try:  # a spreadsheet's words, and those a YAML deck takes from one, are said at cells
        sheet = is_sheet(path) or cards_from(path) is not None
        findings = (lint_sheet if sheet else lint_deck)(path, shown, setup)
    except CardgenError:
        return ()  # the file changed under us; the next look reports it
    return tuple(
        replace(
            quote.at(str(f), f.where.path, f.where.line, f.where.column),
            card=spans.at(f.where.line),
        )
        for f in findings
    )


def _broken(view: View, last: View | None, problems: tuple[Problem, ...]) -> View:
    """A view of a save that does not build: its errors over the last good pictures."""
    if last is None:
        return replace(view, errors=problems, cards_stale=True, booklet_stale=True)
    return replace(
        last,
        deck=view.deck,
        digest=view.digest,
        text=view.text,
        errors=problems,
        lint=(),
        cards_stale=True,
        booklet_stale=True,
        version=0,
    )


def _context(options: BuildOptions, fonts: tuple[Path, ...]) -> str:
    """What, besides a card's own words, changes its pictures: the print settings and
    each font file's identity (a font saved again is a new context)."""
    stamps: list[tuple[str, int | None, int | None]] = []
    for font in (*options.fonts, *fonts):
        try:
            stat = font.stat()
            stamps.append((str(font), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((str(font), None, None))
    return repr((options, stamps))


def _px(size: tuple[float, float], scale: float) -> tuple[int, int]:
    """A size in points as CSS pixels on the page."""
    return (round(size[0] * scale), round(size[1] * scale))


def card_words(face: Face, deck: Deck, pairing: Pairing | None = None) -> str:
    """A card's words as a reader would say them, one piece (topic, text, note, ...) a line:
    smart quotes, no markup, no hyphens added at line ends. The instructions card (which
    may take several cards) has the lines printed on this card. A bilingual card (`pairing`)
    has its source's words too, each after the translation's."""
    card = face.card
    if card.item is None:
        lines = [
            "".join(piece.text for piece in line.pieces).strip()
            for part in face.parts
            for line in part.block.lines
        ]
        return " ".join(" ".join(line for line in lines if line).split())
    words = []
    for spoken in pairing.said(card) if pairing else said(card, deck):
        text, language = spoken.piece.text, spoken.language or deck.language
        if spoken.piece.role != "address":  # printed as typed
            text = "".join(span.text for span in parse_markup(smarten(text, language)))
        words.append(" ".join(text.split()))
    return "\n".join(words)


class _Quoter:
    """Turns errors into Problems, quoting the line each points at from its file."""

    def __init__(self, texts: dict[str, str | None], here: Path):
        self.texts = texts
        self.here = here

    def all(self, error: CardgenError) -> tuple[Problem, ...]:
        if isinstance(error, DeckErrors):
            return tuple(self.one(e) for e in error.errors)
        if isinstance(error, DeckError):
            return (self.one(error),)
        return (Problem(str(error)),)

    def one(self, error: DeckError) -> Problem:
        where = error.where
        if where is None:
            return Problem(str(error))
        return self.at(str(error), where.path, where.line, where.column)

    def at(self, text: str, file: str, line: int, column: int) -> Problem:
        return Problem(text, file, line, column, self._line(file, line))

    def _line(self, file: str, line: int) -> str | None:
        if file not in self.texts:
            return None
        if self.texts[file] is None and file == CONFIG_FILE:
            try:
                self.texts[file] = (self.here / CONFIG_FILE).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        lines = (self.texts[file] or "").splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else None


class _CardSpans:
    """Which lines of the deck file each card comes from, so a finding links to its card."""

    def __init__(self, text: str, shown: str):
        self.ends: dict[tuple[int, int], int] = {}  # an entry's (line, column) -> its last line
        self.spans: list[tuple[int, int, str]] = []  # (first line, last line, anchor)
        self.intro: tuple[int, int] | None = None
        try:
            root, _ = parse_nodes(text, shown)
        except CardgenError:
            return
        if not isinstance(root, yaml.MappingNode):
            return
        for key, value in root.value:
            if isinstance(value, yaml.SequenceNode):
                for node in value.value:
                    self.ends[(node.start_mark.line + 1, node.start_mark.column + 1)] = _last_line(
                        node
                    )
            elif isinstance(key, yaml.ScalarNode) and key.value == "intro":
                self.intro = (key.start_mark.line + 1, _last_line(value))

    def anchor(self, card: Card, anchors: dict[str, str], seen: dict[str, int]) -> str:
        """A unique id for the card's place on the page, remembering the lines it spans: a
        numbered card's is the HTML edition's (`anchors`, from `card_anchors`)."""
        if card.item is not None:
            base = anchors.get(card.number) or card_anchors([card.number])[card.number]
        else:
            base = card.kind.name
        seen[base] = seen.get(base, 0) + 1
        anchor = base if card.item is not None and seen[base] == 1 else f"{base}-{seen[base]}"
        where = card.where
        if card.item is not None:
            last = self.ends.get((where.line, where.column), where.line)
            self.spans.append((where.line, last, anchor))
        elif self.intro and seen[base] == 1 and card.kind.name == "instructions":
            self.spans.append((*self.intro, anchor))
        return anchor

    def at(self, line: int) -> str | None:
        for first, last, anchor in self.spans:
            if first <= line <= last:
                return anchor
        return None


def _last_line(node: yaml.Node) -> int:
    """The 1-based last line a node's text takes. A block collection's own end mark is
    where the next token starts (often the next entry's line), so it ends with its last
    child; a scalar's end mark sits just after it, at the next line's start for a block."""
    if isinstance(node, yaml.MappingNode) and node.value:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value:
        return _last_line(node.value[-1])
    end = node.end_mark
    return max(node.start_mark.line + 1, end.line if end.column == 0 else end.line + 1)
