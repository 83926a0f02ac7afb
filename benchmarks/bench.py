"""How fast cardgen builds big decks, measured against bare ReportLab doing the least it could.

Run it from the repository:  python benchmarks/bench.py  [--sizes 100,1000,10000]
                             [--booklet-max 10000] [--profile 1000]

For each size it writes a generated deck (a realistic mix of prompts, reframes and
quotes, 60-140 characters a card) to a temporary folder and times, each in a fresh
Python process so peak memory does not mix:

- cardgen: `build_deck` for card sheets, and for the booklet;
- verify:  `cardgen.verify_sheets.verify_cards` reading the sheets back (the optional check);
- floor:   bare ReportLab wrapping each card's text once, at one size, greedily
           (pdfmetrics.stringWidth, the same Atkinson Hyperlegible font), and drawing
           fronts and backs at the same slot positions, with the same compression.

Times are wall-clock seconds (time.perf_counter); peak memory is the child
process's maximum resident set size, interpreter and imports included.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = """\
targets: 10,000 cards within 3x the floor; 10x the cards in at most 11x the time;
         peak memory < 400 MB at 10,000 cards; `cardgen --help` < 0.25 s;
         a 1,000-card booklet < 8 s"""

# --- a realistic deck -------------------------------------------------------------

_OPENINGS = ["What", "When", "How", "Who", "Where", "Which", "What would", "How could", "When did"]
_SUBJECTS = ["you", "your family", "the people you love", "your partner", "your loved one",
             "we", "your friends", "the person you worry about", "your younger self"]
_VERBS = ["notice", "need", "remember", "wish for", "hope for", "feel", "say", "hear", "try",
          "let go of", "hold on to", "learn from", "share", "ask for", "give"]
_OBJECTS = ["on a hard day", "after a difficult conversation", "when the phone rings late",
            "before you fall asleep", "in the first minute of a visit", "when nobody is watching",
            "about trust and honesty", "that nobody else sees", "when you feel afraid",
            "that keeps the door open", "after a relapse", "on the way home",
            "when you are tired of waiting", "that makes you laugh together"]
_TAILS = ["Take your time.", "There is no wrong answer.", "Say it out loud if you can.",
          "What does it tell you?", "Who taught you that?", "What would change?"]
_PEOPLE = ["Andrew Tatarsky", "Maia Szalavitz", "Gabor Maté", "bell hooks", "Johann Hari",
           "Carl Hart", "Brené Brown", "Mary Oliver"]
_SAYINGS = ["Call me when you are clean.", "You are killing your mother.", "Why can't you just stop?",
            "I can't trust anything you say.", "After everything we did for you.",
            "You're an addict; that's who you are.", "Don't come home like this again."]
_TRIES = ["Call me any time; I want to hear from you.", "I love you and I am worried about you.",
          "What would help you right now?", "I'm glad you're here. Can we talk about today?",
          "I want to understand what this does for you.", "I trust you can tell me what you need.",
          "Whatever happens, you are still my family."]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    """A question between `low` and `high` characters long."""
    while True:
        text = (f"{rng.choice(_OPENINGS)} do {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} "
                f"{rng.choice(_OBJECTS)}?")
        while len(text) < low:
            text += " " + rng.choice(_TAILS)
        if len(text) <= high:
            return text


def deck_yaml(cards: int, seed: int = 1) -> str:
    """A deck of `cards` entries: about 60% prompts, 25% reframes, 15% quotes."""
    rng = random.Random(seed)
    prompts, reframes, quotes = [], [], []
    for number in range(cards):
        roll = rng.random()
        if roll < 0.6:
            text = _sentence(rng, 60, 140)
            if rng.random() < 0.2:
                prompts.append(f"  - text: {text}\n    topic: Topic {number % 12 + 1}")
            else:
                prompts.append(f"  - {text}")
        elif roll < 0.85:
            why = " It keeps the door open." if rng.random() < 0.4 else ""
            reframes.append(f'  - instead: "{rng.choice(_SAYINGS)}"\n'
                            f'    try: "{rng.choice(_TRIES)}"' + (f"\n    why:{why}" if why else ""))
        else:
            quotes.append(f'  - text: "{_sentence(rng, 60, 120)}"\n    by: {rng.choice(_PEOPLE)}')
    parts = [
        f"title: Benchmark Deck of {cards:,}",
        "language: en",
        "author: cardgen benchmarks",
        "intro: |\n  Sit in a circle. Take turns drawing a card and reading it out loud.\n"
        "  Anyone may pass, at any time.",
    ]
    for key, entries in (("prompts", prompts), ("reframes", reframes), ("quotes", quotes)):
        if entries:
            parts.append(f"{key}:\n" + "\n".join(entries))
    return "\n".join(parts) + "\n"


def deck_texts(path: Path) -> list[tuple[str, str]]:
    """(kind, words) of every card in a generated deck, for the floor to draw."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    texts = [("instructions", data["intro"])]
    for item in data.get("prompts") or []:
        texts.append(("prompt", item if isinstance(item, str) else item["text"]))
    for item in data.get("reframes") or []:
        texts.append(("reframe", f"{item['instead']} {item['try']} {item.get('why', '')}".strip()))
    for item in data.get("quotes") or []:
        texts.append(("quote", f"\u201c{item['text']}\u201d \u2014 {item['by']}"))
    return texts


