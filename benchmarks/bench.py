"""How fast cardgen builds realistic decks, against bare ReportLab and Typst doing the same work.

    python benchmarks/bench.py [--decks realistic,bundled] [--sizes 100,1000,10000]
                               [--runs 3] [--measure floor,cards,cards1,typst,booklet]
                               [--booklet-max 1000] [--memory 50000] [--profile 10000]
                               [--wait decks,images,images-1000,studio]

Every figure is a whole process, start-up included, run `--runs` times with the
measurements interleaved (so a busy spell of the machine falls on all of them),
with cardgen and the benchmarks' modules compiled first (as pip compiles an installed
package), and reported as the median of each of:

- cpu s:  user + system CPU time of the process and of every worker it started
          (os.wait4 counts the children a process waited for), the steadier figure on a
          shared machine: other work slows the wall clock, not the CPU time;
- wall s: wall-clock time from start to exit: what a user waits, and what worker
          processes (`--jobs`, by default one a usable core) shorten;
- MB:     the peak of the memory of the process and its workers together: the sum of
          their proportional set sizes (/proc/PID/smaps_rollup's Pss, pages shared by
          forked workers counted once in all), sampled every 20 ms in one more run of
          its own, and never less than the largest process's own peak (ru_maxrss).
          Sampling reads smaps_rollup, which takes the lock a process's page faults
          wait on: in the timed runs it slowed the bundled decks' parallel build (a
          forked worker's copy-on-write faults are many) from 1.22 to 1.34 s.

What runs (each in a fresh process):

- cards:   `python -m cardgen build DECK --format cards` (load, check, fit, draw, write),
           with the default jobs (every usable core); cards1: the same with `--jobs 1`;
- floor:   benchmarks/floor.py, the least any tool could do with ReportLab (see there);
- typst:   benchmarks/typst_cards.py, the same cards laid out by Typst (see there);
- booklet: `cardgen build --format booklet` (pocket imposition), and `flat`, the
           same with `--impose none`; `verify`: the cards build with `--verify`.

`--wait` adds what a user waits for, default jobs against `--jobs 1`: `decks`, `cardgen
build` of the bundled decks (cards and booklets); `images`, `--format images` of the
bundled deck, and `images-1000` of a realistic 1,000-entry deck; `studio`, the studio's
first view of a 1,000-card deck (benchmarks/
studio.py, wall clock only). The decks are described in benchmarks/decks.py.
`--memory N` builds the card sheets of N short prompts (50,000 fit the loader's 2 MB
limit) and reports their peak memory; `--profile N` prints cProfile's hot spots of a
realistic N-card build.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from decks import write_deck  # noqa: E402

PYTHON = sys.executable
TARGETS = """\
targets: 10,000 realistic cards within 2x the floor's CPU and faster than Typst; on the
         wall clock at most 0.7x Typst's and 0.9x the floor's; a pocket booklet at most
         1.5x its cards; 10,000 cards under 250 MB and 50,000 under 400 MB, all processes
         together; the bundled decks at most 0.65x and their images 0.6x of --jobs 1;
         the studio's first view of 1,000 cards under 3 s"""


def _command(what: str, deck: Path, out: Path) -> list[str]:
    build = [PYTHON, "-m", "cardgen", "build", str(deck), "-o", str(out)]
    return {
        "cards": [*build, "--format", "cards"],
        "cards1": [*build, "--format", "cards", "--jobs", "1"],
        "verify": [*build, "--format", "cards", "--verify"],
        "booklet": [*build, "--format", "booklet"],
        "flat": [*build, "--format", "booklet", "--impose", "none"],
        "floor": [PYTHON, str(HERE / "floor.py"), str(deck), str(out / "floor.pdf")],
        "typst": [PYTHON, str(HERE / "typst_cards.py"), str(deck), str(out / "typst.pdf")],
        "help": [PYTHON, "-m", "cardgen", "--help"],
    }[what]


