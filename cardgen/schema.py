"""The deck format as JSON Schema (draft 2020-12), so editors offer completion and checks.

Built from `cardgen.deck.FIELDS`, the same tables the loader checks against, so
the two cannot drift apart. The package ships the result as `deck.schema.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

from cardgen.deck import FIELDS, LABEL_KEYS, MAX_BLANK_CARDS

SCHEMA_FILE = Path(__file__).with_name("deck.schema.json")

_TEXT = {"type": ["string", "number", "boolean"]}
_SCALARS = {
    "text": _TEXT,
    "line": _TEXT,
    "id": {"type": ["string", "integer"]},
    "language": {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "count": {"type": "integer", "minimum": 0, "maximum": MAX_BLANK_CARDS},
    "words": {"type": "object", "additionalProperties": {"type": "string"}},
    "labels": {
        "type": "object",
        "additionalProperties": False,
        "properties": {key: {"type": "string"} for key in LABEL_KEYS},
    },
}


def deck_schema() -> dict:
    """The JSON Schema of a deck file."""
    definitions = {kind: _object(kind) for kind in ("prompt", "reframe", "quote", "resource")}
    # A prompt may also be written as just its text.
    definitions["prompt"] = {"anyOf": [{"type": "string"}, definitions["prompt"]]}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cardgen.invalid/deck.schema.json",
        "title": "cardgen deck",
        "description": "A deck of conversation cards for `cardgen build`.",
        **_object("deck"),
        "anyOf": [{"required": [name]} for name in ("prompts", "reframes", "quotes")],
        "$defs": definitions,
    }
    return schema


def schema_json() -> str:
    """The schema as the text of deck.schema.json."""
    return json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"


def _object(spec: str) -> dict:
    properties = {}
    for field in FIELDS[spec]:
        if field.kind in _SCALARS:
            prop = dict(_SCALARS[field.kind])
        else:
            prop = {"type": "array", "items": {"$ref": f"#/$defs/{field.kind}"}}
        prop["description"] = field.description
        properties[field.name] = prop
    required = [field.name for field in FIELDS[spec] if field.required]
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": properties}
