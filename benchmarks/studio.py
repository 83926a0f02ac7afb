"""How fast the studio (`cardgen serve`) shows an edit: a save on disk to the new view on the page.

Run it from the repository:  python benchmarks/studio.py  [--cards 100] [--edits 10]

It writes a generated deck of CARDS entries to a temporary folder, starts the
studio's server on a free loopback port, and follows the deck's event stream
with http.client, as the page's EventSource does. Then, EDITS times, it changes
the words of one card (saved by rename, as editors do) and times:

- end to end: from the save to the view with the edited card arriving on the
  event stream, and to the view with the booklet and lint findings too (the studio
  sends the cards first). This is what a writer waits for; it includes the
  watcher's look every 0.1 s and its wait for the file to hold still;
- the look: `cardgen.studio.view.look` alone, timed in the server (the check,
  fitting every card, drawing and rendering what changed, the booklet, lint);
- drawn again: how many card pictures, and booklet pages, that edit drew again
  (one card is the aim; a booklet page or two, more when the change reflows it).

Also timed once: the first view of the deck (its cards, every picture drawn) and the
first whole view (the booklet's pictures and lint findings too). Times are wall-clock
seconds (time.perf_counter).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_QUESTIONS = [
    "What helps you on a hard day",
    "Who do you call when things go wrong",
    "What would you like me to understand",
    "When did you last feel at ease",
    "What do you wish we talked about more",
    "Where do you feel safe",
    "What keeps the door open between us",
    "What did you learn this year",
]
_ENDINGS = ["?", " and why?", ", if you want to say?", " right now?"]


def deck_yaml(cards: int, edit: int = 0) -> str:
    """A deck of `cards` prompts, reframes and quotes; `edit` changes card 7's words."""
    prompts, reframes, quotes = [], [], []
    for number in range(cards):
        words = f"{_QUESTIONS[number % len(_QUESTIONS)]}{_ENDINGS[number % len(_ENDINGS)]}"
        if number == 7:
            words = f"{words} (edit {edit})"
        if number % 10 < 6:
            prompts.append(f"  - text: {words} Take your time.\n    topic: Topic {number % 5 + 1}")
        elif number % 10 < 9:
            reframes.append(f'  - instead: "Why can\'t you just stop?"\n    try: "{words}"')
        else:
            quotes.append(f'  - text: "{words}"\n    by: A parent in the group')
    return (
        "title: Studio benchmark\nlanguage: en\nintro: |\n  Sit in a circle and take turns.\n"
        + "prompts:\n"
        + "\n".join(prompts)
        + "\nreframes:\n"
        + "\n".join(reframes)
        + "\nquotes:\n"
        + "\n".join(quotes)
        + "\n"
    )


def save_by_rename(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


class Events:
    """The deck's event stream, read as the page's EventSource reads it."""

    def __init__(self, port: int, deck: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", f"/d/{deck}/events", headers={"Host": f"127.0.0.1:{port}"})
        self.response = self.connection.getresponse()

    def next_view(self) -> dict:
        data = None
        while True:
            line = self.response.fp.readline().decode("utf-8").rstrip("\n")
            if line.startswith("data: "):
                data = line[len("data: ") :]
            elif line == "" and data is not None:
                return json.loads(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=100)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()

    from cardgen.studio import view as view_module
    from cardgen.studio.server import Served, Studio

    looks: list[float] = []
    real_look = view_module.look

    def timed_look(*given, **named):
        start = time.perf_counter()
        try:
            return real_look(*given, **named)
        finally:
            looks.append(time.perf_counter() - start)

    import cardgen.studio.live as live_module

    live_module.look = timed_look

    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        (here / "decks").mkdir()
        deck = here / "decks" / "bench.yaml"
        deck.write_text(deck_yaml(args.cards), encoding="utf-8")
        studio = Studio(Served("bench", deck, "decks/bench.yaml"), here)
        studio.start()
        try:
            start = time.perf_counter()
            events = Events(studio.port, "bench")
            first = events.next_view()
            first_time = time.perf_counter() - start
            whole = first
            while whole["pending"]:  # the booklet and lint follow the cards
                whole = events.next_view()
            whole_time = time.perf_counter() - start
            live = studio.live(studio.decks()["bench"])
            print(
                f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
            )
            print(
                f"deck: {args.cards} entries, {len(first['cards'])} cards, "
                f"{len(whole['booklet'])} booklet pages"
            )
            print(f"first view, the cards (every card's pictures drawn): {first_time:.2f} s")
            print(f"first whole view, with the booklet's pictures and lint: {whole_time:.2f} s")
            to_cards, to_all, drawn, pages_drawn = [], [], [], []
            for edit in range(1, args.edits + 1):
                time.sleep(0.3)  # let the watcher settle, as between a writer's saves
                before = live.workshop.pictures.drawn
                pages_before = live.workshop.pictures.pages_drawn
                start = time.perf_counter()
                save_by_rename(deck, deck_yaml(args.cards, edit))
                view = events.next_view()
                while not any(f"(edit {edit})" in card["words"] for card in view["cards"]):
                    view = events.next_view()
                to_cards.append(time.perf_counter() - start)
                while view["pending"]:
                    view = events.next_view()
                to_all.append(time.perf_counter() - start)
                drawn.append(live.workshop.pictures.drawn - before)
                pages_drawn.append(live.workshop.pictures.pages_drawn - pages_before)
            edit_looks = looks[1:]
            print(
                f"one-card edit, save to its cards on the event stream: median "
                f"{statistics.median(to_cards):.2f} s, max {max(to_cards):.2f} s "
                f"({args.edits} edits)"
            )
            print(
                f"one-card edit, save to cards, booklet and lint: median "
                f"{statistics.median(to_all):.2f} s, max {max(to_all):.2f} s"
            )
            print(
                f"one-card edit, the look alone (cards, booklet, lint): median "
                f"{statistics.median(edit_looks):.3f} s, max {max(edit_looks):.3f} s"
            )
            print(f"card pictures drawn again per edit: {sorted(set(drawn))}; "
                  f"booklet pages: {sorted(set(pages_drawn))}")
        finally:
            studio.close()


if __name__ == "__main__":
    main()
