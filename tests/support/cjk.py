"""The Chinese, Japanese and Korean font CI installs, for tests that print those scripts.

CI (.ci/run) installs Debian's fonts-wqy-zenhei, a TrueType collection: cardgen bundles
none, they are too large. A test that needs it skips where it is missing, except in CI,
where its absence fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def cjk_font() -> Path:
    """The CJK font, for a test that needs one: skipped where it is not installed, except in
    CI, which installs it, so there its absence fails."""
    if CJK_FONT.exists():
        return CJK_FONT
    if os.environ.get("CI"):
        pytest.fail(f"{CJK_FONT} is missing: .ci/run installs fonts-wqy-zenhei")
    pytest.skip(f"needs {CJK_FONT} (Debian: sudo apt install fonts-wqy-zenhei)")


def fonts_for_deck(path: Path) -> tuple[Path, ...]:
    """The fonts a bundled deck needs beyond cardgen's own: the CJK font for Chinese."""
    return (cjk_font(),) if ".zh." in path.name else ()


def printable_decks(decks) -> list[Path]:
    """The decks of `decks` this machine can print, for a test that goes through several in
    one run: all of them where the CJK font is installed, and always in CI (a missing font
    fails there, in the tests that ask for it by deck)."""
    if CJK_FONT.exists() or os.environ.get("CI"):
        return list(decks)
    return [path for path in decks if ".zh." not in path.name]
