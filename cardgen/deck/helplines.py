"""Reading what reaches a helpline: its numbers, addresses and the date it was checked,
and the country the deck's numbers are checked for.

The deck reader (`cardgen.deck.model`) calls these for a field of that kind, passing
itself as `reader`: they report a problem at its node with `reader.error`, as
`cardgen.deck.theme` does for `theme:`. The checks themselves are
`cardgen.deck.phones` and `cardgen.deck.addresses`.
"""

from __future__ import annotations

import datetime
import unicodedata

import yaml

from cardgen.deck.addresses import Address, address_problem
from cardgen.deck.kinds import Field
from cardgen.deck.phones import Number, PhoneProblem, check_number, is_region


def deck_region(reader, root: yaml.MappingNode) -> str | None:
    """The deck's own `region:`, read before its helplines wherever it is written: their
    numbers are checked for it. Reported, if wrong, when the key itself is read."""
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == "region" \
                and isinstance(value_node, yaml.ScalarNode):
            code = value_node.value.strip().upper()
            return code if is_region(code) else None
    return None


def read_region(reader, spec: Field, node: yaml.Node) -> str | None:
    value = reader.text(spec, node)
    if value and is_region(value.upper()):
        return value.upper()
    if value:
        reader.error(node, f"`{value}` is not a country code",
                     "use the two-letter code of the country the deck is used in, such as "
                     "US, GB, DE, MX or AU")
    return None


def read_phone(reader, spec: Field, node: yaml.Node) -> Number | None:
    """A number that is dialled as well as read, checked for the deck's region."""
    value = reader.text(Field(spec.name, "line", spec.description), node)
    return _number(reader, spec, node, value) if value is not None else None


def read_address(reader, spec: Field, node: yaml.Node) -> Address | None:
    value = reader.text(spec, node)
    problem = address_problem(value) if value else None
    if problem:
        reader.error(node, f"`{spec.name}`: {problem[0]}", problem[1])
        return None
    if value is None:
        return None
    if value.lower().startswith("tel:"):  # dialled like any number: checked like one
        number = _number(reader, spec, node, value[len("tel:"):])
        return Address(value, number.tel) if number is not None else None
    return Address(value)


def read_date(reader, spec: Field, node: yaml.Node) -> datetime.date | None:
    value = reader.text(spec, node)
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        reader.error(node, f"`{spec.name}`: `{value}` is not a date",
                     "write it as year-month-day, such as 2026-11-01")
        return None


def _number(reader, spec: Field, node: yaml.Node, value: str) -> Number | None:
    """`value` checked as a number people call or text (see cardgen.deck.phones): no
    hidden or direction characters, which would make the number on screen differ from
    the one its link calls."""
    hidden = next((char for char in value if unicodedata.category(char) == "Cf"), None)
    if hidden is not None:
        reader.error(node, f"`{spec.name}` contains the invisible character "
                           f"U+{ord(hidden):04X}, which can change how the number reads",
                     "type the number again with only digits, spaces, dashes, brackets and +")
        return None
    try:
        return check_number(value, reader.region)
    except PhoneProblem as problem:
        reader.error(node, f"`{spec.name}`: {problem.message}", problem.hint)
        return None