def run(command: list[str], cwd: Path = ROOT, sampled: bool = False) -> dict:
    """One process, started in `cwd` (the checkout whose cardgen it runs): its CPU (its
    workers' too) and wall seconds, or the error it ended with; `sampled`, the peak memory
    of it and its workers together too.

    Memory is sampled in runs of its own: reading a process's smaps_rollup every 20 ms
    takes the lock its page faults wait on, and a forked worker's copy-on-write faults
    are many (sampled, the bundled decks' parallel build took 1.34 s against 1.22 s)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=cwd)
        peak = _Peak(process.pid) if sampled else None
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if peak is not None:
            peak.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            lines = errors.read().decode(errors="replace").strip().splitlines()
            return {"error": lines[-1] if lines else f"exit {process.returncode}"}
    found = {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall}
    if peak is not None:  # never under the largest single process (a peak shorter than a
        found["mb"] = max(peak.mb, usage.ru_maxrss / 1024)  # sample is missed)
    return found


class _Peak(threading.Thread):
    """The most memory a process and its children held together, in MB: the sum of their
    proportional set sizes (a page shared by forked workers counts once in all), sampled."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.mb, self._done = pid, 0.0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self._done.wait(0.02):
            pids = [self.pid, *_children(self.pid)]
            self.mb = max(self.mb, sum(map(_pss_kb, pids)) / 1024)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    except OSError:
        return []


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure(whats: list[str], deck: Path, folder: Path, runs: int) -> dict[str, dict]:
    """The median of `runs` runs of each measurement, interleaved round by round."""
    results: dict[str, list[dict]] = {what: [] for what in whats}
    for _ in range(runs):
        for what in whats:
            out = folder / what
            out.mkdir(parents=True, exist_ok=True)
            results[what].append(run(_command(what, deck, out)))
    for what in whats:  # memory, in a run of its own (see `run`)
        peak = run(_command(what, deck, folder / what), sampled=True).get("mb", 0.0)
        results[what] = [result if "error" in result else {**result, "mb": peak}
                         for result in results[what]]
    medians = {}
    for what, found in results.items():
        failed = [result for result in found if "error" in result]
        medians[what] = failed[0] if failed else {
            key: statistics.median(result[key] for result in found)
            for key in ("cpu", "wall", "mb")}
    return medians


def _show(value: float | None, form: str, width: int) -> str:
    return format("-" if value is None else format(value, form), f">{width}")


def _ratio(found: dict, a: str, b: str, key: str = "cpu") -> float | None:
    """How many times measurement `a`'s CPU (or wall) time is `b`'s, if both were measured."""
    top, bottom = found.get(a, {}).get(key), found.get(b, {}).get(key)
    return top / bottom if top and bottom else None


def table(deck: str, rows: list[tuple[int, float, dict]]) -> None:
    """One line per size: each measurement's cpu s, wall s and MB, and the ratios."""
    whats = [what for what in ("cards", "cards1", "floor", "typst", "booklet", "flat", "verify")
             if any(what in row[2] for row in rows)]
    head = f"{'cards':>7} {'yaml KB':>8}"
    for what in whats:
        head += f" | {what + ' cpu':>11} {'wall':>6} {'MB':>5}"
    head += (f" | {'x floor':>7} {'x typst':>7} {'bk/cards':>8}"
             f" | {'wall x floor':>12} {'wall x typst':>12} {'cpu x jobs1':>11}")
    print(f"\n{deck} deck (median of each; cpu and wall in seconds)\n{head}")
    for size, kb, found in rows:
        line = f"{size:>7,} {kb:>8.0f}"
        for what in whats:
            entry = found.get(what, {})
            line += (f" | {_show(entry.get('cpu'), '.2f', 11)} {_show(entry.get('wall'), '.2f', 6)}"
                     f" {_show(entry.get('mb'), '.0f', 5)}")
        line += (f" | {_show(_ratio(found, 'cards', 'floor'), '.2f', 7)} "
                 f"{_show(_ratio(found, 'cards', 'typst'), '.2f', 7)} "
                 f"{_show(_ratio(found, 'booklet', 'cards'), '.2f', 8)}"
                 f" | {_show(_ratio(found, 'cards', 'floor', 'wall'), '.2f', 12)} "
                 f"{_show(_ratio(found, 'cards', 'typst', 'wall'), '.2f', 12)} "
                 f"{_show(_ratio(found, 'cards1', 'cards', 'cpu'), '.2f', 11)}")
        print(line)
        for what, entry in found.items():
            if "error" in entry:
                print(f"        {what} failed: {entry['error']}")


def waits(whats: list[str], folder: Path, runs: int) -> None:
    """What a user waits for with the default jobs and with `--jobs 1`: the bundled decks'
    cards and booklets, the bundled deck's pictures, the studio's first view."""
    builds = {
        "decks": [PYTHON, "-m", "cardgen", "build"],
        "images": [PYTHON, "-m", "cardgen", "build", str(ROOT / "decks" / "harm-reduction.yaml"),
                   "--format", "images"],
    }
    if "images-1000" in whats:  # a realistic deck of 1,000 entries: about 2,000 pictures
        builds["images-1000"] = [PYTHON, "-m", "cardgen", "build",
                                 str(write_deck("realistic", 1000, folder)), "--format", "images"]
    print("\nwhat a user waits for (median of each; default jobs against --jobs 1)")
    for what in whats:
        if what == "studio":
            firsts = [_studio_first() for _ in range(runs)]
            cards = [first for first, _ in firsts]
            wholes = [whole for _, whole in firsts]
            print(f"  studio, first view of 1,000 cards: {statistics.median(cards):.2f} s wall "
                  f"(runs: {', '.join(f'{first:.2f}' for first in cards)}); with the booklet "
                  f"and lint: {statistics.median(wholes):.2f} s")
            continue
        found: dict[str, list[dict]] = {"default": [], "one": []}
        commands = {name: [*builds[what], "-o", str(folder / f"{what}-{name}"), *extra]
                    for name, extra in (("default", []), ("one", ["--jobs", "1"]))}
        for _ in range(runs):
            for name, command in commands.items():
                found[name].append(run(command))
        for name, command in commands.items():  # memory, in a run of its own (see `run`)
            peak = run(command, sampled=True).get("mb", 0.0)
            found[name] = [{**result, "mb": peak} for result in found[name]]
        medians = {name: {key: statistics.median(result.get(key, 0) for result in results)
                          for key in ("cpu", "wall", "mb")} for name, results in found.items()}
        default, one = medians["default"], medians["one"]
        print(f"  {what}: default {default['wall']:.2f} s wall, {default['cpu']:.2f} s cpu, "
              f"{default['mb']:.0f} MB; --jobs 1 {one['wall']:.2f} s wall, {one['cpu']:.2f} s "
              f"cpu, {one['mb']:.0f} MB; wall {default['wall'] / one['wall']:.2f}x of --jobs 1")


