"""Print settings for a build, and the saved defaults a group keeps in cardgen.yaml.

A deck holds content only; how it is printed (paper, card size, duplex, the
printer's back offset) belongs here. A `cardgen.yaml` beside `decks/` may set any
build option under the same name as the command-line option (with `_` for `-`);
the command line wins over it, and it wins over the built-in defaults.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from cardgen.choices import BACKS, BOOKLET_SIZES, DUPLEX, IMPOSITIONS, PAPERS
from cardgen.deck.cards import PRINTED_KINDS
from cardgen.deck.kinds import KINDS as KIND_TABLE
from cardgen.deck.kinds import LEVELS
from cardgen.deck.phones import is_region
from cardgen.errors import DeckError, DeckErrors, Position
from cardgen.layout.sizes import parse_card, parse_paper
from cardgen.products.formats import DEFAULT_FORMATS, FORMATS
from cardgen.source import position, read_nodes
from cardgen.units import parse_length, parse_offset

CONFIG_FILE = "cardgen.yaml"
KINDS = PRINTED_KINDS
MIN_DPI, MAX_DPI = 72, 1200


@dataclass(frozen=True)
class BuildOptions:
    """Everything that says how a deck is printed. Lengths in points."""

    paper: str = "letter"
    card: str = "poker"
    duplex: str = "long"
    bleed: float | None = None  # None: the format's own (cardgen.products.formats)
    marks: bool = True
    back_offset: tuple[float, float] = (0.0, 0.0)
    mono: bool = False
    large_print: bool = False
    backs: str | None = None  # "light" or "full"; None: light on sheets, full for shops
    fonts: tuple[Path, ...] = ()
    only: frozenset[str] | None = None
    tag: str | None = None
    helplines: bool = True  # helpline cards with every --tag subset
    level: int | None = None  # print cards up to this level (1 light to 3 deep); None: all
    formats: tuple[str, ...] = DEFAULT_FORMATS
    booklet_size: str | None = None  # None: quarter-letter on Letter, A6 otherwise
    impose: str = "pocket"
    creep: float = 0.0
    verify: bool = False  # read every PDF back and check each card's words are there
    # Printing anywhere (issue 14): perforated stock, images for card printers, a tuck box.
    stock: str | None = None  # a bundled stock or a template in stock_file, e.g. "avery-5371"
    stock_file: Path | None = None  # a gLabels template file
    dpi: int = 300  # of --format images
    box_thickness: float | None = None  # the stacked deck; None: 0.3 mm a card
    # Helplines (issue 24): the country their numbers are checked for when a deck does
    # not say, and how many months after its `checked:` date lint asks to check again.
    region: str | None = None
    recheck_months: int = 12
    # Bilingual cards (issue 26): each translation deck (`translation_of:`) printed with its
    # source's words beneath; a deck that is not a translation prints as usual, unless
    # `bilingual_named` (--bilingual with the decks named): then it is refused.
    bilingual: bool = False
    bilingual_named: bool = False
    # For a press (issue 28): the print-shop file in CMYK for the shipped profile's printing
    # condition, as PDF/X-4. Other formats stay sRGB: home printers and card printers want it.
    cmyk: bool = False
    # Builds that use every core (issue 30): how many processes a build may use; None, the
    # cores this process may run on (products.parallel). Output is the same for any number.
    jobs: int | None = None

    @property
    def paper_size(self) -> tuple[float, float]:
        return parse_paper(self.paper)

    @property
    def card_size(self) -> tuple[float, float]:
        return parse_card(self.card)

    def merged(self, **given) -> BuildOptions:
        """These options with every `given` value put over them, except None and ().

        Click gives () for a repeatable option that was not used; it must not
        wipe out the fonts saved in cardgen.yaml.
        """
        return replace(self, **{key: value for key, value in given.items()
                                if value not in (None, ())})


def _choice(options) -> Callable[[str], str]:
    """A parser for one of `options` (a table from cardgen.choices), in any case."""
    def parse(text: str) -> str:
        value = str(text).strip().lower()
        if value not in options:
            raise ValueError(f"`{text}` is not one of {', '.join(options)}")
        return value
    return parse


def _card(text: str) -> str:
    parse_card(str(text))
    return str(text)


# What people call a kind, for `--only`: `--only helpline` is `--only resource`.
_CALLED = {KIND_TABLE[name].word: name for name in KINDS}


def parse_kinds(text: str) -> frozenset[str]:
    kinds = frozenset(_CALLED.get(word, word) for word in
                      (part.strip().lower() for part in str(text).split(",") if part.strip()))
    unknown = sorted(kinds - set(KINDS))
    if unknown or not kinds:
        raise ValueError(f"`{text}`: the kinds are {', '.join(KINDS)}")
    return kinds


def _formats(value) -> tuple[str, ...]:
    items = value if isinstance(value, list) else str(value).split(",")
    chosen = tuple(_choice(FORMATS)(item) for item in items)
    return tuple(dict.fromkeys(chosen))


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("should be true or false")


def _text(value) -> str:
    if isinstance(value, (list, dict)) or value is None:
        raise ValueError("should be a single value")
    return str(value)


def _path(value) -> str:
    text = _text(value)
    if "\0" in text:  # the system would refuse it later, with a less useful message
        raise ValueError("a file or folder name cannot contain a NUL character (\\0)")
    return text


def _dpi(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_DPI <= value <= MAX_DPI:
        raise ValueError(f"should be a whole number of dots per inch from {MIN_DPI} to {MAX_DPI}")
    return value


def _jobs(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("should be a whole number of processes, 1 or more (1: one at a time)")
    return value


def _region(value) -> str:
    code = _text(value).strip().upper()
    if not is_region(code):
        raise ValueError(f"`{value}` is not a country code; use the two-letter code of the "
                         "country the decks are used in, such as US, GB, DE, MX or AU")
    return code


def _months(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 120:
        raise ValueError("should be a whole number of months from 1 to 120, such as 12")
    return value


def _level(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LEVELS:
        raise ValueError(f"should be a level from 1 (light cards only) to {LEVELS} (every card)")
    return value


def _fonts(value) -> tuple[Path, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(Path(_path(item)) for item in items)

# How each cardgen.yaml key is read: (BuildOptions field, parser of the YAML value).
_CONFIG: dict[str, tuple[str, Callable]] = {
    "paper": ("paper", _choice(PAPERS)),
    "card": ("card", _card),
    "duplex": ("duplex", _choice(DUPLEX)),
    "bleed": ("bleed", lambda v: parse_length(str(v))),
    "marks": ("marks", _flag),
    "back_offset": ("back_offset", lambda v: parse_offset(str(v))),
    "mono": ("mono", _flag),
    "large_print": ("large_print", _flag),
    "backs": ("backs", _choice(BACKS)),
    "font": ("fonts", _fonts),
    "only": ("only", parse_kinds),
    "tag": ("tag", _text),
    "helplines": ("helplines", _flag),
    "level": ("level", _level),
    "format": ("formats", _formats),
    "booklet_size": ("booklet_size", _choice(BOOKLET_SIZES)),
    "impose": ("impose", _choice(IMPOSITIONS)),
    "creep": ("creep", lambda v: parse_length(str(v))),
    "verify": ("verify", _flag),
    "stock": ("stock", _text),
    "stock_file": ("stock_file", lambda v: Path(_path(v))),
    "dpi": ("dpi", _dpi),
    "box_thickness": ("box_thickness", lambda v: parse_length(str(v))),
    "region": ("region", _region),
    "recheck_months": ("recheck_months", _months),
    "bilingual": ("bilingual", _flag),
    "cmyk": ("cmyk", _flag),
    "jobs": ("jobs", _jobs),
    "out": ("out", _path),
}


@dataclass(frozen=True)
class Config:
    """What cardgen.yaml says: options to start from and, optionally, the output folder."""

    options: BuildOptions = field(default_factory=BuildOptions)
    out: Path | None = None
    # BuildOptions field -> (the key as written, where its value is), for messages about
    # a value that is well formed but cannot work (a creep too large for the booklet).
    spots: Mapping[str, tuple[str, Position]] = field(default_factory=dict)


def load_config(folder: Path, shown: str = CONFIG_FILE) -> Config:
    """Read `folder`/cardgen.yaml if there is one; raise DeckErrors for mistakes in it."""
    path = folder / CONFIG_FILE
    if not (path.exists() or path.is_symlink()):
        return Config()  # anything else there (a link to /dev/zero, a folder) is refused
    root, errors = read_nodes(path, shown)
    if not isinstance(root, yaml.MappingNode):
        raise DeckErrors([DeckError(position(root, shown),
                                    "cardgen.yaml should list settings such as `paper: a4`")])
    values: dict = {}
    spots: dict[str, tuple[str, Position]] = {}
    out = None
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in _CONFIG:
            close = difflib.get_close_matches(str(key), list(_CONFIG), n=1)
            if close:
                hint = f"did you mean `{close[0]}`?"
            else:
                hint = f"the settings are {', '.join(_CONFIG)}"
            errors.append(DeckError(position(key_node, shown), f"`{key}`: unknown setting", hint))
            continue
        name, parse = _CONFIG[key]
        try:
            value = parse(_plain(value_node))
        except ValueError as error:
            errors.append(DeckError(position(value_node, shown), f"`{key}`: {error}"))
            continue
        spots[name] = (key, position(value_node, shown))
        if name == "out":
            out = Path(value)
        else:
            values[name] = value
    if errors:
        raise DeckErrors(errors)
    return Config(BuildOptions().merged(**values), out, spots)


def _plain(node: yaml.Node):
    """The YAML value of a small node (settings are scalars or short lists)."""
    try:
        return yaml.safe_load(yaml.serialize(node))
    except (yaml.YAMLError, KeyError, AttributeError, TypeError, ValueError):
        # A tag forcing a type on text that is not of it (`!!bool maybe`).
        raise ValueError("is not a value cardgen can read; write it without a ! tag") from None