# --- what one child process measures ----------------------------------------------


def _cardgen(path: Path, out: Path, formats: tuple[str, ...]) -> float:
    from cardgen.build import build_deck
    from cardgen.options import BuildOptions

    start = time.perf_counter()
    build_deck(path, str(path), BuildOptions(formats=formats), out)
    return time.perf_counter() - start


def _verify(path: Path, out: Path) -> float:
    """Time verify_cards alone on the sheets the build wrote."""
    from cardgen.build import build_deck, fit_faces
    from cardgen.cards import deck_cards
    from cardgen.deck import load_deck
    from cardgen.fonts import load_fonts
    from cardgen.layout.sheet import sheet_layout
    from cardgen.options import BuildOptions
    from cardgen.render.theme import Theme
    from cardgen.verify_sheets import verify_cards

    options = BuildOptions(formats=("cards",))
    [output] = build_deck(path, str(path), options, out)
    deck = load_deck(path)
    theme = Theme()
    faces = fit_faces(deck, deck_cards(deck), load_fonts(()), theme, options)
    layout = sheet_layout(options.paper_size, options.card_size, 0.0, marks=True)
    data = output.path.read_bytes()
    start = time.perf_counter()
    verify_cards(data, faces, layout, options.duplex)
    return time.perf_counter() - start


