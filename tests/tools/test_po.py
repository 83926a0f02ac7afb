"""A translation as a PO file and back (cardgen/tools/po.py): what translators' tools
read, what GNU msgfmt accepts, and what importing writes into the deck."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import PoFileParser, write_po

from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors
from cardgen.tools.po import _Catalog, export, import_po
from cardgen.tools.translating import mark_done, start, status
from tools.test_translating import SOURCE


def msgfmt_check(po: Path) -> subprocess.CompletedProcess:
    """GNU `msgfmt --check` on `po`; skips where gettext is not installed, except in CI
    (CI=true), which installs it (.ci/run), so there its absence fails."""
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("msgfmt is missing; in CI it is installed with gettext", pytrace=False)
        pytest.skip("msgfmt (gettext) is not installed")
    return subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)],
                          capture_output=True, text=True, check=False)


@pytest.fixture
def translation(tmp_path: Path) -> Path:
    source = tmp_path / "talk.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    start(source, "es")
    return tmp_path / "talk.es.yaml"


def read(po: Path) -> _Catalog:
    catalog = _Catalog()
    with open(po, "rb") as file:
        PoFileParser(catalog).parse(file)
    return catalog


def translate(po: Path, strings: dict[str, str], fuzzy: tuple[str, ...] = ()) -> None:
    """What a translator does in Poedit: fill in msgstrs, leave some fuzzy."""
    catalog = read(po)
    for message in catalog:
        if message.context in strings:
            message.string = strings[message.context]
            if message.context not in fuzzy:
                message.flags.discard("fuzzy")
            else:
                message.flags.add("fuzzy")
    with open(po, "wb") as file:
        write_po(file, catalog)


def test_one_entry_per_text_with_its_card_as_context(translation, tmp_path):
    po = tmp_path / "es.po"
    assert export(translation, "talk.es.yaml", po) == (10, 0)
    catalog = read(po)
    assert catalog.deck == "talk.es.yaml"
    assert str(catalog.locale) == "es"
    entries = {message.context: (message.id, message.string) for message in catalog if message.id}
    assert entries["deck.title"] == ("Family talk", "")
    assert entries["1.text"] == ("How are you?", "")  # not yet translated: empty
    assert entries["3.note"] == ("Say it slowly.", "")
    assert entries["4.source"] == ("A talk", "")
    assert "4.by" not in entries  # a name, copied
    assert entries["5.name"] == ("Helpline", "")
    comments = next(message for message in catalog if message.context == "1.text").auto_comments
    assert comments == ["prompt 1", "topic: Opening"]
    text = po.read_text(encoding="utf-8")
    assert '"X-Cardgen-Deck: talk.es.yaml\\n"' in text
    export(translation, "talk.es.yaml", tmp_path / "again.po")
    assert (tmp_path / "again.po").read_bytes() == po.read_bytes()  # same deck, same bytes
    checked = msgfmt_check(po)
    assert checked.returncode == 0, checked.stderr


def test_a_round_trip_through_msgfmt_writes_the_translation_back(translation, tmp_path):
    po = tmp_path / "es.po"
    export(translation, "talk.es.yaml", po)
    translate(po, {"deck.title": "Hablar en familia", "1.text": "¿Cómo estás?",
                   "1.topic": "Abrir", "3.text": "¿Qué es difícil: hoy?",
                   "3.note": "Dilo despacio.\n\nSin prisa."}, fuzzy=("3.note",))
    checked = msgfmt_check(po)
    assert checked.returncode == 0, checked.stderr
    before = translation.read_text(encoding="utf-8")
    done = import_po(po, str(po))
    assert (done.texts, done.done, done.fuzzy) == (5, 2, 1)
    text = translation.read_text(encoding="utf-8")
    assert text.startswith(before.split("\n", 1)[0])  # comments and layout kept
    assert '  - text: ¿Cómo estás?   # asked first\n    topic: Abrir\n    id: "1"\n' in text
    assert 'text: "¿Qué es difícil: hoy?"' in text
    deck = load_deck(translation)
    assert deck.title == "Hablar en familia"
    assert deck.entries["prompt"][2].note == "Dilo despacio.\n\nSin prisa."
    _, state = status(translation, "talk.es.yaml")
    states = {standing.key: standing.state for standing in state.standings}
    assert states["deck.title"] == states["1"] == "done"
    assert states["3"] == "untranslated"  # a fuzzy text is written, not confirmed


def test_out_of_date_entries_are_fuzzy(translation, tmp_path):
    mark_done(translation, "talk.es.yaml", ("1",))
    source = tmp_path / "talk.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("How are you?", "How are you today?").replace("Opening\n", "Openings\n", 1)
    source.write_text(text, encoding="utf-8")
    po = tmp_path / "es.po"
    assert export(translation, "talk.es.yaml", po) == (10, 2)
    fuzzy = [message.context for message in read(po) if message.fuzzy and message.id]
    assert fuzzy == ["1.text", "1.topic"]
    translate(po, {"1.topic": "Apertura"})  # confirmed: no longer fuzzy
    translate(po, {"1.text": "¿Cómo estás hoy?"})
    import_po(po, "es.po")
    _, state = status(translation, "talk.es.yaml")
    assert next(s for s in state.standings if s.key == "1").state == "done"


def test_a_po_whose_ids_do_not_match_is_refused_at_its_line(translation, tmp_path):
    po = tmp_path / "es.po"
    export(translation, "talk.es.yaml", po)
    translate(po, {"1.text": "¿Cómo estás?"})
    text = po.read_text(encoding="utf-8").replace('msgctxt "2.text"', 'msgctxt "9.text"')
    po.write_text(text, encoding="utf-8")
    line = text.split("\n").index('msgctxt "9.text"') + 2
    before = translation.read_bytes()
    with pytest.raises(DeckErrors) as refused:
        import_po(po, "es.po")
    assert str(refused.value) == (f"es.po:{line}:1: `9.text` is not a text of "
                                  f"{os.path.relpath(translation)} and its source\n"
                                  "  hint: export the PO again with `cardgen translate export`")
    assert translation.read_bytes() == before  # nothing written
