"""The JSON Schema that editors use stays in step with the loader, and what the format gained
(practices, a theme, a short title) is in the schema and in the starter deck `cardgen new`
writes."""

from __future__ import annotations

import json

from cardgen.deck.model import ALIASES, FIELDS, load_deck
from cardgen.deck.schema import SCHEMA_FILE, deck_schema, schema_json
from support.paths import DATA, SCHEMA

THEMED = DATA / "themed"


def test_committed_schema_file_matches_the_code():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "run: cardgen schema > cardgen/deck/deck.schema.json")


def test_schema_lists_every_field_the_loader_knows():
    schema = deck_schema()
    assert set(schema["properties"]) == {f.name for f in FIELDS["deck"]} | set(ALIASES)
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


def test_the_schema_knows_practices():
    schema = deck_schema()
    practice = schema["$defs"]["practice"]["anyOf"][1]
    assert practice["properties"]["minutes"] == {
        "type": "integer", "minimum": 1, "maximum": 120,
        "description": "About how many minutes it takes"}
    assert {"required": ["practices"]} in schema["anyOf"]
    assert "practices" in {f.name for f in FIELDS["deck"]}
    schema_file = SCHEMA
    committed = json.loads(schema_file.read_text())
    assert committed["$defs"]["practice"] == schema["$defs"]["practice"]


def test_the_theme_is_in_the_schema_and_the_starter_and_the_starter_builds(tmp_path, cli_run):
    from cardgen.deck.schema import deck_schema

    theme = deck_schema()["properties"]["theme"]["properties"]
    assert set(theme) == {"colours", "colors", "logo"}
    assert set(theme["colours"]["properties"]) >= {"prompt", "reframe", "quote", "resource"}
    assert cli_run("new", tmp_path / "new.yaml").exit_code == 0
    starter = (tmp_path / "new.yaml").read_text(encoding="utf-8")
    assert '\ntheme:\n  colours:' in starter and "\n  # logo: logo.png" in starter
    # Uncommented, with a logo beside it, the starter builds in the group's colours.
    (tmp_path / "logo.png").write_bytes((THEMED / "logo.png").read_bytes())
    (tmp_path / "new.yaml").write_text(starter.replace("  # logo: logo.png", "  logo: logo.png"),
                                       encoding="utf-8")
    deck = load_deck(tmp_path / "new.yaml")
    assert deck.theme.logo.kind == "png" and dict(deck.theme.colours)["prompt"] == "#0B6E4F"


def test_the_short_title_is_in_the_schema_and_the_starter(tmp_path, cli_run):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert "short_title" in schema["properties"]
    assert cli_run("new", tmp_path / "new.yaml").exit_code == 0
    assert "\n# short_title: " in (tmp_path / "new.yaml").read_text(encoding="utf-8")
