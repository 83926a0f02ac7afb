"""Fingerprints of the bundled decks' PDFs, to prove a refactor changed no byte.

Run it from the repository before and after a change that should not change what
prints, and compare:

    python benchmarks/fingerprint.py > /tmp/before.txt
    ... change the code ...
    python benchmarks/fingerprint.py | diff /tmp/before.txt -

It builds every bundled deck with the default settings and with a spread of others
(A4, large print on a large card, mono, each booklet imposition, the print-shop
export, card sheets without helplines, the HTML edition, card-printer images, the tuck
box, a perforated stock, everything read back) and prints one SHA-256 a file, or the
message of a build that fails.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cardgen.cli import cli  # noqa: E402

SETTINGS = {
    "default": [],
    "a4": ["--paper", "a4"],
    "large": ["--large-print", "--card", "large"],
    "mono": ["--mono", "--card", "tarot"],
    "saddle": ["--format", "booklet", "--impose", "saddle"],
    "flat": ["--format", "booklet", "--impose", "none"],
    "shop": ["--format", "shop"],
    # The bundled decks all have helplines; without them, the cards of a deck with none.
    "nohelp": ["--format", "cards", "--no-helplines"],
    "nohelp-a4": ["--format", "cards", "--no-helplines", "--paper", "a4", "--mono"],
    # The screen edition, the card printer's pictures, the tuck box, and cards on a stock.
    "html": ["--format", "html"],
    "images": ["--format", "images", "--dpi", "100"],
    "box": ["--format", "box"],
    "stock": ["--format", "cards", "--stock", "avery-5388", "--verify"],
    "verify": ["--format", "cards", "--format", "booklet", "--format", "shop", "--verify"],
}


def main() -> int:
    decks = sorted((ROOT / "decks").glob("*.yaml"))
    for name, options in SETTINGS.items():
        for deck in decks:
            with tempfile.TemporaryDirectory() as folder:
                result = CliRunner().invoke(cli, ["build", str(deck), "-o", folder, *options])
                if result.exit_code:  # a deck that does not build this way: say how it fails
                    lines = [line for line in result.output.splitlines()
                             if not line.startswith("wrote")]
                    message = " | ".join(lines).replace(str(ROOT), "")
                    print(f"{name:8} {deck.name} exit {result.exit_code}: {message}")
                for path in sorted(Path(folder).rglob("*")):
                    if path.is_file():
                        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
                        print(f"{name:8} {path.relative_to(folder)} {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