def _studio_first() -> tuple[float, float]:
    """The studio's first view of 1,000 cards (the cards) and its first whole view (the
    booklet and lint too), in seconds."""
    done = subprocess.run([PYTHON, str(HERE / "studio.py"), "--cards", "1000", "--edits", "1"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    times = [float(line.split(":")[1].split()[0]) for line in done.stdout.splitlines()
             if line.startswith(("first view", "first whole view"))]
    return times[0], times[1]


def profile(cards: int, folder: Path, top: int = 30) -> None:
    """cProfile one realistic cards build in this process: hot spots by own and total time."""
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    import cardgen

    deck = write_deck("realistic", cards, folder)
    profiler = cProfile.Profile()
    profiler.enable()
    cardgen.build(deck, cardgen.BuildOptions(formats=("cards",)))
    profiler.disable()
    print(f"\n== cProfile: realistic deck of {cards:,} cards, --format cards ==")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decks", default="realistic,bundled", help="realistic, bundled")
    parser.add_argument("--sizes", default="100,1000,10000", help="entries a deck, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (the median)")
    parser.add_argument("--measure", default="floor,cards,cards1,typst,booklet",
                        help="any of floor, cards, cards1, typst, booklet, flat, verify")
    parser.add_argument("--wait", default="decks,images,images-1000,studio",
                        help="any of decks, images, images-1000, studio (none: '')")
    parser.add_argument("--booklet-max", type=int, default=1000,
                        help="booklets (booklet, flat) only for decks up to this many entries")
    parser.add_argument("--memory", type=int, default=0,
                        help="also the peak memory of a cards build of this many short prompts")
    parser.add_argument("--profile", type=int, action="append", default=[],
                        help="also cProfile a realistic cards build of this many entries")
    args = parser.parse_args()

    whats = args.measure.split(",")
    if "typst" in whats:
        try:
            import typst  # noqa: F401
        except ImportError:
            raise SystemExit("the Typst comparison needs the typst package: pip install typst "
                             "(or leave it out: --measure floor,cards)") from None
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), "
          f"Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    # Every process imports compiled modules, as from an installed cardgen: pip compiles a
    # package when it installs it, but an editable install whose environment sets
    # PYTHONDONTWRITEBYTECODE would compile cardgen anew in every run (0.1 s of each).
    for package in (ROOT / "cardgen", HERE):
        compileall.compile_dir(package, quiet=1)
    with tempfile.TemporaryDirectory(prefix="cardgen-bench-") as tmp:
        folder = Path(tmp)
        for kind in filter(None, args.decks.split(",")):  # --decks "": what users wait for only
            rows = []
            for size in (int(size) for size in args.sizes.split(",")):
                deck = write_deck(kind, size, folder)
                chosen = [what for what in whats
                          if what not in ("booklet", "flat") or size <= args.booklet_max]
                rows.append((size, deck.stat().st_size / 1024,
                             measure(chosen, deck, folder / f"{kind}-{size}", args.runs)))
                print(f"  measured the {kind} deck of {size:,}", file=sys.stderr)
            table(kind, rows)
        if args.memory:
            deck = write_deck("short", args.memory, folder)
            [found] = measure(["cards"], deck, folder / "memory", 1).values()
            used = found.get("error") or f"{found['mb']:.0f} MB peak, {found['cpu']:.1f} s cpu"
            print(f"\n{args.memory:,} short prompts ({deck.stat().st_size / 1024 / 1024:.1f} MB of "
                  f"YAML), card sheets: {used}")
        if args.wait:
            waits(args.wait.split(","), folder, args.runs)
        helps = measure(["help"], ROOT, folder / "help", 5)["help"]
        print(f"\n`python -m cardgen --help`, median of 5: {helps.get('cpu', 0):.3f} s cpu, "
              f"{helps.get('wall', 0):.3f} s wall")
        print(f"load average {os.getloadavg()[0]:.1f} at the end\n{TARGETS}")
        for cards in args.profile:
            profile(cards, folder)


if __name__ == "__main__":
    main()
