"""The JSON Schema that editors use stays in step with the loader."""

from __future__ import annotations

import json

from cardgen.deck import FIELDS
from cardgen.schema import SCHEMA_FILE, deck_schema, schema_json


def test_committed_schema_file_matches_the_code():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "run: cardgen schema > cardgen/deck.schema.json")


def test_schema_lists_every_field_the_loader_knows():
    schema = deck_schema()
    assert set(schema["properties"]) == {f.name for f in FIELDS["deck"]}
    for kind in ("reframe", "quote", "resource"):
        assert set(schema["$defs"][kind]["properties"]) == {f.name for f in FIELDS[kind]}
    prompt = schema["$defs"]["prompt"]["anyOf"]
    assert prompt[0] == {"type": "string"}
    assert set(prompt[1]["properties"]) == {f.name for f in FIELDS["prompt"]}


def test_schema_is_valid_json_with_draft_2020_12():
    schema = json.loads(schema_json())
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
