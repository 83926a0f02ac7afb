"""Making a deck's products in memory: card sheets, booklet, print-shop PDF, images, tuck box,
HTML edition.

`make` checks and draws everything first and returns the products; nothing is
written. `Products.write` then replaces all of a deck's files together (see
`cardgen.products.output`), so a failed build writes nothing, and preview, the studio
and the tests use the bytes directly. `check` asks the same of a deck without drawing,
for `cardgen validate`. Each format is made by the module its record in
`cardgen.products.formats` names.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cardgen.deck.model import Deck
from cardgen.errors import CardgenError
from cardgen.products.context import Context
from cardgen.products.formats import FORMATS
from cardgen.products.job import Job, Product
from cardgen.products.options import BuildOptions
from cardgen.products.output import write_outputs
from cardgen.source import read_bytes
from cardgen.text.scripts import setting_cost


@dataclass(frozen=True)
class Products:
    """What a build made of one deck: the deck, its products in format order, and
    anything the user should hear about (e.g. one font file serving every style)."""

    deck: Deck
    products: tuple[Product, ...]
    warnings: tuple[str, ...] = ()

    def write(self, folder: Path) -> list[Path]:
        """Write every product into `folder`, all together or none; return the paths."""
        targets = [(folder / product.name, product.data) for product in self.products]
        write_outputs(targets)
        return [target for target, _ in targets]

    def __getitem__(self, format_: str) -> Product:
        return next(product for product in self.products if product.format == format_)


def make(path: Path, options: BuildOptions, shown: str | None = None,
         extra_fonts: tuple[Path, ...] = (), context: Context | None = None) -> Products:
    """Build one deck file's products in memory; raise CardgenError (with every
    problem) on failure. `shown` is the path as the user wrote it, for messages;
    `extra_fonts` are fonts found beside the decks (a fonts/ folder); `context`, a
    set-up already made for these options, saves making it again."""
    context = context or Context.create(options, extra_fonts)
    with rare_collections():
        deck, cards = context.load(path, shown)
        job = Job(deck, cards, context)
        made = tuple(FORMATS[name].maker().make(job) for name in options.formats)
        alone = job.pairing.warning(cards) if job.pairing else one_language(deck, options)
    return Products(deck, made, (*context.fonts.warnings, *([alone] if alone else [])))


def guessed_cost(path: Path) -> int:
    """Roughly how much work building the deck at `path` is, for starting the dearest
    first when several decks are built at once: its words' setting cost (a spreadsheet's
    compressed cells count as their bytes). The file is read as its deck will be (only
    a regular file, at most the limit); 0 if it cannot be, as its build will say."""
    try:
        data = read_bytes(path, str(path))
    except CardgenError:
        return 0
    return setting_cost(data.decode("utf-8", "replace"))


def one_language(deck: Deck, options: BuildOptions) -> str | None:
    """What a bilingual build says of a deck it prints in one language: one that is not a
    translation, so that a missing `translation_of:` does not go unnoticed."""
    if not options.bilingual or deck.translation_of is not None:
        return None
    return (f"{deck.path} has no `translation_of:`: it is printed in one language (bilingual "
            "cards are for translations)")


def check(path: Path, context: Context, shown: str | None = None) -> Deck:
    """Everything `make` would refuse in the deck at `path`, found without drawing: its
    format, its fonts, every card fitted and the booklet laid out, as the context's
    formats need. Returns the deck; raises CardgenError as `make` would."""
    with rare_collections():
        deck, cards = context.load(path, shown)
        job = Job(deck, cards, context)
        for name in context.options.formats:
            checker = getattr(FORMATS[name].maker(), "check", None)
            if checker is not None:
                checker(job)
    return deck


# New objects between two runs of the cycle collector in a build: more than a realistic
# 10,000-card deck or 50,000 short prompts leave alive, so neither runs it at all.
BUILD_COLLECTION = 1_000_000
_collections = threading.Lock()


@dataclass
class _UnderWay:
    """The builds under way in this process, and the collector's thresholds from before
    the first of them, put back when the last finishes."""

    builds: int
    thresholds: tuple[int, int, int]


_under_way = _UnderWay(0, gc.get_threshold())


@contextmanager
def rare_collections() -> Iterator[None]:
    """Run Python's cycle collector rarely while a build is under way.

    By default it runs every 700 new objects and, every so often, walks every object
    alive: the deck, the caches, the pages drawn so far. A build makes millions of
    small objects (words, lines, pieces) that reference counting frees, and hardly a
    cycle, so those walks found nothing and took a third of the time of a 10,000-card
    deck of varied words. Even one run per 100,000 new objects cost a realistic
    10,000-card deck 0.67 s (a tenth of its time) in seven runs that freed nothing;
    with none, its peak memory and that of 50,000 short prompts were the same. Nested
    and concurrent builds share one setting; the last to finish puts the process's
    own back.
    """
    with _collections:
        if not _under_way.builds:
            _under_way.thresholds = gc.get_threshold()
            first, *rest = _under_way.thresholds
            gc.set_threshold(max(first, BUILD_COLLECTION), *rest)
        _under_way.builds += 1
    try:
        yield
    finally:
        with _collections:
            _under_way.builds -= 1
            if not _under_way.builds:
                gc.set_threshold(*_under_way.thresholds)


def output_names(deck_name: str, options: BuildOptions) -> list[str]:
    """The names a deck's outputs are written under, for checking before a build."""
    return [FORMATS[name].file_name(deck_name) for name in options.formats]
