"""The decks the benchmark builds: realistic ones, written to YAML like a deck writer's.

- `realistic_deck(n)`: every kind of card in the proportions of a working deck (prompts
  55 %, reframes 24 %, quotes 17 %, practices 2 %, helplines 2 % each with its own web
  address, so every QR code differs), topics, notes, sources, an intro and blank cards.
  Each text is a sentence from the bundled decks (real text, written for real groups)
  with about one word in three swapped for a word drawn from a large dictionary
  (Debian's `wamerican`, /usr/share/dict/words, about 100,000 words), so a big deck
  meets tens of thousands of different words, as a many-authored one would.
- `bundled_deck(n)`: entries drawn from the bundled English decks as they are, in their
  own proportions (3-4 % helplines, with the bundled decks' few addresses).
- `short_deck(n)`: prompts of at most 40 characters, drawn as above, one a line: the
  most cards the loader's 2 MB limit allows, for the memory measurement (50,000 of
  them take about 1.8 MB).

Every deck is the same for the same size and seed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = Path("/usr/share/dict/words")
BUNDLED = ("harm-reduction.yaml", "self-care.yaml")  # the English ones: the deck is English
KINDS = ("prompts", "reframes", "quotes", "practices", "resources")
SHARES = (0.55, 0.24, 0.17, 0.02, 0.02)  # of the realistic deck's entries, in KINDS order


def dictionary_words() -> list[str]:
    """The dictionary's words, or an error that says how to get them."""
    if not DICTIONARY.exists():
        raise SystemExit(f"{DICTIONARY} is missing: install Debian's word list "
                         "(apt-get install wamerican) and run again")
    words = DICTIONARY.read_text(encoding="utf-8").split()
    return sorted({word for word in words if word.isalpha() or "'" in word})


def bundled_entries() -> dict[str, list]:
    """Every entry of the bundled English decks, by deck key, without its `id`: an id
    names one card of its own deck, and a benchmark deck draws each entry many times."""
    entries: dict[str, list] = {key: [] for key in KINDS}
    for name in BUNDLED:
        data = yaml.safe_load((ROOT / "decks" / name).read_text(encoding="utf-8"))
        for key in KINDS:
            entries[key].extend({k: v for k, v in entry.items() if k != "id"}
                                if isinstance(entry, dict) else entry
                                for entry in data.get(key) or [])
    return entries


def _sentences(entries: dict[str, list]) -> dict[str, list[str]]:
    """The real sentences to draw from: each text field of each kind, and every note."""
    def texts(key: str, field: str) -> list[str]:
        return [entry[field] if isinstance(entry, dict) else entry
                for entry in entries[key] if not isinstance(entry, dict) or entry.get(field)]

    return {
        "prompt": texts("prompts", "text"), "note": texts("prompts", "note"),
        "instead": texts("reframes", "instead"), "try": texts("reframes", "try"),
        "why": texts("reframes", "why"), "quote": texts("quotes", "text"),
        "practice": texts("practices", "text"), "topic": texts("prompts", "topic"),
    }


class _Writer:
    """Draws realistic texts: a real sentence with some words from the dictionary."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words = dictionary_words()
        self.sentences = _sentences(bundled_entries())

    def text(self, what: str, swap: float = 0.33) -> str:
        words = self.rng.choice(self.sentences[what]).split()
        for index, word in enumerate(words):
            core = re.match(r"[A-Za-z']+", word)
            if core and self.rng.random() < swap:
                new = self.rng.choice(self.words)
                words[index] = new + word[core.end():]
        return " ".join(words)

    def chance(self, share: float) -> bool:
        return self.rng.random() < share


def realistic_deck(cards: int, seed: int = 1) -> dict:
    """A deck of about `cards` entries of every kind (see the module's docstring)."""
    writer = _Writer(seed)
    rng = writer.rng
    entries: dict[str, list] = {key: [] for key in KINDS}
    for number in range(cards):
        key = rng.choices(KINDS, SHARES)[0]
        entry: dict = {}
        if key == "prompts":
            entry["text"] = writer.text("prompt")
            if writer.chance(0.3):
                entry["topic"] = writer.text("topic", 0.2)
            if writer.chance(0.2):
                entry["note"] = writer.text("note")
        elif key == "reframes":
            entry = {"instead": writer.text("instead"), "try": writer.text("try")}
            if writer.chance(0.4):
                entry["why"] = writer.text("why")
        elif key == "quotes":
            entry = {"text": writer.text("quote"), "by": f"{rng.choice(writer.words).title()} "
                     f"{rng.choice(writer.words).title()}"}
            if writer.chance(0.5):
                entry["source"] = f"{writer.text('topic', 0.5)}, {1950 + number % 75}"
        elif key == "practices":
            entry = {"text": writer.text("practice"), "minutes": 1 + number % 10}
        else:
            word = re.sub(r"[^a-z]", "", rng.choice(writer.words).lower()) or "help"
            entry = {"name": f"{word.title()} Family Line {number}",
                     "phone": f"1-800-{200 + number % 300:03d}-{number % 9000 + 1000}",
                     "url": f"https://{word}.example.org/help/{number}",
                     "note": writer.text("note")}
        entries[key].append(entry)
    return _deck(f"Realistic Deck of {cards:,}", entries)


def bundled_deck(cards: int, seed: int = 1) -> dict:
    """`cards` entries drawn from the bundled English decks, in their proportions."""
    rng = random.Random(seed)
    pool = [(key, entry) for key, items in bundled_entries().items() for entry in items]
    entries: dict[str, list] = {key: [] for key in KINDS}
    for _ in range(cards):
        key, entry = rng.choice(pool)
        entries[key].append(entry)
    return _deck(f"Bundled-like Deck of {cards:,}", entries)


def short_deck(cards: int, seed: int = 1) -> dict:
    """`cards` prompts of at most 40 characters and nothing else, drawn as the realistic
    deck's: the most cards a deck file holds under the loader's 2 MB limit."""
    writer = _Writer(seed)
    writer.sentences["prompt"] = [text for text in writer.sentences["prompt"] if len(text) <= 40]
    prompts = []
    while len(prompts) < cards:
        text = writer.text("prompt")
        if len(text) <= 40:
            prompts.append(text)
    return {"title": f"Short Deck of {cards:,}", "language": "en", "prompts": prompts}


def _deck(title: str, entries: dict[str, list]) -> dict:
    intro = yaml.safe_load((ROOT / "decks" / BUNDLED[0]).read_text(encoding="utf-8"))["intro"]
    deck = {"title": title, "language": "en", "region": "US", "author": "cardgen benchmarks",
            "intro": intro}
    deck.update({key: items for key, items in entries.items() if items})
    deck["blank_cards"] = 4
    return deck


class _Dumper(yaml.SafeDumper):
    """Writes a repeated entry out in full each time, as a deck writer would, not as an alias."""

    def ignore_aliases(self, data) -> bool:
        return True


DECKS = {"realistic": realistic_deck, "bundled": bundled_deck, "short": short_deck}


def write_deck(kind: str, cards: int, folder: Path) -> Path:
    """Write the deck `kind` of `cards` entries into `folder`; return its path."""
    path = folder / f"{kind}-{cards}.yaml"
    text = yaml.dump(DECKS[kind](cards), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=1000)
    path.write_text(text, encoding="utf-8")
    return path
