"""The JSON Schema that editors use stays in step with the loader."""

from __future__ import annotations

import json

from cardgen.deck.model import FIELDS
from cardgen.deck.schema import SCHEMA_FILE, deck_schema, schema_json


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


def test_the_schema_gives_resource_addresses_their_own_kind():
    import re

    url = deck_schema()["$defs"]["resource"]["properties"]["url"]
    assert (url["type"], url["format"], url["maxLength"]) == ("string", "uri", 150)
    allowed = ["https://988lifeline.org", "http://example.org", "tel:988", "mailto:a@b.org"]
    refused = ["javascript:alert(1)", "file:///etc/passwd", "data:,x", "https://a b",
               "https://x.org/\u202eevil", "988lifeline.org", "https://"]
    assert [bool(re.match(url["pattern"], a)) for a in allowed] == [True] * 4
    assert [bool(re.match(url["pattern"], a)) for a in refused] == [False] * 7
