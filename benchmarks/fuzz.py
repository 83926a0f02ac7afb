"""Fuzzing cardgen as a careless user and an attacker would: commands, HTML edition, studio.

It tries three surfaces (`--surfaces`, all three by default, time shared between them):

    cli     a small project folder (decks/, maybe a cardgen.yaml, maybe a fonts/ folder
            or a --font file) made by mutating real files: the bundled decks, a
            cardgen.yaml with every setting, the bundled fonts truncated or with bits
            flipped; run with `validate`, `lint`, `build` or `preview`;
    html    a deck with hostile text in its fields, maybe a logo and a damaged font
            (fuzz_html.py), built with `build --format html`;
    studio  requests to the studio's server, run in this process on a loopback port
            (fuzz_studio.py, which says what makes a finding there).

Each cli and html input runs as its own process, `python -m cardgen COMMAND ...`, with
its address space capped (resource.setrlimit) and a wall-clock timeout, and counts as a
finding when it

    prints a traceback, dies of a signal or exits with a code other than 0, 1 or 2;
    changes an input, leaves a partial file or a PDF cut short, or writes an HTML page
    where deck text became markup, an id is given twice, or its own style or script
    is blocked by its Content-Security-Policy (fuzz_html.page_problem);
    refuses an HTML input without naming the file at fault;
    uses more than 5 s of CPU time (SLOW), or is still running at the timeout (TIMEOUT);
    grows past the memory cap (500 MB of address space, MEMORY).

CPU time, not wall time, is what is compared with the 5 s, so a busy machine does not
make findings of its own; wall time is reported beside it. Findings are deduplicated
by surface and where the traceback ends, and saved with everything needed to run them
again (`--replay N` rebuilds input N of the first surface named and runs it).

    python benchmarks/fuzz.py --seconds 600                       # ten minutes, two workers
    python benchmarks/fuzz.py --count 200 --seed 7 --surfaces cli # exactly 200 inputs
    python benchmarks/fuzz.py --seconds 180 --surfaces html,studio --jobs 1
    python benchmarks/fuzz.py --replay 1234 --seed 7 --surfaces html  # in ./fuzz-replay

The same inputs, a few dozen of each surface, run in-process in tests/commands/test_fuzz.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: benchmarks.* and cardgen from this checkout
    sys.path.insert(0, str(ROOT))

from benchmarks import fuzz_html, fuzz_studio  # noqa: E402

DECKS = sorted((ROOT / "decks").glob("*.yaml"))
FONTS = sorted((ROOT / "fonts").glob("*.ttf"))
MEMORY = 500 * 2 ** 20  # bytes of address space a run may take
SLOW = 5.0  # seconds of CPU time a run may take
TIMEOUT = 60.0  # seconds of wall time before a run is taken to hang

# Text that has broken text tools before: long words, every script, marks without a
# letter, direction overrides, zero-width characters, control characters, markup
# left open, addresses that are not web addresses.
HOSTILE = (
    "", " ", "\n", "\t", "~", "null", "0", "-1", "1e400", "0x7fffffffffffffff", "NaN", "yes",
    "a" * 300, "Ab" * 2000, "word " * 600, "Supercalifragilistic" * 12, "x" * 5000,
    "Cafe\u0301 cafe\u0354 \u0301\u0301\u0301", "\u202e!dlrow olleh", "zero\u200bwidth\u200d\ufeff",
    "\u2066isolate\u2069", "line\u2028sep\u2029para", "nul\x00byte", "bell\x07 esc\x1b[31m",
    "\U0001F642\U0001F468\u200d\U0001F469\u200d\U0001F467", "家庭对话 " * 40,
    "مرحبا بكم " * 20, "Tiếng Việt có dấu", "ภาษาไทยไม่มีช่องว่าง" * 10, "Ελληνικά Русский",
    "**bold *both**",
    "*open", "***", "\\*", "**", "_under_", "<b>tag</b>", "&amp;", "%PDF-1.7", ")\\(",
    "javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>",
    "https://example.org/a b", "https://example.org/\u202eevil", "https://" + "a" * 3000 + ".org",
    "tel:+1 800 662 4357", "mailto:help@example.org", "http://[::1]:80/", "https://例子.测试",
    "\ud7ff\ue000\uffff", "\U0010ffff", "\u00ad\u00ad", "-" * 200, "/" * 200, "\u00a0" * 50,
)
LENGTHS = ("0", "1mm", "3mm", "0.125in", "1in", "25in", "100in", "1000in", "1e9mm", "-2mm",
           "99999999999999999999mm", "0.0000001pt", "3,5mm", "mm", "1 in", "nan mm")
SETTINGS = {
    "paper": ("letter", "a4", "A5", "legal", "tabloid", "b5", "", "[a4]"),
    "card": ("poker", "mini", "large", "business", "index", "1x1mm", "0.5x0.5in", "100x100in",
             "60x90mm", "2x3", "1e9x1e9mm", "square"),
    "duplex": ("long", "short", "none", "both"),
    "bleed": LENGTHS,
    "marks": ("true", "false", "maybe"),
    "back_offset": ("1mm,-0.5mm", "1000in,0", "0,0", "-1in,1in", "5mm", "1mm,2mm,3mm"),
    "mono": ("true", "false"),
    "large_print": ("true", "false"),
    "only": ("prompt", "reframe,quote", "resource", "blank", "instructions", "nothing", ""),
    "tag": ("rest", "fear", "none-such", "", "\U0001F642"),
    "helplines": ("true", "false"),
    "format": ("cards", "booklet", "shop", "[cards, shop]", "[booklet]", "pdf"),
    "booklet_size": ("a6", "a5", "quarter-letter", "half-letter", "a7"),
    "impose": ("pocket", "saddle", "zine", "none", "quad"),
    "creep": LENGTHS,
    "verify": ("true", "false"),
    "out": ("out", '"a\\0b"', "/proc/x", "/dev/null", "out/../out", "\U0001F642"),
    "font": ("fonts/broken.ttf", "missing.ttf", "/dev/zero", "decks"),
}
COMMANDS = ("validate", "lint", "build", "build", "build", "preview")


@dataclass(frozen=True)
class Case:
    """One input: the files of a project folder and the command run in it."""

    number: int
    what: str  # the mutations made, for the report
    # Name -> bytes, or a special file: "link:TARGET" (a symbolic link) or "pipe" (a FIFO).
    files: dict[str, bytes | str] = field(hash=False)
    args: tuple[str, ...] = ()
    interrupt: tuple[int, float] | None = None  # (signal, seconds after the start) to send
    surface: str = "cli"  # which maker made it: "cli" or "html"


@dataclass(frozen=True)
class Run:
    case: Case
    code: int  # exit code, or minus the signal that ended it
    cpu: float  # seconds
    wall: float  # seconds
    memory: int  # peak resident bytes
    stderr: str
    timed_out: bool = False
    damage: str | None = None  # what the run broke on the disk (see _damage)

    @property
    def surface(self) -> str:
        return self.case.surface

    @property
    def number(self) -> int:
        return self.case.number

    @property
    def label(self) -> str:
        return self.case.args[0] if self.case.args else ""

    @property
    def result(self) -> str:
        return "hang" if self.timed_out else f"exit {self.code}"

    @property
    def problem(self) -> str | None:
        """What is wrong with this run, or None."""
        if self.timed_out:
            return f"still running after {TIMEOUT:g} s"
        if self.damage:
            return self.damage
        interrupted = self.case.interrupt is not None
        # Ctrl-C while Python is still starting up is Python's own traceback, not ours.
        startup = (interrupted and self.stderr.rstrip().endswith("KeyboardInterrupt")
                   and "cardgen/cli.py" not in self.stderr)
        if ("Traceback (most recent call last)" in self.stderr
                or "MemoryError" in self.stderr) and not startup:
            return "traceback"
        if self.code not in (0, 1, 2) and not (interrupted and self.code in (130, -2, -15)):
            return f"exit {self.code}"
        # Every file of an HTML input is the user's: a refusal says which one is at fault.
        if self.case.surface == "html" and self.code == 1 and not any(
                line.startswith(tuple(self.case.files)) for line in self.stderr.splitlines()):
            return "refused without naming the file at fault"
        if self.cpu > SLOW:
            return f"over {SLOW:g} s of CPU ({self.cpu:.1f} s)"
        if self.memory > MEMORY:
            return f"over {MEMORY / 2 ** 20:.0f} MB ({self.memory / 2 ** 20:.0f} MB)"
        return None

    @property
    def signature(self) -> str:
        """Where a traceback ends (the last cardgen frame and the exception), else the problem."""
        first = self.stderr.split("During handling of the above exception")[0]
        frames = re.findall(r'File "([^"]+)", line (\d+), in (\S+)', first)
        ours = [f for f in frames if "/cardgen/" in f[0]] or frames
        # The exception's name starts a line; a C extension may add lines after it.
        errors = re.findall(r"(?m)^([A-Za-z_.]+(?:Error|Exception|Exit|Interrupt|\.error))\b",
                            first)
        error = errors[-1] if errors else ""
        if ours and self.problem == "traceback":
            path, line, function = ours[-1]
            return f"{Path(path).name}:{line} in {function}: {error}"
        problem = re.sub(r" \(.*\)$", "", self.problem or "")  # the particulars, if any, go
        return f"{problem}: {' '.join(self.case.args[:1])}"


# --- making inputs -------------------------------------------------------------------


def make_case(seed: int, number: int) -> Case:
    """Input `number` of `seed`: always the same files and command."""
    rng = random.Random(f"{seed}-{number}")
    notes: list[str] = []
    files: dict[str, bytes] = {}
    deck = rng.choice(DECKS)
    text = _shrunk(deck.read_text(encoding="utf-8"), rng, notes)
    data = _mutated_deck(text, rng, notes)
    name = rng.choice(("deck.yaml", "deck.yml", "deck.yaml", "d\u00e9ck.yaml"))
    files[f"decks/{name}"] = data
    if rng.random() < 0.35:
        files["cardgen.yaml"] = _settings(rng, notes)
    if rng.random() < 0.03:  # not a file at all: a device, a pipe nobody writes to
        special = rng.choice(("link:/dev/zero", "link:/dev/urandom", "pipe", "link:decks"))
        where = rng.choice((f"decks/{name}", "cardgen.yaml", "decks/other.yaml"))
        files[where] = special
        notes.append(f"{where} is {special}")
    font_args: list[str] = []
    if rng.random() < 0.25:
        font = rng.choice(FONTS)
        broken = _mutated_font(font.read_bytes(), rng, notes)
        where = rng.choice(("fonts/broken.ttf", "mine.ttf"))
        files[where] = broken
        if where == "mine.ttf":
            font_args = ["--font", "mine.ttf"]
    command = rng.choice(COMMANDS)
    args = [command]
    if command == "build":
        args += _build_options(rng) + font_args
        args += ["-o", "out"]
    elif command == "preview":
        args += ["--dpi", "30", "-o", "out"]
    if rng.random() < 0.9 or command == "preview":
        args.append(f"decks/{name}")
    notes.append(command)
    interrupt = _hazards(files, args, name, command, rng, notes)
    return Case(number, ", ".join(notes), files, tuple(args), interrupt)


# The fonts the HTML inputs damage: the faces a Latin deck's page is cut from.
PAGE_FONTS = [font for font in FONTS if font.name.startswith(("Atkinson", "DejaVuSans."))]
HTML_OPTIONS = (["--format", "cards"], ["--mono"], ["--large-print"], ["--only", "prompt,quote"],
                ["--no-helplines"])


def make_html_case(seed: int, number: int) -> Case:
    """HTML input `number` of `seed`: a deck with hostile text in its fields, maybe a logo
    (fuzz_html.logo) and a damaged font, built with `--format html` (and maybe cards)."""
    rng = random.Random(f"html-{seed}-{number}")
    notes: list[str] = []
    files: dict[str, bytes | str] = {}
    text = _shrunk(rng.choice(DECKS).read_text(encoding="utf-8"), rng, notes)
    logo = None
    if rng.random() < 0.35:
        logo, files[f"decks/{logo}"] = fuzz_html.logo(rng, notes)
    files["decks/deck.yaml"] = fuzz_html.hostile_deck(text, rng, notes, HOSTILE, logo)
    args = ["build", "--format", "html"]
    for extra in rng.sample(HTML_OPTIONS, rng.choice((0, 0, 1, 2))):
        args += extra
    if rng.random() < 0.3:
        font = rng.choice(PAGE_FONTS)
        if rng.random() < 0.7:
            broken = fuzz_html.damaged_font(font, rng, notes)
        else:
            broken = _mutated_font(font.read_bytes(), rng, notes)
        if rng.random() < 0.5:
            files["mine.ttf"] = broken
            args += ["--font", "mine.ttf"]
        else:
            files["fonts/broken.ttf"] = broken
    args += ["-o", "out", "decks/deck.yaml"]
    return Case(number, ", ".join(notes), files, tuple(args), surface="html")


MAKERS = {"cli": make_case, "html": make_html_case}
SURFACES = ("cli", "html", "studio")


# What an earlier or a concurrent build may have left in the output folder.
OUTSIDE = b"a file of the user's that cardgen must not touch\n"


def _hazards(files, args, name, command, rng, notes) -> tuple[int, float] | None:
    """Earlier outputs to protect, and interruptions: links where outputs go (to a file of
    the user's, which must stay as it was), a partial file left by a killed build (which
    must be removed), a second deck of the same name (which must be refused), and Ctrl-C
    or SIGTERM part way through (which must leave no partial file and no broken PDF)."""
    stem = name.rsplit(".", 1)[0]
    if command in ("build", "preview") and rng.random() < 0.2:
        files["outside.txt"] = OUTSIDE
        target = rng.choice((f"out/{stem}-cards.pdf", f"out/{stem}-booklet.pdf",
                             f"out/{stem}-cards-01.png", f"out/{stem}-booklet-02.png"))
        files[target] = "link:../outside.txt"
        notes.append(f"{target} links outside")
    if command == "build" and rng.random() < 0.1:
        files[f"out/.{stem}-cards.pdf.partial-999999"] = b"%PDF-1.4 half a file"
        notes.append("a stale partial")
    if command == "build" and rng.random() < 0.05 and f"decks/{name}" in files:
        files[f"other/{name}"] = files[f"decks/{name}"]
        args.append(f"other/{name}")
        notes.append("two decks of one name")
    if command in ("build", "preview") and rng.random() < 0.15:
        interrupt = (rng.choice((signal.SIGINT, signal.SIGTERM)), rng.uniform(0.3, 3.0))
        notes.append(f"{signal.Signals(interrupt[0]).name} after {interrupt[1]:.1f} s")
        return interrupt
    return None


def _shrunk(text: str, rng: random.Random, notes: list[str]) -> str:
    """Most builds use a part of a deck: quicker, so more inputs are tried."""
    if rng.random() < 0.3:
        return text
    keep = rng.choice((1, 2, 5, 12))
    data = yaml.safe_load(text)
    for key in ("prompts", "reframes", "quotes", "practices", "resources"):
        if isinstance(data.get(key), list):
            items = data[key]
            data[key] = rng.sample(items, min(keep, len(items)))
    notes.append(f"{keep} a kind")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _mutated_deck(text: str, rng: random.Random, notes: list[str]) -> bytes:
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        mutation = rng.choice((_hostile_value, _hostile_value, _hostile_value, _line_edit,
                               _byte_edit))
        text = mutation(text, rng, notes)
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        notes.append("bytes flipped")
        data = _flip_bits(data, rng, rng.randint(1, 8))
    return data


def _hostile_value(text: str, rng: random.Random, notes: list[str]) -> str:
    """A value somewhere in the deck replaced by hostile text, the file kept valid YAML."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return _line_edit(text, rng, notes)
    if not isinstance(data, dict):
        return text
    spots = list(_scalars(data, ()))
    if not spots:
        return text
    path = rng.choice(spots)
    value = rng.choice(HOSTILE)
    if rng.random() < 0.15:
        value = rng.choice(([value] * 3, {"a": value}, 10 ** 30, None, True, 3.5))
    elif rng.random() < 0.2:
        value = rng.choice(HOSTILE) + value + rng.choice(HOSTILE)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    if rng.random() < 0.2:  # a field the entry did not have
        entry = rng.choice(spots)[:-1]
        holder = data
        for step in entry:
            holder = holder[step]
        if isinstance(holder, dict):
            holder[rng.choice(("id", "url", "topic", "note", "why", "source", "phone",
                               "minutes", "tags", "title"))] = rng.choice(HOSTILE)
    notes.append(f"{'/'.join(map(str, path))} = {str(value)[:20]!r}")
    width = rng.choice((80, 10 ** 6))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=width)


