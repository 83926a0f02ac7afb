"""Shared test setup: a command-line runner, the browser, and Hypothesis settings for a busy CI
machine. Helpers that are not fixtures are in support/ (support/__init__.py lists them).

CI runs on a two-core machine that may be busy with other work. Property tests
therefore have no per-example deadline (how fast cardgen is belongs to the
benchmark, not to the tests), and their examples are derived from the test, so
a failure found once is found every time.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from click.testing import Result
from hypothesis import HealthCheck, settings

from support.browser import browser  # noqa: F401  (the shared headless Chromium)

settings.register_profile(
    "cardgen",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cardgen"))


@pytest.fixture
def no_cjk_installed(monkeypatch):
    """A machine without a Chinese, Japanese or Korean font where cardgen looks for one."""
    import cardgen.text.fonts

    monkeypatch.setattr(cardgen.text.fonts, "INSTALLED", ())


@pytest.fixture
def cli_run() -> Callable[..., Result]:
    """Run `cardgen ARGS...` as a user would, in a given folder (default: the current one).

    Paths may be Path objects; the result has Click's exit code and output.
    """
    from support.cli import run

    return run
