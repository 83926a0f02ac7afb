"""Print settings and cardgen.yaml: the helplines' settings (issue 24) and the kinds'
names people use."""

from __future__ import annotations

import pytest

from cardgen.errors import DeckErrors
from cardgen.products.options import load_config, parse_kinds


def test_only_takes_a_kind_by_the_name_people_call_it():
    assert parse_kinds("helpline,prompt") == parse_kinds("resource,prompt") == frozenset(
        {"resource", "prompt"})
    with pytest.raises(ValueError, match="the kinds are"):
        parse_kinds("helplines?")


def test_cardgen_yaml_says_the_region_and_how_long_a_check_lasts(tmp_path):
    (tmp_path / "cardgen.yaml").write_text("region: de\nrecheck_months: 6\n", encoding="utf-8")
    options = load_config(tmp_path).options
    assert (options.region, options.recheck_months) == ("DE", 6)


@pytest.mark.parametrize("line, message", [
    ("region: Germany", "cardgen.yaml:1:9: `region`: `Germany` is not a country code; use the "
                        "two-letter code of the country the decks are used in, such as US, GB, "
                        "DE, MX or AU"),
    ("recheck_months: 0", "cardgen.yaml:1:17: `recheck_months`: should be a whole number of "
                          "months from 1 to 120, such as 12"),
])
def test_a_helpline_setting_that_cannot_work_is_said_at_its_line(tmp_path, line, message):
    (tmp_path / "cardgen.yaml").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(DeckErrors) as raised:
        load_config(tmp_path)
    assert [str(error) for error in raised.value.errors] == [message]