def _floor(path: Path, out: Path) -> float:
    """Bare ReportLab: one greedy wrap per card at 12 pt, fronts and backs drawn in place."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from cardgen.layout.sheet import sheet_layout
    from cardgen.choices import CARDS, PAPERS

    texts = deck_texts(path)  # read before the clock starts: the floor is drawing only
    start = time.perf_counter()
    pdfmetrics.registerFont(TTFont("Floor", str(ROOT / "fonts" / "AtkinsonHyperlegible-Regular.ttf")))
    layout = sheet_layout(PAPERS["letter"], CARDS["poker"])
    size, leading, safe = 12.0, 15.0, 9.0
    width = layout.card_width - 2 * safe
    space = pdfmetrics.stringWidth(" ", "Floor", size)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.page_width, layout.page_height), invariant=1,
                    pageCompression=1)
    per_sheet = layout.per_sheet
    for first in range(0, len(texts), per_sheet):
        chunk = texts[first:first + per_sheet]
        for index, (kind, words) in enumerate(chunk):
            slot = layout.slots[index]
            lines, line, used = [], [], 0.0
            for word in words.split():
                w = pdfmetrics.stringWidth(word, "Floor", size)
                if line and used + space + w > width:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                used += (space if line else 0.0) + w
                line.append(word)
            lines.append(" ".join(line))
            canvas.setFont("Floor", size)
            y = slot.top - safe - size
            canvas.drawString(slot.x + safe, y + leading, kind)
            for text in lines:
                canvas.drawString(slot.x + safe, y, text)
                y -= leading
        canvas.showPage()
        for index, (kind, _) in enumerate(chunk):
            slot = layout.back_slot(index, "long")
            canvas.setFont("Floor", size)
            canvas.drawCentredString(slot.x + slot.width / 2, slot.y + slot.height / 2, kind)
        canvas.showPage()
    canvas.save()
    (out / "floor.pdf").write_bytes(buffer.getvalue())
    return time.perf_counter() - start


def child(what: str, deck: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    if what == "cards":
        seconds = _cardgen(deck, out, ("cards",))
    elif what == "booklet":
        seconds = _cardgen(deck, out, ("booklet",))
    elif what == "verify":
        seconds = _verify(deck, out)
    elif what == "floor":
        seconds = _floor(deck, out)
    else:
        raise SystemExit(f"unknown measurement {what}")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"seconds": seconds, "peak_mb": peak_kb / 1024}


def _measure(what: str, deck: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", what, str(deck), str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout)


def help_time(runs: int = 5) -> float:
    """Median wall time of `cardgen --help` in a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cardgen", "--help"], capture_output=True, check=True,
                       cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def profile(cards: int, folder: Path, formats: tuple[str, ...] = ("cards",), top: int = 25) -> None:
    """cProfile one build and print its hot spots, by own time and by cumulative time."""
    import cProfile
    import pstats

    from cardgen.build import build_deck
    from cardgen.options import BuildOptions

    path = folder / f"deck-{cards}.yaml"
    path.write_text(deck_yaml(cards), encoding="utf-8")
    profiler = cProfile.Profile()
    profiler.enable()
    build_deck(path, str(path), BuildOptions(formats=formats), folder / "profile")
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"\n== cProfile: {cards:,} cards, {'+'.join(formats)} ==")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="deck sizes, comma-separated")
    parser.add_argument("--booklet-max", type=int, default=10000,
                        help="build booklets only for decks up to this many cards")
    parser.add_argument("--profile", type=int, action="append", default=[],
                        help="also cProfile a cards build of this many cards (repeatable)")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "DECK", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, deck, out = args.child
        print(json.dumps(child(what, Path(deck), Path(out))))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="cardgen-bench-") as tmp:
        folder = Path(tmp)
        rows = []
        for cards in sizes:
            deck = folder / f"deck-{cards}.yaml"
            deck.write_text(deck_yaml(cards), encoding="utf-8")
            row = {"size": cards, "yaml_kb": deck.stat().st_size / 1024}
            for what in ("floor", "cards", "verify", "booklet"):
                skip = what == "booklet" and cards > args.booklet_max
                row[what] = {} if skip else _measure(what, deck, folder / f"out-{cards}-{what}")
            rows.append(row)
            print(f"  measured {cards:,} cards", file=sys.stderr)
        _table(rows)
        print(f"\n`cardgen --help` (python -m cardgen --help), median of 5: {help_time():.3f} s")
        print(TARGETS)
        for cards in args.profile:
            profile(cards, folder)


def _table(rows: list[dict]) -> None:
    """One line per size; ratios only where both numbers exist."""
    def seconds(entry: dict) -> float | None:
        return entry.get("seconds")

    def show(value: float | None, form: str) -> str:
        return "-" if value is None else format(value, form)

    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else a / b

    print(f"\n{'cards':>7} {'yaml KB':>8} {'cards s':>8} {'ms/card':>8} {'floor s':>8} "
          f"{'x floor':>8} {'growth':>7} {'peak MB':>8} {'verify s':>9} {'verify %':>9} "
          f"{'booklet s':>10} {'bk growth':>10} {'bk MB':>7}")
    previous: dict = {}
    for row in rows:
        build, floor = seconds(row["cards"]), seconds(row["floor"])
        verify, booklet = seconds(row["verify"]), seconds(row["booklet"])
        growth = ratio(build, seconds(previous.get("cards", {})))
        booklet_growth = ratio(booklet, seconds(previous.get("booklet", {})))
        share = ratio(verify, build)
        print(f"{row['size']:>7,} {row['yaml_kb']:>8.0f} {show(build, '.2f'):>8} "
              f"{show(ratio(build and 1000 * build, row['size']), '.2f'):>8} {show(floor, '.2f'):>8} "
              f"{show(ratio(build, floor), '.1f'):>8} {show(growth, '.1f'):>7} "
              f"{show(row['cards'].get('peak_mb'), '.0f'):>8} {show(verify, '.2f'):>9} "
              f"{show(share and 100 * share, '.0f'):>9} {show(booklet, '.2f'):>10} "
              f"{show(booklet_growth, '.1f'):>10} {show(row['booklet'].get('peak_mb'), '.0f'):>7}")
        for what in ("floor", "cards", "verify", "booklet"):
            if "error" in row[what]:
                print(f"        {what} failed: {row[what]['error']}")
        previous = row


if __name__ == "__main__":
    main()