def _scalars(node, path):
    """The path to every scalar in a loaded YAML tree."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, (dict, list)):
            yield from _scalars(value, (*path, key))
        else:
            yield (*path, key)


def _line_edit(text: str, rng: random.Random, notes: list[str]) -> str:
    lines = text.splitlines() or [""]
    i = rng.randrange(len(lines))
    how = rng.choice(("delete", "duplicate", "indent", "dedent", "stray", "anchor", "tab",
                      "truncate", "swap", "repeat"))
    if how == "delete":
        del lines[i]
    elif how == "duplicate":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = " " * rng.choice((1, 2, 4)) + lines[i]
    elif how == "dedent":
        lines[i] = lines[i][rng.choice((1, 2, 4)):]
    elif how == "stray":
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + rng.choice("[]{}\"'&*!|>%@`#:-?") + lines[i][at:]
    elif how == "anchor" and ": " in lines[i]:
        key, value = lines[i].split(": ", 1)
        lines[i] = f"{key}: &a {value}"
        j = rng.randrange(len(lines))
        if ": " in lines[j]:
            lines[j] = lines[j].split(": ", 1)[0] + ": *a"
    elif how == "tab":
        lines[i] = "\t" + lines[i]
    elif how == "truncate":
        del lines[i:]
    elif how == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "repeat":
        lines[i:i + 1] = [lines[i]] * rng.choice((50, 500))
    notes.append(f"line {i + 1} {how}")
    return "\n".join(lines) + "\n"


def _byte_edit(text: str, rng: random.Random, notes: list[str]) -> str:
    at = rng.randrange(len(text) + 1)
    how = rng.choice(("insert", "cut", "control"))
    if how == "insert":
        text = text[:at] + rng.choice(HOSTILE) + text[at:]
    elif how == "cut":
        text = text[:at] + text[at + rng.randint(1, 200):]
    else:
        text = text[:at] + chr(rng.choice((0, 1, 8, 11, 12, 27, 127, 0x85, 0xFEFF))) + text[at:]
    notes.append(f"char {at} {how}")
    return text


def _settings(rng: random.Random, notes: list[str]) -> bytes:
    keys = rng.sample(sorted(SETTINGS), rng.randint(1, 4))
    lines = []
    for key in keys:
        value = rng.choice(SETTINGS[key])
        raw = value[:1] in ("[", '"') or value in ("true", "false", "maybe")  # as YAML reads them
        lines.append(f"{key}: {value if raw else json.dumps(value, ensure_ascii=False)}")
    if rng.random() < 0.1:
        lines.append(rng.choice(("unknown: 1", "- a list", "paper: [a4", "\tcard: mini")))
    notes.append("cardgen.yaml " + "; ".join(lines))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _mutated_font(data: bytes, rng: random.Random, notes: list[str]) -> bytes:
    how = rng.choice(("truncate", "flip", "zero", "table"))
    if how == "truncate":
        cut = rng.choice((0, 4, 12, 100, 400, rng.randrange(len(data))))
        data = data[:cut]
    elif how == "flip":
        data = _flip_bits(data, rng, rng.randint(1, 50))
    elif how == "zero":
        at = rng.randrange(len(data))
        data = data[:at] + bytes(min(rng.randint(1, 4096), len(data) - at)) + data[at + 4096:]
    else:  # the table directory, where offsets and lengths are
        head = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            head[rng.randrange(12, min(len(head), 12 + 16 * 20))] = rng.randrange(256)
        data = bytes(head)
    notes.append(f"font {how}")
    return data


def _flip_bits(data: bytes, rng: random.Random, count: int) -> bytes:
    if not data:
        return data
    array = bytearray(data)
    for _ in range(count):
        array[rng.randrange(len(array))] ^= 1 << rng.randrange(8)
    return bytes(array)


def _build_options(rng: random.Random) -> list[str]:
    args: list[str] = []
    for format_ in rng.sample(("cards", "booklet", "shop"), rng.randint(1, 2)):
        args += ["--format", format_]
    extras = [
        ["--verify"], ["--verify"], ["--mono"], ["--large-print"], ["--duplex", "none"],
        ["--duplex", "short"], ["--paper", "a4"], ["--card", rng.choice(SETTINGS["card"])],
        ["--impose", rng.choice(("pocket", "saddle", "zine", "none"))],
        ["--bleed", rng.choice(LENGTHS)], ["--creep", rng.choice(LENGTHS)],
        ["--back-offset", rng.choice(SETTINGS["back_offset"])], ["--marks"], ["--no-marks"],
        ["--only", rng.choice(SETTINGS["only"])], ["--tag", "rest"], ["--no-helplines"],
        ["--booklet-size", rng.choice(("a6", "a5", "quarter-letter"))],
    ]
    for extra in rng.sample(extras, rng.randint(0, 3)):
        args += extra
    return args


# --- running inputs ------------------------------------------------------------------

# The child caps its own address space and CPU before cardgen is imported.
_LAUNCH = (
    "import resource, runpy, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))\n"
    "sys.argv = ['cardgen', *sys.argv[1:]]\n"
    "runpy.run_module('cardgen', run_name='__main__')\n"
)


def write_case(case: Case, folder: Path) -> None:
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        if data == "pipe":
            os.mkfifo(path)
        elif isinstance(data, str):
            path.symlink_to(data.removeprefix("link:"))
        else:
            path.write_bytes(data)


def run_case(case: Case, python: str = sys.executable) -> Run:
    """Run one input in a fresh folder and process; the folder is removed after."""
    folder = Path(tempfile.mkdtemp(prefix="cardgen-fuzz-"))
    try:
        write_case(case, folder)
        launch = _LAUNCH.format(memory=MEMORY, cpu=int(TIMEOUT))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
        with open(folder / ".stderr", "w+b") as stderr:
            import subprocess

            start = time.monotonic()
            process = subprocess.Popen([python, "-c", launch, *case.args], cwd=folder, env=env,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=stderr, start_new_session=True)
            timed_out = False
            pending = case.interrupt
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if pending and time.monotonic() - start > pending[1]:
                    os.killpg(process.pid, pending[0])
                    pending = None
                if time.monotonic() - start > TIMEOUT:
                    timed_out = True
                    os.killpg(process.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(process.pid, 0)
                    break
                time.sleep(0.01)
            wall = time.monotonic() - start
            process.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
            stderr.seek(0)
            text = stderr.read().decode("utf-8", "replace")
        return Run(case, process.returncode, usage.ru_utime + usage.ru_stime, wall,
                   usage.ru_maxrss * 1024, text, timed_out,
                   damage(case, folder, process.returncode) or page_problem(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def damage(case: Case, folder: Path, code: int) -> str | None:
    """What a run broke: an input file changed (through a link, say), a partial file
    left in the output folder (one planted as left by a killed build may stay when
    nothing was written), or a PDF there that is not whole."""
    for name, data in case.files.items():
        path = folder / name
        if (isinstance(data, bytes) and not name.startswith("out/") and path.is_file()
                and path.read_bytes() != data):
            return f"{name} was changed"
    out = folder / "out"
    if not out.is_dir():
        return None
    for path in out.rglob("*"):
        partial = re.match(r"^\.(?P<target>.+)\.(partial|old)-\d+$", path.name)
        if partial:
            name = str(path.relative_to(folder))
            target = path.parent / partial["target"]
            written = code == 0 and target.is_file() and not target.is_symlink()
            if written or name not in case.files:  # its output was written, or it is new
                return f"{name} was left behind"
        if path.suffix == ".pdf" and path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
                return f"{path.relative_to(folder)} is not a whole PDF"
    return None


def page_problem(folder: Path) -> str | None:
    """What is wrong with an HTML page the run wrote (fuzz_html.page_problem), naming it."""
    out = folder / "out"
    for page in sorted(out.glob("*.html")) if out.is_dir() else []:
        if page.is_file() and not page.is_symlink():
            problem = fuzz_html.page_problem(page.read_bytes())
            if problem:
                return f"{page.relative_to(folder)}: {problem}"
    return None


def save(run: Run, folder: Path) -> Path:
    """Everything needed to run a finding again, in `folder`/SURFACE-NUMBER."""
    place = folder / f"{run.case.surface}-{run.case.number:06d}"
    if place.exists():
        shutil.rmtree(place)
    place.mkdir(parents=True)
    write_case(run.case, place)
    (place / "command.txt").write_text("python -m cardgen " + " ".join(run.case.args) + "\n"
                                       f"# {run.case.what}\n# {run.problem}\n", encoding="utf-8")
    (place / "stderr.txt").write_text(run.stderr, encoding="utf-8")
    return place


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300,
                        help="stop starting inputs after this")
    parser.add_argument("--count", type=int, help="run exactly this many inputs of each surface")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="the first input's number")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--surfaces", type=_surfaces, default=SURFACES,
                        help="what to try, comma-separated: cli (decks, settings and fonts "
                        "through every command), html (the HTML edition), studio (the "
                        "studio's server); default: all three")
    parser.add_argument("--findings", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--replay", type=int,
                        help="run input N of the first surface again (in ./fuzz-replay)")
    options = parser.parse_args()
    if options.replay is not None:
        return _replay(options.surfaces[0], options.seed, options.replay)
    surfaces = options.surfaces
    deadline = time.monotonic() + options.seconds
    numbers = dict.fromkeys(surfaces, options.start)  # the next input of each surface
    spent = Counter()  # seconds of wall time each surface has had
    tried, outcomes = Counter(), Counter()
    found: dict[str, Run | fuzz_studio.Outcome] = {}
    slowest: list[tuple[float, str]] = []
    biggest = 0
    target = fuzz_studio.Target() if "studio" in surfaces else None

    def work(surface: str, number: int) -> Run | fuzz_studio.Outcome:
        if surface == "studio":
            assert target is not None
            return target.run(fuzz_studio.make_probe(options.seed, number))
        return run_case(MAKERS[surface](options.seed, number))

    def next_surface() -> str | None:
        """The surface that has had the least time (or, with --count, inputs) so far."""
        if options.count is None:
            return None if time.monotonic() > deadline else min(
                surfaces, key=lambda name: (spent[name], numbers[name]))
        left = [name for name in surfaces if numbers[name] < options.start + options.count]
        return min(left, key=lambda name: numbers[name]) if left else None

    try:
        with ThreadPoolExecutor(options.jobs) as pool:
            running = {}
            while True:
                while len(running) < options.jobs and (surface := next_surface()):
                    number = numbers[surface]
                    numbers[surface] += 1
                    spent[surface] += 0.5  # a guess until it ends, so the next pick is fair
                    running[pool.submit(work, surface, number)] = (surface, time.monotonic())
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    surface, started = running.pop(future)
                    spent[surface] += time.monotonic() - started - 0.5
                    run = future.result()
                    tried[surface] += 1
                    outcomes[f"{surface} {run.label}: {run.result}"] += 1
                    if isinstance(run, Run):
                        slowest = sorted([*slowest, (run.cpu, f"{surface} #{run.number} "
                                          + " ".join(run.case.args))], reverse=True)[:3]
                        biggest = max(biggest, run.memory)
                    if run.problem:
                        key = f"{surface} {run.signature}"
                        if key not in found:
                            found[key] = run
                            place = save(run, options.findings) if isinstance(run, Run) \
                                else run.save(options.findings)
                            print(f"FINDING {key} (input {run.number}, {place})", flush=True)
                    if sum(tried.values()) % 100 == 0:
                        print(f"{sum(tried.values())} inputs, {len(found)} findings", flush=True)
    finally:
        if target is not None:
            target.close()
    print(f"\ntried {sum(tried.values())} inputs (seed {options.seed}, from {options.start}): "
          + ", ".join(f"{tried[name]} {name} in {spent[name]:.0f} s" for name in surfaces))
    for surface in surfaces:
        mine = sorted((key.split(" ", 1)[1], n) for key, n in outcomes.items()
                      if key.startswith(surface + " "))
        print(f"  {surface}: " + ", ".join(f"{n} {what}" for what, n in mine))
    print("most CPU: " + "; ".join(f"{cpu:.2f} s {what}" for cpu, what in slowest))
    print(f"most memory: {biggest / 2 ** 20:.0f} MB (limit {MEMORY / 2 ** 20:.0f} MB)")
    print(f"findings: {len(found)}")
    for key, run in found.items():
        what = run.case.what if isinstance(run, Run) else run.probe.what
        print(f"  {key}: input {run.number} ({what[:100]}); --replay {run.number} "
              f"--seed {options.seed} --surfaces {run.surface}")
    return 1 if found else 0


def _surfaces(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in SURFACES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown) or text!r}: choose from {', '.join(SURFACES)}")
    return names


def _replay(surface: str, seed: int, number: int) -> int:
    """Input `number` of `surface` again: a project in ./fuzz-replay and its command, or a
    studio probe alone on a fresh studio."""
    if surface == "studio":
        outcome = fuzz_studio.replay(seed, number)
        print(f"# {outcome.probe.what}\n{outcome.probe.request[:2000]!r}")
        print(f"{outcome.result} after {outcome.seconds:.2f} s: {outcome.problem} "
              f"{outcome.detail}")
        print(outcome.stderr[-3000:])
        return 0
    case = MAKERS[surface](seed, number)
    place = Path("fuzz-replay")
    shutil.rmtree(place, ignore_errors=True)
    place.mkdir()
    write_case(case, place)
    print(f"# {case.what}\ncd {place} && python -m cardgen {' '.join(case.args)}")
    run = run_case(case)
    print(f"exit {run.code}, {run.cpu:.2f} s CPU, {run.memory / 2 ** 20:.0f} MB: {run.problem}")
    print(run.stderr[-3000:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
