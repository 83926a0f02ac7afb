"""The deck format as JSON Schema (draft 2020-12), so editors offer completion and checks.

Built from `cardgen.deck.model.FIELDS` and the card kinds in `cardgen.deck.kinds`, the same
tables the loader checks against, so the two cannot drift apart. The package ships the
result as `deck.schema.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cardgen.deck.addresses import MAX_LENGTH
from cardgen.deck.kinds import ENTRY_KINDS, KINDS
from cardgen.deck.language import KEYS, TEMPLATES, table
from cardgen.deck.model import ALIASES, CONVERSATION_KINDS, FIELDS

SCHEMA_FILE = Path(__file__).with_name("deck.schema.json")

_TEXT = {"type": ["string", "number", "boolean"]}


def _word(key: str) -> dict[str, str]:
    """One of cardgen's own words a deck may set: its English, and the blanks it must keep."""
    word = {"type": "string", "description": f"In English: {table('en')[key]}"}
    if key in TEMPLATES:
        word["pattern"] = "^" + "".join(f"(?=.*\\{{{name}\\}})" for name in TEMPLATES[key])
    return word

_SCALARS: dict[str, dict[str, Any]] = {
    "text": _TEXT,
    "line": _TEXT,
    # Dialled as well as read: no invisible or direction characters (Unicode Cf).
    "phone": {"type": ["string", "number"],
              "pattern": "^[^\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u180e"
                         "\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f"
                         "\\ufeff\\ufff9-\\ufffb]*$"},
    "id": {"type": ["string", "integer"]},
    "address": {
        "type": "string",
        "format": "uri",
        "maxLength": MAX_LENGTH,
        # The schemes cardgen prints, and no space, control, invisible or direction character.
        "pattern": ("^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s]|[Tt][Ee][Ll]:"
                    "|[Mm][Aa][Ii][Ll][Tt][Oo]:)[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200f\\u2028-\\u202e"
                    "\\u2060-\\u206f\\ufeff]*$"),
    },
    "language": {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
    "region": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
    # YAML reads 2026-11-01 as a date; JSON Schema's editors see it as that text.
    "date": {"type": "string", "format": "date"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "words": {"type": "object", "additionalProperties": {"type": "string"}},
    "marks": {"type": "object", "additionalProperties": {"type": "string"}},
    "labels": {
        "type": "object",
        "additionalProperties": False,
        "properties": {key: _word(key) for key in KEYS},
    },
}
_COLOURS = {
    "type": "object",
    "description": "A colour per kind, such as \"#0B6E4F\"; each must read at 4.5:1 against white",
    "additionalProperties": False,
    "properties": {kind: {"type": "string", "pattern": "^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$"}
                   for kind in KINDS},
}
_SCALARS["theme"] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "colours": _COLOURS,
        "colors": _COLOURS,
        "logo": {"type": "string", "description": "A PNG, JPEG or SVG file (at most 10 MB), "
                                                  "relative to the deck file"},
    },
    "not": {"required": ["colours", "colors"]},
}


def deck_schema() -> dict:
    """The JSON Schema of a deck file."""
    definitions = {}
    for kind in ENTRY_KINDS:
        definitions[kind.name] = _object(kind.name)
        if kind.short:  # an entry may also be written as just its text
            definitions[kind.name] = {"anyOf": [{"type": "string"}, definitions[kind.name]]}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cardgen.invalid/deck.schema.json",
        "title": "cardgen deck",
        "description": "A deck of conversation cards for `cardgen build`.",
        **_object("deck"),
        "anyOf": [{"required": [kind.field]} for kind in CONVERSATION_KINDS],
        "not": {"anyOf": [{"required": [alias, meant]} for alias, meant in ALIASES.items()]},
        "$defs": definitions,
    }
    return schema


def schema_json() -> str:
    """The schema as the text of deck.schema.json."""
    return json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"


def _object(spec: str) -> dict[str, Any]:
    properties = {}
    for field in FIELDS[spec]:
        if field.kind == "count":
            low, high = field.limits or (0, None)
            prop = {"type": "integer", "minimum": low, **({"maximum": high} if high else {})}
        elif field.kind in _SCALARS:
            prop = dict(_SCALARS[field.kind])
        else:
            prop = {"type": "array", "items": {"$ref": f"#/$defs/{field.kind}"}}
        prop["description"] = field.description
        properties[field.name] = prop
        for alias, meant in ALIASES.items():
            if spec == "deck" and meant == field.name:
                properties[alias] = {**prop, "description": f"The same as `{meant}`: "
                                                            + field.description}
    required = [field.name for field in FIELDS[spec] if field.required]
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": properties}
