"""How much a pocket booklet costs next to the card sheets of the same deck, on realistic decks.

Run it from the repository:  python benchmarks/booklet_speed.py [--sizes 1000,10000]
                             [--helplines 300] [--runs 3] [--keep FOLDER] [--verify]

Each deck is generated (see `realistic_deck`): words drawn from the seed text of a
harm-reduction blog post and from the system dictionary (/usr/share/dict/words), every
card kind, topics, notes, sources, and 2 % helplines with their own web addresses, so
each has its own QR code. `--helplines N` adds a deck of N helplines alone (the case
where imposition used to cost most). Every figure is the median of `--runs` whole
`cardgen build` processes, start-up included: CPU seconds (user + system of the
child, steadier than wall-clock on a shared machine) and wall-clock seconds.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = Path("/work/shared/seeds")
DICTIONARY = Path("/usr/share/dict/words")


def _vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    """Common words from real text, and rare ones from a dictionary of about 100,000."""
    common: list[str] = []
    for path in sorted(SEED_TEXT.glob("*.txt")) if SEED_TEXT.exists() else []:
        common += [w.strip(".,;:!?\"“”‘’()") for w in path.read_text(encoding="utf-8").split()]
    common = [w for w in common if w.isalpha()] or ["the", "you", "and", "talk", "care", "hope"]
    rare = []
    if DICTIONARY.exists():
        rare = [w for w in DICTIONARY.read_text(encoding="utf-8").split() if w.isalpha()]
    return common, rare or common


def _sentence(rng: random.Random, common, rare, low: int, high: int, end: str = ".") -> str:
    words = [rng.choice(rare) if rng.random() < 0.3 else rng.choice(common)
             for _ in range(rng.randint(low, high))]
    text = " ".join(words)
    return text[:1].upper() + text[1:] + end


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "").replace('"', "'") + '"'


def realistic_deck(entries: int, helplines: float = 0.02, seed: int = 7) -> str:
    """A deck of `entries` cards as YAML: 53 % prompts, 25 % reframes, 15 % quotes,
    5 % practices and `helplines` (a share) resources, each with its own address."""
    rng = random.Random(seed)
    common, rare = _vocabulary(rng)
    topics = [_sentence(rng, common, rare, 1, 2, "") for _ in range(40)]
    counts = {"resources": max(1, round(entries * helplines))}
    rest = entries - counts["resources"]
    counts["reframes"] = rest * 25 // 98
    counts["quotes"] = rest * 15 // 98
    counts["practices"] = rest * 5 // 98
    counts["prompts"] = rest - counts["reframes"] - counts["quotes"] - counts["practices"]
    lines = ["title: A Realistic Deck", "region: US", "subtitle: Generated for measuring",
             "author: Bench group",
             "license: CC BY 4.0", 'version: "1.0"', "intro: |"]
    lines += ["  " + _sentence(rng, common, rare, 12, 30) + "\n" for _ in range(3)]
    lines.append("prompts:")
    for _ in range(counts["prompts"]):
        lines.append(f"  - text: {_quoted(_sentence(rng, common, rare, 6, 20, '?'))}")
        if rng.random() < 0.4:
            lines.append(f"    topic: {_quoted(rng.choice(topics))}")
        if rng.random() < 0.3:
            lines.append(f"    note: {_quoted(_sentence(rng, common, rare, 4, 12))}")
    lines.append("reframes:")
    for _ in range(counts["reframes"]):
        lines.append(f"  - instead: {_quoted(_sentence(rng, common, rare, 4, 12))}")
        lines.append(f"    try: {_quoted(_sentence(rng, common, rare, 6, 16))}")
        if rng.random() < 0.5:
            lines.append(f"    why: {_quoted(_sentence(rng, common, rare, 5, 14))}")
    lines.append("quotes:")
    for _ in range(counts["quotes"]):
        lines.append(f"  - text: {_quoted(_sentence(rng, common, rare, 8, 24))}")
        lines.append(f"    by: {_quoted(_sentence(rng, common, rare, 2, 3, ''))}")
        if rng.random() < 0.5:
            lines.append(f"    source: {_quoted(_sentence(rng, common, rare, 2, 5, ''))}")
    lines.append("practices:")
    for _ in range(counts["practices"]):
        lines.append(f"  - text: {_quoted(_sentence(rng, common, rare, 6, 18))}")
        if rng.random() < 0.6:
            lines.append(f"    minutes: {rng.randint(1, 20)}")
    lines.append("resources:")
    for number in range(counts["resources"]):
        lines.append(f"  - name: {_quoted(_sentence(rng, common, rare, 2, 5, ''))}")
        lines.append(f"    phone: \"1-800-{rng.randint(200, 554)}-{rng.randint(1000, 9999)}\"")
        lines.append(f"    url: https://help{number}.example.org/{rng.choice(common).lower()}")
        lines.append(f"    note: {_quoted(_sentence(rng, common, rare, 6, 16))}")
    return "\n".join(lines) + "\n"


def helpline_deck(count: int, seed: int = 11) -> str:
    """A deck of `count` helplines, each with its own address, and ten other entries
    (a deck needs one card that is not a helpline)."""
    return realistic_deck(count + 10, helplines=count / (count + 10), seed=seed)


def _run(deck: Path, fmt: str, out: Path, verify: bool) -> tuple[float, float]:
    """One whole build process: (CPU seconds, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    extra = ["--verify"] if verify else []
    subprocess.run([sys.executable, "-m", "cardgen", "build", str(deck), "--format", fmt,
                    "-o", str(out), *extra], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def measure(deck: Path, out: Path, runs: int, verify: bool) -> dict[str, tuple[float, float]]:
    figures = {}
    for fmt in ("cards", "booklet"):
        times = [_run(deck, fmt, out, verify) for _ in range(runs)]
        figures[fmt] = (statistics.median(t[0] for t in times),
                        statistics.median(t[1] for t in times))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--helplines", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the decks and PDFs here")
    parser.add_argument("--verify", action="store_true", help="build with --verify")
    args = parser.parse_args()
    decks = [(f"{int(n):,} entries", realistic_deck(int(n))) for n in args.sizes.split(",")
             if n.strip()]
    if args.helplines:
        decks.append((f"{args.helplines} helplines", helpline_deck(args.helplines)))
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'deck':<16} {'cards cpu s':>11} {'booklet cpu s':>13} {'ratio':>6}"
              f" {'cards wall s':>12} {'booklet wall s':>14}")
        for index, (name, text) in enumerate(decks):
            path = folder / f"deck{index}.yaml"
            path.write_text(text, encoding="utf-8")
            figures = measure(path, folder, args.runs, args.verify)
            (cards_cpu, cards_wall), (book_cpu, book_wall) = figures["cards"], figures["booklet"]
            print(f"{name:<16} {cards_cpu:>11.2f} {book_cpu:>13.2f} {book_cpu / cards_cpu:>6.2f}"
                  f" {cards_wall:>12.2f} {book_wall:>14.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
