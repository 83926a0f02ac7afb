"""How a change moved cardgen's speed: the same builds by this checkout and another, interleaved.

    git worktree add /tmp/before main          # the code before the change
    python benchmarks/compare.py /tmp/before [--sizes 1000,10000] [--runs 5]
                                             [--measure cards,booklet,help]

Each figure is a whole process (`python -m cardgen ...` started in each checkout, so
each runs its own cardgen), run `--runs` times with the two checkouts alternating, on
the realistic deck of benchmarks/decks.py; both checkouts' modules are compiled first,
as in bench.py. It prints the median CPU seconds of each and their ratio: a refactor
that should not change speed gives ratios within the machine's noise (a few per cent).
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import PYTHON, ROOT, run  # noqa: E402
from decks import write_deck  # noqa: E402


def _command(what: str, deck: Path, out: Path) -> list[str]:
    build = [PYTHON, "-m", "cardgen", "build", str(deck), "-o", str(out)]
    return {
        "cards": [*build, "--format", "cards"],
        "booklet": [*build, "--format", "booklet"],
        "help": [PYTHON, "-m", "cardgen", "--help"],
    }[what]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other checkout (the code before a change)")
    parser.add_argument("--sizes", default="1000,10000", help="entries a deck, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs of each figure (the median)")
    parser.add_argument("--measure", default="cards,booklet,help", help="cards, booklet, help")
    args = parser.parse_args()
    other = args.other.resolve()
    if not (other / "cardgen" / "__init__.py").is_file():
        raise SystemExit(f"{other} is not a cardgen checkout")
    for checkout in (ROOT, other):
        compileall.compile_dir(checkout / "cardgen", quiet=1)
    print(f"this: {ROOT}\nother: {other}\n")
    print(f"{'what':8} {'entries':>8} {'this cpu s':>11} {'other cpu s':>12} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for size in map(int, args.sizes.split(",")):
            deck = write_deck("realistic", size, Path(folder))
            for what in args.measure.split(","):
                found: dict[Path, list[float]] = {ROOT: [], other: []}
                for _ in range(args.runs):
                    for checkout in (ROOT, other):
                        out = Path(folder) / checkout.name / what
                        out.mkdir(parents=True, exist_ok=True)
                        result = run(_command(what, deck, out), cwd=checkout)
                        if "error" in result:
                            raise SystemExit(f"{checkout}: {what}: {result['error']}")
                        found[checkout].append(result["cpu"])
                this, before = (statistics.median(found[c]) for c in (ROOT, other))
                print(f"{what:8} {size:>8} {this:>11.2f} {before:>12.2f} {this / before:>6.3f}")


if __name__ == "__main__":
    main()
