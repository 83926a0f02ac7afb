"""Shared test setup: a command-line runner, and Hypothesis settings for a busy CI machine.

CI runs on a two-core machine that may be busy with other work. Property tests
therefore have no per-example deadline (how fast cardgen is belongs to the
benchmark, not to the tests), and their examples are derived from the test, so
a failure found once is found every time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from browser import browser  # noqa: F401  (the shared headless Chromium, see tests/browser.py)

settings.register_profile(
    "cardgen",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cardgen"))

# The Chinese, Japanese and Korean font CI installs (.ci/run: Debian's fonts-wqy-zenhei),
# a TrueType collection: cardgen bundles none, they are too large.
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def cjk_font() -> Path:
    """The CJK font, for a test that needs one: skipped where it is not installed, except in
    CI, which installs it, so there its absence fails."""
    if CJK_FONT.exists():
        return CJK_FONT
    if os.environ.get("CI"):
        pytest.fail(f"{CJK_FONT} is missing: .ci/run installs fonts-wqy-zenhei")
    pytest.skip(f"needs {CJK_FONT} (Debian: sudo apt install fonts-wqy-zenhei)")


@pytest.fixture
def no_cjk_installed(monkeypatch):
    """A machine without a Chinese, Japanese or Korean font where cardgen looks for one."""
    import cardgen.text.fonts

    monkeypatch.setattr(cardgen.text.fonts, "INSTALLED", ())


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


@pytest.fixture
def cli_run() -> Callable[..., Result]:
    """Run `cardgen ARGS...` as a user would, in a given folder (default: the current one).

    Paths may be Path objects; the result has Click's exit code and output.
    """
    from cardgen.cli import cli

    def run(*args, cwd: Path | None = None) -> Result:
        words = [str(arg) for arg in args]
        if cwd is None:
            return CliRunner().invoke(cli, words, prog_name="cardgen")
        old = Path.cwd()
        os.chdir(cwd)
        try:
            return CliRunner().invoke(cli, words, prog_name="cardgen")
        finally:
            os.chdir(old)

    return run
