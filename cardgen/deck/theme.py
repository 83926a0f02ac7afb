"""A deck's own look, `theme:`: its colours for some kinds and its logo, read and checked.

```yaml
theme:
  colours:            # per kind; `colors` is accepted too
    prompt: "#0B6E4F"
  logo: logo.png      # PNG, JPEG or SVG, relative to the deck file
```

A colour is refused at its line when words could not be read on it or in it (under
4.5:1 against white), with the nearest colour of its hue that can; a logo, when its
file is missing, not an image or too large (see `cardgen.deck.logo`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from cardgen.deck.colours import READABLE, WHITE, contrast, parse_hex, readable_on_white
from cardgen.deck.kinds import KINDS, Field
from cardgen.deck.logo import Logo, load_logo
from cardgen.errors import CardgenError, DeckError
from cardgen.source import position, read_nodes

THEME_KEYS = ("colours", "colors", "logo")


@dataclass(frozen=True)
class DeckTheme:
    """The deck's own look (`theme:`): colours for some kinds as (kind, #RRGGBB) pairs, each
    readable against white, and its logo, read and checked."""

    colours: tuple[tuple[str, str], ...] = ()
    logo: Logo | None = None


def read_theme(reader, node: yaml.Node) -> DeckTheme | None:
    """`theme:` with `colours:` (or `colors:`) per kind and a `logo:` file."""
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, "`theme` should hold `colours:` and `logo:`",
                     "see `cardgen new` for an example")
        return None
    colours: tuple[tuple[str, str], ...] = ()
    logo = None
    seen: dict[str, yaml.Node] = {}
    known = {name: Field(name, "line", "") for name in THEME_KEYS}
    for key, key_node, value_node in reader.entries(node, known):
        if key in ("colours", "colors"):
            other = "colors" if key == "colours" else "colours"
            if other in seen:
                reader.error(key_node, f"`{key}` and `{other}` are the same; give only one")
                continue
            colours = _colours(reader, value_node)
        else:
            name = reader.text(known[key], value_node)
            if name:
                try:
                    logo = load_logo(reader.folder, name, position(value_node, reader.path))
                except DeckError as error:
                    reader.errors.append(error)
        seen[key] = key_node
    return DeckTheme(colours, logo)


def _colours(reader, node: yaml.Node) -> tuple[tuple[str, str], ...]:
    """Each kind's colour, as #RRGGBB; one that white words on it, or it as words on
    white, could not be read at 4.5:1 is refused with the nearest that can."""
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, "`colours` should give a colour for each kind, such as "
                           '`prompt: "#0B6E4F"`')
        return ()
    known = {name: Field(name, "line", "") for name in KINDS}
    found = []
    for kind, _, value_node in reader.entries(node, known):
        if value_node.tag == "tag:yaml.org,2002:null":  # `prompt: #0B6E4F`: a comment
            reader.error(value_node, f"`{kind}` has no colour",
                         "a # starts a comment in YAML: put the colour in quotes, such as "
                         f'`{kind}: "#0B6E4F"`')
            continue
        text = reader.text(known[kind], value_node)
        if text is None:
            continue
        colour = parse_hex(text)
        if colour is None:
            reader.error(value_node, f"`{text}` is not a colour",
                         'write it as # and six hex digits, in quotes, such as "#0B6E4F"')
            continue
        ratio = contrast(colour, WHITE)
        if ratio < READABLE:
            near = readable_on_white(colour)
            shown = math.floor(ratio * 10) / 10
            reader.error(value_node, f"the {kind} colour {text} has a contrast of {shown:.1f}:1 "
                                     "with white; white words on it, and it as words on white, "
                                     f"need {READABLE:g}:1",
                         f'use "{near}", the nearest colour of the same hue that reads at '
                         f"{READABLE:g}:1")
            continue
        found.append((kind, colour))
    return tuple(found)


def logo_named(path: Path) -> Path | None:
    """The logo file the deck at `path` names (`theme: logo:`), whether or not it is there or
    the deck is right otherwise; None if it names none or cannot be read. For watching a
    deck's files (`cardgen build --watch`, the studio): a saved logo is a change."""
    try:
        root, _ = read_nodes(path)
    except CardgenError:
        return None
    theme = _value(root, "theme")
    logo = _value(theme, "logo") if theme is not None else None
    if isinstance(logo, yaml.ScalarNode) and logo.value.strip():
        return path.parent / logo.value.strip()
    return None


def _value(node, key: str):
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value
                 if isinstance(name, yaml.ScalarNode) and name.value == key), None)
